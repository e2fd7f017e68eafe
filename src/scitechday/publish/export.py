"""Open data: the archive as a Frictionless Data Package (a CSV per table, datapackage.json)
plus the records as JSON, and the way back (package → records) for the round-trip check."""

from __future__ import annotations

import csv
import io
import itertools
import json
import operator
from collections import Counter, defaultdict
from pathlib import Path

from scitechday.data import registry
from scitechday.data import schema as schemas
from scitechday.data.load import Record
from scitechday.data.tables import Rows

RECORDS_FILE = "archive.json"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def _cell(value, free_text: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)  # starts with "[": never a formula
    value = str(value)
    if free_text and value.startswith(FORMULA_START):
        # Spreadsheet-safe: a cell starting with = + - @ (or tab/CR) runs as a formula when the CSV
        # is opened in Excel/WPS/LibreOffice. Free-text cells get a leading apostrophe (OWASP's
        # advice); a value that itself starts with ' gets one too, so read_package undoes it exactly.
        return "'" + value
    return value


def _uncell(raw: str) -> str:
    return raw[1:] if raw.startswith("'") else raw


def free_text_fields(t: schemas.Table) -> frozenset[str]:
    """Fields whose cells are escaped: strings no pattern, format or enum constrains (those
    constraints already keep a formula out, so their cells stay exact and valid)."""
    return frozenset(f["name"] for f in t.fields if f.get("type", "string") == "string" and not f.get("format")
                     and not {"pattern", "enum"} & set(f.get("constraints", {}))
                     and f["name"] not in t.keys and f["name"] != t.type_field)


MONTH_OR_DAY = {"type": "string", "constraints": {"pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}}


def _field(f: dict) -> dict:
    out = {k: v for k, v in f.items() if not k.startswith("x-")}
    if f.get("x-month"):  # 2019-05-15, or 2019-05 when only the month is printed: no Table Schema type holds both
        out.update(MONTH_OR_DAY, description="YYYY-MM-DD；原文只写到月份时为 YYYY-MM（精确到月）")
    return out


def _schema(t: schemas.Table) -> dict:
    """The table schema as published: our x- extensions removed."""
    desc = {k: v for k, v in t.descriptor.items() if not k.startswith("x-")}
    desc["fields"] = [_field(f) for f in t.fields]
    return desc


def array_fields(t: schemas.Table) -> frozenset[str]:
    """Fields whose cells hold a list (written as a JSON array)."""
    return frozenset(f["name"] for f in t.fields if f.get("type") == "array")


def _escaped(column) -> list:
    """A free-text column's cells as _cell(v, True) gives them; the common cell (text that cannot start a
    formula, or None, which csv writes as "") is passed through without a call."""
    return [v if v is None or (v.__class__ is str and not v.startswith(FORMULA_START)) else _cell(v, True)
            for v in column]


BOM = "\ufeff"  # so that Excel on a Chinese Windows reads the CSV as UTF-8 (without it: the ANSI code page, GBK)


def header_csv(t: schemas.Table) -> bytes:
    """The header line, after the byte order mark: the start of every CSV file of the package."""
    buf = io.StringIO(newline="")
    buf.write(BOM)
    csv.writer(buf, lineterminator="\n").writerow(t.field_names)
    return buf.getvalue().encode("utf-8")


def rows_csv(t: schemas.Table, values: list, counts: list[int] | None = None) -> list[bytes]:
    """Rows as CSV lines, each cell as _cell gives it: one piece for every `counts` rows in turn (every row
    in one piece without counts).

    Built by column: only free-text and array columns are converted in Python. Every other cell is a str,
    an int (a position) or None (tables.flatten makes no other value there), which csv.writer writes as
    _cell would (None as "", anything else with str). A row's lines do not depend on the rows around it,
    so the pieces are the slices of the table's CSV (publish/opendata.py makes a table from them)."""
    if not values:
        return [b"" for _ in counts or [0]]
    free, arrays = free_text_fields(t), array_fields(t)
    columns: list = list(zip(*values))
    for i, name in enumerate(t.field_names):
        if name in free:
            columns[i] = _escaped(columns[i])
        elif name in arrays:
            columns[i] = [_cell(v) for v in columns[i]]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    rows = zip(*columns)
    if counts is None:
        writer.writerows(rows)
        return [buf.getvalue().encode("utf-8")]
    if len(counts) == len(values):  # a row each (most tables): writerow gives the characters it wrote
        ends = list(itertools.accumulate(map(writer.writerow, rows)))
    else:
        ends = []
        for n in counts:
            writer.writerows(itertools.islice(rows, n))
            ends.append(buf.tell())  # a position in characters (StringIO)
    text = buf.getvalue()
    del buf
    return list(map(str.encode, map(text.__getitem__, map(slice, [0, *ends], ends))))


def table_csv(t: schemas.Table, rows: Rows) -> bytes:
    """One table as CSV: the header, then a line per row (rows_csv)."""
    return header_csv(t) + rows_csv(t, rows.values)[0]


def owners(rows: Rows, index: dict[int, int]) -> tuple[list[int], list[int]]:
    """(the records' positions, how many rows each) in the rows' order; index: id(record) → position.
    flatten writes a record's rows one after the other, so the records in their first rows' order and
    their numbers of rows are the groups (counted in C: a national table has 50,000 rows)."""
    ids = list(map(id, map(operator.itemgetter(0), rows.origins)))
    counts = Counter(ids)
    order = list(dict.fromkeys(ids))
    return [index[rid] for rid in order], [counts[rid] for rid in order]


# archive.json in segments (publish/opendata.py keeps their lengths): "open:<type>" (the type's name and
# its bracket), a record as the line it starts (its position in the records: an int, or "first:<position>"
# for the first of its type, which no comma precedes), "close:<type>" or "empty:<type>", and "end".
def archive_keys(records: list[Record], schema_dir: Path = schemas.SCHEMA_DIR) -> list:
    """archive.json's segments in order (see archive_segment)."""
    by_type = defaultdict(list)
    for i, r in enumerate(records):
        by_type[r.type].append(i)
    out: list = []
    for name in registry.names(schema_dir):
        positions = by_type[name]
        out.append(f"open:{name}")
        out += [f"first:{i}" if n == 0 else i for n, i in enumerate(positions)]
        out.append(f"close:{name}" if positions else f"empty:{name}")
    out.append("end")
    return out


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def archive_segment(key, records: list[Record], schema_dir: Path = schemas.SCHEMA_DIR) -> bytes:
    """One segment of archive.json (archive_keys). Each record is written by the C encoder (json.dumps
    with an indent falls back to the pure-Python one, several times slower)."""
    if isinstance(key, int):
        return b",\n" + _ENCODE(records[key].data).encode("utf-8")
    kind, _, rest = key.partition(":")
    if kind == "first":
        return b"\n" + _ENCODE(records[int(rest)].data).encode("utf-8")
    if kind == "open":
        first = rest == registry.names(schema_dir)[0]
        return (b"{\n" if first else b",\n") + _ENCODE(rest).encode("utf-8") + b": ["
    return {"close": b"\n]", "empty": b"]", "end": b"\n}\n"}[kind]


def records_json(records: list[Record], schema_dir: Path = schemas.SCHEMA_DIR,
                 layout: tuple[list, list] | None = None) -> bytes:
    """archive.json: {record type: [records]} in registry order, one record per line.

    One JSON document laid out for line tools (grep, diff, gzmembers' cuts after lines): the braces and
    each type's brackets on lines of their own, each record on one line (JSON escapes newlines inside
    strings), a type without records as `"type": []`. layout, when given, receives the segments' keys
    (archive_keys) and lengths."""
    # joined once at the end: large intermediate copies cost more than the encoding
    keys = archive_keys(records, schema_dir)
    out = [archive_segment(key, records, schema_dir) for key in keys]
    if layout is not None:
        layout[0].extend(keys)
        layout[1].extend(map(len, out))
    return b"".join(out)


def descriptor_json(schema_dir: Path = schemas.SCHEMA_DIR) -> bytes:
    """datapackage.json, as written beside the plain files."""
    pkg = schemas.package(schema_dir)
    resources = []
    for t in schemas.tables(schema_dir):
        name = f"{t.name}.csv"
        resources.append({"name": t.name, "path": name, "title": t.descriptor.get("title", t.name),
                          **({"description": t.descriptor["description"]} if t.descriptor.get("description") else {}),
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": _schema(t)})
    descriptor = {"profile": "tabular-data-package", "name": pkg["name"], "title": pkg["title"],
                  "description": pkg["description"], "licenses": pkg["licenses"], "resources": resources}
    return json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")


def package_files(records: list[Record], all_rows: dict[str, Rows],
                  schema_dir: Path = schemas.SCHEMA_DIR, layout: dict | None = None) -> dict[str, bytes]:
    """{file name: bytes} of the whole package; deterministic for the same records.
    all_rows: the records' table rows (the build context's). layout, when given, receives each data file's
    segments: {file name: ([segment key, …], [length, …])}, a table's segments being "header" and each
    record's rows (its position in records), archive.json's those of archive_keys."""
    files: dict[str, bytes] = {}
    index = {id(r): i for i, r in enumerate(records)}
    for t in schemas.tables(schema_dir):
        name = f"{t.name}.csv"
        keys, counts = owners(all_rows[t.name], index)
        pieces = [header_csv(t), *(rows_csv(t, all_rows[t.name].values, counts) if counts else [])]
        if layout is not None:
            layout[name] = (["header", *keys], list(map(len, pieces)))
        files[name] = b"".join(pieces)
        del pieces
    files["datapackage.json"] = descriptor_json(schema_dir)
    files[RECORDS_FILE] = records_json(records, schema_dir, None if layout is None else layout.setdefault(RECORDS_FILE, ([], [])))
    return files


def write_package(records: list[Record], all_rows: dict[str, Rows], out: Path,
                  schema_dir: Path = schemas.SCHEMA_DIR) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in package_files(records, all_rows, schema_dir).items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def _set(target: dict, keypath: tuple, value) -> None:
    for part in keypath[:-1]:
        target = target.setdefault(part, {})
    target[keypath[-1]] = value


def read_package(folder: Path, schema_dir: Path = schemas.SCHEMA_DIR) -> dict[str, list[dict]]:
    """The package's CSVs → records of each type, as the YAML files hold them (the inverse of flatten)."""
    records: dict[str, dict[str, dict]] = defaultdict(dict)  # type → id → record
    tables = sorted(schemas.tables(schema_dir), key=lambda t: len(t.path))
    for t in tables:
        with open(folder / f"{t.name}.csv", encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        arrays, free = array_fields(t), free_text_fields(t)

        def value(name, raw, arrays=arrays, free=free):
            return json.loads(raw) if name in arrays else (_uncell(raw) if name in free else raw)

        if not t.path:
            rtype = t.types[0]
            for row in rows:
                rec: dict = {}
                for name, kp in t.data_fields:
                    if row[name] != "":
                        _set(rec, kp, value(name, row[name]))
                records[rtype][row["id"]] = rec
            continue
        rows.sort(key=lambda r: [int(r[k]) for k in t.keys[1:]])
        for row in rows:
            rtype = row[t.type_field] if t.type_field else t.types[0]
            node = records[rtype][row[t.keys[0]]]
            for depth, part in enumerate(t.path[:-1]):
                node = node[part][int(row[t.keys[depth + 1]]) - 1]
            if t.value:
                item = value(t.value, row[t.value])
            else:
                item = {}
                for name, kp in t.data_fields:
                    if row[name] != "":
                        _set(item, kp, value(name, row[name]))
            node.setdefault(t.path[-1], []).append(item)
    return {rtype: list(by_id.values()) for rtype, by_id in records.items()}


GZIP_ABOVE = 16 * 1024 * 1024  # a published package larger than this is published gzip-compressed
ENV_GZIP_ABOVE = "SCITECHDAY_OPENDATA_GZIP_ABOVE"


def suffix_of(files: dict[str, bytes], limit: int | None = None) -> str:
    """".gz" when the package is published compressed (see published), else ""."""
    return suffix_for(sum(len(data) for data in files.values()), limit)


def suffix_for(size: int, limit: int | None = None) -> str:
    """suffix_of a package of this many bytes."""
    import os

    limit = limit if limit is not None else int(os.environ.get(ENV_GZIP_ABOVE) or GZIP_ABOVE)
    return ".gz" if size > limit else ""


def compressed_descriptor(descriptor: bytes) -> bytes:
    """datapackage.json as published beside the compressed files: each resource's path `<name>.csv.gz`
    with `"compression": "gz"`."""
    out = json.loads(descriptor)
    for resource in out["resources"]:
        resource["path"] += ".gz"
        resource["compression"] = "gz"
    return json.dumps(out, ensure_ascii=False, indent=2).encode("utf-8")


def published(files: dict[str, bytes], limit: int | None = None, reuse: dict[str, bytes] | None = None,
              members: dict | None = None) -> tuple[dict[str, bytes], str]:
    """The package as the site publishes it, and the suffix of its data files ("" or ".gz").

    A small package is published as `export` writes it. A large one (a national archive's CSVs
    and archive.json weigh hundreds of MB) is published gzip-compressed: each resource's path
    becomes `<name>.csv.gz` with `"compression": "gz"`, still a valid data package
    (`frictionless validate` reads it) at about a quarter of the download. Deterministic (mtime 0).
    Compressed in members (publish/gzmembers.py): reuse holds the last build's members by digest;
    members, when given, receives each file's member index. A compressed package is made from files,
    which is emptied of its data files as they are compressed."""
    from scitechday.publish import gzmembers

    if not suffix_of(files, limit):
        return files, ""
    descriptor = compressed_descriptor(files["datapackage.json"])
    out = {}
    for name in [n for n in files if n != "datapackage.json"]:
        data = files.pop(name)  # each raw file freed once compressed (a national archive's: ~300 MB in all)
        out[name + ".gz"], index = gzmembers.compress(data, reuse)
        del data
        if members is not None:
            members[name + ".gz"] = index
    out["datapackage.json"] = descriptor
    return out, ".gz"
