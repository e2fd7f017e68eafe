"""Which records each page shows: the dependency map behind incremental builds.

A record's page shows the record itself, the records it links to (through its activities,
honours, contacts, references … whatever objects hang off it), the issuers of every notice it
lists (each notice line names them), and the parents of every organization it names (breadcrumbs
and descriptions). A page of a paged listing (publish/listings.py) shows the records in its
context and what their lines name, in an order and under headings its context's digest holds; a
calendar month's page (publish/calendar_pages.py: the month, its continuation, filter and day pages)
likewise shows the notices of the entries it lists (each entry names its notice's issuers), with
the days, marks, counts, neighbouring months and filters its context's digest holds.
Everything else (home, the organization trees, statistics, editions, calendar years) is a
summary of everything and is rendered on every build.

Keys are "type:id" for records. The map is computed from the model of a build; an incremental
build takes the union of the last build's map and this one's, so that a page that stops showing a
record is rewritten too. The calendar pages of a month are planned and compared only when the
month can have changed (months_to_plan: it holds an entry of a notice whose page shows a changed
record), else they are kept as they are.

Calendar subscription files (publish/feeds.calendar_map) show records the same way: the record a
file is named after, the notices of its events and their issuers (every event names them), and
the build date as an "@" item (every event's DTSTAMP). A file is regenerated when it shows a
changed record or shows other records than last time.
Atom files (publish/feeds.atom_map) show the records their entries print (a notice and its
issuers, a deadline's notice) and, as one "@digest" item, the rest: which entries in which order,
the links to the neighbouring archives, the feed's date; an entry moving in or out remakes the file.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.data.load import Record

PAGED = ("campaign", "organization", "profile")  # record types whose pages are rendered on demand


def key(obj) -> str:
    return f"{obj.record_type}:{obj.id}"


def _is_record(value) -> bool:
    return hasattr(value, "record_type")


_FIELDS: dict[type, tuple[str, ...]] = {}
_WORD = re.compile(r"[A-Za-z_][\w.]*")
_PLAIN = (str, int, float, bool, type(None), list, dt.date)  # list: its items are named beside it


def _names(cls: type) -> tuple[str, ...]:
    """The fields of a model class that may hold other model objects: not those typed as plain values,
    nor as parts that hold none (a span, a source)."""
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))  # while they are sorted out (a part
        # whose field names its own class asks again): every field
        _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if _may_hold_models(str(f.type), cls))
    return _FIELDS[cls]


def _may_hold_models(annotation: str, owner: type) -> bool:
    """Whether a field so annotated may hold a model object. Each name in the annotation is looked up
    where the owner class is defined, then in model.py (parts.py names the records for type checkers
    only), then among the builtins: a name found nowhere, or naming anything but a plain type or a
    part without such fields, may."""
    spaces = (vars(sys.modules[owner.__module__]), vars(model), vars(builtins))
    for word in _WORD.findall(annotation):
        head, *rest = word.split(".")
        found = next((space[head] for space in spaces if head in space), None)
        for attr in rest:
            found = getattr(found, attr, None)
        if head == "None" or isinstance(found, type) and issubclass(found, _PLAIN):
            continue
        if isinstance(found, type) and dataclasses.is_dataclass(found) and not hasattr(found, "record_type") \
                and not _names(found):
            continue
        return True
    return False


_RECORD, _PART = 1, 2
_KINDS: dict[type, int] = {}


def _kind(cls: type) -> int:
    """_RECORD for a record's model class, _PART for another model class whose fields may hold model
    objects (an activity, a contact …), 0 for anything else (plain values, spans, sources)."""
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = (_RECORD if hasattr(cls, "record_type")
                              else _PART if dataclasses.is_dataclass(cls) and _names(cls) else 0)
    return kind


def _linked(obj, found: dict[int, object], depth: int = 0) -> None:
    """Add to found (by id) the records reachable from obj without passing through another record
    (two parts deep: a notice's activity, and what that activity holds)."""
    kinds = _KINDS
    for name in _names(type(obj)):
        value = getattr(obj, name)
        for item in value if isinstance(value, list) else (value,):
            cls = type(item)
            kind = kinds.get(cls)
            if kind is None:
                kind = _kind(cls)
            if kind == _RECORD:
                found[id(item)] = item
            elif kind == _PART and depth < 2:
                _linked(item, found, depth + 1)


def _shown(obj) -> dict[int, object]:
    """The records obj's page shows, by id."""
    records = {id(obj): obj}
    _linked(obj, records)
    for other in list(records.values()):
        for named in named_on_line(other):
            records.setdefault(id(named), named)
    for other in list(records.values()):
        parent = other.parent if isinstance(other, model.Organization) else None
        while parent is not None and id(parent) not in records:
            records[id(parent)] = parent
            parent = parent.parent
    return records


def shown(obj) -> set[str]:
    """The keys of the records obj's page shows."""
    return {key(o) for o in _shown(obj).values()}


def named_on_line(obj) -> list:
    """The other records a record's line names wherever it is listed: a notice's issuers."""
    return obj.issuers if isinstance(obj, model.Campaign) else []


def listing_map(pages: dict[str, dict]) -> dict[str, list]:
    """{src: [digest, keys]} of listing pages, each rendered from its inputs (publish/listings.py: its
    template's whole context): the digest of the inputs with every record in them replaced by its key (the
    order, the headings, the pager, the counts …), and the keys of the records they hold and of those
    their lines name. A page is the same as long as its digest is and none of those records changed."""
    return _planned_map(pages)


def calendar_map(pages: dict[str, dict]) -> dict[str, list]:
    """listing_map of calendar month pages (publish/calendar_pages.CalendarPage.inputs), whose inputs also
    hold calendar entries, (entry, mark) pairs and dates: an entry stands for its uid in the digest (every
    other field of it is its notice's) and for the keys of its notice and of what the notice's line names
    among the records shown; a date for its ISO form."""
    shown: dict[int, tuple[str, ...]] = {}  # id of a notice → the keys each of its entries shows

    def keys_of(e: cal.Entry) -> tuple[str, ...]:
        found = shown.get(id(e.campaign))
        if found is None:
            c = e.campaign
            found = shown[id(c)] = (key(c), *(key(o) for o in named_on_line(c)))
        return found

    def marks(items: list) -> tuple[list[str], set[str]] | None:
        """A list of (entry, mark) pairs (the bulk of the pages, told in one pass), else None."""
        form, notices = [], {}
        for item in items:
            if type(item) is not tuple or len(item) != 2 or not isinstance(item[0], cal.Entry):
                return None
            form.append(f"@{item[0].uid}|{item[1]}")
            notices[id(item[0].campaign)] = item[0]
        shows: set[str] = set()
        for e in notices.values():
            shows.update(keys_of(e))
        return form, shows

    def leaf(value):
        if type(value) is list and value and type(value[0]) is tuple:
            return marks(value)
        if type(value) is tuple and len(value) == 2 and isinstance(value[0], cal.Entry):
            return f"@{value[0].uid}|{value[1]}", keys_of(value[0])
        if isinstance(value, cal.Entry):
            return f"@{value.uid}", keys_of(value)
        if isinstance(value, dt.date):
            return value.isoformat(), ()
        return None

    return _planned_map(pages, leaf)


def _planned_map(pages: dict[str, dict], leaf=None) -> dict[str, list]:
    """{src: [digest, keys]}, see listing_map. leaf(value): (plain form, keys) of a value other than a plain
    one (asked first, of every container too), or None: then lists, tuples, dicts and records are walked,
    and anything else is a TypeError (the inputs hold what their digest cannot tell)."""
    seen: dict[int, tuple] = {}  # id of a record or container → (its plain form, the keys it holds)

    def plain(value, keys: set[str]):
        if value is None or isinstance(value, (str, int, float)):
            return value
        done = seen.get(id(value))  # the pages of a listing share their pager and filters, the listings their records
        if done is None:
            inner: set[str] = set()
            form: object
            found = leaf(value) if leaf is not None else None
            if found is not None:
                form = found[0]
                inner.update(found[1])
            elif isinstance(value, (list, tuple)):
                form = [plain(v, inner) for v in value]
            elif isinstance(value, dict):
                form = {str(k): plain(v, inner) for k, v in value.items()}
            elif _is_record(value):
                form = {"@record": key(value)}
                inner.update([key(value), *(key(o) for o in named_on_line(value))])
            else:
                raise TypeError(f"a page's inputs hold {type(value).__name__}: neither a record nor a plain value")
            done = seen[id(value)] = (form, tuple(inner))
        keys.update(done[1])
        return done[0]

    out = {}
    for src, inputs in pages.items():
        keys: set[str] = set()
        text = json.dumps(plain(inputs, keys), ensure_ascii=False, sort_keys=True)
        out[src] = [hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest(), sorted(keys)]
    return out


def stale_listings(changes: set[str], old: dict, new: dict) -> set[str]:
    """The planned pages (by source path) of `new` (listing_map, calendar_map) to render: those the last
    build had not, whose digest changed, or that show a changed record (now or in the last build)."""
    out = set()
    for src, (d, shows) in new.items():
        before = old.get(src)
        if before is None or before[0] != d or not changes.isdisjoint(shows) or not changes.isdisjoint(before[1]):
            out.add(src)
    return out


def page_map(archive: model.Archive) -> dict[str, list[str]]:
    """{record key: the keys its page shows} for every record with a page rendered on demand."""
    keys: dict[int, str] = {}  # by id() of a record: most records are shown on many pages

    def key_of(o) -> str:
        k = keys.get(id(o))
        if k is None:
            k = keys[id(o)] = key(o)
        return k

    return {key_of(o): sorted({key_of(r) for r in _shown(o).values()}) for rtype in PAGED for o in archive.of_type(rtype)}


def month_map(entries: list[cal.Entry]) -> dict[str, list[list[int]]]:
    """{campaign key: the [year, month] its entries fall in}."""
    out: dict[model.Campaign, set[tuple[int, int]]] = {}  # model objects hash by identity
    for e in entries:
        months = cal.months_of(e)
        if months:
            out.setdefault(e.campaign, set()).update(months)
    return {key(c): [list(ym) for ym in sorted(v)] for c, v in out.items()}


def months_to_plan(changes: set[str], old_pages: dict, new_pages: dict, old_months: dict,
                   new_months: dict) -> set[tuple[int, int]] | None:
    """The calendar months whose pages can have changed after `changes` (record keys): those the entries
    of a notice whose page shows a changed record fall in, in either build (a calendar page shows no more
    of a notice than its page: itself and its issuers); None for every month: after a change to a record
    type without pages of its own (an edition: observance days) or to the set of months (every page of a
    month links its neighbours). The nearest months with a filter a touched one gained or lost are planned
    too (incremental.calendar_facts: their filter pages' ‹ › lead to the nearest month with it)."""
    if any(k.split(":", 1)[0] not in PAGED for k in changes):
        return None
    if {tuple(ym) for v in old_months.values() for ym in v} != {tuple(ym) for v in new_months.values() for ym in v}:
        return None
    return {(ym[0], ym[1]) for k in _showing(changes, old_pages, new_pages) for m in (old_months, new_months)
            for ym in m.get(k, [])}


def _showing(changes: set[str], old_pages: dict, new_pages: dict) -> set[str]:
    """The changed records and the records whose pages show one (in either build)."""
    records = set(changes)
    for pages in (old_pages, new_pages):
        for page, shows in pages.items():
            if not changes.isdisjoint(shows):
                records.add(page)
    return records


def record_digests(records: list[Record], files: dict[str, str] | None = None) -> dict[str, str]:
    """{key: digest of the record's data}. files: {file: digest of its bytes} (validation has them):
    a record then goes by its file's digest, since its data changes only with its file (an edit to a
    comment, or to another record of the same file, counts as a change: it re-renders, it is not missed)."""
    out = {}
    files = files or {}
    for r in records:
        known = files.get(r.path)
        text = f"file:{known}" if known else json.dumps(r.data, ensure_ascii=False, sort_keys=True, default=str)
        out[f"{r.type}:{r.id}"] = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return out


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


@dataclasses.dataclass
class Wanted:
    """What an incremental build renders: the pages of `records`, the `listings` pages, the calendar
    `months` ("YYYY-MM") it visits and their `calendar` pages it renders (by source path; None: every
    one), and the calendar and Atom `files` it regenerates."""
    records: set[str]
    files: set[str]
    listings: set[str] | None = None
    months: set[str] | None = None
    calendar: set[str] | None = None

    def __call__(self, group: str) -> bool:
        """group: "type:id" of a record page, "page:<src>" of a listing page, "month:YYYY-MM" of a calendar
        month's pages, "month:YYYY-MM:<src>" of one of them."""
        if group.startswith("page:"):
            return self.listings is None or group[5:] in self.listings
        if group.startswith("month:"):
            month, _, src = group[6:].partition(":")
            if src:
                return self.calendar is None or src in self.calendar
            return self.months is None or month in self.months
        return group in self.records


def month_of(group: str) -> str | None:
    """The group of a calendar month ("month:YYYY-MM") that a page's group ("month:YYYY-MM:<src>") is
    part of, else None."""
    return group[:13] if group.startswith("month:") and len(group) > 13 else None


@dataclasses.dataclass
class Skipped:
    """What stands for the output an incremental build did not make, unchanged since the last build:
    the pages of a group (group: "type:id" of a record page, "page:<src>" of a listing page,
    "month:YYYY-MM" of a calendar month's pages, "month:YYYY-MM:<src>" of one of them) in the page
    order, or a calendar or feed file in the files (group: its path)."""
    group: str


def wanted_records(changes: set[str], old_pages: dict, new_pages: dict) -> Wanted | None:
    """wanted() as far as the record pages go (what an incremental build renders first: see
    render.SEARCHED), or None for everything."""
    if any(k.split(":", 1)[0] not in PAGED for k in changes):
        return None
    return Wanted(_showing(changes, old_pages, new_pages), set())


def wanted(changes: set[str], old_pages: dict, new_pages: dict, old_files: dict, new_files: dict,
           old_listings: dict | None = None, new_listings: dict | None = None, old_calendar: dict | None = None,
           new_calendar: dict | None = None) -> Wanted | None:
    """The pages to render and files to make after `changes` (record keys), or None for everything: a
    change to a record type without pages of its own (an edition). *_files: {calendar or feed file: the
    keys it shows} (a file not in old_files is made); *_listings: the listing_map of the two builds;
    *_calendar: {"YYYY-MM": the calendar_map of the month's pages} of the two builds (without the new
    ones, every such page is rendered). The months visited are those with a page to render or with
    other pages than last time."""
    first = wanted_records(changes, old_pages, new_pages)
    if first is None:
        return None
    records = first.records
    files = {path for path, shows in new_files.items() if old_files.get(path) != shows or not changes.isdisjoint(shows)}
    listings = None if new_listings is None else stale_listings(changes, old_listings or {}, new_listings)
    months: set[str] | None = None
    calendar: set[str] | None = None
    if new_calendar is not None:
        months, calendar = set(), set()
        for month, pages in new_calendar.items():
            before = (old_calendar or {}).get(month, {})
            stale = stale_listings(changes, before, pages)
            if stale or before.keys() != pages.keys():
                months.add(month)
                calendar |= stale
    return Wanted(records, files, listings, months, calendar)
