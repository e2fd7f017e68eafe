"""Organizations by every name a notice may use them by: full name, short name, unique aliases."""

from __future__ import annotations

import re

from scitechday.editing.importer.text import squash

# What an issuing body's name ends with: used to tell an issuer line from a title line.
_DIGIT = re.compile(r"[0-9０-９]")  # no organization name is written with digits in a signature
ORG_END = re.compile(r"(?:科学技术协会|科协|学会|协会|研究会|委员会|科技局|科学技术局|局|厅|部|办公室|中心|大学|学院|"
                     r"研究院|研究所|政府|联合会|总队|支队|基金会|司|办公厅)$")


# An alias that names a body by its level (省科协, 市科协, 本会): it means the issuer's own, or the one above it.
RELATIVE = re.compile(r"^(?:省|市|州|县|区|旗|盟|镇|乡|本|我)(?:科学技术协会|科协|学会|协会|研究会|科技局|科学技术局|会)$")


class OrgIndex:
    def __init__(self, orgs: list[dict]):
        self.by_name: dict[str, str] = {}
        self.shared: dict[str, list[str]] = {}  # an alias several organizations go by (市科协) → their ids
        self.relative: dict[str, list[str]] = {}  # 省科协 → the organizations with that alias (see near)
        self.parent = {o["id"]: o.get("parent") for o in orgs}
        self.near: set[str] = set()  # the issuers and the bodies above them: what a relative alias can mean
        alias_count: dict[str, int] = {}
        for o in orgs:
            for a in o.get("aliases") or []:
                alias_count[a] = alias_count.get(a, 0) + 1
        for o in orgs:
            for a in o.get("aliases") or []:
                if RELATIVE.match(squash(a)):
                    self.relative.setdefault(squash(a), []).append(o["id"])
                if alias_count[a] > 1 and o["id"] not in self.shared.setdefault(squash(a), []):
                    self.shared[squash(a)].append(o["id"])
        for o in orgs:
            for name in [o.get("name"), o.get("short_name")] + [a for a in o.get("aliases") or []
                                                                 if alias_count.get(a) == 1 and not RELATIVE.match(squash(a))]:
                if name:
                    self.by_name.setdefault(squash(name), o["id"])

    def issued_by(self, issuers: list[str]) -> None:
        """The notice's issuers: a relative alias (省科协) then means one of them or a body above them, in their
        province, never the one organization of the archive that has it (江苏 for a notice of another province)."""
        self.near = set()
        for issuer in issuers:
            oid: str | None = issuer
            while oid and oid not in self.near and len(self.near) < 1000:  # (a parent cycle ends where it began)
                self.near.add(oid)
                oid = self.parent.get(oid)

    def find(self, name: str) -> str | None:
        key = squash(name)
        if key in self.by_name:
            return self.by_name[key]
        near = [oid for oid in self.relative.get(key, []) if oid in self.near]
        return near[0] if len(near) == 1 else None

    def missing(self, name: str, role: str, then: str) -> str:
        """The TODO for a name find() does not know: several organizations go by it (choose), or none (add it)."""
        if squash(name) in self.relative and not self.shared.get(squash(name)):
            return (f"{role}“{name}”是按层级的简称，要看发文机关是哪里的：请按原文确定是哪个组织（档案中还没有时先用 "
                    f"scitechday new organization 添加），{then}")
        ids = self.shared.get(squash(name), [])
        if ids:
            return (f"{role}“{name}”是 {len(ids)} 个组织共用的简称（{'、'.join(sorted(ids))}）：请按原文确定是哪一个，"
                    f"{then}")
        return f"{role}“{name}”不在 data/organizations/ 中：请先用 scitechday new organization 添加，{then}"

    def _names(self):
        """Every name find() knows now: the names and unique aliases, and the relative aliases the issuers
        give a meaning."""
        yield from self.by_name.items()
        for alias in self.relative:
            oid = self.find(alias)
            if oid:
                yield alias, oid

    def prefix(self, text: str) -> tuple[str, str] | None:
        """The longest known name text starts with: (name, id)."""
        best = None
        for name, oid in self._names():
            if len(name) >= 3 and text.startswith(name) and (best is None or len(name) > len(best[0])):
                best = (name, oid)
        return best

    def inside(self, text: str) -> str | None:
        best = None
        for name, oid in self._names():
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
