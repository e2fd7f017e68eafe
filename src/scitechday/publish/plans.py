"""What a build plans from its context before it renders anything, once: the listing pages
(publish/listings.py), the calendar month pages (calendar_pages.plan), the calendar files
(feeds.calendar_files) and the Atom files (feeds.atom_files).

An incremental build compares what the planned pages and files show with what they showed in the
last build (incremental.facts), then renders those that changed from the same plans (site.generate);
a full build renders them all and records what they show for the next one.
"""

from __future__ import annotations

import datetime as dt
import functools

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.publish import calendar_pages, feeds, listings


class Plans:
    """Each plan made when first asked for, once (an incremental build asks for the notice listings
    before the rest: see site._update); made(): all of them."""

    def __init__(self, archive: model.Archive, entries: list[cal.Entry], site_url: str, stamp: dt.datetime):
        self.archive, self.entries, self.site_url = archive, entries, site_url
        self.stamp = stamp  # the build date (site.build_stamp): every event's DTSTAMP, an empty feed's date

    @functools.cached_property
    def notice_listings(self) -> list[listings.ListingPage]:
        return listings.notices(self.archive)

    @functools.cached_property
    def profile_listings(self) -> list[listings.ListingPage]:
        return listings.profiles(self.archive)

    @functools.cached_property
    def month_pages(self) -> calendar_pages.Plan:
        return calendar_pages.plan(self.archive, self.entries, keep_maps=True)

    @functools.cached_property
    def calendars(self) -> dict[str, tuple]:
        return feeds.calendar_files(self.archive, self.entries)

    @functools.cached_property
    def atom(self) -> dict[str, dict]:
        """feeds.atom_files, for the build's site URL."""
        return feeds.atom_files(self.archive, self.site_url, self.stamp)

    @property
    def listings(self) -> list[listings.ListingPage]:
        """Every listing page (the notices', then the profiles')."""
        return self.notice_listings + self.profile_listings

    def made(self) -> Plans:
        """Every plan made now (the build's "plans" step)."""
        _ = self.notice_listings, self.profile_listings, self.month_pages, self.calendars, self.atom
        return self


def of(archive: model.Archive, entries: list[cal.Entry], site_url: str, stamp: dt.datetime) -> Plans:
    """The build's plans, each made when first asked for (Plans.made: all of them)."""
    return Plans(archive, entries, site_url, stamp)
