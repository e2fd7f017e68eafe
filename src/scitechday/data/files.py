"""Reading and writing files under data/ without following links or opening special files.

data/ comes from pull requests: a symlink to /dev/zero, /etc/passwd or a file outside the
repository, a FIFO, or a file named `con.yml` (which Windows cannot check out) must become a
problem with a Chinese message, never be opened. The walk uses lstat only; reads open with
O_NOFOLLOW | O_NONBLOCK and check that what was opened is a regular file; writes (fmt, import,
new) refuse any path that leaves the data folder or passes through a link.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from scitechday.data.problems import visible

# Names Windows reserves for devices, with any extension (con.yml, aux.txt, com1.yml)
RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?", re.I)
WINDOWS_BAD = re.compile(r'[<>:"|?*\\\x00-\x1f]|[. ]$')


class UnsafePath(Exception):
    """A path that must not be read or written; the message is Chinese and names the path."""


def kind_of(mode: int) -> str | None:
    """Chinese name of a file that is neither a regular file nor a directory; None for those two."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def name_problem(name: str) -> str | None:
    """Why a file name cannot live in the repository (it breaks checkouts on Windows), or None."""
    if RESERVED.fullmatch(name):
        return f"文件名“{name}”是 Windows 保留的设备名，这个仓库在 Windows 上无法检出。请改名（如加上前缀）。"
    if WINDOWS_BAD.search(name):
        return (f"文件名“{visible(name[:60])}”含有 Windows 不允许的字符（< > : \" | ? * \\ 或控制字符），"
                "或以点、空格结尾。请改名。")
    return None


def read_regular(path: str | os.PathLike, limit: int) -> bytes:
    """A regular file's bytes, at most limit + 1 of them (so the caller can say it is too large).

    Never follows a symlink (O_NOFOLLOW) and never blocks on a FIFO (O_NONBLOCK); raises
    UnsafePath when the path is not a regular file, OSError when it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UnsafePath("这是一个符号链接：数据目录中的链接不会被读取。请放入文件本身。") from None
        raise
    try:
        what = kind_of(os.fstat(fd).st_mode)
        if what is not None or stat.S_ISDIR(os.fstat(fd).st_mode):
            raise UnsafePath(f"这是{what or '目录'}，不是普通文件，不会被读取。请删除它。")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_inside(path: Path, root: Path) -> None:
    """Refuse a path that leaves root or goes through a symlink (every component is lstat-ed)."""
    root = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    try:
        rel = target.relative_to(root)
    except ValueError:
        raise UnsafePath(f"{path} 不在数据目录 {root} 之内，不会写入。") from None
    if ".." in rel.parts:
        raise UnsafePath(f"{path} 不在数据目录之内，不会写入。")
    node = root
    if node.is_symlink():
        raise UnsafePath(f"数据目录 {root} 是一个符号链接，不会写入。")
    for part in rel.parts:
        node = node / part
        try:
            mode = os.lstat(node).st_mode
        except FileNotFoundError:
            return  # the rest does not exist yet: it will be created as real folders
        if stat.S_ISLNK(mode):
            raise UnsafePath(f"{node} 是一个符号链接，不会通过它写入。请换成真实的文件夹或文件。")
        if node != target and not stat.S_ISDIR(mode):
            raise UnsafePath(f"{node} 不是文件夹，无法写入。")


def write_new(path: Path, text: str, root: Path) -> None:
    """Create path (and its folders) under root; never overwrite, never write through a link."""
    check_inside(path, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_inside(path, root)  # nothing was swapped for a link while the folders were made
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def replace(path: Path, text: str, root: Path) -> None:
    """Rewrite an existing regular file under root: a new file beside it, then an atomic rename
    (a rename replaces a link itself, never the file it points to)."""
    check_inside(path, root)
    mode = os.lstat(path).st_mode
    if not stat.S_ISREG(mode):
        raise UnsafePath(f"{path} 不是普通文件，不会改写。")
    tmp = path.with_name(f".{path.name}.fmt-tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), stat.S_IMODE(mode))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
