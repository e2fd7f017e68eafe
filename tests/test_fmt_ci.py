"""fmt on what editors' tools produce (CRLF, trailing spaces, comments, flow lists), and CI output
a web editor can act on: a diff and an annotation per file, all problems in the job summary."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import edit
from scitechday.data.load import load

ORG = "organizations/ceshi-shi-kexie.yml"


def run(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "scitechday.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})})


def fmt_twice(repo, path, text):
    """fmt once, then again: the second run must find nothing to change (idempotent)."""
    path.write_bytes(text.encode("utf-8"))
    before = [r.data for r in load(repo).records]
    assert run("fmt", cwd=repo.parent).returncode == 0
    first = path.read_bytes()
    assert run("fmt", cwd=repo.parent).returncode == 0
    assert path.read_bytes() == first
    assert run("fmt", "--check", cwd=repo.parent).returncode == 0
    assert [r.data for r in load(repo).records] == before  # fmt never changes what a file says
    return first.decode("utf-8")


ORG_TEXT = ("id: ceshi-shi-kexie\nname: 测试市科学技术协会\nkind: 科协\nlevel: prefecture\nparent: ceshi-kexie\n"
            "sources:\n  - file: synthetic\n")


def test_crlf_and_trailing_spaces_are_normalized(repo):
    text = fmt_twice(repo, repo / ORG, ORG_TEXT.replace("科协\n", "科协   \n").replace("\n", "\r\n"))
    assert text == ORG_TEXT


def test_comments_stay_with_their_key_when_keys_move(repo):
    text = fmt_twice(repo, repo / ORG, "id: ceshi-shi-kexie\nsources:\n  - file: synthetic  # 行尾\n"
                                       "# 关于类别的说明\nkind: 科协\nname: 测试市科学技术协会\nlevel: prefecture\n"
                                       "# 上级\nparent: ceshi-kexie\n")
    assert "# 关于类别的说明\nkind: 科协\n" in text and "# 上级\nparent: ceshi-kexie\n" in text
    assert text.endswith("sources:\n  - file: synthetic  # 行尾\n")


def test_a_comment_in_a_flow_list_stays_and_does_not_move_again(repo):
    text = fmt_twice(repo, repo / ORG, ORG_TEXT.replace("kind: 科协\n", "kind: 科协\naliases: [甲,  # 甲的说明\n  乙]\n"))
    assert "aliases:\n  - 甲  # 甲的说明\n  - 乙\n" in text


@pytest.mark.parametrize("value", ['"测试\\r市"', '"测试\\N市"', '"测试\\u2028市"'])
def test_values_with_cr_or_line_separators_survive(repo, value):
    text = fmt_twice(repo, repo / ORG, ORG_TEXT.replace("name: 测试市科学技术协会", f"name: {value}"))
    assert "name: " in text


def test_fmt_quotes_a_hashtag_the_validator_warns_about(repo):
    edit(repo / "campaigns/2030/2030-ceshi-shi-kexie.yml", "theme: 测试主题", "theme: 测试主题 #全国科技工作者日#")
    assert run("fmt", cwd=repo.parent).returncode == 0
    [c] = [r for r in load(repo).records if r.type == "campaign"]
    assert c.data["theme"] == "测试主题 #全国科技工作者日#"


def test_one_unwritable_file_is_reported_and_the_others_formatted(repo):
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files")
    other = repo / "organizations/ceshi-kexie.yml"
    edit(repo / ORG, "kind: 科协", "kind: 科协  ")
    edit(other, "kind: 科协", "kind: 科协  ")
    (repo / ORG).chmod(0o444)
    result = run("fmt", cwd=repo.parent)
    assert result.returncode == 1 and ORG in result.stderr and "无法写入" in result.stderr
    assert "科协  " not in other.read_text(encoding="utf-8")


def test_one_unwritable_file_is_reported_and_the_others_formatted_even_as_root(repo, monkeypatch):
    from scitechday.editing import fmt

    edit(repo / ORG, "kind: 科协", "kind: 科协  ")
    other = repo / "organizations/ceshi-kexie.yml"
    edit(other, "kind: 科协", "kind: 科协  ")
    real = fmt.files.replace

    def refuse(path, text, root):
        if str(path).endswith(ORG):
            raise PermissionError(13, "Permission denied")
        return real(path, text, root)

    monkeypatch.setattr(fmt.files, "replace", refuse)
    outcomes = {o.shown: o for o in fmt.run(repo, check=False)}
    mine = outcomes[f"data/{ORG}"]
    assert mine.status == "error" and "无法写入文件（没有权限）" in mine.message
    assert "科协  " not in other.read_text(encoding="utf-8")


def test_fmt_check_shows_a_diff_and_annotates_the_first_changed_line(repo, tmp_path):
    edit(repo / ORG, "level: prefecture", "level: prefecture \t")
    summary = tmp_path / "summary.md"
    result = run("fmt", "--check", "--format", "github", cwd=repo.parent, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    assert f"::error file=data/{ORG},line=4,title=fmt::" in result.stdout
    assert f"--- data/{ORG}\n+++ data/{ORG}（整理后）\n" in result.stdout
    assert "-level: prefecture··\n+level: prefecture\n" in result.stdout  # trailing spaces made visible
    assert "第 4 行末尾有多余的空格" in summary.read_text(encoding="utf-8")


def test_validate_writes_every_problem_to_the_job_summary(repo, tmp_path):
    for i in range(12):  # more than the 10 annotations GitHub shows per step
        (repo / f"organizations/ceshi-{i}.yml").write_text(f"id: ceshi-{i}\nname: 测|试\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = run("validate", "--no-cache", "--format", "github", cwd=repo.parent,
                 env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    table = summary.read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| `data/")]
    assert len(rows) == result.stdout.count("::error ")
    assert "| `data/organizations/ceshi-0.yml` | 1 | 错误 | required | kind | 缺少必填项“kind”" in table
    assert "| 文件 | 行 | 级别 | 问题 | 字段 | 怎么改 |" in table
    plain = run("validate", "--no-cache", "--format", "summary", cwd=repo.parent)
    assert plain.stdout.strip() == table.split("\n\n", 1)[1].strip()


def test_gitattributes_keeps_data_in_lf():
    from conftest import ROOT

    assert "eol=lf" in (ROOT / ".gitattributes").read_text(encoding="utf-8")


def test_fmt_leaves_a_single_hash_alone_it_may_be_a_comment(repo):
    edit(repo / "campaigns/2030/2030-ceshi-shi-kexie.yml", "theme: 测试主题", "theme: 测试主题 #备注")
    assert run("fmt", cwd=repo.parent).returncode == 0
    [c] = [r for r in load(repo).records if r.type == "campaign"]
    assert c.data["theme"] == "测试主题"  # the validator's warning asks the editor; fmt does not decide


def test_fmt_names_an_impossible_date_instead_of_failing(repo):
    """ruamel.yaml reads 2030-02-30 as a date and raised: fmt (and the pre-commit hook's fmt --check) printed
    内部错误 and blamed the program. Now the file is left alone and the editor told what to do."""
    path = repo / "campaigns/2030/2030-ceshi-shi-kexie.yml"
    edit(path, "issued: 2030-05-06", "issued: 2030-02-30")
    before = path.read_bytes()
    for args in (("fmt",), ("fmt", "--check")):
        result = run(*args, cwd=repo.parent)
        assert result.returncode == 1, result.stderr
        out = result.stdout + result.stderr
        assert "内部错误" not in out and "Error" not in out and "2030-ceshi-shi-kexie.yml" in out
        assert "不存在的日期" in out and "scitechday validate" in out
    assert path.read_bytes() == before


def test_fmt_removes_a_bom_and_fmt_check_names_it(repo):
    """The validator warned of a BOM, and fmt said the file was already canonical and kept it."""
    path = repo / ORG
    path.write_bytes(b"\xef\xbb\xbf" + ORG_TEXT.encode("utf-8"))
    check = run("fmt", "--check", cwd=repo.parent)
    assert check.returncode == 1 and "BOM" in check.stdout
    assert run("fmt", cwd=repo.parent).returncode == 0
    assert path.read_bytes() == ORG_TEXT.encode("utf-8")
    assert run("fmt", "--check", cwd=repo.parent).returncode == 0


def test_fmt_check_names_the_line_where_windows_line_ends_begin():
    """Trailing spaces on line 2 and CRLF from line 3: the message said CRLF began on line 2."""
    from scitechday.editing.fmt import why

    old = "id: x\nname: 甲   \nkind: 科协\r\nlevel: county\r\n"
    assert why(old, "id: x\nname: 甲\nkind: 科协\nlevel: county\n").startswith("第 3 行起用的是 Windows 换行符")
