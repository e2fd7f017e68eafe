"""The web editor (/admin/, Decap CMS) driven in Chromium: a notice created through the Chinese form
lands in its year folder, validates, is already canonical (`fmt --check`) and builds.

Runs decap-server (through `LocalEditor`, the relay `scitechday serve` uses) on a copy of the
synthetic fixture, serves the built site on 127.0.0.1, and fails on any request that leaves it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import CONFIG, FIXTURE
from scitechday.data.load import load
from scitechday.data.validate import validate
from scitechday.editing import admin, fmt
from scitechday.editing.local_server import LocalEditor, free_port
from scitechday.publish import site

playwright = pytest.importorskip("playwright.sync_api", reason="install the test extras: make test")

from conftest import ARGS, CHROMIUM  # noqa: E402,F401

LOCAL = ("http://127.0.0.1:", "data:", "blob:", "about:")
SHOTS = os.environ.get("SCITECHDAY_SCREENSHOTS")  # a folder: save the guide's screenshots there (docs/assets/editor)

pytestmark = pytest.mark.skipif(LocalEditor.available() is not None, reason="npm ci has not run (node_modules)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory, monkeypatch_module):
    root = tmp_path_factory.mktemp("editor")
    data = root / "data"
    shutil.copytree(FIXTURE, data)
    editor = LocalEditor(data, free_port()).start()
    monkeypatch_module.setenv(admin.ENV_LOCAL_URL, editor.url)
    out = site.build(CONFIG, data, root / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"base": f"http://127.0.0.1:{server.server_address[1]}/", "data": data, "root": root, "site": out}
    server.shutdown()
    editor.stop()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(LOCAL) else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert outside == [], "the editor must load nothing from outside 127.0.0.1"
    assert errors == []


def _login(page, base: str) -> None:
    page.goto(base + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="通知档案").first.wait_for()
    _shot(page, "collections")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _choose(page, label: str, typed: str, option: str) -> None:
    """Pick an option of a Decap select or relation drop-down (react-select) by typing and clicking."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(typed)
    if label.startswith("发文机关"):
        page.get_by_text(option, exact=True).last.wait_for()
        _shot(page, "issuer-dropdown")
    page.get_by_text(option, exact=True).last.click()


def test_admin_is_bundled_with_a_generated_config(editor_site):
    admin_dir = editor_site["site"] / "admin"
    assert (admin_dir / "decap-cms.js").stat().st_size > 1_000_000
    config = yaml.safe_load((admin_dir / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert config["publish_mode"] == "editorial_workflow"
    html = (admin_dir / "index.html").read_text(encoding="utf-8")
    assert "http" not in html.replace('"./yaml/index.js"', "")  # no CDN: every script is a relative path


def test_create_a_notice_through_the_form(page, editor_site):
    base, data = editor_site["base"], editor_site["data"]
    _login(page, base)
    page.goto(base + "admin/#/collections/notices/new")
    page.get_by_label("编号", exact=True).fill("2030-ceshi-wangye")
    page.get_by_label("标题", exact=True).fill("测试市科协关于网页编辑器测试的通知")
    _choose(page, "文种", "通知", "通知")
    _choose(page, "发文机关 (可选)", "测试市", "测试市科学技术协会")
    page.get_by_label("成文日期 (可选)").fill("2030-05-06")
    _choose(page, "纪念日", "全国科技", "全国科技工作者日")
    page.get_by_label("年份", exact=True).fill("2030")
    page.get_by_role("button", name="新增报送要求").click()
    page.get_by_label("截止日期", exact=True).fill("2030-05-20")
    page.get_by_label("报送内容", exact=True).fill("活动总结")
    page.get_by_role("button", name="新增来源").click()
    page.get_by_label("来源名称 (可选)").fill("测试来源")
    page.get_by_label("网址 (可选)", exact=True).fill("https://example.org/ceshi")
    body = page.locator("[data-slate-editor='true']").last
    body.click()
    page.keyboard.type("第一段正文。")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("## 一、活动主题")  # Markdown as typed (the rich-text mode saved it as `\## 一、活动主题`)
    page.get_by_label("截止日期", exact=True).scroll_into_view_if_needed()
    _shot(page, "deadline")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布", exact=True).click()

    path = data / "campaigns" / "2030" / "2030-ceshi-wangye.yml"
    deadline = time.monotonic() + 20
    while not (path.exists() and "活动总结" in path.read_text(encoding="utf-8")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.exists(), sorted(p.name for p in data.rglob("*.yml"))
    time.sleep(0.5)  # the relay tidies before it answers; give the browser's request time to finish

    records = [r for r in load(data).records if r.id == "2030-ceshi-wangye"]
    assert [r.path for r in records] and records[0].data["issuers"] == ["ceshi-shi-kexie"]
    assert records[0].data["issued"] == "2030-05-06" and records[0].data["observances"] == ["全国科技工作者日"]
    assert records[0].data["deadlines"] == [{"date": "2030-05-20", "what": "活动总结"}]
    assert records[0].data["body"].startswith("第一段正文。")
    assert "\n## 一、活动主题" in records[0].data["body"] and "\\#" not in records[0].data["body"]
    assert records[0].data["sources"] == [{"title": "测试来源", "url": "https://example.org/ceshi"}]
    assert "printed" not in records[0].data and "stages" not in records[0].data  # empty fields dropped
    assert validate(data, use_cache=False).ok, validate(data, use_cache=False).problems
    assert all(o.status == "ok" for o in fmt.run(data, check=True) if o.path.resolve() == path.resolve()), path.read_text(encoding="utf-8")
    out = site.build(CONFIG, data, editor_site["root"] / "site2")
    assert (out / "notices" / "2030-ceshi-wangye" / "index.html").is_file()


def test_edit_an_organization_and_the_file_stays_canonical(page, editor_site):
    base, data = editor_site["base"], editor_site["data"]
    path = data / "organizations" / "ceshi-kexie.yml"
    before = path.read_text(encoding="utf-8")
    _login(page, base)
    page.goto(base + "admin/#/collections/orgs/entries/ceshi-kexie")
    box = page.get_by_label("简称 (可选)")
    box.wait_for()
    assert box.input_value() == "测试省科协"
    box.fill("测试省科协（改）")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布", exact=True).click()
    deadline = time.monotonic() + 20
    while "（改）" not in path.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("short_name: 测试省科协\n", "short_name: 测试省科协（改）\n")  # nothing else moved
    assert all(o.status == "ok" for o in fmt.run(data, check=True) if o.path.resolve() == path.resolve())
