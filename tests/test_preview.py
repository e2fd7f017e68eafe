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
    """A built site and the state serve keeps: the context and the generated pages (as the hook makes them)."""
    from scitechday.publish.repo import Repo

    data = repo / "data"
    ctx = context.compute(data)
    config = _config()
    pages = {p.src: p for p in site.generate(ctx, SITE_URL, True, Repo.from_config(config.repo_url, config.edit_uri)).pages}
    out = site.build(CONFIG, data, repo / "served")
    return ctx, pages, out


@pytest.mark.parametrize("path,key,mark,src", [
    ("campaigns/2019/2019-lianyungang-kexie.yml", "title", "（改）", "notices/2019-lianyungang-kexie.md"),
    ("campaigns/2020/2020-weinan-kexie.yml", "theme", " & <改>", "notices/2020-weinan-kexie.md"),
    ("organizations/lianyungang-kexie.yml", "name", "（改）", "orgs/lianyungang-kexie.md"),
    ("profiles/li-baoguo.yml", "field", "和科普", "profiles/li-baoguo.md"),
])
def test_rewritten_page_equals_a_clean_build(repo, path, key, mark, src):
    ctx, pages, served = _served(repo)
    target = repo / "data" / path
    os.utime(target, ns=(0, 0))
    new = amend(target, key, mark)
    written = preview.update(ctx, pages, [str(target)], served, _renderer(repo))
    assert written == [src]
    clean = site.build(CONFIG, repo / "data", repo / "clean")
    page = src[:-3] + "/index.html"
    assert str(escape(new)) in (served / page).read_text(encoding="utf-8")
    assert (served / page).read_bytes() == (clean / page).read_bytes()


def test_new_files_and_invalid_data_fall_back_to_a_full_rebuild(repo):
    ctx, pages, served = _served(repo)
    watcher = preview.Watcher()
    watcher.built(ctx, repo / "data")
    shutil.copy(repo / "data/profiles/li-baoguo.yml", repo / "data/profiles/li-baoguo-2.yml")
    assert watcher.try_update(pages, served, _renderer(repo)) is None  # a new file: MkDocs rebuilds
    os.remove(repo / "data/profiles/li-baoguo-2.yml")
    target = repo / "data/campaigns/2019/2019-lianyungang-kexie.yml"
    amend(target, "kind", value="不是一种文种")
    assert watcher.try_update(pages, served, _renderer(repo)) is None  # invalid: the full build shows why
