"""The validation cache: same answers as no cache, safe to read, never trusted blindly, never fatal."""

from __future__ import annotations

import os
import sqlite3

import pytest

from conftest import edit, problems_of
from scitechday.data.validate import validate
from scitechday.data.validate.cache import default_dir

CAMPAIGN = "campaigns/2030/2030-ceshi-shi-kexie.yml"


def _db(cache):
    [db] = cache.glob("validate-*.sqlite")
    return db


def _age(repo, seconds=10):
    """Make every file look older than the racy window, as between two commits."""
    for path in repo.rglob("*.yml"):
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


def test_cache_gives_the_same_answer_and_sees_changes(repo, tmp_path):
    cache = tmp_path / "cache"
    edit(repo / CAMPAIGN, "title: 测试", "titel: 测试")
    first = validate(repo, cache_dir=cache)
    second = validate(repo, cache_dir=cache)
    assert second.cached == second.files and first.problems == second.problems
    edit(repo / CAMPAIGN, "titel: 测试", "title: 测试")
    third = validate(repo, cache_dir=cache)
    assert third.problems == [] and third.cached == third.files - 1


def test_each_working_directory_keeps_its_own_answers(repo, tmp_path, monkeypatch):
    """Paths are shown relative to the working directory, whole outside it: a run from elsewhere names them so,
    and leaves the answers of the first place alone (it used to replace them: every file checked again)."""
    cache = tmp_path / "cache"
    edit(repo / CAMPAIGN, "title: 测试", "titel: 测试")
    first = validate(repo, cache_dir=cache)
    assert {p.path for p in first.problems} == {f"data/{CAMPAIGN}"}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for _ in range(2):
        there = validate(repo, cache_dir=cache)
        assert {p.path for p in there.problems} == {str(repo / CAMPAIGN)}  # outside it: the whole path
    assert there.cached == there.files
    monkeypatch.chdir(tmp_path)
    again = validate(repo, cache_dir=cache)
    assert again.cached == again.files and again.problems == first.problems


def test_an_edit_that_keeps_size_and_restores_mtime_is_seen(repo, tmp_path):
    cache = tmp_path / "cache"
    _age(repo)
    assert validate(repo, cache_dir=cache).ok
    path = repo / CAMPAIGN
    st = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("kind: 通知", "kind: 公告"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size (both two characters), same mtime
    assert path.stat().st_size == st.st_size
    report = validate(repo, cache_dir=cache)
    assert [p.code for p in report.problems] == ["enum"]


def test_a_forged_entry_is_not_trusted(repo, tmp_path):
    """Someone rewrites a cached result to say an invalid file is fine: the seal does not match."""
    cache = tmp_path / "cache"
    edit(repo / CAMPAIGN, "kind: 通知", "kind: 公告")
    _age(repo)
    assert not validate(repo, cache_dir=cache).ok
    with sqlite3.connect(_db(cache)) as db:
        db.execute("UPDATE files SET problems='[]' WHERE path LIKE '%2030-ceshi-shi-kexie.yml'")
    report = validate(repo, cache_dir=cache)
    assert [p.code for p in report.problems] == ["enum"]
    assert any("无法核实" in note for note in report.notes)


def test_a_cache_planted_with_its_key_elsewhere_is_not_trusted(repo, tmp_path):
    """A cache written on another machine (another key) vouches for nothing here."""
    planted, here = tmp_path / "planted", tmp_path / "here"
    edit(repo / CAMPAIGN, "kind: 通知", "kind: 公告")
    _age(repo)
    validate(repo, cache_dir=planted)
    with sqlite3.connect(_db(planted)) as db:
        db.execute("UPDATE files SET problems='[]'")
    here.mkdir()
    os.replace(_db(planted), here / _db(planted).name)  # the database without its key
    report = validate(repo, cache_dir=here)
    assert [p.code for p in report.problems] == ["enum"]


def test_a_damaged_cache_is_rebuilt_with_a_notice(repo, tmp_path):
    cache = tmp_path / "cache"
    validate(repo, cache_dir=cache)
    _db(cache).write_bytes(b"not a database at all" * 100)
    report = validate(repo, cache_dir=cache)
    assert report.ok and report.problems == problems_of(repo)
    assert any("已重建" in note for note in report.notes)
    again = validate(repo, cache_dir=cache)
    assert again.cached == again.files and not again.notes


def test_an_unwritable_cache_folder_still_validates(repo, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    report = validate(repo, cache_dir=blocker / "cache")  # a folder that cannot be created
    assert report.ok and report.cached == 0


def test_the_default_cache_lives_outside_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("SCITECHDAY_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_dir() == tmp_path / "xdg" / "scitechday"
    monkeypatch.setenv("SCITECHDAY_CACHE", str(tmp_path / "elsewhere"))
    assert default_dir() == tmp_path / "elsewhere"


def _records(records):
    return [(r.type, r.path, r.data, r.lines) for r in records]


def test_a_warm_run_hands_on_every_record_without_parsing_yaml(repo, tmp_path, monkeypatch):
    """The build reads records from the cache: the same records, lines included, as the loader makes."""
    from scitechday.data import load

    cache = tmp_path / "cache"
    _age(repo)
    expected = _records(load.load(repo).records)
    cold = validate(repo, cache_dir=cache, records=True)
    assert _records(cold.records) == expected and len(expected) > 3
    monkeypatch.setattr(load, "_parse", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed YAML")))
    warm = validate(repo, cache_dir=cache, records=True)
    assert warm.cached == warm.files and _records(warm.records) == expected


def test_records_from_the_worker_pool_are_the_loaders(repo, tmp_path, monkeypatch):
    from scitechday.data import load
    from scitechday.data.validate import runner

    monkeypatch.setattr(runner, "POOL_THRESHOLD", 1)
    report = validate(repo, cache_dir=tmp_path / "cache", records=True, jobs=2)
    assert report.parsed == {} and _records(report.records) == _records(load.load(repo).records)


def test_a_forged_record_is_not_handed_on(repo, tmp_path):
    """Records rewritten in the cache do not match their sealed digest: the file is read again."""
    cache = tmp_path / "cache"
    _age(repo)
    validate(repo, cache_dir=cache)
    with sqlite3.connect(_db(cache)) as db:
        db.execute("UPDATE records SET records=replace(records, '测试市科协', '伪造') WHERE path LIKE '%ceshi-shi-kexie.yml'")
    report = validate(repo, cache_dir=cache, records=True)
    titles = [r.data.get("title") or r.data.get("name") for r in report.records]
    assert not any("伪造" in str(t) for t in titles) and any("测试市科协" in str(t) for t in titles)


def test_cached_records_keep_their_lines_apart_and_decode_them_only_when_asked(repo):
    """A build reads every record from the cache and never their key lines: those are a second JSON document,
    decoded on first use (once per file), each record's own."""
    import json

    from scitechday.data import load
    from scitechday.data.validate.cache import records_from_json, records_json

    editions = repo / "editions.yml"
    editions.write_text(editions.read_text(encoding="utf-8") + "- id: workers-day-2031\n  observance: 全国科技工作者日\n"
                        "  year: 2031\n  sources:\n    - file: synthetic\n", encoding="utf-8")
    records = [r for r in load.load(repo).records if r.type == "edition"]
    assert len(records) > 1 and len({r.path for r in records}) == 1  # one file, several records
    values, lines = records_json(records).split("\n")
    assert json.loads(values) == [[r.type, r.data] for r in records]
    back = records_from_json(values + "\n" + lines, records[0].path)
    assert [(r.type, r.path, r.data, dict(r.lines)) for r in back] == [(r.type, r.path, r.data, r.lines) for r in records]
    unread = records_from_json(values + "\nnot JSON", records[0].path)
    assert [r.data for r in unread] == [r.data for r in records]  # the lines were not decoded
    stored = records_from_json((values + "\n" + lines).encode(), records[0].path)  # as the cache stores it
    assert [(r.type, r.path, r.data, dict(r.lines)) for r in stored] == [(r.type, r.path, r.data, r.lines) for r in records]
    with pytest.raises(ValueError):
        unread[1].line_of(("year",))
    assert [r.line_of(("year",)) for r in back] == [4, 12]


def _reseal(cache, repo, path_like: str, records: bytes) -> None:
    """Store these bytes as a file's records with a matching digest and a valid seal: what only this machine's
    key can do (a text damaged before it was sealed, say); the row stays trusted, the text must still not be."""
    from scitechday.data.schema import SCHEMA_DIR, fingerprint
    from scitechday.data.validate.cache import _COLUMNS, Cache, digest_bytes
    from scitechday.data.validate.runner import code_fingerprint

    sealer = Cache(cache, repo, f"{code_fingerprint()}:{fingerprint(SCHEMA_DIR)}")
    sealer.load()
    with sqlite3.connect(_db(cache)) as db:
        [row] = db.execute(f"SELECT {_COLUMNS} FROM files WHERE path LIKE ?", (f"%{path_like}",)).fetchall()
        values = (*row[:10], digest_bytes(records))
        db.execute("UPDATE files SET records_digest=?, seal=? WHERE path=?", (values[-1], sealer._seal(*values), row[0]))
        db.execute("UPDATE records SET records=? WHERE path=?", (records, row[0]))  # a BLOB: read back as these bytes


@pytest.mark.parametrize("stored", [b"not JSON", b'[["campaign"]]\n[]', b"{}\n[]", b'[["campaign", []]]\n[]', b"\xff\xfe"])
def test_sealed_records_that_do_not_decode_are_read_from_the_file(repo, tmp_path, stored):
    """A cached text whose digest and seal match but which is not records_json's: never fatal, never handed on."""
    from scitechday.data import load

    cache = tmp_path / "cache"
    _age(repo)
    validate(repo, cache_dir=cache)
    _reseal(cache, repo, "2030-ceshi-shi-kexie.yml", stored)
    report = validate(repo, cache_dir=cache, records=True)
    assert report.cached == report.files and report.ok
    assert _records(report.records) == _records(load.load(repo).records)


def test_a_damaged_database_still_hands_on_the_loaders_records(repo, tmp_path):
    from scitechday.data import load

    cache = tmp_path / "cache"
    _age(repo)
    validate(repo, cache_dir=cache, records=True)
    _db(cache).write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)  # a header, then garbage
    report = validate(repo, cache_dir=cache, records=True)
    assert any("已重建" in note for note in report.notes)
    assert _records(report.records) == _records(load.load(repo).records)


def test_cached_records_are_read_as_the_bytes_their_digest_covers(repo, tmp_path, monkeypatch):
    """A warm run hands the stored bytes to records_from_json undecoded: the key lines (the second half)
    stay bytes until a record's line is asked for, and then are the loader's."""
    from scitechday.data import load
    from scitechday.data.validate import cache as cache_module
    from scitechday.data.validate import runner

    cache = tmp_path / "cache"
    _age(repo)
    validate(repo, cache_dir=cache)
    seen = []
    real = cache_module.records_from_json
    monkeypatch.setattr(runner, "records_from_json", lambda text, path: (seen.append(type(text)), real(text, path))[1])
    warm = validate(repo, cache_dir=cache, records=True)
    assert seen and set(seen) == {bytes}
    assert all(isinstance(r.lines._source._text, bytes) for r in warm.records)  # type: ignore[attr-defined]
    assert [dict(r.lines) for r in warm.records] == [r.lines for r in load.load(repo).records]
