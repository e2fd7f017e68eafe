"""Organizations by every name a notice may use them by: full name, short name, unique aliases."""

from __future__ import annotations

import re

from scitechday.editing.importer.text import squash

# What an issuing body's name ends with: used to tell an issuer line from a title line.
_DIGIT = re.compile(r"[0-9０-９]")  # no organization name is written with digits in a signature
ORG_END = re.compile(r"(?:科学技术协会|科协|学会|协会|研究会|委员会|科技局|科学技术局|局|厅|部|办公室|中心|大学|学院|"
                     r"研究院|研究所|政府|联合会|总队|支队|基金会|司|办公厅)$")


class OrgIndex:
    def __init__(self, orgs: list[dict]):
        self.by_name: dict[str, str] = {}
        self.shared: dict[str, list[str]] = {}  # an alias several organizations go by (市科协) → their ids
        alias_count: dict[str, int] = {}
        for o in orgs:
            for a in o.get("aliases") or []:
                alias_count[a] = alias_count.get(a, 0) + 1
        for o in orgs:
            for a in o.get("aliases") or []:
                if alias_count[a] > 1 and o["id"] not in self.shared.setdefault(squash(a), []):
                    self.shared[squash(a)].append(o["id"])
        for o in orgs:
            for name in [o.get("name"), o.get("short_name")] + [a for a in o.get("aliases") or []
                                                                 if alias_count.get(a) == 1]:
                if name:
                    self.by_name.setdefault(squash(name), o["id"])

    def find(self, name: str) -> str | None:
        return self.by_name.get(squash(name))

    def missing(self, name: str, role: str, then: str) -> str:
        """The TODO for a name find() does not know: several organizations go by it (choose), or none (add it)."""
        ids = self.shared.get(squash(name), [])
        if ids:
            return (f"{role}“{name}”是 {len(ids)} 个组织共用的简称（{'、'.join(sorted(ids))}）：请按原文确定是哪一个，"
                    f"{then}")
        return f"{role}“{name}”不在 data/organizations/ 中：请先用 scitechday new organization 添加，{then}"

    def prefix(self, text: str) -> tuple[str, str] | None:
        """The longest known name text starts with: (name, id)."""
        best = None
        for name, oid in self.by_name.items():
            if len(name) >= 3 and text.startswith(name) and (best is None or len(name) > len(best[0])):
                best = (name, oid)
        return best

    def inside(self, text: str) -> str | None:
        best = None
        for name, oid in self.by_name.items():
            if len(name) >= 3 and name in text and (best is None or len(name) > len(best[0])):
                best = (name, oid)
        return best[1] if best else None

    def split_names(self, line: str) -> list[str] | None:
        """A line of issuer names (a joint header or signature) → the names, or None if it is not one."""
        if len(line) > 160:  # four long names at most; a longer line is text
            return None
        parts = [squash(p) for p in re.split(r"\s+|[、，,]", line.strip()) if p.strip()]
        if parts and all(len(p) == 1 for p in parts):
            parts = ["".join(parts)]  # 测 试 科 协: one name spaced to fit
        merged: list[str] = []
        for p in parts:  # 中国科协 培训和人才服务中心: a name broken by a space
            if merged and not (self.find(merged[-1]) or ORG_END.search(merged[-1])):
                merged[-1] += p
            else:
                merged.append(p)
        if merged and all((self.find(p) or (ORG_END.search(p) and 3 <= len(p) <= 30 and not _DIGIT.search(p)))
                          for p in merged):  # a table's row (1  院士报告会  9月18日  图书馆报告厅) is no signature
            return merged
        return None
