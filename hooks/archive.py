"""MkDocs hooks: a thin adapter from MkDocs events to the scitechday package.

The package loads, validates, models and renders the data (it knows nothing of
MkDocs); this file only adds the rendered pages to the build in memory — nothing is
written into docs/ — and runs the search indexer afterwards.
"""

from __future__ import annotations

import os
import sys
import time

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from scitechday.archive import context
from scitechday.publish import site
from scitechday.publish.repo import Repo, fill

_pages: dict = {}
_files: dict = {}
_timings: list = []
_highlighted: list = []


def on_config(config):
    try:
        ctx = context.compute(site.data_dir_for(config.config_file_path))
    except context.DataError as err:
        raise Abort(str(err)) from None
    generated = site.generate(ctx, config.site_url or "http://127.0.0.1:8000/", config.use_directory_urls,
                              Repo.from_config(config.repo_url, config.edit_uri))
    _pages.clear()
    _pages.update({p.src: p for p in generated.pages})
    _files.clear()
    _files.update(generated.files)
    _timings[:] = [ctx.timings, time.perf_counter()]
    return config


def on_files(files, config):
    for page in _pages.values():
        files.append(File.generated(config, page.src, content=""))
    for path, data in _files.items():
        files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _pages.get(page.file.src_uri)
    if generated is None:  # a hand-written page: name the real repository
        return fill(markdown, Repo.from_config(config.repo_url, config.edit_uri))
    if not page.is_homepage:  # the home page's title is the site's name (what WeChat and browsers show)
        page.meta["title"] = generated.title
    if generated.description:
        page.meta["description"] = generated.description
    page.meta.update(generated.meta)
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
    generated = _pages.get(page.file.src_uri)
    return generated.html if generated is not None else html


def on_post_build(config):
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
