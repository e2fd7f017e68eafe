"""The fast preview of `serve`: an edited record's page rewritten in place equals a clean build's, byte for byte."""

from __future__ import annotations

import os
import shutil

import pytest
from markupsafe import escape

from conftest import CONFIG, DATA, amend
from scitechday.archive import context
from scitechday.publish import preview, site

SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def _config():
    from mkdocs.config import load_config

    return load_config(CONFIG)


def _renderer(repo):
    from scitechday.publish.repo import Repo

    config = _config()
    return site.page_renderer(repo / "data", SITE_URL, True, Repo.from_config(config.repo_url, config.edit_uri))


def _served(repo):
    """A built site and the state serve keeps: the build context."""
    data = repo / "data"
    ctx = context.compute(data)
    out = site.build(CONFIG, data, repo / "served")
    return ctx, out


@pytest.mark.parametrize("path,key,mark,src", [
    ("campaigns/2019/2019-lianyungang-kexie.yml", "title", "（改）", "notices/2019-lianyungang-kexie.md"),
    ("campaigns/2020/2020-weinan-kexie.yml", "theme", " & <改>", "notices/2020-weinan-kexie.md"),
    ("organizations/lianyungang-kexie.yml", "name", "（改）", "orgs/lianyungang-kexie.md"),
    ("profiles/li-baoguo.yml", "field", "和科普", "profiles/li-baoguo.md"),
])
def test_rewritten_page_equals_a_clean_build(repo, path, key, mark, src):
    ctx, served = _served(repo)
    target = repo / "data" / path
    os.utime(target, ns=(0, 0))
    new = amend(target, key, mark)
    written = preview.update(ctx, [str(target)], served, _renderer(repo))
    assert written == [src]
    clean = site.build(CONFIG, repo / "data", repo / "clean")
    page = src[:-3] + "/index.html"
    assert str(escape(new)) in (served / page).read_text(encoding="utf-8")
    assert (served / page).read_bytes() == (clean / page).read_bytes()


def test_new_files_and_invalid_data_fall_back_to_a_full_rebuild(repo):
    ctx, served = _served(repo)
    watcher = preview.Watcher()
    watcher.built(ctx, repo / "data")
    shutil.copy(repo / "data/profiles/li-baoguo.yml", repo / "data/profiles/li-baoguo-2.yml")
    assert watcher.try_update(served, _renderer(repo)) is None  # a new file: MkDocs rebuilds
    os.remove(repo / "data/profiles/li-baoguo-2.yml")
    target = repo / "data/campaigns/2019/2019-lianyungang-kexie.yml"
    amend(target, "kind", value="不是一种文种")
    assert watcher.try_update(served, _renderer(repo)) is None  # invalid: the full build shows why


def test_a_rewritten_page_leaves_the_next_build_in_place(repo):
    """serve's catch-up build after a fast preview: the folder, with the page rewritten, is still updated in place
    (a build from scratch writes every page), and ends as a clean build's."""
    from scitechday.publish import incremental

    ctx, served = _served(repo)
    about = served / "about" / "index.html"
    kept = about.stat().st_mtime_ns
    target = repo / "data/campaigns/2019/2019-lianyungang-kexie.yml"
    amend(target, "title", "（改）")
    written = preview.update(ctx, [str(target)], served, _renderer(repo))
    assert written == ["notices/2019-lianyungang-kexie.md"]
    incremental.rewritten(served, written)
    loaded = incremental.load(site.config_of(CONFIG, repo / "data", served))
    assert loaded is not None and loaded[1]()  # the stored listing follows the rewritten page
    site.build(CONFIG, repo / "data", served)
    assert about.stat().st_mtime_ns == kept
    clean = site.build(CONFIG, repo / "data", repo / "clean")
    for page in ("notices/2019-lianyungang-kexie/index.html", "notices/index.html", "orgs/lianyungang-kexie/index.html"):
        assert (served / page).read_bytes() == (clean / page).read_bytes(), page


def test_an_edit_undone_while_serve_was_stopped_reaches_the_rewritten_page(repo):
    """The fast preview rewrote a page, then the edit was undone before any build: the next build, in place, still
    writes the page back (its digests were forgotten), though the data is the last build's again."""
    from scitechday.publish import incremental

    ctx, served = _served(repo)
    target = repo / "data/campaigns/2019/2019-lianyungang-kexie.yml"
    page = served / "notices/2019-lianyungang-kexie/index.html"
    original, before = target.read_bytes(), page.read_bytes()
    amend(target, "title", "（改）")
    written = preview.update(ctx, [str(target)], served, _renderer(repo))
    incremental.rewritten(served, written)
    assert page.read_bytes() != before
    target.write_bytes(original)
    about = served / "about" / "index.html"
    kept = about.stat().st_mtime_ns
    site.build(CONFIG, repo / "data", served)
    assert page.read_bytes() == before
    assert about.stat().st_mtime_ns == kept  # in place
