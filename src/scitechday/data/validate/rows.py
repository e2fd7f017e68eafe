"""The Frictionless run: types, formats, required fields, enums, patterns and ranges of every row.

Keys across files are checked by `across.py`, not here (so that one changed file can be
re-checked alone, and so the message can name the other file).
"""

from __future__ import annotations

import copy
import functools
import operator
import os
import re
from pathlib import Path

import frictionless

from scitechday.data import registry
from scitechday.data.problems import Problem, clip, unquoted
from scitechday.data.schema import SCHEMA_DIR, Table, anchored
from scitechday.data.tables import Rows
from scitechday.data.template import PLACEHOLDER
from scitechday.data.validate.messages import cell_message, id_fix


@functools.lru_cache(maxsize=None)
def descriptor(t: Table) -> tuple[dict, tuple[int, ...]]:
    """The schema as Frictionless checks one batch of rows, and which columns it needs.

    A plain optional string can hold nothing wrong once the shape check has passed, so it is not sent.
    """
    desc = copy.deepcopy(t.descriptor)
    for key in ("primaryKey", "foreignKeys", "uniqueKeys", "title", "description", *(k for k in t.descriptor
                                                                                   if k.startswith("x-"))):
        desc.pop(key, None)
    keep = []
    for i, f in enumerate(desc["fields"]):
        f.get("constraints", {}).pop("unique", None)
        if f.get("type") == "date":
            f["type"] = "string"  # Frictionless reads 2025-5-20 as a date: dates.py decides, strictly
        if "pattern" in f.get("constraints", {}):
            f["constraints"]["pattern"] = anchored(f["constraints"]["pattern"])
        if f["name"] in t.keys or f["name"] == t.type_field or f["name"] in dict(t.inherit):
            continue  # filled in by flatten(), never by an editor
        if t.value and f["name"] == t.value and set(f.get("constraints", {})) <= {"required"}:
            continue  # a list of plain values: check_shape() already refuses empty and nested items
        if f.get("type", "string") != "string" or f.get("format") or f.get("constraints"):
            keep.append(i)
    desc["fields"] = [desc["fields"][i] for i in keep]
    return desc, tuple(keep)


def _resource(name: str, rows: Rows) -> tuple[frictionless.Resource | None, list[int]]:
    """One table's rows as an in-memory resource (only the columns and rows that can fail), and which were sent."""
    t = rows.table
    desc, keep = descriptor(t)
    if not keep or not rows.values:
        return None, []
    pick = operator.itemgetter(*keep) if len(keep) > 1 else (lambda v, i=keep[0]: (v[i],))
    optional = not any(f.get("constraints", {}).get("required") for f in desc["fields"])
    sent, data = [], [[t.field_names[i] for i in keep]]
    for i, values in enumerate(rows.values):
        cells = pick(values)
        if optional and cells.count(None) == len(cells):
            continue  # nothing to check: every checked cell is empty and none is required
        sent.append(i)
        data.append(list(cells))
    if not sent:
        return None, []
    # data as a callable: a list would be deep-copied when the package descriptor is exported
    return frictionless.Resource(name=name, data=lambda: data, schema=frictionless.Schema.from_descriptor(desc)), sent


def _problem(rows: Rows, i: int, fieldname: str, etype: str, note: str, cell) -> Problem:
    record, _ = rows.origins[i]
    code, message = cell_message(rows.table, fieldname, etype, note, cell)
    rt = registry.get(record.type)
    if code == "required" and rt.layout == "year" and fieldname == rt.year_field:
        folder = os.path.basename(os.path.dirname(record.path))
        if folder.isascii() and folder.isdigit():  # the record's year folder (rules.year_folder checks the pair)
            message += f"请写 `{fieldname}: {folder}`（与所在的文件夹 {folder} 一致）。"
    if fieldname == "id" and code in ("pattern", "todo") and rt.one_file_per_record:
        message = _id_of_file(rows.table, record.path, cell) or message
    return Problem(record.path, rows.cell_line(i, fieldname), code, rows.cell_path(i, fieldname), message)


def _id_of_file(t: Table, path: str, cell) -> str | None:
    """A record's id that is no id (changzhou—kexie, TODO), in a file whose name is one: write the file's name
    (across.id_mismatch then says nothing more), rather than an id worked out of what was typed."""
    stem = os.path.splitext(os.path.basename(path))[0]
    pattern = t.field("id").get("constraints", {}).get("pattern", "")
    if not re.fullmatch(pattern, stem) or unquoted(cell) == stem:
        return None  # no name to offer; or only the quotes are wrong, which the message says
    fix = id_fix(cell, pattern)
    what = f"编号里有{fix[0]}" if fix else f"编号“{clip(cell)}”不合格式"
    if cell == PLACEHOLDER:
        what = "编号还没有填写（模板里的 TODO）"
    return f"{what}。编号只能用小写英文字母、数字和连字符“-”，并且和文件名相同：请写成 {stem}。"


def check_rows(all_rows: dict[str, Rows], schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Frictionless over in-memory resources, all in one Package; its errors → Problems."""
    resources, row_of = [], {}
    for name, rows in all_rows.items():
        resource, sent = _resource(name, rows)
        if resource is not None:
            resources.append(resource)
            row_of[name] = sent
    if not resources:
        return []
    report = frictionless.Package(resources=resources).validate(limit_errors=10**9)
    problems = []
    for task in report.tasks:
        rows = all_rows[task.name]
        for err in task.errors:
            row_number = getattr(err, "row_number", None)
            if row_number is None:  # about the table itself: a fault of ours, not of the data
                raise RuntimeError(f"{task.name}: {err.message}")
            i = row_of[task.name][row_number - 2]
            if err.type == "blank-row":  # every cell empty: Frictionless checks none, so say what is required
                problems += [_problem(rows, i, f["name"], "constraint-error", 'constraint "required"', None)
                             for f in descriptor(rows.table)[0]["fields"] if f.get("constraints", {}).get("required")]
                continue
            fieldname = getattr(err, "field_name", None)
            if fieldname is None:
                record, _ = rows.origins[i]
                problems.append(Problem(record.path, rows.cell_line(i, ""), err.type, "", err.message))
                continue
            problems.append(_problem(rows, i, fieldname, err.type, err.note, getattr(err, "cell", None)))
    return problems
