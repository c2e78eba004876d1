"""Phones (issue 24, break 17): a Call button dials exactly the number it shows; validate says when a
phone cell is not a number a button can dial as written, and the row is still listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.directory import load_directory
from matcher.importers import import_meeting_guide, write_rows
from matcher.phones import dial
from tests.conftest import row


@pytest.mark.parametrize(
    ("phone", "shown", "href", "rest"),
    [
        ("(800) 273-8255", "(800) 273-8255", "tel:8002738255", ""),
        ("+1 877-927-8387", "+1 877-927-8387", "tel:+18779278387", ""),
        ("988 then press 1", "988", "tel:988", "then press 1"),
        ("555-0100 ext. 12", "555-0100", "tel:5550100", "ext. 12"),
        ("٩٨٨", "٩٨٨", "tel:988", ""),
    ],
)
def test_a_call_button_dials_the_number_it_shows(phone: str, shown: str, href: str, rest: str) -> None:
    """'988 then press 1' dialed tel:9881 and Arabic-Indic digits passed into the link untouched."""
    d = dial(phone)
    assert d is not None and (d.shown, d.href, d.rest) == (shown, href, rest)


def test_an_extension_is_a_usual_phone_not_a_problem(write_directory) -> None:
    """SAMHSA's '205-428-3495 x7931': the button dials the number, the extension is shown as text."""
    path = write_directory([row(id="ext", phone="205-428-3495 x7931"), row(id="ext2", phone="(415) 555-0100 ext. 12")])
    assert load_directory(path).problems == []
    d = dial("205-428-3495 x7931")
    assert d is not None and (d.href, d.rest) == ("tel:2054283495", "x7931")


@pytest.mark.parametrize("phone", ["1-800-FLOWERS", "800 FLOWERS", "1-800-273-TALK", "call the office", "12"])
def test_a_number_with_letters_in_it_gets_no_call_button(phone: str) -> None:
    """'1-800-FLOWERS' dialed tel:1800: nothing is dialed when the digits are not the whole number."""
    assert dial(phone) is None


def test_validate_reports_a_phone_with_words_and_still_lists_the_row(write_directory) -> None:
    path = write_directory(
        [
            row(id="vanity", phone="1-800-FLOWERS"),
            row(id="press", phone="988 then press 1"),
            row(id="plain", phone="(415) 555-0100"),
        ]
    )
    result = load_directory(path)
    assert list(result.directory.frame["id"]) == ["vanity", "press", "plain"]
    said = {p.line: p for p in result.problems}
    assert sorted(said) == [2, 3] and all(p.column == "phone" and p.kept for p in said.values())
    assert "letters" in said[2].message and "dials only 988" in said[3].message
    assert result.directory.listing(0).phone == "1-800-FLOWERS"  # the text is kept as written


def test_an_import_moves_a_phone_with_words_to_a_note_so_the_file_validates(tmp_path: Path) -> None:
    """The importer writes only what validate accepts: the dialable part stays, the full text is a note."""
    feed = tmp_path / "feed.json"
    meeting = {
        "name": "Group",
        "slug": "a",
        "day": 2,
        "time": "19:00",
        "timezone": "America/Chicago",
        "conference_url": "https://zoom.us/j/1",
        "conference_phone": "988 then press 1",
    }
    feed.write_text(json.dumps([meeting, {**meeting, "slug": "b", "conference_phone": "1-800-FLOWERS"}]))
    result = import_meeting_guide(feed)
    rows = {r["id"]: r for r in result.rows}
    assert rows["a"]["phone"] == "988" and "Phone: 988 then press 1" in rows["a"]["worth_knowing"]
    assert rows["b"]["phone"] == "" and "Phone: 1-800-FLOWERS" in rows["b"]["worth_knowing"]
    assert {r.record_id for r in result.reports if r.written} == {"a", "b"}
    out = tmp_path / "groups.csv"
    write_rows(result.rows, out)
    assert load_directory(out).problems == []
