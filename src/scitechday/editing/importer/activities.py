"""Activities (活动): the numbered items of a notice's 活动内容/主要活动/活动安排 sections, its 日程安排
(a date line over 上午：X lines, or one session a line: 5月30日上午  开幕式  科技馆报告厅), or a table of activities.

Each item gives a title (its heading, up to the first full stop or colon) and, where the item states
them, a period (时间：…, or a date opening its text), a location (地点：…, 在…举办), the organizers
(主办单位：…, 由…主办) and partners (协办/支持/合作/联合单位: the site labels them 合作, so never 承办, which no activity
field holds: it stays in the description, and a note names it), whom it is for (参加对象：…) and how large (规模：…,
参加人数约200人; asked for when no one number says it).
An item that only labels the campaign's theme or time is no activity; an item that lists activities
(主要活动。走访慰问、座谈交流。) gives one per name.
"""

from __future__ import annotations

import re
from itertools import takewhile

from scitechday.editing.importer.body import _NUM, read_period
from scitechday.editing.importer.draft import Draft, allowed, first_allowed
from scitechday.editing.importer.orgs import OrgIndex
from scitechday.editing.importer.segment import Segments
from scitechday.editing.importer.text import CN, NUMBERED, SUB_HEADING, TOP_HEADING, date_only, tidy, unquote

SECTION = re.compile(r"活动内容|主要内容|重点任务|工作内容|活动安排|主要活动|具体安排|近期重点任务|任务流程|重点活动|系列活动|"
                     r"日程安排|活动项目|活动日程|(?:线上|线下|网上|现场|特色|配套|专项|主题|集中)活动$")
_STAGE = re.compile(rf"^第[{CN}]+阶段[（(]")
_NOT_AN_ACTIVITY = re.compile(r"^(?:活动|节日|宣传)?(?:主题|时间|地点|对象|范围|目的|要求)(?:[:：为是]|$)")
_LISTING = re.compile(r"^(?:主要|具体|系列|重点)?活动(?:内容|项目)?$")
_KEY = (r"(?:活动|举办|举行)?时间|(?:活动|举办|举行)?地点|主办单位|主办|组织单位|牵头单位|承办单位|承办|"
        r"协办单位|协办|支持单位|合作单位|联合单位|(?:参加|参与|活动|面向|服务)?(?:对象|人员)|(?:活动)?规模|"
        r"(?:参加|参与|参会)?人数")
# the roles an activity's partners (site label 合作) may have: what the text calls 合作, 协办, 联合, 支持 — not 承办
_PARTNER_KEYS = ("协办单位", "协办", "支持单位", "合作单位", "联合单位")
_FIELD = re.compile(rf"^(?P<key>{_KEY})\s*[:：为]\s*(?P<value>[^；;。]+)")
# where an item's labelled fields part: a full stop, a semicolon, a new line, or a comma before the next label
# (时间：5月30日上午，地点：测试市科技馆报告厅，主办单位：…)
_FIELD_END = re.compile(rf"[；;。\n]|[，,]\s*(?=(?:{_KEY})\s*[:：])")
_LEADING_SPAN = re.compile(rf"^(?:于|定于|拟于|计划于|将于)?(?P<p>(?:[\d{_NUM}]{{4}}年)?[\d{_NUM}]{{1,3}}月[^，,。；在于]{{0,16}}?"
                           r"(?:上午|下午|晚上|全天)?"
                           r"|(?:(?:19|20)\d{2}\.)?(?:1[0-2]|0?[1-9])\.(?:3[01]|[12]\d|0?[1-9])(?![\d.])"  # 9.16在…举办
                           r"(?:\s*[-—–~～至]\s*(?:(?:1[0-2]|0?[1-9])\.)?(?:3[01]|[12]\d|0?[1-9])(?![\d.]))?"
                           rf"|(?:自|从)?即日起(?:至|到)[\d{_NUM}]{{1,3}}月[^，,。；在于]{{0,8}}?)"
                           r"(?=[，,]|期间|在|举办|举行|召开|开展|组织|集中|上午|下午|晚上|全天|$)")
_HELD_AT = re.compile(r"在(?P<where>[^，,。；在]{2,24}?)(?:举办|举行|召开)")
# 由A、B共同主办 / 联合举办: 共同, 联合 say how they hold it, not who (a TODO asked to add the body “市科技局共同”)
_JOINTLY = r"(?:共同|联合|一起|携手|一道|一同)"
_BY = re.compile(rf"由(?P<who>[^，,。；由]{{2,40}}?)(?:{_JOINTLY}?(?:主办|牵头|组织)|{_JOINTLY}举办)")
# …主办，常州市某某学会承办 / 由A、B共同承办 / 市科技馆负责承办: the body that runs it (no field of an activity yet)
_HOSTED = re.compile(rf"(?:^|[，,；;。]|由)(?P<who>[^，,。；;由]{{2,40}}?)(?:负责)?{_JOINTLY}?承办(?!单位)")
# 参加人数约200人 / 规模约500人 / 约200人参加: how large, as printed, where one number says it
_SCALE = re.compile(rf"(?:(?:参加|参与|参会|出席|与会)(?:人员|人数)|人数|规模)(?:预计|预计为|约为|为|达|达到)?\s*(?P<n>(?:约|近|超过|逾|"
                    rf"不少于|预计)?\s*[\d{_NUM}百千万]+\s*(?:余|多)?\s*(?:人次|人|名)(?:左右|以上)?)"
                    rf"|(?P<m>(?:约|近|超过|逾|不少于|预计)?\s*\d+\s*(?:余|多)?\s*(?:人次|人|名)(?:左右|以上)?)(?=(?:参加|参与|参会|出席))")
_NAMES = re.compile(r"[、，,；;]|\s+|(?<=[会协局厅部室心院学])(?:和|及|与)")
_SCHEDULE = re.compile(r"^(?P<when>上午|下午|晚上|全天|\d{1,2}[:：]\d{2}(?:\s*[-—至~～]\s*\d{1,2}[:：]\d{2})?)\s*[:：]\s*(?P<what>.+)$")
# a session on one line: 5月30日上午 开幕式 测试市科技馆报告厅 / 五月三十一日（星期六）9:00-11:30：专题报告会（二楼会议室）
_CLOCK = r"\d{1,2}[:：]\d{2}(?:\s*[-—至~～]\s*\d{1,2}[:：]\d{2})?"
_SESSION = re.compile(rf"^(?P<when>(?:[\d{_NUM}]{{4}}\s*年\s*)?[\d{_NUM}]{{1,3}}\s*月\s*[\d{_NUM}]{{1,3}}\s*[日号]"
                      rf"(?:\s*[（(](?:星期|周)[一二三四五六日天][）)])?\s*(?:上午|下午|晚上|全天)?\s*(?:{_CLOCK})?)"
                      r"(?:\s*[:：]\s*|\s+)(?P<what>[^\s:：].*)$")
# what a session's place is called; a title that goes somewhere (走进科技馆) is no place
_PLACE = re.compile(r"(?:厅|室|馆|中心|广场|礼堂|会场|大厦|大楼|楼|层|校区|基地|社区|学校|大学|学院|医院|公园|园区|村|街道"
                    r"|线上|云端|直播间)$")
_GOING = re.compile(r"^(?:走进|走访|参观|进|赴|到|前往|开展|举办|组织|慰问|服务)")


def _items(lines: list[tuple[int, str]]) -> list[dict]:
    """The section's lines → items: {title text, body lines, children}; numbered lines under a （一）
    heading are its children (activities of their own, or the heading's labelled fields)."""
    items: list[dict] = []
    for at, s in lines:
        sub, num = SUB_HEADING.match(s), NUMBERED.match(s)
        if sub and _STAGE.match(sub.group("text")):
            continue  # a stage (body.stages), not an activity
        if sub:
            items.append({"text": sub.group("text"), "lines": [], "children": [], "heading": True, "at": {at}})
        elif num and items and items[-1]["heading"] and not _FIELD.match(num.group("text")):
            items[-1]["children"].append({"text": num.group("text"), "lines": []})
            items[-1]["at"].add(at)
        elif num and not (items and _FIELD.match(num.group("text"))):
            items.append({"text": num.group("text"), "lines": [], "children": [], "heading": False, "at": {at}})
        elif items:
            target = items[-1]["children"][-1] if items[-1]["children"] else items[-1]
            target["lines"].append(num.group("text") if num else s)
            items[-1]["at"].add(at)
    return items


TITLE_MAX = 60
# a title whose first comma opens the item's fields: 科普讲座进社区，地点：市民广场 / 青年科技工作者沙龙，5月29日下午在…举办
_TITLE_THEN_FIELDS = re.compile(rf"^(?P<t>[^。；;：:，,]{{2,{TITLE_MAX}}})[，,]\s*(?P<rest>(?:(?:{_KEY})\s*[:：]"
                                rf"|(?:于|定于|拟于|计划于|将于)?(?:[\d{_NUM}]{{4}}年)?[\d{_NUM}]{{1,3}}月).*)$")


def _title(text: str) -> tuple[str, str]:
    """(title, the rest): 举办座谈会。5月30日…  /  科普作品征集：作品请于…  /  “科学之夜”（9月20日）. A first sentence
    longer than TITLE_MAX ends its title at its last comma within that length, else it is the title whole: it
    was cut at 60 characters, inside a word (…干事 of 干事创业)."""
    text = re.sub(r"(?<=[\u4e00-\u9fff”）)])\.(?:\s+|$)", "。", text)  # 科普开放日. 9.16在…: English text's full stop
    m = _TITLE_THEN_FIELDS.match(text.strip()) or \
        re.match(rf"^(?P<t>[^。；;：:]{{2,{TITLE_MAX}}}?)(?:[。；;：:]|$)(?P<rest>.*)$", text.strip())
    if m:
        return unquote(tidy(m["t"])), m["rest"].strip()
    first = re.match(r"^(?P<t>[^。；;：:]+)(?:[。；;：:]|$)(?P<rest>.*)$", text.strip())
    sentence, rest = (first["t"], first["rest"].strip()) if first else (text.strip(), "")
    comma = max(sentence.rfind(c, 0, TITLE_MAX) for c in "，,")
    comma = comma if comma >= 2 else sentence.rfind("、", 0, TITLE_MAX)
    if comma >= 2:
        return unquote(tidy(sentence[:comma])), (sentence[comma + 1:] + ("。" + rest if rest else "")).strip()
    return unquote(tidy(sentence)), rest


def _organizers(text: str, orgs: OrgIndex, d: Draft, title: str) -> list[str]:
    ids = []
    for name in _NAMES.split(text):
        name = name.strip()
        if not name or re.match(r"^(?:各|有关|相关)", name):  # 各区县科协: bodies of a kind, not one organization
            continue
        oid = orgs.find(name)
        if oid and oid not in ids:
            ids.append(oid)
        elif not oid:
            d.todo(orgs.missing(name, f"活动“{title}”的主办单位", "再把它的编号填入 organizers。"))
    return ids


def _activity(title: str, rest: str, year: int | None, d: Draft, orgs: OrgIndex, whole: str | None = None) -> dict:
    """An activity from its title and the rest of its text; whole: the item's text as written (its
    description; else the title and the rest joined)."""
    act: dict = {"title": title}
    fields: dict[str, str] = {}
    for part in _FIELD_END.split(rest):
        m = _FIELD.match(part.strip())
        if m:
            fields.setdefault(re.sub(r"^(?:活动|举办|举行)", "", m["key"]), m["value"].strip())
    when = fields.get("时间")
    if when is None:
        lead = _LEADING_SPAN.match(rest)
        when = lead["p"] if lead else None
    if when:
        period, _ = read_period(when, year, d.facts.get("issued"))
        first, *more = re.split(r"[，,]", when, maxsplit=1)
        if "start" not in period and more and not re.search(rf"[\d{_NUM}]\s*[月日号]|旬", more[0]):
            period, _ = read_period(first, year, d.facts.get("issued"))  # 5月30日，每天9:00开始: the date before the comma
        if "start" in period:
            act["period"] = period
    held = _HELD_AT.search(rest)
    where = fields.get("地点") or (held["where"] if held else None)
    if where and fields.get("地点"):  # 地点：市民广场，面向社区居民 → 市民广场; 市民广场，测试大学礼堂 stays whole
        parts = re.split(r"[，,]", where)
        where = "，".join(parts[:1] + list(takewhile(_place, (p.strip() for p in parts[1:]))))
    if where:
        act["location"] = tidy(where)
    who = next((fields[k] for k in ("主办单位", "主办", "组织单位", "牵头单位") if k in fields), None)
    by = _BY.search(rest)
    who = who or (by["who"] if by else None)
    if who:
        ids = _organizers(who, orgs, d, title)
        if ids:
            act["organizers"] = ids
    found = []  # partners: only the roles the site's 合作 does not misname (协办, 支持, 合作, 联合)
    for key in (k for k in _PARTNER_KEYS if k in fields):
        for name in (n.strip() for n in _NAMES.split(fields[key])):
            if not name or re.match(r"^(?:各|有关|相关)", name):
                continue
            if oid := orgs.find(name):
                found.append(oid)
            else:  # kept in the description, asked for as the organizers are
                d.todo(orgs.missing(name, f"活动“{title}”的{key if key.endswith('单位') else key + '单位'}",
                                    "再把它的编号填入 partners。"))
    if found:
        act["partners"] = list(dict.fromkeys(found))
    hosted = _HOSTED.search(re.sub(r"承办单位\s*[:：为]", "", rest))
    hosts = next((fields[k] for k in ("承办单位", "承办") if k in fields), None) or (hosted["who"] if hosted else None)
    if hosts:  # 承办 is no partner (the site says 合作): no activity field holds it yet; a note, and the description
        hosts = re.split(r"主办[，,、]?", hosts)[-1]
        names = [n.strip() for n in _NAMES.split(hosts) if n.strip() and not re.match(r"^(?:各|有关|相关)$", n.strip())]
        if names:
            act["hosts"] = [tidy(n) for n in names]
    audience = next((v for k, v in fields.items() if k.endswith(("对象", "人员"))), None)
    if audience:
        act["audience"] = tidy(audience)
    scale = next((v for k, v in fields.items() if k.endswith(("规模", "人数"))), None)
    counts = [m["n"] or m["m"] for m in _SCALE.finditer(rest)] if not scale else []
    if scale:
        act["scale"] = tidy(scale)
    elif len(counts) == 1:
        act["scale"] = re.sub(r"\s+", "", counts[0])
    elif counts or re.search(r"人数|规模", rest):  # two numbers (每场50人，共10场), or 人数不限: not one size for sure
        d.todo(f"活动“{title}”写明了规模或人数，但读不出一个：请对照原文填写这项活动的 scale（照录原文，如 `scale: 约200人`）。")
    act["description"] = tidy(whole.replace("\n", "；") if whole else title + ("。" + rest.replace("\n", "；") if rest else ""))
    return act


def _from_items(items: list[dict], year: int | None, d: Draft, orgs: OrgIndex, used: set[int]) -> list[dict]:
    acts = []
    for item in items:
        text = item["text"] + "".join(item["lines"])
        title, rest = _title(item["text"])
        if _NOT_AN_ACTIVITY.match(tidy(item["text"])):
            continue
        used |= item["at"]
        if item["children"]:
            if rest and item["lines"]:  # （四）为科技工作者办一批实事好事。深入了解…, then a lead-in, then 1. 2. …:
                acts.append(_activity(title, rest, year, d, orgs, item["text"]))  # an activity too, not only a label
            for child in item["children"]:
                t, r = _title(child["text"])
                acts.append(_activity(t, "\n".join(filter(None, [r, *child["lines"]])), year, d, orgs,
                                      "\n".join([child["text"], *child["lines"]])))
            continue
        names = [n.strip() for n in re.split(r"[、，,]", rest.rstrip("。")) if n.strip()]
        if _LISTING.match(title) and len(names) >= 2 and all(len(n) <= 12 for n in names):
            acts += [{"title": n, "description": tidy(text)} for n in names]  # 主要活动。走访慰问、座谈交流。
            continue
        acts.append(_activity(title, "\n".join(filter(None, [rest, *item["lines"]])), year, d, orgs,
                              "\n".join([item["text"], *item["lines"]])))
    return acts


def _schedule(lines: list[tuple[int, str]], year: int | None, d: Draft, orgs: OrgIndex, used: set[int]) -> list[dict]:
    """日程安排: a date on its own line, then 上午：X / 全天：X lines, each an activity on that day."""
    acts: list[dict] = []
    day = None
    for at, s in lines:
        if date_only(s):
            day = s.strip()
            continue
        m = _SCHEDULE.match(s)
        if m and day:
            used.add(at)
            act = _activity(_title(m["what"])[0], _title(m["what"])[1], year, d, orgs)
            act["period"] = read_period(day, year)[0]
            act["description"] = tidy(f"{day}{m['when']}：{m['what']}")
            acts.append(act)
    return acts


def _place(text: str) -> bool:
    return len(text) <= 25 and bool(_PLACE.search(text)) and not _GOING.match(text)


def _title_and_place(what: str) -> tuple[str, str | None]:
    """A session's words → (title, place): a labelled place (，地点：…), the columns of an aligned line
    (开幕式  科技馆报告厅), a place in brackets at the end (专题报告会（二楼会议室）) or the last of words set apart by
    single spaces, each only when it names a place; else the words are the title whole."""
    what = what.strip().rstrip("。")
    labelled = re.search(r"[，,；;]?\s*地点\s*[:：]\s*(?P<p>[^，,；;：:]+)$", what)
    if labelled:
        return what[:labelled.start()].strip(), labelled["p"].strip()
    columns = [c.strip() for c in re.split(r"\t+| {2,}", what) if c.strip()]
    if len(columns) >= 2:
        return columns[0], columns[1] if _place(columns[1]) else None
    bracket = re.fullmatch(r"(?P<t>.+?)[（(](?:地点[:：])?(?P<p>[^（）()]+)[）)]", what)
    if bracket and _place(bracket["p"]):
        return bracket["t"].strip(), bracket["p"].strip()
    words = what.rsplit(" ", 1)
    if len(words) == 2 and _place(words[1]):
        return words[0].strip(), words[1]
    return what, None


def _sessions(lines: list[tuple[int, str]], year: int | None, d: Draft, orgs: OrgIndex, used: set[int]) -> list[dict]:
    """日程安排 one session a line: its date and part of the day, its title, and its place where the line sets
    one apart. Two such lines or more, and none a sentence (5月30日上午，在市科技馆举办… is an item's text: then
    the section is not read as sessions)."""
    found = [(at, s.strip(), m) for at, s in lines if (m := _SESSION.match(s.strip()))]
    titles = [_title_and_place(m["what"]) for _, _, m in found]
    if len(found) < 2 or any(re.search(r"[。；;，,：:]|报送|提交|上报|截止", t) or len(t) > 60 for t, _ in titles):
        return []  # a sentence, or a date something is due by (5月20日 报送活动方案): not a schedule
    acts = []
    for (at, line, m), (title, place) in zip(found, titles, strict=True):
        act = _activity(unquote(tidy(title)), f"地点：{place}" if place else "", year, d, orgs)
        period, _ = read_period(m["when"], year, d.facts.get("issued"))
        if "start" in period:  # else (5月32日) the period is asked for, as every activity's without one
            act["period"] = period
        act["description"] = re.sub(r"\s+", " ", line)  # the line as printed
        acts.append(act)
        used.add(at)
    return acts


def _section(lines: list[str], start: int, year: int | None, d: Draft, orgs: OrgIndex, used: set[int]) -> list[dict]:
    """The activities of the section whose heading is lines[start]."""
    section = []
    for at in range(start + 1, len(lines)) if TOP_HEADING.match(lines[start]) else []:
        if TOP_HEADING.match(lines[at]):
            break
        section.append((at, lines[at]))
    acts = _schedule(section, year, d, orgs, used) or _sessions(section, year, d, orgs, used) \
        or _from_items(_items(section), year, d, orgs, used)
    if not acts:
        heading = TOP_HEADING.match(lines[start]) or SUB_HEADING.match(lines[start])
        inline = re.match(r"^[^：:]{2,8}[：:](?P<list>.+)$", heading.group("text")) if heading else None
        names = [n.strip() for n in re.split(r"[，,；;、]", inline["list"].rstrip("。")) if n.strip()] if inline else []
        if len(names) >= 2 and all(len(n) <= 20 for n in names):  # 二、活动内容：走访慰问…，举办…。
            acts = [{"title": n, "description": n} for n in names]
            used.add(start)
    return acts


_COLUMNS = {"title": r"(?:活动)?(?:名称|项目|内容)|活动|主题活动", "time": r"(?:活动|举办)?(?:时间|日期)",
            "place": r"(?:活动|举办)?地点", "by": r"(?:主办|组织|牵头|责任)(?:单位)?", "hosts": r"承办(?:单位)?",
            "partners": r"(?:协办|支持|合作|联合)(?:单位)?"}
_ALIGNED = re.compile(r" {2,}|\u3000+")  # a table copied from Word as text: its columns aligned with spaces


def _table(lines: list[tuple[int, str]], year: int | None, d: Draft, orgs: OrgIndex, used: set[int]) -> list[dict]:
    """A table of activities (活动名称 | 时间 | 地点 | 主办单位 | 承办单位), its cells separated by tabs or by runs
    of spaces: one activity per row."""
    acts: list[dict] = []
    header: dict[str, int] | None = None
    named: dict[str, str] = {}
    for at, s in lines:
        cells = [c.strip() for c in s.split("\t")] if "\t" in s else \
            [c.strip() for c in _ALIGNED.split(s.strip())] if _ALIGNED.search(s.strip()) else []
        if not cells:
            header = None if acts else header
            continue
        if header is None:
            found = {k: i for k, pattern in _COLUMNS.items() for i, c in enumerate(cells) if re.fullmatch(pattern, c)}
            header = found if "title" in found and len(found) >= 2 else None
            named = {k: cells[i] for k, i in (header or {}).items()}
            continue
        title = cells[header["title"]] if header["title"] < len(cells) else ""
        if not title or re.fullmatch(r"\d{1,2}", title):
            continue
        labels = (("time", "时间"), ("place", "地点"), ("by", "主办单位"), ("hosts", "承办单位"),
                  ("partners", re.sub(r"(?<!单位)$", "单位", named.get("partners", ""))))  # 协办单位, 支持单位 as printed
        fields = "；".join(f"{label}：{cells[header[k]]}" for k, label in labels
                          if k in header and header[k] < len(cells) and cells[header[k]])
        acts.append(_activity(unquote(title), fields, year, d, orgs))
        used.add(at)
    return acts


def activities(seg: Segments, d: Draft, year: int | None, orgs: OrgIndex) -> None:
    lines = list(seg.body)
    starts = [k for k, s in enumerate(lines) if (h := TOP_HEADING.match(s)) and SECTION.search(h.group("text"))]
    if not starts:  # （二）重点活动：科技活动周启动式、科技工作者座谈会。 in a notice of （一）（二） only
        starts = [k for k, s in enumerate(lines) if (h := SUB_HEADING.match(s))
                  and re.match(rf"^(?:{SECTION.pattern})[：:]", h.group("text"))][:1]
    used: set[int] = set()
    acts = [a for start in starts for a in _section(lines, start, year, d, orgs, used)]  # 三、任务流程 and 四、重点任务
    if not acts:  # a table of activities in the body, or in an attachment printed after the date
        acts = _table(list(enumerate(lines)), year, d, orgs, used) \
            or _table([(-1, s) for doc in seg.appended for s in doc], year, d, orgs, set())
    if not acts:
        return
    seg.activity_lines = used
    seg.session_lines = {at for at in used if _SESSION.match(lines[at].strip())}
    d.facts["activities"] = acts
    short = all(len(a["title"]) <= 24 for a in acts)  # a heading, not the first sentence of a paragraph
    d.sure("activities", "中" if short else "低")
    missing = [w for w, k in (("时间", "period"), ("地点", "location"), ("主办单位", "organizers"))
               if not all(k in a for a in acts)]
    d.todo("活动（activities）按编号条目拆分：请核对每项的标题，补充类别（category）"
           + ("和原文写明的" + "、".join(missing) if missing else "")
           + f"。每项写一行，如 `category: {first_allowed('activities', 'category')}`，类别只能是 "
           + f"{allowed('activities', 'category')} 之一。")
