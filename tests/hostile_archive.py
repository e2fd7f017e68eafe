"""A synthetic archive whose every free-text field tries to run script in a visitor's browser.

Built from tests/fixtures/minimal (same ids, dates and references, so it validates), with each
text value replaced by a payload that carries `<script>`, a tag with an event handler,
attribute-breaking quotes, `</script>`, `</title>` and `javascript:`. Each payload names the
field it sits in, so a failure says which field leaked. Never published: it lives under tests/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
MARK = "pwn"


def payload(tag: str) -> str:
    """One line (single-line fields refuse newlines) that breaks out of every HTML context."""
    return (f"{tag}<script>window.__pwned='{tag}'</script>\"'><img src=x class={MARK} "
            f"onerror=\"window.__pwned='{tag}'\"></script></title></textarea></style>"
            f"<svg onload=alert('{tag}') class={MARK}>\"onmouseover=\"alert('{tag}')\" "
            f"'onfocus='alert(1)' javascript:alert('{tag}') <i class={MARK}>{tag}</i>")


def block(tag: str) -> str:
    """Multi-line Markdown for bodies and attachments: raw HTML, javascript: links, a fenced `</script>`."""
    return (f"{payload(tag)}\n\n<script>alert('{tag}')</script>\n\n[点我](javascript:alert('{tag}'))\n\n"
            f"<a href=\"JaVaScRiPt:alert('{tag}')\">再点</a> <iframe src=\"javascript:alert(1)\"></iframe>\n\n"
            f"<div onmouseover=\"alert('{tag}')\" class={MARK}>x</div>\n")


def _doc(tag: str, number: int) -> str:
    return f"{payload(tag)}测科协〔2030〕{number}号"


def records() -> dict[str, object]:
    """{path under data/: YAML value}"""
    src = [{"title": payload("source.title"), "url": "https://example.org/a?b='\"><script>alert(1)</script>",
            "file": payload("source.file"), "retrieved": "2030-05-07", "note": payload("source.note")}]
    campaign = {
        "id": "2030-ceshi-shi-kexie", "title": payload("campaign.title"), "kind": "通知",
        "doc_number": _doc("campaign.doc_number", 1), "issuers": ["ceshi-shi-kexie"], "issued": "2030-05-06",
        "addressees": [payload("campaign.addressee")], "cc": [payload("campaign.cc")],
        "sealed_by": {"organization": "ceshi-shi-kexie", "name": payload("sealed_by.name"),
                      "for": payload("sealed_by.for")},
        "organizers": [{"role": "主办单位", "organization": "ceshi-shi-kexie"},
                       {"role": "承办单位", "name": payload("organizer.name")}],
        "links": [{"kind": "registration", "title": payload("link.title"), "time": payload("link.time"),
                   "url": "https://example.org/'onmouseover='alert(1)'\"><script>alert(1)</script>"},
                  {"kind": "qr", "title": payload("link.qr")}],
        "honors": [{"title": payload("award.title"), "kind": "organization", "name": payload("award.name"),
                    "organization": "ceshi-kexie"},
                   {"title": payload("award.title2"), "kind": "project", "name": payload("award.project"),
                    "affiliation": payload("award.affiliation")}],
        "observances": ["全国科技工作者日"], "year": "2030",
        "theme": payload("campaign.theme"),
        "period": {"text": payload("campaign.period.text"), "start": "2030-05-11", "end": "2030-05-20"},
        "based_on": [{"doc_number": _doc("based_on.doc_number", 9), "title": payload("based_on.title"),
                      "issuer": "ceshi-kexie"}],
        "stages": [{"name": payload("stage.name"), "text": payload("stage.text"), "start": "2030-05-11",
                    "end": "2030-05-15", "focus": payload("stage.focus")}],
        "modules": [{"name": payload("module.name"), "description": payload("module.description")}],
        "activities": [{"title": payload("activity.title"), "organizers": ["ceshi-shi-kexie"],
                        "partners": ["ceshi-kexie"],
                        "period": {"text": payload("activity.period.text"), "start": "2030-05-12",
                                   "end": "2030-05-13"},
                        "location": payload("activity.location"), "audience": payload("activity.audience"),
                        "responsible": payload("activity.responsible"),
                        "scale": payload("activity.scale"), "description": payload("activity.description")}],
        "deadlines": [{"date": "2030-06-01", "text": payload("deadline.text"), "what": payload("deadline.what"),
                       "submitters": payload("deadline.submitters"), "recipient": payload("deadline.recipient"),
                       "format": payload("deadline.format"), "email": "pwn.deadline@example.org",
                       "url": "https://example.org/up?'\"><script>alert(1)</script>"}],
        "contacts": [{"name": payload("contact.name"), "organization": "ceshi-shi-kexie",
                      "department": payload("contact.department"), "phone": "0999-12345678",
                      "fax": "0999-12345679", "email": "pwn.test@example.org", "other_phones": ["13800001111"],
                      "address": payload("contact.address")}],
        "attachments": [{"title": payload("attachment.title"), "kind": "form", "content": block("attachment.content")}],
        "signature": payload("campaign.signature"), "body": block("campaign.body"), "sources": src,
    }
    province = {"id": "ceshi-kexie", "name": payload("org.name"), "short_name": payload("org.short_name"),
                "aliases": [payload("org.alias")], "kind": "科协", "level": "provincial", "region": "320000",
                "website": "https://example.org/'onmouseover='alert(1)'\"><script>alert(1)</script>",
                "address": payload("org.address"), "description": payload("org.description"), "sources": src}
    city = {"id": "ceshi-shi-kexie", "name": payload("city.name"), "kind": "科协", "level": "prefecture",
            "parent": "ceshi-kexie", "region": "320400", "sources": src}
    person = {"id": "ceshi-ren", "name": payload("profile.name"), "kind": "person",
              "affiliation": payload("profile.affiliation"), "organization": "ceshi-shi-kexie",
              "field": payload("profile.field"), "region": "320400", "summary": payload("profile.summary"),
              "deeds": block("profile.deeds"), "photo": payload("profile.photo"),
              "photo_licence": payload("profile.photo_licence"),
              "honors": [{"title": payload("honor.title"), "year": "2030", "conferred_by": "ceshi-kexie",
                          "campaign": "2030-ceshi-shi-kexie"}],
              "mentioned_in": ["2030-ceshi-shi-kexie"], "sources": src}
    editions = [{"id": "workers-day-2030", "observance": "全国科技工作者日", "year": "2030", "edition": "14",
                 "date": "2030-05-30", "theme": payload("edition.theme"), "note": payload("edition.note"),
                 "sources": src}]
    return {"campaigns/2030/2030-ceshi-shi-kexie.yml": campaign, "organizations/ceshi-kexie.yml": province,
            "organizations/ceshi-shi-kexie.yml": city, "profiles/ceshi-ren.yml": person, "editions.yml": editions}


def write(data: Path) -> Path:
    """Write the hostile archive to data/ (replacing what the minimal fixture holds)."""
    shutil.copytree(FIXTURE, data)
    for rel, value in records().items():
        text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=10_000)
        (data / rel).write_text("# Synthetic hostile test data: never published.\n" + text, encoding="utf-8")
    return data
