"""Page shells: MkDocs + Material render one page per kind of generated page; every generated
page of that kind is stamped from it.

A generated page that is not in the navigation differs from its neighbours only in a few values
the theme prints: its title (the <title>, og:title and the header), its description (meta and
og:description), its JSON-LD, its canonical URL (link and og:url), and its content, which the
hook places between markers. Everything else — the header, the navigation with the highlighted
section, the relative paths to the assets, the footer — depends only on the page's depth, its
section and which of those values it has. So the hook hands MkDocs one *shell* per such class,
with sentinels for the values, and writes every page of the class by filling the shell in.
Theme rendering (the plain Material build's cost per page) is then paid once per class, not once
per page, and an incremental build can write one page without MkDocs.

`SCITECHDAY_STAMP=0` turns stamping off (every page through MkDocs): a test builds the site both
ways and compares the output byte for byte, hostile titles included.
"""

from __future__ import annotations

import gzip
import os
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from markupsafe import Markup, escape

from scitechday.publish import urls

ENV_STAMP = "SCITECHDAY_STAMP"
START, END = "<!--st:page-->", "<!--/st:page-->"  # around a generated page's content (see preview.mark)
TITLE, DESCRIPTION, JSONLD = "\x00st-title\x00", "\x00st-description\x00", "\x00st-jsonld\x00"
_CONTENT, _CANONICAL = "\x00st-content\x00", "\x00st-canonical\x00"
# the values a page prints through page.meta that are filled in per page; the other keys
# (section, search, edit_url) are the same for every page of a class or not printed by the theme
PER_PAGE = ("title", "description", "jsonld", "search", "edit_url")
SHELL_DIR = "st-shell-"


def enabled() -> bool:
    return os.environ.get(ENV_STAMP, "1") != "0"


def _folders(url: str) -> list[str]:
    """The folders a page's URL sits in: notices/x/ → [notices]; notices/x.html → [notices]."""
    return url.rstrip("/").split("/")[:-1] if url else []


def nav_folders(in_nav: set[str], directory_urls: bool) -> list[tuple[str, ...]]:
    """The navigation's pages as folder paths (what relative links from a page to them depend on)."""
    out = []
    for src in sorted(in_nav):
        url = urls.url_of(src, directory_urls)
        out.append(tuple(url.rstrip("/").split("/")) if directory_urls and url else tuple(_folders(url)))
    return out


def layout(src: str, directory_urls: bool, nav: list[tuple[str, ...]]) -> tuple[tuple[str, ...], int]:
    """(anchor, depth): a page's relative links to the navigation's pages and the theme's files depend
    only on how many folders deep it is and on the longest run of its folders that leads towards a
    navigation entry (calendar/2021/05/x/ and calendar/2019/06/y/ share both: calendar, 3)."""
    folders = _folders(urls.url_of(src, directory_urls))
    anchor: tuple[str, ...] = ()
    for target in nav:
        n = 0
        while n < min(len(folders), len(target)) and folders[n] == target[n]:
            n += 1
        if n > len(anchor):
            anchor = tuple(folders[:n])
    return anchor, len(folders)


def class_of(page, meta: dict, directory_urls: bool, nav: list[tuple[str, ...]]) -> tuple:
    """What the theme's output for a page depends on besides its per-page values: its place (layout),
    which values it has, its other meta (the section to highlight), and whether its content has a
    heading (Material adds the title as <h1> when it has none)."""
    others = tuple(sorted((k, repr(v)) for k, v in meta.items() if k not in PER_PAGE))
    return (layout(page.src, directory_urls, nav), bool(meta.get("description")), bool(meta.get("jsonld")),
            page.heading(), others)


def shell_src(n: int, place: tuple[tuple[str, ...], int]) -> str:
    """A source path at the same place as the pages of class n: under their anchor, as deep as they are."""
    anchor, deep = place
    if deep == len(anchor):
        return "/".join([*anchor, f"{SHELL_DIR}{n}"]) + ".md"
    return "/".join([*anchor, f"{SHELL_DIR}{n}", *(["x"] * (deep - len(anchor) - 1)), "s"]) + ".md"


def shell_meta(meta: dict) -> dict:
    """page.meta of a class's shell: sentinels where the pages' own values go."""
    out = {k: v for k, v in meta.items() if k not in PER_PAGE}
    out["title"] = Markup(TITLE)
    if meta.get("description"):
        out["description"] = Markup(DESCRIPTION)
    if meta.get("jsonld"):
        out["jsonld"] = Markup(JSONLD)
    return out


@dataclass
class Shell:
    src: str
    canonical: str  # the shell's own canonical URL, replaced by each page's
    heading: bool  # the pages' content has an <h1>
    key: str  # repr of the class key (what the build state stores)
    meta: dict  # the shell's page.meta: see shell_meta
    pages: list = field(default_factory=list)  # the Page objects stamped from it


@dataclass
class Plan:
    """Which generated pages MkDocs renders itself and which are stamped from which shell."""
    direct: list  # Page objects rendered by MkDocs (those in the navigation, the home page)
    shells: dict  # shell src → Shell
    order: list  # every generated page's src, in the order the hook hands pages to MkDocs


def plan(pages, in_nav: set[str], site_url: str, directory_urls: bool, meta_of) -> Plan:
    """meta_of(page) → the page.meta the hook gives MkDocs (site.page_meta)."""
    direct: list = []
    classes: dict[tuple, Shell] = {}
    mkdocs_renders = direct_sources(pages, in_nav, directory_urls)
    nav = nav_folders(in_nav, directory_urls)
    for page in pages:
        if page.src in mkdocs_renders:
            direct.append(page)
            continue
        meta = meta_of(page)
        key = class_of(page, meta, directory_urls, nav)
        if key not in classes:
            src = shell_src(len(classes), key[0])
            classes[key] = Shell(src, canonical(site_url, src, directory_urls), key[3], repr(key), shell_meta(meta))
        classes[key].pages.append(page)
    return Plan(direct, {s.src: s for s in classes.values()}, [p.src for p in pages])


def direct_sources(pages, in_nav: set[str], directory_urls: bool) -> set[str]:
    """The pages MkDocs renders itself: those in the navigation, the home page, and any page whose URL
    lies above a navigation entry's (its relative links to that entry depend on its own name)."""
    nav_urls = [urls.url_of(src, directory_urls) for src in in_nav]
    out = set()
    for page in pages:
        url = urls.url_of(page.src, directory_urls)
        if page.src in in_nav or page.src == "index.md" or any(u != url and u.startswith(url) for u in nav_urls):
            out.add(page.src)
    return out


_PLAIN_PATH = re.compile(r"(?:[\w-]+/)*[\w-]*/?", re.ASCII)  # no dots, schemes, queries: urljoin appends it


def canonical(site_url: str, src: str, directory_urls: bool) -> str:
    from urllib.parse import urljoin

    base = site_url if site_url.endswith("/") else site_url + "/"
    path = urls.url_of(src, directory_urls)
    return base + path if _PLAIN_PATH.fullmatch(path) else urljoin(base, path)


_SENTINELS = re.compile("(" + "|".join(re.escape(t) for t in (TITLE, DESCRIPTION, JSONLD, _CONTENT, _CANONICAL)) + ")")


def tokenize(html: str, canonical: str) -> list[str]:
    """The shell's output as alternating literal text and sentinels (the content between the markers
    and the canonical URL become sentinels too), so that a page is one join, and a page value that
    happens to contain a sentinel's text is never substituted again."""
    a, b = html.index(START), html.index(END)
    html = html[:a] + _CONTENT + html[b + len(END):]  # a page's html comes with its markers
    html = html.replace(escape(canonical), _CANONICAL)
    return _SENTINELS.split(html)


def fill(parts: list[str], page, canonical: str) -> str:
    values = {TITLE: str(escape(page.title)), DESCRIPTION: str(escape(page.description)),
              JSONLD: str(page.meta.get("jsonld") or ""), _CONTENT: page.content(),
              _CANONICAL: str(escape(canonical))}
    return "".join(values[p] if i % 2 else p for i, p in enumerate(parts))


def sitemap_entries(others: list[str], order: list[str], site_url: str, directory_urls: bool) -> list[tuple[str, str]]:
    """The sitemap's pages in MkDocs' order: the pages that are not generated (their canonical URLs),
    then the generated ones; each with the build date."""
    from mkdocs.utils import get_build_date

    date = get_build_date()
    return [(u, date) for u in others] + [(canonical(site_url, src, directory_urls), date) for src in order]


def sitemap(env, entries: list[tuple[str, str]], out_dir: str) -> None:
    """sitemap.xml and .gz as MkDocs writes them (mkdocs/commands/build.py), for [(canonical URL, update date)]
    in MkDocs' page order."""
    pages = [SimpleNamespace(page=SimpleNamespace(is_link=False, canonical_url=u, abs_url=u, update_date=d))
             for u, d in entries]
    output = env.get_template("sitemap.xml").render(pages=pages)
    path = os.path.join(out_dir, "sitemap.xml")
    with open(path, "wb") as fh:
        fh.write(output.encode("utf-8"))
    from mkdocs import utils

    timestamp = utils.get_build_timestamp(pages=[p.page for p in pages]) if pages else utils.get_build_timestamp()
    with open(path + ".gz", "wb") as f, gzip.GzipFile(fileobj=f, filename=path + ".gz", mode="wb",
                                                        mtime=timestamp) as gz:
        gz.write(output.encode("utf-8"))


def remove(site_dir: str, rel: str) -> None:
    """Remove a file of the site and the folders it leaves empty."""
    path = os.path.join(site_dir, rel)
    try:
        os.remove(path)
    except FileNotFoundError:
        return
    folder = os.path.dirname(path)
    while os.path.abspath(folder) != os.path.abspath(site_dir):
        try:
            os.rmdir(folder)  # only when empty
        except OSError:
            break
        folder = os.path.dirname(folder)


def nav_sources(nav) -> set[str]:
    """The source paths named in mkdocs.yml's nav (those pages MkDocs renders itself: their
    navigation entry is active, and they have previous/next links)."""
    out: set[str] = set()

    def walk(item):
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, dict):
            for v in item.values():
                walk(v)
        elif isinstance(item, list):
            for v in item:
                walk(v)

    walk(nav or [])
    return out


def dest_of(src: str, directory_urls: bool) -> str:
    """The HTML file a page is written to (MkDocs' File.dest_uri)."""
    url = urls.url_of(src, directory_urls)
    return url + "index.html" if directory_urls and (url == "" or url.endswith("/")) else url


def write(plan: Plan, files, config) -> tuple[dict, list]:
    """Write every stamped page from its shell (then remove the shells), and the sitemap with every page.
    Returns the shells ({class key: tokenized parts}) and the canonical URLs of the sitemap's other pages,
    for the build state."""
    site_dir, directory_urls = config.site_dir, config.use_directory_urls
    site_url = config.site_url or ""
    shells = {}
    for shell in plan.shells.values():
        path = os.path.join(site_dir, dest_of(shell.src, directory_urls))
        with open(path, encoding="utf-8") as fh:
            parts = tokenize(fh.read(), shell.canonical)
        shells[shell.key] = parts
        for page in shell.pages:
            out = os.path.join(site_dir, dest_of(page.src, directory_urls))
            try:
                os.mkdir(os.path.dirname(out))  # a page's own folder, in a folder made already (mostly)
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as fh:  # bytes: no text layer made per file
                fh.write(fill(parts, page, canonical(site_url, page.src, directory_urls)).encode("utf-8"))
        remove(site_dir, dest_of(shell.src, directory_urls))
    generated = set(plan.order)
    others = [f.page.canonical_url for f in files.documentation_pages()
              if f.src_uri not in generated and f.src_uri not in plan.shells and f.page is not None
              and f.page.canonical_url]
    sitemap(config.theme.get_env(), sitemap_entries(others, plan.order, site_url, directory_urls), site_dir)
    return shells, others
