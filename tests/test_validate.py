"""The validator: one broken fixture per check, asserting the code, the file and the line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from conftest import DATA, FIXTURE, edit, problems_of
from scitechday.data.validate import validate

AUTO = object()
CAMPAIGN = "campaigns/2030/2030-ceshi-shi-kexie.yml"
ORG = "organizations/ceshi-shi-kexie.yml"


def test_fixture_and_bundled_data_are_valid(repo):
    assert problems_of(repo) == []
    report = validate(DATA, use_cache=False)
    assert report.problems == []
    # every file is read: one record per file, and one per item of the editions list
    assert report.counts["campaign"] == len(list((DATA / "campaigns").rglob("*.yml")))
    assert report.counts["organization"] == len(list((DATA / "organizations").glob("*.yml")))
    assert report.counts["edition"] == len(yaml.load((DATA / "editions.yml").read_text(encoding="utf-8"),
                                                     Loader=yaml.BaseLoader))


BREAKAGES = [
    # (file, old, new, code, line, field); AUTO: the line where the edit's first line lands
    (CAMPAIGN, "title: 测试", "titel: 测试", "unknown-key", AUTO, "titel"),
    (CAMPAIGN, "title: 测试", "titel: 测试", "required", 1, "title"),
    (CAMPAIGN, "  text: 5月中旬", "  txet: 5月中旬", "unknown-key", AUTO, "period.txet"),
    (CAMPAIGN, "issued: 2030-05-06", "issued: 2030-02-30", "type", AUTO, "issued"),
    (CAMPAIGN, "issued: 2030-05-06", "issued: 2030年5月6日", "type", AUTO, "issued"),
    (CAMPAIGN, "  end: 2030-05-20", "  end: 2030-05-01", "date-order", AUTO, "period.end"),
    (CAMPAIGN, "      end: 2030-05-13", "      end: 2030-05-02", "date-order", AUTO, "activities[0].period.end"),
    (CAMPAIGN, "  - date: 2030-06-01", "  - date: 2030-05-01", "deadline-before-issue", AUTO, "deadlines[0].date"),
    (CAMPAIGN, "doc_number: 测科协〔2030〕1号", "doc_number: 测科协〔2029〕1号", "doc-number-year", AUTO, "doc_number"),
    (CAMPAIGN, "doc_number: 测科协〔2030〕1号", "doc_number: 测科协[2030]1号", "doc-number", AUTO, "doc_number"),
    (CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - ceshi-shi-kexei\nissued", "unknown-reference", AUTO, "issuers[0]"),
    (CAMPAIGN, "    issuer: ceshi-kexie", "    issuer: nowhere", "unknown-reference", AUTO, "based_on[0].issuer"),
    (CAMPAIGN, "year: 2030", "year: 2031", "unknown-reference", 8, "observances[0]"),  # (observance, year) → editions
    (CAMPAIGN, "year: 2030", "year: 2031", "year-folder", AUTO, "year"),
    (CAMPAIGN, "kind: 通知", "kind: 公告", "enum", AUTO, "kind"),
    (CAMPAIGN, "    email: test@example.org", "    email: test.example.org", "format", AUTO, "contacts[0].email"),
    (CAMPAIGN, "    phone: 0999-12345678", "    phone: 0999—1234", "pattern", AUTO, "contacts[0].phone"),
    (CAMPAIGN, "id: 2030-ceshi-shi-kexie", "id: 2030-ceshi", "id-mismatch", AUTO, "id"),
    (CAMPAIGN, "id: 2030-ceshi-shi-kexie", "id: 2030_Ceshi", "pattern", AUTO, "id"),
    (CAMPAIGN, "activities:\n  - title: 测试活动\n", "activities:\n  title: 测试活动\nx:\n  - title: 测试活动\n",
     "wrong-type", AUTO, "activities"),
    (CAMPAIGN, "period:\n  text: 5月中旬\n  start: 2030-05-11\n  end: 2030-05-20\n", "period: 5月中旬\n",
     "wrong-type", AUTO, "period"),
    (CAMPAIGN, "sources:\n  - file: synthetic\n", "", "no-sources", 1, "sources"),
    (ORG, "parent: ceshi-kexie", "parent: ceshi-shi-kexie", "parent-cycle", AUTO, "parent"),
    (ORG, "level: prefecture", "kind: 学会", "duplicate-key", AUTO, "kind"),
    (ORG, "level: prefecture", "level: city", "enum", AUTO, "level"),
    ("profiles/ceshi-ren.yml", "  - 2030-ceshi-shi-kexie", "  - 2030-nowhere", "unknown-reference", AUTO, "mentioned_in[0]"),
    ("editions.yml", "  edition: 14", "  edition: zero", "type", AUTO, "edition"),
    # dates: ASCII YYYY-MM-DD only (Frictionless alone would accept the first two)
    (CAMPAIGN, "  - date: 2030-06-01", "  - date: 2030-6-1", "type", AUTO, "deadlines[0].date"),
    (CAMPAIGN, "  start: 2030-05-11", "  start: 2030-5-11", "type", AUTO, "period.start"),
    (CAMPAIGN, "issued: 2030-05-06", "issued: ２０３０-０５-０６", "type", AUTO, "issued"),
    (CAMPAIGN, "issued: 2030-05-06", "issued: 2030/05/06", "type", AUTO, "issued"),
    ("editions.yml", "  date: 2030-05-30", "  date: 2030-5-30", "type", AUTO, "date"),
    (CAMPAIGN, "year: 2030", "year: ２０３０", "type", AUTO, "year"),  # full-width digits, named as such
    ("editions.yml", "  edition: 14", "  edition: １４", "type", AUTO, "edition"),
    # Chinese-keyboard mistakes, found before YAML parses the file (tests/test_prelint.py has the fixes)
    (CAMPAIGN, "title: 测试", "title：测试", "fullwidth-colon", AUTO, ""),
    (CAMPAIGN, "title: 测试", "title:测试", "no-space-after-colon", AUTO, ""),
    (CAMPAIGN, "  start: 2030-05-11", "\u3000start: 2030-05-11", "indent-char", AUTO, ""),
    (CAMPAIGN, "  start: 2030-05-11", "    start: 2030-05-11", "indent", AUTO, ""),
    (CAMPAIGN, "  start: 2030-05-11", "    start：2030-05-11", "indent", AUTO, ""),
    (CAMPAIGN, "title: 测试", "标题: 测试", "chinese-key", AUTO, ""),
    (CAMPAIGN, "body: |\n  正文。\n", "body: |\n  正文。\n第二段。\n", "body-indent", 35, ""),
    (CAMPAIGN, "  text: 5月中旬\n  start: 2030-05-11\n", "  text: 5月中旬 start：2030-05-11\n", "key-in-text", AUTO,
     "period.text"),
    # nothing vanishes silently
    (CAMPAIGN, "  start: 2030-05-11\n", "", "end-without-start", 13, "period.end"),
    (CAMPAIGN, "      start: 2030-05-12\n", "", "end-without-start", 24, "activities[0].period.end"),
    (CAMPAIGN, "sources:\n  - file: synthetic", "sources:\n  - title: 某网站", "one-of-required", 36, "sources[0]"),
    (CAMPAIGN, "title: 测试市科协关于开展2030年全国科技工作者日活动的通知", "title: '  '", "blank", AUTO, "title"),
    (CAMPAIGN, "    what: 活动总结", "    what: ' '", "blank", AUTO, "deadlines[0].what"),
    (CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - ' '\nissued", "blank", AUTO, "issuers[0]"),
    (CAMPAIGN, "theme: 测试主题", "theme: 测试主题 #全国科技工作者日#", "hash-comment", AUTO, ""),  # a warning
    (ORG, open(FIXTURE / ORG, encoding="utf-8").read(), "---\n", "empty-file", 1, ""),
    (ORG, open(FIXTURE / ORG, encoding="utf-8").read(), "~\n", "empty-file", 1, ""),
    # hints that lead to the fix (the messages are asserted below)
    (CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - 测试市科学技术协会\nissued", "unknown-reference", AUTO, "issuers[0]"),
]


@pytest.mark.parametrize("file,old,new,code,line,field", BREAKAGES,
                         ids=[f"{b[3]}-{i}" for i, b in enumerate(BREAKAGES)])
def test_each_breakage_is_reported_at_its_line(repo, file, old, new, code, line, field):
    edit(repo / file, old, new)
    if line is AUTO:
        text = (repo / file).read_text(encoding="utf-8")
        line = text[: text.index(new)].count("\n") + 1
    found = [(p.path, p.line, p.code, p.field) for p in problems_of(repo)]
    assert (f"data/{file}", line, code, field) in found, found


def test_messages_are_chinese_and_name_the_bad_value(repo):
    edit(repo / CAMPAIGN, "issued: 2030-05-06", "issued: 2030-02-30")
    [p] = problems_of(repo)
    assert "2030-02-30" in p.message and "日期" in p.message and "YYYY-MM-DD" in p.message


@pytest.mark.parametrize("old,new,says,never", [
    ("issued: 2030-05-06", "issued: 2030-5-6", ["请写成 2030-05-06"], ["模糊"]),
    ("year: 2030", "year: ２０３０", ["全角数字", "请写成 2030"], ["data/campaigns/２０３０"]),
    ("issued: 2030-05-06", "issued: ２０３０-０５-０６", ["全角数字", "请写成 2030-05-06"], ["模糊"]),
    ("issued: 2030-05-06", "issued: 2030年5月6日", ["请写成 2030-05-06"], ["模糊"]),
    ("issued: 2030-05-06", "issued: 2030/05/06", ["请写成 2030-05-06"], []),
    ("issued: 2030-05-06", "issued: 2030-02-30", ["不存在"], ["模糊"]),
    ("issued: 2030-05-06", "issued: 2030年5月", ["只写到月份", "请写成 2030-05", "不要补日子"], ["模糊"]),  # a month
    ("  start: 2030-05-11", "  start: 5月中旬", ["period.text"], []),  # the vague advice where it applies
    ("  - date: 2030-06-01", "  - date: 6月底前", ["deadlines[0].text", "模糊"], []),
])
def test_date_messages_compute_the_answer(repo, old, new, says, never):
    edit(repo / CAMPAIGN, old, new)
    [p] = [p for p in problems_of(repo) if p.code == "type"]
    assert new.split(": ", 1)[1] in p.message
    for word in says:
        assert word in p.message
    for word in never:
        assert word not in p.message


@pytest.mark.parametrize("old,new,field,says", [
    ("  - ceshi-shi-kexie\nissued", "  - 测试市科学技术协会\nissued", "issuers[0]", "这里要写编号 ceshi-shi-kexie"),  # name
    ("    issuer: ceshi-kexie", "    issuer: 测试省科协", "based_on[0].issuer", "这里要写编号 ceshi-kexie"),  # short
    ("    issuer: ceshi-kexie", "    issuer: 省科协", "based_on[0].issuer", "这里要写编号 ceshi-kexie"),  # alias
])
def test_a_reference_written_as_a_name_gets_the_id_to_write(repo, old, new, field, says):
    edit(repo / CAMPAIGN, old, new)
    [p] = [p for p in problems_of(repo) if p.field == field]
    assert p.code == "unknown-reference" and says in p.message
    assert "请先添加" not in p.message and ".yml）。请" not in p.message  # never: create a file named after it


def test_the_first_notice_of_a_new_year_is_told_what_to_add_to_editions(repo):
    edit(repo / CAMPAIGN, "year: 2030", "year: 2031")
    [p] = [p for p in problems_of(repo) if p.code == "unknown-reference"]
    assert p.field == "observances[0]" and "data/editions.yml" in p.message
    assert "你是不是想写" not in p.message
    # typing what the message says makes it pass: its lines as shown, then the notice's sources copied below them
    told = p.message.split("`")[1::2][:4]
    assert told == ["- id: workers-day-2031", "  observance: 全国科技工作者日", "  year: 2031", "  sources:"]
    with open(repo / "editions.yml", "a", encoding="utf-8") as fh:
        fh.write("\n".join(told) + "\n    - file: synthetic\n")  # the notice's `  - file: synthetic`, two spaces more
    (repo / "campaigns/2031").mkdir()
    (repo / CAMPAIGN).rename(repo / "campaigns/2031/2030-ceshi-shi-kexie.yml")
    edit(repo / "campaigns/2031/2030-ceshi-shi-kexie.yml", "测科协〔2030〕1号", "测科协〔2031〕1号")
    edit(repo / "campaigns/2031/2030-ceshi-shi-kexie.yml", "issued: 2030-05-06", "issued: 2031-05-06")
    assert [p for p in problems_of(repo) if p.code == "unknown-reference"] == []


@pytest.mark.parametrize("observance,stem", [("全国科普日", "kepu-day"), ("全国科技活动周", "keji-week"),
                                              ("全国科普月", "kepu-month")])
def test_the_first_edition_of_an_observance_is_given_an_id_that_validates(repo, observance, stem):
    """No edition of the observance yet: the message said `- id: TODO-2030`, which the id pattern then refused."""
    edit(repo / CAMPAIGN, "observances: [全国科技工作者日]", f"observances: [{observance}]")
    [p] = [p for p in problems_of(repo) if p.code == "unknown-reference"]
    assert f"`- id: {stem}-2030`" in p.message
    with open(repo / "editions.yml", "a", encoding="utf-8") as fh:
        fh.write(f"- id: {stem}-2030\n  observance: {observance}\n  year: 2030\n  sources:\n    - file: synthetic\n")
    assert problems_of(repo) == []


def test_typo_suggests_the_right_key_and_reference(repo):
    edit(repo / CAMPAIGN, "title: 测试", "titel: 测试")
    edit(repo / CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - ceshi-shi-kexei\nissued")
    messages = " ".join(p.message for p in problems_of(repo))
    assert "你是不是想写“title”" in messages and "你是不是想写“ceshi-shi-kexie”" in messages


NEW_ORG = """id: taizhou-kexie
name: 泰州市科学技术协会
kind: 科协
level: prefecture
sources:
  - file: synthetic
"""


def test_a_new_organization_is_told_how_to_add_it_never_offered_a_similar_one(repo):
    """taizhou-kexie, a new issuer (the guide's own example), was answered 你是不是想写“changzhou-kexie”？:
    typing it validated and published the notice under the wrong issuer."""
    (repo / "organizations/changzhou-kexie.yml").write_text(NEW_ORG.replace("taizhou", "changzhou").replace("泰州", "常州"),
                                                           encoding="utf-8")
    edit(repo / CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - taizhou-kexie\nissued")
    [p] = problems_of(repo)
    assert p.code == "unknown-reference" and p.line == 6
    assert "changzhou-kexie" not in p.message and "你是不是想写" not in p.message, p.message
    assert "`scitechday new organization --id taizhou-kexie`" in p.message
    assert "data/organizations/taizhou-kexie.yml" in p.message
    # the command as told writes the file the message names; filled in, the notice validates with its own issuer
    assert run_cli("new", "organization", "--id", "taizhou-kexie", "--data", "data", cwd=repo.parent).returncode == 0
    (repo / "organizations/taizhou-kexie.yml").write_text(NEW_ORG, encoding="utf-8")
    assert problems_of(repo) == []
    assert yaml.safe_load((repo / CAMPAIGN).read_text(encoding="utf-8"))["issuers"] == ["taizhou-kexie"]


@pytest.mark.parametrize("typed", ["ceshi-shi-kexi", "ceshi-shi-kexei", "ceshi_shi_kexie", "Ceshi-Shi-Kexie",
                                   "ceshi–shi–kexie"])
def test_a_typo_of_an_id_is_offered_the_id_with_its_name(repo, typed):
    edit(repo / CAMPAIGN, "  - ceshi-shi-kexie\nissued", f"  - {typed}\nissued")
    [p] = [p for p in problems_of(repo) if p.code == "unknown-reference"]
    assert "你是不是想写“ceshi-shi-kexie”（测试市科学技术协会）？" in p.message, p.message
    assert "ceshi-kexie”" not in p.message  # one edit further off: not offered beside it
    edit(repo / CAMPAIGN, f"  - {typed}\nissued", "  - ceshi-shi-kexie\nissued")
    assert problems_of(repo) == []


def test_a_copy_that_kept_its_originals_id_is_never_told_to_take_the_originals_name(repo):
    """A notice copied to a new file with its id unchanged: 请把文件改名为“<the original's name>”, which overwrote the
    original; and the untouched original was the one told it was a duplicate."""
    original = (repo / CAMPAIGN).read_text(encoding="utf-8")
    copy = repo / "campaigns/2030/2030-ceshi-xian-kexie.yml"
    copy.write_text(original.replace("测科协〔2030〕1号", "测县科协〔2030〕1号"), encoding="utf-8")
    problems = problems_of(repo)
    assert {p.path for p in problems} == {"data/campaigns/2030/2030-ceshi-xian-kexie.yml"}, problems
    assert {(p.code, p.line) for p in problems} == {("id-mismatch", 1), ("duplicate", 1)}
    for p in problems:
        assert "改名为“2030-ceshi-shi-kexie.yml”。" not in p.message and "或把 id 改为" not in p.message, p.message
        assert "把 id 改为“2030-ceshi-xian-kexie”" in p.message, p.message
    edit(copy, "id: 2030-ceshi-shi-kexie", "id: 2030-ceshi-xian-kexie")
    assert problems_of(repo) == [] and (repo / CAMPAIGN).read_text(encoding="utf-8") == original


def test_a_file_renamed_away_from_its_id_may_take_its_name_back(repo):
    (repo / CAMPAIGN).rename(repo / "campaigns/2030/2030-ceshi.yml")
    [p] = [p for p in problems_of(repo) if p.code == "id-mismatch"]
    assert p.message.endswith("请把文件改名为“2030-ceshi-shi-kexie.yml”，或把 id 改为“2030-ceshi”。")


def test_duplicate_id_and_doc_number_across_files(repo):
    original = (repo / CAMPAIGN).read_text(encoding="utf-8")
    # the same 发文字号 written with other brackets is still the same notice
    other = original.replace("id: 2030-ceshi-shi-kexie", "id: 2030-other").replace("测科协〔2030〕1号", "测科协（2030）1号")
    assert "测科协（2030）1号" in other
    (repo / "campaigns/2030/2030-other.yml").write_text(other, encoding="utf-8")
    # a copy that keeps the id: the id is taken (and does not match the file name)
    (repo / "campaigns/2030/2030-copy.yml").write_text(original.replace("测科协〔2030〕1号", "测科协〔2030〕2号"),
                                                       encoding="utf-8")
    found = {(p.path, p.code, p.line) for p in problems_of(repo)}
    assert ("data/campaigns/2030/2030-other.yml", "duplicate-doc-number", 4) in found
    assert ("data/campaigns/2030/2030-copy.yml", "duplicate", 1) in found
    assert ("data/campaigns/2030/2030-copy.yml", "id-mismatch", 1) in found


def test_a_duplicate_is_reported_on_the_copy_not_on_the_original(repo):
    """`import` writes an already archived notice beside it as x-2.yml; by plain path x-2.yml sorted first, and
    the curated original was the one told its 发文字号 was taken."""
    original = (repo / CAMPAIGN).read_text(encoding="utf-8")
    copy = repo / CAMPAIGN.replace(".yml", "-2.yml")
    copy.write_text(original.replace("id: 2030-ceshi-shi-kexie", "id: 2030-ceshi-shi-kexie-2"), encoding="utf-8")
    [p] = [p for p in problems_of(repo) if p.code == "duplicate-doc-number"]
    assert p.path == "data/" + copy.relative_to(repo).as_posix() and f"data/{CAMPAIGN}:4" in p.message


def test_all_problems_in_one_run(repo):
    edit(repo / CAMPAIGN, "title: 测试", "titel: 测试")
    edit(repo / ORG, "level: prefecture", "level: city")
    (repo / "organizations/broken.yml").write_text("id: [\n", encoding="utf-8")
    codes = {p.code for p in problems_of(repo)}
    assert {"unknown-key", "required", "enum", "yaml-syntax"} <= codes


def test_stray_file_is_a_warning_only(repo):
    (repo / "organizations/notes.txt").write_text("x", encoding="utf-8")
    [p] = problems_of(repo)
    assert p.code == "stray-file" and p.level == "warning"


@pytest.mark.parametrize("name", ["2030-ceshi-er.yaml", "2030-ceshi-er.YML"])
def test_a_record_saved_as_yaml_is_an_error_with_the_name_to_give_it(repo, name):
    """A text editor offers .yaml: the file was skipped with a warning, validation passed, and the notice was never
    published."""
    (repo / "campaigns/2030" / name).write_text((repo / CAMPAIGN).read_text(encoding="utf-8"), encoding="utf-8")
    [p] = problems_of(repo)
    assert p.code == "stray-file" and p.level == "error" and p.message.endswith("请把文件改名为“2030-ceshi-er.yml”。")


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "scitechday.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_success_summary(repo):
    result = run_cli("validate", "--no-cache", cwd=repo.parent)
    assert result.returncode == 0
    assert "校验通过" in result.stdout and "活动通知 1 条" in result.stdout


def test_cli_errors_github_and_json(repo):
    edit(repo / CAMPAIGN, "issued: 2030-05-06", "issued: 2030-02-30")
    text = run_cli("validate", "--no-cache", cwd=repo.parent)
    assert text.returncode == 1
    assert text.stdout.startswith(f"data/{CAMPAIGN}:7: type issued: ")
    gh = run_cli("validate", "--no-cache", "--format", "github", cwd=repo.parent)
    assert gh.returncode == 1 and gh.stdout.startswith(f"::error file=data/{CAMPAIGN},line=7,title=type::")
    js = run_cli("validate", "--no-cache", "--format", "json", cwd=repo.parent)
    assert js.returncode == 1
    assert json.loads(js.stdout)[0] == {"path": f"data/{CAMPAIGN}", "line": 7, "code": "type", "field": "issued",
                                        "message": json.loads(js.stdout)[0]["message"], "level": "error"}


def test_cli_usage_error_exits_2():
    assert run_cli("validate", "--format", "xml").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_cli_never_prints_a_traceback(repo):
    (repo / "organizations/gbk.yml").write_bytes("id: gbk\nname: 常州\n".encode("gbk"))
    (repo / "organizations/empty.yml").write_text("", encoding="utf-8")
    (repo / "organizations/list.yml").write_text("- a\n", encoding="utf-8")
    (repo / "organizations/utf16.yml").write_bytes("id: x\n".encode("utf-16"))
    (repo / "campaigns/2030/bad.yml").write_text("id: bad\nactivities: {a: [1, {b: c}]}\nsources: 3\n",
                                                 encoding="utf-8")
    result = run_cli("validate", "--no-cache", cwd=repo.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for name in ("gbk.yml", "empty.yml", "list.yml", "utf16.yml", "bad.yml"):
        assert name in result.stdout


def test_missing_data_dir(tmp_path):
    result = run_cli("validate", "--data", str(tmp_path / "nope"))
    assert result.returncode == 1 and "数据目录不存在" in result.stdout


def test_empty_mapping_lists_what_is_required(repo):
    (repo / "organizations/blank.yml").write_text("{}\n", encoding="utf-8")
    found = {(p.code, p.field) for p in problems_of(repo) if p.path.endswith("blank.yml")}
    assert {("required", "id"), ("required", "name"), ("required", "kind")} <= found


def test_cached_runs_agree_with_uncached_runs_through_a_series_of_edits(repo, tmp_path, monkeypatch):
    """The cache may reuse the checks across files only when nothing they depend on moved."""
    from scitechday.data.validate import across

    full_checks = []
    real = across.check_across
    monkeypatch.setattr(across, "check_across", lambda *a, **k: full_checks.append(1) or real(*a, **k))
    cache = tmp_path / "cache"
    org = repo / "organizations/ceshi-kexie.yml"
    steps = [
        lambda: edit(repo / CAMPAIGN, "title: 测试", "title: 改过的测试"),  # no fact moves
        lambda: edit(repo / CAMPAIGN, "  - ceshi-shi-kexie\nissued", "  - ceshi-kexie\nissued"),  # a reference
        lambda: org.rename(repo / "organizations/ceshi-kexie.tmp"),  # a referenced record disappears
        lambda: (repo / "organizations/ceshi-kexie.tmp").rename(org),  # and comes back
        lambda: (repo / "organizations/dup.yml").write_text(org.read_text(encoding="utf-8"), encoding="utf-8"),
        lambda: edit(repo / "organizations/dup.yml", "id: ceshi-kexie", "id: dup"),  # duplicate name+parent only
        lambda: (repo / "organizations/dup.yml").unlink(),
        lambda: edit(repo / CAMPAIGN, "body: |\n  正文。", "body: |\n  正文。\n\n  第二段。"),  # lines move below
    ]
    validate(repo, cache_dir=cache)
    reran = []
    for i, step in enumerate(steps):
        step()
        before = len(full_checks)
        cached = validate(repo, cache_dir=cache)
        reran.append(len(full_checks) > before)
        assert cached.problems == problems_of(repo), f"after step {i}"
    assert reran[0] is False  # a title edit reused the checks across files
    assert all(reran[1:7])  # references, records and keys moved: they ran again


def test_a_year_in_chinese_numerals_gets_the_digits_to_write(repo):
    edit(repo / CAMPAIGN, "year: 2030", "year: 二〇三〇")
    messages = [p.message for p in problems_of(repo) if p.code == "type"]
    assert any("汉字数字“二〇三〇”" in m and "请写成 2030" in m for m in messages)
    assert not any("全角" in m for m in messages)


@pytest.mark.parametrize("typed,says", [("2030年", "年份写数字：请写成 2030。"),
                                         ("２０３０年", "年份写数字：请写成 2030。"),
                                         ("二〇三〇年", "年份用了汉字数字“二〇三〇年”，要用阿拉伯数字：请写成 2030。")])
def test_a_year_with_nian_is_told_the_number_and_nothing_about_editions(repo, typed, says):
    """year: 2019年 was first told to add `- id: workers-day-2019年` / `year: 2019年` to data/editions.yml (which
    then gave two errors there), and then only 应为整数."""
    edit(repo / CAMPAIGN, "year: 2030", f"year: {typed}")
    [p] = problems_of(repo)
    assert (p.code, p.field, p.message) == ("type", "year", says)
    edit(repo / CAMPAIGN, f"year: {typed}", "year: 2030")
    assert problems_of(repo) == []


@pytest.mark.parametrize("typed,n", [("三", 3), ("第十四个", 14), ("第14个", 14), ("二十一", 21)])
def test_an_edition_in_chinese_numerals_is_told_the_number(repo, typed, n):
    """The README says Chinese numerals get the number to write; edition: 三 got only 应为整数."""
    edit(repo / "editions.yml", "  edition: 14", f"  edition: {typed}")
    [p] = problems_of(repo)
    assert p.code == "type" and p.message.endswith(f"请写成 {n}。"), p.message
    edit(repo / "editions.yml", f"  edition: {typed}", f"  edition: {n}")
    assert [p for p in problems_of(repo) if p.field == "[0].edition" or p.field.endswith("edition")] == []


# The key-in-text search as it was first written, one regex with the key's start in it: tables._sibling
# searches for the key alone and checks what stands before it, and must find the same text, key and value.
def _one_regex(keys, text):
    import re

    m = re.compile(rf"(?:^|[\s，,；;])(?P<key>{'|'.join(map(re.escape, keys))})\s*[:：]\s*(?P<value>\S*)").search(text)
    return (m.group(0), m["key"], m["value"]) if m else None


def test_a_key_written_into_a_text_is_found_as_the_one_regex_found_it():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from scitechday.data.tables import _sibling

    keys = ("start", "end", "art", "日期")
    assert _sibling(keys, "5月中旬 start：2030-05-11") == (" start：2030-05-11", "start", "2030-05-11")
    assert _sibling(keys, "start: 5") == ("start: 5", "start", "5")
    assert _sibling(keys, "xstart:，end：3") == ("，end：3", "end", "3")
    assert _sibling(keys, "restart: 5") is None

    @settings(max_examples=600, deadline=None)
    @given(st.lists(st.sampled_from(["start", "end", "art", "日期", "x", " ", "\u3000", "，", ",", "；", ":", "：",
                                     "5", "\n", "re"]), max_size=12))
    def same(pieces):
        text = "".join(pieces)
        assert _sibling(keys, text) == _one_regex(keys, text), repr(text)

    same()


def test_an_unreadable_editions_file_is_the_only_thing_told(repo):
    """A notice's edition was looked up in an editions.yml that could not be read: every notice was told to add
    an edition the file holds (typed as told, each would have been there twice)."""
    edit(repo / "editions.yml", "  theme: 测试主题", "  theme: 测试\x01主题")
    found = problems_of(repo)
    assert found and {p.path for p in found} == {"data/editions.yml"}, found


def test_a_tab_before_the_first_edition_is_told_the_left_edge(repo):
    edit(repo / "editions.yml", "- id: workers-day-2030", "\t- id: workers-day-2030")
    [p] = problems_of(repo)
    assert (p.path, p.code) == ("data/editions.yml", "indent-char") and p.message.endswith("`- id: workers-day-2030`")
    edit(repo / "editions.yml", "\t- id: workers-day-2030", "- id: workers-day-2030")
    assert problems_of(repo) == []
