"""The text rule every string obeys, whatever its field (one scan of each string).

- control-character: no C0/C1 control characters (tab and newline only in multi-line fields,
  marked `x-multiline: true` in the schemas), no U+FFFE/U+FFFF, no lone surrogates: they make
  feeds malformed XML and are invisible to editors.
- line-break: one-line fields hold no line break (a `|` block or "\\n" in a title).
- bidi-control: no bidirectional overrides in one-line fields (they make text display in an
  order other than the one stored).
- invisible-character: no invisible format characters in one-line fields (zero-width spaces and
  joiners, direction marks, the soft hyphen, U+FEFF, tag characters): copied in from web pages, they
  make equal names, 发文字号 and aliases differ where no one can see it (a second notice with
  `连科协\u200b〔2019〕31号` was not a duplicate of `连科协〔2019〕31号`).
"""

from __future__ import annotations

import functools
import re

from scitechday.data.problems import Problem
from scitechday.data.schema import Table
from scitechday.data.tables import Rows

INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
             "\u3164\ufeff\uffa0\U000e0000-\U000e007f")
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
                      + INVISIBLE + "]")
# what a multi-line field may not hold (newline, tab, U+2028/2029 and bidi controls are text there)
_SUSPECT_MULTI = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_JOIN = "\ue000"  # a separator neither pattern matches: a whole column is scanned in one call
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_HIDDEN = re.compile("[" + INVISIBLE + "]")
_BREAK = re.compile("[\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
_NAMES = {"\x00": "空字符（NUL）", "\x1b": "ESC 控制符", "\t": "Tab 制表符", "\ufffe": "非字符 U+FFFE",
          "\uffff": "非字符 U+FFFF", "\r": "回车符（CR）", "\u200b": "零宽空格 U+200B", "\u200c": "零宽不连字 U+200C",
          "\u200d": "零宽连字 U+200D", "\u200e": "从左到右标记 U+200E", "\u200f": "从右到左标记 U+200F",
          "\ufeff": "零宽不换行空格 U+FEFF（BOM）", "\u00ad": "软连字符 U+00AD", "\u2060": "词连接符 U+2060"}


@functools.lru_cache(maxsize=None)
def _text_fields(t: Table) -> tuple[tuple[int, str, bool], ...]:
    """(column, field name, multi-line?) of every text column an editor writes."""
    skip = set(t.keys) | {t.type_field}
    return tuple((i, f["name"], bool(f.get("x-multiline"))) for i, f in enumerate(t.fields)
                 if f.get("type", "string") in ("string", "array") and f["name"] not in skip)


def _strings(value):
    """(index in a list or None, string) of a cell."""
    if isinstance(value, str):
        yield None, value
    elif isinstance(value, list):
        yield from ((j, x) for j, x in enumerate(value) if isinstance(x, str))


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    inside = f"（这段文字的第 {line} 行）" if line > 1 else ""
    return f"第 {pos + 1} 个字符{inside}"


def _shown(ch: str) -> str:
    return _NAMES.get(ch, f"不可见字符 U+{ord(ch):04X}")


def _text_problem(rows: Rows, i: int, name: str, multiline: bool, text: str, j: int | None) -> Problem | None:
    """The first thing wrong with one string (item j of a list cell), or None."""
    title = rows.table.field(name).get("title", name)
    record, item_kp = rows.origins[i]
    line = rows.cell_line(i, name) if j is None else \
        record.line_of(item_kp + rows.table.data_paths.get(name, ()) + (j,))
    where = dict(path=record.path, line=line, field=rows.cell_path(i, name) + ("" if j is None else f"[{j}]"))
    for m in _SUSPECT.finditer(text):
        ch, pos = m.group(), m.start()
        if multiline and (ch in "\n\t\u2028\u2029" or _BIDI.match(ch) or _HIDDEN.match(ch)):
            continue
        if not multiline and _BREAK.match(ch):
            return Problem(**where, code="line-break",
                           message=f"{title}只能写一行，但{_where(text, pos)}处有换行。"
                                   "请把内容合并成一行（不要用“|”或“>”写成多行）。")
        if not multiline and _BIDI.match(ch):
            return Problem(**where, code="bidi-control",
                           message=f"{title}的{_where(text, pos)}是双向文字控制符 U+{ord(ch):04X}，"
                                   "它会让文字显示的顺序与实际不同。请删除它。")
        if _HIDDEN.match(ch):
            return Problem(**where, code="invisible-character",
                           message=f"{title}的{_where(text, pos)}是{_shown(ch)}，看不见，却会让看起来相同的文字"
                                   "被当作不同（例如重复的发文字号、名称查不出来）。请删除它（通常是从网页或 Word 复制时带入的）。")
        return Problem(**where, code="control-character",
                       message=f"{title}的{_where(text, pos)}是{_shown(ch)}，不能出现在数据中。"
                               "请删除它（通常是从网页或 Word 复制时带入的）。")
    return None


def control_character(all_rows: dict[str, Rows]) -> list[Problem]:
    """control-character, line-break, bidi-control and invisible-character: one scan of every string, one
    problem per cell."""
    problems = []
    for rows in all_rows.values():
        for col, name, multiline in _text_fields(rows.table):
            pattern = _SUSPECT_MULTI if multiline else _SUSPECT
            column = [v[col] for v in rows.values]
            flat = [x for v in column for _, x in _strings(v)]
            if not pattern.search(_JOIN.join(flat)):
                continue  # the usual case: nothing suspect anywhere in this column
            for i, value in enumerate(column):
                for j, text in _strings(value):
                    if pattern.search(text):
                        p = _text_problem(rows, i, name, multiline, text, j)
                        if p is not None:
                            problems.append(p)
                            break
    return problems
