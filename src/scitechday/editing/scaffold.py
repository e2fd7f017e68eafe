"""Where new records go: a free id, a draft from `import`, a commented template from `new`."""

from __future__ import annotations

import re
from pathlib import Path

from scitechday.data import registry
from scitechday.data.load import load
from scitechday.data.template import template  # noqa: F401  (the `new` command's template)
from scitechday.editing.fmt import dump

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def record_path(data_dir: Path, rtype: str, rid: str, year: int | None = None) -> Path:
    return registry.get(rtype).path_of(data_dir, rid, year)


def existing_ids(data_dir: Path, rtype: str) -> set[str]:
    base = data_dir / registry.get(rtype).folder
    return {p.stem for p in base.rglob("*.yml")} if base.is_dir() else set()


def free_id(data_dir: Path, rtype: str, wanted: str) -> str:
    taken = existing_ids(data_dir, rtype)
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def organizations(data_dir: Path) -> list[dict]:
    return [r.data for r in load(data_dir).records if r.type == "organization"]


def write_new(path: Path, text: str) -> None:
    """Create the file; never overwrite one that exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)


def draft_text(record: dict, todos: list[str]) -> str:
    header = "由 scitechday import 从原文自动生成的草稿。请逐项核对原文，处理完下列事项后删除这段注释：\n" + \
             "\n".join(f"- {t}" for t in todos)
    return dump(record, "campaign", header)


def valid_id(rid: str) -> bool:
    return bool(ID_RE.match(rid))
