"""archive/calendar.py on small in-memory archives: entries, months, month grids."""

from __future__ import annotations

import datetime as dt
import hashlib

from builders import campaign, entries, period
from scitechday.archive import calendar as cal

D = dt.date


def h(text: str) -> str:
    """The key of a stage or an activity: its name's or title's digest (a deadline's is its date)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def busy_notice(**extra) -> dict:
    return campaign("2030-c", title="通知", period=period("2030-05-11", "2030-05-20", "5月中旬"),
                    stages=[{"name": "启动", "start": "2030-05-11", "end": "2030-05-12", "text": "5月11日至12日"},
                            {"name": "总结"},  # undated
                            {"name": "宣传", "text": "5月下旬", "start": "2030-05-21"}],  # no end: one day
                    activities=[{"title": "讲座", "period": period("2030-05-15", "2030-05-15", "5月15日")},
                                {"title": "无期"},
                                {"title": "只写了原文", "period": period(text="会员日期间")},
                                {"title": "义诊", "period": period("2030-05-16", text="5月中旬")}],
                    deadlines=[{"date": "2030-06-30", "what": "总结", "text": "6月底前"},
                               {"date": "2030-05-10", "what": "方案"}], **extra)


def test_entries_of_every_kind_with_uid_anchor_title_and_item():
    es = entries(campaigns=[busy_notice()])
    c = es[0].campaign
    got = {e.uid: (e.kind, e.anchor, e.title, e.start, e.end, e.text, e.vague) for e in es}
    assert got == {
        "2030-c/period": ("period", "period", "通知", D(2030, 5, 11), D(2030, 5, 20), "5月中旬", True),
        f"2030-c/stage/{h('启动')}": ("stage", "stage-1", "启动：通知", D(2030, 5, 11), D(2030, 5, 12), "5月11日至12日", False),
        f"2030-c/stage/{h('宣传')}": ("stage", "stage-3", "宣传：通知", D(2030, 5, 21), D(2030, 5, 21), "5月下旬", True),
        f"2030-c/activity/{h('讲座')}": ("activity", "activity-1", "讲座", D(2030, 5, 15), D(2030, 5, 15), "5月15日", False),
        f"2030-c/activity/{h('义诊')}": ("activity", "activity-4", "义诊", D(2030, 5, 16), D(2030, 5, 16), "5月中旬", True),
        "2030-c/deadline/2030-06-30": ("deadline", "deadline-1", "报送：总结", D(2030, 6, 30), D(2030, 6, 30), "6月底前", False),
        "2030-c/deadline/2030-05-10": ("deadline", "deadline-2", "报送：方案", D(2030, 5, 10), D(2030, 5, 10), None, False),
    }  # the undated stage and activities are not in the calendar; a deadline is a day, never vague
    items = {e.uid: e.item for e in es}
    assert items["2030-c/period"] is None
    assert items[f"2030-c/stage/{h('宣传')}"] is c.stages[2]
    assert items[f"2030-c/activity/{h('义诊')}"] is c.activities[3]
    assert items["2030-c/deadline/2030-05-10"] is c.deadlines[1]
    assert all(e.campaign is c for e in es)


def test_a_period_without_a_start_is_not_an_entry():
    assert entries(campaigns=[campaign(period=period(text="5月"))]) == []
    assert entries(campaigns=[campaign()]) == []


def test_entries_by_start_then_kind_then_end_then_the_notices_order():
    es = entries(campaigns=[busy_notice()])
    assert [e.anchor for e in es] == ["deadline-2", "period", "stage-1", "activity-1", "activity-4", "stage-3",
                                      "deadline-1"]
    same_day = campaign("2030-x", period=period("2030-05-01", "2030-05-01"),
                        stages=[{"name": "s", "start": "2030-05-01", "end": "2030-05-01"}],
                        activities=[{"title": "长", "period": period("2030-05-01", "2030-05-09")},
                                    {"title": "短", "period": period("2030-05-01", "2030-05-02")},
                                    {"title": "也短", "period": period("2030-05-01", "2030-05-02")}],
                        deadlines=[{"date": "2030-05-01", "what": "w"}])
    other = campaign("2030-a", activities=[{"title": "同", "period": period("2030-05-01", "2030-05-02")}])
    assert [(e.campaign.id, e.anchor) for e in entries(campaigns=[same_day, other])] == [
        ("2030-x", "period"), ("2030-x", "stage-1"), ("2030-a", "activity-1"), ("2030-x", "activity-2"),
        ("2030-x", "activity-3"), ("2030-x", "activity-1"), ("2030-x", "deadline-1")]  # 短 before 也短, as printed


def test_an_items_uid_stays_when_an_item_is_inserted_before_it():
    """Calendar apps and feed readers know an event by its UID: a UID from the item's place moved to the next
    item when an editor inserted one, so a new deadline passed for an update of one already seen."""
    first = busy_notice()
    inserted = busy_notice()
    inserted["deadlines"].insert(0, {"date": "2030-05-05", "what": "报名表"})
    inserted["activities"].insert(0, {"title": "开幕式", "period": period("2030-05-11")})
    inserted["stages"].insert(0, {"name": "筹备", "start": "2030-05-01"})
    before = {e.uid: (e.kind, e.title, e.start) for e in entries(campaigns=[first])}
    after = {e.uid: (e.kind, e.title, e.start) for e in entries(campaigns=[inserted])}
    assert after.items() > before.items()  # every earlier event keeps its UID and content
    assert sorted(v[1] for k, v in after.items() if k not in before) == ["开幕式", "报送：报名表", "筹备：通知"]


def test_items_with_the_same_date_or_title_get_numbered_uids_in_order():
    c = campaign("2030-d", deadlines=[{"date": "2030-05-10", "what": "方案"}, {"date": "2030-05-10", "what": "名单"}],
                 activities=[{"title": "讲座", "period": period("2030-05-11")},
                             {"title": "讲座", "period": period("2030-05-12")}])
    uids = {e.title: e.uid for e in entries(campaigns=[c]) if e.kind == "deadline"}
    assert uids == {"报送：方案": "2030-d/deadline/2030-05-10", "报送：名单": "2030-d/deadline/2030-05-10-2"}
    talks = [e.uid for e in entries(campaigns=[c]) if e.kind == "activity"]
    assert talks == [f"2030-d/activity/{h('讲座')}", f"2030-d/activity/{h('讲座')}-2"]


def test_single_day_and_overlaps():
    es = {e.uid: e for e in entries(campaigns=[busy_notice()])}
    assert es[f"2030-c/activity/{h('讲座')}"].single_day and not es["2030-c/period"].single_day
    p = es["2030-c/period"]  # 5-11 .. 5-20
    assert p.overlaps(D(2030, 5, 20), D(2030, 5, 31)) and p.overlaps(D(2030, 5, 1), D(2030, 5, 11))
    assert p.overlaps(D(2030, 5, 12), D(2030, 5, 13)) and p.overlaps(D(2030, 5, 1), D(2030, 5, 31))
    assert not p.overlaps(D(2030, 5, 21), D(2030, 5, 31)) and not p.overlaps(D(2030, 5, 1), D(2030, 5, 10))


def winter(**extra) -> dict:
    return campaign("2030-w", period=period("2030-12-15", "2031-01-10", "12月中旬至1月上旬"), **extra)


def test_by_month_lists_an_entry_under_every_month_it_touches():
    long = campaign("2030-long", period=period("2030-11-20", "2031-02-03"))
    es = entries(campaigns=[winter(), long, campaign("2030-dec", deadlines=[{"date": "2030-12-01", "what": "x"}])])
    months = cal.by_month(es)
    uids = {ym: [e.uid for e in items] for ym, items in months.items()}
    assert uids == {(2030, 11): ["2030-long/period"],
                    (2030, 12): ["2030-long/period", "2030-dec/deadline/2030-12-01", "2030-w/period"],
                    (2031, 1): ["2030-long/period", "2030-w/period"],
                    (2031, 2): ["2030-long/period"]}
    assert cal.by_month([]) == {}


def test_months_spanned_are_the_months_that_hold_an_entry():
    es = entries(campaigns=[campaign("2030-a", deadlines=[{"date": "2030-10-31", "what": "x"}]), winter(),
                            campaign("2030-b", deadlines=[{"date": "2030-12-20", "what": "y"}]),
                            campaign("2030-c", period=period("2032-11-20", "2033-02-01"))])
    assert cal.months_spanned(es) == [(2030, 10), (2030, 12), (2031, 1),  # November holds nothing: no page
                                      (2032, 11), (2032, 12), (2033, 1), (2033, 2)]  # every month an entry runs in
    assert cal.months_spanned([]) == []
    assert cal.months_spanned(entries(campaigns=[campaign(deadlines=[{"date": "2030-05-01", "what": "x"}])])) == \
        [(2030, 5)]


def test_month_bounds_and_leap_years():
    assert cal.month_bounds(2028, 2) == (D(2028, 2, 1), D(2028, 2, 29))
    assert cal.month_bounds(2030, 2) == (D(2030, 2, 1), D(2030, 2, 28))
    assert cal.month_bounds(2100, 2)[1] == D(2100, 2, 28) and cal.month_bounds(2000, 2)[1] == D(2000, 2, 29)
    assert cal.month_bounds(2030, 12) == (D(2030, 12, 1), D(2030, 12, 31))
    assert cal.month_bounds(2030, 4)[1] == D(2030, 4, 30)


def test_weeks_start_on_monday_with_none_outside_the_month():
    weeks = cal.weeks(2030, 5)  # 1 May 2030 is a Wednesday, 31 May a Friday
    assert weeks[0] == [None, None, D(2030, 5, 1), D(2030, 5, 2), D(2030, 5, 3), D(2030, 5, 4), D(2030, 5, 5)]
    assert weeks[-1] == [D(2030, 5, 27), D(2030, 5, 28), D(2030, 5, 29), D(2030, 5, 30), D(2030, 5, 31), None, None]
    assert len(weeks) == 5 and all(len(w) == 7 for w in weeks)
    assert [d for w in weeks for d in w if d] == [D(2030, 5, day) for day in range(1, 32)]
    assert cal.weeks(2027, 2)[0][0] == D(2027, 2, 1) and len(cal.weeks(2027, 2)) == 4  # a Monday, 28 days


def grid_of(year: int, month: int, es):
    return cal.month_grid(year, month, cal.by_month(es).get((year, month), []))


def test_month_grid_marks_starts_ends_and_deadlines():
    es = entries(campaigns=[busy_notice()])
    g = grid_of(2030, 5, es)
    assert (g.year, g.month, g.weeks) == (2030, 5, cal.weeks(2030, 5))
    marks = {day: [(e.anchor, mark) for e, mark in items] for day, items in g.marks.items()}
    assert marks == {
        D(2030, 5, 10): [("deadline-2", cal.DUE)],
        D(2030, 5, 11): [("period", cal.START), ("stage-1", cal.START)],
        D(2030, 5, 12): [("stage-1", cal.END)],
        D(2030, 5, 15): [("activity-1", "")],  # a one-day activity: no start or end mark
        D(2030, 5, 16): [("activity-4", "")],
        D(2030, 5, 20): [("period", cal.END)],
        D(2030, 5, 21): [("stage-3", "")],
    }
    covered = {day: [e.anchor for e in items] for day, items in g.covered.items()}
    assert covered[D(2030, 5, 11)] == ["period", "stage-1"]
    assert covered[D(2030, 5, 12)] == ["period", "stage-1"]
    assert covered[D(2030, 5, 13)] == ["period"] and covered[D(2030, 5, 20)] == ["period"]
    assert set(covered) == {D(2030, 5, d) for d in range(11, 21)}  # one-day entries are marks only
    assert [e.uid for e in g.entries] == [e.uid for e in es if e.start.month == 5]


def test_month_grid_clips_running_days_to_the_month():
    es = entries(campaigns=[winter()])
    dec, jan = grid_of(2030, 12, es), grid_of(2031, 1, es)
    assert {d: [m for _, m in v] for d, v in dec.marks.items()} == {D(2030, 12, 15): [cal.START]}
    assert {d: [m for _, m in v] for d, v in jan.marks.items()} == {D(2031, 1, 10): [cal.END]}
    assert sorted(dec.covered) == [D(2030, 12, d) for d in range(15, 32)]
    assert sorted(jan.covered) == [D(2031, 1, d) for d in range(1, 11)]
    middle = entries(campaigns=[campaign("2030-m", period=period("2030-04-20", "2030-06-05"))])
    may = grid_of(2030, 5, middle)
    assert may.marks == {} and sorted(may.covered) == [D(2030, 5, d) for d in range(1, 32)]


def test_month_grid_of_an_empty_month():
    g = cal.month_grid(2030, 2, [])
    assert (g.marks, g.covered, g.entries) == ({}, {}, []) and g.weeks == cal.weeks(2030, 2)


def test_kinds_have_chinese_labels_in_calendar_order():
    assert list(cal.KINDS) == ["period", "stage", "activity", "deadline"]
    assert cal.KINDS["deadline"] == "报送截止" and cal.KINDS["period"] == "活动时间"


def test_month_grid_marks_starts_and_ends_on_the_first_and_last_day():
    es = entries(campaigns=[campaign("2030-a", period=period("2030-05-01", "2030-05-03")),
                            campaign("2030-b", period=period("2030-04-28", "2030-05-01")),
                            campaign("2030-c", period=period("2030-05-29", "2030-05-31")),
                            campaign("2030-d", period=period("2030-05-31", "2030-06-01"))])
    marks = {day: sorted((e.campaign.id, m) for e, m in items) for day, items in grid_of(2030, 5, es).marks.items()}
    assert marks == {D(2030, 5, 1): [("2030-a", cal.START), ("2030-b", cal.END)],
                     D(2030, 5, 3): [("2030-a", cal.END)], D(2030, 5, 29): [("2030-c", cal.START)],
                     D(2030, 5, 31): [("2030-c", cal.END), ("2030-d", cal.START)]}
    june = grid_of(2030, 6, es)
    june_marks = {d: [(e.campaign.id, m) for e, m in v] for d, v in june.marks.items()}
    assert june_marks == {D(2030, 6, 1): [("2030-d", cal.END)]}


def test_a_rendered_month_keeps_what_its_pages_show_and_lets_the_pages_go():
    """publish/calendar_pages.Plan: once a month is rendered (done), its planned pages are dropped (a
    national calendar's contexts are ~200 MB), and what they show (the build's facts) is what a fresh
    plan of the same month says; a plan without keep_maps keeps nothing."""
    from builders import archive
    from scitechday.archive import dependencies
    from scitechday.publish import calendar_pages

    a = archive(campaigns=[busy_notice()])
    es = cal.entries(a)
    kept, fresh, bare = (calendar_pages.plan(a, es, keep_maps=True), calendar_pages.plan(a, es),
                         calendar_pages.plan(a, es))
    for ym in kept.months:
        assert kept.pages(ym)
        kept.done(ym)
        bare.pages(ym)
        bare.done(ym)
    assert kept.planned == {} and bare.planned == {} and bare.maps == {}
    assert set(kept.maps) == set(kept.months) == {(2030, 5), (2030, 6)}
    for ym in kept.months:
        assert kept.shown(ym) == dependencies.calendar_map({p.src: p.inputs() for p in fresh.pages(ym)})
        assert kept.planned == {}  # answered from the map, not planned again


def test_a_filter_pages_previous_and_next_lead_to_the_nearest_month_with_the_same_filter():
    """publish/calendar_pages: on a month's observance (or province) page, ‹ › link that filter's page of the nearest
    month that has one, else the month beside (a whole month); the whole month's ‹ › link the months beside. Links
    in the page, no script: they used to be rewritten by site.js after a HEAD request, which logged a 404 wherever
    the filter was missing; and a reader filtering 江苏省 was dropped to a whole month where the next had none."""
    from builders import archive
    from scitechday.publish import calendar_pages

    def on(cid: str, day: str, observance: str) -> dict:
        return campaign(cid, observance=observance, period=period(day, day))

    a = archive(campaigns=[on("2030-a", "2030-05-10", "全国科技工作者日"), on("2030-b", "2030-05-12", "全国科普日"),
                           on("2030-c", "2030-07-01", "全国科技工作者日"), on("2030-d", "2030-07-02", "全国科技活动周"),
                           on("2030-e", "2030-09-01", "全国科技工作者日"), on("2030-f", "2030-09-02", "全国科普日")])
    plan = calendar_pages.plan(a, cal.entries(a))
    assert plan.months == [(2030, 5), (2030, 7), (2030, 9)]

    def month_pages(ym):
        return {(p.context["filter_label"] or "全部"): p for p in plan.pages(ym) if p.template == "calendar_month.html"}

    may, july, september = (month_pages(ym) for ym in plan.months)
    assert set(may) == set(september) == {"全部", "全国科技工作者日", "全国科普日"}
    assert set(july) == {"全部", "全国科技工作者日", "全国科技活动周"}

    def link(p, way):
        return p.context[way] and (p.context[way]["src"], p.context[way]["label"])

    assert link(may["全部"], "next") == ("calendar/2030/07.md", "2030年7月") and link(may["全部"], "prev") is None
    assert link(may["全国科技工作者日"], "next") == (july["全国科技工作者日"].src, "2030年7月")  # the same filter
    assert link(may["全国科普日"], "next") == (september["全国科普日"].src, "2030年9月")  # July has none: September's
    assert link(september["全国科普日"], "prev") == (may["全国科普日"].src, "2030年5月")
    assert link(july["全国科技活动周"], "prev") == ("calendar/2030/05.md", "2030年5月")  # none before: the month beside
    assert link(july["全国科技活动周"], "next") == ("calendar/2030/09.md", "2030年9月")
    assert link(september["全国科技工作者日"], "next") is None


def test_the_home_pages_entries_are_those_around_the_build_date():
    """A large archive's last 12 entries lay months ahead: the home page's 报送截止 left out those due within days."""
    es = entries(campaigns=[campaign(f"2030-{m:02d}", deadlines=[{"date": f"2030-{m:02d}-15", "what": "总结"}])
                            for m in range(1, 13)])
    deadlines = [e for e in es if e.kind == "deadline"]
    months = lambda day: [e.start.month for e in cal.nearest(deadlines, day, 3)]  # noqa: E731
    assert months(D(2030, 5, 20)) == [6, 7, 8]  # the soonest to come
    assert months(D(2030, 11, 20)) == [10, 11, 12]  # one to come, the latest two before it
    assert months(D(2031, 1, 1)) == [10, 11, 12]  # none to come: the latest
    assert [e.start.month for e in cal.nearest(deadlines[:2], D(2031, 1, 1), 3)] == [1, 2]  # fewer than asked: all
