"""What readers see, in Chromium: the notice first, search that finds it, accessible, in Chinese, statistics.

axe-core (npm, pinned in package-lock.json; `make test` runs `npm ci`) checks every page type at
desktop and phone widths, in the light and the dark scheme.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
import urllib.parse
from pathlib import Path

import pytest

from conftest import ROOT
from test_browser import _Server, playwright

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

PAGE_TYPES = {
    "home": "", "notice": "notices/2019-lianyungang-kexie/", "notice-plan": "notices/2019-yinchuan-kexie/",
    "organization": "orgs/lianyungang-kexie/", "team": "orgs/lianyungang-zhidui/", "profile": "profiles/li-baoguo/",
    "edition": "editions/workers-day-2019/", "notices": "notices/", "by-region": "notices/by-region/",
    "by-observance": "notices/by-observance/", "by-org": "notices/by-org/", "orgs": "orgs/", "teams": "teams/",
    "profiles": "profiles/", "editions": "editions/", "calendar": "calendar/", "calendar-month": "calendar/2019/05/",
    "stats": "stats/", "download": "download/", "sources": "sources/", "source": "sources/003_8a3a7ff3aedc53f4/",
    "search": "search/?q=" + urllib.parse.quote("志愿"), "not-found": "no-such-page/", "about": "about/",
    "contributing": "contributing/", "templates": "templates/",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host as GitHub Pages or nginx are set up for the site: a missing page gets 404.html."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base(built):
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _context(browser, viewport=DESKTOP, scheme="light", **kw):
    return browser.new_context(viewport=viewport, color_scheme=scheme, locale="zh-CN",
                               is_mobile=viewport is PHONE, has_touch=viewport is PHONE, **kw)


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `npm ci` at the repository root (make test does).")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_violation_on_any_page_type(browser, base, axe_source, viewport, scheme):
    context = _context(browser, viewport, scheme)
    page = context.new_page()
    found = {}
    for name, url in PAGE_TYPES.items():
        page.goto(base + url)
        if name == "search":
            page.locator(".pagefind-ui__result").first.wait_for(timeout=15000)
        assert page.evaluate("document.documentElement.dataset.mdColorScheme || getComputedStyle(document.body)"
                             ".colorScheme") is not None
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa',
            'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))""")
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


def test_dark_scheme_is_used_and_can_be_toggled(browser, base):
    context = _context(browser, DESKTOP, "dark")
    page = context.new_page()
    page.goto(base)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.locator('label[title="切换到浅色模式"]:visible').click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    context.close()


def test_a_phone_reader_reaches_the_full_text_in_one_tap(browser, base):
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + "notices/2019-lianyungang-kexie/")
    read = page.get_by_role("link", name="阅读全文")
    box = read.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"], "阅读全文 is on the first screen"
    read.click()
    page.wait_for_url("**#body")
    first_paragraph = page.locator(".st-published .st-body p").first
    top = first_paragraph.bounding_box()["y"]
    assert 0 <= top < PHONE["height"] and first_paragraph.is_visible()
    # the table of contents lists the body's own sections, and each entry leads to one
    headings = page.locator(".st-body h3").evaluate_all("hs => hs.map(h => [h.id, h.textContent.trim()])")
    toc = page.locator(".st-toc a[href^='#part-']").evaluate_all(
        "as => as.map(a => [a.getAttribute('href').slice(1), a.textContent.trim()])")
    assert toc == headings and len(toc) >= 3
    context.close()


def test_deadlines_are_a_table_on_desktop_and_cards_on_a_phone(browser, base):
    url = base + "notices/2019-yinchuan-kexie/"
    for viewport, row_display in ((DESKTOP, "table-row"), (PHONE, "block")):
        context = _context(browser, viewport)
        page = context.new_page()
        page.goto(url)
        row = page.locator("#deadline-1")
        assert row.evaluate("r => getComputedStyle(r).display") == row_display
        date = row.locator("time").first
        lines = date.evaluate("t => Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight))")
        assert lines == 1, "the date stays on one line"
        if viewport is PHONE:
            assert page.locator(".st-deadlines thead").bounding_box()["height"] <= 1  # kept for screen readers only
            label = row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
            assert "报送内容" in label
            assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]  # (a phone widens innerWidth)
        context.close()


def test_a_long_unbroken_value_wraps_instead_of_widening_a_phones_page(browser, base):
    """An address or a place written as a 100-character URL (plain text, not a link) made a 390 px page 890 px wide:
    the facts' grid column grew to the value's width."""
    token = "线上：https://www.example.gov.cn/xxgk/zcwj/tzgg/202105/t20210521_2846623_wap.html?from=timeline&isappinstalled=0"
    context = _context(browser, PHONE)
    page = context.new_page()
    for url, where in (("orgs/yinchuan-kexie/", ".st-header-block dd"), ("notices/2019-yinchuan-kexie/", ".st-facts dd"),
                       ("notices/2019-yinchuan-kexie/", ".st-header-block dd"), ("notices/2019-yinchuan-kexie/", ".md-content p")):
        page.goto(base + url)
        page.locator(where).first.evaluate("(dd, t) => { dd.textContent = t; }", token)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], (url, where)  # (a phone widens innerWidth)
    context.close()


def test_print_gives_the_notice_as_published_and_no_site_chrome(page, base):
    page.goto(base + "notices/2019-lianyungang-kexie/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".st-summary", ".st-toc", ".st-extracted",
                   ".st-edit", ".st-breadcrumb"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".st-print-docnum").inner_text() == "连科协〔2019〕31号"
    assert page.locator("h1").is_visible() and page.locator(".st-published .st-body").is_visible()
    assert page.locator("#attachment-1").is_visible()
    printed = page.locator("article.st-notice").inner_text()
    assert printed.count("2019年5月15日\n") <= 2  # the signature's date once (and the 印发 line), not again below


def test_the_signature_is_printed_once(page, base):
    page.goto(base + "notices/2020-weinan-kexie/")
    text = page.locator(".st-published").inner_text()
    assert text.count("2020年5月6日") == 1
    assert page.locator(".st-signature").count() == 0  # the transcribed body already ends with it
    page.goto(base + "notices/2021-zhongguo-tiedao-xuehui/")  # body ends with the date, no signer recorded
    assert page.locator(".st-published").inner_text().count("2021年4月28日") == 1


def _results(page):
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    playwright.expect(page.locator(".pagefind-ui__result-title").first).not_to_contain_text(". . .", timeout=15000)
    return page.locator(".pagefind-ui__result")


@pytest.mark.parametrize("query,url", [
    ("连科协〔2019〕31号", "notices/2019-lianyungang-kexie/"),
    ("渭科协发〔2020〕12号", "notices/2020-weinan-kexie/"),
    ("常州市科协关于开展2014年中国科协会员日活动的通知", "notices/2014-changzhou-kexie/"),
    ("渭南 全国科技工作者日", "notices/2020-weinan-kexie/"),
    ("志愿", "notices/2019-lianyungang-kexie/"),
])
def test_search_finds_the_notice_first(page, base, query, url):
    page.goto(base + "search/?q=" + urllib.parse.quote(query))
    first = _results(page).first
    assert first.locator(".pagefind-ui__result-link").get_attribute("href").rstrip("/").endswith(url.rstrip("/"))


def test_a_search_result_shows_type_date_issuer_and_an_excerpt(page, base):
    page.goto(base + "search/?q=" + urllib.parse.quote("连科协〔2019〕31号"))
    first = _results(page).first
    tags = first.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert any("通知" in t for t in tags) and any("2019年5月15日" in t for t in tags)
    assert any("连云港市科学技术协会" in t for t in tags)
    excerpt = first.locator(".pagefind-ui__result-excerpt").inner_text()
    assert len(excerpt) >= 40
    assert page.locator("input.pagefind-ui__search-input").get_attribute("aria-label")


def test_search_filters_by_type(page, base):
    page.goto(base + "search/?q=" + urllib.parse.quote("连云港") + "&" + urllib.parse.quote("类型") + "=" +
              urllib.parse.quote("组织"))
    results = _results(page)
    playwright.expect(page.locator(".pagefind-ui__message")).to_contain_text("连云港", timeout=15000)
    hrefs = results.locator(".pagefind-ui__result-link").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all("/orgs/" in h for h in hrefs)
    panel = page.locator(".pagefind-ui__filter-panel")
    for name in ("类型", "年份", "地区", "纪念日"):  # every filter is offered
        playwright.expect(panel).to_contain_text(name, timeout=15000)


def test_search_on_a_phone_shows_plain_filters_and_a_result_on_the_first_screen(browser, base):
    """Pagefind's filter blocks are <details>, which Material draws as admonitions (a blue frame, a note icon,
    wide margins): on a phone they pushed the first result below the screen."""
    context = _context(browser, PHONE)
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
        page.on("console", lambda m: failed.append(m.text) if m.type == "error" else None)
        for attempt in (1, 2):  # CI twice saw no filters on a busy machine, never alone: a reader would reload too
            page.goto(base + "search/?q=" + urllib.parse.quote("科技"))
            first = page.locator(".pagefind-ui__result").first
            first.wait_for(timeout=20000)
            try:  # the filters are drawn after the first results, once Pagefind has loaded them
                page.wait_for_function("document.querySelectorAll('.pagefind-ui__filter-block').length >= 3",
                                       timeout=15000)
                break
            except playwright.Error:
                assert attempt == 1, f"no filters after a reload; failed requests and errors: {failed}"
        looks = page.eval_on_selector_all(".pagefind-ui__filter-block", """els => els.map(e => [
            getComputedStyle(e).borderLeftWidth, getComputedStyle(e).marginTop, e.open,
            getComputedStyle(e.querySelector("summary"), "::before").content])""")
        assert len(looks) >= 3
        assert [x for x in looks if x[0] != "0px" or x[1] != "0px" or x[2] or x[3] not in ("none", "normal")] == []
        assert first.bounding_box()["y"] < PHONE["height"]
    finally:
        context.close()


def test_one_search_box_on_the_search_page(page, base):
    page.goto(base + "search/?q=" + urllib.parse.quote("志愿"))
    _results(page)
    boxes = page.locator("input[type=search]:visible, input.pagefind-ui__search-input:visible")
    assert boxes.count() == 1


def test_home_lists_deadlines_first_with_days_left(page, base, built):
    page.clock.set_fixed_time(dt.datetime(2019, 5, 10, 9, 0))
    page.goto(base)
    headings = page.locator("article h2").all_inner_texts()
    assert headings[0] == "报送截止"
    first = page.locator("[data-upcoming] li:visible").first
    assert first.get_attribute("data-end") == "2019-05-17"
    assert first.locator(".st-days").inner_text() == "还有 7 天"
    assert "还有" not in (built / "index.html").read_text(encoding="utf-8")  # drawn in the browser: builds stay reproducible


def test_home_grid_stays_a_grid_and_the_phone_title_is_short(browser, base):
    context = _context(browser, DESKTOP)
    page = context.new_page()
    page.goto(base)
    counts = page.locator(".st-counts li")
    assert counts.nth(0).bounding_box()["y"] == counts.nth(1).bounding_box()["y"]
    page.goto(base + "calendar/2019/")
    months = page.locator(".st-year-grid li")
    assert months.nth(0).bounding_box()["y"] == months.nth(1).bounding_box()["y"]
    context.close()
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + "notices/2019-lianyungang-kexie/")
    title = page.locator(".md-header__topic:first-child .md-ellipsis")
    assert title.inner_text().strip() == "科技工作者日档案"
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the phone title is not cut off"
    context.close()


def test_detail_pages_highlight_their_section_and_breadcrumbs_link(page, base):
    page.goto(base + "notices/2019-lianyungang-kexie/")
    active = page.locator(".md-nav--primary .md-nav__item--active > .md-nav__container > a, "
                          ".md-nav--primary .md-nav__item--active > a").first
    assert active.inner_text().strip() == "通知档案"
    page.locator(".st-breadcrumb").get_by_role("link", name="2019年", exact=True).click()
    page.wait_for_url("**/notices/#year-2019")
    assert page.locator("#year-2019").is_visible()
    page.goto(base + "orgs/lianyungang-zhidui/")
    assert page.locator(".md-nav--primary .md-nav__item--active > a").first.inner_text().strip() == "科技志愿者队伍"


def test_no_english_a_visitor_can_see(page, base):
    for url in ("", "download/", "no-such-page/", "notices/2019-lianyungang-kexie/", "search/?q=" +
                urllib.parse.quote("志愿")):
        page.goto(base + url)
        if url.startswith("search"):
            _results(page)
        text = page.locator("body").inner_text()
        for english in ("Made with", "Material for MkDocs", "Not found", "string", "integer", "national",
                        "provincial", "prefecture", "Search", "Load more", "results"):
            if english in ("national", "provincial", "prefecture") and url == "download/":
                # codes are shown beside their Chinese names: 全国（national）
                assert re.search(r"[\u4e00-\u9fff]（" + english + "）", text) and not re.search(
                    r"(?<![（a-z])" + english + r"(?!）)", text), english
                continue
            assert english not in text, f"{english!r} on {url or 'home'}"


def test_not_found_page_is_chinese_with_search_and_home(page, base):
    response = page.goto(base + "no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在（404）"
    page.get_by_label("搜索档案").fill("李保国")
    page.get_by_label("搜索档案").press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.goto(base + "no-such-page/")
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(base)


def test_statistics_draw_a_readable_chart_above_each_table(page, base):
    page.goto(base + "stats/")
    charts = page.locator(".st-chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("svg rect").count() >= 1 and chart.locator("table tbody tr").count() >= 1
        bars = chart.locator("svg rect title").all_text_contents()
        cells = chart.locator("table tbody td").all_inner_texts()
        assert sum(int(b.rsplit("：", 1)[1]) for b in bars) == (
            sum(int(c) for c in cells) // (2 if chart.locator("thead th").count() > 2 else 1))
    # above its table, at the text's width: beside a wide table (a national archive's years) it was ~230 px wide,
    # its labels 6–8 px
    page.evaluate("document.querySelector('.st-chart table').style.minWidth = '40em'")
    svg_box, table_box = charts.first.locator("svg").bounding_box(), charts.first.locator("table").bounding_box()
    assert svg_box["width"] >= 500 and table_box["y"] > svg_box["y"] + svg_box["height"] - 1


def test_edit_and_correct_links_on_a_record_page(page, base):
    page.goto(base + "notices/2019-lianyungang-kexie/")
    edit = page.get_by_role("link", name="编辑此页")
    assert edit.get_attribute("href").endswith("/edit/main/data/campaigns/2019/2019-lianyungang-kexie.yml")
    report = urllib.parse.urlparse(page.get_by_role("link", name="纠错").first.get_attribute("href"))
    assert report.path.endswith("/issues/new") and "连科协" not in report.path
    assert urllib.parse.parse_qs(report.query)["title"][0].startswith("纠错：")


def test_a_source_link_opens_the_original_text(page, base):
    page.goto(base + "notices/2019-lianyungang-kexie/")
    page.get_by_role("link", name="查看收录的原文").first.click()
    page.wait_for_url("**/sources/003_8a3a7ff3aedc53f4/")
    assert "连科协〔2019〕31号" in page.locator(".st-source-text").inner_text()
    page.get_by_role("link", name=re.compile("礼赞共和国")).first.click()
    page.wait_for_url("**/notices/2019-lianyungang-kexie/")


@pytest.mark.parametrize("kind", ["notice", "organization", "team", "profile", "edition", "source"])
def test_breadcrumb_and_edit_links_are_targets_of_at_least_24_px_on_a_phone(browser, base, kind):
    """WCAG 2.2's minimum target size: the breadcrumb and the 编辑此页/纠错 links stand alone (not inside a
    sentence, where smaller links are allowed); at .8em they were 15–17 px high."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + PAGE_TYPES[kind])
    sizes = page.eval_on_selector_all(".st-breadcrumb a, .st-edit a", "els => els.map(e => [e.textContent,"
                                      " e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    context.close()
    assert sizes and [s for s in sizes if min(s[1:]) < 24] == [], kind


def test_editions_are_a_line_of_time_not_numbered(page, base):
    """The editions are listed newest first: numbers (1. for 2021, 4. for 2014) read as the editions' ordinals."""
    page.goto(base + "editions/")
    items = page.locator("ol.st-timeline > li")
    assert items.count() >= 2
    assert items.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    years = [int(re.match(r"(\d{4})年", t).group(1)) for t in items.locator("strong").all_inner_texts()]
    assert years == sorted(years, reverse=True)


def test_the_search_page_puts_the_caret_in_its_box_and_shows_the_focus(page, base):
    """The header's 搜索 opens the search page to type in; the box showed no focus at all (Pagefind's style)."""
    page.goto(base + "search/")
    box = page.locator("#st-search input.pagefind-ui__search-input")
    box.wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.matches('#st-search input[type=text]')")
    outline = box.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 2


def test_on_a_phone_the_keyboard_skips_the_closed_menu_and_reaches_it_when_open(browser, base):
    """Material slides the navigation drawer off the screen: its links took the first 20 Tab presses."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + "notices/2019-lianyungang-kexie/")
    for _ in range(6):
        page.keyboard.press("Tab")
        assert page.evaluate("!document.activeElement.closest('.md-sidebar--primary')")
        assert page.evaluate("document.activeElement.getBoundingClientRect().right") > 0  # on the screen
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(400)
    assert page.locator(".md-sidebar--primary").get_by_role("link", name="通知档案").first.is_visible()
    page.locator(".md-sidebar--primary").get_by_role("link", name="通知档案").first.focus()
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1000, "height": 800}], ids=["phone", "narrow-desktop"])
def test_the_keyboard_opens_the_menu_with_its_button(browser, base, viewport):
    """Wherever the navigation is a drawer (phones, windows under 1220 px), its hidden links are out of Tab's way:
    the ☰ button is then the keyboard's way to the menu (a <label>, which took no focus)."""
    context = _context(browser, viewport)
    page = context.new_page()
    page.goto(base + "notices/2019-lianyungang-kexie/")
    for _ in range(8):  # the button is among the first stops
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('label[for=__drawer]')"):
            break
    assert page.evaluate("document.activeElement.matches('label[for=__drawer]')")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && !!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('label[for=__drawer]') && !document.getElementById('__drawer').checked")
    context.close()


def test_landmarks_are_named_apart(browser, base, axe_source):
    """A screen reader lists a page's landmarks by name: the scrolling tables of download/ and stats/ were all
    表格（可横向滚动）, and the 404 page's two search forms had no name (axe's landmark-unique)."""
    context = _context(browser, PHONE)
    page = context.new_page()
    for url in ("download/", "stats/", "no-such-page/", "notices/2019-lianyungang-kexie/"):
        page.goto(base + url)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => (await axe.run(document, {runOnly: ['landmark-unique',
            'landmark-no-duplicate-banner', 'landmark-no-duplicate-contentinfo']})).violations.map(v => v.id)""")
        assert violations == [], url
    page.goto(base + "download/")
    names = page.eval_on_selector_all("[role=region][aria-label]", "els => els.map(e => e.getAttribute('aria-label'))")
    assert len(names) >= 2 and len(set(names)) == len(names) and all("可横向滚动" in n for n in names)
    context.close()


def test_the_open_data_fields_are_cards_on_a_phone(browser, base):
    """On a phone each field of the open data is a card: its description on the screen, its name whole."""
    context = _context(browser, PHONE)
    page = context.new_page()
    page.goto(base + "download/")
    rows = page.locator(".st-fields table tbody tr")
    assert rows.count() >= 10
    right = page.eval_on_selector_all(".st-fields table td", "els => Math.max(...els.map(e => e.getBoundingClientRect().right))")
    assert right <= PHONE["width"]
    names = page.eval_on_selector_all(".st-fields table td:first-child code", "els => els.map(e => e.getClientRects().length)")
    assert set(names) == {1}  # observance on one line, not observanc/e
    described = page.locator(".st-fields table td[data-label='说明']:not(.st-empty)").first
    assert described.inner_text().strip() and described.evaluate("e => getComputedStyle(e, '::before').content").startswith('"说明')
    context.close()


def test_search_results_read_in_chinese_punctuation(page, base):
    """Pagefind writes 类型: 通知 and ends a heading in an excerpt with ". " (连科协〔2019〕31号. 关于…)."""
    page.goto(base + "search/?q=" + urllib.parse.quote("科协"))
    _results(page)
    page.wait_for_function("""() => { const t = [...document.querySelectorAll('.pagefind-ui__result-tag')];
        return t.length > 0 && t.every(e => !e.textContent.includes(': ')); }""", timeout=15000)
    tags = page.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert tags and all("：" in t and ": " not in t for t in tags)
    excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert excerpts and not re.search(r"[\u3400-\u9fff）〕0-9]\. ", excerpts)
    assert page.locator(".pagefind-ui__result-excerpt mark").count() >= 1  # the highlighting is kept
    # the word before the heading's end highlighted: 〔2019〕<mark>31</mark><mark>号</mark>. 关于…
    page.goto(base + "search/?q=" + urllib.parse.quote("31号"))
    _results(page)
    page.wait_for_function("[...document.querySelectorAll('.pagefind-ui__result-excerpt')].some(e => e.textContent.includes('号'))",
                           timeout=15000)
    excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert "号" in excerpts and not re.search(r"[\u3400-\u9fff）〕0-9]\. ", excerpts), excerpts


@pytest.mark.parametrize("url", ["", "notices/2019-lianyungang-kexie/", "notices/"])
def test_the_first_tab_offers_to_skip_to_the_content(page, base, url):
    """On a wide screen the navigation's links come before the content; Material's 跳转至 needs a table of contents,
    which the generated pages do not have."""
    page.goto(base + url)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
    assert skip[0] == "跳转至" and page.locator(skip[1]).count() == 1
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('.md-header, .md-sidebar, .md-tabs')")



def test_the_open_data_field_names_stay_whole_in_the_desktop_table(page, base):
    page.goto(base + "download/")
    lines = page.eval_on_selector_all(".st-fields table td:first-child code", "els => els.map(e => e.getClientRects().length)")
    assert lines and set(lines) == {1}  # observanc/e broke in the narrow first column
