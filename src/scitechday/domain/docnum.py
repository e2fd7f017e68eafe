"""发文字号 (document numbers): 机关代字〔年份〕序号号.

Editors and web pages write the year brackets many ways ([2019], 【2019】, （2019）,
﹝2019﹞); the canonical form uses the hexagonal brackets 〔〕 of GB/T 9704.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "〔[［【﹝(（〖{｛"
_CLOSE = "〕]］】﹞)）〗}｝"
_RE = re.compile(
    rf"^\s*(?P<agency>[^\s{re.escape(_OPEN)}]+?)\s*[{re.escape(_OPEN)}]\s*(?P<year>\d{{4}})\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?P<serial>\d+)\s*号\s*$"
)


@dataclass(frozen=True)
class DocNumber:
    agency: str  # 机关代字, e.g. 连科协
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.agency}〔{self.year}〕{self.serial}号"


def parse(text: str) -> DocNumber | None:
    m = _RE.match(text or "")
    if not m:
        return None
    return DocNumber(m["agency"], int(m["year"]), int(m["serial"]))


def normalize(text: str) -> str | None:
    """The canonical spelling, or None when text is not a document number at all."""
    d = parse(text)
    return str(d) if d else None
