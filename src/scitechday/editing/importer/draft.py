"""The draft: what was read (facts, in the widest form), how sure the reading is, and the record
that fits today's schemas, with every fact the schemas cannot hold kept as a quoted TODO."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from scitechday.data.schema import SCHEMA_DIR, tables
from scitechday.data.tables import shape
from scitechday.editing.importer.text import SUB_HEADING, TOP_HEADING

LEVELS = {"高": 3, "中": 2, "低": 1}
LABELS = {"title": "标题", "doc_number": "发文字号", "issuers": "发文机关", "issued": "成文日期", "addressees": "主送机关",
          "kind": "文种", "observances": "纪念日", "year": "年份", "theme": "活动主题", "period": "活动时间",
          "based_on": "依据文件", "deadlines": "报送要求", "contacts": "联系人", "attachments": "附件", "activities": "活动"}
CHECKED = {"title", "doc_number", "issued", "theme", "period", "observances", "based_on", "addressees", "contacts", "kind"}
UNMODELLED = {"organizer_roles": "组织单位分工", "cc": "抄送", "links": "报名/直播链接或二维码", "more_phones": "另一个电话",
              "on_behalf": "代章（以其名义用印的机关）"}


@dataclass
class Draft:
    facts: dict = field(default_factory=dict)  # everything read, in the widest form
    todos: list[str] = field(default_factory=list)  # what the editor must check, in Chinese
    notes: list[str] = field(default_factory=list)  # facts today's schemas cannot hold, quoted
    confidence: dict[str, str] = field(default_factory=dict)  # field → 高/中/低
    record: dict = field(default_factory=dict)  # the facts fitted to the schemas: what import writes

    def todo(self, message: str) -> None:
        self.todos.append(message)

    def sure(self, name: str, level: str) -> None:
        self.confidence[name] = level

    def finish(self, schema_dir: Path = SCHEMA_DIR) -> None:
        self.record, notes = fit(self.facts, schema_dir)
        self.notes += notes
        for name, level in self.confidence.items():
            if level != "高" and name in CHECKED and name in self.facts:
                self.todos.append(f"{LABELS[name]}是从正文推断的（把握：{level}），请对照原文核对。")

    def summary(self) -> str:
        """How sure each field's reading is, in the order of LABELS: 标题 高、发文字号 中 …"""
        return "、".join(f"{LABELS[k]} {self.confidence[k]}" for k in LABELS if k in self.confidence)


def _fields(schema_dir: Path, table: str) -> dict[str, dict]:
    t = next((t for t in tables(schema_dir) if t.name == table), None)
    return {f["name"]: f for f in t.fields} if t else {}


def _allowed(spec: dict | None, value) -> bool:
    if spec is None:
        return False
    c = spec.get("constraints", {})
    if spec.get("type") == "date" and not isinstance(value, dt.date):
        return False
    if "enum" in c and value not in c["enum"]:
        return False
    if "pattern" in c and isinstance(value, str) and not re.fullmatch(c["pattern"], value):
        return False
    return True


def _quote(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


def fit(facts: dict, schema_dir: Path = SCHEMA_DIR) -> tuple[dict, list[str]]:
    """The facts → a record today's schemas accept, and a note for each fact they cannot hold."""
    spec = _fields(schema_dir, "campaigns")
    known = set(shape("campaign", schema_dir).children)  # a fact becomes a key once the schemas have it
    notes: list[str] = []
    rec: dict = {}
    for key, value in facts.items():
        if key in ("issuer_names", "issued_text"):
            continue
        if key not in known and key not in UNMODELLED and key != "observances":
            notes.append(f"{key}：原文为“{_quote(value)}”，数据模型暂无对应字段，待扩展后补录。")
            continue
        if key == "observances":
            if "observances" in spec:
                rec["observances"] = value
                continue
            fits = [o for o in value if _allowed(spec.get("observance"), o)]
            rec["observance"] = fits[0] if fits else "TODO"
            rest = [o for o in value if o != rec["observance"]]
            if rest:
                allowed = "、".join(spec["observance"].get("constraints", {}).get("enum", []))
                notes.append(f"纪念日：原文是“{'”“'.join(value)}”的通知；observance 目前只能填 {allowed} 中的一个，"
                             + ("其余" if fits else "所以暂填 TODO，") + "待数据模型扩展后补录。")
            continue
        if key in UNMODELLED and key not in known:
            notes.append(f"{UNMODELLED[key]}：原文为“{_quote(value)}”，数据模型暂无对应字段，待扩展后补录。"
                         if key != "on_behalf" else f"代章：{value}（署名为“{value}（代章）”），数据模型暂无对应字段，待扩展后补录。")
            continue
        if key in ("kind", "doc_number", "issued") and not _allowed(spec.get(key), value):
            shown = facts.get("issued_text", value) if key == "issued" else value
            label = {"kind": "文种", "doc_number": "发文字号", "issued": "成文日期"}[key]
            why = {"kind": "不在允许的文种中", "doc_number": "格式（如带“宣字”等分号或前导零）目前无法通过校验",
                   "issued": "只写到月份，日期字段目前必须有日"}[key]
            notes.append(f"{label}：原文为“{shown}”，{why}，待数据模型扩展后补录。")
            if spec.get(key, {}).get("constraints", {}).get("required"):
                rec[key] = "TODO"
            continue
        table = next((t for t in tables(schema_dir) if t.path == (key,) and "campaign" in t.types), None)
        if table is not None and isinstance(value, list):  # each item's values against its table's patterns
            fields = {f["name"]: f for f in table.fields}
            value = [dict(item) if isinstance(item, dict) else item for item in value]
            for item in value:
                for name in [n for n in item if isinstance(item, dict) and isinstance(item[n], str)]:
                    if name in fields and "pattern" in fields[name].get("constraints", {}) \
                            and not _allowed(fields[name], item[name]):
                        where = item.get("title") or item.get("name") or ""
                        notes.append(f"{table.descriptor.get('title', key)}“{where}”的{fields[name].get('title', name)}"
                                     f"原文为“{item.pop(name)}”，目前无法通过校验，待数据模型扩展后补录。")
        rec[key] = value
    return rec, notes


def markdown(lines: list[str]) -> str:
    """Body lines → Markdown: 一、 headings as ##, （一） as ###, the rest as paragraphs."""
    out = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        s = re.sub(r"^-\s+(?=附件)", "", s)
        if TOP_HEADING.match(s) and len(s) <= 40 and not s.endswith("。"):
            out.append("## " + s)
        elif SUB_HEADING.match(s) and len(s) <= 50 and not re.search("[。；]", s):
            out.append("### " + s)
        else:
            out.append(re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", s))
    return "\n\n".join(out) + "\n"
