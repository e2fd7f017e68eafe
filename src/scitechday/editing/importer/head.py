"""Fields from the head and the end of a notice: title, 发文字号, issuers, 主送, 成文日期, year, kind,
observances and the notices it implements (based_on)."""

from __future__ import annotations

import datetime as dt
import re

from scitechday.domain import docnum
from scitechday.domain.dates import DATE_RE, cn_number, parse_cn_date
from scitechday.editing.importer.draft import Draft
from scitechday.editing.importer.orgs import OrgIndex
from scitechday.editing.importer.segment import MONTH_ONLY, NUMERIC_DATE, Segments, segment
from scitechday.editing.importer.text import squash, tidy

# Observances by the words notices use; order = how they are listed when a notice serves several.
OBSERVANCES = [("全国科技工作者日", r"科技工作者日|科技工作者节"), ("中国科协会员日", r"会员日"),
               ("全国科技活动周", r"科技活动周|科技周"), ("全国科普日", r"科普日"), ("全国科普月", r"科普月"),
               ("全国科技节", r"全国科技节")]


def title(seg: Segments, d: Draft, orgs: OrgIndex) -> None:
    out = ""
    for j, s in enumerate(seg.title):
        words = s.split()  # 测试市科学技术局 测试市科学技术协会关于…: joint issuers keep their space
        s = "".join(w + (" " if k + 1 < len(words) and orgs.split_names(w) else "") for k, w in enumerate(words))
        s = tidy(s) if " " not in s else s
        joint = j and orgs.split_names(seg.title[j - 1]) and orgs.split_names(s)
        out += (" " if joint else "") + s
    out = re.sub(r"^【(?:转载|转帖|转发|通知|公告|原创|置顶)】\s*", "", out)  # a forum's or site's label
    if out:
        d.facts["title"] = out
        d.sure("title", "高" if seg.doc_number or seg.addressees else "中")
    else:
        d.todo("没有找到标题：请填写 title。")


def doc_number(seg: Segments, d: Draft) -> None:
    if seg.doc_number:
        d.facts["doc_number"] = seg.doc_number
        d.sure("doc_number", "高" if seg.doc_how == "line" else "中")


def issued(seg: Segments, d: Draft) -> None:
    if seg.date_line:
        text = squash(seg.date_line)
        m = MONTH_ONLY.fullmatch(text)
        if m:
            d.facts["issued"] = f"{cn_number(m['y'])}-{cn_number(m['m']):02d}"  # the month, as printed
            d.facts["issued_text"] = text
        else:
            date = _written_date(text)
            if date:
                d.facts["issued"] = date
            else:
                d.todo(f"成文日期“{seg.date_line}”不是有效的日期：请核对原文后填写 issued。")
        d.sure("issued", "高" if not NUMERIC_DATE.fullmatch(text) else "中")
    for s in seg.after:
        if "印发" in s and DATE_RE.search(s):
            d.facts["printed"] = parse_cn_date(s)
            break
    if "issued" not in d.facts and seg.catalog.get("issued"):  # the site's 成文日期 when the text has none
        text = squash(seg.catalog["issued"])
        date = _written_date(text)
        if date:
            d.facts["issued"] = date
            d.sure("issued", "中")
    if "issued" not in d.facts:
        d.todo("没有找到成文日期（文末署名下的日期）：如原文有，请填写 issued。")


def _written_date(text: str) -> dt.date | None:
    """A 成文日期 as printed (2024.8.30, 2024年8月30日, 二〇二四年八月三十日), or None when it is no real day."""
    n = NUMERIC_DATE.fullmatch(text)
    try:
        return dt.date(int(n["y"]), int(n["m"]), int(n["d"])) if n else parse_cn_date(text)
    except ValueError:
        return None


def addressees(seg: Segments, d: Draft) -> None:
    if seg.addressees:
        line = tidy(seg.addressees)
        d.facts["addressees"] = [p.strip() for p in re.split(r"[，,；;]|、(?=[^、，,]{0,3}各)|\s+(?=各)", line) if p.strip()]
        d.sure("addressees", "高" if seg.addressees_colon else "中")


def issuers(seg: Segments, d: Draft, orgs: OrgIndex) -> None:
    names: list[str] = []
    for s in seg.header:
        s = squash(s)
        s = s[:-2] if s.endswith("文件") else s
        names += orgs.split_names(s) or ([s] if s else [])  # a joint header's “文件” on a line of its own names no one
    names += seg.signature
    if not names and seg.catalog.get("issuer"):
        names = orgs.split_names(seg.catalog["issuer"]) or [squash(seg.catalog["issuer"])]
    names = list(dict.fromkeys(names))
    t = d.facts.get("title", "")
    d.sure("issuers", "高" if names else "中")
    if not names and t:
        hit = orgs.prefix(squash(t))
        if hit:
            names = [hit[0]]
        else:
            m = re.match(r"^(.{2,40}?)关于", t)
            if m:
                names = orgs.split_names(m.group(1)) or []
    ids = []
    for name in names:
        oid = orgs.find(name)
        if oid:
            if oid not in ids:
                ids.append(oid)
        else:
            ids.append("TODO")
            d.todo(orgs.missing(name, "发文机关", "再把 issuers 中的 TODO 换成它的编号。"))
    if "TODO" in ids:
        d.sure("issuers", "低")
    if not ids:
        ids = ["TODO"]
        d.todo("没有找到发文机关：请在 issuers 中填写组织编号。")
    d.facts["issuers"] = ids
    d.facts["issuer_names"] = names
    if seg.on_behalf:
        d.facts["on_behalf"] = seg.on_behalf
    if seg.signature:
        d.facts["signature"] = " ".join(seg.signature)


def year(d: Draft, flat: str) -> int | None:
    t = d.facts.get("title", "")
    m = re.search(r"((?:19|20)\d{2})\s*年", t) or re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?=\s*[“\"「]?[\u4e00-\u9fff])", t)
    d.sure("year", "高" if m else "中")
    if m:
        return int(m.group(1))
    if d.facts.get("doc_number"):
        return docnum.printed_year(d.facts["doc_number"])
    if isinstance(d.facts.get("issued"), str):
        return int(d.facts["issued"][:4])
    if d.facts.get("issued"):
        return d.facts["issued"].year
    m = re.search(r"((?:19|20)\d{2})\s*年", flat[:400])
    return int(m.group(1)) if m else None


def kind(d: Draft) -> None:
    t = re.sub(r"[（(][^）)]*[）)]$", "", d.facts.get("title", ""))
    if re.search(r"印发.{0,60}方案", t) or "关于" in t and t.endswith("通知"):
        k = "通知"
    elif t.endswith("实施方案"):
        k = "实施方案"
    elif t.endswith("方案"):
        k = "活动方案"
    elif re.search(r"公示$", t):
        k = "公示"
    elif t.endswith("报告"):
        k = "报告"
    elif re.search(r"(?:表扬|表彰|通报).{0,40}$", t) and re.search(r"通报|决定$", t):
        k = "表扬/通报"
    else:
        k = "通知"
    d.facts["kind"] = k
    d.sure("kind", "高" if re.search(r"(?:通知|方案|公示|通报|报告)$", t) else "低")


def observances(d: Draft, seg: Segments) -> None:
    """What the notice is for, from its title; from its opening lines when the title names none."""
    t = d.facts.get("title", "")
    found = [name for name, words in OBSERVANCES if re.search(words, t)]
    if not found:
        opening = "".join(seg.body[:3])
        found = [name for name, words in OBSERVANCES if re.search(words, opening)][:1]
        d.sure("observances", "中" if found else "低")
    else:
        d.sure("observances", "高")
    if not found:
        d.todo("没有从标题看出是哪个纪念日（科技工作者日、会员日、科技活动周、科普日……）：请在 observances 中"
               "填写（每个一行，以“- ”开头）。")
    d.facts["observances"] = found


_REF = re.compile(r"(?P<verb>根据|按照|依据|为贯彻落实|为落实|贯彻落实|遵照|结合|现将)(?P<pre>[^《》。；]{0,30}?)"
                  r"《(?P<title>[^》]{4,160})》(?P<post>[^。；]{0,60})")
_DOC_AFTER = re.compile(r"^[^。；《]{0,12}?[（(](?P<doc>[^（）()]{4,40})[）)]")


_TITLE = re.compile(r"《(?P<title>[^》]{4,160})》")
_CHAIN = re.compile(r"^(?:精神|要求)?(?:和|及|以及|、|与)(?P<pre>[^《》。；，]{0,20}?)(?=《)")


def _reference(title: str, post: str, pre: str, orgs: OrgIndex) -> dict:
    ref = {"title": title}
    doc = _DOC_AFTER.match(post)
    found = list(docnum.find_printed(doc["doc"])) if doc else []
    if not found:  # 《…》精神和要求（苏科协发〔2019〕87号） or the number after 要求
        found = list(docnum.find_printed(post[:40]))
    if found:
        ref["doc_number"] = found[0][2]
    issuer = orgs.inside(pre) if pre else None
    if not issuer:
        hit = orgs.prefix(title)
        issuer = hit[1] if hit else None
    if issuer:
        ref["issuer"] = issuer
    return ref


def based_on(seg: Segments, d: Draft, orgs: OrgIndex) -> None:
    flat = "".join(squash(s) for s in seg.body[:12])
    refs: list[dict] = []
    for m in _REF.finditer(flat):
        if m["verb"] == "结合" or (m["verb"] == "现将" and "印发" in m["post"][:10]):
            continue  # 现将《…方案》印发给你们: the notice's own plan, not its basis
        pos, pre = m.start("title") - 1, m["pre"]
        while True:  # 《A》（号）和《B》（号）: every notice the sentence names
            t = _TITLE.match(flat, pos)
            if not t:
                break
            following = flat.find("《", t.end())
            post = flat[t.end():min(t.end() + 60, following if following >= 0 else len(flat))]
            if all(r["title"] != t["title"] for r in refs):
                refs.append(_reference(t["title"], post, pre, orgs))
            doc = _DOC_AFTER.match(post)
            chain = _CHAIN.match(flat[t.end() + (doc.end() if doc else 0):])
            if not chain:
                break
            pos, pre = t.end() + (doc.end() if doc else 0) + chain.end(), chain["pre"]
    if not refs:  # without 《》: 根据省科协关于开展…的通知（…号）要求
        loose = re.search(r"(?:根据|按照|依据|为贯彻落实)(?P<pre>[^，。；]{0,20}?)(?P<title>关于[^，。；（(]{4,80}?的通知)"
                          r"(?:[（(](?P<doc>[^）)]{4,40})[）)])?", flat)
        if loose:
            ref = {"title": loose["title"]}
            found = list(docnum.find_printed(loose["doc"] or ""))
            if found:
                ref["doc_number"] = found[0][2]
            issuer = orgs.inside(loose["pre"]) if loose["pre"] else None
            if issuer:
                ref["issuer"] = issuer
            refs.append(ref)
    title = d.facts.get("title", "")
    named = re.search(r"(?:转发|贯彻落实)(?P<pre>[^《》]{0,40})《(?P<title>[^》]{4,160})》", title)
    if not refs and named:  # 关于转发某某《…》的通知, the body saying only 现将上述通知转发给你们
        refs.append(_reference(named["title"], "", named["pre"], orgs))
    _forwarded(seg, d, refs, orgs)
    if refs:
        d.facts["based_on"] = refs
        d.sure("based_on", "中")


def _forwarded(seg: Segments, d: Draft, refs: list[dict], orgs: OrgIndex) -> None:
    """A 转发 notice appends the notice it forwards: read that one's number and title from its head."""
    t = d.facts.get("title", "")
    if "转发" not in t or not seg.appended:
        return
    for doc in seg.appended:
        inner = segment("\n".join(doc), orgs)
        inner_title = "".join(inner.title)
        if not inner.doc_number and not inner_title:
            continue
        inner_title = tidy(re.sub(r"^附\s*件\s*\d*\s*[:：]?", "", inner_title))
        if not inner_title:
            continue
        match = next((r for r in refs if squash(r["title"]) in squash(inner_title)
                      or squash(inner_title).endswith(squash(r["title"]))), None)
        if match is None and not refs:
            match = {"title": inner_title}
            refs.append(match)
        if match is not None and inner.doc_number and "doc_number" not in match:
            match["doc_number"] = inner.doc_number
        if match is not None and "issuer" not in match:
            names = [n for s in inner.header for n in (orgs.split_names(re.sub("文件$", "", s)) or [])]
            oid = next((orgs.find(n) for n in names if orgs.find(n)), None)
            if oid:
                match["issuer"] = oid
        return
