"""MkDocs hooks: a thin adapter from MkDocs events to the scitechday package.

The package loads, validates, models and renders the data (it knows nothing of
MkDocs); this file only adds the rendered pages to the build in memory — nothing is
written into docs/ — and runs the search indexer afterwards.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from scitechday.archive import context
from scitechday.editing import admin
from scitechday.publish import servemode, site
from scitechday.publish.repo import Repo, fill

log = logging.getLogger("mkdocs.hooks.archive")
_pages: dict = {}
_files: dict = {}
_timings: list = []
_highlighted: list = []


def on_config(config):
    # the build date rule `scitechday build` uses too, so that both write the same DTSTAMP and sitemap
    site.source_date_epoch(Path(config.config_file_path or "mkdocs.yml").resolve().parent)
    try:
        ctx = context.compute(site.data_dir_for(config.config_file_path))
    except context.DataError as err:
        if not servemode.serving():
            raise Abort(str(err)) from None
        generated, ctx = servemode.failed(err.problems), None  # serve: the problems on every page
    else:
        generated = site.generate(ctx, config.site_url or "http://127.0.0.1:8000/", config.use_directory_urls,
                                  Repo.from_config(config.repo_url, config.edit_uri))
        servemode.succeeded(generated)
    _pages.clear()
    _files.clear()
    if generated is not None:
        _pages.update({p.src: p for p in generated.pages})
        _files.update(generated.files)
    _timings[:] = [ctx.timings, time.perf_counter()] if ctx is not None else []
    return config


def on_files(files, config):
    for page in _pages.values():
        files.append(File.generated(config, page.src, content=""))
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
    section = (_pages[page.file.src_uri].meta.get("section") if page.file.src_uri in _pages else None)
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
    generated = _pages.get(page.file.src_uri)
    return generated.html if generated is not None else html


def on_post_build(config):
    if servemode.problems() is not None:
        servemode.write_404(config.site_dir)
        return
    timings, mkdocs_start = _timings or (None, time.perf_counter())
    if timings is not None:
        timings.steps["mkdocs"] = time.perf_counter() - mkdocs_start
        timings.run("search index", lambda: site.run_pagefind(config.site_dir))
        if os.environ.get(site.ENV_TIMINGS):
            print("各步骤用时：\n" + timings.table(), file=sys.stderr)
    else:
        site.run_pagefind(config.site_dir)


def on_serve(server, config, builder):
    server.watch(str(site.data_dir_for(config.config_file_path)))
    return server
