"""Hints that lead to the fix: no regular expression shown, enums with their Chinese labels, a
command line that answers in Chinese."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import edit, problems_of
from scitechday.data.schema import tables
from scitechday.data.template import template

CAMPAIGN = "campaigns/2030/2030-ceshi-shi-kexie.yml"
ORG = "organizations/ceshi-shi-kexie.yml"
FIELDS = [(t.name, f) for t in tables() for f in t.fields]


def told(repo, file: str, old: str, wrong: str, right: str):
    """The one problem `wrong` (written for `old`) gets; then, `right` typed as told, the record validates."""
    edit(repo / file, old, wrong)
    [p] = problems_of(repo)
    edit(repo / file, wrong, right)
    assert problems_of(repo) == [], right
    return p


@pytest.mark.parametrize("table,field", [(t, f) for t, f in FIELDS if "pattern" in f.get("constraints", {})],
                         ids=lambda x: x if isinstance(x, str) else x["name"])
def test_every_pattern_has_a_chinese_hint(table, field):
    hint = field.get("x-hint", "")
    assert re.search(r"[\u4e00-\u9fff]", hint) and field["constraints"]["pattern"] not in hint


@pytest.mark.parametrize("table,field", [(t, f) for t, f in FIELDS if f.get("constraints", {}).get("enum")
                                         and any(str(v).isascii() for v in f["constraints"]["enum"])
                                         and t != "sources"],  # record_type is filled in by the program
                         ids=lambda x: x if isinstance(x, str) else x["name"])
def test_every_english_enum_value_has_a_chinese_label(table, field):
    assert set(field.get("x-enum-labels", {})) == set(field["constraints"]["enum"])


@pytest.mark.parametrize("file,old,new,field,says", [
    (ORG, "level: prefecture", "level: city", "level", "national（全国）、provincial（省级）、prefecture（地市级）"),
    ("profiles/ceshi-ren.yml", "kind: person", "kind: 人", "kind", "person（个人）、team（团队）"),
    (CAMPAIGN, "    phone: 0999-12345678", "    phone: 12-34", "contacts[0].phone", "区号-号码"),
    (CAMPAIGN, "  - doc_number: 测省科协〔2030〕9号", "  - doc_number: 测省科协2030年9号", "based_on[0].doc_number",
     "机关代字〔年份〕序号号"),
])
def test_messages_show_labels_and_hints_never_a_regular_expression(repo, file, old, new, field, says):
    edit(repo / file, old, new)
    [p] = [p for p in problems_of(repo) if p.field == field]
    assert says in p.message
    assert not re.search(r"\^|\$|\[0-9\]|\\d|\{\d", p.message), p.message


@pytest.mark.parametrize("file,old,typed,meant", [
    (ORG, "level: prefecture", "地市级", "prefecture"),
    (ORG, "level: prefecture", "prefecture（地市级）", "prefecture"),  # the choice copied as the message listed it
    (ORG, "level: prefecture", "prefecture (地市级)", "prefecture"),
    (ORG, "level: prefecture", "Prefecture", "prefecture"),
    (ORG, "level: prefecture", "“地市级”", "prefecture"),
    ("profiles/ceshi-ren.yml", "kind: person", "个人", "person"),
])
def test_an_enum_written_as_its_chinese_label_is_told_the_value_to_write(repo, file, old, typed, meant):
    """level: 地市级 was answered with the list `prefecture（地市级）…`; typing the listed choice gave the same error."""
    edit(repo / file, old, f"{old.split(':')[0]}: {typed}")
    [p] = problems_of(repo)
    assert p.code == "enum" and f"请写成 {meant}（" in p.message, p.message
    assert "只能是以下之一" not in p.message
    edit(repo / file, f"{old.split(':')[0]}: {typed}", f"{old.split(':')[0]}: {meant}")
    assert problems_of(repo) == []


def test_templates_show_enum_labels():
    assert "national（全国）" in template("organization", "x")
    assert "person（个人）" in template("profile", "x")
    assert "form（表格）" in template("campaign", "x", 2030)


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "scitechday.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("args,says", [
    (["validate", "--format", "xml"], "'xml' 不是可选的值"),
    (["frobnicate"], "'frobnicate' 不是可选的值"),
    ([], "缺少必需的参数"),
    (["new", "campaign", "--year", "abc"], "值 'abc' 无效（应为整数）"),
    (["validate", "--bogus"], "无法识别的参数：--bogus"),
])
def test_usage_errors_are_chinese(args, says):
    result = run(*args)
    assert result.returncode == 2
    assert says in result.stderr and "用法：" in result.stderr
    assert "usage:" not in result.stderr and "error:" not in result.stderr


def test_help_is_chinese():
    out = run("validate", "--help").stdout
    assert out.startswith("用法：") and "选项" in out and "显示帮助并退出" in out and "options" not in out


@pytest.mark.parametrize("args,says", [
    (["build", "--config", "nope.yml"], "找不到 MkDocs 配置文件“nope.yml”"),
    (["serve", "--config", "nope.yml"], "找不到 MkDocs 配置文件“nope.yml”"),
    (["fmt", "--data", "nope"], "数据目录“nope”不存在"),
    (["import", "nope.txt"], "无法读取文件：文件或目录不存在"),
])
def test_missing_files_are_reported_in_chinese(tmp_path, args, says):
    result = run(*args, cwd=tmp_path)
    assert result.returncode in (1, 2) and says in result.stderr
    assert "No such file" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("old,new,field,fix", [
    ("observances: [全国科技工作者日]", "observances:\n  - “全国科技工作者日”", "observances[0]", "写成 全国科技工作者日。"),
    ("kind: 通知", "kind: “通知”", "kind", "写成 通知。"),
    ("issued: 2030-05-06", "issued: “2030-05-06”", "issued", "写成 2030-05-06。"),
    ("issuers:\n  - ceshi-shi-kexie", "issuers:\n  - ‘ceshi-shi-kexie’", "issuers[0]", "写成 ceshi-shi-kexie。"),
])
def test_chinese_quotes_typed_around_a_value_are_named_and_nothing_else_is_asked(repo, old, new, field, fix):
    """On a Chinese keyboard quotes come out as “ ”: YAML keeps them as text. The message says to remove them; it
    did not, and for an observance it asked to add an edition that exists (with the quotes copied in)."""
    edit(repo / CAMPAIGN, old, new)
    problems = [p for p in problems_of(repo) if p.level == "error"]
    assert [p.field for p in problems] == [field], [p.message for p in problems]
    assert "中文引号" in problems[0].message and problems[0].message.endswith(fix)
    assert "““" not in problems[0].message and "editions.yml" not in problems[0].message


@pytest.mark.parametrize("damage", ["gbk", "yaml"])
def test_a_reference_to_a_record_whose_file_cannot_be_read_points_to_that_file(repo, damage):
    """An organization saved in GBK or with a YAML error: the notices naming it were told 请先添加这条记录, as if
    it did not exist (8 such messages beside the one that mattered)."""
    path = repo / ORG
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk") if damage == "gbk" else text.replace("kind: 科协", "kind: [科协").encode())
    refs = [p for p in problems_of(repo) if p.code == "unknown-reference"]
    assert refs and all("请先添加" not in p.message and "data/organizations/ceshi-shi-kexie.yml" in p.message
                        and "改正" in p.message for p in refs), [p.message for p in refs]
    assert [p for p in problems_of(repo) if p.path == f"data/{ORG}" and p.level == "error"]  # the file's own


def test_a_record_saved_in_another_types_folder_is_told_where_it_belongs(repo):
    """An organization saved into campaigns/2030/ was checked as a notice: 19 errors (unknown keys, 文种只能是…,
    缺少 body), none saying where it belongs."""
    (repo / ORG).rename(repo / "campaigns/2030/ceshi-shi-kexie.yml")
    problems = [p for p in problems_of(repo) if p.level == "error"]
    own = [p for p in problems if p.path == "data/campaigns/2030/ceshi-shi-kexie.yml"]
    assert [p.code for p in own] == ["wrong-folder"] and "data/organizations/ceshi-shi-kexie.yml" in own[0].message
    assert {p.code for p in problems} <= {"wrong-folder", "unknown-reference"}
    assert all("campaigns/2030/ceshi-shi-kexie.yml" in p.message for p in problems if p.code == "unknown-reference")


def test_a_duplicated_record_is_told_in_chinese_what_to_do(repo):
    """A copied file: the message read `name+parent 为“…”的记录重复`, field names and no way on."""
    (repo / "organizations/ceshi-shi-kexie-2.yml").write_text(
        (repo / ORG).read_text(encoding="utf-8").replace("id: ceshi-shi-kexie", "id: ceshi-shi-kexie-2"), encoding="utf-8")
    [p] = [p for p in problems_of(repo) if p.code == "duplicate"]
    assert "name+parent" not in p.message and "删掉多余的一份" in p.message and "上级" in p.message, p.message


def test_a_file_name_that_is_no_id_is_not_offered_as_one(repo):
    (repo / ORG).rename(repo / "organizations/测试市科协.yml")
    [p] = [p for p in problems_of(repo) if p.code == "id-mismatch"]
    assert "改名为“ceshi-shi-kexie.yml”" in p.message and "把 id 改为" not in p.message


@pytest.mark.parametrize("typed,says", [("ceshi—shi-kexie", "“—”"), ("ceshi，shi-kexie", "“，”"),
                                         ("ceshi。shi-kexie", "“。”"), ("ceshi shi-kexie", "空格"),
                                         ("Ceshi-Shi-Kexie", "大写字母")])
def test_an_id_typed_with_chinese_punctuation_is_told_the_id_never_offered_as_one(repo, typed, says):
    """id: changzhou—kexie: the notices citing it were told 你是不是想写“changzhou—kexie”？ and the file 请把文件改名为
    “changzhou—kexie.yml”: 17 edits and 3 rounds, where writing the id right was the one fix."""
    edit(repo / ORG, "id: ceshi-shi-kexie", f"id: {typed}")
    problems = problems_of(repo)
    assert not [p for p in problems if typed in p.message and ("你是不是想写" in p.message or "改名为" in p.message)]
    [own] = [p for p in problems if p.path == f"data/{ORG}"]
    assert own.code == "pattern" and own.line == 1
    assert f"编号里有{says}" in own.message and own.message.endswith("请写成 ceshi-shi-kexie。"), own.message
    others = [p for p in problems if p.path != f"data/{ORG}"]
    assert others and all(p.code == "unknown-reference" and f"data/{ORG}" in p.message and "这里不用改" in p.message
                          for p in others), others
    edit(repo / ORG, f"id: {typed}", "id: ceshi-shi-kexie")
    assert problems_of(repo) == []


def test_an_edition_id_with_punctuation_is_told_the_id(repo):
    edit(repo / "editions.yml", "- id: workers-day-2030", "- id: workers—day—2030")
    [p] = [p for p in problems_of(repo) if p.field == "[0].id" or p.field.endswith("id")]
    assert p.message.endswith("请写成 workers-day-2030。"), p.message


@pytest.mark.parametrize("old,typed,field,fixed,says", [
    ("    email: test@example.org", "test@example。org", "contacts[0].email", "test@example.org", "中文标点“。”"),
    ("    email: test@example.org", "test＠example.org", "contacts[0].email", "test@example.org", "中文标点“＠”"),
    ("    email: test@example.org", "test@example.org。", "contacts[0].email", "test@example.org", "中文标点“。”"),
    ("  - file: synthetic\n", "  - url: https：//www.example.org/\n", "sources[0].url", "https://www.example.org/", "中文标点“：”"),
    ("  - file: synthetic\n", "  - url: https://www，example.org/\n", "sources[0].url", "https://www.example.org/", "中文标点“，”"),
    ("  - file: synthetic\n", "  - url: https://www.example.org／\n", "sources[0].url", "https://www.example.org/", "中文标点“／”"),
    # spaces, one of them a full-width space at the end that the message cannot show
    ("    email: test@example.org", "test@ example.org", "contacts[0].email", "test@example.org", "空格"),
    ("    email: test@example.org", "test@example.org\u3000", "contacts[0].email", "test@example.org", "空格"),
    ("  - file: synthetic\n", "  - url: https://www.example.org/\u3000\n", "sources[0].url", "https://www.example.org/", "空格"),
])
def test_an_address_with_chinese_punctuation_is_told_the_address_to_write(repo, old, typed, field, fixed, says):
    """email: lygkxbgs@126。com validated and the page linked mailto:lygkxbgs@126。com; https：//… was refused without
    naming the full-width colon, which looks right to the editor."""
    new = typed if typed.startswith("  - ") else f"{old.split(':')[0]}: {typed}"
    edit(repo / CAMPAIGN, old, new)
    [p] = problems_of(repo)
    assert p.field == field
    assert f"{says}，请写成 `{fixed}`" in p.message, p.message
    edit(repo / CAMPAIGN, new.split(": ", 1)[1].rstrip("\n"), fixed)
    assert problems_of(repo) == []


def test_two_emails_in_one_contact_are_each_given_a_line(repo):
    edit(repo / CAMPAIGN, "    email: test@example.org", "    email: test@example.org；other@example.org")
    [p] = problems_of(repo)
    assert "`    email: test@example.org`" in p.message and "`  - email: other@example.org`" in p.message, p.message
    edit(repo / CAMPAIGN, "    email: test@example.org；other@example.org",
         "    email: test@example.org\n  - email: other@example.org")
    assert problems_of(repo) == []


def test_a_value_listed_twice_in_one_record_says_so(repo):
    edit(repo / CAMPAIGN, "observances: [全国科技工作者日]", "observances: [全国科技工作者日, 全国科技工作者日]")
    [p] = [p for p in problems_of(repo) if p.code == "duplicate"]
    assert p.message.startswith("纪念日“全国科技工作者日”写了两次") and "删掉多余的一项" in p.message


def test_a_list_typed_as_one_line_gets_its_items_to_type(repo):
    """主送 written as one line with 、: the message said it should be a list, with nothing ready to type."""
    edit(repo / CAMPAIGN, "theme: 测试主题", "theme: 测试主题\naddressees: 各县区科协、各市级学会（协会、研究会）")
    [p] = [p for p in problems_of(repo) if p.field == "addressees"]
    assert "`  - 各县区科协`、`  - 各市级学会（协会、研究会）`" in p.message, p.message


def _typed_as_told(repo, old, new, field):
    """Edit, take the message's backquoted lines, type them in place of the edit; return the message."""
    edit(repo / CAMPAIGN, old, new)
    [p] = problems_of(repo)
    assert p.field == field, p
    told = re.findall(r"`([^`]*)`", p.message)
    edit(repo / CAMPAIGN, new, "\n".join(told) + "\n")
    return p.message


@pytest.mark.parametrize("old,new,field,lines", [
    # observances as one string: it said 缺少纪念日 (as if nothing were written), with another observance as example
    ("observances: [全国科技工作者日]\n", "observances: 全国科技工作者日\n", "observances",
     ["observances:", "  - 全国科技工作者日"]),
    ("issuers:\n  - ceshi-shi-kexie\n", "issuers: ceshi-shi-kexie\n", "issuers", ["issuers:", "  - ceshi-shi-kexie"]),
    ("    organizers:\n      - ceshi-shi-kexie\n", "    organizers: ceshi-shi-kexie\n", "activities[0].organizers",
     ["    organizers:", "      - ceshi-shi-kexie"]),
    # a list where one value belongs
    ("theme: 测试主题\n", "theme:\n  - 测试主题\n", "theme", ["theme: 测试主题"]),
    ("  text: 5月中旬\n", "  text:\n    - 5月中旬\n", "period.text", ["  text: 5月中旬"]),
    # sources in another shape
    ("sources:\n  - file: synthetic\n", "sources: synthetic\n", "sources", ["sources:", "  - file: synthetic"]),
    ("sources:\n  - file: synthetic\n", "sources:\n  file: synthetic\n", "sources", ["sources:", "  - file: synthetic"]),
])
def test_a_value_in_the_wrong_shape_is_told_the_lines_to_type(repo, old, new, field, lines):
    message = _typed_as_told(repo, old, new, field)
    assert re.findall(r"`([^`]*)`", message) == lines, message
    assert "缺少" not in message and "键值对" not in message
    assert problems_of(repo) == []


@pytest.mark.parametrize("new,replaced,field,lines", [
    ("  sources: synthetic\n", "  sources: synthetic\n", "sources", ["  sources:", "    - file: synthetic"]),
    ("  sources:\n    - synthetic\n", "    - synthetic\n", "sources[0]", ["    - file: synthetic"]),
])
def test_an_editions_items_sources_in_another_shape_are_told_lines_inside_the_item(repo, new, replaced, field, lines):
    """editions.yml holds its records as list items: lines told at the left edge ended the item, and a source
    written as a bare file name was told 应为键值对（映射） beside 记录没有来源, though sources was there."""
    edit(repo / "editions.yml", "  sources:\n    - file: synthetic\n", new)
    [p] = problems_of(repo)
    assert p.field == field and re.findall(r"`([^`]*)`", p.message) == lines, p
    edit(repo / "editions.yml", replaced, "\n".join(lines) + "\n")
    assert problems_of(repo) == []


def test_missing_sources_are_told_the_shape_and_no_value_to_copy(repo):
    edit(repo / CAMPAIGN, "sources:\n  - file: synthetic\n", "")
    [p] = problems_of(repo)
    assert p.code == "no-sources" and "`sources:`" in p.message and "`  - url: `" in p.message
    assert "`    retrieved: `" in p.message
    edit(repo / CAMPAIGN, "observances: [全国科技工作者日]\n", "")
    [m] = [p for p in problems_of(repo) if p.code == "missing-items"]
    assert "中国科协会员日`" not in m.message and "`  - ` 加原文的纪念日" in m.message, m.message


@pytest.mark.parametrize("file,old,new,field,plain", [
    ("profiles/ceshi-ren.yml", "name: 测试人物", "name: “测试人物”", "name", "测试人物"),
    (CAMPAIGN, "  - name: 测试联系人", "  - name: “测试联系人”", "contacts[0].name", "测试联系人"),
    ("organizations/ceshi-kexie.yml", "  - 省科协", "  - ‘省科协’", "aliases[0]", "省科协"),
])
def test_a_name_in_chinese_quotes_is_told_to_drop_them(repo, file, old, new, field, plain):
    """name: “李保国” validated, and the quotes became part of the name (ids, years and URLs already said so)."""
    edit(repo / file, old, new)
    [p] = problems_of(repo)
    assert (p.code, p.field, p.line) == ("quoted", field, 2 if field == "name" else p.line)
    assert p.message.endswith(f"请去掉引号，写成 {plain}。"), p.message
    edit(repo / file, new, new.replace(new.split(": ")[-1] if ": " in new else new[4:], plain))
    assert problems_of(repo) == []


def test_a_new_records_todos_are_each_asked_for_once(repo):
    """`scitechday new campaign` fills every field with TODO: validating it asked to add an organization TODO.yml
    and a 2031 edition of “TODO”, and showed each field's format error instead of saying it is still to fill."""
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "new", "campaign", "--year", "2031", "--data", str(repo)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    problems = [p for p in problems_of(repo) if "2031" in p.path and p.level == "error"]
    todo = [p for p in problems if "TODO" in p.message]
    assert todo and all("还没有填写（模板里的 TODO）" in p.message for p in todo), [p.message for p in todo]
    assert not [p for p in problems if "TODO.yml" in p.message or "的TODO" in p.message]
    assert len({(p.line, p.field) for p in problems}) == len(problems)  # one message a field


@pytest.mark.parametrize("kind", ["organization", "profile", "campaign"])
def test_every_todo_left_in_a_new_record_is_reported_on_its_line(repo, kind):
    """`name: TODO`, `description: TODO`, a source's `file: TODO` passed validation: an organization named TODO,
    sourced from a file named TODO, would have been published. Two templates side by side are not duplicates."""
    extra = ["--year", "2031"] if kind == "campaign" else ["--id", "xin-jilu"]
    for _ in range(2):
        result = subprocess.run([sys.executable, "-m", "scitechday.cli", "new", kind, *extra, "--data", str(repo)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    new = sorted(p for p in repo.rglob("*.yml") if "TODO" in p.read_text(encoding="utf-8"))
    assert len(new) == 2
    problems = [p for p in problems_of(repo) if p.level == "error"]
    for f in new:
        rel = "data/" + f.relative_to(repo).as_posix()
        todo_lines = {n for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
                      if re.match(r"^\s*(?:- )?[a-z_]+: TODO(?:\s|$)", line)}
        told = {p.line for p in problems if p.path == rel and "还没有填写（模板里的 TODO）" in p.message}
        assert todo_lines and todo_lines <= told, (rel, sorted(todo_lines - told))
    assert not [p for p in problems if p.code == "duplicate"]


def test_a_missing_year_is_told_its_folders_year(repo):
    edit(repo / CAMPAIGN, "year: 2030\n", "")
    [p] = [p for p in problems_of(repo) if p.code == "required" and p.field == "year"]
    assert p.message.endswith("请写 `year: 2030`（与所在的文件夹 2030 一致）。")


def test_an_unknown_key_lists_the_allowed_ones_with_their_chinese_names(repo):
    """The list was English only, and remark was taken for year."""
    edit(repo / CAMPAIGN, "theme: 测试主题", "theme: 测试主题\nremark: 备注")
    [p] = [p for p in problems_of(repo) if p.code == "unknown-key"]
    assert "你是不是想写" not in p.message
    assert "title（标题）" in p.message and "period（活动时间）" in p.message and "contacts（" in p.message


@pytest.mark.parametrize("typed,fixed", [("0999 12345678", "0999-12345678"), ("(0999)12345678", "0999-12345678"),
                                         ("0999-12345678转12", "0999-12345678-12"), ("4001234567", "400-123-4567")])
def test_a_phone_written_another_way_is_told_the_number_to_write(repo, typed, fixed):
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", f'    phone: "{typed}"')
    [p] = [p for p in problems_of(repo) if p.field == "contacts[0].phone"]
    assert p.message.endswith(f"请写成 {fixed}。"), p.message


@pytest.mark.parametrize("typed", ["0999-12345678、13800001111", "0999 12345678或13800001111"])
def test_two_phones_in_one_field_are_told_the_lines_to_type(repo, typed):
    """Two numbers in `phone:` got the pattern's text, nothing about other_phones: the second number was dropped."""
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", f'    phone: "{typed}"')
    [p] = problems_of(repo)
    told = re.findall(r"`([^`]*)`", p.message)
    assert told[:3] == ['    phone: "0999-12345678"', "    other_phones:", '      - "13800001111"'], p.message
    edit(repo / CAMPAIGN, f'    phone: "{typed}"', "\n".join(told[:3]))
    assert problems_of(repo) == []
    from scitechday.data.load import load_file
    [record], _ = load_file(repo / CAMPAIGN, "campaign", "x")
    assert record.data["contacts"][0]["other_phones"] == ["13800001111"]


def test_a_full_width_character_in_a_patterned_value_gets_the_narrow_form(repo):
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", "    phone: 0999－12345678")
    [p] = [p for p in problems_of(repo) if p.field == "contacts[0].phone"]
    assert p.message.endswith("请改用半角，写成 0999-12345678。"), p.message


@pytest.mark.parametrize("old,new,field,want", [
    ("issued: 2030-05-06", "issued: 5月6日", "issued", "issued: 2030-05-06"),
    ("  - date: 2030-06-01", "  - date: 6.1", "deadlines[0].date", "  - date: 2030-06-01"),
    ("  start: 2030-05-11", "  start: ５月１１日", "period.start", "  start: 2030-05-11"),
])
def test_a_day_written_without_its_year_is_given_the_notices_year(repo, old, new, field, want):
    """Notices print 5月6日 without the year; the message said only 日期一律写成“年-月-日”."""
    edit(repo / CAMPAIGN, old, new)
    [p] = problems_of(repo)
    assert p.field == field and "这份记录是 2030 年的" in p.message
    typed = want.split(": ")[0] + ": " + re.search(r"请写成 (\d{4}-\d{2}-\d{2})", p.message)[1]
    assert typed == want
    edit(repo / CAMPAIGN, new, typed)
    assert problems_of(repo) == []


def test_a_local_number_with_its_extension_is_told_the_number_to_write(repo):
    """6889695 转8001 was told only the pattern: the number's fix joined the extension to it (68896958001)."""
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", "    phone: 6889695 转8001")
    [p] = problems_of(repo)
    assert p.message.endswith("请写成 6889695-8001。")
    edit(repo / CAMPAIGN, "    phone: 6889695 转8001", '    phone: "6889695-8001"')
    assert problems_of(repo) == []


def test_a_web_address_with_a_space_inside_is_not_joined(repo):
    """https://www.example.org/ 2030年 may be an address and words after it: joined, a wrong address would validate."""
    edit(repo / CAMPAIGN, "  - file: synthetic\n", "  - url: https://www.example.org/ 2030\n")
    [p] = problems_of(repo)
    assert p.field == "sources[0].url" and "中间有空格" in p.message and "`" not in p.message


def test_a_second_phone_key_is_told_other_phones(repo):
    """A second `phone:` was told 删除或合并: deleting lost a number, and merging gave a pattern error."""
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", '    phone: 0999-12345678\n    phone: "13800001111"')
    [p] = problems_of(repo)
    told = p.message.split("`")[1::2]
    assert (p.code, told) == ("duplicate-key", ["    other_phones:", '      - "13800001111"'])
    edit(repo / CAMPAIGN, '    phone: "13800001111"', "\n".join(told))
    assert problems_of(repo) == []


@pytest.mark.parametrize("space", ["\u3000", " \u3000", "\u00a0"])
def test_an_enum_value_with_an_invisible_space_is_told_so(repo, space):
    """`kind: 科技志愿者队伍　`: the message showed a value that looked like an allowed one."""
    p = told(repo, ORG, "kind: 科协\n", f'kind: "科协{space}"\n', "kind: 科协\n")
    assert p.code == "enum" and "多了空格" in p.message and p.message.endswith("写成 科协。"), p.message


def test_a_missing_enum_field_is_told_the_line_to_add_and_its_values(repo):
    edit(repo / ORG, "kind: 科协\n", "")
    [p] = problems_of(repo)
    assert p.code == "required" and "请加一行 `kind: `" in p.message and "科技志愿者队伍" in p.message, p.message


@pytest.mark.parametrize("typed,code", [("江苏省", "320000"), ("内蒙古", "150000"), ("广西壮族自治区", "450000")])
def test_a_province_written_by_name_where_its_code_goes_is_told_the_code(repo, typed, code):
    p = told(repo, ORG, "kind: 科协\n", f"kind: 科协\nregion: {typed}\n", f"kind: 科协\nregion: {code}\n")
    assert p.code == "pattern" and f"请写成 {code}" in p.message, p.message


def test_a_notice_referred_to_by_its_doc_number_is_told_its_id(repo):
    """formed_in: 测科协〔2030〕1号 was told to make a new notice; that doc number is an existing notice's."""
    p = told(repo, ORG, "kind: 科协\n", "kind: 科协\nformed_in: 测科协〔2030〕1号\n",
             "kind: 科协\nformed_in: 2030-ceshi-shi-kexie\n")
    assert p.code == "unknown-reference" and "发文字号" in p.message and p.message.endswith("这里要写编号 2030-ceshi-shi-kexie。")
    assert "new campaign" not in p.message


def test_a_key_with_no_place_in_the_record_is_told_to_be_removed(repo):
    """phone: on an organization got the list of keys, and nothing to do with the line."""
    p = told(repo, ORG, "kind: 科协\n", "kind: 科协\nphone: 0518-85821234\n", "kind: 科协\n")
    assert p.code == "unknown-key" and "删去这一行" in p.message and "你是不是想写" not in p.message


def test_a_notice_id_written_elsewhere_in_the_same_record_is_offered(repo):
    """honors[0].campaign four letters off the notice the profile's mentioned_in names: no suggestion was made,
    and the message led to making a new notice."""
    honour = "honors:\n  - title: 科普先进个人\n    campaign: {}\nmentioned_in:"
    p = told(repo, "profiles/ceshi-ren.yml", "mentioned_in:", honour.format("2030-ceshi-kexie"),
             honour.format("2030-ceshi-shi-kexie"))
    assert p.code == "unknown-reference" and "你是不是想写“2030-ceshi-shi-kexie”" in p.message, p.message


def test_a_new_issuer_is_not_offered_another_issuer_of_the_same_notice(repo):
    """taizhou-kexie beside changzhou-kexie: offering the other issuer gave the notice the wrong one."""
    edit(repo / CAMPAIGN, "  - ceshi-shi-kexie\n", "  - ceshi-shi-kexie\n  - ceshi-xian-kexie\n", )
    found = [p for p in problems_of(repo) if p.code == "unknown-reference"]
    assert found and all("你是不是想写" not in p.message for p in found), found


def test_a_year_written_with_its_month_is_told_the_year(repo):
    honour = "honors:\n  - title: 科普先进个人\n    year: {}\nmentioned_in:"
    p = told(repo, "profiles/ceshi-ren.yml", "mentioned_in:", honour.format("2030年5月"), honour.format("2030"))
    assert p.code == "type" and p.message.endswith("请写成 2030。"), p.message


def test_an_empty_alias_item_is_named_on_its_line(repo):
    """`  -` with nothing after it: told only that a list was not a list of text, on the key's line."""
    p = told(repo, ORG, "kind: 科协\n", "kind: 科协\naliases:\n  - 市科协\n  -\n", "kind: 科协\naliases:\n  - 市科协\n")
    assert (p.code, p.line, p.field) == ("blank", 6, "aliases[1]") and "删去这一行" in p.message, p
