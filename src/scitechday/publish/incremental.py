"""Incremental builds: `scitechday build` into a site it built before rewrites only what changed.

A full build leaves a *build state* beside the validation cache (one marshal file per output folder):
a digest of everything besides data/ that shapes the site (the package's code and templates, the
hooks, mkdocs.yml, docs/, the theme overrides, the schemas, the locked JavaScript, the versions of
MkDocs, Material and Pagefind, the settings read from the environment), each generated page's
head and body digests and its shell class (publish/stamp.py), the tokenized shells themselves,
the digest of every other generated file, the search bundles' digests; and, in a file of its own
written once the search index is made, the size and mtime of every file in the output folder (a
full build lists the folder; an incremental one updates the last listing with what it wrote).

The next build, when nothing but the data and sources/ changed and nobody touched the output
folder, computes the build context (validation through its cache), renders the pages and makes
the calendar and Atom files that can have changed (archive/dependencies.py: the record, listing and
calendar month pages that show a changed record or whose inputs changed, the files that show one or
other records than last time; the others keep their last digests), and writes only those whose
digests changed: a stamped page from its class's stored shell, a page MkDocs rendered itself by
putting the new content between its markers (when its title, description and meta are unchanged).
Deleted pages and files are removed, the sitemap is rewritten when its pages or date changed, and
Pagefind re-indexes only the bundles whose pages changed. The record pages (render.SEARCHED: every
page the search indexes) are rendered and written first, so that Pagefind starts on them and runs on
the other core while the listing and calendar pages are planned, compared and rendered and the
calendars, feeds and open data made (Update). The open data is made from the last build's gzip
members and the records that changed (publish/opendata.py): its files that did not change are
neither made nor written.
The result is the site a clean build makes, byte for byte (tests/test_incremental.py compares
them). Anything else — a new class of page, a changed head on a page MkDocs renders, a different
environment, a missing or edited output file — falls back to a clean build.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import shutil
import stat
import time
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from scitechday.archive import dependencies
from scitechday.archive.dependencies import Skipped
from scitechday.data.validate.cache import default_dir
from scitechday.publish import calendar_pages, feeds, search, stamp, urls

VERSION = 8
ENV_VARS = ("SITE_URL", "SCITECHDAY_REPO_URL", "SCITECHDAY_EDIT_URI", "SCITECHDAY_SEARCH_BUNDLE", stamp.ENV_STAMP)
PACKAGE = Path(__file__).resolve().parents[1]
OPENDATA = "opendata/"
PENDING: list = []  # what the hook hands site.build after a full build: [Written]


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        b = p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


def head_of(page) -> str:
    """What the theme prints from a page besides its content (and whether Material adds a heading)."""
    meta = json.dumps({k: str(v) for k, v in sorted(page.meta.items())}, ensure_ascii=False)
    return digest(page.title, page.description, meta, "h1" if page.heading() else "")


def body_of(page) -> str:
    return page.known["body"] if page.known is not None else digest(page.html)


def search_digest(page) -> str:
    """What Pagefind indexes of a page: its content but for the lists of other records the templates
    mark data-pagefind-ignore between <!--st:noindex--> markers (an organization's page lists its
    notices: a retitled notice changes the page, not its index entry, so its bundle is not
    re-indexed)."""
    if page.known is not None:
        return page.known["search"]
    return digest(search.IGNORED.sub("", page.html)) if page.meta.get("search") else ""


def set_aside(pages: list, files: list[tuple]) -> None:
    """Let go of these pages' HTML, which waits in these files (render.Page.stored), keeping what the
    build needs of it before it writes them: about 300 MB of a national build's memory, while Pagefind runs
    beside it (site.generate_full)."""
    for page, where in zip(pages, files, strict=True):
        page.known = {"heading": page.heading(), "body": body_of(page), "search": search_digest(page)}
        page.stored, page.html = where, ""


def _tree_digest(h, root: Path) -> None:
    if root.is_file():
        h.update(root.name.encode() + b"\0" + root.read_bytes())
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = Path(folder, name)
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")


def environment(config) -> str:
    """A digest of everything besides the data that shapes the site."""
    root = Path(config.config_file_path).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{VERSION}|{config.site_url}|{config.use_directory_urls}|{config.site_dir}".encode())
    from scitechday.editing.admin import ENV_LOCAL_URL  # serve's web editor: its backend's address

    for name in (*ENV_VARS, ENV_LOCAL_URL):
        h.update(f"|{name}={os.environ.get(name, '')}".encode())
    for dist in ("mkdocs", "mkdocs-material", "pagefind", "jinja2", "markdown"):
        try:
            h.update(f"|{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{dist}=-".encode())
    for part in (PACKAGE, root / "hooks", Path(config.config_file_path), Path(config.docs_dir),
                 Path(config.theme.custom_dir or root / "overrides"), root / "schemas", root / "package-lock.json"):
        if part.exists():
            _tree_digest(h, part)
    return h.hexdigest()


def state_path(site_dir: str | Path) -> Path:
    """Where the state of the builds into site_dir is kept: in marshal's format (plain values only: what
    JSON holds, tuples and other types are never put in). At national scale (27 MB) it reads in 0.17 s and
    writes in 0.04 s; as JSON it took 0.37 s and 0.21 s of every incremental build."""
    where = str(Path(site_dir).resolve())
    return default_dir() / "build" / (hashlib.blake2b(where.encode(), digest_size=12).hexdigest() + ".state")


def outputs(site_dir: str | Path) -> dict[str, list[int]]:
    """[size, mtime_ns] of every file in the output folder, by its path relative to it."""
    out: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + "/")
                else:
                    st = entry.stat(follow_symlinks=False)
                    out[prefix + entry.name] = [st.st_size, st.st_mtime_ns]

    if os.path.isdir(site_dir):
        walk(str(site_dir), "")
    return out


@dataclass
class Written:
    """What a full build wrote, as the hook saw it (see stamp.write)."""
    pages: dict  # src → [dest, head digest, body digest, class key or None (rendered by MkDocs)]
    classes: dict  # class key → the shell's tokenized parts (stamp.tokenize)
    files: dict  # generated file path → digest
    sitemap: list  # canonical URLs of the pages that are not generated, in MkDocs' order
    facts: dict  # see facts()


_MONTH = re.compile(r"calendar/(\d{4})/(\d{2})(?:\.md|/)")


def record_facts(ctx) -> dict:
    """The part of facts() that the record pages are rendered by (an incremental build renders them first):
    each record's digest, which records each record page shows, a digest of sources/, which record each
    record page belongs to."""
    sources = Path(ctx.data_dir).parent / "sources"
    h = hashlib.blake2b(digest_size=16)
    if sources.is_dir():
        _tree_digest(h, sources)
    groups = {urls.src_of(o): dependencies.key(o) for rtype in dependencies.PAGED for o in ctx.archive.of_type(rtype)}
    return {"records": dependencies.record_digests(ctx.records, ctx.report.digests),
            "pages": dependencies.page_map(ctx.archive), "sources": h.hexdigest(), "groups": groups}


def facts(ctx, planned, members: dict | None = None, opendata: dict | None = None,
          last: dict | None = None, known: dict | None = None) -> dict:
    """What the next build compares to decide which pages to render and calendar and feed files to make
    (archive/dependencies.py): each record's digest, which records each record page and each
    calendar and Atom file shows (feeds.calendar_map, feeds.atom_map), the months each notice's
    entries fall in, what each listing page and each calendar month page shows (dependencies.listing_map,
    calendar_facts), a digest of sources/ (the build date, every event's DTSTAMP, is an "@" item of each
    calendar's list); which record each record page belongs to; the open data's gzip members and layout
    (publish/opendata.py). planned: the build's plans (publish/plans.py), which generate renders; last:
    the facts of the last build, if any; known: record_facts(ctx), when the caller has them."""
    out = {**(known or record_facts(ctx)), "months": dependencies.month_map(ctx.entries),
           "members": members or {}, "opendata": opendata,
           "files": {**feeds.calendar_map(planned.calendars, planned.stamp), **feeds.atom_map(planned.atom)},
           "listings": dependencies.listing_map({p.src: p.inputs() for p in planned.listings})}
    out["calendar"] = calendar_facts(planned.month_pages, out, last)
    return out


def calendar_facts(planned: calendar_pages.Plan, now: dict, last: dict | None) -> dict[str, dict]:
    """{"YYYY-MM": dependencies.calendar_map of the month's pages}: every month planned, or, after a last
    build (its facts), only the months whose pages can have changed (dependencies.months_to_plan), the
    others as the last build left them (which they are: nothing they show changed)."""
    before: dict = {}
    todo = None
    if last is not None and last.get("calendar"):
        before = last["calendar"]
        todo = dependencies.months_to_plan(dependencies.changed(last["records"], now["records"]), last["pages"],
                                           now["pages"], last["months"], now["months"])
    if todo is not None:  # a month that gained or lost a filter page: the ‹ › of that filter's nearest months
        for ym in [ym for ym in todo if ym in planned.index]:
            gone_or_new = calendar_pages.filter_keys_of(before.get(f"{ym[0]}-{ym[1]:02d}", {})) \
                ^ calendar_pages.filter_keys_of(planned.shown(ym))
            for key in gone_or_new:
                for step in (-1, 1):
                    j = planned.nearest_with(planned.index[ym], key, step)
                    if j is not None:
                        todo.add(planned.months[j])
                    elif 0 <= planned.index[ym] + step < len(planned.months):  # (where none has it: the month beside)
                        todo.add(planned.months[planned.index[ym] + step])
    out = {}
    for ym in planned.months:
        month = f"{ym[0]}-{ym[1]:02d}"
        if todo is None or ym in todo or month not in before:
            out[month] = planned.shown(ym)
        else:
            out[month] = before[month]
    return out


def group_of(src: str, facts: dict) -> str:
    """The group a page is rendered with: "type:id" of its record, "page:<src>" of a listing page,
    "month:YYYY-MM:<src>" of a calendar month's page, or "" (always rendered)."""
    if src in facts["groups"]:
        return facts["groups"][src]
    if src in facts.get("listings", {}):
        return f"page:{src}"
    m = _MONTH.match(src)
    if m and src in facts.get("calendar", {}).get(f"{m.group(1)}-{m.group(2)}", {}):
        return calendar_pages.group_of((int(m.group(1)), int(m.group(2))), src)
    return ""


def _changes(state: dict, now: dict):
    """(the last build's facts, the records changed since), or None when the sources beside the data changed."""
    before = state.get("facts")
    if not before or before["sources"] != now["sources"]:
        return None
    return before, dependencies.changed(before["records"], now["records"])


def wanted_records(state: dict, known: dict):
    """The record pages to render (dependencies.Wanted), or None for every page; known: record_facts."""
    found = _changes(state, known)
    return None if found is None else dependencies.wanted_records(found[1], found[0]["pages"], known["pages"])


def wanted(state: dict, now: dict):
    """The record, listing and calendar month pages to render and the calendar and feed files to make
    (dependencies.Wanted), or None for everything; now: facts."""
    found = _changes(state, now)
    if found is None:
        return None
    before, changes = found
    return dependencies.wanted(changes, before["pages"], now["pages"], before["files"], now["files"],
                               before.get("listings", {}), now.get("listings"), before.get("calendar", {}),
                               now.get("calendar"))


def _persisted(facts: dict) -> dict:
    return {k: v for k, v in facts.items() if k != "groups"}


def written(plan, shells: dict, others: list, files: dict, directory_urls: bool, facts: dict) -> Written:
    """The build state's view of a full build (called by the hook once the pages are written)."""
    keys = {p.src: s.key for s in plan.shells.values() for p in s.pages}
    pages = {}
    by_src = {p.src: p for p in plan.direct}
    by_src.update({p.src: p for s in plan.shells.values() for p in s.pages})
    for src in plan.order:
        page = by_src[src]
        pages[src] = [stamp.dest_of(src, directory_urls), head_of(page), body_of(page), keys.get(src),
                      group_of(src, facts), page.meta.get("search"), search_digest(page)]
    return Written(pages, shells, {path: digest(data) for path, data in files.items()}, others, _persisted(facts))


def save(config, written: Written, bundles: list[dict]) -> str:
    """Store a full build's state (before its search index is made: bundles are what search.run will
    make); returns its token, which the output listing written after the search index must carry."""
    state = {"version": VERSION, "env": environment(config), "pages": written.pages, "classes": written.classes,
             "files": written.files, "sitemap": written.sitemap, "facts": written.facts,
             "sitemap_digest": sitemap_digest(written.sitemap, list(written.pages)),
             "bundles": {b["path"]: bundle_digest(b, written.pages) for b in bundles}}
    return _store(config.site_dir, state)


def sitemap_digest(others: list[str], order: list[str]) -> str:
    """What sitemap.xml is made of besides the site's address (part of the environment): its pages in
    order and the build date."""
    from mkdocs.utils import get_build_date

    return digest(get_build_date(), *others, "", *order)


def _outputs_path(site_dir) -> Path:
    return state_path(site_dir).with_suffix(".outputs.json")


def _store(site_dir, state: dict) -> str:
    """Write the build state (whole or not at all: a build stopped halfway leaves the last one), with
    a new token; the output listing of the last build is removed first, so that the state counts only
    once the listing that matches it is written (store_outputs, after the search index)."""
    token = os.urandom(12).hex()
    path = state_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    _outputs_path(site_dir).unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(marshal.dumps({**state, "token": token}))
    os.replace(tmp, path)
    return token


def store_outputs(site_dir, token: str, listing: dict[str, list[int]]) -> None:
    """The output folder as the build left it ([size, mtime_ns] by path), for the state with this token."""
    path = _outputs_path(site_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"token": token, "outputs": listing}), encoding="utf-8")
    os.replace(tmp, path)


def rewritten(site_dir, srcs: list[str]) -> None:
    """Record pages rewritten outside a build (serve's fast preview splices an edited record's page in place): the
    state forgets their digests and their records' (so the next build renders them again, whether the edit stays or
    is undone, and writes them), and the stored listing follows the files, so that this build still updates the
    folder in place. A page the state does not know: the state is dropped (the next build is a clean one)."""
    state = load_state(site_dir)
    if state is None:
        return
    listing = state.pop("outputs")
    touched = []
    for src in srcs:
        entry = state["pages"].get(src)
        if entry is None or not isinstance(listing, dict):  # a page it does not know, or no listing of the folder
            forget(site_dir)
            return
        entry[1] = entry[2] = entry[6] = ""  # head, body and search digests
        if entry[4] in state["facts"]["records"]:
            state["facts"]["records"][entry[4]] = ""
        touched.append(entry[0])
    path = state_path(site_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(marshal.dumps(state))  # the same token: the listing below still goes with it
    os.replace(tmp, path)
    store_outputs(site_dir, state["token"], relisted(str(site_dir), listing, touched, []))


def forget(site_dir) -> None:
    for path in (state_path(site_dir), _outputs_path(site_dir)):
        path.unlink(missing_ok=True)


def load_state(site_dir) -> dict | None:
    """The build state as stored, with the output listing that matches it under "outputs" (no other
    checks; see load); None without both."""
    try:
        state = marshal.loads(state_path(site_dir).read_bytes())
        listing = json.loads(_outputs_path(site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError, EOFError, TypeError):  # marshal's answers to a damaged or foreign file
        return None
    if not isinstance(state, dict) or not isinstance(listing, dict) or listing.get("token") != state.get("token"):
        return None
    state["outputs"] = listing.get("outputs")
    return state


def load(config):
    """The state of the last full build into this folder, if the site may be updated from it, and
    untouched(): whether the output folder is as that build left it (nobody changed or removed a file).
    The folder is listed and compared in a forked process meanwhile (53,000 files at national scale:
    0.7 s, and 2 s in a thread starved by the caller, which computes the build context beside it); or None."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    state = load_state(config.site_dir)
    if state is None or state.get("version") != VERSION or state.get("env") != environment(config):
        return None
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    listing = pool.submit(_same_listing, str(config.site_dir), state["outputs"])

    def untouched() -> bool:
        try:
            return listing.result()
        except Exception:  # noqa: BLE001 — the folder could not be listed: not untouched
            return False
        finally:
            pool.shutdown()

    return state, untouched


def _same_listing(site_dir: str, listing: dict) -> bool:
    return outputs(site_dir) == listing


def bundle_digest(bundle: dict, pages: dict) -> str:
    """A search bundle's inputs: its path, and its pages' files and indexed content (search_digest).
    Not their heads: every indexed page names its title in its body (data-pagefind-meta="title"),
    and Pagefind reads nothing else of the head (a profile's JSON-LD names the notices it cites)."""
    by_dest = {v[0]: v for v in pages.values()}
    return digest(bundle["path"], *(f"{p}|{by_dest[p][6]}" for p in bundle["pages"]))


def _write(site_dir: str, rel: str, data: str | bytes) -> None:
    path = os.path.join(site_dir, rel)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@dataclass
class Pending:
    """What is left once the pages, files and build state of a full build are written: the search index,
    then the listing of the output folder that goes with the state (its token). site.build runs it once
    the memory is freed. (An incremental build is done when it hands one over: Update.files.)"""
    site_dir: str
    search_pages: list  # [(HTML file, year or None)]
    only: set | None  # the bundles to index (None: all)
    timings: object = None
    token: str | None = None  # the stored state's (None: no state, e.g. no search pages)
    indexed: bool = False  # the search index is made already, and the listing stored (an incremental build)
    reindex: bool = False  # the index begun while the build ran (search.Early) is void: made from the pages

    def finish(self, config, early=None) -> None:
        """early: the search index begun while the build ran (search.Early), when it was."""
        if self.indexed:
            return
        if early is not None:
            _timed(self.timings, "search index (waiting)", early.finish)
            if self.timings is not None:  # the whole run, beside the steps it ran with
                self.timings.steps["search index"] = time.time() - early.started  # type: ignore[attr-defined]
                self.timings.spans.append(("search index", early.started, time.time()))  # type: ignore[attr-defined]
        else:
            run = lambda: search.run(self.site_dir, self.search_pages, only=self.only)  # noqa: E731
            run() if self.timings is None else self.timings.run("search index", run)  # type: ignore[attr-defined]
        if self.token is not None:
            store_outputs(self.site_dir, self.token, outputs(self.site_dir))


def relisted(site_dir: str, listing: dict[str, list[int]], touched: list[str], folders: list[str]) -> dict:
    """outputs(site_dir), from the last listing and what a build changed: the files it wrote or removed
    (listed again, or dropped), and folders it made anew (dropped and walked). A file written that is
    not named here makes the listing differ from the folder: the next build is then a clean one."""
    prefixes = tuple(f.rstrip("/") + "/" for f in folders)
    out = {k: v for k, v in listing.items() if not (prefixes and k.startswith(prefixes))}
    for rel in touched:
        out.pop(rel, None)
        try:
            st = os.lstat(os.path.join(site_dir, rel))
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(st.st_mode):
            out[rel] = [st.st_size, st.st_mtime_ns]
    for folder in prefixes:
        for rel, entry in outputs(os.path.join(site_dir, folder)).items():
            out[folder + rel] = entry
    return out


class Update:
    """Bring the site built from `state` up to a new build's output in place, in three steps: `records`, once
    the record pages are rendered (render.SEARCHED: every page the search indexes; those that changed are
    written, and the index of the bundles they made stale starts beside the rest of the build:
    search.Indexing), `pages`, once every page is, then `files` (the calendars, feeds and open data;
    removals, the sitemap, the new state), which returns what is left (Pending), or None when only a clean
    build can (see the module's docstring), then with nothing left running."""

    def __init__(self, config, state: dict, meta_of, timings=None):
        self.config, self.state, self.meta_of, self.timings = config, state, meta_of, timings
        self.new_pages: dict[str, list] | None = None  # None: not yet, or a clean build is needed
        self.failed = False  # a clean build is needed
        self.seen: dict[str, list] = {}  # the new state's entry of each page rendered and seen so far, by source
        self.touched: list[str] = []  # every path written or removed
        self.listing: dict | None = None  # the last build's output listing, once writing began
        self.search_pages: list[tuple[str, int | None]] = []  # [(HTML file, year or None)]
        self.bundles: dict[str, str] = {}  # the search bundles' digests, by path
        self.stale: set[str] = set()  # the bundles indexed again
        self.gone: list[str] = []  # the bundles removed
        self.indexing: search.Indexing | None = None
        self._kept: dict[str, list[str]] | None = None

    def records(self, pages: list, facts: dict) -> None:
        """The record pages, rendered first (render.render_parts of render.SEARCHED, in order; facts:
        record_facts): the changed ones written, and the index of the bundles they made stale started."""
        if self._see(pages, facts):
            self._index(self._in_order(pages))

    def pages(self, pages: list, facts: dict) -> None:
        """Every page, in order (those passed to `records` among them): the changed ones written, and the
        index started if `records` has not."""
        if self._see([p for p in pages if isinstance(p, Skipped) or p.src not in self.seen], facts):
            self.new_pages = self._in_order(pages)
            for src, before in self.state["pages"].items():
                if src not in self.new_pages:
                    stamp.remove(self.config.site_dir, before[0])
                    self.touched.append(before[0])
            if self.indexing is None:
                self._index(self.new_pages)
            elif _searched(self.new_pages) != self.search_pages:  # a searched page outside render.SEARCHED
                self.failed = True

    def _kept_pages(self) -> dict[str, list[str]]:
        """group → its pages in the last build, in order."""
        if self._kept is None:
            self._kept = defaultdict(list)
            for src, entry in self.state["pages"].items():
                if entry[4]:
                    self._kept[entry[4]].append(src)
                    month = dependencies.month_of(entry[4])
                    if month:  # a calendar month's page: kept with the whole month too
                        self._kept[month].append(src)
        return self._kept

    def _in_order(self, pages: list) -> dict[str, list]:
        """The new state's entries of these pages (a Skipped group's: the last build's), in order."""
        old_pages, kept = self.state["pages"], self._kept_pages()
        out: dict[str, list] = {}
        for page in pages:
            if isinstance(page, Skipped):  # not rendered: unchanged since the last build
                for src in kept.get(page.group, []):
                    out[src] = old_pages[src]
            else:
                out[page.src] = self.seen[page.src]
        return out

    def _see(self, pages: list, facts: dict) -> bool:
        """Each rendered page's entry in the new state (self.seen); those that changed written. False (and
        nothing written) when a clean build is needed: a page of a new class, a page MkDocs renders with a
        new head."""
        if self.failed:
            return False
        config = self.config
        directory_urls = config.use_directory_urls
        site_url = config.site_url or ""
        old_pages, classes = self.state["pages"], self.state["classes"]
        nav = stamp.nav_folders(stamp.nav_sources(config.nav), directory_urls)
        work: list[tuple[str, object, str | None]] = []  # (dest, page, class key or None)
        seen: dict[str, list] = {}
        for page in pages:
            if isinstance(page, Skipped):
                continue
            head, body = head_of(page), body_of(page)
            before = old_pages.get(page.src)
            if before is not None and before[3] is None:  # rendered by MkDocs: only its content may change
                if before[1] != head:
                    self.failed = True
                    return False
                key = None
            else:
                key = repr(stamp.class_of(page, self.meta_of(page), directory_urls, nav))
                if key not in classes or (before is None and _needs_mkdocs(page, config)):
                    self.failed = True
                    return False
            dest = stamp.dest_of(page.src, directory_urls)
            seen[page.src] = [dest, head, body, key, group_of(page.src, facts), page.meta.get("search"),
                              search_digest(page)]
            if before is None or before[1:4] != [head, body, key]:
                work.append((dest, page, key))
        self.seen.update(seen)
        site_dir = config.site_dir

        def write_pages():
            for dest, page, key in work:
                if key is None:
                    path = os.path.join(site_dir, dest)
                    with open(path, encoding="utf-8") as fh:
                        text = fh.read()
                    a, b = text.index(stamp.START), text.index(stamp.END) + len(stamp.END)
                    _write(site_dir, dest, text[:a] + page.html + text[b:])
                else:
                    _write(site_dir, dest, stamp.fill(classes[key], page, stamp.canonical(site_url, page.src, directory_urls)))
                self.touched.append(dest)

        if self.listing is None:
            self.listing = self.state.pop("outputs")
            forget(site_dir)  # from here on, the folder is not what the state says until the new state is stored
        _timed(self.timings, "write pages", write_pages)
        return True

    def _index(self, entries: dict[str, list]) -> None:
        """Start the search index of the bundles whose pages (among these new entries) changed (their folders
        are kept: Pagefind skips the hashed files that exist, the unchanged pages' fragments, compressed again
        otherwise, and search.run removes those its new index does not name); remove the bundles that are gone."""
        self.search_pages = _searched(entries)
        self.bundles = {b["path"]: bundle_digest(b, entries) for b in search.bundles(self.search_pages)}
        self.stale = {path for path, d in self.bundles.items() if self.state["bundles"].get(path) != d}
        self.gone = sorted(path for path in self.state["bundles"] if path not in self.bundles)
        for path in self.gone:
            shutil.rmtree(os.path.join(self.config.site_dir, path), ignore_errors=True)
        self.indexing = search.Indexing(self.config.site_dir, self.search_pages, self.stale, self.timings)

    def abandon(self) -> None:
        """Nothing left running: the clean build that follows starts from an output folder no process writes to."""
        if self.indexing is not None:
            try:
                self.indexing.wait()
            except Exception:  # noqa: BLE001 — the clean build indexes anew
                pass

    def files(self, generated, facts: dict) -> Pending | None:
        """The calendars, feeds and open data of `generated` (site.Generated) written, the new state stored,
        the search index made: what is left (Pending), or None (a clean build is needed)."""
        state, site_dir = self.state, self.config.site_dir
        if self.failed or self.new_pages is None:
            self.abandon()
            return None
        if _opendata(generated.files) != _opendata(state["files"]):  # published compressed now, or no longer
            self.abandon()
            return None
        new_files = {}
        for path, data in generated.files.items():
            if isinstance(data, Skipped):  # not made: unchanged since the last build
                if path not in state["files"]:
                    self.abandon()
                    return None
                new_files[path] = state["files"][path]
            else:
                new_files[path] = digest(data)

        def write_files():
            for path, d in new_files.items():
                if state["files"].get(path) != d:
                    _write(site_dir, path, generated.files[path])
                    self.touched.append(path)
            for path in state["files"]:
                if path not in new_files:
                    stamp.remove(site_dir, path)
                    self.touched.append(path)

        _timed(self.timings, "write files", write_files)
        order = list(self.new_pages)
        mapped = sitemap_digest(state["sitemap"], order)
        if state.get("sitemap_digest") != mapped:  # the same pages in the same order on the same date: unchanged
            stamp.sitemap(self.config.theme.get_env(),
                          stamp.sitemap_entries(state["sitemap"], order, self.config.site_url or "",
                                                self.config.use_directory_urls), site_dir)
            self.touched += ["sitemap.xml", "sitemap.xml.gz"]
        state.update(pages=self.new_pages, files=new_files, bundles=self.bundles, facts=_persisted(facts),
                     sitemap_digest=mapped)
        token = _store(site_dir, state)  # a new token
        assert self.indexing is not None and self.listing is not None
        _timed(self.timings, "search index (waiting)", self.indexing.wait)
        # the listing, here: in `scitechday build`'s child process, which holds the last one already
        listing = self.listing
        _timed(self.timings, "output listing", lambda: store_outputs(site_dir, token, relisted(
            site_dir, listing, [*self.touched, search.MANIFEST], sorted(set(self.gone) | self.stale))))
        return Pending(site_dir, self.search_pages, self.stale, self.timings, token=token, indexed=True)


def _searched(entries: dict[str, list]) -> list[tuple[str, int | None]]:
    """The pages to index among these new entries: [(HTML file, notice year or None)]."""
    return [(entry[0], entry[5] if isinstance(entry[5], int) else None) for entry in entries.values() if entry[5]]


def _opendata(files) -> set[str]:
    return {path for path in files if path.startswith(OPENDATA)}


def opendata_suffix(state: dict) -> str:
    """The suffix of the last build's open data files (export.suffix_of): the download page names it."""
    return ".gz" if any(path.endswith(".gz") for path in _opendata(state["files"])) else ""


def _timed(timings, name: str, fn) -> None:
    if timings is None:
        fn()
    else:
        timings.run(name, fn)


def _needs_mkdocs(page, config) -> bool:
    """A new page that a clean build would hand MkDocs itself (see stamp.plan)."""
    return page.src in stamp.direct_sources([page], stamp.nav_sources(config.nav), config.use_directory_urls)
