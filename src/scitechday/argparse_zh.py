"""The command line's own messages in Chinese: argparse's usage, help headings and errors.

argparse looks its messages up through gettext (`argparse._`); while our parser builds
and parses, that lookup answers from this table. Anything not listed stays as argparse
writes it.
"""

from __future__ import annotations

import argparse
import contextlib

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s。请运行 scitechday --help 查看可用的命令和选项",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 至少要给出一个",
    "expected one argument": "后面要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 无效（应为 %(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选的值；可选：%(choices)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "not allowed with argument %s": "不能和参数 %s 一起使用",
    "ignored explicit argument %r": "多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
TYPES = {"int": "整数", "float": "数字"}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "后面要跟 %s 个值"
    return singular if n == 1 else plural


@contextlib.contextmanager
def chinese():
    """argparse speaks Chinese inside this block."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose messages are Chinese (type names too: 整数, not int)."""

    def parse_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_args(args, namespace)

    def format_help(self) -> str:
        with chinese():
            return super().format_help()

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def error(self, message: str):
        for english, zh in TYPES.items():
            message = message.replace(f"（应为 {english}）", f"（应为{zh}）")
        super().error(message)
