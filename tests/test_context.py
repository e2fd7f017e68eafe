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


def _canonical(ctx: context.Context) -> dict[str, list]:
    """Everything a context holds, with object identity turned into order: records (lines included),
    table rows with their origins, and the model and calendar entries walked from the archive."""
    import dataclasses

    index = {id(r): i for i, r in enumerate(ctx.records)}
    records = [(r.type, r.path, r.data, dict(r.lines)) for r in ctx.records]
    rows = [(name, rows.values, [(index[id(rec)], kp) for rec, kp in rows.origins]) for name, rows in ctx.rows.items()]
    seen: dict[int, int] = {}
    queue: list = []

    def enc(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) not in seen:
                seen[id(value)] = len(seen)
                queue.append(value)
            return ("#", type(value).__name__, seen[id(value)])
        if isinstance(value, list):
            return [enc(x) for x in value]
        return (type(value).__name__, repr(value))

    top = [(k, enc(v)) for k, v in ctx.archive.by_type.items()] + [("entries", enc(ctx.entries))]
    objects = []
    while len(objects) < len(queue):
        o = queue[len(objects)]
        objects.append([(f.name, enc(getattr(o, f.name))) for f in dataclasses.fields(o)])
    return {"records": records, "rows": rows, "archive": top, "objects": objects}


def _assert_same(a: dict[str, list], b: dict[str, list]) -> None:
    """Equal, part by part; a failure names the first item that differs (pytest's diff of the whole is slow)."""
    for part in b:
        first = next((i for i, (x, y) in enumerate(zip(a[part], b[part])) if x != y), None)
        assert first is None and len(a[part]) == len(b[part]), (part, first, len(a[part]), len(b[part]))


def test_a_context_read_back_from_the_cache_is_the_one_computed_from_yaml(tmp_path, monkeypatch):
    """The warm path (every record read back from the validation cache as bytes) gives the same records,
    rows, model and calendar entries as parsing every file, and as the run that filled the cache."""
    import os
    import shutil

    from scitechday.data import load

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for path in data.rglob("*.yml"):  # older than the racy window: the cache vouches for them by their stat
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 10_000_000_000))
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "cache"))
    slow = _canonical(context.compute(data, use_cache=False))
    filling = _canonical(context.compute(data))
    monkeypatch.setattr(load, "_parse", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed YAML")))
    warm = context.compute(data)
    assert warm.report.cached == warm.report.files > 20
    assert len(slow["records"]) > 20 and len(slow["objects"]) > 100
    _assert_same(filling, slow)
    _assert_same(_canonical(warm), slow)
