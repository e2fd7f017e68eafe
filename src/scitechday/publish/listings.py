"""The paged listings: notices by year, by issuer, by region and by observance; profiles by honour.

Each listing is split into pages (paging.pack) and every page is planned here with the whole
context its template is given, before anything is rendered: the renderer renders the plans, and
an incremental build compares what each page shows with what it showed in the last build
(archive/dependencies.listing_map) to render only the pages that changed. So a template of a listing
reads nothing but its context: the records in it (and what their lines name, see
dependencies.named_on_line) and plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from scitechday.archive import indexes, model
from scitechday.publish import groupings, paging


@dataclass
class ListingPage:
    listing: str  # the listing's first page, e.g. notices/index.md
    src: str  # this page, e.g. notices/index_p3.md
    template: str
    title: str
    edit_path: str
    context: dict  # what the template is given: records, plain values, and lists, tuples and dicts of them
    headings: list  # the headings of the groups on this page

    def inputs(self) -> dict:
        """Everything the page is rendered from (the renderer adds only what every page shares)."""
        return dict(src=self.src, template=self.template, title=self.title, edit_path=self.edit_path, **self.context)


def paged(src: str, template: str, title: str, name: str, groups: list[tuple], edit_path: str, split: bool = True,
          label=str, **context) -> list[ListingPage]:
    """A listing of groups on pages of at most paging.SIZE items (one page when it fits); each page's
    groups are given to the template as `name`."""
    pages = paging.pack(groups, paging.SIZE, split=split)
    pager = paging.pager(src, pages, label)
    return [ListingPage(src, paging.page_src(src, n), template,
                        title if n == 1 else f"{title}（{pager[n - 1]['label']}）", edit_path,
                        dict(pager=pager, page_no=n, **{name: part}, **context), [group[-2] for group in part])
            for n, part in enumerate(pages, 1)]


def notices(archive: model.Archive) -> list[ListingPage]:
    campaigns = archive.campaigns
    where = "data/campaigns"
    years = paged("notices/index.md", "notices_index.html", "通知档案", "by_year", indexes.by_year(campaigns), where,
                  label=lambda y: f"{y}年", count=len(campaigns))
    issuers = paged("notices/by-org.md", "notices_by_org.html", "按发文机关浏览通知", "issuers",
                    [(o, o.issued) for o in indexes.issuers(campaigns)], where, split=False, label=indexes.area)
    regions = paged("notices/by-region.md", "notices_by_region.html", "按地区浏览通知", "groups",
                    groupings.by_region(campaigns), where)
    observances = paged("notices/by-observance.md", "notices_by_observance.html", "按纪念日浏览通知", "groups",
                        groupings.by_observance(campaigns), where)
    # the filter links on every page lead to the page that holds their group, which paging decides
    homes = dict(years=_homes(years, "by_year"), regions=_homes(regions, "groups"),
                 observances=_homes(observances, "groups"))
    facets = groupings.facets(campaigns)
    for page in (*years, *issuers, *regions, *observances):
        page.context.update(facets=facets, homes=homes)
    last = None
    for page in issuers:  # the area each issuer is listed under (a heading where it changes): plain values
        areas = [indexes.area(o) for o, _ in page.context["issuers"]]
        page.context["area_of"] = {o.id: a for (o, _), a in zip(page.context["issuers"], areas)}
        page.context["continued"] = bool(areas) and areas[0] == last  # 吉林省（续）
        last = areas[-1] if areas else last
    for page in years:  # on the first page: the years a link to it names (a notice's breadcrumb) but a later page holds
        page.context["elsewhere"] = [(f"year-{y}", src) for y, src in homes["years"].items()
                                     if page is years[0] and src != page.src]
    return [*years, *issuers, *regions, *observances]


def _homes(pages: list[ListingPage], name: str) -> dict:
    """Where each group of a paged listing starts: {its anchor (or heading, when it has none): page src}."""
    out: dict = {}
    for page in pages:
        for group in page.context[name]:
            out.setdefault(group[0], page.src)
    return out


def profiles(archive: model.Archive) -> list[ListingPage]:
    return paged("profiles/index.md", "profiles_index.html", "人物与团队", "groups",
                 indexes.profiles_by_honor(archive.profiles), "data/profiles")

