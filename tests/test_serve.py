"""scitechday serve: the site is served on 127.0.0.1 and rebuilt when a data file changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import json
import urllib.request

from conftest import CONFIG, FIXTURE, edit
from scitechday.editing.local_server import LocalEditor

EDITOR_READY = LocalEditor.available()  # None when node and decap-server (npm ci) are there


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.read().decode("utf-8")
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
        edit(data / "campaigns/2030/2030-ceshi-shi-kexie.yml", "theme: 测试主题", "theme: 改过的主题")
        assert _wait_for(url, "改过的主题", 60)
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    assert "Serving on http://127.0.0.1" in out
    assert "已更新 1 个页面：notices/2030-ceshi-shi-kexie.md" in out  # the page was rewritten in place, no full rebuild
    assert "Traceback" not in out
    time.sleep(0.5)
    assert _processes_in(tmp_path) == []  # decap-server stopped with serve
