"""Records → table rows (in schema field order), with where each row came from.

Also checks the shape of each record against the schemas: unknown keys (typos such
as `titel`), a list where a mapping belongs, and so on. The schemas decide what is
allowed; nothing here names a field.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from scitechday.data.load import Record, dotted, wrong_type
from scitechday.data.problems import Problem, as_value, clip, visible
from scitechday.data.schema import SCHEMA_DIR, Table, tables
from scitechday.data.schema import table as schema_table


@dataclass
class Scalar:
    table: str
    name: str
    array: bool = False  # a list of plain values in one cell


@dataclass
class Map:
    children: dict = field(default_factory=dict)


@dataclass
class ListOf:
    table: Table
    item: Map | None  # None: the items are plain values


def _add_fields(node: Map, t: Table) -> Map:
    """Put a table's YAML fields into a mapping node, nested where x-key says (period.start)."""
    for name, kp in t.data_fields:
        sub = node
        for part in kp[:-1]:
            sub = sub.children.setdefault(part, Map())
        sub.children[kp[-1]] = Scalar(t.name, name, t.field(name).get("type") == "array")
    return node


@functools.lru_cache(maxsize=None)
def shape(rtype: str, schema_dir: Path = SCHEMA_DIR) -> Map:
    root = Map()
    for t in sorted((t for t in tables(schema_dir) if rtype in t.types), key=lambda t: len(t.path)):
        if not t.path:
            _add_fields(root, t)
            continue
        node = root
        for part in t.path[:-1]:
            node = node.children[part].item
        node.children[t.path[-1]] = ListOf(t, None if t.value else _add_fields(Map(), t))
    return root


def key_orders(rtype: str, schema_dir: Path) -> dict[tuple, list[str]]:
    """Key order per path of list keys (() = the record itself), from the schemas."""
    out = {}
    for t in tables(schema_dir):
        if rtype in t.types and t.descriptor.get("x-order"):
            out[t.path] = list(t.descriptor["x-order"])
    return out


def ordered_keys(node: Map, explicit: list[str] | None) -> list[str]:
    return list(explicit or []) + [k for k in node.children if k not in (explicit or [])]


@dataclass
class Rows:
    """One table's rows from some records: values in schema order, and their origins."""

    table: Table
    values: list = field(default_factory=list)  # list of row lists
    origins: list = field(default_factory=list)  # (record, item key path) per row

    def cell_line(self, i: int, fieldname: str) -> int:
        record, item_kp = self.origins[i]
        return record.line_of(item_kp + self.table.data_paths.get(fieldname, ()))

    def cell_path(self, i: int, fieldname: str) -> str:
        record, item_kp = self.origins[i]
        return dotted(item_kp + self.table.data_paths.get(fieldname, ()))


def _unknown(record: Record, kp: tuple, key: str, node: Map) -> Problem:
    allowed = list(node.children)
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)  # at 0.6, remark was taken for year
    hint = f"你是不是想写“{guess[0]}”（{_title(guess[0], node.children[guess[0]]) or guess[0]}）？" if guess else ""
    shown = "、".join(f"{k}（{t}）" if (t := _title(k, spec)) else k for k, spec in node.children.items())
    # phone: on an organization: no key here holds it, and the list left the editor to guess
    none = "" if hint else f"这里没有记“{key}”的地方：原文里有、这里又确实要记的，请按下面的键改写；否则请删去这一行。"
    return Problem(record.path, record.line_of(kp + (key,)), "unknown-key", dotted(kp + (key,)),
                   f"未知的键“{key}”。{hint}{none}这里允许的键：{shown}。")


def _title(key: str, spec) -> str:
    """A key's Chinese name, as the templates and the web editor show it (标题, 活动时间…); '' for none."""
    if isinstance(spec, Scalar):
        title = schema_table(spec.table).field(spec.name).get("title", "")
    elif isinstance(spec, ListOf):
        title = spec.table.descriptor.get("title", "")
    else:  # a nested mapping: its label in the web editor (x-groups: {period: 活动时间})
        title = next((t.descriptor["x-groups"][key] for t in tables(SCHEMA_DIR) if key in t.descriptor.get("x-groups", {})), "")
    return re.sub(r"（.*?）", "", title)


def _wrong(record: Record, kp: tuple, value, expected: str) -> Problem:
    return wrong_type(record.path, record.line_of(kp), dotted(kp), value, expected)


_OPEN, _CLOSE = "（(【“‘《", "）)】”’》"


def _typed_items(text: str) -> list[str]:
    """A list typed as one line of text (各县区科协、各市级学会（协会、研究会）) → its items, split at 、，,；;
    outside brackets and quotes; [] when it is one item."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth <= 0 and ch in "、，,；;":
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return [x for x in out if x] if len([x for x in out if x]) > 1 else []


def _scalar(value) -> str:
    return as_value(visible(str(value)))


def _source_item(text: str) -> str:
    """A source written as bare text, as the item to type: a web address or a file name."""
    return f"{'url' if re.match(r'https?://', text.strip()) else 'file'}: {_scalar(text.strip())}"


def _pad(record: Record, kp: tuple) -> str:
    """The indentation of kp's key as fmt writes it: two spaces a level, and two more in a file of records as a list
    (editions.yml's `- id: …` items: lines told at the file's left edge would end the item)."""
    from scitechday.data import registry

    return " " * ((0 if registry.get(record.type).one_file_per_record else 2) + 2 * len(kp[:-1]))


def _lines(lines: list[str]) -> str:
    return "、".join(f"`{x}`" for x in lines[:8]) + ("……" if len(lines) > 8 else "")


def _wrong_list(record: Record, kp: tuple, value, expected: str, spec: ListOf | None = None) -> Problem:
    """A list written as text, or as one item without its “- ”: the lines to type (the key, then one line an item;
    a mapping item's keys under its “- ”)."""
    key, pad = kp[-1], _pad(record, kp)
    lines: list[str] = []
    if isinstance(value, str) and (spec is None or spec.item is None):
        lines = [f"{pad}  - {_scalar(x)}" for x in (_typed_items(value) or [value.strip()])]
    elif isinstance(value, str) and value.strip() and spec is not None and spec.table.descriptor.get("x-one-of") == ["url", "file"]:
        lines = [f"{pad}  - {_source_item(value)}"]
    elif isinstance(value, dict) and spec is not None and spec.item is not None and value:
        lines = [f"{pad}{'  - ' if n == 0 else '    '}{k}: {_scalar(v) if not isinstance(v, (list, dict)) else '…'}"
                 for n, (k, v) in enumerate(value.items())]
        return Problem(record.path, record.line_of(kp), "wrong-type", dotted(kp),
                       f"应为{expected}，这一项前面少了“- ”。请写成：{_lines([f'{pad}{key}:'] + lines)}"
                       "（“- ”后面的键和下面的键对齐）。")
    problem = _wrong(record, kp, value, expected)
    if lines:
        problem = Problem(problem.path, problem.line, problem.code, problem.field,
                          problem.message + f"请把“{key}:”后面的文字移到下一行，写成：{_lines([f'{pad}{key}:'] + lines)}。",
                          problem.level)
    elif spec is not None and spec.item is not None:
        first = next(iter(spec.item.children))
        problem = Problem(problem.path, problem.line, problem.code, problem.field,
                          problem.message + f"每项以“- ”开头，写成“键: 值”：`{pad}{key}:`，下一行 `{pad}  - {first}: ` 后面照原文填写。",
                          problem.level)
    return problem


def _item_lines(record: Record, node: Map, kp: tuple, value) -> list[str]:
    """A list item written as text where its keys belong (honors: `- 2029年科普先进个人`): the lines to type, the
    text under the item's first key, and a year it begins with under `year` when the item has one."""
    first = next((k for k, spec in node.children.items() if isinstance(spec, Scalar) and not spec.array), None)
    if not (isinstance(value, str) and value.strip() and kp and isinstance(kp[-1], int) and first):
        return []
    pad, text = _pad(record, kp), value.strip()
    year = re.match(r"^(\d{4})\s*年(?:度)?\s*(?=\S)", text) if "year" in node.children and first != "year" else None
    if year:
        return [f"{pad}- {first}: {_scalar(text[year.end():])}", f"{pad}  year: {year.group(1)}"]
    return [f"{pad}- {first}: {_scalar(text)}"]


def _joined_items(record: Record, kp: tuple, parts: list[str]) -> Problem:
    """An item of a list of names holding several, split by 、，；(`aliases: [甲，乙]` is one alias): a warning, with
    the lines to type when they are several (a name may hold a comma: it builds as it is). Not for addressees:
    各省、自治区、直辖市铁道学会 is one."""
    lines = [f"{_pad(record, kp)}- {_scalar(x)}" for x in parts]
    return Problem(record.path, record.line_of(kp), "joined-items", dotted(kp),
                   f"这一项里用中文标点隔开了 {len(parts)} 段，会被当成一项。如果原文是 {len(parts)} 项，"
                   f"请在“{kp[-2]}:”下面每项写一行：{_lines(lines)}；如果确是一项，可以不改。", "warning")


def _wrong_scalar(record: Record, kp: tuple, value) -> Problem:
    """A list (or a mapping) where one value belongs (theme: written as a list): the line to type."""
    problem = _wrong(record, kp, value, "一项文字或数值")
    items = [x for x in value if isinstance(x, (str, int, float))] if isinstance(value, list) else []
    pad = _pad(record, kp)
    if items and len(items) == len(value):
        if len(items) == 1:
            fix = f"请写成一行：`{pad}{kp[-1]}: {_scalar(items[0])}`。"
        else:
            fix = (f"这里只能写一项：请写成一行（原文有几项时照原文写在同一行里），如 "
                   f"`{pad}{kp[-1]}: {_scalar('；'.join(map(str, items)))}`。")
        problem = Problem(problem.path, problem.line, problem.code, problem.field, problem.message + fix, problem.level)
    return problem


@functools.lru_cache(maxsize=None)
def _sibling_re(keys: tuple[str, ...]) -> re.Pattern:
    """One of keys, a colon (either width) and the word after it. The key's start is checked apart
    (_sibling): a pattern that began with the start or a space or comma before the key was tried at
    every character of every text."""
    return re.compile(rf"(?P<key>{'|'.join(map(re.escape, keys))})\s*[:：]\s*(?P<value>\S*)")


_BEFORE_KEY = re.compile(r"[\s，,；;]")  # what may stand before a swallowed key (or the text's start)


def _sibling(keys: tuple[str, ...], text: str) -> tuple[str, str, str] | None:
    """The first of keys written into text as `key: value` at the text's start or after a space or comma:
    (what was written, from the character before the key, the key, the value), or None."""
    rx, pos = _sibling_re(keys), 0
    while (m := rx.search(text, pos)) is not None:
        start = m.start()
        if start == 0 or _BEFORE_KEY.match(text, start - 1):
            return text[max(start - 1, 0):m.end()], m["key"], m["value"]
        pos = start + 1
    return None


def _swallowed(record: Record, node: Map, kp: tuple, key: str, text: str, out: list[Problem]) -> None:
    """A text that holds one of its siblings' keys (text: 5月中旬 start：2030-05-11): the key was meant."""
    siblings = tuple(k for k in node.children if k != key)
    found = _sibling(siblings, text) if siblings else None
    if found:
        written, other, value = found
        out.append(Problem(record.path, record.line_of(kp + (key,)), "key-in-text", dotted(kp + (key,)),
                           f"“{key}”的文字里有“{clip(written.strip())}”，看起来是同一层的键“{other}”被并进了这段文字"
                           f"（缩进多了，或冒号用了中文“：”），它的内容就丢了。请把它单独写成一行，和“{key}”对齐："
                           f"`{other}: {visible(value)}`"))


def check_shape(record: Record, node: Map, value, kp: tuple, out: list[Problem]) -> None:
    if not isinstance(value, dict):
        problem = _wrong(record, kp, value, "键值对（映射）")
        lines = _item_lines(record, node, kp, value)
        if lines:
            problem = Problem(problem.path, problem.line, problem.code, problem.field, problem.message
                              + f"每项写成“键: 值”，请写成：{_lines(lines)}（原文还有的各项，照样另起一行）。", problem.level)
        out.append(problem)
        return
    for key, sub in value.items():
        spec = node.children.get(key)
        if spec is None:
            out.append(_unknown(record, kp, key, node))
        elif isinstance(spec, Scalar):
            if spec.array:
                if isinstance(sub, list) and sub and all(isinstance(x, str) or x is None for x in sub) and None in sub:
                    out += [Problem(record.path, record.line_of(kp + (key, i)), "blank", dotted(kp + (key, i)),
                                    "这一项是空的（“- ”后面没有文字）：请删去这一行，或在“- ”后面写上内容。")
                            for i, x in enumerate(sub) if x is None]
                elif sub is not None and not (isinstance(sub, list) and all(isinstance(x, str) for x in sub)):
                    out.append(_wrong_list(record, kp + (key,), sub, "文字列表（每项以“- ”开头）"))
                elif sub is not None:  # aliases: [甲，乙] is one alias
                    out += [_joined_items(record, kp + (key, i), parts) for i, x in enumerate(sub)
                            if not x.isascii() and (parts := _typed_items(x))]
            elif isinstance(sub, (list, dict)):
                out.append(_wrong_scalar(record, kp + (key,), sub))
            elif isinstance(sub, str) and (":" in sub or "：" in sub):
                _swallowed(record, node, kp, key, sub, out)
        elif isinstance(spec, Map):
            if sub is not None:
                check_shape(record, spec, sub, kp + (key,), out)
        elif sub is not None:
            if not isinstance(sub, list):
                out.append(_wrong_list(record, kp + (key,), sub, "列表（每项以“- ”开头）", spec))
                continue
            for i, item in enumerate(sub):
                ikp = kp + (key, i)
                if spec.item is None:
                    if item is None or isinstance(item, (list, dict)):
                        out.append(_wrong(record, ikp, item, "一项文字（编号）"))
                elif isinstance(item, str) and item.strip() and spec.table.descriptor.get("x-one-of") == ["url", "file"]:
                    problem = _wrong(record, ikp, item, "“键: 值”")
                    told = f"{_pad(record, ikp)}- {_source_item(item)}"
                    out.append(Problem(problem.path, problem.line, problem.code, problem.field,
                                       problem.message + f"来源要写明是网址还是文件名，改成：`{told}`。"))
                else:
                    check_shape(record, spec.item, item, ikp, out)


def _get(value, kp: tuple):
    for part in kp:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _items(record: Record, path: tuple, kp: tuple = (), value=None, positions: tuple = ()):
    """Yield (item, item key path, 1-based positions) along a path of nested lists."""
    value = record.data if value is None and not kp else value
    sub = value.get(path[0]) if isinstance(value, dict) else None
    if not isinstance(sub, list):
        return
    for i, item in enumerate(sub):
        ikp = kp + (path[0], i)
        if len(path) == 1:
            yield item, ikp, positions + (i + 1,)
        elif isinstance(item, dict):
            yield from _items(record, path[1:], ikp, item, positions + (i + 1,))


@functools.lru_cache(maxsize=None)
def _plan(rtype: str, schema_dir: Path) -> tuple:
    """For one record type, per table: (table, row width, id column, position columns, type column,
    value column, ((column, record key), ...) inherited from the record, ((column, key path, single key or
    None, is array), ...)): rows are built by column."""
    plan = []
    for t in tables(schema_dir):
        if rtype in t.types:
            col = {name: i for i, name in enumerate(t.field_names)}
            arrays = frozenset(f["name"] for f in t.fields if f.get("type") == "array")
            fields = tuple((col[name], kp, kp[0] if len(kp) == 1 else None, name in arrays) for name, kp in t.data_fields)
            plan.append((t, len(t.field_names), col[t.keys[0]] if t.keys else None, tuple(col[k] for k in t.keys[1:]),
                         col[t.type_field] if t.type_field else None, col[t.value] if t.value else None,
                         tuple((col[name], key) for name, key in t.inherit), fields))
    return tuple(plan)


def _fill(row: list, item: dict, fields: tuple) -> None:
    for c, kp, key, array in fields:
        value = item.get(key) if key is not None else _get(item, kp)
        if array:
            row[c] = value if isinstance(value, list) and all(isinstance(x, str) for x in value) else None
        else:
            row[c] = value if isinstance(value, str) else None


def flatten(records: list[Record], schema_dir: Path = SCHEMA_DIR, check: bool = True
            ) -> tuple[dict[str, Rows], list[Problem]]:
    """Check each record's shape and turn the records into rows of every table (check=False: records
    that validated already, as the build context has them: only the rows)."""
    out = {t.name: Rows(t) for t in tables(schema_dir)}
    problems: list[Problem] = []
    for record in records:
        if check:
            check_shape(record, shape(record.type, schema_dir), record.data, (), problems)
        rid = record.id
        for t, width, id_col, position_cols, type_col, value_col, inherit, fields in _plan(record.type, schema_dir):
            rows = out[t.name]
            if not t.path:
                row: list = [None] * width
                _fill(row, record.data, fields)
                rows.values.append(row)
                rows.origins.append((record, ()))
                continue
            for item, ikp, positions in _items(record, t.path):
                row = [None] * width
                if value_col is not None:
                    row[value_col] = item if isinstance(item, str) else None
                elif isinstance(item, dict):
                    _fill(row, item, fields)
                else:
                    continue
                if id_col is not None:
                    row[id_col] = rid
                for c, n in zip(position_cols, positions):
                    row[c] = n
                if type_col is not None:
                    row[type_col] = record.type
                for c, key in inherit:
                    value = record.data.get(key)
                    row[c] = value if isinstance(value, str) else None
                rows.values.append(row)
                rows.origins.append((record, ikp))
    return out, problems
