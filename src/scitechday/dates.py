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
