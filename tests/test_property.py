"""Whatever the files hold, the validator answers with problems, never an exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scitechday.data.problems import Problem
from scitechday.data.validate import check_files

TYPES = st.sampled_from([("data/campaigns/2030/x.yml", "campaign"), ("data/organizations/x.yml", "organization"),
                         ("data/profiles/x.yml", "profile"), ("data/editions.yml", "edition")])
KEYS = st.sampled_from(["id", "title", "issued", "period", "start", "end", "activities", "issuers", "sources",
                        "deadlines", "date", "contacts", "phone", "kind", "year", "parent", "name", "x"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12),
                    st.sampled_from(["2019-02-30", "2019-05-15", "常州", "〔2019〕", "-", "~", ""]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)

settings.register_profile("ci", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def _check(path, raw, rtype):
    results, _ = check_files([(path, raw, rtype)])
    for problem in results[path].problems:
        assert isinstance(problem, Problem)
        assert problem.path == path and problem.code and problem.message


@given(TYPES, st.binary(max_size=400))
def test_arbitrary_bytes(kind, raw):
    _check(kind[0], raw, kind[1])


@given(TYPES, st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}&*!|>#%@`,?\\") + ["常", "〔"]), max_size=80))
def test_arbitrary_yaml_like_text(kind, text):
    _check(kind[0], text.encode("utf-8"), kind[1])


@given(TYPES, st.dictionaries(KEYS, VALUES, max_size=8))
def test_arbitrary_yaml_structures(kind, value):
    _check(kind[0], yaml.safe_dump(value, allow_unicode=True).encode("utf-8"), kind[1])


@given(TYPES, st.dictionaries(KEYS, VALUES, max_size=8))
# a list in a list's item, written at its key's column, then a key beside it (found by this test on CI)
@example(("data/campaigns/2030/x.yml", "campaign"), {"id": [{"id": [{"id": None}], "title": None}]})
# a "#" that begins a line inside a quoted value of a flow mapping is text, not a comment (found on CI)
@example(("data/campaigns/2030/x.yml", "campaign"), {"id": {"id": {"activities": "\x1f0\x1f\U00010000#\x1f",
                                                                  "id": None, "issued": "\x1f}", "title": None}}})
def test_the_keyboard_check_finds_nothing_in_yaml_a_program_wrote(kind, value):
    """Whatever a YAML library writes is not a keyboard mistake: prelint stays silent (no false alarms)."""
    from scitechday.data.prelint import prelint

    for style in (dict(), dict(default_flow_style=None, width=20), dict(indent=4)):
        text = yaml.safe_dump(value, allow_unicode=True, **style)
        found = [p for p in prelint(text, kind[0], kind[1])[0] if p.level == "error"]
        assert found == [], (text, found)
