"""A notice's text → a draft campaign record (scitechday import).

The text is first cut into its parts (`segment`: header, 发文字号, title, 主送, body, 附件说明,
signature, 成文日期, appended documents), even when a repost flattened it onto one line; each
field is then read from its part (`head`, `body`, `contacts`). Every field carries a confidence;
what cannot be settled stays a TODO, and facts today's schemas cannot hold are kept as quoted
TODO notes (`draft.fit`). Nothing is guessed beyond the text.
"""

from __future__ import annotations

import re

from scitechday.domain import docnum
from scitechday.editing.importer import activities, body, contacts, grid, head
from scitechday.editing.importer.draft import Draft, allowed, first_allowed, markdown
from scitechday.editing.importer.orgs import OrgIndex
from scitechday.editing.importer.segment import ATTACH_LABEL, Segments, segment
from scitechday.editing.importer.text import PHONE_RE, normalize_phone, simplified, squash

__all__ = ["Draft", "OrgIndex", "Segments", "normalize_phone", "parse_notice", "segment"]


def parse_notice(text: str, orgs: list[dict], source_name: str = "") -> Draft:
    index = OrgIndex(orgs)
    text, traditional = simplified(text)
    seg = segment(text, index)
    d = Draft()
    if traditional:
        d.todo("原文是繁体字，导入时已逐字转换为简体：请对照原文核对标题、机关名称、人名和正文。")
    head.title(seg, d, index)
    head.doc_number(seg, d)
    head.issued(seg, d)
    head.addressees(seg, d)
    head.issuers(seg, d, index)
    index.issued_by([o for o in d.facts.get("issuers", []) if isinstance(o, str) and o != "TODO"])
    head.kind(d)
    head.observances(d, seg)
    year = head.year(d, "".join(squash(s) for s in seg.body))
    if year is None:
        d.todo("没有找到年份：请填写 year。")
    else:
        d.facts["year"] = year
    if "印发" in d.facts.get("title", "") and seg.appended:  # the notice wraps a plan: its facts are the plan's
        seg.body = seg.body + [s for doc in seg.appended for s in doc]
    activities.activities(seg, d, year, index)  # first: the times and organizers of its items are the activities'
    body.theme_and_period(seg, d, year)
    head.based_on(seg, d, index)
    body.stages(seg, d, year)
    body.deadlines(seg, d, year)
    contacts.contacts(seg, d, index)
    if "contacts" not in d.facts and any(PHONE_RE.search(s) for s in seg.body):  # read nowhere but the body
        d.todo("正文里有电话号码，但没有读出联系人：请照原文填写 contacts，每人一项：`contacts:` 下写 `- name: 姓名`、"
               "`  department: 部门`、`  phone: 0999-12345678`（单位在档案中时再写 `  organization: 编号`，"
               "有邮箱写 `  email: …`；原文没有写明的不写）。")
    kind = str(d.facts.get("kind") or "")
    if re.search("表扬|通报|公示", kind) and not body.honors(seg, d):  # a list in an attachment, of units or projects:
        d.todo(f"这是一份{kind}：名单（单位、项目、个人）请逐项写入 honors，每项：`- title: 荣誉名称`、"
               f"`  kind: {first_allowed('honors', 'kind')}`（类别只能是 {allowed('honors', 'kind')}）、`  name: 名称`，"
               "单位在档案中时加 `  organization: 编号`，所在单位写 `  affiliation: 单位`。")
    body.attachments(seg, d)
    body.unmodelled(seg, d)
    lines = ([seg.addressees + "："] if seg.addressees else []) + seg.main + seg.signature + \
        ([seg.date_line] if seg.date_line else [])
    consumed = _attachment_contents(seg, d)
    _attachment_todos(d)
    _appended_notices(seg, d, index, consumed)
    tail = [s for s in seg.after if id(s) not in consumed and s not in seg.attachment_list]
    printed, unsure = grid.tabulate(lines + tail)  # tables as Markdown tables where they are sure to be
    for run in unsure:
        _unsure_table(d, "正文（body）", run)
    below = {id(s) for s in tail}
    printed = [re.sub(r"\s{2,}", "　", s) if id(s) in below else s for s in printed]
    title = "".join(seg.title) if seg.title else ""
    if title and len(title) >= 8 and any(squash(s) == squash(title) for s in seg.after):  # its own title again
        d.todo("正文末尾又出现了这份通知的标题：原文似乎粘贴了两遍。请核对正文（body），删去重复的部分。")
    d.facts["body"] = markdown(printed)  # everything the notice prints, nothing dropped
    # the note is published under 来源 as it is: what happened to the source, never "草稿" (every page said draft)
    source = {"file": source_name, "note": "原文件，由 scitechday import 读入"} if source_name else \
        {"note": "粘贴的原文，由 scitechday import 读入"}
    named, number = d.facts.get("title"), d.facts.get("doc_number")
    if isinstance(named, str) and named and "TODO" not in named:  # the source is this notice: its page names it so
        source = {"title": f"{named}（{number}）" if isinstance(number, str) and number and "TODO" not in number
                  else named, **source}
    d.facts["sources"] = [source]
    d.todo("来源（sources）：请填写原文网址（url）和获取日期（retrieved），或保留原始文件名。")
    d.finish(find=index.find)
    return d


def _appended_notices(seg: Segments, d: Draft, index: OrgIndex, consumed: set[int]) -> None:
    """A notice of its own (its “…文件” or 发文字号, its title) printed after the date and not read into an attachment:
    the notice a 转发 forwards, appended without a 附件 label. It stays at the end of the body, where the page shows
    its sections as the notice's own and its signature above the notice's: asked to be moved, saying where."""
    if "印发" in d.facts.get("title", ""):
        return  # the plan a notice 印发 is read as the notice's own text
    for doc in seg.appended:
        if any(id(s) in consumed for s in doc) or not any(s.endswith("文件") or docnum.printed(s) for s in doc[:3]):
            continue
        inner = segment("\n".join(doc), index)
        title = re.sub(r"^附\s*件\s*\d*\s*[:：]?", "", "".join(inner.title)).strip()
        if not title:
            continue
        number = f"（{inner.doc_number}）" if inner.doc_number else ""
        d.todo(f"成文日期之后印有另一份文件“{title}”{number}的全文，现在留在正文（body）末尾，网页会把它当作本通知的正文。"
               f"它应写成附件：在 attachments 下添加一项 `- title: {title}` 和 `  kind: text`，把这份文件的全文"
               "从 body 移到这一项的 `  content: |` 下（每行比 content 多缩进两个空格），body 只保留到本通知的成文日期。")


def _attachment_todos(d: Draft) -> None:
    """What is left to write of the attachments, with the lines to type: the text of those read without any, the
    tables of those whose text has one."""
    attachments = d.facts.get("attachments") or []
    empty = [a["title"] for a in attachments if "content" not in a]
    if empty:
        d.todo(f"附件“{'”“'.join(empty)}”没有读出内容（content）：原文印有附件全文时，照录在这一项的 `  content: |` 下"
               f"（每行比 content 多缩进两个空格；表格写成 Markdown 表格：{grid.example()}）；原文只列了附件名称时不写。")
    for a in attachments:  # the tables grid.tabulate left as printed: not sure to be tables
        for run in grid.runs(a.get("content", "").split("\n\n")):
            _unsure_table(d, f"附件“{a['title']}”的内容（content）", run)


def _unsure_table(d: Draft, where: str, run: grid.Run) -> None:
    """Rows that may be a table (tab-separated, or three columns or more) but are not sure to be one: asked for, with
    the rows to type (a form's aligned blanks, 单位名称：    （盖章）, are no table)."""
    if not run.tabbed and min(len(r) for r in run.rows) < 3:
        return
    header = run.rows[0] if run.headed else grid.columns(max(len(r) for r in run.rows))
    d.todo(f"{where}中有一张表格（第一行“{' | '.join(run.rows[0])}”），{run.why()}，现在逐行照录：请对照原文写成 Markdown 表格："
           f"{grid.example(header)}" + ("" if run.headed else "（原文没有表头，表头写各列是什么）") + "。")


def _attachment_contents(seg: Segments, d: Draft) -> set[int]:
    """Documents printed after the date under 附件/附件N whose title the attachment list names become
    that attachment's content; returns the ids of the lines so used."""
    attachments = d.facts.get("attachments") or []
    used: set[int] = set()
    for doc in seg.appended:
        m = ATTACH_LABEL.match(doc[0])
        if not m or m["rest"]:
            continue
        free = [a for a in attachments if "content" not in a]
        n = int(m["n"]) - 1 if m["n"] else attachments.index(free[0]) if free else -1
        if not 0 <= n < len(attachments) or "content" in attachments[n]:
            continue
        lines = doc[1:]
        if lines and squash(lines[0]) == squash(attachments[n]["title"]):
            lines = lines[1:]
        if lines:
            attachments[n]["content"] = "\n\n".join(grid.tabulate(lines)[0]) + "\n"
            used.update(id(s) for s in doc)
    return used
