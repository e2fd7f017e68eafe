"""What a person sees: Debian's Chromium driven by Playwright against the built site on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading

import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: make test")

from conftest import ARGS, CHROMIUM  # noqa: E402,F401  (the browser fixture lives in conftest; others import these)


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # Chromium opens six connections at once; a busy test machine accepts them late


def _serve(root):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def base(built):
    server = _serve(built)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_home_to_a_notice(page, base):
    page.goto(base)
    assert page.locator("h1").first.inner_text() == "全国科技工作者日活动档案"
    page.locator(".st-notices").get_by_role("link", name="常州市科协关于开展2014年中国科协会员日活动的通知").first.click()
    page.wait_for_url("**/notices/2014-changzhou-kexie/")
    assert page.locator(".st-docnum").inner_text() == "常科协〔2014〕64号"
    assert page.get_by_role("heading", name="报送要求").is_visible()


def test_step_through_the_calendar(page, base):
    page.goto(base + "calendar/2019/05/")
    assert page.locator("td[data-date='2019-05-17'] a").first.inner_text().startswith("截止")
    page.get_by_role("link", name="2019年6月 ›").click()
    page.wait_for_url("**/calendar/2019/06/")
    assert page.locator("h1").inner_text() == "2019年6月 活动日历"
    page.get_by_role("link", name="‹ 2019年5月").click()
    page.wait_for_url("**/calendar/2019/05/")
    page.locator("td[data-date='2019-05-21'] a.st-cell-entry").click()
    page.wait_for_url("**/notices/2019-yinchuan-kexie/#period")


def test_desktop_calendar_shows_full_titles_a_legend_and_the_observance_day(page, base):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "calendar/2019/05/")
    cell = page.locator("td[data-date='2019-05-21'] a.st-cell-entry")
    assert "银川市科协2019年“全国科技工作者日”活动方案" in cell.inner_text()  # the whole title, wrapped
    box = cell.bounding_box()
    assert box["height"] > 30  # wrapped over lines, not cut to one
    assert "全国科技工作者日" in page.locator("td[data-date='2019-05-30'] .st-observance").inner_text()
    legend = page.locator("dl.st-legend").inner_text()
    for mark in ("▶", "◀", "截止", "约", "纪念日", "今天"):
        assert mark in legend


def test_a_notice_page_view_fetches_only_what_it_shows(browser, base):
    """No sitemap.xml (Material fetched it once per <link rel=alternate>), no search index, nothing off-site."""
    context = browser.new_context()
    pg = context.new_page()
    got = []
    pg.on("requestfinished", lambda r: got.append((r.url, r.sizes()["responseBodySize"])))
    pg.goto(base + "notices/2019-lianyungang-kexie/")
    pg.wait_for_load_state("networkidle")
    urls = [u for u, _ in got]
    assert not [u for u in urls if "sitemap" in u]
    assert not [u for u in urls if "/pagefind" in u or "search-bundles" in u]
    assert all(u.startswith(base) for u in urls), urls
    assert len(urls) <= 10, urls  # the page, Material's CSS and JS, ours, the favicon
    assert sum(size for _, size in got) < 600_000
    context.close()


def test_today_is_highlighted_in_the_browser(page, base):
    page.clock.set_fixed_time(dt.datetime(2019, 5, 17, 9, 0))
    page.goto(base + "calendar/2019/05/")
    assert "st-today" in page.locator("td[data-date='2019-05-17']").get_attribute("class")
    assert "st-today" not in (page.locator("td[data-date='2019-05-16']").get_attribute("class") or "")


def test_home_picks_the_next_edition_for_the_visitors_date(page, base):
    page.clock.set_fixed_time(dt.datetime(2020, 3, 1, 9, 0))
    page.goto(base)
    visible = page.locator(".st-edition-card:visible")
    assert visible.count() == 1 and "2020年第4个全国科技工作者日" in visible.inner_text() and "下一届" in visible.inner_text()
    for box in page.locator("[data-upcoming]").all():  # deadlines, then activities
        upcoming = box.locator("li:visible")
        assert upcoming.count() > 0
        starts = upcoming.evaluate_all("els => els.map(e => e.dataset.start)")
        assert all(d >= "2020-03-01" for d in upcoming.evaluate_all("els => els.map(e => e.dataset.end)"))
        assert starts == sorted(starts)  # soonest first


def test_home_without_upcoming_entries_shows_the_latest_first(page, base):
    page.clock.set_fixed_time(dt.datetime(2101, 1, 1, 9, 0))  # after every date the schemas allow
    page.goto(base)
    for box in page.locator("[data-upcoming]").all():  # deadlines, then activities
        assert box.locator("[data-role='none']").is_visible()
        starts = box.locator("li:visible").evaluate_all("els => els.map(e => e.dataset.start)")
        assert 0 < len(starts) <= 12 and starts == sorted(starts, reverse=True)


def test_search_li_baoguo_reaches_the_lianyungang_notice(page, base):
    page.goto(base)
    box = page.get_by_role("searchbox", name="搜索")
    box.fill("李保国")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(".pagefind-ui__result-link", has_text="科技志愿服务行动")
    result.first.wait_for(timeout=15000)
    result.first.click()
    page.wait_for_url("**/notices/2019-lianyungang-kexie/**")
    assert page.locator(".st-docnum").inner_text() == "连科协〔2019〕31号"


@pytest.mark.parametrize("query", ["李保国", "保国"])
def test_a_persons_full_name_finds_their_profile(page, base, query):
    """The search help says names are found: 李 found 李保国's profile, 李保国 and 保国 did not (a query is taken a
    character at a time, and no word of the profile began with 国)."""
    page.goto(base + f"search/?q={query}")
    links = page.locator(".pagefind-ui__result-link")
    links.first.wait_for(timeout=15000)
    # the results are drawn one by one as their fragments load: wait for the profile, not for a fixed time
    playwright.expect(page.locator(".pagefind-ui__result-link[href*='profiles/li-baoguo']")).to_have_count(1, timeout=15000)


@pytest.mark.parametrize("word,expected", [("志愿", "科技志愿者"), ("渭南", "渭南")])
def test_search_finds_two_character_words(page, base, word, expected):
    page.goto(base + f"search/?q={word}")
    # Pagefind first draws placeholder results (". . ."), then fills them in: wait for the words themselves
    playwright.expect(page.locator(".pagefind-ui__results")).to_contain_text(expected, timeout=15000)


def test_phone_width_screenshot(browser, base, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    pg = context.new_page()
    for url in ("", "notices/2019-lianyungang-kexie/", "calendar/2019/05/"):
        pg.goto(base + url)
        overflow = pg.evaluate("document.scrollingElement.scrollWidth - 390")  # (a phone widens innerWidth to the page)
        assert overflow <= 0, f"{url or 'home'} scrolls sideways by {overflow}px on a phone"
    assert not pg.locator("table.st-month").is_visible()  # on a phone the month is an agenda, not a grid of dots
    day = pg.locator("#d-2019-05-17")
    assert day.is_visible() and "5月17日" in day.inner_text()
    entry = pg.locator(".st-agenda li", has_text="全国科技工作者日主题活动筹备工作方案电子版")
    assert entry.is_visible() and entry.bounding_box()["width"] > 200
    assert "全国科技工作者日" in pg.locator("#d-2019-05-30").inner_text()  # the observance day is in the agenda
    shot = tmp_path / "phone-calendar.png"
    pg.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    context.close()


def test_print_stylesheet_prints_a_notice_as_a_document(page, base):
    page.goto(base + "notices/2014-changzhou-kexie/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".st-print-docnum").is_visible()
    assert page.locator("h1").evaluate("h => getComputedStyle(h).textAlign") == "center"


def test_hostile_body_runs_nothing(browser, hostile):
    server = _serve(hostile)
    try:
        context = browser.new_context()
        pg = context.new_page()
        dialogs = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/notices/2030-ceshi-shi-kexie/")
        for name in ("点我", "再点"):
            pg.get_by_text(name).first.click()
        pg.locator("h1").first.hover()
        pg.wait_for_timeout(300)
        assert pg.evaluate("window.__pwned") is None
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()
