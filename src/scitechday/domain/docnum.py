"""发文字号 (document numbers): 机关代字〔年份〕序号号.

Editors and web pages write the year brackets many ways ([2019], 【2019】, （2019）,
﹝2019﹞); the canonical form uses the hexagonal brackets 〔〕 of GB/T 9704.

data/ keeps a number as printed: leading zeros (〔2015〕059号), a sub-series after the year
(陕科协发〔2023〕宣字7号), 號 for 号. `normalize` is only the key for matching (based_on links,
duplicate detection): 〔〕 brackets, the serial without leading zeros, 号.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "〔[［【﹝(（〖{｛"
_CLOSE = "〕]］】﹞)）〗}｝"
_RE = re.compile(
    rf"^\s*(?P<agency>[^\s{re.escape(_OPEN)}]+?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<series>[\u4e00-\u9fff]{{0,4}}?)\s*(?P<serial>\d+)\s*[号號]\s*$"
)


@dataclass(frozen=True)
class DocNumber:
    agency: str  # 机关代字, e.g. 连科协
    year: int
    serial: int
    series: str = ""  # a sub-series after the year: 宣字

    def __str__(self) -> str:
        return f"{self.agency}〔{self.year}〕{self.series}{self.serial}号"


def parse(text: str) -> DocNumber | None:
    m = _RE.match(text or "")
    if not m:
        return None
    return DocNumber(m["agency"], int(m["year"]), int(m["serial"]), m["series"] or "")


def normalize(text: str) -> str | None:
    """The canonical spelling, or None when text is not a document number at all."""
    d = parse(text)
    return str(d) if d else None


# A 发文字号 as printed: the serial keeps its leading zeros (〔2015〕059号) and a sub-series
# after the year (陕科协发〔2023〕宣字7号); a 號 (traditional characters) reads as 号. `printed` gives it with the canonical brackets;
# `normalize` above remains the key for matching.
_PRINTED = re.compile(
    rf"(?P<agency>[\u4e00-\u9fffA-Za-z]{{1,16}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d{{2}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<series>[\u4e00-\u9fff]{{0,3}}字)?\s*(?P<di>第)?\s*(?P<serial>\d{{1,5}})\s*[号號]"
)


_LEAD = re.compile(r"^(?:.*?(?:根据|按照|依据|参见|参照|要求|见|和|及|与|以))(?=.)")


_TITLE_BEFORE = re.compile(r"^.*(?:通知|方案|公示|通报|文件)(?=.)")  # a flattened repost: 的通知测科协〔2027〕9号


def _spelled(agency: str, m: re.Match) -> str:
    """The number with 〔〕 brackets, and the rest as printed (its 號 too: data/ keeps a number as printed)."""
    return f"{agency}〔{m['year']}〕{m['series'] or ''}{m['di'] or ''}{m['serial']}{m.group(0)[-1]}"


def find_printed(text: str):
    """Every 发文字号 inside text: (match start, match end, printed form)."""
    for m in _PRINTED.finditer(text or ""):
        lead = _LEAD.match(m["agency"]) or _TITLE_BEFORE.match(m["agency"])
        start, agency = m.start() + (lead.end() if lead else 0), m["agency"][lead.end() if lead else 0:]
        if agency:
            yield start, m.end(), _spelled(agency, m)


def printed(text: str) -> str | None:
    """The document number text is (and nothing else), with 〔〕 brackets and the serial as printed."""
    s = re.sub(r"\s+", "", text or "")
    m = _PRINTED.fullmatch(s)
    return _spelled(m["agency"], m) if m else None


def printed_year(text: str) -> int | None:
    m = _PRINTED.search(text or "")
    return int(m["year"]) if m else None
