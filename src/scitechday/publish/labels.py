"""Chinese labels for what the download page shows of the schemas: field types, formats and coded values.

The open data keeps its codes (`national`, `form`, …) so that tables join and validate; the
page names each code in Chinese beside it.
"""

from __future__ import annotations

from scitechday.archive.model import LEVELS

TYPES = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期", "datetime": "日期时间",
         "boolean": "是/否", "array": "列表", "object": "对象", "year": "年份"}
FORMATS = {"email": "电子邮箱", "uri": "网址", "default": ""}
CODES = {
    **LEVELS,
    "form": "表格（填报用）", "table": "表格", "list": "名单", "plan": "方案", "text": "文本",
    "person": "个人", "team": "团队",
    "campaign": "通知", "organization": "组织", "profile": "人物或团队", "edition": "届次",
}


def type_label(field: dict) -> str:
    t = field.get("type", "string")
    fmt = FORMATS.get(field.get("format", "default"), field.get("format", ""))
    return TYPES.get(t, t) + (f"（{fmt}）" if fmt else "")


def code_label(value, field: dict | None = None) -> str:
    """A coded enum value as 中文（code）: the field's own `x-enum-labels` first, then the labels above;
    values that are already Chinese stay as they are."""
    value = str(value)
    names = {**CODES, **((field or {}).get("x-enum-labels") or {})}
    return f"{names[value]}（{value}）" if value in names and names[value] != value else value
