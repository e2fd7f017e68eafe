"""publish/jsonld.py on small in-memory archives: schema.org types and links, and a script element that stays shut."""

from __future__ import annotations

import json

import pytest

from builders import SITE, archive, campaign, edition, one, org, period, profile
from scitechday.publish import jsonld

URL = "https://example.org/site/"


def test_notice_is_a_creative_work_by_its_issuers():
    a = archive(campaigns=[campaign("2030-c", title="通知", kind="方案", doc_number="测〔2030〕1号",
                                    issued="2030-05-06", issuers=["kx", "gov"])],
                organizations=[org("kx", name="测试市科协"), org("gov", name="测试市科技局", kind="政府部门")])
    graph = jsonld.campaign(a.campaigns[0], SITE)
    assert len(graph) == 1  # no period: no Event
    assert graph[0] == {
        "@type": "CreativeWork", "@id": URL + "notices/2030-c/#notice", "name": "通知", "url": URL + "notices/2030-c/",
        "inLanguage": "zh-CN", "genre": "方案", "identifier": "测〔2030〕1号", "dateCreated": "2030-05-06",
        "keywords": ["全国科技工作者日"],
        "author": [{"@type": "Organization", "@id": URL + "orgs/kx/", "name": "测试市科协", "url": URL + "orgs/kx/"},
                   {"@type": "GovernmentOrganization", "@id": URL + "orgs/gov/", "name": "测试市科技局",
                    "url": URL + "orgs/gov/"}]}


def test_notice_without_number_or_date_has_no_identifier_or_date_created():
    notice = jsonld.campaign(archive(campaigns=[campaign()]).campaigns[0], SITE)[0]
    assert "identifier" not in notice and "dateCreated" not in notice and notice["author"] == []


def test_campaign_period_is_an_event_within_its_edition():
    a = archive(campaigns=[campaign("2030-c", title="通知", theme="主题", issuers=["party"],
                                    period=period("2030-05-21", "2030-06-10", "5月下旬至6月上旬"))],
                organizations=[org("party", name="市委宣传部", kind="党委部门")],
                editions=[edition(year=2030, edition="14")])
    notice, event = jsonld.campaign(a.campaigns[0], SITE)
    assert event == {
        "@type": "Event", "@id": URL + "notices/2030-c/#campaign", "name": "主题", "url": URL + "notices/2030-c/",
        "startDate": "2030-05-21", "endDate": "2030-06-10", "eventStatus": "https://schema.org/EventScheduled",
        "organizer": [{"@type": "GovernmentOrganization", "@id": URL + "orgs/party/", "name": "市委宣传部",
                       "url": URL + "orgs/party/"}],
        "subjectOf": {"@id": notice["@id"]}, "description": "通知（活动时间：5月下旬至6月上旬）",
        "superEvent": {"@type": "Event", "name": "2030年第14个全国科技工作者日",
                       "url": URL + "editions/workers-day-2030/"}}


def test_event_without_theme_edition_end_or_text():
    a = archive(campaigns=[campaign("2031-c", title="通知", period=period("2031-05-30")),
                           campaign("2031-d", title="另一份", period=period("2031-05-30", "2031-06-01"))])
    event = jsonld.campaign(one(a.campaigns, id="2031-c"), SITE)[1]
    assert (event["name"], event["startDate"], event["endDate"]) == ("通知", "2031-05-30", "2031-05-30")
    assert "superEvent" not in event and event["description"] == "通知（活动时间：2031年5月30日）"
    two_days = jsonld.campaign(one(a.campaigns, id="2031-d"), SITE)[1]
    assert two_days["description"] == "另一份（活动时间：2031年5月30日至6月1日）"  # no text as written: the dates
    vague = archive(campaigns=[campaign(period=period(text="5月"))]).campaigns[0]
    assert len(jsonld.campaign(vague, SITE)) == 1  # a period with no day is not an Event


def test_person_and_team_profiles():
    a = archive(campaigns=[campaign("2030-c", title="通知")], profiles=[
        profile("p", name="王某", summary="简介", field="农业", affiliation="某研究所", mentioned_in=["2030-c"],
                honors=[{"title": "优秀科技工作者", "year": "2030"}, {"title": "先进个人"}]),
        profile("t", name="某团队", kind="team", field="农业"), profile("bare", name="李某")])
    person = jsonld.profile(one(a.profiles, id="p"), SITE)
    assert person == {"@type": "Person", "@id": URL + "profiles/p/", "name": "王某", "url": URL + "profiles/p/",
                      "description": "简介", "knowsAbout": "农业",
                      "affiliation": {"@type": "Organization", "name": "某研究所"},
                      "award": ["优秀科技工作者（2030年）", "先进个人"],
                      "subjectOf": [{"@type": "CreativeWork", "name": "通知", "url": URL + "notices/2030-c/"}]}
    assert jsonld.profile(one(a.profiles, id="t"), SITE) == {
        "@type": "Organization", "@id": URL + "profiles/t/", "name": "某团队", "url": URL + "profiles/t/"}
    assert set(jsonld.profile(one(a.profiles, id="bare"), SITE)) == {"@type", "@id", "name", "url"}


def test_organization_with_names_parent_children_and_links():
    a = archive(organizations=[
        org("mid", name="市科协", short_name="科协", aliases=["市科协会"], address="某路1号", description="说明",
            website="https://example.org/kx", parent="top"),
        org("top", name="省科协", parent="root"), org("root", name="中国科协"),
        org("b", name="区科协乙", parent="mid"), org("a", name="区科协甲", kind="政府部门", parent="mid")])
    data = jsonld.organization(one(a.organizations, id="mid"), SITE)
    assert data == {
        "@type": "Organization", "@id": URL + "orgs/mid/", "name": "市科协", "url": URL + "orgs/mid/",
        "alternateName": ["科协", "市科协会"], "address": "某路1号", "description": "说明", "sameAs": "https://example.org/kx",
        "parentOrganization": {"@type": "Organization", "@id": URL + "orgs/top/", "name": "省科协",
                               "url": URL + "orgs/top/"},  # one level: not the whole chain
        "subOrganization": [
            {"@type": "GovernmentOrganization", "@id": URL + "orgs/a/", "name": "区科协甲", "url": URL + "orgs/a/"},
            {"@type": "Organization", "@id": URL + "orgs/b/", "name": "区科协乙", "url": URL + "orgs/b/"}]}
    assert jsonld.organization(one(a.organizations, id="root"), SITE)["subOrganization"][0]["name"] == "省科协"
    leaf = jsonld.organization(one(a.organizations, id="a"), SITE)
    assert set(leaf) == {"@type", "@id", "name", "url", "parentOrganization"}
    only_alias = archive(organizations=[org("x", aliases=["别名"])]).organizations[0]
    assert jsonld.organization(only_alias, SITE)["alternateName"] == ["别名"]


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--", "-->", "&amp;", "A & B", "</SCRIPT >"])
def test_script_cannot_close_or_comment_out_its_element(text):
    out = jsonld.script({"@type": "Thing", "name": text})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"@context": "https://schema.org", "@type": "Thing", "name": text}


def test_script_of_a_graph_and_of_one_thing():
    assert json.loads(jsonld.script([{"@type": "A"}, {"@type": "B"}])) == {
        "@context": "https://schema.org", "@graph": [{"@type": "A"}, {"@type": "B"}]}
    out = jsonld.script({"@type": "Person", "name": "王某"})
    assert "王某" in out  # readable, not \\u-escaped
    assert json.loads(out) == {"@context": "https://schema.org", "@type": "Person", "name": "王某"}


def test_an_organization_website_that_is_not_a_web_address_is_left_out():
    a = archive(organizations=[org("x", website="javascript:alert(1)"), org("y", website="https://example.org/")])
    assert "sameAs" not in jsonld.organization(one(a.organizations, id="x"), SITE)
    assert jsonld.organization(one(a.organizations, id="y"), SITE)["sameAs"] == "https://example.org/"
