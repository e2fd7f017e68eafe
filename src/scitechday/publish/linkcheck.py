"""Every internal link of a built site, checked against its files and element ids (scitechday check-links)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("data-anchor"):  # a heading on a later page, where site.js forwards a link to it (#st-elsewhere;
            self.ids.add(a["data-anchor"])  # the forwarding link itself is checked as any other)
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append(a[key])


def parse(path: Path) -> _Page:
    """Any bytes: a page that is not UTF-8 is read with replacement characters, never a traceback."""
    p = _Page()
    p.feed(path.read_bytes().decode("utf-8", errors="replace"))
    p.close()
    return p


def broken_links(site: Path) -> list[str]:
    """Every internal href/src of every page that points at no file (or no element id)."""
    pages = {p: parse(p) for p in site.rglob("*.html") if p.is_file() and not p.is_symlink()}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            try:
                parts = urlsplit(link)
            except ValueError:  # e.g. an unclosed IPv6 bracket: not a link anything can follow
                broken.append(f"{page.relative_to(site)} → {link[:200]} (not a valid URL)")
                continue
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "data:")):
                continue
            if not parts.path:
                target = page
            else:
                base = "" if parts.path.startswith("/") else page.parent.relative_to(site).as_posix()
                rel = posixpath.normpath(posixpath.join(base, unquote(parts.path, errors="replace").lstrip("/"))) or "."
                if rel.startswith(".."):
                    broken.append(f"{page.relative_to(site)} → {link} (outside the site)")
                    continue
                target = site / rel
                if parts.path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment, errors="replace") not in ids:
                    broken.append(f"{page.relative_to(site)} → {link} (no #{parts.fragment})")
    return broken
