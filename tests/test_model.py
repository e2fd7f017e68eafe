"""archive/model.py on small in-memory records: links both ways, conversions, orders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builders import archive, campaign, edition, from_yaml, one, org, period, profile, team
from scitechday.archive import model
from scitechday.data.load import Record

D = dt.date

# ---------------------------------------------------------------- links, both ways


def test_issuers_and_what_an_organization_issued():
    a = archive(campaigns=[campaign("2030-joint", issuers=["b", "a"]), campaign("2030-solo", issuers=["a"])],
                organizations=[org("a"), org("b"), org("c")])
    joint = one(a.campaigns, id="2030-joint")
    by_id = {o.id: o for o in a.organizations}
    assert [o.id for o in joint.issuers] == ["b", "a"]  # as written: the first issuer leads
    assert joint.issuer_names == "b名称、a名称"
    assert [c.id for c in by_id["a"].issued] == ["2030-joint", "2030-solo"]
    assert [c.id for c in by_id["b"].issued] == ["2030-joint"]
    assert by_id["c"].issued == []


def test_edition_and_its_campaigns():
    a = archive(campaigns=[campaign("2030-a"), campaign("2030-b", observance="全国科普日"),
                           campaign("2031-c", year=2031)],
                editions=[edition("全国科技工作者日", 2030), edition("全国科普日", 2031)])
    workers = one(a.editions, observance="全国科技工作者日")
    assert [c.id for c in workers.campaigns] == ["2030-a"]
    assert one(a.campaigns, id="2030-a").edition is workers
    assert one(a.campaigns, id="2030-b").edition is None  # 全国科普日 2030 is not an edition here
    assert one(a.campaigns, id="2031-c").edition is None
    assert one(a.editions, observance="全国科普日").campaigns == []


def test_activity_organizers_and_partners_both_ways():
    a = archive(campaigns=[campaign(activities=[
        {"title": "甲", "organizers": ["a", "b"], "partners": ["c"]},
        {"title": "乙", "organizers": ["b"]},
        {"title": "丙"}])], organizations=[org("a"), org("b"), org("c")])
    c = a.campaigns[0]
    o = {x.id: x for x in a.organizations}
    first, second, third = c.activities
    assert (first.position, second.position, third.position) == (1, 2, 3)
    assert first.campaign is c and first.title == "甲"
    assert first.organizers == [o["a"], o["b"]] and first.partners == [o["c"]]
    assert third.organizers == [] and third.partners == [] and third.period is None
    assert o["a"].organized == [first] and o["b"].organized == [first, second]
    assert o["c"].partnered == [first] and o["c"].organized == [] and o["a"].partnered == []


def test_contacts_belong_to_their_notice_and_organization():
    a = archive(campaigns=[campaign(contacts=[{"name": "张", "organization": "a", "phone": "010-1"},
                                              {"name": "李", "email": "li@example.org"}])],
                organizations=[org("a")])
    c, o = a.campaigns[0], a.organizations[0]
    zhang, li = c.contacts
    assert zhang.campaign is c and zhang.organization is o and zhang.phone == "010-1" and zhang.email is None
    assert li.organization is None and li.email == "li@example.org" and li.name == "李"
    assert o.contacts == [zhang]


def test_based_on_resolves_a_doc_number_written_with_other_brackets():
    up = campaign("2030-up", doc_number="测省科协〔2030〕9号", title="上级通知")
    down = campaign("2030-down", based_on=[{"doc_number": "测省科协[2030]9号", "title": "标题写法不同", "issuer": "p"}])
    a = archive(campaigns=[down, up], organizations=[org("p")])
    ref = one(a.campaigns, id="2030-down").based_on[0]
    assert ref.campaign is one(a.campaigns, id="2030-up")
    assert ref.doc_number == "测省科协[2030]9号" and ref.title == "标题写法不同"  # as the notice cites it
    assert ref.issuer is a.organizations[0]
    assert one(a.campaigns, id="2030-up").basis_of == [one(a.campaigns, id="2030-down")]


def test_based_on_resolves_by_title_when_the_number_does_not_match():
    up = campaign("2030-up", title="上级方案")  # a plan with no doc number
    by_title = campaign("2030-t", based_on=[{"title": "上级方案"}])
    unknown_number = campaign("2030-n", based_on=[{"doc_number": "外〔2030〕1号", "title": "上级方案"}])
    a = archive(campaigns=[up, by_title, unknown_number])
    target = one(a.campaigns, id="2030-up")
    assert one(a.campaigns, id="2030-t").based_on[0].campaign is target
    assert one(a.campaigns, id="2030-n").based_on[0].campaign is target
    assert {c.id for c in target.basis_of} == {"2030-t", "2030-n"}


def test_based_on_outside_the_archive_keeps_the_citation():
    a = archive(campaigns=[campaign(based_on=[{"doc_number": "中科协发〔2030〕1号", "title": "不在档案中的通知"}])])
    ref = a.campaigns[0].based_on[0]
    assert (ref.campaign, ref.issuer) == (None, None)
    assert (ref.doc_number, ref.title) == ("中科协发〔2030〕1号", "不在档案中的通知")
    assert a.campaigns[0].basis_of == []


def test_attachments_and_the_notices_they_attach():
    inner = campaign("2030-inner")
    outer = campaign("2030-outer", attachments=[
        {"title": "报名表", "kind": "form", "content": "| 姓名 |"},
        {"title": "转发的通知", "kind": "notice", "notice": "2030-inner"}])
    a = archive(campaigns=[inner, outer])
    form, attached = one(a.campaigns, id="2030-outer").attachments
    assert (form.position, form.title, form.kind, form.content, form.notice) == (1, "报名表", "form", "| 姓名 |", None)
    assert attached.position == 2 and attached.notice is one(a.campaigns, id="2030-inner")
    assert attached.content is None
    assert one(a.campaigns, id="2030-inner").attached_to == [one(a.campaigns, id="2030-outer")]
    assert one(a.campaigns, id="2030-outer").attached_to == []


def test_parent_children_sorted_by_id_and_ancestors_root_first():
    a = archive(organizations=[org("leaf", parent="mid"), org("mid-b", parent="root"), org("mid", parent="root"),
                               org("root")])
    o = {x.id: x for x in a.organizations}
    assert [x.id for x in o["root"].children] == ["mid", "mid-b"]
    assert o["leaf"].parent is o["mid"] and o["root"].parent is None
    assert [x.id for x in o["leaf"].ancestors] == ["root", "mid"]
    assert o["root"].ancestors == []


def test_ancestors_stop_on_a_cycle():
    a = archive(organizations=[org("x", parent="y"), org("y", parent="x")])
    x = one(a.organizations, id="x")
    assert {o.id for o in x.ancestors} <= {"x", "y"}  # validation rejects cycles; the model still terminates


def test_teams_formed_by_a_notice():
    a = archive(campaigns=[campaign("2030-c")],
                organizations=[team("t2", formed_in="2030-c"), team("t1", formed_in="2030-c"), team("t3")])
    c = a.campaigns[0]
    o = {x.id: x for x in a.organizations}
    assert o["t1"].formed_in is c and o["t3"].formed_in is None
    assert {t.id for t in c.teams_formed} == {"t1", "t2"}
    assert o["t1"].is_team


def test_honours_both_ways():
    a = archive(campaigns=[campaign("2030-c")], organizations=[org("giver"), org("home")],
                profiles=[profile("p", organization="home", honors=[
                    {"title": "优秀科技工作者", "year": "2030", "conferred_by": "giver", "campaign": "2030-c"},
                    {"title": "先进个人"}])])
    p = a.profiles[0]
    giver, home = one(a.organizations, id="giver"), one(a.organizations, id="home")
    first, second = p.honors
    assert (first.profile, first.title, first.year, first.conferred_by, first.campaign) == \
        (p, "优秀科技工作者", 2030, giver, a.campaigns[0])
    assert (second.year, second.conferred_by, second.campaign) == (None, None, None)
    assert giver.honors_conferred == [first] and home.honors_conferred == []
    assert p.organization is home and home.profiles == [p] and giver.profiles == []


def test_mentioned_in_and_the_profiles_of_a_notice():
    a = archive(campaigns=[campaign("2030-a"), campaign("2030-b")],
                profiles=[profile("q", mentioned_in=["2030-b", "2030-a"]), profile("p", mentioned_in=["2030-a"])])
    q = one(a.profiles, id="q")
    assert [c.id for c in q.mentioned_in] == ["2030-b", "2030-a"]
    assert [x.id for x in one(a.campaigns, id="2030-a").profiles] == ["q", "p"]  # in record order
    assert [x.id for x in one(a.campaigns, id="2030-b").profiles] == ["q"]
    assert one(a.profiles, id="p").organization is None


# ---------------------------------------------------------------- from_data: raw strings to typed fields


def test_campaign_fields_from_yaml():
    c = archive(campaigns=[from_yaml("""
id: 2030-yaml
title: 标题
kind: 方案
doc_number: 测〔2030〕2号
issued: 2030-05-06
printed: 2030-05-07
observances: [全国科普日, 全国科技活动周]
year: 2030
theme: 主题
signature: 测试市科协
addressees: [各区科协, 各学会]
modules:
  - name: 模块一
    description: 说明
  - name: 模块二
period: {text: 5月中旬, start: 2030-05-11, end: 2030-05-20}
body: 正文
sources:
  - url: https://example.org/a
    title: 来源
    retrieved: 2030-06-01
  - file: seed.txt
    note: 备注
""")]).campaigns[0]
    assert (c.year, c.issued, c.printed) == (2030, D(2030, 5, 6), D(2030, 5, 7))
    assert (c.kind, c.doc_number, c.observances, c.theme, c.signature, c.body) == \
        ("方案", "测〔2030〕2号", ["全国科普日", "全国科技活动周"], "主题", "测试市科协", "正文")
    assert c.addressees == ["各区科协", "各学会"]
    assert [(m.name, m.description) for m in c.modules] == [("模块一", "说明"), ("模块二", None)]
    assert c.period == model.Span(D(2030, 5, 11), D(2030, 5, 20), "5月中旬")
    assert c.sources == [model.Source("来源", "https://example.org/a", None, D(2030, 6, 1), None),
                         model.Source(None, None, "seed.txt", None, "备注")]


def test_missing_optional_fields_are_none_and_lists_empty():
    c = archive(campaigns=[campaign()]).campaigns[0]
    assert (c.doc_number, c.issued, c.printed, c.theme, c.period, c.signature, c.edition) == (None,) * 7
    assert (c.addressees, c.modules, c.sources, c.issuers, c.stages, c.activities, c.deadlines, c.contacts,
            c.attachments, c.based_on, c.basis_of, c.attached_to, c.profiles, c.teams_formed) == ([],) * 14
    o = archive(organizations=[org("x")]).organizations[0]
    assert (o.short_name, o.level, o.region, o.website, o.address, o.description, o.parent, o.formed_in) == (None,) * 8
    assert (o.aliases, o.sources, o.children) == ([], [], [])
    p = archive(profiles=[profile("p")]).profiles[0]
    assert (p.affiliation, p.field, p.region, p.summary, p.deeds, p.photo, p.photo_licence) == (None,) * 7
    assert (p.honors, p.mentioned_in, p.sources) == ([], [], [])


def test_ints_and_dates_that_are_not_numbers_or_days_become_none():
    e = archive(editions=[edition(year=2030, edition="14", date="2030-05-30"), edition(year=2031, edition="第十五",
                                                                                        date="2031-05")]).editions
    assert (e[0].year, e[0].edition, e[0].date) == (2030, 14, D(2030, 5, 30))
    assert (e[1].year, e[1].edition, e[1].date) == (2031, None, None)
    assert e[0].label == "2030年第14个全国科技工作者日" and e[1].label == "2031年全国科技工作者日"


def test_spans_from_start_end_and_text():
    spans = [archive(campaigns=[campaign(period=p)]).campaigns[0].period for p in (
        period("2030-05-11", "2030-05-20", "5月中旬"), period(text="会员日期间"), period("2030-05-11"),
        period(end="2030-05-20"), {}, "5月")]
    assert spans[0] == model.Span(D(2030, 5, 11), D(2030, 5, 20), "5月中旬")
    assert spans[1] == model.Span(None, None, "会员日期间")  # the text alone is kept
    assert spans[2] == model.Span(D(2030, 5, 11), None, None)
    assert spans[3:] == [None, None, None]  # an end alone, nothing, or not a mapping


def test_stages_deadlines_and_activity_periods():
    c = archive(campaigns=[campaign(
        stages=[{"name": "一", "text": "5月上旬", "start": "2030-05-01", "end": "2030-05-10", "focus": "宣传"},
                {"name": "二"}],
        activities=[{"title": "甲", "category": "讲座", "location": "礼堂", "audience": "公众", "scale": "100人",
                     "description": "说明", "period": {"start": "2030-05-12"}}],
        deadlines=[{"date": "2030-06-01", "what": "总结", "text": "6月1日前", "submitters": "各区",
                    "recipient": "办公室", "format": "电子版"}, {"date": "2030-06-05", "what": "名单"}])]).campaigns[0]
    one_, two = c.stages
    assert (one_.campaign, one_.position, one_.name, one_.focus) == (c, 1, "一", "宣传")
    assert one_.period == model.Span(D(2030, 5, 1), D(2030, 5, 10), "5月上旬")
    assert (two.position, two.period, two.focus) == (2, None, None)
    act = c.activities[0]
    assert (act.category, act.location, act.audience, act.scale, act.description) == \
        ("讲座", "礼堂", "公众", "100人", "说明")
    assert act.period == model.Span(D(2030, 5, 12), None, None)
    first, second = c.deadlines
    assert (first.campaign, first.position, first.date, first.what, first.text, first.submitters, first.recipient,
            first.format) == (c, 1, D(2030, 6, 1), "总结", "6月1日前", "各区", "办公室", "电子版")
    assert (second.position, second.date, second.text, second.recipient) == (2, D(2030, 6, 5), None, None)


def test_organization_fields():
    o = archive(organizations=[org("x", name="某某科学技术协会", short_name="某科协", aliases=["甲", "乙"],
                                   level="prefecture",
                                   region="320700", website="https://example.org", address="某路1号",
                                   description="说明", sources=[{"file": "f"}])]).organizations[0]
    assert (o.name, o.short_name, o.aliases, o.level, o.region, o.website, o.address, o.description) == \
        ("某某科学技术协会", "某科协", ["甲", "乙"], "prefecture", "320700", "https://example.org", "某路1号", "说明")
    assert o.sources == [model.Source(None, None, "f", None, None)]
    assert o.label == o.name and not o.is_team


def test_profile_fields():
    p = archive(profiles=[profile("p", name="王某", kind="team", affiliation="某所", field="农业", region="32",
                                  summary="简介", deeds="事迹", photo="p.jpg", photo_licence="CC BY 4.0")]).profiles[0]
    assert (p.name, p.kind, p.affiliation, p.field, p.region, p.summary, p.deeds, p.photo, p.photo_licence) == \
        ("王某", "team", "某所", "农业", "32", "简介", "事迹", "p.jpg", "CC BY 4.0")


# ---------------------------------------------------------------- orders


def test_campaigns_by_date_then_id_with_the_year_as_last_resort():
    a = archive(campaigns=[
        campaign("2030-b", issued="2030-05-06"),
        campaign("2030-a", issued="2030-05-06"),  # same day: by id
        campaign("2030-period", period=period("2030-03-01", "2030-03-02")),  # no issue date: the period start
        campaign("2030-undated"),  # neither: 1 January of its year
        campaign("2029-late", issued="2029-12-31"),
        campaign("2030-z", issued="2030-01-01")])
    assert [c.id for c in a.campaigns] == ["2029-late", "2030-undated", "2030-z", "2030-period", "2030-a", "2030-b"]


def test_issued_and_edition_campaigns_are_in_the_same_order():
    cs = [campaign("2030-c", issuers=["o"], issued="2030-06-01"), campaign("2030-b", issuers=["o"]),
          campaign("2030-a", issuers=["o"], issued="2030-06-01")]
    a = archive(campaigns=cs, organizations=[org("o")], editions=[edition()])
    assert [c.id for c in a.organizations[0].issued] == ["2030-b", "2030-a", "2030-c"]
    assert [c.id for c in a.editions[0].campaigns] == ["2030-b", "2030-a", "2030-c"]


def test_organizations_profiles_and_editions_order():
    a = archive(organizations=[org("b"), org("a")], profiles=[profile("z"), profile("y")],
                editions=[edition("全国科普日", 2030), edition("全国科技工作者日", 2031),
                          edition("全国科技活动周", 2030)])
    assert [o.id for o in a.organizations] == ["a", "b"]
    assert [p.id for p in a.profiles] == ["y", "z"]
    assert [(e.year, e.observance) for e in a.editions] == [(2030, "全国科技活动周"), (2030, "全国科普日"),
                                                            (2031, "全国科技工作者日")]
    assert a.of_type("organization") is a.organizations and a.of_type("nothing") == []


# ---------------------------------------------------------------- derived values


def test_campaign_date_falls_back_to_the_period_start():
    a = archive(campaigns=[campaign("2030-i", issued="2030-04-01", period=period("2030-05-01")),
                           campaign("2030-p", period=period("2030-05-01", text="5月")),
                           campaign("2030-t", period=period(text="5月")), campaign("2030-n")])
    dates = {c.id: c.date for c in a.campaigns}
    assert dates == {"2030-i": D(2030, 4, 1), "2030-p": D(2030, 5, 1), "2030-t": None, "2030-n": None}


def test_regions_of_the_issuers_unique_and_sorted():
    a = archive(campaigns=[campaign(issuers=["z", "a", "b", "n"])],
                organizations=[org("z", region="610500"), org("a", region="320700"), org("b", region="320700"),
                               org("n")])
    assert a.campaigns[0].regions == ["320700", "610500"]


def test_span_vague():
    assert model.Span(D(2030, 5, 21), D(2030, 5, 31), "5月下旬").vague
    assert model.Span(None, None, "会员日期间").vague
    assert not model.Span(D(2030, 5, 21), D(2030, 5, 21), "5月21日").vague
    assert not model.Span(D(2030, 5, 21), None, None).vague


def test_a_registered_record_type_without_links_is_built_from_its_fields(monkeypatch):
    @dataclass
    class Note:
        id: str
        text: str | None
        count: int | None
        status: str = "草稿"  # a default: kept when the record omits the field

    monkeypatch.setitem(model.MODELS, "note", Note)
    a = model.build([Record("note", "n/b.yml", {"id": "b", "count": "3", "status": "定稿"}),
                     Record("note", "n/a.yml", {"id": "a", "text": "文字"})])
    assert a.of_type("note") == [Note("a", "文字", None, "草稿"), Note("b", None, 3, "定稿")]


def test_dates_are_parsed_once_per_text_and_anything_else_is_still_no_date():
    """parse_iso remembers the dates of texts (a national archive names a few thousand days 176,000 times):
    the same text gives the same date, and a value that is not a text is answered, not remembered."""
    from scitechday.domain.dates import MonthDate, parse_iso, parse_partial

    assert parse_iso("2030-05-30") == dt.date(2030, 5, 30) and parse_iso("2030-05-30") is parse_iso("2030-05-30")
    for wrong in ("2030-02-30", "2030-5-30", "２０３０-05-30", "2030-05-30 ", "", None, 2030, ["2030-05-30"],
                  {"start": "2030-05-30"}):
        assert parse_iso(wrong) is None, wrong
    assert parse_iso(dt.date(2030, 5, 30)) == dt.date(2030, 5, 30)
    assert parse_partial("2030-05") == MonthDate(2030, 5) and type(parse_partial("2030-05-01")) is dt.date
