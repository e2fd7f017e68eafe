"""Where each thing lives on the site, and relative links between pages.

A page is named by its source path (`notices/<id>.md`); with MkDocs' directory URLs
it is served at `notices/<id>/`. Links are relative so the site works under any base.
"""

from __future__ import annotations

import posixpath

from . import model


def src_of(obj) -> str:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, model.Campaign):
        return f"notices/{obj.id}.md"
    if isinstance(obj, model.Organization):
        return f"orgs/{obj.id}.md"
    if isinstance(obj, model.Profile):
        return f"profiles/{obj.id}.md"
    if isinstance(obj, model.Edition):
        return f"editions/{obj.id}.md"
    raise TypeError(f"no page for {obj!r}")


def month_src(year: int, month: int) -> str:
    return f"calendar/{year}/{month:02d}.md"


def year_src(year: int) -> str:
    return f"calendar/{year}/index.md"


def url_of(src: str) -> str:
    """notices/x.md → notices/x/ ; notices/index.md → notices/ ; index.md → '' (site root)."""
    stem = src[:-3] if src.endswith(".md") else src
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to: str | object, anchor: str = "") -> str:
    """A link from one page to another (or to a static file such as 'assets/x.css')."""
    target = to if isinstance(to, str) and not to.endswith(".md") else url_of(src_of(to))
    here = url_of(from_src) or "./"
    rel = posixpath.relpath(target or ".", here if here != "./" else ".")
    if target.endswith("/") or target == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel + (f"#{anchor}" if anchor else "")
