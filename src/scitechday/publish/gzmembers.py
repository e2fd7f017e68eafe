"""Gzip in content-defined members, so that a rebuild recompresses only what changed.

A gzip file may hold several members one after the other (RFC 1952, 2.2); every reader
(`gunzip`, Python's gzip, Frictionless, browsers' downloads) reads them as one stream. The open
data's large files are compressed in members of about CHUNK bytes, cut after a line whose CRC
meets a condition (so cuts follow the content: an edited record shifts the cuts of its own
member only, and the members after it are the same bytes as before). Each member is keyed by
the BLAKE2b digest of its uncompressed bytes; an incremental build hands the last build's members
back (`split`) and only new content is compressed. zlib releases the GIL, so compression also
runs beside rendering (see site.generate).
"""

from __future__ import annotations

import gzip
import hashlib
import zlib

CHUNK = 1 << 20  # a member's uncompressed size is at least this (the last one may be smaller)
LEVEL = 6


def chunks(data: bytes) -> list[bytes]:
    """data cut after lines chosen by their content, each piece at least CHUNK bytes (but the last)."""
    out, pos, n = [], 0, len(data)
    while pos < n:
        cut = pos + CHUNK
        while cut < n:
            end = data.find(b"\n", cut)
            if end < 0:
                cut = n
                break
            start = data.rfind(b"\n", pos, end) + 1
            if zlib.crc32(data[max(start, end - 64):end]) % 64 == 0:
                cut = end + 1
                break
            cut = end + 1
        out.append(data[pos:min(cut, n)])
        pos = cut
    return out


def digest(chunk: bytes) -> str:
    return hashlib.blake2b(chunk, digest_size=16).hexdigest()


def compress(data: bytes, reuse: dict[str, bytes] | None = None) -> tuple[bytes, list[list]]:
    """(gzip bytes, [[member digest, compressed length], …]); members found in reuse are not compressed again."""
    reuse = reuse or {}
    parts, index = [], []
    for chunk in chunks(data):
        key = digest(chunk)
        member = reuse.get(key)
        if member is None:
            member = gzip.compress(chunk, LEVEL, mtime=0)
        parts.append(member)
        index.append([key, len(member)])
    return b"".join(parts), index


def split(data: bytes, index: list[list]) -> dict[str, bytes]:
    """The members of a file compress() wrote, by digest (for the next build's reuse)."""
    out, pos = {}, 0
    for key, length in index:
        out[key] = data[pos:pos + length]
        pos += length
    return out
