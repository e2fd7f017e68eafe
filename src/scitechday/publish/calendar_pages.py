"""Calendar month pages that stay readable with hundreds of notices a month.

A month page shows, per day, up to CELL_TITLES full titles (wrapped), else counts of what
starts, ends and is due, linking to the day; below the grid (and instead of it on phones)
an agenda by day, up to AGENDA_PER_DAY entries a day, the rest on day pages of at most
DAY_PAGE_SIZE entries. Filters by province (the issuers' GB/T 2260 code) and by observance
are pages of their own (no JavaScript), made only when a month holds more than one; a
filtered month lists every entry in its agenda, continued on pages of whole days of at most
DAY_PAGE_SIZE entries (no day pages per filter: they would multiply the page count).
The observance days of data/editions.yml (5月30日 …) are marked in the grid and the agenda.

Every page is planned (plan) with the whole context its template is given before anything is
rendered (render renders the plans): calendar entries, (entry, mark) pairs, dates and plain values,
nothing more (the grid's cells are counted here, not in the template). So an incremental build can
tell which pages changed from what each shows (archive/dependencies.calendar_map): a retitled notice
re-renders the few pages that list it, not every page of its month. Months are planned when first
asked for: an incremental build plans only those that hold a changed notice (group_of).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from scitechday.archive import calendar as cal
from scitechday.archive import dependencies, model
from scitechday.publish import feeds, fragments, urls

CELL_TITLES = 3
AGENDA_PER_DAY = 5
DAY_PAGE_SIZE = 150
WEEKDAYS = "一二三四五六日"


@dataclass
class CalendarPage:
    src: str  # e.g. calendar/2019/05.md, calendar/2019/05/p32-list-2.md, calendar/2019/05/30.md
    template: str
    title: str
    context: dict  # what the template is given: entries, (entry, mark) pairs, dates, plain values and lists and dicts of them

    def inputs(self) -> dict:
        """Everything the page is rendered from (the renderer adds only the entry lines' macro, and what every page shares)."""
        return dict(src=self.src, template=self.template, title=self.title, **self.context)


def month_dir(y: int, m: int) -> str:
    return f"calendar/{y}/{m:02d}"


def group_of(ym: tuple[int, int], src: str | None = None) -> str:
    """The group a month's pages are rendered with (Renderer.wants): "month:YYYY-MM" for the whole month,
    "month:YYYY-MM:<src>" for one of its pages."""
    return f"month:{ym[0]}-{ym[1]:02d}" + (f":{src}" if src else "")


def _observance_keys(editions: list[model.Edition]) -> dict[str, str]:
    """observance name → a stable ASCII key for its filter pages: the edition ids' stem (workers-day-2019 → workers-day)."""
    keys: dict[str, str] = {}
    for e in editions:
        stem = e.id.rsplit("-", 1)[0] if e.id.rsplit("-", 1)[-1].isdigit() else e.id
        keys.setdefault(e.observance, stem)
    return keys


def _filters(entries: list[cal.Entry], observance_keys: dict[str, str]) -> list[dict]:
    """The filter pages of one month: [{key, label, group, entries}], only where a month holds more than one."""
    out = []
    provinces = cal.by_province(entries)
    if len(provinces) > 1:
        for code, items in provinces.items():
            out.append(dict(key="national" if code == cal.NATIONAL else f"p{code}", group="地区",
                            label=feeds.province_label(code), entries=items))
    observances: dict[str, list[cal.Entry]] = {}
    for e in entries:  # a notice serving several observances is under each of them
        for name in e.campaign.observances:
            observances.setdefault(name, []).append(e)
    if len(observances) > 1:
        for name, items in sorted(observances.items()):
            out.append(dict(key="o-" + observance_keys.get(name, hashlib.sha1(name.encode()).hexdigest()[:8]), group="纪念日", label=name,
                            entries=items))
    return out


# a filter page of a month (its key as _filters names it: national, p32, o-workers-day or o-<digest>)
_FILTER_PAGE = re.compile(r"calendar/\d{4}/\d\d/(national|p\d\d|o-[0-9a-f]{8}|o-[a-z][a-z0-9-]*[a-z])\.md")


def filter_keys_of(srcs) -> set[str]:
    """The filter keys of a month's pages, from their sources (calendar/2030/05/p32.md → p32)."""
    return {m.group(1) for src in srcs if (m := _FILTER_PAGE.fullmatch(src))}


def _days(grid: cal.MonthGrid, day_src, observance_days: dict, cap: int | None = AGENDA_PER_DAY) -> list[dict]:
    """The agenda: days with marks (or an observance), their first entries, the day page when there are more, and
    how many entries run that day (what an observance day with no marks says)."""
    out = []
    for week in grid.weeks:
        for day in week:
            if day is None or (day not in grid.marks and day not in observance_days):
                continue
            marks = grid.marks.get(day, [])
            over = cap is not None and len(marks) > cap
            out.append(dict(day=day, weekday=WEEKDAYS[day.weekday()], observances=observance_days.get(day, []),
                            marks=marks[:cap] if over else marks, more=len(marks) - (cap or 0) if over else 0,
                            page=day_src(day) if over else None, running=len(grid.covered.get(day, ()))))
    return out


def _chunks(days: list[dict]) -> list[list[dict]]:
    """Whole days, in order, DAY_PAGE_SIZE entries a page at most (a day larger than that gets a page alone)."""
    out: list[list[dict]] = [[]]
    size = 0
    for d in days:
        if out[-1] and size + len(d["marks"]) > DAY_PAGE_SIZE:
            out.append([])
            size = 0
        out[-1].append(d)
        size += len(d["marks"])
    return out


def _weeks(grid: cal.MonthGrid, observance_days: dict, anchors: dict[dt.date, str]) -> list[list[dict | None]]:
    """The grid's cells (None outside the month): the number of entries running on the day, its observances,
    and what happens on it: up to CELL_TITLES (entry, mark) pairs, else the counts of what starts, ends, is
    due and happens that day alone, linking to the agenda page that lists the day."""
    out = []
    for week in grid.weeks:
        row: list[dict | None] = []
        for day in week:
            if day is None:
                row.append(None)
                continue
            marks = grid.marks.get(day, [])
            cell = dict(day=day, running=len(grid.covered.get(day, ())), observances=observance_days.get(day, []),
                        marks=marks, counts=None, anchor=None)
            if len(marks) > CELL_TITLES:
                what = Counter(mark for _, mark in marks)
                counts = dict(starts=what[cal.START], ends=what[cal.END], due=what[cal.DUE])
                counts["other"] = len(marks) - sum(counts.values())
                cell.update(marks=[], counts=counts, anchor=anchors[day])
            row.append(cell)
        out.append(row)
    return out


class Plan:
    """The calendar month pages: `months` (those that hold an entry, in order), each month's pages planned
    when first asked for (pages). keep_maps: what each month's pages show (shown) is kept for the build's
    facts, so that a month rendered (done) lets its pages go: a national calendar's contexts held to the
    end of the build weighed ~200 MB at its peak."""

    def __init__(self, archive: model.Archive, entries: list[cal.Entry], keep_maps: bool = False):
        self.keep_maps = keep_maps
        self.maps: dict[tuple[int, int], dict] = {}
        self.months = cal.months_spanned(entries)
        self.in_month = cal.by_month(entries)  # (year, month) → the entries that touch it
        self.observance_days: dict[dt.date, list[str]] = {}
        for ed in archive.editions:
            if ed.date:
                self.observance_days.setdefault(ed.date, []).append(ed.label)
        self.keys = _observance_keys(archive.editions)
        self.nav = [dict(src=f"{month_dir(*ym)}.md", label=f"{ym[0]}年{ym[1]}月") for ym in self.months]
        self.index = {ym: i for i, ym in enumerate(self.months)}
        self.planned: dict[tuple[int, int], list[CalendarPage]] = {}
        self.filter_keys: dict[tuple[int, int], set[str]] = {}

    def _filter_keys(self, ym: tuple[int, int]) -> set[str]:
        """The keys of a month's filter pages (a neighbour's ‹ › lead to the same filter where it has one)."""
        if ym not in self.filter_keys:
            self.filter_keys[ym] = {f["key"] for f in _filters(self.in_month.get(ym, []), self.keys)}
        return self.filter_keys[ym]

    def nearest_with(self, i: int, key: str, step: int) -> int | None:
        """The index of the month nearest to months[i] in the direction step (-1, 1) that has key's filter page."""
        j = i + step
        while 0 <= j < len(self.months):
            if key in self._filter_keys(self.months[j]):
                return j
            j += step
        return None

    def pages(self, ym: tuple[int, int]) -> list[CalendarPage]:
        """A month's page, and its continuation, filter and day pages, in the order they are rendered."""
        if ym not in self.planned:
            i = self.index[ym]

            def beside(key: str | None, step: int) -> dict | None:
                """A page's ‹ or ›: for a filter page, the nearest month with that filter (its page); else, and
                where no month has it that way, the month beside (a whole month)."""
                j = self.nearest_with(i, key, step) if key is not None else None
                if j is not None:
                    return dict(self.nav[j], src=f"{self.nav[j]['src'][:-3]}/{key}.md")
                return self.nav[i + step] if 0 <= i + step < len(self.months) else None

            self.planned[ym] = _month(*ym, self.in_month.get(ym, []), self.keys, self.observance_days, beside)
        return self.planned[ym]

    def shown(self, ym: tuple[int, int]) -> dict:
        """dependencies.calendar_map of a month's pages (computed once)."""
        if ym not in self.maps:
            self.maps[ym] = dependencies.calendar_map({p.src: p.inputs() for p in self.pages(ym)})
        return self.maps[ym]

    def done(self, ym: tuple[int, int]) -> None:
        """A month rendered: what its pages show kept (keep_maps), the pages let go."""
        if self.keep_maps and ym in self.planned:
            self.shown(ym)
        self.planned.pop(ym, None)


def plan(archive: model.Archive, entries: list[cal.Entry], keep_maps: bool = False) -> Plan:
    return Plan(archive, entries, keep_maps)


def _month(y: int, mo: int, entries: list[cal.Entry], keys: dict[str, str], observance_days: dict,
           beside: Callable[[str | None, int], dict | None]) -> list[CalendarPage]:
    """The pages of one month: for the whole month, then each filter, its agenda's pages (the first with the
    grid); the whole month's day pages after its agenda's. beside(filter key or None, -1 or 1): the link of a
    page's ‹ or › (Plan.pages): a filter page's lead to the nearest month with the same filter."""

    out = []
    first = dt.date(y, mo, 1)
    filters = _filters(entries, keys)
    variants = [dict(key=None, label=None, group=None, entries=entries)] + filters
    for v in variants:
        here = f"{month_dir(y, mo)}.md" if v["key"] is None else f"{month_dir(y, mo)}/{v['key']}.md"
        prefix = f"{month_dir(y, mo)}/" + (f"{v['key']}-" if v["key"] else "")
        grid = cal.month_grid(y, mo, v["entries"])
        cap = AGENDA_PER_DAY if v["key"] is None else None
        days = _days(grid, lambda d, prefix=prefix: f"{prefix}{d.day:02d}.md", observance_days, cap)
        chunks = _chunks(days) if cap is None else [days]
        listing = [(n, here if n == 1 else f"{prefix}list-{n}.md") for n in range(1, len(chunks) + 1)]
        anchors = {d["day"]: src for (n, src), chunk in zip(listing, chunks) for d in chunk}
        menu = [dict(label="全部", src=f"{month_dir(y, mo)}.md", count=len(entries), current=v["key"] is None, group="")]
        menu += [dict(label=f["label"], src=f"{month_dir(y, mo)}/{f['key']}.md", count=len(f["entries"]),
                      current=f["key"] == v["key"], group=f["group"]) for f in filters]
        title = f"{y}年{mo}月活动日历" + (f"（{v['label']}）" if v["label"] else "")
        for (n, src), chunk in zip(listing, chunks):
            out.append(CalendarPage(src, "calendar_month.html", title + (f" 第{n}页" if n > 1 else ""), dict(
                year=y, month=mo, weeks=_weeks(grid, observance_days, anchors) if n == 1 else None, days=chunk,
                filters=menu if filters else [], filter_label=v["label"], year_src=f"calendar/{y}/index.md",
                prev=beside(v["key"], -1), next=beside(v["key"], 1), month_src=here,
                carried=sum(e.start < first for e in grid.entries) if n == 1 else 0,
                listing=listing if len(listing) > 1 else [], page_no=n)))
        for d in days:
            if not d["page"]:
                continue
            marks = grid.marks[d["day"]]
            pages = [(k, d["page"] if k == 1 else d["page"][:-3] + f"-{k}.md")
                     for k in range(1, (len(marks) + DAY_PAGE_SIZE - 1) // DAY_PAGE_SIZE + 1)]
            counts = dict(Counter(what or e.kind for e, what in marks))
            for n, src in pages:
                out.append(CalendarPage(src, "calendar_day.html", f"{y}年{mo}月{d['day'].day}日"
                                        + (f"（{v['label']}）" if v["label"] else "") + (f" 第{n}页" if n > 1 else ""),
                                        dict(day=d["day"], weekday=d["weekday"],
                                             marks=marks[(n - 1) * DAY_PAGE_SIZE:n * DAY_PAGE_SIZE], total=len(marks),
                                             month_src=here, observances=d["observances"], counts=counts,
                                             page_no=n, pages=pages)))
    return out


def render(r, planned: Plan) -> None:
    """The planned pages through the Renderer r; an incremental build plans and visits only the months that
    can have changed (group "month:YYYY-MM"), and renders only their pages whose inputs or shown records
    changed (group "month:YYYY-MM:<src>")."""
    lines: dict = {}  # an entry's line, by the folder of the pages it shows on: one spanning a month shows on 30 day
    # pages, and every day, filter and continued page of a month is in the same folder (its links are the same)
    folder = [""]  # that of the page being rendered

    def entries(marks: list, link) -> Markup:
        """The lines of a list of marks [(entry, what)], joined here rather than in the template's loop (a
        national calendar's pages show some 300,000 lines)."""
        out = []
        for e, _what in marks:
            key = (id(e), folder[0])
            line = lines.get(key)
            if line is None:
                line = lines[key] = fragments.entry(e, link(e.campaign, e.anchor), cal.KINDS)
            out.append(line)
        return Markup("".join(out))

    for ym in planned.months:
        if not r.wants(group_of(ym)):
            continue
        lines.clear()
        for p in planned.pages(ym):
            if r.wants(group_of(ym, p.src)):
                folder[0] = urls.folder_of(p.src, r.directory_urls)
                r.page(p.src, p.template, p.title, entries=entries, **p.context)
        planned.done(ym)
