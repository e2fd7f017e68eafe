"""A small exact iCalendar (RFC 5545) writer: content lines, TEXT escaping, folding, CRLF.

Why not icalendar's serializer: a calendar file repeats the same events (a notice's events
appear in the notice's, its organizations' and its province's calendars), and icalendar
re-serializes and re-folds every one each time — two thirds of the build at national scale.
Here each event is serialized once into bytes and the files are joins of those bytes.
The tests read every file back with icalendar's parser.
"""

from __future__ import annotations

import datetime as dt

LIMIT = 75  # octets per physical line, excluding CRLF (RFC 5545 §3.1)


def escape(text: str) -> str:
    """A TEXT value (§3.3.11): backslash, semicolon, comma escaped; any line break becomes \\n."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> bytes:
    """One content line → folded bytes with CRLF: at most 75 octets a line, never inside a UTF-8
    sequence, never between a backslash and the character it escapes."""
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return data + b"\r\n"
    out, pos, limit = [], 0, LIMIT
    while len(data) - pos > limit:
        cut = pos + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back up to the character's first byte
            cut -= 1
        backslashes = 0
        while cut - 1 - backslashes >= pos and data[cut - 1 - backslashes] == 0x5C:
            backslashes += 1
        if backslashes % 2 and cut - 1 > pos:  # the cut would separate an escape from its character
            cut -= 1
        out.append(data[pos:cut])
        pos, limit = cut, LIMIT - 1  # continuation lines start with a space
    out.append(data[pos:])
    return b"\r\n ".join(out) + b"\r\n"


def date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def event(uid: str, stamp_utc: dt.datetime, start: dt.date, end_exclusive: dt.date, summary: str,
          description: str, url: str, categories: list[str]) -> bytes:
    """An all-day VEVENT (VALUE=DATE, exclusive DTEND), transparent (it does not block time)."""
    lines = ["BEGIN:VEVENT", "SUMMARY:" + escape(summary), "DTSTART;VALUE=DATE:" + date(start),
             "DTEND;VALUE=DATE:" + date(end_exclusive), "DTSTAMP:" + stamp(stamp_utc), "UID:" + escape(uid),
             "CATEGORIES:" + ",".join(escape(c) for c in categories), "DESCRIPTION:" + escape(description),
             "TRANSP:TRANSPARENT", "URL:" + url, "END:VEVENT"]
    return b"".join(fold(line) for line in lines)


def calendar(name: str, events: list[bytes], prodid: str) -> bytes:
    """A VCALENDAR around already serialized events."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + escape(prodid), "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Asia/Shanghai"]
    return b"".join(fold(line) for line in head) + b"".join(events) + b"END:VCALENDAR\r\n"
