"""MkDocs hooks: a thin adapter from MkDocs events to the scitechday package.

The package loads, validates, models and renders the data (it knows nothing of
MkDocs); this file only adds the rendered pages to the build in memory — nothing is
written into docs/ — and runs the search indexer afterwards.
"""

from __future__ import annotations

import json
import os
import sys
import time

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from scitechday.archive import context
from scitechday.publish import search, site

_pages: dict = {}
_files: dict = {}
_timings: list = []
_search: list = []  # (HTML file, notice year or None) of the pages to index


def on_config(config):
    try:
        ctx = context.compute(site.data_dir_for(config.config_file_path))
    except context.DataError as err:
        raise Abort(str(err)) from None
    generated = site.generate(ctx, config.site_url or "http://127.0.0.1:8000/", config.use_directory_urls)
    _pages.clear()
    _pages.update({p.src: p for p in generated.pages})
    _files.clear()
    _files.update(generated.files)
    _timings[:] = [ctx.timings, time.perf_counter(), time.time()]
    return config


def on_files(files, config):
    _search.clear()
    for page in _pages.values():
        file = File.generated(config, page.src, content="")
        files.append(file)
        if page.meta.get("search"):
            year = page.meta["search"]
            _search.append((file.dest_uri, year if isinstance(year, int) else None))
    for path, data in _files.items():
        files.append(File.generated(config, path, content=data))
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _pages.get(page.file.src_uri)
    if generated is None:
        return markdown
    page.meta["title"] = generated.title
    if generated.description:
        page.meta["description"] = generated.description
    page.meta.update(generated.meta)
    return ""


def on_page_content(html, page, config, files):
    generated = _pages.get(page.file.src_uri)
    return generated.html if generated is not None else html


def on_post_build(config):
    timings, mkdocs_start, mkdocs_wall = _timings or (None, time.perf_counter(), time.time())
    if timings is None:
        search.run(config.site_dir, list(_search))
        return
    timings.steps["mkdocs"] = time.perf_counter() - mkdocs_start
    timings.spans.append(("mkdocs", mkdocs_wall, time.time()))
    timings.run("search index", lambda: search.run(config.site_dir, list(_search)))
    if os.environ.get(site.ENV_TIMINGS):
        print("各步骤用时：\n" + timings.table(), file=sys.stderr)
    if os.environ.get(site.ENV_TIMINGS_JSON):  # benchmarks/build.py: when each step ran, to place memory peaks
        with open(os.environ[site.ENV_TIMINGS_JSON], "a", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"step": n, "start": a, "end": b}) + "\n" for n, a, b in timings.spans)


def on_serve(server, config, builder):
    server.watch(str(site.data_dir_for(config.config_file_path)))
    return server
