"""scitechday serve: the site is served on 127.0.0.1 and rebuilt when a data file changes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import CONFIG, FIXTURE, edit
from scitechday.editing.local_server import LocalEditor

EDITOR_READY = LocalEditor.available()  # None when node and decap-server (npm ci) are there


def _stop(proc: subprocess.Popen) -> str:
    """End a serve process and return what it printed."""
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    """The page's HTML, also for an error status (a 404 page has content too)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = _get(url)
        if html and needle in html:
            return True
        time.sleep(0.5)
    return False


def _processes_in(folder) -> list[str]:
    """Commands of the processes whose working directory is folder (decap-server runs in the data's parent)."""
    out = []
    for proc in os.listdir("/proc"):
        try:
            if proc.isdigit() and os.readlink(f"/proc/{proc}/cwd") == str(folder):
                out.append(open(f"/proc/{proc}/cmdline", "rb").read().replace(b"\0", b" ").decode())
        except OSError:
            pass
    return out


def _wait_until(url: str, ok, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = _get(url)
        if html and ok(html):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_data_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    port, editor_port = _free_port(), _free_port()
    env = {**os.environ, "SCITECHDAY_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "scitechday.cli", "serve", "--config", CONFIG, "--data", str(data),
                             "--dev-addr", f"127.0.0.1:{port}", "--editor-port", str(editor_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path.parent)
    editing = EDITOR_READY is None
    try:
        url = f"http://127.0.0.1:{port}/notices/2030-ceshi-shi-kexie/"
        assert _wait_for(url, "测试市科协关于开展2030年全国科技工作者日活动的通知", 60)
        if editing:  # the web editor's config points at serve's own local server, which answers
            assert f"http://127.0.0.1:{editor_port}/api/v1" in _get(f"http://127.0.0.1:{port}/admin/config.yml")
            request = urllib.request.Request(f"http://127.0.0.1:{editor_port}/api/v1", data=b'{"action": "info"}',
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=5) as r:
                assert json.load(r)["type"] == "local_fs"
            assert any("decap-server" in c for c in _processes_in(tmp_path))
            # the editor's page is not live-reloaded: a save reloaded every open editor tab (unsaved edits lost)
            assert "/livereload/" not in _get(f"http://127.0.0.1:{port}/admin/")
            assert "/livereload/" in _get(url)
        edit(data / "campaigns/2030/2030-ceshi-shi-kexie.yml", "theme: 测试主题", "theme: 改过的主题")
        assert _wait_for(url, "改过的主题", 60)
    finally:
        out = _stop(proc)
    assert "Serving on http://127.0.0.1" in out
    assert "已更新 1 个页面：notices/2030-ceshi-shi-kexie.md" in out  # the page was rewritten in place, no full rebuild
    assert "Traceback" not in out
    time.sleep(0.5)
    assert _processes_in(tmp_path) == []  # decap-server stopped with serve


def test_serve_shows_the_problems_on_every_page_and_recovers_by_itself(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    notice = data / "campaigns/2030/2030-ceshi-shi-kexie.yml"
    edit(notice, "issued: 2030-05-06", "issued: 2030-5-6")  # invalid from the start
    port, editor_port = _free_port(), _free_port()
    env = {**os.environ, "SCITECHDAY_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "scitechday.cli", "serve", "--config", CONFIG, "--data", str(data),
                             "--dev-addr", f"127.0.0.1:{port}", "--editor-port", str(editor_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    fix_line = "data/campaigns/2030/2030-ceshi-shi-kexie.yml</code></td><td>7</td>"
    try:
        for url in (f"{base}/about/", f"{base}/notices/2030-ceshi-shi-kexie/", f"{base}/"):
            assert _wait_for(url, "请写成 2030-05-06", 60), url  # a hand-written page, a generated one, home
            assert fix_line in _get(url)
        edit(notice, "issued: 2030-5-6", "issued: 2030-05-06")
        url = f"{base}/notices/2030-ceshi-shi-kexie/"
        assert _wait_until(url, lambda page: "data-scitechday-problems" not in page
                           and "测试市科协关于开展2030年全国科技工作者日活动的通知" in page, 60)
        edit(notice, "title: 测试市科协", "title：测试市科协")  # broken again while the pages exist
        assert _wait_for(url, "中文冒号", 60)
        assert "data/campaigns/2030/2030-ceshi-shi-kexie.yml</code></td><td>2</td>" in _get(url)
        edit(notice, "title：测试市科协", "title: 测试市科协")
        assert _wait_until(url, lambda page: "data-scitechday-problems" not in page and "测试主题" in page, 60)
    finally:
        out = _stop(proc)
    assert "Traceback" not in out


def test_the_browser_recovers_by_itself_after_the_fix(tmp_path):
    """In Chromium: a page that did not exist (the problem list as 404) and a hand-written page
    (MkDocs' live reload) both turn into the site once the data is fixed, without a manual reload."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="install the test extras: make test")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium.")
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    notice = data / "campaigns/2030/2030-ceshi-shi-kexie.yml"
    edit(notice, "  start: 2030-05-11", "　start: 2030-05-11")  # a full-width space: invalid from the start
    port, editor_port = _free_port(), _free_port()
    env = {**os.environ, "SCITECHDAY_CACHE": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "scitechday.cli", "serve", "--config", CONFIG, "--data", str(data),
                             "--dev-addr", f"127.0.0.1:{port}", "--editor-port", str(editor_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{base}/about/", "全角空格", 120)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            try:
                missing, written = browser.new_page(), browser.new_page()
                missing.goto(f"{base}/notices/2030-ceshi-shi-kexie/")
                written.goto(f"{base}/about/")
                for page in (missing, written):
                    assert "行首用了全角空格缩进" in page.inner_text("body")
                    assert page.locator("[data-scitechday-problems] td", has_text="13").count() >= 1
                edit(notice, "　start: 2030-05-11", "  start: 2030-05-11")
                missing.wait_for_function(  # the body is null for a moment while the page reloads itself
                    "document.body !== null && document.body.innerText.includes('测试市科协关于开展2030年')",
                    timeout=120_000)
                written.wait_for_function("!document.querySelector('[data-scitechday-problems]')", timeout=120_000)
                assert missing.locator("[data-scitechday-problems]").count() == 0
            finally:
                browser.close()
    finally:
        _stop(proc)


def _serve(tmp_path, data, port: int) -> subprocess.Popen:
    env = {**os.environ, "SCITECHDAY_CACHE": str(tmp_path / "cache")}
    return subprocess.Popen([sys.executable, "-m", "scitechday.cli", "serve", "--config", CONFIG, "--data", str(data),
                             "--dev-addr", f"127.0.0.1:{port}", "--no-editor"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)


def test_a_restarted_serve_updates_its_last_site_in_place(tmp_path):
    """serve builds into a folder it keeps (in the cache): started again after an edit, it rewrites what the edit
    changed, not the whole site (at national scale seconds, not the minute or two of a build from scratch)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/notices/2030-ceshi-shi-kexie/"
    proc = _serve(tmp_path, data, port)
    try:
        assert _wait_for(url, "测试主题", 120)
    finally:
        first = _stop(proc)
    (served,) = (tmp_path / "cache" / "serve").iterdir()
    assert f"预览网站的文件在 {served}" in first  # where the disk goes (about 1 GB at national scale)
    about = served / "about" / "index.html"  # a page the edit does not touch
    kept = about.stat().st_mtime_ns
    assert f"http://127.0.0.1:{port}/" in (served / "sitemap.xml").read_text(encoding="utf-8")  # the served address
    edit(data / "campaigns/2030/2030-ceshi-shi-kexie.yml", "theme: 测试主题", "theme: 停机时改的主题")
    proc = _serve(tmp_path, data, port)
    try:
        assert _wait_for(url, "停机时改的主题", 120)
    finally:
        again = _stop(proc)
    assert about.stat().st_mtime_ns == kept  # updated in place: a build from scratch writes every page
    assert "Traceback" not in first + again


def test_serve_on_a_taken_port_says_so_before_building(tmp_path):
    """Another serve (or any program) on the address: a message in Chinese that names the port and the way out, and
    nothing built (a second serve would build into the folder the first one serves)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(tmp_path, data, port)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert f"无法在 127.0.0.1:{port} 预览网站：端口已被占用" in out and f"--dev-addr 127.0.0.1:{port + 1}" in out
    assert "内部错误" not in out and "Traceback" not in out
    assert not (tmp_path / "cache" / "serve").exists()
