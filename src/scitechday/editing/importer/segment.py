"""A notice's text → its parts (GB/T 9704), before any field is read.

header (issuer lines, “…文件”) · 发文字号 · title · 主送机关 · body (numbered sections) · 附件说明 ·
signature · 成文日期 · 印发/抄送 · appended documents (attachments, a forwarded notice). Web
reposts put the title above the 发文字号, add page furniture (发布时间, 来源, 字号) and may flatten
everything onto one line; `text.clean` re-breaks those before the parts are found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scitechday.domain import docnum
from scitechday.domain.dates import DATE_RE
from scitechday.editing.importer import catalog
from scitechday.editing.importer.orgs import OrgIndex
from scitechday.editing.importer.text import (
    CREDITS,
    NUMBERED,
    SUB_HEADING,
    TOP_HEADING,
    WEB_CHROME,
    WECHAT,
    WECHAT_BYLINE,
    clean,
    squash,
)

TITLE_END = re.compile(r"(?:通知|方案|公示|通报|决定|函|意见|安排|办法|细则|指南|倡议书?|名单|公告|报告|要点|计划|启事)"
                       r"[）)]?$")
ADDRESSEE_WORDS = re.compile(r"科协|学会|协会|单位|部门|委员会|高校|院校|分会|会员|党委|政府|局|各位")
# A web page's footer: its sure marks, and lines that are footer only beside one (技术支持：… is also a notice's
# contact, 主办单位：…，承办单位：… its organizers: dropped anywhere, they were lost from the fields and the body)
FOOTER = re.compile(r"版权所有|ICP备|网站标识码|公网安备|Copyright|©")
FOOTER_NEAR = re.compile(r"技术支持[:：]|主办单位[:：].*(?:网|承办)")
# Lines that carry no text of the notice: rules and stars, urgency and disclosure marks of the header (特急,
# 主动公开), the 签发人 of a report. Page numbers and running headers went first (`pages`).
NOISE = re.compile(r"^[\s\-—_=*★☆━─·•.…]+$|"
                   r"^(?:特急|加急|急件|平急|特提|公开|主动公开|依申请公开|不予公开|机密|秘密)(?:★.*)?$|^签\s*发\s*人\s*[:：]\s*\S{2,4}$")
MONTH_ONLY = re.compile(r"^(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月$")
NUMERIC_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[.．/\-]\s*(?P<m>\d{1,2})\s*[.．/\-]\s*(?P<d>\d{1,2})$")  # a repost's 2030.8.1
ATTACH_LABEL = re.compile(r"^附\s*件\s*(?P<n>\d{1,2})?\s*(?:[:：]\s*(?P<rest>.*))?$")


@dataclass
class Segments:
    lines: list[str]  # the notice's non-empty lines, page furniture removed
    header: list[str] = field(default_factory=list)
    doc_number: str | None = None
    doc_how: str = ""  # "line", "inline", "above" (title above the number)
    title: list[str] = field(default_factory=list)
    addressees: str | None = None
    addressees_colon: bool = True  # False: a 主送 line printed without its colon
    body: list[str] = field(default_factory=list)
    attachment_list: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)
    date_line: str | None = None  # the 成文日期 as printed (a full date or a month)
    on_behalf: str | None = None  # the body whose seal is used for the issuer: 某某（代章）
    after: list[str] = field(default_factory=list)  # 印发, 抄送 and appended documents
    appended: list[list[str]] = field(default_factory=list)
    catalog: dict = field(default_factory=dict)  # a government site's metadata block (catalog.py)
    activity_lines: set[int] = field(default_factory=set)  # indices in body of the lines activities were read from
    session_lines: set[int] = field(default_factory=set)  # those of them that are a schedule's sessions (no deadline)
    printed: list[str] | None = None  # the body as printed, where body was renumbered for reading (`_outline`)

    @property
    def main(self) -> list[str]:
        return (self.printed if self.printed is not None else self.body) + self.attachment_list


def _is_date_line(s: str, orgs: OrgIndex) -> tuple[str, list[str]] | None:
    """A 成文日期 line, alone or after the signature on the same line: (date text, signature names)."""
    m = DATE_RE.search(s) or MONTH_ONLY.search(s) or NUMERIC_DATE.search(s)
    if not m or "印发" in s[m.end():]:
        return None
    rest = s[m.end():].strip()
    if rest:
        return None
    date = s[m.start():]
    if not MONTH_ONLY.fullmatch(squash(date)) and not DATE_RE.fullmatch(date.strip()) and \
            not NUMERIC_DATE.fullmatch(date.strip()):
        return None
    before = s[:m.start()].strip()
    if not before:
        return date, []
    names = orgs.split_names(before)
    return (date, names) if names else None


def _is_header(s: str, orgs: OrgIndex) -> bool:
    return s.endswith("文件") and len(s) <= 40 or bool(orgs.split_names(s))


def _past_breadcrumb(line: str) -> str:
    """The title a web page copy prints on its breadcrumb's line (首页 > 通知公告 > 正文 关于开展…的通知), or "":
    the line was dropped as page furniture, the title with it (from the fields and the body)."""
    if not re.match(r"^(?:(?:当前位置|您的位置)\s*[:：]?\s*)?首页\s*[>＞»]", line):
        return ""
    last = re.split(r"[>＞»]", line)[-1].strip()
    title = last.split(None, 1)[1] if len(last.split(None, 1)) == 2 else last
    return title if len(title) >= 8 and TITLE_END.search(title) else ""


def segment(text: str, orgs: OrgIndex) -> Segments:
    raw = [s.strip() for s in clean(text, tuple(orgs.by_name)) if s.strip()]
    footer = [i for i, s in enumerate(raw) if FOOTER.search(s)]
    lines = [_past_breadcrumb(s) if i < 25 and WEB_CHROME.match(s) else s for i, s in enumerate(raw)
             if not (FOOTER.search(s) or (FOOTER_NEAR.search(s) and any(abs(i - j) <= 3 for j in footer)))
             and not NOISE.match(s) and not (i < 25 and WEB_CHROME.match(s) and not _past_breadcrumb(s))
             and not WECHAT.match(s) and not (i < 25 and WECHAT_BYLINE.match(s))]
    while lines and CREDITS.match(lines[-1]):  # a WeChat article's 来源/编辑/审核 lines at its end
        lines.pop()
    catalog_found, lines = catalog.read(lines)
    for i, line in enumerate(lines[:20]):  # 各区县科协：为做好…: the 主送 and the first paragraph on one line
        m = re.match(r"^(各[^。；：:]{1,80}?[：:])\s*(\S.{9,})$", line)
        if m and ADDRESSEE_WORDS.search(m.group(1)):
            lines[i:i + 1] = [m.group(1), m.group(2)]
            break
    seg = Segments(lines, catalog=catalog_found)
    head_end = _head(seg, lines, orgs)
    if not seg.doc_number and catalog_found.get("doc_number"):
        seg.doc_number, seg.doc_how = docnum.printed(catalog_found["doc_number"]), "catalog"
    if not seg.title and catalog_found.get("title"):
        seg.title = [catalog_found["title"]]
    _tail(seg, lines, head_end, orgs)
    return seg


def _continues_addressees(line: str) -> bool:
    """A line of a 主送 list that goes on below it: it ends with a separator, or it lists bodies (各…, …、…，)
    and ends with no sentence's end. Taken line by line, the lines above the last were read as issuers
    (the draft asked to add 各市（州）科协 as an organization) or lost."""
    line = line.strip()
    if not line or line.endswith(("。", "；", ";", "：", ":")) or TITLE_END.search(line) or len(line) > 150:
        return False
    return line.endswith(("，", ",", "、")) or bool(re.search(r"[、，,]", line) and (line.startswith("各")
                                                                                 or ADDRESSEE_WORDS.search(line)))


def _head(seg: Segments, lines: list[str], orgs: OrgIndex) -> int:
    """Header, 发文字号, title and 主送机关; returns where the body starts."""
    top = lines[:20]
    addr = next((i for i, s in enumerate(top) if s.endswith(("：", ":")) and len(s) < 150 and "。" not in s
                 and (s.startswith("各") or ADDRESSEE_WORDS.search(s)) and not ATTACH_LABEL.match(s)
                 and not re.match(r"^(?:联\s*系|电\s*话|[一二三四五六七八九十]+、)", s)), None)
    limit = addr if addr is not None else len(top)
    doc_i = None
    for i, s in enumerate(top[:limit]):
        if re.search(r"[《》]|根据|按照|依据|转发.*[（(]", s) and not s.startswith("关于转发"):
            continue
        found = list(docnum.find_printed(s))
        if found:
            doc_i, (start, end, printed) = i, found[0]
            seg.doc_number = printed
            rest = (s[:start] + s[end:]).strip()
            rest = re.sub(r"^[（(]\s*[）)]|[（(]\s*[）)]$|签\s*发\s*人\s*[:：]\s*\S+", "", rest).strip()
            seg.doc_how = "line" if not rest else "inline"
            if rest:
                lines[i] = top[i] = rest  # the title printed with the number on its line
            break
    i = 0
    while i < limit and _is_header(top[i], orgs) and i != doc_i:
        seg.header.append(top[i])
        i += 1
    body_start = limit
    above = [s for s in top[i:doc_i] if not _is_header(s, orgs)] if doc_i is not None else []
    seg.header += [s for s in top[i:doc_i] if _is_header(s, orgs)] if doc_i is not None else []
    start = (doc_i + (0 if seg.doc_how == "inline" else 1)) if doc_i is not None else i
    title: list[str] = []
    k = start
    while k < limit:
        s = top[k]
        long_title = len(s) <= 120 and TITLE_END.search(s) and not re.search("[。，；]", s)
        if TOP_HEADING.match(s) or NUMBERED.match(s) or (len(s) > 60 and not long_title) or s.endswith(("。", "；")) \
                or (title and TITLE_END.search(squash("".join(title)))):
            break
        title.append(s)
        k += 1
    if above and (not title or not re.search(r"关于|通知|方案", "".join(title))):
        title, seg.doc_how = above, "above"
    seg.title = title
    if addr is not None:
        first = addr
        while first - 1 >= k and _continues_addressees(top[first - 1]):
            first -= 1  # 主送机关 broken over lines (at its commas, or anywhere: a PDF's fixed width)
        seg.header += [s for s in top[k:first] if orgs.split_names(s)]  # an issuer line under the title
        seg.addressees = "".join(top[first:addr]) + top[addr].rstrip("：:").strip()
        body_start = addr + 1
    else:
        body_start = k
        if k < len(top) and top[k].startswith("各") and "。" not in top[k] and len(top[k]) < 150 \
                and ADDRESSEE_WORDS.search(top[k]):
            seg.addressees, seg.addressees_colon = top[k].strip(), False  # a colon-less 主送机关
            body_start = k + 1
    return body_start


_SEAL_MARKS = re.compile(r"(?:[（(](?:盖章|公章|印章|章|印)[）)]\s*)+")
_SEAL_ALONE = re.compile(r"^[（(](?P<name>.+?)\s*(?P<how>代章)[）)]$")


def _tail(seg: Segments, lines: list[str], start: int, orgs: OrgIndex) -> None:
    date_i = None
    candidates = [(i, hit) for i in range(start, len(lines)) if (hit := _is_date_line(lines[i], orgs))]
    signed = [(i, hit) for i, hit in candidates  # under a signature: not a date in a schedule
              if hit[1] or orgs.split_names(_SEAL_ALONE.sub(r"\g<name>",
                                                            re.sub(r"\s*[（(](?:代章|盖章|章|印)[）)]$", "", lines[i - 1])))]
    if candidates:  # but not a date of a document appended after the notice's own date
        first = candidates[0][0]
        appended = next((i for i in range(first + 1, len(lines)) if re.fullmatch(r"附\s*件\s*\d{0,2}[:：]?", lines[i])
                         or lines[i].endswith("文件") or docnum.printed(lines[i])), len(lines))
        signed = [c for c in signed if c[0] < appended]
        date_i, (seg.date_line, seg.signature) = (signed or candidates)[0]
    end = date_i if date_i is not None else len(lines)
    body = lines[start:end]
    if body and date_i is not None:
        sealed = re.fullmatch(r"(?P<name>.+?)\s*[（(](?P<how>代章|盖章|章|印)[）)]", body[-1]) \
            or _SEAL_ALONE.fullmatch(body[-1])  # （测试市科学技术协会代章） on a line of its own
        if sealed and orgs.split_names(sealed["name"]):
            if sealed["how"] == "代章":
                seg.on_behalf = squash(sealed["name"])
                body.pop()
            else:
                body[-1] = sealed["name"]
    if date_i is not None and not seg.signature:
        while body and len(seg.signature) < 4:
            if _SEAL_MARKS.fullmatch(body[-1]) and len(body) > 1 and orgs.split_names(body[-2]):
                body.pop()  # （盖章）  （盖章） under a joint signature's names: where the seals go, no text
                continue
            names = orgs.split_names(body[-1])
            if not names or re.search(r"[。；：:，,]", body[-1]):
                break
            seg.signature[:0] = names
            body.pop()
    # 附件说明: “附件：…” (then numbered lines) or a bare “附件：” over a numbered list, before the signature; a
    # “附件” without its colon over the list that ends the body
    for k, s in enumerate(body):
        m = ATTACH_LABEL.match(re.sub(r"^-\s+", "", s))
        if m and (m["rest"] is not None or m["n"]) and _attachment_block(body, k):
            n = k + 1
            while n < len(body) and (NUMBERED.match(body[n]) or ATTACH_LABEL.match(body[n])) and len(body[n]) < 80:
                n += 1
            seg.attachment_list = body[k:n]
            body = body[:k] + body[n:]
            break
        if m and m["rest"] is None and not m["n"] and k + 1 < len(body) and _list_size(body, k) == len(body) - k:
            seg.attachment_list, body = body[k:], body[:k]
            break
    seg.body = body
    _outline(seg)
    seg.after = lines[end + 1:] if date_i is not None else []
    _appended(seg, lambda s: bool(orgs.split_names(s)))


def _attachment_block(body: list[str], k: int) -> bool:
    """附件 lines near the end of the text, not a sentence that mentions 附件 in passing."""
    rest = body[k + 1:]
    return all(len(s) < 80 or NUMBERED.match(s) for s in rest[:1]) and len(rest) <= 12


def _listed(line: str) -> bool:
    """A line of an attachment list: numbered (1.活动总结表), or a title alone (short, no sentence, no heading)."""
    s = re.sub(r"^-\s+", "", line)
    if NUMBERED.match(s):
        return len(s) < 80
    return len(s) <= 50 and not re.search(r"[。；;：:，,！!？?\t]|印发|抄送", s) and not TOP_HEADING.match(s) \
        and not SUB_HEADING.match(s) and not DATE_RE.search(s) and not ATTACH_LABEL.match(s)


def _list_size(lines: list[str], k: int) -> int:
    """How many lines from lines[k] (附件：X, 附件：, 附件) are an attachment list printed there: the label and the
    numbered lines under it, or, when they run to the end of the text or to where the attachments themselves begin
    (附件1), the titles under it; 0 when it is not sure to be one (附件 over an attachment: its title, its text)."""
    m = ATTACH_LABEL.match(lines[k])
    if not m or m["n"] and not m["rest"]:
        return 0
    numbered = k + 1
    while numbered < len(lines) and numbered - k <= 12 and NUMBERED.match(lines[numbered]) and len(lines[numbered]) < 80:
        numbered += 1
    run = k + 1
    while run < len(lines) and run - k <= 12 and _listed(lines[run]):
        run += 1
    after = ATTACH_LABEL.match(lines[run]) if run < len(lines) else None
    closed = run == len(lines) or bool(after and not after["rest"])
    if m["rest"]:  # 附件：X, then 2.Y 3.Z or Y Z printed under it
        return run - k if closed else numbered - k
    if numbered - k > 2 or numbered > k + 1 and numbered == len(lines):
        return numbered - k
    return run - k if closed and run > k + 1 else 0


def _appended(seg: Segments, orgs_line=lambda s: False) -> None:
    """After the date: 印发 and 抄送 lines, an attachment list printed there, appended documents."""
    docs: list[list[str]] = []
    listed = 0  # lines of the attachment list still to pass
    for k, s in enumerate(seg.after):
        if listed:
            listed -= 1
            continue
        m = ATTACH_LABEL.match(s)
        if m and not seg.attachment_list and not docs and (size := _list_size(seg.after, k)):
            seg.attachment_list, listed = seg.after[k:k + size], size - 1
            continue
        if "印发" in s and DATE_RE.search(s) or re.match(r"^抄\s*送\s*[:：]", s) or re.match(r"^(?:上|下)一篇", s):
            continue
        under_header = docs and all(x.endswith("文件") or orgs_line(x) for x in docs[-1])  # “…文件” then its number
        under_label = docs and _document_head(docs[-1])  # 附件 / its title, then the attached notice's own number
        if not docs or m and (m["rest"] in (None, "") or m["n"]) or (s.endswith("文件") and not under_header
                                                                       and not under_label) \
                or (docnum.printed(s) and not under_header and not under_label):
            docs.append([])
        docs[-1].append(s)
    seg.appended = [d for d in docs if d]


def _document_head(doc: list[str]) -> bool:
    """doc is so far a document's head only: its label (附件, 附件1, 附件1：title) or its “…文件”, then at most its
    title and its issuer's “…文件”, no sentence. A notice attached in full prints its own 发文字号 there (above or under
    its title); read as the start of another document, the attached notice was left out of the attachment and kept in
    the body."""
    return bool(ATTACH_LABEL.match(doc[0]) or doc[0].endswith("文件")) and len(doc) <= 4 \
        and all(len(s) <= 80 and not re.search(r"[。；;：:，,]", s) for s in doc[1:])


_OUTLINE_TOP = re.compile(r"^(?P<n>\d{1,2})\s+(?P<text>[\u4e00-\u9fff、]{2,15})$")  # 1 活动主题
_OUTLINE_SUB = re.compile(r"^(?P<n>\d{1,2})\.(?P<m>\d{1,2})(?![\d.])\s*(?P<text>\S.*)$")  # 3.1 科技工作者座谈会
_OUTLINE_ITEM = re.compile(r"^[（(](?P<m>\d{1,2})[）)]\s*(?P<text>\S.*)$")  # （1）农技咨询


def _outline(seg: Segments) -> None:
    """A body numbered 1 / 1.1 / （1） (as some Word templates are) is read as 一、 / （一） / 1.: its sections,
    themes, times and activities are then found as in any notice; the body keeps its own numbering. Only when the
    numbering is sure to be an outline: top lines 1, 2, 3 … in order (a heading each, nothing else on the line)
    and every N.M under a top line N (not a dotted date such as 5.20)."""
    tops = [(k, int(m["n"])) for k, s in enumerate(seg.body) if (m := _OUTLINE_TOP.match(s.strip()))]
    subs = [(k, int(m["n"])) for k, s in enumerate(seg.body) if (m := _OUTLINE_SUB.match(s.strip()))]
    if len(tops) < 2 or [n for _, n in tops] != list(range(1, len(tops) + 1)) or not subs:
        return
    under = {k: max((n for at, n in tops if at < k), default=0) for k, _ in subs}
    if any(n != under[k] for k, n in subs):
        return
    cn = "一二三四五六七八九十"

    def numeral(n: int) -> str:
        return cn[n - 1] if n <= 10 else "十" + cn[n - 11] if n < 20 else str(n)

    seg.printed, body = list(seg.body), []
    for s in seg.body:
        top, sub, item = _OUTLINE_TOP.match(s.strip()), _OUTLINE_SUB.match(s.strip()), _OUTLINE_ITEM.match(s.strip())
        body.append(f"{numeral(int(top['n']))}、{top['text']}" if top else
                    f"（{numeral(int(sub['m']))}）{sub['text']}" if sub else f"{int(item['m'])}.{item['text']}" if item else s)
    seg.body = body
