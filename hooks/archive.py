"""MkDocs hooks: a thin adapter from MkDocs events to the scitechday package.

The package loads, validates, models and renders the data (it knows nothing of
MkDocs); this file only adds the rendered pages to the build in memory — nothing is
written into docs/ — and runs the search indexer afterwards.
"""

from __future__ import annotations

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from scitechday.publish import search, site, timing

_pages: dict = {}
_files: dict = {}
_search: list = []  # (HTML file, notice year or None) of the pages to index


def on_config(config):
    try:
        generated = site.prepare(site.data_dir_for(config.config_file_path), config.site_url,
                                 config.use_directory_urls)
    except site.DataError as err:
        raise Abort(str(err)) from None
    _pages.clear()
    _pages.update({p.src: p for p in generated.pages})
    _files.clear()
    _files.update(generated.files)
    timing.mark("mkdocs")
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
    timing.since("mkdocs", "mkdocs")
    search.run(config.site_dir, list(_search))


def on_serve(server, config, builder):
    server.watch(str(site.data_dir_for(config.config_file_path)))
    return server
