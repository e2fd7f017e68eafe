"""The archive → site pages: (source path, title, HTML). Knows nothing of MkDocs.

Every string from the data goes through Jinja's autoescape; Markdown from the data
goes through markup.render (sanitized). Pages link to each other relatively.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from scitechday.archive import calendar as cal
from scitechday.archive import indexes, model
from scitechday.archive.dependencies import Skipped
from scitechday.data import registry
from scitechday.data.template import template
from scitechday.domain.dates import zh_date, zh_span
from scitechday.domain.regions import province
from scitechday.publish import calendar_pages, feeds, fragments, groupings, jsonld, labels, listings, markup, plans, servemode, svg, urls
from scitechday.publish import notice as notice_parts
from scitechday.publish import repo as repo_links
from scitechday.publish import sources as source_texts
from scitechday.publish import stats as statistics

EDITION_LIST = 100  # notices listed on an edition's page; the rest are on the year's listing page
TREE_OPEN_UP_TO = 100  # organizations on the tree pages shown unfolded; above, subordinates fold under 下级 (tree.html)
EXAMPLES = {"campaign": ("2024-changzhou-kexie", 2024), "organization": ("xuzhou-kexie", None),
            "profile": ("zhang-san", None)}  # record type → (id, year) of its example on the 记录模板 page


@dataclass
class Page:
    src: str  # e.g. notices/2019-lianyungang-kexie.md
    title: str
    html: str  # "" once the HTML is set aside (stored)
    description: str = ""
    meta: dict = field(default_factory=dict)
    # where the HTML waits once let go of from memory (search.input_files: the file, its first character, the
    # characters after it, the file the parts cut from it wait in, and where each goes back), and what the build
    # needed of it meanwhile: {"heading": bool, "body": digest, "search": digest} (incremental.set_aside: a full
    # build's record pages, while Pagefind runs beside the build)
    stored: tuple | None = None
    known: dict | None = None

    def content(self) -> str:
        """The page's HTML, from memory or from where it was set aside."""
        if self.stored is None:
            return self.html
        path, start, after, side, cuts = self.stored
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        text = text[start:len(text) - after]
        if not cuts:
            return text
        out, last = [], 0
        with open(side, "rb") as fh:
            for at, offset, length in cuts:
                fh.seek(offset)
                out += [text[last:at], fh.read(length).decode("utf-8")]
                last = at
        out.append(text[last:])
        return "".join(out)

    def heading(self) -> bool:
        """Whether the content holds an <h1> (else Material adds the title as one)."""
        return self.known["heading"] if self.known is not None else "<h1" in self.html


@functools.cache
def _env() -> jinja2.Environment:
    """One environment per process: its compiled templates are reused by every render (serve's preview
    renders one page at a time; compiling the templates took most of it). Under `serve`, Jinja reloads a
    template whose file changed; a build does not look (every page fetches its templates, and each fetch
    looked at the template's file: about 3 % of a national build's page rendering in a profile)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("scitechday.publish", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             auto_reload=servemode.serving())
    env.filters["zh_date"] = zh_date
    env.filters["zh_span"] = zh_span
    env.filters["safe_url"] = urls.safe_url
    env.filters["tel"] = notice_parts.tel_href
    env.filters["zip"] = zip
    env.filters["name_parts"] = name_parts
    env.filters["type_label"] = labels.type_label
    env.filters["code_label"] = labels.code_label
    return env


def name_parts(name: str) -> str:
    """A person's name character by character (李保国 → 李 保 国), for the search index beside the name. The
    index keeps the words its segmenter finds (李, 保国) and a query in the browser is taken a character at a
    time, each to begin a word of the page: a profile, where no word began with 国, was found by 李 but not
    by 李保国 or 保国."""
    return " ".join(name) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name or "") else ""


def file_size(size: int | None) -> str:
    """A file's size as a download link states it: 980 字节, 85 KB, 1.8 MB, 46 MB ("" when unknown)."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} 字节"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"


class Renderer:
    def __init__(self, archive: model.Archive, entries: list[cal.Entry], site_url: str, opendata,
                 directory_urls: bool, sources: dict | None = None, repo: repo_links.Repo | None = None):
        self.archive = archive
        self.sources = source_texts.attach(dict(sources or {}), archive)
        self.repo = repo
        self.directory_urls = directory_urls
        self.site_url = site_url
        self.opendata = list(opendata)
        self.opendata_suffix = ""  # ".gz" when the open data files are published compressed
        self.opendata_sizes: dict[str, int] = {}  # the bytes of each open data file, by name, once made
        self.env = _env()
        self.entries = entries
        self.pages: list[Page | Skipped] = []
        self.wanted = None  # group → render it? (an incremental build: archive/dependencies.Wanted)
        self.planned: plans.Plans | None = None  # the build's plans, when it has them (see render_site)
        self._notice_listings: list[listings.ListingPage] | None = None
        self.made: Callable[[Page], None] | None = None  # called with each page as it is rendered

    def wants(self, group: str) -> bool:
        """Whether to render a group's pages; when not, a placeholder keeps their place."""
        if self.wanted is None or self.wanted(group):
            return True
        self.pages.append(Skipped(group))
        return False

    def page(self, src: str, template: str, title: str, description: str = "", ld=None, record=None,
             edit_path: str | None = None, search=None, **context) -> None:
        """search: index this page for search (only notices, organizations, profiles, editions): the
        notice's year (search bundles are by year), or "directory" for the other record pages."""
        def link(target, anchor: str = "") -> str:
            return urls.relative(src, target, anchor, self.directory_urls)

        def webcal(path: str) -> str:
            return "webcal://" + self.site_url.split("://", 1)[-1].rstrip("/") + "/" + path

        path = (repo_links.record_file(record) if record is not None else None) or edit_path or "data"
        edit = repo_links.links(self.repo, path, title, self.site_url + urls.url_of(src))
        if record is not None:
            context["record"] = record
        html = self.env.get_template(template).render(link=link, webcal=webcal, m=fragments.Fragments(link, cal.KINDS),
                                                      kinds=cal.KINDS, levels=model.LEVELS,
                                                      profile_kinds=model.PROFILE_KINDS, source_pages=self.sources,
                                                      **context)
        meta = {"jsonld": jsonld.script(ld)} if ld else {}
        if search:
            meta["search"] = search
        if edit:
            html += self.env.get_template("edit.html").render(e=edit)
            meta["edit_url"] = edit["edit"]
        section = urls.section_of(src, record)
        if section and section != src:
            meta["section"] = section  # the navigation entry to highlight on a page that is not in the navigation
        page = Page(src, title, html, description, meta)
        self.pages.append(page)
        if self.made is not None:
            self.made(page)

    def notice_plan(self) -> list[listings.ListingPage]:
        """The notice listings' pages as planned (the edition pages link the year's first one)."""
        if self._notice_listings is None:
            self._notice_listings = self.planned.notice_listings if self.planned else listings.notices(self.archive)
        return self._notice_listings

    def listing(self, pages: list[listings.ListingPage]) -> None:
        """A paged listing's pages (publish/listings.py); an incremental build renders only those whose shown
        records changed (group "page:<src>")."""
        for p in pages:
            if self.wants(f"page:{p.src}"):
                self.page(p.src, p.template, p.title, edit_path=p.edit_path, **p.context)

    # ---------------------------------------------------------------- pages

    def home(self) -> None:
        a = self.archive
        # the entries around the build's date (the script then narrows them to the reader's day); without the
        # build's plans (a preview), the archive's last ones
        day = self.planned.stamp.date() if self.planned else dt.date.max
        self.page("index.md", "home.html", "首页", "全国科技工作者日活动通知、活动日历、组织机构与科技志愿者队伍的档案。",
                  editions=a.editions, recent=cal.nearest([e for e in self.entries if e.kind != "deadline"], day),
                  deadlines=cal.nearest([e for e in self.entries if e.kind == "deadline"], day),
                  latest=indexes.latest(a.campaigns, 10), counts=indexes.counts(a))

    def notice_listing(self) -> None:
        self.listing(self.notice_plan())

    def notices(self) -> None:
        a = self.archive
        for c in a.campaigns:
            if not self.wants(f"campaign:{c.id}"):
                continue
            attachments = [dict(position=x.position, title=x.title, notice=x.notice,
                                html=Markup(markup.render(x.content, demote=3))) for x in c.attachments]
            meta = "，".join(filter(None, [c.doc_number, c.issuer_names, zh_date(c.issued)]))  # zh_date(None) is ""
            body, toc = markup.render_with_toc(c.body)
            signer, signed = notice_parts.signature(c.body, c.signature, c.issued)
            self.page(urls.src_of(c), registry.get("campaign").template, c.title, meta,
                      ld=jsonld.campaign(c, self.site_url), record=c, search=c.year, c=c, body=Markup(body), toc=toc,
                      attachments=attachments, signer=signer, signed=signed, regions=groupings.region_names(c),
                      deadline_columns=notice_parts.deadline_columns(c.deadlines),
                      organizer_groups=notice_parts.organizer_groups(c.organizers),
                      honor_groups=notice_parts.honor_groups(c.honors), link_kinds=notice_parts.LINK_KINDS,
                      links_label=notice_parts.links_heading(c.links),
                      award_kinds=notice_parts.AWARD_KINDS)

    def calendar(self) -> None:
        planned = self.planned.month_pages if self.planned else calendar_pages.plan(self.archive, self.entries)
        months = planned.months
        labels = {ym: f"{ym[0]}年{ym[1]}月" for ym in months}
        per_month = {ym: len(planned.in_month[ym]) for ym in months}  # months_spanned: the months in_month holds
        calendar_pages.render(self, planned)
        years = sorted({y for y, _ in months})
        for i, y in enumerate(years):
            ms = [dict(month=mo, src=urls.month_src(y, mo) if (y, mo) in per_month else None,
                       count=per_month.get((y, mo), 0)) for mo in range(1, 13)]
            prev_year, next_year = (years[i - 1] if i else None), (years[i + 1] if i + 1 < len(years) else None)
            self.page(urls.year_src(y), "calendar_year.html", f"{y}年活动日历", year=y, months=ms,
                      prev_year=urls.year_src(prev_year) if prev_year else None, prev_year_label=f"{prev_year}年",
                      next_year=urls.year_src(next_year) if next_year else None, next_year_label=f"{next_year}年")
        # the entries of a year, each once (one spanning May and June is in both months' counts)
        year_counts = [(dict(year=y, src=urls.year_src(y)),
                        len({id(e) for ym in months if ym[0] == y for e in planned.in_month[ym]})) for y in years]
        busy = [dict(src=urls.month_src(*ym), label=labels[ym], count=n) for ym, n in per_month.items() if n]
        self.page("calendar/index.md", "calendar_index.html", "活动日历", years=year_counts[::-1], months=busy[::-1],
                  subscriptions=feeds.subscriptions(self.entries))

    def organizations(self) -> None:
        for o in self.archive.organizations:
            if not self.wants(f"organization:{o.id}"):
                continue
            self.page(urls.src_of(o), registry.get("organization").template, o.name, f"{o.kind}{'，' + o.parent.name if o.parent else ''}",
                      ld=jsonld.organization(o, self.site_url), record=o, search="directory", o=o, region=province(o.region))

    def trees(self) -> None:
        a = self.archive
        collapse = len(a.organizations) > TREE_OPEN_UP_TO
        self.page("orgs/index.md", "tree.html", "组织机构", edit_path="data/organizations", heading="组织机构",
                  intro="科协、学会、政府部门与合作单位，按上下级关系排列。点击名称查看其发布的通知和主办的活动。",
                  groups=indexes.org_tree(a.organizations), teams=False, collapse=collapse)
        team_roots = indexes.team_roots(a.organizations)
        self.page("teams/index.md", "tree.html", "科技志愿者队伍", edit_path="data/organizations",
                  heading="科技志愿者队伍",
                  intro="科技志愿者总队、支队和分队，按隶属关系排列。",
                  groups=[("队伍", team_roots)] if team_roots else [], teams=True, collapse=collapse)

    def profile_listing(self) -> None:
        self.listing(self.planned.profile_listings if self.planned else listings.profiles(self.archive))

    def profiles(self) -> None:
        for p in self.archive.profiles:
            if not self.wants(f"profile:{p.id}"):
                continue
            self.page(urls.src_of(p), registry.get("profile").template, p.name, p.summary or "",
                      ld=jsonld.profile(p, self.site_url), record=p, search="directory", p=p, region=province(p.region),
                      deeds=Markup(markup.render(p.deeds)))

    def editions(self) -> None:
        a = self.archive
        year_pages: dict = {}  # a year → the notice listing's page its group starts on
        for p in self.notice_plan():
            if p.listing == "notices/index.md":
                for heading in p.headings:
                    year_pages.setdefault(heading, p.src)
        self.page("editions/index.md", "editions_index.html", "届次", edit_path="data/editions.yml", editions=a.editions)
        for e in a.editions:  # a national edition holds ~1,000 notices: the page lists the first EDITION_LIST
            self.page(urls.src_of(e), registry.get("edition").template, e.label, e.theme or "", record=e, search="directory", e=e,
                      listed=e.campaigns[:EDITION_LIST], year_page=year_pages.get(e.year))

    def stats(self) -> None:
        figures = statistics.figures(self.archive)
        charts = [Markup(svg.bar_chart(f"chart-{f.id}", f.title, f.columns, f.rows)) for f in figures]
        self.page("stats.md", "stats.html", "统计", "档案收录的通知、活动与报送截止的统计图表。",
                  figures=figures, charts=charts)

    def source_pages(self) -> None:
        texts = sorted(self.sources.values(), key=lambda t: t.file)
        self.page("sources/index.md", "sources_index.html", "原文", "档案记录所依据的原始文本。", edit_path="sources",
                  texts=texts)
        for t in texts:
            self.page(t.src, "source.html", f"原文：{t.title}", f"{t.title}（原始文本 {t.file}）",
                      edit_path=f"sources/{t.file}", t=t, paragraphs=source_texts.paragraphs(t.text))


    def templates(self) -> None:
        examples = []
        for rtype, (rid, year) in EXAMPLES.items():
            rt = registry.get(rtype)
            examples.append((rt.label, rt.path_of(Path("data"), rid, year).as_posix(), template(rtype, rid, year)))
        self.page("templates.md", "templates.html", "记录模板", "新增活动通知、组织机构和人物记录时可复制的模板。",
                  examples=examples)

    def downloads(self) -> None:
        self.page("download.md", "download.html", "数据下载", "档案数据的开放下载：Frictionless 数据包、CSV、JSON、日历与订阅源。",
                  tables=self.opendata, site_url=self.site_url, suffix=self.opendata_suffix,
                  size=lambda name: file_size(self.opendata_sizes.get(name)))


    def records(self, done: set[str]) -> None:
        """The page of every record of a type no method above renders: its registered template, given `record`."""
        for rt in registry.record_types():
            if rt.name in done:
                continue
            for obj in self.archive.of_type(rt.name):
                self.page(rt.page_of(obj.id), rt.template, str(getattr(obj, rt.title_field)), record=obj)


PARTS = ("other records", "home", "notice listing", "notices", "calendar", "organizations", "trees",
         "profile listing", "profiles", "editions", "source pages", "stats", "downloads", "templates")  # in page order
SEARCHED = ("notices", "organizations", "profiles", "editions")  # the parts holding every page search indexes:
# an incremental build renders them first, so that the index of the bundles they made stale starts sooner


def render_site(archive: model.Archive, entries: list[cal.Entry], site_url: str, opendata=(),
                directory_urls: bool = True, sources: dict | None = None,
                repo: repo_links.Repo | None = None, opendata_suffix: str = "", wanted=None,
                planned: plans.Plans | None = None, done: dict[str, list] | None = None) -> list:
    """Every generated page. entries: the calendar's; opendata: [(Table, row count)] for the download page,
    whose data files end in opendata_suffix ("" or ".gz": see export.published); sources: the texts of
    sources/ by file name; repo: where 编辑此页 and 纠错 lead; wanted: render only these record, listing
    and calendar month pages (Skipped placeholders stand for the others; see Renderer.wants); planned: the
    build's plans (publish/plans.py), whose listing and calendar month pages are rendered (without them, they
    are planned here); done: the PARTS rendered already (render_parts), which take their places in the order."""
    done = done or {}
    rendered = render_parts(archive, entries, site_url, opendata, directory_urls, sources, repo, opendata_suffix,
                            wanted, planned, parts=[name for name in PARTS if name not in done])
    return [page for name in PARTS for page in (done[name] if name in done else rendered[name])]


def render_parts(archive: model.Archive, entries: list[cal.Entry], site_url: str, opendata=(),
                 directory_urls: bool = True, sources: dict | None = None,
                 repo: repo_links.Repo | None = None, opendata_suffix: str = "", wanted=None,
                 planned: plans.Plans | None = None, parts=PARTS, made=None,
                 opendata_sizes: dict[str, int] | None = None) -> dict[str, list]:
    """The pages of these PARTS (see render_site), by part. made: called with each page as it is rendered;
    opendata_sizes: the bytes of each open data file by name (the download page shows them)."""
    r = Renderer(archive, entries, site_url, opendata, directory_urls, sources, repo)
    r.planned = planned
    r.made = made
    r.opendata_suffix = opendata_suffix
    r.opendata_sizes = dict(opendata_sizes or {})
    r.wanted = wanted
    methods = {"other records": lambda: r.records(done={"campaign", "organization", "profile", "edition"}),
               "home": r.home, "notice listing": r.notice_listing, "notices": r.notices, "calendar": r.calendar,
               "organizations": r.organizations, "trees": r.trees, "profile listing": r.profile_listing,
               "profiles": r.profiles, "editions": r.editions, "source pages": r.source_pages, "stats": r.stats,
               "downloads": r.downloads, "templates": r.templates}
    out = {}
    markup.ahead(_texts(archive, wanted, parts))
    try:
        for name in parts:
            r.pages = []
            methods[name]()
            out[name] = r.pages
    finally:
        markup.done()
    return out


def _texts(archive: model.Archive, wanted=None, parts=PARTS):
    """The Markdown the record pages of these parts render (markup.ahead), as (text, demote), in the order
    Renderer meets them."""
    if "notices" in parts:
        for c in archive.campaigns:
            if wanted is None or wanted(f"campaign:{c.id}"):
                yield from ((x.content, 3) for x in c.attachments)
                yield c.body, 1
    if "profiles" in parts:
        for p in archive.profiles:
            if wanted is None or wanted(f"profile:{p.id}"):
                yield p.deeds, 1
