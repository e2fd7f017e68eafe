"""How the archive's index pages group notices: by year, region and observance (the search filters, without JavaScript).

Each grouping returns plain lists so tests can check them directly; the same keys are the
Pagefind filter values on the notice pages (年份, 地区, 纪念日).
"""

from __future__ import annotations

from collections import defaultdict

from scitechday.archive import model
from scitechday.domain.regions import province

NATIONAL = "全国"


def by_year(campaigns: list[model.Campaign]) -> list[tuple[int, list[model.Campaign]]]:
    groups = defaultdict(list)
    for c in campaigns:
        groups[c.year].append(c)
    return sorted(groups.items(), reverse=True)


def region_names(c: model.Campaign) -> list[str]:
    """The provinces of a notice's issuers (全国 when none has a region): the 地区 filter's values."""
    return sorted({province(r) for r in c.regions} - {None}) or [NATIONAL]


def by_region(campaigns: list[model.Campaign]) -> list[tuple[str, str, list[model.Campaign]]]:
    """[(anchor, province name, notices)]: 全国 first, then provinces by GB/T 2260 code."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for c in campaigns:
        codes = {r[:2] for r in c.regions if province(r)}
        for code in codes or {""}:
            groups[(code, province(code) or NATIONAL)].append(c)
    return [(f"region-{code}" if code else "region-national", name, items)
            for (code, name), items in sorted(groups.items())]


def by_observance(campaigns: list[model.Campaign]) -> list[tuple[str, list[model.Campaign]]]:
    groups = defaultdict(list)
    for c in campaigns:
        groups[c.observance].append(c)
    return sorted(((k, sorted(v, key=lambda c: (c.year, c.id), reverse=True)) for k, v in groups.items()),
                  key=lambda kv: (-len(kv[1]), kv[0]))


def facets(campaigns: list[model.Campaign]) -> dict:
    """Filter values with counts, for the filter links on the index pages."""
    return dict(years=[y for y, _ in by_year(campaigns)],
                regions=[(anchor, name, len(items)) for anchor, name, items in by_region(campaigns)],
                observances=[(name, len(items)) for name, items in by_observance(campaigns)])
