"""The build context and Python's cyclic collector: a context kept for a build is never walked by it."""

from __future__ import annotations

import gc

import pytest

from conftest import DATA
from scitechday.archive import context


@pytest.fixture
def collections(monkeypatch):
    """The generation of each collection that starts once validation has begun (the context's first
    step); the collector as eager as can be (any allocation while it is on starts one), and everything
    frozen handed back afterwards."""
    seen: list[int] = []
    validate = context.validate

    def validating(*args, **kwargs):
        seen.clear()
        return validate(*args, **kwargs)

    monkeypatch.setattr(context, "validate", validating)

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    threshold = gc.get_threshold()
    gc.collect()
    gc.set_threshold(1)
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*threshold)
        gc.unfreeze()


def test_a_kept_context_is_frozen_before_the_collector_runs_again(collections, monkeypatch):
    at_freeze = []
    keep = context.keep_for_build
    monkeypatch.setattr(context, "keep_for_build", lambda: (at_freeze.append((list(collections), gc.isenabled())), keep()))
    ctx = context.compute(DATA, use_cache=False, keep=True)
    assert at_freeze == [([], False)] and gc.isenabled()  # not one collection from validation to the freeze
    gc.collect()
    tracked = {id(o) for o in gc.get_objects()}  # every generation the collector walks
    campaign = ctx.archive.campaigns[0]
    assert campaign.id and id(campaign) not in tracked and id(ctx.records[0].data) not in tracked


def test_a_context_not_kept_is_left_to_the_collector(collections):
    ctx = context.compute(DATA, use_cache=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    assert id(ctx.archive.campaigns[0]) in {id(o) for o in gc.get_objects()}


def test_invalid_data_leaves_nothing_frozen(collections, tmp_path):
    import shutil

    shutil.copytree(DATA, tmp_path / "data")
    bad = next((tmp_path / "data" / "campaigns").rglob("*.yml"))
    bad.write_text(bad.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    with pytest.raises(context.DataError):
        context.compute(tmp_path / "data", use_cache=False, keep=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
