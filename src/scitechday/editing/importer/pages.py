"""A printed page's text (a PDF's text layer, or text copied from a PDF viewer) → the notice's lines.

The text comes as the pages were printed: page numbers (— 3 —, -2-, 第 2 页 共 5 页), a running header
or footer on every page (a browser's print of a web page: its date and title above, its address below),
and every paragraph broken where the line was full, often in the middle of a word or a date
(…并于6 / 月15日前…). Only what is sure is changed: page numbers; a line printed at the same edge of most
pages, two or more; and a line as wide as the text's full lines, ending with no sentence's end, joined to the
line below when that line starts no heading, list item or label. Text that is not laid out at a fixed
width (a web page's paragraphs, each on one line) keeps its lines.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d{1,3}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,3}\s*页)?"
                         r"|共\s*\d{1,3}\s*页\s*[,，/／]?\s*第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3})$")
# what a line can end with and still be a paragraph's end, and what a line starts with when it is no
# continuation: a heading (一、 （一） 1. 第一阶段), a label (联系人： 附件1：), a date or a signature line
_ENDS = re.compile(r"[。；;！!？?：:]$")
_STARTS = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[.、．](?!\d)"
                     r"|第[一二三四五六七八九十]+(?:阶段|部分|条)|附\s*件|联\s*系|电\s*话|手\s*机|传\s*真|邮\s*箱|电子|地\s*址"
                     r"|[\d〇○零一二三四五六七八九]{4}\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$)")
_TOLERANCE = 4  # a full line may fall short of the width by two characters: punctuation kept off a line's start,
# half-width digits and letters that did not fit


def width(line: str) -> int:
    """A line's printed width in half-width units: a Chinese character or full-width sign is 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _pages(text: str) -> list[list[str]]:
    """The text's pages: split at form feeds (pdfminer) and at page-number lines (a viewer's copy), which are
    dropped; each page keeps its lines, blank lines included."""
    pages: list[list[str]] = [[]]
    for chunk in text.split("\x0c"):
        for line in chunk.split("\n"):
            if PAGE_NUMBER.match(line.strip()):
                pages.append([])
            else:
                pages[-1].append(line.rstrip())
        pages.append([])
    return [p for p in pages if any(s.strip() for s in p)]


def _masked(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _edges(pages: list[list[str]], top: bool) -> set[str]:
    """Lines printed at the same edge (top or bottom) of most pages, two or more, digits masked (a footer's page
    count changes): a running header or footer. A heading, a label or a date line is never one."""
    seen: dict[str, int] = {}
    for page in pages:
        lines = [s for s in page if s.strip()]
        edge = lines[0] if top else lines[-1]
        if len(edge.strip()) >= 4 and not _STARTS.match(edge.strip()):
            seen[_masked(edge)] = seen.get(_masked(edge), 0) + 1
    return {line for line, n in seen.items() if n >= 2 and n * 2 >= len(pages)}


def _trimmed(lines: list[str]) -> list[str]:
    filled = [i for i, s in enumerate(lines) if s.strip()]
    return lines[filled[0]:filled[-1] + 1] if filled else []


def _unframed(pages: list[list[str]]) -> list[str]:
    """The pages' lines without their running header and footer, and a page break (form feed) where two pages
    met."""
    heads, feet = (_edges(pages, top=True), _edges(pages, top=False)) if len(pages) > 1 else (set(), set())
    out: list[str] = []
    for page in pages:
        lines = _trimmed(page)
        if lines and _masked(lines[0]) in heads:
            lines = _trimmed(lines[1:])
        if lines and _masked(lines[-1]) in feet:
            lines = _trimmed(lines[:-1])
        out += (["\x0c"] if out else []) + lines
    return out


def _full_width(lines: list[str]) -> int | None:
    """The width at which the text's lines were broken, when it has one: the widest run of lines of about the same
    width, five or more of them, at least a third of its long lines, with three or more ending in the middle of a
    sentence and few lines wider."""
    long = sorted(w for s in lines if s.strip() and "\t" not in s and (w := width(s)) >= 20)
    best, count = None, 0
    for w in dict.fromkeys(long):
        n = bisect.bisect_right(long, w) - bisect.bisect_left(long, w - _TOLERANCE)
        if n >= count:
            best, count = w, n
    if best is None or best < 30 or count < 5 or count * 3 < len(long):
        return None
    wider = sum(1 for x in long if x > best)
    open_ended = sum(1 for s in lines if best - _TOLERANCE <= width(s) <= best and not _ENDS.search(s.strip()))
    return best if wider * 10 <= len(long) and open_ended >= 3 else None


def _rejoined(lines: list[str], full: int) -> list[str]:
    """Join each full line that ends in the middle of a sentence to the next line of text (across a page break, not
    across a blank line within a page)."""
    out: list[str] = []
    open_line = False  # the last line of out goes on below
    for line in lines:
        s = line.strip()
        if line == "\x0c":  # a page break: the paragraph may go on on the next page
            continue
        if not s:  # a blank line within a page ends the paragraph
            open_line = False
            out.append("")
            continue
        if open_line and not _STARTS.match(s):
            out[-1] += s
        else:
            out.append(line.rstrip())
        open_line = width(line.rstrip()) >= full - _TOLERANCE and not _ENDS.search(s) and width(line.rstrip()) <= full
    return out


def lines(text: str) -> list[str]:
    """The text → its lines, page numbers and running headers and footers dropped, lines broken at a fixed width
    rejoined."""
    kept = _unframed(_pages(text))
    full = _full_width(kept)
    if full is None:
        return ["" if s == "\x0c" else s for s in kept]
    return _rejoined(kept, full)
