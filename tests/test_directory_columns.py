"""The eligibility and note columns of the directory format: audience, min_age, max_age, worth_knowing.

(The rest of the directory format is pinned in tests/test_directory.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.directory import COLUMNS, load_directory
from tests.conftest import WriteDirectory, row, write_rows


def test_the_columns_are_part_of_the_format() -> None:
    """Importers and exports write the columns from COLUMNS, so the new ones are in it."""
    assert {"audience", "min_age", "max_age", "worth_knowing"} <= set(COLUMNS)


def test_eligibility_and_notes_are_read(write_directory: WriteDirectory) -> None:
    """Audience codes, ages and ';'-separated notes come through to the listing."""
    path = write_directory(
        [
            row(
                audience="lgbtq;Trans_Nonbinary",
                min_age="13",
                max_age="24",
                worth_knowing="A Christian program; Meets at a church ;",
            )
        ]
    )
    result = load_directory(path)
    assert result.problems == []
    g = result.directory.listing(0)
    assert g.audience == ("lgbtq", "trans_nonbinary")
    assert (g.min_age, g.max_age) == (13, 24)
    assert g.worth_knowing == ("A Christian program", "Meets at a church")


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"audience": "martians"}, "audience", "unknown audience code 'martians'"),
        ({"min_age": "teen"}, "min_age", "'teen' is not an age in whole years"),
        ({"max_age": "17.5"}, "max_age", "'17.5' is not an age"),
        ({"min_age": "130"}, "min_age", "(0 to 120)"),
        ({"min_age": "-1"}, "min_age", "not an age"),
        ({"min_age": "30", "max_age": "18"}, "max_age", "the age range ends (18) before it starts (30)"),
        ({"worth_knowing": "x" * 201}, "worth_knowing", "longer than 200 characters"),
        ({"facility": "type:CASTLE"}, "facility", "unknown facility type 'type:CASTLE'"),
        ({"facility": "type:CMHC;offers:GT;runs:GT"}, "facility", "'runs:GT' is not a facility code"),
        ({"facility": "edition:22"}, "facility", "the edition is a year"),
    ],
)
def test_a_bad_cell_is_reported_and_only_its_row_is_lost(
    write_directory: WriteDirectory, cells: dict[str, str], column: str, words: str
) -> None:
    """A bad eligibility cell names its line and column; the good row is kept."""
    result = load_directory(write_directory([row(id="good"), row(id="bad", **cells)]))
    assert [(p.line, p.column) for p in result.problems] == [(3, column)]
    assert words in result.problems[0].message
    assert [result.directory.listing(i).id for i in range(len(result.directory))] == ["good"]


def test_a_file_without_the_new_columns_is_open_to_everyone(tmp_path: Path) -> None:
    """An older file (no audience, ages or notes) loads cleanly: open to all, any age, no notes."""
    old = tuple(c for c in COLUMNS if c not in {"audience", "min_age", "max_age", "worth_knowing"})
    result = load_directory(write_rows(tmp_path / "old.csv", [row()], columns=old))
    assert result.problems == []
    g = result.directory.listing(0)
    assert (g.audience, g.min_age, g.max_age, g.worth_knowing) == ((), None, None, ())


def test_the_cache_keeps_the_new_columns(write_directory: WriteDirectory) -> None:
    """Reloading from the Arrow cache gives the same eligibility and notes."""
    path = write_directory([row(audience="women", min_age="18", worth_knowing="Closed group")])
    first = load_directory(path, cache=True).directory.listing(0)
    again = load_directory(path, cache=True).directory.listing(0)
    assert again == first and again.audience == ("women",) and again.worth_knowing == ("Closed group",)


def test_a_facilitys_codes_are_read_and_worded_in_each_language(write_directory: WriteDirectory) -> None:
    """The facility column (SAMHSA's codes) comes through; the card's description, source and notes are worded
    from it in the person's language, while a listing without it keeps its description as written."""
    from matcher.words import ENGLISH, words_for

    codes = "type:OMH;offers:SHG;special:VET;placed:zip;edition:2022"
    result = load_directory(write_directory([row(id="f", description="", facility=codes), row(id="own")]))
    assert result.problems == []
    facility, own = result.directory.listing(0), result.directory.listing(1)
    assert facility.facility_values("offers") == ("SHG",)
    assert ENGLISH.description(facility) == (
        "An outpatient mental health facility that offers self-help groups. Special programs or groups: veterans. "
        "Its groups may be only for its clients: call first to ask."
    )
    assert words_for("es").description(facility).startswith("Un centro ambulatorio de salud mental que ofrece")
    assert words_for("es").description(own) == own.description != ""
