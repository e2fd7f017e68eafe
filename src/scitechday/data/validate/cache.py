"""The validation cache: each file's result, keyed by its content, in SQLite with JSON values.

- Nothing in it can run code: values are JSON, read with `json.loads`.
- Each row is sealed with a keyed BLAKE2b digest. The key lives beside the cache, outside the
  repository by default (`$XDG_CACHE_HOME/scitechday/`, one database per data folder), so a
  cache committed into a pull request cannot vouch for anything; an entry whose seal does not
  match is ignored and the file checked again. The large texts a row vouches for (each file's
  facts and records, in their own columns and table) are covered by their SHA-256 digest in the
  sealed row, checked as they are read back; records that still do not decode are read from the file.
- A damaged or foreign database is set aside and rebuilt, with a notice; never fatal.
- A read-only or unwritable cache folder means no cache, not a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scitechday.data.load import Record
from scitechday.data.problems import Problem

KEY_FILE = "seal.key"


@dataclass
class FileResult:
    """What checking one file found: its own problems, facts for the checks across files, record counts."""

    problems: list[Problem] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    records: str = "[]\n[]"  # the file's records as JSON (records_json): a build reads them instead of the YAML
    # the texts of its cache row (stored_texts), made where the file was checked: in a worker, when there are many
    stored: tuple[str, str, str, str, str] | None = None


@dataclass
class Stamp:
    """How a file looked when it was hashed (as git's index keeps it)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: str
    hashed_at_ns: int

    @classmethod
    def of(cls, st: os.stat_result, digest: str, now_ns: int) -> Stamp:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, digest, now_ns)

    def vouches_for(self, st: os.stat_result, racy_ns: int) -> bool:
        """Unchanged since it was hashed: same size, times and inode, and not modified right before hashing."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode) == \
            (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) and st.st_mtime_ns < self.hashed_at_ns - racy_ns


@dataclass
class Entry:
    stamp: Stamp
    problems: list[Problem]
    counts: dict[str, int]
    facts_digest: str
    records_digest: str


def problems_to_json(problems: list[Problem]) -> str:
    return json.dumps([[p.path, p.line, p.code, p.field, p.message, p.level] for p in problems], ensure_ascii=False)


def problems_from_json(text: str) -> list[Problem]:
    return [Problem(*p) for p in json.loads(text)]


def facts_json(facts: dict) -> str:
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return digest_bytes(text.encode())


def digest_bytes(raw: bytes) -> str:
    """The digest a sealed row keeps of a stored text (facts, records): SHA-256 cut to 128 bits. A build
    hashes every record it reads back (160 MB at national scale): SHA-256 runs on the CPU's SHA extensions,
    twice as fast as BLAKE2b there."""
    return hashlib.sha256(raw).hexdigest()[:32]


def stored_texts(res: FileResult) -> tuple[str, str, str, str, str]:
    """What a cache row keeps of a file's result as text: its problems, its counts, its facts, and the
    digests of its facts and its records."""
    ftext = facts_json(res.facts)
    return (problems_to_json(res.problems), json.dumps(res.counts, sort_keys=True), ftext, digest(ftext),
            digest(res.records))


def records_json(records: list[Record]) -> str:
    """Records as text for the validation cache: two JSON documents on two lines, the records' types and
    values, then the line of every key path of each record. A build reads every record from the cache
    and needs none of the lines (they serve validation's messages): they are decoded only when asked for."""
    values = json.dumps([[r.type, r.data] for r in records], ensure_ascii=False, separators=(",", ":"))
    lines = json.dumps([[[*kp, line] for kp, line in r.lines.items()] for r in records], separators=(",", ":"))
    return values + "\n" + lines  # json.dumps never writes a raw line break


def records_from_json(text: str | bytes, path: str) -> list[Record]:
    """The inverse of records_json: the records exactly as the loader made them. text: as records_json
    wrote it, or its UTF-8 bytes as the cache stores them (the lines are then never decoded unless asked for).
    ValueError (or TypeError) when it is not records_json's text: the caller reads the file instead."""
    values, _, lines = text.partition(b"\n") if isinstance(text, bytes) else text.partition("\n")
    shared = _FileLines(lines)
    pairs = json.loads(values)
    if not isinstance(pairs, list):
        raise ValueError("not records_json's text")
    out = [Record(rtype, path, data, _Lines(shared, i)) for i, (rtype, data) in enumerate(pairs)]
    if not all(isinstance(r.type, str) and isinstance(r.data, dict) for r in out):
        raise ValueError("not records_json's text")
    return out


class _FileLines:
    """The lines of one file's records as stored, decoded on first use (once for all its records)."""

    __slots__ = ("_text", "_lists")

    def __init__(self, text: str | bytes):
        self._text = text
        self._lists: list | None = None

    def of(self, i: int) -> list:
        if self._lists is None:
            self._lists = json.loads(self._text)
            self._text = b""
        return self._lists[i]


class _Lines(Mapping):
    """The lines of a record read back from the cache, made into a dict on first use: a build that
    reads every record from the cache needs none of them (they serve the messages of validation)."""

    __slots__ = ("_source", "_index", "_map")

    def __init__(self, source: _FileLines, index: int):
        self._source: _FileLines | None = source
        self._index = index
        self._map: dict[tuple, int] | None = None

    def _dict(self) -> dict[tuple, int]:
        if self._map is None:
            pairs = self._source.of(self._index) if self._source is not None else ()
            self._map = {tuple(kp[:-1]): kp[-1] for kp in pairs}
            self._source = None
        return self._map

    def __getitem__(self, keypath: tuple) -> int:
        return self._dict()[keypath]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def __contains__(self, keypath: object) -> bool:
        return keypath in self._dict()

    def get(self, keypath, default=None):
        return self._dict().get(keypath, default)


def default_dir() -> Path:
    if os.environ.get("SCITECHDAY_CACHE"):
        return Path(os.environ["SCITECHDAY_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "scitechday"


_FACTS: dict[str, dict[str, tuple[str, dict]]] = {}  # database → path → (facts digest, facts) decoded in this process
_COLUMNS = "path, size, mtime_ns, ctime_ns, inode, digest, hashed_at_ns, problems, counts, facts_digest, records_digest, seal"


class Cache:
    """One SQLite database per data folder and working directory (the paths it keeps, in its records and
    problems, are shown relative to the working directory: two checkouts validating one data folder
    would otherwise check every file again and replace each other's answers); `load()` then `save()`
    once per run."""

    def __init__(self, folder: Path, data_dir: Path, salt: str):
        self.folder = Path(folder)
        where = f"{Path(data_dir).resolve()}\0{Path.cwd().resolve()}"
        name = hashlib.blake2b(where.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        self.db_path = self.folder / f"validate-{name}.sqlite"
        self.salt = salt
        self.notes: list[str] = []  # what a person should know (a damaged cache was rebuilt)
        self.entries: dict[str, Entry] = {}
        self.across: list[Problem] | None = None
        self._db: sqlite3.Connection | None = None
        self._key = b""
        self._writer: threading.Thread | None = None

    # ------------------------------------------------------------ integrity

    def _load_key(self) -> bytes:
        path = self.folder / KEY_FILE
        try:
            key = path.read_bytes()
            if len(key) == 32:
                return key
        except OSError:
            pass
        key = secrets.token_bytes(32)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(tmp, path)
        return key

    def _seal(self, *parts) -> str:
        """A keyed BLAKE2b digest (BLAKE2's own keyed mode: a MAC without HMAC's extra passes)."""
        return hashlib.blake2b(repr((self.salt, *parts)).encode(), key=self._key, digest_size=16).hexdigest()

    # ------------------------------------------------------------ reading

    def _connect(self) -> sqlite3.Connection:
        # check_same_thread off: save(behind=True) hands the connection to its writer thread, and no other
        # thread uses it again
        db = sqlite3.connect(self.db_path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        columns = [row[1] for row in db.execute("PRAGMA table_info(files)")]
        if columns and "records_digest" not in columns:  # written by an older version: start afresh
            db.execute("DROP TABLE files")
            db.execute("DELETE FROM meta")
        db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
                   "ctime_ns INTEGER, inode INTEGER, digest TEXT, hashed_at_ns INTEGER, problems TEXT, counts TEXT, "
                   "facts_digest TEXT, records_digest TEXT, seal TEXT, facts TEXT)")
        # the records are large (a notice's whole text): a table of their own keeps reading `files` fast
        db.execute("CREATE TABLE IF NOT EXISTS records (path TEXT PRIMARY KEY, records TEXT)")
        return db

    def load(self) -> dict[str, Entry]:
        """The sealed entries of the last run (empty when there is no usable cache)."""
        try:
            self._key = self._load_key()
            self._db = self._connect()
            self._read()
        except (OSError, sqlite3.Error, ValueError, TypeError, KeyError, IndexError) as err:
            self._set_aside(err)
        return self.entries

    def _read(self) -> None:
        assert self._db is not None
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        if meta.get("salt") != self.salt:  # other code or other schemas wrote it: start afresh
            self._db.execute("DELETE FROM files")
            self._db.execute("DELETE FROM meta")
            self._db.execute("INSERT INTO meta VALUES ('salt', ?)", (self.salt,))
            return
        broken = 0
        decoded: dict[str, object] = {}  # most files share "[]" and {"campaign": 1}: decode each text once
        for row in self._db.execute(f"SELECT {_COLUMNS} FROM files"):
            path, size, mtime, ctime, ino, dig, hashed, problems, counts, fdig, rdig, seal = row
            if not hmac.compare_digest(str(seal), self._seal(*row[:-1])):
                broken += 1
                continue
            if problems not in decoded:
                decoded[problems] = problems_from_json(problems)
            if counts not in decoded:
                decoded[counts] = json.loads(counts)
            self.entries[path] = Entry(Stamp(size, mtime, ctime, ino, dig, hashed),
                                       list(decoded[problems]), dict(decoded[counts]), fdig, rdig)  # type: ignore[call-overload]
        if broken:
            self.notes.append(f"校验缓存中有 {broken} 条记录无法核实，已重新检查对应文件。")
        across, seal = meta.get("across"), meta.get("across_seal")
        if across is not None and seal is not None and hmac.compare_digest(seal, self._seal("across", across)):
            self.across = problems_from_json(across)

    def facts(self, paths) -> dict[str, dict]:
        """The stored facts of these files, checked against their sealed digests. Facts decoded once stay in
        memory (by digest) for the next run in this process: `serve` re-validates after every edit."""
        memo = _FACTS.setdefault(str(self.db_path), {})
        out: dict[str, dict] = {}
        rest = []
        for path in paths:
            entry = self.entries.get(path)
            known = memo.get(path)
            if entry is not None and known is not None and known[0] == entry.facts_digest:
                out[path] = known[1]
            else:
                rest.append(path)
        for path, text in self._stored("files", "facts", rest, lambda e: e.facts_digest).items():
            out[path] = json.loads(text)
            memo[path] = (self.entries[path].facts_digest, out[path])
        return out

    def records(self, paths) -> dict[str, bytes]:
        """The stored records (records_json's text, as its UTF-8 bytes) of these files, checked against their
        sealed digests: records_from_json reads them."""
        return self._stored("records", "records", paths, lambda e: e.records_digest)

    def _stored(self, table: str, column: str, paths, sealed) -> dict[str, bytes]:
        """One column's text for these paths, as the UTF-8 bytes stored (what `digest` hashes), where its
        digest matches the sealed one. Left undecoded: json.loads reads bytes, and records_from_json decodes
        only the part a build needs."""
        wanted = {p for p in paths if p in self.entries}
        out: dict[str, bytes] = {}
        if not wanted or self._db is None:
            return out
        select = f"SELECT path, CAST({column} AS BLOB) FROM {table}"
        try:
            rows: Iterable
            if len(wanted) <= 200:  # a few files (one edit): look them up, never read the whole table
                rows = (row for path in wanted for row in self._db.execute(f"{select} WHERE path=?", (path,)))
            else:
                rows = self._db.execute(select)
            for path, raw in rows:
                if path in wanted and isinstance(raw, bytes) and digest_bytes(raw) == sealed(self.entries[path]):
                    out[path] = raw
        except sqlite3.Error:
            return {}
        return out

    def _set_aside(self, err: Exception) -> None:
        self.entries, self.across = {}, None
        if self._db is not None:
            self._db.close()
            self._db = None
        try:
            if self.db_path.exists():
                os.replace(self.db_path, self.db_path.with_suffix(".damaged"))
            for suffix in ("-wal", "-shm"):
                Path(str(self.db_path) + suffix).unlink(missing_ok=True)
            self._db = self._connect()
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (self.salt,))
            self.notes.append(f"校验缓存已损坏（{type(err).__name__}），已重建；这次会检查全部文件。")
        except (OSError, sqlite3.Error):
            self._db = None  # no usable cache folder: validate without one

    # ------------------------------------------------------------ writing

    def save(self, fresh: dict[str, tuple[Stamp, FileResult]], restamped: dict[str, Stamp], removed: set[str],
             across: list[Problem], behind: bool = False) -> None:
        """fresh: files checked this run; restamped: unchanged content with a newer hash time; removed: gone.
        behind: SQLite writes in a thread (it lets go of the GIL while it writes: a national archive's first
        run writes 190 MB) while the caller goes on; wait() until it has."""
        if self._db is None:
            return
        rows = []
        for path, (st, res) in fresh.items():
            problems, counts, ftext, facts_digest, records_digest = res.stored or stored_texts(res)
            values = (path, st.size, st.mtime_ns, st.ctime_ns, st.inode, st.digest, st.hashed_at_ns,
                      problems, counts, facts_digest, records_digest)
            rows.append((*values, self._seal(*values), ftext))
        records = [(path, res.records) for path, (_, res) in fresh.items()]
        updates = []
        for path, st in restamped.items():
            e = self.entries[path]
            values = (path, st.size, st.mtime_ns, st.ctime_ns, st.inode, st.digest, st.hashed_at_ns,
                      problems_to_json(e.problems), json.dumps(e.counts, sort_keys=True), e.facts_digest,
                      e.records_digest)
            updates.append((st.size, st.mtime_ns, st.ctime_ns, st.inode, st.hashed_at_ns, self._seal(*values), path))
        across_text = problems_to_json(across)
        meta = [] if self.across is not None and across == self.across else \
            [("across", across_text), ("across_seal", self._seal("across", across_text))]
        db, self._db = self._db, None
        if behind:
            self._writer = threading.Thread(target=_write, args=(db, rows, records, updates, removed, meta),
                                            name="validation-cache")
            self._writer.start()
        else:
            _write(db, rows, records, updates, removed, meta)

    def wait(self) -> None:
        """Until save(behind=True) has written."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None


def _write(db: sqlite3.Connection, rows: list, records: list, updates: list, removed: set[str], meta: list) -> None:
    """One transaction: the rows of the files checked, their records, the new stamps, the files removed and
    what the checks across files said (when it changed); then the connection is closed."""
    try:
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO files (path, size, mtime_ns, ctime_ns, inode, digest, hashed_at_ns, "
                       "problems, counts, facts_digest, records_digest, seal, facts) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany("INSERT OR REPLACE INTO records (path, records) VALUES (?,?)", records)
        db.executemany("UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, inode=?, hashed_at_ns=?, seal=? "
                       "WHERE path=?", updates)
        db.executemany("DELETE FROM files WHERE path=?", [(p,) for p in removed])
        db.executemany("DELETE FROM records WHERE path=?", [(p,) for p in removed])
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
        db.execute("COMMIT")
    except sqlite3.Error:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
    finally:
        db.close()
