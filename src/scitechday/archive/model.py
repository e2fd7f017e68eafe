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

from scitechday.archive.parts import (
    Activity,
    Attachment,
    Award,
    Contact,
    Deadline,
    Link,
    Module,
    Organizer,
    Reference,
    Seal,
    Source,
    Span,
    Stage,
    sources,
    span,
)
from scitechday.data.load import Record
from scitechday.data.schema import labels, main_table
from scitechday.domain import docnum
from scitechday.domain.dates import parse_iso, parse_partial

LEVELS = dict(main_table("organization").field("level")["x-enum-labels"])  # national → 全国, in rank order
PROFILE_KINDS = labels(main_table("profile").field("kind"))  # person → 个人, team → 团队

MODELS: dict[str, type] = {}  # record type → its model class
MonthOrDay = dt.date  # a date field that also takes a month as printed (schemas: x-month): dates.MonthDate
__all__ = ["Activity", "Archive", "Attachment", "Award", "Campaign", "Contact", "Deadline", "Edition", "Link", "Module",
           "Organization", "Organizer", "Profile", "Reference", "Seal", "Source", "Span", "Stage", "build"]
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
    roles: list["Organizer"] = link()  # the notices naming it 主办单位, 承办单位 …
    sealed: list["Campaign"] = link()  # the notices it sealed on another's behalf (代章)
    honors_received: list["Award"] = link()  # entries of notices' award lists naming it
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


@model_of("campaign")
@dataclass(eq=False)
class Campaign:
    id: str
    title: str
    kind: str
    doc_number: str | None
    issued: MonthOrDay | None  # a MonthDate when printed with its month only
    printed: dt.date | None
    observances: list[str]
    year: int
    theme: str | None
    period: Span | None
    signature: str | None
    body: str
    addressees: list[str]
    cc: list[str]
    modules: list[Module]
    sources: list[Source]
    issuers: list[Organization] = link()
    sealed_by: Seal | None = link(default=None)
    organizers: list[Organizer] = link()
    editions: list[Edition] = link()  # one per observance that has its edition (validated: all of them)
    links: list[Link] = link()
    honors: list[Award] = link()
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
    def edition(self) -> Edition | None:
        """The edition of the notice's first observance."""
        return self.editions[0] if self.editions else None

    @property
    def observance_label(self) -> str:
        return "、".join(self.observances)

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


def _list(value) -> list:
    return list(value or [])


def _unless_none(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else parse(value)


def _converter(annotation: str) -> Callable[[Any], Any] | None:
    """How a raw YAML value (a string, a list, a mapping) becomes a model field of this type (None: as it is)."""
    if annotation.startswith("list["):
        return sources if annotation == "list[Source]" else _list
    for prefix, parse in (("dt.date", parse_iso), ("MonthOrDay", parse_partial), ("Span", span), ("int", _int)):
        if annotation.startswith(prefix):
            return _unless_none(parse)
    return None


Plan = tuple[tuple[str, Callable[[Any], Any] | None, bool], ...]
_PLANS: dict[type, Plan] = {}


def _plan(cls: type) -> Plan:
    """A model class's plain fields, worked out once per class: (name, converter, required: it has no default)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple((f.name, _converter(str(f.type)), f.default is MISSING and f.default_factory is MISSING)
                                   for f in fields(cls) if f.init and not f.metadata.get("link"))
    return plan


def from_data(cls: type[C], data: dict, **given: Any) -> C:
    """A model object by keyword: every plain field from the record (converted to its type), the rest given."""
    kwargs = given  # a new dict each call (**given): filled in place
    for name, convert, required in _plan(cls):
        if name not in given and (required or name in data):
            value = data.get(name)
            kwargs[name] = value if convert is None else convert(value)
    return cls(**kwargs)


def _campaign_items(c: Campaign, d: dict, orgs: dict[str, Organization]) -> None:
    c.stages = [from_data(Stage, s, campaign=c, position=i, period=span(s))
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
    _campaign_parties(c, d, orgs)


def _campaign_parties(c: Campaign, d: dict, orgs: dict[str, Organization]) -> None:
    """Organizer roles, the seal (代章), links and award lists: who else the notice names, and how."""
    for x in d.get("organizers") or []:
        role = Organizer(_ref(orgs, x.get("organization")), x.get("name"), x["role"], c)
        c.organizers.append(role)
        if role.organization:
            role.organization.roles.append(role)
    seal = d.get("sealed_by")
    if isinstance(seal, dict) and (seal.get("organization") or seal.get("name")):
        c.sealed_by = Seal(_ref(orgs, seal.get("organization")), seal.get("name"), seal.get("for"))
        if c.sealed_by.organization:
            c.sealed_by.organization.sealed.append(c)
    c.links = [from_data(Link, x) for x in d.get("links") or []]
    for i, x in enumerate(d.get("honors") or [], 1):
        award = from_data(Award, x, campaign=c, position=i, organization=_ref(orgs, x.get("organization")))
        c.honors.append(award)
        if award.organization:
            award.organization.honors_received.append(award)


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
        c.editions = [e for o in c.observances if (e := editions.get((o, c.year)))]
        for e in c.editions:
            e.campaigns.append(c)
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
