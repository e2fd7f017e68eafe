"""An issue filed with the 提交通知 form → a draft record, validated, on a branch with a draft pull request.

Run by `.github/workflows/notice-from-issue.yml` (`python -m scitechday.editing.from_issue`):
the issue body (as GitHub renders an issue form: `### label` then the answer) gives the
notice's text or an attached .docx/.pdf/.txt, an optional source URL and id, and any
new issuers. The draft is written as `scitechday import` writes it, new organizations
and missing editions (each of the notice's observances with its year) go into the same change, the
whole data folder is validated, and the bot answers on the issue in Chinese. One issue
keeps one branch (`notice/issue-N`): editing the issue re-runs and replaces it.

`prepare()` does the work on files and is tested offline on fixture issue bodies;
`publish()` makes the GitHub calls through `editing.github` (or a test's fake).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from scitechday.data import files, registry
from scitechday.data.load import load, load_file
from scitechday.data.problems import format_problems
from scitechday.data.schema import first_edition_id, main_table
from scitechday.data.validate import validate
from scitechday.editing import fmt
from scitechday.editing.readers import MAX_TEXT_CHARS, ReadError, clean, read_text
from scitechday.editing.scaffold import draft_notice, record_path, valid_id, write_new

ROOT = Path(__file__).resolve().parents[3]
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "notice.yml"
NO_RESPONSE = "_No response_"
ATTACHMENT_RE = re.compile(r"https://github\.com/(?:user-attachments/files|[\w.-]+/[\w.-]+/files)/\d+/[^\s)\]>\"']+")
READABLE = (".txt", ".docx", ".pdf", ".doc")
_EDITIONS = registry.get("edition").folder  # editions.yml: one file, a list of records


def form_ids(form: Path = FORM) -> dict[str, str]:
    """The form's labels → field ids, read from the form itself so that the two never disagree."""
    spec = yaml.safe_load(form.read_text(encoding="utf-8"))
    return {b["attributes"]["label"]: b["id"] for b in spec["body"] if b.get("id")}


def parse_body(body: str, form: Path = FORM) -> dict[str, str]:
    """GitHub renders an issue form as `### <label>` sections; unanswered ones read `_No response_`."""
    ids = form_ids(form)
    out: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in (body or "").replace("\r\n", "\n").split("\n") + ["### "]:
        if line.startswith("### "):
            if current is not None:
                value = "\n".join(lines).strip()
                out[current] = "" if value == NO_RESPONSE else value
            current, lines = ids.get(line[4:].strip()), []
        elif current is not None:
            lines.append(line)
    return out


def parse_orgs(text: str) -> tuple[list[dict], list[str]]:
    """`编号 | 全称 | 类别 | 层级 | 上级编号` per line → organization records, and what could not be read."""
    org = main_table("organization")
    levels = {v: k for k, v in org.field("level").get("x-enum-labels", {}).items()}
    records, errors = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in re.split(r"[|｜]", line)]
        cells += [""] * (5 - len(cells))
        rid, name, kind, level, parent = cells[:5]
        if not valid_id(rid) or not name or not kind:
            errors.append(f"“新的发文机关”第 {n} 行“{line.strip()}”没有读懂：应写成 编号 | 全称 | 类别 | 层级 | 上级编号，"
                          "编号只用小写拼音、数字和连字符。")
            continue
        rec = {"id": rid, "name": name, "kind": kind}
        if level:
            rec["level"] = levels.get(level, level)
        if parent:
            rec["parent"] = parent
        records.append(rec)
    return records, errors


@dataclass
class Outcome:
    ok: bool  # a draft was written
    written: list[Path] = field(default_factory=list)
    notice: Path | None = None
    title: str = ""
    todos: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what happened besides the draft, in Chinese
    problems: str = ""  # the validator's messages about the written files


def _notice_text(fields: dict, fetch: Callable[[str, Path], Path], tmp: Path) -> tuple[str, str, str, list[str]]:
    """(text, source file name, its address, notes): from an attached file when there is one, else the pasted
    text (no file, no address)."""
    pasted = fields.get("text", "")
    notes: list[str] = []
    for url in ATTACHMENT_RE.findall(pasted):
        if not url.lower().endswith(READABLE):
            continue
        try:
            path = fetch(url, tmp)
            return read_text(path), path.name, url, notes
        except ReadError as err:
            notes.append(f"附件 {url.rsplit('/', 1)[-1]} 无法读取：{err}")
        except (OSError, ValueError) as err:
            notes.append(f"附件 {url.rsplit('/', 1)[-1]} 下载失败（{err}），改用粘贴的文字。")
    text = clean(ATTACHMENT_RE.sub("", pasted))  # control characters never reach a draft, as with files
    if len(text) > MAX_TEXT_CHARS:
        notes.append(f"粘贴的文字超过 {MAX_TEXT_CHARS} 个字符，只读取了前面部分。")
        text = text[:MAX_TEXT_CHARS]
    return text, "", "", notes


def _add_editions(data_dir: Path, notice: Path, source: dict) -> list[str]:
    """Append the notice's editions (each observance + its year) to editions.yml where they are missing."""
    records, _ = load_file(str(notice), "campaign", str(notice))  # the loader, as for every data file
    if not records:
        return []
    observances, raw_year = records[0].data.get("observances"), records[0].data.get("year")
    if not isinstance(observances, list) or not (isinstance(raw_year, str) and raw_year.isdigit()):
        return []
    notes = [_add_edition(data_dir, o, int(raw_year), source) for o in observances if isinstance(o, str)]
    return [n for n in notes if n]


def _add_edition(data_dir: Path, observance: str, year: int, source: dict) -> str | None:
    editions = [r.data for r in load(data_dir).records if r.type == "edition"]
    if any(e.get("observance") == observance and str(e.get("year")) == str(year) for e in editions):
        return None
    prefix = next((e["id"].rsplit("-", 1)[0] for e in editions
                   if e.get("observance") == observance and str(e.get("id", "")).endswith(f"-{e.get('year')}")), None)
    rid = f"{prefix}-{year}" if prefix else first_edition_id(observance, year)  # its siblings' ids, or the first's
    if rid is None:
        return f"档案中还没有“{observance}”的届次记录，请在 data/{_EDITIONS} 中手工添加 {year} 年这一届。"
    path = registry.get("edition").path_of(data_dir, "")
    y = fmt._yaml()
    items = y.load(path.read_text(encoding="utf-8")) if path.exists() else None
    items = items if isinstance(items, CommentedSeq) else CommentedSeq()
    items.append(CommentedMap([("id", rid), ("observance", observance), ("year", year),
                               ("sources", CommentedSeq([CommentedMap(source.items())]))]))
    buf = io.StringIO()
    y.dump(items, buf)
    text = fmt.format_text(buf.getvalue(), "edition")
    if path.exists() or path.is_symlink():  # never through a link, never outside data/
        files.replace(path, text, data_dir)
    else:
        files.write_new(path, text, data_dir)
    return f"{year} 年{observance}的届次记录还没有，已在 data/{_EDITIONS} 中添加（届次、全国日期和主题请按来源补充）。"


def prepare(fields: dict, data_dir: Path, issue_url: str,
            fetch: Callable[[str, Path], Path]) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        text, source_name, attachment, notes = _notice_text(fields, fetch, Path(tmp))
    if len(text.strip()) < 20:
        return Outcome(False, notes=notes + ["没有找到通知原文：请在“通知原文”中粘贴全文，或拖入 .docx、.pdf、.txt 文件。"])
    rid = fields.get("record_id", "").strip() or None
    if rid and not valid_id(rid):
        notes.append(f"编号“{rid}”不合格式（只能用小写拼音、数字和连字符），已改用自动生成的编号。")
        rid = None
    out = Outcome(True, notes=notes)
    source = {"title": "", "note": f"由议题 {issue_url} 提交"}
    url = fields.get("source_url", "").strip()
    if url.startswith(("https://", "http://")):
        source["url"] = url
    elif source_name:  # the attached file, where the issue keeps it
        source["file"] = source_name
        if attachment.startswith("https://"):
            source["url"] = attachment
    elif issue_url.startswith(("https://", "http://")):  # pasted, without an address: the issue publishes the text
        source["url"] = issue_url
        source["note"] = f"原文由议题 {issue_url} 粘贴提交"
    orgs, errors = parse_orgs(fields.get("new_orgs", ""))
    out.notes += errors
    for rec in orgs:
        path = record_path(data_dir, "organization", rec["id"])
        if path.exists():
            out.notes.append(f"组织 {rec['id']} 已在档案中，没有重复添加。")
            continue
        write_new(path, fmt.dump({**rec, "sources": [{k: v for k, v in source.items() if k != "title"}]},
                                 "organization"), data_dir)
        out.written.append(path)
    path, draft, todos, rec = draft_notice(text, source_name or "issue.txt", data_dir, rid, source)
    if rid and path.exists():
        out.notes.append(f"编号 {rid} 已被占用，已改用自动生成的编号。")
        path, draft, todos, rec = draft_notice(text, source_name or "issue.txt", data_dir, None, source)
    write_new(path, draft, data_dir)
    out.notice, out.title, out.todos = path, rec.get("title") or "", todos
    out.written.append(path)
    for edition_note in _add_editions(data_dir, path, {"title": out.title, **{k: v for k, v in source.items()
                                                                              if k in ("url", "file")}}):
        out.notes.append(edition_note)
        editions = registry.get("edition").path_of(data_dir, "")
        if "已在" in edition_note and editions not in out.written:
            out.written.append(editions)
    report = validate(data_dir, use_cache=False)
    mine = {p.resolve() for p in out.written}
    out.problems = format_problems([p for p in report.problems
                                    if p.level == "error" and Path(p.path).resolve() in mine], "text")
    out.problems = out.problems.replace("```", "ˋˋˋ")  # it is quoted in a code block in the comments
    return out


def pull_body(out: Outcome, issue: int) -> str:
    todo = "\n".join(f"- [ ] {t}" for t in out.todos) or "- [ ] 逐项核对原文"
    return (f"来自议题 #{issue}（提交通知表单），由机器人生成的草稿。\n\n"
            f"合并之前请逐项核对下列事项，并删除草稿文件开头的注释：\n\n{todo}\n\n"
            f"Closes #{issue}")


def issue_reply(out: Outcome, pull: dict | None) -> str:
    if not out.ok:
        return "没有生成草稿：\n\n" + "\n".join(f"- {n}" for n in out.notes) + "\n\n修改这个议题后会自动重试。"
    lines = [f"已生成草稿，请在拉取请求 #{pull['number']} 中核对：{pull['html_url']}" if pull else "已生成草稿。"]
    lines += [f"- {n}" for n in out.notes]
    if out.problems:
        lines += ["", "校验发现下列问题，维护者会在拉取请求里修正（也可以修改这个议题后重试）：", "", "```",
                  out.problems, "```"]
    else:
        lines += ["", "校验通过。"]
    lines += ["", f"待核对事项 {len(out.todos)} 项，已列在拉取请求中。"]
    return "\n".join(lines)


def publish(out: Outcome, issue: int, api, git, base: str, data_dir: Path) -> dict | None:
    if not out.ok or out.notice is None:  # ok means the draft was written
        api.comment(issue, issue_reply(out, None))
        return None
    branch = f"notice/issue-{issue}"
    rel = [p.relative_to(data_dir.parent) for p in out.written]
    git.commit_to_branch(branch, rel, f"草稿：{out.title or out.notice.stem}（议题 #{issue}）")
    pull = api.open_pull(branch) or api.create_pull(branch, base, f"新增通知：{out.title or out.notice.stem}",
                                                     pull_body(out, issue))
    todo = "\n".join(f"- [ ] {t}" for t in out.todos) or "（没有）"
    check = f"\n\n校验结果：\n\n```\n{out.problems}\n```" if out.problems else "\n\n校验通过。"
    api.comment(pull["number"], f"导入时留下的待办事项：\n\n{todo}{check}")
    api.run_workflow("ci.yml", branch)
    api.comment(issue, issue_reply(out, pull))
    return pull


def main() -> int:  # pragma: no cover - the workflow's entry point; prepare/publish are tested
    from scitechday.editing.github import Git, GitHub, download

    event = json.loads(Path(os.environ["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
    issue = event["issue"]
    repo, token = os.environ["GITHUB_REPOSITORY"], os.environ["GH_TOKEN"]
    data_dir = Path("data").resolve()
    out = prepare(parse_body(issue.get("body") or ""), data_dir, issue["html_url"], download)
    base = event.get("repository", {}).get("default_branch", "main")
    pull = publish(out, issue["number"], GitHub(repo, token), Git(data_dir.parent, repo, token), base, data_dir)
    print(f"draft pull request: {pull['html_url']}" if pull else "no draft: " + "; ".join(out.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
