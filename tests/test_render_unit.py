"""publish/render.py on a small in-memory archive: which pages exist, and the data each template is given.

A recorder wraps Renderer.page so the tests read the computed context (navigation, counts,
groupings) directly; the HTML is checked only where the renderer itself builds it.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote_plus

import jinja2
import pytest

from builders import SITE, archive, campaign, edition, one, org, period, profile, team
from scitechday.archive import calendar as cal
from scitechday.archive import indexes
from scitechday.data import registry
from scitechday.publish import groupings, jsonld, render

D = dt.date


def small():
    return archive(
        campaigns=[campaign("2030-c", title="测试通知", doc_number="测〔2030〕1号", issuers=["kx"], issued="2030-05-06",
                            period=period("2030-05-21", "2030-06-02", "5月下旬至6月初"),
                            deadlines=[{"date": "2030-08-01", "what": "总结"}]),
                   campaign("2031-d", title="第二份", issuers=["kx", "sub"],
                            period=period("2031-01-05", "2031-01-06"))],
        organizations=[org("kx", name="测试市科协"), org("sub", name="测试区科协", kind="政府部门", parent="kx"),
                       team("tuan", name="测试服务团", level="prefecture")],
        profiles=[profile("p", name="王某", summary="简介")],
        editions=[edition(year=2030, edition="14", theme="主题")])


@pytest.fixture
def rendered(monkeypatch):
    """(pages by source path, context given to each page's template) for an archive."""
    contexts: dict[str, dict] = {}
    original = render.Renderer.page

    def page(self, src, template, *args, **context):  # passes on exactly what it was given: defaults stay the code's
        contexts[src] = dict(template=template, **{k: v for k, v in context.items() if k not in ("description", "ld")})
        original(self, src, template, *args, **context)

    monkeypatch.setattr(render.Renderer, "page", page)

    def run(a, **kwargs):
        contexts.clear()
        pages = render.render_site(a, cal.entries(a), SITE, **kwargs)
        return {p.src: p for p in pages}, dict(contexts)
    return run


def test_every_record_and_index_has_one_page(rendered):
    pages, _ = rendered(small())
    assert set(pages) == {
        "index.md", "notices/index.md", "notices/by-org.md", "notices/by-region.md", "notices/2030-c.md",
        "notices/2031-d.md", "calendar/index.md", "calendar/2030/index.md", "calendar/2031/index.md",
        "calendar/2030/05.md", "calendar/2030/06.md", "calendar/2030/08.md", "calendar/2031/01.md",
        "orgs/kx.md", "orgs/sub.md", "orgs/tuan.md", "orgs/index.md", "teams/index.md",
        "profiles/index.md", "profiles/p.md", "editions/index.md", "editions/workers-day-2030.md",
        "download.md", "templates.md", "notices/by-observance.md", "stats.md", "sources/index.md"}
    assert all(p.html for p in pages.values())


def test_record_pages_title_description_and_jsonld(rendered):
    a = small()
    pages, ctx = rendered(a)
    notice = pages["notices/2030-c.md"]
    assert (notice.title, notice.description) == ("测试通知", "测〔2030〕1号，测试市科协，2030年5月6日")
    assert notice.meta["jsonld"] == jsonld.script(jsonld.campaign(a.campaigns[0], SITE))
    assert ctx["notices/2030-c.md"]["c"] is a.campaigns[0]
    assert ctx["notices/2030-c.md"]["template"] == registry.get("campaign").template
    assert pages["notices/2031-d.md"].description == "测试市科协、测试区科协"  # no number, no issue date
    org_page = pages["orgs/sub.md"]
    assert (org_page.title, org_page.description) == ("测试区科协", "政府部门，测试市科协")
    assert pages["orgs/kx.md"].description == "科协"
    assert org_page.meta["jsonld"] == jsonld.script(jsonld.organization(a.organizations[1], SITE))
    person = pages["profiles/p.md"]
    assert (person.title, person.description) == ("王某", "简介")
    assert person.meta["jsonld"] == jsonld.script(jsonld.profile(a.profiles[0], SITE))
    ed = pages["editions/workers-day-2030.md"]
    assert (ed.title, ed.description, "jsonld" in ed.meta) == ("2030年第14个全国科技工作者日", "主题", False)
    assert "jsonld" not in pages["notices/index.md"].meta and pages["notices/index.md"].title == "通知档案"


def test_month_pages_step_through_the_months_that_hold_entries(rendered):
    _, ctx = rendered(small())
    may, june, aug, jan = (ctx[f"calendar/{ym}.md"] for ym in ("2030/05", "2030/06", "2030/08", "2031/01"))
    assert may["prev"] is None and may["next"] == dict(src="calendar/2030/06.md", label="2030年6月")
    assert june["prev"] == dict(src="calendar/2030/05.md", label="2030年5月")
    assert june["next"] == dict(src="calendar/2030/08.md", label="2030年8月")  # July holds nothing
    assert jan["next"] is None and jan["prev"] == dict(src="calendar/2030/08.md", label="2030年8月")
    assert aug["next"] == dict(src="calendar/2031/01.md", label="2031年1月")
    assert jan["year_src"] == "calendar/2031/index.md"
    assert (may["year"], may["month"]) == (2030, 5)
    assert june["carried"] == 1  # the period runs into June, where it ends on the 2nd
    assert [(d["day"].day, e.uid, mark) for d in june["days"] for e, mark in d["marks"]] == [(2, "2030-c/period", "◀ ")]
    cells = [c for week in june["weeks"] for c in week if c]
    assert [c["running"] for c in cells[:3]] == [1, 1, 0] and cells[1]["marks"] == june["days"][0]["marks"]


def test_year_pages_and_the_calendar_index(rendered):
    _, ctx = rendered(small())
    y2030 = ctx["calendar/2030/index.md"]
    assert [(m["month"], m["src"], m["count"]) for m in y2030["months"]][3:9] == [
        (4, None, 0), (5, "calendar/2030/05.md", 1), (6, "calendar/2030/06.md", 1), (7, None, 0),
        (8, "calendar/2030/08.md", 1), (9, None, 0)]
    assert [m["month"] for m in y2030["months"]] == list(range(1, 13))
    assert (y2030["prev_year"], y2030["next_year"], y2030["next_year_label"]) == \
        (None, "calendar/2031/index.md", "2031年")
    y2031 = ctx["calendar/2031/index.md"]
    assert (y2031["prev_year"], y2031["prev_year_label"], y2031["next_year"]) == \
        ("calendar/2030/index.md", "2030年", None)
    index = ctx["calendar/index.md"]
    assert index["years"] == [(dict(year=2031, src="calendar/2031/index.md"), 1),
                              (dict(year=2030, src="calendar/2030/index.md"), 2)]  # the period (May–June) counts once
    assert index["months"] == [dict(src="calendar/2031/01.md", label="2031年1月", count=1),
                               dict(src="calendar/2030/08.md", label="2030年8月", count=1),
                               dict(src="calendar/2030/06.md", label="2030年6月", count=1),
                               dict(src="calendar/2030/05.md", label="2030年5月", count=1)]  # busy months, latest first


def test_index_pages_are_given_the_groupings(rendered):
    a = small()
    _, ctx = rendered(a)
    home = ctx["index.md"]
    assert [e.uid for e in home["recent"]] == [e.uid for e in cal.entries(a) if e.kind != "deadline"][-12:]
    assert [e.uid for e in home["deadlines"]] == ["2030-c/deadline/2030-08-01"]
    assert home["counts"] == indexes.counts(a)
    assert home["latest"] == indexes.latest(a.campaigns, 10) and home["editions"] == a.editions
    assert ctx["notices/index.md"]["by_year"] == indexes.by_year(a.campaigns)
    assert ctx["notices/by-org.md"]["issuers"] == [(o, o.issued) for o in indexes.issuers(a.campaigns)]
    assert ctx["notices/by-region.md"]["groups"] == groupings.by_region(a.campaigns)
    assert ctx["orgs/index.md"]["groups"] == indexes.org_tree(a.organizations)
    assert ctx["teams/index.md"]["groups"] == [("队伍", [a.organizations[2]])]
    assert (ctx["orgs/index.md"]["teams"], ctx["teams/index.md"]["teams"]) == (False, True)
    assert ctx["profiles/index.md"]["groups"] == indexes.profiles_by_honor(a.profiles)
    assert ctx["editions/index.md"]["editions"] == a.editions
    assert ctx["orgs/sub.md"]["region"] is None


def test_no_teams_no_team_group(rendered):
    _, ctx = rendered(archive(organizations=[org("kx", region="320700")]))
    assert ctx["teams/index.md"]["groups"] == []
    assert ctx["orgs/kx.md"]["region"] == "江苏省"


def test_links_follow_the_url_style(rendered):
    pages, _ = rendered(small())
    assert 'href="../../orgs/kx/"' in pages["notices/2030-c.md"].html
    assert 'href="webcal://example.org/site/calendar.ics"' in pages["calendar/2030/05.md"].html
    files, _ = rendered(small(), directory_urls=False)
    assert 'href="../orgs/kx.html"' in files["notices/2030-c.md"].html


def test_the_download_page_gets_the_open_data(rendered):
    table = registry.get("campaign").table
    pages, ctx = rendered(archive(), opendata=[(table, 3)])
    assert ctx["download.md"]["tables"] == [(table, 3)] and ctx["download.md"]["site_url"] == SITE
    assert f"{table.name}.csv</a>，3 行" in pages["download.md"].html


def test_a_record_type_without_a_method_gets_pages_from_its_registered_template(rendered, monkeypatch):
    a = small()
    types = registry.record_types()
    note = registry.RecordType("note", types[0].table, "notes", "flat", "备注", "备注", "notes/{id}.md", "note.html",
                               "observance")
    monkeypatch.setattr(registry, "record_types", lambda *args: (*types, note))
    env = render._env()
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"note.html": "<p>{{ record.theme }}</p>"}), env.loader])
    monkeypatch.setattr(render, "_env", lambda: env)
    a.by_type["note"] = [a.editions[0]]
    pages, ctx = rendered(a)
    assert pages["notes/workers-day-2030.md"].title == "全国科技工作者日"
    assert pages["notes/workers-day-2030.md"].html == "<p>主题</p>"
    assert ctx["notes/workers-day-2030.md"]["record"] is a.editions[0]
    assert "notes/workers-day-2030.md" not in rendered(small())[0]


def test_home_shows_the_last_twelve_entries_and_deadlines(rendered):
    a = archive(campaigns=[campaign(deadlines=[{"date": f"2030-06-{d:02d}", "what": str(d)} for d in range(1, 15)],
                                    activities=[{"title": str(d), "period": period(f"2030-05-{d:02d}")}
                                                for d in range(1, 15)])])
    _, ctx = rendered(a)
    assert [e.item.what for e in ctx["index.md"]["deadlines"]] == [str(d) for d in range(3, 15)]
    assert [e.title for e in ctx["index.md"]["recent"]] == [str(d) for d in range(3, 15)]


def test_titles_and_descriptions_of_the_fixed_pages(rendered):
    pages, _ = rendered(small())
    fixed = {"index.md", "notices/by-org.md", "notices/by-region.md", "download.md", "templates.md"}
    titles = {src: (p.title, p.description) for src, p in pages.items() if src in fixed or src.endswith("/index.md")}
    assert titles == {
        "index.md": ("首页", "全国科技工作者日活动通知、活动日历、组织机构与科技志愿者队伍的档案。"),
        "notices/index.md": ("通知档案", ""), "notices/by-org.md": ("按发文机关浏览通知", ""),
        "notices/by-region.md": ("按地区浏览通知", ""), "calendar/index.md": ("活动日历", ""),
        "calendar/2030/index.md": ("2030年活动日历", ""), "calendar/2031/index.md": ("2031年活动日历", ""),
        "orgs/index.md": ("组织机构", ""), "teams/index.md": ("科技志愿者队伍", ""),
        "profiles/index.md": ("人物与团队", ""), "editions/index.md": ("届次", ""),
        "download.md": ("数据下载", "档案数据的开放下载：Frictionless 数据包、CSV、JSON、日历与订阅源。"),
        "templates.md": ("记录模板", "新增活动通知、组织机构和人物记录时可复制的模板。"),
        "sources/index.md": ("原文", "档案记录所依据的原始文本。")}
    assert (pages["notices/by-observance.md"].title, pages["stats.md"].title) == ("按纪念日浏览通知", "统计")
    assert (pages["calendar/2030/05.md"].title, pages["calendar/2030/05.md"].description) == ("2030年5月活动日历", "")


def test_home_shows_the_ten_latest_notices(rendered):
    a = archive(campaigns=[campaign(f"2030-n{i:02d}", issued=f"2030-05-{i:02d}") for i in range(1, 13)])
    _, ctx = rendered(a)
    assert [c.id for c in ctx["index.md"]["latest"]] == [f"2030-n{i:02d}" for i in range(12, 2, -1)]


def test_notice_body_and_attachments_are_rendered_markdown(rendered):
    a = archive(campaigns=[campaign("2030-in"), campaign("2030-c", body="# 一、目的\n\n正文**重点**。", attachments=[
        {"title": "报名表", "kind": "form", "content": "# 表头\n\n| 姓名 |\n|---|\n| 张 |"},
        {"title": "转发", "kind": "notice", "notice": "2030-in"}])])
    _, ctx = rendered(a)
    page = ctx["notices/2030-c.md"]
    assert re.fullmatch(r'<h2 id="[^"]+">一、目的</h2>\n<p>正文<strong>重点</strong>。</p>', page["body"])
    first, second = page["attachments"]
    assert (first["position"], first["title"], first["notice"]) == (1, "报名表", None)
    assert "<h4" in first["html"] and "<table>" in first["html"]  # headings demoted below the page's own
    assert (second["position"], second["title"], second["notice"]) == (2, "转发", one(a.campaigns, id="2030-in"))
    assert str(second["html"]) == ""


def test_data_is_escaped_and_templates_are_strict(rendered):
    a = archive(campaigns=[campaign("2030-x", title="<b>粗</b>&", issuers=["o"])],
                organizations=[org("o", name="<i>机构</i>")])
    pages, _ = rendered(a)
    html = pages["notices/2030-x.md"].html
    assert "&lt;b&gt;粗&lt;/b&gt;&amp;" in html and "<b>粗" not in html
    assert "&lt;i&gt;机构&lt;/i&gt;" in pages["orgs/o.md"].html
    with pytest.raises(jinja2.UndefinedError):
        render._env().from_string("{{ missing }}").render()


def test_year_pages_link_their_neighbours(rendered):
    a = archive(campaigns=[campaign(f"{y}-c", deadlines=[{"date": f"{y}-06-01", "what": "x"}])
                           for y in (2030, 2031, 2032)])
    _, ctx = rendered(a)
    years = [ctx[f"calendar/{y}/index.md"] for y in (2030, 2031, 2032)]
    assert [x["year"] for x in years] == [2030, 2031, 2032]
    assert [(x["prev_year"], x["next_year"]) for x in years] == [
        (None, "calendar/2031/index.md"), ("calendar/2030/index.md", "calendar/2032/index.md"),
        ("calendar/2031/index.md", None)]


def test_tree_pages_have_a_heading_and_an_introduction(rendered):
    _, ctx = rendered(small())
    for src, heading in (("orgs/index.md", "组织机构"), ("teams/index.md", "科技志愿者队伍")):
        assert ctx[src]["heading"] == heading
        assert "按" in ctx[src]["intro"] and ctx[src]["intro"].endswith("。")  # a sentence, not None


def test_profile_page_region_deeds_and_empty_description(rendered):
    a = archive(profiles=[profile("p", region="320700", deeds="**事迹**"), profile("q")])
    pages, ctx = rendered(a)
    assert ctx["profiles/p.md"]["region"] == "江苏省" and ctx["profiles/q.md"]["region"] is None
    assert ctx["profiles/p.md"]["deeds"] == "<p><strong>事迹</strong></p>"
    assert ctx["profiles/p.md"]["p"] is one(a.profiles, id="p")
    assert pages["profiles/q.md"].description == ""


def test_record_templates_page_shows_each_example_where_its_file_goes(rendered):
    _, ctx = rendered(archive())
    examples = ctx["templates.md"]["examples"]
    assert [(label, path) for label, path, _ in examples] == [
        ("活动通知", "data/campaigns/2024/2024-changzhou-kexie.yml"),
        ("组织机构", "data/organizations/xuzhou-kexie.yml"), ("人物或团队", "data/profiles/zhang-san.yml")]
    for (_, _, text), rid in zip(examples, ("2024-changzhou-kexie", "xuzhou-kexie", "zhang-san"), strict=True):
        assert re.search(rf"^id: {rid}\b", text, re.M)  # the id the path is named after
    assert re.search(r"^year: 2024\b", examples[0][2], re.M)


def test_edition_page_without_theme_has_no_description(rendered):
    pages, ctx = rendered(archive(editions=[edition(year=2031)]))
    assert pages["editions/workers-day-2031.md"].description == ""
    assert ctx["editions/workers-day-2031.md"]["e"].year == 2031


def test_links_from_the_data_only_to_web_addresses(rendered):
    a = archive(organizations=[org("web", website="https://example.org/kx", sources=[{"url": "https://example.org/s"}]),
                               org("bad", website="javascript:alert(1)", sources=[{"url": "javascript:alert(2)"}])])
    pages, _ = rendered(a)
    assert 'href="https://example.org/kx"' in pages["orgs/web.md"].html
    assert 'href="https://example.org/s"' in pages["orgs/web.md"].html
    bad = pages["orgs/bad.md"].html
    assert "javascript:alert(1)" in bad and 'href="javascript' not in bad  # shown as text, never a link


def test_edit_and_report_links_lead_to_the_record_file(rendered):
    from scitechday.publish.repo import Repo
    repo = Repo("https://example.org/git/archive", "dev")
    pages, _ = rendered(small(), repo=repo)
    notice = pages["notices/2030-c.md"]
    assert notice.meta["edit_url"] == "https://example.org/git/archive/edit/dev/data/campaigns/2030/2030-c.yml"
    assert notice.html.count("https://example.org/git/archive/issues/new?") == 1  # the 纠错 link, once
    assert quote_plus("纠错：测试通知") in notice.html  # the title names the page
    assert quote_plus("页面：https://example.org/site/notices/2030-c/") in notice.html  # its body, the page's address
    assert "<p>正文。</p>" in notice.html  # the links follow the page, they do not replace it
    team_page = pages["orgs/tuan.md"]
    assert team_page.meta["edit_url"].endswith("/edit/dev/data/organizations/tuan.yml")
    for index in ("index", "by-org", "by-region", "by-observance"):
        assert pages[f"notices/{index}.md"].meta["edit_url"] == "https://example.org/git/archive/tree/dev/data/campaigns"
    assert pages["editions/index.md"].meta["edit_url"].endswith("/edit/dev/data/editions.yml")
    assert pages["editions/workers-day-2030.md"].meta["edit_url"].endswith("/edit/dev/data/editions.yml")
    assert pages["profiles/p.md"].meta["edit_url"].endswith("/edit/dev/data/profiles/p.yml")
    for index, folder in (("orgs", "organizations"), ("teams", "organizations"), ("profiles", "profiles")):
        assert pages[f"{index}/index.md"].meta["edit_url"].endswith(f"/tree/dev/data/{folder}")
    assert pages["index.md"].meta["edit_url"].endswith("/tree/dev/data")  # a page of no record: the data folder
    plain, _ = rendered(small())
    assert "edit_url" not in plain["notices/2030-c.md"].meta
    assert plain["notices/2030-c.md"].html.count("issues/new") == 0


def test_pages_outside_the_navigation_name_the_section_to_highlight(rendered):
    pages, _ = rendered(small())
    assert pages["notices/2030-c.md"].meta["section"] == "notices/index.md"
    assert pages["orgs/tuan.md"].meta["section"] == "teams/index.md"  # a volunteer team: the teams' index
    assert pages["orgs/kx.md"].meta["section"] == "orgs/index.md"
    assert "section" not in pages["notices/index.md"].meta and "section" not in pages["index.md"].meta


def test_notice_signature_printed_once_and_its_table_of_contents(rendered):
    a = archive(campaigns=[
        campaign("2030-a", body="# 一、目的\n\n正文。\n\n# 二、安排\n\n正文。", signature="测试市科协",
                 issued="2030-05-06"),
        campaign("2030-b", body="正文。\n\n测试市科协\n\n2030年5月6日", signature="测试市科协", issued="2030-05-06")])
    _, ctx = rendered(a)
    signed = ctx["notices/2030-a.md"]
    assert (signed["signer"], signed["signed"]) == ("测试市科协", D(2030, 5, 6))
    assert [h.text for h in signed["toc"]] == ["一、目的", "二、安排"]
    kept_in_body = ctx["notices/2030-b.md"]  # the transcription ends with the signature block: not printed twice
    assert (kept_in_body["signer"], kept_in_body["signed"], kept_in_body["toc"]) == (None, None, [])


def test_statistics_page_draws_one_chart_per_figure(rendered):
    pages, ctx = rendered(small())
    stats = ctx["stats.md"]
    assert stats["figures"] and len(stats["charts"]) == len(stats["figures"])
    assert all(str(chart).lstrip().startswith("<svg") for chart in stats["charts"])
    assert pages["stats.md"].description == "档案收录的通知、活动与报送截止的统计图表。"


def test_an_edition_page_lists_a_bounded_number_of_notices_and_links_the_rest(rendered, monkeypatch):
    """A national edition holds ~1,000 notices: its page lists the first EDITION_LIST and links the year's listing."""
    monkeypatch.setattr(render, "EDITION_LIST", 2)
    a = archive(campaigns=[campaign(f"2030-c{i}", issuers=["kx"]) for i in range(5)],
                organizations=[org("kx", name="测试市科协")], editions=[edition(year=2030)])
    pages, ctx = rendered(a)
    page = ctx["editions/workers-day-2030.md"]
    assert [c.id for c in page["listed"]] == [c.id for c in a.editions[0].campaigns[:2]]
    assert page["year_page"] == "notices/index.md"
    html = pages["editions/workers-day-2030.md"].html
    assert html.count('class="st-notice-item"') == 2 and "查看2030年的全部通知" in html
    monkeypatch.setattr(render, "EDITION_LIST", 100)
    pages, _ = rendered(a)
    assert pages["editions/workers-day-2030.md"].html.count('class="st-notice-item"') == 5
    assert "查看2030年的全部通知" not in pages["editions/workers-day-2030.md"].html


@pytest.mark.parametrize("kinds,label", [(["registration", "qr"], "报名"), (["livestream"], "直播"),
                                         (["registration", "livestream"], "报名与直播"),
                                         (["registration", "other"], "相关链接")])
def test_a_notices_links_are_headed_by_what_they_are(rendered, kinds, label):
    """A link where organizations upload their materials (kind other) was listed under 报名与直播."""
    links = [{"kind": k, "url": f"https://example.org/{i}", "title": "链接"} for i, k in enumerate(kinds)]
    pages, _ = rendered(archive(campaigns=[campaign("2030-c", links=links)]))
    html = pages["notices/2030-c.md"].html
    assert f'<h2 id="links">{label}</h2>' in html and f"<dt>{label}</dt>" in html and f'href="#links">{label}</a>' in html


def test_an_organizations_region_code_is_not_shown_as_its_provinces(rendered):
    """江苏省（320400）read as if 320400 were 江苏省's code; it is 常州市's."""
    pages, _ = rendered(archive(organizations=[org("a", region="320400"), org("b", region="320000")]))
    assert "<dd>江苏省，行政区划代码 320400</dd>" in pages["orgs/a.md"].html
    assert "<dd>江苏省（320000）</dd>" in pages["orgs/b.md"].html


def test_the_calendars_first_page_offers_the_years_before_the_subscriptions(rendered):
    """On a phone the first year link was some 1,450 px down, under 订阅到日历, with no heading of its own."""
    pages, _ = rendered(small())
    html = pages["calendar/index.md"].html
    assert html.index('<h2 id="years">按年份浏览</h2>') < html.index('href="2030/"') < html.index('<h2 id="subscribe">')
    assert html.index('href="./#subscribe"') < html.index('<h2 id="years">')  # the intro says where they are


def test_an_organizations_contacts_can_be_called_and_written_to(rendered):
    """Phone numbers were links to call on notice pages but plain text on organization pages."""
    a = archive(campaigns=[campaign("2030-c", issuers=["kx"], contacts=[
        {"name": "王某", "organization": "kx", "phone": "0999-12345678", "email": "kx@example.org"}])],
        organizations=[org("kx", name="测试市科协")])
    pages, _ = rendered(a)
    html = pages["orgs/kx.md"].html
    assert '<a href="tel:099912345678">0999-12345678</a>' in html and '<a href="mailto:kx@example.org">' in html
