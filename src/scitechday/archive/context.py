"""The build context: everything computed from data/ once, then shared by every output.

validate (through its cache) → records → the resolved model → calendar entries, and the
table rows when first asked for. `scitechday build`, `serve`, `export` and the MkDocs hook all
start from one `compute()`; nothing downstream loads, validates or flattens again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.data.load import Record
from scitechday.data.problems import Problem, format_problems
from scitechday.data.tables import Rows, flatten
from scitechday.data.validate import Report, validate
from scitechday.data.validate.runner import gc_paused

T = TypeVar("T")


class DataError(Exception):
    """The data did not validate: the message is what `scitechday validate` prints."""

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.level == "error"]
        self.problems = errors
        super().__init__(f"数据校验未通过（{len(errors)} 个错误），网站没有生成：\n" + format_problems(errors, "text"))


@dataclass
class Timings:
    """Wall time per step, in the order the steps ran."""

    steps: dict[str, float] = field(default_factory=dict)
    spans: list[tuple[str, float, float]] = field(default_factory=list)  # (step, start, end) in epoch seconds

    def run(self, name: str, fn: Callable[[], T]) -> T:
        start, wall = time.perf_counter(), time.time()
        try:
            return fn()
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - start
            self.spans.append((name, wall, time.time()))

    def table(self) -> str:
        width = max((len(k) for k in self.steps), default=0)
        return "\n".join(f"{name:<{width}}  {secs:7.3f} s" for name, secs in self.steps.items())


@dataclass
class Context:
    data_dir: Path
    report: Report
    records: list[Record]
    archive: model.Archive
    entries: list[cal.Entry]  # calendar entries, in calendar order
    timings: Timings
    keep: bool = False  # see compute
    _rows: dict[str, Rows] | None = None

    def wait_saved(self) -> None:
        """Until the validation cache is written (compute(keep=True) leaves that to the context's owner)."""
        if self.report.cache is not None:
            self.timings.run("validate (cache written)", self.report.wait_saved)

    @property
    def rows(self) -> dict[str, Rows]:
        """Every table's rows (the open data), made when first asked for: an incremental build asks once
        the search index of the record pages is under way (0.5–0.9 s at national scale)."""
        if self._rows is None:
            with gc_paused():
                self._rows = self.timings.run("tables", lambda: flatten(self.records, check=False)[0])  # their
                # shape was checked
            if self.keep:
                keep_for_build()
        return self._rows


def keep_for_build() -> None:
    """For the rest of a one-off build (`scitechday build`): move every object now alive (the context's
    records, rows, model and entries) out of the cyclic collector's sight (gc.freeze). They live until
    the build ends, and each full collection would walk them all again: at national scale, seven
    collections took 3 s of a 30 s incremental build. site.build hands them back (gc.unfreeze)."""
    import gc

    gc.freeze()


def compute(data_dir: Path, *, use_cache: bool = True, keep: bool = False) -> Context:
    """Validate (through the cache) and compute the model; DataError when the data is invalid.

    keep: the caller keeps the context for the rest of a one-off build (keep_for_build), done here before
    the collector runs again: its first collection would otherwise walk every record, row and model object
    made meanwhile (0.5–1 s at national scale)."""
    data_dir = Path(data_dir)
    timings = Timings()
    with gc_paused():  # millions of records, rows and model objects, none of them garbage
        # validation hands every record on (parsed once, or read back from its cache): nothing parses YAML again
        # the validation cache is written meanwhile the model is made (190 MB on a national archive's first run),
        # and in a one-off build (keep) meanwhile the pages are made: its owner waits (Context.wait_saved)
        report = timings.run("validate", lambda: validate(data_dir, use_cache=use_cache, records=True, save_behind=True))
        try:
            if not report.ok:
                raise DataError(report.problems)
            records = report.records or []
            archive = timings.run("model", lambda: model.build(records))
            entries = timings.run("calendar", lambda: cal.entries(archive))
        except BaseException:
            report.wait_saved()
            raise
        ctx = Context(data_dir, report, records, archive, entries, timings, keep)
        if keep:
            keep_for_build()
        else:
            ctx.wait_saved()
    return ctx
