"""Dates in data/ are ASCII YYYY-MM-DD, nothing else: the check the schemas' `type: date` asks for.

Frictionless reads dates leniently (2025-5-20 passes), while the model, the calendar and
the feeds read them with `dates.parse_iso`, which is strict; so the validator checks date
cells with that same parser, and Frictionless only sees them as text (for `required`).
Each message computes what to write (请写成 2025-05-20) from what was written. A field marked
`x-month: true` (the 成文日期) also takes a month as printed, YYYY-MM (`dates.parse_partial`).
"""

from __future__ import annotations

import functools
import re

from scitechday.data.problems import Problem, clip, quote_advice, unquoted
from scitechday.data.schema import Table
from scitechday.data.tables import Rows
from scitechday.data.template import PLACEHOLDER
from scitechday.domain.dates import date_advice, parse_iso, parse_partial


@functools.lru_cache(maxsize=None)
def date_fields(t: Table) -> tuple[tuple[int, str, str | None, bool], ...]:
    """(column, field, the sibling key that keeps the time as written or None, takes a month) per date field."""
    keys = {kp: name for name, kp in t.data_fields}
    out = []
    for i, f in enumerate(t.fields):
        if f.get("type") != "date" or f["name"] not in t.data_paths:
            continue
        kp = t.data_paths[f["name"]]
        text = kp[:-1] + ("text",)
        out.append((i, f["name"], ".".join(text) if text in keys else None, bool(f.get("x-month"))))
    return tuple(out)


def message(t: Table, name: str, value: str, text_key: str | None, month: bool = False, year: int | None = None) -> str:
    title = t.field(name).get("title", name)
    form = "YYYY-MM-DD（如 2019-05-15；原文只写到月份时写 YYYY-MM，如 2019-05）" if month else "YYYY-MM-DD（如 2019-05-15）"
    if value == PLACEHOLDER:  # a new record's template, not filled in yet
        return f"“{title}”还没有填写（模板里的 TODO）：请照原文写成 {form}。"
    inner = unquoted(value)
    if inner:  # “2019-05-15”: the quotes are the only trouble, or the date inside is advised on as well
        return f"{title}应为日期，格式为 {form}，实际是{clip(value)}。{quote_advice(value)}" + (
            "" if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", inner) else date_advice(inner, text_key, month, year))
    return f"{title}应为日期，格式为 {form}，实际是“{clip(value)}”。{date_advice(value, text_key, month, year)}"


def check_dates(all_rows: dict[str, Rows]) -> list[Problem]:
    problems = []
    for rows in all_rows.values():
        specs = date_fields(rows.table)
        if not specs:
            continue
        for i, values in enumerate(rows.values):
            for col, name, text_key, month in specs:
                value = values[col]
                if value is not None and (parse_partial if month else parse_iso)(value) is None:
                    record, _ = rows.origins[i]
                    where = rows.cell_path(i, name)
                    if text_key:  # the sibling as the editor sees it: deadlines[0].text, period.text
                        text_key = (where.rsplit(".", 1)[0] + "." if "." in where else "") + "text"
                    year = record.data.get("year")  # a notice's: a day printed without its year (5月15日)
                    year = int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None
                    problems.append(Problem(record.path, rows.cell_line(i, name), "type", where,
                                            message(rows.table, name, value, text_key, month, year)))
    return problems
