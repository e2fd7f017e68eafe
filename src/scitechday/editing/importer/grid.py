"""Tables printed in a notice's text → Markdown tables.

A .docx or web page table reaches the importer as tab-separated rows; a table copied from Word as text has its
columns aligned with runs of spaces. Kept as lines, each row was published as a paragraph with its cells run
together. A run of such rows is written as a Markdown table only when it is sure to be one: every row has the same
number of cells, and the first row is a header (short labels: no digits, no sentence). Otherwise the rows stay as
printed and the caller asks for the table in a TODO, with the lines to type (`example`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACED = re.compile(r" {2,}")
_LABEL = re.compile(r"^[^\d０-９:：，,。；;、！？!?（）()“”\"|]{1,12}$")


def cells(line: str) -> list[str] | None:
    """A row's cells: split at tabs (empty cells kept), or at runs of two or more spaces; None for a line that is
    no row (one cell)."""
    s = line.strip("\n")
    if "\t" in s:
        parts = [c.strip() for c in s.strip().split("\t")] if s.strip() else []
    else:
        parts = [c.strip() for c in _SPACED.split(s.strip())]
    return parts if len(parts) >= 2 and any(parts) else None


@dataclass
class Run:
    start: int  # index of its first line
    rows: list[list[str]]
    tabbed: bool  # read from tabs (a real table), not from aligned spaces

    @property
    def even(self) -> bool:
        return all(len(r) == len(self.rows[0]) for r in self.rows)

    @property
    def headed(self) -> bool:
        return all(_LABEL.match(c) for c in self.rows[0])

    @property
    def sure(self) -> bool:
        return self.even and self.headed and (len(self.rows) >= 2 or self.tabbed)

    def why(self) -> str:
        """Why it is not sure, as the TODO says it."""
        widths = sorted({len(r) for r in self.rows})
        return "、".join(([f"各行的格数不一（{widths[0]}～{widths[-1]} 格）"] if len(widths) > 1 else [])
                        + ([] if self.headed else ["第一行不是表头"])) or "只有一行"

    def markdown(self) -> str:
        def line(r: list[str]) -> str:
            return "| " + " | ".join(c.replace("|", "\\|") for c in r) + " |"
        return "\n".join([line(self.rows[0]), "| " + " | ".join("---" for _ in self.rows[0]) + " |",
                          *(line(r) for r in self.rows[1:])])


def runs(lines: list[str]) -> list[Run]:
    """The runs of table rows in lines: two rows or more (or one tab-separated row, a blank form's header)."""
    found: list[Run] = []
    k = 0
    while k < len(lines):
        row = cells(lines[k])
        if row is None:
            k += 1
            continue
        start, rows, tabbed = k, [], "\t" in lines[k]
        while k < len(lines) and (row := cells(lines[k])) is not None and ("\t" in lines[k]) == tabbed:
            rows.append(row)
            k += 1
        if len(rows) >= 2 or tabbed:
            found.append(Run(start, rows, tabbed))
    return found


def example(header: list[str] | None = None) -> str:
    """The lines to type for a Markdown table, in one line of a TODO: its header row (as printed, when known), the
    rule under it, then a row of data."""
    head = [c for c in header or [] if c] or ["单位", "联系人", "电话"]
    return (f"`| {' | '.join(head)} |`、`|{'|'.join(' --- ' for _ in head)}|`，下面每行数据一行（如 "
            f"`| {' | '.join('…' for _ in head)} |`），每行的格数与表头相同")


def columns(n: int) -> list[str]:
    """A header to show where the text prints none: the editor writes what each column is."""
    return [f"第{k}列" for k in range(1, n + 1)]


def tabulate(lines: list[str]) -> tuple[list[str], list[Run]]:
    """lines with each sure run of rows replaced by one Markdown table (a string of several lines); and the runs that
    are not sure, left as printed."""
    out: list[str] = []
    unsure: list[Run] = []
    at = 0
    for run in runs(lines):
        out += lines[at:run.start]
        if run.sure:
            out.append(run.markdown())
        else:
            out += lines[run.start:run.start + len(run.rows)]
            unsure.append(run)
        at = run.start + len(run.rows)
    return out + lines[at:], unsure
