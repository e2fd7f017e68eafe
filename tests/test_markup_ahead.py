"""Markdown rendered ahead by a worker process (markup.ahead) gives the pages rendering here gives."""

from __future__ import annotations

import pytest

from conftest import DATA
from scitechday.archive import context
from scitechday.publish import markup, render

SITE_URL = "https://example.org/"


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:  # the cache for this module only
        mp.setenv("SCITECHDAY_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield context.compute(DATA)


def pages(ctx) -> list[tuple[str, str]]:
    return [(p.src, p.html) for p in render.render_site(ctx.archive, ctx.entries, SITE_URL)]


def test_pages_rendered_with_a_worker_are_the_same(ctx, monkeypatch):
    here = pages(ctx)
    taken: list[int] = []
    real_take = markup._Ahead.take

    def take(self, key):
        html = real_take(self, key)
        taken.append(html is not None)
        return html

    monkeypatch.setattr(markup, "AHEAD_MIN", 1)
    monkeypatch.setattr(markup._Ahead, "take", take)
    assert pages(ctx) == here
    texts = {t for t, _ in render._texts(ctx.archive) if t}
    assert len(texts) > 5 and taken.count(True) >= len(texts)  # every body and attachment came from the worker
    assert markup._ahead is None  # the worker is stopped once the pages are rendered


def test_a_failed_worker_leaves_the_rendering_here(ctx, monkeypatch):
    here = pages(ctx)
    stopped: list[int] = []

    def broken(chunks):
        def results():
            yield [markup.render(t, d) for t, d in chunks[0]]
            raise RuntimeError("worker died")
        return results(), lambda: stopped.append(1)

    monkeypatch.setattr(markup, "AHEAD_MIN", 1)
    monkeypatch.setattr(markup, "_start", broken)
    assert pages(ctx) == here
    assert stopped == [1]


def test_an_incremental_build_sends_only_the_pages_it_renders(ctx):
    first = ctx.archive.campaigns[0]
    wanted = lambda group: group == f"campaign:{first.id}"  # noqa: E731
    assert [t for t, _ in render._texts(ctx.archive, wanted)] == [x.content for x in first.attachments] + [first.body]
