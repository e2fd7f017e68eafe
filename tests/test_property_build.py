"""Whatever validates builds: campaign records generated from the schemas, valid or not.

Each generated record is written beside the minimal fixture and validated; when the
validator accepts it, the model, the calendar, the feeds and the pages are built from
it, and every dated item it holds is in the site-wide calendars (calendar.ics and the provinces').
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE
from scitechday.archive import context
from scitechday.data.schema import tables
from scitechday.data.tables import ListOf, Scalar, shape
from scitechday.publish import site

RID = "2030-prop"
FIELDS = {(t.name, f["name"]): f for t in tables() for f in t.fields}
ORG_IDS = ["ceshi-kexie", "ceshi-shi-kexie"]
REFERENCES = {  # (table, field) → values the fixture holds; mostly right, sometimes not
    ("campaign_issuers", "organization"): ORG_IDS, ("activity_organizers", "organization"): ORG_IDS,
    ("activity_partners", "organization"): ORG_IDS, ("contacts", "organization"): ORG_IDS,
    ("references", "issuer"): ORG_IDS, ("attachments", "notice"): ["2030-ceshi-shi-kexie"],
    ("observances", "observance"): ["全国科技工作者日"], ("campaigns", "year"): ["2030"],
    ("organizers", "organization"): ORG_IDS, ("awards", "organization"): ORG_IDS,
    ("campaigns", "sealed_by_organization"): ORG_IDS,
}
TEXT = st.text(alphabet=st.sampled_from(list("测试活动常州 :#-—'\"[]{}&*!|>%@`,?\\年月日旬\n")), max_size=12)
GOOD_DAY = st.dates(dt.date(2030, 5, 7), dt.date(2030, 12, 31)).map(dt.date.isoformat)
BAD_DAY = st.sampled_from(["2030-5-20", "２０３０-０５-２０", "2030/05/20", "2030年5月20日", "2030-02-30", "5月下旬",
                           "20300520", "2030-05-20 ", "2030-05"])


def mostly(good: st.SearchStrategy, bad: st.SearchStrategy, odds: int = 20) -> st.SearchStrategy:
    """Good values but once in `odds`: a record has dozens of fields, and some records must pass."""
    return st.integers(1, odds).flatmap(lambda n: bad if n == 3 else good)  # not a bound: hypothesis favours those


def pick(good: list, bad: list) -> st.SearchStrategy:
    return mostly(st.sampled_from(good), st.sampled_from(bad))


DATES = mostly(GOOD_DAY, BAD_DAY, 4)  # what Frictionless alone would let through is the point


def scalar(spec: Scalar) -> st.SearchStrategy:
    f = FIELDS[(spec.table, spec.name)]
    cons = f.get("constraints", {})
    if (spec.table, spec.name) in REFERENCES:
        return pick(REFERENCES[(spec.table, spec.name)], ["nowhere"])
    if spec.array:
        return st.lists(TEXT, max_size=3)
    if f.get("type") == "date":
        return DATES
    if "enum" in cons:
        return pick([str(v) for v in cons["enum"]], ["其他的"])
    if f.get("type") == "integer":
        low, high = cons.get("minimum", 0), cons.get("maximum", 3000)
        return mostly(st.integers(low, high), st.sampled_from([low - 1, high + 1])).map(str)
    if spec.name == "doc_number":
        return pick(["测科协〔2030〕2号"], ["测科协[2030]2号", "测科协〔2029〕2号"])
    if spec.name in ("phone", "fax"):
        return pick(["0999-12345678", "12345678"], ["0999—1234", "13800138000 "])
    if f.get("format") == "email":
        return pick(["a@example.org"], ["a.example.org"])
    if f.get("format") == "uri":
        return pick(["https://example.org/a"], ["example.org"])
    if "pattern" in cons:
        return st.just("TODO")
    if cons.get("required"):
        return mostly(TEXT.filter(str.strip), st.sampled_from(["", " "]))
    return TEXT


def value(node, always: tuple = ()) -> st.SearchStrategy:
    if isinstance(node, Scalar):
        return scalar(node)
    if isinstance(node, ListOf):
        plain = node.item is None  # a list of values: one of each (observances), at least x-min-items
        return st.lists(value(node.item) if not plain else scalar(Scalar(node.table.name, node.table.value)),
                        min_size=node.table.descriptor.get("x-min-items", 0), max_size=3, unique=plain)
    required = {name for name, s in node.children.items() if isinstance(s, Scalar)
                and FIELDS[(s.table, s.name)].get("constraints", {}).get("required")} | set(always)
    return st.fixed_dictionaries(
        {k: value(s) for k, s in node.children.items() if k in required},
        optional={k: value(s) for k, s in node.children.items() if k not in required})


def campaigns() -> st.SearchStrategy:
    root = shape("campaign")
    return value(root, always=("period", "deadlines", "observances")).map(lambda rec: {**rec, "id": RID, "year": rec.get("year", "2030"),
                                        "sources": [{"file": "synthetic"}]})


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(rec=campaigns())
@example(rec={"id": RID, "title": "测试通知", "kind": "通知", "observances": ["全国科技工作者日"], "year": "2030",
              "issued": "2030-05-06", "period": {"text": "5月中旬", "start": "2030-05-11", "end": "2030-05-20"},
              "deadlines": [{"date": "2030-06-01", "what": "总结"}], "body": "正文。",
              "sources": [{"file": "synthetic"}]})  # a dated record is always among those tried
def _accepted_records_build(tmp, accepted, rec):
    path = tmp / "data/campaigns/2030" / f"{RID}.yml"
    path.write_text(yaml.safe_dump(rec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        ctx = context.compute(tmp / "data", use_cache=False)  # what build, serve and export start from
    except context.DataError:
        return
    accepted.append(rec)
    generated = site.generate(ctx, "https://example.org/")  # pages, calendars, feeds, open data
    ics = {name: data for name, data in generated.files.items() if name.endswith(".ics")}
    # the site-wide subscriptions together: calendar.ics (national bodies) and one per province
    everything = "".join(data.decode("utf-8") for name, data in ics.items()
                         if name == "calendar.ics" or name.startswith("calendar/province-"))
    expected = {"period": 1 if (rec.get("period") or {}).get("start") else 0,
                "stage": sum(1 for s in rec.get("stages") or [] if s.get("start")),
                "activity": sum(1 for a in rec.get("activities") or [] if (a.get("period") or {}).get("start")),
                "deadline": len(rec.get("deadlines") or [])}
    own = ics[f"notices/{RID}.ics"].decode("utf-8")
    uids = set(re.findall(rf"^UID:({re.escape(RID)}/[^@\r\n]+)@", own, re.M))
    assert {kind: sum(1 for u in uids if u.split("/")[1] == kind) for kind in expected} == expected, (uids, rec)
    for uid in uids:  # each event its own UID, in the notice's calendar and in a site-wide subscription
        assert f"UID:{uid}@" in everything, (uid, rec)


def test_records_the_validator_accepts_build_and_appear_in_the_calendars(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "data")
    accepted: list = []
    _accepted_records_build(tmp_path, accepted)
    dated = [r for r in accepted if r.get("deadlines") or (r.get("period") or {}).get("start")]
    assert len(accepted) >= 5 and dated, f"only {len(accepted)} generated records were valid"
