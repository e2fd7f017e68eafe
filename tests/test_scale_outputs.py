"""What readers download stays small on a large archive: feeds with RFC 5005 archives, listings on pages,
calendar months with day pages and filters. Built from the synthetic archive of benchmarks/ (never published)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys

import feedparser
import pytest

from conftest import CONFIG, ROOT
from scitechday.publish import feeds, paging, site

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def _entries(n: int) -> list[dict]:
    day = dt.date(2014, 1, 1)
    items = [dict(id=f"tag:x,2026:e/{i}", title=f"条目{i}", updated=feeds._midnight(day + dt.timedelta(days=i)),
                  url=f"http://e.org/{i}/", summary="摘要") for i in range(n)]
    return items[::-1]  # newest first


def _written(entries: list[dict]) -> dict[str, bytes]:
    """feeds._archived's files, written as atom_feeds writes them (each entry here stands for itself)."""
    plan = feeds._archived("notices", "http://e.org/", "tag:x,2026:n", "标题", "http://e.org/",
                           [feeds._Entry(e["id"], e["updated"], e, ()) for e in entries], STAMP)
    return {path: feeds._atom(**{**args, "entries": [x.item for x in args["entries"]]}) for path, args in plan.items()}


def test_small_feed_is_one_document():
    files = _written(_entries(30))
    assert list(files) == ["notices.atom"] and len(feedparser.parse(files["notices.atom"]).entries) == 30


def test_large_feed_keeps_recent_entries_and_archives_the_rest():
    entries = _entries(1234)  # a day each from 2014-01-01: 365 in 2014, 365 in 2015, 366 in 2016, 138 in 2017
    files = _written(entries)
    current = feedparser.parse(files["notices.atom"])
    assert not current.bozo and len(current.entries) == feeds.RECENT
    assert [e.id for e in current.entries] == [e["id"] for e in entries[:feeds.RECENT]]  # the newest
    archives = ["notices-archive/2014.atom", "notices-archive/2015.atom", "notices-archive/2016.atom",
                "notices-archive/2017.atom"]
    assert sorted(k for k in files if k.startswith("notices-archive/")) == archives
    seen = []
    for n, name in enumerate(archives, 1):
        raw = files[name]
        doc = feedparser.parse(raw)
        assert not doc.bozo and len(doc.entries) <= feeds.ARCHIVE_SIZE
        assert {e.updated[:4] for e in doc.entries} == {name[-9:-5]}  # the year's entries
        assert b"<fh:archive" in raw and b'xmlns:fh="http://purl.org/syndication/history/1.0"' in raw
        rels = {link.rel: link.href for link in doc.feed.links}
        assert rels["current"] == "http://e.org/notices.atom"
        assert rels.get("prev-archive") == (f"http://e.org/{archives[n - 2]}" if n > 1 else None)
        assert rels.get("next-archive") == (f"http://e.org/{archives[n]}" if n < len(archives) else None)
        seen += [e.id for e in doc.entries]
    assert sorted(seen) == sorted(e["id"] for e in entries)  # the archives hold every entry once
    rels = {link.rel: link.href for link in current.feed.links}
    assert rels["prev-archive"] == "http://e.org/notices-archive/2017.atom"


def test_a_year_of_more_entries_than_an_archive_holds_is_split_from_its_oldest(monkeypatch):
    monkeypatch.setattr(feeds, "ARCHIVE_SIZE", 200)
    files = _written(_entries(1234))
    assert sorted(k for k in files if k.startswith("notices-archive/2015")) == [
        "notices-archive/2015-2.atom", "notices-archive/2015.atom"]
    first, second = (feedparser.parse(files[f"notices-archive/{n}.atom"]) for n in ("2015", "2015-2"))
    assert len(first.entries) == 200 and len(second.entries) == 165
    assert max(e.updated for e in first.entries) < min(e.updated for e in second.entries)
    assert {link.rel: link.href for link in first.feed.links}["next-archive"] == "http://e.org/notices-archive/2015-2.atom"
    assert "2015年存档 1/2" in first.feed.title


def test_an_archived_year_does_not_change_when_an_older_entry_is_added():
    """RFC 5005: an archive document should not change once published. The archive is back-filled (notices added
    years after their date); numbered from the oldest in one series, every document after the one that took the
    added entry changed."""
    entries = _entries(1234)
    before = _written(entries)
    late = dict(id="tag:x,2026:e/back-filled", title="补录", updated=feeds._midnight(dt.date(2014, 3, 1)),
                url="http://e.org/b/", summary="摘要")
    after = _written(sorted([*entries, late], key=lambda e: (e["updated"], e["id"]), reverse=True))
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {"notices-archive/2014.atom"}
    assert b"back-filled" in after["notices-archive/2014.atom"]


def test_pack_keeps_order_and_bounds_pages():
    groups = [(y, list(range(n))) for y, n in [(2026, 150), (2025, 120), (2024, 450), (2023, 10)]]
    pages = paging.pack(groups, size=200)
    assert all(sum(len(items) for _, items in page) <= 200 for page in pages)
    flat = [(h, i) for page in pages for h, items in page for i in items]
    assert flat == [(y, i) for y, items in groups for i in items]  # nothing lost, nothing reordered
    assert pages[2][0][0] == pages[3][0][0] == 2024  # a long year continues on the next page
    assert [p["src"] for p in paging.pager("notices/index.md", pages)][:2] == ["notices/index.md", "notices/index_p2.md"]


def test_pages_that_would_share_a_label_are_numbered():
    pages = paging.pack([(2026, list(range(450))), (2025, list(range(100)))], 200)
    pager = paging.pager("notices/index.md", pages, label=lambda y: f"{y}年")
    assert [p["label"] for p in pager] == ["2026年 1/2", "2026年 2/2", "2026年—2025年"]


def test_the_issuers_pages_are_labelled_by_area_in_order(large):
    """notices/by-org/ lists the issuers by area (全国, then the provinces in code order): its pages' labels are
    the areas of their first and last issuers, so they follow one another (by name they overlapped)."""
    from scitechday.archive import context, indexes
    from scitechday.domain.regions import CODE_OF
    from scitechday.publish import listings

    ctx = context.compute(large.parent / "data", use_cache=False)
    pages = [p for p in listings.notices(ctx.archive) if p.listing == "notices/by-org.md"]
    assert len(pages) >= 2
    order = lambda name: (name != indexes.NATIONAL, CODE_OF.get(name, "99"))  # noqa: E731
    areas = [[indexes.area(o) for o, _ in page.context["issuers"]] for page in pages]
    flat = [a for page in areas for a in page]
    assert flat == sorted(flat, key=order) and len(set(flat)) > len(pages)
    for page, names in zip(pages[0].context["pager"], areas):
        assert page["label"].split(" ")[0] == (names[0] if names[0] == names[-1] else f"{names[0]}—{names[-1]}")
    # each page heads every run of one area's issuers with the area, marked 续 where the run began a page before
    for n, (page, names) in enumerate(zip(pages, areas)):
        html = (large / (page.src[:-len(".md")] + "/index.html")).read_text(encoding="utf-8")
        runs = [a for i, a in enumerate(names) if i == 0 or a != names[i - 1]]
        cont = n > 0 and names[0] == areas[n - 1][-1]
        assert re.findall(r'<h2 class="st-area">([^<]+)</h2>', html) == [
            a + ("（续）" if i == 0 and cont else "") for i, a in enumerate(runs)], page.src


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A synthetic archive of 300 notices (most of them in May), built with the real configuration."""
    from scitechday.publish import render

    root = tmp_path_factory.mktemp("large")
    synthetic.generate(root / "data", 0.03)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "TREE_OPEN_UP_TO", 50)  # 90 organizations here: the tree pages fold as a national one's
        return site.build(CONFIG, root / "data", root / "site")


def test_no_page_is_too_large(large):
    sizes = {p: p.stat().st_size for p in large.rglob("*.html")}
    big = {str(p.relative_to(large)): s for p, s in sizes.items() if s > 150_000}
    assert not big  # at 300 notices nothing approaches the 300 KB a page may weigh at national scale


def test_busy_calendar_days_show_counts_and_day_pages_list_everything(large):
    from scitechday.archive import calendar as cal
    from scitechday.archive import context

    ctx = context.compute(large.parent / "data", use_cache=False)
    busiest_month = max(cal.by_month(ctx.entries).items(), key=lambda kv: len(kv[1]))
    (y, m), items = busiest_month
    grid = cal.month_grid(y, m, items)
    day, marks = max(grid.marks.items(), key=lambda kv: len(kv[1]))
    assert len(marks) > 5
    month = (large / f"calendar/{y}/{m:02d}/index.html").read_text(encoding="utf-8")
    cell = month[month.index(f'data-date="{day}"'):]
    cell = cell[:cell.index("</td>")]
    assert "st-cell-count" in cell and "项" in cell
    listed = []
    for page in sorted((large / f"calendar/{y}/{m:02d}").glob(f"{day.day:02d}*/index.html")):
        listed += re.findall(r'<li class="st-entry[^"]*" data-start="[^"]+" data-end="[^"]+">', page.read_text(encoding="utf-8"))
    assert len(listed) == len(marks)  # the day pages list every entry marked that day
    filters = re.findall(r'<a href="(p\d\d|national)/">', month)
    assert len(filters) > 1
    for key in filters:  # a province's month lists only that province's entries, all of them
        page = (large / f"calendar/{y}/{m:02d}/{key}/index.html").read_text(encoding="utf-8")
        assert "（" in page.split("</h1>")[0]


def test_no_broken_internal_links_when_listings_are_paged(large):
    """The filter links lead to the listing page that holds their year, region or observance; a link to a
    year on the first page (a notice's breadcrumb) is forwarded to the page that holds it."""
    from scitechday.publish.linkcheck import broken_links

    assert (large / "notices/index_p2/index.html").is_file() and (large / "notices/by-region_p2/index.html").is_file()
    assert broken_links(large) == []


def test_an_observance_day_without_marks_says_so_in_the_agenda(large):
    """5月30日 is listed in a month's agenda for its observance even when nothing starts, ends or is due that
    day: a heading with nothing under it read as a page that failed to load."""
    bare = []
    for page in large.glob("calendar/*/*/index.html"):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<h3 id="d-[^"]+">.*?</h3>\n(?!<ul)(.*)', html):
            bare.append(m.group(1))
    assert bare and all(b.startswith('<p class="st-meta">这一天没有活动开始、结束或报送截止') for b in bare)


def test_listings_are_paged_and_list_every_notice(large):
    pages = [large / "notices/index.html", *sorted((large / "notices").glob("index_p*/index.html"))]
    assert len(pages) > 1
    linked = set()
    for p in pages:
        linked |= set(re.findall(r'href="[./]*(c-\d+)/"', p.read_text(encoding="utf-8")))
    assert len(linked) == 300


def test_a_large_open_data_package_is_published_compressed_and_still_valid(tmp_path):
    import gzip
    import json
    import subprocess

    from scitechday.archive import context
    from scitechday.publish import export

    ctx = context.compute(ROOT / "data", use_cache=False)
    plain = export.package_files(ctx.records, ctx.rows)
    same, suffix = export.published(plain, limit=10**12)
    assert same is plain and suffix == ""
    given = dict(plain)
    packed, suffix = export.published(given, limit=0)
    assert list(given) == ["datapackage.json"]  # each raw file let go of once compressed (memory)
    assert suffix == ".gz" and set(packed) == {n + ".gz" for n in plain if n != "datapackage.json"} | {"datapackage.json"}
    for name, data in plain.items():
        if name != "datapackage.json":
            assert gzip.decompress(packed[name + ".gz"]) == data
    for name, data in packed.items():
        (tmp_path / name).write_bytes(data)
    descriptor = json.loads(packed["datapackage.json"])
    assert all(r["path"].endswith(".csv.gz") and r["compression"] == "gz" for r in descriptor["resources"])
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(tmp_path / "datapackage.json")],
                            capture_output=True, text=True)
    assert json.loads(result.stdout)["valid"], result.stdout[-2000:]


def test_fast_relpath_agrees_with_posixpath():
    import posixpath

    from hypothesis import given
    from hypothesis import strategies as st

    from scitechday.publish.urls import _relpath

    part = st.sampled_from(["a", "b", "notices", "x", "2019"])
    path = st.builds(lambda ps, slash: ("/".join(ps) + slash) if ps else ".", st.lists(part, max_size=4),
                     st.sampled_from(["", "/"]))

    @given(path, path)
    def check(target, start):
        assert _relpath(target, start) == posixpath.relpath(target, start)

    check()


def test_a_relative_link_leads_to_its_target_from_any_page():
    """urls.relative, resolved as a browser resolves it from the page's own address, is the target's address."""
    from urllib.parse import urljoin

    from hypothesis import given
    from hypothesis import strategies as st

    from scitechday.publish import urls

    part = st.sampled_from(["a", "b", "notices", "calendar", "2019", "05", "25-2", "index"])
    src = st.builds(lambda ps: "/".join(ps) + ".md", st.lists(part, min_size=1, max_size=5))
    static = st.builds(lambda ps: "/".join(ps) + ".css", st.lists(part, min_size=1, max_size=3))
    site = "https://example.org/base/"

    @given(src, st.one_of(src, static), st.booleans(), st.sampled_from(["", "part-1"]))
    def check(here, to, directory_urls, anchor):
        link = urls.relative(here, to, anchor, directory_urls)
        target = to if to.endswith(".css") else urls.url_of(to, directory_urls)
        assert urljoin(site + urls.url_of(here, directory_urls), link) == site + target + (f"#{anchor}" if anchor else "")

    check()


@pytest.fixture(scope="module")
def large_url(large):
    """The synthetic archive's site on 127.0.0.1, for the browser."""
    from test_browser import _serve

    server = _serve(large)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@contextlib.contextmanager
def opened(browser, size: tuple[int, int] | None = None):
    """A page in Chinese; phone-sized (width, height) when a size is given."""
    phone = dict(viewport={"width": size[0], "height": size[1]}, is_mobile=True) if size else {}
    context = browser.new_context(locale="zh-CN", **phone)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_filters_name_and_count_stay_on_one_line_on_a_phone(large, large_url, browser):
    """A busy month's province filters wrap over many lines on a phone; no count is left at the start of a
    line apart from its province (it read as the next province's number)."""
    months = sorted(large.glob("calendar/*/*/index.html"), key=lambda p: -p.read_text(encoding="utf-8").count("st-meta"))
    with opened(browser, (320, 700)) as page:
        for url in (months[0].parent.relative_to(large).as_posix() + "/", "notices/"):
            page.goto(large_url + url)
            pairs = page.eval_on_selector_all(
                ".st-filters a + .st-meta, .st-filters strong + .st-meta",
                "els => els.map(m => [m.previousElementSibling.getBoundingClientRect().bottom,"
                " m.getBoundingClientRect().bottom])")
            lines = {round(count) for _, count in pairs}
            assert len(pairs) >= 8 and len(lines) >= 3, url  # enough filters to wrap at this width
            assert [p for p in pairs if abs(p[0] - p[1]) > 12] == [], url  # a line is 18–24 px


def test_a_link_to_a_year_on_a_later_page_is_followed_there(large, large_url, browser):
    """A notice's breadcrumb links its year on the notices' first page (notices/#year-2018), which paging
    may have moved to a later page: site.js follows the link there."""
    first = (large / "notices/index.html").read_text(encoding="utf-8")
    anchor = re.findall(r'<a data-anchor="(year-\d{4})" href="([^"]+)"', first)[-1][0]
    with opened(browser) as page:
        page.goto(f"{large_url}notices/#{anchor}")
        page.wait_for_url(f"**/notices/index_p*/#{anchor}")
        assert page.locator(f"h2#{anchor}").is_visible()


def test_pager_links_are_targets_of_at_least_24_px_on_a_phone(large_url, browser):
    """WCAG 2.2's minimum target size (a national archive's busiest days have pagers of bare numbers: 9 × 17 px)."""
    with opened(browser, (320, 700)) as page:
        for url in ("notices/", "notices/by-region/"):
            page.goto(large_url + url)
            sizes = page.eval_on_selector_all(".st-pages a", "els => els.map(e => [e.getBoundingClientRect().width,"
                                                            " e.getBoundingClientRect().height])")
            assert sizes and [s for s in sizes if min(s) < 24] == [], url


def test_paged_listings_do_not_scroll_sideways_on_a_phone(large, large_url, browser):
    """A pager's label names its first and last groups and may be longer than a phone's line (an issuer's or
    an honour's full name): it wraps inside its own box, a short one stays whole."""
    listings = [p.parent.relative_to(large).as_posix() + "/" for p in large.glob("*/*/index.html")
                if "_p" not in p.parent.name and 'class="st-pages"' in p.read_text(encoding="utf-8")]
    listings += [p.parent.relative_to(large).as_posix() + "/" for p in large.glob("*/index.html")
                 if 'class="st-pages"' in p.read_text(encoding="utf-8")]
    assert len(listings) >= 4
    with opened(browser, (320, 700)) as page:
        for url in listings:
            page.goto(large_url + url)
            page.evaluate("document.querySelectorAll('.st-pages a')[0].textContent = '合成科技志愿者队伍510号—合成科技志愿者队伍610号'")
            assert page.evaluate("document.scrollingElement.scrollWidth") <= 320, url  # (a phone widens innerWidth)
            sizes = page.eval_on_selector_all(".st-pages a", "els => els.map(e => e.getBoundingClientRect().height)")
            assert sum(h > 30 for h in sizes) <= 1, url  # only the long one wraps


def test_a_months_filter_is_kept_when_going_to_the_next_or_previous_month(large, large_url, browser):
    """On a province's (or an observance's) page of a month, ‹ › lead to that filter of the other month when it
    has one, else to the whole month (they dropped the filter); plain links, which a reader follows without
    a failed request (site.js used to try the filter's page with HEAD and log a 404 where it was missing)."""
    kept = fallback = None
    for f in sorted(large.glob("calendar/*/*/*/index.html")):
        key = f.parent.name
        found = re.search(r'<a href="([^"]+)" rel="next">', f.read_text(encoding="utf-8"))
        if not found or not re.fullmatch(r"p\d\d|national|o-[\w-]+", key):
            continue
        target = (f.parent / found.group(1)).resolve()
        assert (target / "index.html").is_file(), (f, found.group(1))
        if target.name == key and not kept:
            kept = (f, target)
        elif target.name != key and not fallback:
            assert not (target / key / "index.html").exists()  # the whole month only where it lacks the filter
            fallback = (f, target)
    assert kept and fallback
    with opened(browser) as page:
        failed: list = []
        # a request the click's navigation cancels (the favicon, still loading) is not one that failed
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
        for page_file, expected in (kept, fallback):
            page.goto(large_url + page_file.parent.relative_to(large).as_posix() + "/")
            page.locator(".st-month-nav a[rel=next]").click()
            page.wait_for_url(large_url + expected.relative_to(large).as_posix() + "/")
        assert failed == []


def test_a_large_organization_tree_folds_on_a_phone_and_still_links_every_organization(large, large_url, browser):
    """orgs/ at national scale was one list 91,000 px tall on a phone: subordinates fold under 下级, the
    first level open."""
    from scitechday.archive import context

    ctx = context.compute(large.parent / "data", use_cache=False)
    organizations = {o.id for o in ctx.archive.organizations if not o.is_team}
    with opened(browser, (390, 844)) as page:
        page.goto(large_url + "orgs/")
        linked = page.eval_on_selector_all(".st-tree a", "els => els.map(e => e.getAttribute('href'))")
        assert {h.rstrip("/").rsplit("/", 1)[-1] for h in linked} == organizations
        folded = page.evaluate("document.documentElement.scrollHeight")
        assert page.locator(".st-tree > li > details[open]").count() >= 1  # the first level is shown
        page.evaluate("document.querySelectorAll('.st-tree details').forEach(d => d.open = true)")
        assert folded < page.evaluate("document.documentElement.scrollHeight") / 2


def test_a_phone_is_told_what_the_vague_mark_means(large, large_url, browser):
    """The month's legend is for the grid, which a phone does not show, but 约 marks the agenda's entries too:
    its line stays (a title tooltip does not open on a touch screen)."""
    months = [p for p in sorted(large.glob("calendar/*/*/index.html")) if 'class="st-vague"' in p.read_text(encoding="utf-8")]
    with opened(browser, (390, 844)) as page:
        page.goto(f"{large_url}{months[0].parent.relative_to(large).as_posix()}/")
        shown = page.eval_on_selector_all(".st-legend > dd", "els => els.filter(e => e.offsetParent).map(e => e.textContent)")
        assert len(shown) == 1 and "约数" in shown[0]
        assert page.locator(".st-agenda .st-vague, .st-entry .st-vague").first.is_visible()
