"""What editors paste or save, as text: bytes in any Chinese encoding, a web page saved as .html,
a .docx body with its tables where they stand. `readers.read_text` dispatches here."""

from __future__ import annotations

import re

from scitechday.domain import docnum

# ---------------------------------------------------------------- plain text in any Chinese encoding


def _common_share(text: str, encoding: str, first: range) -> float:
    """The share of CJK characters that are among an encoding's most common ones (GB2312 or Big5 level 1):
    high for text decoded with its own encoding, low for the noise a wrong guess produces."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    hits = 0
    for ch in cjk:
        try:
            b = ch.encode(encoding)
        except UnicodeEncodeError:
            continue
        hits += len(b) == 2 and b[0] in first
    return hits / len(cjk)


def _utf16_without_bom(raw: bytes) -> str | None:
    if len(raw) < 4 or len(raw) % 2:
        return None
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > half * 0.2:  # ASCII digits, punctuation and line breaks of a UTF-16 text
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_any(raw: bytes) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), GB18030/GBK/GB2312, Big5."""
    from scitechday.editing.readers import ReadError

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError("文件看起来是 UTF-16 编码，但内容有损坏。请另存为 UTF-8 文本后再导入。") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    decoded = {}
    for encoding in ("gb18030", "big5"):
        try:
            decoded[encoding] = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(decoded) == 2:  # Big5 bytes often decode as GB18030 too: keep the reading that looks like Chinese
        gb = _common_share(decoded["gb18030"], "gb2312", range(0xB0, 0xD8))
        big5 = _common_share(decoded["big5"], "big5", range(0xA4, 0xC7))
        return decoded["big5"] if big5 > gb else decoded["gb18030"]
    if decoded:
        return next(iter(decoded.values()))
    raise ReadError("无法识别文件编码（不是 UTF-8、UTF-16、GB18030/GBK 或 Big5）。请另存为 UTF-8 文本后再导入。")


def looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<p[\s>]|<table)", text, re.I))


# ---------------------------------------------------------------- a web page saved as .html

_DROP_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "button",
              "select", "input", "svg", "canvas", "object", "embed", "link", "meta"]
_FURNITURE = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|header|head|top|topbar|sidebar|"
                        r"side|share|bdshare\w*|share(?:bar|box|btn|buttons?)\w*|toolbar|copyright|banner|search|login|"
                        r"links?|friendlink|related|"
                        r"prev|next|pager|pagination|comment|qrcode|print|close)(?:$|[-_\s\d])", re.I)
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article", "main",
           "blockquote", "pre", "dd", "dt", "ul", "ol", "center", "hr"}


def _charset(raw: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.I)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "x-gbk") else name


MAX_HTML = 10 << 20  # a saved page with its scripts and styles; larger ones are not a notice
MAX_PASTED = 5 << 20


def html_text(raw: bytes | str) -> str:
    """A saved web page → the notice's text: navigation, scripts, headers and footers dropped,
    paragraphs as lines, each table row as one line of tab-separated cells, in place."""
    from bs4 import BeautifulSoup, Comment

    from scitechday.editing.readers import ReadError

    if len(raw) > MAX_HTML:
        raise ReadError(f"网页文件有 {len(raw) >> 20} MB，超过导入上限 {MAX_HTML >> 20} MB。"
                        "请在浏览器中选中通知正文，复制后用 scitechday import - 粘贴导入。")

    if isinstance(raw, bytes):
        encoding = _charset(raw)
        try:
            text = raw.decode(encoding) if encoding else decode_any(raw)
        except (LookupError, UnicodeDecodeError):
            text = decode_any(raw)
    else:
        text = raw
    soup = BeautifulSoup(text, "html5lib")
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body"):
            continue
        names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        if _FURNITURE.search(names) and not tag.find("table") and len(tag.get_text(strip=True)) < 400 \
                and not _is_title_block(tag):
            tag.decompose()
        elif str(tag.get("style") or "").replace(" ", "").lower().find("display:none") >= 0:
            tag.decompose()
    root = _content_root(soup)
    lines: list[str] = []
    for table in soup.find_all("table"):  # a government site's metadata table (索引号, 文号 …) above the text
        words = table.get_text(" ", strip=True)
        if ("索引号" in words or "文号" in words and "成文日期" in words) and root not in table.parents \
                and table not in root.parents and not table.find_parent(lambda t: t is root):
            _emit_table(table, lines)
    _emit(root, lines)
    out = [re.sub(r"[ \t\u3000\xa0]+$", "", line) for line in "".join(lines).split("\n")]
    return "\n".join(line for line in out if line.strip()) + "\n"


def _is_title_block(tag) -> bool:
    """A block holding the notice's title or its 发文字号 (a CMS's `article-head`), which is no page furniture
    however it is named: dropped, the title and the number were lost."""
    return tag.find(["h1", "h2"]) is not None or next(docnum.find_printed(tag.get_text()), None) is not None


def _content_root(soup):
    """The element holding the notice: <article> or <main>, else the block with the most text in paragraphs."""
    for name in ("article", "main"):
        found = soup.find(name)
        if found and len(found.get_text(strip=True)) > 100:
            return found
    body = soup.body or soup
    best, best_score = body, 0
    for tag in body.find_all(["div", "td", "section"]):
        text = sum(len(p.get_text(strip=True)) for p in tag.find_all(["p", "table"], recursive=False))
        text += len("".join(s.strip() for s in tag.find_all(string=True, recursive=False)))
        if text > best_score:
            best, best_score = tag, text
    if best is not body and len(best.get_text(strip=True)) < 0.4 * len(body.get_text(strip=True)):
        parent = best.parent
        while parent is not None and parent is not body and len(parent.get_text(strip=True)) < \
                0.4 * len(body.get_text(strip=True)):
            parent = parent.parent
        best = parent or body
    if best is not body and best.find(["h1", "h2", "h3"]) is None:  # the page's title sits just above the text
        size, up = len(best.get_text(strip=True)), best.parent
        for _ in range(4):  # (the page's body itself, when the title block and the text are its children)
            if up is None or len(up.get_text(strip=True)) > 1.5 * size + 200:
                break
            if up.find(["h1", "h2", "h3"]) is not None:
                best = up
                break
            if up is body:
                break
            up = up.parent
    return best


def _layout(table) -> bool:
    """A table used for layout (old sites put the whole page in one), not a table of data."""
    for cell in table.find_all(["td", "th"]):
        if cell.find(["p", "div", "table", "br", "h1", "h2", "h3", "ul"]) or len(cell.get_text(strip=True)) > 150:
            return True
    return False


def _emit_table(table, out: list[str]) -> None:
    """A data table: one line per row, cells separated by tabs."""
    out.append("\n")
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells = [re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in row.find_all(["td", "th"])
                 if c.find_parent("tr") is row]
        out.append("\t".join(cells) + "\n")


def _emit(node, out: list[str]) -> None:
    from bs4 import NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            out.append(re.sub(r"\s+", " ", str(child)))
        elif child.name == "table" and _layout(child):  # a page laid out with a table: read its cells as blocks
            out.append("\n")
            _emit(child, out)
            out.append("\n")
        elif child.name == "table":
            _emit_table(child, out)
        elif child.name == "br":
            out.append("\n")
        elif child.name == "a":  # a link's address after its words (点击此处在线报名（https://…）): it was lost
            _emit(child, out)
            href = str(child.get("href") or "").strip()
            if re.match(r"https?://", href, re.I) and href not in child.get_text():
                out.append(f"（{href}）")
        else:
            block = child.name in _BLOCKS
            if block:
                out.append("\n")
            _emit(child, out)
            if block:
                out.append("\n")


# ---------------------------------------------------------------- .docx: paragraphs and tables in document order


def docx_text(document) -> str:
    """Paragraphs and tables in the order they stand (a table is not moved to the end); one line per
    table row, cells separated by tabs, a merged cell once."""
    from docx.table import Table

    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(re.sub(r"\s*\n\s*", " ", cell.text.strip()))
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)
