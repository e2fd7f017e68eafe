"""The loader: raw values, lines of every key, and clear problems instead of crashes."""

from __future__ import annotations

import os
import time

from scitechday.data.load import MAX_FILE_BYTES, load_bytes


def load(text: str | bytes, rtype: str = "organization"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, "data/organizations/x.yml", rtype)


def codes(problems):
    return [(p.code, p.line) for p in problems]


def test_values_stay_raw_strings_and_lines_are_recorded():
    records, problems = load("id: x\nissued: 2019-05-15\nyear: 2019\nlist:\n  - a\n  - b\nempty:\n")
    assert problems == []
    [rec] = records
    assert rec.data == {"id": "x", "issued": "2019-05-15", "year": "2019", "list": ["a", "b"], "empty": None}
    assert rec.lines[("issued",)] == 2
    assert rec.lines[("list", 1)] == 6
    assert rec.line_of(("list", 1, "missing")) == 6


def test_impossible_date_is_not_a_crash():
    records, problems = load("issued: 2019-02-30\n")
    assert problems == [] and records[0].data["issued"] == "2019-02-30"


def test_duplicate_key_names_both_lines():
    _, problems = load("id: x\nname: a\nname: b\n")
    assert codes(problems) == [("duplicate-key", 3)]
    assert "第 2 行" in problems[0].message


def test_syntax_error_has_line_and_chinese_hint():
    _, problems = load("id: x\nname: a\n  bad: indentation: here\n")
    assert problems[0].code == "yaml-syntax" and problems[0].line == 3
    assert "YAML 语法错误" in problems[0].message


def test_tab_indentation_is_explained():
    _, problems = load("id: x\naliases:\n\t- a\n")
    assert codes(problems) == [("indent-char", 3)]
    assert "Tab" in problems[0].message and problems[0].message.endswith("`  - a`")


def test_gbk_file_is_reported_with_its_encoding():
    _, problems = load("id: x\nname: 常州市科协\n".encode("gbk"))
    assert codes(problems) == [("encoding", 2)]
    assert "GBK" in problems[0].message and "UTF-8" in problems[0].message


def test_utf16_file_is_reported():
    _, problems = load("id: x\n".encode("utf-16"))
    assert problems[0].code == "encoding" and "UTF-16" in problems[0].message


def test_bom_is_a_warning_and_the_file_still_loads():
    records, problems = load("\ufeffid: x\n".encode("utf-8"))
    assert records[0].data == {"id": "x"}
    assert [(p.code, p.level) for p in problems] == [("encoding-bom", "warning")]


def test_alias_bomb_fails_fast():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [{','.join(['*' + prev] * 10)}]\n"
    started = time.perf_counter()
    records, problems = load(bomb)
    assert records == [] and problems[0].code == "too-complex"
    assert time.perf_counter() - started < 5  # 10^9 values if expanded


def test_empty_file_and_wrong_top_level():
    assert load("")[1][0].code == "empty-file"
    assert load("# only a comment\n")[1][0].code == "empty-file"
    _, problems = load("- a\n- b\n")
    assert problems[0].code == "wrong-type" and "列表" in problems[0].message


def test_two_documents_in_one_file():
    _, problems = load("id: a\n---\nid: b\n")
    assert problems[0].code == "yaml-syntax"


def test_file_too_large():
    _, problems = load(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert problems[0].code == "file-too-large"


def test_editions_file_is_a_list_of_records():
    records, problems = load("- id: a\n  year: 2019\n- id: b\n  year: 2020\n", rtype="edition")
    assert problems == []
    assert [r.id for r in records] == ["a", "b"]
    assert records[1].lines[("year",)] == 4


def test_non_scalar_key_and_merge_key():
    _, problems = load("? [a, b]\n: 1\nid: x\n")
    assert problems[0].code == "bad-key"
    _, problems = load("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert problems[0].code == "bad-key" and problems[0].line == 3


def test_paths_are_shown_relative_inside_the_working_directory_and_whole_outside_it(tmp_path, monkeypatch):
    """Data outside the working directory was shown as ../../tmp/…: an editor had to count folders up."""
    from scitechday.data.load import display_path

    inside = tmp_path / "repo"
    (inside / "data").mkdir(parents=True)
    monkeypatch.chdir(inside)
    assert display_path(inside / "data" / "x.yml") == os.path.join("data", "x.yml")
    assert display_path(tmp_path / "other" / "x.yml") == str(tmp_path / "other" / "x.yml")
