"""Listings split into pages of a bounded size: a national archive lists thousands of notices.

Groups (a year, a province, an honour) are packed in order onto pages of at most SIZE items;
a group larger than a page is continued on the next under the same heading. A listing that
fits is one page, as before. Page n of `notices/index.md` is `notices/index_p<n>.md`: record
ids never hold "_", so these never meet a record's page.
"""

from __future__ import annotations

from collections import Counter

SIZE = 200


def page_src(src: str, n: int) -> str:
    return src if n == 1 else f"{src[:-3]}_p{n}.md"


def pack(groups: list[tuple], size: int = SIZE, weight=len, split: bool = True) -> list[list[tuple]]:
    """[(heading, items)] or [(anchor, heading, items)] → pages of groups, each page at most `size` items (by `weight(items)`).
    split: a group too large for one page is cut into pieces under the same heading."""
    pages: list[list[tuple]] = [[]]
    used = 0
    for group in groups:
        *head, items = group  # (heading, items) or (anchor, heading, items)
        w = weight(items)
        if split and w > size:
            for k in range(0, len(items), size):
                part = items[k:k + size]
                if pages[-1] and used + len(part) > size:
                    pages.append([])
                    used = 0
                pages[-1].append((*head, part))
                used += len(part)
            continue
        if pages[-1] and used + w > size:
            pages.append([])
            used = 0
        pages[-1].append(group)
        used += w
    return pages


def pager(src: str, pages: list[list[tuple]], label=lambda heading: str(heading)) -> list[dict]:
    """The pager of a listing: [{n, src, label}] (empty when it is one page). A page is labelled by its first
    and last headings; pages that would share a label (a year over five pages) are numbered: 2026年 2/5."""
    if len(pages) < 2:
        return []
    labels = []
    for groups in pages:
        first, last = label(groups[0][-2]), label(groups[-1][-2])  # the heading: the element before the items
        labels.append(first if first == last else f"{first}—{last}")
    total = Counter(labels)
    seen: dict[str, int] = {}
    out = []
    for n, name in enumerate(labels, 1):
        if total[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name} {seen[name]}/{total[name]}"
        out.append(dict(n=n, src=page_src(src, n), label=name))
    return out
