"""Dates as Chinese notices write them, and as the site shows them.

上旬 = days 1–10, 中旬 = 11–20, 下旬 = 21 to the end of the month, 月底 = the last day.
"""

from __future__ import annotations

import calendar
import datetime as dt


def parse_iso(value) -> dt.date | None:
    """A YYYY-MM-DD string (as kept by the loader) → date, or None if it is not one."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


XUN = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, None), "中上旬": (1, 20), "中下旬": (11, None),
       "上中旬": (1, 20), "初": (1, 10), "底": (None, None), "末": (21, None)}


def xun_range(year: int, month: int, xun: str) -> tuple[dt.date, dt.date]:
    """The days a 旬 word covers: xun_range(2019, 5, '下旬') → 2019-05-21..2019-05-31."""
    start, end = XUN[xun]
    last = month_end(year, month)
    if xun == "底":
        start = end = last
    return dt.date(year, month, start), dt.date(year, month, end or last)


def zh_date(value) -> str:
    """2019-05-15 → 2019年5月15日."""
    d = parse_iso(value)
    if d is None:
        return str(value or "")
    return f"{d.year}年{d.month}月{d.day}日"


_VAGUE_MARKS = ("旬", "底", "初", "末", "期间", "前后", "左右", "至今")


def is_vague(text: str | None) -> bool:
    """A period as written is vague when it names no exact day (5月下旬, 6月底前, 会员日期间)."""
    if not text:
        return False
    return any(mark in text for mark in _VAGUE_MARKS) or "日" not in text


def zh_span(start, end) -> str:
    """2019-05-21..2019-06-10 → 2019年5月21日至6月10日 (the year once when it does not change)."""
    s, e = parse_iso(start), parse_iso(end)
    if s is None:
        return ""
    if e is None or e == s:
        return zh_date(s)
    if e.year != s.year:
        return f"{zh_date(s)}至{zh_date(e)}"
    if e.month != s.month:
        return f"{zh_date(s)}至{e.month}月{e.day}日"
    return f"{zh_date(s)}至{e.day}日"
