"""The widened model on one synthetic notice that uses every field it added (tests/fixtures/widened):
it validates, resolves into the model, and every output shows it — the notice page, JSON-LD, Atom,
the calendar's observance filters, the by-observance listing, statistics and the open data.
Then each new field with a bad value: the message names the file, the line and what to type.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builders import SITE
from scitechday.archive import context
from scitechday.domain import docnum
from scitechday.domain.dates import MonthDate, zh_date
from scitechday.publish import calendar_pages, export, feeds, groupings, jsonld, render, stats

WIDENED = Path(__file__).parent / "fixtures" / "widened"
NOTICE = "campaigns/2030/2030-ceshi-lianhe.yml"


@pytest.fixture(scope="module")
def ctx():
    return context.compute(WIDENED, use_cache=False)  # raises DataError if the fixture does not validate


@pytest.fixture(scope="module")
def notice(ctx):
    [c] = ctx.archive.campaigns
    return c


def test_the_record_using_every_new_field_validates(ctx):
    assert ctx.report.problems == []


def test_the_model_holds_each_new_fact(ctx, notice):
    c = notice
    orgs = {o.id: o for o in ctx.archive.organizations}
    assert c.observances == ["全国科技活动周", "全国科技工作者日"]
    assert [e.id for e in c.editions] == ["keji-week-2030", "workers-day-2030"] and c.edition.id == "keji-week-2030"
    assert all(e.campaigns == [c] for e in ctx.archive.editions)  # the notice is under both editions
    assert c.kind == "通报" and c.doc_number == "测科协发〔2030〕宣字007號"  # as printed
    assert docnum.normalize(c.doc_number) == "测科协发〔2030〕宣字7号"  # the key for matching only
    assert isinstance(c.issued, MonthDate) and (c.issued.year, c.issued.month) == (2030, 6)
    assert c.issued.isoformat() == "2030-06" and zh_date(c.issued) == "2030年6月"
    assert (c.sealed_by.organization, c.sealed_by.for_) == (orgs["ceshi-shi-kexie"], "测试市科技活动周组委会")
    assert orgs["ceshi-shi-kexie"].sealed == [c]
    assert c.cc == ["测试省科学技术协会", "测试市人民政府办公室"]
    assert [(o.role, o.organization.id if o.organization else None, o.label) for o in c.organizers] == [
        ("指导单位", None, "测试省科学技术协会"), ("主办单位", "ceshi-shi-kexie", "测试市科学技术协会"),
        ("承办单位", "ceshi-kejiguan", "测试市科技馆"), ("协办单位", None, "测试市青少年宫")]
    assert [r.role for r in orgs["ceshi-kejiguan"].roles] == ["承办单位"]
    assert [(x.kind, x.title, x.url, x.time) for x in c.links] == [
        ("registration", "报名链接", "https://example.org/signup", None), ("qr", "扫描下方二维码报名", None, None),
        ("livestream", "线上直播", "https://example.org/live", "5月30日9:00—11:30")]
    [d] = c.deadlines
    assert (d.email, d.url) == ("zongjie@example.org", "https://example.org/upload")
    assert c.contacts[0].phones == ["0999-12345678", "13800001111"]
    assert c.activities[0].responsible == "市科协科普部"
    assert [(h.title, h.kind, h.name, h.organization.id if h.organization else None, h.affiliation)
            for h in c.honors] == [("优秀组织单位", "organization", "测试市科技馆", "ceshi-kejiguan", None),
                                   ("优秀组织单位", "organization", "测试县科学技术协会", None, None),
                                   ("优秀项目", "project", "社区科普大篷车", None, "测试市青少年宫")]
    assert orgs["ceshi-kejiguan"].honors_received == [c.honors[0]]
    assert [(a.kind, a.notice) for a in c.attachments] == [("plan", None)]  # a wrapped plan, as an attachment


def test_doc_numbers_as_printed_still_link_and_collide_by_their_normal_form():
    from builders import archive, campaign

    a = archive(campaigns=[campaign("2030-up", doc_number="测省科协发〔2030〕宣字7号"),
                           campaign("2030-down", based_on=[{"doc_number": "测省科协发[2030]宣字007號", "title": "x"}])])
    up = next(c for c in a.campaigns if c.id == "2030-up")
    assert [c.id for c in up.basis_of] == ["2030-down"]  # linked though printed with a zero, 號 and [ ]
    assert docnum.normalize("测科协〔2015〕059号") == docnum.normalize("测科协〔2015〕59號") == "测科协〔2015〕59号"


def test_the_same_notice_printed_with_a_leading_zero_is_a_duplicate(repo):
    shutil.copy(repo / NOTICE, repo / "campaigns/2030/2030-ceshi-lianhe-2.yml")
    text = (repo / "campaigns/2030/2030-ceshi-lianhe-2.yml").read_text(encoding="utf-8")
    text = text.replace("id: 2030-ceshi-lianhe\n", "id: 2030-ceshi-lianhe-2\n").replace("宣字007號", "宣字7号")
    (repo / "campaigns/2030/2030-ceshi-lianhe-2.yml").write_text(text, encoding="utf-8")
    assert [p.code for p in _problems(repo)] == ["duplicate-doc-number"]


def test_a_month_only_date_sorts_at_the_start_of_its_month():
    assert sorted([dt.date(2030, 6, 2), MonthDate(2030, 6), dt.date(2030, 5, 31)]) == \
        [dt.date(2030, 5, 31), MonthDate(2030, 6), dt.date(2030, 6, 2)]


def test_listings_calendar_and_stats_use_every_observance(ctx, notice):
    assert [(name, [c.id for c in items]) for name, items in groupings.by_observance(ctx.archive.campaigns)] == [
        ("全国科技工作者日", [notice.id]), ("全国科技活动周", [notice.id])]
    keys = calendar_pages._observance_keys(ctx.archive.editions)
    may = [e for e in ctx.entries if e.campaign is notice and e.start.month == 5]
    filters = {f["label"]: f["entries"] for f in calendar_pages._filters(may, keys) if f["group"] == "纪念日"}
    assert set(filters) == {"全国科技工作者日", "全国科技活动周"}  # one filter page each, with the same entries
    assert filters["全国科技工作者日"] == filters["全国科技活动周"] == may and may
    per_year = stats.per_year_by_observance(ctx.archive.campaigns).as_dict()
    assert per_year == {"2030年": {"全国科技工作者日": 1, "全国科技活动周": 1}}


def test_the_notice_page_shows_the_new_facts(ctx, notice):
    pages = {p.src: p for p in render.render_site(ctx.archive, ctx.entries, SITE)}
    html = pages[f"notices/{notice.id}.md"].html
    text = re.sub(r"<[^>]+>", "", re.sub(r">\s+<", "><", html))  # a label and its value: <dt>负责</dt> <dd>…
    for shown in ("测科协发〔2030〕宣字007號", "2030年6月", "测试市科学技术协会（代章：代测试市科技活动周组委会用印）",
                  "指导单位", "测试省科学技术协会", "承办单位", "协办单位", "测试市青少年宫",
                  "测试省科学技术协会，测试市人民政府办公室", "全国科技活动周、全国科技工作者日（2030年）",
                  "扫描下方二维码报名", "5月30日9:00—11:30", "负责市科协科普部", "13800001111",
                  "优秀组织单位（2）", "优秀项目（1）", "社区科普大篷车", "测试县科学技术协会"):
        assert shown in text, shown
    assert '<time datetime="2030-06"' in html  # a valid HTML month string: no invented day
    assert '<a href="https://example.org/live" rel="nofollow noopener">' in html
    assert '<a href="mailto:zongjie@example.org">' in html and 'href="https://example.org/upload"' in html
    assert 'href="tel:13800001111"' in html
    assert html.count("data-pagefind-filter=\"纪念日:") == 2
    assert "2030年全国科技活动周" in text and "2030年全国科技工作者日" in text  # both editions linked
    org = re.sub(r"<[^>]+>", "", pages["orgs/ceshi-kejiguan.md"].html)  # a unit named in a role and in the list
    assert f"承办单位：{notice.title}" in org and f"优秀组织单位：见 {notice.title}" in org
    assert notice.title in re.sub(r"<[^>]+>", "", pages["orgs/ceshi-shi-kexie.md"].html).split("代章的通知")[1]


def test_json_ld_states_precision_roles_links_and_awards(notice):
    work, event = jsonld.campaign(notice, SITE)
    assert work["dateCreated"] == "2030-06" and work["keywords"] == ["全国科技活动周", "全国科技工作者日"]
    assert {"@type": "CreativeWork", "name": "社区科普大篷车", "award": "优秀项目"} in work["mentions"]
    assert [o["name"] for o in event["organizer"]] == ["测试市科学技术协会", "测试市科学技术局", "测试市科学技术协会"]
    assert [o["name"] for o in event["contributor"]] == ["测试省科学技术协会", "测试市科技馆", "测试市青少年宫"]
    assert [s["name"] for s in event["superEvent"]] == ["2030年全国科技活动周", "2030年全国科技工作者日"]
    assert event["location"] == [{"@type": "VirtualLocation", "url": "https://example.org/live"}]
    assert event["offers"] == [{"@type": "Offer", "url": "https://example.org/signup"}]


def test_atom_names_every_observance_and_invents_no_publication_day(ctx):
    stamp = dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc)
    root = ET.fromstring(feeds.atom_feeds(ctx.archive, SITE, stamp)["notices.atom"])
    a = "{http://www.w3.org/2005/Atom}"
    [entry] = root.findall(a + "entry")
    assert [x.get("term") for x in entry.findall(a + "category")] == ["全国科技活动周", "全国科技工作者日", "2030"]
    assert entry.find(a + "published") is None  # only the month is printed
    assert "成文日期：2030年6月" in entry.findtext(a + "summary")


def test_icalendar_names_observances_links_and_where_to_send(ctx):
    import icalendar

    stamp = dt.datetime(2031, 1, 1, tzinfo=dt.timezone.utc)
    cal = icalendar.Calendar.from_ical(feeds.ics(ctx.entries, "测试", SITE, stamp))
    events = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    [deadline] = [e for uid, e in events.items() if uid.startswith("2030-ceshi-lianhe/deadline/")]
    period = events["2030-ceshi-lianhe/period"]
    assert [str(c) for c in period["CATEGORIES"].cats] == ["活动时间", "全国科技活动周", "全国科技工作者日"]
    text = str(period["DESCRIPTION"])
    assert "报名：报名链接，https://example.org/signup" in text and "直播：线上直播，https://example.org/live，5月30日9:00—11:30" in text
    assert "扫码报名：扫描下方二维码报名" in text
    assert "报送邮箱：zongjie@example.org" in str(deadline["DESCRIPTION"])
    assert "报送网址：https://example.org/upload" in str(deadline["DESCRIPTION"])


def _csv(files: dict, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"].decode("utf-8-sig"))))


def test_open_data_has_a_row_per_new_fact_and_reads_back(ctx, tmp_path):
    files = export.package_files(ctx.records, ctx.rows)
    cid = "2030-ceshi-lianhe"
    assert [(r["observance"], r["year"]) for r in _csv(files, "observances")] == \
        [("全国科技活动周", "2030"), ("全国科技工作者日", "2030")]
    assert [(r["role"], r["organization"], r["name"]) for r in _csv(files, "organizers")][:2] == \
        [("指导单位", "", "测试省科学技术协会"), ("主办单位", "ceshi-shi-kexie", "")]
    assert [r["recipient"] for r in _csv(files, "cc")] == ["测试省科学技术协会", "测试市人民政府办公室"]
    assert [r["kind"] for r in _csv(files, "links")] == ["registration", "qr", "livestream"]
    assert [(r["kind"], r["name"]) for r in _csv(files, "awards")][2] == ("project", "社区科普大篷车")
    assert _csv(files, "contact_phones") == [{"campaign": cid, "contact": "1", "position": "1", "phone": "13800001111"}]
    [row] = _csv(files, "campaigns")
    assert (row["issued"], row["sealed_by_organization"], row["sealed_by_for"]) == \
        ("2030-06", "ceshi-shi-kexie", "测试市科技活动周组委会")
    descriptor = json.loads(files["datapackage.json"])
    campaigns = next(r for r in descriptor["resources"] if r["name"] == "campaigns")
    issued = next(f for f in campaigns["schema"]["fields"] if f["name"] == "issued")
    assert issued["type"] == "string" and re.fullmatch(issued["constraints"]["pattern"], "2030-06")
    out = tmp_path / "opendata"
    export.write_package(ctx.records, ctx.rows, out)
    back = export.read_package(out)
    assert back["campaign"] == [r.data for r in ctx.records if r.type == "campaign"]


def test_the_published_package_passes_frictionless(ctx, tmp_path):
    import frictionless

    export.write_package(ctx.records, ctx.rows, tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


# ---------------------------------------------------------------- bad values of each new field


@pytest.fixture
def repo(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(WIDENED, data)
    return data


def _problems(data: Path):
    from scitechday.data.validate import validate
    return [p for p in validate(data, use_cache=False).problems if p.level == "error"]


def _edit(data: Path, old: str, new: str) -> int:
    path = data / NOTICE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1  # the line the edit starts on


BAD = [  # (old, new, line offset from the edit, code, field, words the message must hold)
    ("  - 全国科技活动周\n", "  - 全国科技节\n", 0, "enum", "observances[0]", ["全国科技节", "全国科普月"]),
    ("  - 全国科技活动周\n", "  - 全国科普日\n", 0, "unknown-reference", "observances[0]",
     ["data/editions.yml", "`  observance: 全国科普日`、`  year: 2030`"]),
    ("  - 全国科技活动周\n", "  - 全国科技工作者日\n", 1, "duplicate", "observances[1]", ["全国科技工作者日"]),
    ("observances:\n  - 全国科技活动周\n  - 全国科技工作者日\n", "", 0, "missing-items", "observances",
     ["observances", "`observances:` 下一行写 `  - ` 加原文的纪念日"]),
    ("issued: 2030-06\n", "issued: 2030-6\n", 0, "type", "issued", ["请写成 2030-06", "不要补日子"]),
    ("issued: 2030-06\n", "issued: 2030年6月\n", 0, "type", "issued", ["请写成 2030-06"]),
    ("issued: 2030-06\n", "issued: 2030-13\n", 0, "type", "issued", ["YYYY-MM"]),
    ("doc_number: 测科协发〔2030〕宣字007號\n", "doc_number: 测科协发〔2030〕宣字007\n", 0, "pattern", "doc_number",
     ["宣字7号", "前导零"]),
    ("  - role: 指导单位\n", "  - role: 赞助单位\n", 0, "enum", "organizers[0].role", ["赞助单位", "承办单位"]),
    ("    organization: ceshi-kejiguan\n  - role: 协办单位", "    organization: kejiguan\n  - role: 协办单位", 0,
     "unknown-reference", "organizers[2].organization", ["kejiguan"]),
    ("    organization: ceshi-kejiguan\n  - role: 协办单位", "    organization: 测试市科技馆\n  - role: 协办单位", 0,
     "unknown-reference", "organizers[2].organization", ["这里要写编号 ceshi-kejiguan"]),
    ("  - role: 指导单位\n    name: 测试省科学技术协会\n", "  - role: 指导单位\n", 0, "one-of-required", "organizers[0]",
     ["organization", "name"]),
    ("  organization: ceshi-shi-kexie\n  name: 测试市科学技术协会\n", "  organization: shi-kexie\n", 0,
     "unknown-reference", "sealed_by.organization", ["shi-kexie"]),
    ("  organization: ceshi-shi-kexie\n  name: 测试市科学技术协会\n  for:", "  for:", -1, "one-of-required", "sealed_by",
     ["organization", "name"]),
    ("    url: https://example.org/signup\n", "    url: javascript:alert(1)\n", 0, "pattern", "links[0].url",
     ["http://", "javascript:"]),
    ("  - kind: qr\n", "  - kind: 扫码\n", 0, "enum", "links[1].kind", ["扫码", "qr（扫码报名）"]),
    ("  - kind: qr\n    title: 扫描下方二维码报名\n", "  - kind: qr\n", 0, "one-of-required", "links[1]", ["url", "title"]),
    ("    email: zongjie@example.org\n", "    email: zongjie.example.org\n", 0, "format", "deadlines[0].email",
     ["zongjie.example.org"]),
    ("    url: https://example.org/upload\n", "    url: www.example.org/upload\n", 0, "format", "deadlines[0].url",
     ["http://"]),
    ('      - "13800001111"\n', '      - "138-0000"\n', 0, "pattern", "contacts[0].other_phones[0]", ["11 位"]),
    ("  - title: 优秀项目\n    kind: project\n", "  - title: 优秀项目\n    kind: 项目\n", 1, "enum", "honors[2].kind",
     ["project（项目）"]),
    ("    name: 社区科普大篷车\n", "", 0, "required", "honors[2].name", ["名称"]),
    ("cc:\n  - 测试省科学技术协会\n", "cc:\n  - {name: 测试省科学技术协会}\n", 1, "wrong-type", "cc[0]", ["文字"]),
    ("    responsible: 市科协科普部\n", "    responsible: [市科协科普部]\n", 0, "wrong-type",
     "activities[0].responsible", []),
]


@pytest.mark.parametrize("old,new,offset,code,field,words", BAD, ids=[f"{b[4]}-{b[3]}" for b in BAD])
def test_a_bad_value_of_each_new_field_is_told_what_to_type(repo, old, new, offset, code, field, words):
    at = _edit(repo, old, new)
    line = at + offset if new else None
    found = [p for p in _problems(repo) if p.field == field and p.code == code]
    assert found, [(p.line, p.code, p.field, p.message) for p in _problems(repo)]
    p = found[0]
    assert p.path.endswith(NOTICE) and (line is None or p.line == line), (p.line, line)
    assert re.search(r"[\u4e00-\u9fff]", p.message) and "Traceback" not in p.message
    for word in words:
        assert word in p.message, (word, p.message)


def test_the_widened_notice_builds_into_a_site_whose_links_resolve(tmp_path):
    """Whatever validates builds: the whole site (MkDocs, search index) from the fixture using every new field."""
    from conftest import CONFIG
    from scitechday.publish import site
    from scitechday.publish.linkcheck import broken_links

    out = site.build(CONFIG, WIDENED, tmp_path / "site")
    page = (out / "notices" / "2030-ceshi-lianhe" / "index.html").read_text(encoding="utf-8")
    assert 'id="honors"' in page and 'id="links"' in page and "测试市青少年宫" in page
    assert (out / "orgs" / "ceshi-kejiguan" / "index.html").is_file()
    assert "社区科普大篷车" in (out / "opendata" / "awards.csv").read_text(encoding="utf-8")
    assert broken_links(out) == []


@pytest.mark.parametrize("old,new,field,id_key", [
    ("    name: 测试市青少年宫\n", "    name: 测试市科技馆\n", "organizers[3].name", "organization"),
    ("    name: 测试县科学技术协会\n", "    name: 测试市科学技术局\n", "honors[1].name", "organization"),
])
def test_a_unit_the_archive_holds_written_by_name_is_told_its_id(repo, old, new, field, id_key):
    from scitechday.data.validate import validate

    line = _edit(repo, old, new)
    [p] = [p for p in validate(repo, use_cache=False).problems if p.code == "name-of-known-record"]
    assert (p.level, p.field, p.line) == ("warning", field, line)
    oid = "ceshi-kejiguan" if "科技馆" in new else "ceshi-shi-kejiju"
    assert f"`{id_key}: {oid}`" in p.message and "名称照原文保留" in p.message
