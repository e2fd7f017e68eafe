"""How the archive is grouped for its index pages: plain data, computed from the model.

Rendering only displays these groupings; tests check them directly.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scitechday.archive import model
from scitechday.domain.regions import CODE_OF, province

NATIONAL = "全国"
OTHER = "其他地区"


def latest(campaigns: list[model.Campaign], n: int) -> list[model.Campaign]:
    """The n most recent notices, newest first (by issue date, else period start; then id)."""
    return sorted(campaigns, key=lambda c: (c.date or dt.date.min, c.id), reverse=True)[:n]


def counts(archive: model.Archive) -> dict[str, int]:
    """The archive's figures on the home page."""
    a = archive
    return dict(campaigns=len(a.campaigns), activities=sum(len(c.activities) for c in a.campaigns),
                deadlines=sum(len(c.deadlines) for c in a.campaigns),
                orgs=sum(not o.is_team for o in a.organizations),
                teams=sum(o.is_team for o in a.organizations), profiles=len(a.profiles))


def by_year(campaigns: list[model.Campaign]) -> list[tuple[int, list[model.Campaign]]]:
    """Notices by campaign year, latest year first; within a year in archive order."""
    groups: dict[int, list[model.Campaign]] = defaultdict(list)
    for c in campaigns:
        groups[c.year].append(c)
    return sorted(groups.items(), reverse=True)


def area(o: model.Organization) -> str:
    """Where an organization works, as the notices by region count it: the province of its region code,
    else 全国."""
    return province(o.region) or NATIONAL


def issuers(campaigns: list[model.Campaign]) -> list[model.Organization]:
    """Every issuing organization by area (全国 first, then the provinces in GB/T 2260 code order, as
    by_region), within an area by level (provincial before prefecture…), then the most prolific first,
    then by id. A reader finds an issuer by where it is: the listing's pages are labelled by area."""
    rank = {level: i for i, level in enumerate(model.LEVELS)}
    return sorted({o for c in campaigns for o in c.issuers},
                  key=lambda o: (area(o) != NATIONAL, CODE_OF.get(area(o), "99"), rank.get(o.level or "", len(rank)),
                                 -len(o.issued), o.id))


def provinces(c: model.Campaign) -> list[str]:
    """The provinces of a notice's issuers; 全国 when none has a region code of a known province
    (the schema's pattern admits codes such as 190000 that name none)."""
    return sorted({name for r in c.regions if (name := province(r))}) or [NATIONAL]


def by_region(campaigns: list[model.Campaign]) -> list[tuple[str, list[model.Campaign]]]:
    """Notices by the provinces of their issuers (全国 when no issuer has a region), 全国 first, then in the
    order of their GB/T 2260 codes (北京市, 天津市, 河北省…: the order the calendar's filters use too).

    A joint notice of issuers in two provinces is listed under both."""
    groups: dict[str, list[model.Campaign]] = defaultdict(list)
    for c in campaigns:
        for name in provinces(c):
            groups[name].append(c)
    return sorted(groups.items(), key=lambda kv: (kv[0] != NATIONAL, CODE_OF.get(kv[0], "99"), kv[0]))


def org_tree(organizations: list[model.Organization]) -> list[tuple[str, list[model.Organization]]]:
    """The roots of the organization tree (not teams), national ones first, then by province.

    A root is an organization with no parent, or whose parent is a volunteer team. An organization
    whose level is not national is filed under the province of its region code; those with no
    region or an unknown one come last, in one group."""
    roots = [o for o in organizations if not o.is_team and (o.parent is None or o.parent.is_team)]
    regional: dict[str, list[model.Organization]] = defaultdict(list)
    for o in roots:
        if o.level != "national":
            regional[(o.region or "")[:2] if province(o.region) else ""].append(o)
    groups = [(NATIONAL, [o for o in roots if o.level == "national"])]
    groups += [(province(code) or OTHER, regional[code]) for code in sorted(regional, key=lambda c: (not c, c))]
    return [g for g in groups if g[1]]


def team_roots(organizations: list[model.Organization]) -> list[model.Organization]:
    """The top volunteer teams (no parent, or a parent that is not a team), national level first."""
    rank = {level: i for i, level in enumerate(model.LEVELS)}
    return sorted((o for o in organizations if o.is_team and (o.parent is None or not o.parent.is_team)),
                  key=lambda o: (rank.get(o.level or "", len(rank)), o.id))


MENTIONED = "通知中提及"


def profiles_by_honor(profiles: list[model.Profile]) -> list[tuple[str, list[tuple[model.Profile, str]]]]:
    """Profiles grouped by honour (title and year), latest year first; those without honours last.

    Each item is (profile, note): who conferred the honour, or the profile's summary."""
    groups: dict[tuple[int, str], list[tuple[model.Profile, str]]] = defaultdict(list)
    for p in profiles:
        for h in p.honors:
            groups[(h.year or 0, h.title)].append((p, h.conferred_by.name if h.conferred_by else ""))
        if not p.honors:
            groups[(-1, MENTIONED)].append((p, p.summary or ""))
    return [(f"{title}（{year}年）" if year > 0 else title, items)
            for (year, title), items in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1]))]
