"""The open data of an incremental build, from the last build's gzip members and the records that changed.

A build that publishes the package compressed (export.published, in gzmembers' members) keeps its
*layout* in the build state's facts: each data file as the list of its segments — a table's header and
each record's rows (export.package_files), archive.json's pieces (export.archive_keys) — by key and
length, a record's segments keyed by the record's identity (its type and id, its file and the file's
digest: what its segments are made of), and each file's members with their uncompressed lengths
(facts["members"]).

The next build lists each file's segments again without encoding any (a segment whose key the last
layout holds has the same bytes, and its length is known), then walks the file member by member: a
member of the last build is taken as it is — neither made nor hashed again — where it starts at the
same place of the same segment and spans the same segments; elsewhere the segments are encoded from
that place (a changed record and its neighbours, up to the next cut) and cut as gzmembers.cut cuts, until
a cut meets the start of one of the last build's members again. A file whose members are all the last
build's in order is not made at all (dependencies.Skipped). The result is byte for byte the package a clean
build publishes. A layout that is missing or of another shape, made with other member settings (CHUNK,
LEVEL, CODEC: the compressor's version), or that disagrees with the files it describes gives None: the
caller then makes the package in full.

The layout is JSON inside the build state (read with json, like the rest of it); nothing in it is run.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import zlib
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scitechday.archive import dependencies
from scitechday.archive.dependencies import Skipped
from scitechday.data import schema as schemas
from scitechday.data.load import Record
from scitechday.data.tables import Rows
from scitechday.publish import export, gzmembers

FOLDER = "opendata/"


class Stale(Exception):
    """The last build's layout does not describe its files: make the package in full."""


def identities(records: list[Record], file_digests: dict[str, str] | None) -> list[str]:
    """Each record's identity: what its segments are made of (its type, id, file and the file's digest)."""
    files = file_digests or {}
    unknown = dependencies.record_digests([r for r in records if r.path not in files])  # by their data
    out = []
    for r in records:
        rid = r.id
        made_of = files.get(r.path) or unknown[f"{r.type}:{rid}"]
        out.append(hashlib.blake2b(f"{r.type}:{rid}\0{r.path}\0{made_of}".encode("utf-8", "surrogatepass"),
                                   digest_size=12).hexdigest())
    return out


def layout(idents: list[str], segments: dict[str, tuple[list, list]]) -> dict:
    """What facts["opendata"] holds: segments as export.package_files gives them, the records' identities
    (the segments' int keys, and "first:<position>", name records by position), the member settings, and
    a checksum of them all (a layout edited or damaged into other numbers is not used)."""
    out = {"chunk": gzmembers.CHUNK, "level": gzmembers.LEVEL, "codec": gzmembers.CODEC, "records": idents,
           "files": {name: [keys, lengths] for name, (keys, lengths) in segments.items()}}
    out["check"] = _checksum(out)
    return out


def _checksum(layout: dict) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{layout['chunk']}|{layout['level']}|{layout['codec']}|".encode())
    h.update("\0".join(layout["records"]).encode())
    for name, (keys, lengths) in sorted(layout["files"].items()):
        h.update(f"\1{name}\1".encode() + "\0".join(map(str, keys)).encode() + b"\1")
        h.update(array("q", lengths).tobytes())
    return h.hexdigest()


def _canonical(keys: list, idents: list[str]) -> list[str]:
    """Segment keys that compare across builds: a record's position becomes its identity."""
    def special(k: str) -> str:
        return "first|" + idents[int(k[6:])] if k.startswith("first:") else k

    return [idents[k] if k.__class__ is int else special(k) for k in keys]


@dataclass
class _Old:
    """One file of the last build: its segments, and its members [digest, compressed, uncompressed length]."""
    keys: list[str]
    lengths: list[int]
    members: list[list]
    path: Path

    def check(self) -> None:
        self.at = {k: i for i, k in enumerate(self.keys)}  # each key's segment
        if len(self.keys) != len(self.lengths) or len(self.at) != len(self.keys):  # a key twice
            raise Stale
        if self.lengths and min(self.lengths) < 0:  # ints: the checksum read them as such
            raise Stale
        if not all(isinstance(m, list) and len(m) == 3 and isinstance(m[0], str) and isinstance(m[1], int)
                   and isinstance(m[2], int) and m[1] > 0 and m[2] > 0 for m in self.members):
            raise Stale
        if sum(self.lengths) != sum(m[2] for m in self.members):
            raise Stale
        self.offsets = list(itertools.accumulate(self.lengths, initial=0))  # each segment's, in the file
        self.starts = list(itertools.accumulate((m[2] for m in self.members), initial=0))  # each member's
        self.packed = list(itertools.accumulate((m[1] for m in self.members), initial=0))  # … compressed
        self.unpacked: dict[int, bytes] = {}

    def segment(self, i: int) -> bytes:
        """Segment i's bytes, from the members that hold it (decompressed: gzip checks their CRC and length)."""
        a, b = self.offsets[i], self.offsets[i + 1]
        first, last = bisect_right(self.starts, a) - 1, bisect_left(self.starts, b) - 1
        parts = []
        try:
            with open(self.path, "rb") as fh:
                for m in range(first, last + 1):
                    if m not in self.unpacked:
                        fh.seek(self.packed[m])
                        self.unpacked[m] = gzip.decompress(fh.read(self.packed[m + 1] - self.packed[m]))
                        if len(self.unpacked[m]) != self.members[m][2]:
                            raise Stale
                    parts.append(self.unpacked[m])
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile):
            raise Stale from None
        return b"".join(parts)[a - self.starts[first]:b - self.starts[first]]


def _old_files(site_dir: str, facts: dict) -> dict[str, _Old]:
    """The last build's data files by name, from its facts; Stale when they do not fit this build."""
    try:
        before, members = facts["opendata"], facts["members"]
        if (before["chunk"], before["level"], before.get("codec")) != (gzmembers.CHUNK, gzmembers.LEVEL, gzmembers.CODEC) \
                or before["check"] != _checksum(before):
            raise Stale
        idents = before["records"]
        out = {}
        for name, (keys, lengths) in before["files"].items():
            out[name] = _Old(_canonical(keys, idents), lengths, members[f"{FOLDER}{name}.gz"],
                             Path(site_dir, f"{FOLDER}{name}.gz"))
            out[name].check()
        return out
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError):
        raise Stale from None


@dataclass
class _Member:
    """A member of the file being made: the last build's (old: its index) or new bytes."""
    entry: list  # [digest, compressed length (0 until compressed), uncompressed length]
    old: int | None = None
    data: bytes | None = None


@dataclass
class _New:
    """One data file of this build: its segments' keys and lengths, and how to encode them."""
    keys: list[str]
    lengths: list[int]
    encode: Callable[[int, int], list[bytes]]  # segments a to b (not included) → their bytes
    name: str
    log: list  # (file name, key) of the segments encoded, in every file (Made.encoded)
    present: set  # keys
    made: dict = field(default_factory=dict)  # segments encoded already

    def fill(self, a: int, b: int) -> None:
        """Encode segments a to b (not included) that are not yet, a run at a time."""
        j = a
        while j < b:
            if j in self.made:
                j += 1
                continue
            k = j
            while k < b and k not in self.made:
                k += 1
            self.log += [(self.name, key) for key in self.keys[j:k]]
            for i, data in zip(range(j, k), self.encode(j, k)):
                if self.lengths[i] >= 0 and len(data) != self.lengths[i]:
                    raise Stale  # the layout's length is not the segment's
                self.made[i] = data
            j = k


def _same_in_place(old: _Old, new: _New) -> None:
    """A segment this layout does not know (its record changed) that stands where the last build's segment
    of the same record stood (between the same neighbours) is known by that one's key when its bytes are
    the same (a retitled notice's rows in the tables without its title)."""
    old_at = old.at
    n = len(new.keys)
    for j in range(1, n):
        if new.keys[j] in old_at:
            continue
        i = old_at.get(new.keys[j - 1], -2) + 1
        if not 0 < i < len(old.keys) or old.keys[i] in new.present or old.lengths[i] != new.lengths[j]:
            continue
        if (old_at.get(new.keys[j + 1]) if j + 1 < n else len(old.keys)) != i + 1:
            continue
        new.fill(j, j + 1)
        if new.made[j] == old.segment(i):
            new.keys[j] = old.keys[i]


def _walk(old: _Old, new: _New) -> list[_Member]:
    """new's members (see the module's docstring)."""
    old_at = old.at
    member_at = {start: m for m, start in enumerate(old.starts[:-1])}
    by_digest = {entry[0]: m for m, entry in enumerate(old.members)}
    offsets = list(itertools.accumulate(new.lengths, initial=0))
    total, n = offsets[-1], len(new.keys)

    def reusable(p: int) -> int | None:
        j = bisect_right(offsets, p) - 1
        i = old_at.get(new.keys[j])
        if i is None:
            return None
        start = old.offsets[i] + p - offsets[j]
        m = member_at.get(start)
        if m is None:
            return None
        end = old.starts[m + 1]
        last = bisect_left(old.offsets, end) - 1  # the segment holding the member's last byte
        if new.keys[j:j + last - i + 1] != old.keys[i:last + 1] or (end == old.starts[-1] and p + end - start != total):
            return None
        return m

    out: list[_Member] = []
    p = 0
    while p < total:
        kept = reusable(p)
        if kept is not None:
            out.append(_Member(old.members[kept], old=kept))
            p += old.members[kept][2]
            continue
        j = bisect_right(offsets, p) - 1
        want = gzmembers.CHUNK
        while True:  # the segments from p until they hold the member's end
            k = min(n, bisect_left(offsets, p + want + 1) + 1)
            new.fill(j, k)
            data = b"".join([new.made[j][p - offsets[j]:], *(new.made[i] for i in range(j + 1, k))])
            end = gzmembers.cut(data, 0, final=k >= n)
            if end is not None:
                break
            want = len(data) + (64 << 10)
        chunk = data[:end]
        key = gzmembers.digest(chunk)
        same = by_digest.get(key)  # the same bytes as a member of the last build (elsewhere in the file)
        out.append(_Member([key, 0, end], data=chunk) if same is None else _Member(old.members[same], old=same))
        p += end
    return out


@dataclass
class Made:
    """The package of an incremental build, but for the members still to compress (finish)."""
    members: dict[str, list[_Member]]  # by published file name (campaigns.csv.gz)
    old: dict[str, _Old]
    descriptor: bytes  # datapackage.json as published
    layout: Callable[[], dict]  # this package's (made beside the rendering, with the members)
    encoded: list[tuple[str, str]] = field(default_factory=list)  # (file, key) of each segment encoded

    def finish(self, index: dict | None = None) -> tuple[dict[str, bytes | Skipped], str]:
        """(published files as export.published gives them, a file unchanged since the last build as
        Skipped; ".gz"); index, when given, receives each file's members (gzmembers.compress)."""
        out: dict[str, bytes | Skipped] = {}
        for name, members in self.members.items():
            old = self.old[name[:-3]]
            if [m.old for m in members] == list(range(len(old.members))):
                out[name] = Skipped(FOLDER + name)
            else:
                out[name] = b"".join(self._bytes(old, members))
            if index is not None:
                index[name] = [m.entry for m in members]
        out["datapackage.json"] = self.descriptor
        return out, ".gz"

    @staticmethod
    def _bytes(old: _Old, members: list[_Member]) -> list[bytes]:
        try:
            data = old.path.read_bytes()
        except OSError:
            raise Stale from None
        if not gzmembers.fits(data, old.members):  # not the members the layout says
            raise Stale
        parts = []
        for m in members:
            if m.old is None:
                assert m.data is not None
                part = gzmembers.member(m.data)
                m.entry[1] = len(part)
            else:
                part = data[old.packed[m.old]:old.packed[m.old + 1]]
            parts.append(part)
        return parts


def make(records: list[Record], all_rows: dict[str, Rows], idents: list[str], site_dir: str, facts: dict,
         schema_dir: Path = schemas.SCHEMA_DIR) -> Made | None:
    """The package from the last build's (facts: its build state's), or None: make it in full."""
    try:
        old = _old_files(site_dir, facts)
        return _make(records, all_rows, idents, old, schema_dir)
    except Stale:
        return None


def _make(records: list[Record], all_rows: dict[str, Rows], idents: list[str], old: dict[str, _Old],
          schema_dir: Path) -> Made | None:
    index = {id(r): i for i, r in enumerate(records)}
    encoded: list[tuple[str, str]] = []
    segments: dict[str, list] = {}
    news: dict[str, _New] = {}
    for t in schemas.tables(schema_dir):
        name = f"{t.name}.csv"
        rows = all_rows[t.name]
        owners, counts = export.owners(rows, index)
        starts = list(itertools.accumulate(counts, initial=0))

        def encode(a: int, b: int, t=t, rows=rows, counts=counts, starts=starts) -> list[bytes]:
            head = [export.header_csv(t)] if a == 0 else []
            a = max(a, 1)
            if a >= b:
                return head
            return head + export.rows_csv(t, rows.values[starts[a - 1]:starts[b - 1]], counts[a - 1:b - 1])

        segments[name] = ["header", *owners]
        news[name] = _new(name, segments[name], idents, old, encode, encoded)
    keys = export.archive_keys(records, schema_dir)
    segments[export.RECORDS_FILE] = keys
    news[export.RECORDS_FILE] = _new(export.RECORDS_FILE, keys, idents, old,
                                     lambda a, b: [export.archive_segment(k, records, schema_dir) for k in keys[a:b]],
                                     encoded)
    if news.keys() != old.keys():
        raise Stale
    descriptor = export.descriptor_json(schema_dir)
    if export.suffix_for(sum(sum(f.lengths) for f in news.values()) + len(descriptor)) != ".gz":
        return None  # a package published as it is: small, made in full
    for name, new in news.items():
        _same_in_place(old[name], new)
    members = {f"{name}.gz": _walk(old[name], new) for name, new in news.items()}
    kept = {name: (segments[name], new.lengths) for name, new in news.items()}
    return Made(members, old, export.compressed_descriptor(descriptor), lambda: layout(idents, kept), encoded)


def _new(name: str, keys: list, idents: list[str], old: dict[str, _Old], encode: Callable[[int, int], list[bytes]],
         log: list) -> _New:
    """A file's segments: their lengths from the last layout, or encoded when it does not hold them."""
    if name not in old:
        raise Stale
    canonical = _canonical(keys, idents)
    at, lengths = old[name].at, old[name].lengths
    new = _New(canonical, [-1 if (i := at.get(k)) is None else lengths[i] for k in canonical], encode, name, log,
               set(canonical))
    unknown = [j for j, n in enumerate(new.lengths) if n < 0]
    for _, run in itertools.groupby(enumerate(unknown), lambda x: x[1] - x[0]):  # runs of consecutive segments
        js = [j for _, j in run]
        new.fill(js[0], js[-1] + 1)
        for j in js:
            new.lengths[j] = len(new.made[j])
    return new


@dataclass
class Previous:
    """The last build into the same folder: where, and its facts (incremental.facts, as stored)."""
    site_dir: str
    facts: dict


@dataclass
class Packing:
    """The package being made: its suffix (known at once, for the pages that link it); run() makes the
    published files (in a thread beside the rendering: zlib releases the GIL) and fills members (each
    compressed file's member index) and layout (facts["opendata"], None when not compressed)."""
    suffix: str
    run: Callable[[], tuple[dict, str]]
    members: dict = field(default_factory=dict)
    layout: dict | None = None
    made: Made | None = None  # when made from the last build's

    def sizes(self, files: dict) -> dict[str, int]:
        """Each published file's bytes, by name (files: what run() returned): a file left as the last build made
        it (Skipped) weighs its members' compressed lengths."""
        return {name: len(data) if isinstance(data, bytes) else sum(m[1] for m in self.members[name])
                for name, data in files.items()}


def prepare(records: list[Record], all_rows: dict[str, Rows], file_digests: dict[str, str] | None,
            previous: Previous | None = None, schema_dir: Path = schemas.SCHEMA_DIR) -> Packing:
    """The package: from the last build's members (make) when it can, else in full (export.package_files,
    then export.published, which reuses the last build's members by digest)."""
    idents = identities(records, file_digests) if previous else None
    made = make(records, all_rows, idents, previous.site_dir, previous.facts, schema_dir) if previous and idents else None
    if made is not None:
        def finish() -> tuple[dict, str]:
            try:
                out = made.finish(packing.members)
            except Stale:  # the last build's files are not what its layout says
                packing.members.clear()
                return _full(records, all_rows, file_digests, previous, schema_dir, packing)[1]()
            packing.layout = made.layout()
            return out

        packing = Packing(".gz", finish, made=made)
        return packing
    packing = Packing("", lambda: ({}, ""))
    packing.suffix, packing.run = _full(records, all_rows, file_digests, previous, schema_dir, packing)
    return packing


def _full(records: list[Record], all_rows: dict[str, Rows], file_digests: dict[str, str] | None,
          previous: Previous | None, schema_dir: Path, packing: Packing) -> tuple[str, Callable[[], tuple[dict, str]]]:
    """The package made in full: (its suffix, what makes the published files and the layout)."""
    segments: dict[str, tuple[list, list]] = {}
    plain = [export.package_files(records, all_rows, schema_dir, layout=segments)]
    suffix = export.suffix_of(plain[0])

    def run() -> tuple[dict, str]:
        files = plain.pop()  # the raw package (~300 MB at national scale) is freed once it is compressed
        out = export.published(files, None, reuse(previous) if previous else None, packing.members)
        packing.layout = layout(identities(records, file_digests), segments) if suffix else None
        return out

    return suffix, run


def reuse(previous: Previous) -> dict[str, bytes]:
    """The gzip members of the last build's compressed files, by digest (see gzmembers): what a package
    made in full compresses no more."""
    out: dict[str, bytes] = {}
    for path, index in previous.facts.get("members", {}).items():
        try:
            with open(Path(previous.site_dir, path), "rb") as fh:
                out.update(gzmembers.split(fh.read(), index))
        except (OSError, ValueError, TypeError):
            continue
    return out
