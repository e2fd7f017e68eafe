"""The open data package's files, checked against a plain reference: archive.json parsed by a real JSON
parser and read line by line, each CSV against the cell-by-cell writer (csv.writer and _cell on every cell)."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA
from scitechday.archive import context
from scitechday.data import registry
from scitechday.data.schema import tables
from scitechday.data.tables import Rows
from scitechday.publish import export


@pytest.fixture(scope="module")
def ctx():
    return context.compute(DATA, use_cache=False)


def by_type(records) -> dict[str, list[dict]]:
    return {name: [r.data for r in records if r.type == name] for name in registry.names()}


def test_archive_json_is_the_records_in_registry_order(ctx):
    parsed = json.loads(export.records_json(ctx.records))
    assert list(parsed) == list(registry.names())
    assert parsed == by_type(ctx.records)
    assert all(parsed.values())  # the bundled data has records of every type


def test_archive_json_has_one_record_per_line(ctx):
    lines = export.records_json(ctx.records).split(b"\n")  # "\n" only: JSON escapes it inside strings
    assert lines[0] == b"{" and lines[-2:] == [b"}", b""]
    records = [json.loads(line.rstrip(b",")) for line in lines if line.startswith(b"{\"")]
    assert records == [r.data for name in registry.names() for r in ctx.records if r.type == name]
    heads = [line for line in lines if line.endswith(b": [")]
    assert heads == [json.dumps(name).encode() + b": [" for name in registry.names()]
    assert len(lines) == 1 + len(records) + 2 * len(heads) + 2


@pytest.mark.parametrize("kept", [set(), {"campaign"}, {"edition", "profile"}])
def test_archive_json_types_without_records_are_empty_lists(ctx, kept):
    records = [r for r in ctx.records if r.type in kept]
    data = export.records_json(records)
    assert json.loads(data) == by_type(records)
    lines = [line.rstrip(b",") for line in data.split(b"\n")]
    for name in registry.names():
        assert (json.dumps(name).encode() + b": []" in lines) == (name not in kept), name


def test_archive_json_text_with_newlines_stays_on_its_line(ctx):
    record = copy.copy(next(r for r in ctx.records if r.type == "campaign"))
    record.data = {**record.data, "title": "第一行\n第二行\r\n\u2028第三行\"引号\""}
    line = next(x for x in export.records_json([record]).split(b"\n") if x.startswith(b"{\""))
    assert json.loads(line) == record.data


def reference_csv(t, rows: Rows) -> bytes:
    """The package's CSV as first written: csv.writer fed _cell of every cell, after a byte order mark (for Excel)."""
    buf = io.StringIO(newline="")
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(t.field_names)
    free = [name in export.free_text_fields(t) for name in t.field_names]
    for values in rows.values:
        writer.writerow([export._cell(v, f) for v, f in zip(values, free)])
    return buf.getvalue().encode("utf-8")


def test_every_csv_is_the_cell_by_cell_one(ctx):
    files = export.package_files(ctx.records, ctx.rows)
    for t in tables():
        assert files[f"{t.name}.csv"] == reference_csv(t, ctx.rows[t.name]), t.name


# Cells as tables.flatten makes them: text or None; a list of texts or None in array fields; ints in the
# position keys. Texts that start a formula, quote, hold separators and line breaks.
TEXT = st.one_of(st.text(alphabet="=+-@\t\r\n'\",; a中", max_size=6),
                 st.sampled_from(["", "'", "=1+1", "-", "@x", "a,b", 'say "hi"', "\r", "\n", " ", "\u2028"]))
TABLES = {t.name: t for t in tables()}


@st.composite
def table_rows(draw):
    t = TABLES[draw(st.sampled_from(["organizations", "campaigns", "activities", "contacts", "cc"]))]
    arrays, positions = export.array_fields(t), set(t.keys[1:])

    def cell(name):
        if name in positions:
            return st.integers(1, 10**6)
        if name in arrays:
            return st.one_of(st.none(), st.lists(TEXT, max_size=3))
        return st.one_of(st.none(), TEXT)

    rows = Rows(t)
    rows.values = draw(st.lists(st.tuples(*(cell(name) for name in t.field_names)).map(list), max_size=6))
    return t, rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_rows())
def test_table_csv_is_the_cell_by_cell_one_for_any_cells(case):
    t, rows = case
    assert export.table_csv(t, rows) == reference_csv(t, rows)
