"""Validated records → a resolved graph: campaigns ↔ organizations ↔ activities ↔ profiles.

Everything here is typed (dates are dates) and cross-linked both ways, so rendering
never looks anything up by id. Built only from data that passed validation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

from scitechday.data.load import Record
from scitechday.data.schema import labels, main_table
from scitechday.domain import docnum
from scitechday.domain.dates import is_vague, parse_iso

LEVELS = dict(main_table("organization").field("level")["x-enum-labels"])  # national → 全国, in rank order
PROFILE_KINDS = labels(main_table("profile").field("kind"))  # person → 个人, team → 团队

MODELS: dict[str, type] = {}  # record type → its model class
C = TypeVar("C")
T = TypeVar("T")


# model_of and link run only while this module is imported, before mutmut can switch a mutant on:
# their mutants cannot be killed by any test, so they are not generated (every test depends on them).

def model_of(rtype: str) -> Callable[[type[C]], type[C]]:
    """Register the model class of a record type (see data/registry.py)."""
    def register(cls: type[C]) -> type[C]:
        MODELS[rtype] = cls  # pragma: no mutate
        cls.record_type = rtype  # type: ignore[attr-defined]  # pragma: no mutate
        return cls
    return register


def link(**kwargs: Any) -> Any:
    """A field filled by resolving references, never read from the record as it is."""
    if "default" not in kwargs:  # pragma: no mutate
        return field(default_factory=list, metadata={"link": True}, **kwargs)  # pragma: no mutate
    return field(metadata={"link": True}, **kwargs)  # pragma: no mutate


@dataclass
class Span:
    start: dt.date | None
    end: dt.date | None
    text: str | None

    @property
    def vague(self) -> bool:
        return is_vague(self.text)


def _span(raw) -> Span | None:
    if not isinstance(raw, dict):
        return None
    span = Span(parse_iso(raw.get("start")), parse_iso(raw.get("end")), raw.get("text"))
    return span if (span.start or span.text) else None


@dataclass
class Source:
    title: str | None
    url: str | None
    file: str | None
    retrieved: dt.date | None
    note: str | None


def _sources(raw) -> list[Source]:
    return [Source(s.get("title"), s.get("url"), s.get("file"), parse_iso(s.get("retrieved")), s.get("note"))
            for s in raw or []]


@model_of("organization")
@dataclass(eq=False)
class Organization:
    id: str
    name: str
    short_name: str | None
    aliases: list[str]
    kind: str
    level: str | None
    region: str | None
    website: str | None
    address: str | None
    description: str | None
    sources: list[Source]
    parent: "Organization | None" = link(default=None)
    formed_in: "Campaign | None" = link(default=None)
    children: list["Organization"] = link()
    issued: list["Campaign"] = link()
    organized: list["Activity"] = link()
    partnered: list["Activity"] = link()
    contacts: list["Contact"] = link()
    honors_conferred: list["Honor"] = link()
    profiles: list["Profile"] = link()

    @property
    def is_team(self) -> bool:
        return self.kind == "科技志愿者队伍"

    @property
    def label(self) -> str:
        return self.name

    @property
    def ancestors(self) -> list["Organization"]:
        out, node = [], self.parent
        while node is not None and node not in out:
            out.append(node)
            node = node.parent
        return out[::-1]


@model_of("edition")
@dataclass(eq=False)
class Edition:
    id: str
    observance: str
    year: int
    edition: int | None
    date: dt.date | None
    theme: str | None
    note: str | None
    sources: list[Source]
    campaigns: list["Campaign"] = link()

    @property
    def label(self) -> str:
        nth = f"第{self.edition}个" if self.edition else ""
        return f"{self.year}年{nth}{self.observance}"


@dataclass(eq=False)
class Activity:
    campaign: "Campaign"
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


@dataclass(eq=False)
class Stage:
    campaign: "Campaign"
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
    campaign: "Campaign"
    position: int
    date: dt.date
    text: str | None
    what: str
    submitters: str | None
    recipient: str | None
    format: str | None


@dataclass(eq=False)
class Contact:
    campaign: "Campaign"
    name: str | None
    organization: Organization | None
    department: str | None
    phone: str | None
    fax: str | None
    email: str | None
    address: str | None


@dataclass(eq=False)
class Attachment:
    position: int
    title: str
    kind: str
    content: str | None
    notice: "Campaign | None"


@dataclass(eq=False)
class Reference:
    doc_number: str | None
    title: str
    issuer: Organization | None
    campaign: "Campaign | None"  # the referenced notice, when it is in the archive


@model_of("campaign")
@dataclass(eq=False)
class Campaign:
    id: str
    title: str
    kind: str
    doc_number: str | None
    issued: dt.date | None
    printed: dt.date | None
    observance: str
    year: int
    theme: str | None
    period: Span | None
    signature: str | None
    body: str
    addressees: list[str]
    modules: list[Module]
    sources: list[Source]
    issuers: list[Organization] = link()
    edition: Edition | None = link(default=None)
    stages: list[Stage] = link()
    activities: list[Activity] = link()
    deadlines: list[Deadline] = link()
    contacts: list[Contact] = link()
    attachments: list[Attachment] = link()
    based_on: list[Reference] = link()
    basis_of: list["Campaign"] = link()
    attached_to: list["Campaign"] = link()
    profiles: list["Profile"] = link()
    teams_formed: list[Organization] = link()

    @property
    def date(self) -> dt.date | None:
        """For ordering: the issue date, else the start of the period."""
        return self.issued or (self.period.start if self.period else None)

    @property
    def issuer_names(self) -> str:
        return "、".join(o.name for o in self.issuers)

    @property
    def regions(self) -> list[str]:
        return sorted({o.region for o in self.issuers if o.region})


@dataclass(eq=False)
class Honor:
    profile: "Profile"
    title: str
    year: int | None
    conferred_by: Organization | None
    campaign: Campaign | None


@model_of("profile")
@dataclass(eq=False)
class Profile:
    id: str
    name: str
    kind: str
    affiliation: str | None
    field: str | None
    region: str | None
    summary: str | None
    deeds: str | None
    photo: str | None
    photo_licence: str | None
    sources: list[Source]
    organization: Organization | None = link(default=None)
    honors: list[Honor] = link()
    mentioned_in: list[Campaign] = link()


@dataclass
class Archive:
    by_type: dict[str, list]  # record type → its model objects, in page order

    def of_type(self, rtype: str) -> list:
        """The objects of one record type (as the registry names it)."""
        return self.by_type.get(rtype, [])

    @property
    def campaigns(self) -> list[Campaign]:
        return self.by_type["campaign"]

    @property
    def organizations(self) -> list[Organization]:
        return self.by_type["organization"]

    @property
    def profiles(self) -> list[Profile]:
        return self.by_type["profile"]

    @property
    def editions(self) -> list[Edition]:
        return self.by_type["edition"]


def _ref(table: dict[str, T], key: object) -> T | None:
    """The record a reference names (None when the field is empty)."""
    return table.get(key) if isinstance(key, str) else None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _convert(annotation: str, value):
    """A raw YAML value (a string, a list, a mapping) as the model field's type."""
    if annotation.startswith("list["):
        return _sources(value) if annotation == "list[Source]" else list(value or [])
    if value is None:
        return None
    if annotation.startswith("dt.date"):
        return parse_iso(value)
    if annotation.startswith("Span"):
        return _span(value)
    if annotation.startswith("int"):
        return _int(value)
    return value


def from_data(cls: type[C], data: dict, **given: Any) -> C:
    """A model object by keyword: every plain field from the record (converted to its type), the rest given."""
    kwargs = dict(given)
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in given or not f.init or f.metadata.get("link"):
            continue
        if f.name in data or (f.default is MISSING and f.default_factory is MISSING):
            kwargs[f.name] = _convert(str(f.type), data.get(f.name))
    return cls(**kwargs)


def _campaign_items(c: Campaign, d: dict, orgs: dict[str, Organization]) -> None:
    c.stages = [from_data(Stage, s, campaign=c, position=i, period=_span(s))
                for i, s in enumerate(d.get("stages") or [], 1)]
    for i, a in enumerate(d.get("activities") or [], 1):
        act = from_data(Activity, a, campaign=c, position=i, organizers=[orgs[o] for o in a.get("organizers") or []],
                        partners=[orgs[o] for o in a.get("partners") or []])
        c.activities.append(act)
        for o in act.organizers:
            o.organized.append(act)
        for o in act.partners:
            o.partnered.append(act)
    c.deadlines = [from_data(Deadline, x, campaign=c, position=i) for i, x in enumerate(d.get("deadlines") or [], 1)]
    for x in d.get("contacts") or []:
        contact = from_data(Contact, x, campaign=c, organization=orgs.get(x.get("organization")))
        c.contacts.append(contact)
        if contact.organization:
            contact.organization.contacts.append(contact)


def _campaign_links(c: Campaign, d: dict, campaigns: dict[str, Campaign], orgs: dict[str, Organization],
                    by_doc: dict[str, Campaign], by_title: dict[str, Campaign]) -> None:
    """References between notices: what a notice is based on, and the notices attached to it."""
    for x in d.get("based_on") or []:
        target = _ref(by_doc, docnum.normalize(x.get("doc_number"))) or by_title.get(x["title"])
        c.based_on.append(from_data(Reference, x, issuer=_ref(orgs, x.get("issuer")), campaign=target))
        if target:
            target.basis_of.append(c)
    for i, a in enumerate(d.get("attachments") or [], 1):
        notice = campaigns.get(a.get("notice"))
        c.attachments.append(from_data(Attachment, a, position=i, notice=notice))
        if notice:
            notice.attached_to.append(c)


def _profile(d: dict, orgs: dict[str, Organization], campaigns: dict[str, Campaign]) -> Profile:
    p = from_data(Profile, d, organization=_ref(orgs, d.get("organization")))
    if p.organization:
        p.organization.profiles.append(p)
    for h in d.get("honors") or []:
        honor = from_data(Honor, h, profile=p, conferred_by=orgs.get(h.get("conferred_by")),
                          campaign=campaigns.get(h.get("campaign")))
        p.honors.append(honor)
        if honor.conferred_by:
            honor.conferred_by.honors_conferred.append(honor)
    p.mentioned_in = [campaigns[x] for x in d.get("mentioned_in") or []]
    for c in p.mentioned_in:
        c.profiles.append(p)
    return p


def build(records: list[Record]) -> Archive:
    """The resolved graph of validated records (dangling references would have been problems)."""
    raw = defaultdict(list)
    for r in records:
        raw[r.type].append(r.data)
    orgs = {d["id"]: from_data(Organization, d) for d in raw["organization"]}
    editions = {(e.observance, e.year): e for e in (from_data(Edition, d) for d in raw["edition"])}
    campaigns: dict[str, Campaign] = {}
    for d in raw["campaign"]:
        c = from_data(Campaign, d, modules=[from_data(Module, m) for m in d.get("modules") or []])
        campaigns[c.id] = c
        c.issuers = [orgs[i] for i in d.get("issuers") or []]
        for o in c.issuers:
            o.issued.append(c)
        c.edition = editions.get((c.observance, c.year))
        if c.edition:
            c.edition.campaigns.append(c)
        _campaign_items(c, d, orgs)
    by_doc = {norm: c for c in campaigns.values() if c.doc_number and (norm := docnum.normalize(c.doc_number))}
    by_title = {c.title: c for c in campaigns.values()}
    for d in raw["campaign"]:
        _campaign_links(campaigns[d["id"]], d, campaigns, orgs, by_doc, by_title)
    for d in raw["organization"]:
        o = orgs[d["id"]]
        o.parent = _ref(orgs, d.get("parent"))
        if o.parent:
            o.parent.children.append(o)
        o.formed_in = _ref(campaigns, d.get("formed_in"))
        if o.formed_in:
            o.formed_in.teams_formed.append(o)
    profiles = [_profile(d, orgs, campaigns) for d in raw["profile"]]
    order = lambda c: (c.date or dt.date(c.year, 1, 1), c.id)  # noqa: E731
    for o in orgs.values():
        o.children.sort(key=lambda x: x.id)
        o.issued.sort(key=order)
    for e in editions.values():
        e.campaigns.sort(key=order)
    by_type: dict[str, list] = {
        "campaign": sorted(campaigns.values(), key=order), "organization": sorted(orgs.values(), key=lambda o: o.id),
        "profile": sorted(profiles, key=lambda p: p.id),
        "edition": sorted(editions.values(), key=lambda e: (e.year, e.observance))}
    for rtype, cls in MODELS.items():  # a record type with no links of its own: its plain fields, by id
        if rtype not in by_type:
            by_type[rtype] = sorted((from_data(cls, d) for d in raw[rtype]), key=lambda x: x.id)
    return Archive(by_type)
