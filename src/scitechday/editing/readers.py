"""A notice file → its text: plain text (UTF-8, GB18030/GBK, UTF-16), .docx, or a .pdf with a text layer."""

from __future__ import annotations

from pathlib import Path

from scitechday.data.problems import os_reason


class ReadError(Exception):
    """The file cannot be read as a notice; the message says why, in Chinese."""


def decode_text(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError("无法识别文件编码（不是 UTF-8、GB18030/GBK 或 UTF-16）。请另存为 UTF-8 文本后再导入。")


def _docx(path: Path) -> str:
    import docx

    from docx.table import Table

    document = docx.Document(str(path))
    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):
            lines.append("")
            for row in block.rows:
                lines.append("\t".join(cell.text.strip() for cell in row.cells))
            lines.append("")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _pdf(path: Path) -> str:
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    if not text.strip():
        raise ReadError("PDF 中没有文字层（可能是扫描件）。请先用 OCR 软件识别成文字，或手工录入。")
    return text


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            return _docx(path)
        if suffix == ".pdf":
            return _pdf(path)
        if suffix == ".doc":
            raise ReadError("不支持旧版 .doc 文件。请用 Word 或 WPS 另存为 .docx 后再导入。")
        return decode_text(path.read_bytes())
    except ReadError:
        raise
    except OSError as err:
        raise ReadError(f"无法读取文件：{os_reason(err)}") from None
    except Exception as err:  # a damaged .docx/.pdf: the libraries raise many kinds
        raise ReadError(f"无法解析文件（{type(err).__name__}）。请确认文件没有损坏，或另存为 .txt 后再导入。") from None
