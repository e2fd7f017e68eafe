"""A notice file → its text: plain text (UTF-8, UTF-16, GB18030/GBK, Big5), .docx (tables in place), a .pdf
with a text layer, a web page saved as .html (see formats.py), or text pasted on standard input.

Every reader is bounded, so a hostile file cannot exhaust the machine: the file size, a .docx's
member count and decompressed size (read from the zip directory, which zipfile enforces while
reading), a .pdf's pages, memory and time (read in a child process), and the text handed on. Control characters other than tab and newline
(NUL, ESC, U+FFFE …) are dropped from the text, so they never reach a draft; a form feed (a PDF's page
break) becomes a line break.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from scitechday.data.problems import os_reason
from scitechday.data.validate.text import INVISIBLE

MAX_TEXT_FILE = 5 << 20  # a notice as text is ~50 KB
MAX_DOCX_FILE = 20 << 20
MAX_DOCX_MEMBERS = 2000
MAX_DOCX_UNPACKED = 50 << 20  # all members decompressed (images included)
MAX_PDF_FILE = 20 << 20
MAX_PDF_PAGES = 100
PDF_MEMORY_MB = 768  # address space of the PDF reader's child process
PDF_SECONDS = 120
MAX_TEXT_CHARS = 2_000_000

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff" + INVISIBLE + "]")


class ReadError(Exception):
    """The file cannot be read as a notice; the message says why, in Chinese."""


def clean(text: str) -> str:
    """Drop control characters (keeping tab and newline; CR becomes a newline) and invisible format
    characters (zero-width spaces, soft hyphens: web pages carry them; validation refuses them in a
    title or a 发文字号)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n"))


def decode_text(raw: bytes) -> str:
    """Bytes → text in any Chinese encoding (see formats.decode_any)."""
    from scitechday.editing.formats import decode_any

    return decode_any(raw)


def _size_check(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if not path.is_file():
        raise ReadError("这不是普通文件（可能是文件夹、管道或设备），无法导入。")
    if size > limit:
        raise ReadError(f"{what}大小 {size // 1024} KB，超过导入上限 {limit // 1024} KB。"
                        "一份通知通常不到 1 MB：请确认选对了文件，或只保留通知正文后再导入。")


def _docx(path: Path) -> str:
    import docx

    _size_check(path, MAX_DOCX_FILE, ".docx 文件")
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except zipfile.BadZipFile:
        raise ReadError(".docx 文件已损坏（不是有效的压缩包）。请用 Word 或 WPS 重新另存为 .docx 后再导入。") from None
    if len(members) > MAX_DOCX_MEMBERS:
        raise ReadError(f".docx 文件内含 {len(members)} 个部件，超过上限 {MAX_DOCX_MEMBERS}。"
                        "文件可能已损坏或被特意构造，请另存为 .txt 后再导入。")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_DOCX_UNPACKED:
        raise ReadError(f".docx 文件解压后有 {unpacked // (1 << 20)} MB，超过上限 {MAX_DOCX_UNPACKED >> 20} MB"
                        "（可能是“压缩炸弹”，或嵌入了很大的图片）。请删除图片或另存为 .txt 后再导入。")
    from scitechday.editing.formats import docx_text

    return docx_text(docx.Document(str(path)))  # paragraphs and tables in document order


_PDF_CHILD = """
import resource, sys
limit = int(sys.argv[2]) << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from pdfminer.high_level import extract_text
text = extract_text(sys.argv[1], maxpages=int(sys.argv[3]))
sys.stdout.write(text[: int(sys.argv[4]) + 1])
"""


def _pdf(path: Path) -> str:
    """pdfminer inflates every stream it reads, with no limit of its own (a 1 MB file can hold 1 GB of
    zeros): it runs in a child process with an address-space limit and a timeout."""
    _size_check(path, MAX_PDF_FILE, "PDF 文件")
    try:
        child = subprocess.run([sys.executable, "-c", _PDF_CHILD, str(path), str(PDF_MEMORY_MB), str(MAX_PDF_PAGES),
                                str(MAX_TEXT_CHARS)], capture_output=True, timeout=PDF_SECONDS,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8:surrogatepass"})
    except subprocess.TimeoutExpired:
        raise ReadError(f"解析 PDF 超过 {PDF_SECONDS} 秒，已停止（文件可能被特意构造）。请另存为 .txt 后再导入。") from None
    if child.returncode != 0:
        if b"MemoryError" in child.stderr:
            raise ReadError(f"PDF 解压后超过 {PDF_MEMORY_MB} MB 的内存上限（可能是“压缩炸弹”）。请另存为 .txt 后再导入。")
        raise ReadError("无法解析 PDF 文件。请确认文件没有损坏，或另存为 .txt 后再导入。")
    text = child.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise ReadError("PDF 中没有文字层（可能是扫描件）。请先用 OCR 软件识别成文字，或手工录入。")
    return text


def _txt(path: Path) -> str:
    _size_check(path, MAX_TEXT_FILE, "文本文件")
    with open(path, "rb") as fh:
        return decode_text(fh.read(MAX_TEXT_FILE + 1))


def _html(path: Path) -> str:
    from scitechday.editing.formats import MAX_HTML, html_text

    _size_check(path, MAX_HTML, "网页文件")
    with open(path, "rb") as fh:
        return html_text(fh.read(MAX_HTML + 1))


def read_stdin(raw: bytes) -> str:
    """Text pasted on standard input (`scitechday import -`): any Chinese encoding, or a web page's HTML."""
    from scitechday.editing.formats import MAX_PASTED, decode_any, html_text, looks_like_html

    if len(raw) > MAX_PASTED:
        raise ReadError(f"粘贴的内容超过 {MAX_PASTED >> 20} MB，不像一份通知。请只粘贴通知正文。")
    if not raw.strip():
        raise ReadError("标准输入中没有内容。请粘贴通知全文后按 Ctrl-D（Windows 上按 Ctrl-Z 再回车）结束。")
    text = clean(decode_any(raw))
    text = html_text(text) if looks_like_html(text) else text
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"粘贴的文字有 {len(text)} 个字符，超过导入上限 {MAX_TEXT_CHARS}。请只粘贴通知正文。")
    return text


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            text = _docx(path)
        elif suffix == ".pdf":
            text = _pdf(path)
        elif suffix in (".html", ".htm", ".xhtml", ".shtml"):
            text = _html(path)
        elif suffix == ".doc":
            raise ReadError("不支持旧版 .doc 文件。请用 Word 或 WPS 另存为 .docx 后再导入。")
        else:
            text = _txt(path)
    except ReadError:
        raise
    except OSError as err:
        raise ReadError(f"无法读取文件：{os_reason(err)}") from None
    except Exception as err:  # a damaged .docx/.pdf: the libraries raise many kinds
        raise ReadError(f"无法解析文件（{type(err).__name__}）。请确认文件没有损坏，或另存为 .txt 后再导入。") from None
    text = clean(text)
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(f"文件中的文字有 {len(text)} 个字符，超过导入上限 {MAX_TEXT_CHARS}。请只保留通知正文后再导入。")
    return text
