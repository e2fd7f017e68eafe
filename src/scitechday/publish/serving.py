"""`scitechday serve`: the site built as `scitechday build` builds it, into a folder kept for the preview, and served
with live reload.

The folder (`serve/<digest>/` in the cache, one per configuration, data folder and address) outlives the server, so
that a restart, and the rebuild an edit asks for, update it in place (publish/incremental.py): at national scale
about ten seconds, where a build from scratch takes a minute or two. MkDocs' own `serve` built everything into a
new temporary folder at every start, and again at every rebuild, holding every request meanwhile.

An edit to record files alone is first shown by the fast preview (publish/preview.py: the edited records' pages
rewritten in place, in about two seconds); the pages that merely list an edited record (indexes, calendars,
organizations' lists) and the search index catch up once the editor has paused for CATCH_UP seconds. While the
data is invalid, every page shows the problems (publish/servemode.py) and reloads itself once they are fixed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scitechday.data.validate.cache import default_dir
from scitechday.publish import incremental, preview, servemode, site

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.commands.serve")
CATCH_UP = 60.0  # seconds without edits after a fast preview before the pages that list the edited records follow


def folder(config_file: str, data_dir: Path, serve_url: str) -> Path:
    """Where serve builds the site for this configuration, data folder and address."""
    key = "|".join((str(Path(config_file).resolve()), str(Path(data_dir).resolve()), serve_url))
    return default_dir() / "serve" / hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def busy(host: str, port: int) -> str | None:
    """Why the preview cannot listen at host:port (in Chinese), or None."""
    import errno
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself
            probe.bind((host, port))
    except OSError as err:
        return "端口已被占用" if err.errno == errno.EADDRINUSE else (err.strerror or str(err))
    return None


def serve(config_file: str = "mkdocs.yml", data_dir: Path | None = None, dev_addr: str = "127.0.0.1:8000",
          editor_port: int | None = 8081) -> int:
    """The preview server, and the web editor's local backend (/admin/) while it runs. Returns the exit status: 2 when
    the address is taken (said before anything is built: another serve may be using this folder)."""
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from scitechday.editing import admin
    from scitechday.editing.local_server import LocalEditor

    data = Path(data_dir) if data_dir is not None else site.data_dir_for(config_file)
    config = site.config_of(config_file, data, dev_addr=dev_addr, strict=False)  # the address, and what to watch
    host, port = config.dev_addr
    why = busy(host, port)
    if why is not None:
        print(f"无法在 {host}:{port} 预览网站：{why}。可能另一个 scitechday serve 正在运行：请先停止它，"
              f"或换一个端口，如 --dev-addr {host}:{port + 1}", file=sys.stderr)
        return 2
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    os.environ["SITE_URL"] = serve_url  # the pages' links, feeds and sitemap name the address they are served at
    os.environ[servemode.ENV_SERVE] = "1"  # invalid data: problems in the browser, not a stuck build
    editor = None
    if editor_port is not None:
        why_not = LocalEditor.available()
        if why_not:
            print(why_not, file=sys.stderr)
        else:
            try:
                editor = LocalEditor(data, editor_port).start()
            except RuntimeError as err:
                print(str(err), file=sys.stderr)
            else:
                os.environ[admin.ENV_LOCAL_URL] = editor.url
                print(f"网页编辑器：http://{host}:{port}/admin/ （保存的文件写入 {editor.data_dir}）", file=sys.stderr)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so that the editor's server stops with serve
    _no_live_reload_in_the_editor()
    out = folder(config_file, data, serve_url)
    print(f"预览网站的文件在 {out}（下次启动时只更新改动的部分；不再需要时可以删除）", file=sys.stderr)
    builder = Builder(config_file, data, out, config)
    server = LiveReloadServer(builder=builder.fast_or_full, host=host, port=port, root=str(out), mount_path=mount_path)
    builder.server = server

    def error_page(code: int) -> bytes | None:  # the site's 404 page (while the data is invalid: the problems)
        page = out / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder.full()
        for path in (config.docs_dir, config.config_file_path, str(data), *config.watch):
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        builder.stop()
        if editor is not None:
            editor.stop()
    return 0


class Builder:
    """What the server runs when a watched file changes: the fast preview when it can, else a build (in place when
    the folder holds the last build); and the catch-up build once the editor pauses after a fast preview."""

    def __init__(self, config_file: str, data: Path, out: Path, config):
        self.config_file, self.data, self.out, self.config = config_file, data, out, config
        self.server: LiveReloadServer | None = None
        self.watcher = preview.Watcher()
        self._timers: list[threading.Timer] = []

    def full(self) -> None:
        """Build the site into the folder: in place when only the data changed since the last build there."""
        from mkdocs.exceptions import Abort

        before = preview.snapshot(self.data)  # what the build reads: an edit made meanwhile is seen as a change
        servemode.unsettle()
        self.watcher.ctx = None
        site.SERVED.clear()
        try:
            site.build(self.config_file, self.data, self.out, strict=False)
        except Abort:  # the data is invalid now: built from scratch, every page listing the problems
            site.build(self.config_file, self.data, self.out, clean=True, strict=False)
        if servemode.problems() is None and site.SERVED:  # the context the build computed, for the fast preview
            self.watcher.built(site.SERVED.pop(), self.data, self.config.docs_dir, self.config.config_file_path,
                               self.config.theme.custom_dir)
            self.watcher.data = before
            servemode.settle()
        site.SERVED.clear()

    def fast_or_full(self) -> None:
        from scitechday.publish.repo import Repo

        self.stop()
        written = None
        if servemode.problems() is None:
            config = self.config
            render = site.page_renderer(self.data, os.environ["SITE_URL"], config.use_directory_urls,
                                        Repo.from_config(config.repo_url, config.edit_uri))
            written = self.watcher.try_update(self.out, render, config.use_directory_urls)
        if written is None:
            self.full()
            return
        incremental.rewritten(self.out, written)  # the next build writes them again, and still in place
        log.info(f"已更新 {len(written)} 个页面：{'、'.join(written)}；列表、日历和搜索将在停止编辑 {CATCH_UP:.0f} 秒后更新")
        timer = threading.Timer(CATCH_UP, self._catch_up)
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def _catch_up(self) -> None:
        server = self.server
        if server is None:
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    def stop(self) -> None:
        """No catch-up build pending."""
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()


NO_LIVE_RELOAD = b'<meta name="scitechday-livereload" content="off">'


def _no_live_reload_in_the_editor() -> None:
    """MkDocs' live reload goes into every HTML page it serves, /admin/ too: a save (or any change under data/)
    reloaded every open editor tab, which asked to leave the page, then offered a local backup, and declining it
    lost the unsaved edits. A page that says so (the web editor's) is served without it."""
    from mkdocs.livereload import LiveReloadServer

    inject = LiveReloadServer._inject_js_into_html
    if getattr(inject, "scitechday", False):
        return

    def _inject(self, content: bytes, epoch: int) -> bytes:
        return content if NO_LIVE_RELOAD in content[:4096] else inject(self, content, epoch)

    _inject.scitechday = True  # type: ignore[attr-defined]
    LiveReloadServer._inject_js_into_html = _inject  # type: ignore[method-assign]


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)
