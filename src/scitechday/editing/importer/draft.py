"""The draft: what was read (facts, in the widest form), how sure the reading is, and the record
that fits the schemas, with every fact the schemas cannot hold kept as a quoted TODO.

`fit` reads the schemas (enums, patterns, which keys exist): a fact lands in the record as soon as
the schemas have a place for it, else it stays a note, never dropped."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scitechday.data.schema import SCHEMA_DIR, tables
from scitechday.data.tables import ListOf, shape
from scitechday.editing.importer.text import PHONE_RE, SUB_HEADING, TOP_HEADING, normalize_phone

LEVELS = {"高": 3, "中": 2, "低": 1}
LABELS = {"title": "标题", "doc_number": "发文字号", "issuers": "发文机关", "issued": "成文日期", "addressees": "主送机关",
          "kind": "文种", "observances": "纪念日", "year": "年份", "theme": "活动主题", "period": "活动时间",
          "based_on": "依据文件", "deadlines": "报送要求", "contacts": "联系人", "attachments": "附件", "activities": "活动"}
CHECKED = {"title", "doc_number", "issued", "theme", "period", "observances", "based_on", "addressees", "contacts", "kind"}
UNMODELLED = {"organizer_roles": "组织单位分工", "cc": "抄送", "links": "报名/直播链接或二维码", "more_phones": "另一个电话",
              "on_behalf": "代章（以其名义用印的机关）"}
# an activity's facts no activity key holds yet: 承办 (partners is shown as 合作, which the text does not say)
ACTIVITY_UNMODELLED = {"hosts": ("承办单位", "活动（activities）暂无“承办”字段；partners 在网站上显示为“合作”，不能写在那里。"
                                           "原文已保留在这项活动的 description 中，待模型扩展后补录。")}
# facts read under another name than the record key that holds them (once the schemas have that key)
HOLDERS = {"organizer_roles": "organizers", "on_behalf": "sealed_by", "more_phones": "contacts"}
_SPLIT = re.compile(r"\s*[、，,；;]\s*")
_MORE_PHONES = re.compile(r"^(?P<name>.+?)的另一个电话：(?P<phones>.+)$")


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

    def finish(self, schema_dir: Path = SCHEMA_DIR, find: Callable[[str], str | None] | None = None) -> None:
        """find: an organization's id by its name (the importer's index), for organizer roles and 代章."""
        self.record, notes = fit(self.facts, schema_dir, find)
        self.notes += notes
        for name, level in self.confidence.items():
            if level != "高" and name in CHECKED and name in self.facts:
                self.todos.append(f"{LABELS[name]}是从正文推断的（把握：{level}），请对照原文核对。")

    def summary(self) -> str:
        """How sure each field's reading is, in the order of LABELS: 标题 高、发文字号 中 …"""
        return "、".join(f"{LABELS[k]} {self.confidence[k]}" for k in LABELS if k in self.confidence)


def allowed(table: str, name: str, schema_dir: Path = SCHEMA_DIR) -> str:
    """The values a field allows, from the schema, as a TODO lists them: 科普、培训、…, or form（表格）、… where the
    file holds English values."""
    spec = _fields(schema_dir, table).get(name, {})
    labels = spec.get("x-enum-labels", {})
    return "、".join(f"{v}（{labels[v]}）" if v in labels else str(v) for v in spec.get("constraints", {}).get("enum", []))


def first_allowed(table: str, name: str, schema_dir: Path = SCHEMA_DIR) -> str:
    return str((_fields(schema_dir, table).get(name, {}).get("constraints", {}).get("enum") or ["…"])[0])


def _fields(schema_dir: Path, table: str) -> dict[str, dict]:
    t = next((t for t in tables(schema_dir) if t.name == table), None)
    return {f["name"]: f for f in t.fields} if t else {}


def _allowed(spec: dict | None, value) -> bool:
    if spec is None:
        return False
    c = spec.get("constraints", {})
    if spec.get("type") == "date" and not isinstance(value, dt.date) \
            and not (spec.get("x-month") and isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}", value)):
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


def _party(name: str, find: Callable[[str], str | None] | None) -> dict:
    oid = find(name) if find else None
    return {"organization": oid} if oid else {"name": name}


def _organizers(roles: dict, schema_dir: Path, find) -> tuple[list[dict], list[str]]:
    allowed = _fields(schema_dir, "organizers").get("role", {}).get("constraints", {}).get("enum", [])
    items, notes = [], []
    for role, who in roles.items():
        if role not in allowed:
            notes.append(f"组织单位分工：原文为“{role}：{who}”，分工“{role}”不在允许的分工中，请核对后补录。")
            continue
        items += [{"role": role, **_party(name, find)} for name in _SPLIT.split(who) if name]
    return items, notes


_LINK_KINDS = (("livestream", re.compile("直播|观看")), ("registration", re.compile("报名|预约|注册|登记")),
               ("qr", re.compile("二维码|扫码")))


def _links(values: list[str], schema_dir: Path) -> list[dict]:
    """Each link as read: an address after the words printed before it (预约链接：https://…: its kind from
    them, and they its title), or the words printed beside a QR code."""
    url = _fields(schema_dir, "links").get("url")
    out = []
    for v in values:
        at = v.find("http")
        label, address = (v[:at].strip().rstrip("：:").strip(), v[at:]) if at >= 0 else (v, "")
        address, _, after = address.partition(" ")  # the words right after it (…）报名) tell its kind too
        kind = next((k for k, words in _LINK_KINDS if words.search(label) or words.search(after)), "other")
        if address and _allowed(url, address):
            out.append({"kind": kind, **({"title": label} if label else {}), "url": address})
        else:
            out.append({"kind": "qr" if "二维码" in v else "other", "title": v})
    return out


def _more_phones(lines: list[str], contacts: list, schema_dir: Path) -> list[str]:
    """A second phone → its contact's other_phones: “张三的另一个电话：138…”, or a phone line with more
    numbers than people when the notice names one contact. The notes for what cannot be placed."""
    phone = _fields(schema_dir, "contact_phones").get("phone")
    people = [c for c in contacts if isinstance(c, dict)]
    notes = []
    for line in lines:
        m = _MORE_PHONES.match(line)
        if m:
            person = next((c for c in people if c.get("name") == m["name"]), None)
            numbers = _SPLIT.split(m["phones"])
        else:
            person = people[0] if len(people) == 1 and people[0].get("phone") else None
            numbers = [n for x in PHONE_RE.findall(line) if (n := normalize_phone(x)) != (person or {}).get("phone")]
        if person is None or phone is None or not numbers or not all(_allowed(phone, n) for n in numbers):
            notes.append(f"另一个电话：原文为“{line}”，无法确定是哪位联系人的，请核对后补录。")
            continue
        person.setdefault("other_phones", []).extend(n for n in numbers if n not in person.get("other_phones", []))
    return notes


def _observances(value: list, spec: dict | None, nested: bool, rec: dict, notes: list[str]) -> None:
    allowed = spec.get("constraints", {}).get("enum", []) if spec else []
    fits = [o for o in value if o in allowed]
    rest = [o for o in value if o not in allowed]
    if nested:  # a list of observances (the observances table)
        rec["observances"] = fits or ["TODO"]
    else:  # schemas with one observance
        rec["observance"] = fits[0] if fits else "TODO"
        rest += fits[1:]
    if rest:
        notes.append(f"纪念日：原文是“{'”“'.join(value)}”的通知；可填的纪念日为 {'、'.join(allowed)}，"
                     + ("其余" if fits else "所以暂填 TODO，") + "请核对后补录。")


def _activities(acts: list, spec, notes: list[str]) -> list:
    """Each activity with only the keys an activity has; a fact it has no key for (its 承办) becomes a note."""
    keys = set(spec.item.children) if isinstance(spec, ListOf) and spec.item is not None else None
    out = []
    for act in acts:
        if not isinstance(act, dict) or keys is None:
            out.append(act)
            continue
        for name in [n for n in act if n not in keys]:
            label, why = ACTIVITY_UNMODELLED.get(name, (name, "数据模型暂无对应字段，待扩展后补录。"))
            notes.append(f"活动“{act.get('title', '')}”的{label}：原文为“{_quote(act[name])}”。{why}")
        out.append({k: v for k, v in act.items() if k in keys})
    return out


def _nested_table(schema_dir: Path, key: str):
    return next((t for t in tables(schema_dir) if t.path == (key,) and "campaign" in t.types), None)


def fit(facts: dict, schema_dir: Path = SCHEMA_DIR,
        find: Callable[[str], str | None] | None = None) -> tuple[dict, list[str]]:
    """The facts → a record the schemas accept, and a note for each fact they cannot hold.

    Facts read under another name are reshaped for the key that holds them: organizer roles
    (主办单位：A、B) → organizers, the sealed issuer (X（代章）) → sealed_by, a second phone →
    that contact's other_phones, 抄送 text → the cc list, links → kind + url or the QR code's words."""
    spec = _fields(schema_dir, "campaigns")
    known = shape("campaign", schema_dir).children  # a fact becomes a key once the schemas have it
    notes: list[str] = []
    rec: dict = {}
    for key, value in facts.items():
        if key in ("issuer_names", "issued_text", "more_phones"):
            continue
        holder = HOLDERS.get(key, key)
        if key == "observances":
            observances = _nested_table(schema_dir, "observances")
            _observances(value, _fields(schema_dir, "observances").get("observance") if observances else
                         spec.get("observance"), observances is not None, rec, notes)
            continue
        if holder not in known:
            if key in UNMODELLED:
                notes.append(f"{UNMODELLED[key]}：原文为“{_quote(value)}”，数据模型暂无对应字段，待扩展后补录。"
                             if key != "on_behalf" else f"代章：{value}（署名为“{value}（代章）”），数据模型暂无对应字段，待扩展后补录。")
            else:
                notes.append(f"{key}：原文为“{_quote(value)}”，数据模型暂无对应字段，待扩展后补录。")
            continue
        if key == "organizer_roles":
            rec["organizers"], more = _organizers(value, schema_dir, find)
            notes += more
            continue
        if key == "on_behalf":
            rec["sealed_by"] = _party(value, find)
            continue
        if key == "cc" and isinstance(value, str) and _nested_table(schema_dir, "cc") is not None:
            value = [x for x in _SPLIT.split(value) if x]
        if key == "links":
            value = _links(value, schema_dir)
        if key == "kind" and value == "表扬/通报":  # the title says which: 表扬 when it praises, else 通报
            value = "表扬" if "表扬" in facts.get("title", "") else "通报"
        if key in ("kind", "doc_number", "issued") and not _allowed(spec.get(key), value):
            shown = facts.get("issued_text", value) if key == "issued" else value
            label = {"kind": "文种", "doc_number": "发文字号", "issued": "成文日期"}[key]
            why = {"kind": "不在允许的文种中", "doc_number": "格式目前无法通过校验",
                   "issued": "只写到月份，日期字段目前必须有日"}[key]
            notes.append(f"{label}：原文为“{shown}”，{why}，待核对后补录。")
            if spec.get(key, {}).get("constraints", {}).get("required"):
                rec[key] = "TODO"
            continue
        if key == "activities" and isinstance(value, list):
            value = _activities(value, known.get("activities"), notes)
        table = _nested_table(schema_dir, key)
        if table is not None and isinstance(value, list):  # each item's values against its table's patterns
            fields = {f["name"]: f for f in table.fields}
            value = [dict(item) if isinstance(item, dict) else item for item in value]
            for item in value:
                for name in [n for n in item if isinstance(item, dict) and isinstance(item[n], str)]:
                    if name in fields and "pattern" in fields[name].get("constraints", {}) \
                            and not _allowed(fields[name], item[name]):
                        where = item.get("title") or item.get("name") or ""
                        notes.append(f"{table.descriptor.get('title', key)}“{where}”的{fields[name].get('title', name)}"
                                     f"原文为“{item.pop(name)}”，目前无法通过校验，待核对后补录。")
        rec[key] = value
    if facts.get("more_phones"):
        contacts = shape("campaign", schema_dir).children.get("contacts")
        if isinstance(contacts, ListOf) and contacts.item is not None and "other_phones" in contacts.item.children:
            notes += _more_phones(facts["more_phones"], rec.get("contacts") or [], schema_dir)
        else:
            notes.append(f"另一个电话：原文为“{_quote(facts['more_phones'])}”，数据模型暂无对应字段，待扩展后补录。")
    return rec, notes


def markdown(lines: list[str]) -> str:
    """Body lines → Markdown: 一、 headings as ##, （一） as ###, tables (already Markdown) as they are, the rest as
    paragraphs."""
    out = []
    for line in lines:
        s = line.strip()
        if not s:
            continue
        s = re.sub(r"^-\s+(?=附件)", "", s)
        if s.startswith("| "):  # a Markdown table (grid.tabulate), its rows on their lines
            out.append(s)
        elif TOP_HEADING.match(s) and len(s) <= 40 and not s.endswith("。"):
            out.append("## " + s)
        elif SUB_HEADING.match(s) and len(s) <= 50 and not re.search("[。；]", s):
            out.append("### " + s)
        else:
            out.append(re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", s))
    return "\n\n".join(out) + "\n"
