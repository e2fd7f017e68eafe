"""The parts of a notice in the resolved graph: spans of time, sources, and the items a campaign
lists (stages, activities, deadlines, contacts, attachments, references, organizer roles, links,
award lists). `model.py` builds them; they are plain dataclasses, typed (dates are dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scitechday.domain.dates import is_vague, parse_iso

if TYPE_CHECKING:
    from scitechday.archive.model import Campaign, Organization


@dataclass
class Span:
    start: dt.date | None
    end: dt.date | None
    text: str | None

    @property
    def vague(self) -> bool:
        return is_vague(self.text)


def span(raw) -> Span | None:
    if not isinstance(raw, dict):
        return None
    out = Span(parse_iso(raw.get("start")), parse_iso(raw.get("end")), raw.get("text"))
    return out if (out.start or out.text) else None


@dataclass
class Source:
    title: str | None
    url: str | None
    file: str | None
    retrieved: dt.date | None
    note: str | None


def sources(raw) -> list[Source]:
    return [Source(s.get("title"), s.get("url"), s.get("file"), parse_iso(s.get("retrieved")), s.get("note"))
            for s in raw or []]


@dataclass(eq=False)
class Activity:
    campaign: Campaign
    position: int
    title: str
    category: str | None
    period: Span | None
    location: str | None
    audience: str | None
    scale: str | None
    description: str | None
    organizers: list[Organization]
    partners: list[Organization]
    responsible: str | None = None  # 负责人 or 责任部门 as printed


@dataclass(eq=False)
class Stage:
    campaign: Campaign
    position: int
    name: str
    period: Span | None
    focus: str | None


@dataclass
class Module:
    name: str
    description: str | None


@dataclass(eq=False)
class Deadline:
    campaign: Campaign
    position: int
    date: dt.date
    text: str | None
    what: str
    submitters: str | None
    recipient: str | None
    format: str | None
    email: str | None = None  # where to send it: an address …
    url: str | None = None  # … or a submission page


@dataclass(eq=False)
class Contact:
    campaign: Campaign
    name: str | None
    organization: Organization | None
    department: str | None
    phone: str | None
    fax: str | None
    email: str | None
    address: str | None
    other_phones: list[str] = field(default_factory=list)

    @property
    def phones(self) -> list[str]:
        return [p for p in [self.phone, *self.other_phones] if p]


@dataclass(eq=False)
class Attachment:
    position: int
    title: str
    kind: str
    content: str | None
    notice: Campaign | None


@dataclass(eq=False)
class Reference:
    doc_number: str | None
    title: str
    issuer: Organization | None
    campaign: Campaign | None  # the referenced notice, when it is in the archive


@dataclass(eq=False)
class Party:
    """An organization named by a notice: by id when it is in the archive, else by its name as printed."""
    organization: Organization | None
    name: str | None

    @property
    def label(self) -> str:
        return self.name or (self.organization.name if self.organization else "")


@dataclass(eq=False)
class Organizer(Party):
    role: str = "主办单位"  # 指导单位, 主办单位, 承办单位, 协办单位 …
    campaign: Campaign | None = None  # the notice naming it


@dataclass(eq=False)
class Seal(Party):
    """An issuer printed “X（代章）”: X sealed the notice on behalf of `for_` (as printed), or of all the issuers."""
    for_: str | None = None


@dataclass(eq=False)
class Link:
    kind: str  # registration, qr, livestream, other
    title: str | None
    url: str | None
    time: str | None


@dataclass(eq=False)
class Award:
    """One entry of a notice's award or 公示 list: a person, team, organization or project."""
    campaign: Campaign
    position: int
    title: str
    kind: str  # organization, project, person, team
    name: str
    organization: Organization | None
    affiliation: str | None
