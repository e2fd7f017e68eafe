"""The figures on the statistics page (统计), computed from the archive model.

Each figure is a plain table (rows of labels and counts) so that a test can recompute it
from the open data package's CSV files and compare. Definitions, stated on the page too:

- notices per year by observance: one count per notice and observance it serves (a joint notice for
  全国科技活动周 and 全国科技工作者日 counts under both), by its `year`;
- notices by province: a notice counts once for each province among its issuers' region
  codes (GB/T 2260, first two digits); notices whose issuers have no region count under 全国;
- notices by issuer level: a notice counts once for each distinct level among its issuers;
- activities by category: one count per activity (no category: 未分类);
- deadlines per month: one count per deadline, by the month of its date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from scitechday.archive import model
from scitechday.domain.regions import province

NATIONAL = "全国"
UNCATEGORISED = "未分类"


@dataclass
class Figure:
    id: str
    title: str
    note: str
    columns: list[str]  # series names (one column of counts per series)
    rows: list[tuple[str, list[int]]]  # (label, counts per series)

    @property
    def total(self) -> int:
        return sum(sum(counts) for _, counts in self.rows)

    def as_dict(self) -> dict[str, dict[str, int]]:
        """{row label: {series: count}} without zero cells: what tests compare."""
        return {label: {c: n for c, n in zip(self.columns, counts, strict=True) if n} for label, counts in self.rows}


def per_year_by_observance(campaigns: list[model.Campaign]) -> Figure:
    counts = Counter((c.year, o) for c in campaigns for o in c.observances)
    observances = sorted({o for _, o in counts})
    years = sorted({y for y, _ in counts})
    rows = [(f"{y}年", [counts[(y, o)] for o in observances]) for y in years]
    return Figure("per-year", "每年的通知数（按纪念日）",
                  "每份通知按其年份和所服务的每个纪念日各计一次（同时服务几个纪念日的通知在每个纪念日下都计）。", observances, rows)


def province_codes(c: model.Campaign) -> set[str]:
    """The provinces (GB/T 2260 codes, six digits) of a notice's issuers."""
    return {r[:2] + "0000" for r in c.regions if province(r)}


def by_province(campaigns: list[model.Campaign]) -> Figure:
    counts: Counter = Counter()
    for c in campaigns:
        for code in province_codes(c) or {NATIONAL}:
            counts[code] += 1
    order = sorted(counts, key=lambda k: (k != NATIONAL, k))
    rows = [(label_of_region(k), [counts[k]]) for k in order]
    return Figure("by-province", "各省份的通知数", "按发文机关的行政区划代码（GB/T 2260）归入省份；"
                  "联合发文跨省时每个省份各计一次；发文机关没有地区代码的（全国性机关）计入“全国”。", ["通知"], rows)


def label_of_region(key: str) -> str:
    return NATIONAL if key == NATIONAL else f"{province(key)}（{key}）"


def by_issuer_level(campaigns: list[model.Campaign]) -> Figure:
    counts: Counter = Counter()
    for c in campaigns:
        for level in {o.level or "" for o in c.issuers}:
            counts[level] += 1
    order = [lv for lv in [*model.LEVELS, ""] if counts[lv]]
    rows = [(model.LEVELS.get(lv, "未注明层级"), [counts[lv]]) for lv in order]
    return Figure("by-level", "按发文机关层级的通知数", "联合发文的机关层级不同时，每个层级各计一次。", ["通知"], rows)


def activities_by_category(campaigns: list[model.Campaign]) -> Figure:
    counts = Counter(a.category or UNCATEGORISED for c in campaigns for a in c.activities)
    order = sorted(counts, key=lambda k: (-counts[k], k == UNCATEGORISED, k))
    return Figure("by-category", "各类别的活动数", "通知中列出的每项活动计一次。", ["活动"],
                  [(k, [counts[k]]) for k in order])


def deadlines_per_month(campaigns: list[model.Campaign]) -> Figure:
    counts = Counter((d.date.year, d.date.month) for c in campaigns for d in c.deadlines if d.date)
    rows = [(f"{y}年{m}月", [counts[(y, m)]]) for y, m in sorted(counts)]
    return Figure("deadlines", "每月的报送截止数", "每项报送要求按截止日期所在月份计一次。", ["报送截止"], rows)


def figures(archive: model.Archive) -> list[Figure]:
    cs = archive.campaigns
    return [per_year_by_observance(cs), by_province(cs), by_issuer_level(cs), activities_by_category(cs),
            deadlines_per_month(cs)]
