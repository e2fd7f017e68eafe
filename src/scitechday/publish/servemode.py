"""`scitechday serve` while the data is invalid: every page shows the Chinese problem list.

A build for publishing stops at invalid data. The preview server must not: MkDocs would keep
the browser waiting for a build that never finishes, and the message would only be in the
terminal. So while serving, the hook builds anyway with the last good pages (or none) and
replaces every page's content with the problems (file, line, what to type); pages that do not
exist yet get the same list as the 404 page. The page polls and reloads itself once the data is
fixed: the 404 page is not given MkDocs' live-reload script.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from scitechday.data.problems import Problem

ENV_SERVE = "SCITECHDAY_SERVE"

_state: dict = {"problems": None, "last": None}  # survives the hooks module, reloaded on every rebuild


def serving() -> bool:
    return os.environ.get(ENV_SERVE) == "1"


def succeeded(generated) -> None:
    """Remember the last good build's pages and files while serving (a build for publishing keeps
    nothing: at national scale they weigh about a gigabyte, which the search indexer needs)."""
    _state["problems"], _state["last"] = None, generated if serving() else None


def failed(problems: list[Problem]):
    """Remember the problems; the generated pages and files of the last good build (or None)."""
    _state["problems"] = sorted(problems, key=Problem.sort_key)
    return _state["last"]


def problems() -> list[Problem] | None:
    return _state["problems"]


_RELOAD = """<script>
(function () {  // reload once the data is fixed: this page is served until then
  var here = location.href;
  setInterval(function () {
    fetch(here, {cache: "no-store"}).then(function (r) {
      return r.text().then(function (t) { if (t.indexOf("data-scitechday-problems") < 0) location.reload(); });
    }).catch(function () {});
  }, 1500);
})();
</script>"""


def problems_html(found: list[Problem]) -> str:
    """The problem list as HTML (every field escaped), with the script that reloads after the fix."""
    e = html.escape
    errors = [p for p in found if p.level == "error"]
    rows = "".join(
        f"<tr><td><code>{e(p.path)}</code></td><td>{p.line or ''}</td><td>{'警告' if p.level == 'warning' else '错误'}</td>"
        f"<td><code>{e(p.field)}</code></td><td>{e(p.message)}</td></tr>" for p in found)
    return (f'<div class="scitechday-problems" data-scitechday-problems role="alert">'
            f"<h1>数据有 {len(errors)} 个错误，网站暂时无法更新</h1>"
            "<p>请按下表修改对应文件的对应行并保存；改好后这个页面会自动刷新。"
            "也可以在终端运行 <code>scitechday validate</code> 查看同样的列表。</p>"
            "<table><thead><tr><th>文件</th><th>行</th><th>级别</th><th>字段</th><th>怎么改</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>{_RELOAD}")


def write_404(site_dir: str | Path) -> None:
    """A page for every address the invalid build does not have: the same problem list."""
    body = problems_html(problems() or [])
    page = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>数据有错误</title></head><body>{body}</body></html>")
    Path(site_dir, "404.html").write_text(page, encoding="utf-8")


def settle() -> None:
    """After a full build while serving: the context, the pages and MkDocs' objects stay alive until
    the next full build. Move them out of the cyclic collector's sight (gc.freeze), so that the
    collections an edit's fast preview triggers do not walk millions of objects again (at national
    scale that took seconds per edit)."""
    import gc

    gc.collect()
    gc.freeze()


def unsettle() -> None:
    """Before a full rebuild while serving: the last build's objects may be collected again."""
    import gc

    gc.unfreeze()
