"""The Frictionless Table Schemas in schemas/: the single source of truth for field names and rules.

Each schema says, under `x-record`, which record type its rows come from and where
inside the record (`path`, a list of keys each holding a list); fields say under
`x-key` where their value sits when it is nested (`period.start`). A nested table may copy
cells from its record under `x-record.inherit` (an observance row takes the notice's `year`).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import yaml

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "schemas"


@dataclass(frozen=True, eq=False)
class Table:
    name: str
    descriptor: dict
    types: tuple[str, ...]  # record types whose rows fill this table
    path: tuple[str, ...]  # keys from the record root, each holding a list; () for the main table
    keys: tuple[str, ...]  # fields filled from the parents: record id, then 1-based positions
    value: str | None  # for lists of plain values: the field that receives the value
    type_field: str | None  # for tables shared by several record types
    inherit: tuple[tuple[str, str], ...] = ()  # (field, record key): cells copied from the record itself
    # derived from the descriptor in __post_init__:
    field_names: list[str] = dataclass_field(init=False)
    data_fields: list[tuple[str, tuple[str, ...]]] = dataclass_field(init=False)  # (field, key path) from YAML
    data_paths: dict[str, tuple[str, ...]] = dataclass_field(init=False)

    def __post_init__(self) -> None:
        skip = set(self.keys) | {self.type_field} | {name for name, _ in self.inherit}
        data_fields = [] if self.value else [
            (f["name"], tuple(f.get("x-key", f["name"]).split("."))) for f in self.fields if f["name"] not in skip]
        object.__setattr__(self, "field_names", [f["name"] for f in self.fields])
        object.__setattr__(self, "data_fields", data_fields)
        object.__setattr__(self, "data_paths", dict(data_fields))

    @property
    def fields(self) -> list[dict]:
        return self.descriptor["fields"]

    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@functools.lru_cache(maxsize=None)
def package(schema_dir: Path = SCHEMA_DIR) -> dict:
    return _read(schema_dir / "datapackage.yaml")


@functools.lru_cache(maxsize=None)
def tables(schema_dir: Path = SCHEMA_DIR) -> tuple[Table, ...]:
    out = []
    for name in package(schema_dir)["resources"]:
        desc = _read(schema_dir / f"{name}.yaml")
        rec = desc["x-record"]
        types = rec["type"] if isinstance(rec["type"], list) else [rec["type"]]
        path = tuple(rec.get("path", ()))
        keys = tuple(rec.get("keys", ()))
        out.append(Table(name, desc, tuple(types), path, keys, rec.get("value"), rec.get("type_field"),
                         tuple((rec.get("inherit") or {}).items())))
    return tuple(out)


def table(name: str, schema_dir: Path = SCHEMA_DIR) -> Table:
    return next(t for t in tables(schema_dir) if t.name == name)


def main_table(rtype: str, schema_dir: Path = SCHEMA_DIR) -> Table:
    return next(t for t in tables(schema_dir) if t.types == (rtype,) and not t.path)


def labels(f: dict) -> dict[str, str]:
    """A field's enum values in Chinese (its `x-enum-labels`), for values that are English in the data."""
    return {str(k): str(v) for k, v in (f.get("x-enum-labels") or {}).items()}


def choices(f: dict) -> str:
    """A field's allowed values as editors read them: national（全国）、provincial（省级）…"""
    names = labels(f)
    return "、".join(f"{v}（{names[str(v)]}）" if str(v) in names else str(v)
                    for v in f.get("constraints", {}).get("enum", ()))


def first_edition_id(observance: str, year: int | str, schema_dir: Path = SCHEMA_DIR) -> str | None:
    """The id of an observance's first edition in the archive, as editions.yaml names it (x-id-stems:
    全国科普日 → kepu-day-2031); later editions follow their siblings' ids. None for an unknown observance."""
    stem = table("editions", schema_dir).field("observance").get("x-id-stems", {}).get(observance)
    return f"{stem}-{year}" if stem else None


def anchored(pattern: str) -> str:
    """A schema pattern as we hand it to Frictionless, anchored at the true end of the value.

    Frictionless compiles `^{pattern}$` and calls re.match, and Python's `$` also matches before
    a final newline: "changzhou-kexie\\n" would pass `^[a-z0-9-]+$`. `\\Z` only matches at the end.
    The published schemas keep the portable form (patterns there are implicitly anchored)."""
    return f"(?:{pattern})\\Z"


@functools.lru_cache(maxsize=None)
def fingerprint(schema_dir: Path = SCHEMA_DIR) -> str:
    """Changes whenever a schema file changes: part of the validation cache key."""
    h = hashlib.blake2b(digest_size=16)
    for p in sorted(schema_dir.glob("*.yaml")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    return h.hexdigest()
