"""A problem found in the data: where it is, what it is, what to do (in Chinese)."""

from __future__ import annotations

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
    return "\n".join(p.text() for p in problems)


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
