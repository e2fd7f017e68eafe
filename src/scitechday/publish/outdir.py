"""Emptying the output folder before a clean build, and removing the old output once the new one is written.

MkDocs empties the output folder before a build (its clean_directory, a Python rmtree), once the
configuration is loaded and the data validated (the hooks' on_config): a build of invalid data leaves
the last site in place. A national site is some 53,000 files in 10,000 folders: removing them took
14–17 s of the build's own time, while the build needed the interpreter. Instead, at the same point
(on_pre_build, `scitechday build` only), what is in the folder is moved into a hidden folder beside it
(a rename each: instant), and MkDocs finds the folder empty.

A separate process removes what was moved aside once the new site is written (remove, called by
site.build before the search index), not while it is written: on ext4 without a journal, the inode
allocator passes over every inode freed in the last minute or more (fs/ext4/ialloc.c,
recently_deleted), so creating files beside a removal of 53,000 took about ten times the kernel time
(20,000 files: 2.5 s alone, 20–23 s right after 20,000 others were removed).

The folder beside the output is `.<name>.scitechday-old-<random>`; one left by a build that was killed is
removed by the next build (site.build calls remove after every build). When moving is not possible (the
output folder is a mount point, or its parent cannot be written), nothing is moved and MkDocs empties the
folder as before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

_REMOVE = "import os, shutil, sys\nos.nice(10)\nfor p in sys.argv[1:]:\n    shutil.rmtree(p, ignore_errors=True)"


def _marker(site_dir: Path) -> str:
    return f".{site_dir.name}.scitechday-old-"


_removing: list[subprocess.Popen] = []


def clear(site_dir: str | os.PathLike) -> None:
    """Move the visible contents of site_dir (MkDocs keeps hidden ones, such as .git) aside, into a folder
    that remove() removes. Nothing is moved when site_dir is missing, empty, or cannot be emptied so
    (then MkDocs empties it itself)."""
    site = Path(site_dir).resolve()
    parent = site.parent
    try:
        entries = [e for e in os.listdir(site) if not e.startswith(".")]
        same_device = os.stat(site).st_dev == os.stat(parent).st_dev
    except OSError:  # no output folder yet
        return
    if not (entries and same_device):
        return
    try:
        trash = tempfile.mkdtemp(prefix=_marker(site), dir=parent)
    except OSError:  # the parent folder cannot be written
        return
    try:
        for e in entries:
            os.rename(site / e, os.path.join(trash, e))
    except OSError:
        pass  # what is left in site_dir, MkDocs removes; what was moved goes with the rest (remove)


def remove(site_dir: str | os.PathLike) -> None:
    """Start removing, in a separate process, what clear() moved aside from site_dir, with any folder left
    by an earlier build that was stopped (wait() waits for that)."""
    site = Path(site_dir).resolve()
    try:
        old = sorted(str(site.parent / e) for e in os.listdir(site.parent) if e.startswith(_marker(site)))
    except OSError:
        return
    if old:
        _removing.append(subprocess.Popen([sys.executable, "-c", _REMOVE, *old], stdin=subprocess.DEVNULL))


def wait() -> None:
    """Until what remove() started is removed."""
    while _removing:
        _removing.pop().wait()
