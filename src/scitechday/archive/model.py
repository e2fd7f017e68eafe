"""Validated records → a resolved graph: campaigns ↔ organizations ↔ activities ↔ profiles.

Everything here is typed (dates are dates) and cross-linked both ways, so rendering
never looks anything up by id. Built only from data that passed validation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from scitechday.domain import docnum
from scitechday.domain.dates import is_vague, parse_iso
from scitechday.data.load import Record

LEVELS = {"national": "全国", "provincial": "省级", "prefecture": "地市级", "county": "县级"}


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
    parent: "Organization | None" = None
    formed_in: "Campaign | None" = None
    children: list["Organization"] = field(default_factory=list)
    issued: list["Campaign"] = field(default_factory=list)
    organized: list["Activity"] = field(default_factory=list)
    partnered: list["Activity"] = field(default_factory=list)
    contacts: list["Contact"] = field(default_factory=list)
    honors_conferred: list["Honor"] = field(default_factory=list)
    profiles: list["Profile"] = field(default_factory=list)

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
    campaigns: list["Campaign"] = field(default_factory=list)

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
    issuers: list[Organization] = field(default_factory=list)
    edition: Edition | None = None
    stages: list[Stage] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    based_on: list[Reference] = field(default_factory=list)
    basis_of: list["Campaign"] = field(default_factory=list)
    attached_to: list["Campaign"] = field(default_factory=list)
    profiles: list["Profile"] = field(default_factory=list)
    teams_formed: list[Organization] = field(default_factory=list)

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
    organization: Organization | None = None
    honors: list[Honor] = field(default_factory=list)
    mentioned_in: list[Campaign] = field(default_factory=list)


@dataclass
class Archive:
    campaigns: list[Campaign]
    organizations: list[Organization]
    profiles: list[Profile]
    editions: list[Edition]


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def build(records: list[Record]) -> Archive:
    """The resolved graph of validated records (dangling references would have been problems)."""
    raw = defaultdict(list)
    for r in records:
        raw[r.type].append(r.data)
    orgs = {d["id"]: Organization(d["id"], d["name"], d.get("short_name"), d.get("aliases") or [], d["kind"],
                                  d.get("level"), d.get("region"), d.get("website"), d.get("address"),
                                  d.get("description"), _sources(d.get("sources"))) for d in raw["organization"]}
    editions = {(d["observance"], int(d["year"])): Edition(
        d["id"], d["observance"], int(d["year"]), _int(d.get("edition")), parse_iso(d.get("date")), d.get("theme"),
        d.get("note"), _sources(d.get("sources"))) for d in raw["edition"]}
    campaigns: dict[str, Campaign] = {}
    for d in raw["campaign"]:
        c = Campaign(d["id"], d["title"], d["kind"], d.get("doc_number"), parse_iso(d.get("issued")),
                     parse_iso(d.get("printed")), d["observance"], int(d["year"]), d.get("theme"),
                     _span(d.get("period")), d.get("signature"), d["body"], d.get("addressees") or [],
                     [Module(m["name"], m.get("description")) for m in d.get("modules") or []],
                     _sources(d.get("sources")))
        campaigns[c.id] = c
        c.issuers = [orgs[i] for i in d.get("issuers") or []]
        for o in c.issuers:
            o.issued.append(c)
        c.edition = editions.get((c.observance, c.year))
        if c.edition:
            c.edition.campaigns.append(c)
        c.stages = [Stage(c, i, s["name"], _span(s), s.get("focus")) for i, s in enumerate(d.get("stages") or [], 1)]
        for i, a in enumerate(d.get("activities") or [], 1):
            act = Activity(c, i, a["title"], a.get("category"), _span(a.get("period")), a.get("location"),
                           a.get("audience"), a.get("scale"), a.get("description"),
                           [orgs[o] for o in a.get("organizers") or []], [orgs[o] for o in a.get("partners") or []])
            c.activities.append(act)
            for o in act.organizers:
                o.organized.append(act)
            for o in act.partners:
                o.partnered.append(act)
        c.deadlines = [Deadline(c, i, parse_iso(x["date"]), x.get("text"), x["what"], x.get("submitters"),
                                x.get("recipient"), x.get("format")) for i, x in enumerate(d.get("deadlines") or [], 1)]
        for x in d.get("contacts") or []:
            contact = Contact(c, x.get("name"), orgs.get(x.get("organization")), x.get("department"), x.get("phone"),
                              x.get("fax"), x.get("email"), x.get("address"))
            c.contacts.append(contact)
            if contact.organization:
                contact.organization.contacts.append(contact)
    by_doc = {docnum.normalize(c.doc_number): c for c in campaigns.values() if c.doc_number}
    by_title = {c.title: c for c in campaigns.values()}
    for d in raw["campaign"]:
        c = campaigns[d["id"]]
        for x in d.get("based_on") or []:
            target = by_doc.get(docnum.normalize(x.get("doc_number") or "")) or by_title.get(x["title"])
            c.based_on.append(Reference(x.get("doc_number"), x["title"], orgs.get(x.get("issuer")), target))
            if target:
                target.basis_of.append(c)
        for i, a in enumerate(d.get("attachments") or [], 1):
            notice = campaigns.get(a.get("notice"))
            c.attachments.append(Attachment(i, a["title"], a["kind"], a.get("content"), notice))
            if notice:
                notice.attached_to.append(c)
    for d in raw["organization"]:
        o = orgs[d["id"]]
        o.parent = orgs.get(d.get("parent"))
        if o.parent:
            o.parent.children.append(o)
        o.formed_in = campaigns.get(d.get("formed_in"))
        if o.formed_in:
            o.formed_in.teams_formed.append(o)
    profiles = []
    for d in raw["profile"]:
        p = Profile(d["id"], d["name"], d["kind"], d.get("affiliation"), d.get("field"), d.get("region"),
                    d.get("summary"), d.get("deeds"), d.get("photo"), d.get("photo_licence"), _sources(d.get("sources")))
        p.organization = orgs.get(d.get("organization"))
        if p.organization:
            p.organization.profiles.append(p)
        for h in d.get("honors") or []:
            honor = Honor(p, h["title"], _int(h.get("year")), orgs.get(h.get("conferred_by")),
                          campaigns.get(h.get("campaign")))
            p.honors.append(honor)
            if honor.conferred_by:
                honor.conferred_by.honors_conferred.append(honor)
        p.mentioned_in = [campaigns[x] for x in d.get("mentioned_in") or []]
        for c in p.mentioned_in:
            c.profiles.append(p)
        profiles.append(p)
    order = lambda c: (c.date or dt.date(c.year, 1, 1), c.id)  # noqa: E731
    for o in orgs.values():
        o.children.sort(key=lambda x: x.id)
        o.issued.sort(key=order)
    for e in editions.values():
        e.campaigns.sort(key=order)
    return Archive(sorted(campaigns.values(), key=order), sorted(orgs.values(), key=lambda o: o.id),
                   sorted(profiles, key=lambda p: p.id), sorted(editions.values(), key=lambda e: (e.year, e.observance)))
