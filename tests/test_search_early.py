"""The search index of a full build is begun while the build runs (search.Early): Pagefind reads each record
page's content alone, written before MkDocs writes any page. These tests hold it to the index made from the
built pages, byte for byte, and to leaving nothing behind when the build fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scitechday.publish import search, site, stamp

ROOT = Path(__file__).resolve().parents[1]
CONFIG = str(ROOT / "mkdocs.yml")


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A synthetic archive (benchmarks/synthetic.py): 100 notices over the years, organizations, profiles."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    data = tmp_path_factory.mktemp("early") / "data"
    synthetic.generate(data, 0.01)
    return data


@pytest.fixture
def small_bundles(tmp_path, monkeypatch):
    """Bundles of 30 notices: several Pagefind runs, one of them the organizations', profiles' and editions'."""
    monkeypatch.setenv(search.ENV_BUNDLE, "30")
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _spy(monkeypatch) -> list[tuple[str, dict]]:
    runs: list[tuple[str, dict]] = []
    real = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda site_dir, options: (runs.append((Path(site_dir).name, options)),
                                                                         real(site_dir, options))[1])
    return runs


def test_the_index_begun_while_the_build_runs_is_the_one_made_from_the_built_pages(archive, tmp_path, monkeypatch,
                                                                                  small_bundles):
    # `scitechday build`: the pages are written in a child process, which hands the search input over a pipe
    command = [sys.executable, "-m", "scitechday.cli", "build", "--config", CONFIG, "--data", str(archive),
               "--out", str(tmp_path / "cli")]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "SCITECHDAY_CACHE": str(tmp_path / "c1")})
    assert result.returncode == 0, result.stderr
    # the same build in this process, watched: every run reads the input and writes into the kept bundles' folder
    runs = _spy(monkeypatch)
    site.build(CONFIG, archive, tmp_path / "early")
    made = json.loads((tmp_path / "early" / search.MANIFEST).read_text(encoding="utf-8"))
    assert len(made) >= 3 and any(b["merged"] for b in made)
    assert len(runs) == len(made)
    assert all(name == search.INPUT and Path(o["output_path"]).parent.name == search.SEED for name, o in runs)
    assert not (tmp_path / "early" / search.INPUT).exists() and not (tmp_path / "early" / search.SEED).exists()
    # and with the index made after the build, from the pages as written
    runs.clear()
    monkeypatch.setattr(site, "generate_full", lambda config, ctx: site.generate_for(config, ctx))
    site.build(CONFIG, archive, tmp_path / "after")
    assert runs and all(name == "after" and "output_path" not in o for name, o in runs)
    after = tree(tmp_path / "after")
    assert any(k.startswith("pagefind-directory/fragment/") for k in after)
    for other in ("early", "cli"):
        built = tree(tmp_path / other)
        assert built.keys() == after.keys(), other
        assert [k for k in after if built[k] != after[k]] == [], other


def test_mkdocs_build_begins_its_index_beside_the_build_too(archive, tmp_path, monkeypatch, small_bundles):
    """`mkdocs build` and `serve` make their index in their own process (search.begin_own, finish_own): begun
    from the record pages as well, and the same index as `scitechday build`'s."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.build(CONFIG, archive, tmp_path / "cli")
    runs = _spy(monkeypatch)
    monkeypatch.setenv(site.ENV_DATA, str(archive))
    build(load_config(CONFIG, site_dir=str(tmp_path / "mkdocs")))
    assert runs and all(name == search.INPUT for name, _ in runs)
    ours, theirs = tree(tmp_path / "cli"), tree(tmp_path / "mkdocs")
    indexed = sorted(k for k in ours if k.startswith("pagefind") or k == search.MANIFEST)
    assert indexed and indexed == sorted(k for k in theirs if k.startswith("pagefind") or k == search.MANIFEST)
    assert [k for k in indexed if ours[k] != theirs[k]] == []
    assert not search.ANNOUNCE and not list((tmp_path / "mkdocs").glob(".scitechday-search-*"))


def test_a_build_that_fails_leaves_no_search_input_and_no_pagefind_running(archive, tmp_path, monkeypatch,
                                                                          small_bundles):
    started: list = []
    real = search.Early

    def early(*args):
        started.append(real(*args))
        return started[-1]

    monkeypatch.setattr(search, "Early", early)

    def fail(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(stamp, "write", fail)
    with pytest.raises(RuntimeError, match="磁盘已满"):
        site.build(CONFIG, archive, tmp_path / "site")
    assert started and started[0].stopped
    assert not search._running
    assert not (tmp_path / "site" / search.INPUT).exists() and not (tmp_path / "site" / search.SEED).exists()


def test_a_build_that_fails_before_the_site_is_emptied_leaves_the_last_sites_search_whole(archive, tmp_path, monkeypatch,
                                                                                          small_bundles):
    """The last build's bundles are linked, not moved, for the new index to reuse: a build that fails after its
    index was begun, before MkDocs empties the folder, leaves the last site as it was, search and all."""
    out = tmp_path / "site"
    site.build(CONFIG, archive, out)
    before = {k: v for k, v in tree(out).items() if k.startswith("pagefind")}
    assert len({k.split("/")[0] for k in before}) >= 3

    def fail(*args, **kwargs):
        raise RuntimeError("渲染失败")

    monkeypatch.setattr(site, "generate_for", fail)  # generate_full calls it once the index has begun
    runs = _spy(monkeypatch)
    with pytest.raises(RuntimeError, match="渲染失败"):
        site.build(CONFIG, archive, out, clean=True)
    after = tree(out)
    assert {k: v for k, v in after.items() if k.startswith("pagefind")} == before
    assert not [k for k in after if k.startswith(".")] and not search._running
    assert all(name == search.INPUT for name, _ in runs)


def test_an_archive_without_notices_still_gets_its_search_scripts(tmp_path, monkeypatch, small_bundles):
    """More organization, profile and edition pages than a bundle holds, and no notice: the newest notices'
    bundle (pagefind/) has no page, and is Pagefind's scripts alone, as before the index was begun early."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", data)
    shutil.rmtree(data / "campaigns")
    shutil.rmtree(data / "profiles")
    monkeypatch.setenv(search.ENV_BUNDLE, "1")
    site.build(CONFIG, data, tmp_path / "site")
    made = json.loads((tmp_path / "site" / search.MANIFEST).read_text(encoding="utf-8"))
    assert made[0]["path"] == "pagefind/" and (tmp_path / "site/pagefind/pagefind.js").is_file()
    assert any(b["merged"] for b in made)


def test_each_notice_bundle_is_handed_to_the_index_as_soon_as_its_pages_are_rendered(archive, tmp_path, monkeypatch,
                                                                                    small_bundles):
    """search.Stream: Pagefind may start on a notice bundle while the other notices are still being rendered;
    the organization, profile and edition bundle once every record page is."""
    from scitechday.publish import render

    rendered: list[str] = []
    real_page = render.Renderer.page

    def page(self, src, *args, **kwargs):
        real_page(self, src, *args, **kwargs)
        rendered.append(src)

    monkeypatch.setattr(render.Renderer, "page", page)
    said: list[tuple[str, int]] = []  # what was handed over, and how many notice pages were rendered by then
    real = search.announcer

    def announcer(site_dir, found):
        announce = real(site_dir, found)

        def spy(kind, what):
            said.append((kind, sum(src.startswith("notices/") for src in rendered)))
            announce(kind, what)
        return spy

    monkeypatch.setattr(search, "announcer", announcer)
    site.build(CONFIG, archive, tmp_path / "site")
    notices = sum(src.startswith("notices/") and src.count("/") == 1 for src in set(rendered))
    kinds = [kind for kind, _ in said]
    made = json.loads((tmp_path / "site" / search.MANIFEST).read_text(encoding="utf-8"))
    assert kinds == ["bundle"] * (len(made) - 1) + ["pages"]  # every notice bundle, then the rest
    assert said[0][1] < notices / 2  # the oldest notices' bundle, long before the last notice is rendered


def test_notice_bundles_planned_otherwise_than_the_pages_make_them_are_indexed_again(archive, tmp_path, monkeypatch,
                                                                                     small_bundles):
    """The bundles are planned from the model before the pages are rendered (search.Stream); should a page's year
    differ from the plan's, the index begun is dropped and made from the built pages, the same as ever."""
    site.build(CONFIG, archive, tmp_path / "plain")
    real = search.Stream

    class Astray(real):  # type: ignore[misc, valid-type]
        def __init__(self, site_dir, lang, notices):
            (dest, year), *rest = notices
            super().__init__(site_dir, lang, [(dest, year - 1)] + rest)

    monkeypatch.setattr(search, "Stream", Astray)
    runs = _spy(monkeypatch)
    site.build(CONFIG, archive, tmp_path / "astray")
    assert any(name == "astray" for name, _ in runs)  # made again from the built pages
    plain, astray = tree(tmp_path / "plain"), tree(tmp_path / "astray")
    assert plain.keys() == astray.keys()
    assert [k for k in plain if plain[k] != astray[k]] == []


@pytest.mark.parametrize("when", ["before the first bundle", "after the first bundle"])
def test_a_mkdocs_build_that_fails_midway_through_the_record_pages_leaves_nothing_running(archive, tmp_path, when,
                                                                                        monkeypatch, small_bundles):
    """A notice bundle is handed to the index before the other record pages are rendered, and the last build's
    bundles are linked for it before the first: `mkdocs build` failing on the way stops the index (the hook's
    on_build_error) and leaves no input, linked bundle or Pagefind behind, and the last site's search whole."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tmp_path / "mkdocs"
    monkeypatch.setenv(site.ENV_DATA, str(archive))
    build(load_config(CONFIG, site_dir=str(out)))
    before = {k: v for k, v in tree(out).items() if k.startswith("pagefind")}
    assert before
    real = search.Stream.add

    def add(self, dest, year, page):
        if when == "before the first bundle":
            raise RuntimeError("模板出错")
        done = real(self, dest, year, page)
        if self.sent:
            raise RuntimeError("模板出错")
        return done

    monkeypatch.setattr(search.Stream, "add", add)
    with pytest.raises(RuntimeError, match="模板出错"):
        build(load_config(CONFIG, site_dir=str(out)))
    assert not search._running and not search._own and not search.ANNOUNCE
    after = tree(out)
    assert not [k for k in after if k.startswith(".")]
    assert {k: v for k, v in after.items() if k.startswith("pagefind")} == before


def test_the_input_leaves_out_what_pagefind_drops_and_a_page_set_aside_reads_back_whole(tmp_path):
    """Pagefind is given each page without the parts the templates mark data-pagefind-ignore between
    <!--st:noindex--> markers (they wait in a file beside); a page whose HTML was let go of reads back as it was."""
    from scitechday.publish import incremental
    from scitechday.publish.render import Page

    ignored = ['<!--st:noindex--><div data-pagefind-ignore>发布的通知：关于开展活动的通知</div><!--/st:noindex-->',
               '<!--st:noindex--><div data-pagefind-ignore><h2 id="sources">来源</h2>原文</div><!--/st:noindex-->']
    pages = [("notices/c-1/index.html", 2024, f"<!--st:page-->{ignored[0]}<h1>通知</h1>正文{ignored[1]}<!--/st:page-->"),
             ("notices/c-2/index.html", 2024, f"{ignored[1]}{ignored[0]}<p>第二份</p>{ignored[0]}"),
             ("orgs/o-1/index.html", None, "<h1>协会</h1><p>没有被略去的部分</p>")]
    try:
        search.write_input(tmp_path, pages, "zh")
        for dest, _year, html in pages:
            given = (tmp_path / search.INPUT / dest).read_text(encoding="utf-8")
            assert given == search.head("zh") + search.IGNORED.sub("", html) + search.TAIL
            assert "来源" not in given and "发布的通知" not in given
        stored = search.input_files(tmp_path, [dest for dest, _year, _html in pages], "zh")
        for (dest, year, html), where in zip(pages, stored, strict=True):
            page = Page(dest.removesuffix("/index.html") + ".md", "标题", html, meta={"search": year or "directory"})
            digest = incremental.search_digest(page)
            incremental.set_aside([page], [where])
            assert page.html == "" and page.content() == html
            assert page.known is not None and page.known["search"] == digest
    finally:
        search.abandon(tmp_path)
    assert not (tmp_path / search.INPUT).exists()
