"""Contacts (联系方式): labelled or not, several people per line, a second phone joined by 、."""

from __future__ import annotations

import re

from scitechday.editing.importer.draft import Draft
from scitechday.editing.importer.orgs import OrgIndex
from scitechday.editing.importer.segment import Segments
from scitechday.editing.importer.text import EMAIL_RE, PHONE_RE, normalize_phone, squash

_LABEL = re.compile(r"^(?P<pre>.*?)联\s*[系络]\s*人(?:及(?:联系)?(?:电话|方式))?\s*[:：]\s*(?P<rest>.+)$")  # 联络人: 港台
_KV = re.compile(r"^(?P<k>联系电话|电\s*话|联系方式|手\s*机|座\s*机|办公电话|传\s*真|电子邮箱|电子信箱|邮\s*箱|E-?mail|邮寄地址|"
                 r"通讯地址|地\s*址)\s*[:：]\s*(?P<v>.+)$", re.I)
_HAN = r"[\u4e00-\u9fff]"
_NAME = _HAN + "{2,4}"
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[（(]\d{1,2}[）)]|\d{1,2}(?:[.．]\d{1,2})+"
                        r"|\d{1,2}[.、．])")  # 4.2 联系人：… is numbered, not the department 2
_BARE = re.compile(rf"^(?:联系方式[:：]\s*)?(?P<who>{_NAME}(?:同志|老师)?)\s*[，,：:（(]?\s*(?:电话|手机|联系电话)?[:：]?\s*"
                   rf"(?P<phone>{PHONE_RE.pattern})\s*[）)]?(?:[，,；;\s]*(?:(?:电子)?邮箱[:：]?\s*)?(?P<email>{EMAIL_RE.pattern}))?"
                   r"[；;。]?$")
_LABEL_WORD = re.compile(r"^(?:联系|工作|办公|办公室|咨询|值班|固定|移动|服务|报名|热线)?"
                         r"(?:电话|手机|方式|座机|邮箱|电子邮箱|传真|E-?mail|热线|微信)(?:号码|同号)?[:：]?", re.I)
# what a contact line adds that is no way to reach a person by phone: QQ and WeChat ids, postcodes
_NOT_PHONE = re.compile(r"(?:QQ群?|微信号?|微信群|邮\s*编|邮政编码)\s*[:：]?\s*[\w-]+", re.I)
_DEPT = re.compile(r"^(?P<dept>.{1,12}?(?:部|室|处|办公室|中心|科室))(?P<who>[\u4e00-\u9fff]{2,4})$")
# the name of a unit (市科协, 市教育局, 县科技局), which a person's name never ends with
_UNIT = re.compile(r"(?:科协|学会|协会|研究会|委员会|局|厅|委|院|校|馆|台)$")
# a way to reach the unit for one purpose (投稿邮箱, 报名电话), which a person's name never ends with
_PURPOSE = re.compile(r"(?:邮箱|信箱|邮件|电话|手机|传真|热线|微信|E-?mail)$", re.I)
_FOR_WORK = re.compile(r"(?:投稿|报名|报送|材料|作品|征集|申报)[\u4e00-\u9fff]{0,2}(?:(?:邮箱|信箱|E-?mail)\s*[:：]?\s*)?$", re.I)
# what stands before a second contact's name on the same line
_ROLE_BEFORE = re.compile(r"^(?:技术支持|技术咨询|业务咨询|咨询|报名咨询|值班)[:：]?")


def _department(pre: str, orgs: OrgIndex) -> str | None:
    pre = squash(pre).strip("：:，,")
    if not re.search(r"[\u4e00-\u9fff]", pre):  # digits or marks: no department
        return None
    hit = orgs.prefix(pre)
    if hit and len(pre) > len(hit[0]):
        pre = pre[len(hit[0]):]
    else:  # 市科协学会部 → 学会部; 学会秘书处 (the issuing society's) → 秘书处, but 学会部 stays
        pre = re.sub(r"^.{0,12}?(?:科学技术协会|科协)(?=.{2,})|^(?:本会|学会|协会)(?=.{2,}(?:处|部|室|中心)$)", "", pre)
    return pre or None


# a line naming only the department whose contacts follow (学会秘书处 over 联系人：…)
_DEPT_LINE = re.compile(r"^(?P<dept>[\u4e00-\u9fff]{2,14}?(?:秘书处|办公室|部|室|处|中心))[:：]?$")


def _people(rest: str, orgs: OrgIndex) -> tuple[list[dict], list[str]]:
    """The text after 联系人： → [{name, department?, phone?}] in order, and the addresses on it that are nobody's
    for sure (several, and no name beside each; an address for a purpose: 投稿邮箱：…)."""
    people: list[dict] = []
    phones: list[tuple[int, str]] = []
    dept = org = None
    shared = {}
    rest = _NOT_PHONE.sub(" ", rest)
    both = re.search(rf"(?:电话|座机)\s*(?:/|及|和|、)\s*传\s*真\s*[:：]?\s*({PHONE_RE.pattern})"
                     rf"|({PHONE_RE.pattern})\s*[（(](?:兼|同|也是)?传\s*真[）)]", rest)
    if both:  # 电话/传真：0999-1 or 0999-1（兼传真）: one number for both
        shared["fax"] = normalize_phone(both.group(1) or both.group(2))
        rest = rest[:both.start()] + " " + (both.group(1) or both.group(2)) + " " + rest[both.end():]
    fax = re.search(rf"传\s*真\s*[:：]?\s*({PHONE_RE.pattern})", rest)
    if fax:
        shared["fax"], rest = normalize_phone(fax.group(1)), rest[:fax.start()] + rest[fax.end():]
    emails = EMAIL_RE.findall(rest)
    several = ""
    email = re.search(rf"(?:电子)?(?:邮箱|信箱|E-?mail)\s*[:：]?\s*({EMAIL_RE.pattern})", rest, re.I) or EMAIL_RE.search(rest)
    purpose = ""
    work = _FOR_WORK.search(rest[:email.start()]) if email and len(emails) == 1 else None
    if email and work:  # 投稿邮箱：… is the work's, not the people's
        purpose, rest = email.group(email.lastindex or 0), rest[:work.start()] + rest[email.end():]
    elif email and len(emails) == 1:  # one address: everyone's
        shared["email"], rest = email.group(email.lastindex or 0), rest[:email.start()] + rest[email.end():]
    elif emails:  # several: each to its person (_give_emails), after the names are read
        several, rest = rest, EMAIL_RE.sub(" ", rest)
    rest = re.sub(r"(?<=[\u4e00-\u9fff])[（(](?P<d>[^（）()]{2,20}?(?:部|室|处|办公室|中心))[）)]", r" ＠\g<d> ", rest)
    tokens = [t for t in re.split(rf"({PHONE_RE.pattern})|[\s、，,；;/（）()]+|(?<=\d)或", rest) if t and t.strip()]
    if tokens and all(len(squash(t)) == 1 for t in tokens):
        tokens = ["".join(tokens)]  # 沈  戈: one name spaced to fit
    merged: list[str] = []
    k = 0
    while k < len(tokens):  # 高 原 / 李 红 / 欧 阳 明: a name spaced for alignment (a run of three is one name)
        run = 0
        while k + run < len(tokens) and len(squash(tokens[k + run])) == 1 and re.fullmatch(_HAN, tokens[k + run]):
            run += 1
        if run >= 2:
            size = 3 if run == 3 else 2
            merged += ["".join(tokens[j:j + size]) for j in range(k, k + run - run % size, size)]
            merged += tokens[k + run - run % size:k + run]
            k += run
        else:
            merged.append(tokens[k])
            k += 1
    for t in merged:
        t = t.strip().strip("（）()：:，,")
        if not t or _LABEL_WORD.fullmatch(squash(t)):
            continue
        if PHONE_RE.fullmatch(t):
            phones.append((len(people), normalize_phone(t)))  # how many names stood before it
            continue
        if t.startswith("＠"):  # 孔亮（校科协办公室）: the department after the name
            if people:
                people[-1]["department"] = _department(t[1:], orgs)
            continue
        t = _LABEL_WORD.sub("", squash(t))
        t = re.sub(r"(?:电话|手机)$", "", t)
        t = _ROLE_BEFORE.sub("", t)  # 技术支持：莫凡, 技术支持莫凡: a second contact, not a phone of the first
        if _PURPOSE.search(t):  # 投稿邮箱: a label, never a person
            continue
        if len(re.sub(r"(?:同志|老师)$", "", t)) >= 2:  # 刘老师 stays as the notice names them
            t = re.sub(r"(?:同志|老师)$", "", t)
        if orgs.find(t):
            org, dept = orgs.find(t), None  # a unit of its own: the department before it was another's
            continue
        m = _DEPT.match(t)
        if m and not orgs.find(t):
            dept, t = _department(m["dept"], orgs), m["who"]
        elif _UNIT.search(t):  # 市科协 何平；市教育局 罗琳: a unit, never a person, and not the one before
            dept, org = t, None
            continue
        elif re.search(r"(?:部|室|处|办公室|中心)$", t) and len(t) >= 3:
            dept = _department(t, orgs)
            continue
        if re.fullmatch(_NAME, t):
            people.append({"name": t, **({"department": dept} if dept else {}), **({"organization": org} if org else {}),
                           **({"elsewhere": True} if dept and _UNIT.search(dept) else {})})  # not the issuer's
    _give_phones(people, phones)
    left = _give_emails(people, several) if len(emails) > 1 else [purpose] if purpose else []
    if "email" in shared and not people:
        left = [shared.pop("email")]
    for p in people:
        for key, value in shared.items():
            p.setdefault(key, value)
    return people, left


def _give_emails(people: list[dict], text: str) -> list[str]:
    """Several addresses on one line, each to its person: by the name or department written beside it
    (xhb@example.org（学会部）), else in order when there are as many as people without one. Returns those
    left (the caller asks whose they are): the first address went to everyone once, and the others were lost."""
    found = list(EMAIL_RE.finditer(text))
    free = [p for p in people if "email" not in p]
    left = []
    for m in found:
        beside = text[max(0, m.start() - 12):m.start()] + "|" + text[m.end():m.end() + 14]
        owners = [p for p in free if p["name"] in beside
                  or (p.get("department") and re.search(rf"[（(]{re.escape(p['department'])}[）)]", beside))]
        if len(owners) == 1:
            owners[0]["email"] = m.group(0)
            free.remove(owners[0])
        else:
            left.append(m.group(0))
    if left and len(left) == len(free):
        for p, address in zip(free, left, strict=True):
            p["email"] = address
        return []
    return left


def _give_phones(people: list[dict], phones: list[tuple[int, str]]) -> None:
    """张三 0999-1 李四 0999-2: each phone to the name before it. 张三、李四 电话：0999-1、0999-2: in order.
    张三 李四 电话：0999-1: shared. A phone left over is kept for the notes."""
    if not people or not phones:
        return
    if all(before == len(people) for before, _ in phones):  # every phone after every name
        numbers = [n for _, n in phones]
        if len(numbers) == len(people):
            for p, n in zip(people, numbers, strict=True):
                p["phone"] = n
            return
        for p in people:
            p["phone"] = numbers[0]
        if numbers[1:]:
            people[-1]["more_phones"] = numbers[1:]
        return
    for before, number in phones:
        target = people[before - 1] if before else people[0]
        if "phone" in target:
            target.setdefault("more_phones", []).append(number)
        else:
            target["phone"] = number


# 联系方式：市科协学会部，张三，0999-1234567 — a contact line labelled only as a way to reach someone
_WAYS = re.compile(rf"^(?P<pre>)联系方式\s*[:：]\s*(?P<rest>(?=.*{_NAME}).*(?:{PHONE_RE.pattern}).*)$")
_COLUMNS = {"name": r"^(?:联系人|姓名)$", "department": r"^(?:部门|处室|单位)$", "phone": r"^(?:联系)?(?:电话|手机|方式)$",
            "email": r"^(?:电子)?(?:邮箱|信箱|E-?mail)$"}


def _table_header(cells: list[str]) -> dict[str, int] | None:
    """A table's first row naming its contact columns (联系人 | 部门 | 电话): column → index."""
    found = {}
    for i, cell in enumerate(cells):
        for key, pattern in _COLUMNS.items():
            if key not in found and re.match(pattern, squash(cell), re.I):
                found[key] = i
    return found if "name" in found and ("phone" in found or "email" in found) else None


def _table_row(cells: list[str], header: dict[str, int], orgs: OrgIndex) -> dict | None:
    name = squash(cells[header["name"]])
    if not re.fullmatch(_NAME, name):
        return None
    person: dict = {"name": name}
    dept = _department(cells[header["department"]], orgs) \
        if "department" in header and cells[header["department"]] else None
    if dept:  # a cell holding only 科协 or punctuation names no department
        person["department"] = dept
    phones = PHONE_RE.findall(cells[header["phone"]]) if "phone" in header else []
    if phones:
        person["phone"] = normalize_phone(phones[0])
        if len(phones) > 1:
            person["more_phones"] = [normalize_phone(p) for p in phones[1:]]
    email = EMAIL_RE.search(cells[header["email"]]) if "email" in header else None
    if email:
        person["email"] = email.group(0)
    return person


def contacts(seg: Segments, d: Draft, orgs: OrgIndex) -> None:
    groups: list[list[dict]] = []
    issuers = [o for o in d.facts.get("issuers", []) if o != "TODO"]
    extra: list[str] = []
    unplaced: list[str] = []  # addresses on a contact line that are nobody's for sure
    unlabelled = False
    notes = [re.sub(r"^[（(](.+)[）)]$", r"\1", s) for s in seg.after if re.match(r"^[（(]联\s*系\s*人", s)]  # 附注
    header: dict[str, int] | None = None
    above: str | None = None  # the line before, when it names only a department
    continued = False  # the line before was a contact line
    for raw in seg.body + notes:
        line = raw.strip()
        dept_line, above = above, None
        was_contact, continued = continued, False
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else []
        if cells and header is None:
            header = _table_header(cells)
            if header:
                continue
        if cells and header and len(cells) >= len(header):
            person = _table_row(cells, header, orgs)
            if person:
                groups.append([person])
            continue
        header = None
        label = _LABEL.match(line) or (None if groups else _WAYS.match(line))
        bare = _BARE.match(line) if not label and not _KV.match(line) else None
        if bare and re.search(r"联系|电话|传真|邮箱|地址|手机", bare["who"]):
            bare = None
        if label or bare:
            if label:
                people, left = _people(label["rest"], orgs)
                unplaced += left
                pre_text = re.split(r"[，,。；;：:]", _NUMBERING.sub("", label["pre"]).strip())[-1]
                if re.search(r"请|于|将|报送|前|如有|咨询|事宜", pre_text):  # …报送市科协，联系人：… is a sentence
                    pre_text = ""
                pre = _department(pre_text, orgs) if pre_text else None
                if not pre and not label["pre"].strip() and dept_line:  # 学会秘书处 on the line above 联系人：…
                    pre = _department(dept_line, orgs)
                for p in people:
                    if pre and "department" not in p:
                        p["department"] = pre
            elif bare:
                people = [{"name": re.sub(r"(?:同志|老师)$", "", bare["who"]), "phone": normalize_phone(bare["phone"])}
                          | ({"email": bare["email"]} if bare["email"] else {})]
            if people and bare and was_contact and groups:  # 联系人：张三 0999-1 over 李四 0999-2 (aligned): one group,
                groups[-1] += people  # whose 邮箱 and 地址 lines below are everyone's
                for p in people:
                    dept = groups[-1][0].get("department")
                    if dept and all(q.get("department") == dept for q in groups[-1][:-len(people)]):
                        p.setdefault("department", dept)
            elif people:
                groups.append(people)
                unlabelled = unlabelled or bool(bare)  # a name and a phone with no label: read from the text
            continued = bool(people)
            continue
        above = line if _DEPT_LINE.match(line) and not _NUMBERING.match(line) else None
        if not groups:
            continue
        kv = _KV.match(line)
        if not kv:
            continue
        k, v = squash(kv["k"]), kv["v"].strip()
        group = groups[-1]
        if "传真" in k:
            phones = PHONE_RE.findall(v)
            for p in group:
                p.setdefault("fax", normalize_phone(phones[0])) if phones else None
        elif re.search("邮箱|信箱|mail", k, re.I):
            if len(EMAIL_RE.findall(v)) > 1:  # each to its person, or asked for
                unplaced += _give_emails(group, v)
            elif email := EMAIL_RE.search(v):
                for p in group:
                    p.setdefault("email", email.group(0))
        elif "地址" in k:
            for p in group:
                p.setdefault("address", v)
        else:
            phones = [normalize_phone(x) for x in PHONE_RE.findall(v)]
            free = [p for p in group if "phone" not in p]
            if len(free) == len(phones) and len(phones) > 1:  # 张三、李四 / 0999-1、0999-2: in order
                for p, ph in zip(free, phones, strict=True):
                    p["phone"] = ph
            elif phones:
                for p in free:
                    p["phone"] = phones[0]
                if free and len(phones) > 1:  # 电话：0999-1或138…: the second number of the same people
                    free[-1].setdefault("more_phones", []).extend(phones[1:])
                elif len(phones) > 1 or not free:
                    extra.append(line)
    out = []
    for group in groups:
        for p in group:
            c = {"name": p["name"]}
            if p.get("organization") or (len(issuers) == 1 and not p.get("elsewhere")):
                c["organization"] = p.get("organization") or issuers[0]
            for key in ("department", "phone", "fax", "email", "address"):
                if p.get(key):
                    c[key] = p[key]
            if p.get("more_phones"):
                extra.append(f"{p['name']}的另一个电话：" + "、".join(p["more_phones"]))
            out.append(c)
    if out:
        d.facts["contacts"] = out
        d.sure("contacts", "中" if unlabelled else "高")
    if extra:
        d.facts["more_phones"] = extra
    if unplaced:
        d.todo(f"联系方式中的邮箱“{'”“'.join(dict.fromkeys(unplaced))}”无法确定是哪位联系人的（或是某项工作专用的邮箱）："
               "请对照原文填入对应联系人的 email，或报送要求（deadlines）的 email。")
