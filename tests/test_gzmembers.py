"""Open data compressed in content-defined gzip members: readable as one stream, reusable after an edit."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from scitechday.publish import export, gzmembers


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(gzmembers, "CHUNK", 2048)


def rows(n: int, changed: int | None = None) -> bytes:
    lines = ["id,title,body"] + [f"c-{i:05d},关于开展第{i}次活动的通知{'（更正）' if i == changed else ''},"
                                 f"\"第一段{i}\n第二段{i * 7}\"" for i in range(n)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_members_read_back_as_the_whole_file(small_chunks):
    data = rows(2000)
    packed, index = gzmembers.compress(data)
    assert len(index) > 10  # many members
    assert b"".join(gzmembers.chunks(data)) == data
    assert all(len(c) >= gzmembers.CHUNK for c in gzmembers.chunks(data)[:-1])
    assert gzip.decompress(packed) == data
    assert sum(length for _, length, _ in index) == len(packed)
    assert [raw for _, _, raw in index] == [len(c) for c in gzmembers.chunks(data)]


def test_an_edit_recompresses_only_its_own_members(small_chunks):
    before = rows(2000)
    packed, index = gzmembers.compress(before)
    after = rows(2000, changed=1000)
    compressed = []
    reuse = gzmembers.split(packed, index)
    from types import SimpleNamespace

    real = gzmembers.gzip_ng
    spy = SimpleNamespace(compress=lambda d, *a, **k: (compressed.append(d), real.compress(d, *a, **k))[1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(gzmembers, "gzip_ng", spy)
        again, _ = gzmembers.compress(after, reuse)
    assert 1 <= len(compressed) <= 3  # the edited member (and perhaps a neighbour until the cuts meet again)
    assert again == gzmembers.compress(after)[0]  # the same bytes a clean build writes
    assert gzip.decompress(again) == after


def test_a_multi_member_package_is_a_valid_data_package(small_chunks, tmp_path):
    from conftest import DATA
    from scitechday.archive import context

    ctx = context.compute(DATA, use_cache=False)
    plain = export.package_files(ctx.records, ctx.rows)
    members: dict = {}
    packed, suffix = export.published(plain, limit=0, members=members)
    assert suffix == ".gz" and max(len(v) for v in members.values()) > 1
    for name, data in packed.items():
        (tmp_path / name).write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(tmp_path / "datapackage.json")],
                            capture_output=True, text=True)
    assert json.loads(result.stdout)["valid"], result.stdout[-2000:]


def test_members_of_another_file_are_not_reused(small_chunks):
    """split hands back nothing for a file its index does not describe (another length, or members cut elsewhere)."""
    data = rows(2000)
    packed, index = gzmembers.compress(data)
    assert gzmembers.fits(packed, index) and len(gzmembers.split(packed, index)) == len(index)
    whole = gzip.compress(data, mtime=0)
    assert not gzmembers.fits(whole, index) and gzmembers.split(whole, index) == {}
    shifted = [[key, length, raw + 1] for key, length, raw in index]  # the same compressed lengths, other sizes
    assert not gzmembers.fits(packed, shifted) and gzmembers.split(packed, shifted) == {}
