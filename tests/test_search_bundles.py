"""Search bundles: which pages are indexed, and how a large archive is split so that each Pagefind run stays small."""

from __future__ import annotations

import json

from scitechday.publish import search


def test_small_archive_is_one_bundle_at_the_usual_path():
    pages = [("notices/a/index.html", 2019), ("notices/b/index.html", 2021), ("orgs/x/index.html", None)]
    made = search.bundles(pages, limit=100)
    assert [b["path"] for b in made] == ["pagefind/"]
    assert sorted(made[0]["pages"]) == sorted(p for p, _ in pages)


def test_large_archive_splits_by_year_newest_first_and_loses_nothing():
    pages = [(f"notices/{y}-{i}/index.html", y) for y in range(2014, 2027) for i in range(40)]
    pages += [(f"orgs/o{i}/index.html", None) for i in range(2500)] + [("editions/e1/index.html", None)]
    made = search.bundles(pages, limit=100)
    notices = [b for b in made if not b["merged"]]
    assert made[0]["path"] == "pagefind/" and made[0]["years"][1] == 2026 and made[:len(notices)] == notices
    assert all(len(b["pages"]) <= 100 for b in notices)
    assert sorted(p for b in made for p in b["pages"]) == sorted(p for p, _ in pages)  # each page exactly once
    assert all(p.startswith("notices/") for b in notices for p in b["pages"])
    spans = [b["years"] for b in notices]
    assert all(a[0] > b[1] for a, b in zip(spans, spans[1:]))  # disjoint, newest first
    for b in notices:  # each bundle holds exactly its years' notices
        years = {int(p.split("/")[1][:4]) for p in b["pages"] if p.startswith("notices/")}
        assert years == set(range(b["years"][0], b["years"][1] + 1))
    others = [b for b in made if b["merged"]]  # 2,501 small pages: three bundles of about 1,000 (10 × 100)
    assert [b["path"] for b in others] == ["pagefind-directory-1/", "pagefind-directory-2/", "pagefind-directory-3/"]
    assert all(700 < len(b["pages"]) < 1300 for b in others)
    assert [b["path"] for b in search.bundles(pages[:-1600], limit=100) if b["merged"]] == ["pagefind-directory/"]


def test_an_added_organization_leaves_the_other_pages_in_their_bundles():
    """A page's bundle follows from its path, not from its place in the list: adding a record
    re-indexes one bundle, not every bundle after it."""
    pages = [(f"notices/2026-{i}/index.html", 2026) for i in range(50)] + [(f"orgs/o{i}/index.html", None) for i in range(2500)]

    def where(pages):
        return {p: b["path"] for b in search.bundles(pages, limit=100) for p in b["pages"]}

    before, after = where(pages), where(pages + [("orgs/o-new/index.html", None)])
    assert {p: b for p, b in after.items() if p in before} == before


def test_only_record_pages_are_indexed(built):
    manifest = json.loads((built / search.MANIFEST).read_text(encoding="utf-8"))
    assert manifest[0]["path"] == "pagefind/"
    for url in ("notices/2019-lianyungang-kexie", "orgs/zhongguo-kexie", "profiles/li-baoguo",
                "editions/workers-day-2019"):
        assert "data-pagefind-body" in (built / url / "index.html").read_text(encoding="utf-8"), url
    for url in ("", "notices", "calendar/2019/05", "calendar", "orgs", "profiles", "download", "about"):
        assert "data-pagefind-body" not in (built / url / "index.html").read_text(encoding="utf-8"), url
    fragments = list((built / "pagefind" / "fragment").iterdir())
    indexed = [p for p in built.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert all(p.relative_to(built).parts[0] in ("notices", "orgs", "profiles", "editions") for p in indexed)
    assert len(fragments) == len(indexed)  # one search result per record page, none for listings or calendars


def test_the_indexed_text_is_the_records_own_words_set_apart(built):
    """What a result's excerpt shows: a record's labels and values apart (简称 连云港市科协, not 简称连云港市科协),
    and none of the page's own interface (添加到日历, 订阅, 来源, 原文网址, 获取于)."""
    import gzip
    import re

    fragments = [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
                 for f in (built / "pagefind" / "fragment").iterdir()]
    records = [f for f in fragments if re.search(r"/(orgs|profiles|editions|notices)/[^/]+/$", f["url"])]
    assert {f["url"].split("/")[-3] for f in records} == {"orgs", "profiles", "editions", "notices"}
    for f in records:
        text = f["content"].replace("\u200b", "")
        for ui in ("添加到日历", "订阅", "原文网址", "获取于", "查看收录的原文"):
            assert ui not in text, (f["url"], ui)
        for label in ("类别", "层级", "纪念日", "年份", "类型", "发文字号"):
            assert not re.search(label + r"(?=[^\s.。，、])", text.split("正文")[0]), (f["url"], label)


def test_split_index_finds_a_notice_by_the_year_in_its_doc_number(tmp_path_factory, tmp_path, monkeypatch):
    """Bundles of at most 3 pages (one per year here): a 发文字号 naming 2019 is searched in the 2019 bundle."""
    import pytest

    from conftest import CONFIG, DATA
    from scitechday.publish import site

    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import ARGS, CHROMIUM, _serve

    monkeypatch.setenv(search.ENV_BUNDLE, "3")
    built = site.build(CONFIG, DATA, tmp_path_factory.mktemp("split"))
    manifest = json.loads((built / search.MANIFEST).read_text(encoding="utf-8"))
    assert len(manifest) > 2 and any(b["years"][0] <= 2019 <= b["years"][1] for b in manifest[1:])
    for b in manifest:
        assert (built / b["path"] / "pagefind-entry.json").is_file()
    server = _serve(built)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            fetched = []
            page.on("request", lambda r: fetched.append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q=连科协〔2019〕31号")
            link = page.locator(".pagefind-ui__result-link").first
            link.wait_for(timeout=20000)
            assert "2019-lianyungang-kexie" in link.get_attribute("href")
            scope = page.locator(".st-search-scope select")
            assert scope.locator("option").count() == len([b for b in manifest if not b["merged"]])
            assert "2019" in scope.locator("option:checked").inner_text()
            assert not any("/pagefind/pagefind-entry.json" in u for u in fetched)  # only the 2019 bundle was loaded
            holding = next(b["path"] for b in manifest[1:] if b["years"] and b["years"][0] <= 2019 <= b["years"][1])
            assert any(f"/{holding}pagefind-entry.json" in u for u in fetched)
            assert not any("/pagefind-directory" in u for u in fetched)  # a chosen year's notices only
            # a year typed into the box (not in the address): once typing pauses, the bundle holding it
            page.goto(f"http://127.0.0.1:{server.server_port}/search/")
            page.locator("#st-search input.pagefind-ui__search-input").press_sequentially("连科协〔2019〕31号", delay=30)
            page.wait_for_url("**b=*")
            page.locator(".pagefind-ui__result-link[href*='2019-lianyungang-kexie']").first.wait_for(timeout=20000)
            assert "2019" in scope.locator("option:checked").inner_text()
            assert page.locator("#st-search input.pagefind-ui__search-input").input_value() == "连科协〔2019〕31号"
            assert page.evaluate("document.activeElement.matches('#st-search input.pagefind-ui__search-input')")
            # a year ticked under 年份 in the default search (its merged bundles list every edition's year)
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q=科技")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20000)
            page.locator(".pagefind-ui__filter-block", has_text="年份").locator("summary").click()
            page.locator("input[name='年份'][value='2019年']").check()
            page.wait_for_url("**b=*")
            page.locator(".pagefind-ui__result-link[href*='2019-']").first.wait_for(timeout=20000)
            assert "2019" in scope.locator("option:checked").inner_text()
            assert page.locator("input[name='年份'][value='2019年']").is_checked()
            assert page.locator(".pagefind-ui__filter-block", has_text="年份").evaluate("d => d.open")  # shown ticked
            # a phone: the scope's select (as wide as its longest label) stays within the screen
            narrow = browser.new_page(viewport={"width": 320, "height": 700})
            narrow.goto(f"http://127.0.0.1:{server.server_port}/search/")
            narrow.locator(".st-search-scope select").wait_for()
            assert narrow.evaluate("document.scrollingElement.scrollWidth") <= 320
            narrow.close()
            # no year named: the newest notices, merged with the organization, profile and edition bundles
            assert any(b["merged"] and b["path"].startswith("pagefind-directory") for b in manifest)
            fetched.clear()
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q=连云港市科学技术协会")
            page.locator(".pagefind-ui__result-link[href*='orgs/lianyungang-kexie']").first.wait_for(timeout=20000)
            assert any("/pagefind/pagefind-entry.json" in u for u in fetched)
            assert any("/pagefind-directory" in u and "pagefind-entry.json" in u for u in fetched)
            # a project site on GitHub Pages lives under /<repository>/: every result, merged bundles' too, leads there
            (tmp_path / "archive").symlink_to(built, target_is_directory=True)
            under = _serve(tmp_path)
            try:
                root = f"http://127.0.0.1:{under.server_port}/archive/"
                page.goto(root + "search/?q=连云港市科学技术协会")
                page.locator(".pagefind-ui__result-link[href*='orgs/lianyungang-kexie']").first.wait_for(timeout=20000)
                hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))")
                assert [h for h in hrefs if not h.startswith("/archive/") or "/../" in h] == []  # it was /../orgs/…
                assert page.goto(root[:-len("archive/")] + hrefs[0].lstrip("/")).status == 200
            finally:
                under.shutdown()
            browser.close()
    finally:
        server.shutdown()



def test_a_query_naming_the_newest_year_searches_its_notices_alone(tmp_path_factory, tmp_path, monkeypatch):
    """A year the query names is searched in that year's notices, the newest year's too: the organization, profile
    and edition bundles (at national scale most of a first search's bytes) are not downloaded for a 发文字号; the
    scope says what is searched, and choosing the newest notices again adds them."""
    import shutil

    import pytest

    from conftest import CONFIG, FIXTURE
    from scitechday.publish import site

    sync_api = pytest.importorskip("playwright.sync_api")
    from test_browser import ARGS, CHROMIUM, _serve

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)  # one notice of 2030 (测科协〔2030〕1号); a 2029 one made from it
    (data / "campaigns/2029").mkdir()
    notice = (data / "campaigns/2030/2030-ceshi-shi-kexie.yml").read_text(encoding="utf-8")
    (data / "campaigns/2029/2029-ceshi-shi-kexie.yml").write_text(notice.replace("2030", "2029"), encoding="utf-8")
    editions = (data / "editions.yml").read_text(encoding="utf-8")
    (data / "editions.yml").write_text(editions + "\n" + editions.split("\n", 1)[1].replace("2030", "2029")
                                       .replace("edition: 14", "edition: 13"), encoding="utf-8")
    monkeypatch.setenv(search.ENV_BUNDLE, "1")
    built = site.build(CONFIG, data, tmp_path_factory.mktemp("two-years"))
    manifest = json.loads((built / search.MANIFEST).read_text(encoding="utf-8"))
    assert [b["path"] for b in manifest] == ["pagefind/", "pagefind-2029/", "pagefind-directory/"]
    server = _serve(built)
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url))
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q=测科协〔2030〕1号")
            link = page.locator(".pagefind-ui__result-link").first
            link.wait_for(timeout=20000)
            assert "2030-ceshi-shi-kexie" in link.get_attribute("href")
            assert any("/pagefind/pagefind-entry.json" in u for u in fetched)
            assert not any("/pagefind-directory" in u for u in fetched)  # the newest year's notices alone
            scope = page.locator(".st-search-scope select")
            assert scope.locator("option:checked").inner_text() == "2030年的通知"
            # the newest notices chosen in 搜索范围: with the organizations, profiles and editions again
            fetched.clear()
            scope.select_option("0")
            page.wait_for_url("**b=0*")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20000)
            assert any("/pagefind-directory" in u and "pagefind-entry.json" in u for u in fetched)
            assert scope.locator("option:checked").inner_text() == manifest[0]["label"]
            # a query that names no year: the newest notices and the merged bundles, as before
            fetched.clear()
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q=测试市科协")
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=20000)
            assert any("/pagefind-directory" in u and "pagefind-entry.json" in u for u in fetched)
            browser.close()
    finally:
        server.shutdown()

def test_the_largest_bundles_are_indexed_first(tmp_path, monkeypatch):
    """Two runs at a time: the longest starts first, so that no long run is left alone at the end."""
    pages = [(f"notices/{y}-{i}/index.html", y) for y in (2025, 2026) for i in range(10)]
    pages += [(f"orgs/o{i}/index.html", None) for i in range(30)]
    for p, year in pages:
        (tmp_path / p).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / p).write_text("x" * (400 if year == 2025 else 100 if year else 150), encoding="utf-8")
    ran: list[str] = []
    monkeypatch.setattr(search, "_pagefind", lambda site_dir, options: ran.append(options["output_subdir"]))
    monkeypatch.setattr(search, "jobs", lambda: 1)
    monkeypatch.setenv(search.ENV_BUNDLE, "10")
    search.run(tmp_path, pages)
    # bytes: 2025 4,000; the directory 4,500; 2026 1,000
    assert ran == ["pagefind-directory", "pagefind-2025", "pagefind"]
    assert [b["path"] for b in json.loads((tmp_path / search.MANIFEST).read_text(encoding="utf-8"))] == \
        ["pagefind/", "pagefind-2025/", "pagefind-directory/"]  # the manifest keeps the bundles' own order
