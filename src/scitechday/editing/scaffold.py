"""Where new records go: a free id, a draft from `import`, a commented template from `new`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from scitechday.data import files, registry
from scitechday.data.load import load
from scitechday.data.template import template  # noqa: F401  (the `new` command's template)
from scitechday.editing.fmt import dump

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def record_path(data_dir: Path, rtype: str, rid: str, year: int | None = None) -> Path:
    return registry.get(rtype).path_of(data_dir, rid, year)


def existing_ids(data_dir: Path, rtype: str) -> set[str]:
    base = data_dir / registry.get(rtype).folder
    return {p.stem for p in base.rglob("*.yml")} if base.is_dir() else set()


def free_id(data_dir: Path, rtype: str, wanted: str) -> str:
    taken = existing_ids(data_dir, rtype)
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def organizations(data_dir: Path) -> list[dict]:
    return [r.data for r in load(data_dir).records if r.type == "organization"]


def write_new(path: Path, text: str, data_dir: Path) -> None:
    """Create the file under data_dir; never overwrite one that exists, never write through a link
    or outside data_dir (files.UnsafePath says why in Chinese)."""
    files.write_new(path, text, data_dir)


def draft_text(record: dict, todos: list[str], notes: Sequence[str] = (), confidence: str = "") -> str:
    header = "由 scitechday import 从原文自动生成的草稿。请逐项核对原文，处理完下列事项后删除这段注释：\n" + \
             "\n".join(f"- {t}" for t in todos)
    if confidence:
        header += f"\n各字段识别的把握（高/中/低）：{confidence}"
    if notes:
        header += "\n原文中还有下列事实，当前数据模型无法存放（照录原文，待模型扩展后补录）：\n" + \
                  "\n".join(f"- TODO（模型暂不支持）{n}" for n in notes)
    return dump(record, "campaign", header)


SOURCES_TODO = "来源（sources）："


def draft_notice(text: str, source_name: str, data_dir: Path,
                 rid: str | None = None, source: dict | None = None) -> tuple[Path, str, list[str], dict]:
    """A notice's text → (where its draft goes, the draft's YAML, the TODOs — the facts the model cannot
    hold yet last —, the record); nothing is written. source: where the text came from, when the caller
    knows (an issue form's 原文网址): the draft's source, titled with the notice's title."""
    from scitechday.domain.docnum import normalize
    from scitechday.editing.importer import parse_notice

    draft = parse_notice(text, organizations(data_dir), source_name)
    rec = draft.record
    if rec.get("doc_number"):
        same = [r.path for r in load(data_dir).records
                if r.type == "campaign" and normalize(r.data.get("doc_number") or "") == normalize(rec["doc_number"])]
        if same:
            draft.todos.insert(0, f"发文字号 {rec['doc_number']} 已在档案中（{same[0]}）：这份通知可能已经收录，请先核对。")
    year = rec.get("year")
    if rid is None:
        issuer = next((i for i in rec.get("issuers", []) if i != "TODO"), "notice")
        rid = free_id(data_dir, "campaign", f"{year or 'todo'}-{issuer}")
    rec = {"id": rid, **rec}
    if source is not None:
        rec["sources"] = [{**source, "title": rec.get("title") or "通知原文"}]
        if source.get("url"):  # the address is known: only when it was read is left to write
            draft.todos = [t if not t.startswith(SOURCES_TODO) else
                           SOURCES_TODO + "已填原文网址，请补上获取日期（retrieved：打开这个网址的日期）。"
                           for t in draft.todos]
    text = draft_text(rec, draft.todos, draft.notes, draft.summary())
    todos = draft.todos + [f"TODO（模型暂不支持，已照录在草稿开头的注释中）{n}" for n in draft.notes]
    return record_path(data_dir, "campaign", rid, year), text, todos, rec


MAX_ID = 80  # as the schemas' maxLength


def valid_id(rid: str) -> bool:
    return bool(ID_RE.fullmatch(rid)) and len(rid) <= MAX_ID
