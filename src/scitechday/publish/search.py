"""The Pagefind search index: only notice, organization, profile and edition pages, in bundles of
bounded size.

Pagefind holds every indexed word of a run in memory (about 0.6 KB per word occurrence: some
0.5 GB per 1,000 notices of 3,000 characters), so one run over a national archive needs
about 8 GB. A large archive is therefore indexed in bundles, two Pagefind runs at a time (see
jobs; the largest first), and an edit re-indexes only its bundle, into the bundle's folder
(pagefind_order.prune):
- the notices by year, newest first, whole years up to PAGES_PER_BUNDLE (1,000) pages a bundle:
  `pagefind/` holds the newest years, older ones go to `pagefind-<first>-<last>/` (or
  `pagefind-<year>/`);
- the organization, profile and edition pages (small pages) in `pagefind-directory/`, or for ten
  times as many, several (`pagefind-directory-<n>/`): "merged".
`search-bundles.json` lists them. The search page searches the newest notices together with the
merged bundles (Pagefind's mergeIndex), or the notices of the year a query names (e.g. the 2019 of
连科协〔2019〕31号) or of the years chosen in 搜索范围; so a first search downloads those bundles' files only.
A small archive is one bundle at `pagefind/`, as before.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scitechday.publish import pagefind_order

PAGES_PER_BUNDLE = 1000
ENV_BUNDLE = "SCITECHDAY_SEARCH_BUNDLE"  # overrides PAGES_PER_BUNDLE (benchmarks, tests)
MANIFEST = "search-bundles.json"
ENV_JOBS = "SCITECHDAY_SEARCH_JOBS"  # Pagefind runs at a time (default: 2, or 1 on a single core)
ENV_DEFER = "SCITECHDAY_DEFER_SEARCH"  # set by site.build: index after MkDocs returns, not in on_post_build
PENDING: list = []  # what the hook leaves to site.build when deferred: [(site_dir, pages, timings)]


def deferred() -> bool:
    return bool(os.environ.get(ENV_DEFER))


def bundles(pages: list[tuple[str, int | None]], limit: int | None = None) -> list[dict]:
    """[(path of the HTML file, year of the notice or None for other pages)] → the bundles:
    [{path, label, years: [first, last] or None, merged, pages: [...]}]. Deterministic.

    An archive of at most `limit` pages is one bundle at pagefind/. A larger one: the notices by
    year, newest first (pagefind/ holds the newest), each bundle whole years up to `limit` pages;
    then the organization, profile and edition pages (merged: true; see _directory_bundles), a
    page's bundle chosen by a digest of its path (so that a record added or removed leaves the
    other pages where they are). The search page merges those with
    pagefind/, so a first search covers the newest notices and every other record, and an edit to
    one record re-indexes only its own bundle."""
    limit = limit or int(os.environ.get(ENV_BUNDLE) or PAGES_PER_BUNDLE)
    others = sorted(p for p, year in pages if year is None)
    by_year: dict[int, list[str]] = {}
    for p, year in pages:
        if year is not None:
            by_year.setdefault(year, []).append(p)
    whole = len(pages) <= limit
    groups: list[list[int]] = []
    size = len(others) if whole else 0
    for year in sorted(by_year, reverse=True):
        if groups and size + len(by_year[year]) > limit:
            groups.append([])
            size = 0
        if not groups:
            groups.append([])
        groups[-1].append(year)
        size += len(by_year[year])
    out = []
    for i, years in enumerate(groups or [[]]):
        first, last = (min(years), max(years)) if years else (None, None)
        files = sorted(p for y in years for p in by_year[y]) + (others if i == 0 and whole else [])
        span = (f"{first}年" if first == last else f"{first}—{last}年") if years else ""
        out.append(dict(path="pagefind/" if i == 0 else f"pagefind-{first}/" if first == last else f"pagefind-{first}-{last}/",
                        label=(f"{span}的通知" + ("，以及组织机构、人物与届次" if i == 0 else "")) if span
                        else "组织机构、人物与届次",
                        years=[first, last] if years else None, merged=False, pages=files))
    if not whole:
        out += _directory_bundles(others, limit)
    return out


DIRECTORY_FACTOR = 10  # organization, profile and edition pages per bundle: this many times the notices'


def _directory_bundles(others: list[str], limit: int) -> list[dict]:
    """The organization, profile and edition pages in bundles of at most about DIRECTORY_FACTOR × limit
    pages (one at national scale: 8,000 pages), a page's bundle chosen by a digest of its path. Each is
    merged into the default search, and each merged bundle costs a first search its own index chunk
    per word (about 35 KB gzipped at national scale), so they are few and large; their pages are small."""
    import hashlib

    n = -(-len(others) // (limit * DIRECTORY_FACTOR))
    parts: list[list[str]] = [[] for _ in range(n)]
    for p in others:
        parts[int.from_bytes(hashlib.blake2b(p.encode(), digest_size=8).digest(), "big") % n].append(p)
    label = "组织机构、人物与届次"
    return [dict(path="pagefind-directory/" if n == 1 else f"pagefind-directory-{i + 1}/",
                 label=label if n == 1 else f"{label}（{i + 1}/{n}）", years=None, merged=True, pages=part)
            for i, part in enumerate(parts)]


def _escape(name: str) -> str:
    for ch in "\\{},[]*?":
        name = name.replace(ch, "\\" + ch)
    return name


def _glob(files: list[str]) -> str:
    """One glob for a bundle's pages, each named (`notices/{a,b}/index.html`): a folder also holds
    pages of other bundles, and listing pages (which carry no data-pagefind-body)."""
    groups: dict[tuple[str, str], list[str]] = {}
    for f in files:
        folder, _, rest = f.partition("/")
        name, suffix = (rest[:-len("/index.html")], "/index.html") if rest.endswith("/index.html") else (rest, "")
        groups.setdefault((folder, suffix), []).append(_escape(name))
    parts = [f"{_escape(folder)}/{{{','.join(sorted(names))}}}{suffix}" for (folder, suffix), names in sorted(groups.items())]
    return parts[0] if len(parts) == 1 else "{" + ",".join(parts) + "}"


SEED = ".scitechday-search-seed"  # in the output folder, while a clean build runs: the last build's bundles


def keep_bundles(site_dir: str | Path) -> None:
    """Before a clean build empties the output folder (MkDocs' clean, outdir.clear): move the last build's
    search bundles into a hidden folder in it, which both leave alone. Each bundle is then indexed into its
    last folder (_pagefind), as an incremental build does: Pagefind skips a hashed file that exists (its
    name vouches for its content) and so compresses again (gzip at its best level) only what changed;
    pagefind_order.prune removes what the new index does not name. run() removes what is left."""
    site = Path(site_dir)
    try:
        found = [e.name for e in os.scandir(site) if e.name.startswith("pagefind") and e.is_dir(follow_symlinks=False)]
    except OSError:  # no output folder yet
        return
    seed = site / SEED
    shutil.rmtree(seed, ignore_errors=True)  # left by a build that stopped
    if found:
        seed.mkdir()
        for name in found:
            os.rename(site / name, seed / name)


def _pagefind(site_dir: Path, options: dict) -> None:
    """Run Pagefind with its options in a pagefind.json (a bundle's glob is longer than a command line may be),
    into the bundle's last folder when keep_bundles kept it."""
    bundle, seed = Path(site_dir) / options.get("output_subdir", "pagefind"), Path(site_dir) / SEED
    if not bundle.exists() and (seed / bundle.name).is_dir():
        os.rename(seed / bundle.name, bundle)
    with tempfile.TemporaryDirectory(prefix="scitechday-pagefind-") as cwd:
        Path(cwd, "pagefind.json").write_text(json.dumps({"site": str(Path(site_dir).resolve()), **options}),
                                              encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind", "--quiet"], capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed: {result.stderr or result.stdout}")
    pagefind_order.stabilize(bundle)  # reproducible builds
    pagefind_order.prune(bundle)  # an incremental build indexes into the bundle's last folder


def jobs() -> int:
    """How many Pagefind runs at a time. Pagefind parses a bundle's pages on one thread (html5ever's
    parser cannot cross threads), so two bundles at once use two cores; each holds its own bundle's
    words in memory, and bundles are bounded (PAGES_PER_BUNDLE), so two stay within budget."""
    value = os.environ.get(ENV_JOBS, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return 2 if (os.cpu_count() or 1) > 1 else 1


def _largest_first(site_dir: Path, chosen: list[dict]) -> list[dict]:
    """The bundles by the bytes of their pages, largest first: with two runs at a time, a long run
    started last would finish alone (the directory bundle, 8,000 pages, took 11 s of the last 15 s
    of a national index on one core while the other idled)."""
    def size(b: dict) -> int:
        total = 0
        for p in b["pages"]:
            try:
                total += os.path.getsize(site_dir / p)
            except OSError:
                pass
        return total

    return sorted(chosen, key=lambda b: -size(b)) if len(chosen) > 1 else chosen  # stable for equal sizes


def _run_all(site_dir: Path, todo: list[dict]) -> None:
    """Run Pagefind for each bundle, jobs() at a time, in the order given. The output does not
    depend on the order."""
    if jobs() == 1 or len(todo) < 2:
        for options in todo:
            _pagefind(site_dir, options)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(jobs()) as pool:
        for future in [pool.submit(_pagefind, site_dir, options) for options in todo]:
            future.result()


class Indexing:
    """run() in a thread: an incremental build starts the index of the bundles its pages made stale, and
    makes the calendars, feeds and open data (which Pagefind does not read) meanwhile, on the other core."""

    def __init__(self, site_dir: str | Path, pages: list[tuple[str, int | None]], only: set[str], timings=None):
        import threading

        self.error: BaseException | None = None
        call = lambda: run(site_dir, pages, only=only)  # noqa: E731
        self._thread = threading.Thread(target=self._run, args=(call if timings is None else
                                                                 lambda: timings.run("search index", call),),
                                        name="search-index", daemon=True)
        self._thread.start()

    def _run(self, call) -> None:
        try:
            call()
        except BaseException as err:  # noqa: BLE001 — raised again by wait(), in the build's thread
            self.error = err

    def wait(self) -> None:
        """Until the index is made; its error, if any, raised here."""
        self._thread.join()
        if self.error is not None:
            raise self.error


def run(site_dir: str | Path, pages: list[tuple[str, int | None]] | None = None,
        only: set[str] | None = None) -> list[dict]:
    """Index the built site. pages: the HTML files to index (see bundles); None indexes every page
    (a build without the hook's list); only: index just these bundles (by path; an incremental build).
    Writes search-bundles.json; returns the bundles."""
    site_dir = Path(site_dir)
    if pages is None:
        _pagefind(site_dir, {})
        made: list[dict] = [dict(path="pagefind/", label="全部", years=None, pages=[])]
    else:
        made = bundles(pages)
        chosen = [b for b in made if only is None or b["path"] in only]
        todo = [{"glob": _glob(b["pages"]) if b["pages"] else "index.html",  # no pages yet: still the scripts
                 "output_subdir": b["path"].rstrip("/")} for b in _largest_first(site_dir, chosen)]
        _run_all(site_dir, todo)
    shutil.rmtree(site_dir / SEED, ignore_errors=True)  # the last build's bundles this one did not make
    manifest = [{k: b[k] for k in ("path", "label", "years", "merged")} for b in made]
    (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return made
