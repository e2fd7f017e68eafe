"""Running validation: which files changed, checking them (in a worker pool when there are many),
and the checks across files — reusing the cache for everything that did not change."""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import multiprocessing
import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from scitechday import __version__
from scitechday.data import registry
from scitechday.data.load import Record, discover, display_path, load_bytes, load_file, read_file
from scitechday.data.problems import Problem, os_reason
from scitechday.data.schema import SCHEMA_DIR, fingerprint
from scitechday.data.tables import flatten
from scitechday.data.validate import across
from scitechday.data.validate.cache import Cache, FileResult, Stamp, default_dir, records_from_json, records_json, stored_texts
from scitechday.data.validate.dates import check_dates
from scitechday.data.validate.rows import check_rows
from scitechday.data.validate.rules import check_records

RACY_NS = 2_000_000_000  # a file modified this close to being hashed is hashed again next time
POOL_THRESHOLD = 4000  # fewer changed files than this are checked in this process


@dataclass
class Report:
    problems: list[Problem]
    counts: Counter
    files: int = 0
    cached: int = 0  # files answered from the cache
    notes: list[str] = field(default_factory=list)  # about the run itself (a rebuilt cache), in Chinese
    parsed: dict[str, list[Record]] = field(default_factory=dict)  # records of the files checked in this process
    records: list[Record] | None = None  # every record in file order, when validate(records=True) asked for them
    digests: dict[str, str] = field(default_factory=dict)  # display path → digest of the file's bytes (as the cache keeps it)
    cache: Cache | None = None  # validate(save_behind=True): wait_saved() until it has written

    def wait_saved(self) -> None:
        if self.cache is not None:
            self.cache.wait()
            self.cache = None

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def summary(self) -> str:
        parts = "，".join(f"{rt.label} {self.counts.get(rt.name, 0)} 条" for rt in registry.record_types())
        return f"校验通过：{parts}（共 {self.files} 个文件）。"


def check_files(items: list[tuple[str, bytes, str]], schema_dir: Path = SCHEMA_DIR
                ) -> tuple[dict[str, FileResult], list[Record]]:
    """Everything that depends on these files alone. items: (display path, bytes, record type)."""
    results = {path: FileResult() for path, _, _ in items}
    records: list[Record] = []
    for path, raw, rtype in items:
        recs, probs = load_bytes(raw, path, rtype)
        results[path].problems += probs
        results[path].counts = dict(Counter(r.type for r in recs))
        records += recs
    all_rows, shape_problems = flatten(records, schema_dir)
    for p in shape_problems + check_rows(all_rows, schema_dir) + check_dates(all_rows) + check_records(all_rows):
        results[p.path].problems.append(p)
    for path, facts in across.collect_facts(all_rows, list(results)).items():
        results[path].facts = facts
    return results, records


@contextlib.contextmanager
def gc_paused():
    """No cyclic garbage collection while millions of small objects are made and kept (parsed records,
    rows, facts): Python would walk them all again and again (a fifth of a cold run); what little cyclic
    garbage there is gets collected afterwards."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass
class _Checked:
    fresh: dict[str, tuple[Stamp, FileResult]]  # checked now
    reused: dict[str, Stamp]  # read and hashed, content as cached
    unreadable: list[Problem]
    records: list[Record]


def _check_candidates(candidates: list[tuple[str, str, str, str | None]], schema_dir: Path,
                      encode: bool = True) -> _Checked:
    """Read and hash the files whose stat did not vouch for them; check those whose content changed.
    candidates: (path, record type, path as shown, cached digest or None); encode: each file's records
    as JSON too (for the cache, or to send them back from a worker)."""
    now = time.time_ns()
    out = _Checked({}, {}, [], [])
    todo, stamps = [], {}
    for path, rtype, shown, cached_digest in candidates:
        try:
            st = os.lstat(path)
        except OSError as err:
            out.unreadable.append(Problem(shown, None, "unreadable", "", f"无法读取文件：{os_reason(err)}。"))
            continue
        raw, trouble = read_file(path, shown)  # never through a link, never blocking on a FIFO
        if raw is None:
            out.unreadable += trouble
            continue
        stamp = Stamp.of(st, hashlib.blake2b(raw, digest_size=16).hexdigest(), now)
        if cached_digest == stamp.digest:
            out.reused[shown] = stamp
        else:
            stamps[shown] = stamp
            todo.append((shown, raw, rtype))
    with gc_paused():
        results, out.records = check_files(todo, schema_dir)
    by_file: dict[str, list[Record]] = {}
    for record in out.records if encode else ():
        by_file.setdefault(record.path, []).append(record)
    for shown, res in results.items() if encode else ():  # cached with the file: a build never parses it again
        res.records = records_json(by_file.get(shown, []))
        res.stored = stored_texts(res)  # in the worker that checked it: the cache's save only writes them
    out.fresh = {shown: (stamps[shown], res) for shown, res in results.items()}
    return out


_WORK: list = []  # the candidates, shared with forked workers


def _check_chunk(bounds: tuple[int, int, str]) -> _Checked:
    lo, hi, schema_dir = bounds
    checked = _check_candidates(_WORK[lo:hi], Path(schema_dir))
    checked.records = []  # records stay in the worker: sending them back costs more than parsing again
    return checked


def _check_all(candidates: list, schema_dir: Path, jobs: int, encode: bool) -> list[_Checked]:
    if jobs < 2 or len(candidates) < POOL_THRESHOLD:
        return [_check_candidates(candidates, schema_dir, encode)]
    _WORK[:] = candidates  # fork gives the children the list for free
    step = -(-len(candidates) // (jobs * 4))
    chunks = [(lo, min(lo + step, len(candidates)), str(schema_dir)) for lo in range(0, len(candidates), step)]
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_check_chunk, chunks))
    finally:
        _WORK.clear()


@functools.lru_cache(maxsize=None)
def code_fingerprint() -> str:
    """The cache is only valid for the validation code that wrote it."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).resolve().parents[2]
    for folder in ("data", "domain"):
        for p in sorted((package / folder).rglob("*.py")):
            h.update(p.read_bytes())
    return h.hexdigest()


def validate(data_dir: Path, *, schema_dir: Path = SCHEMA_DIR, cache_dir: Path | None = None,
             use_cache: bool = True, jobs: int | None = None, records: bool = False, save_behind: bool = False) -> Report:
    """Validate every file under data_dir. Unchanged files are answered from the cache.

    records=True: the report also holds every record (report.records, in file order), taken from this run's
    parse, the workers' answers or the cache; a file is parsed again only when none of them has it.
    save_behind: the cache is written in a thread while the caller goes on (report.wait_saved())."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return Report([Problem(display_path(data_dir), None, "no-data", "",
                               "数据目录不存在。请在仓库根目录运行，或用 --data 指定数据目录。")], Counter())
    stats: dict[str, os.stat_result] = {}
    files, problems = discover(data_dir, stats)
    cache = Cache(cache_dir or default_dir(), data_dir, f"{code_fingerprint()}:{fingerprint(schema_dir)}") \
        if use_cache else None
    known = cache.load() if cache else {}
    results: dict[str, FileResult] = {}
    candidates = []
    for path, rtype, shown in files:
        entry = known.get(shown)
        try:
            st = stats.get(path) or os.lstat(path)  # the walk's lstat: one per file
        except OSError as err:
            problems.append(Problem(shown, None, "unreadable", "", f"无法读取文件：{os_reason(err)}。"))
            continue
        if entry is not None and entry.stamp.vouches_for(st, RACY_NS):
            results[shown] = FileResult(entry.problems, {}, entry.counts)
        else:
            candidates.append((path, rtype, shown, entry.stamp.digest if entry else None))
    cached = len(results)
    digests = {shown: known[shown].stamp.digest for shown in results}
    fresh: dict[str, tuple[Stamp, FileResult]] = {}
    restamped: dict[str, Stamp] = {}
    parsed: dict[str, list[Record]] = {}
    for part in _check_all(candidates, schema_dir, jobs or min(2, os.cpu_count() or 1), cache is not None):
        problems += part.unreadable
        cached += len(part.reused)
        fresh.update(part.fresh)
        for record in part.records:
            parsed.setdefault(record.path, []).append(record)
        digests.update({shown: stamp.digest for shown, (stamp, _) in part.fresh.items()})
        for shown, stamp in part.reused.items():
            digests[shown] = stamp.digest
            entry = known[shown]
            results[shown] = FileResult(entry.problems, {}, entry.counts)
            if stamp.hashed_at_ns > entry.stamp.hashed_at_ns and stamp.mtime_ns < stamp.hashed_at_ns - RACY_NS:
                restamped[shown] = stamp  # the same content, now vouched for by its stat
    for shown, (_, res) in fresh.items():
        results[shown] = res
    removed = set(known) - set(results)
    where = {shown: (path, rtype) for path, rtype, shown in files}
    across_problems = _across(cache, fresh, removed, results, where, schema_dir)
    with gc_paused():
        every = _every_record(files, parsed, fresh, cache) if records else None
    if cache is not None:
        cache.save(fresh, restamped, removed, across_problems, behind=save_behind)
    counts: Counter = Counter()
    for res in results.values():
        problems += res.problems
        counts.update(res.counts)
    problems += across_problems
    return Report(sorted(set(problems), key=Problem.sort_key), counts, files=len(files), cached=cached,
                  notes=cache.notes if cache else [], parsed=parsed, records=every, digests=digests,
                  cache=cache if save_behind else None)


def _every_record(files: list, parsed: dict[str, list[Record]], fresh: dict, cache: Cache | None) -> list[Record]:
    """Every record in file order: parsed here, sent back by a worker as JSON, or stored in the cache (a text
    that matched its sealed digest yet does not decode is read from the file again: never fatal)."""
    texts: dict[str, str | bytes] = {shown: res.records for shown, (_, res) in fresh.items() if shown not in parsed}
    if cache is not None:
        texts.update(cache.records({shown for _, _, shown in files} - set(parsed) - set(texts)))
    out: list[Record] = []
    for path, rtype, shown in files:
        if shown in parsed:
            out += parsed[shown]
            continue
        if shown in texts:
            try:
                out += records_from_json(texts[shown], shown)
                continue
            except (ValueError, TypeError):
                pass
        out += load_file(path, rtype, shown)[0]
    return out


def _across(cache: Cache | None, fresh: dict, removed: set, results: dict, where: dict,
            schema_dir: Path) -> list[Problem]:
    """The checks across files — or what they said last time, when no file's facts moved.

    fresh gains the files whose cached facts could not be read back (they are checked again)."""
    changed = {shown: res for shown, (_, res) in fresh.items()}
    if cache is not None and cache.across is not None and not removed:
        before = cache.facts(changed)
        if all(shown in before and before[shown] == res.facts for shown, res in changed.items()):
            return cache.across
    facts = cache.facts(set(results) - set(changed)) if cache is not None else {}
    facts.update({shown: res.facts for shown, res in changed.items()})
    missing = sorted(set(results) - set(facts))
    if missing:  # cached facts that could not be read back: check those files again
        again = _check_candidates([(*where[shown], shown, None) for shown in missing], schema_dir)
        fresh.update(again.fresh)
        facts.update({shown: res.facts for shown, (_, res) in again.fresh.items()})
    return across.check_across(facts, schema_dir)
