"""schema.org JSON-LD for notice, profile and organization pages.

A notice is a CreativeWork (its 成文日期 as `dateCreated` at the precision printed: `2019-05` for a
month) and, when it states a period, an Event: organized by its issuers and its 主办单位, with its
承办/协办/指导… units as contributors, one superEvent per observance edition, livestream links as
VirtualLocation and registration links as the Offer's url. Award lists are `mentions` with `award`.
"""

from __future__ import annotations

import json
from typing import Any

from scitechday.archive import model
from scitechday.domain.dates import zh_span
from scitechday.publish.feeds import page_url
from scitechday.publish.urls import safe_url

GOVERNMENT_KINDS = {"政府部门", "党委部门"}


def _org(o: model.Organization, site_url: str, full: bool = False) -> dict:
    data: dict[str, Any] = {"@type": "GovernmentOrganization" if o.kind in GOVERNMENT_KINDS else "Organization",
            "@id": page_url(site_url, o), "name": o.name, "url": page_url(site_url, o)}
    if full:
        names = [n for n in [o.short_name, *o.aliases] if n]
        if names:
            data["alternateName"] = names
        if o.parent:
            data["parentOrganization"] = _org(o.parent, site_url)
        if o.children:
            data["subOrganization"] = [_org(x, site_url) for x in o.children]
        if o.address:
            data["address"] = o.address
        if o.description:
            data["description"] = o.description
        if safe_url(o.website):
            data["sameAs"] = o.website
    return data


HOSTS = {"主办单位", "联合主办单位"}
AWARDEE_TYPES = {"organization": "Organization", "project": "CreativeWork", "person": "Person", "team": "Organization"}


def _party(p: model.Organizer | model.Seal, site_url: str) -> dict:
    return _org(p.organization, site_url) if p.organization else {"@type": "Organization", "name": p.label}


def _event_extras(c: model.Campaign, site_url: str, event: dict) -> None:
    hosts = [_party(p, site_url) for p in c.organizers if p.role in HOSTS]
    if hosts:
        event["organizer"] = event["organizer"] + hosts
    others = [_party(p, site_url) for p in c.organizers if p.role not in HOSTS]
    if others:
        event["contributor"] = others
    if c.editions:
        supers = [{"@type": "Event", "name": e.label, "url": page_url(site_url, e)} for e in c.editions]
        event["superEvent"] = supers[0] if len(supers) == 1 else supers
    live = [u for x in c.links if x.kind == "livestream" and (u := safe_url(x.url))]
    if live:
        event["location"] = [{"@type": "VirtualLocation", "url": u} for u in live]
        event["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    signup = [u for x in c.links if x.kind in ("registration", "qr") and (u := safe_url(x.url))]
    if signup:
        event["offers"] = [{"@type": "Offer", "url": u} for u in signup]


def campaign(c: model.Campaign, site_url: str) -> list[dict]:
    url = page_url(site_url, c)
    notice: dict[str, Any] = {"@type": "CreativeWork", "@id": url + "#notice", "name": c.title, "url": url, "inLanguage": "zh-CN",
              "author": [_org(o, site_url) for o in c.issuers], "genre": c.kind}
    if c.doc_number:
        notice["identifier"] = c.doc_number
    if c.issued:
        notice["dateCreated"] = c.issued.isoformat()  # 2019-05 when only the month is printed
    notice["keywords"] = c.observances
    if c.honors:
        notice["mentions"] = [{"@type": AWARDEE_TYPES.get(h.kind, "Thing"), "name": h.name, "award": h.title}
                              for h in c.honors]
    out: list[dict[str, Any]] = [notice]
    if c.period and c.period.start:
        event: dict[str, Any] = {"@type": "Event", "@id": url + "#campaign", "name": c.theme or c.title, "url": url,
                 "startDate": c.period.start.isoformat(), "endDate": (c.period.end or c.period.start).isoformat(),
                 "eventStatus": "https://schema.org/EventScheduled",
                 "organizer": [_org(o, site_url) for o in c.issuers], "subjectOf": {"@id": url + "#notice"},
                 "description": f"{c.title}（活动时间：{c.period.text or zh_span(c.period.start, c.period.end)}）"}
        _event_extras(c, site_url, event)
        out.append(event)
    return out


def profile(p: model.Profile, site_url: str) -> dict:
    url = page_url(site_url, p)
    data: dict[str, Any] = {"@type": "Person" if p.kind == "person" else "Organization", "@id": url, "name": p.name, "url": url}
    if p.summary:
        data["description"] = p.summary
    if p.field and p.kind == "person":
        data["knowsAbout"] = p.field
    if p.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": p.affiliation}
    awards = [h.title + (f"（{h.year}年）" if h.year else "") for h in p.honors]
    if awards:
        data["award"] = awards
    if p.mentioned_in:
        data["subjectOf"] = [{"@type": "CreativeWork", "name": c.title, "url": page_url(site_url, c)}
                             for c in p.mentioned_in]
    return data


def organization(o: model.Organization, site_url: str) -> dict:
    return _org(o, site_url, full=True)


def script(data) -> str:
    """The JSON for a <script type="application/ld+json"> element: nothing in it can close the element."""
    payload = {"@context": "https://schema.org", "@graph": data} if isinstance(data, list) else \
        {"@context": "https://schema.org", **data}
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
