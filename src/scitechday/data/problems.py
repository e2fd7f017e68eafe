"""A problem found in the data: where it is, what it is, what to do (in Chinese)."""

from __future__ import annotations

import errno
import json
import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, e.g. data/campaigns/2019/x.yml
    line: int | None  # 1-based; None when the problem concerns the whole file
    code: str  # stable English slug, e.g. unknown-key
    field: str  # dotted path inside the record, '' when none
    message: str  # Chinese, names the bad value and what is expected
    level: str = "error"  # error | warning

    def sort_key(self):
        return (self.path, self.line or 0, self.code, self.field, self.message)

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def text(self) -> str:
        """One line, whatever the data put into the path, field or message (a newline followed by a
        CI workflow command would otherwise be run by the log reader)."""
        field = f" {self.field}" if self.field else ""
        prefix = "警告 " if self.level == "warning" else ""
        return visible(f"{self.location()}: {prefix}{self.code}{field}: {self.message}")

    def github(self) -> str:
        kind = "warning" if self.level == "warning" else "error"
        props = f"file={_gh_escape_prop(self.path)}"
        if self.line:
            props += f",line={self.line}"
        props += f",title={_gh_escape_prop(self.code)}"
        field = f"{self.field}: " if self.field else ""
        return f"::{kind} {props}::{_gh_escape_data(field + self.message)}"


def _gh_escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(s: str) -> str:
    return _gh_escape_data(s).replace(":", "%3A").replace(",", "%2C")


def format_problems(problems: list[Problem], fmt: str) -> str:
    problems = sorted(problems, key=Problem.sort_key)
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=1)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    if fmt == "summary":
        return summary_table(problems)
    return "\n".join(p.text() for p in problems)


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, no line breaks, no HTML."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\r", " ").replace("\n", " "))


def summary_table(problems: list[Problem]) -> str:
    """Every problem as a Chinese Markdown table (the job summary of a CI run)."""
    errors = sum(p.level == "error" for p in problems)
    lines = [f"共 {errors} 个错误、{len(problems) - errors} 个警告。请按“怎么改”一栏修改对应文件的对应行。", "",
             "| 文件 | 行 | 级别 | 问题 | 字段 | 怎么改 |", "| --- | --- | --- | --- | --- | --- |"]
    for p in problems:
        lines.append(f"| `{_cell(p.path)}` | {p.line or ''} | {'警告' if p.level == 'warning' else '错误'} | "
                     f"{_cell(p.code)} | {_cell(p.field)} | {_cell(p.message)} |")
    return "\n".join(lines)


REASONS: dict[int | None, str] = {errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
           errno.EISDIR: "这是一个目录，不是文件", errno.ENOTDIR: "路径中有一段不是目录", errno.ENOSPC: "磁盘空间不足",
           errno.EROFS: "文件系统是只读的", errno.ELOOP: "符号链接形成了循环", errno.ENAMETOOLONG: "文件名太长"}


def os_reason(err: OSError) -> str:
    """Why a file could not be read or written, in Chinese."""
    return REASONS.get(err.errno, f"系统错误 {err.errno}" if err.errno else "未知原因")


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def visible(text: str) -> str:
    """Control characters shown as \\xNN/\\uNNNN: a quoted value or a file name can neither break
    a log line (a newline followed by a CI workflow command) nor hide itself."""
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                          else f"\\u{ord(m.group()):04x}", text)


def clip(value, limit: int = 60) -> str:
    """A value as a message may quote it: its first line, at most `limit` characters, so that a
    message never echoes more than the offending value's start (a body, a file read by mistake)."""
    text = str(value)
    first = visible(text.split("\n", 1)[0])
    if len(first) > limit:
        return first[:limit] + f"…（共 {len(text)} 个字符）"
    return first + ("…" if first != text else "")


_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "＂": "＂", "＇": "＇"}


def unquoted(value) -> str | None:
    """The value inside the Chinese quotes an editor typed around it (“全国科技工作者日” → 全国科技工作者日), or
    None when it is not so wrapped. YAML takes those quotes as part of the text."""
    if isinstance(value, str) and len(value) > 2 and _PAIRS.get(value[0]) == value[-1]:
        inner = value[1:-1].strip()
        return inner if inner and not any(q in inner for q in (value[0], value[-1])) else None
    return None


_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|^\s|\s$|:\s|:$|\s#")


def as_value(text: str) -> str:
    """Text as a one-line YAML value after `key: `, as a message tells it: plain where YAML reads it back as it is,
    else in single quotes (a colon, a " #", a leading "-" or quote)."""
    return text if text and not _PLAIN_UNSAFE.search(text) else "'" + text.replace("'", "''") + "'"


def quote_advice(value) -> str:
    """What to say about such quotes: remove them (empty when there are none)."""
    inner = unquoted(value)
    return f"两边的中文引号{value[0]}{value[-1]}也算作内容：请去掉引号，写成 {inner}。" if inner else ""
