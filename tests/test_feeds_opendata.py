"""Published artifacts, read back with independent parsers: icalendar, feedparser, the frictionless CLI, extruct."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import extruct
import feedparser
import icalendar
import pytest

from conftest import DATA
from scitechday.archive import context
from scitechday.data.load import load
from scitechday.publish.export import read_package, write_package

SITE_URL = "http://127.0.0.1:8000/"


def events(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_yinchuan_period_is_one_all_day_event_with_exclusive_end(built):
    ev = events(built / "calendar/province-64.ics")["2019-yinchuan-kexie/period@scitechday"]  # 宁夏
    assert ev.decoded("DTSTART") == dt.date(2019, 5, 21)
    assert ev.decoded("DTEND") == dt.date(2019, 6, 11)
    assert "2019年5月下旬至6月上旬" in str(ev["DESCRIPTION"])  # the vague text as written
    assert str(ev["URL"]) == SITE_URL + "notices/2019-yinchuan-kexie/#period"


def test_changzhou_member_week_and_deadlines(built):
    all_events = {**events(built / "calendar.ics"), **events(built / "calendar/province-32.ics")}
    week = all_events["2014-changzhou-kexie/period@scitechday"]
    assert (week.decoded("DTSTART"), week.decoded("DTEND")) == (dt.date(2014, 12, 15), dt.date(2014, 12, 22))
    due = all_events["2014-changzhou-kexie/deadline/2014-12-25@scitechday"]
    assert (due.decoded("DTSTART"), due.decoded("DTEND")) == (dt.date(2014, 12, 25), dt.date(2014, 12, 26))
    stage = all_events["2021-zhongguo-kexie/stage/" + hashlib.sha1("第二阶段".encode()).hexdigest()[:12] + "@scitechday"]
    assert (stage.decoded("DTSTART"), stage.decoded("DTEND")) == (dt.date(2021, 5, 26), dt.date(2021, 6, 6))
    for ev in all_events.values():
        assert isinstance(ev.decoded("DTSTART"), dt.date) and not isinstance(ev.decoded("DTSTART"), dt.datetime)
        assert ev.decoded("DTEND") > ev.decoded("DTSTART")
        assert str(ev["URL"]).startswith(SITE_URL + "notices/") and "DTSTAMP" in ev


def test_per_notice_and_per_organization_calendars(built):
    notice = events(built / "notices/2021-zhongguo-kexie.ics")
    assert len(notice) == 1 + 3 + 1 + 2  # period, three stages, one dated activity, two deadlines
    org = events(built / "orgs/yinchuan-kexie.ics")
    assert "2019-yinchuan-kexie/period@scitechday" in org
    partner = events(built / "orgs/weinan-kejiju.ics")  # joint issuer of the Weinan notice
    assert "2020-weinan-kexie/deadline/2020-06-10@scitechday" in partner
    page = (built / "notices/2021-zhongguo-kexie/index.html").read_text(encoding="utf-8")
    assert 'href="../2021-zhongguo-kexie.ics"' in page and 'href="webcal://127.0.0.1:8000/notices/2021-zhongguo-kexie.ics"' in page
    index = (built / "calendar/index.html").read_text(encoding="utf-8")
    assert 'webcal://127.0.0.1:8000/calendar.ics' in index and 'webcal://127.0.0.1:8000/calendar/province-64.ics' in index
    assert 'href="../yinchuan-kexie.ics"' in (built / "orgs/yinchuan-kexie/index.html").read_text(encoding="utf-8")


def test_uids_are_stable_across_builds(built, tmp_path, monkeypatch):
    from scitechday.publish import site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = site.build(str(Path(__file__).parents[1] / "mkdocs.yml"), DATA, tmp_path / "again")
    for path in sorted(built.rglob("*.ics")):
        assert events(again / path.relative_to(built)).keys() == events(path).keys(), path


def test_notices_feed(built):
    feed = feedparser.parse((built / "notices.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "全国科技工作者日活动档案：最新通知"
    titles = [e.title for e in feed.entries]
    assert "2021年“全国科技工作者日”活动实施方案" in titles and any(t.startswith("常州市科协") for t in titles)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)
    lianyungang = next(e for e in feed.entries if "连科协〔2019〕31号" in e.summary)
    assert lianyungang.id == "tag:scitechday,2026:notice/2019-lianyungang-kexie"
    assert lianyungang.link == SITE_URL + "notices/2019-lianyungang-kexie/"


def test_deadlines_feed(built):
    feed = feedparser.parse((built / "deadlines.atom").read_bytes())
    assert not feed.bozo
    ctx = context.compute(DATA, use_cache=False)
    assert len(feed.entries) == sum(len(c.deadlines) for c in ctx.archive.campaigns)
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True)  # latest first
    cast = next(e for e in feed.entries if e.title == "2021年6月30日前报送：特色亮点活动的总结报告（合计2000字以内）")
    assert cast.link == SITE_URL + "notices/2021-zhongguo-kexie/#deadline-2"


def test_every_page_links_its_feeds(built):
    for path in [built / "index.html", built / "about/index.html", built / "calendar/2019/05/index.html"]:
        html = path.read_text(encoding="utf-8")
        assert 'type="application/atom+xml" title="最新通知"' in html, path


def frictionless_validate(folder: Path):
    return subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"],
                          cwd=folder, capture_output=True, text=True)


def test_published_package_passes_the_official_validator(built):
    result = frictionless_validate(built / "opendata")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout


def test_every_csv_opens_in_a_chinese_excel(built):
    """Excel on a Chinese Windows decodes a CSV without a byte order mark as GBK: every Chinese cell garbled.
    With it, the header still reads `id`, not `\ufeffid`, for a reader that knows the mark (utf-8-sig,
    frictionless above)."""
    import csv as csvlib
    import io

    from scitechday.data.schema import tables

    fields = {f"{t.name}.csv": t.field_names for t in tables()}
    files = sorted((built / "opendata").glob("*.csv"))
    assert {f.name for f in files} == set(fields)
    for f in files:
        raw = f.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1, f.name
        assert next(csvlib.reader(io.StringIO(raw.decode("utf-8-sig")))) == list(fields[f.name])


def test_the_validator_would_catch_a_broken_package(built, tmp_path):
    broken = tmp_path / "pkg"
    shutil.copytree(built / "opendata", broken)
    csv = broken / "campaign_issuers.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("changzhou-kexie", "nowhere"), encoding="utf-8")
    assert frictionless_validate(broken).returncode != 0


def test_export_round_trips_to_the_same_records(tmp_path):
    records = load(DATA).records
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "export", "--data", str(DATA), "--out",
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    back = read_package(tmp_path)
    for rtype in ("campaign", "organization", "profile", "edition"):
        original = sorted((r.data for r in records if r.type == rtype), key=lambda d: d["id"])
        assert sorted(back[rtype], key=lambda d: d["id"]) == original, rtype
    archive = json.loads((tmp_path / "archive.json").read_text(encoding="utf-8"))
    assert len(archive["campaign"]) == len(list((DATA / "campaigns").rglob("*.yml")))


def test_export_matches_what_the_site_publishes(built, tmp_path):
    ctx = context.compute(DATA, use_cache=False)
    write_package(ctx.records, ctx.rows, tmp_path)
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (built / "opendata" / path.name).read_bytes(), path.name


def test_download_page_lists_resources_fields_and_licence(built):
    html = (built / "download/index.html").read_text(encoding="utf-8")
    assert 'href="../opendata/datapackage.json"' in html and "CC BY 4.0" in html
    assert 'href="../opendata/deadlines.csv"' in html and "<code>recipient</code>" in html


def jsonld(path: Path) -> list[dict]:
    data = extruct.extract(path.read_text(encoding="utf-8"), base_url=SITE_URL, syntaxes=["json-ld"],
                           uniform=False)["json-ld"]
    out = []
    for item in data:
        out += item.get("@graph", [item])
    return out


def test_jsonld_event_for_a_campaign(built):
    items = jsonld(built / "notices/2019-yinchuan-kexie/index.html")
    event = next(i for i in items if i["@type"] == "Event")
    assert (event["startDate"], event["endDate"]) == ("2019-05-21", "2019-06-10")
    assert event["organizer"][0]["name"] == "银川市科学技术协会"
    notice = next(i for i in items if i["@type"] == "CreativeWork")
    assert notice["name"] == "银川市科协2019年“全国科技工作者日”活动方案"


def test_jsonld_person_and_organizations(built):
    [person] = jsonld(built / "profiles/li-baoguo/index.html")
    assert person["@type"] == "Person" and person["name"] == "李保国"
    [org] = jsonld(built / "orgs/lianyungang-zhidui/index.html")
    assert org["@type"] == "Organization" and org["parentOrganization"]["name"] == "江苏省科技志愿者总队"
    ctx = context.compute(DATA, use_cache=False)
    zhidui = next(o for o in ctx.archive.organizations if o.id == "lianyungang-zhidui")
    assert sorted(s["name"] for s in org["subOrganization"]) == sorted(c.name for c in zhidui.children)
    assert len(zhidui.children) >= 5  # the five 分队 the 2019 notice names
    [gov] = jsonld(built / "orgs/weinan-kejiju/index.html")
    assert gov["@type"] == "GovernmentOrganization"


def test_sitemap_canonical_and_open_graph(built):
    tree = ET.parse(built / "sitemap.xml")
    locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert SITE_URL + "notices/2019-lianyungang-kexie/" in locs and SITE_URL + "calendar/2019/05/" in locs
    html = (built / "notices/2019-lianyungang-kexie/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}notices/2019-lianyungang-kexie/">' in html
    assert f'<meta property="og:url" content="{SITE_URL}notices/2019-lianyungang-kexie/">' in html
    assert '<meta property="og:title" content="关于开展“礼赞共和国、追梦新时代——科技志愿服务行动”全国科技工作者日系列活动的通知">' in html


@pytest.mark.parametrize("payload", ["</script><script>alert(1)</script>", "a&b<c>"])
def test_jsonld_cannot_close_its_script_element(payload):
    from scitechday.publish.jsonld import script

    text = script({"@type": "Thing", "name": payload})
    assert "<" not in text and ">" not in text and json.loads(text)["name"] == payload
