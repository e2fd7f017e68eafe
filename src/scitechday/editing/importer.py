"""A notice's text → a draft campaign record (scitechday import).

Reads what a notice states in its usual places (GB/T 9704): 发文字号 on its own line
near the top, the title, 主送机关 ending in a colon, numbered sections, the signature
and 成文日期 at the end, then 附件. What it cannot settle is left as a TODO for the
editor; nothing is guessed beyond the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from scitechday.domain import docnum
from scitechday.domain.dates import DATE_RE, parse_cn_date, parse_period

_CN = "一二三四五六七八九十"
TOP_HEADING = re.compile(rf"^[{_CN}]+\s*[、.．]\s*(?P<text>.+)$")
SUB_HEADING = re.compile(rf"^[（(][{_CN}]+[）)]\s*(?P<text>.+)$")
NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.、．](?!\d)\s*(?P<text>.+)$")
SECTION_ACTIVITIES = re.compile(r"(活动内容|主要内容|重点任务|工作内容|活动安排|主要活动|具体安排|近期重点任务|任务流程|重点活动)")
SUBMIT_VERBS = re.compile(r"(报送|提交|提提交|报至|上报|报到|发送至|发送|报市|送达|寄送|报给|发市科协|交至)")
PHONE_RE = re.compile(r"[(（]?0\d{2,3}[)）]?\s*[-—－–]?\s*\d{7,8}|1[3-9]\d{9}|(?<!\d)\d{7,8}(?!\d)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+(?=\d)|(?<=\d)\s+(?=[^\x00-\x7f])")


@dataclass
class Draft:
    record: dict
    todos: list[str] = field(default_factory=list)  # what the editor must check, in Chinese

    def todo(self, message: str) -> None:
        self.todos.append(message)


class OrgIndex:
    """Organizations by every name a notice may use: full name, short name, unique aliases."""

    def __init__(self, orgs: list[dict]):
        self.by_name: dict[str, str] = {}
        alias_count: dict[str, int] = {}
        for o in orgs:
            for a in o.get("aliases") or []:
                alias_count[a] = alias_count.get(a, 0) + 1
        for o in orgs:
            for name in [o.get("name"), o.get("short_name")] + [a for a in o.get("aliases") or []
                                                                 if alias_count.get(a) == 1]:
                if name:
                    self.by_name.setdefault(name, o["id"])

    def find(self, name: str) -> str | None:
        return self.by_name.get(_squash(name))

    def prefix(self, text: str) -> tuple[str, str] | None:
        """The longest known name that text starts with: (name, id)."""
        best = None
        for name, oid in self.by_name.items():
            if len(name) >= 3 and text.startswith(name) and (best is None or len(name) > len(best[0])):
                best = (name, oid)
        return best

    def inside(self, text: str) -> str | None:
        best = None
        for name, oid in self.by_name.items():
            if len(name) >= 3 and name in text and (best is None or len(name) > len(best[0])):
                best = (name, oid)
        return best[1] if best else None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _tidy(s: str) -> str:
    """Drop spaces that PDF extraction puts between Chinese characters; keep one between words."""
    return re.sub(r"\s{2,}", " ", _CJK_GAP.sub("", s.strip()))


def normalize_phone(raw: str) -> str:
    digits = re.sub(r"[^\d]", "", raw)
    if digits.startswith("0") and len(digits) >= 10:
        area = 3 if digits[:3] in {"010", "020", "021", "022", "023", "024", "025", "027", "028", "029"} else 4
        return f"{digits[:area]}-{digits[area:]}"
    return digits


def _date_line(line: str) -> dt.date | None:
    """A line that is nothing but a date (the 成文日期 of a signature)."""
    s = line.strip()
    m = DATE_RE.fullmatch(s)
    return parse_cn_date(s) if m else None


def _names(text: str) -> list[str]:
    parts = [p for p in re.split(r"[\s、，,]+", text.strip()) if p]
    if parts and all(len(p) == 1 for p in parts):
        return ["".join(parts)]  # 沈  戈, 高 原: one name spaced for alignment
    return parts


def _markdown(lines: list[str]) -> str:
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


class _Parser:
    def __init__(self, text: str, orgs: OrgIndex, source_name: str):
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\ufeff", "")
        self.lines = [line.rstrip() for line in text.split("\n")]
        self.orgs = orgs
        self.draft = Draft({})
        self.source_name = source_name

    def nonempty(self, start: int = 0, stop: int | None = None):
        for i in range(start, len(self.lines) if stop is None else stop):
            if self.lines[i].strip():
                yield i, self.lines[i].strip()

    # -------------------------------------------------------------- the top of the notice

    def head(self) -> None:
        rec = self.draft.record
        first = list(self.nonempty())[:14]
        self.doc_idx = None
        for i, s in first:
            if docnum.parse(s):
                self.doc_idx, rec["doc_number"] = i, docnum.normalize(s)
                break
        self.header_orgs = []
        for i, s in first:
            if self.doc_idx is not None and i >= self.doc_idx:
                break
            name = s[:-2].strip() if s.endswith("文件") else s
            if s.endswith("文件") or self.orgs.find(name):
                self.header_orgs.append(_squash(name))
        self.addr_idx = None
        for i, s in first:
            if (s.endswith(("：", ":")) and len(s) < 120 and (s.startswith("各") or re.search("科协|学会|单位|部门", s))
                    and (self.doc_idx is None or i > self.doc_idx)):
                self.addr_idx = i
                break
        start = (self.doc_idx + 1) if self.doc_idx is not None else next(
            (i for i, s in first if _squash(s) not in self.header_orgs), 0)
        title_lines = []
        for i, s in self.nonempty(start, self.addr_idx if self.addr_idx is not None else None):
            if self.addr_idx is None and (len(s) > 45 or s.endswith("。")):
                self.body_start = i
                break
            title_lines.append(s)
        else:
            self.body_start = self.addr_idx if self.addr_idx is not None else start + len(title_lines)
        title = ""
        for j, s in enumerate(title_lines):
            s = _tidy(s)
            joint = j and self.orgs.find(title_lines[j - 1]) and self.orgs.find(s)
            title += (" " if joint else "") + s
        if title:
            rec["title"] = title
        else:
            self.draft.todo("没有找到标题：请填写 title。")
        if self.addr_idx is not None:
            line = self.lines[self.addr_idx].strip().rstrip("：:")
            rec["addressees"] = [p.strip() for p in re.split(r"[，,]|、(?=各)", line) if p.strip()]
            self.body_start = self.addr_idx

    # -------------------------------------------------------------- the end of the main text

    def tail(self) -> None:
        rec = self.draft.record
        self.date_idx = None
        for i, s in self.nonempty(self.body_start):
            d = _date_line(s)
            if d:
                self.date_idx, rec["issued"] = i, d
                break
        self.main_end = (self.date_idx + 1) if self.date_idx is not None else len(self.lines)
        for _, s in self.nonempty(self.body_start):
            if "印发" in s and DATE_RE.search(s):
                rec["printed"] = parse_cn_date(s)
        if "issued" not in rec:
            self.draft.todo("没有找到成文日期（文末单独一行的日期）：如原文有，请填写 issued。")
        signature = []
        if self.date_idx is not None:
            for i in range(self.date_idx - 1, max(self.body_start, self.date_idx - 4), -1):
                s = self.lines[i].strip()
                if not s:
                    continue
                if re.search(r"[。；：:，,]", s) or s.startswith("附件") or NUMBERED.match(s) or len(s) > 60 \
                        or EMAIL_RE.search(s) or PHONE_RE.search(s):
                    break
                signature.insert(0, s)
        names = [n for s in signature for n in re.split(r"\s{2,}", s) if n]
        if names:
            rec["signature"] = " ".join(_squash(n) for n in names)
        self.signature_names = [_squash(n) for n in names]

    def issuers(self) -> None:
        rec = self.draft.record
        candidates = list(dict.fromkeys(self.header_orgs + self.signature_names))
        if not candidates and rec.get("title"):
            hit = self.orgs.prefix(rec["title"])
            if hit:
                candidates = [hit[0]]
            else:
                m = re.match(r"^(.{2,30}?)关于", rec["title"])
                if m:
                    candidates = [p for p in m.group(1).split() if p]
        ids = []
        for name in candidates:
            oid = self.orgs.find(name)
            if oid:
                if oid not in ids:
                    ids.append(oid)
            else:
                ids.append("TODO")
                self.draft.todo(f"发文机关“{name}”不在 data/organizations/ 中：请先用 scitechday new organization "
                                "添加，再把 issuers 中的 TODO 换成它的编号。")
        if not ids:
            ids = ["TODO"]
            self.draft.todo("没有找到发文机关：请在 issuers 中填写组织编号。")
        rec["issuers"] = ids

    # -------------------------------------------------------------- what the text says

    def main_lines(self) -> list[tuple[int, str]]:
        return list(self.nonempty(self.body_start, self.main_end))

    def year(self) -> int | None:
        rec = self.draft.record
        m = re.search(r"((?:19|20)\d{2})\s*年", rec.get("title", ""))
        if m:
            return int(m.group(1))
        if rec.get("doc_number"):
            return docnum.parse(rec["doc_number"]).year
        if rec.get("issued"):
            return rec["issued"].year
        return None

    def theme_and_period(self) -> None:
        rec = self.draft.record
        lines = self.main_lines()
        year = self.year()
        for k, (_, s) in enumerate(lines):
            m = TOP_HEADING.match(s) or SUB_HEADING.match(s)
            label = (m.group("text") if m else s).strip()
            inline = re.match(r"^(活动主题|节日主题|主题|活动时间|时间)\s*[:：]\s*(.+)$", label)
            key, value = None, None
            if inline:
                key, value = inline.group(1), inline.group(2)
            elif m and re.fullmatch(r"(活动主题|节日主题|主题)", label):
                key, value = "主题", lines[k + 1][1] if k + 1 < len(lines) else None
            elif m and re.fullmatch(r"(活动时间|时间安排)", label):
                key, value = "时间", lines[k + 1][1] if k + 1 < len(lines) else None
            if not value:
                continue
            if "主题" in key and "theme" not in rec:
                theme = re.sub(r"\s+", " ", value.strip().rstrip("。"))
                if theme.startswith("“") and theme.endswith("”") and theme.count("“") == 1:
                    theme = theme[1:-1].strip()
                rec["theme"] = theme
            elif "时间" in key and "period" not in rec:
                text = value.strip().rstrip("。．.")
                rec["period"] = {"text": text}
                span = parse_period(text, year)
                if span:
                    rec["period"]["start"], rec["period"]["end"] = span
                else:
                    self.draft.todo(f"活动时间“{text}”无法换算成日期：请填写 period.start 和 period.end。")
        if "theme" not in rec:
            m = re.search(r"主题为“(.+?)”的", "".join(s for _, s in lines))
            if m:
                rec["theme"] = _tidy(m.group(1))
        if year is None:
            self.draft.todo("没有找到年份：请填写 year。")
        else:
            rec["year"] = year

    def deadlines(self) -> None:
        rec = self.draft.record
        flat = "".join(_squash(s) for _, s in self.main_lines())
        year = self.year()
        found = []
        pattern = re.compile(r"(?P<date>(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日|底|末|上旬|中旬|下旬))(?P<before>前|之前|以前)?")
        for m in pattern.finditer(flat):
            before, after = flat[max(0, m.start() - 1): m.start()], flat[m.end(): m.end() + 1]
            if re.match(r"[至到\-—–~～－]", after) or re.match(r"[至到\-—–~～－]", before) or \
                    (m.start() >= 4 and re.match(r"\d{4}年", flat[m.start() - 5: m.start()])):
                continue
            # the clause after the date, from a bounded window: slicing to the end of the text for
            # every date made the scan quadratic (350 KB of dates took 86 s)
            sentence = re.split(r"[。；;]", flat[m.end(): m.end() + 300], maxsplit=1)[0]
            clause = re.split(r"[，,](?=\d{1,2}月|并于|并在|同时)", sentence, maxsplit=1)[0]
            verb = SUBMIT_VERBS.search(clause)
            if not verb:
                continue
            span = parse_period(m["date"], year)
            if not span:
                continue
            what = clause
            what = re.sub(r"^(?:将|把|向[^，,]{1,20}?(?=报送|提交|报)|按要求)", "", what)
            recipient = None
            r = re.search(r"(?:报送|报至|上报|报到|发送至|报送至|提交至|交至)(?:至|到|给)?(?P<to>[^，,（(]{2,30})", clause)
            if r and re.search(r"科协|部|室|处|办|中心|学会|协会|局|邮箱", r.group("to")):
                recipient = r.group("to")
            to = re.match(r"^向(?P<to>[^，,]{2,20}?)(?:报送|提交|报)", clause)
            if to:
                recipient = to.group("to")
            deadline = {"date": span[1], "text": m["date"] + (m["before"] or ""), "what": what[:80] or "TODO"}
            if recipient:
                deadline["recipient"] = recipient
            found.append(deadline)
        if found:
            rec["deadlines"] = found
            self.draft.todo("报送要求的“报送内容”（what）是从原文截取的，请核对并改写为简明的说法。")

    def contacts(self) -> None:
        rec = self.draft.record
        groups: list[dict] = []
        issuers = [o for o in rec.get("issuers", []) if o != "TODO"]
        for _, s in self.main_lines():
            line = s.strip()
            name = re.match(r"^(?P<pre>.*?)联\s*系\s*人\s*[:：]\s*(?P<rest>.+)$", line)
            if name:
                rest = name.group("rest")
                phones = [normalize_phone(p) for p in PHONE_RE.findall(rest)]
                rest = PHONE_RE.sub(" ", rest).strip()
                department = name.group("pre").strip()
                people = []
                chunks = [c for c in re.split(r"\s{2,}|[、，,]", rest.strip()) if c.strip()]
                if chunks and all(len(_squash(c)) == 1 for c in chunks):
                    chunks = ["".join(_squash(c) for c in chunks)]  # 沈  戈: one name spaced to fit
                for chunk in chunks:
                    m = re.match(r"^(?P<dept>.+?(?:部|室|处|办公室|中心))(?P<who>[^部室处]{2,4})$", _squash(chunk))
                    if m:
                        department = department or m.group("dept")
                        chunk = m.group("who")
                    people += _names(chunk)
                dept = re.sub(r"^.*?(科学技术协会|科协|学会|协会|局)(?=.)", "", _squash(department))
                group = {"names": people, "department": dept or None, "phone": phones[0] if phones else None}
                groups.append(group)
                continue
            if not groups:
                continue
            group = groups[-1]
            kv = re.match(r"^(?P<k>联系电话|电\s*话|联系方式|手机|座机|传\s*真|电子邮箱|电子信箱|邮箱|E-?mail|邮寄地址|通讯地址|地址)"
                          r"\s*[:：]\s*(?P<v>.+)$", line, re.I)
            if not kv:
                continue
            k, v = _squash(kv.group("k")), kv.group("v").strip()
            if "传真" in k:
                phones = PHONE_RE.findall(v)
                group["fax"] = normalize_phone(phones[0]) if phones else None
            elif re.search("邮箱|信箱|mail", k, re.I):
                email = EMAIL_RE.search(v)
                group["email"] = email.group(0) if email else None
            elif "地址" in k:
                group["address"] = v
            else:
                phones = PHONE_RE.findall(v)
                if phones and not group.get("phone"):
                    group["phone"] = normalize_phone(phones[0])
        out = []
        for g in groups:
            for person in g["names"] or [None]:
                c = {"name": person}
                if len(issuers) == 1:
                    c["organization"] = issuers[0]
                for key in ("department", "phone", "fax", "email", "address"):
                    if g.get(key):
                        c[key] = g[key]
                out.append({k: v for k, v in c.items() if v})
        if out:
            rec["contacts"] = out

    def attachments(self) -> None:
        rec = self.draft.record
        titles = []
        lines = self.main_lines()
        for k, (_, s) in enumerate(lines):
            s = re.sub(r"^-\s+", "", s)
            m = re.match(r"^附\s*件\s*[:：]\s*(?P<rest>.+)$", s)
            if not m:
                continue
            first = m.group("rest").strip()
            titles.append(re.sub(r"^\d+\s*[.、．]\s*", "", first))
            for _, more in lines[k + 1:]:
                n = NUMBERED.match(more)
                if not n:
                    break
                titles.append(n.group("text").strip())
            break
        if titles:
            rec["attachments"] = [{"title": _tidy(t), "kind": "form" if re.search("表", t) else "text"} for t in titles]
            self.draft.todo("附件内容（content）需要整理：表格请写成 Markdown 表格。")

    def based_on(self) -> None:
        rec = self.draft.record
        flat = "".join(_squash(s) for _, s in self.main_lines())
        refs = []
        for m in re.finditer(r"根据(?P<pre>[^《》，。；]{0,20}?)《(?P<title>[^》]{4,120})》"
                             r"(?:[（(](?P<doc>[^）)]{2,40}?)[）)])?", flat):
            ref = {"title": m["title"]}
            doc = docnum.normalize(m["doc"] or "")
            if doc:
                ref["doc_number"] = doc
            issuer = self.orgs.inside(m["pre"]) if m["pre"] else None
            if not issuer:
                hit = self.orgs.prefix(m["title"])
                issuer = hit[1] if hit else None
            if issuer:
                ref["issuer"] = issuer
            refs.append(ref)
        if refs:
            rec["based_on"] = refs

    def activities(self) -> None:
        rec = self.draft.record
        lines = self.main_lines()
        start = next((k for k, (_, s) in enumerate(lines) if TOP_HEADING.match(s)
                      and SECTION_ACTIVITIES.search(TOP_HEADING.match(s).group("text"))), None)
        if start is None:
            return
        section = []
        for _, s in lines[start + 1:]:
            if TOP_HEADING.match(s):
                break
            section.append(s)
        items: list[dict] = []
        stage = re.compile(rf"^第[{_CN}]+阶段[（(]")
        for s in section:
            sub, num = SUB_HEADING.match(s), NUMBERED.match(s)
            if sub and stage.match(sub.group("text")):
                continue  # a stage (see stages()), not an activity
            if sub:
                items.append({"text": sub.group("text"), "children": [], "heading": True})
            elif num and items and items[-1]["heading"]:
                items[-1]["children"].append(num.group("text"))
            elif num:
                items.append({"text": num.group("text"), "children": [], "heading": False})
            elif items:
                if items[-1]["children"]:
                    items[-1]["children"][-1] += s
                else:
                    items[-1]["text"] += s
        texts = []
        for item in items:
            texts += item["children"] or [item["text"]]
        acts = []
        for t in texts:
            t = t.strip()
            title = re.split(r"[。；]", t, maxsplit=1)[0]
            acts.append({"title": _tidy(title[:60]), "description": _tidy(t)})
        if acts:
            rec["activities"] = acts
            self.draft.todo("活动（activities）按编号条目拆分：请核对标题，补充类别、主办单位、时间和地点。")

    def stages(self) -> None:
        rec = self.draft.record
        year = self.year()
        stages = []
        for _, s in self.main_lines():
            m = re.match(rf"^[（(][{_CN}]+[）)]\s*(?P<name>第[{_CN}]+阶段)\s*[（(](?P<when>[^）)]+)[）)][。．]?(?P<focus>.*)$", s)
            if not m:
                continue
            stage = {"name": m["name"], "text": m["when"]}
            span = parse_period(m["when"], year)
            if span:
                stage["start"], stage["end"] = span
            if m["focus"].strip():
                stage["focus"] = m["focus"].strip()
            stages.append(stage)
        if stages:
            rec["stages"] = stages

    def finish(self) -> None:
        rec = self.draft.record
        title = rec.get("title", "")
        rec["kind"] = "实施方案" if "实施方案" in title else ("活动方案" if title.endswith("方案") else "通知")
        rec["observance"] = "中国科协会员日" if "会员日" in title + "".join(s for _, s in self.main_lines()[:5]) \
            else "全国科技工作者日"
        body = [s for _, s in self.nonempty(self.body_start, self.main_end)]
        printed = [s for _, s in self.nonempty(self.main_end) if "印发" in s and DATE_RE.search(s)]
        rec["body"] = _markdown(body + [re.sub(r"\s{2,}", "　", p) for p in printed])
        rec["sources"] = [{"file": self.source_name, "note": "由 scitechday import 导入的草稿"}]
        self.draft.todo("来源（sources）：请填写原文网址（url）和获取日期（retrieved），或保留原始文件名。")


def parse_notice(text: str, orgs: list[dict], source_name: str = "") -> Draft:
    p = _Parser(text, OrgIndex(orgs), source_name)
    p.head()
    p.tail()
    p.issuers()
    p.theme_and_period()
    p.deadlines()
    p.contacts()
    p.attachments()
    p.based_on()
    p.activities()
    p.stages()
    p.finish()
    return p.draft
