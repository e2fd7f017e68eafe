"""The archive → site pages: (source path, title, HTML). Knows nothing of MkDocs.

Every string from the data goes through Jinja's autoescape; Markdown from the data
goes through markup.render (sanitized). Pages link to each other relatively.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from scitechday.archive import calendar as cal
from scitechday.publish import markup
from scitechday.archive import model
from scitechday.publish import feeds
from scitechday.publish import jsonld
from scitechday.publish import urls
from scitechday.domain.dates import zh_date, zh_span
from scitechday.domain.regions import province


@dataclass
class Page:
    src: str  # e.g. notices/2019-lianyungang-kexie.md
    title: str
    html: str
    description: str = ""
    meta: dict = field(default_factory=dict)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("scitechday.publish", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["zh_date"] = zh_date
    env.filters["zh_span"] = zh_span
    return env


class Renderer:
    def __init__(self, archive: model.Archive, site_url: str = "http://127.0.0.1:8000/", opendata=(),
                 directory_urls: bool = True, entries: list | None = None):
        self.archive = archive
        self.directory_urls = directory_urls
        self.site_url = site_url
        self.opendata = list(opendata)
        self.env = _env()
        self.entries = entries if entries is not None else cal.entries(archive)
        self.pages: list[Page] = []

    def page(self, src: str, template: str, title: str, description: str = "", ld=None, search=None,
             **context) -> None:
        """search: index this page's article for search (only notices, organizations, profiles, editions):
        the notice's year (search bundles are by year), or "directory" for the other record pages."""
        def link(target, anchor: str = "") -> str:
            return urls.relative(src, target, anchor, self.directory_urls)

        def webcal(path: str) -> str:
            return "webcal://" + self.site_url.split("://", 1)[-1].rstrip("/") + "/" + path

        html = self.env.get_template(template).render(link=link, webcal=webcal, kinds=cal.KINDS,
                                                      levels=model.LEVELS, **context)
        meta = {"jsonld": jsonld.script(ld)} if ld else {}
        if search:
            meta["search"] = search
        self.pages.append(Page(src, title, html, description, meta))

    # ---------------------------------------------------------------- pages

    def home(self) -> None:
        a = self.archive
        latest = sorted(a.campaigns, key=lambda c: (c.date or dt.date.min, c.id), reverse=True)[:10]
        counts = dict(campaigns=len(a.campaigns), activities=sum(len(c.activities) for c in a.campaigns),
                      deadlines=sum(len(c.deadlines) for c in a.campaigns),
                      orgs=sum(not o.is_team for o in a.organizations),
                      teams=sum(o.is_team for o in a.organizations), profiles=len(a.profiles))
        self.page("index.md", "home.html", "首页", "全国科技工作者日活动通知、活动日历、组织机构与科技志愿者队伍的档案。",
                  editions=a.editions, recent=self.entries[-12:], latest=latest, counts=counts)

    def notices(self) -> None:
        a = self.archive
        by_year = defaultdict(list)
        for c in a.campaigns:
            by_year[c.year].append(c)
        self.page("notices/index.md", "notices_index.html", "通知档案", campaigns=a.campaigns,
                  by_year=sorted(by_year.items(), reverse=True))
        issuers = sorted({o for c in a.campaigns for o in c.issuers}, key=lambda o: (-len(o.issued), o.id))
        self.page("notices/by-org.md", "notices_by_org.html", "按发文机关浏览通知", issuers=issuers)
        groups = defaultdict(list)
        for c in a.campaigns:
            names = {province(r) for r in c.regions} or {"全国"}
            for name in names:
                groups[name].append(c)
        ordered = sorted(groups.items(), key=lambda kv: (kv[0] != "全国", kv[0]))
        self.page("notices/by-region.md", "notices_by_region.html", "按地区浏览通知", groups=ordered)
        for c in a.campaigns:
            attachments = [dict(position=x.position, title=x.title, notice=x.notice,
                                html=Markup(markup.render(x.content, demote=3))) for x in c.attachments]
            meta = "，".join(filter(None, [c.doc_number, c.issuer_names, zh_date(c.issued) if c.issued else None]))
            self.page(urls.src_of(c), "notice.html", c.title, meta, ld=jsonld.campaign(c, self.site_url), search=c.year,
                      c=c, body=Markup(markup.render(c.body)), attachments=attachments)

    def calendar(self) -> None:
        months = cal.months_spanned(self.entries)
        labels = {ym: f"{ym[0]}年{ym[1]}月" for ym in months}
        per_month = {}
        monthly = cal.by_month(self.entries)
        for i, (y, mo) in enumerate(months):
            first, last = cal.month_bounds(y, mo)
            month_entries = monthly.get((y, mo), [])
            per_month[(y, mo)] = len(month_entries)
            by_day, covered = defaultdict(list), defaultdict(list)
            for e in month_entries:
                if e.single_day:
                    by_day[e.start].append((e, "截止 " if e.kind == "deadline" else ""))
                    continue
                if first <= e.start <= last:
                    by_day[e.start].append((e, "▶ "))
                if first <= e.end <= last:
                    by_day[e.end].append((e, "◀ "))
                day = max(e.start, first)
                while day <= min(e.end, last):
                    covered[day].append(e)
                    day += dt.timedelta(days=1)
            nav = lambda ym: dict(src=urls.month_src(*ym), label=labels[ym]) if ym else None  # noqa: E731
            self.page(urls.month_src(y, mo), "calendar_month.html", f"{y}年{mo}月活动日历",
                      year=y, month=mo, year_src=urls.year_src(y), weeks=cal.weeks(y, mo), by_day=by_day,
                      covered=covered, month_entries=month_entries,
                      prev=nav(months[i - 1] if i else None), next=nav(months[i + 1] if i + 1 < len(months) else None))
        years = sorted({y for y, _ in months})
        for i, y in enumerate(years):
            ms = [dict(month=mo, src=urls.month_src(y, mo) if (y, mo) in per_month else None,
                       count=per_month.get((y, mo), 0)) for mo in range(1, 13)]
            prev_year, next_year = (years[i - 1] if i else None), (years[i + 1] if i + 1 < len(years) else None)
            self.page(urls.year_src(y), "calendar_year.html", f"{y}年活动日历", year=y, months=ms,
                      prev_year=urls.year_src(prev_year) if prev_year else None, prev_year_label=f"{prev_year}年",
                      next_year=urls.year_src(next_year) if next_year else None, next_year_label=f"{next_year}年")
        year_counts = [(dict(year=y, src=urls.year_src(y)), sum(n for (yy, _), n in per_month.items() if yy == y))
                       for y in years]
        busy = [dict(src=urls.month_src(*ym), label=labels[ym], count=n) for ym, n in per_month.items() if n]
        self.page("calendar/index.md", "calendar_index.html", "活动日历", years=year_counts[::-1], months=busy[::-1],
                  subscriptions=feeds.subscriptions(self.entries))

    def organizations(self) -> None:
        a = self.archive
        for o in a.organizations:
            self.page(urls.src_of(o), "org.html", o.name, f"{o.kind}{'，' + o.parent.name if o.parent else ''}",
                      ld=jsonld.organization(o, self.site_url), search="directory", o=o, region=province(o.region))
        orgs = [o for o in a.organizations if not o.is_team]
        roots = [o for o in orgs if o.parent is None or o.parent.is_team]
        groups = [("全国", [o for o in roots if o.level == "national"])]
        for code in sorted({(o.region or "")[:2] for o in roots if o.level != "national"}):
            groups.append((province(code) or "其他地区", [o for o in roots if o.level != "national"
                                                       and (o.region or "")[:2] == code]))
        self.page("orgs/index.md", "tree.html", "组织机构", heading="组织机构",
                  intro="科协、学会、政府部门与合作单位，按上下级关系排列。点击名称查看其发布的通知和主办的活动。",
                  groups=[g for g in groups if g[1]], teams=False)
        teams = [o for o in a.organizations if o.is_team]
        rank = {level: i for i, level in enumerate(model.LEVELS)}
        team_roots = sorted((o for o in teams if o.parent is None or not o.parent.is_team),
                            key=lambda o: (rank.get(o.level, len(rank)), o.id))
        self.page("teams/index.md", "tree.html", "科技志愿者队伍", heading="科技志愿者队伍",
                  intro="科技志愿者总队、支队和分队，按隶属关系排列。",
                  groups=[("队伍", team_roots)] if team_roots else [], teams=True)

    def profiles(self) -> None:
        a = self.archive
        groups = defaultdict(list)
        for p in a.profiles:
            for h in p.honors:
                groups[(h.year or 0, h.title)].append((p, h.conferred_by.name if h.conferred_by else ""))
            if not p.honors:
                groups[(-1, "通知中提及")].append((p, p.summary or ""))
        ordered = [(f"{title}（{year}年）" if year > 0 else title, items)
                   for (year, title), items in sorted(groups.items(), key=lambda kv: (-kv[0][0], kv[0][1]))]
        self.page("profiles/index.md", "profiles_index.html", "人物与团队", groups=ordered)
        for p in a.profiles:
            self.page(urls.src_of(p), "profile.html", p.name, p.summary or "",
                      ld=jsonld.profile(p, self.site_url), search="directory", p=p, region=province(p.region),
                      deeds=Markup(markup.render(p.deeds)))

    def editions(self) -> None:
        a = self.archive
        self.page("editions/index.md", "editions_index.html", "届次", editions=a.editions)
        for e in a.editions:
            self.page(urls.src_of(e), "edition.html", e.label, e.theme or "", search="directory", e=e)


    def templates(self) -> None:
        from scitechday.editing.scaffold import template

        examples = [("活动通知", "data/campaigns/2024/2024-changzhou-kexie.yml", template("campaign", "2024-changzhou-kexie", 2024)),
                    ("组织机构", "data/organizations/xuzhou-kexie.yml", template("organization", "xuzhou-kexie")),
                    ("人物或团队", "data/profiles/zhang-san.yml", template("profile", "zhang-san"))]
        self.page("templates.md", "templates.html", "记录模板", "新增活动通知、组织机构和人物记录时可复制的模板。",
                  examples=examples)

    def downloads(self) -> None:
        self.page("download.md", "download.html", "数据下载", "档案数据的开放下载：Frictionless 数据包、CSV、JSON、日历与订阅源。",
                  tables=self.opendata, site_url=self.site_url)


def render_site(archive: model.Archive, site_url: str = "http://127.0.0.1:8000/", opendata=(),
                directory_urls: bool = True, entries: list | None = None) -> list[Page]:
    """Every generated page. opendata: [(Table, row count)] for the download page; entries: the calendar's."""
    r = Renderer(archive, site_url, opendata, directory_urls, entries)
    r.home()
    r.notices()
    r.calendar()
    r.organizations()
    r.profiles()
    r.editions()
    r.downloads()
    r.templates()
    return r.pages
