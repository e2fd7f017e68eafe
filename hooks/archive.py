"""MkDocs hooks: a thin adapter from MkDocs events to the scitechday package.

The package loads, validates, models and renders the data (it knows nothing of
MkDocs); this file only adds the rendered pages to the build in memory — nothing is
written into docs/ — and runs the search indexer afterwards. `scitechday serve` builds through
`scitechday build`'s path (publish/serving.py: in place, with the fast preview); plain `mkdocs serve`
rebuilds everything on each change.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from scitechday.archive import context
from scitechday.editing import admin
from scitechday.publish import incremental, outdir, search, servemode, site, stamp
from scitechday.publish.repo import Repo, fill

log = logging.getLogger("mkdocs.hooks.archive")
_pages: dict = {}
_files: dict = {}
_timings: list = []
_highlighted: list = []
_search: list = []  # (HTML file, notice year or None) of the pages to index
_ctx: list = []  # [the build context] until `scitechday build`'s pages are written (its validation cache)
_plan: list = []  # [stamp.Plan, files] of this build, when pages are stamped from shells
_facts: list = []  # [incremental.facts] of this build's data (scitechday build)


def on_config(config):
    site.fixed_mmap_threshold()
    # the build date rule `scitechday build` uses too, so that both write the same DTSTAMP and sitemap
    site.source_date_epoch(Path(config.config_file_path or "mkdocs.yml").resolve().parent)
    data_dir = site.data_dir_for(config.config_file_path)
    try:
        # `scitechday build`: the context lives until the build ends (kept out of the collector's sight)
        ctx = context.compute(data_dir, keep=search.deferred())
    except context.DataError as err:
        if not servemode.serving():
            raise Abort(str(err)) from None
        generated, ctx = servemode.failed(err.problems), None  # serve: the problems on every page
    else:
        site.keep_for_serve(ctx)
        site.say_warnings(ctx)
        if not search.deferred():  # mkdocs build, serve: the search index begun beside the build here too
            search.begin_own(config.site_dir)
        generated = site.generate_full(config, ctx)
        servemode.succeeded(generated)
        if search.deferred() and stamp.enabled():  # `scitechday build`: what the next build compares with
            _facts[:] = [incremental.facts(ctx, generated.plans, generated.members, generated.opendata)]
        _ctx[:] = [ctx]
    _pages.clear()
    _files.clear()
    if generated is not None:
        _pages.update({p.src: p for p in generated.pages})
        _files.update(generated.files)
    _timings[:] = [ctx.timings, time.perf_counter(), time.time()] if ctx is not None else []
    return config


def on_pre_build(config):
    search.keep_bundles(config.site_dir)  # the last search bundles are indexed into again, not made anew
    if search.deferred():  # `scitechday build`: the old output is removed beside the build, not before it
        outdir.clear(config.site_dir)


def on_files(files, config):
    _search.clear()
    _plan.clear()
    pages = list(_pages.values())
    if stamp.enabled() and servemode.problems() is None:
        plan = stamp.plan(pages, stamp.nav_sources(config.nav), config.site_url or "", config.use_directory_urls,
                          site.page_meta)
        _plan[:] = [plan, files]
        pages = plan.direct
        for shell in plan.shells.values():
            files.append(File.generated(config, shell.src, content=""))
    for page in pages:
        files.append(File.generated(config, page.src, content=""))
    _search.extend(site.search_entry(page, config.use_directory_urls) for page in _pages.values() if page.meta.get("search"))
    for path, data in _files.items():
        files.append(File.generated(config, path, content=data))
    bundled = admin.bundled_files()  # the web editor (/admin/), copied from node_modules
    if bundled:
        for path, data in admin.generated_files(config.site_url).items():
            files.append(File.generated(config, path, content=data))
        for path, src in bundled.items():
            files.append(File.generated(config, path, abs_src_path=str(src)))
    else:
        log.info("网页编辑器（/admin/）没有打包：node_modules 里没有 Decap CMS，请先运行 npm ci。")
    return files


def on_page_markdown(markdown, page, config, files):
    shell = _plan[0].shells.get(page.file.src_uri) if _plan else None
    if shell is not None:  # a class of generated pages: sentinels where each page's values go
        page.meta.update(shell.meta)
        page.edit_url = None
        return ""
    generated = _pages.get(page.file.src_uri)
    if generated is None:  # a hand-written page: name the real repository
        return fill(markdown, Repo.from_config(config.repo_url, config.edit_uri))
    meta = site.page_meta(generated)  # escaped: Material prints page.meta as it is
    if page.is_homepage:  # the home page's title is the site's name (what WeChat and browsers show)
        meta.pop("title", None)
    page.meta.update(meta)
    page.edit_url = None  # generated pages carry their own 编辑此页 row, linking to the record's file
    return ""


def on_page_context(context, page, config, nav):
    """Highlight the section of a generated page that is not in the navigation (a notice → 通知档案)."""
    shell = _plan[0].shells.get(page.file.src_uri) if _plan else None
    source = shell.meta if shell is not None else (_pages[page.file.src_uri].meta if page.file.src_uri in _pages else {})
    section = source.get("section")
    for item in nav.pages if section else ():
        if item.file.src_uri == section:
            item.active = True
            _highlighted.append(item)
    return context


def on_post_page(output, page, config):
    for item in _highlighted:
        item.active = False
    _highlighted.clear()
    return output


def on_page_content(html, page, config, files):
    if servemode.problems() is not None:
        return servemode.problems_html(servemode.problems())
    if _plan and page.file.src_uri in _plan[0].shells:
        return stamp.START + ("<h1>" if _plan[0].shells[page.file.src_uri].heading else "") + stamp.END
    generated = _pages.get(page.file.src_uri)
    return generated.content() if generated is not None else html


def on_post_build(config):
    if servemode.problems() is not None:
        servemode.write_404(config.site_dir)
        return
    timings, mkdocs_start, mkdocs_wall = _timings or (None, time.perf_counter(), time.time())
    if _plan:  # every generated page not rendered by MkDocs, from its class's shell; the sitemap with them
        plan, files = _plan
        shells, others = stamp.write(plan, files, config)
        _plan.clear()
        if search.deferred():  # `scitechday build`: what the next build may update in place
            incremental.PENDING[:] = [incremental.written(plan, shells, others, _files, config.use_directory_urls,
                                                          _facts[0])]
    if timings is not None:
        timings.steps["mkdocs"] = time.perf_counter() - mkdocs_start
        timings.spans.append(("mkdocs", mkdocs_wall, time.time()))
    if search.deferred():  # `scitechday build` indexes after MkDocs has let go of the pages (memory)
        for ctx in _ctx:
            ctx.wait_saved()  # the validation cache, written beside the build (context.compute)
        search.PENDING[:] = [(config.site_dir, list(_search), timings)]
        _pages.clear()
        _files.clear()
        _ctx.clear()
        return
    if timings is None:
        search.finish_own(config.site_dir, list(_search))
    else:
        timings.run("search index", lambda: search.finish_own(config.site_dir, list(_search)))
        site.report_timings(timings)
    _ctx.clear()


def on_build_error(error):
    # `mkdocs build`, serve: the search index begun as the record pages were rendered, stopped and removed
    search.stop_own()
    _ctx.clear()  # the failed build's context is not kept


def on_shutdown():
    # Ctrl-C (which skips on_build_error), and the end of serve: nothing left running or hidden
    search.stop_own()


def on_serve(server, config, builder):
    # plain `mkdocs serve`: a change under data/ rebuilds too (scitechday serve watches it itself)
    server.watch(str(site.data_dir_for(config.config_file_path)))
    return server
