"""What a build plans from its context before it renders anything, once: the listing pages
(publish/listings.py), the calendar month pages (calendar_pages.plan), the calendar files
(feeds.calendar_files) and the Atom files (feeds.atom_files).

An incremental build compares what the planned pages and files show with what they showed in the
last build (incremental.facts), then renders those that changed from the same plans (site.generate);
a full build renders them all and records what they show for the next one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scitechday.archive import calendar as cal
from scitechday.archive import model
from scitechday.publish import calendar_pages, feeds, listings


@dataclass
class Plans:
    stamp: dt.datetime  # the build date (site.build_stamp): every event's DTSTAMP, an empty feed's date
    notice_listings: list[listings.ListingPage]  # listings.notices
    profile_listings: list[listings.ListingPage]  # listings.profiles
    month_pages: calendar_pages.Plan  # calendar_pages.plan
    calendars: dict[str, tuple]  # feeds.calendar_files
    atom: dict[str, dict]  # feeds.atom_files, for the build's site URL

    @property
    def listings(self) -> list[listings.ListingPage]:
        """Every listing page (the notices', then the profiles')."""
        return self.notice_listings + self.profile_listings


def of(archive: model.Archive, entries: list[cal.Entry], site_url: str, stamp: dt.datetime) -> Plans:
    return Plans(stamp, listings.notices(archive), listings.profiles(archive), calendar_pages.plan(archive, entries, keep_maps=True),
                 feeds.calendar_files(archive, entries),
                 feeds.atom_files(archive, site_url, stamp))
