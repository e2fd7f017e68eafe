"""Canonical formatting of data files (scitechday fmt), keeping comments (ruamel.yaml round-trip).

Key order comes from the schemas (`x-order` where a schema gives one, else field
order, then nested lists); two-space indentation with list items indented under
their key; multi-line text as literal blocks; no line folding. A file is rewritten
only if the loader reads exactly the same records from the new text.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from scitechday.data import files, registry
from scitechday.data.load import discover, load_bytes, read_file
from scitechday.data.prelint import prelint
from scitechday.data.problems import os_reason
from scitechday.data.schema import SCHEMA_DIR
from scitechday.data.tables import ListOf, Map, key_orders, ordered_keys, shape


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100_000  # never fold long Chinese lines
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def _block(seq: CommentedSeq) -> CommentedSeq:
    """A flow list ([a,  # note\n b]) as a block list, each comment at the end of the item it follows.

    Emitted in flow style, ruamel drops such comments; left as it reads them, they drift a column
    on every run."""
    out = CommentedSeq(seq)
    out.fa.set_block_style()
    for i, entry in sorted(seq.ca.items.items()):
        tokens = [t for part in entry if part for t in (part if isinstance(part, list) else [part])]
        text = " ".join(t.value.strip() for t in tokens if t.value.strip())
        if text:
            target = i - 1 if entry[0] is None and i > 0 else i
            out.yaml_add_eol_comment(text, target)
    return out


def _tail(container, key):
    """Where ruamel keeps the comment lines that follow container[key]: its deepest last value."""
    v = container[key]
    if isinstance(v, CommentedMap) and len(v):
        return _tail(v, list(v.keys())[-1])
    if isinstance(v, CommentedSeq) and len(v) and not v.fa.flow_style():
        last = len(v) - 1
        if isinstance(v[last], CommentedMap) and len(v[last]):
            return _tail(v[last], list(v[last].keys())[-1])
        return v, last, 0
    return container, key, 2


def _take_following(container, key) -> str:
    """Detach the full-line comments after container[key] (they belong to the key below it)."""
    c, k, slot = _tail(container, key)
    entry = c.ca.items.get(k)
    if not entry or entry[slot] is None:
        return ""
    value = entry[slot].value
    if isinstance(c[k], LiteralScalarString):
        eol, rest = "", value  # a block scalar ends its own line
    else:
        eol, _, rest = value.partition("\n")
    if not rest.strip():
        return ""
    if eol.strip():
        entry[slot].value = eol + "\n"
    else:
        entry[slot] = None
    return rest


def _give_following(container, key, text: str) -> None:
    c, k, slot = _tail(container, key)
    entry = c.ca.items.setdefault(k, [None, None, None, None])
    if entry[slot] is not None:
        entry[slot].value = entry[slot].value.rstrip("\n") + "\n" + text
    else:
        literal = isinstance(c[k], LiteralScalarString) or (isinstance(c[k], str) and "\n" in c[k])
        entry[slot] = CommentToken(text if literal else "\n" + text, CommentMark(0), None)


def _reorder(value, node: Map, path: tuple, orders: dict) -> object:
    if not isinstance(value, CommentedMap):
        return value
    original = list(value.keys())
    leading = {}  # key → the comment lines written just above it: they move with it
    for before, key in zip(original, original[1:]):
        text = _take_following(value, before)
        if text:
            leading[key] = (before, text)
    order = ordered_keys(node, orders.get(path))
    rank = {k: i for i, k in enumerate(order)}
    keys = sorted(value.keys(), key=lambda k: (rank.get(k, len(rank)), list(value.keys()).index(k)))
    out = CommentedMap()
    for key in keys:
        spec = node.children.get(key)
        sub = value[key]
        if isinstance(spec, Map):
            sub = _reorder(sub, spec, path, orders)
        elif isinstance(spec, ListOf) and spec.item is not None and isinstance(sub, CommentedSeq):
            for i, item in enumerate(sub):
                sub[i] = _reorder(item, spec.item, path + (key,), orders)
        if isinstance(sub, CommentedSeq) and sub.fa.flow_style():
            sub = _block(sub)
        if isinstance(sub, str) and "\n" in sub and not isinstance(sub, LiteralScalarString):
            sub = LiteralScalarString(sub)
        out[key] = sub
        if key in value.ca.items:
            out.ca.items[key] = value.ca.items[key]
    out.ca.comment = value.ca.comment
    new_order = list(out.keys())
    for key, (before, text) in leading.items():
        i = new_order.index(key)
        _give_following(out, new_order[i - 1] if i else before, text)
    if hasattr(value, "lc"):
        out._yaml_set_line_col(value.lc.line, value.lc.col)
    return out


def format_text(text: str, rtype: str, schema_dir: Path = SCHEMA_DIR) -> str:
    y = _yaml()
    data = y.load(text)
    orders = key_orders(rtype, schema_dir)
    node = shape(rtype, schema_dir)
    if not registry.get(rtype, schema_dir).one_file_per_record and isinstance(data, CommentedSeq):
        for i, item in enumerate(data):
            data[i] = _reorder(item, node, (), orders)
    elif isinstance(data, CommentedMap):
        data = _reorder(data, node, (), orders)
    buf = io.StringIO()
    y.dump(data, buf)
    text = buf.getvalue()
    if isinstance(data, CommentedSeq):  # a list at the root: items at column 0, like the rest of our files
        text = "".join(line[2:] if line.startswith("  ") else line for line in text.splitlines(True))
    return text


def dump(record: dict, rtype: str, header: str = "", schema_dir: Path = SCHEMA_DIR) -> str:
    """A new record (plain values; dates as date objects) as canonical YAML."""
    y = _yaml()
    y.representer.ignore_aliases = lambda data: True  # a one-day period's start and end: two dates, no &id001

    def convert(v):
        if isinstance(v, dict):
            m = CommentedMap()
            for k, x in v.items():
                m[k] = convert(x)
            return m
        if isinstance(v, list):
            return CommentedSeq([convert(x) for x in v])
        if isinstance(v, str) and "\n" in v:
            return LiteralScalarString(v if v.endswith("\n") else v + "\n")
        return v

    data = _reorder(convert(record), shape(rtype, schema_dir), (), key_orders(rtype, schema_dir))
    buf = io.StringIO()
    y.dump(data, buf)
    prefix = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return prefix + buf.getvalue()


@dataclass
class Outcome:
    path: Path
    shown: str
    status: str  # ok | changed | error
    message: str = ""
    new_text: str | None = None


def _quote_hashtags(text: str, shown: str, rtype: str) -> str:
    """`theme: 主题 #话题#` → `theme: '主题 #话题#'`: the fix the validator's warning gives, applied.

    The one change fmt makes to what a file says: YAML would drop the hashtag as a comment."""
    lines = text.split("\n")
    for p in prelint(text, shown, rtype)[0]:
        if p.code == "hash-comment" and p.line and re.search(r"\s#[^\s#]+#", lines[p.line - 1]):  # only a #话题# pair is
            lines[p.line - 1] = p.message.rsplit("`", 2)[-2]  # surely text; " #备注" may be a comment
    return "\n".join(lines)


def check_file(path: Path, rtype: str, shown: str, schema_dir: Path = SCHEMA_DIR) -> Outcome:
    raw, trouble = read_file(str(path), shown)  # never through a link, never blocking on a FIFO
    if raw is None:
        return Outcome(path, shown, "error", trouble[0].message)
    _, problems = load_bytes(raw, shown, rtype)
    if any(p.level == "error" for p in problems):
        return Outcome(path, shown, "error", "文件有错误，先运行 scitechday validate 修正后再格式化")
    text = raw.decode("utf-8-sig")
    source = _quote_hashtags(text.replace("\r\n", "\n"), shown, rtype)
    before, _ = load_bytes(source.encode("utf-8"), shown, rtype)
    stripped = re.sub(r"[ \t]+$", "", source, flags=re.M)  # trailing blanks, unless a block's text holds them
    if stripped != source and [r.data for r in load_bytes(stripped.encode("utf-8"), shown, rtype)[0]] == \
            [r.data for r in before]:
        source = stripped
    try:
        new = format_text(source, rtype, schema_dir)
    except YAMLError:
        return Outcome(path, shown, "error", "无法格式化这个文件（ruamel.yaml 读不了它的写法），内容没有改动。"
                       "请运行 scitechday validate 检查")
    except ValueError:  # ruamel.yaml reads a date such as 2019-02-30 as a date, and there is none
        return Outcome(path, shown, "error", "文件里有不存在的日期（如 2019-02-30），内容没有改动。"
                       "请运行 scitechday validate 查看是哪一行，改正后再格式化")
    after, _ = load_bytes(new.encode("utf-8"), shown, rtype)
    if [r.data for r in before] != [r.data for r in after]:
        return Outcome(path, shown, "error", "格式化会改变内容，已跳过（请报告这个问题）")
    bom = raw.startswith(b"\xef\xbb\xbf")  # the validator warns of it; fmt writes the file without it
    return Outcome(path, shown, "ok" if new == text and not bom else "changed", new_text=new)


def run(data_dir: Path, check: bool, schema_dir: Path = SCHEMA_DIR) -> list[Outcome]:
    """Every file's outcome; without check, the changed ones are written (one that cannot be is
    reported as an error, and the others are still written)."""
    found, _ = discover(data_dir)  # regular files only: links and special files are never listed
    outcomes = [check_file(Path(p), rtype, shown, schema_dir) for p, rtype, shown in found]
    if not check:
        for o in outcomes:
            if o.status == "changed" and o.new_text is not None:
                try:
                    files.replace(o.path, o.new_text, data_dir)
                except files.UnsafePath as err:
                    o.status, o.message = "error", f"没有改写：{err}"
                except OSError as err:
                    o.status, o.message = "error", f"无法写入文件（{os_reason(err)}），没有整理。请检查文件和目录的权限。"
    return outcomes


def first_changed_line(old: str, new: str) -> int:
    a, b = old.split("\n"), new.split("\n")
    for i, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return i
    return min(len(a), len(b)) + 1 if len(a) != len(b) else 1


def why(old: str, new: str) -> str:
    """The first difference, in words an editor on the web can act on."""
    n = first_changed_line(old, new)
    line = (old.split("\n") + [""])[n - 1]
    if old.startswith("\ufeff"):
        return ("文件开头有 BOM（字节顺序标记，编辑器以“UTF-8 带 BOM”保存时会加上）。请运行 scitechday fmt，"
                "或在编辑器里另存为“UTF-8”（无 BOM）。")
    if "\r" in old:  # the line of the first CR (the first difference may be trailing spaces above it)
        at = old.count("\n", 0, old.index("\r")) + 1
        return f"第 {at} 行起用的是 Windows 换行符（CRLF）。请运行 scitechday fmt，或在编辑器里把换行符改成 LF。"
    if line != line.rstrip(" \t"):
        return f"第 {n} 行末尾有多余的空格，请删掉。"
    target = (new.split("\n") + [""])[n - 1]
    return f"第 {n} 行起与规范格式不同（键的顺序、缩进或引号）：这一行应为 `{target}`。下面的差异是整理后的样子。"


def diff(o: Outcome, old: str) -> str:
    """A unified diff of what fmt would change; CR and trailing spaces made visible."""
    def visible(lines):
        return [re.sub(r"[ \t]+$", lambda m: "·" * len(m.group(0)), line.replace("\r", "␍")) + "\n"
                for line in lines]
    new = o.new_text if o.new_text is not None else old  # an unchanged file: an empty diff
    return "".join(difflib.unified_diff(visible(old.split("\n")), visible(new.split("\n")),
                                        fromfile=o.shown, tofile=f"{o.shown}（整理后）"))

