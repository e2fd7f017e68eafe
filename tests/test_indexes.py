"""archive/indexes.py: the groupings of the index pages, on small in-memory archives."""

from __future__ import annotations

from builders import archive, campaign, org, period, profile, team
from scitechday.archive import indexes


def ids(items) -> list[str]:
    return [x.id for x in items]


def test_latest_newest_first_undated_last_and_cut_to_n():
    a = archive(campaigns=[campaign("2030-a", issued="2030-05-01"), campaign("2030-b", issued="2030-05-01"),
                           campaign("2030-p", period=period("2030-06-01")), campaign("2030-undated"),
                           campaign("2029-old", issued="2029-01-01")])
    assert ids(indexes.latest(a.campaigns, 10)) == ["2030-p", "2030-b", "2030-a", "2029-old", "2030-undated"]
    assert ids(indexes.latest(a.campaigns, 2)) == ["2030-p", "2030-b"]
    assert indexes.latest([], 3) == []


def test_counts():
    a = archive(campaigns=[campaign("2030-a", activities=[{"title": "x"}, {"title": "y"}],
                                    deadlines=[{"date": "2030-06-01", "what": "w"}]),
                           campaign("2030-b", activities=[{"title": "z"}],
                                    deadlines=[{"date": "2030-06-01", "what": "w"},
                                               {"date": "2030-06-02", "what": "v"}])],
                organizations=[org("o1"), org("o2"), org("o3"), team("t1"), team("t2")],
                profiles=[profile("p")])
    assert indexes.counts(a) == dict(campaigns=2, activities=3, deadlines=3, orgs=3, teams=2, profiles=1)
    assert indexes.counts(archive()) == dict(campaigns=0, activities=0, deadlines=0, orgs=0, teams=0, profiles=0)


def test_by_year_latest_year_first_archive_order_within():
    a = archive(campaigns=[campaign("2029-x", issued="2029-03-01"), campaign("2030-b", issued="2030-01-01"),
                           campaign("2030-a", issued="2030-02-01"), campaign("2031-late-of-2030", year=2030,
                                                                             issued="2031-01-05")])
    groups = [(year, ids(items)) for year, items in indexes.by_year(a.campaigns)]
    assert groups == [(2030, ["2030-b", "2030-a", "2031-late-of-2030"]), (2029, ["2029-x"])]
    assert indexes.by_year([]) == []


def test_issuers_most_prolific_first_then_by_id():
    a = archive(campaigns=[campaign("2030-1", issuers=["b", "c"]), campaign("2030-2", issuers=["c"]),
                           campaign("2030-3", issuers=["a"])],
                organizations=[org("a"), org("b"), org("c"), org("silent")])
    assert ids(indexes.issuers(a.campaigns)) == ["c", "a", "b"]  # silent issued nothing


def test_issuers_by_area_national_first_then_provinces_in_code_order_then_by_level():
    """The by-issuer listing is paged by area: its pages must hold whole runs of one province."""
    a = archive(campaigns=[campaign("2030-1", issuers=["js-county", "js"]), campaign("2030-2", issuers=["js-county"]),
                           campaign("2030-3", issuers=["bj"]), campaign("2030-4", issuers=["zg"]),
                           campaign("2030-5", issuers=["sn"]), campaign("2030-6", issuers=["js-city"])],
                organizations=[org("js", region="320000", level="provincial"),
                               org("js-city", region="320700", level="prefecture"),
                               org("js-county", region="320703", level="county"),
                               org("bj", region="110000", level="provincial"),
                               org("sn", region="610000", level="provincial"), org("zg", level="national")])
    issuers = indexes.issuers(a.campaigns)
    assert ids(issuers) == ["zg", "bj", "js", "js-city", "js-county", "sn"]  # not js-county first (2 notices)
    assert [indexes.area(o) for o in issuers] == ["全国", "北京市", "江苏省", "江苏省", "江苏省", "陕西省"]


def test_by_region_joint_notices_under_both_provinces_and_national_first():
    a = archive(campaigns=[campaign("2030-js", issuers=["nj", "lyg"]),
                           campaign("2030-joint", issuers=["lyg", "wn"]),
                           campaign("2030-national", issuers=["zg"]),
                           campaign("2030-none"),
                           campaign("2030-mixed", issuers=["zg", "wn"]), campaign("2030-sh", issuers=["sh"]),
                           campaign("2030-odd", issuers=["odd"]), campaign("2030-odd-js", issuers=["odd", "nj"]),
                           campaign("2030-bj", issuers=["bj"])],
                organizations=[org("nj", region="320100"), org("lyg", region="320700"), org("wn", region="610500"),
                               org("sh", region="310000"), org("zg"), org("odd", region="190000"), org("bj", region="110000")])
    groups = [(name, ids(items)) for name, items in indexes.by_region(a.campaigns)]
    # 190000 fits the schema's pattern but names no province
    # provinces in the order of their codes (北京 11 before 上海 31), not of their names' characters
    assert groups == [("全国", ["2030-national", "2030-none", "2030-odd"]),
                      ("北京市", ["2030-bj"]),
                      ("上海市", ["2030-sh"]),
                      ("江苏省", ["2030-joint", "2030-js", "2030-odd-js"]),  # two issuers in one province: listed once
                      ("陕西省", ["2030-joint", "2030-mixed"])]  # an issuer with a region places the notice


def test_org_tree_roots_by_level_and_province():
    a = archive(organizations=[
        org("zg", level="national"), org("zg-child", level="national", parent="zg"),
        org("sx", level="provincial", region="610000"), org("js", level="provincial", region="320000"),
        org("lyg", level="prefecture", region="320700"), org("zj", level="prefecture", region="321100"),
        org("nowhere", level="county"),
        org("unknown-code", level="county", region="990000"),
        team("zongdui", level="national"), org("under-team", level="prefecture", region="320700", parent="zongdui")])
    groups = [(name, ids(items)) for name, items in indexes.org_tree(a.organizations)]
    assert groups == [("全国", ["zg"]),
                      ("江苏省", ["js", "lyg", "under-team", "zj"]),  # a parent that is a team: a root of its own
                      ("陕西省", ["sx"]),
                      ("其他地区", ["nowhere", "unknown-code"])]  # unknown provinces last, in one group


def test_org_tree_without_national_roots_has_no_empty_group():
    a = archive(organizations=[org("js", level="provincial", region="320000")])
    assert [(name, ids(items)) for name, items in indexes.org_tree(a.organizations)] == [("江苏省", ["js"])]
    assert indexes.org_tree([]) == []


def test_team_roots_national_level_first_then_by_id():
    a = archive(organizations=[team("z-county", level="county"), team("a-none"), team("m-prov", level="provincial"),
                               team("b-prov", level="provincial"), team("nat", level="national"),
                               team("sub", level="prefecture", parent="nat"), org("kexie"),
                               team("pref-under-org", level="prefecture", parent="kexie")])
    assert ids(indexes.team_roots(a.organizations)) == ["nat", "b-prov", "m-prov", "pref-under-org", "z-county",
                                                        "a-none"]


def test_profiles_by_honour_latest_year_first_unhonoured_last():
    a = archive(organizations=[org("kx", name="某科协")], profiles=[
        profile("a", honors=[{"title": "优秀科技工作者", "year": "2029", "conferred_by": "kx"},
                             {"title": "先进个人", "year": "2030"}]),
        profile("b", honors=[{"title": "优秀科技工作者", "year": "2029"}]),
        profile("c", honors=[{"title": "标兵", "year": "2029"}, {"title": "无年份荣誉"}]),
        profile("d", summary="通知中点名的人"), profile("e")])
    groups = [(label, [(p.id, note) for p, note in items]) for label, items in indexes.profiles_by_honor(a.profiles)]
    assert groups == [("先进个人（2030年）", [("a", "")]),
                      ("优秀科技工作者（2029年）", [("a", "某科协"), ("b", "")]),
                      ("标兵（2029年）", [("c", "")]),
                      ("无年份荣誉", [("c", "")]),
                      (indexes.MENTIONED, [("d", "通知中点名的人"), ("e", "")])]
    assert indexes.profiles_by_honor([]) == []
