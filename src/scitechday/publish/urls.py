"""Where each thing lives on the site, and relative links between pages.

A page is named by its source path (`notices/<id>.md`); with MkDocs' directory URLs
it is served at `notices/<id>/`. Links are relative so the site works under any base.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import urlsplit

from scitechday.data import registry


def src_of(obj) -> str:
    """A page's source path: a string as it is, a record's page as its type declares it."""
    if isinstance(obj, str):
        return obj
    rtype = getattr(obj, "record_type", None)
    if rtype is None:
        raise TypeError(f"no page for {obj!r}")
    return _page_of(rtype, obj.id)


@functools.lru_cache(maxsize=1 << 16)
def _page_of(rtype: str, rid: str) -> str:  # asked some 600,000 times by a national build's links
    return registry.get(rtype).page_of(rid)


def month_src(year: int, month: int) -> str:
    return f"calendar/{year}/{month:02d}.md"


def year_src(year: int) -> str:
    return f"calendar/{year}/index.md"


def url_of(src: str, directory_urls: bool = True) -> str:
    """notices/x.md → notices/x/ ; notices/index.md → notices/ ; index.md → '' (site root).

    Without directory URLs (a preview opened from disk): notices/x.html, notices/index.html.
    """
    stem = src[:-3] if src.endswith(".md") else src
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def _dir_of(src: str, directory_urls: bool) -> str:
    here = url_of(src, directory_urls)
    return (here if (here == "" or here.endswith("/")) else posixpath.dirname(here)) or "."


@functools.lru_cache(maxsize=1 << 16)
def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p and p != ".")


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath (slow: it makes both paths absolute), for paths without `..`."""
    return _between(_parts(target), _parts(start))


def _between(t: tuple[str, ...], s: tuple[str, ...]) -> str:
    common, n = 0, min(len(t), len(s))
    while common < n and t[common] == s[common]:
        common += 1
    return "/".join([".."] * (len(s) - common) + list(t[common:])) or "."


def folder_of(src: str, directory_urls: bool = True) -> str:
    """The folder a page's relative links start from: two pages in the same folder link alike (relative)."""
    return _dir_of(src, directory_urls)


def relative(from_src: str, to, anchor: str = "", directory_urls: bool = True) -> str:
    """A link from one page to another page (a source path or a record) or to a static file ('assets/x.css')."""
    rel = _relative(_dir_of(from_src, directory_urls), to if isinstance(to, str) else src_of(to), directory_urls)
    return rel + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)
def _target(to: str, directory_urls: bool) -> tuple[tuple[str, ...], bool]:
    """A link's target (a page's source path or a static file) as path parts, and whether its URL is a folder."""
    is_file = not to.endswith(".md")
    target = to if is_file else url_of(to, directory_urls)
    return _parts(target or "."), not is_file and directory_urls and (target.endswith("/") or target == "")


def _relative(start: str, to: str, directory_urls: bool) -> str:
    """From the folder a page is served in to a page's source path or a static file. Not cached as a pair: a
    national calendar's day pages alone make 300,000 pairs; the folders and the targets are (_parts, _target)."""
    parts, folder = _target(to, directory_urls)
    rel = _between(parts, _parts(start))
    if folder:
        rel = "./" if rel == "." else rel.rstrip("/") + "/"
    return rel


WEB_SCHEMES = ("http", "https")


def safe_url(value, schemes: tuple[str, ...] = WEB_SCHEMES) -> str | None:
    """A URL from the data as a link may use it, or None: only the allowed schemes (http, https),
    with a host, no whitespace or control characters. The schemas refuse the rest already; this is
    the second line, for whatever reaches a template by another road."""
    if not isinstance(value, str) or not value or len(value) > 2000:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or not parts.netloc:
        return None
    return value


FOLDER_SECTIONS = {"calendar": "calendar/index.md", "sources": "sources/index.md"}


def section_of(src: str, record=None) -> str | None:
    """The section index a page belongs to: its folder's index (a volunteer team's page: the teams' index)."""
    if getattr(record, "is_team", False):
        return "teams/index.md"
    if "/" not in src:
        return None
    folder = src.split("/", 1)[0]
    if folder in FOLDER_SECTIONS:
        return FOLDER_SECTIONS[folder]
    pages = {rt.page.split("/", 1)[0] for rt in registry.record_types() if "/" in rt.page}
    return f"{folder}/index.md" if folder in pages else None
