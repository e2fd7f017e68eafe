"""Feeds: iCalendar (RFC 5545) subscriptions and Atom feeds. Pure: archive in, bytes out.

Calendar events are all-day (VALUE=DATE) with an exclusive DTEND, so a period
written 5月下旬至6月上旬 is one event 2019-05-21 → DTEND 2019-06-11, and the text
as written goes into the description. UIDs come from the record ids and what each item is
(calendar.stage_keys …), so the same event keeps its UID across builds and edits of other items.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET

from scitechday.archive import calendar as cal
from scitechday.archive import dependencies, model
from scitechday.domain.dates import precision, zh_date, zh_span
from scitechday.domain.regions import province
from scitechday.publish import ical, urls
from scitechday.publish import notice as notice_parts

UID_DOMAIN = "scitechday"
SITE_NAME = "全国科技工作者日活动档案"
PRODID = "-//scitechday//全国科技工作者日活动档案//ZH"
ATOM = "http://www.w3.org/2005/Atom"
FH = "http://purl.org/syndication/history/1.0"  # RFC 5005
RECENT = 100  # entries in a subscription feed; older ones are in its archives
ARCHIVE_SIZE = 500  # at most this many entries in one archive document (a year's, or a part of a year's)


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


def _event(e: cal.Entry, site_url: str, stamp: dt.datetime) -> bytes:
    label = cal.KINDS[e.kind]
    url = page_url(site_url, e.campaign, e.anchor)
    lines = [f"{label}：{zh_span(e.start, e.end)}"]
    if e.text:
        lines.append(f"原文时间：{e.text}" + ("（约数，按其覆盖的日期记为全天事件）" if e.vague else ""))
    lines.append(f"通知：{e.campaign.title}")
    if e.campaign.doc_number:
        lines.append(f"发文字号：{e.campaign.doc_number}")
    lines.append(f"发文机关：{e.campaign.issuer_names}")
    lines += _channels(e)
    lines.append(url)
    return ical.event(f"{e.uid}@{UID_DOMAIN}", stamp, e.start, e.end + dt.timedelta(days=1),  # exclusive end
                      one_line(f"【{label}】{e.title}"), plain("\n".join(lines)), url,
                      [label, *e.campaign.observances])


def _channels(e: cal.Entry) -> list[str]:
    """Where to send a deadline's material; the notice's registration and livestream links on its period."""
    if e.kind == "deadline":
        d = e.item
        return [f"报送{what}：{value}" for what, value in (("邮箱", getattr(d, "email", None)),
                                                          ("网址", getattr(d, "url", None))) if value]
    if e.kind == "period":
        return [f"{notice_parts.LINK_KINDS.get(x.kind, x.kind)}：" + "，".join(filter(None, [x.title, x.url, x.time]))
                for x in e.campaign.links]
    return []


def ics(entries: list[cal.Entry], name: str, site_url: str, stamp: dt.datetime) -> bytes:
    return ical.calendar(one_line(name), [_event(e, site_url, stamp) for e in entries], PRODID)


def province_ics(code: str) -> str:
    """The subscription of one province's notices; calendar.ics holds the national bodies' ones."""
    return "calendar.ics" if code == cal.NATIONAL else f"calendar/province-{code}.ics"


def province_label(code: str) -> str:
    return "全国性活动" if code == cal.NATIONAL else (province(code) or code)


def subscriptions(entries: list[cal.Entry]) -> list[dict]:
    """[{path, label, events}] of the site-wide subscriptions: national bodies first, then by province."""
    return [dict(path=province_ics(code), label=province_label(code), events=len(items))
            for code, items in cal.by_province(entries).items()]


def calendar_files(archive: model.Archive, entries: list[cal.Entry]) -> dict[str, tuple[str, object, list[cal.Entry]]]:
    """Every calendar file: path → (its name, the record it is named after or None, its entries)."""
    out: dict[str, tuple[str, object, list[cal.Entry]]] = {}
    for code, items in cal.by_province(entries).items():
        out[province_ics(code)] = (f"{SITE_NAME}：{province_label(code)}", None, items)
    out.setdefault("calendar.ics", (f"{SITE_NAME}：{province_label(cal.NATIONAL)}", None, []))
    by_campaign: dict[str, list] = {}
    for e in entries:
        by_campaign.setdefault(e.campaign.id, []).append(e)
    for c in archive.campaigns:
        out[f"notices/{c.id}.ics"] = (c.title, c, by_campaign.get(c.id, []))
    by_org = cal.by_organization(entries)
    for o in archive.organizations:
        out[f"orgs/{o.id}.ics"] = (o.name, o, by_org.get(id(o), []))
    return out


def calendar_map(files: dict[str, tuple[str, object, list[cal.Entry]]], stamp: dt.datetime) -> dict[str, list[str]]:
    """{calendar file: the keys of the records it shows} (archive/dependencies.py) of the files planned
    (calendar_files): the record it is named after, the notices of its events and their issuers (each
    event names them); and "@" + the build date (every event's DTSTAMP), so that another build date
    makes every calendar again."""
    shows: dict[model.Campaign, list[str]] = {}  # by notice (model objects hash by identity)
    built = f"@{stamp.isoformat()}"
    out = {}
    for path, (_, named, items) in files.items():
        keys = {dependencies.key(named)} if named is not None else set()
        for c in {e.campaign for e in items}:
            shown = shows.get(c)
            if shown is None:
                shown = shows[c] = [dependencies.key(c), *(dependencies.key(o) for o in c.issuers)]
            keys.update(shown)
        out[path] = [*sorted(keys), built]
    return out


def calendars(archive: model.Archive, entries: list[cal.Entry], site_url: str, stamp: dt.datetime,
              wanted: dependencies.Wanted | None = None,
              planned: dict | None = None) -> dict[str, bytes | dependencies.Skipped]:
    """calendar.ics (national bodies' notices), one per province, one per notice, one per organization
    (the notices it issued and the activities it runs). Each event is serialized at most once.
    wanted: an incremental build's, which makes only the files in wanted.files (and serializes only
    their events); a Skipped stands for each other file. planned: the files' plan (calendar_files), when
    the build has it already."""
    serialized: dict[int, bytes] = {}

    def event(e: cal.Entry) -> bytes:
        data = serialized.get(id(e))
        if data is None:
            data = serialized[id(e)] = _event(e, site_url, stamp)
        return data

    out: dict[str, bytes | dependencies.Skipped] = {}
    if planned is None:
        planned = calendar_files(archive, entries)
    for path, (name, _, items) in planned.items():
        if wanted is None or path in wanted.files:
            out[path] = ical.calendar(one_line(name), [event(e) for e in items], PRODID)
        else:
            out[path] = dependencies.Skipped(path)
    return out


def _atom(feed_id: str, title: str, self_url: str, alt_url: str, updated: dt.datetime, entries: list[dict],
          links: tuple = (), archive: bool = False) -> bytes:
    """links: (rel, href) of RFC 5005 archives (current, prev-archive, next-archive); archive: mark fh:archive."""
    ET.register_namespace("", ATOM)
    ET.register_namespace("fh", FH)
    q = lambda tag: f"{{{ATOM}}}{tag}"  # noqa: E731
    feed = ET.Element(q("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    ET.SubElement(feed, q("id")).text = feed_id
    ET.SubElement(feed, q("title")).text = plain(title)
    ET.SubElement(feed, q("updated")).text = updated.isoformat()
    ET.SubElement(feed, q("link"), rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, q("link"), rel="alternate", type="text/html", href=alt_url)
    for rel, href in links:
        ET.SubElement(feed, q("link"), rel=rel, type="application/atom+xml", href=href)
    if archive:
        ET.SubElement(feed, f"{{{FH}}}archive")
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


CHINA = dt.timezone(dt.timedelta(hours=8))


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA)


def _notice_entry(c: model.Campaign, site_url: str) -> dict:
    """A notice's Atom entry but for its id and date (its _Entry has them)."""
    summary = "；".join(filter(None, [
        c.doc_number, f"发文机关：{c.issuer_names}", f"成文日期：{zh_date(c.issued)}" if c.issued else None,
        f"纪念日：{c.observance_label}",
        f"主题：{c.theme}" if c.theme else None,
        f"活动时间：{c.period.text or zh_span(c.period.start, c.period.end)}" if c.period else None]))
    return dict(title=c.title, published=_midnight(c.issued) if c.issued and precision(c.issued) == "day" else None,
                url=page_url(site_url, c), summary=summary, categories=[*c.observances, str(c.year)])


def _deadline_entry(d, site_url: str) -> dict:
    """A deadline's Atom entry but for its id and date (its _Entry has them)."""
    c = d.campaign
    summary = "；".join(filter(None, [f"截止：{zh_date(d.date)}（原文：{d.text}）" if d.text else f"截止：{zh_date(d.date)}",
                                      f"报送单位：{d.submitters}" if d.submitters else None,
                                      f"报送至：{d.recipient}" if d.recipient else None,
                                      f"形式：{d.format}" if d.format else None, f"通知：{c.title}"]))
    return dict(title=f"{zh_date(d.date)}前报送：{d.what}", url=page_url(site_url, c, f"deadline-{d.position}"),
                summary=summary, categories=["报送截止"])


@dataclasses.dataclass
class _Entry:
    """An Atom entry before it is written: its id and date (its place), what it is made from, the
    records it prints (a notice entry names its issuers, a deadline entry its notice's title)."""
    id: str
    updated: dt.datetime
    item: object  # the notice, or the deadline
    shows: tuple[str, ...]

    def entry(self, site_url: str) -> dict:
        item = self.item
        made = _notice_entry(item, site_url) if isinstance(item, model.Campaign) else _deadline_entry(item, site_url)
        return dict(id=self.id, updated=self.updated, **made)


def atom_files(archive: model.Archive, site_url: str, stamp: dt.datetime) -> dict[str, dict]:
    """Every Atom file: path → the arguments of _atom (its entries as _Entry): notices.atom (newest
    notices first) and deadlines.atom (report deadlines, latest due first), and their archives."""
    base = site_url.rstrip("/") + "/"
    notices = [_Entry(f"tag:{UID_DOMAIN},2026:notice/{c.id}", _midnight(c.date or dt.date(c.year, 1, 1)), c,
                      (dependencies.key(c), *(dependencies.key(o) for o in c.issuers)))
               for c in reversed(archive.campaigns)]  # the archive's order (date, else 1 January of its year; id), reversed
    deadlines = [_Entry(f"tag:{UID_DOMAIN},2026:deadline/{c.id}/{key}", _midnight(d.date), d, (dependencies.key(c),))
                 for c in archive.campaigns for d, key in zip(c.deadlines, cal.deadline_keys(c))]
    deadlines.sort(key=lambda x: (x.updated, x.id), reverse=True)
    out = _archived("notices", base, f"tag:{UID_DOMAIN},2026:notices", "全国科技工作者日活动档案：最新通知",
                    base + "notices/", notices, stamp)
    out.update(_archived("deadlines", base, f"tag:{UID_DOMAIN},2026:deadlines", "全国科技工作者日活动档案：报送截止",
                         base + "calendar/", deadlines, stamp))
    return out


def atom_map(files: dict[str, dict]) -> dict[str, list[str]]:
    """{Atom file: the keys of the records its entries print, and "@" + a digest of the rest of it (its
    entries' ids in order, its links to its neighbours, its date …)} of the files planned (atom_files): a
    file is the same as long as this is and none of those records changed (see calendar_map)."""
    out = {}
    for path, args in files.items():
        entries = args["entries"]
        rest = json.dumps([[x.id for x in entries], {k: str(v) for k, v in args.items() if k != "entries"}],
                          ensure_ascii=False)
        out[path] = sorted({k for x in entries for k in x.shows}) + [
            "@" + hashlib.blake2b(rest.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()]
    return out


def atom_feeds(archive: model.Archive, site_url: str, stamp: dt.datetime,
               wanted: dependencies.Wanted | None = None,
               planned: dict | None = None) -> dict[str, bytes | dependencies.Skipped]:
    """notices.atom and deadlines.atom and their RFC 5005 archives (see atom_files). wanted: an
    incremental build's, which makes only the files in wanted.files; a Skipped stands for each other.
    planned: the files' plan (atom_files for this site_url), when the build has it already."""
    out: dict[str, bytes | dependencies.Skipped] = {}
    if planned is None:
        planned = atom_files(archive, site_url, stamp)
    for path, args in planned.items():
        if wanted is None or path in wanted.files:
            out[path] = _atom(**{**args, "entries": [x.entry(site_url) for x in args["entries"]]})
        else:
            out[path] = dependencies.Skipped(path)
    return out


def _archived(name: str, base: str, feed_id: str, title: str, alt_url: str, entries: list[_Entry],
              stamp: dt.datetime) -> dict[str, dict]:
    """<name>.atom with the RECENT newest entries and, when there are more, RFC 5005 archived feeds by the
    year of their entries' dates: <name>-archive/<year>.atom, and where a year has more than ARCHIVE_SIZE,
    <year>-2.atom … (numbered from the oldest), as the arguments of _atom (entries: newest first).

    An archive document should not change once published (RFC 5005): an archive grows by notices added
    years after their date (back-filled), and numbered from the oldest in one series, every document after
    the one that took it shifted by an entry. By year, only that year's documents change."""
    updated = lambda items: max((x.updated for x in items), default=stamp)  # noqa: E731
    current = base + f"{name}.atom"
    feed = dict(feed_id=feed_id, title=title, self_url=current, alt_url=alt_url, updated=updated(entries))
    if len(entries) <= RECENT:
        return {f"{name}.atom": dict(feed, entries=entries)}
    by_year: dict[int, list[_Entry]] = {}
    for x in reversed(entries):  # oldest first
        by_year.setdefault(x.updated.year, []).append(x)
    parts = []  # (file name's stem, label, entries oldest first)
    for year, items in sorted(by_year.items()):
        chunks = [items[k:k + ARCHIVE_SIZE] for k in range(0, len(items), ARCHIVE_SIZE)]
        for n, chunk in enumerate(chunks, 1):
            parts.append((str(year) if n == 1 else f"{year}-{n}",
                          f"{year}年存档" + (f" {n}/{len(chunks)}" if len(chunks) > 1 else ""), chunk))
    href = lambda stem: base + f"{name}-archive/{stem}.atom"  # noqa: E731
    out = {f"{name}.atom": dict(feed, entries=entries[:RECENT], links=(("prev-archive", href(parts[-1][0])),))}
    for i, (stem, label, chunk) in enumerate(parts):
        links = [("current", current)] + ([("prev-archive", href(parts[i - 1][0]))] if i else []) \
            + ([("next-archive", href(parts[i + 1][0]))] if i + 1 < len(parts) else [])
        out[f"{name}-archive/{stem}.atom"] = dict(feed_id=feed_id, title=f"{title}（{label}）", self_url=href(stem),
                                                  alt_url=alt_url, updated=updated(chunk), entries=chunk[::-1],
                                                  links=tuple(links), archive=True)
    return out
