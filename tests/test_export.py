"""The shortlist CSV (spreadsheet-safe) and the calendar file."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from icalendar import Calendar

from matcher import Dial, Place, Words, dial, words_for
from matcher.answers import Answers
from matcher.directory import load_directory
from matcher.export import CSV_HEADERS, safe_cell, shortlist_csv, shortlist_ics
from matcher.scoring import rank_listings
from matcher.words import ENGLISH
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
    assert by_id["g1"]["Real listing?"] == "Yes"
    assert by_id["g2"]["Real listing?"] == "No: an invented example, not a real place"
    assert by_id["g2"]["Name"] == "Online Café Ñ"
    assert by_id["g2"]["When"] == "No times listed"
    assert by_id["g2"]["Where"] == "Online"  # no venue for a group joined online
    assert by_id["g1"]["Where"] == "1 Main St, San Francisco, CA 94110"
    assert by_id["g1"]["Fit (out of 100)"].isdigit()


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


# --------------------------------------------------------------------------- what a native reader found


def csv_rows(matches: list, words: Words = ENGLISH) -> dict[str, dict[str, str]]:  # type: ignore[type-arg]
    rows = csv.DictReader(io.StringIO(shortlist_csv(matches, words).decode("utf-8-sig")))
    return {r[words.csv_headers()[0]]: r for r in rows}


FACILITY = {
    "id": "samhsa-1",
    "name": "Harbor Counseling Center",
    "days": "",
    "start_time": "",
    "end_time": "",
    "timezone": "",
    "phone": "907-277-6677 x113",
    "facility": "type:OMH;offers:GT;edition:2022;placed:zip",
    "payment": "medicaid;cash",
    "source": "SAMHSA's national directory (2022 edition)",
    "source_url": "https://findtreatment.gov/",
}


def facility_matches(write_directory: WriteDirectory, now: datetime, **changes: str) -> list:  # type: ignore[type-arg]
    """A SAMHSA facility with no schedule, placed at the center of the person's own ZIP code, and the person there."""
    d = load_directory(write_directory([row(**{**FACILITY, **changes})])).directory
    here = Place("San Francisco, CA 94110", 37.7509, -122.4153, "America/Los_Angeles", "94110", "CA")
    return rank_listings(d, Answers(), here, now=now).matches


def test_a_facility_with_no_schedule_says_to_call_for_times_never_any_time(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """'Any time / on request' read as open around the clock: a facility's When says to call (or ask)."""
    es = words_for("es")
    with_phone = facility_matches(write_directory, now)
    assert csv_rows(with_phone)["samhsa-1"]["When"] == "Call for times"
    assert csv_rows(with_phone, es)["samhsa-1"]["Cuándo"] == "Llame para saber los horarios"
    no_contact = facility_matches(write_directory, now, phone="", url="")
    assert csv_rows(no_contact)["samhsa-1"]["When"] == "Ask them for times"
    assert csv_rows(no_contact, es)["samhsa-1"]["Cuándo"] == "Pregunte por los horarios"
    assert ENGLISH.times(facility_matches(write_directory, now, phone="")[0]) == "See their website for times"


def test_an_extension_reads_ext_in_both_languages(write_directory: WriteDirectory, now: datetime) -> None:
    """'907-277-6677 x113' is written 'ext. 113' in the CSV and the calendar's notes; the Call button still dials
    the number it shows."""
    matches = facility_matches(write_directory, now)
    assert csv_rows(matches)["samhsa-1"]["Phone"] == "907-277-6677 ext. 113"
    assert csv_rows(matches, words_for("es"))["samhsa-1"]["Teléfono"] == "907-277-6677 ext. 113"
    assert ENGLISH.phone("555-1234 extension 2") == "555-1234 ext. 2"
    assert ENGLISH.phone("988 then press 1") == "988 then press 1"  # not an extension: as written
    assert dial("907-277-6677 x113") == Dial("907-277-6677", "tel:9072776677", "x113")


def test_a_place_at_the_persons_zip_center_is_never_zero_miles(write_directory: WriteDirectory, now: datetime) -> None:
    """An approximate place in the person's own ZIP code was '0.0 mi': it is 'less than 1' in miles and km."""
    r = csv_rows(facility_matches(write_directory, now))["samhsa-1"]
    assert (r["Distance (mi)"], r["Distance (km)"]) == ("less than 1", "less than 1.6")
    es = csv_rows(facility_matches(write_directory, now), words_for("es"))["samhsa-1"]
    assert (es["Distancia (millas)"], es["Distancia (km)"]) == (
        "menos de 1",
        f"menos de {words_for('es').decimal(1.6)}",
    )
    exact = csv_rows(facility_matches(write_directory, now, facility="type:OMH;offers:GT;edition:2022"))["samhsa-1"]
    assert exact["Distance (mi)"] == "less than 0.1"
    assert ENGLISH.away(0.0, approximate=True) == "about 1 mile away or less, approximate place"
    assert words_for("es").away(0.04) == f"a menos de {words_for('es').decimal(0.1)} millas"
    assert ENGLISH.away(2.34) == "2.3 mi, 3.8 km away"


def test_the_csv_says_how_to_pay_and_where_it_is_listed_in_the_persons_language(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """Payment and source columns, worded; the score under the card's own word ('Afinidad' in Spanish)."""
    es = words_for("es")
    en_row = csv_rows(facility_matches(write_directory, now))["samhsa-1"]
    assert en_row["Takes (ways to pay)"] == "Medicaid and cash or self-payment"
    assert en_row["Listed in"] == "SAMHSA's national directory (2022 edition)"
    assert en_row["Where it is listed (link)"] == "https://findtreatment.gov/"
    es_row = csv_rows(facility_matches(write_directory, now), es)["samhsa-1"]
    assert es_row["Acepta (formas de pagar)"] == "Medicaid y pago en efectivo o por cuenta propia"
    assert es_row["Aparece en"].startswith("el directorio nacional de SAMHSA")
    card_word = es.catalog.gettext(" · **Fit {score}/100**").split("**")[1].split(" ")[0]
    assert card_word == "Afinidad"
    assert any(h.startswith(card_word) for h in es.csv_headers())
    assert not any("Puntuación" in h for h in es.csv_headers())


def test_the_spanish_csv_and_calendar_carry_the_directorys_spanish_text(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """A program's own description and notes, translated by the directory, are in Spanish in the Spanish downloads
    and as written in the English ones."""
    translated = row(
        description="A Christian grief recovery program.",
        worth_knowing="A Christian, church-based program;Churches may charge for the workbook",
        description_es="Un programa cristiano de recuperación del duelo.",
        worth_knowing_es="Un programa cristiano, con base en las iglesias;Las iglesias pueden cobrar por el libro",
    )
    d = load_directory(write_directory([translated])).directory
    here = Place("San Francisco, CA 94110", 37.7509, -122.4153, "America/Los_Angeles", "94110", "CA")
    matches = rank_listings(d, Answers(), here, now=now).matches
    es = words_for("es")
    spanish = csv_rows(matches, es)["g1"][es.csv_headers()[CSV_HEADERS.index("Worth knowing")]]
    assert "Un programa cristiano, con base en las iglesias" in spanish and "Las iglesias pueden cobrar" in spanish
    assert "Churches" not in spanish and "Christian" not in spanish
    assert "Churches may charge for the workbook" in csv_rows(matches)["g1"]["Worth knowing"]
    events = list(Calendar.from_ical(shortlist_ics(matches, now=now, words=es)).walk("VEVENT"))
    notes = str(events[0]["DESCRIPTION"])
    assert "Un programa cristiano de recuperación del duelo." in notes and "Las iglesias pueden cobrar" in notes
    assert "Christian" not in notes and "Churches" not in notes
