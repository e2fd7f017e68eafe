"""The one loader: data/**/*.yml → records with the line of every key, or problems.

Nothing else in the project reads YAML from data/. Values stay raw strings (dates
too: the timestamp resolver is removed) so that the schemas decide what they mean.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scitechday.data import registry
from scitechday.data.files import UnsafePath, kind_of, name_problem, read_regular
from scitechday.data.prelint import Vocabulary, needed, plain_suspect, prelint, vocabulary
from scitechday.data.problems import Problem, clip, os_reason, visible

MAX_FILE_BYTES = 1 << 20  # 1 MiB: a notice with its attachments is ~50 KB
MAX_NODES = 100_000  # values constructed from one file, aliases expanded
MAX_DEPTH = 40


_NULL = "tag:yaml.org,2002:null"


class Loader(yaml.CSafeLoader):
    """libyaml's safe loader without the timestamp resolver: dates stay strings."""


Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class DataLoader(Loader):
    """The loader for data/: the only tag that matters is null, so skip the regex resolvers."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0] and value in _NULLS:
                return _NULL
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)


@dataclass
class Record:
    type: str  # campaign | organization | profile | edition
    path: str  # as shown to people, e.g. data/campaigns/2019/x.yml
    data: dict
    lines: Mapping[tuple, int] = field(default_factory=dict)  # key path tuple → 1-based line; () → record

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else ""

    @property
    def line(self) -> int:
        return self.lines.get((), 1)

    def line_of(self, keypath: tuple) -> int:
        """The line of keypath, or of its nearest ancestor that has one."""
        while keypath not in self.lines and keypath:
            keypath = keypath[:-1]
        return self.lines.get(keypath, 1)


class _TooBig(Exception):
    pass


class _Builder:
    """Turns a composed node tree into plain values, recording lines, refusing duplicates."""

    def __init__(self, path: str, vocab: Vocabulary | None = None):
        self.path = path
        self.nodes = 0
        self.problems: list[Problem] = []
        self.lines: dict[tuple, int] = {}
        # whether the keyboard check (prelint) must read the text: with keys given, anything it could
        # name makes this True (a key not of the record type, a plain value over lines or holding a key)
        self.vocab = vocab
        self.keys = vocab.keys if vocab is not None else frozenset()
        self.suspect = vocab is None
        self.blocks: list[tuple[int, int, int]] = []  # (start line, end line, end column) of | and > scalars

    def build(self, node, keypath: tuple = (), depth: int = 0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _TooBig
        self.lines.setdefault(keypath, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _NULL:
                return None
            if not self.suspect and self.vocab is not None:
                style = node.style  # libyaml: "" for plain (PyYAML's own parser: None)
                if not style:
                    self.suspect = node.end_mark.line != node.start_mark.line or plain_suspect(node.value, self.vocab)
                elif style in ("|", ">"):
                    self.blocks.append((node.start_mark.line, node.end_mark.line, node.end_mark.column))
                elif node.end_mark.line != node.start_mark.line:  # a quoted value over lines: a quote left open?
                    self.suspect = True
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, keypath + (i,), depth + 1) for i, item in enumerate(node.value)]
        result = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.suspect = True
                self.problems.append(Problem(self.path, line, "bad-key", ".".join(map(str, keypath)),
                                             "键必须是简单文字，不能是列表或映射。"))
                continue
            key = key_node.value
            if not self.suspect and (key_node.style or key not in self.keys):  # a quoted key, or not the type's
                self.suspect = True
            if key == "<<":
                self.problems.append(Problem(self.path, line, "bad-key", key,
                                             "不支持 YAML 合并键“<<”，请把内容直接写出。"))
                continue
            if key in result:
                first = self.lines.get(keypath + (key,))
                message = f"键“{key}”重复（第 {first} 行已经出现过）。请删除或合并其中一个。"
                if key == "phone" and isinstance(value_node, yaml.ScalarNode) and value_node.value:
                    # a contact's second number: its place is other_phones, not a second phone: line
                    pad = " " * key_node.start_mark.column
                    message = (f"键“{key}”重复（第 {first} 行已经出现过）：一个联系人的第二个电话写在 other_phones 下。"
                               f"把这一行改成两行：`{pad}other_phones:`，下一行 `{pad}  - \"{value_node.value}\"`")
                self.problems.append(Problem(self.path, line, "duplicate-key", dotted(keypath + (key,)), message))
                continue
            self.lines[keypath + (key,)] = line
            result[key] = self.build(value_node, keypath + (key,), depth + 1)
        return result


def dotted(keypath: tuple) -> str:
    out = ""
    for part in keypath:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_YAML_HINTS = [
    ("found character '\\t'", "使用了 Tab 字符缩进。YAML 只能用空格缩进，请把 Tab 换成两个空格。"),
    # Never "use a full-width colon": for an over-indented key that hint turns the key into text.
    ("mapping values are not allowed", "这里不能出现冒号。如果这一行是一个新的键，它的缩进要和同一层的键对齐；"
                                       "如果英文冒号“:”是文字的一部分，请给整个值加上引号（如 title: '……: ……'）。"),
    ("could not find expected ':'", "找不到键后面的冒号“:”。请检查上一行是否缺少冒号，或引号是否没有成对。"),
    ("did not find expected key", "缩进不一致：同一层的键必须对齐。请检查这一行及上一行的缩进空格数。"),
    ("did not find expected '-' indicator", "列表项的缩进不一致：同一列表的“- ”必须对齐。"),
    ("found undefined alias", "引用了未定义的锚点（*名称）。"),
    ("block sequence entries are not allowed", "列表的“- ”不能写在键的同一行：键后面只写冒号，每项另起一行，"
                                               "写成“  - 值”（比键多缩进两个空格）。"),
    ("did not find expected comment or line break", "“|”或“>”后面不能接文字：多行文字从下一行开始，每行前加空格缩进。"),
    ("while scanning a quoted scalar", "引号没有闭合：这一行开始的引号找不到结尾的引号。"),
    ("found unexpected end of stream", "文件意外结束：可能有引号或括号没有闭合。"),
    ("found unknown escape character", "双引号中有无效的反斜杠转义。请改用单引号，或把“\\”写成“\\\\”。"),
    ("but found another document", "一个文件只能有一条记录（发现了第二个“---”文档）。"),
    ("expected a single document", "一个文件只能有一条记录（发现了第二个“---”文档）。"),
    ("found character that cannot start any token", "这一行有 YAML 不允许的字符（如行首的“@”或“`”）。请给整个值加上引号。"),
    ("special characters are not allowed", "文件含有不允许的控制字符。请删除不可见字符后另存为 UTF-8。"),
    ("invalid Unicode character escape code", "双引号中的“\\u…”转义不是有效的字符（如单独的代理项 \\ud800）。请删除它。"),
]


def _yaml_error(path: str, err: yaml.YAMLError, text: str = "") -> Problem:
    raw = f"{getattr(err, 'context', '') or ''} {getattr(err, 'problem', '') or ''}".strip() or str(err)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    context_mark = getattr(err, "context_mark", None)
    if "quoted scalar" in raw and context_mark is not None:
        mark = context_mark  # where the unclosed quote opens, not where the file ends
    line = mark.line + 1 if mark is not None else None
    if mark is not None and text:
        bad_line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
        if "\t" in bad_line[: mark.column + 1]:
            raw = "found character '\\t'"  # libyaml does not name the tab
    if isinstance(err, yaml.reader.ReaderError) and isinstance(err.position, int):
        # a raw control character: libyaml gives a character offset, no line
        line = text.encode("utf-8", "surrogatepass")[: err.position].count(b"\n") + 1 if text else None  # bytes
        code = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "\0")
        return Problem(path, line, "control-character", "",
                       f"文件中有不可见的控制字符 U+{code:04X}（第 {line} 行），YAML 不允许。"
                       "请删除它（通常是从网页或 Word 复制时带入的）。")
    hint = next((h for needle, h in _YAML_HINTS if needle in raw), None)
    message = f"YAML 语法错误：{hint}" if hint else f"YAML 语法错误（{raw}）。请检查这一行的缩进、冒号和引号。"
    return Problem(path, line, "yaml-syntax", "", message)


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text, or a problem that says which encoding it looks like and what to do."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (b"\x00" in raw[:4096]):
        return None, [Problem(path, None, "encoding", "",
                              "文件是 UTF-16 编码（或含有空字节）。请用编辑器“另存为”UTF-8（无 BOM）编码。")]
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(Problem(path, 1, "encoding-bom", "",
                                "文件开头有 BOM 标记。请另存为“UTF-8（无 BOM）”。", level="warning"))
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            what = "文件似乎是 GBK/GB18030 编码（中文 Windows 记事本等的旧默认编码）"
        except UnicodeDecodeError:
            what = "文件不是有效的 UTF-8 编码"
        return None, problems + [Problem(path, line, "encoding", "",
                                         f"{what}，第 {line} 行起无法按 UTF-8 读取。请用编辑器“另存为”UTF-8（无 BOM）编码。")]


def parse_text(text: str, path: str):
    """Parse one YAML document. Returns (value, lines, problems); value is None on failure."""
    value, lines, problems, _ = _parse(text, path)
    return value, lines, problems


def _parse(text: str, path: str, vocab: Vocabulary | None = None):
    """parse_text, and the builder (None on failure) that says whether prelint could find anything."""
    loader = DataLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as err:
            return None, {}, [_yaml_error(path, err, text)], None
        if node is None:
            return None, {}, [Problem(path, None, "empty-file", "", "文件是空的。请填写记录内容，或删除这个文件。")], None
        builder = _Builder(path, vocab)
        try:
            value = builder.build(node)
        except _TooBig:
            return None, {}, [Problem(path, node.start_mark.line + 1, "too-complex", "",
                                      f"文件展开后超过 {MAX_NODES} 个值或嵌套超过 {MAX_DEPTH} 层"
                                      "（可能是大量锚点/别名“&…/*…”互相引用）。请直接写出内容，不要使用别名。")], None
        return value, builder.lines, builder.problems, builder
    finally:
        loader.dispose()


def load_bytes(raw: bytes, path: str, rtype: str) -> tuple[list[Record], list[Problem]]:
    """One file's bytes → its records (one, or a list for editions.yml) and problems."""
    if len(raw) > MAX_FILE_BYTES:
        return [], [Problem(path, None, "file-too-large", "",
                            f"文件大小 {len(raw) // 1024} KB，超过上限 {MAX_FILE_BYTES // 1024} KB。"
                            "请把过长的附件拆分，或检查是否误放了其他文件。")]
    text, problems = decode(raw, path)
    if text is None:
        return [], problems
    # Parse first: the keyboard check (prelint) runs only when the parse failed or left a trace of
    # something it could name; otherwise it provably finds nothing (tests/test_prelint_skip.py compares).
    vocab = vocabulary(rtype)
    value, lines, more, builder = _parse(text, path, vocab)
    if builder is None or more or builder.suspect or needed(text, vocab, builder.blocks):
        lint, fixed = prelint(text, path, rtype)
        problems += lint
        if any(p.level == "error" for p in lint):
            # The YAML parser would blame the wrong line, or read the mistake as text: read the text as the
            # messages say to write it, so that what else is wrong is reported too (the errors keep it from a build).
            value, lines, more = parse_text(fixed, path)
    problems += more
    if value is None:
        if not more:  # `---`, `~` or `null` alone: a record that would vanish without a word
            problems.append(Problem(path, 1, "empty-file", "",
                                    "文件里没有记录（只有“---”“~”或“null”）。请填写记录内容，或删除这个文件。"))
        return [], problems
    if not registry.get(rtype).one_file_per_record:
        if not isinstance(value, list):
            return [], problems + [wrong_type(path, lines.get((), 1), "", value, "列表（每届一项，以“- ”开头）")]
        records = []
        for i, item in enumerate(value):
            sub = {k[1:]: v for k, v in lines.items() if k[:1] == (i,)}
            if not isinstance(item, dict):
                problems.append(wrong_type(path, lines.get((i,), 1), f"[{i}]", item, "键值对（映射）"))
                continue
            records.append(Record(rtype, path, item, sub))
        return records, problems
    if not isinstance(value, dict):
        return [], problems + [wrong_type(path, lines.get((), 1), "", value, "键值对（映射），如“title: …”")]
    elsewhere = belongs_elsewhere(value, rtype)
    if elsewhere is not None:  # checked as this folder's type, it would give a score of misleading errors
        where = elsewhere.path_of(Path("data"), str(value.get("id") or "<编号>"),
                                  value.get(elsewhere.year_field) if elsewhere.year_field else None).as_posix()
        return [], problems + [Problem(path, 1, "wrong-folder", "",
                                       f"这个文件是一条{elsewhere.label}记录（它的键都是{elsewhere.label}的），"
                                       f"不是{registry.get(rtype).label}：请把它移到 {where}。")]
    return [Record(rtype, path, value, lines)], problems


def belongs_elsewhere(value: dict, rtype: str):
    """The record type a file's record is, when it is not its folder's: every first-level key is that type's and
    at least two are not this one's (an organization saved into campaigns/2014/). None otherwise."""
    keys = {k for k in value if isinstance(k, str)}
    own = _top_keys(rtype)
    if len(keys - own) < 2:
        return None
    for other in registry.record_types():
        if other.name != rtype and other.one_file_per_record and keys <= _top_keys(other.name):
            return other
    return None


@functools.lru_cache(maxsize=None)
def _top_keys(rtype: str) -> frozenset:
    from scitechday.data.tables import shape

    return frozenset(shape(rtype).children)


def describe(value) -> str:
    if value is None:
        return "空值"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值对（映射）"
    return f"文字“{clip(value)}”"


def wrong_type(path: str, line: int | None, fieldname: str, value, expected: str) -> Problem:
    """A value of the wrong kind: a list where a mapping belongs, and so on."""
    return Problem(path, line, "wrong-type", fieldname, f"应为{expected}，实际是{describe(value)}。")


def discover(data_dir: Path, stats: dict[str, os.stat_result] | None = None
             ) -> tuple[list[tuple[str, str, str]], list[Problem]]:
    """The files under data_dir: (path, record type, path as shown), in a stable order.

    Walked with lstat only: symlinks, FIFOs, devices and sockets are problems and are never
    followed or opened; so are names Windows reserves (con.yml) and files where no record
    type lives (anything at the top level but editions.yml and the record folders).
    stats: filled with each file's lstat, so that validation stats every file once."""
    walk = _Walk(stats)
    try:
        top = sorted(os.scandir(data_dir), key=lambda e: e.name)
    except OSError as err:
        return [], [Problem(display_path(Path(data_dir)), None, "unreadable", "",
                            f"无法读取数据目录：{err.strerror}。")]
    types = {rt.folder: rt for rt in registry.record_types()}
    for entry, mode in walk.usable(top):
        rt = types.get(entry.name)
        if rt is not None and not rt.one_file_per_record and stat.S_ISREG(mode):
            walk.files.append((entry.path, rt.name, display_path(Path(entry.path))))
        elif rt is not None and rt.one_file_per_record and stat.S_ISDIR(mode):
            walk.folder(entry.path, rt.name)
        else:
            places = "、".join(name + ("/" if types[name].one_file_per_record else "") for name in sorted(types))
            walk.problem(entry.path, "stray-file", f"数据目录的顶层只能有 {places}：“{entry.name[:60]}”不属于任何"
                                                   "记录类型，不会被读取。请把记录移到对应的文件夹，或删除它。")
    return walk.files, walk.problems


class _Walk:
    def __init__(self, stats: dict[str, os.stat_result] | None = None):
        self.files: list[tuple[str, str, str]] = []
        self.problems: list[Problem] = []
        self.stats = stats

    def problem(self, full: str, code: str, message: str, level: str = "error") -> None:
        self.problems.append(Problem(visible(display_path(Path(full))), None, code, "", message, level))

    def usable(self, entries):
        """(entry, lstat mode) of the entries worth looking at; a problem for each special one."""
        for entry in entries:
            if entry.name.startswith("."):
                continue
            st = entry.stat(follow_symlinks=False)
            if self.stats is not None:
                self.stats[entry.path] = st
            mode = st.st_mode
            what = kind_of(mode)
            if what is not None:
                self.problem(entry.path, "special-file", f"这是{what}，不是普通文件：数据目录中的{what}不会被读取，"
                                                         "也不会被跟随。请删除它，放入文件本身。")
                continue
            why = name_problem(entry.name)
            if why:
                self.problem(entry.path, "bad-file-name", why)
                continue
            yield entry, mode

    def folder(self, path: str, rtype: str) -> None:
        """One record folder, depth first, in name order; never through a link."""
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as err:
            self.problem(path, "unreadable", f"无法读取文件夹：{err.strerror}。")
            return
        shown = display_path(Path(path)) + os.sep  # once per folder: relpath per file cost seconds at 100k files
        for entry, mode in self.usable(entries):
            if stat.S_ISDIR(mode):
                self.folder(entry.path, rtype)
            elif entry.name.endswith(".yml"):
                self.files.append((entry.path, rtype, shown + entry.name))
            elif entry.name.lower().endswith((".yaml", ".yml")):  # a record, never read: an error, not a warning
                right = entry.name.rsplit(".", 1)[0] + ".yml"
                self.problem(entry.path, "stray-file", f"这个文件不会被读取，里面的记录不会发布：数据目录只读取扩展名为 .yml"
                                                       f"（小写）的文件。请把文件改名为“{right}”。")
            else:
                self.problem(entry.path, "stray-file", "这个文件不会被读取：数据目录只读取 .yml 文件。", level="warning")


def display_path(path: Path) -> str:
    """Paths as editors and CI annotations want them: relative to the working directory, or whole when the data
    lies outside it (../../tmp/review/data/… sent an editor up folders to count)."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return os.path.abspath(path) if shown.split(os.sep, 1)[0] == os.pardir else shown


@dataclass
class Loaded:
    records: list[Record]
    problems: list[Problem]


def read_file(path: str, shown: str) -> tuple[bytes | None, list[Problem]]:
    """A data file's bytes (never through a link, never blocking on a FIFO), or a problem."""
    try:
        return read_regular(path, MAX_FILE_BYTES), []
    except UnsafePath as err:
        return None, [Problem(shown, None, "special-file", "", str(err))]
    except OSError as err:
        return None, [Problem(shown, None, "unreadable", "", f"无法读取文件：{os_reason(err)}。")]


def load_file(path: str, rtype: str, shown: str) -> tuple[list[Record], list[Problem]]:
    raw, problems = read_file(path, shown)
    return (load_bytes(raw, shown, rtype) if raw is not None else ([], problems))


def load(data_dir: Path) -> Loaded:
    """Load every record under data_dir (no cache; see cache.py for the incremental path)."""
    files, problems = discover(data_dir)
    records: list[Record] = []
    for path, rtype, shown in files:
        recs, probs = load_file(path, rtype, shown)
        records += recs
        problems += probs
    return Loaded(records, problems)
