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

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scitechday.publish import pagefind_order

PAGES_PER_BUNDLE = 1000
ENV_BUNDLE = "SCITECHDAY_SEARCH_BUNDLE"  # overrides PAGES_PER_BUNDLE (benchmarks, tests)
MANIFEST = "search-bundles.json"
DIRECTORY = "组织机构、人物与届次"  # what the merged bundles hold, as the search page's 搜索范围 names it
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
    limit = _limit(limit)
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
                        label=(f"{span}的通知" + (f"，以及{DIRECTORY}" if i == 0 else "")) if span else DIRECTORY,
                        notices=f"{span}的通知" if span else DIRECTORY,  # searched alone (site.js)
                        years=[first, last] if years else None, merged=False, pages=files))
    if not whole:
        out += _directory_bundles(others, limit)
    return out


def _limit(limit: int | None = None) -> int:
    """The pages of a notice bundle: limit, else SCITECHDAY_SEARCH_BUNDLE, else PAGES_PER_BUNDLE."""
    return limit or int(os.environ.get(ENV_BUNDLE) or PAGES_PER_BUNDLE)


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
    label = DIRECTORY
    return [dict(path="pagefind-directory/" if n == 1 else f"pagefind-directory-{i + 1}/",
                 label=label if n == 1 else f"{label}（{i + 1}/{n}）", notices=None, years=None, merged=True, pages=part)
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
_kept: set[str] = set()  # output folders whose last bundles write_input kept aside for the build that runs


def _bundle_folders(site: Path) -> list[str]:
    """The names of the search bundles' folders in an output folder ([] when there is none yet)."""
    try:
        return [e.name for e in os.scandir(site) if e.name.startswith("pagefind") and e.is_dir(follow_symlinks=False)]
    except OSError:
        return []


def keep_bundles(site_dir: str | Path) -> None:
    """Before a clean build empties the output folder (MkDocs' clean, outdir.clear): move the last build's
    search bundles into a hidden folder in it, which both leave alone. Each bundle is then indexed into its
    last folder (_pagefind), as an incremental build does: Pagefind skips a hashed file that exists (its
    name vouches for its content) and so compresses again (gzip at its best level) only what changed;
    pagefind_order.prune removes what the new index does not name. run() removes what is left."""
    site = Path(site_dir)
    if str(site.resolve()) in _kept:  # by write_input, for the build that runs: the seed is in use
        _kept.discard(str(site.resolve()))
        return
    found = _bundle_folders(site)
    seed = site / SEED
    shutil.rmtree(seed, ignore_errors=True)  # left by a build that stopped
    if found:
        seed.mkdir()
        for name in found:
            os.rename(site / name, seed / name)


_running: set = set()  # the Pagefind processes running (Early.stop ends them)


def _pagefind(site_dir: Path, options: dict) -> None:
    """Run Pagefind with its options in a pagefind.json (a bundle's glob is longer than a command line may be),
    into the bundle's last folder when keep_bundles kept it; options["output_path"] (absolute): the bundle's
    folder elsewhere than site_dir/output_subdir (Early's)."""
    if "output_path" in options:
        bundle = Path(options["output_path"])
    else:
        bundle, seed = Path(site_dir) / options.get("output_subdir", "pagefind"), Path(site_dir) / SEED
        if not bundle.exists() and (seed / bundle.name).is_dir():
            os.rename(seed / bundle.name, bundle)
    # one jemalloc arena: a 1,000-notice bundle peaked at 443 MB instead of 541 MB, in the same time
    env = {"_RJEM_MALLOC_CONF": "narenas:1", **os.environ}
    with tempfile.TemporaryDirectory(prefix="scitechday-pagefind-") as cwd:
        Path(cwd, "pagefind.json").write_text(json.dumps({"site": str(Path(site_dir).resolve()), **options}),
                                              encoding="utf-8")
        process = subprocess.Popen([*_command(), "--quiet"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
        _running.add(process)
        try:
            out, err = process.communicate()
        finally:
            _running.discard(process)
    if process.returncode != 0:
        raise RuntimeError(f"pagefind failed: {err or out}")
    pagefind_order.stabilize(bundle)  # reproducible builds
    pagefind_order.prune(bundle)  # an incremental build indexes into the bundle's last folder


def _command() -> list[str]:
    """Pagefind's binary, found as its Python package finds it (the extended build, pinned in the lock files),
    run directly: `python -m pagefind` only starts Python to exec it (0.06 CPU-seconds a run, eleven runs at
    national scale)."""
    from pagefind.service import get_executable

    binary = get_executable()
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]


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
        made: list[dict] = [dict(path="pagefind/", label="全部", notices="全部", years=None, merged=False, pages=[])]
    else:
        made = bundles(pages)
        chosen = [b for b in made if only is None or b["path"] in only]
        todo = [_options(b) for b in _largest_first(site_dir, chosen)]
        _run_all(site_dir, todo)
    _done(site_dir, made)
    return made


def _options(bundle: dict) -> dict:
    return {"glob": _glob(bundle["pages"]) if bundle["pages"] else "index.html",  # no pages yet: still the scripts
            "output_subdir": bundle["path"].rstrip("/")}


def _done(site_dir: Path, made: list[dict]) -> None:
    """Once every bundle is made: the list of bundles, and the last build's bundles this one did not make gone."""
    shutil.rmtree(site_dir / SEED, ignore_errors=True)
    manifest = [{k: b[k] for k in ("path", "label", "notices", "years", "merged")} for b in made]
    (site_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


INPUT = ".scitechday-search-input"  # in the output folder, while a full build runs: what Early indexes
TAIL = "</body></html>"  # after each page's content there (head: before it)
# the parts of a page the templates mark data-pagefind-ignore between these markers (the lists of other records on
# a record's page, its sources): Pagefind reads and drops them, so the input leaves them out (_cut)
IGNORED = re.compile(r"<!--st:noindex-->.*?<!--/st:noindex-->", re.S)
ANNOUNCE: list = []  # set for the build that runs: [called with ("bundle", a bundle whose input is written: Stream)
# as the record pages are rendered, then ("pages", the pages to index) once every searched page's input is: see Early]


def head(lang: str) -> str:
    """What a searched page's content is wrapped in for Early: Pagefind reads a page's language from its
    <html lang> and, the pages having data-pagefind-body, nothing else outside that element."""
    from markupsafe import escape

    return f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"></head><body>'


def write_input(site_dir: str | Path, pages: list[tuple[str, int | None, str]], lang: str,
                stream: Stream | None = None) -> list[tuple[str, int | None]]:
    """[(HTML file, year or None, the page's content)] → each content alone, as a page in INPUT; the last
    build's bundles linked into SEED (_link_seeds), to be indexed into. Returns the pages to index (see bundles).
    stream: the Stream that wrote the notices' bundles as they were rendered (the pages it wrote are not
    written again); when the bundles it handed over are not those of these pages, the index begun is
    taken as stale (announced: the build indexes its pages again)."""
    site = Path(site_dir)
    if stream is None:
        begin_input(site)
    written = stream.written if stream is not None else set()
    _write(site / INPUT, head(lang), [p for p in pages if p[0] not in written])
    out = [(dest, year) for dest, year, _html in pages]
    _announced[str(site.resolve())] = out if stream is None or stream.agrees(out) else STALE
    return out


def begin_input(site: Path) -> None:
    """INPUT made empty for a build's pages, and the last build's bundles linked into SEED (_link_seeds)."""
    site.mkdir(parents=True, exist_ok=True)
    _link_seeds(site)
    _kept.add(str(site.resolve()))  # the build's own keep_bundles (on_pre_build) then leaves the seed alone
    shutil.rmtree(site / INPUT, ignore_errors=True)  # left by a build that stopped
    _aside.clear()  # a build that did not set its pages aside (serve's, `mkdocs build`'s) left its own


def _cut(html: str) -> tuple[str, list[tuple[int, str]]]:
    """A page's content without the parts Pagefind drops (IGNORED); and those parts, each with the position in
    the rest where it stood."""
    rest: list[str] = []
    parts: list[tuple[int, str]] = []
    last = at = 0
    for m in IGNORED.finditer(html):
        rest.append(html[last:m.start()])
        at += m.start() - last
        parts.append((at, m.group()))
        last = m.end()
    rest.append(html[last:])
    return "".join(rest), parts


_aside: dict[str, tuple[str, tuple]] = {}  # an input file → where the parts cut from it wait (input_files)
_sides = itertools.count()


def _write(root: Path, start: str, pages: list[tuple[str, int | None, str]]) -> None:
    """Each page's content as a page of its own under root, without the parts Pagefind drops (_cut: a notice
    bundle's input is a third smaller, and Pagefind takes 5 % less time on it, for the same index). Those parts
    go into one file beside them (a page's content is read back whole: input_files, render.Page.content)."""
    made: set[str] = set()
    os.makedirs(root, exist_ok=True)
    side = root / f".aside-{os.getpid()}-{next(_sides)}"  # never a page: Pagefind reads the pages its glob names
    with open(side, "wb") as aside:
        for dest, _year, html in pages:
            folder = os.path.dirname(dest)
            if folder not in made:
                os.makedirs(root / folder, exist_ok=True)
                made.add(folder)
            rest, parts = _cut(html)
            with open(root / dest, "wb") as fh:
                fh.write((start + rest + TAIL).encode("utf-8"))
            cuts = []
            for at, text in parts:
                raw = text.encode("utf-8")
                cuts.append((at, aside.tell(), len(raw)))
                aside.write(raw)
            _aside[str(root / dest)] = (str(side), tuple(cuts))


class Stream:
    """A full build's notice bundles, each handed to the index (ANNOUNCE "bundle") as soon as its last page is
    rendered: Pagefind then starts a few seconds into the rendering of the record pages, not after it.

    A notice bundle holds the same pages whatever other pages the archive has, once the notices alone are
    more than a bundle (see bundles); so the bundles are planned from the notices the model will render
    (notices: [(HTML file, year)]), and write_input checks the plan against the pages rendered (agrees)."""

    def __init__(self, site_dir: str | Path, lang: str, notices: list[tuple[str, int | None]]):
        self.site, self.start = Path(site_dir), head(lang)
        self._bundle_of = {dest: b for b in bundles(notices) for dest in b["pages"]}
        self._held: dict[str, list] = {}  # a bundle's pages rendered so far, by its path
        self.sent: list[dict] = []
        self.written: set[str] = set()
        begin_input(self.site)

    @staticmethod
    def wanted(notices: list, limit: int | None = None) -> bool:
        """Whether the notices are enough to be planned alone (more than one bundle's pages)."""
        return len(notices) > _limit(limit)

    def add(self, dest: str, year: int | None, page) -> list:
        """A searched page, as it is rendered (page.html: its content): the pages whose content is written now,
        the bundle it completes (else [])."""
        bundle = self._bundle_of.get(dest)
        if bundle is None:
            return []
        held = self._held.setdefault(bundle["path"], [])
        held.append((dest, year, page))
        if len(held) < len(bundle["pages"]):
            return []
        del self._held[bundle["path"]]
        _write(self.site / INPUT, self.start, [(dest, year, page.html) for dest, year, page in held])
        self.written.update(dest for dest, _year, _page in held)
        self.sent.append(bundle)
        ANNOUNCE[0]("bundle", bundle)
        return [page for _dest, _year, page in held]

    def agrees(self, pages: list[tuple[str, int | None]]) -> bool:
        """Whether each bundle handed over is the one these pages make."""
        made = {b["path"]: b for b in bundles(pages)}
        return all(made.get(b["path"]) == b for b in self.sent)


def _link_seeds(site: Path) -> None:
    """The last build's bundles as SEED, for Early to index into (as keep_bundles makes it for a build that indexes
    at its end), but linked, not moved: each hashed file (fragments, word and filter indexes, metadata), which
    Pagefind skips when it exists and never writes again, is a hard link in SEED/<bundle>; the rest Pagefind
    writes anew there. The last site keeps its search until MkDocs empties the folder. A bundle whose files
    cannot be linked is made anew."""
    seed = site / SEED
    shutil.rmtree(seed, ignore_errors=True)  # left by a build that stopped
    for name in _bundle_folders(site):
        try:
            for pattern in pagefind_order.HASHED:
                folder = seed / name / Path(pattern).parent
                folder.mkdir(parents=True, exist_ok=True)
                for path in (site / name).glob(pattern):
                    os.link(path, folder / path.name)
        except OSError:  # no hard links here
            shutil.rmtree(seed / name, ignore_errors=True)


def input_files(site_dir: str | Path, dests: list[str], lang: str) -> list[tuple]:
    """Where write_input put each page's content, for render.Page.stored: (file, its first character, the
    characters after it, the file the parts cut from it went to, ((position, offset, length) of each part))."""
    root, start = Path(site_dir) / INPUT, len(head(lang))
    out = []
    for dest in dests:
        path = str(root / dest)
        out.append((path, start, len(TAIL), *_aside.pop(path)))
    return out


_own: list = []  # the index begun by a build that makes its index itself (begin_own)
_own_site: list = []  # that build's output folder, until its index is finished (finish_own)


def announcer(site_dir: str | Path, found: list):
    """What ANNOUNCE holds for a build whose index is begun in this process: the index (Early) made at the first
    word and kept in found, then told each (see ANNOUNCE)."""
    def announce(kind: str, what) -> None:
        if not found:
            found.append(Early(site_dir))
        found[0].take(kind, what)
    return announce


def begin_own(site_dir: str | Path) -> None:
    """For a build that makes its index itself, in its own process (`mkdocs build`, `serve`; not site.build):
    the index begun as the record pages are rendered (site.generate_full announces them) is this
    process's, finished by finish_own. One left by a build that failed is stopped first."""
    stop_own()
    _own_site[:] = [site_dir]
    ANNOUNCE[:] = [announcer(site_dir, _own)]


def stop_own() -> None:
    """A build that made its index itself failed or was interrupted (the hook's on_build_error, on_shutdown): the
    index begun beside it stopped, and its input and bundles gone, also when no bundle was handed over yet
    (Stream makes the input folder, and links the last bundles, before the first)."""
    ANNOUNCE.clear()
    for index in _own:
        index.stop()
    if not _own and _own_site:
        abandon(_own_site[0])
    _own.clear()
    _own_site.clear()


def finish_own(site_dir: str | Path, pages: list[tuple[str, int | None]]) -> list[dict]:
    """The index of these pages (see run): the one begun while the build ran when it was begun on them,
    else made now."""
    ANNOUNCE.clear()
    _own_site.clear()
    index = _own.pop() if _own else None
    said = announced(site_dir)
    if index is not None and said == pages and index.complete:
        return index.finish()
    if index is not None:
        index.stop()
    return run(site_dir, pages)


_announced: dict[str, list] = {}  # what write_input wrote, by output folder (announced() takes it)
STALE: list = [("", None)]  # announced when the bundles handed over as the pages were rendered (Stream) are not theirs


def announced(site_dir: str | Path) -> list | None:
    """The pages write_input wrote for the build into site_dir that runs in this process, once; None: none."""
    return _announced.pop(str(Path(site_dir).resolve()), None)


def abandon(site_dir: str | Path) -> None:
    """A build that began its index as it went (write_input) failed: the input and the bundles begun from it are
    removed (a run ended halfway may leave a file cut short under the name of its whole content). The last
    build's bundles were linked, not moved (_link_seeds): a build that fails before MkDocs empties the folder
    leaves the last site whole, its search too."""
    site = Path(site_dir)
    shutil.rmtree(site / INPUT, ignore_errors=True)
    shutil.rmtree(site / SEED, ignore_errors=True)
    _kept.discard(str(site.resolve()))


class Early:
    """The search index of a full build, begun as its record pages (render.SEARCHED) are rendered, while the
    build renders and writes the rest, instead of after it: each notice bundle once its pages are (Stream),
    the others once every record page is (take).

    Pagefind reads each searched page's content alone (write_input: INPUT, beside the output the build
    writes): its index of a page is byte for byte the one it makes from the whole page, as it reads only the
    data-pagefind-body element and the language (tests/test_search_early.py compares them). Each bundle is
    made in SEED (which the build's emptying of the folder leaves alone, and where _link_seeds linked the last
    build's bundles), one Pagefind run at a time while the build holds its memory; release() says the build
    has ended and lets jobs() run, the organization, profile and edition bundles then too (the largest
    runs). finish() waits, and moves the bundles into the site."""

    def __init__(self, site_dir: str | Path, pages: list[tuple[str, int | None]] | None = None):
        import threading
        import time

        self.site_dir = Path(site_dir)
        self.made: list[dict] = []
        self.todo: list[dict] = []
        self.taken: set[str] = set()  # the bundles handed over one by one (take "bundle")
        self.complete = False  # every bundle known (take "pages")
        self.started = time.time()
        self.limit, self.running, self.released, self.stopped = 1, 0, False, False
        self.error: BaseException | None = None
        self.indexed: list[dict] = []  # the bundles made before release(), whose input the build still reads
        self._removing: list = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._schedule, name="search-index-early", daemon=True)
        self._thread.start()
        if pages is not None:
            self.take("pages", pages)

    def take(self, kind: str, what) -> None:
        """What the build hands over (see ANNOUNCE): "bundle", a notice bundle whose input is written (Stream),
        run when its turn comes; "pages", every page to index, whose input is all written: the other bundles."""
        if kind == "bundle":
            with self._cond:
                self.todo.append(what)
                self.taken.add(what["path"])
                self._cond.notify_all()
            return
        made = bundles(what)
        # a bundle with no pages (an archive without notices) is Pagefind's scripts alone, made from the built
        # site in finish(): the input holds no page to run it on
        rest = [b for b in made if b["path"] not in self.taken and b["pages"]]
        notices = _largest_first(self.site_dir / INPUT, [b for b in rest if not b["merged"]])
        with self._cond:
            self.made, self.complete = made, True
            self.todo += notices + [b for b in rest if b["merged"]]
            self._cond.notify_all()

    def _schedule(self) -> None:
        import threading

        workers = []
        while True:
            with self._cond:
                while self._waits():
                    self._cond.wait()
                if not self.todo or self.stopped or self.error is not None:
                    break
                bundle = self.todo.pop(0)
                self.running += 1
            worker = threading.Thread(target=self._one, args=(bundle,), daemon=True)
            worker.start()
            workers.append(worker)
        for worker in workers:
            worker.join()

    def _waits(self) -> bool:
        """Whether the scheduler waits (under the lock): for more bundles, a free run, or release() (the merged
        bundles run once the build has ended); not once stopped or failed."""
        if self.stopped or self.error is not None:
            return False
        if not self.todo:
            return not self.complete
        return self.running >= self.limit or (self.todo[0]["merged"] and not self.released)

    def _one(self, bundle: dict) -> None:
        indexed = False
        try:
            with self._cond:
                if self.stopped:
                    return
            _pagefind(self.site_dir / INPUT, {**_options(bundle), "output_path": str(self._into(bundle))})
            indexed = True
        except BaseException as err:  # noqa: BLE001 — raised again by finish(), in the build's thread
            with self._cond:
                self.error = self.error or err
        finally:
            with self._cond:
                self.running -= 1
                read_still = not self.released
                if indexed and read_still:
                    self.indexed.append(bundle)
                self._cond.notify_all()
        if indexed and not read_still:  # after the next run has its turn: removing 8,000 pages' input takes 1.5 s
            self._remove_input(bundle)

    def _remove_input(self, bundle: dict) -> None:
        """A bundle's input, once it is indexed and the build has ended (its pages are read back from it:
        render.Page.stored), beside the runs left: removing a national build's at the end took seconds."""
        root = self.site_dir / INPUT
        for page in bundle["pages"]:
            try:
                os.remove(root / page)
                os.rmdir((root / page).parent)  # a page's own folder (notices/x/index.html)
            except OSError:
                pass

    def _into(self, bundle: dict) -> Path:
        return self.site_dir / SEED / bundle["path"].rstrip("/")

    def release(self) -> None:
        """The build has ended: jobs() runs at a time from now on."""
        import threading

        with self._cond:
            if self.released:
                return
            self.released, self.limit = True, jobs()
            # the merged bundles first: the longest runs, which waited for the memory; then the largest first,
            # so that the last to end are short
            self.todo = ([b for b in self.todo if b["merged"]]
                         + _largest_first(self.site_dir / INPUT, [b for b in self.todo if not b["merged"]]))
            self._cond.notify_all()
            indexed, self.indexed = self.indexed, []

        def remove() -> None:
            for b in indexed:
                self._remove_input(b)

        remover = threading.Thread(target=remove, daemon=True)
        remover.start()
        self._removing.append(remover)

    def stop(self) -> None:
        """The build failed, or its index is to be made from its pages: no new run, those running ended, the
        input removed, and the bundles in SEED too (a run ended halfway may leave a file cut short under
        the name of its whole content, which Pagefind would take as it is)."""
        with self._cond:
            self.stopped = True
            self._cond.notify_all()
        while self._thread.is_alive():  # a run that was starting as this began is ended too
            for process in list(_running):
                process.kill()
            self._thread.join(0.05)
        for remover in self._removing:
            remover.join()
        abandon(self.site_dir)

    def finish(self) -> list[dict]:
        """Until every bundle is made; then each moved into the site, the list of bundles written, the input
        removed. Returns the bundles."""
        if not self.complete:  # not every page was handed over: the build failed, and this was not stopped
            self.stop()
            raise RuntimeError("the search index was not handed every page")
        self.release()
        self._thread.join()
        for remover in self._removing:
            remover.join()
        if self.error is not None:
            abandon(self.site_dir)
            raise self.error
        for bundle in self.made:
            if not bundle["pages"]:
                _pagefind(self.site_dir, _options(bundle))
                continue
            target = self.site_dir / bundle["path"].rstrip("/")
            shutil.rmtree(target, ignore_errors=True)
            os.rename(self._into(bundle), target)
        _done(self.site_dir, self.made)
        shutil.rmtree(self.site_dir / INPUT, ignore_errors=True)
        return self.made
