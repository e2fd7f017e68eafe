"""Chinese-keyboard mistakes on a real record: the exact line, the exact fix, exit 1, and nothing lost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import edit, problems_of

CAMPAIGN = "campaigns/2030/2030-ceshi-shi-kexie.yml"
BODY = "body: |\n  正文。\n"

CASES = [
    # (old, new, code, line, what the message must show the editor to type)
    ("title: 测试市科协", "title：测试市科协", "fullwidth-colon", 2, "`title: 测试市科协关于开展2030年全国科技工作者日活动的通知`"),
    ("  start: 2030-05-11", "  start：2030-05-11", "fullwidth-colon", 13, "`  start: 2030-05-11`"),
    ("title: 测试市科协", "title:测试市科协", "no-space-after-colon", 2, "`title: 测试市科协"),
    ("    what: 活动总结", "    what:活动总结", "no-space-after-colon", 28, "`    what: 活动总结`"),
    ("  start: 2030-05-11", "\u3000start: 2030-05-11", "indent-char", 13, "全角空格"),
    ("  start: 2030-05-11", "\u00a0\u00a0start: 2030-05-11", "indent-char", 13, "`  start: 2030-05-11`"),
    ("  start: 2030-05-11", "\tstart: 2030-05-11", "indent-char", 13, "Tab"),
    # the over-indented key that the old hint (改用中文冒号) turned into silent data loss
    ("  start: 2030-05-11", "    start: 2030-05-11", "indent", 13, "`  start: 2030-05-11`"),
    ("  start: 2030-05-11", "    start：2030-05-11", "indent", 13, "`  start: 2030-05-11`"),
    ("  start: 2030-05-11", " start: 2030-05-11", "indent", 13, "`  start: 2030-05-11`"),
    ("    what: 活动总结", "   what: 活动总结", "indent", 28, "`    what: 活动总结`"),
    ("title: 测试市科协", "标题: 测试市科协", "chinese-key", 2, "`title: 测试市科协"),
    ("theme: 测试主题", "活动主题：测试主题", "chinese-key", 10, "`theme: 测试主题`"),
    ("  start: 2030-05-11", "  开始: 2030-05-11", "chinese-key", 13, "`  start: 2030-05-11`"),
    # a list item's first key: the item's other keys are not misread as misaligned (7 wrong fixes followed)
    ("  - name: 测试联系人", "  - name：测试联系人", "fullwidth-colon", 30, "`  - name: 测试联系人`"),
    ("  - title: 测试活动", "  - title：测试活动", "fullwidth-colon", 20, "`  - title: 测试活动`"),
    ("  - date: 2030-06-01", "  - date:2030-06-01", "no-space-after-colon", 27, "`  - date: 2030-06-01`"),
    # a list item typed with a full-width dash or no space after "-"
    ("  - ceshi-shi-kexie", "  －ceshi-shi-kexie", "list-item", 6, "`  - ceshi-shi-kexie`"),
    ("  - ceshi-shi-kexie", "  － ceshi-shi-kexie", "list-item", 6, "`  - ceshi-shi-kexie`"),
    ("  - ceshi-shi-kexie", "  -ceshi-shi-kexie", "list-item", 6, "`  - ceshi-shi-kexie`"),
    # two full-width spaces are four columns: four spaces joined the item to the one above (校验通过, one addressee lost)
    ("theme: 测试主题", "theme: 测试主题\naddressees:\n  - 各县区科协\n\u3000\u3000- 各市级学会", "indent-char", 13,
     "`  - 各市级学会`"),
    ("theme: 测试主题", "theme: 测试主题\naddressees:\n  - 各县区科协\n    - 各市级学会", "indent", 13, "`  - 各市级学会`"),
    (BODY, "body: |\n  第一段。\n第二段没有缩进。\n", "body-indent", 35, "`  第二段没有缩进。`"),
    (BODY, "body: |\n  第一段。\n\u3000\u3000第二段：全角空格开头。\n", "body-indent", 35, "正文每行前要有 2 个空格"),
    (BODY, "body: |\n正文。\n", "body-indent", 34, "`  正文。`"),
    # the first key of a nested mapping typed with "：": its siblings were told to move out of the mapping
    ("  text: 5月中旬", "  text：5月中旬", "fullwidth-colon", 12, "`  text: 5月中旬`"),
    # a Markdown heading at the body's end without its indent was read as a YAML comment: silently dropped
    (BODY, "body: |\n  正文。\n## 二、有关要求\n", "body-indent", 35, "`  ## 二、有关要求`"),
    # a Markdown list pasted at the left edge of a body: no item can follow a block at its key's column
    (BODY, "body: |\n  正文。\n- 第一项\n", "body-indent", 35, "`  - 第一项`"),
    # a body without "|": its line breaks and blank lines were lost (a table folded onto one line), and fmt saved it
    (BODY, "body:\n  第一段。\n\n  | 项目 | 内容 |\n  | --- | --- |\n", "block-needed", 33, "`body: |`"),
    # a Tab after the colon: YAML reads it, ruamel (fmt) cannot, and neither named the line
    ("    phone: 0999-12345678", "    phone:\t0999-12345678", "tab-after-colon", 31, "`    phone: 0999-12345678`"),
    # a list item's "- " misplaced, its keys in place: the keys were told to move (four lines wrong, not one)
    ("  - title: 测试活动", "- title: 测试活动", "item-indent", 20, "`  - title: 测试活动`"),
    ("  - title: 测试活动", "    - title: 测试活动", "item-indent", 20, "`  - title: 测试活动`"),
    ("  - date: 2030-06-01", "    - date: 2030-06-01", "item-indent", 27, "`  - date: 2030-06-01`"),
    # text added after a quoted title: YAML blamed the indentation of the line
    ("title: 测试市科协关于开展2030年全国科技工作者日活动的通知", 'title: "测试市科协关于开展2030年全国科技工作者日活动的通知"（修订）',
     "text-after-quote", 2, "`title: 测试市科协关于开展2030年全国科技工作者日活动的通知（修订）`"),
    ("    phone: 0999-12345678", '    phone: "6889695" 转8001', "text-after-quote", 31, '`    phone: "6889695-8001"`'),
    # a Tab before a key that only a record's first level has: told the left edge (two spaces put it under period)
    ("contacts:\n", "\tcontacts:\n", "indent-char", 29, "`contacts:`"),
    # a Tab for the four spaces of a list item's key: the fix aligns it with the item's other keys
    ("    what: 活动总结", "\twhat: 活动总结", "indent-char", 28, "`    what: 活动总结`"),
]


@pytest.mark.parametrize("old,new,code,line,fix", CASES, ids=[f"{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_keyboard_mistake_is_reported_on_its_line_with_the_fix(repo, old, new, code, line, fix):
    edit(repo / CAMPAIGN, old, new)
    found = [p for p in problems_of(repo) if p.path == f"data/{CAMPAIGN}"]
    assert [(p.line, p.code) for p in found if p.level == "error"] == [(line, code)], found
    [p] = [p for p in found if p.level == "error"]
    assert fix in p.message
    if "：" in new and code != "chinese-key":
        assert "：" in p.message  # the full-width colon is named as such


def test_applying_the_fix_makes_the_record_valid_again(repo):
    """The message's fix, typed as given, restores the record: no hint leads to data loss."""
    path = repo / CAMPAIGN
    for old, new, code, _line, _fix in CASES:
        original = path.read_text(encoding="utf-8")
        edit(path, old, new)
        errors = [p for p in problems_of(repo) if p.level == "error"]
        assert len(errors) == 1, (new, errors)
        p = errors[0]
        typed = p.message.rsplit("`", 2)[-2]  # the line as the message says to write it
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[p.line - 1] = typed
        path.write_text("\n".join(lines), encoding="utf-8")
        assert problems_of(repo) == [], (code, typed)
        assert path.read_text(encoding="utf-8").replace("正文。", "") .count("start: 2030-05-11") == 1
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize("after,added,line,fixed", [
    # a second contact two columns too far: its "- " at the first contact's keys (YAML: 缩进不一致, no more)
    ("    email: test@example.org\n", "    - name: 第二联系人\n      phone: 0999-87654321\n", 33, "  - name: 第二联系人"),
    # after an item whose last key holds a mapping (period: start, end)
    ("      end: 2030-05-13\n", "    - title: 第二项活动\n      organizers:\n        - ceshi-shi-kexie\n", 26,
     "  - title: 第二项活动"),
])
def test_a_whole_item_indented_too_far_is_told_the_lines_to_move(repo, after, added, line, fixed):
    """Typed as told (every line named moved left as said), the record is valid and holds the item."""
    import re

    import yaml

    path = repo / CAMPAIGN
    edit(path, after, after + added)
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert (p.line, p.code) == (line, "item-indent") and p.message.endswith(f"`{fixed}`"), p.message
    m = re.search(r"请把第 (\d+)–(\d+) 行都向左移 (\d+) 个空格", p.message)
    assert m, p.message
    first, last, d = map(int, m.groups())
    lines = path.read_text(encoding="utf-8").split("\n")
    assert first == line and last == line + added.count("\n") - 1
    for i in range(first - 1, last):
        assert lines[i].startswith(" " * d)
        lines[i] = lines[i][d:]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert problems_of(repo) == []
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert fixed.strip()[2:].split(": ")[1] in str(record)


def test_a_list_at_its_keys_column_is_read_as_yaml_reads_it():
    """A list written at its key's column (`organizers:` then `- x` under it), and a list of mappings so written,
    are valid YAML: no item is told to move."""
    from scitechday.data.prelint import prelint

    text = ("id: x\nactivities:\n  - title: a\n    organizers:\n    - o1\n    - o2\n"
            "contacts:\n  - name: n\n    other_phones:\n    - \"1\"\n")
    assert prelint(text, "x.yml", "campaign")[0] == []
    text = "id: x\nactivities:\n- title: a\n  period:\n    start: 2030-01-01\n- title: b\n"
    assert prelint(text, "x.yml", "campaign")[0] == []


def test_an_item_of_a_nested_list_is_not_taken_for_an_over_indented_sibling():
    """`- - a` then `  - b` (the inner list's next item, as a program writes it), found by the property test."""
    from scitechday.data.prelint import prelint

    problems, _ = prelint("id:\n  - - a\n    - b\n  - - c\n", "x.yml", "campaign")
    assert problems == []
    problems, _ = prelint("id:\n  - - a\n      - b\n", "x.yml", "campaign")  # past the inner item: joined to a
    assert [(p.line, p.code) for p in problems] == [(3, "indent")] and problems[0].message.endswith("`    - b`")


@pytest.mark.parametrize("typed", ["source:", "source：", "sourses:"])
def test_a_misspelt_key_after_the_body_is_named_not_pushed_into_the_body(repo, typed):
    """sources comes right after `body: |`: a misspelt key there was told to be indented into the body, which
    moved the sources into the published text."""
    edit(repo / CAMPAIGN, "sources:", typed)
    errors = [p for p in problems_of(repo) if p.level == "error"]
    assert not [p for p in errors if p.code == "body-indent"], errors
    assert any("sources" in p.message and p.line == 35 for p in errors), errors


def test_a_chinese_key_after_the_body_is_told_its_english_name_too(repo):
    """`来源：` after the body, its items below: the key to write, not a line of the body to indent."""
    edit(repo / CAMPAIGN, "sources:", "来源：")
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert p.code == "chinese-key" and p.message.endswith("`sources:`") and "正文" not in p.message, p.message


def test_a_value_holding_one_of_its_siblings_keys_is_an_error(repo):
    """period.text "5月中旬 start：2030-05-11" validates as YAML, but start was meant."""
    edit(repo / CAMPAIGN, "  text: 5月中旬\n  start: 2030-05-11\n", "  text: 5月中旬 start：2030-05-11\n")
    found = [(p.line, p.code, p.field) for p in problems_of(repo)]
    assert (12, "key-in-text", "period.text") in found, found


@pytest.mark.parametrize("value,kept", [("测试主题 #科技工作者", "测试主题"), ("测试 #一# 主题", "测试")])
def test_any_text_after_space_hash_is_a_warning(repo, value, kept):
    edit(repo / CAMPAIGN, "theme: 测试主题", f"theme: {value}")
    [p] = problems_of(repo)
    assert (p.code, p.level) == ("hash-comment", "warning") and f"只剩“{kept}”" in p.message


def test_a_comment_after_a_value_is_not_a_warning(repo):
    edit(repo / CAMPAIGN, "theme: 测试主题", "theme: 测试主题  # 主题照原文")
    assert problems_of(repo) == []


def test_hashtag_after_a_space_is_a_warning_with_the_quoted_form(repo):
    edit(repo / CAMPAIGN, "theme: 测试主题", "theme: 测试主题 #全国科技工作者日#")
    [p] = problems_of(repo)
    assert (p.line, p.code, p.level) == (10, "hash-comment", "warning")
    assert "`theme: '测试主题 #全国科技工作者日#'`" in p.message and "只剩“测试主题”" in p.message


@pytest.mark.parametrize("text", ["---\n", "~\n", "null\n", "--- ~\n", "# 只有注释\n---\n"])
def test_a_record_file_with_nothing_in_it_is_an_error(repo, text):
    (repo / "organizations/ceshi-kong.yml").write_text(text, encoding="utf-8")
    found = [(p.path, p.code, p.level) for p in problems_of(repo)]
    assert ("data/organizations/ceshi-kong.yml", "empty-file", "error") in found


def test_cli_exits_1_and_names_the_line(repo):
    edit(repo / CAMPAIGN, "title: 测试市科协", "title：测试市科协")
    result = subprocess.run([sys.executable, "-m", "scitechday.cli", "validate", "--no-cache"], capture_output=True,
                            text=True, cwd=repo.parent)
    assert result.returncode == 1
    assert result.stdout.startswith(f"data/{CAMPAIGN}:2: fullwidth-colon: 键“title”后面用了中文冒号“：”")


@pytest.mark.parametrize("style", [dict(indent=2), dict(indent=4), dict(indent=3), dict(indent=2, width=30),
                                   dict(indent=2, default_style='"'), dict(indent=2, default_flow_style=None)])
def test_valid_yaml_in_other_styles_raises_nothing(style):
    """Other editors and tools write the same records differently; none of it is a keyboard mistake."""
    import yaml

    from conftest import DATA
    from scitechday.data.load import load, load_bytes

    for record in load(DATA).records:
        if record.type == "edition":
            continue
        text = yaml.safe_dump(record.data, allow_unicode=True, sort_keys=False, **style)
        records, problems = load_bytes(text.encode("utf-8"), record.path, record.type)
        assert problems == [], (record.path, style, problems[:2])
        assert records[0].data == record.data


def test_the_yaml_hint_for_a_colon_never_suggests_a_full_width_one(repo):
    """An over-indented key YAML refuses (not one of the record's keys, so prelint leaves it to YAML):
    the hint must not be the one that turned such a key into text."""
    edit(repo / CAMPAIGN, "  start: 2030-05-11", "  start: 2030-05-11\n    foo: bar")
    [p] = [p for p in problems_of(repo) if p.code == "yaml-syntax"]
    assert "中文冒号" not in p.message and "对齐" in p.message and "引号" in p.message


def test_a_chinese_key_of_a_nested_field_on_the_first_level_says_where_it_goes(repo):
    """联系人: 陈玉清 on a notice's first level: the hint said `name: 陈玉清`, and the same line was then an unknown
    key name. It now says to write it under contacts, as an item, and nothing else is reported."""
    edit(repo / CAMPAIGN, "theme: 测试主题", "联系人: 陈玉清\ntheme: 测试主题")
    errors = [p for p in problems_of(repo) if p.level == "error"]
    assert [(p.line, p.code) for p in errors] == [(10, "chinese-key")], [p.message for p in errors]
    assert "contacts" in errors[0].message and errors[0].message.endswith("`  - name: 陈玉清`")


def test_a_doubled_single_quote_inside_a_flow_collection_does_not_end_it():
    """Found by hypothesis: a flow mapping over two lines holding '']' read as closed on the first line."""
    from scitechday.data.prelint import prelint

    text = "id:\n  issued: {id: ''']',\n    title: null}\n"
    assert [p for p in prelint(text, "data/campaigns/2030/x.yml", "campaign")[0] if p.level == "error"] == []


def test_a_body_pasted_without_its_indent_is_named_line_by_line_headings_too(repo):
    """A `## 一、…` line at the left edge ended the body for the check, as a YAML comment would: only the first line
    was named, then a vague syntax error; the lines after the heading never."""
    edit(repo / CAMPAIGN, BODY, "body: |\n正文。\n\n## 一、总体要求\n\n第二段。\n")
    found = [(p.line, p.code) for p in problems_of(repo) if p.level == "error"]
    assert found == [(34, "body-indent"), (36, "body-indent"), (38, "body-indent")]


def test_a_value_with_more_text_on_the_block_line_is_told_in_chinese(repo):
    edit(repo / CAMPAIGN, BODY, "body: | 正文第一行。\n  正文。\n")
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert (p.line, p.code) == (33, "block-needed") and "`body: |`" in p.message and "正文第一行。" in p.message


def test_an_unclosed_quote_is_named_on_its_own_line(repo):
    """The quote ran on to the next " in the file (a phone number's): the error was reported there, with advice
    to move a key, and the title's line was never named."""
    edit(repo / CAMPAIGN, "title: 测试市科协关于", 'title: "测试市科协关于')
    edit(repo / CAMPAIGN, "    phone: 0999-12345678", '    phone: "0999-12345678"')
    errors = [p for p in problems_of(repo) if p.level == "error"]
    assert [(p.line, p.code) for p in errors] == [(2, "unclosed-quote")], errors
    assert "`title: 测试市科协关于开展2030年全国科技工作者日活动的通知`" in errors[0].message


def test_a_list_written_after_the_key_is_told_in_chinese(repo):
    """What an editor types after "应为列表（每项以“- ”开头）": YAML's own message was English."""
    edit(repo / CAMPAIGN, "issuers:\n  - ceshi-shi-kexie", "issuers: - ceshi-shi-kexie")
    [p] = [p for p in problems_of(repo) if p.level == "error" and p.path == f"data/{CAMPAIGN}"]
    assert (p.line, p.code) == (5, "list-after-key")
    told = p.message.split("`")[1::2]
    assert told == ["issuers:", "  - ceshi-shi-kexie"]
    edit(repo / CAMPAIGN, "issuers: - ceshi-shi-kexie", "\n".join(told))  # typed as told: two lines
    assert [x for x in problems_of(repo) if x.level == "error"] == []  # and as fmt writes it (not [x], which fmt rewrites)


PROFILE = "profiles/ceshi-ren.yml"
ORG = "organizations/ceshi-shi-kexie.yml"


def test_a_fields_chinese_title_after_a_block_is_told_its_key_not_to_join_the_text(repo):
    """`荣誉：` at the left edge after `deeds: |`, its items below: told as a line of the deeds to indent, the
    fix typed as told moved every honour into the deeds."""
    import yaml

    edit(repo / PROFILE, "mentioned_in:", "deeds: |\n  第一段。\n\n  第二段。\n荣誉：\n  - title: 优秀科技工作者\n"
                                          "    year: 2030\n    campaign: 2030-ceshi-shi-kexie\nmentioned_in:")
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert (p.line, p.code) == (8, "chinese-key") and p.message.endswith("`honors:`"), p.message
    lines = (repo / PROFILE).read_text(encoding="utf-8").split("\n")
    lines[p.line - 1] = "honors:"
    (repo / PROFILE).write_text("\n".join(lines), encoding="utf-8")
    assert [p for p in problems_of(repo) if p.level == "error"] == []
    record = yaml.safe_load((repo / PROFILE).read_text(encoding="utf-8"))
    assert record["honors"][0]["title"] == "优秀科技工作者" and "优秀" not in record["deeds"]


def test_two_ids_in_one_list_item_are_told_one_an_item_not_joined_into_one(repo):
    """`- 2030-a、2029-b` was told to write 2030-a-2029-b, and to make a notice under that id."""
    import re

    edit(repo / PROFILE, "  - 2030-ceshi-shi-kexie", "  - 2030-ceshi-shi-kexie、2030-ceshi-shi-kexie")
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert p.code == "unknown-reference" and "new campaign" not in p.message and "2030-ceshi-shi-kexie-2030" not in p.message
    typed = re.findall(r"`(- [^`]+)`", p.message)
    assert typed == ["- 2030-ceshi-shi-kexie", "- 2030-ceshi-shi-kexie"], p.message
    text = (repo / PROFILE).read_text(encoding="utf-8")
    (repo / PROFILE).write_text(text.replace("  - 2030-ceshi-shi-kexie、2030-ceshi-shi-kexie",
                                             "\n".join("  " + t for t in typed)), encoding="utf-8")
    assert [p for p in problems_of(repo) if p.level == "error"] == []


def test_a_value_opened_with_a_quote_and_closed_with_a_chinese_one_is_told_to_lose_both(repo):
    import yaml

    edit(repo / ORG, "name: 测试市科学技术协会", 'name: "测试市科学技术协会”')
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert p.code == "unclosed-quote" and p.message.endswith("`name: 测试市科学技术协会`"), p.message
    edit(repo / ORG, 'name: "测试市科学技术协会”', p.message.rsplit("`", 2)[-2])
    assert [p for p in problems_of(repo) if p.level == "error"] == []
    assert yaml.safe_load((repo / ORG).read_text(encoding="utf-8"))["name"] == "测试市科学技术协会"


@pytest.mark.parametrize("typed,line", [("aliases: [测试市科协，市科协]", 4), ("aliases:\n  - 测试市科协、市科协", 5)])
def test_two_names_in_one_alias_are_a_warning_with_the_lines_to_type(repo, typed, line):
    """`aliases: [甲，乙]` validated as one alias, without a word. The record still builds (a warning)."""
    edit(repo / ORG, "kind: 科协\n", f"kind: 科协\n{typed}\n")
    [p] = problems_of(repo)
    assert (p.level, p.code, p.line) == ("warning", "joined-items", line)
    assert p.message.count("`  - ") == 2 and "`  - 测试市科协`" in p.message and "`  - 市科协`" in p.message
    edit(repo / ORG, typed, "aliases:\n  - 测试市科协\n  - 市科协")
    assert problems_of(repo) == []


@pytest.mark.parametrize("typed,key", [("名称：测试市科学技术协会", "name"), ("单位名称: 测试市科学技术协会", "name")])
def test_a_field_written_by_another_chinese_name_is_told_its_key_on_its_line(repo, typed, key):
    """`名称：` for 全称 (x-also in the schema): YAML blamed the next line and gave no key to write."""
    edit(repo / ORG, "name: 测试市科学技术协会", typed)
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    assert (p.line, p.code) == (2, "chinese-key") and p.message.endswith(f"`{key}: 测试市科学技术协会`"), p.message
    edit(repo / ORG, typed, p.message.rsplit("`", 2)[-2])
    assert problems_of(repo) == []


def test_list_items_written_without_their_dash_are_each_told_the_line(repo):
    """`aliases:` then a name a line: YAML joined them into one alias, and the fix kept it joined."""
    import yaml

    edit(repo / ORG, "kind: 科协\n", "kind: 科协\naliases:\n  市科技志愿者支队\n  科技志愿者支队\n")
    errors = [p for p in problems_of(repo) if p.level == "error"]
    assert [(p.line, p.code) for p in errors] == [(5, "list-item"), (6, "list-item")], errors
    lines = (repo / ORG).read_text(encoding="utf-8").split("\n")
    for p in errors:
        lines[p.line - 1] = p.message.rsplit("`", 2)[-2]
    (repo / ORG).write_text("\n".join(lines), encoding="utf-8")
    assert problems_of(repo) == []
    assert yaml.safe_load((repo / ORG).read_text(encoding="utf-8"))["aliases"] == ["市科技志愿者支队", "科技志愿者支队"]


def test_an_honour_written_as_text_is_told_the_keys_to_write(repo):
    """`- 2029年科普先进个人` under honors: told only that a mapping was expected."""
    import re

    import yaml

    edit(repo / PROFILE, "mentioned_in:", "honors:\n  - 2029年科普先进个人\nmentioned_in:")
    [p] = [p for p in problems_of(repo) if p.level == "error"]
    typed = re.findall(r"`([^`]+)`", p.message)
    assert p.line == 5 and typed == ["  - title: 科普先进个人", "    year: 2029"], p.message
    edit(repo / PROFILE, "  - 2029年科普先进个人", "\n".join(typed))
    assert problems_of(repo) == []
    assert yaml.safe_load((repo / PROFILE).read_text(encoding="utf-8"))["honors"] == [{"title": "科普先进个人", "year": 2029}]
