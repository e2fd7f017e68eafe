"""Where new records go: a free id, a draft from `import`, a commented template from `new`."""

from __future__ import annotations

import re
from pathlib import Path

from scitechday.data import files

from scitechday.editing.fmt import _key_order, _orders, dump
from scitechday.data.load import RECORD_DIRS, load
from scitechday.data.schema import SCHEMA_DIR, tables
from scitechday.data.tables import ListOf, Map, Scalar, shape

DIRS = {rtype: dirname for dirname, rtype in RECORD_DIRS.items()}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def record_path(data_dir: Path, rtype: str, rid: str, year: int | None = None) -> Path:
    base = data_dir / DIRS[rtype]
    if rtype == "campaign":
        base = base / str(year or "TODO")
    return base / f"{rid}.yml"


def existing_ids(data_dir: Path, rtype: str) -> set[str]:
    base = data_dir / DIRS[rtype]
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


def write_new(path: Path, text: str, data_dir: Path) -> None:
    """Create the file under data_dir; never overwrite one that exists, never write through a link
    or outside data_dir (files.UnsafePath says why in Chinese)."""
    files.write_new(path, text, data_dir)


def draft_text(record: dict, todos: list[str]) -> str:
    header = "由 scitechday import 从原文自动生成的草稿。请逐项核对原文，处理完下列事项后删除这段注释：\n" + \
             "\n".join(f"- {t}" for t in todos)
    return dump(record, "campaign", header)


def template(rtype: str, rid: str, year: int | None = None, schema_dir: Path = SCHEMA_DIR) -> str:
    """A commented template for a new record, built from the schemas (the same shape fmt and validate use)."""
    kind = {"campaign": "活动通知", "organization": "组织机构", "profile": "人物或团队"}[rtype]
    lines = [f"# 新的{kind}。带 TODO 的地方请按原文填写；原文没有写的字段请整行删除，不要猜测。",
             "# 填好后运行 scitechday validate 检查，运行 scitechday fmt 整理格式。"]
    by_name = {t.name: t for t in tables(schema_dir)}
    orders = _orders(rtype, schema_dir)

    def note(spec: Scalar) -> str:
        f = by_name[spec.table].field(spec.name)
        text = f.get("title", spec.name)
        enum = f.get("constraints", {}).get("enum")
        if enum:
            text += "：" + "、".join(map(str, enum))
        if f.get("constraints", {}).get("required"):
            text += "（必填）"
        return text

    def emit(node: Map, path: tuple, indent: str, first_prefix: str | None = None) -> None:
        for i, key in enumerate(_key_order(node, orders.get(path))):
            spec = node.children.get(key)
            if spec is None:
                continue
            pre = first_prefix if (first_prefix is not None and i == 0) else indent
            if isinstance(spec, Scalar):
                if spec.array:
                    lines.append(f"{pre}{key}: []  # {note(spec)}")
                elif spec.name == "body":
                    lines.append(f"{pre}{key}: |  # {note(spec)}")
                    lines.append(f"{indent}  TODO：通知正文，按原文分段，段与段之间空一行；“一、”等标题写成“## 一、……”。")
                else:
                    value = rid if spec.name == "id" and not path else (
                        str(year) if spec.name == "year" and year and not path else "TODO")
                    lines.append(f"{pre}{key}: {value}  # {note(spec)}")
            elif isinstance(spec, Map):
                lines.append(f"{pre}{key}:")
                emit(spec, path, indent + "  ")
            elif isinstance(spec, ListOf):
                lines.append(f"{pre}{key}:  # {spec.table.descriptor.get('title', key)}")
                if spec.item is None:
                    lines.append(f"{indent}  - TODO")
                else:
                    emit(spec.item, path + (key,), indent + "    ", indent + "  - ")

    emit(shape(rtype, schema_dir), (), "")
    return "\n".join(lines) + "\n"


def valid_id(rid: str) -> bool:
    return bool(ID_RE.match(rid))
