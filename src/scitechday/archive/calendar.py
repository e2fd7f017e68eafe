"""Calendar entries: campaign periods, stages, activities and report deadlines, by day and month."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import hashlib
from dataclasses import dataclass

from scitechday.archive import model
from scitechday.domain.regions import PROVINCES

KINDS = {"period": "活动时间", "stage": "活动阶段", "activity": "活动", "deadline": "报送截止"}


@dataclass(eq=False)
class Entry:
    kind: str  # period | stage | activity | deadline
    campaign: model.Campaign
    title: str
    start: dt.date
    end: dt.date  # inclusive
    text: str | None  # the time as written
    vague: bool
    anchor: str  # where on the notice page this entry is described
    uid: str  # stable across builds
    item: object = None  # the Stage, Activity or Deadline (None for the campaign period)

    @property
    def single_day(self) -> bool:
        return self.start == self.end

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and self.end >= first


def _numbered(bases: list[str]) -> list[str]:
    """Keys unique within a notice: each base as it is, a repeated one numbered in order (base, base-2 …)."""
    seen: dict[str, int] = {}
    out = []
    for b in bases:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b}-{seen[b]}")
    return out


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def stage_keys(c: model.Campaign) -> list[str]:
    """The keys of a notice's stages, activities and deadlines in calendars and feeds: from what the item is
    (a stage's name, an activity's title, a deadline's date), not from its place in the list. A key taken from
    the place moved when an editor inserted an item: calendar apps and feed readers then took a new deadline
    for an old one they had seen (updated, not new), and the last one for a new one."""
    return _numbered([_digest(s.name) for s in c.stages])


def activity_keys(c: model.Campaign) -> list[str]:
    return _numbered([_digest(a.title) for a in c.activities])


def deadline_keys(c: model.Campaign) -> list[str]:
    return _numbered([d.date.isoformat() for d in c.deadlines])


def entries(archive: model.Archive) -> list[Entry]:
    out: list[Entry] = []
    for c in archive.campaigns:
        p = c.period
        if p and p.start:
            out.append(Entry("period", c, c.title, p.start, p.end or p.start, p.text, p.vague, "period",
                             f"{c.id}/period"))
        for s, key in zip(c.stages, stage_keys(c)):
            if s.period and s.period.start:
                out.append(Entry("stage", c, f"{s.name}：{c.title}", s.period.start, s.period.end or s.period.start,
                                 s.period.text, s.period.vague, f"stage-{s.position}", f"{c.id}/stage/{key}", s))
        for a, key in zip(c.activities, activity_keys(c)):
            if a.period and a.period.start:
                out.append(Entry("activity", c, a.title, a.period.start, a.period.end or a.period.start,
                                 a.period.text, a.period.vague, f"activity-{a.position}",
                                 f"{c.id}/activity/{key}", a))
        for d, key in zip(c.deadlines, deadline_keys(c)):
            out.append(Entry("deadline", c, f"报送：{d.what}", d.date, d.date, d.text, False,
                             f"deadline-{d.position}", f"{c.id}/deadline/{key}", d))
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda e: (e.start, order[e.kind], e.end, e.campaign.id))  # stable: a notice's items in its order
    return out


NATIONAL = ""  # the key of notices whose issuers have no region (national bodies)


def by_province(items: list[Entry]) -> dict[str, list[Entry]]:
    """Entries by the province of their notice's issuers (GB/T 2260 two-digit code; NATIONAL for
    national bodies), in one pass. A joint notice of two provinces is in both."""
    out: dict[str, list[Entry]] = {}
    codes: dict[int, list[str]] = {}
    for e in items:
        key = codes.get(id(e.campaign))
        if key is None:
            key = codes[id(e.campaign)] = sorted({r[:2] for r in e.campaign.regions if r[:2] in PROVINCES}) \
                or [NATIONAL]
        for code in key:
            out.setdefault(code, []).append(e)
    return dict(sorted(out.items()))


def by_organization(items: list[Entry]) -> dict[int, list[Entry]]:
    """Each organization's own entries (keyed by id() of the Organization), in one pass: every entry
    of the notices it issued, and the activities it organizes or partners in."""
    out: dict[int, list[Entry]] = {}
    for e in items:
        orgs = {id(o): o for o in e.campaign.issuers}
        if isinstance(e.item, model.Activity):
            orgs.update((id(o), o) for o in e.item.organizers + e.item.partners)
        for key in orgs:
            out.setdefault(key, []).append(e)
    return out


def months_of(e: Entry) -> list[tuple[int, int]]:
    """The months an entry touches (every month it overlaps), in order."""
    out = []
    y, m = e.start.year, e.start.month
    last = (e.end.year, e.end.month)
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def nearest(items: list[Entry], day: dt.date, n: int = 12) -> list[Entry]:
    """The n entries still running or to come on day (end ≥ day), soonest first in the archive's order, the
    latest before it filling what is left: what the home page offers, and its script narrows to the reader's
    day. The last n entries of a large archive lay months ahead and hid those due within days."""
    ahead = [e for e in items if e.end >= day][:n]
    before = [e for e in items if e.end < day]
    return before[max(0, len(before) - (n - len(ahead))):] + ahead


def months_spanned(items: list[Entry]) -> list[tuple[int, int]]:
    """The months that hold at least one entry (an entry holds every month it overlaps), in order.

    Only these get a page, and previous/next step between them, so the number of calendar pages
    is bounded by the entries themselves, not by the distance between the first and the last."""
    months: set[tuple[int, int]] = set()
    for e in items:
        months.update(months_of(e))
    return sorted(months)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, pycal.monthrange(year, month)[1])


def weeks(year: int, month: int) -> list[list[dt.date | None]]:
    """Weeks of the month, Monday first, None outside the month."""
    return [[d if d.month == month else None for d in week]
            for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)]


def by_month(items: list[Entry]) -> dict[tuple[int, int], list[Entry]]:
    """Each entry under every month it touches, in one pass (the entries' order is kept)."""
    out: dict[tuple[int, int], list[Entry]] = {}
    for e in items:
        for ym in months_of(e):
            out.setdefault(ym, []).append(e)
    return out


START, END, DUE = "▶ ", "◀ ", "截止 "  # how a day cell marks what happens on it


@dataclass
class MonthGrid:
    """One month as the calendar page shows it."""

    year: int
    month: int
    weeks: list[list[dt.date | None]]  # Monday first, None outside the month
    marks: dict[dt.date, list[tuple[Entry, str]]]  # per day: what starts, ends or is due, with its mark
    covered: dict[dt.date, list[Entry]]  # per day: the multi-day entries running on it
    entries: list[Entry]  # every entry touching the month, in calendar order


def month_grid(year: int, month: int, month_entries: list[Entry]) -> MonthGrid:
    """The grid of one month from the entries that touch it (see by_month)."""
    first, last = month_bounds(year, month)
    marks: dict[dt.date, list[tuple[Entry, str]]] = {}
    covered: dict[dt.date, list[Entry]] = {}
    for e in month_entries:
        if e.single_day:
            marks.setdefault(e.start, []).append((e, DUE if e.kind == "deadline" else ""))
            continue
        if first <= e.start <= last:
            marks.setdefault(e.start, []).append((e, START))
        if first <= e.end <= last:
            marks.setdefault(e.end, []).append((e, END))
        day = max(e.start, first)
        while day <= min(e.end, last):
            covered.setdefault(day, []).append(e)
            day += dt.timedelta(days=1)
    return MonthGrid(year, month, weeks(year, month), marks, covered, list(month_entries))
