"""The web editor's local backend for `scitechday serve`: decap-server, and a relay that formats what it saves.

Decap CMS in the browser talks to `http://127.0.0.1:PORT/api/v1`. That address is a
small relay (this module) in front of `decap-server` (npm, file-system mode: a save
writes straight into data/, no git branches). After every save the relay rewrites the
saved files in canonical form (`tidy`) before it answers the browser, so the file on
disk always passes `scitechday fmt --check`, and MkDocs' watcher rebuilds the site.
Both listen on 127.0.0.1 only and stop with `serve`.
"""

from __future__ import annotations

import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scitechday.editing.admin import node_modules
from scitechday.editing.tidy import TidyError, tidy_file

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def saved_paths(request: dict) -> list[str]:
    """The data files a decap-server request wrote (repository-relative paths)."""
    if request.get("action") != "persistEntry":
        return []
    params = request.get("params") or {}
    files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
    out = []
    for f in files:
        if isinstance(f, dict):
            out += [p for p in (f.get("newPath"), f.get("path")) if isinstance(p, str)]
    return out


class _Relay(BaseHTTPRequestHandler):
    server: "_RelayServer"

    def log_message(self, fmt, *args):  # quiet: serve prints what matters
        pass

    def do_OPTIONS(self):
        self._forward()

    def do_GET(self):
        self._forward()

    def do_POST(self):
        self._forward()

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        conn = http.client.HTTPConnection("127.0.0.1", self.server.upstream, timeout=120)
        try:
            conn.request(self.command, self.path, body,
                         {k: v for k, v in self.headers.items() if k.lower() not in _HOP})
            resp = conn.getresponse()
            data = resp.read()
        except OSError:
            self.send_error(502, "decap-server is not answering")
            return
        finally:
            conn.close()
        if self.command == "POST" and resp.status == 200 and body:
            self.server.after_save(body)
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in _HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _RelayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, upstream: int, repo: Path, data_dir: Path):
        super().__init__(("127.0.0.1", port), _Relay)
        self.upstream, self.repo, self.data_dir = upstream, repo, data_dir

    def after_save(self, body: bytes) -> None:
        try:
            request = json.loads(body)
        except ValueError:
            return
        paths = saved_paths(request if isinstance(request, dict) else {})
        for i, rel in enumerate(paths):
            path = (self.repo / rel).resolve()
            for _ in range(20 if i == 0 else 0):  # decap-server renames (newPath) without awaiting the move
                if path.exists():
                    break
                time.sleep(0.05)
            try:
                if tidy_file(path, self.data_dir):
                    print(f"网页编辑器保存了 {rel}，已整理为标准格式。", file=sys.stderr)
            except TidyError as err:
                print(str(err), file=sys.stderr)
            except Exception as err:  # noqa: BLE001 — the save is done: the editor must get decap-server's answer
                print(f"{rel}：网页编辑器保存后整理格式时出错（文件已保存，未整理）：{err}", file=sys.stderr)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: decap-server gets SIGTERM when serve's process ends, however it ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LocalEditor:
    """decap-server on an inner port and the formatting relay on `port`; `stop()` ends both."""

    def __init__(self, data_dir: Path, port: int = 8081):
        self.data_dir = Path(data_dir).resolve()
        self.repo = self.data_dir.parent  # the editor's paths are data/…, relative to this folder
        self.port = port
        self.url = f"http://127.0.0.1:{port}/api/v1"
        self._proc: subprocess.Popen | None = None
        self._relay: _RelayServer | None = None

    @staticmethod
    def available() -> str | None:
        """None when the editor can start; otherwise why not (in Chinese)."""
        if shutil.which("node") is None:
            return "没有找到 Node.js（node），网页编辑器的本地服务没有启动。"
        if not (node_modules() / "decap-server" / "dist" / "index.js").is_file():
            return "node_modules 里没有 decap-server，网页编辑器的本地服务没有启动。请先运行 npm ci。"
        return None

    def start(self, timeout: float = 30) -> "LocalEditor":
        if self.data_dir.name != "data":
            raise RuntimeError(f"网页编辑器只能编辑名为 data 的数据目录，而这里是 {self.data_dir}")
        try:
            relay = _RelayServer(self.port, 0, self.repo, self.data_dir)
        except OSError:
            raise RuntimeError(f"端口 {self.port} 已被占用，网页编辑器的本地服务没有启动；"
                               "可以用 --editor-port 换一个端口。") from None
        inner = free_port()
        env = {**os.environ, "PORT": str(inner), "BIND_HOST": "127.0.0.1", "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(self.repo), "LOG_LEVEL": "warn"}
        self._proc = subprocess.Popen(["node", str(node_modules() / "decap-server" / "dist" / "index.js")],
                                      env=env, cwd=str(self.repo), stdin=subprocess.DEVNULL,
                                      preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", inner), timeout=1).close()
                break
            except OSError:
                if self._proc.poll() is not None or time.monotonic() > deadline:
                    relay.server_close()
                    self.stop()
                    raise RuntimeError("decap-server 没有启动") from None
                time.sleep(0.1)
        relay.upstream = inner
        self._relay = relay
        threading.Thread(target=self._relay.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._relay is not None:
            self._relay.shutdown()
            self._relay.server_close()
            self._relay = None
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
