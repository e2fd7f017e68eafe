"""Pages stamped from shells are the pages MkDocs + Material would have rendered, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

import hostile_archive
from conftest import CONFIG, DATA
from scitechday.publish import site, stamp
from scitechday.publish.render import Page


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def both_ways(data: Path, out: Path, monkeypatch, directory_urls: bool = True) -> tuple[dict, dict]:
    monkeypatch.setenv(stamp.ENV_STAMP, "0")
    pure = site.build(CONFIG, data, out / "pure", directory_urls=directory_urls)
    monkeypatch.setenv(stamp.ENV_STAMP, "1")
    stamped = site.build(CONFIG, data, out / "stamped", directory_urls=directory_urls)
    return tree(pure), tree(stamped)


def assert_same(pure: dict, stamped: dict) -> None:
    assert sorted(pure) == sorted(stamped)  # the same files, no shell left behind
    different = [name for name in pure if pure[name] != stamped[name]]
    assert different == []


@pytest.mark.parametrize("directory_urls", [True, False])
def test_bundled_data_builds_the_same_both_ways(tmp_path, monkeypatch, directory_urls):
    pure, stamped = both_ways(DATA, tmp_path, monkeypatch, directory_urls)
    assert_same(pure, stamped)
    assert "sitemap.xml" in pure and any(n.startswith("notices/") for n in pure)


def test_hostile_archive_builds_the_same_both_ways(tmp_path, monkeypatch):
    """Titles, descriptions and JSON-LD full of markup, quotes and sentinel-like text."""
    data = hostile_archive.write(tmp_path / "data")
    pure, stamped = both_ways(data, tmp_path, monkeypatch)
    assert_same(pure, stamped)


def test_stamping_renders_each_class_once(tmp_path, monkeypatch):
    """Most generated pages are stamped: MkDocs renders the navigation's pages and one shell per class."""
    monkeypatch.setenv(stamp.ENV_STAMP, "1")
    seen: list = []
    real = stamp.plan

    def spy(*args, **kwargs):
        seen.append(real(*args, **kwargs))
        return seen[-1]

    monkeypatch.setattr(stamp, "plan", spy)
    site.build(CONFIG, DATA, tmp_path / "site")
    plan = seen[0]
    stamped = [p.src for s in plan.shells.values() for p in s.pages]
    assert any(src.startswith("notices/") and src != "notices/index.md" for src in stamped)
    assert {p.src for p in plan.direct} >= {"index.md", "notices/index.md", "calendar/index.md"}
    assert len(plan.shells) < len(stamped)
    assert sorted(stamped + [p.src for p in plan.direct]) == sorted(plan.order)


def _page(src, title="标题", description="", html="<p>正文</p>", **meta):
    return Page(src, title, stamp_marks(html), description, meta)


def stamp_marks(html: str) -> str:
    return stamp.START + html + stamp.END


def test_plan_keeps_navigation_pages_and_their_ancestors_out_of_shells():
    pages = [_page("index.md"), _page("notices/index.md"), _page("notices/a.md", section="notices/index.md"),
             _page("calendar/2019/index.md"), _page("about2.md")]
    plan = stamp.plan(pages, {"notices/index.md", "calendar/2019/05/x.md"}, "https://example.org/", True,
                      site.page_meta)
    assert [p.src for p in plan.direct] == ["index.md", "notices/index.md", "calendar/2019/index.md"]
    assert [[p.src for p in s.pages] for s in plan.shells.values()] == [["notices/a.md"], ["about2.md"]]
    assert [s.src for s in plan.shells.values()] == ["notices/st-shell-0.md", "st-shell-1.md"]


def test_classes_split_by_folder_section_values_and_heading():
    pages = [_page("notices/a.md", section="notices/index.md"), _page("notices/b.md", section="notices/index.md"),
             _page("notices/c.md", description="说明", section="notices/index.md"),
             _page("notices/d.md", html="<h1>自带标题</h1>", section="notices/index.md"),
             _page("orgs/a.md", section="orgs/index.md")]
    plan = stamp.plan(pages, set(), "https://example.org/", True, site.page_meta)
    assert [[p.src for p in s.pages] for s in plan.shells.values()] == [
        ["notices/a.md", "notices/b.md"], ["notices/c.md"], ["notices/d.md"], ["orgs/a.md"]]


def test_fill_substitutes_each_value_once_and_escaped():
    shell = ("<title>" + stamp.TITLE + "</title><link href=\"https://example.org/notices/st-shell-0/\">"
             "<meta content=\"" + stamp.DESCRIPTION + "\">" + stamp.START + stamp.END + "<h2>" + stamp.TITLE + "</h2>")
    parts = stamp.tokenize(shell, "https://example.org/notices/st-shell-0/")
    page = _page("notices/x.md", title="<b>" + stamp.DESCRIPTION + "</b>", description="a\"b",
                 html="<p>" + stamp.TITLE + "</p>")
    out = stamp.fill(parts, page, "https://example.org/notices/x/")
    assert out == ("<title>&lt;b&gt;" + stamp.DESCRIPTION + "&lt;/b&gt;</title>"
                   "<link href=\"https://example.org/notices/x/\"><meta content=\"a&#34;b\">"
                   + stamp.START + "<p>" + stamp.TITLE + "</p>" + stamp.END
                   + "<h2>&lt;b&gt;" + stamp.DESCRIPTION + "&lt;/b&gt;</h2>")


def test_dest_of_matches_mkdocs():
    from mkdocs.structure.files import File

    for directory_urls in (True, False):
        for src in ("index.md", "notices/index.md", "notices/index_p2.md", "notices/a.md", "calendar/2019/05.md"):
            assert stamp.dest_of(src, directory_urls) == File(src, None, "/site", directory_urls).dest_uri


@pytest.mark.parametrize("site_url", ["https://kx.example.org/", "https://kx.example.org/sub", "", "http://h/a/b/"])
def test_canonical_is_urljoin_of_the_page_url(site_url):
    """canonical() appends a plain page path to the site's address itself; whatever else a path holds
    (dots, a colon, a query, a fragment, other scripts) goes through urljoin, as MkDocs computes it."""
    from urllib.parse import urljoin

    from scitechday.publish import urls

    base = site_url if site_url.endswith("/") else site_url + "/"
    for src in ["index.md", "notices/index.md", "notices/c-000001.md", "calendar/2019/05/p34.md", "orgs/org_1.md",
                "x.y/z.md", "../a.md", "a:b.md", "q?x.md", "a#b.md", "中文/页.md", "./n.md", "//evil.example/x.md"]:
        for directory_urls in (True, False):
            assert stamp.canonical(site_url, src, directory_urls) == urljoin(base, urls.url_of(src, directory_urls))
