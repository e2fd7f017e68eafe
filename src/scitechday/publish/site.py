"""Building the site: data → validated records → archive → pages → MkDocs → search index."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from scitechday.archive.context import Context
from scitechday.archive.dependencies import Skipped
from scitechday.data.schema import tables
from scitechday.publish import feeds, incremental, opendata, outdir, plans, search, servemode, stamp, urls
from scitechday.publish import sources as source_texts
from scitechday.publish.render import PARTS, SEARCHED, Page, render_parts, render_site
from scitechday.publish.repo import Repo

ENV_DATA = "SCITECHDAY_DATA"
ENV_TIMINGS = "SCITECHDAY_TIMINGS"  # print the build's step timings
ENV_TIMINGS_JSON = "SCITECHDAY_TIMINGS_JSON"  # append them to this file as JSON lines (benchmarks)
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # when mkdocs.yml sets none
SERVED: list = []  # serve: the build context of the last build in this process, for its fast preview (serving.py)


def keep_for_serve(ctx: Context) -> None:
    """While serving, the build's context outlives it: the fast preview of the next edit renders from it."""
    if servemode.serving():
        SERVED[:] = [ctx]


def say_warnings(ctx: Context) -> None:
    """The validation's warnings, in the terminal of a build or serve: an editor who only builds never saw them (a
    theme cut at " #" was published cut). They stop nothing: whatever validates builds."""
    from scitechday.data.problems import format_problems

    warnings = [p for p in ctx.report.problems if p.level == "warning"]
    if warnings:
        print(f"数据校验有 {len(warnings)} 个警告（网站照常生成，请核对）：\n{format_problems(warnings, 'text')}",
              file=sys.stderr)


def data_dir_for(config_file: str | None) -> Path:
    """--data (passed through the environment), else data/ beside mkdocs.yml."""
    if os.environ.get(ENV_DATA):
        return Path(os.environ[ENV_DATA])
    return Path(config_file or "mkdocs.yml").resolve().parent / "data"


@dataclass
class Generated:
    pages: list  # rendered HTML pages (and dependencies.Skipped placeholders in an incremental build)
    files: dict[str, bytes | Skipped]  # other published files: calendars, feeds, the open data package
    # (Skipped: a calendar or feed file an incremental build did not make)
    members: dict  # the compressed open data files' gzip members (publish/gzmembers.py), by path
    opendata: dict | None  # the open data's layout, for the next build (publish/opendata.py; None: not compressed)
    plans: plans.Plans  # what the listing pages, calendars and feeds were rendered from (incremental.facts reads them)


def source_date_epoch(root: Path) -> str:
    """The one rule for the build date (iCalendar DTSTAMP, sitemap lastmod), whichever command builds:
    SOURCE_DATE_EPOCH when it is set to a number, else the last commit's time, else 0.
    `scitechday build` and `mkdocs build` (through the hook's on_config) both set it here."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit() and len(value) <= 12:
        return value
    value = _source_date_epoch(root)
    os.environ["SOURCE_DATE_EPOCH"] = value
    return value


def build_stamp(root: Path | None = None) -> dt.datetime:
    """The build's timestamp (iCalendar DTSTAMP): see source_date_epoch, so that builds are reproducible."""
    epoch = source_date_epoch(root) if root is not None else os.environ.get("SOURCE_DATE_EPOCH", "0")
    return dt.datetime.fromtimestamp(int(epoch) if epoch.isdigit() and len(epoch) <= 12 else 0,
                                     tz=dt.timezone.utc)


def page_meta(page: Page) -> dict:
    """What the hook hands MkDocs as page.meta: every value already escaped (Markup), so that a
    theme template printing it as it is (Material's base.html does) cannot be made to run script.
    jsonld is Markup as it is: jsonld.script() escapes <, > and & as JSON \\u escapes."""
    meta = {"title": escape(page.title)}
    if page.description:
        meta["description"] = escape(page.description)
    for key, value in page.meta.items():  # strings escaped; switches such as `hide: [toc]` pass as they are
        meta[key] = Markup(value) if key == "jsonld" else (escape(value) if isinstance(value, str) else value)
    return meta


def plan(ctx: Context, site_url: str) -> plans.Plans:
    """The build's plans (publish/plans.py), each made once when first asked for: incremental.facts and
    generate share them."""
    return plans.of(ctx.archive, ctx.entries, site_url, build_stamp(Path(ctx.data_dir).resolve().parent))


def site_url_of(config) -> str:
    return config.site_url or DEFAULT_SITE_URL


def generate(ctx: Context, site_url: str, directory_urls: bool = True, repo: Repo | None = None,
             wanted=None, previous: opendata.Previous | None = None, planned: plans.Plans | None = None,
             rendered=None, suffix: str | None = None, first: dict[str, list] | None = None,
             texts: dict | None = None) -> Generated:
    """Every generated page and file, from the build context.

    The original texts are read from sources/ beside data/; repo: where 编辑此页 and 纠错 lead;
    wanted: only these record, listing and calendar month pages and calendar and feed files (an incremental
    build, see render_site, feeds.calendars and feeds.atom_feeds); previous: the last build into the same folder, whose
    open data this one's is made from (publish/opendata.py); planned: the build's plans for this site_url
    (plan), when it has them already; rendered: called with the pages once they are rendered (generate_for
    marks them there; an incremental build then writes them and starts its search index), which is once the
    open data is made: the download page, rendered last, states each file's size. The open data is
    compressed in a thread while the pages render (zlib releases the GIL). suffix: the open data files'
    suffix (export.suffix_of), when the caller assumes it (an incremental build: the last build's, its
    files then tell whether it held): the open data is then made after the pages, beside the search index;
    first: the parts of the pages rendered already (render.render_parts; an incremental build's record pages);
    texts: sources/ as read_sources read it, when the caller has it already."""
    from concurrent.futures import ThreadPoolExecutor

    run = ctx.timings.run
    if planned is None:
        planned = run("plans", lambda: plan(ctx, site_url).made())
    shown = [(t, len(ctx.rows[t.name].values)) for t in tables()]  # the open data's tables, as the pages list them
    if texts is None:
        texts = run("source texts", lambda: read_sources(ctx))

    done = first or {}
    later = ("downloads",)  # the download page names each open data file's size: rendered once they are made

    def make_package():
        packing = run("open data", lambda: opendata.prepare(ctx.records, ctx.rows, ctx.report.digests, previous))
        return packing, pool.submit(packing.run)

    def render(suffix: str, parts: list[str], sizes: dict[str, int] | None = None) -> dict[str, list]:
        return render_parts(ctx.archive, ctx.entries, site_url, shown, directory_urls, texts, repo,
                            opendata_suffix=suffix, wanted=wanted, planned=planned, parts=parts, opendata_sizes=sizes)

    def pages_with(suffix: str) -> dict[str, list]:
        return run("render pages", lambda: render(suffix, [n for n in PARTS if n not in done and n not in later]))

    def all_pages(parts: dict[str, list], suffix: str, package: dict) -> list:
        parts = {**parts, **run("download page", lambda: render(suffix, [n for n in later if n not in done],
                                                                packing.sizes(package)))}
        pages = [page for name in PARTS for page in (done[name] if name in done else parts[name])]
        if rendered is not None:
            rendered(pages)
        return pages

    with ThreadPoolExecutor(1) as pool:
        if suffix is None:  # compressed while the pages render, and done before the calendars are made: its
            # raw files (~300 MB at national scale) are let go of before the calendars' 170 MB are held too
            packing, packed = make_package()
            parts = pages_with(packing.suffix)
            package, _ = run("open data (compressing)", packed.result)
            pages = all_pages(parts, packing.suffix, package)
        else:  # an incremental build: the pages first, so that the search index starts sooner
            parts = pages_with(suffix)
            packing, packed = make_package()
        files = run("calendars", lambda: feeds.calendars(ctx.archive, ctx.entries, site_url, planned.stamp, wanted,
                                                          planned.calendars))
        files.update(run("atom feeds", lambda: feeds.atom_feeds(ctx.archive, site_url, planned.stamp, wanted,
                                                                planned.atom)))
        if suffix is not None:
            package, _ = run("open data (compressing)", packed.result)
            pages = all_pages(parts, suffix, package)
    files.update({f"opendata/{name}": data for name, data in package.items()})
    return Generated(pages, files, {f"opendata/{name}": index for name, index in packing.members.items()},
                     packing.layout, planned)


def generate_for(config, ctx: Context, wanted=None, previous: opendata.Previous | None = None,
                 planned: plans.Plans | None = None, rendered=None, suffix: str | None = None,
                 first: dict[str, list] | None = None, texts: dict | None = None) -> Generated:
    """generate() with a MkDocs configuration's settings, each page's content between the markers
    that stamping, the incremental build and serve's preview splice at (preview.mark); first: the parts
    render_first rendered already (marked there)."""
    marked_before = {id(p) for part in (first or {}).values() for p in part}

    def marked(pages: list) -> None:
        _mark([p for p in pages if id(p) not in marked_before])
        if rendered is not None:
            rendered(pages)

    return generate(ctx, *_settings(config), wanted=wanted, previous=previous, planned=planned, rendered=marked,
                    suffix=suffix, first=first, texts=texts)


def generate_full(config, ctx: Context) -> Generated:
    """generate_for(), for the hook's full build. When the build indexes as it goes (search.ANNOUNCE: set by
    `scitechday build`, or search.begin_own), the record pages first (render_first), their content handed to the
    search index (search.Stream, search.write_input; search.Early), which then runs beside the rest of the build:
    each notice bundle as soon as its pages are rendered. Under `scitechday build`, their HTML is then let go of
    (incremental.set_aside); serve's preview rewrites pages from it."""
    if not search.ANNOUNCE:
        return generate_for(config, ctx)
    run = ctx.timings.run
    planned = plan(ctx, site_url_of(config))  # the edition pages ask for the notice listings' plan
    texts = run("source texts", lambda: read_sources(ctx))
    lang, directory_urls = language(config), config.use_directory_urls
    notices: list[tuple[str, int | None]] = [(stamp.dest_of(urls.src_of(c), directory_urls), c.year)
                                             for c in ctx.archive.campaigns]  # as Renderer.notices makes them
    stream = search.Stream(config.site_dir, lang, notices) if search.Stream.wanted(notices) else None

    def set_aside(pages: list) -> None:  # their HTML let go of: read back from the input when written (Page.stored)
        if pages and search.deferred():
            dests = [search_entry(p, directory_urls)[0] for p in pages]
            incremental.set_aside(pages, search.input_files(config.site_dir, dests, lang))

    def made(page: Page) -> None:
        if stream is not None and page.meta.get("search"):
            set_aside(stream.add(*search_entry(page, directory_urls), page))

    first = render_first(config, ctx, texts, planned=planned, made=made)
    searched = [p for part in first.values() for p in part if isinstance(p, Page) and p.meta.get("search")]

    def hand_over() -> None:
        written = stream.written if stream is not None else set()
        entries = [(*search_entry(p, directory_urls), p) for p in searched]
        pages = search.write_input(config.site_dir, [(dest, year, "" if dest in written else p.html)
                                                     for dest, year, p in entries], lang, stream)
        search.ANNOUNCE[0]("pages", pages)
        set_aside([p for dest, _year, p in entries if dest not in written])

    run("search input", hand_over)
    run("plans", planned.made)
    return generate_for(config, ctx, planned=planned, first=first, texts=texts)


def search_entry(page: Page, directory_urls: bool) -> tuple[str, int | None]:
    """A searched page as the index takes it (search.bundles): its HTML file, and its notice's year (Page.meta["search"];
    None for the other records). The hook lists the pages so, and generate_full hands them over so: the two must agree."""
    year = page.meta["search"]
    return stamp.dest_of(page.src, directory_urls), year if isinstance(year, int) and not isinstance(year, bool) else None


def language(config) -> str:
    """The language Material writes into every page's <html lang> (its partials/language.html)."""
    template = '{% import "partials/language.html" as lang with context %}{{ lang.t("language") }}'
    return config.theme.get_env().from_string(template).render(config=config)


def _settings(config) -> tuple[str, bool, Repo | None]:
    """What the pages are rendered with from a MkDocs configuration: the site's address, directory URLs,
    the repository 编辑此页 and 纠错 lead to (generate's site_url, directory_urls, repo)."""
    return site_url_of(config), config.use_directory_urls, Repo.from_config(config.repo_url, config.edit_uri)


def read_sources(ctx: Context) -> dict:
    """The original texts in sources/ beside the data (publish/sources.py)."""
    return source_texts.read(Path(ctx.data_dir).parent / "sources")


def render_first(config, ctx: Context, texts: dict, wanted=None, planned: plans.Plans | None = None,
                 made=None) -> dict[str, list]:
    """The record pages (render.SEARCHED: every page the search indexes) with a MkDocs configuration's
    settings, marked as generate_for marks them: what an incremental build renders first, so that the
    search index of the bundles they made stale starts sooner; generate_for(first=…) renders the rest.
    texts: read_sources. made: called with each page once it is rendered and marked."""
    def marked(page: Page) -> None:
        _mark([page])
        if made is not None:
            made(page)

    site_url, directory_urls, repo = _settings(config)
    return ctx.timings.run("render record pages", lambda: render_parts(
        ctx.archive, ctx.entries, site_url, (), directory_urls, texts, repo, wanted=wanted, planned=planned,
        parts=SEARCHED, made=marked))


def _mark(pages: list) -> None:
    from scitechday.publish import preview

    for p in pages:
        if isinstance(p, Page):
            p.html = preview.mark(p.html)  # once, so that MkDocs and the hook share one string per page


def page_renderer(data_dir: Path, site_url: str, directory_urls: bool = True, repo: Repo | None = None):
    """render(archive, entries) → pages, with the arguments generate() gives render_site (serve's preview)."""
    texts = source_texts.read(Path(data_dir).parent / "sources")
    return lambda archive, entries: render_site(archive, entries, site_url, [], directory_urls, texts, repo)


def _source_date_epoch(root: Path) -> str:
    """A fixed build date (sitemap lastmod) so that one commit always gives the same bytes."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return out.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return "0"


def _environment(config_file: str, data_dir: Path | None) -> None:
    """What the hooks read from the environment: the data folder, the build date; no EOL banner."""
    if data_dir is not None:
        os.environ[ENV_DATA] = str(Path(data_dir).resolve())
    source_date_epoch(Path(config_file).resolve().parent)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def config_of(config_file: str, data_dir: Path | None, out_dir: Path | None = None, **overrides):
    """MkDocs' configuration, with what the hooks read from the environment set (the data folder, the build date)."""
    from mkdocs.config import load_config

    _environment(config_file, data_dir)
    if out_dir is not None:
        overrides["site_dir"] = str(Path(out_dir).resolve())
    return load_config(config_file, **overrides)


def build(config_file: str = "mkdocs.yml", data_dir: Path | None = None, out_dir: Path | None = None,
          directory_urls: bool = True, clean: bool = False, isolate: bool = False, warn_local: bool = False,
          strict: bool | None = None) -> Path:
    """Build the site into out_dir: in place when only the data changed since the last build there
    (publish/incremental.py), else (or with clean) from scratch; then the search index.

    isolate: write the pages in a child process, and index them once it has exited (`scitechday
    build`): the pages, the model and MkDocs' objects are then gone while Pagefind, which needs
    the memory, runs. Only for a single-threaded caller (the child is forked). warn_local: say so when the
    site is built for the local address (no SITE_URL: `scitechday build`, not a preview). strict: MkDocs' strict mode
    as mkdocs.yml sets it, unless given (serve: False, as MkDocs' own serve)."""
    import gc

    fixed_mmap_threshold()  # (the hook's on_config too: `mkdocs build`, serve)
    config = config_of(config_file, data_dir, out_dir, use_directory_urls=directory_urls,
                       **({} if strict is None else {"strict": strict}))
    if warn_local and site_url_of(config) == DEFAULT_SITE_URL:
        print(f"注意：没有设置 SITE_URL，订阅源、日历、站点地图和分享卡片里的网址都指向 {DEFAULT_SITE_URL}，只适合在本机预览。"
              "发布前请设置网站的地址，如：SITE_URL=https://example.org/ scitechday build", file=sys.stderr)
    early: list[search.Early] = []  # a full build's search index, begun while it builds (generate_full)
    begin = search.announcer(config.site_dir, early)
    search.ANNOUNCE[:] = [begin]
    try:
        try:
            pending = _in_child(_write_pages, config, clean, [], on_search=begin) if isolate else _write_pages(config, clean)
        except BaseException:
            for index in early:
                index.stop()
            if not early:  # the build failed as it wrote the search input, before it could hand it over
                search.abandon(config.site_dir)
            raise
        finally:
            search.ANNOUNCE.clear()
            gc.unfreeze()  # what the build kept out of the collector's sight (context.keep_for_build)
            outdir.remove(config.site_dir)  # the old output a clean build moved aside, now that the new one is written
        for index in early:
            index.release()  # the build's memory is gone (isolate) or let go of: Pagefind may use both cores
        if pending is None or pending.reindex or not all(index.complete for index in early):
            for index in early:
                index.stop()
            early.clear()
        if pending is not None:
            if not pending.indexed:  # Pagefind is still to run: it needs the memory
                _release_memory()
            try:
                pending.finish(config, early[0] if early else None)
            except BaseException:  # Ctrl-C while the index is made: no Pagefind left writing, nothing hidden left
                for index in early:
                    index.stop()
                raise
            if pending.timings is not None:
                report_timings(pending.timings)
    finally:
        outdir.wait()
    return Path(config.site_dir)


def _write_pages(config, clean: bool, hold: list | None = None):
    """Every page and file of the site, but for the search index: incremental.Pending, or None. hold: see
    _update."""
    from mkdocs.commands.build import build as mkdocs_build

    if not clean and stamp.enabled():
        pending = _update(config, hold)
        if pending is not None:
            return pending
    incremental.forget(config.site_dir)
    os.environ[search.ENV_DEFER] = "1"
    try:
        mkdocs_build(config)  # the hooks' on_pre_build moves the old output aside (outdir.clear; build removes it)
    finally:
        os.environ.pop(search.ENV_DEFER, None)
    pending, search.PENDING[:] = search.PENDING[:], []
    written, incremental.PENDING[:] = incremental.PENDING[:], []
    if not pending:
        return None
    site_dir, pages, timings = pending[0]
    announced = search.announced(site_dir)
    stale = announced is not None and announced != pages  # a searched page outside render.SEARCHED: the index
    # begun while the build ran misses it, and is made again from the built pages (site.build)
    # the state is stored here (in the build's child process: the parent is handed no more than the
    # search pages); it counts once the search index is made and the output folder listed (Pending.finish)
    token = incremental.save(config, written[0], search.bundles(pages)) if written else None
    return incremental.Pending(site_dir, pages, None, timings, token=token, reindex=stale)


def _in_child(fn, *args, on_search=None):
    """fn(*args) in a forked child process; its result (pickled) or its exception, here. on_search: called here
    with what the child hands search.ANNOUNCE (the bundles and pages to index, while the child goes on)."""
    import multiprocessing
    import traceback

    from mkdocs.exceptions import Abort

    def child(conn):
        search.ANNOUNCE[:] = [lambda kind, what: conn.send(("search", kind, what))]
        try:
            conn.send(("ok", fn(*args)))
        except Abort as err:
            conn.send(("abort", str(err)))
        except BaseException as err:  # noqa: BLE001 — handed to the parent, which raises it
            conn.send(("error", f"{type(err).__name__}: {err}", traceback.format_exc()))
        finally:
            conn.close()

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=child, args=(send,))
    process.start()
    send.close()
    try:
        message = receive.recv()
        while message[0] == "search":
            if on_search is not None:
                on_search(*message[1:])
            message = receive.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        message = None
    except BaseException:  # on_search failed, or the build was interrupted: the child goes too
        process.kill()
        process.join()
        raise
    process.join()
    if message is None:
        message = ("error", f"the build process ended with exit code {process.exitcode}", "")
    if message[0] == "ok":
        return message[1]
    if message[0] == "abort":
        raise Abort(message[1])
    if os.environ.get("SCITECHDAY_DEBUG"):
        print(message[2], file=sys.stderr)
    raise RuntimeError(message[1])


def _update(config, hold: list | None = None):
    """The incremental build: its Pending search index when the site in config.site_dir was brought
    up to date in place, None when it needs a clean build. hold: a list the build context and what was
    made from it are left in, alive (in `scitechday build`'s child process, which ends without freeing
    them: that took 0.3 s at national scale)."""

    from mkdocs.exceptions import Abort

    from scitechday.archive import context

    loaded = incremental.load(config)
    if loaded is None:
        return None
    state, untouched = loaded
    data_dir = data_dir_for(config.config_file_path)
    try:
        ctx = context.compute(data_dir, keep=True)  # kept out of the collector's sight until the build ends
    except context.DataError as err:
        raise Abort(str(err)) from None
    keep_for_serve(ctx)
    say_warnings(ctx)
    try:
        return _update_from(config, ctx, state, untouched, hold)
    finally:
        ctx.wait_saved()  # the validation cache, written beside the build


def _update_from(config, ctx, state: dict, untouched, hold: list | None):
    """_update, once the build context is computed."""
    import gc

    if not untouched():  # the output folder was changed (or removed) since the last build
        gc.unfreeze()  # this context is dropped: a clean build computes its own
        return None
    run = ctx.timings.run
    if hold is not None:
        hold.append(ctx)
    known = run("record dependencies", lambda: incremental.record_facts(ctx))
    update = incremental.Update(config, state, page_meta, ctx.timings)
    try:
        # the record pages first: the search index of the bundles they made stale starts beside the rest
        planned = plan(ctx, site_url_of(config))  # the edition pages ask for the notice listings' plan
        texts = run("source texts", lambda: read_sources(ctx))  # once, for both renderings
        first = render_first(config, ctx, texts, incremental.wanted_records(state, known), planned)
        update.records([p for part in first.values() for p in part], known)
        if update.failed:
            return None
        run("plans", planned.made)
        facts = run("dependencies", lambda: incremental.facts(ctx, planned, last=state.get("facts"), known=known))
        generated = generate_for(config, ctx, wanted=incremental.wanted(state, facts),
                                 previous=opendata.Previous(config.site_dir, state.get("facts") or {}), planned=planned,
                                 rendered=lambda pages: update.pages(pages, facts),
                                 suffix=incremental.opendata_suffix(state), first=first, texts=texts)
        facts["members"], facts["opendata"] = generated.members, generated.opendata
        if hold is not None:
            hold += [state, known, first, planned, facts, generated, update]
        return update.files(generated, facts)
    except BaseException:
        update.abandon()  # no Pagefind left writing into the folder
        raise


def _glibc():
    """The C library's malloc tuning calls, or None where the C library is not glibc."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def fixed_mmap_threshold() -> None:
    """Keep glibc's mmap threshold at its default (128 KB). glibc raises it to the size of each large block
    freed (up to 32 MB); blocks under it come from the heap, which keeps the holes they leave. The open
    data's members (1 MB, compressed in a thread: publish/gzmembers.py) then left 250 MB more resident
    at national scale (1.90 GB instead of 1.60 GB peak, in three builds with it and one without)."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD


def _release_memory() -> None:
    """Collect, and hand freed heap back to the system (glibc keeps it otherwise)."""
    import gc

    gc.collect()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def report_timings(timings) -> None:
    """Print the build's steps (--timings) and append them for benchmarks/build.py."""
    import json

    if os.environ.get(ENV_TIMINGS):
        print("各步骤用时：\n" + timings.table(), file=sys.stderr)
    if os.environ.get(ENV_TIMINGS_JSON):  # when each step ran, to place memory peaks
        with open(os.environ[ENV_TIMINGS_JSON], "a", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"step": n, "start": a, "end": b}) + "\n" for n, a, b in timings.spans)
