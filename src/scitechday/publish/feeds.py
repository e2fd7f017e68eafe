"""Feeds: iCalendar (RFC 5545) subscriptions and Atom feeds. Pure: archive in, bytes out.

Calendar events are all-day (VALUE=DATE) with an exclusive DTEND, so a period
written 5月下旬至6月上旬 is one event 2019-05-21 → DTEND 2019-06-11, and the text
as written goes into the description. UIDs come from the record ids and positions,
so the same event keeps its UID across builds.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import icalendar

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.publish import urls
from scitechday.domain.dates import zh_date, zh_span

UID_DOMAIN = "scitechday"
ATOM = "http://www.w3.org/2005/Atom"


# Characters XML 1.0 cannot hold and no calendar wants: C0 controls but tab/newline/CR, DEL,
# lone surrogates, U+FFFE/U+FFFF. Validation refuses them; feeds drop them anyway (second line).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def plain(text) -> str:
    """Text as a feed may carry it: the characters above removed."""
    return _NOT_TEXT.sub("", str(text)) if text is not None else ""


def one_line(text) -> str:
    """A name or title on one line (a calendar name with a newline would inject properties)."""
    return " ".join(plain(text).split())


def page_url(site_url: str, obj, anchor: str = "") -> str:
    return site_url.rstrip("/") + "/" + urls.url_of(urls.src_of(obj)) + (f"#{anchor}" if anchor else "")


def _event(e: cal.Entry, site_url: str, stamp: dt.datetime) -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", f"{e.uid}@{UID_DOMAIN}")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", e.start)
    ev.add("dtend", e.end + dt.timedelta(days=1))  # all-day events end the day after (exclusive)
    label = cal.KINDS[e.kind]
    ev.add("summary", one_line(f"【{label}】{e.title}"))
    url = page_url(site_url, e.campaign, e.anchor)
    lines = [f"{label}：{zh_span(e.start, e.end)}"]
    if e.text:
        lines.append(f"原文时间：{e.text}" + ("（约数，按其覆盖的日期记为全天事件）" if e.vague else ""))
    lines.append(f"通知：{e.campaign.title}")
    if e.campaign.doc_number:
        lines.append(f"发文字号：{e.campaign.doc_number}")
    lines.append(f"发文机关：{e.campaign.issuer_names}")
    lines.append(url)
    ev.add("description", plain("\n".join(lines)))
    ev.add("url", url)
    ev.add("categories", [label])
    ev.add("transp", "TRANSPARENT")
    return ev


def ics(entries: list[cal.Entry], name: str, site_url: str, stamp: dt.datetime) -> bytes:
    c = icalendar.Calendar()
    c.add("prodid", "-//scitechday//全国科技工作者日活动档案//ZH")
    c.add("version", "2.0")
    c.add("calscale", "GREGORIAN")
    c.add("method", "PUBLISH")
    c.add("x-wr-calname", icalendar.vText(one_line(name)))  # an X- property is not escaped unless it is vText
    c.add("x-wr-timezone", "Asia/Shanghai")
    for e in entries:
        c.add_component(_event(e, site_url, stamp))
    return c.to_ical()


def calendars(archive: model.Archive, entries: list[cal.Entry], site_url: str,
              stamp: dt.datetime) -> dict[str, bytes]:
    """calendar.ics (everything), one per notice and one per organization (what it issued or runs)."""
    out = {"calendar.ics": ics(entries, "全国科技工作者日活动档案", site_url, stamp)}
    by_campaign: dict[str, list] = {}
    for e in entries:
        by_campaign.setdefault(e.campaign.id, []).append(e)
    for c in archive.campaigns:
        out[f"notices/{c.id}.ics"] = ics(by_campaign.get(c.id, []), c.title, site_url, stamp)
    for o in archive.organizations:
        issued, runs = set(o.issued), set(o.organized + o.partnered)
        mine = [e for e in entries if e.campaign in issued or e.item in runs]
        out[f"orgs/{o.id}.ics"] = ics(mine, o.name, site_url, stamp)
    return out


def _atom(feed_id: str, title: str, self_url: str, alt_url: str, updated: dt.datetime, entries: list[dict]) -> bytes:
    ET.register_namespace("", ATOM)
    q = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, q("id")).text = feed_id
    ET.SubElement(feed, q("title")).text = plain(title)
    ET.SubElement(feed, q("updated")).text = updated.isoformat()
    ET.SubElement(feed, q("link"), rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, q("link"), rel="alternate", type="text/html", href=alt_url)
    ET.SubElement(ET.SubElement(feed, q("author")), q("name")).text = "全国科技工作者日活动档案"
    for x in entries:
        entry = ET.SubElement(feed, q("entry"))
        ET.SubElement(entry, q("id")).text = x["id"]
        ET.SubElement(entry, q("title")).text = plain(x["title"])
        ET.SubElement(entry, q("updated")).text = x["updated"].isoformat()
        if x.get("published"):
            ET.SubElement(entry, q("published")).text = x["published"].isoformat()
        ET.SubElement(entry, q("link"), rel="alternate", type="text/html", href=x["url"])
        ET.SubElement(entry, q("summary")).text = plain(x["summary"])
        for term in x.get("categories", []):
            ET.SubElement(entry, q("category"), term=plain(term))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def atom_feeds(archive: model.Archive, site_url: str, stamp: dt.datetime) -> dict[str, bytes]:
    """notices.atom (newest notices first) and deadlines.atom (report deadlines, latest due first)."""
    base = site_url.rstrip("/") + "/"
    notices = []
    for c in sorted(archive.campaigns, key=lambda c: (c.date or dt.date(c.year, 1, 1), c.id), reverse=True):
        day = c.date or dt.date(c.year, 1, 1)
        summary = "；".join(filter(None, [
            c.doc_number, f"发文机关：{c.issuer_names}", f"成文日期：{zh_date(c.issued)}" if c.issued else None,
            f"主题：{c.theme}" if c.theme else None,
            f"活动时间：{c.period.text or zh_span(c.period.start, c.period.end)}" if c.period else None]))
        notices.append(dict(id=f"tag:{UID_DOMAIN},2026:notice/{c.id}", title=c.title, updated=_midnight(day),
                            published=_midnight(c.issued) if c.issued else None, url=page_url(site_url, c),
                            summary=summary, categories=[c.observance, str(c.year)]))
    deadlines = []
    for c in archive.campaigns:
        for d in c.deadlines:
            summary = "；".join(filter(None, [f"截止：{zh_date(d.date)}（原文：{d.text}）" if d.text else f"截止：{zh_date(d.date)}",
                                              f"报送单位：{d.submitters}" if d.submitters else None,
                                              f"报送至：{d.recipient}" if d.recipient else None,
                                              f"形式：{d.format}" if d.format else None, f"通知：{c.title}"]))
            deadlines.append(dict(id=f"tag:{UID_DOMAIN},2026:deadline/{c.id}/{d.position}",
                                  title=f"{zh_date(d.date)}前报送：{d.what}", updated=_midnight(d.date),
                                  url=page_url(site_url, c, f"deadline-{d.position}"), summary=summary,
                                  categories=["报送截止"]))
    deadlines.sort(key=lambda x: (x["updated"], x["id"]), reverse=True)
    updated = lambda items: max((x["updated"] for x in items), default=stamp)  # noqa: E731
    return {
        "notices.atom": _atom(f"tag:{UID_DOMAIN},2026:notices", "全国科技工作者日活动档案：最新通知",
                              base + "notices.atom", base + "notices/", updated(notices), notices),
        "deadlines.atom": _atom(f"tag:{UID_DOMAIN},2026:deadlines", "全国科技工作者日活动档案：报送截止",
                                base + "deadlines.atom", base + "calendar/", updated(deadlines), deadlines),
    }
