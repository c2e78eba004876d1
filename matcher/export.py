"""What a person takes away: the shortlist as a spreadsheet-safe CSV and as a calendar (.ics).

CSV cells follow OWASP's advice against formula injection: a cell that begins with ``=``, ``+``,
``-``, ``@``, tab, carriage return or line feed gets a leading ``'``, and every field is quoted. The
file is UTF-8 with a byte-order mark so that spreadsheet programs read accents right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Final

from . import schedules
from .scoring import Match
from .vocabulary import DAY_CODES
from .words import ENGLISH, Words

#: The English column names (``Words.csv_headers()`` gives them in another language).
CSV_HEADERS: Final[tuple[str, ...]] = ENGLISH.csv_headers()
_DANGEROUS_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_RRULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def safe_cell(value: object) -> str:
    """A cell's text made inert for spreadsheets (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_DANGEROUS_START):
        return "'" + text
    return text


def shortlist_rows(matches: Iterable[Match], words: Words = ENGLISH) -> list[list[str]]:
    """The shortlist as rows of text under ``words.csv_headers()`` (not yet made spreadsheet-safe)."""
    return [words.csv_row(m) for m in matches]


def shortlist_csv(matches: Iterable[Match], words: Words = ENGLISH) -> bytes:
    """The shortlist CSV as bytes, in the language of ``words``: UTF-8 with BOM, every field quoted,
    formula-safe cells."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(words.csv_headers())
    for row in shortlist_rows(matches, words):
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def shortlist_ics(matches: Iterable[Match], *, now: datetime, words: Words = ENGLISH) -> bytes:
    """A calendar of the shortlisted groups that meet on a schedule: weekly events in the group's zone.

    Invented sample listings are left out: a calendar event for a group that does not exist would
    outlive every "sample" badge the app shows.
    """
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", "-//Support Group Finder//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", words.calendar_name())
    for m in matches:
        g = m.listing
        if g.sample or not g.days or not g.start_time or not g.timezone:
            continue
        start_min = schedules.parse_clock(g.start_time)
        first = schedules.next_meeting(sum(1 << DAY_CODES.index(d) for d in g.days), start_min, g.timezone, now)
        if first is None:
            continue
        tz = schedules.zone(g.timezone)
        start = datetime.combine(first.date(), time(start_min // 60, start_min % 60), tzinfo=tz)
        end_min = schedules.parse_clock(g.end_time) if g.end_time else start_min + schedules.DEFAULT_MEETING_MINUTES
        event = Event()
        event.add("uid", f"{g.id}@support-group-finder")
        event.add("dtstamp", now)
        event.add("summary", g.name)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=end_min - start_min))
        event.add("rrule", vRecur(freq="WEEKLY", byday=[_RRULE_DAYS[DAY_CODES.index(d)] for d in g.days]))
        if "in_person" in m.attend and g.where:
            event.add("location", g.where)
        elif g.url:
            event.add("location", g.url)
        if g.url:
            event.add("url", g.url)
        event.add("description", words.calendar_notes(m))
        cal.add_component(event)
    cal.add_missing_timezones()  # VTIMEZONE blocks, so every calendar program reads the zone right
    return bytes(cal.to_ical())
