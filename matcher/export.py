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
from .vocabulary import ACCESSIBILITY, COST, DAY_CODES, join_labels, language_label

CSV_HEADERS: Final[tuple[str, ...]] = (
    "ID", "Name", "Organization", "How to attend", "When", "Where", "Distance (mi)", "Distance (km)",
    "Phone", "Website", "Score", "Why it matched", "Cost", "Languages", "Accessibility", "Who it is for",
    "Worth knowing", "Sample listing", "Last verified", "Call ahead",
)
_DANGEROUS_START: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
_RRULE_DAYS: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def safe_cell(value: object) -> str:
    """A cell's text made inert for spreadsheets (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text.startswith(_DANGEROUS_START):
        return "'" + text
    return text


def shortlist_rows(matches: Iterable[Match]) -> list[list[str]]:
    """The shortlist as rows of text under CSV_HEADERS (not yet made spreadsheet-safe)."""
    rows = []
    for m in matches:
        g = m.listing
        rows.append([
            g.id, g.name, g.organization, m.how_to_attend, m.when,
            g.where if "in_person" in m.attend else m.how_to_attend.capitalize(),
            "" if m.distance_miles is None else f"{m.distance_miles:.1f}",
            "" if m.distance_km is None else f"{m.distance_km:.1f}",
            g.phone, g.url, str(m.score), "; ".join(m.reasons),
            COST.get(g.cost, "not stated") if g.cost else "not stated",
            ", ".join(language_label(c) for c in g.languages),
            join_labels(ACCESSIBILITY, list(g.accessibility)) or "none stated",
            m.who_for, "; ".join(m.worth_knowing),
            "Yes (an invented example, not a real group)" if g.sample else "No",
            g.last_verified or "not verified",
            "No: an invented example, there is nothing to contact" if g.sample
            else "Yes: times and places change, call or check the website first",
        ])
    return rows


def shortlist_csv(matches: Iterable[Match]) -> bytes:
    """The shortlist CSV as bytes: UTF-8 with BOM, every field quoted, formula-safe cells."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in shortlist_rows(matches):
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def shortlist_ics(matches: Iterable[Match], *, now: datetime) -> bytes:
    """A calendar of the shortlisted groups that meet on a schedule: weekly events in the group's zone.

    Invented sample listings are left out: a calendar event for a group that does not exist would
    outlive every "sample" badge the app shows.
    """
    from icalendar import Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", "-//Support Group Finder//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "My support groups")
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
        notes = [g.description, f"How to attend: {m.how_to_attend}"]
        if g.phone:
            notes.append(f"Phone: {g.phone}")
        notes.extend(m.worth_knowing)
        notes.append(f"Last verified: {g.last_verified or 'not verified'}. Call ahead: times and places change.")
        event.add("description", "\n".join(n for n in notes if n))
        cal.add_component(event)
    cal.add_missing_timezones()  # VTIMEZONE blocks, so every calendar program reads the zone right
    return bytes(cal.to_ical())
