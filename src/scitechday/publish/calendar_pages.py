"""Calendar month pages that stay readable with hundreds of notices a month.

A month page shows, per day, up to CELL_TITLES full titles (wrapped), else counts of what
starts, ends and is due, linking to the day; below the grid (and instead of it on phones)
an agenda by day, up to AGENDA_PER_DAY entries a day, the rest on day pages of at most
DAY_PAGE_SIZE entries. Filters by province (the issuers' GB/T 2260 code) and by observance
are pages of their own (no JavaScript), made only when a month holds more than one; a
filtered month lists every entry in its agenda, continued on pages of whole days of at most
DAY_PAGE_SIZE entries (no day pages per filter: they would multiply the page count).
The observance days of data/editions.yml (5月30日 …) are marked in the grid and the agenda.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.publish import feeds

CELL_TITLES = 3
AGENDA_PER_DAY = 5
DAY_PAGE_SIZE = 150
WEEKDAYS = "一二三四五六日"


def month_dir(y: int, m: int) -> str:
    return f"calendar/{y}/{m:02d}"


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


def _days(grid: cal.MonthGrid, day_src, observance_days: dict, cap: int | None = AGENDA_PER_DAY) -> list[dict]:
    """The agenda: days with marks (or an observance), their first entries, the day page when there are more."""
    out = []
    for week in grid.weeks:
        for day in week:
            if day is None or (day not in grid.marks and day not in observance_days):
                continue
            marks = grid.marks.get(day, [])
            over = cap is not None and len(marks) > cap
            out.append(dict(day=day, weekday=WEEKDAYS[day.weekday()], marks=marks[:cap] if over else marks,
                            more=len(marks) - (cap or 0) if over else 0, page=day_src(day) if over else None,
                            counts=Counter(what or e.kind for e, what in marks)))
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


def render(r, months: list[tuple[int, int]], in_month: dict) -> None:
    """Every month page (and its filter and day pages) through the Renderer r."""
    archive: model.Archive = r.archive
    observance_days: dict[dt.date, list[str]] = {}
    for e in archive.editions:
        if e.date:
            observance_days.setdefault(e.date, []).append(e.label)
    keys = _observance_keys(archive.editions)
    labels = {ym: f"{ym[0]}年{ym[1]}月" for ym in months}
    macro = r.env.get_template("macros.html").make_module({"kinds": cal.KINDS}).entry
    for i, (y, mo) in enumerate(months):
        if not r.wants(f"month:{y}-{mo:02d}"):
            continue
        entries = in_month.get((y, mo), [])
        lines: dict[tuple[int, str], str] = {}  # an entry's line, by its link: one spanning a month shows on 30 day pages

        def entry(e: cal.Entry, link, lines=lines) -> str:
            href = link(e.campaign, e.anchor)
            key = (id(e), href)
            if key not in lines:
                lines[key] = macro(e, href)
            return lines[key]

        nav = lambda ym: dict(src=f"{month_dir(*ym)}.md", label=labels[ym]) if ym else None  # noqa: E731
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
                r.page(src, "calendar_month.html", title + (f" 第{n}页" if n > 1 else ""), grid=grid, days=chunk,
                       filters=menu if filters else [], observance_days=observance_days, filter_label=v["label"],
                       cell_titles=CELL_TITLES, year_src=f"calendar/{y}/index.md",
                       prev=nav(months[i - 1] if i else None), next=nav(months[i + 1] if i + 1 < len(months) else None),
                       month_src=here, carried=[e for e in grid.entries if e.start < dt.date(y, mo, 1)],
                       show_grid=n == 1, anchors=anchors, listing=listing if len(listing) > 1 else [], page_no=n,
                       entry=entry)
            for d in days:
                if not d["page"]:
                    continue
                marks = grid.marks[d["day"]]
                pages = [marks[k:k + DAY_PAGE_SIZE] for k in range(0, len(marks), DAY_PAGE_SIZE)]
                for n, part in enumerate(pages, 1):
                    src = d["page"] if n == 1 else d["page"][:-3] + f"-{n}.md"
                    r.page(src, "calendar_day.html",
                           f"{y}年{mo}月{d['day'].day}日" + (f"（{v['label']}）" if v["label"] else "")
                           + (f" 第{n}页" if n > 1 else ""),
                           day=d["day"], weekday=d["weekday"], marks=part, total=len(marks), month_src=here,
                           observances=observance_days.get(d["day"], []), counts=d["counts"],
                           page_no=n, pages=[(k, d["page"] if k == 1 else d["page"][:-3] + f"-{k}.md")
                                             for k in range(1, len(pages) + 1)], entry=entry)
