"""schema.org JSON-LD for notice, profile and organization pages."""

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


def campaign(c: model.Campaign, site_url: str) -> list[dict]:
    url = page_url(site_url, c)
    notice: dict[str, Any] = {"@type": "CreativeWork", "@id": url + "#notice", "name": c.title, "url": url, "inLanguage": "zh-CN",
              "author": [_org(o, site_url) for o in c.issuers], "genre": c.kind}
    if c.doc_number:
        notice["identifier"] = c.doc_number
    if c.issued:
        notice["dateCreated"] = c.issued.isoformat()
    out: list[dict[str, Any]] = [notice]
    if c.period and c.period.start:
        event: dict[str, Any] = {"@type": "Event", "@id": url + "#campaign", "name": c.theme or c.title, "url": url,
                 "startDate": c.period.start.isoformat(), "endDate": (c.period.end or c.period.start).isoformat(),
                 "eventStatus": "https://schema.org/EventScheduled",
                 "organizer": [_org(o, site_url) for o in c.issuers], "subjectOf": {"@id": url + "#notice"},
                 "description": f"{c.title}（活动时间：{c.period.text or zh_span(c.period.start, c.period.end)}）"}
        if c.edition:
            event["superEvent"] = {"@type": "Event", "name": c.edition.label, "url": page_url(site_url, c.edition)}
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
