"""Emptying the output folder before a clean build, without waiting for it.

MkDocs empties the output folder before a build (its clean_directory, a Python rmtree), once the
configuration is loaded and the data validated (the hooks' on_config): a build of invalid data leaves
the last site in place. A national
site is some 53,000 files in 10,000 folders: removing them took 14–17 s of the build's own time,
while the build needed the interpreter. Instead, at the same point (on_pre_build, `scitechday build`
only), what is in the folder is moved into a hidden
folder beside it (a rename each: instant), and a separate process removes that folder while the
build renders the pages. MkDocs then finds the folder empty.

The folder beside the output is `.<name>.scitechday-old-<random>`; one left by a build that was killed is
removed by the next clean build. When moving is not possible (the output folder is a mount point, or
its parent cannot be written), nothing is moved and MkDocs empties the folder as before.
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
    """Move the visible contents of site_dir (MkDocs keeps hidden ones, such as .git) aside and start
    removing them, with any left by an earlier build (wait() waits for that). Nothing is moved when
    site_dir is missing, empty, or cannot be emptied so (then MkDocs empties it itself)."""
    site = Path(site_dir).resolve()
    parent = site.parent
    try:
        entries = [e for e in os.listdir(site) if not e.startswith(".")]
        same_device = os.stat(site).st_dev == os.stat(parent).st_dev
    except OSError:  # no output folder yet
        return
    old = sorted(str(parent / e) for e in os.listdir(parent) if e.startswith(_marker(site)))
    if entries and same_device:
        try:
            trash = tempfile.mkdtemp(prefix=_marker(site), dir=parent)
        except OSError:  # the parent folder cannot be written
            trash = None
        if trash is not None:
            old.append(trash)
            try:
                for e in entries:
                    os.rename(site / e, os.path.join(trash, e))
            except OSError:
                pass  # what is left in site_dir, MkDocs removes; what was moved goes with the trash
    if old:
        _removing.append(subprocess.Popen([sys.executable, "-c", _REMOVE, *old], stdin=subprocess.DEVNULL))


def wait() -> None:
    """Until what clear() moved aside is removed."""
    while _removing:
        _removing.pop().wait()
