"""The shortlist CSV (spreadsheet-safe) and the calendar file."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from icalendar import Calendar

from matcher.answers import Answers
from matcher.directory import load_directory
from matcher.export import CSV_HEADERS, safe_cell, shortlist_csv, shortlist_ics
from matcher.scoring import rank_listings
from tests.conftest import WriteDirectory, row

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindented",
    "\rcarriage",
    "\nnewline",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_dangerous_cells_are_neutralised(text: str) -> None:
    """A cell starting with = + - @ tab CR or LF gets a leading apostrophe."""
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Plain name", "Café Ñandú 🌱", "a=b", "", "مجموعة دعم"])
def test_harmless_cells_are_unchanged(text: str) -> None:
    """Ordinary text, accents, emoji and right-to-left text pass through untouched."""
    assert safe_cell(text) == text


def ranked(write_directory: WriteDirectory, now: datetime, **changes: str) -> list:  # type: ignore[type-arg]
    d = load_directory(
        write_directory(
            [
                row(**changes),
                row(
                    id="g2",
                    name="Online Café Ñ",
                    formats="online",
                    latitude="",
                    longitude="",
                    address="",
                    days="",
                    start_time="",
                    end_time="",
                    timezone="",
                    sample="true",
                ),
            ]
        )
    ).directory
    return rank_listings(d, Answers(communities=["women"]), now=now).matches


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_csv_never_starts_a_cell_with_a_formula(
    write_directory: WriteDirectory, now: datetime, hostile: str
) -> None:
    """Hostile names and organisations come out inert, and every field is quoted."""
    matches = ranked(write_directory, now, name=hostile, organization=hostile, phone=hostile)
    data = shortlist_csv(matches)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_HEADERS
    for r in rows[1:]:
        for cell in r:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), cell
    assert text.splitlines()[1].startswith('"')


def test_the_csv_has_what_a_person_needs(write_directory: WriteDirectory, now: datetime) -> None:
    """Each row says how to attend, when, the score and reasons, whether it is a sample, and when verified."""
    rows = list(csv.DictReader(io.StringIO(shortlist_csv(ranked(write_directory, now)).decode("utf-8-sig"))))
    by_id = {r["ID"]: r for r in rows}
    assert by_id["g1"]["How to attend"] == "in person"
    assert by_id["g1"]["Last verified"] == "2026-10-01"
    assert by_id["g1"]["Sample listing"] == "No"
    assert by_id["g2"]["Sample listing"].startswith("Yes")
    assert by_id["g2"]["Name"] == "Online Café Ñ"
    assert by_id["g2"]["When"] == "Any time / on request"
    assert by_id["g2"]["Where"] == "Online"  # no venue for a group joined online
    assert by_id["g1"]["Where"] == "1 Main St, San Francisco, CA 94110"
    assert by_id["g1"]["Score"].isdigit()


def test_the_calendar_has_weekly_events_in_the_groups_zone(write_directory: WriteDirectory, now: datetime) -> None:
    """Scheduled groups become weekly recurring events in their own zone; unscheduled ones are left out."""
    matches = ranked(write_directory, now, days="tue;thu")
    cal = Calendar.from_ical(shortlist_ics(matches, now=now))
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert ev["RRULE"]["FREQ"] == ["WEEKLY"]
    assert ev["RRULE"]["BYDAY"] == ["TU", "TH"]
    assert str(ev["DTSTART"].dt.tzinfo) == "America/Los_Angeles"
    assert ev["DTSTART"].dt.hour == 19
    assert (ev["DTEND"].dt - ev["DTSTART"].dt).total_seconds() == 90 * 60
    assert "San Francisco" in str(ev["LOCATION"])
    assert list(cal.walk("VTIMEZONE"))


def test_sample_listings_are_left_out_of_the_calendar(write_directory: WriteDirectory, now: datetime) -> None:
    """An invented sample group never becomes a calendar event; a real one with the same schedule does."""
    samples = ranked(write_directory, now, sample="true")
    assert [m.listing.sample for m in samples if m.listing.days] == [True]
    assert list(Calendar.from_ical(shortlist_ics(samples, now=now)).walk("VEVENT")) == []
    real = ranked(write_directory, now)
    events = list(Calendar.from_ical(shortlist_ics(real, now=now)).walk("VEVENT"))
    assert [str(ev["SUMMARY"]) for ev in events] == ["Tuesday Anxiety Circle"]
    assert not any("[sample]" in str(ev["SUMMARY"]).lower() for ev in events)


def test_the_csv_says_cost_languages_access_who_for_and_what_is_worth_knowing(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """The new columns carry the same words as the cards; a sample says there is nothing to contact."""
    rows = list(
        csv.DictReader(
            io.StringIO(
                shortlist_csv(
                    ranked(
                        write_directory,
                        now,
                        audience="women",
                        min_age="18",
                        languages="en;es",
                        cost="donation",
                        worth_knowing="A Christian program",
                    )
                ).decode("utf-8-sig")
            )
        )
    )
    assert tuple(rows[0]) == CSV_HEADERS
    by_id = {r["ID"]: r for r in rows}
    assert by_id["g1"]["Cost"] == "free (donations welcome)"
    assert by_id["g1"]["Languages"] == "English, Spanish"
    assert by_id["g1"]["Accessibility"] == "wheelchair accessible"
    assert by_id["g1"]["Who it is for"] == "Only for women, ages 18 and up"
    assert "A Christian program" in by_id["g1"]["Worth knowing"]
    assert by_id["g1"]["Call ahead"].startswith("Yes")
    assert by_id["g2"]["Call ahead"].startswith("No: an invented example")
    assert "Call ahead" not in "".join(by_id["g2"][h] for h in CSV_HEADERS if h != "Call ahead")
