"""Validation: every problem in the data, each with its file, line and a Chinese message.

Two layers:
- per file (cacheable by content): the loader's problems, the record's shape, the
  Frictionless row checks (types, formats, required, enums, patterns, ranges), and
  rules about one record (id = file name, year folder, start ≤ end, deadlines after
  the issue date, the year in the 发文字号);
- across files: primary and unique keys, foreign keys (as the schemas declare them),
  one 发文字号 per notice, no cycles among parent organizations.
Cross-file keys are checked here rather than by Frictionless so that a re-run after
one file changes re-checks only that file's rows, and so the message can name the
other file involved.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import marshal
import operator
import os
import pickle
import re
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from scitechday import __version__

from scitechday.domain import docnum
from scitechday.domain.dates import parse_iso
from scitechday.data.datecheck import check_dates
from scitechday.data.load import Record, discover, display_path, load_bytes
from scitechday.data.problems import Problem
from scitechday.data.schema import SCHEMA_DIR, Table, fingerprint, tables
from scitechday.data.tables import Rows, flatten

TYPE_NAMES = {"campaign": "活动通知", "organization": "组织机构", "profile": "人物与团队", "edition": "届次"}
_TYPE_DESC = {
    "date": "日期，格式为 YYYY-MM-DD（如 2019-05-15）",
    "integer": "整数",
    "number": "数字",
    "string": "文字",
    "array": "文字列表",
    "boolean": "true 或 false",
}
_FORMAT_DESC = {"email": "电子邮箱地址（如 name@example.com）", "uri": "完整网址（以 http:// 或 https:// 开头）"}


@dataclass
class FileResult:
    """What one file contributes: its own problems, facts for the checks across files, record counts."""

    problems: list[Problem] = field(default_factory=list)
    facts: dict = field(default_factory=lambda: defaultdict(list))
    counts: Counter = field(default_factory=Counter)

    def pack(self) -> tuple:
        """(problems as tuples, facts as a marshal blob, counts): cheap to cache and to merge.

        The facts are only unpacked when the checks across files must run again."""
        return (tuple(tuple(p.__dict__.values()) for p in self.problems),
                marshal.dumps({k: tuple(v) for k, v in sorted(self.facts.items())}), tuple(self.counts.items()))


@dataclass
class Report:
    problems: list[Problem]
    counts: Counter
    records: list[Record] | None = None
    files: int = 0
    cached: int = 0

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    def summary(self) -> str:
        parts = "，".join(f"{TYPE_NAMES[t]} {self.counts.get(t, 0)} 条" for t in TYPE_NAMES)
        return f"校验通过：{parts}（共 {self.files} 个文件）。"


# ---------------------------------------------------------------- frictionless rows


@functools.lru_cache(maxsize=None)
def _frictionless_descriptor(t: Table) -> tuple[dict, tuple[int, ...]]:
    """The schema as Frictionless checks one batch of rows, and which columns it needs.

    Keys across files are ours (see the module docstring). A plain optional string
    can hold nothing wrong once the shape check has passed, so it is not sent.
    """
    desc = copy.deepcopy(t.descriptor)
    for key in ("primaryKey", "foreignKeys", "uniqueKeys", "x-record", "title", "description"):
        desc.pop(key, None)
    keep = []
    for i, f in enumerate(desc["fields"]):
        f.get("constraints", {}).pop("unique", None)
        if f.get("type") == "date":
            f["type"] = "string"  # Frictionless reads 2025-5-20 as a date: datecheck.py decides, strictly
        if f["name"] in t.keys or f["name"] == t.type_field:
            continue  # filled in by flatten(), never by an editor
        if t.value and f["name"] == t.value and set(f.get("constraints", {})) <= {"required"}:
            continue  # a list of plain values: check_shape() already refuses empty and nested items
        if f.get("type", "string") != "string" or f.get("format") or f.get("constraints"):
            keep.append(i)
    desc["fields"] = [desc["fields"][i] for i in keep]
    return desc, tuple(keep)


def _message(t: Table, fieldname: str, etype: str, note: str, cell) -> tuple[str, str]:
    f = t.field(fieldname)
    title = f.get("title", fieldname)
    shown = f"“{cell}”" if cell not in (None, "") else "空值"
    if etype == "type-error":
        if f.get("format") in _FORMAT_DESC:
            return "format", f"{title}应为{_FORMAT_DESC[f['format']]}，实际是{shown}。"
        want = _TYPE_DESC.get(f.get("type", "string"), f.get("type"))
        return "type", f"{title}应为{want}，实际是{shown}。"
    m = re.search(r'constraint "(\w+)"', note or "")
    constraint = m.group(1) if m else ""
    cons = f.get("constraints", {})
    if constraint == "required":
        return "required", f"缺少必填项“{fieldname}”（{title}）。"
    if constraint == "enum":
        return "enum", f"{title}只能是以下之一：{'、'.join(map(str, cons['enum']))}；实际是{shown}。"
    if constraint == "pattern":
        if "〔" in cons.get("pattern", "") and isinstance(cell, str) and docnum.normalize(cell):
            return "doc-number", f"发文字号的年份应使用六角括号〔〕：请把{shown}改为“{docnum.normalize(cell)}”。"
        hint = f.get("x-hint") or f"格式应符合 {cons['pattern']}"
        return "pattern", f"{title}格式不对：{shown}。{hint}"
    if constraint in ("minimum", "maximum"):
        word = "不能小于" if constraint == "minimum" else "不能大于"
        return "range", f"{title}{word} {cons[constraint]}，实际是{shown}。"
    if constraint in ("minLength", "maxLength"):
        word = "至少" if constraint == "minLength" else "至多"
        return "length", f"{title}{word} {cons[constraint]} 个字，实际是{shown}。"
    return etype, f"{title}不符合要求（{note}），实际是{shown}。"


def check_rows(all_rows: dict[str, Rows], schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Frictionless over in-memory resources, all in one Package; errors → Problems."""
    resources = []
    row_of: dict[str, list[int]] = {}  # resource → our row index of each row sent
    for name, rows in all_rows.items():
        if not rows.values:
            continue
        t = rows.table
        desc, keep = _frictionless_descriptor(t)
        if not keep:
            continue
        pick = operator.itemgetter(*keep) if len(keep) > 1 else (lambda v, i=keep[0]: (v[i],))
        optional = not any(f.get("constraints", {}).get("required") for f in desc["fields"])
        sent, data = [], [[t.field_names[i] for i in keep]]
        for i, values in enumerate(rows.values):
            cells = pick(values)
            if optional and cells.count(None) == len(cells):
                continue  # nothing to check: every checked cell is empty and none is required
            sent.append(i)
            data.append(list(cells))
        if sent:
            resources.append(frictionless.Resource(
                name=name, data=lambda data=data: data, schema=frictionless.Schema.from_descriptor(desc)))
            row_of[name] = sent
    if not resources:
        return []
    report = frictionless.Package(resources=resources).validate(limit_errors=10**9)
    problems = []
    for task in report.tasks:
        rows = all_rows[task.name]
        for err in task.errors:
            row_number = getattr(err, "row_number", None)
            fieldname = getattr(err, "field_name", None)
            if row_number is None:  # about the table itself: a fault of ours, not of the data
                raise RuntimeError(f"{task.name}: {err.message}")
            i = row_of[task.name][row_number - 2]
            record, _ = rows.origins[i]
            if err.type == "blank-row":  # every cell empty: Frictionless checks no cell, so say what is required
                for f in _frictionless_descriptor(rows.table)[0]["fields"]:
                    if f.get("constraints", {}).get("required"):
                        code, message = _message(rows.table, f["name"], "constraint-error", 'constraint "required"', None)
                        problems.append(Problem(record.path, rows.cell_line(i, f["name"]), code,
                                                rows.cell_path(i, f["name"]), message))
                continue
            if fieldname is None:
                problems.append(Problem(record.path, rows.cell_line(i, ""), err.type, "", err.message))
                continue
            code, message = _message(rows.table, fieldname, err.type, err.note, getattr(err, "cell", None))
            problems.append(Problem(record.path, rows.cell_line(i, fieldname), code,
                                    rows.cell_path(i, fieldname), message))
    return problems


# ---------------------------------------------------------------- rules on one file


def _col(rows: Rows, name: str):
    idx = rows.table.field_names.index(name)
    return (values[idx] for values in rows.values)


def check_records(all_rows: dict[str, Rows]) -> list[Problem]:
    problems: list[Problem] = []
    # id = file name; campaigns sit in their year's folder; every record has sources
    for name in ("campaigns", "organizations", "profiles"):
        for record, _ in all_rows[name].origins:
            stem = os.path.splitext(os.path.basename(record.path))[0]
            if record.id and record.id != stem:
                problems.append(Problem(record.path, record.line_of(("id",)), "id-mismatch", "id",
                                        f"编号“{record.id}”与文件名“{stem}.yml”不一致。请把文件改名为“{record.id}.yml”，"
                                        f"或把 id 改为“{stem}”。"))
            if name == "campaigns":
                year = record.data.get("year")
                folder = os.path.basename(os.path.dirname(record.path))
                if isinstance(year, str) and year.isdigit() and folder != year:
                    problems.append(Problem(record.path, record.line_of(("year",)), "year-folder", "year",
                                            f"年份是 {year}，但文件放在“{folder}”目录下。"
                                            f"请把文件移到 data/campaigns/{year}/。"))
    sourced = {(t, r) for t, r in zip(_col(all_rows["sources"], "record_type"), _col(all_rows["sources"], "record"))}
    for name in ("campaigns", "organizations", "profiles", "editions"):
        for record, _ in all_rows[name].origins:
            if (record.type, record.id) not in sourced and record.id:
                problems.append(Problem(record.path, record.line, "no-sources", "sources",
                                        "记录没有来源。请在 sources 下写明原文网址（url）或文件名（file），"
                                        "以及获取日期（retrieved）。"))
    # start ≤ end wherever a table has both
    for rows in all_rows.values():
        names = rows.table.field_names
        for a, b in (("period_start", "period_end"), ("start", "end")):
            if a in names and b in names:
                ia, ib = names.index(a), names.index(b)
                for i, values in enumerate(rows.values):
                    start, end = parse_iso(values[ia]), parse_iso(values[ib])
                    if start and end and end < start:
                        record, _ = rows.origins[i]
                        problems.append(Problem(record.path, rows.cell_line(i, b), "date-order", rows.cell_path(i, b),
                                                f"结束日期 {end} 早于开始日期 {start}。请核对原文。"))
    # the issue date against the 发文字号 and the deadlines
    campaigns = all_rows["campaigns"]
    issued_of = {}
    for record, _ in campaigns.origins:
        issued = parse_iso(record.data.get("issued"))
        issued_of[record.id] = issued
        dn = docnum.parse(record.data.get("doc_number") or "")
        if dn and issued and dn.year != issued.year:
            problems.append(Problem(record.path, record.line_of(("doc_number",)), "doc-number-year", "doc_number",
                                    f"发文字号中的年份 {dn.year} 与成文日期 {issued} 的年份不一致。请核对原文。"))
    deadlines = all_rows["deadlines"]
    names = deadlines.table.field_names
    for i, values in enumerate(deadlines.values):
        record, _ = deadlines.origins[i]
        due, issued = parse_iso(values[names.index("date")]), issued_of.get(record.id)
        if due and issued and due < issued:
            problems.append(Problem(record.path, deadlines.cell_line(i, "date"), "deadline-before-issue",
                                    deadlines.cell_path(i, "date"),
                                    f"报送截止日期 {due} 早于成文日期 {issued}。请核对原文（年份是否写错？）。"))
    return problems


# ---------------------------------------------------------------- facts for cross-file checks


def _structural(t: Table, fields: list[str]) -> bool:
    return set(fields) <= set(t.keys)


def _intern(value):
    """Ids recur across files (every reference to one organization): store each string once."""
    return sys.intern(value) if isinstance(value, str) else value


@functools.lru_cache(maxsize=None)
def _fact_specs(t: Table) -> tuple[tuple, tuple]:
    """Which column tuples of a table are keys, and which are references (with the column indexes)."""
    names = t.field_names
    keysets = []
    if t.descriptor.get("primaryKey"):
        keysets.append(tuple(t.descriptor["primaryKey"]))
    keysets += [tuple(k) for k in t.descriptor.get("uniqueKeys", [])]
    keysets += [(f["name"],) for f in t.fields if f.get("constraints", {}).get("unique")]
    keys = tuple((ks, tuple(names.index(k) for k in ks)) for ks in keysets
                 if not set(ks) & set(t.keys[1:]))  # positions are unique by construction
    refs = tuple((n, tuple(names.index(k) for k in fk["fields"]), fk["fields"][-1])
                 for n, fk in enumerate(t.descriptor.get("foreignKeys", [])) if not _structural(t, fk["fields"]))
    return keys, refs


def collect_facts(all_rows: dict[str, Rows], results: dict[str, FileResult]) -> None:
    for rows in all_rows.values():
        t = rows.table
        keys, refs = _fact_specs(t)
        if not keys and not refs:
            continue
        for i, values in enumerate(rows.values):
            facts = results[rows.origins[i][0].path].facts
            for ks, idx in keys:
                vals = tuple(_intern(values[j]) for j in idx)
                if None not in vals:
                    facts["key"].append((t.name, ks, vals, rows.cell_line(i, ks[-1]),
                                         sys.intern(rows.cell_path(i, ks[-1]))))
            for n, idx, last in refs:
                vals = tuple(_intern(values[j]) for j in idx)
                if None not in vals:
                    facts["ref"].append((t.name, n, vals, rows.cell_line(i, last), sys.intern(rows.cell_path(i, last))))
    for record, _ in all_rows["campaigns"].origins:
        norm = docnum.normalize(record.data.get("doc_number") or "")
        if norm:
            results[record.path].facts["doc"].append((norm, record.line_of(("doc_number",))))
    for record, _ in all_rows["organizations"].origins:
        parent = record.data.get("parent")
        if isinstance(parent, str) and record.id:
            results[record.path].facts["parent"].append((record.id, parent, record.line_of(("parent",))))


_REF_WORDS = {"organizations": "组织机构（data/organizations/{}.yml）", "campaigns": "通知（data/campaigns/<年份>/{}.yml）",
              "profiles": "人物（data/profiles/{}.yml）", "editions": "届次（data/editions.yml 中的 {}）"}


def check_across(results: dict[str, tuple], schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    import difflib

    results = {path: (None, marshal.loads(res[1])) for path, res in results.items()}
    problems: list[Problem] = []
    by_table = {t.name: t for t in tables(schema_dir)}
    seen: dict[tuple, tuple[str, int]] = {}
    for path, res in results.items():
        for tname, ks, vals, line, where in res[1].get("key", ()):
            key = (tname, ks, vals)
            if key in seen:
                other = seen[key]
                shown = "、".join(vals)
                problems.append(Problem(path, line, "duplicate", where,
                                        f"{'+'.join(ks)} 为“{shown}”的记录重复：{other[0]}:{other[1]} 已有同样的值。"))
            else:
                seen[key] = (path, line)
    targets: dict[tuple, set] = defaultdict(set)
    for (tname, ks, vals) in seen:
        targets[(tname, ks)].add(vals)
    for path, res in results.items():
        for tname, n, vals, line, where in res[1].get("ref", ()):
            fk = by_table[tname].descriptor["foreignKeys"][n]
            ref = fk["reference"]
            pool = targets.get((ref["resource"], tuple(ref["fields"])), set())
            if vals in pool:
                continue
            shown = "、".join(map(str, vals))
            what = _REF_WORDS.get(ref["resource"], ref["resource"]).format(shown)
            guess = difflib.get_close_matches(shown, ["、".join(map(str, v)) for v in pool], n=1, cutoff=0.75) \
                if len(pool) < 5000 else []
            hint = f"你是不是想写“{guess[0]}”？" if guess else "请先添加这条记录，或检查拼写。"
            problems.append(Problem(path, line, "unknown-reference", where, f"找不到{what}。{hint}"))
    docs: dict[str, tuple[str, int]] = {}
    for path, res in results.items():
        for norm, line in res[1].get("doc", ()):
            if norm in docs:
                other = docs[norm]
                problems.append(Problem(path, line, "duplicate-doc-number", "doc_number",
                                        f"发文字号“{norm}”已被 {other[0]}:{other[1]} 使用。同一份通知只收录一次。"))
            else:
                docs[norm] = (path, line)
    parents = {}
    where_of = {}
    for path, res in results.items():
        for oid, parent, line in res[1].get("parent", ()):
            parents[oid] = parent
            where_of[oid] = (path, line)
    reported = set()
    for start in parents:
        chain, node = [], start
        while node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        if node in chain:
            cycle = chain[chain.index(node):]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                first = min(cycle)
                path, line = where_of[first]
                loop = " → ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
                problems.append(Problem(path, line, "parent-cycle", "parent",
                                        f"上级组织形成了循环：{loop}。请改正其中一个 parent。"))
    return problems


# ---------------------------------------------------------------- running it


def check_files(items: list[tuple[str, bytes, str]], schema_dir: Path = SCHEMA_DIR,
                keep_records: bool = False) -> tuple[dict[str, tuple], list[Record]]:
    """Everything that depends on these files alone. items: (display path, bytes, record type)."""
    results = {path: FileResult() for path, _, _ in items}
    records: list[Record] = []
    for path, raw, rtype in items:
        recs, probs = load_bytes(raw, path, rtype)
        results[path].problems += probs
        results[path].counts.update(r.type for r in recs)
        records += recs
    all_rows, shape_problems = flatten(records, schema_dir)
    found = shape_problems + check_rows(all_rows, schema_dir) + check_dates(all_rows) + check_records(all_rows)
    for p in found:
        results[p.path].problems.append(p)
    collect_facts(all_rows, results)
    return {path: res.pack() for path, res in results.items()}, (records if keep_records else [])


class _Cache:
    """Per-file results keyed by content digest: a base file plus a small journal of recent changes,
    so that re-validating after a few edits does not rewrite the whole cache."""

    JOURNAL_LIMIT = 2000  # entries; past this the journal is folded into a new base

    def __init__(self, folder: Path, salt: str):
        self.base_file, self.journal_file = folder / "validate.pickle", folder / "validate.journal.pickle"
        self.salt = salt
        self.base: dict = {}
        self.base_id = None
        self.journal: dict = {}
        self.loaded: dict = {}
        self.across: tuple | None = None  # the cross-file problems for `loaded`, as tuples

    def _read(self, path: Path):
        try:
            with open(path, "rb") as fh:
                stored = pickle.load(fh)
            return stored if isinstance(stored, dict) and stored.get("salt") == self.salt else None
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, KeyError):
            return None

    def load(self) -> dict:
        base = self._read(self.base_file)
        if base is None:
            return {}
        self.base, self.base_id, self.across = base["files"], base["id"], base.get("across")
        journal = self._read(self.journal_file)
        if journal is not None and journal.get("base") == self.base_id:
            self.journal, self.across = journal["files"], journal.get("across")
        self.loaded = {**self.base, **self.journal}
        return self.loaded

    def _write(self, path: Path, payload: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def save(self, updates: dict, removed: set, across: tuple, everything) -> None:
        """updates: entries that differ from what was loaded; everything(): all entries, for a new base."""
        try:
            if not updates and not removed and across == self.across:
                return  # nothing changed since it was written
            journal = {**self.journal, **updates}
            if self.base_id is not None and not removed and len(journal) <= self.JOURNAL_LIMIT \
                    and journal.keys() <= self.base.keys():
                self._write(self.journal_file, {"salt": self.salt, "base": self.base_id, "files": journal,
                                                "across": across})
                return
            self._write(self.base_file, {"salt": self.salt, "id": time.time_ns(), "files": everything(),
                                         "across": across})
            self.journal_file.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only checkout still validates, just without the cache


_WORK: list = []
RACY_NS = 2_000_000_000  # a file modified this close to the cache write is hashed again


def _check_candidates(candidates: list[tuple], schema_dir: Path, keep_records: bool = False):
    """Read and hash files the stat check did not vouch for; reuse the cached result when the
    content is unchanged, check the rest. Returns ([(shown, entry, packed)], problems, reused, records)."""
    now = time.time_ns()
    out, todo, unreadable, pending, reused = [], [], [], {}, 0
    for path, rtype, shown, hit in candidates:
        try:
            st = os.stat(path)
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as err:
            unreadable.append(Problem(shown, None, "unreadable", "", f"无法读取文件：{err.strerror}。"))
            continue
        entry = (st.st_size, st.st_mtime_ns, hashlib.blake2b(raw, digest_size=16).digest(), now)
        if hit is not None and hit[2] == entry[2]:
            out.append((shown, entry, hit[4]))
            reused += 1
        else:
            pending[shown] = entry
            todo.append((shown, raw, rtype))
    fresh, records = check_files(todo, schema_dir, keep_records)
    out += [(shown, pending[shown], packed) for shown, packed in fresh.items()]
    return out, unreadable, reused, records


def _check_chunk(bounds: tuple[int, int, str]):
    lo, hi, schema_dir = bounds
    return _check_candidates(_WORK[lo:hi], Path(schema_dir))


@functools.lru_cache(maxsize=None)
def _code_fingerprint() -> str:
    """The cache is only valid for the code that wrote it."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for p in sorted(Path(__file__).parents[1].rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()


def _default_cache_dir() -> Path:
    return Path(os.environ.get("SCITECHDAY_CACHE", ".cache/scitechday"))


def validate(data_dir: Path, *, schema_dir: Path = SCHEMA_DIR, cache_dir: Path | None = None,
             use_cache: bool = True, jobs: int | None = None, keep_records: bool = False) -> Report:
    """Validate every file under data_dir. Unchanged files are answered from the cache."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return Report([Problem(display_path(data_dir), None, "no-data", "",
                               "数据目录不存在。请在仓库根目录运行，或用 --data 指定数据目录。")], Counter())
    files, problems = discover(data_dir)
    salt = f"{_code_fingerprint()}:{fingerprint(schema_dir)}"
    cache = _Cache(cache_dir or _default_cache_dir(), salt) if use_cache and not keep_records else None
    known = cache.load() if cache else {}
    results: dict[str, tuple] = {}  # shown path → FileResult.pack()
    entries: dict[str, tuple] = {}  # shown path → (size, mtime_ns, digest, hashed_at_ns)
    candidates: list[tuple] = []  # files to read: their stat did not vouch for them
    for path, rtype, shown in files:
        hit = known.get(shown)
        try:
            st = os.stat(path)
        except OSError as err:
            problems.append(Problem(shown, None, "unreadable", "", f"无法读取文件：{err.strerror}。"))
            continue
        if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns \
                and st.st_mtime_ns < hit[3] - RACY_NS:
            entries[shown] = hit[:4]  # unchanged since it was hashed (as git's index decides)
            results[shown] = hit[4]
        else:
            candidates.append((path, rtype, shown, hit))
    records: list[Record] = []
    jobs = jobs or min(2, os.cpu_count() or 1)
    if keep_records or jobs < 2 or len(candidates) < 4000:
        parts = [_check_candidates(candidates, schema_dir, keep_records)]
    else:  # the children read, hash and check their share; fork gives them the list for free
        _WORK[:] = candidates
        step = -(-len(candidates) // (jobs * 4))
        chunks = [(lo, min(lo + step, len(candidates)), str(schema_dir)) for lo in range(0, len(candidates), step)]
        try:
            import multiprocessing

            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(_check_chunk, chunks))
        finally:
            _WORK.clear()
    cached = len(results)
    updates: dict[str, tuple] = {}  # entries that differ from the cache
    for fresh, unreadable, reused, part_records in parts:
        problems += unreadable
        cached += reused
        records += part_records
        for shown, entry, packed in fresh:
            entries[shown] = entry
            results[shown] = packed
            old = known.get(shown, (None,) * 5)
            if old[:3] != entry[:3] or (old[3] != entry[3] and entry[1] < entry[3] - RACY_NS):
                updates[shown] = entry + (packed,)  # new content, or a hash time that now vouches for it
    removed = known.keys() - results.keys()
    facts_unchanged = cache is not None and cache.across is not None and not removed and all(
        shown in known and marshal.loads(known[shown][4][1]) == marshal.loads(e[4][1]) for shown, e in updates.items())
    if facts_unchanged:  # no key, reference, 发文字号 or parent moved: the checks across files say what they said
        across = [Problem(*p) for p in cache.across]
    else:
        across = check_across(results, schema_dir)
    if cache is not None:
        cache.save(updates, removed, tuple(tuple(p.__dict__.values()) for p in across),
                   lambda: {p: entries[p] + (r,) for p, r in results.items()})
    counts: Counter = Counter()
    for own, _, kinds in results.values():
        problems += [Problem(*p) for p in own]
        for kind, n in kinds:
            counts[kind] += n
    problems += across
    return Report(sorted(set(problems), key=Problem.sort_key), counts, records if keep_records else None,
                  files=len(files), cached=cached)
