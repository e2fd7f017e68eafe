"""The search filters as links, for readers without JavaScript: notices by region (with anchors) and observance.

Built on archive/indexes.py's groupings; the values are the Pagefind filter values on the
notice pages (年份, 地区, 纪念日), so a filter link and a search filter select the same notices.
"""

from __future__ import annotations

from collections import defaultdict

from scitechday.archive import indexes, model
from scitechday.domain.regions import CODE_OF

NATIONAL = indexes.NATIONAL


def region_names(c: model.Campaign) -> list[str]:
    """The provinces of a notice's issuers (全国 when none has a region): the 地区 filter's values."""
    return indexes.provinces(c)


def region_anchor(name: str) -> str:
    return f"region-{CODE_OF[name]}" if name in CODE_OF else "region-national"


def by_region(campaigns: list[model.Campaign]) -> list[tuple[str, str, list[model.Campaign]]]:
    """[(anchor, province name, notices)]: indexes.by_region with a stable anchor (the GB/T 2260 code) each."""
    return [(region_anchor(name), name, items) for name, items in indexes.by_region(campaigns)]


def by_observance(campaigns: list[model.Campaign]) -> list[tuple[str, list[model.Campaign]]]:
    """Notices by observance (a notice under each it serves), the largest group first; within a group the latest year first."""
    groups: dict[str, list[model.Campaign]] = defaultdict(list)
    for c in campaigns:
        for name in c.observances:
            groups[name].append(c)
    return sorted(((k, sorted(v, key=lambda c: (c.year, c.id), reverse=True)) for k, v in groups.items()),
                  key=lambda kv: (-len(kv[1]), kv[0]))


def facets(campaigns: list[model.Campaign]) -> dict:
    """Filter values with counts, for the filter links on the index pages."""
    return dict(years=[y for y, _ in indexes.by_year(campaigns)],
                regions=[(anchor, name, len(items)) for anchor, name, items in by_region(campaigns)],
                observances=[(name, len(items)) for name, items in by_observance(campaigns)])
