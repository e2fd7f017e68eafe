"""The iCalendar writer, read back with icalendar's parser; the calendar split read from a real build."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st

from scitechday.publish import ical

HOSTILE = ["逗号,分号;反斜杠\\结尾\\", "换行\n回车\r\nCR\r只有", "\\n 字面的反斜杠n", "引号\"<script>&amp;",
           "长" * 200, "a" * 74 + "\\,", "混合ASCII和中文" * 30 + "😀" * 20]
STAMP = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)


def _parse(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_hostile_text_round_trips_through_icalendar():
    events = [ical.event(f"uid-{i},;\\@x", STAMP, dt.date(2019, 5, 21), dt.date(2019, 6, 11), text, text + "\n第二行",
                         "http://127.0.0.1:8000/notices/x/#period", [text[:10], "报送截止"])
              for i, text in enumerate(HOSTILE)]
    parsed = _parse(ical.calendar("日历,名;称\\", events, "-//scitechday//测试//ZH"))
    assert len(parsed) == len(HOSTILE)
    for i, (text, ev) in enumerate(zip(HOSTILE, parsed)):
        want = text.replace("\r\n", "\n").replace("\r", "\n")
        assert str(ev["SUMMARY"]) == want
        assert str(ev["DESCRIPTION"]) == want + "\n第二行"
        assert str(ev["UID"]) == f"uid-{i},;\\@x"
        assert ev.decoded("DTSTART") == dt.date(2019, 5, 21) and ev.decoded("DTEND") == dt.date(2019, 6, 11)
        assert ev.decoded("DTSTAMP") == STAMP
        assert [str(c) for c in ev["CATEGORIES"].cats] == [text[:10].replace("\r\n", "\n").replace("\r", "\n"), "报送截止"]
        assert str(ev["URL"]) == "http://127.0.0.1:8000/notices/x/#period"


def test_same_values_as_icalendars_own_serializer():
    ours = _parse(ical.calendar("名", [ical.event("u@x", STAMP, dt.date(2020, 5, 1), dt.date(2020, 5, 2), t, t,
                                                   "http://e.org/", ["活动"]) for t in HOSTILE], "-//x//y//ZH"))
    for text, ev in zip(HOSTILE, ours):
        theirs = icalendar.Event()
        theirs.add("summary", text)
        theirs.add("description", text)
        back = icalendar.Event.from_ical(theirs.to_ical())
        assert str(ev["SUMMARY"]) == str(back["SUMMARY"]) and str(ev["DESCRIPTION"]) == str(back["DESCRIPTION"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\\;,\n"), max_size=400))
def test_folding_is_exact(text):
    data = ical.fold("DESCRIPTION:" + ical.escape(text))
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for n, line in enumerate(lines):
        assert len(line) <= 75
        assert n == 0 or line.startswith(b" ")
        line.decode("utf-8")  # never a split UTF-8 sequence
    for line in lines[:-1]:
        run = len(line) - len(line.rstrip(b"\\"))
        assert run % 2 == 0  # never between a backslash and what it escapes
    unfolded = data[:-2].replace(b"\r\n ", b"").decode("utf-8")
    assert unfolded == "DESCRIPTION:" + ical.escape(text)
    prop = icalendar.Event.from_ical(b"BEGIN:VEVENT\r\n" + data + b"END:VEVENT\r\n")["DESCRIPTION"]
    assert str(prop) == text.replace("\r", "\n")


def _uids(path) -> set[str]:
    return {str(e["UID"]) for e in _parse(path.read_bytes())}


def test_site_wide_subscriptions_split_by_province_cover_every_event(built):
    from scitechday.domain.regions import PROVINCES

    notices = set().union(*(_uids(p) for p in (built / "notices").glob("*.ics")))
    split = {p: _uids(p) for p in [built / "calendar.ics", *(built / "calendar").glob("province-*.ics")]}
    assert set().union(*split.values()) == notices  # nothing lost, nothing invented
    assert len(split) > 2
    for path, uids in split.items():
        code = path.stem.removeprefix("province-") if path.stem.startswith("province-") else None
        assert code is None or code in PROVINCES
        for uid in uids:  # each event sits in the file of its notice's issuers' province
            notice = built / "notices" / (uid.split("/", 1)[0] + ".ics")
            assert uid in _uids(notice)


def test_one_pass_indexes_equal_the_scans_they_replace():
    from conftest import DATA
    from scitechday.archive import calendar as cal
    from scitechday.archive import context

    ctx = context.compute(DATA, use_cache=False)
    archive, entries = ctx.archive, ctx.entries
    by_org = cal.by_organization(entries)
    for o in archive.organizations:
        issued, runs = set(o.issued), set(o.organized + o.partnered)
        assert by_org.get(id(o), []) == [e for e in entries if e.campaign in issued or e.item in runs]
    monthly = cal.by_month(entries)
    for y, m in cal.months_spanned(entries):
        first, last = cal.month_bounds(y, m)
        assert monthly.get((y, m), []) == [e for e in entries if e.overlaps(first, last)]
    assert sum(map(len, cal.by_province(entries).values())) >= len(entries)
