"""No script runs in a real browser on any page built from hostile data.

One MkDocs build of tests/hostile_archive.py (every free-text field carries script, event
handlers, quotes that break attributes, `</script>`, `</title>` and `javascript:`), then
Debian's Chromium opens every generated page and fails if a dialog opens, a payload element or
attribute exists in the DOM, or a payload script ran.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

import hostile_archive
from conftest import CONFIG
from scitechday.archive import context
from scitechday.data.schema import tables
from scitechday.publish import site

playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: make test")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# What a page must not hold once loaded. Our own pages carry no inline handlers at all.
PROBE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    if (el.classList && el.classList.contains('pwn')) found.push('element .pwn: ' + el.outerHTML.slice(0, 80));
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(`attribute ${a.name} on <${el.tagName}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name)
          && /^\\s*(javascript|data|vbscript):/i.test(a.value)
          && !(a.name === 'action' && a.value === 'javascript:void(0);'))  // Pagefind UI's own search form
        found.push(`${a.name}=${a.value.slice(0, 40)}`);
    }
  }
  for (const s of document.scripts) {
    if (/__pwned|alert\\(/.test(s.textContent) && s.type !== 'application/ld+json') found.push('script: ' + s.textContent.slice(0, 60));
  }
  if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
  return found;
}"""

FREE_TEXT_EXCEPTIONS = {  # string fields that hold ids, codes or numbers (checked by pattern or reference)
    "id", "parent", "formed_in", "organization", "issuer", "conferred_by", "campaign", "notice", "record",
    "record_type", "kind", "level", "region", "observance", "phone", "fax", "email", "url", "website", "category",
    "role", "sealed_by_organization",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-all")
    data = hostile_archive.write(root / "data")
    return data, site.build(CONFIG, data, root / "site")


def test_every_free_text_field_carries_a_payload(hostile_site):
    """The fixture is only worth something if it reaches every text field the schemas declare."""
    data, _ = hostile_site
    rows = context.compute(data, use_cache=False).rows  # DataError if the fixture does not validate
    missed = []
    for t in tables():
        for f in t.fields:
            if f.get("type", "string") not in ("string", "array") or f["name"] in FREE_TEXT_EXCEPTIONS:
                continue
            if f["name"] in t.keys or f["name"] == t.type_field or f.get("constraints", {}).get("enum"):
                continue
            i = t.field_names.index(f["name"])
            if not any(hostile_archive.MARK in str(v[i]) for v in rows[t.name].values):
                missed.append(f"{t.name}.{f['name']}")
    assert missed == []


def test_no_page_built_from_hostile_data_runs_script(hostile_site):
    _, out = hostile_site
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert any(p.startswith("notices/2030-ceshi-shi-kexie") for p in pages)
    handler = functools.partial(_Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs, leaks = [], {}
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            pg = browser.new_page()
            pg.on("dialog", lambda d: (dialogs.append((pg.url, d.message)), d.dismiss()))
            pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                     else route.abort())  # nothing leaves the machine, not even a payload's img src
            for rel in pages:
                pg.goto(base + rel, wait_until="load")
                found = pg.evaluate(PROBE)
                if found:
                    leaks[rel] = found
            # Pagefind's results are drawn by script from the index: search for a payload's words
            pg.goto(base + "search/?q=campaign")
            playwright.expect(pg.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15000)
            pg.wait_for_timeout(500)
            found = pg.evaluate(PROBE)
            if found:
                leaks["search/?q=campaign"] = found
            # the escaped payload shows as text where Material prints page values
            pg.goto(base + "notices/2030-ceshi-shi-kexie/")
            title = pg.title()
            header = pg.locator(".md-header__topic[data-md-component=header-topic]").inner_text()
            og = pg.locator("meta[property='og:title']").get_attribute("content")
            description = pg.locator("meta[name=description]").get_attribute("content")
            ld = pg.locator("script[type='application/ld+json']").text_content()
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []
    assert leaks == {}
    assert "campaign.title<script>" in title and "</title>" in title
    assert "campaign.title<script>" in header
    assert og.startswith("campaign.title<script>")
    assert "campaign.doc_number<script>" in description
    assert "campaign.title\\u003cscript\\u003e" in ld and "</script>" not in ld
