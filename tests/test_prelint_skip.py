"""The loader parses first and runs the keyboard check (prelint) only when the parse leaves a trace of
something it could name. This compares it with the way it used to be done, prelint on every file:
the same records, the same lines, the same problems, for valid records and for records with the
mistakes editors make (wide spaces, full-width colons, Chinese keys, over- and under-indented lines,
text after " #", blocks with and without their indentation)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scitechday.data import load
from scitechday.data import prelint as prelint_module
from scitechday.data.prelint import prelint

FIXTURE = Path(__file__).parent / "fixtures/minimal/campaigns/2030/2030-ceshi-shi-kexie.yml"
LINES = FIXTURE.read_text(encoding="utf-8").split("\n")


def always_prelint(raw: bytes, path: str, rtype: str):
    """The loader as it was: prelint on every text, the YAML parser on the text as prelint fixed it."""
    text, problems = load.decode(raw, path)
    if text is None:
        return [], problems
    lint, fixed = prelint(text, path, rtype)
    problems += lint
    value, lines, more = load.parse_text(fixed if any(p.level == "error" for p in lint) else text, path)
    problems += more
    if value is None:
        if not more:
            problems.append(load.Problem(path, 1, "empty-file", "",
                                         "文件里没有记录（只有“---”“~”或“null”）。请填写记录内容，或删除这个文件。"))
        return [], problems
    if not isinstance(value, dict):
        return [], problems + [load.wrong_type(path, lines.get((), 1), "", value, "键值对（映射），如“title: …”")]
    return [load.Record(rtype, path, value, lines)], problems


def same(text: str) -> None:
    raw = text.encode("utf-8")
    path = "data/campaigns/2030/2030-ceshi-shi-kexie.yml"
    new_records, new_problems = load.load_bytes(raw, path, "campaign")
    old_records, old_problems = always_prelint(raw, path, "campaign")
    assert new_problems == old_problems, text
    assert [(r.data, r.lines) for r in new_records] == [(r.data, r.lines) for r in old_records], text


INDENTS = ["", " ", "  ", "   ", "    ", "\u3000", "\u3000\u3000", "\t", "\u00a0", "  \u3000", "- ", "-\u3000", "-\t",
           "  - ", "  -\u3000", "  -\t", "      - ", "    - ", "  - \u3000"]
PIECES = ["title", "标题", "活动", "start", "period", "text", "titel", ":", "：", ": ", ":x", "：x", " #话题", " # 注释",
          "#x", "|", "|-", "|2", ">", "'", '"', "[", "]", "{", "}", ",", "2030", "https://e.org", "正文：", "- ", "&a",
          "*a", "\r", "\u2028", " ", "\u3000", "body: |", "sources:", "  - file: x"]

MUTATIONS = st.lists(st.tuples(st.integers(0, len(LINES)), st.sampled_from(["replace", "insert", "indent", "append"]),
                               st.sampled_from(INDENTS), st.lists(st.sampled_from(PIECES), max_size=4)),
                     min_size=1, max_size=3)

settings.register_profile("skip", max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutate(mutations) -> str:
    lines = list(LINES)
    for at, how, indent, pieces in mutations:
        at = min(at, len(lines) - 1)
        tail = "".join(pieces)
        if how == "replace":
            lines[at] = indent + tail
        elif how == "insert":
            lines.insert(at, indent + tail)
        elif how == "indent":
            lines[at] = indent + lines[at].lstrip(" ")
        else:
            lines[at] = lines[at] + tail
    return "\n".join(lines)


def test_the_fixture_itself_is_read_without_prelint_and_the_same():
    same("\n".join(LINES))


@settings(settings.get_profile("skip"))
@given(MUTATIONS)
def test_a_mistyped_record_gets_the_same_answer_as_with_prelint_on_every_file(mutations):
    same(mutate(mutations))


@settings(settings.get_profile("skip"))
@given(st.lists(st.tuples(st.sampled_from(INDENTS), st.lists(st.sampled_from(PIECES), max_size=5)), max_size=12))
def test_made_up_lines_get_the_same_answer_as_with_prelint_on_every_file(lines):
    same("\n".join(indent + "".join(pieces) for indent, pieces in lines))


BLOCKS = [
    "body: |\n  第一段。\n第二段没有缩进。\n",
    "body: |\n  第一段。\n\u3000\u3000第二段：全角空格开头。\n",
    "body: |\n  \u3000\n    正文\n  少缩进\nsources:\n  - file: x\n",
    "body: |2\n    正文\n   少一格\nsources:\n  - file: x\n",
    "body: |\n  正文 #话题\n  \u3000\u3000段落\n  title：x\nsources:\n  - file: x\n",
    "body: |\n  正文\n\"title\": x\n",
    "body: |\n  正文\ntitel: x\n",
    "activities:\n  - |\n    title：x\n",
    "body: >-\n  a\n\n  # c\nsources:\n  - file: x\n",
    "body: |\n  正文\n\n\n   \nsources:\n  - file: x",
    "body: 正文 #话题\nsources:\n  - file: x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - title:x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - 标题：x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - 标题:x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - title：x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  -\u3000x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - \u3000x\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  -\tx\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - x\n   y：z\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  - x\n    start：z\n",
    "body: 正文\nsources:\n  - file: x\naddressees:\n  -\n    \u3000x\n",
    "body: 正文\nsources:\n  - file: x\n\u3000title: x\n",
]


def test_blocks_whose_text_prelint_reads_otherwise_than_yaml_get_the_same_answer():
    head = "\n".join(LINES[: LINES.index("body: |")]) + "\n"
    for block in BLOCKS:
        same(head + block)


# The raw-line tests as the loader wrote them first, each one regex: prelint._raw and _other_break try each
# alternative alone, after a test for a character it needs, and must answer the same.
ONE_RAW = re.compile(r"^[ \t\u3000\u00a0-]*[\t\u3000\u00a0]|\s#[^\s#]|^ *(?:- +)*[&!*?:%]|[:-][ \t]+[&!*#]|^ *[－—]|^ *-[^\s-]"
                     r"|:[ ]*\t", re.M)
ONE_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
RAW_ALPHABET = " \t\u3000\u00a0-#&!*?:%\n\r\x85\u2028\u2029x文|－—"


@settings(settings.get_profile("skip"))
@given(st.text(alphabet=RAW_ALPHABET, max_size=30))
def test_the_raw_line_tests_answer_as_the_one_regex_they_stand_for(text):
    assert prelint_module._raw(text) == (ONE_RAW.search(text) is not None), repr(text)
    assert prelint_module._other_break(text) == (ONE_BREAK.search(text) is not None), repr(text)


def test_the_raw_line_tests_find_each_kind_of_trace():
    for text in ["title: x\n\u3000start: y", "a: b\n\tc: d", "- \u00a0x", "text: 正文 #话题", "x: &a\n  y: 1",
                 "!tag x", "x:\n  - *a", "? x", "%YAML 1.2", "x: - #c", "  - - &a"]:
        assert prelint_module._raw(text) and ONE_RAW.search(text), text
    for text in ["title: x\nstart: y", "text: 正文#话题", "x: 1 & 2", "url: https://e.org/#a"]:
        assert not prelint_module._raw(text) and not ONE_RAW.search(text), text
    for text in ["a\rb", "a\x85b", "a\u2028b", "a\u2029b"]:
        assert prelint_module._other_break(text), repr(text)
    assert not prelint_module._other_break("a\r\nb\nc")
