"""Chinese-keyboard mistakes, found in the text before YAML parses it.

A YAML parser reports these late and vaguely (a missing colon two lines further down),
and some it does not report at all: an over-indented key becomes part of the text above
it. Each check here names the exact line and shows the line as it should be written.
Every rule is line-based and only looks outside block scalars (`body: |`), where any
text is allowed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from scitechday.data.problems import Problem, as_value, visible
from scitechday.domain import phones

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_LINE = re.compile(r"^(?P<indent>[ \t\u3000\u00a0]*)(?P<dashes>(?:-[ \t\u3000\u00a0]+)*)(?P<rest>.*)$")
# a list item typed wrongly: a full-width dash (－ or —, with or without a space) or "-" with no space (-abc)
_BAD_ITEM = re.compile(r"^(?:(?P<dash>[－—])[ \u3000]*|(?P<dash2>-)(?=[^\s\-]))(?P<value>\S.*)$")
_KEY_LINE = re.compile(rf"^(?P<key>{_KEY})[ \t]*(?P<colon>[:：])(?P<after>.*)$")
_ZH_KEY_LINE = re.compile(r"^(?P<key>[\u4e00-\u9fff（）()]{1,12})[ \t\u3000]*[:：][ \t\u3000]*(?P<after>.*)$")
_BLOCK = re.compile(r"^[|>][0-9+-]*(?:\s+#.*)?$")
_HASHTAG = re.compile(r"\s#[^\s#]")  # " #话题" is text cut off; "  # 说明" is a comment
_WIDE_AFTER_DASH = re.compile("-[\t\u3000\u00a0]")  # "- 　text" is text; "-　text" is not a list item
_WIDE_SPACE = {"\u3000": "全角空格", "\u00a0": "不换行空格（NBSP）", "\t": "Tab 字符"}
_CHINESE_QUOTES = "”“’‘"


@dataclass(frozen=True)
class Vocabulary:
    keys: frozenset  # every key a record of this type may hold, at any depth
    titles: dict  # field and list titles (标题, 活动) → the key to write (title, activities)
    top: frozenset = frozenset()  # the keys of a record's first level
    within: dict | None = None  # titles of keys that are not first-level → (the first-level key, its list or
    #                             map title, the key, whether it is a list of items): 联系人 → contacts … name
    multiline: frozenset = frozenset()  # keys of text that keeps its lines (x-multiline): body, content, deeds
    nested: frozenset = frozenset()  # keys that occur below the first level (title: an activity's too)
    lists: frozenset = frozenset()  # keys whose value is a list (aliases, organizers, honors)


@functools.lru_cache(maxsize=None)
def vocabulary(rtype: str, schema_dir: Path | None = None) -> Vocabulary:
    from scitechday.data.schema import SCHEMA_DIR, tables
    from scitechday.data.tables import ListOf, Map, shape

    schema_dir = schema_dir or SCHEMA_DIR
    keys: set[str] = set()
    nested: set[str] = set()
    lists: set[str] = set()

    def walk(node: Map, deep: bool = False) -> None:
        for key, spec in node.children.items():
            keys.add(key)
            if isinstance(spec, ListOf) or getattr(spec, "array", False):
                lists.add(key)
            if deep:
                nested.add(key)
            if isinstance(spec, Map):
                walk(spec, True)
            elif isinstance(spec, ListOf) and spec.item is not None:
                walk(spec.item, True)

    root = shape(rtype, schema_dir)
    walk(root)
    titles: dict[str, str] = {}
    within: dict[str, tuple[str, str, str, bool]] = {}
    multiline: set[str] = set()
    for t in tables(schema_dir):
        if rtype not in t.types:
            continue
        if t.path:
            titles.setdefault(t.descriptor.get("title", ""), t.path[-1])
            if t.value:
                titles.setdefault(t.field(t.value).get("title", ""), t.path[-1])
        for name, kp in t.data_fields:
            if t.field(name).get("x-multiline"):
                multiline.add(kp[-1])
            title = re.sub(r"（.*?）", "", t.field(name).get("title", ""))
            titles.setdefault(title, kp[-1])
            titles.setdefault(t.field(name).get("title", ""), kp[-1])
            for also in t.field(name).get("x-also", ()):  # 名称 for 全称: what else editors call a field
                titles.setdefault(also, kp[-1])
            place = ((t.path[0], t.descriptor.get("title", t.path[0]), kp[0], True) if len(t.path) == 1 and len(kp) == 1
                     else (kp[0], kp[0], kp[1], False) if not t.path and len(kp) == 2 else None)
            if place:
                for shown in (title, t.field(name).get("title", "")):
                    within.setdefault(shown, place)
    titles.pop("", None)
    return Vocabulary(frozenset(keys), titles, frozenset(root.children), within, frozenset(multiline), frozenset(nested),
                      frozenset(lists))


def _closes(text: str, quote: str) -> bool:
    """Whether a quoted value's closing quote is on this line ('' and \\" are not closing quotes)."""
    if quote == "'":
        return "'" in text.replace("''", "")
    return '"' in re.sub(r"\\.", "", text)


def _brackets(text: str, quote: str | None = None) -> tuple[int, str | None]:
    """How many [ and { a line of a flow collection leaves open (quoted text and comments aside), and
    the quote still open at its end (`quote`: the one open at its start). A quote opens a quoted
    scalar only where a scalar starts (`[0']` is the plain text 0')."""
    depth, j, prev = 0, 0, ","
    while j < len(text):
        ch = text[j]
        if quote:
            if quote == '"' and ch == "\\":
                j += 1
            elif quote == "'" and ch == "'" and text[j + 1:j + 2] == "'":
                j += 1  # '' inside single quotes is a quote, not the end: {id: ''']'} holds ']
            elif ch == quote:
                quote, prev = None, ch
        elif ch in "'\"" and prev in "[{,:?":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "#" and (j == 0 or text[j - 1] in " \t"):
            break
        if not quote and not ch.isspace():
            prev = ch
        j += 1
    return depth, quote


_QUOTED = {'"': re.compile(r'"(?:[^"\\]|\\.)*+"', re.S), "'": re.compile(r"'(?:[^']|'')*+'")}


def _open_quote(text: str) -> str | None:
    """The quote left open at the end of a line that starts with a quoted scalar (or a quoted key
    and its quoted value), or None. ('' inside single quotes and \\" inside double quotes do not close.)"""
    while True:
        text = text.lstrip()
        if not text or text[0] not in "'\"":
            return None
        m = _QUOTED[text[0]].match(text)
        if m is None:
            return text[0]
        after = text[m.end():].lstrip()
        if not after.startswith(":"):
            return None
        text = after[1:]  # a quoted key: now its value


_BLOCK_WITH_TEXT = re.compile(r"^[|>][0-9+-]*[ \t]+(?P<text>[^#\s].*)$")


def _below(lines: list[str], n: int, reach: int = 20) -> str:
    """The first line after line n (1-based) that holds anything but a comment, within reach; "" when none."""
    return next((t for t in lines[n:n + reach] if t.strip() and not t.lstrip().startswith("#")), "")


def _above(lines: list[str], n: int):
    """The lines above line n (1-based) that hold anything but a comment, nearest first, within 200, with their
    indents."""
    for t in reversed(lines[max(0, n - 200):n - 1]):
        if t.strip() and not t.lstrip().startswith("#"):
            yield t, len(t) - len(t.lstrip(" "))


def _misplaced_item(lines: list[str], n: int, indent_raw: str, dashes: str, rest: str) -> int | None:
    """The column the "- " of line n (a list item with a key and value) should stand at, when only it is misplaced:
    the keys below it stand two columns further than a sibling's "- " or than the list's key (or at its column).
    The keys are many lines and the "- " one: told to move the keys, an editor made four lines wrong."""
    key = _KEY_LINE.match(rest)
    if not dashes or dashes != "- " or indent_raw.strip(" ") or key is None or not key["after"].strip() \
            or key["after"].strip()[0] in "[{\"'|>&*!":  # a value that may go on below
        return None
    below = _below(lines, n, 50)
    if not below:
        return None
    below_indent = len(below) - len(below.lstrip(" "))
    want = below_indent - 2
    if below_indent == len(indent_raw) + 2 or want < 0 or _KEY_LINE.match(below.strip()) is None \
            or below.lstrip(" ").startswith("-"):
        return None
    if below_indent == len(indent_raw) and _indentless(lines, n, below_indent):
        return None
    for t, indent in _above(lines, n):  # a sibling item, or the list's key
        if indent > len(indent_raw):
            continue  # inside an item above
        if indent > want:
            return None  # a key or an item between: the "- " may well stand where it should
        if indent == want and t.lstrip(" ").startswith("- "):
            return want
        return want if t.rstrip().endswith(":") and want in (indent, indent + 2) else None
    return None


def _indentless(lines: list[str], n: int, col: int) -> bool:
    """Whether the list whose item line n is (its "- " at col) is written at its key's column (`- id:` then
    `  - id: a`, as YAML libraries write a list in a list's item): a key below at col is then the next key
    beside the list's, not one of the item's."""
    for t, indent in _above(lines, n):
        if indent > col or (indent == col and t.lstrip(" ").startswith("- ")):
            continue  # inside an item above, or a sibling item
        head = t[indent:]
        while head.startswith("- "):
            head = head[2:]
        key = _KEY_LINE.match(head)
        return key is not None and not key["after"].strip() and len(t) - len(head) == col
    return False


def _item_too_deep(lines: list[str], n: int, indent_raw: str, dashes: str, rest: str) -> tuple[int, int, int] | None:
    """(the column of its list's "- ", that item's line, the line of the key) when line n, a list item with a key,
    stands at the column of the keys of the item above, after a key that has its value: two columns too far, a
    whole item got only YAML's "缩进不一致". A "- " right under `key:` with no value, or under a sibling "- ",
    is a list written at its key's column, which YAML reads."""
    if dashes != "- " or indent_raw.strip(" ") or _KEY_LINE.match(rest) is None or len(indent_raw) < 2:
        return None
    own, key_line = len(indent_raw), None
    for i in range(n - 2, max(-1, n - 202), -1):
        t = lines[i]
        if not t.strip() or t.lstrip().startswith("#"):
            continue
        indent = len(t) - len(t.lstrip(" "))
        if indent > own:
            continue  # the value of a key above (a nested mapping, a list, a block's text)
        if indent == own:
            key = _KEY_LINE.match(t.strip())
            if t.lstrip(" ").startswith("-") or key is None or (key_line is None and i == n - 2 and not key["after"].strip()):
                return None
            key_line = key_line or i + 1
            continue
        if key_line is not None and indent == own - 2 and t.lstrip(" ").startswith("- "):
            return own - 2, i + 1, key_line
        return None
    return None


def _joined_below(lines: list[str], n: int, col: int) -> bool:
    """Whether the next line that holds anything below line n is more text of the same value (more indented than
    its key at col, no "- ", no key): the value is then several lines joined into one."""
    below = _below(lines, n)
    rest = below.lstrip(" ")
    return len(below) - len(rest) > col and not rest.startswith("-") and _KEY_LINE.match(rest) is None \
        and _ZH_KEY_LINE.match(rest) is None and rest[:1] not in "\"'[{|>&*!#"


def _width(indent: str) -> int:
    """Columns the indentation looks like in an editor: a full-width space is two."""
    return sum(2 if ch in "\u3000\t" else 1 for ch in indent)


def _shown(line: str) -> str:
    return f"`{line.strip()}`" if line.strip() else "（空行）"


def _ends_block(line: str, own: int, parent: int, indent_raw: str, vocab: Vocabulary) -> bool:
    """A line less indented than a `key: |` block's text ends it (rather than being text indented too little):
    a known key, or any key written the way keys are (lowercase, `source:` for sources): the checks of keys then
    name it. (Told to indent it into the text, an editor moved the sources into the body.)"""
    key_here = _KEY_LINE.match(line.strip()) if own <= parent else None
    return own <= parent and ((key_here is not None and (
        (key_here["key"] in vocab.keys and key_here["colon"] == ":") or _LOWER_KEY.fullmatch(key_here["key"]) is not None))
        or not indent_raw.strip(" ") and (
            line.lstrip(" ").startswith("#") and not _HEADING.match(line.lstrip(" "))
            # a list item less indented than the block's key may be its list's next item; at the key's own column
            # no item can follow a block: it is a body's list (- 一项) pasted without its indent
            or line.lstrip(" ").startswith("- ") and own < parent))


def _titled_list(line: str, own: int, parent: int, lines: list[str], n: int, vocab: Vocabulary) -> bool:
    """`荣誉：` at a block's key column or left of it, with nothing after it and list items below: a field written
    by its Chinese title, ending the text. (Told as a line of the text to indent, the honors went into the deeds.)"""
    zh = _ZH_KEY_LINE.match(line.strip(" ")) if own <= parent else None
    if zh is None or zh["key"] not in vocab.titles or zh["after"].strip():
        return False
    below = _below(lines, n)
    return len(below) - len(below.lstrip(" ")) > own and below.lstrip(" ").startswith("- ")


_LOWER_KEY = re.compile(r"[a-z][a-z0-9_]*")
# a Markdown heading (## 一、总体要求) is text of the block above, not a YAML comment: read as one, the rest of a body
# pasted without its indent went unnamed, and a heading at the body's end was dropped without a word
_HEADING = re.compile(r"#{2,6} +\S")


_WIDE = re.compile("[\t\u3000\u00a0]")
# a wide indent; text after " #"; an anchor, tag or alias (`key: &a` and the mapping on the next lines: prelint
# reads that mapping as indented too far), a comment after "- ", an explicit key or a directive
# Each alternative alone, after a test for a character it cannot match without: one regex of all four
# tried them at every character of every file (a fifth of a cold validation of a national archive)
_RAW = (
    ("\t\u3000\u00a0", re.compile(r"^[ \t\u3000\u00a0-]*[\t\u3000\u00a0]", re.M)),
    ("#", re.compile(r"\s#[^\s#]")),
    ("&!*?:%", re.compile(r"\n *(?:- +)*[&!*?:%]")),  # at a line's start (the first line: _RAW_FIRST)
    ("&!*#", re.compile(r"[:-][ \t]+[&!*#]")),
    ("\t", re.compile(r":[ ]*\t")),  # a tab after a key's colon: YAML reads it, fmt's ruamel cannot
    ("－—", re.compile(r"\n *[－—]")),  # a list item typed with a full-width dash
    ("-", re.compile(r"\n *-[^\s-]")),  # or with no space after "-"
)
_RAW_FIRST = re.compile(r" *(?:- +)*[&!*?:%]| *[－—]| *-[^\s-]")


def _raw(text: str) -> bool:
    """Whether the raw lines hold a wide indent, text after " #", an anchor, tag or alias (`key: &a`), a
    comment after "- ", an explicit key or a directive (tests/test_prelint_skip.py compares this with the
    one regex it stands for)."""
    return _RAW_FIRST.match(text) is not None or any(
        any(ch in text for ch in needs) and rx.search(text) is not None for needs, rx in _RAW)


_LONE_CR = re.compile("\r(?!\n)")


def _other_break(text: str) -> bool:
    """A line break YAML counts and prelint's lines do not: a lone CR, NEL, LS or PS."""
    return ("\r" in text and _LONE_CR.search(text) is not None) or any(ch in text for ch in "\x85\u2028\u2029")


_HEADER = re.compile(r"( *)((?:- +)*)[A-Za-z_][A-Za-z0-9_]*: +[|>][+-]?\r?")


def plain_suspect(value: str, vocab: Vocabulary) -> bool:
    """Whether a one-line plain scalar YAML read could hold a keyboard mistake prelint names: a key
    written into it (`title:x`, `title：x`, `标题：x` as a list item) or a wide space or tab."""
    if _WIDE.search(value):
        return True
    m = _KEY_LINE.match(value)
    if m is not None and (m["colon"] == "：" or m["key"] in vocab.keys):
        return True
    zh = _ZH_KEY_LINE.match(value)
    return zh is not None and zh["key"] in vocab.titles


def needed(text: str, vocab: Vocabulary, blocks: list[tuple[int, int, int]]) -> bool:
    """Whether prelint() could report anything on a text that YAML parsed, whose keys are all the record
    type's and whose plain and quoted scalars are one line each, the plain ones not plain_suspect (the loader checks those).

    What is left is found in the raw lines: a wide indent or a " #" outside a block's text. blocks: the
    (first line, end line, end column) of every `|`/`>` scalar, 0-based, as YAML marked them. A block is
    skipped only where prelint skips exactly the same lines (a `key: |` header, every text line indented at
    least as its first, a line after it that ends it); any other block means: run prelint."""
    if _other_break(text):
        return True  # YAML counts these as line breaks, prelint's lines do not: the line numbers differ
    lines = text.split("\n")
    inside: list[tuple[int, int]] = []
    for start, end, end_col in blocks:
        head = _HEADER.fullmatch(lines[start])
        if head is None or (end_col and end != len(lines) - 1):
            return True
        parent = len(head[1]) + len(head[2])
        stop = end + 1 if end_col else end  # the text lines are start + 1 .. stop - 1
        indents = [len(t) - len(t.lstrip(" ")) for t in lines[start + 1:stop] if t.strip()]
        if indents and (indents[0] <= parent or min(indents) < indents[0]):
            return True
        after = next((t.rstrip("\r") for t in lines[stop:] if t.strip()), None)
        if after is not None:
            own = len(after) - len(after.lstrip(" "))
            wide = _LINE.match(after)
            if not _ends_block(after, own, parent, wide["indent"] if wide else "", vocab):
                return True
        inside.append((start, stop))
    if not inside:
        return _raw(text)
    outside, prev = [], 0  # the lines outside the blocks' text: a notice's body is most of its file
    for start, stop in inside:
        outside += lines[prev:start + 1]
        prev = stop
    outside += lines[prev:]
    return _raw("\n".join(outside))


def prelint(text: str, path: str, rtype: str, schema_dir: Path | None = None) -> tuple[list[Problem], str]:
    """(problems, the text with every fix applied): the loader reads the fixed text, so that one run
    also reports what else is wrong, on the same lines, without guessing at the YAML parser's recovery."""
    vocab = vocabulary(rtype, schema_dir)
    problems: list[Problem] = []
    lines = text.split("\n")

    def report(n: int, code: str, message: str, level: str = "error", fix: str | None = None) -> None:
        problems.append(Problem(path, n, code, "", visible(message), level))  # no control character echoed
        if level == "error":  # every error message ends with the line to write (fix: a one-line equivalent of it)
            lines[n - 1] = fix if fix is not None else message.rsplit("`", 2)[-2]

    levels: list[int] = []  # indents of the open mappings, outermost first
    opener = True  # the line above opens a nested block (key with no value, or a list item)
    scalar_key: tuple[int, str, int] | None = None  # (indent, key, line) of a `key: plain value` line above
    block: tuple[int, str, int] | None = None  # (parent indent, key, line) while inside `key: |`
    block_indent: int | None = None
    flow = 0  # open [ and { of a flow collection spanning lines: indentation is free there
    quote: str | None = None  # the quote of a quoted value that continues on the next lines
    flow_quote: str | None = None  # the same inside a flow collection
    last_item: int | None = None  # the indent of the list item above (its siblings may be typed wrongly too)
    item_text: tuple[int, int] | None = None  # (indent, line) of the list item of plain text just above
    quote_at: tuple[int, str, str] | None = None  # (line, what comes before the value, the value after its quote)
    multi: tuple[int, str, int, str, str] | None = None  # (indent, key, line, "key: ", value) of a multi-line field
    list_key: tuple | None = None  # (column, key[, True once a line was told]) of a `key:` of a list just above

    def align(col: int, dashes: str) -> None:
        """The levels as if a key typed wrongly were right: its siblings are then not told to move."""
        if dashes:
            levels.append(col)
            return
        while levels and levels[-1] > col:
            levels.pop()
        if not levels or (levels[-1] < col and opener):
            levels.append(col)

    shifted: dict[int, str] = {}  # lines a fix moved, as they now read (by line number)
    for n, line in enumerate(list(lines), 1):
        line = shifted.pop(n, line)
        if block is not None:  # first, and cheaply: most lines of a notice are its body
            own = len(line) - len(line.lstrip(" "))
            if block_indent is None and own > block[0] and line.strip():
                block_indent = own
            if block_indent is not None and own >= block_indent:
                continue  # text of the block, whatever it holds
        line = line.rstrip("\r")
        if quote is not None:  # inside a quoted value: any text, until its closing quote
            swallowed = _KEY_LINE.match(line.strip()) if quote_at is not None else None
            if swallowed is None or swallowed["key"] not in vocab.keys or swallowed["colon"] != ":":
                if _closes(line, quote):
                    quote = quote_at = None
                continue
            # a key inside the quoted text: the quote was never closed (YAML blamed a later line)
            at, before, text_after = quote_at  # type: ignore[misc]
            value = text_after.strip()
            closer = value[-1] if value and value[-1] in _CHINESE_QUOTES else ""  # "…” closed with a Chinese quote
            report(at, "unclosed-quote", f"引号没有闭合：第 {at} 行的值以 {quote} 开头，行末没有对应的 {quote}"
                                         + (f"（行末的 {closer} 是中文引号，YAML 不认）" if closer else "")
                                         + f"，下面几行都成了它的文字。请去掉开头的 {quote}"
                                         + (f"和行末的 {closer}" if closer else f"（或在行末补上 {quote}）")
                                         + f"，改成：`{before}{as_value(value[:-1] if closer else value)}`")
            quote = quote_at = None  # and read this line as the key it is
        if not line.strip():
            continue
        own = len(line) - len(line.lstrip(" "))
        pending, multi = multi, None
        items_of, list_key = list_key, None
        if pending is not None and own > pending[0] and block is None:
            stripped = line.strip()
            if pending[4] or not (_KEY_LINE.match(stripped) or stripped.startswith("- ") or stripped == "-"):
                # text over several lines without "|": YAML joins the lines and drops the blank ones
                pcol, pkey, pline, before, value = pending
                report(pline, "block-needed", f"“{pkey}”的文字有多行，键后面要写“|”，否则换行和空行都会丢失"
                                              f"（段落连成一段，表格并成一行）。请改成：`{before}|`"
                                              + (f"，再把“{value}”移到下一行（和下面的文字对齐）" if value else ""))
                block, block_indent, scalar_key = (pcol, pkey, pline), own, None
                continue
        if block is None and scalar_key is not None and own > scalar_key[0]:
            # the next line of a long plain value: any text, unless it is a key the value swallowed
            swallowed = _KEY_LINE.match(line.strip())
            if swallowed and swallowed["key"] in vocab.keys:
                prev_indent, prev_key, prev_line = scalar_key
                fixed = " " * prev_indent + f"{swallowed['key']}: {swallowed['after'].strip()}"
                report(n, "indent", f"“{swallowed['key']}”比第 {prev_line} 行的“{prev_key}”多缩进了 "
                                    f"{own - prev_indent} 个空格，会被当成“{prev_key}”的文字，内容就丢了。"
                                    f"请和“{prev_key}”对齐，改成：`{fixed}`")
            continue
        m = _LINE.match(line)
        assert m is not None  # _LINE matches every line (the text is split on "\n")
        indent_raw, dashes, rest = m["indent"], m["dashes"], m["rest"]
        col = len(indent_raw) + len(dashes)
        if block is not None:
            parent, bkey, bline = block
            if _ends_block(line, own, parent, indent_raw, vocab) or _titled_list(line, own, parent, lines, n, vocab):
                block = None  # the block ended; this line belongs to the mapping again
            else:
                want = " " * (block_indent if block_indent is not None else parent + 2)
                zh = _ZH_KEY_LINE.match(line.strip(" "))
                zh_key = zh["key"] if zh and own <= parent else None
                other = vocab.titles.get(zh_key) if zh_key else None
                report(n, "body-indent",
                       f"这一行是“{bkey}: |”（第 {bline} 行起）的正文，但缩进不够，YAML 会把它当成新的键而报错。"
                       f"正文每行前要有 {len(want)} 个空格（和正文第一行对齐），请改成：`{want}{line.strip(' ')}`"
                       + (f"。如果这一行不是正文，而是新的一项“{zh_key}”，键名要写英文：`{' ' * own}{other}:`"
                          if other else ""))
                continue
        if rest.startswith("#") and not dashes and not flow_quote:
            continue  # a comment line (not text of a quoted value going on in a flow collection)
        if flow:
            depth, flow_quote = _brackets(line, flow_quote)
            flow += depth
            continue
        above, item_text = item_text, None
        if indent_raw.strip(" ") or (dashes and _WIDE_AFTER_DASH.search(dashes)):  # not only spaces
            bad = [ch for ch in indent_raw + dashes if ch in _WIDE_SPACE]
            # an item: as its siblings (two full-width spaces are four columns: the item would join the one above)
            key_here = _KEY_LINE.match(rest)
            width = last_item if dashes and last_item is not None else \
                0 if dashes and not levels else \
                0 if not dashes and key_here and key_here["key"] in vocab.top and key_here["key"] not in vocab.nested else \
                levels[-1] if not dashes and levels and not opener and _KEY_LINE.match(rest) else _width(indent_raw)
            fixed = " " * width + dashes.replace("\u3000", " ").replace("\u00a0", " ").replace(
                "\t", " ") + rest
            report(n, "indent-char",
                   f"行首用了{_WIDE_SPACE[bad[0]]}缩进。YAML 只认半角空格：请把行首换成半角空格，改成：`{fixed}`")
            scalar_key, opener = None, True
            continue
        item_col = _misplaced_item(lines, n, indent_raw, dashes, rest)
        if item_col is not None:
            fixed = " " * item_col + dashes + rest
            report(n, "item-indent", f"这一项的“- ”和它下面的键对不齐：下面的键缩进了 {item_col + len(dashes)} 个空格，"
                                     f"所以“- ”前面应有 {item_col} 个空格（和同一列表的其他项对齐）。请改成：`{fixed}`")
            indent_raw, own = " " * item_col, item_col  # and read on as fixed: the item's keys are then in place
            col = item_col + len(dashes)
        deep = _item_too_deep(lines, n, indent_raw, dashes, rest) if item_col is None else None
        if deep is not None:
            item_col, item_line, key_line = deep
            d, last = own - item_col, n
            while last < len(lines) and (not lines[last].strip() or
                                         len(lines[last]) - len(lines[last].lstrip(" ")) > own):
                last += 1
            while last > n and not lines[last - 1].strip():
                last -= 1
            fixed_lines = [t[d:] if t.strip() else t for t in lines[n - 1:last]]
            shown = "、".join(f"`{t}`" for t in fixed_lines[1:6] if t.strip())
            key_name = _KEY_LINE.match(lines[key_line - 1].strip())
            report(n, "item-indent", f"这一项多缩进了 {d} 个空格：它的“- ”站在了第 {item_line} 行那一项的键的位置上"
                                     f"（第 {key_line} 行的“{key_name['key'] if key_name else ''}”后面），YAML 读不懂。"
                                     f"它是同一列表的下一项，“- ”要和第 {item_line} 行的“- ”对齐。请把"
                                     + (f"第 {n}–{last} 行都" if last > n else "这一行") + f"向左移 {d} 个空格"
                                     + (f"（下面的行改成 {shown}{'……' if last - n > 6 else ''}）" if shown else "")
                                     + f"，这一行改成：`{fixed_lines[0]}`", fix=fixed_lines[0])
            for k in range(n + 1, last + 1):  # read on as fixed
                shifted[k] = lines[k - 1] = fixed_lines[k - n]
            indent_raw, own = " " * item_col, item_col
            col = item_col + len(dashes)
        if dashes and above is not None and len(indent_raw) > above[0]:
            fixed = " " * above[0] + dashes + rest
            report(n, "indent", f"这一项比第 {above[1]} 行的上一项多缩进了 {len(indent_raw) - above[0]} 个空格，"
                                f"会被并进上一项的文字，这一项就丢了。请和上一项对齐，改成：`{fixed}`")
            item_text = above
            continue
        item = _BAD_ITEM.match(rest) if not dashes and (opener or last_item == len(indent_raw)) else None
        if item:  # －lianyungang-kexie, -lianyungang-kexie: a list item typed with a full-width dash or no space
            fixed = f"{indent_raw}- {item['value']}"
            report(n, "list-item", ("列表项要用半角减号“-”" if item["dash"] else "列表项的“-”后面要有一个空格")
                   + f"，否则整行会被当成一段文字。改成：`{fixed}`")
            scalar_key, opener, last_item = None, False, len(indent_raw)
            continue
        if dashes:  # a list item: the mappings inside the previous item are closed
            last_item = len(indent_raw)
            while levels and levels[-1] > len(indent_raw):
                levels.pop()
        elif rest.strip():
            last_item = None
        key_m = _KEY_LINE.match(rest)
        zh_m = None if key_m else _ZH_KEY_LINE.match(rest)
        place = (vocab.within or {}).get(zh_m["key"]) if zh_m and not indent_raw and not dashes else None
        if zh_m and place and vocab.titles.get(zh_m["key"]) not in vocab.top:  # 联系人: 陈玉清 on the first level
            parent, ptitle, want, items = place
            after = zh_m["after"].strip()
            report(n, "chinese-key", f"“{zh_m['key']}”要写在“{parent}”{'（' + ptitle + '）' if ptitle != parent else ''}下面，"
                                     + ("作为其中一项" if items else "缩进两个空格") +
                                     f"：文件里已有 `{parent}:` 就加在它下面，没有就先写一行 `{parent}:`，再写："
                                     f"`{'  - ' if items else '  '}{want}:{' ' + after if after else ''}`")
            lines[n - 1] = ""  # read on without it: the editor places it (a line added would shift the lines)
            scalar_key, opener = None, False
            continue
        if zh_m and zh_m["key"] in vocab.titles:
            want = vocab.titles[zh_m["key"]]
            after = zh_m["after"].strip()
            report(n, "chinese-key", f"键名要写英文：“{zh_m['key']}”请写成“{want}”。改成："
                                     f"`{indent_raw}{dashes}{want}:{' ' + after if after else ''}`")
            align(col, dashes)  # the mapping is open all the same: its other keys are not misaligned
            scalar_key, opener = None, not after
            continue
        if key_m is None and zh_m is None and not dashes and items_of is not None and own > items_of[0] \
                and not indent_raw.strip(" ") and rest[:1] not in "\"'[{|>&*!#-" \
                and (len(items_of) > 2 or _joined_below(lines, n, items_of[0])):
            # aliases: then a name a line without "- ": YAML joins the lines into one item (one line alone is one
            # item, which the list's own check tells)
            report(n, "list-item", f"“{items_of[1]}”是列表：每项一行，以“- ”开头。这一行前面没有“- ”，"
                                   f"会和上下几行连成一项。改成：`{indent_raw}- {rest.strip()}`")
            list_key = (*items_of[:2], True)
            continue
        if key_m is None:
            opener, scalar_key = bool(dashes) and not rest, None
            if dashes and rest and rest[0] not in "\"'|>[{&*!#":
                # a plain item (of the innermost list, `- - x`): a more indented "- " below would join its text
                item_text = (len(indent_raw) + dashes.rfind("-"), n)
            quote = _open_quote(rest)  # a quoted item, or a quoted key and value, that goes on
            quote_at = (n, indent_raw + dashes, rest[1:]) if quote and rest[:1] == quote else None
            if rest[:1] in ("[", "{"):  # a flow collection as a list item
                depth, flow_quote = _brackets(rest)
                flow = max(0, depth)
            continue
        key, colon, after = key_m["key"], key_m["colon"], key_m["after"]
        value = after.strip()
        if not value and key in vocab.lists:
            list_key = (col, key)
        if colon == "：":
            report(n, "fullwidth-colon", f"键“{key}”后面用了中文冒号“：”。键后面要用英文冒号加一个空格，改成："
                                         f"`{indent_raw}{dashes}{key}:{' ' + value if value else ''}`")
            align(col, dashes)  # the mapping is open all the same: its other keys are not misaligned
            scalar_key, opener = None, not value
            continue
        if after and not after[0].isspace() and key in vocab.keys and not after.startswith("//"):
            report(n, "no-space-after-colon", f"键“{key}”的冒号后面要有一个空格，否则整行会被当成一段文字。改成："
                                              f"`{indent_raw}{dashes}{key}: {after}`")
            align(col, dashes)  # the mapping is open all the same: its other keys are not misaligned
            scalar_key, opener = None, False
            continue
        if "\t" in after[: len(after) - len(after.lstrip())]:  # YAML reads it; fmt (ruamel) refuses the file
            report(n, "tab-after-colon", f"键“{key}”的冒号后面用了 Tab 字符，请改成一个半角空格："
                                         f"`{indent_raw}{dashes}{key}: {value}`")
        # alignment with the other keys of the same mapping
        if dashes:
            levels.append(col)
        else:
            popped = None
            while levels and levels[-1] > col:
                popped = levels.pop()
            if not levels or levels[-1] < col:
                if opener or not levels:
                    levels.append(col)
                else:
                    width = popped if popped is not None else levels[-1]
                    if popped is not None:
                        levels.append(popped)
                    report(n, "indent", f"缩进不一致：“{key}”缩进了 {col} 个空格，和同一层的键对不齐"
                                        f"（应为 {width} 个空格）。请改成：`{' ' * width}{rest}`")
                    scalar_key, opener = None, False
                    continue
        if value.startswith("- ") and key in vocab.keys:  # `issuers: - x`: YAML's message is English and vague
            first = value[2:].strip()
            in_brackets = first if first and not re.search(r"[,\[\]{}#'\"]|: |^[-?:&*!|>%@`]", first) else \
                "'" + first.replace("'", "''") + "'"
            report(n, "list-after-key", f"列表的“- ”不能写在键的同一行：把这一行改成两行，先写 `{indent_raw}{dashes}{key}:`，"
                                        f"下一行写 `{' ' * (col + 2)}- {first}`（前面 {col + 2} 个空格）",
                   fix=f"{indent_raw}{dashes}{key}: [{in_brackets}]")  # the same list on one line: the lines keep their numbers
            scalar_key, opener = None, False
            continue
        with_text = _BLOCK_WITH_TEXT.match(value) if value[:1] in ("|", ">") else None
        if with_text:
            report(n, "block-needed", f"“{value[0]}”后面不能接文字：“{key}”的文字要从下一行开始，每行前加空格缩进。"
                                      f"请改成：`{indent_raw}{dashes}{key}: {value[0]}`，"
                                      f"再把“{with_text['text'].strip()}”移到下一行（和下面的文字对齐）")
            block, block_indent = (col, key, n), None
            scalar_key, opener = None, False
            continue
        if value[:1] in ("|", ">") and _BLOCK.match(value):
            block, block_indent = (col, key, n), None
            scalar_key, opener = None, False
            continue
        closed = _QUOTED[value[0]].match(value) if value[:1] in ("'", '"') else None
        after_quote = value[closed.end():] if closed else ""
        if closed and after_quote.strip() and not after_quote.lstrip().startswith("#") and "\\" not in closed[0]:
            # `title: "…通知"（改）`: text added after a quoted value (YAML blamed the indentation)
            inner = closed[0][1:-1].replace("''", "'") if value[0] == "'" else closed[0][1:-1]
            whole = as_value(inner + after_quote.rstrip())
            if key in phones.FIELDS:  # "6889695" 转8001: the number as the archive writes it, 6889695-8001
                whole = f'"{phones.normalize(inner + after_quote)}"'
            report(n, "text-after-quote", f"引号后面还有文字“{after_quote.strip()}”：引号要把整个值括起来，或者不用引号。"
                                          f"请改成：`{indent_raw}{dashes}{key}: {whole}`")
            scalar_key, opener = None, False
            continue
        opener = not value or value.startswith("#")
        quote = _open_quote(value)
        quote_at = (n, f"{indent_raw}{dashes}{key}: ", value[1:]) if quote and value[:1] == quote else None
        if key in vocab.multiline and (not value or value[0] not in "[{\"'&*!#|>"):
            multi = (col, key, n, f"{indent_raw}{dashes}{key}: ", value)
        scalar_key = (col, key, n) if value and value[0] not in "[{\"'&*!#|>" else None
        if value[:1] in "[{":
            depth, flow_quote = _brackets(value)
            flow = max(0, depth)
        if scalar_key is not None and "#" in value and _HASHTAG.search(" " + value):
            cut = value[: value.index(" #")] if " #" in value else value
            quoted = as_value(value)
            report(n, "hash-comment",
                   f"值里“ #”之后的文字会被当作注释丢掉，只剩“{cut.strip()}”。如果“#”后面的文字是内容（如话题标签 #全国科技工作者日#），"
                   f"请给整个值加上引号：`{indent_raw}{dashes}{key}: {quoted}`", level="warning")
    return problems, "\n".join(lines)
