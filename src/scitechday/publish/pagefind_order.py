"""Make Pagefind's filter index byte-identical from build to build, and keep a bundle's folder to
the files its index names.

Pagefind (≤ 1.5) writes each filter's values, and the filter list in its metadata file, in
hash-map order, so two builds of the same pages differ in `pagefind/filter/*`, the
`.pf_meta` file and `pagefind-entry.json` (upstream Pagefind/pagefind#638). This rewrites
those files with the values sorted, renames them after their new content, and updates the
references — nothing else is touched. The files are gzip'd CBOR behind a `pagefind_dcd`
signature; the small CBOR codec below covers the types they use (integers, strings, arrays).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def _decode(data: bytes, pos: int = 0):
    head = data[pos]
    major, info = head >> 5, head & 0x1F
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg, pos = int.from_bytes(data[pos:pos + size], "big"), pos + size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos:pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("integer too large")


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unsupported value")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    raise ValueError(f"unsupported value {value!r}")


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind index file")
    value, _ = _decode(data, len(SIGNATURE))
    return value


def _write(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    """Write value as a Pagefind file named after its content; return the name's hash part."""
    import os

    raw = SIGNATURE + _encode(value)
    name = f"{prefix}{hashlib.sha256(raw).hexdigest()[:digits]}"
    # a new file put in place, never the old one written over: it may be a hard link to the last site's
    # (search._link_seeds), which serves until the build ends, and again if the build fails
    tmp = folder / f".{name}{suffix}.tmp"
    tmp.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    os.replace(tmp, folder / f"{name}{suffix}")
    return name


def stabilize(bundle: Path) -> None:
    """Rewrite the filter index of a Pagefind bundle (site/pagefind) in sorted order."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        version, pages, chunks, filters, *rest = meta
        renamed = {}
        for _name, old in filters:
            path = bundle / "filter" / f"{old}.pf_filter"
            fname, values = _read(path)
            values = sorted(([v, sorted(ids)] for v, ids in values), key=lambda v: v[0])
            renamed[old] = _write(bundle / "filter", f"{lang}_", 7, ".pf_filter", [fname, values])
            if renamed[old] != old:
                path.unlink()
        filters = sorted(([name, renamed[old]] for name, old in filters), key=lambda f: f[0])
        new = _write(bundle, f"pagefind.{lang}_", 10, ".pf_meta", [version, pages, chunks, filters, *rest])
        if new != f"pagefind.{info['hash']}":
            meta_path.unlink()
        info["hash"] = new.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# a bundle's files named by their content's hash: Pagefind skips one that exists, and never writes it again
HASHED = ("fragment/*.pf_fragment", "index/*.pf_index", "filter/*.pf_filter", "pagefind.*.pf_meta")


def prune(bundle: Path) -> None:
    """Remove the hashed files (fragments, word and filter indexes, metadata) that the bundle's index
    no longer names. Pagefind writes into an existing folder and skips a hashed file that exists,
    as its content is named by its hash (so an incremental build keeps a re-indexed bundle's folder:
    only the changed pages are compressed again), but it never removes one."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    keep = set()
    for info in entry["languages"].values():
        meta = f"pagefind.{info['hash']}.pf_meta"
        _version, pages, chunks, filters, *_rest = _read(bundle / meta)
        keep.add(meta)
        keep.update(f"fragment/{page[0]}.pf_fragment" for page in pages)
        keep.update(f"index/{chunk[2]}.pf_index" for chunk in chunks)
        keep.update(f"filter/{name_hash[1]}.pf_filter" for name_hash in filters)
    for pattern in HASHED:
        for path in bundle.glob(pattern):
            if path.relative_to(bundle).as_posix() not in keep:
                path.unlink()
