"""Turn what the web editor saved into a canonical record file (what `scitechday fmt --check` accepts).

Decap CMS writes YAML its own way (the `yaml` npm package: long lines folded, keys
of nested lists in its own order, empty fields written as `''` or `[]`, comments
dropped). This step, run on exactly the files the editor wrote — by `scitechday
serve`'s local editing server right after a save, and by `scitechday tidy FILE…`
(the pull-request workflow runs it on the files a web-editor branch changed) — drops
the empty values and writes the rest in canonical form.
Empty values are the only thing it removes; nothing else changes meaning.
"""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import YAMLError

from scitechday.data import registry
from scitechday.data.load import load_bytes
from scitechday.data.schema import SCHEMA_DIR
from scitechday.editing.fmt import _yaml, format_text


class TidyError(Exception):
    """The file could not be read as YAML: the message is in Chinese and names the file."""


def record_type(path: Path, data_dir: Path) -> str | None:
    """campaign | organization | profile | edition for a file under data_dir, else None."""
    try:
        rel = path.resolve().relative_to(data_dir.resolve())
    except ValueError:
        return None
    for rt in registry.record_types():
        if rt.layout == "list" and rel.parts == (rt.folder,):
            return rt.name
        if rt.layout != "list" and rel.parts[0] == rt.folder and rel.name.endswith(".yml") \
                and len(rel.parts) == (3 if rt.layout == "year" else 2):
            return rt.name
    return None


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or (isinstance(v, (list, dict)) and not v)


def prune(value):
    """Drop empty values (None, blank text, empty lists and mappings), depth first."""
    if isinstance(value, dict):
        out = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list):
        return [x for x in (prune(v) for v in value) if not _empty(x)]
    if isinstance(value, str) and "\n" in value and not value.endswith("\n"):
        return value + "\n"  # multi-line text ends with a newline, as `import` and `new` write it
    return value


class _Constructor(SafeConstructor):
    """YAML's safe constructor, but a date that does not exist (2020-05-32, which a date box could let
    through) stays the text it is, for validation to name: reading it as a date raised ValueError, and the
    save was left half done (not tidied, the editor told only “Failed to fetch”)."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _reader() -> YAML:
    y = YAML(typ="safe", pure=True)
    y.Constructor = _Constructor
    return y


def tidy_text(text: str, rtype: str, shown: str = "", schema_dir: Path = SCHEMA_DIR) -> str:
    try:
        data = _reader().load(text)
    except YAMLError as err:
        raise TidyError(f"{shown}: 网页编辑器保存的文件不是有效的 YAML，无法整理格式：{err}") from None
    data = prune(data)
    buf = io.StringIO()
    y = _yaml()
    y.default_flow_style = False
    y.dump(data, buf)
    out = format_text(buf.getvalue(), rtype, schema_dir)
    return format_text(out, rtype, schema_dir)  # a fixed point: `fmt --check` finds nothing to change


def tidy_file(path: Path, data_dir: Path, schema_dir: Path = SCHEMA_DIR) -> bool:
    """Rewrite one record file in canonical form; True when it changed. Files outside data/ are left alone."""
    rtype = record_type(path, data_dir)
    if rtype is None or not path.is_file():
        return False
    text = path.read_text(encoding="utf-8-sig")
    shown = str(path)
    new = tidy_text(text, rtype, shown, schema_dir)
    _, problems = load_bytes(new.encode("utf-8"), shown, rtype)
    if any(p.code in ("yaml-syntax", "encoding", "too-complex") for p in problems):  # never write what the loader cannot read
        raise TidyError(f"{shown}: 整理后的文件无法读回，已保持原样（请报告这个问题）")
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
