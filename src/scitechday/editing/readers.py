"""A notice file → its text: plain text (UTF-8, UTF-16, GB18030/GBK, Big5), .docx, a .pdf with a text
layer, or a web page saved as .html (see formats.py)."""

from __future__ import annotations

from pathlib import Path


class ReadError(Exception):
    """The file cannot be read as a notice; the message says why, in Chinese."""


def _docx(path: Path) -> str:
    import docx

    from scitechday.editing.formats import docx_text

    return docx_text(docx.Document(str(path)))


def _pdf(path: Path) -> str:
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    if not text.strip():
        raise ReadError("PDF 中没有文字层（可能是扫描件）。请先用 OCR 软件识别成文字，或手工录入。")
    return text


def decode_text(raw: bytes) -> str:
    """Bytes → text in any Chinese encoding (see formats.decode_any)."""
    from scitechday.editing.formats import decode_any

    return decode_any(raw)


def read_stdin(raw: bytes) -> str:
    """Text pasted on standard input (`scitechday import -`): any Chinese encoding, or a web page's HTML."""
    from scitechday.editing.formats import MAX_PASTED, decode_any, html_text, looks_like_html

    if len(raw) > MAX_PASTED:
        raise ReadError(f"粘贴的内容超过 {MAX_PASTED >> 20} MB，不像一份通知。请只粘贴通知正文。")
    if not raw.strip():
        raise ReadError("标准输入中没有内容。请粘贴通知全文后按 Ctrl-D（Windows 上按 Ctrl-Z 再回车）结束。")
    text = decode_any(raw)
    return html_text(text) if looks_like_html(text) else text


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx(path)
        if suffix == ".pdf":
            return _pdf(path)
        if suffix in (".html", ".htm", ".xhtml", ".shtml"):
            from scitechday.editing.formats import html_text

            return html_text(path.read_bytes())
        if suffix == ".doc":
            raise ReadError("不支持旧版 .doc 文件。请用 Word 或 WPS 另存为 .docx 后再导入。")
        from scitechday.editing.formats import decode_any

        return decode_any(path.read_bytes())
    except ReadError:
        raise
    except OSError as err:
        raise ReadError(f"无法读取文件：{err.strerror or err}") from None
    except Exception as err:  # a damaged .docx/.pdf: the libraries raise many kinds
        raise ReadError(f"无法解析文件（{type(err).__name__}）。请确认文件没有损坏，或另存为 .txt 后再导入。") from None
