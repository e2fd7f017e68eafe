"""Rules about one record, one function each, named after the problem code it reports.

Each rule takes the rows of the files being checked (table name → Rows) and yields
Problems. They run per file (their results are cached with the file), so a rule may
only look at the record it is given, never at other files (those are `across.py`'s).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from scitechday.data import registry
from scitechday.data.problems import Problem, clip, quote_advice, unquoted
from scitechday.data.schema import main_table
from scitechday.data.tables import Rows
from scitechday.data.template import PLACEHOLDER
from scitechday.data.validate.text import control_character
from scitechday.domain import docnum
from scitechday.domain.dates import parse_iso, parse_partial

AllRows = dict[str, Rows]
Rule = Callable[[AllRows], Iterable[Problem]]


def _column(rows: Rows, name: str) -> Iterator:
    idx = rows.table.field_names.index(name)
    return (values[idx] for values in rows.values)


def year_folder(all_rows: AllRows) -> Iterator[Problem]:
    """A record of a year-folder type sits in the folder of its year."""
    for rt in registry.record_types():
        if rt.layout != "year" or not rt.year_field:
            continue
        for record, _ in all_rows[rt.table.name].origins:
            year = record.data.get(rt.year_field)
            folder = os.path.basename(os.path.dirname(record.path))
            if isinstance(year, str) and year.isascii() and year.isdigit() and folder != year:
                yield Problem(record.path, record.line_of((rt.year_field,)), "year-folder", rt.year_field,
                              f"年份是 {year}，但文件放在“{folder}”目录下。请把文件移到 data/{rt.folder}/{year}/。")


def no_sources(all_rows: AllRows) -> Iterator[Problem]:
    """Every record says where it came from."""
    sources = all_rows["sources"]
    sourced = set(zip(_column(sources, "record_type"), _column(sources, "record")))
    for rt in registry.record_types():
        for record, _ in all_rows[rt.table.name].origins:
            if record.id and (record.type, record.id) not in sourced and _unwritten(record.data.get("sources")):
                yield Problem(record.path, record.line, "no-sources", "sources",
                              "记录没有来源。请在文件末尾加上几行：`sources:`，下一行 `  - url: ` 后面写原文网址（没有网址时写"
                              " `  - file: ` 加文件名），再下一行 `    retrieved: ` 后面写获取日期（如 2024-05-01）。")


def _unwritten(value) -> bool:
    """A list that is missing or empty, not one written in another shape (sources: https://…, observances: 全国…):
    the shape check says what to type for those, and a second message saying 缺少 contradicted the line."""
    return value is None or value == []  # a list of items in another shape: each item's check says what to type


def too_few_items(all_rows: AllRows) -> Iterator[Problem]:
    """A list a schema marks `x-min-items` has that many items (a notice's observances; sources: no_sources)."""
    for rows in all_rows.values():
        t = rows.table
        need = t.descriptor.get("x-min-items")
        if not need or t.type_field or len(t.path) != 1:
            continue
        counts: dict[str, int] = {}
        for record, _ in rows.origins:
            counts[record.path] = counts.get(record.path, 0) + 1
        key = t.path[0]
        enum = t.field(t.value).get("constraints", {}).get("enum", []) if t.value else []
        # the form, never one of the values: 中国科协会员日 typed as told validated with the wrong observance
        example = f"。写法：`{key}:` 下一行写 `  - ` 加原文的{t.descriptor.get('title', key)}" if enum else ""
        for record, _ in all_rows[main_table(t.types[0]).name].origins:
            if record.id and counts.get(record.path, 0) < need and _unwritten(record.data.get(key)):
                yield Problem(record.path, record.line_of((key,)) if key in record.data else record.line, "missing-items",
                              key, f"缺少{t.descriptor.get('title', key)}（{key}）：至少写 {need} 项，每项一行，以“- ”开头"
                              + (f"，可选：{'、'.join(enum)}" if enum else "") + f"{example}。")


DATE_PAIRS = (("period_start", "period_end"), ("start", "end"))


def _date_pairs(all_rows: AllRows) -> Iterator[tuple[Rows, int, str, str, object, object]]:
    """(rows, row index, start field, end field, start cell, end cell) wherever a table has both fields."""
    for rows in all_rows.values():
        names = rows.table.field_names
        for a, b in DATE_PAIRS:
            if a in names and b in names:
                ia, ib = names.index(a), names.index(b)
                for i, values in enumerate(rows.values):
                    yield rows, i, a, b, values[ia], values[ib]


def date_order(all_rows: AllRows) -> Iterator[Problem]:
    """An end date is not before its start date, wherever a table has both."""
    for rows, i, _, b, start_cell, end_cell in _date_pairs(all_rows):
        start, end = parse_iso(start_cell), parse_iso(end_cell)
        if start and end and end < start:
            record, _ = rows.origins[i]
            yield Problem(record.path, rows.cell_line(i, b), "date-order", rows.cell_path(i, b),
                          f"结束日期 {end} 早于开始日期 {start}。请核对原文。")


def end_without_start(all_rows: AllRows) -> Iterator[Problem]:
    """A period with an end has a start: the calendars show a period from its start, and would drop it."""
    for rows, i, a, b, start_cell, end_cell in _date_pairs(all_rows):
        if end_cell is not None and start_cell is None:
            record, _ = rows.origins[i]
            where = rows.cell_path(i, b)
            start = where[: -len(where.rsplit(".", 1)[-1])] + rows.table.data_paths[a][-1]
            yield Problem(record.path, rows.cell_line(i, b), "end-without-start", where,
                          f"有结束日期“{end_cell}”，却没有开始日期 {start}，日历上就不会出现这段时间。"
                          f"请按原文补上 {start}；原文只写了结束（如“6月底前”）时，把 {start} 写成和结束同一天，"
                          "原文写法照抄在 text 里。")


def one_of_required(all_rows: AllRows) -> Iterator[Problem]:
    """Where a schema lists fields under `x-one-of`, each row fills at least one of them (a source's url or file);
    under `x-one-of-groups`, a nested mapping that is written fills one of its fields (sealed_by: its sealer)."""
    yield from _one_of_groups(all_rows)
    for rows in all_rows.values():
        fields = rows.table.descriptor.get("x-one-of")
        if not fields or not rows.values:
            continue
        idx = [rows.table.field_names.index(f) for f in fields]
        keys = [rows.table.data_paths[f][-1] for f in fields]
        titles = " 或 ".join(f"{k}（{rows.table.field(f).get('title', f)}）" for k, f in zip(keys, fields))
        for i, values in enumerate(rows.values):
            if all(values[j] is None or not str(values[j]).strip() for j in idx):
                record, item = rows.origins[i]
                yield Problem(record.path, record.line_of(item), "one-of-required", rows.cell_path(i, fields[0])
                              .rsplit(".", 1)[0], f"这一项要写明 {titles}，至少写一项，例如 `{keys[0]}: …`。")


def _one_of_groups(all_rows: AllRows) -> Iterator[Problem]:
    for rows in all_rows.values():
        for group, fields in (rows.table.descriptor.get("x-one-of-groups") or {}).items():
            idx = [rows.table.field_names.index(f) for f in fields]
            keys = [rows.table.data_paths[f][-1] for f in fields]
            titles = " 或 ".join(f"{k}（{rows.table.field(f).get('title', f)}）" for k, f in zip(keys, fields))
            for i, values in enumerate(rows.values):
                record, item = rows.origins[i]
                written = record.data.get(group) if not item else None
                if isinstance(written, dict) and all(values[j] is None or not str(values[j]).strip() for j in idx):
                    yield Problem(record.path, record.line_of((group,)), "one-of-required", group,
                                  f"{group} 下要写明 {titles}，至少写一项，例如 `  {keys[0]}: …`。")


def blank(all_rows: AllRows) -> Iterator[Problem]:
    """A required text is more than spaces (Frictionless counts only the empty string as missing)."""
    for rows in all_rows.values():
        t = rows.table
        required = [(t.field_names.index(f["name"]), f) for f in t.fields
                    if f.get("constraints", {}).get("required") and f.get("type", "string") == "string"
                    and (f["name"] in t.data_paths or f["name"] == t.value)]
        for i, values in enumerate(rows.values):
            for j, f in required:
                value = values[j]
                if isinstance(value, str) and value and not value.strip():
                    record, _ = rows.origins[i]
                    name = f["name"] if f["name"] != t.value else ""
                    yield Problem(record.path, rows.cell_line(i, name), "blank", rows.cell_path(i, name),
                                  f"{f.get('title', f['name'])}只有空格，没有内容。请照原文填写。")


def placeholder(all_rows: AllRows) -> Iterator[Problem]:
    """todo: free text (a string no type, pattern, format, enum or reference checks) still holding the TODO of a
    new record's template: `name: TODO` passed, and an organization named TODO would have been published.
    The other fields say so in their own checks (messages.cell_message, dates, across)."""
    for rows in all_rows.values():
        t = rows.table
        refs = {name for fk in t.descriptor.get("foreignKeys", [])
                for name in ([fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"])}
        for f in t.fields:
            name = f["name"]
            if (f.get("type", "string") not in ("string", "array") or f.get("format") or name in refs
                    or {"pattern", "enum"} & set(f.get("constraints", {}))
                    or not (name in t.data_paths or name == t.value)):
                continue
            j = t.field_names.index(name)
            column = [v[j] for v in rows.values]
            if PLACEHOLDER not in column and not any(isinstance(v, list) and PLACEHOLDER in v for v in column):
                continue  # the usual case, decided in C
            for i, value in enumerate(column):
                if value == PLACEHOLDER or (isinstance(value, list) and PLACEHOLDER in value):
                    record, _ = rows.origins[i]
                    shown = name if name != t.value else ""
                    required = f.get("constraints", {}).get("required")
                    yield Problem(record.path, rows.cell_line(i, shown), "todo", rows.cell_path(i, shown),
                                  f"“{f.get('title', name)}”还没有填写（模板里的 TODO）：请照原文填写"
                                  + ("。" if required else "；原文没有的，删去这一行。"))


def quoted_name(all_rows: AllRows) -> Iterator[Problem]:
    """A name is written without the Chinese quotes an editor may type around it as YAML quotes (name: “李保国”
    validated, and the quotes became part of the name). Names only (a table's x-names, a contact's name): a
    note or a theme may quote its source whole. Ids, years, URLs and enums say so in their own messages."""
    for rows in all_rows.values():
        t = rows.table
        names = set(t.descriptor.get("x-names") or ()) | ({"name"} if t.name == "contacts" else set())
        for name in sorted(names & set(t.data_paths)):
            j = t.field_names.index(name)
            for i, values in enumerate(rows.values):
                value = values[j]
                for k, text in ([(None, value)] if isinstance(value, str) else
                                enumerate(value) if isinstance(value, list) else ()):
                    if unquoted(text) is None:
                        continue
                    record, item_kp = rows.origins[i]
                    line = rows.cell_line(i, name) if k is None else \
                        record.line_of(item_kp + t.data_paths[name] + (k,))
                    where = rows.cell_path(i, name) + ("" if k is None else f"[{k}]")
                    yield Problem(record.path, line, "quoted", where,
                                  f"{t.field(name).get('title', name)}写成了{clip(text)}。{quote_advice(text)}")


def fullwidth_number(all_rows: AllRows) -> Iterator[Problem]:
    """Numbers are written in ASCII digits (Frictionless, like Python's int(), would read ２０３０ as 2030). What it
    refuses (二〇三〇, 2030年) is told by its type message (messages.number_meant)."""
    for rows in all_rows.values():
        t = rows.table
        cols = [(t.field_names.index(f["name"]), f) for f in t.fields
                if f.get("type") in ("integer", "number") and f["name"] in t.data_paths]
        for i, values in enumerate(rows.values):
            for j, f in cols:
                value = values[j]
                if isinstance(value, str) and not value.isascii():
                    plain = unicodedata.normalize("NFKC", value).strip()
                    if plain.isascii() and plain.isdigit():
                        record, _ = rows.origins[i]
                        yield Problem(record.path, rows.cell_line(i, f["name"]), "type", rows.cell_path(i, f["name"]),
                                      f"{f.get('title', f['name'])}用了全角数字“{clip(value)}”，要用半角数字：请写成 {plain}。")


def doc_number_year(all_rows: AllRows) -> Iterator[Problem]:
    """The year inside the 发文字号 is the year of the issue date."""
    for record, _ in all_rows["campaigns"].origins:
        issued = parse_partial(record.data.get("issued"))
        dn = docnum.parse(record.data.get("doc_number") or "")
        if dn and issued and dn.year != issued.year:
            yield Problem(record.path, record.line_of(("doc_number",)), "doc-number-year", "doc_number",
                          f"发文字号中的年份 {dn.year} 与成文日期 {issued} 的年份不一致。请核对原文。")


def deadline_before_issue(all_rows: AllRows) -> Iterator[Problem]:
    """A report deadline is not before the notice was issued."""
    issued_of = {record.id: parse_partial(record.data.get("issued")) for record, _ in all_rows["campaigns"].origins}
    deadlines = all_rows["deadlines"]
    for i, due in enumerate(map(parse_iso, _column(deadlines, "date"))):
        record, _ = deadlines.origins[i]
        issued = issued_of.get(record.id)
        if due and issued and due < issued:
            yield Problem(record.path, deadlines.cell_line(i, "date"), "deadline-before-issue",
                          deadlines.cell_path(i, "date"),
                          f"报送截止日期 {due} 早于成文日期 {issued}。请核对原文（年份是否写错？）。")


def _year_of(record) -> int | None:
    year = record.data.get("year")
    return int(year) if isinstance(year, str) and year.isdigit() and len(year) == 4 else None


def date_out_of_range(all_rows: AllRows) -> list[Problem]:
    """Every date of a notice lies within a year of its `year` (a typo such as 2091 or 9999 would add
    hundreds of calendar pages); an edition's date lies in its year. Deterministic: never today."""
    problems = []
    for rows in all_rows.values():
        t = rows.table
        if t.types not in (("campaign",), ("edition",)):
            continue  # sources (retrieved dates) are shared by every record type and not tied to a year
        dates = [(i, f["name"], parse_partial if f.get("x-month") else parse_iso)
                 for i, f in enumerate(t.fields) if f.get("type") == "date"]
        if not dates:
            continue
        slack = 1 if t.types == ("campaign",) else 0
        for r, values in enumerate(rows.values):
            record, _ = rows.origins[r]
            year = _year_of(record)
            if year is None:
                continue  # the year itself is wrong: the schema says so
            first, last = dt.date(year - slack, 1, 1), dt.date(year + slack, 12, 31)
            for col, name, parse in dates:
                day = parse(values[col])
                if day is None or first <= day <= last:
                    continue
                title = t.field(name).get("title", name)
                if slack:
                    message = (f"{title} {day} 与通知的年份 {year} 相差超过一年（应在 {first} 至 {last} 之间）。"
                               "请核对年份是否写错。")
                else:
                    message = f"{title} {day} 不在这一届的年份 {year} 之内。请核对年份是否写错。"
                problems.append(Problem(record.path, rows.cell_line(r, name), "date-out-of-range",
                                        rows.cell_path(r, name), message))
    return problems


RULES: tuple[Rule, ...] = (year_folder, no_sources, too_few_items, date_order, end_without_start, one_of_required, blank,
                           fullwidth_number, doc_number_year, deadline_before_issue, date_out_of_range,
                           control_character, placeholder, quoted_name)


def check_records(all_rows: AllRows) -> list[Problem]:
    return [p for rule in RULES for p in rule(all_rows)]
