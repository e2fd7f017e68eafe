"""The record types: one declaration each, read from its main table's `x-record` in schemas/.

Everything that needs to know the kinds of record — the loader's file walk, the one-record
rules, the summary line, the model, page paths, the open data, templates for editors —
reads it here. Adding a record type means: its schema(s) with an `x-record` declaration,
its model class (`archive/model.py`, registered with `@model_of`), and its page template.

    x-record: {type: campaign, folder: campaigns, layout: year, year_field: year,
               label: 活动通知, collection: 通知档案, page: 'notices/{id}.md',
               template: notice.html, title_field: title}

layout: `year` — `data/<folder>/<year>/<id>.yml`; `flat` — `data/<folder>/<id>.yml`;
`list` — one file `data/<folder>` holding a list of records.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from scitechday.data.schema import SCHEMA_DIR, Table, tables

LAYOUTS = ("year", "flat", "list")


@dataclass(frozen=True)
class RecordType:
    name: str  # campaign
    table: Table  # its main table (campaigns)
    folder: str  # under data/: a folder, or the file of a `list` layout
    layout: str  # year | flat | list
    label: str  # one record, in Chinese: 活动通知
    collection: str  # the whole collection, in Chinese: 通知档案
    page: str  # its page's source path, with {id}: notices/{id}.md
    template: str  # the template of its page
    title_field: str  # the field that names a record
    year_field: str | None = None  # the field whose value names the year folder

    @property
    def one_file_per_record(self) -> bool:
        return self.layout != "list"

    def page_of(self, rid: str) -> str:
        return self.page.format(id=rid)

    def path_of(self, data_dir: Path, rid: str, year: int | str | None = None) -> Path:
        """Where a record of this type lives (the year folder is TODO until the year is known)."""
        if self.layout == "list":
            return data_dir / self.folder
        base = data_dir / self.folder
        if self.layout == "year":
            base = base / str(year or "TODO")
        return base / f"{rid}.yml"

    @property
    def tables(self) -> tuple[Table, ...]:
        """Every table whose rows come from records of this type (the main table first)."""
        return tuple(t for t in tables(SCHEMA_DIR) if self.name in t.types)


@functools.lru_cache(maxsize=None)
def record_types(schema_dir: Path = SCHEMA_DIR) -> tuple[RecordType, ...]:
    """The record types in the package's resource order."""
    out = []
    for t in tables(schema_dir):
        rec = t.descriptor["x-record"]
        if t.path or "folder" not in rec:
            continue  # a nested table, or a table shared by several types
        if rec["layout"] not in LAYOUTS:
            raise ValueError(f"{t.name}: x-record.layout must be one of {LAYOUTS}")
        out.append(RecordType(rec["type"], t, rec["folder"], rec["layout"], rec["label"], rec["collection"],
                              rec["page"], rec["template"], rec["title_field"], rec.get("year_field")))
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _by_name(schema_dir: Path) -> dict[str, RecordType]:
    return {rt.name: rt for rt in record_types(schema_dir)}


def get(name: str, schema_dir: Path = SCHEMA_DIR) -> RecordType:
    """The record type of that name (KeyError for none); every link a page prints asks, so by a dict."""
    return _by_name(schema_dir)[name]


def names(schema_dir: Path = SCHEMA_DIR) -> tuple[str, ...]:
    return tuple(rt.name for rt in record_types(schema_dir))
