"""Open data: the archive as a Frictionless Data Package (a CSV per table, datapackage.json)
plus the records as JSON, and the way back (package → records) for the round-trip check."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from scitechday.data import registry
from scitechday.data import schema as schemas
from scitechday.data.load import Record
from scitechday.data.tables import Rows

RECORDS_FILE = "archive.json"
LICENSE_NOTE = "数据以 CC BY 4.0 许可发布；通知原文版权归发文机关所有，收录以存档和研究为目的。"


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


def package_files(records: list[Record], all_rows: dict[str, Rows],
                  schema_dir: Path = schemas.SCHEMA_DIR) -> dict[str, bytes]:
    """{file name: bytes} of the whole package; deterministic for the same records.
    all_rows: the records' table rows (the build context's)."""
    pkg = schemas.package(schema_dir)
    files: dict[str, bytes] = {}
    resources = []
    for t in schemas.tables(schema_dir):
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(t.field_names)
        free = [name in free_text_fields(t) for name in t.field_names]
        for values in all_rows[t.name].values:
            writer.writerow([_cell(v, f) for v, f in zip(values, free)])
        name = f"{t.name}.csv"
        files[name] = buf.getvalue().encode("utf-8")
        resources.append({"name": t.name, "path": name, "title": t.descriptor.get("title", t.name),
                          **({"description": t.descriptor["description"]} if t.descriptor.get("description") else {}),
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": _schema(t)})
    descriptor = {"profile": "tabular-data-package", "name": pkg["name"], "title": pkg["title"],
                  "description": pkg["description"], "licenses": pkg["licenses"], "resources": resources}
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    by_type = defaultdict(list)
    for r in records:
        by_type[r.type].append(r.data)
    files[RECORDS_FILE] = json.dumps({k: by_type[k] for k in registry.names(schema_dir)}, ensure_ascii=False,
                                     indent=1, sort_keys=False).encode("utf-8")
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
        with open(folder / f"{t.name}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        arrays = {f["name"] for f in t.fields if f.get("type") == "array"}
        free = free_text_fields(t)

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
    import os

    limit = limit if limit is not None else int(os.environ.get(ENV_GZIP_ABOVE) or GZIP_ABOVE)
    return ".gz" if sum(len(data) for data in files.values()) > limit else ""


def published(files: dict[str, bytes], limit: int | None = None, reuse: dict[str, bytes] | None = None,
              members: dict | None = None) -> tuple[dict[str, bytes], str]:
    """The package as the site publishes it, and the suffix of its data files ("" or ".gz").

    A small package is published as `export` writes it. A large one (a national archive's CSVs
    and archive.json weigh hundreds of MB) is published gzip-compressed: each resource's path
    becomes `<name>.csv.gz` with `"compression": "gz"`, still a valid data package
    (`frictionless validate` reads it) at about a quarter of the download. Deterministic (mtime 0).
    Compressed in members (publish/gzmembers.py): reuse holds the last build's members by digest;
    members, when given, receives each file's member index."""
    from scitechday.publish import gzmembers

    if not suffix_of(files, limit):
        return files, ""
    descriptor = json.loads(files["datapackage.json"])
    for resource in descriptor["resources"]:
        resource["path"] += ".gz"
        resource["compression"] = "gz"
    out = {}
    for name, data in files.items():
        if name != "datapackage.json":
            out[name + ".gz"], index = gzmembers.compress(data, reuse)
            if members is not None:
                members[name + ".gz"] = index
    out["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")
    return out, ".gz"
