"""Dates as Chinese notices write them, and as the site shows them.

上旬 = days 1–10, 中旬 = 11–20, 下旬 = 21 to the end of the month, 月底 = the last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def parse_iso(value) -> dt.date | None:
    """The one date parser of the project: ASCII YYYY-MM-DD → date, anything else → None.

    The validator, the model, the calendar and the feeds all read dates through here, so a
    date that validates is a date everywhere (2025-5-20 or full-width digits are neither)."""
    if isinstance(value, dt.date):
        return value
    return _iso(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=8192)
def _iso(text: str) -> dt.date | None:
    """parse_iso of a text, remembered: an archive names the same few thousand days again and again
    (176,000 dates in the national-scale model). Dates are immutable, so sharing one is safe."""
    if not _ISO.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_ISO_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)


class MonthDate(dt.date):
    """A date printed with its month only (成文日期 `2019年5月`), written YYYY-MM in data/.

    It is a date (the first of its month) so that it sorts and compares with full dates, and it
    says what it is: `isoformat()` and `str()` give `2019-05`, `zh_date` gives 2019年5月. Arithmetic
    gives plain dates, as it should (a day computed from a month is no longer the printed month)."""

    precision = "month"

    def __new__(cls, year: int, month: int):
        return super().__new__(cls, year, month, 1)

    def __reduce__(self):
        return (MonthDate, (self.year, self.month))

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"

    @property
    def last(self) -> dt.date:
        """The last day the month covers (for checks that need the latest possible day)."""
        return dt.date(self.year, self.month, month_end(self.year, self.month))


def parse_partial(value) -> dt.date | None:
    """parse_iso, and a month as printed (YYYY-MM → MonthDate) for fields marked `x-month` in the schemas."""
    if isinstance(value, str) and _ISO_MONTH.fullmatch(value):
        year, month = int(value[:4]), int(value[5:])
        return MonthDate(year, month) if 1 <= month <= 12 else None
    return parse_iso(value)


def precision(value) -> str:
    """"month" for a MonthDate, else "day"."""
    return getattr(value, "precision", "day")


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
    return dt.date(year, month, start or last), dt.date(year, month, end or last)


def zh_date(value) -> str:
    """2019-05-15 → 2019年5月15日; a month as printed (2019-05) → 2019年5月."""
    d = parse_partial(value)
    if d is None:
        return str(value or "")
    if isinstance(d, MonthDate):
        return f"{d.year}年{d.month}月"
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


# ---------------------------------------------------------------- reading dates written in notices

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_NUM = "〇○零ＯO一二三四五六七八九十"


_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_number(text: str) -> int | None:
    """十 → 10, 十九 → 19, 二十 → 20, 三十一 → 31, 一百零五 → 105, 二○○七 → 2007 (digit by digit), 两 → 2."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    digits = {**_CN_DIGITS, "两": 2}
    if any(ch not in digits and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        return int("".join(str(digits[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            digit = digits[ch]
    return total + (digit or 0)


DATE_RE = re.compile(rf"(?P<y>\d{{4}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*"
                     rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日")


def parse_cn_date(text: str) -> dt.date | None:
    """The first full date in text: 2019年5月15日, 2019 年 5 月 17 日, 二○○七年十月十九日."""
    m = DATE_RE.search(text or "")
    if not m:
        return None
    y, mo, d = cn_number(m["y"]), cn_number(m["m"]), cn_number(m["d"])
    if y is None or mo is None or d is None:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


_XUN_WORDS = "中上旬|上中旬|中下旬|上旬|中旬|下旬|初|底|末"
_POINT = re.compile(rf"^(?:(?P<y>\d{{4}})年)?(?:(?P<m>\d{{1,2}})月(?:份)?)?(?:(?P<d>\d{{1,2}})(?:日|号)?)?"
                    rf"(?P<x>{_XUN_WORDS})?$")
_SEPARATORS = re.compile(r"\s*(?:至|到|—+|–|－|-|~|～|〜)\s*")


def _point(text: str):
    m = _POINT.match(text)
    if not m or not (m["m"] or m["d"] or m["x"]):
        return None
    return (int(m["y"]) if m["y"] else None, int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None,
            m["x"])


def _days(year: int, month: int, day: int | None, xun: str | None) -> tuple[dt.date, dt.date]:
    if day is not None:
        d = dt.date(year, month, day)
        return d, d
    if xun:
        return xun_range(year, month, xun)
    return dt.date(year, month, 1), dt.date(year, month, month_end(year, month))


def parse_period(text: str, year: int | None = None) -> tuple[dt.date, dt.date] | None:
    """A period as notices write it → (start, end), both inclusive; None if it is not one.

    2014年12月15—21日, 5月下旬至6月上旬, 5月中旬-6月上旬, 5月10日-25日, 5月中上旬-6月下旬,
    9月15-21日, 自5月10日至6月底, 6月底前. The year comes from the text, else from `year`.
    """
    t = re.sub(r"\s+", "", text or "")
    t = re.sub(r"^(?:自|从|于)", "", t)
    t = re.sub(r"(?:前|之前|以前|止)?[。．.，,；;]*$", "", t)
    parts = _SEPARATORS.split(t)
    if not 1 <= len(parts) <= 2:
        return None
    first = _point(parts[0])
    if first is None:
        return None
    y1, m1, d1, x1 = first
    y1 = y1 or year
    if y1 is None or m1 is None:
        return None
    try:
        start = _days(y1, m1, d1, x1)
        if len(parts) == 1:
            return start
        second = _point(parts[1])
        if second is None:
            return None
        y2, m2, d2, x2 = second
        if m2 is None and d2 is None and not (x2 and x2 != "初"):  # 9月中旬至下旬: the month carries over
            return None
        end = _days(y2 or y1, m2 or m1, d2, x2)
    except ValueError:
        return None
    if end[1] < start[0]:
        return None
    return start[0], end[1]


# ---------------------------------------------------------------- what to write instead of a bad date

_LOOSE = re.compile(r"^(?P<y>[0-9]{4})\s*(?:[-/.年]|\s)\s*(?P<m>[0-9]{1,2})\s*(?:(?:[-/.月]|\s)\s*(?P<d>[0-9]{1,2})\s*日?|月份?)?$",
                    re.ASCII)
_COMPACT = re.compile(r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$", re.ASCII)
VAGUE_ADVICE = "模糊的时间（如“5月下旬”“6月底前”）请照抄在 {text} 里，这里写它所覆盖的具体日子（下旬从21日起，月底是当月最后一天）。"


def _fullwidth(value: str) -> bool:
    return any("\uff10" <= ch <= "\uff19" for ch in value)


_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})\s*(?:月|[-./])\s*(?P<d>\d{1,2})\s*[日号]?")


def date_advice(value: str, text_key: str | None = None, month: bool = False, year: int | None = None) -> str:
    """Why `value` is not a date as data/ writes them, and exactly what to write instead (Chinese).

    text_key names the sibling field that keeps the time as written (period.text), when
    the field has one: only there is a vague time (5月下旬) advice to move it. month: the field
    also takes a month as printed (YYYY-MM, a 成文日期 of 2019年5月). year: the record's year, for a
    day written without one (5月15日), as notices print them."""
    plain = unicodedata.normalize("NFKC", value).strip()
    wide = "日期里用了全角数字，请改用半角数字：" if _fullwidth(value) else ""
    md = _MONTH_DAY.fullmatch(plain) if year else None
    if md:
        try:
            day = dt.date(int(year), int(md["m"]), int(md["d"]))  # type: ignore[arg-type]
        except ValueError:
            return f"{md['m']}月没有{md['d']}日，这一天不存在。请核对原文的月份和日期。"
        return (f"{wide}日期要写上年份：这份记录是 {year} 年的，请写成 {day.isoformat()}"
                "（原文指的若是另一年，照那一年写）。")
    m = _LOOSE.match(plain) or _COMPACT.match(plain)
    y = mo = d = None
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
    else:
        found = parse_cn_date(plain)
        if found and DATE_RE.fullmatch(plain):
            y, mo, d = found.year, found.month, found.day
    if y is not None and mo is not None and d is not None:
        try:
            return f"{wide}请写成 {dt.date(y, mo, d).isoformat()}。"
        except ValueError:
            return f"{y}年{mo}月没有{d}日，这一天不存在。请核对原文的月份和日期。"
    if y is not None and mo is not None and 1 <= mo <= 12:
        if month:
            return f"{wide}原文只写到月份（{y}年{mo}月）时，请写成 {y:04d}-{mo:02d}，不要补日子。"
        if text_key:
            return VAGUE_ADVICE.format(text=text_key)
        return (f"原文只写到月份（{y}年{mo}月）：这里只能写具体的一天。原文没有写明是哪一天时，"
                "请删去这一行，不要猜测。")
    if text_key and re.search(r"[月旬底初末前后期间左右]", plain):
        return VAGUE_ADVICE.format(text=text_key)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", plain):  # full-width digits, or a day that does not exist
        try:
            return f"{wide}请写成 {dt.date.fromisoformat(plain).isoformat()}。"
        except ValueError:
            return "这一天不存在，请核对月份和日期。"
    return f"{wide}日期一律写成“年-月-日”，四位年份、两位月份、两位日子，用半角数字和“-”，如 2025-05-20。"
