"""Tables printed in a notice's text, and how a TODO shows the Markdown table to write for one."""

from __future__ import annotations


def example(header: list[str] | None = None) -> str:
    """The lines to type for a Markdown table, in one line of a TODO: its header row (as printed, when known), the
    rule under it, then a row of data."""
    head = [c for c in header or [] if c] or ["单位", "联系人", "电话"]
    return (f"`| {' | '.join(head)} |`、`|{'|'.join(' --- ' for _ in head)}|`，下面每行数据一行（如 "
            f"`| {' | '.join('…' for _ in head)} |`），每行的格数与表头相同")
