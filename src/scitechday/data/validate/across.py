"""Checks across files: primary and unique keys, foreign keys as the schemas declare them,
one 发文字号 per notice, no cycles among parent organizations.

Each file contributes *facts* (its keys, references, 发文字号 and parent), computed when the
file is checked and cached with it; the checks here read only facts, so a re-run after one
edit re-checks one file and then compares facts. Facts are plain JSON-able lists.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from scitechday.data import registry
from scitechday.data.problems import Problem, clip, quote_advice, unquoted
from scitechday.data.schema import SCHEMA_DIR, Table, first_edition_id, tables
from scitechday.data.schema import table as schema_table
from scitechday.data.tables import Rows
from scitechday.data.template import PLACEHOLDER
from scitechday.data.validate.messages import ID_PATTERN, id_fix, typos_of
from scitechday.domain import docnum

Facts = dict[str, list]  # kind (key | ref | doc | parent) → list of fact lists
FactsByFile = dict[str, Facts]

REF_WORDS = {"organizations": "组织机构（data/organizations/{}.yml）", "campaigns": "通知（data/campaigns/<年份>/{}.yml）",
             "profiles": "人物（data/profiles/{}.yml）", "editions": "届次（data/editions.yml 中的 {}）"}


@functools.lru_cache(maxsize=None)
def _specs(t: Table) -> tuple[tuple, tuple]:
    """Which column tuples of a table are keys, and which are references (with the column indexes)."""
    names = t.field_names
    keysets = []
    if t.descriptor.get("primaryKey"):
        keysets.append(tuple(t.descriptor["primaryKey"]))
    keysets += [tuple(k) for k in t.descriptor.get("uniqueKeys", [])]
    keysets += [(f["name"],) for f in t.fields if f.get("constraints", {}).get("unique")]
    keys = tuple((ks, tuple(names.index(k) for k in ks)) for ks in keysets
                 if not set(ks) & set(t.keys[1:]))  # positions are unique by construction
    refs = tuple((n, tuple(names.index(k) for k in fk["fields"]), fk["fields"][-1])
                 for n, fk in enumerate(t.descriptor.get("foreignKeys", []))
                 if not set(fk["fields"]) <= set(t.keys))  # a nested row's link to its own record
    return keys, refs


@functools.lru_cache(maxsize=None)
def _name_fields(t: Table) -> tuple[tuple[str, tuple[str, str]], ...]:
    return tuple((f["name"], tuple(f["x-name-of"])) for f in t.fields if f.get("x-name-of"))


def collect_facts(all_rows: dict[str, Rows], paths: list[str]) -> FactsByFile:
    """The facts each file contributes to the checks across files."""
    out: FactsByFile = {path: defaultdict(list) for path in paths}
    for rows in all_rows.values():
        t = rows.table
        keys, refs = _specs(t)
        if not keys and not refs:
            continue
        for i, values in enumerate(rows.values):
            facts = out[rows.origins[i][0].path]
            for ks, idx in keys:
                vals = [values[j] for j in idx]
                if None not in vals:
                    facts["key"].append([t.name, list(ks), vals, rows.cell_line(i, ks[-1]), rows.cell_path(i, ks[-1])])
            for n, idx, last in refs:
                vals = [values[j] for j in idx]
                if None not in vals:
                    facts["ref"].append([t.name, n, vals, rows.cell_line(i, last), rows.cell_path(i, last)])
    for rows in all_rows.values():  # the names a reference may be mistaken for (x-names in the schemas)
        fields = rows.table.descriptor.get("x-names")
        if not fields:
            continue
        idx = [rows.table.field_names.index(f) for f in fields]
        for i, values in enumerate(rows.values):
            record = rows.origins[i][0]
            names = [n for j in idx for n in (values[j] if isinstance(values[j], list) else [values[j]]) if n]
            if record.id and names:
                out[record.path]["names"].append([rows.table.name, record.id, names])
    for rows in all_rows.values():  # names typed where an id could link the record (x-name-of)
        for name, (resource, id_field) in _name_fields(rows.table):
            col, id_col = rows.table.field_names.index(name), rows.table.field_names.index(id_field)
            for i, values in enumerate(rows.values):
                if isinstance(values[col], str) and values[id_col] is None:
                    out[rows.origins[i][0].path]["named"].append(
                        [resource, values[col], rows.cell_line(i, name), rows.cell_path(i, name),
                         rows.cell_path(i, id_field).rsplit(".", 1)[-1]])
    for record, _ in all_rows["campaigns"].origins:
        norm = docnum.normalize(record.data.get("doc_number") or "")
        if norm:
            out[record.path]["doc"].append([norm, record.line_of(("doc_number",))])
    for record, _ in all_rows["organizations"].origins:
        parent = record.data.get("parent")
        if isinstance(parent, str) and record.id:
            out[record.path]["parent"].append([record.id, parent, record.line_of(("parent",))])
    return {path: dict(facts) for path, facts in out.items()}


@functools.lru_cache(maxsize=None)
def _own_file_types() -> dict[str, registry.RecordType]:
    """Main table → record type, for the types that keep each record in a file named after its id."""
    return {rt.table.name: rt for rt in registry.record_types() if rt.one_file_per_record}


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".yml")


def _id_pattern(tname: str) -> str:
    return schema_table(tname).field("id").get("constraints", {}).get("pattern") or ID_PATTERN


FileIds = dict[str, tuple[str, int, str]]


def _file_ids(facts: FactsByFile) -> FileIds:
    """The files of one record each: path → (the record's id, the id's line, its table)."""
    own = _own_file_types()
    return {path: (vals[0], line, tname) for path, f in facts.items()
            for tname, ks, vals, line, _ in f.get("key", ()) if ks == ["id"] and tname in own}


def id_mismatch(facts: FactsByFile, ids: FileIds | None = None) -> Iterator[Problem]:
    """A record that has a file of its own is named after its id. Renaming the file is never offered onto a file
    that exists (a copied notice that kept its original's id was told to take the original's name, which
    overwrote it), nor to a name that is no id (changzhou—kexie.yml)."""
    ids = _file_ids(facts) if ids is None else ids
    for path, (rid, line, tname) in ids.items():
        stem = _stem(path)
        if rid == stem:
            continue
        pattern = _id_pattern(tname)
        id_ok, stem_ok = bool(re.fullmatch(pattern, rid)), bool(re.fullmatch(pattern, stem))
        if not id_ok and stem_ok:
            continue  # the id's own message (rows._problem) says to write the file's name: one thing to type
        folder = path[: -len(path.rsplit("/", 1)[-1])]
        target = f"{folder}{rid}.yml"
        head = f"编号“{clip(rid)}”与文件名“{clip(stem)}.yml”不一致。"
        taken = f"不能把文件改名为“{rid}.yml”：{target} 已经存在，改名会覆盖那份记录。"
        copy = ids.get(target, ("",))[0] == rid  # the file named after this id holds this id: this one is a copy
        if id_ok and stem_ok:
            message = (taken + f"请把 id 改为“{stem}”" + ("；若这份和它是同一条记录，删掉这份文件。" if copy else "。")
                       if target in facts else f"请把文件改名为“{rid}.yml”，或把 id 改为“{stem}”。")
        elif id_ok:  # 常州市科协.yml: no id to suggest for the file
            message = (taken + "若这份和它是同一条记录，删掉这份文件；若是另一条记录，请用拼音给它起一个新编号，写在 id 里，"
                       "文件也改成这个名字（编号.yml）。" if target in facts else
                       f"请把文件改名为“{rid}.yml”（编号和文件名只能用小写拼音、数字和连字符）。")
        else:
            fix = id_fix(rid, pattern)
            message = (f"编号和文件名只能用小写拼音、数字和连字符：请把 id 改为“{fix[1]}”，文件改名为“{fix[1]}.yml”。"
                       if fix and f"{folder}{fix[1]}.yml" not in facts else
                       "编号和文件名只能用小写拼音、数字和连字符：请用拼音给它起一个编号（如 changzhou-kexie），写在 id 里，"
                       "文件也改成这个名字（编号.yml）。")
        yield Problem(path, line, "id-mismatch", "id", head + message)


def _duplicate(tname: str, ks, vals, other: tuple[str, int], path: str) -> str:
    """What a second record with the same key is told: in the fields' Chinese titles, and what to do."""
    table = schema_table(tname)
    titles = "和".join(table.field(k).get("title", k) for k in ks)
    shown = "、".join(map(str, vals))
    if other[0] == path and len(ks) > 1:  # one list of a record names the same thing twice
        last = table.field(ks[-1]).get("title", ks[-1])
        return f"{last}“{vals[-1]}”写了两次（第 {other[1]} 行已有）：删掉多余的一项。"
    if list(ks) == ["id"] and _stem(other[0]) == vals[0] != _stem(path) and tname in _own_file_types():
        # a copy that kept its original's id: never 删掉多余的一份 without saying which
        fix = f"若是另一条记录，把 id 改为“{_stem(path)}”（与文件名相同）；" \
            if re.fullmatch(_id_pattern(tname), _stem(path)) else ""
        return (f"编号“{shown}”已被 {other[0]}:{other[1]} 使用（那个文件以它命名，这份多半是复制出来的）。{fix}"
                "若和那一份是同一条记录，删掉这份文件（不要删那一份）。")
    if list(ks) == ["id"]:
        return (f"编号“{shown}”已被 {other[0]}:{other[1]} 使用。同一条记录只收录一次：若这是复制出的文件，删掉多余的一份；"
                "若是另一条记录，给它换一个编号（文件名跟着改）。")
    return (f"{titles}为“{shown}”的记录已有一条（{other[0]}:{other[1]}）。同一条记录只收录一次：若是重复的文件，"
            f"删掉多余的一份；若是不同的记录，核对{titles}。")


def _copies_last(facts: FactsByFile, ids: FileIds | None = None) -> list[tuple[str, dict]]:
    """The files in the order a duplicate is told in: a copy after its original. A file not named after its
    record's id comes after those that are (a notice copied to 2019-guyuan-kexie.yml that kept the id
    2019-yinchuan-kexie: by path the copy came first, and the untouched original was told it was the
    duplicate); then `x.yml` before `x-2.yml`, which `import` and `new` write beside an existing `x.yml`."""
    ids = _file_ids(facts) if ids is None else ids
    return sorted(facts.items(), key=lambda item: (item[0] in ids and ids[item[0]][0] != _stem(item[0]),
                                                   item[0].removesuffix(".yml")))


def _keys(facts: FactsByFile, ids: FileIds | None = None) -> tuple[dict[tuple, tuple[str, int]], list[Problem]]:
    seen: dict[tuple, tuple[str, int]] = {}
    found = []
    for path, f in _copies_last(facts, ids):
        for tname, ks, vals, line, where in f.get("key", ()):
            key = (tname, tuple(ks), tuple(vals))
            if PLACEHOLDER in vals:
                continue  # a template's TODO (its own check asks for it), not a second record
            if key in seen:
                found.append((path, tname, ks, vals, line, where, seen[key]))
            else:
                seen[key] = (path, line)
    # a second file with a record's id also repeats every list item keyed by that id (the notice's observances):
    # the id's own message says it all
    taken = {(path, vals[0]) for path, tname, ks, vals, *_ in found if ks == ["id"] and tname in _own_file_types()}
    problems = [Problem(path, line, "duplicate", where, _duplicate(tname, ks, vals, other, path))
                for path, tname, ks, vals, line, where, other in found
                if not (ks != ["id"] and (path, vals[0]) in taken and other[0] != path)]
    return seen, problems


def duplicate(facts: FactsByFile, ids: FileIds | None = None) -> Iterator[Problem]:
    """A primary or unique key appears once in the whole archive."""
    yield from _keys(facts, ids)[1]


def _unread(facts: FactsByFile) -> dict[tuple[str, str], str]:
    """The records whose files could not be read (an encoding, a YAML error: no facts): {(table, the id their
    file is named after): the file}, so that a reference to one is not answered 请先添加这条记录."""
    out: dict[tuple[str, str], str] = {}
    for path, f in facts.items():
        name = path.rsplit("/", 1)[-1]  # named after its record's id, in whatever folder (one saved in the wrong one)
        if not any(f.get(kind) for kind in ("key", "names")) and name.endswith(".yml") and name != "editions.yml":
            for table in REF_WORDS:
                out.setdefault((table, name[:-len(".yml")]), path)
    return out


def unknown_reference(facts: FactsByFile, schema_dir: Path = SCHEMA_DIR, ids: FileIds | None = None
                      ) -> Iterator[Problem]:
    """Every reference names a record that exists."""
    targets: dict[tuple, set] = defaultdict(set)
    ids = _file_ids(facts) if ids is None else ids
    for (tname, ks, vals) in _keys(facts, ids)[0]:
        targets[(tname, ks)].add(vals)
    by_table = {t.name: t for t in tables(schema_dir)}
    named: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))  # table → name → ids
    for f in facts.values():
        for tname, rid, names in f.get("names", ()):
            for name in names:
                named[tname][name.strip()].add(rid)
    unread = _unread(facts)
    # editions.yml could not be read (a Tab, a YAML error): its own message says so; every notice was told to add
    # an edition it holds, and typing that would have written each one twice
    editions_unread = any(p.rsplit("/", 1)[-1] == "editions.yml" and not f.get("key") for p, f in facts.items())
    misnamed = {(tname, _stem(p)): (p, rid) for p, (rid, _, tname) in ids.items() if rid != _stem(p)}
    for path, f in facts.items():
        for tname, n, vals, line, where in f.get("ref", ()):
            ref = by_table[tname].descriptor["foreignKeys"][n]["reference"]
            pool = targets.get((ref["resource"], tuple(ref["fields"])), set())
            if tuple(vals) in pool or any(isinstance(v, str) and v.isdigit() and not v.isascii() for v in vals):
                continue  # full-width digits (２０３０) are reported where they are written, as such
            if PLACEHOLDER in vals and ref["resource"] != "editions":  # a new record's template, not filled in yet
                # (an edition's TODO is its observance's: that check asks for it)
                words = REF_WORDS.get(ref["resource"], ref["resource"]).split("（")[0]
                yield Problem(path, line, "todo", where, f"还没有填写（模板里的 TODO）：请写{words}的编号。")
                continue
            plain = tuple(unquoted(v) or v for v in vals)
            if plain != tuple(vals) and ref["resource"] == "editions":
                continue  # “全国科技工作者日”: the observance's own check says to remove the quotes (no edition to add)
            if plain != tuple(vals):
                shown = "、".join(map(str, vals))
                yield Problem(path, line, "unknown-reference", where,
                              f"找不到{REF_WORDS.get(ref['resource'], ref['resource']).format(clip(shown))}。"
                              + "".join(quote_advice(v) for v in vals))
                continue
            shown = "、".join(map(str, vals))
            owners = sorted(named[ref["resource"]].get(shown.strip(), ())) if len(vals) == 1 else []
            if owners:
                words = REF_WORDS.get(ref["resource"], ref["resource"])
                kind = _name_word(by_table[ref["resource"]])
                message = (f"“{clip(shown)}”是{words.format(owners[0])}的{kind}。这里要写编号 {owners[0]}。" if len(owners) == 1 else
                           f"“{clip(shown)}”是几条记录共用的{kind}（{'、'.join(words.format(i) for i in owners)}）。"
                           f"这里要写编号：{' 或 '.join(owners)}，请按原文选定一个。")
                yield Problem(path, line, "unknown-reference", where, message)
                continue
            if ref["resource"] == "editions" and editions_unread:
                continue
            if ref["resource"] == "editions" and len(vals) == 2:
                # a template's TODO observance, a year that is no number (2019年): their own checks ask for them
                if PLACEHOLDER not in str(vals[0]) and str(vals[1]).isascii() and str(vals[1]).isdigit():
                    yield Problem(path, line, "unknown-reference", where, _new_edition(facts, *vals))
                continue
            if len(vals) == 1 and (ref["resource"], str(vals[0])) in unread:
                yield Problem(path, line, "unknown-reference", where,
                              f"“{clip(shown)}”的记录文件 {unread[(ref['resource'], str(vals[0]))]} 有错误，读不出来。"
                              "请先按那个文件的提示改正它（这条记录不用再添加）。")
                continue
            if len(vals) == 1 and (ref["resource"], shown) in misnamed:  # its file holds another id (changzhou—kexie)
                other, rid = misnamed[(ref["resource"], shown)]
                yield Problem(path, line, "unknown-reference", where,
                              f"“{clip(shown)}”的记录文件 {other} 里写的编号是“{clip(rid)}”，与文件名不一致。"
                              f"请先按那个文件的提示改正它：那里的编号改为“{clip(shown)}”以后，这里不用改。")
                continue
            yield Problem(path, line, "unknown-reference", where,
                          _not_found(ref["resource"], vals, pool, named_as(facts, ref["resource"]), where.endswith("]"),
                                     _nearby(f, by_table, ref["resource"], pool, where)))


def _name_word(table) -> str:
    """What a reference written as one of a table's x-names is called: that field's title when it is one field
    other than the name (a notice's 发文字号), else 名称."""
    fields = table.descriptor.get("x-names") or []
    return table.field(fields[0]).get("title", "名称") if len(fields) == 1 and fields[0] != "name" else "名称"


def named_as(facts: FactsByFile, table: str) -> dict[str, str]:
    """id → the name it is known by (its first x-names field: an organization's 全称)."""
    return {rid: names[0] for f in facts.values() for tname, rid, names in f.get("names", ()) if tname == table}


def _nearby(f: dict, by_table: dict, resource: str, pool: set, where: str) -> list[str]:
    """The notices that the same file names in another field, and that exist (a profile's mentioned_in, beside an
    honour's notice). Notices only, and never the same field's: a new issuer beside another (taizhou-kexie,
    changzhou-kexie) must not be offered the other."""
    if resource != "campaigns":
        return []
    out, field = [], re.split(r"[.\[]", where, maxsplit=1)[0]
    for tname, n, vals, _line, other in f.get("ref", ()):
        ref = by_table[tname].descriptor["foreignKeys"][n]["reference"]
        if ref["resource"] == resource and len(vals) == 1 and tuple(vals) in pool and vals[0] not in out \
                and re.split(r"[.\[]", other, maxsplit=1)[0] != field:
            out.append(vals[0])
    return out


def _not_found(resource: str, vals: list, pool: set, names: dict[str, str], item: bool = False,
               nearby: list[str] = ()) -> str:  # type: ignore[assignment]
    """A reference to no record: a typo of an id (a letter or two, a separator, capitals) is offered, never a
    merely similar id (taizhou-kexie is not a typo of changzhou-kexie: typing it gave the notice the wrong
    issuer), never one that is no id; and how to add the record it names, when it is new. item: the reference
    is a list's item (several ids in one item are told to go one an item)."""
    shown = "、".join(map(str, vals))
    words = REF_WORDS.get(resource, resource)
    rt = _own_file_types().get(resource)
    if len(vals) != 1 or rt is None:
        return f"找不到{words.format(shown)}。请先添加这条记录，或检查拼写。"
    pattern = _id_pattern(resource)
    several = [x for x in re.split(r"[、，,；;\s]+", shown.strip()) if x]
    if item and len(several) > 1 and all(re.fullmatch(pattern, x) for x in several):
        # 2030-a、2029-b in one item: told to join them into one id, an editor was sent to make a notice that is none
        return (f"这一项写了 {len(several)} 个编号：列表每项只写一个。请把这一行改成 {len(several)} 行，每行一项，"
                f"“- ”和这一行的对齐：" + "、".join(f"`- {x}`" for x in several)
                + ("" if all((x,) in pool for x in several) else "（每个编号都要是档案里已有的记录）") + "。")
    typed_ok = bool(re.fullmatch(pattern, shown))
    what = words.format(shown) if typed_ok else f"{rt.label}“{clip(shown)}”"
    guesses = typos_of(shown, [v[0] for v in pool], pattern) if len(pool) < 5000 else []
    if not guesses:  # more than a typo off, but written elsewhere in the same file: 2030-ceshi-kexie for 2030-ceshi-shi-kexie
        import difflib

        guesses = [x for x in nearby if difflib.SequenceMatcher(None, shown, str(x)).ratio() >= 0.75][:2]
    hint = ""
    if guesses:
        hint = "你是不是想写" + " 或 ".join(f"“{g}”" + (f"（{names[g]}）" if g in names else "") for g in guesses) + "？"
    fix = id_fix(shown, pattern)
    new_id = shown if typed_ok else fix[1] if fix else None
    if new_id is not None and (new_id,) in pool:
        return f"找不到{what}。{hint}"  # Yinchuan-Kexie: the record exists, under the id guessed
    year = new_id[:4] if new_id and rt.layout == "year" and new_id[:4].isdigit() else "<年份>"
    where = f"data/{rt.folder}/" + (f"{year}/" if rt.layout == "year" else "")
    command = f"scitechday new {rt.name} --id {new_id or '<编号>'}" + (f" --year {year}" if rt.layout == "year" else "")
    new = f"若不是拼写错误，而是档案里还没有的{rt.label}" if hint else f"若是档案里还没有的{rt.label}"
    if new_id is None:
        add = (f"这里要写{rt.label}的编号（小写拼音、数字和连字符）。{new}，请先用拼音给它起一个编号，"
               f"运行 `{command}` 新建 {where}<编号>.yml，按文件里的注释填写。")
    else:
        if fix and not typed_ok:
            add = (f"编号只能用小写拼音、数字和连字符（这里有{fix[0]}）：请写成 {new_id}。{new}，"
                   f"还要运行 `{command}` 新建 {where}{new_id}.yml，按文件里的注释填写。")
        else:
            add = (f"{new}，请先运行 `{command}` 新建 {where}{new_id}.yml，按文件里的注释填写"
                   "（这里不用改）。")
    return f"找不到{what}。{hint}{add}"


def name_of_known_record(facts: FactsByFile) -> Iterator[Problem]:
    """A unit written by name (organizers, award lists, 代章) that the archive holds: link it by its id (a warning)."""
    named: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for f in facts.values():
        for tname, rid, names in f.get("names", ()):
            for name in names:
                named[tname][name.strip()].add(rid)
    for path, f in facts.items():
        for resource, name, line, where, id_key in f.get("named", ()):
            ids = sorted(named[resource].get(name.strip(), ()))
            if len(ids) == 1:
                what = REF_WORDS.get(resource, resource).format(ids[0])
                yield Problem(path, line, "name-of-known-record", where,
                              f"“{clip(name)}”已收录为{what}。请在同一项里加一行 `{id_key}: {ids[0]}`（名称照原文保留），"
                              "这样通知和它的页面会互相链接。", level="warning")


def _new_edition(facts: FactsByFile, observance: str, year: str) -> str:
    """The first notice of a year: the exact data/editions.yml item to add, its id named like its siblings'."""
    suggested = None
    for f in facts.values():
        keys = [(line, ks, vals) for tname, ks, vals, line, _ in f.get("key", ()) if tname == "editions"]
        ids = sorted((line, vals[0]) for line, ks, vals in keys if list(ks) == ["id"])
        for line, ks, vals in keys:
            if list(ks) != ["id"] and vals[0] == observance:
                rid = next((r for at, r in reversed(ids) if at <= line), "")  # the id of the same item
                if vals[1] in rid:
                    suggested = rid.replace(vals[1], str(year))
    suggested = suggested or first_edition_id(observance, year) or f"TODO-{year}"
    return (f"data/editions.yml 里还没有 {year} 年的{observance}（这是这一年第一份{observance}的通知）。请在 data/editions.yml "
            f"末尾添加这一届，一行一行照写（行首的空格照抄）：`- id: {suggested}`、`  observance: {observance}`、"
            f"`  year: {year}`、`  sources:`，sources 下面照抄这份通知文件里 sources 的各项（每行前再加两个空格，"
            "如 `    - file: …` 或 `    - url: …`）：这份通知就是这一届的来源。"
            "通知写明了全国的届次、日期或主题的，再加 `  edition: ` 后写阿拉伯数字（第八个写 8）、"
            "`  date: ` 后写全国的日期（四位年份、两位月、两位日，用“-”连接）、`  theme: ` 后写主题；没有写明的不写。")


def duplicate_doc_number(facts: FactsByFile, ids: FileIds | None = None) -> Iterator[Problem]:
    """A notice is archived once: one record per 发文字号 (compared after normalizing brackets)."""
    docs: dict[str, tuple[str, int]] = {}
    for path, f in _copies_last(facts, ids):
        for norm, line in f.get("doc", ()):
            if norm in docs:
                other = docs[norm]
                yield Problem(path, line, "duplicate-doc-number", "doc_number",
                              f"发文字号“{norm}”已被 {other[0]}:{other[1]} 使用。同一份通知只收录一次。")
            else:
                docs[norm] = (path, line)


def parent_cycle(facts: FactsByFile) -> Iterator[Problem]:
    """Parent organizations form a tree: following parents never comes back."""
    parents, where_of = {}, {}
    for path, f in facts.items():
        for oid, parent, line in f.get("parent", ()):
            parents[oid] = parent
            where_of[oid] = (path, line)
    reported = set()
    for start in parents:
        chain, node = [], start
        while node in parents and node not in chain:
            chain.append(node)
            node = parents[node]
        if node in chain:
            cycle = chain[chain.index(node):]
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            first = min(cycle)
            path, line = where_of[first]
            loop = " → ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
            yield Problem(path, line, "parent-cycle", "parent", f"上级组织形成了循环：{loop}。请改正其中一个 parent。")


def check_across(facts: FactsByFile, schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    facts = dict(sorted(facts.items()))  # the first file in path order keeps a key, whatever the cache holds
    ids = _file_ids(facts)
    return [*id_mismatch(facts, ids), *duplicate(facts, ids), *unknown_reference(facts, schema_dir, ids),
            *duplicate_doc_number(facts, ids),
            *parent_cycle(facts), *name_of_known_record(facts)]
