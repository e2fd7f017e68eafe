"""publish/feeds.py on small in-memory archives, read back with icalendar, an XML parser and feedparser.

These assert what a calendar or feed reader sees, never the bytes: any writer that
produces the same events and entries passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest

from builders import SITE, STAMP, archive, campaign, org, period
from scitechday.archive import calendar as cal
from scitechday.publish import feeds

D = dt.date
A = "{http://www.w3.org/2005/Atom}"
CST = dt.timezone(dt.timedelta(hours=8))
NASTY = '逗号,分号;反斜杠\\和"引号"\n第二行：冒号'


def uid(notice_id: str, kind: str, title: str) -> str:
    """A stage's or an activity's UID: its notice's id and its name's or title's digest (not its place)."""
    return f"{notice_id}/{kind}/{hashlib.sha1(title.encode('utf-8')).hexdigest()[:12]}@scitechday"


def text(value) -> str:
    """An X- property as a calendar reader takes it: RFC 5545 TEXT, unescaped (icalendar leaves it raw)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def events(data: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in parsed.walk("VEVENT")}


def notice(**extra) -> dict:
    return {**campaign("2030-c", title="测试通知", doc_number="测科协〔2030〕1号", issuers=["kx", "kj"],
                       issued="2030-05-06", period=period("2030-05-21", "2030-06-10", "5月下旬至6月上旬"),
                    stages=[{"name": "启动", "start": "2030-05-21", "end": "2030-05-21", "text": "5月21日"}],
                    activities=[{"title": "讲座", "organizers": ["club"], "period": period("2030-05-25")},
                                {"title": "义诊", "partners": ["club"], "period": period("2030-05-26", "2030-05-27")},
                                {"title": "展览", "period": period("2030-05-28")}],
                    deadlines=[{"date": "2030-06-30", "what": "总结"}]), **extra}


ORGS = [org("kx", name="测试市科协"), org("kj", name="测试市科技局"), org("club"), org("other")]


def calendar_of(a) -> dict[str, bytes]:
    return feeds.calendars(a, cal.entries(a), SITE, STAMP)


def test_all_day_events_with_exclusive_end():
    a = archive(campaigns=[notice()], organizations=ORGS)
    evs = events(feeds.ics(cal.entries(a), "全部", SITE, STAMP))
    period_ev = evs["2030-c/period@scitechday"]
    assert period_ev.decoded("DTSTART") == D(2030, 5, 21) and period_ev.decoded("DTEND") == D(2030, 6, 11)
    one_day = evs[uid("2030-c", "activity", "讲座")]
    assert one_day.decoded("DTSTART") == D(2030, 5, 25) and one_day.decoded("DTEND") == D(2030, 5, 26)
    for ev in evs.values():
        for key in ("DTSTART", "DTEND"):
            assert type(ev.decoded(key)) is dt.date  # all-day: a date, never a date-time
        assert ev.decoded("DTSTAMP") == STAMP
    assert set(evs) == {"2030-c/period@scitechday", uid("2030-c", "stage", "启动"), uid("2030-c", "activity", "讲座"),
                        uid("2030-c", "activity", "义诊"), uid("2030-c", "activity", "展览"),
                        "2030-c/deadline/2030-06-30@scitechday"}


def test_summary_description_url_and_category():
    a = archive(campaigns=[notice()], organizations=ORGS)
    evs = events(feeds.ics(cal.entries(a), "全部", SITE, STAMP))
    ev = evs["2030-c/period@scitechday"]
    assert str(ev["SUMMARY"]) == "【活动时间】测试通知"
    assert str(ev["DESCRIPTION"]).split("\n") == [
        "活动时间：2030年5月21日至6月10日", "原文时间：5月下旬至6月上旬（约数，按其覆盖的日期记为全天事件）",
        "通知：测试通知", "发文字号：测科协〔2030〕1号", "发文机关：测试市科协、测试市科技局",
        "https://example.org/site/notices/2030-c/#period"]
    assert str(ev["URL"]) == "https://example.org/site/notices/2030-c/#period"
    assert [str(c) for c in ev["CATEGORIES"].cats] == ["活动时间", "全国科技工作者日"]  # the kind, then the observances
    assert str(ev["TRANSP"]) == "TRANSPARENT"
    stage = evs[uid("2030-c", "stage", "启动")]
    assert str(stage["SUMMARY"]) == "【活动阶段】启动：测试通知"
    assert "原文时间：5月21日" in str(stage["DESCRIPTION"]).split("\n")  # exact: no vagueness note
    assert str(stage["URL"]).endswith("/notices/2030-c/#stage-1")
    due = evs["2030-c/deadline/2030-06-30@scitechday"]
    assert str(due["SUMMARY"]) == "【报送截止】报送：总结"
    assert not any(line.startswith("原文时间") for line in str(due["DESCRIPTION"]).split("\n"))
    assert str(due["URL"]).endswith("#deadline-1")


def test_description_without_doc_number():
    a = archive(campaigns=[campaign("2030-plan", title="方案", kind="方案", issuers=["kx"],
                                    period=period("2030-05-01", "2030-05-01"))], organizations=ORGS)
    ev = events(feeds.ics(cal.entries(a), "x", SITE, STAMP))["2030-plan/period@scitechday"]
    assert str(ev["DESCRIPTION"]).split("\n") == [
        "活动时间：2030年5月1日", "通知：方案", "发文机关：测试市科协", "https://example.org/site/notices/2030-plan/#period"]


def test_titles_with_commas_semicolons_backslashes_and_newlines_round_trip():
    a = archive(campaigns=[campaign("2030-n", title=NASTY, doc_number="测〔2030〕2号",
                                    period=period("2030-05-01", "2030-05-02", "5月1日,2日;\\"),
                                    activities=[{"title": NASTY, "period": period("2030-05-03")}])])
    data = feeds.ics(cal.entries(a), NASTY, SITE, STAMP)
    parsed = icalendar.Calendar.from_ical(data)
    one_line = NASTY.replace("\n", " ")  # names and summaries on one line; descriptions keep their lines
    assert text(parsed["X-WR-CALNAME"]) == one_line
    evs = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert str(evs["2030-n/period@scitechday"]["SUMMARY"]) == "【活动时间】" + one_line
    assert str(evs[uid("2030-n", "activity", NASTY)]["SUMMARY"]) == "【活动】" + one_line
    description = str(evs["2030-n/period@scitechday"]["DESCRIPTION"])
    assert f"通知：{NASTY}\n" in description and "原文时间：5月1日,2日;\\\n" in description


def test_the_calendar_is_named_and_declared():
    parsed = icalendar.Calendar.from_ical(feeds.ics([], "名称", SITE, STAMP))
    assert text(parsed["X-WR-CALNAME"]) == "名称" and str(parsed["VERSION"]) == "2.0"
    assert str(parsed["X-WR-TIMEZONE"]) == "Asia/Shanghai" and str(parsed["METHOD"]) == "PUBLISH"
    assert str(parsed["PRODID"]) == "-//scitechday//全国科技工作者日活动档案//ZH"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert list(parsed.walk("VEVENT")) == []


def test_one_calendar_per_notice_and_per_organization():
    other = campaign("2030-other", title="别的通知", issuers=["other"], period=period("2030-07-01"),
                     activities=[{"title": "合办", "partners": ["kj"], "period": period("2030-07-02")},
                                 {"title": "不相关", "period": period("2030-07-03")}])
    quiet = campaign("2030-quiet", title="无日期的通知", issuers=["other"])
    a = archive(campaigns=[notice(), other, quiet], organizations=ORGS)
    out = calendar_of(a)
    assert set(out) == {"calendar.ics", "notices/2030-c.ics", "notices/2030-other.ics", "notices/2030-quiet.ics",
                        "orgs/kx.ics", "orgs/kj.ics", "orgs/club.ics", "orgs/other.ics"}
    everything = set(events(out["calendar.ics"]))
    assert len(everything) == 6 + 3
    # calendar.ics: the national bodies' notices (no issuer here has a region code)
    assert text(icalendar.Calendar.from_ical(out["calendar.ics"])["X-WR-CALNAME"]).startswith("全国科技工作者日活动档案")
    assert set(events(out["notices/2030-c.ics"])) == {u for u in everything if u.startswith("2030-c/")}
    assert text(icalendar.Calendar.from_ical(out["notices/2030-c.ics"])["X-WR-CALNAME"]) == "测试通知"
    assert events(out["notices/2030-quiet.ics"]) == {}
    # an issuer: everything of its notices; a partner in another notice: that activity only
    assert set(events(out["orgs/kj.ics"])) == {u for u in everything if u.startswith("2030-c/")} | \
        {uid("2030-other", "activity", "合办")}
    assert set(events(out["orgs/club.ics"])) == {uid("2030-c", "activity", "讲座"), uid("2030-c", "activity", "义诊")}
    assert set(events(out["orgs/other.ics"])) == {u for u in everything if u.startswith("2030-other/")}
    assert text(icalendar.Calendar.from_ical(out["orgs/kx.ics"])["X-WR-CALNAME"]) == "测试市科协"


def test_calendar_map_names_the_records_each_file_shows():
    """The record a file is named after, the notices of its events and their issuers (every event names them)."""
    other = campaign("2030-other", title="别的通知", issuers=["other"], period=period("2030-07-01"),
                     activities=[{"title": "合办", "partners": ["kj"], "period": period("2030-07-02")}])
    quiet = campaign("2030-quiet", title="无日期的通知", issuers=["other"])
    a = archive(campaigns=[notice(), other, quiet], organizations=ORGS)
    c, o, q = "campaign:2030-c", "campaign:2030-other", "campaign:2030-quiet"
    kx, kj, club, oth = "organization:kx", "organization:kj", "organization:club", "organization:other"
    expected = {
        "calendar.ics": sorted([c, kx, kj, o, oth]), "notices/2030-c.ics": sorted([c, kx, kj]),
        "notices/2030-other.ics": [o, oth], "notices/2030-quiet.ics": [q],
        "orgs/kx.ics": sorted([c, kx, kj]), "orgs/kj.ics": sorted([c, kx, kj, o, oth]),
        "orgs/club.ics": sorted([club, c, kx, kj]), "orgs/other.ics": [o, oth]}
    assert feeds.calendar_map(feeds.calendar_files(a, cal.entries(a)), STAMP) == {
        p: [*keys, f"@{STAMP.isoformat()}"] for p, keys in expected.items()}  # DTSTAMP


def test_an_incremental_build_makes_only_the_files_it_wants(monkeypatch):
    from scitechday.archive.dependencies import Skipped, Wanted

    a = archive(campaigns=[notice()], organizations=ORGS)
    entries = cal.entries(a)
    full = feeds.calendars(a, entries, SITE, STAMP)
    serialized = []
    real = feeds._event
    monkeypatch.setattr(feeds, "_event", lambda e, *args: (serialized.append(e.uid), real(e, *args))[1])
    out = feeds.calendars(a, entries, SITE, STAMP, Wanted(set(), {"orgs/club.ics"}))
    assert list(out) == list(full) and out["orgs/club.ics"] == full["orgs/club.ics"]
    assert {path: x for path, x in out.items() if path != "orgs/club.ics"} == \
        {path: Skipped(path) for path in full if path != "orgs/club.ics"}
    assert serialized == [uid("2030-c", "activity", t).removesuffix("@scitechday") for t in ("讲座", "义诊")]


def test_uids_do_not_depend_on_the_build():
    a = archive(campaigns=[notice()], organizations=ORGS)
    later = dt.datetime(2040, 1, 1, tzinfo=dt.timezone.utc)
    first = events(feeds.ics(cal.entries(a), "x", SITE, STAMP))
    again = events(feeds.ics(cal.entries(archive(campaigns=[notice()], organizations=ORGS)), "x", SITE, later))
    assert set(first) == set(again)
    assert {u: str(e["SUMMARY"]) for u, e in first.items()} == {u: str(e["SUMMARY"]) for u, e in again.items()}


# ---------------------------------------------------------------- Atom


def atom(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def feed_archive():
    return archive(campaigns=[
        notice(theme="主题甲"),
        campaign("2030-b", title="乙", issuers=["kx"], issued="2030-05-06", year=2030),
        campaign("2029-p", title="只有期间", issuers=["kj"], period=period("2029-09-01", "2029-09-07"),
                 observance="全国科普日", deadlines=[{"date": "2029-09-30", "what": "名单", "text": "9月底前",
                                                    "submitters": "各学会", "recipient": "办公室", "format": "电子版"},
                                                   {"date": "2030-06-30", "what": "同日"}]),
        campaign("2028-u", title="无日期", issuers=["kx"]), campaign("2028-a", title="一月二日", issued="2028-01-02")],
        organizations=ORGS)


def test_notices_feed_newest_first_with_ids_links_and_summaries():
    root = atom(feeds.atom_feeds(feed_archive(), SITE, STAMP)["notices.atom"])
    assert root.tag == A + "feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert root.findtext(A + "id") == "tag:scitechday,2026:notices"
    assert root.findtext(A + "title") == "全国科技工作者日活动档案：最新通知"
    assert root.find(A + "author").findtext(A + "name") == "全国科技工作者日活动档案"
    assert {(x.get("rel"), x.get("type"), x.get("href")) for x in root.findall(A + "link")} == {
        ("self", "application/atom+xml", "https://example.org/site/notices.atom"),
        ("alternate", "text/html", "https://example.org/site/notices/")}
    entries = root.findall(A + "entry")
    assert [e.findtext(A + "id") for e in entries] == [
        "tag:scitechday,2026:notice/2030-c", "tag:scitechday,2026:notice/2030-b", "tag:scitechday,2026:notice/2029-p",
        "tag:scitechday,2026:notice/2028-a", "tag:scitechday,2026:notice/2028-u"]
    # same day: by id, descending; undated: as if issued on 1 January of its year
    first = entries[0]
    assert first.findtext(A + "title") == "测试通知"
    assert [(x.get("rel"), x.get("type"), x.get("href")) for x in first.findall(A + "link")] == [
        ("alternate", "text/html", "https://example.org/site/notices/2030-c/")]
    assert first.findtext(A + "summary").split("；") == [
        "测科协〔2030〕1号", "发文机关：测试市科协、测试市科技局", "成文日期：2030年5月6日", "纪念日：全国科技工作者日", "主题：主题甲",
        "活动时间：5月下旬至6月上旬"]
    assert dt.datetime.fromisoformat(first.findtext(A + "updated")) == dt.datetime(2030, 5, 6, tzinfo=CST)
    assert dt.datetime.fromisoformat(first.findtext(A + "published")) == dt.datetime(2030, 5, 6, tzinfo=CST)
    assert [c.get("term") for c in first.findall(A + "category")] == ["全国科技工作者日", "2030"]
    by_period = entries[2]
    assert by_period.findtext(A + "summary").split("；") == ["发文机关：测试市科技局", "纪念日：全国科普日", "活动时间：2029年9月1日至7日"]
    assert by_period.find(A + "published") is None
    assert dt.datetime.fromisoformat(by_period.findtext(A + "updated")) == dt.datetime(2029, 9, 1, tzinfo=CST)
    assert dt.datetime.fromisoformat(entries[4].findtext(A + "updated")) == dt.datetime(2028, 1, 1, tzinfo=CST)
    assert dt.datetime.fromisoformat(root.findtext(A + "updated")) == dt.datetime(2030, 5, 6, tzinfo=CST)


def test_deadlines_feed_latest_due_first_with_anchors():
    root = atom(feeds.atom_feeds(feed_archive(), SITE, STAMP)["deadlines.atom"])
    assert root.findtext(A + "id") == "tag:scitechday,2026:deadlines"
    assert root.findtext(A + "title") == "全国科技工作者日活动档案：报送截止"
    assert {(x.get("rel"), x.get("type"), x.get("href")) for x in root.findall(A + "link")} == {
        ("self", "application/atom+xml", "https://example.org/site/deadlines.atom"),
        ("alternate", "text/html", "https://example.org/site/calendar/")}
    entries = root.findall(A + "entry")
    assert [e.findtext(A + "id") for e in entries] == [
        "tag:scitechday,2026:deadline/2030-c/2030-06-30", "tag:scitechday,2026:deadline/2029-p/2030-06-30",
        "tag:scitechday,2026:deadline/2029-p/2029-09-30"]  # same day: by id, descending
    full = entries[2]
    assert full.findtext(A + "title") == "2029年9月30日前报送：名单"
    assert full.find(A + "link").get("href") == "https://example.org/site/notices/2029-p/#deadline-1"
    assert full.findtext(A + "summary").split("；") == [
        "截止：2029年9月30日（原文：9月底前）", "报送单位：各学会", "报送至：办公室", "形式：电子版", "通知：只有期间"]
    assert entries[1].findtext(A + "summary").split("；") == ["截止：2030年6月30日", "通知：只有期间"]
    assert [c.get("term") for c in full.findall(A + "category")] == ["报送截止"]
    assert dt.datetime.fromisoformat(full.findtext(A + "updated")) == dt.datetime(2029, 9, 30, tzinfo=CST)
    assert dt.datetime.fromisoformat(root.findtext(A + "updated")) == dt.datetime(2030, 6, 30, tzinfo=CST)


def test_an_empty_archive_gives_valid_empty_feeds_updated_at_the_build_stamp():
    out = feeds.atom_feeds(archive(), SITE, STAMP)
    for name in ("notices.atom", "deadlines.atom"):
        root = atom(out[name])
        assert root.findall(A + "entry") == []
        assert dt.datetime.fromisoformat(root.findtext(A + "updated")) == STAMP


@pytest.mark.parametrize("name", ["notices.atom", "deadlines.atom"])
def test_feedparser_reads_the_feeds(name):
    a = archive(campaigns=[notice(title=NASTY + "<b>&amp;</b>")], organizations=ORGS)
    parsed = feedparser.parse(feeds.atom_feeds(a, SITE, STAMP)[name])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title.startswith("全国科技工作者日活动档案：")
    entry = parsed.entries[0]
    assert entry.link.startswith("https://example.org/site/notices/2030-c/")
    if name == "notices.atom":
        assert entry.title == NASTY + "<b>&amp;</b>"  # text, not markup: kept as written
        assert entry.id == "tag:scitechday,2026:notice/2030-c"
    else:
        assert entry.id == "tag:scitechday,2026:deadline/2030-c/2030-06-30" and entry.link.endswith("#deadline-1")
        assert entry.summary.endswith("通知：" + NASTY + "<b>&amp;</b>")


def test_page_url_joins_the_site_and_the_anchor():
    a = archive(campaigns=[campaign("2030-x")], organizations=[org("o")])
    assert feeds.page_url("https://example.org/site", a.campaigns[0]) == "https://example.org/site/notices/2030-x/"
    assert feeds.page_url(SITE, a.campaigns[0], "deadline-2") == "https://example.org/site/notices/2030-x/#deadline-2"
    assert feeds.page_url(SITE, "calendar/index.md") == "https://example.org/site/calendar/"


def test_characters_xml_cannot_hold_are_dropped_from_feeds():
    bad = "标\x01题\x7f\ufffe"
    a = archive(campaigns=[campaign("2030-x", title=bad, period=period("2030-05-01"),
                                    deadlines=[{"date": "2030-05-02", "what": bad}])])
    evs = events(feeds.ics(cal.entries(a), bad, SITE, STAMP))
    assert str(evs["2030-x/period@scitechday"]["SUMMARY"]) == "【活动时间】标题"
    assert "通知：标题\n" in str(evs["2030-x/period@scitechday"]["DESCRIPTION"])
    out = feeds.atom_feeds(a, SITE, STAMP)
    assert atom(out["notices.atom"]).find(A + "entry").findtext(A + "title") == "标题"
    assert atom(out["deadlines.atom"]).find(A + "entry").findtext(A + "summary").endswith("通知：标题")
    assert (feeds.plain(None), feeds.plain("a\x00b"), feeds.one_line(" a \n b\t")) == ("", "ab", "a b")
