"""Importers no longer write English into the directory when they place a listing at a center: Meeting Guide
and HSDS write the code ``placed:zip`` / ``placed:city`` in the ``facility`` column, which the app words in the
person's language; a directory written before, with the English note, still reads as approximate and is worded
in Spanish too."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from matcher import Answers, load_directory, placed_approximately, rank_listings, words_for
from matcher.importers import ImportOptions, import_hsds, import_meeting_guide, write_rows
from tests.conftest import ROOT, WriteDirectory, row

SHAPES = ROOT / "tests" / "fixtures" / "meeting-guide" / "shapes.json"
OLD_NOTE = "Location approximate: check the address"


def test_meeting_guide_writes_a_placing_code_not_an_english_note(tmp_path: Path) -> None:
    result = import_meeting_guide(SHAPES, ImportOptions(timezone="America/Phoenix"))
    rows = {r["id"]: r for r in result.rows}
    placed = [r for r in rows.values() if r["facility"]]
    assert {r["facility"] for r in placed} <= {"placed:zip", "placed:city"} and placed
    assert "placed:zip" in {r["facility"] for r in placed}
    assert not [r for r in rows.values() if "Location approximate" in r["worth_knowing"]]
    out = tmp_path / "g.csv"
    write_rows(result.rows, out)
    loaded = load_directory(out)
    assert not loaded.problems
    # a meeting placed at a ZIP code's center keeps its own description: it is not a treatment facility
    d = loaded.directory
    g = next(x for x in (d.listing(i) for i in range(len(d))) if x.facility)
    assert words_for("en").description(g) == g.description


def test_hsds_writes_a_placing_code_not_an_english_note() -> None:
    result = import_hsds(ROOT / "tests" / "fixtures" / "hsds-1.1-odd")
    rows = {r["id"]: r for r in result.rows}
    assert rows["22"]["facility"] == "placed:zip"
    assert not [r for r in rows.values() if "Location approximate" in r["worth_knowing"]]


def notes(write_directory: WriteDirectory, now: datetime, language: str, **changes: str) -> tuple[list[str], bool]:
    d = load_directory(write_directory([row(**changes)])).directory
    m = rank_listings(d, Answers(), now=now).matches[0]
    return words_for(language).reasons(m.worth_knowing), placed_approximately(m)


def test_a_placed_listing_is_worded_in_spanish(write_directory: WriteDirectory, now: datetime) -> None:
    said, approximate = notes(write_directory, now, "es", facility="placed:city")
    assert approximate
    assert "Ubicación aproximada: se muestra en el centro de la ciudad del lugar; confirme la dirección" in said
    assert not [n for n in said if "tratamiento" in n]  # not worded as a SAMHSA facility
    said, _ = notes(write_directory, now, "en", facility="placed:zip")
    assert "Location approximate: placed at the center of its ZIP code; check the address" in said


def test_an_old_directory_with_the_english_note_still_reads(write_directory: WriteDirectory, now: datetime) -> None:
    """The note written by earlier importers: still approximate on the map, and said in Spanish, once."""
    said, approximate = notes(write_directory, now, "es", worth_knowing=f"{OLD_NOTE};Bring a friend")
    assert approximate
    assert said.count("Ubicación aproximada: confirme la dirección") == 1
    assert OLD_NOTE not in said and "Bring a friend" in said
