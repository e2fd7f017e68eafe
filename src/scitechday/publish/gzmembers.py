"""Gzip in content-defined members, so that a rebuild recompresses only what changed.

A gzip file may hold several members one after the other (RFC 1952, 2.2); every reader
(`gunzip`, Python's gzip, Frictionless, browsers' downloads) reads them as one stream. The open
data's large files are compressed in members of about CHUNK bytes, cut after a line whose CRC
meets a condition (so cuts follow the content: an edited record shifts the cuts of its own
member only, and the members after it are the same bytes as before). Each member is keyed by
the BLAKE2b digest of its uncompressed bytes; an incremental build hands the last build's members
back (`split`) and only new content is compressed. The members are made with zlib-ng (the same
format and about the same size as zlib's at level 6, in a third of the CPU: 6 CPU-seconds instead
of 24 for a national archive's 260 MB); it releases the GIL, so compression also runs beside
rendering (see site.generate), where the CPU it leaves goes to the Markdown worker (markup.py).
Its version is part of the open data's layout (CODEC): members of another version are not reused.
"""

from __future__ import annotations

import hashlib
import zlib

from zlib_ng import gzip_ng, zlib_ng

CHUNK = 1 << 20  # a member's uncompressed size is at least this (the last one may be smaller)
LEVEL = 6
CODEC = f"zlib-ng {zlib_ng.ZLIBNG_VERSION}"  # what made the members (the same bytes for the same version)


def cut(data: bytes, pos: int = 0, final: bool = True) -> int | None:
    """Where the member that starts at pos ends: after the first line ending CHUNK bytes or more after pos
    whose last 64 bytes (within the line) have a CRC that is 0 mod 64, else at the end of data. A member
    depends on its own bytes only. final=False: data is followed by more, so a member that would end with
    data is not cut yet (None)."""
    n = len(data)
    cut = pos + CHUNK
    while cut < n:
        end = data.find(b"\n", cut)
        if end < 0:
            break
        start = data.rfind(b"\n", pos, end) + 1
        if zlib.crc32(data[max(start, end - 64):end]) % 64 == 0:
            return end + 1
        cut = end + 1
    return n if final else None


def chunks(data: bytes) -> list[bytes]:
    """data cut after lines chosen by their content, each piece at least CHUNK bytes (but the last)."""
    out, pos, n = [], 0, len(data)
    while pos < n:
        end = cut(data, pos)
        assert end is not None
        out.append(data[pos:end])
        pos = end
    return out


def digest(chunk: bytes) -> str:
    return hashlib.blake2b(chunk, digest_size=16).hexdigest()


def member(chunk: bytes) -> bytes:
    """chunk as one gzip member (deterministic: mtime 0)."""
    return gzip_ng.compress(chunk, LEVEL, mtime=0)


def compress(data: bytes, reuse: dict[str, bytes] | None = None) -> tuple[bytes, list[list]]:
    """(gzip bytes, [[member digest, compressed length, uncompressed length], …]); members found in reuse are
    not compressed again."""
    reuse = reuse or {}
    parts, index = [], []
    for chunk in chunks(data):
        key = digest(chunk)
        part = reuse.get(key)
        if part is None:
            part = member(chunk)
        parts.append(part)
        index.append([key, len(part), len(chunk)])
    return b"".join(parts), index


def fits(data: bytes, index: list[list]) -> bool:
    """Whether data is the file the index describes: its length, each member's gzip header and the length
    its trailer gives (uncompressed, when the index has it)."""
    if len(data) != sum(entry[1] for entry in index):
        return False
    pos = 0
    for _, length, *raw in index:
        end = pos + length
        if data[pos:pos + 2] != b"\x1f\x8b" or (raw and int.from_bytes(data[end - 4:end], "little") != raw[0] % (1 << 32)):
            return False
        pos = end
    return True


def split(data: bytes, index: list[list]) -> dict[str, bytes]:
    """The members of a file compress() wrote, by digest (for the next build's reuse); none when the file
    is not the one the index describes (fits)."""
    if not fits(data, index):
        return {}
    out, pos = {}, 0
    for key, length, *_ in index:
        out[key] = data[pos:pos + length]
        pos += length
    return out
