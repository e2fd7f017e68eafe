"""Fields from a notice's body: theme, period, stages, deadlines and the facts the
data model has no field for yet (organizer roles, 抄送, links)."""

from __future__ import annotations

import datetime as dt
import re

from scitechday.domain.dates import cn_number, parse_period
from scitechday.editing.importer import grid
from scitechday.editing.importer.draft import Draft, allowed, first_allowed
from scitechday.editing.importer.segment import ATTACH_LABEL, Segments
from scitechday.editing.importer.text import CN, EMAIL_RE, NUMBERED, SUB_HEADING, TOP_HEADING, URL_RE, squash, tidy, unquote

SECTION_ACTIVITIES = re.compile(r"(活动内容|主要内容|重点任务|工作内容|活动安排|主要活动|具体安排|近期重点任务|任务流程|重点活动)")
SUBMIT_VERBS = re.compile(r"(报(?=[县区市省镇校院]|学会)|报名|报送|提交|提提交|报至|上报|报到|发送至|发至|发送|报市|送达"
                          r"|寄送|报给|发市科协|交至|反馈|汇总至|电邮至|邮寄至|上传至|传至|发到|报来)")
_NUM = "〇○零Ｏ一二三四五六七八九十"


_DOTTED = re.compile(r"(?<![\d.．])(?:(?P<y>(?:19|20)\d{2})\s*[.．/]\s*)?(?P<m>1[0-2]|0?[1-9])\s*[.．]\s*"
                     r"(?P<d>3[01]|[12]\d|0?[1-9])(?![\d.．])(?=\s*(?:前|之前|以前|止|至|到|[-—–－~～〜]|[，。；,;（(]|$))")


def dotted_dates(text: str) -> str:
    """Dates written with dots → 年月日: 5.20-5.31 → 5月20日-5月31日, 2023.5.20—2023.5.31 → 2023年5月20日—…;
    only where a date can stand (before a dash, 至, 前 or the end), not a section number or an amount."""
    return _DOTTED.sub(lambda m: (f"{m['y']}年" if m["y"] else "") + f"{int(m['m'])}月{int(m['d'])}日", text)


def arabic_dates(text: str) -> str:
    """Chinese-numeral dates → digits (二〇二二年九月十五日 → 2022年9月15日); 一/～ between dates → 至;
    dotted dates → 年月日; 號 → 号."""
    text = dotted_dates(re.sub(r"(?<=\d)\s*號", "号", text))
    text = re.sub(rf"[{_NUM}]{{4}}(?=\s*年)", lambda m: str(cn_number(m.group(0))), text)
    text = re.sub(rf"(?<![{_NUM}])[{_NUM}]{{1,3}}(?=\s*月)", lambda m: str(cn_number(m.group(0)) or m.group(0)), text)
    text = re.sub(rf"(?<=[月至到\-—～~\s])[{_NUM}]{{1,3}}(?=\s*[日号])", lambda m: str(cn_number(m.group(0)) or m.group(0)),
                  text)
    return re.sub(r"(?<=[日旬底初号])\s*[一～〜]\s*(?=\d)", "至", text)


def _lines(seg: Segments) -> list[str]:
    """The body without the lines of its activities (their times and organizers are the activities' own)."""
    return [s for k, s in enumerate(seg.body) if k not in seg.activity_lines]


def theme_and_period(seg: Segments, d: Draft, year: int | None) -> None:
    lines = _lines(seg)
    for k, s in enumerate(lines):
        m = TOP_HEADING.match(s) or SUB_HEADING.match(s) or NUMBERED.match(s)
        label = (m.group("text") if m else s).strip()
        inline = re.match(r"^(活动主题|节日主题|宣传主题|主题|活动时间|时间安排|举办时间|会议时间|时间)"
                          r"\s*(?:[:：]|[为是]\s*[:：]?)\s*(.+)$", label)
        key = value = None
        if inline:
            key, value = inline.group(1), inline.group(2)
        elif (m or len(s) <= 6) and re.fullmatch(r"(活动主题|节日主题|宣传主题|主题)[:：]?", label):
            key, value = "主题", lines[k + 1] if k + 1 < len(lines) else None  # unnumbered: Word's own numbering
        elif (m or len(s) <= 8) and re.fullmatch(r"(活动时间|时间安排|举办时间|会议时间|活动时间和地点|时间)[:：]?", label):
            key, value = "时间", lines[k + 1] if k + 1 < len(lines) else None
        if not key or not value or not inline and "时间" in key and _a_table_row(lines, k + 1):
            continue  # a table under 时间安排 (工作事项 | 完成时间): its rows are deadlines, not the campaign's time
        if "主题" in key and "theme" not in d.facts:
            d.facts["theme"] = unquote(re.sub(r"\s+", " ", value.strip().rstrip("。")))
            d.sure("theme", "高")
        elif "时间" in key and "period" not in d.facts:
            _period(value.split("，")[0] if "，" in value and len(value) > 30 else value, d, year, "高")
    flat = "".join(squash(s) for s in lines)
    spaced = re.sub(r"\s+", " ", "".join(s.strip() for s in lines))
    if "theme" not in d.facts:
        m = re.search(r"以[“\"](?P<t>[^”\"]{2,60})[”\"]为(?:活动)?主题", spaced) or \
            re.search(r"主题为[:：]?\s*[“\"](?P<t>[^”\"]{2,60})[”\"]", spaced) or \
            re.search(r"主题是[:：]?\s*[“\"]?(?P<t>[^”\"。；，,]{2,60})[”\"]?", spaced) or \
            re.search(r"主题为[:：]\s*(?P<t>[^“”\"。；，,]{2,40})[。；，,]", spaced) or \
            re.search(r"围绕[“\"](?P<t>[^”\"]{2,60})[”\"](?:这一|的)?主题", spaced)
        if m:
            d.facts["theme"] = m.group("t").strip()
            d.sure("theme", "中")
    if "period" not in d.facts:
        n, y = rf"[\d{_NUM}]{{1,3}}", rf"[\d{_NUM}]{{4}}"
        day = rf"{n}[日号]"
        point = rf"(?:{y}年)?{n}月(?:{day}|上旬|中旬|下旬|中上旬|中下旬|初|底)?"
        span = rf"(?P<p>{point}(?:[至到\-—–~～一](?:{point}|{day}|上旬|中旬|下旬|底))?)"
        m = re.search(rf"于{span}(?:期间|在|(?:联合|共同|分别)?(?:举办|举行|开展|组织)|集中)", flat) \
            or re.search(rf"活动时间为{span}", flat)
        now = re.search(rf"(?:自|从)?即日起(?:至|到){point}", flat)
        if m:
            _period(m.group("p"), d, year, "中")
        elif now:
            _period(re.sub(r"^(?:自|从)", "", now.group(0)), d, year, "中")


def _a_table_row(lines: list[str], k: int) -> bool:
    """lines[k] is a row of a table: cells set apart by tabs or runs of spaces, and the line below one too or a cell
    saying something is sent (报送活动方案  5月20日前)."""
    def cells(at: int) -> list[str]:
        return _cells(lines[at]) if at < len(lines) else []
    return len(cells(k)) >= 2 and (len(cells(k + 1)) >= 2 or any(_DUE_VERB.search(c) for c in cells(k)))


def _bare_period(text: str) -> str:
    """Drop what a period adds to its dates: （星期六）, 上午9:00-12:00, 全天."""
    text = re.sub(r"[（(](?:(?:星期|周)[一二三四五六日天]|暂定|待定|拟定|共\s*\d{1,3}\s*天)[）)]", "", text)
    text = re.sub(r"期间$", "", text.strip())
    text = re.sub(r"(?:上午|下午|晚上|全天)?\s*\d{1,2}[:：]\d{2}(?:\s*[-—至~～]\s*\d{1,2}[:：]\d{2})?", "", text)
    return re.sub(r"(?:上午|下午|晚上|全天)$", "", text.strip())


def read_period(value: str, year: int | None, issued=None) -> tuple[dict, bool]:
    """A period as written → {text, start, end} (no dates when parse_period cannot settle it), and
    whether its start was taken from the 成文日期 (即日起至6月30日)."""
    text = tidy(value.strip().rstrip("。．.；;，,"))
    period: dict = {"text": text}
    bare = _bare_period(arabic_dates(text))
    since = re.match(r"^(?:自|从)?即日起(?:至|到)(?P<end>.+)$", bare)
    if since and isinstance(issued, dt.date):
        bare = f"{issued.year}年{issued.month}月{issued.day}日至{since['end']}"
    span = parse_period(bare, year)
    if span:
        period["start"], period["end"] = span
    return period, bool(since and span)


def _period(value: str, d: Draft, year: int | None, confidence: str) -> None:
    d.facts["period"], since = read_period(value, year, d.facts.get("issued"))
    text = d.facts["period"]["text"]
    if "start" in d.facts["period"]:
        d.sure("period", "中" if since else confidence)
    else:
        d.sure("period", "低")
        d.todo(f"活动时间“{text}”无法换算成日期：请在 period 下照原文写明的日子填写 `  start: 2030-05-20` 和 "
               "`  end: 2030-05-31`（YYYY-MM-DD；原文写不出日子时保留 text，不写日期）。")


def stages(seg: Segments, d: Draft, year: int | None) -> None:
    out = []
    for s in _lines(seg):
        m = re.match(rf"^(?:[（(][{CN}]+[）)])?\s*(?P<name>第[{CN}]+阶段)\s*[（(](?P<when>[^）)]+)[）)]\s*[。．：:]?\s*(?P<focus>.*)$", s)
        if not m:
            continue
        stage = {"name": m["name"], "text": m["when"]}
        span = parse_period(arabic_dates(m["when"]), year)
        if span:
            stage["start"], stage["end"] = span
        if m["focus"].strip():
            stage["focus"] = m["focus"].strip()
        out.append(stage)
    if out:
        d.facts["stages"] = out


_DATE = re.compile(r"(?P<date>(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号]|底|末|上旬|中旬|下旬))(?:[（(](?:星期|周)[一二三四五六日天][）)])?"
                   r"(?:\d{1,2}[:：]\d{2}|[上下]午|\d{1,2}时)?(?P<before>前|之前|以前|止)?")
_SENTENCE_END = re.compile(r"[。；;]")
_CUTOFF = re.compile(r"(?:截止(?:日期|时间)?|截至|报名截止(?:日期|时间)?|(?:报送|提交|报名|上报)(?:时间|日期|期限))(?:为|是|到|至)?[:：]?$")


_VERB_SPLIT = re.compile(r"(?:报送|提提交|提交|报至|上报|发送至|发至|报县|报区|报市|报省|报校|报院|报学会|交至|汇总至|"
                         r"电邮至|邮寄至|上传至|传至|发到|报来)")
_LEAD = re.compile(rf"^(?:[（(][{CN}]+[）)]|[{CN}]+、|\d+[.、．])")


_SUBJECT = re.compile(r"^(?:请)?(?:各(?:有关)?(?:单位|区县|乡镇|学会|部门|分支机构|专业委员会)"
                      r"|各[^，,]{1,8}?(?:科协|学会|单位|部门|机构))?")
_PLACE = re.compile(r"科协|部|室|处|办|局|邮箱|中心|司|学会|协会|^我|@")
# 将活动计划报秘书处 / 交学会秘书处 / 报送至组委会: what is due, then the verb, then to whom (a bare 报 or 交 too: the
# deadline was dropped, or its recipient left empty with no word)
_HANDED = re.compile(r"^[，,]?(?:请)?(?:各[^，,将把]{1,10}?)?(?:将|把)(?P<what>[^，,。；]{1,40})"
                     r"(?:报送|报至|上报|提交|交至|发送至|发至|寄送|报|交)(?:至|到|给)?(?P<to>[^，,（(。；]{2,30})")
_RECIPIENT = re.compile(r"科协|部|室|处|办|中心|学会|协会|局|邮箱")
_RECIPIENT_END = re.compile(r"(?:研究会|分会|组委会|委员会|本会|我会|总会|联合会|[组队委])$")
_MAILBOX = re.compile(r"(?:的)?(?:电子邮箱|电子信箱|电子邮件|工作邮箱|邮箱|信箱|邮件|[Ee]-?mail)?(?:地址)?\s*[:：]?\s*$")


def _what(flat: str, at: int, clause: str, cutoff) -> str:
    """What is due by a deadline, as the text says it: the object after 将, the words before the date
    (活动总结请于…前), the object after the verb (…前提交活动总结), or the sentence above (（一）活动方案。截止时间：…)."""
    named = ""
    if cutoff and "报名" in cutoff.group(0):  # 活动方案报名截止日期为…: the plans; a window, not the text so far
        lead = flat[max(0, at - 60):at]
        named = _SUBJECT.sub("", re.sub(_CUTOFF.pattern, "", re.split(r"[。；]", lead)[-1]))
    if cutoff and "报名" in cutoff.group(0) and not named \
            or re.fullmatch(r"[^，,。；]*?报名", clause) and not _VERB_SPLIT.search(clause):
        return "报名"
    clause = re.sub(r"^[，,]?请(?:各[^，,将把]{1,10}?)?(?=将|把)", "", clause)  # 9月30日前，请将…发送至…
    obj = re.sub(r"^[，,]?(?:将|把|按要求)|^[，,]?向[^，,]{1,20}?(?=报送|提交|提提交|报)", "", clause)
    parts = _VERB_SPLIT.split(obj, maxsplit=1)
    what = parts[0].strip("，, ") if re.match(r"^[，,]?(?:将|把)", clause) else ""
    what = re.sub(r"(?:以[^，,]{1,8}?(?:形式|方式)|分别|统一|及时|按时|一并)+$", "", what)  # how, not what
    if not what and len(parts) > 1 and not parts[0].strip("，, ") and not re.match(r"^(?:至|到|给)", parts[1]):
        after = re.split(r"[，,（(]", parts[1], maxsplit=1)[0]
        what = "" if _PLACE.search(after) else after
    cut = max(flat.rfind("。", 0, at), flat.rfind("；", 0, at))
    if not what:
        before = re.sub(r"[，,]?" + _CUTOFF.pattern, "", flat[cut + 1:at])
        for piece in reversed(re.split(r"[，,：:]", before)[-2:]):
            piece = re.sub(r"(?:请|并)?(?:于|在)?$", "", _SUBJECT.sub("", _LEAD.sub("", piece)))
            piece = re.sub(r"^(?:结合[^，,]{0,6}?)?(?:认真)?(?:制定|制订|填写|准备|形成)|报名$|^(?:将|把)", "", piece)
            what = re.sub(r"(?:请|并)$", "", piece)
            if what:
                break
    if not what:
        previous = max(flat.rfind("。", 0, cut), flat.rfind("；", 0, cut))
        what = flat[previous + 1:max(cut, 0)]
    what = re.sub(r"\s*[（(](?:详?见)?附件\s*\d{0,2}[）)]$", "", _LEAD.sub("", what).strip("，, "))[:40]  # 参会回执（附件）
    if cutoff and "报名" in cutoff.group(0) and what and not re.search(r"方案|材料|表|总结|名单|作品|报告|信息|情况|报名$", what):
        what += "报名"  # 讲解大赛报名截止日期为…: the registration for the contest
    return "TODO" if not what or re.search(r"要求$|^其他$|^报送$", what) else what


def _cells(line: str) -> list[str]:
    """A line's non-empty cells (grid.cells: tabs, or runs of spaces); a line that is no row is one cell."""
    return [c for c in grid.cells(line) or [line.strip()] if c]


_DUE_CELL = re.compile(r"^(?P<date>(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号]|底|末|上旬|中旬|下旬))(?P<before>前|之前|以前|止)?$")
_DUE_VERB = re.compile(r"报送|提交|上报|报至|报(?=[市县区省校院]|学会)|上传|发送至|发至")
_DUE_TO = re.compile(r"(?:科协|学会|协会)?.{0,8}?(?:部|室|处|办公室|秘书处|中心)$")


def _sent(cell: str, verb: re.Match) -> str:
    """What a table's cell says is sent: the words before the verb (活动方案报送…, 各单位制定活动方案并报市科协), else
    those after it (报送活动总结和统计表)."""
    before = re.sub(r"^(?:请)?(?:各[^，,]{0,8}?(?:科协|学会|单位|部门))?(?:认真)?(?:制定|制订|填写|准备|完成|将|把)?", "",
                    cell[:verb.start()])
    before = re.sub(r"(?:并|及|后|，|,)$", "", before)
    return (before or re.split(r"[至到给，,（(]", cell[verb.end():])[0]).strip()


def _table_deadlines(body: list[str], year: int | None) -> tuple[list[dict], set[int], list[str]]:
    """A 时间安排/进度安排 table's rows (报送活动方案 | 5月20日前 | 市科协学会部): a deadline where one cell is a date and
    one says what is sent (报送, 提交, 上报 …); its recipient where another cell names one. Rows that send nothing
    (集中开展活动 | 5月下旬) are no deadlines. Returns the deadlines, the lines read, and the rows that send something
    by a time not read as one date (5月20日—6月10日, 活动结束后一周内)."""
    found, used, unsure = [], set(), []
    for k, line in enumerate(body):
        cells = _cells(line)
        dates = [(c, m) for c in cells if (m := _DUE_CELL.match(squash(arabic_dates(c))))]
        sends = [(c, v) for c in cells if (v := _DUE_VERB.search(c)) and c not in dict(dates)]
        span = parse_period(dates[0][1]["date"], year) if len(cells) >= 2 and len(dates) == 1 else None
        if not span or len(sends) != 1:
            if len(cells) >= 2 and sends and re.search(r"\d月|[一二三四五六七八九十]月|日前|之前|以内|内完成", line):
                unsure.append(re.sub(r"\s+", " | ", line.strip()))
            continue
        due = dates[0][1]
        item = {"date": span[1], "text": due["date"] + (due["before"] or ""), "what": _sent(*sends[0]) or "TODO"}
        cell, verb = sends[0]
        after = re.split(r"[，,（(]", re.sub(r"^(?:至|到|给)", "", cell[verb.end():]))[0]
        to = [c for c in cells if c != cell and c != dates[0][0] and _DUE_TO.search(c)] or \
            ([after] if _sent(cell, verb) != after and re.search(r"科协|学会|协会|部|室|处|办|中心", after) else [])
        if to:  # a cell of its own (市科协学会部), or the words after the verb (…并报市科协)
            item["recipient"] = to[0]
        found.append(item)
        used.add(k)
    return found, used, unsure


def deadlines(seg: Segments, d: Draft, year: int | None) -> None:
    found, rows, unsure = _table_deadlines(seg.body, year)
    for row in unsure:
        d.todo(f"时间安排表中“{row}”一行要求报送材料，但读不出一个截止日期：请对照原文写入 deadlines，每项："
               "`- date: 2030-05-20`（截止的那一天）、`  what: 报送的材料`、`  recipient: 报送给谁`（原文写明时）。")
    flat = arabic_dates("".join(squash(s) + ("。" if len(s) <= 40 and not re.search(r"[，、：:（“]$", s) else "")
                                for k, s in enumerate(seg.body) if k not in seg.session_lines | rows))  # an activity
    # may set a deadline too, a schedule's session (5月29日下午 代表报到) none
    for m in _DATE.finditer(flat):
        before, after = flat[max(0, m.start() - 1): m.start()], flat[m.end(): m.end() + 1]
        if re.match(r"[至到\-—–~～－]", after) or re.match(r"[至到\-—–~～－]", before) or \
                re.match(r"\d", flat[m.start() - 1: m.start()] if m.start() else ""):
            continue
        lead = flat[max(0, m.start() - 12): m.start()]
        cutoff = _CUTOFF.search(lead)
        stop = _SENTENCE_END.search(flat, m.end(), m.end() + 200)
        sentence = flat[m.end():stop.start() if stop else m.end() + 200]
        clause = re.split(r"[，,](?=\d{1,2}月|并于|并在|同时)", sentence, maxsplit=1)[0]
        verb = SUBMIT_VERBS.search(clause)
        handed = _HANDED.match(EMAIL_RE.sub("，", clause))
        if not verb and not cutoff and not handed:
            continue
        if not m["before"] and not cutoff and not re.match(r"^[，,]?(?:将|把|向)", clause) \
                and verb is not None and verb.start() > 30:  # without a cutoff there is a verb
            continue
        span = parse_period(m["date"], year)
        if not span:
            continue
        what = _what(flat, m.start(), clause, cutoff)
        recipient = None
        r = re.search(r"(?:报送|报至|上报|报到|发送至|发至|报送至|提交至|交至|汇总至|邮寄至|上传至|发到|报(?=[县区市省校院]|学会|协会))"
                      r"(?:至|到|给)?"
                      r"(?P<to>[^，,（(。]{2,30})", EMAIL_RE.sub("，", clause))  # …将活动计划报市科协科普部; an address
        # ends the recipient, however long it is
        if r and (_RECIPIENT.search(r.group("to")) or _RECIPIENT_END.search(r.group("to"))):
            recipient = r.group("to")
        to = re.match(r"^[，,]?向(?P<to>[^，,]{2,20}?)(?:报送|提交|报)", clause)
        if to:
            recipient = to.group("to")
        unread = None  # the words after the verb, when they are not read as to whom
        if not recipient and handed:
            named = _MAILBOX.sub("", handed["to"]).strip()
            if _RECIPIENT.search(named) or _RECIPIENT_END.search(named):
                recipient = named
                if what != "TODO" and handed["to"] in what:  # 活动计划报秘书处: the bare 报 split nothing off
                    what = _what(flat, m.start(), clause[:clause.find(handed["to"])].rstrip("报交至到给") or clause, cutoff)
            elif named:
                unread = named
        item = {"date": span[1], "text": m["date"] + (m["before"] or ""), "what": what}
        if recipient:
            item["recipient"] = recipient
        elif unread:
            d.todo(f"报送要求（{item['text']}）写明交给“{unread}”，但没有读作接收单位：请对照原文在这一项写 recipient"
                   f"（如 “recipient: 学会办公室”），原文没有写交给谁时不写。")
        email = EMAIL_RE.search(sentence)  # 报送至市科协办公室邮箱 a@b.com: where to send it
        if email:
            item["email"] = email.group(0)
            if recipient:  # 市科协学会部电子邮箱a@b.org → 市科协学会部 (the mailbox is the email's); 邮箱a@b.org → no one
                recipient = _MAILBOX.sub("", recipient)
                if re.search(r"科协|部|室|处|办|局|中心|司|学会|协会", recipient):
                    item["recipient"] = recipient
                else:
                    del item["recipient"]
        found.append(item)
    if found:
        d.facts["deadlines"] = found
        d.sure("deadlines", "中")
        d.todo("报送要求的“报送内容”（what）是从原文截取的，请核对并改写为简明的说法。")
    # a report due with no date the reader knows (年底前, 活动结束后一周内): asked for, not left in the body unsaid
    undated = [x for x in re.split(r"[。；;]", flat) if re.search(r"报送|提交|上报|电邮至|邮寄至|上传至|发到|报来", x)
               and re.search(r"前|内|以前", x)
               and not _DATE.search(x) and not re.search(r"报名", x)]
    for sentence in undated[:3]:
        d.todo(f"报送要求“{sentence.strip('，, ')[:60]}”没有具体日期：原文写明的（如“年底前”即 12 月 31 日）请写入 deadlines，"
               "写不出日期的保留在正文中。")


def attachments(seg: Segments, d: Draft) -> None:
    titles = []
    for s in seg.attachment_list:
        s = re.sub(r"^-\s+", "", s)
        s = re.sub(r"^附\s*件\s*\d{0,2}\s*[:：]?\s*", "", s)
        s = re.sub(r"^\d{1,2}\s*[.、．]\s*", "", s).strip().rstrip("。；;")
        s = re.sub(r"\.(?:docx?|xlsx?|wps|et|pdf|zip|rar)$", "", s, flags=re.I)  # a web page's download link
        s = re.sub(r"^《(.+)》$", r"\1", s)
        if s:
            titles.append(tidy(s))
    if titles:
        d.facts["attachments"] = [{"title": t, "kind": "form" if re.search("表|回执", t) else "list" if t.endswith("名单")
                                   else "text"} for t in titles]  # a form to fill in (回执), a list of names
        d.sure("attachments", "高")
    elif any(ATTACH_LABEL.match(doc[0]) or re.fullmatch(r"附\s*[:：]?", doc[0]) or re.search(r"回执[:：]?$", doc[0])
             for doc in seg.appended):  # 附件 (or 附：, or a 回执 to fill in) over text that may be its title or a list
        d.todo("成文日期之后印有“附件”，但没有读出附件名称：请照原文填写 attachments，每个附件一项：`- title: 附件名称`、"
               f"`  kind: {first_allowed('attachments', 'kind')}`（类型只能是 {allowed('attachments', 'kind')}），"
               "附件正文写在 `  content: |` 下（每行比 content 多缩进两个空格；表格写成 Markdown 表格："
               f"{grid.example()}）。")


_ROLE = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．])?\s*(?P<role>指导单位|主办单位|承办单位|协办单位|支持单位|"
                   r"联合主办单位|执行单位)\s*[:：]\s*(?P<who>.+)$")


_ROLE_SPLIT = re.compile(r"[，,；;。]\s*(?=(?:指导|主办|承办|协办|支持|联合主办|执行)单位\s*[:：])")


def unmodelled(seg: Segments, d: Draft) -> None:
    """Facts the data model has no field for yet: organizer roles, 抄送, registration and livestream links."""
    roles = {}
    for s in _lines(seg):
        for part in _ROLE_SPLIT.split(s):  # 主办单位：A，承办单位：B on one line: each role its own
            m = _ROLE.match(part.strip())
            if m:
                roles[m["role"]] = tidy(m["who"]).rstrip("。，,；;")
    if roles:
        d.facts["organizer_roles"] = roles
    for s in seg.after + seg.body[-6:]:
        m = re.match(r"^抄\s*送\s*[:：]\s*(?P<cc>.+)$", s)
        if m:
            d.facts["cc"] = tidy(m["cc"]).rstrip("。")
    links = []
    for s in seg.body:
        if re.search(r"报名|链接|网址|二维码|直播|登录|平台", s):
            for m in URL_RE.finditer(s):  # with the words printed before it (预约链接：…), which say what it is
                before = re.split(r"[。；;，,！!？?]", s[:m.start()])[-1].strip().rstrip("（(：: ")
                before = re.split(r"[：:]", before)[-1] or before  # 通知如下：请于…点击报名（https://…）
                before = re.sub(r"^(?:请|并)?(?:于|在)?\d{0,4}年?\d{1,2}月\d{1,2}日?(?:前|之前)?", "", before)  # 9月5日前点击报名
                before = re.sub(r"^(?:请|并)?(?:在|到|登录|通过|访问|进入)", "", before)
                after = re.split(r"[。；;，,（(]", s[m.end():].lstrip("）) "))[0][:12]  # …（https://…）报名: its kind
                links.append((before[-20:] if len(before) <= 20 else "") + m.group(0).rstrip(".")
                             + (" " + after if after else ""))
            if "二维码" in s and not URL_RE.search(s):
                links.append(tidy(s))
    if links:
        d.facts["links"] = list(dict.fromkeys(links))


# a line of a list of people praised: 测试甲  测试市第一人民医院主任医师 / 1.测试乙（样例大学教授）
_HONOURED = re.compile(r"^(?:\d{1,3}\s*[.、．]\s*)?(?P<name>[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff](?: |\u3000)[\u4e00-\u9fff])"
                       r"(?:\s{2,}|\t|\s*[（(])(?P<where>[^\s（）()][^（）()]*?)[）)]?$")
# the end of a unit's name: the words beside a name are its affiliation only when they end so (样例大学), not with a
# post or a title (样例大学教授, …主任医师), which the affiliation does not hold
_UNIT_END = re.compile(r"(?:大学|学院|学校|中学|小学|医院|研究院|研究所|研究中心|中心|公司|集团|局|厅|委员会|科协|学会|协会|研究会"
                       r"|站|所|馆|厂|场|园|社|台|报社|部|处|室|科|院)$")
_HONOUR_COUNT = re.compile(rf"等\s*(?P<n>\d{{1,3}}|[{CN}]{{1,3}})\s*(?:名|位)(?:同志|个人|科技工作者)?")


def honors(seg: Segments, d: Draft) -> bool:
    """The people a 表扬/通报/公示 lists in its body (…名单如下：, then one a line: name, then where they work), as
    many as it says (对测试甲等5名同志): honors with kind person, the name and the words beside it as printed. The
    honour's name is the title's (关于通报表扬X的通报 → X), to check. Returns whether a list was read."""
    lines = seg.body
    start = next((k + 1 for k, s in enumerate(lines) if re.search(r"(?:名单|人选|如下)[:：]$", s.strip())), None)
    if start is None:
        return False
    found = []
    for s in lines[start:]:
        m = _HONOURED.match(s.strip())
        if not m:
            break
        where = tidy(m["where"]).rstrip("。；;，,")
        found.append({"name": squash(m["name"]), **({"affiliation": where} if _UNIT_END.search(where) else {})})
    said = _HONOUR_COUNT.search("".join(squash(s) for s in lines[:start]))
    count = (int(said["n"]) if said["n"].isdigit() else cn_number(said["n"])) if said else None
    if len(found) < 2 or count is not None and count != len(found):
        return False  # not a list of people, or not all of it
    title = re.search(r"(?:表扬|表彰|授予|命名)(?P<t>.+?)(?:荣誉称号)?的(?:通报|决定|通知|公示)$", d.facts.get("title", ""))
    d.facts["honors"] = [{"title": title["t"] if title else "TODO", "kind": "person", **p} for p in found]
    d.sure("honors", "中")
    bare = [p["name"] for p in found if "affiliation" not in p]
    d.todo(f"名单中的 {len(found)} 人已读入 honors：请核对荣誉名称（title）"
           + (f"；{'、'.join(bare)}的所在单位（affiliation）原文与职务、职称写在一起，请只照录单位" if bare else "") + "。")
    return True
