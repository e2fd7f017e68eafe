"""Canonical formatting of data files (scitechday fmt), keeping comments (ruamel.yaml round-trip).

Key order comes from the schemas (`x-order` where a schema gives one, else field
order, then nested lists); two-space indentation with list items indented under
their key; multi-line text as literal blocks; no line folding. A file is rewritten
only if the loader reads exactly the same records from the new text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from scitechday.data import files, registry
from scitechday.data.load import discover, load_bytes, read_file
from scitechday.data.schema import SCHEMA_DIR, tables
from scitechday.data.tables import ListOf, Map, key_orders, ordered_keys, shape


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100_000  # never fold long Chinese lines
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def _reorder(value, node: Map, path: tuple, orders: dict) -> object:
    if not isinstance(value, CommentedMap):
        return value
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
        if isinstance(sub, str) and "\n" in sub and not isinstance(sub, LiteralScalarString):
            sub = LiteralScalarString(sub)
        out[key] = sub
        if key in value.ca.items:
            out.ca.items[key] = value.ca.items[key]
    out.ca.comment = value.ca.comment
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


def check_file(path: Path, rtype: str, shown: str, schema_dir: Path = SCHEMA_DIR) -> Outcome:
    raw, trouble = read_file(str(path), shown)  # never through a link, never blocking on a FIFO
    if raw is None:
        return Outcome(path, shown, "error", trouble[0].message)
    before, problems = load_bytes(raw, shown, rtype)
    if any(p.level == "error" for p in problems):
        return Outcome(path, shown, "error", "文件有错误，先运行 scitechday validate 修正后再格式化")
    text = raw.decode("utf-8-sig")
    try:
        new = format_text(text, rtype, schema_dir)
    except YAMLError as err:
        return Outcome(path, shown, "error", f"无法格式化：{err}")
    after, _ = load_bytes(new.encode("utf-8"), shown, rtype)
    if [r.data for r in before] != [r.data for r in after]:
        return Outcome(path, shown, "error", "格式化会改变内容，已跳过（请报告这个问题）")
    return Outcome(path, shown, "ok" if new == text else "changed", new_text=new)


def run(data_dir: Path, check: bool, schema_dir: Path = SCHEMA_DIR) -> list[Outcome]:
    found, _ = discover(data_dir)  # regular files only: links and special files are never listed
    outcomes = [check_file(Path(p), rtype, shown, schema_dir) for p, rtype, shown in found]
    if not check:
        for o in outcomes:
            if o.status == "changed":
                try:
                    files.replace(o.path, o.new_text, data_dir)
                except (files.UnsafePath, OSError) as err:
                    o.status, o.message = "error", f"没有改写：{err}"
    return outcomes

