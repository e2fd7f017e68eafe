"""A fast preview for `scitechday serve`: an edited record's page is rewritten in place in seconds.

A build, even in place, takes seconds to minutes for a national archive (publish/serving.py). When only
record files under data/ changed (edited, not added, removed or renamed, and editions.yml
untouched) and the data still validates, the edited records' own pages are rendered from a
small model — the edited records and the records their pages show (issuers, related notices,
profiles, editions, every organization) — and spliced into the served HTML between the
markers the hook puts around each generated page's content (title, description and JSON-LD
in the head too). The result is the page a full build makes (a test compares them byte for
byte). Anything else — a new or deleted file, docs/, mkdocs.yml, the theme, invalid data —
falls back to a build; pages that merely list an edited record (indexes, calendars,
organizations' lists) and the search index catch up at the next build, which serve asks
for once the editor pauses (see publish/serving.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from markupsafe import escape

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.archive.context import Context
from scitechday.data.load import Record, display_path
from scitechday.data.validate import validate
from scitechday.publish import stamp, urls
from scitechday.publish.render import Page

START, END = "<!--st:page-->", "<!--/st:page-->"


def mark(html: str) -> str:
    """The content of a generated page as the hook hands it to MkDocs: between markers."""
    return START + html + END


def snapshot(*roots: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime) of every file under the roots (a file root is itself)."""
    out = {}
    for root in roots:
        root = Path(root)
        if root.is_file():
            st = root.stat()
            out[str(root)] = (st.st_size, st.st_mtime_ns)
            continue
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                out[path] = (st.st_size, st.st_mtime_ns)
    return out


def changes(before: dict, after: dict) -> tuple[set[str], set[str], set[str]]:
    """(changed, added, removed) paths between two snapshots."""
    changed = {p for p in before.keys() & after.keys() if before[p] != after[p]}
    return changed, after.keys() - before.keys(), before.keys() - after.keys()


def _related(archive: model.Archive, rtype: str, rid: str) -> set[tuple[str, str]]:
    """(type, id) of the records the page of (rtype, rid) shows, from the last full model."""
    out: set[tuple[str, str]] = set()
    if rtype == "campaign":
        c = next((x for x in archive.campaigns if x.id == rid), None)
        if c is None:
            return out
        for other in [*(r.campaign for r in c.based_on if r.campaign), *c.basis_of,
                      *(a.notice for a in c.attachments if a.notice), *c.attached_to]:
            out.add(("campaign", other.id))
        out |= {("profile", p.id) for p in c.profiles}
        out |= {("profile", p.id) for p in archive.profiles if any(h.campaign is c for h in p.honors)}
    elif rtype == "organization":
        o = next((x for x in archive.organizations if x.id == rid), None)
        if o is None:
            return out
        campaigns = [*o.issued, *(a.campaign for a in o.organized + o.partnered), *(x.campaign for x in o.contacts),
                     *(r.campaign for r in o.roles if r.campaign), *o.sealed, *(h.campaign for h in o.honors_received)]
        if o.formed_in:
            campaigns.append(o.formed_in)
        out |= {("campaign", c.id) for c in campaigns}
        out |= {("profile", h.profile.id) for h in o.honors_conferred} | {("profile", p.id) for p in o.profiles}
    elif rtype == "profile":
        p = next((x for x in archive.profiles if x.id == rid), None)
        if p is None:
            return out
        out |= {("campaign", c.id) for c in p.mentioned_in} | {("campaign", h.campaign.id) for h in p.honors if h.campaign}
    return out


def _splice(path: Path, old: Page, new: Page, old_jsonld: str | None, new_jsonld: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END)
    head, tail = text[:start], text[end:]
    swaps: dict[str, str] = {}  # the head: <title>, description, og:, JSON-LD
    for before, after in ((escape(old.title), escape(new.title)), (old.title, new.title),
                          (escape(old.description), escape(new.description)), (old.description, new.description),
                          (old_jsonld, new_jsonld)):
        if before and after is not None and before != after:
            swaps.setdefault(str(before), str(after))  # a title with nothing to escape: its escaped pair
    if swaps:  # in one pass, longest first: a new title that holds the old one (a mark added) is not changed twice
        found = re.compile("|".join(map(re.escape, sorted(swaps, key=len, reverse=True))))
        head = found.sub(lambda m: swaps[m.group()], head)
    path.write_text(head + START + new.html + tail, encoding="utf-8")


def update(ctx: Context, changed: list[str], site_dir: Path, render, directory_urls: bool = True) -> list[str] | None:
    """Rewrite the served pages of the edited record files `changed` (absolute paths under ctx.data_dir);
    render(archive, entries) → pages, as the full build renders them (site.page_renderer).
    Returns the pages rewritten, or None when a full rebuild is needed. Updates ctx.records."""
    report = validate(ctx.data_dir)
    if not report.ok:
        return None
    by_path: dict[str, list[Record]] = {}
    for r in ctx.records:
        by_path.setdefault(r.path, []).append(r)
    before = [r for rs in by_path.values() for r in rs]
    edited: list[Record] = []
    for path in changed:
        shown = display_path(Path(path))
        if shown not in report.parsed or shown not in by_path:
            return None
        old, new = by_path[shown], report.parsed[shown]
        if [(r.type, r.id) for r in old] != [(r.type, r.id) for r in new] or any(r.type == "edition" for r in new):
            return None
        by_path[shown] = new
        edited += new
    wanted = {(r.type, r.id) for r in edited}
    for r in edited:
        wanted |= _related(ctx.archive, r.type, r.id)
    records = [r for rs in by_path.values() for r in rs]
    keys = {(r.type, r.id) for r in edited}
    # the pages as served (the head's title, description and JSON-LD to replace) and as they are now
    served, fresh = _pages(before, keys, wanted, render), _pages(records, keys, wanted, render)
    written = []
    for src, page in fresh.items():
        dest = site_dir / stamp.dest_of(src, directory_urls)
        if src not in served or not dest.is_file():
            return None
        was = served[src]
        _splice(dest, was, page, was.meta.get("jsonld"), page.meta.get("jsonld"))
        written.append(src)
    ctx.records[:] = records
    return written


def _pages(records: list[Record], keys: set[tuple[str, str]], wanted: set[tuple[str, str]], render) -> dict[str, Page]:
    """The pages of the records `keys`, rendered from a small model: those records, the records their pages show
    (wanted) and every organization and edition. The same pages as a full build's (tests/test_preview.py)."""
    subset = [r for r in records if r.type in ("organization", "edition") or (r.type, r.id) in wanted]
    small = model.build(subset)
    mine = lambda objs: [o for o in objs if (type_of(o), o.id) in keys]  # noqa: E731
    # render only the edited records' pages: their objects still link to the whole small model
    view = model.Archive({"campaign": mine(small.campaigns), "organization": mine(small.organizations),
                          "profile": mine(small.profiles), "edition": []})
    targets = {urls.src_of(obj) for obj in [*view.campaigns, *view.organizations, *view.profiles]}
    return {p.src: p for p in render(view, cal.entries(view)) if p.src in targets}


def type_of(obj) -> str:
    return {model.Campaign: "campaign", model.Organization: "organization", model.Profile: "profile",
            model.Edition: "edition"}[type(obj)]


class Watcher:
    """What `serve` remembers between builds, and the decision fast preview or build."""

    def __init__(self):
        self.ctx: Context | None = None
        self.data: dict = {}
        self.other: dict = {}
        self.roots: tuple = ()

    def built(self, ctx: Context, data_dir: Path, *other_roots: Path) -> None:
        """After a full build's data was read: remember the context and what the files looked like."""
        self.ctx, self.roots = ctx, (Path(data_dir), *[Path(r) for r in other_roots if r and Path(r).exists()])
        self.data, self.other = snapshot(self.roots[0]), snapshot(*self.roots[1:])

    def try_update(self, site_dir: Path, render, directory_urls: bool = True) -> list[str] | None:
        """The pages rewritten in place, or None when a build is needed."""
        if self.ctx is None or snapshot(*self.roots[1:]) != self.other:
            return None
        now = snapshot(self.roots[0])
        changed, added, removed = changes(self.data, now)
        if added or removed or not changed:
            return None
        written = update(self.ctx, sorted(changed), Path(site_dir), render, directory_urls)
        if written is not None:
            self.data = now
        return written
