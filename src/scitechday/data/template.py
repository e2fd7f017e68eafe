"""A commented template for a new record, built from the schemas (the same shape fmt and validate use).

Pure schema knowledge: `scitechday new` writes it, and the site's 记录模板 page shows it.
"""

from __future__ import annotations

from pathlib import Path

from scitechday.data import registry
from scitechday.data.schema import SCHEMA_DIR, choices, tables
from scitechday.data.tables import ListOf, Map, Scalar, key_orders, ordered_keys, shape

PLACEHOLDER = "TODO"  # what a new record's template holds where the editor still has to write (validation says so)


def template(rtype: str, rid: str, year: int | None = None, schema_dir: Path = SCHEMA_DIR) -> str:
    """A commented template for a new record, built from the schemas (the same shape fmt and validate use)."""
    kind = registry.get(rtype, schema_dir).label
    lines = [f"# 新的{kind}。带 TODO 的地方请按原文填写；原文没有写的字段请整行删除，不要猜测。",
             "# 填好后运行 scitechday validate 检查，运行 scitechday fmt 整理格式。"]
    by_name = {t.name: t for t in tables(schema_dir)}
    orders = key_orders(rtype, schema_dir)

    def note(spec: Scalar) -> str:
        f = by_name[spec.table].field(spec.name)
        text = f.get("title", spec.name)
        enum = f.get("constraints", {}).get("enum")
        if enum:
            text += "：" + choices(f)
        if f.get("constraints", {}).get("required"):
            text += "（必填）"
        return text

    def emit(node: Map, path: tuple, indent: str, first_prefix: str | None = None) -> None:
        for i, key in enumerate(ordered_keys(node, orders.get(path))):
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
                        str(year) if spec.name == "year" and year and not path else PLACEHOLDER)
                    lines.append(f"{pre}{key}: {value}  # {note(spec)}")
            elif isinstance(spec, Map):
                lines.append(f"{pre}{key}:")
                emit(spec, path, indent + "  ")
            elif isinstance(spec, ListOf):
                title = spec.table.descriptor.get("title", key)
                if spec.item is None and spec.table.value:  # a list of values from an enum: say which
                    listed = choices(spec.table.field(spec.table.value))
                    title += f"（可写几项）：{listed}" if listed else ""
                lines.append(f"{pre}{key}:  # {title}")
                if spec.item is None:
                    lines.append(f"{indent}  - TODO")
                else:
                    emit(spec.item, path + (key,), indent + "    ", indent + "  - ")

    emit(shape(rtype, schema_dir), (), "")
    return "\n".join(lines) + "\n"
