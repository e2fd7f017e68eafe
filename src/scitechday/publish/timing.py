"""Step timings of a build, for benchmarks/build.py: off unless SCITECHDAY_TIMINGS names a file.

Each finished step appends one JSON line {"step", "start", "end"} (wall-clock seconds),
so the benchmark, which samples the memory of the whole process tree, can tell which
step held the peak. Costs nothing when the variable is unset.
"""

from __future__ import annotations

import contextlib
import json
import os
import time

ENV = "SCITECHDAY_TIMINGS"


@contextlib.contextmanager
def step(name: str):
    start = time.time()
    try:
        yield
    finally:
        record(name, start, time.time())


def record(name: str, start: float, end: float) -> None:
    path = os.environ.get(ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"step": name, "start": start, "end": end}) + "\n")


_marks: dict[str, float] = {}


def mark(name: str) -> None:
    """Remember a moment (e.g. when MkDocs took over) to close a step at a later mark."""
    _marks[name] = time.time()


def since(mark_name: str, name: str) -> None:
    """Record the step `name` from an earlier mark until now."""
    if mark_name in _marks:
        record(name, _marks.pop(mark_name), time.time())
