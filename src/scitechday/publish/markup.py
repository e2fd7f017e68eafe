"""Markdown from data → HTML that is safe to put on a page.

Bodies and attachments are editors' Markdown. Raw HTML in them is not trusted: the
rendered HTML goes through an allow-list sanitizer (nh3, i.e. ammonia), which drops
<script>, event handlers such as onerror=, and any link whose scheme is not http(s),
mailto or tel — so a javascript: link never reaches a page.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import markdown
import nh3
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small",
        "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "code", "pre", "span", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "align"}, "td": {"colspan", "rowspan", "align"},
              "ol": {"start"}}
SCHEMES = {"http", "https", "mailto", "tel"}

_md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")

# Python-Markdown tries each of its inline patterns at every text of the tree, in Python: about 40 % of a body's
# rendering. A text with none of the characters those patterns begin with (backslash, backtick, [, <, &, * and _)
# and no line break (two spaces before a newline) is left as it is by every one of them, so it is passed over;
# most lines of a Chinese notice are such texts. INLINE_PATTERNS: the patterns that holds for (should an extension
# or a new Markdown add one, the texts go through them all, as before); tests/test_markup.py compares both.
INLINE_PATTERNS = ("backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
                   "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong")
_INLINE_START = re.compile(r"[\\`\[<&*_]|  \n")


class _Inline(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if patternIndex == 0 and not isinstance(data, AtomicString) and not _INLINE_START.search(data):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


if len(_md.inlinePatterns) == len(INLINE_PATTERNS) and all(name in _md.inlinePatterns for name in INLINE_PATTERNS):
    _md.treeprocessors.register(_Inline(_md), "inline", 20)


def _demote(text: str, levels: int) -> str:
    """Shift Markdown headings down so a body's '## 一、' sits under the page's own headings."""
    return re.sub(r"^(#{1,6})(?=\s)", lambda m: "#" * min(6, len(m.group(1)) + levels), text, flags=re.M)


def render(text: str | None, demote: int = 1) -> str:
    if not text:
        return ""
    if _ahead is not None:
        html = _ahead.take((text, demote))
        if html is not None:
            return html
    _md.reset()
    html = _md.convert(_demote(text, demote))
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     link_rel="noopener noreferrer nofollow")


@dataclass
class Heading:
    level: int  # 2..6, after demotion
    id: str
    text: str  # plain text (unescaped); the template escapes it again


_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.S)


def render_with_toc(text: str | None, demote: int = 1, prefix: str = "part") -> tuple[str, list[Heading]]:
    """render(), and give each heading an id (prefix-1, prefix-2, …) for a table of contents."""
    headings: list[Heading] = []

    def number(m: re.Match) -> str:
        hid = f"{prefix}-{len(headings) + 1}"
        headings.append(Heading(int(m.group(1)), hid, _html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).strip()))
        return f'<h{m.group(1)} id="{hid}">{m.group(2)}</h{m.group(1)}>'

    return _HEADING.sub(number, render(text, demote)), headings


# Rendering ahead. Markdown is about a third of a national build's page rendering (some 12 s for 10,000
# notices); a second process renders the texts the pages will need, in their order, while this one
# renders the pages around them, and render() takes each result as it meets its text. The worker
# is a fresh interpreter running the same render() (not a fork: a fork of the build would share, and
# be counted with, its whole memory); if it fails, the texts are rendered here, as without it.
AHEAD_MIN = 300  # texts; fewer are rendered here (the worker takes ~0.5 s to start)
_CHUNK = 32  # texts a message


class _Ahead:
    def __init__(self, chunks: list[list[tuple[str, int]]], results: Iterator[list[str]], close):
        self.chunks = iter(chunks)
        self.pending = {key for chunk in chunks for key in chunk}
        self.ready: dict[tuple[str, int], str] = {}
        self.results = results
        self.close = close

    def take(self, key: tuple[str, int]) -> str | None:
        """The worker's HTML for key, waiting for it if it is on its way; None if it is not (or the
        worker failed: then the caller renders it, as without a worker)."""
        if key not in self.pending:
            return None
        while key not in self.ready:
            try:
                self.ready.update(zip(next(self.chunks), next(self.results)))
            except Exception:  # noqa: BLE001 — the worker died or failed: render here, as without one
                self.pending.clear()
                self.ready.clear()
                return None
        self.pending.discard(key)
        return self.ready.pop(key)


_ahead: _Ahead | None = None


def _start(chunks: list[list[tuple[str, int]]]):
    """(the worker's HTML for each chunk, in order; a function that stops the worker). The worker is
    `python -c "…markup._serve()"`, reading the chunks from a temporary file and answering each as a
    pickle on its standard output. (No thread feeds it: a thread waking at every pipe-full of text
    takes the interpreter from the rendering, which then lost what the worker gained.)"""
    import pickle
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryFile() as source:
        for chunk in chunks:
            pickle.dump(chunk, source, protocol=pickle.HIGHEST_PROTOCOL)
        source.seek(0)
        worker = subprocess.Popen([sys.executable, "-c", "from scitechday.publish import markup; markup._serve()"],
                                  stdin=source, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                  env=_worker_env())
    _widen(worker.stdout)

    def results():
        for _ in chunks:
            yield pickle.load(worker.stdout)  # EOFError when the worker died

    def close():
        worker.kill()
        worker.wait()
        worker.stdout.close()

    return results(), close


def _widen(pipe) -> None:
    """Let the worker run up to a megabyte of HTML ahead (a pipe holds 64 KB: about ten notices)."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):  # not Linux, or a lower limit (/proc/sys/fs/pipe-max-size): it waits more often
        pass


def _worker_env() -> dict:
    """This process's environment, with the package's folder first on PYTHONPATH (a source checkout)."""
    import os
    from pathlib import Path

    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return env


def _serve() -> None:
    """The worker: render each chunk of (text, demote) read from standard input, until it ends."""
    import pickle
    import sys

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            chunk = pickle.load(source)
        except EOFError:
            return
        pickle.dump([render(text, demote) for text, demote in chunk], sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


def ahead(items: Iterable[tuple[str | None, int]]) -> None:
    """Have a worker render these (text, demote) in order, if there are at least AHEAD_MIN; until
    done() is called, render() takes its results."""
    global _ahead
    done()
    keys = list(dict.fromkeys((text, demote) for text, demote in items if text))
    if len(keys) < AHEAD_MIN:
        return
    chunks = [keys[i:i + _CHUNK] for i in range(0, len(keys), _CHUNK)]
    results, close = _start(chunks)
    _ahead = _Ahead(chunks, results, close)


def done() -> None:
    """Stop rendering ahead (what was not taken is dropped)."""
    global _ahead
    if _ahead is not None:
        _ahead.close()
        _ahead = None
