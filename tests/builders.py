"""Small in-memory archives for unit tests: each test states only what it is about.

Records are plain dicts as the loader yields them (every value a string, dates as
YYYY-MM-DD), turned into `Record`s and resolved by `model.build`. Nothing here reads
data/ or the fixture repository, so no test depends on what the archive holds.
"""

from __future__ import annotations

import datetime as dt

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.data.load import Record

SITE = "https://example.org/site/"
STAMP = dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def campaign(cid: str = "2030-ceshi", **data) -> dict:
    """A campaign record: an id, a title, a kind, its observances and a year unless given
    (`observance=` names the one observance of a notice)."""
    year = data.pop("year", cid[:4] if cid[:4].isdigit() else "2030")
    observances = data.pop("observances", [data.pop("observance", "全国科技工作者日")])
    return {"id": cid, "title": f"{cid}的通知", "kind": "通知", "observances": observances,
            "year": str(year), "body": "正文。", **data}


def org(oid: str, **data) -> dict:
    return {"id": oid, "name": f"{oid}名称", "kind": "科协", **data}


def team(oid: str, **data) -> dict:
    return org(oid, kind="科技志愿者队伍", **data)


def profile(pid: str, **data) -> dict:
    return {"id": pid, "name": f"{pid}姓名", "kind": "person", **data}


OBSERVANCES = {"全国科技工作者日": "workers-day", "全国科普日": "kepu-day", "全国科技活动周": "keji-week"}


def edition(observance: str = "全国科技工作者日", year: int | str = 2030, **data) -> dict:
    oid = OBSERVANCES.get(observance, "other")
    return {"id": f"{oid}-{year}", "observance": observance, "year": str(year), **data}


def period(start: str | None = None, end: str | None = None, text: str | None = None) -> dict:
    return {k: v for k, v in dict(start=start, end=end, text=text).items() if v is not None}


def from_yaml(text: str) -> dict:
    """A record written as YAML, read the way the loader reads data/ (every scalar a string)."""
    from scitechday.data.load import parse_text
    value, _, problems = parse_text(text, "test.yml")
    assert not problems and isinstance(value, dict), problems
    return value


def records(campaigns=(), organizations=(), profiles=(), editions=()) -> list[Record]:
    out = []
    for rtype, items in (("organization", organizations), ("edition", editions), ("campaign", campaigns),
                         ("profile", profiles)):
        out += [Record(rtype, f"test/{rtype}/{d['id']}.yml", d) for d in items]
    return out


def archive(campaigns=(), organizations=(), profiles=(), editions=()) -> model.Archive:
    """The resolved model of the records given (dicts as above)."""
    return model.build(records(campaigns, organizations, profiles, editions))


def entries(**kwargs) -> list[cal.Entry]:
    return cal.entries(archive(**kwargs))


def one(items, **attrs):
    """The single item whose attributes equal attrs."""
    found = [x for x in items if all(getattr(x, k) == v for k, v in attrs.items())]
    assert len(found) == 1, (attrs, found)
    return found[0]

