"""The web editor's configuration (Decap CMS `config.yml`), generated from the schemas.

Nothing here names a field: collections, fields, labels, hints, widgets, required
flags, selects and relations all come from `schemas/` (walked through the same
record shapes that validation and `fmt` use), so the form cannot drift from what
`validate` accepts. Fields are listed in canonical key order, which is also the
order Decap writes keys in.

Schema keys read here besides the Frictionless ones: `x-hint` (the hint under a
field), `x-enum-labels` (Chinese
labels of an enum's values), `x-groups` (the label of a nested mapping, e.g. `period`),
`x-min-items` (a nested list that must have at least that many items: `sources`, `observances`),
`x-month` (a date that may be a month as printed, 2019-05: a text box with a pattern).
A field whose title mentions Markdown gets Decap's Markdown editor with preview.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from scitechday.data import registry
from scitechday.data.schema import SCHEMA_DIR, Table, main_table, tables
from scitechday.data.tables import Map, Scalar, key_orders, ordered_keys, shape

ENV_REPO = "SCITECHDAY_REPO"  # owner/name of the GitHub repository editors' pull requests go to
ENV_BRANCH = "SCITECHDAY_BRANCH"
ENV_AUTH = "SCITECHDAY_CMS_AUTH_URL"  # the OAuth helper GitHub sign-in goes through (see docs/contributing.md)
DEFAULT_LOCAL_URL = "http://localhost:8081/api/v1"
EDITIONS_FORMAT = "yml-list"  # registered in admin/index.html: editions.yml is a list at its root

# Collection names (they appear in the editor's URLs) per record type: the page folder of its records.
COLLECTION = {rt.name: rt.page.split("/")[0] for rt in registry.record_types()}


def _display(rtype: str) -> tuple[str, list[str]]:
    """What a relation to a record type shows in its drop-down (its title field) and searches; ids are stored."""
    rt = registry.get(rtype)
    names = [f["name"] for f in rt.table.fields]
    search = [rt.title_field] + [n for n in ("short_name", "aliases", "doc_number") if n in names] + ["id"]
    return rt.title_field, list(dict.fromkeys(search))


def _references(schema_dir: Path) -> dict[tuple[str, str], str]:
    """(table, field) → the record type a single-field foreign key points at (ids of another record)."""
    main = {t.name: t.types[0] for t in tables(schema_dir) if not t.path and len(t.types) == 1}
    out = {}
    for t in tables(schema_dir):
        for fk in t.descriptor.get("foreignKeys", []):
            ref = fk["reference"]
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            if len(fields) != 1 or fields[0] in t.keys or ref.get("resource") not in main:
                continue  # composite keys (observance + year) and the links to a parent row
            if registry.get(main[ref["resource"]]).one_file_per_record:
                out[(t.name, fields[0])] = main[ref["resource"]]
    return out


def _relation(target: str) -> dict:
    display, search = _display(target)
    return {"widget": "relation", "collection": COLLECTION[target], "value_field": "id",
            "display_fields": [display], "search_fields": search, "options_length": 200}


def _scalar(t: Table, name: str, refs: dict, key: str | None = None) -> dict:
    f = t.field(name)
    c = f.get("constraints", {})
    out = {"name": key or name, "label": f.get("title", name), "required": bool(c.get("required"))}
    hint = f.get("x-hint") or f.get("description")
    if hint:
        out["hint"] = hint
    if (t.name, name) in refs:
        out.update(_relation(refs[(t.name, name)]))
    elif "enum" in c:
        labels = f.get("x-enum-labels", {})
        out.update(widget="select", options=[{"label": labels.get(v, v), "value": v} for v in c["enum"]])
    elif f.get("type") == "date" and f.get("x-month"):  # 2019-05-15, or 2019-05 when only the month is printed
        out.update(widget="string", pattern=[f"^{_YEAR_MONTH}(-{_DAY})?$",
                                             PATTERN_LEAD + "请用半角数字写成 YYYY-MM-DD（如 2019-05-15，月份 01–12，日子 01–31）；"
                                             "原文只写到月份时写 YYYY-MM（如 2019-05）"])
        out.setdefault("hint", "写成 YYYY-MM-DD；原文只写到月份（如 2019年5月）时写 2019-05")
        return out
    elif f.get("type") == "date":  # a text box: Decap's date picker turned a typed 2019-05-32 into 1902-02-01 and
        # 2019/5/30 into nothing, silently (an editor's review); the pattern answers at once, in Chinese
        out.update(widget="string", pattern=[f"^{_YEAR_MONTH}-{_DAY}$",
                                             PATTERN_LEAD + "请用半角数字写成 YYYY-MM-DD（如 2019-05-15，月份 01–12，日子 01–31）"])
        out.setdefault("hint", "写成 YYYY-MM-DD，如 2019-05-15")
        return out
    elif f.get("type") == "integer":
        out.update(widget="number", value_type="int")
        for k in ("minimum", "maximum"):
            if k in c:
                out[k[:3]] = c[k]
    elif f.get("type") == "array":
        out.update(widget="list", field={"name": "item", "label": out["label"], "widget": "string"})
    elif "markdown" in f.get("title", "").lower():
        out.update(widget="markdown", buttons=["bold", "italic", "link", "heading-three", "heading-four",
                                               "quote", "bulleted-list", "numbered-list"],
                   editor_components=[], modes=["raw"])  # rich text saved `## 一、` as `\## 一、` (a heading lost)
    else:  # one line, however long: a text box would take an Enter, which validation then refuses
        out["widget"] = "string"
    if "pattern" in c and out["widget"] in ("string", "text"):
        out["pattern"] = [c["pattern"], PATTERN_LEAD + (hint or "请对照上面的说明填写")]
    return out


# Decap CMS shows a pattern's message after its own words: “成文日期”不满足模式<message>
PATTERN_LEAD = "——"
_YEAR_MONTH, _DAY = "[0-9]{4}-(0[1-9]|1[0-2])", "(0[1-9]|[12][0-9]|3[01])"  # what a date box takes (no day 32)


def _summary(item: Map, t: Table) -> str | None:
    for f in t.fields:
        if f["name"] in item.children and f.get("type", "string") == "string":
            return "{{fields.%s}}" % f["name"]
    return None


def _fields(node: Map, path: tuple, rtype: str, refs: dict, orders: dict, schema_dir: Path,
            groups: dict) -> list[dict]:
    out = []
    for key in ordered_keys(node, orders.get(path)):
        spec = node.children.get(key)
        if spec is None:
            continue
        if isinstance(spec, Scalar):
            out.append(_scalar(_table(spec.table, schema_dir), spec.name, refs, key))
        elif isinstance(spec, Map):
            sub = _fields(spec, path, rtype, refs, orders, schema_dir, groups)
            out.append({"name": key, "label": groups.get(key, key), "widget": "object", "required": False,
                        "collapsed": False, "fields": sub})
        elif spec.item is None:  # a list of plain values: ids of other records, or text
            t = spec.table
            item = _scalar(t, t.value, refs)
            label = t.descriptor.get("title", key)
            if item.get("widget") in ("relation", "select"):  # ids of other records, or values of a list (纪念日)
                need = t.descriptor.get("x-min-items")
                item.update(name=key, label=label, multiple=True, required=bool(need), **({"min": need} if need else {}))
                out.append(item)
            else:
                item.pop("required", None)
                out.append({"name": key, "label": label, "widget": "list", "required": False,
                            "field": {**item, "name": "item"}})
        else:
            t = spec.table
            sub_groups = {**groups, **t.descriptor.get("x-groups", {})}
            entry = {"name": key, "label": t.descriptor.get("title", key), "widget": "list", "required": False,
                     "collapsed": False, "default": [],  # else Decap starts every list with one blank item
                     "fields": _fields(spec.item, path + (key,), rtype, refs, orders, schema_dir, sub_groups)}
            if t.descriptor.get("x-min-items"):
                entry.update(required=True, min=t.descriptor["x-min-items"])
            summary = _summary(spec.item, t)
            if summary:
                entry["summary"] = summary
            if t.descriptor.get("description"):
                entry["hint"] = t.descriptor["description"]
            out.append(entry)
    return out


def _table(name: str, schema_dir: Path) -> Table:
    return next(t for t in tables(schema_dir) if t.name == name)


def record_fields(rtype: str, schema_dir: Path = SCHEMA_DIR) -> list[dict]:
    main = main_table(rtype, schema_dir)
    return _fields(shape(rtype, schema_dir), (), rtype, _references(schema_dir), key_orders(rtype, schema_dir),
                   schema_dir, dict(main.descriptor.get("x-groups", {})))


def _folder_collection(rt: registry.RecordType, schema_dir: Path) -> dict:
    desc = rt.table.descriptor
    c = {"name": COLLECTION[rt.name], "label": rt.collection, "label_singular": rt.label,
         "description": desc.get("description", ""), "folder": f"data/{rt.folder}", "extension": "yml",
         "format": "yml", "create": True, "identifier_field": rt.title_field, "slug": "{{fields.id}}",
         "summary": "{{fields.%s}}" % rt.title_field, "fields": record_fields(rt.name, schema_dir)}
    if rt.layout == "year":  # data/<folder>/<year>/<id>.yml
        # `{{[year]}}` is the field `year`: Decap reads `{{year}}` as the save date's year, and turns the
        # dot of `{{fields.year}}` into a hyphen in paths; brackets are its other key-path syntax.
        c["path"] = "{{[%s]}}/{{slug}}" % rt.year_field
        c["summary"] = "{{fields.%s}} · {{fields.%s}}" % (rt.year_field, rt.title_field)
        c["sortable_fields"] = [rt.year_field, rt.title_field]
    return c


def _list_collection(rt: registry.RecordType, schema_dir: Path) -> dict:
    """A file holding a list at its root (editions.yml): one entry whose list field "items" holds the records."""
    fields = record_fields(rt.name, schema_dir)
    names = [f["name"] for f in fields]
    summary = " ".join("{{fields.%s}}" % n for n in ("year", "observance") if n in names) or "{{fields.id}}"
    return {"name": COLLECTION[rt.name], "label": rt.collection, "format": EDITIONS_FORMAT, "extension": "yml",
            "files": [{"name": "all", "label": rt.collection, "file": f"data/{rt.folder}",
                       "description": rt.table.descriptor.get("description", ""),
                       "fields": [{"name": "items", "label": rt.label, "widget": "list", "required": False,
                                   "default": [], "summary": summary, "fields": fields}]}]}


def collections(schema_dir: Path = SCHEMA_DIR) -> list[dict]:
    """One collection per record type: notices (year folders) first, the editions file last (rarely edited)."""
    rank = {"year": 0, "flat": 1, "list": 2}
    types = sorted(registry.record_types(schema_dir), key=lambda rt: rank[rt.layout])
    return [_folder_collection(rt, schema_dir) if rt.one_file_per_record else _list_collection(rt, schema_dir)
            for rt in types]


def config(repo: str | None = None, branch: str | None = None, local_url: str | None = None,
           auth_url: str | None = None, site_url: str | None = None, schema_dir: Path = SCHEMA_DIR) -> dict:
    """Decap's configuration: GitHub with the editorial workflow; the local server when on this machine."""
    repo = repo or os.environ.get(ENV_REPO) or os.environ.get("GITHUB_REPOSITORY") or "OWNER/REPO"
    backend = {"name": "github", "repo": repo, "branch": branch or os.environ.get(ENV_BRANCH) or "main",
               "open_authoring": True, "squash_merges": True,
               "commit_messages": {"create": "新增{{collection}}：{{slug}}", "update": "修改{{collection}}：{{slug}}",
                                   "delete": "删除{{collection}}：{{slug}}",
                                   "uploadMedia": "上传文件：{{path}}", "deleteMedia": "删除文件：{{path}}",
                                   "openAuthoring": "{{message}}"}}
    auth_url = auth_url or os.environ.get(ENV_AUTH)
    if auth_url:
        backend["base_url"] = auth_url
    out = {"backend": backend, "publish_mode": "editorial_workflow",
           "local_backend": {"url": local_url or DEFAULT_LOCAL_URL},
           "locale": "zh_Hans", "media_folder": "docs/assets/uploads", "public_folder": "/assets/uploads",
           "slug": {"encoding": "ascii", "clean_accents": False, "sanitize_replacement": "-"},
           "collections": collections(schema_dir)}
    if site_url:
        out["site_url"] = out["display_url"] = site_url
    return out


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # write shared lists out in full: no &id001 anchors
        return True


def config_yaml(**kwargs) -> str:
    header = "# Generated by scitechday.editing.cms from schemas/ at build time: do not edit.\n"
    return header + yaml.dump(config(**kwargs), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                              width=100_000)
