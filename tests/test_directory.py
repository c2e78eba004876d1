"""Loading and validating a directory CSV: every bad-row kind, unusable files, nothing good lost."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matcher.directory import COLUMNS, DirectoryError, load_directory
from tests.conftest import ROOT, WriteDirectory, row, write_rows

TODAY = date(2026, 11, 26)

BAD_ROWS = [
    # (changes to a good row, column reported, words in the message)
    ({"id": ""}, "id", "required"),
    ({"name": "  "}, "name", "required"),
    ({"formats": ""}, "formats", "required"),
    ({"focus": "anxeity"}, "focus", "unknown focus code 'anxeity'"),
    ({"communities": "martians"}, "communities", "unknown communities code"),
    ({"facilitation": "robot"}, "facilitation", "unknown facilitation code"),
    ({"formats": "in_person;zoom"}, "formats", "unknown formats code 'zoom'"),
    ({"cost": "cheap"}, "cost", "unknown cost 'cheap'"),
    ({"languages": "english"}, "languages", "unknown language code"),
    ({"accessibility": "ramp"}, "accessibility", "unknown accessibility code"),
    ({"latitude": "north"}, "latitude", "is not a number"),
    ({"longitude": "west"}, "longitude", "is not a number"),
    ({"latitude": "100"}, "latitude", "out of range"),
    ({"longitude": "-181"}, "longitude", "out of range"),
    ({"latitude": "", "longitude": "", "postal_code": "00000"}, "latitude", "no coordinates"),
    ({"latitude": "", "longitude": "", "postal_code": ""}, "latitude", "no postal code"),
    ({"latitude": "37.7"[:4], "longitude": ""}, "latitude", "both latitude and longitude"),
    ({"start_time": "20:00", "end_time": "19:00"}, "end_time", "before it starts"),
    ({"start_time": "25:00"}, "start_time", "not a real clock time"),
    ({"start_time": "7pm"}, "start_time", "not a time like"),
    ({"end_time": "19:61"}, "end_time", "not a real clock time"),
    ({"days": "tus"}, "days", "unknown day 'tus'"),
    ({"days": "", "end_time": ""}, "days", "start time is given but no days"),
    ({"start_time": "", "end_time": ""}, "start_time", "days are given but no start time"),
    ({"timezone": "Mars/Olympus"}, "timezone", "unknown time zone"),
    ({"timezone": ""}, "timezone", "needs the group's time zone"),
    ({"url": "javascript:alert(1)"}, "url", "not an http(s) link"),
    ({"source_url": "ftp://example.org/x"}, "source_url", "not an http(s) link"),
    ({"last_verified": "2026-13-01"}, "last_verified", "not a date"),
    ({"last_verified": "2027-01-01"}, "last_verified", "in the future"),
    ({"sample": "maybe"}, "sample", "not true or false"),
    ({"worth_knowing": "A note;" + "x" * 201}, "worth_knowing", "longer than 200 characters"),
    ({"worth_knowing_es": "Una nota;" + "x" * 201}, "worth_knowing_es", "longer than 200 characters"),
]


@pytest.mark.parametrize(("changes", "column", "words"), BAD_ROWS)
def test_each_bad_row_kind_is_reported_and_the_good_rows_kept(
    write_directory: WriteDirectory, changes: dict[str, str], column: str, words: str
) -> None:
    """A bad row is reported with its CSV line, column and a plain message; good rows around it stay."""
    path = write_directory([row(id="before"), row(**{"id": "bad", **changes}), row(id="after")])
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["id"]) == ["before", "after"]
    hits = [p for p in result.problems if p.line == 3 and p.column == column]
    assert hits, result.problems
    assert words in hits[0].message


def test_a_duplicate_id_marks_the_later_row_bad(write_directory: WriteDirectory) -> None:
    """The first row with an id wins; the later one is reported with the line of the first."""
    path = write_directory([row(id="x", name="First"), row(id="y"), row(id="x", name="Second")])
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["name"]) == ["First", "Tuesday Anxiety Circle"]
    assert result.problems[0].line == 4
    assert "first used on line 2" in result.problems[0].message


def test_a_postal_code_supplies_missing_coordinates(write_directory: WriteDirectory) -> None:
    """An in-person group with no coordinates is placed at its ZIP code's centre when the gazetteer knows it."""
    path = write_directory([row(latitude="", longitude="", postal_code="94110")])
    result = load_directory(path, today=TODAY)
    assert result.problems == []
    assert result.directory.lat[0] == pytest.approx(37.75, abs=0.01)


def test_line_numbers_follow_cells_that_span_lines(write_directory: WriteDirectory) -> None:
    """A description with line breaks does not shift the line numbers of later problems."""
    path = write_directory([row(id="a", description="one\ntwo\nthree"), row(id="b", focus="nope")])
    result = load_directory(path, today=TODAY)
    assert [(p.line, p.column) for p in result.problems] == [(5, "focus")]


def test_a_missing_optional_column_is_reported_and_treated_as_empty(tmp_path: Path) -> None:
    """A header without an optional column still loads, with one problem on line 1 naming it."""
    path = write_rows(tmp_path / "g.csv", [row()], tuple(c for c in COLUMNS if c != "phone"))
    result = load_directory(path, today=TODAY)
    assert len(result.directory) == 1
    assert [(p.line, p.column) for p in result.problems] == [(1, "phone")]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "file not found"),
        (b"", "empty"),
        (b"\xff\xfe\x00\x00binary", "binary"),
        (b"name,description\nA,B\n", "required column(s) missing"),
        (b"\xe9t\xe9,id\n", "not UTF-8"),
        (b"id,name,formats,name\na,b,online,c\n", "'name' (column 2) and 'name' (column 4)"),
        (b"id,name,formats,ID\na,b,online,c\n", "'id' (column 1) and 'ID' (column 4)"),
    ],
)
def test_an_unusable_file_raises_one_clear_error(tmp_path: Path, content: bytes | None, reason: str) -> None:
    """A file that cannot be used at all raises DirectoryError naming the file and the reason."""
    path = tmp_path / "groups.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DirectoryError) as info:
        load_directory(path, today=TODAY)
    assert str(path) in str(info.value)
    assert reason in info.value.message


def test_the_bundled_directory_is_clean_and_real() -> None:
    """data/groups.csv validates and holds no invented listing: 30+ national programs with their sites, and
    10,000+ facilities from SAMHSA's national directory in every state, each saying where it comes from."""
    result = load_directory(ROOT / "data" / "groups.csv")
    assert result.problems == []
    frame = result.directory.frame
    assert not result.directory.sample.any()
    assert not frame["name"].str.contains("[Sample]", regex=False).any()
    samhsa = frame["id"].str.startswith("samhsa-")
    assert (~samhsa).sum() >= 30
    assert frame.loc[~samhsa, "url"].str.startswith("https://").all()
    assert samhsa.sum() >= 10_000
    assert frame.loc[samhsa, "state"].nunique() >= 50
    assert (frame.loc[samhsa, "source"] == "SAMHSA's national directory (2022 edition)").all()
    assert (frame.loc[samhsa, "source_url"] == "https://findtreatment.gov").all()


def test_the_invented_examples_live_in_their_own_demo_file() -> None:
    """data/examples/invented-groups.csv: 400+ samples in 25+ cities, every one marked and named [Sample]."""
    result = load_directory(ROOT / "data" / "examples" / "invented-groups.csv")
    assert result.problems == []
    frame = result.directory.frame
    sample = result.directory.sample
    assert sample.sum() >= 400
    assert frame.loc[sample, "city"].nunique() >= 25
    assert frame.loc[sample, "name"].str.startswith("[Sample]").all()


def test_the_bundled_directory_is_what_the_build_script_makes() -> None:
    """Both built files are reproducible: rebuilding gives exactly the committed files."""
    import os
    import subprocess
    import sys

    # matcher importable as after `pip install -e .`, also from a checkout run without installing it
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "scripts/build_directory.py", "--check"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_cache_is_reused_and_invalidated_when_the_csv_changes(write_directory: WriteDirectory) -> None:
    """With cache=True a second load reads the memory-mapped Arrow copy; editing the CSV makes it stale."""
    path = write_directory([row(id="a"), row(id="b", focus="bad")])
    first = load_directory(path, today=TODAY, cache=True)
    cached = load_directory(path, today=TODAY, cache=True)
    assert list(cached.directory.frame["id"]) == list(first.directory.frame["id"]) == ["a"]
    assert cached.problems == first.problems
    write_rows(path, [row(id="a"), row(id="b"), row(id="c")])
    assert len(load_directory(path, today=TODAY, cache=True).directory) == 3


def test_a_listing_reads_back_its_codes(write_directory: WriteDirectory) -> None:
    """Listing objects carry the codes, schedule and sample flag of their row."""
    path = write_directory([row(focus="anxiety;general", days="mon;thu", sample="TRUE")])
    g = load_directory(path, today=TODAY).directory.listing(0)
    assert g.focus == ("anxiety", "general")
    assert g.days == ("mon", "thu")
    assert g.sample is True
    assert g.where == "1 Main St, San Francisco, CA 94110"


# --------------------------------------------------------------------------- hostile files (issue 12)


def csv_line(**changes: str) -> str:
    """One complete, valid directory row as a CSV line (no line ending)."""
    return ",".join(row(**changes)[c] for c in COLUMNS)


HEADER = ",".join(COLUMNS)
WIDTH = len(COLUMNS)


def lines_file(tmp_path: Path, bad: str, *, ending: str = "\n") -> Path:
    """A header, one good row (id a), the bad line (line 3), another good row (id c)."""
    path = tmp_path / "groups.csv"
    path.write_bytes(ending.join([HEADER, csv_line(id="a"), bad, csv_line(id="c")]).encode() + ending.encode())
    return path


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (csv_line(id="x") + ",one too many", f"{WIDTH + 1} cells, but the header has {WIDTH} columns"),
        (csv_line(id="x").rsplit(",", 1)[0], f"{WIDTH - 1} cells, but the header has {WIDTH} columns"),
        ("   ", "only spaces"),
        (csv_line(id="x", name="Bare\rCR"), "carriage return (CR)"),
        (csv_line(id="x", name="Nul\x00byte"), "NUL character"),
        (csv_line(id="x", name='"Open quote'), "quote opened on this line may not be closed"),
    ],
)
def test_one_bad_line_is_a_problem_on_its_line_and_the_other_rows_load(tmp_path: Path, bad: str, words: str) -> None:
    """Extra or missing cells, a line of spaces, a bare CR, a NUL byte or an open quote: a problem on
    line 3, and the rows before and after it are listed."""
    result = load_directory(lines_file(tmp_path, bad), today=TODAY)
    assert list(result.directory.frame["id"]) == ["a", "c"]
    assert [(p.line, p.column) for p in result.problems] == [(3, "row")]
    assert words in result.problems[0].message
    assert result.rows_read == 3


def test_line_numbers_stay_right_after_a_bad_line_with_crlf_endings(tmp_path: Path) -> None:
    """In a Windows (CRLF) file, a bad line does not shift the line numbers of the problems after it."""
    path = lines_file(tmp_path, csv_line(id="x") + ",extra", ending="\r\n")
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["id"]) == ["a", "c"]
    assert [p.line for p in result.problems] == [3]


def test_a_file_with_cr_only_line_endings_is_just_read(tmp_path: Path) -> None:
    """Excel for Mac ends lines with CR alone: the file reads like any other, line numbers included."""
    path = tmp_path / "groups.csv"
    path.write_bytes("\r".join([HEADER, csv_line(id="a"), csv_line(id="b", formats="zoom"), ""]).encode())
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["id"]) == ["a"]
    assert [(p.line, p.column) for p in result.problems] == [(3, "formats")]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/\r\nSet-Cookie: x=1",
        "https://example.org/a\nb",
        "https://example.org/a b",
        "https://example.org/\x1b]8;;x",
    ],
)
def test_a_link_with_a_line_break_or_control_character_is_rejected(write_directory: WriteDirectory, url: str) -> None:
    """A URL containing CR/LF (which broke the calendar export) or a control character is a problem."""
    path = write_directory([row(id="a"), row(id="b", url=url)])
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["id"]) == ["a"]
    assert any(p.column == "url" and "is not a link" in p.message for p in result.problems), result.problems


def test_a_header_only_file_is_a_problem_not_an_empty_directory(tmp_path: Path) -> None:
    """A header and no rows: one problem saying the app would show no groups."""
    path = tmp_path / "groups.csv"
    path.write_text(",".join(COLUMNS) + "\n")
    result = load_directory(path, today=TODAY)
    assert [(p.line, p.column) for p in result.problems] == [(1, "rows")]
    assert "no rows" in result.problems[0].message


def test_an_all_invalid_file_says_no_row_is_valid(write_directory: WriteDirectory) -> None:
    """Every row bad: besides each row's problem, one problem on line 1 says none is valid."""
    path = write_directory([row(id="a", focus="nope"), row(id="b", cost="cheap")])
    result = load_directory(path, today=TODAY)
    assert result.problems[0].line == 1
    assert "none of the 2 row(s) is valid" in result.problems[0].message
    assert len(result.problems) == 3


@pytest.mark.parametrize("invisible", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202e", "\u2067"])
def test_ids_differing_only_by_invisible_characters_are_duplicates(
    write_directory: WriteDirectory, invisible: str
) -> None:
    """'grp1' and 'grp' + zero-width/bidi character + '1' are the same id: the later row is reported."""
    path = write_directory([row(id="grp1"), row(id=f"grp{invisible}1")])
    result = load_directory(path, today=TODAY)
    assert len(result.directory) == 1
    assert [(p.line, p.column) for p in result.problems] == [(3, "id")]
    assert "first used on line 2" in result.problems[0].message


def test_bidi_controls_are_removed_from_directory_text(write_directory: WriteDirectory) -> None:
    """Right-to-left overrides and isolates never reach a page: they are dropped from every cell."""
    sneaky = "Safe \u202egnp.exe\u202c Group \u2067x\u2069"
    path = write_directory([row(name=sneaky, description=sneaky, city="Austin\u202d")])
    g = load_directory(path, today=TODAY).directory.listing(0)
    for text in (g.name, g.description, g.city):
        assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), repr(text)
    assert g.name == "Safe gnp.exe Group x"


def test_the_spanish_text_is_cleaned_like_the_english(write_directory: WriteDirectory) -> None:
    """description_es and worth_knowing_es lose bidi controls and keep their notes apart, like their English ones."""
    sneaky = "Un grupo \u202egnp.exe\u202c"
    path = write_directory([row(description_es=sneaky, worth_knowing="One; Two ", worth_knowing_es=" Uno ;Dos\u202e")])
    g = load_directory(path, today=TODAY).directory.listing(0)
    assert g.description_es == "Un grupo gnp.exe"
    assert g.worth_knowing_es == ("Uno", "Dos")


def test_a_directory_without_the_spanish_columns_loads_as_before(write_directory: WriteDirectory) -> None:
    """An older file (no description_es, no worth_knowing_es) has no problem and shows its own text."""
    columns = tuple(c for c in COLUMNS if not c.endswith("_es"))
    path = write_rows(write_directory([]).with_name("old.csv"), [row(worth_knowing="A note")], columns)
    result = load_directory(path, today=TODAY)
    assert result.problems == []
    g = result.directory.listing(0)
    assert (g.description_es, g.worth_knowing_es) == ("", ())
    assert g.description_in("es") == g.description == "A group."


def test_translated_notes_of_another_count_are_reported_and_the_row_kept(write_directory: WriteDirectory) -> None:
    """One Spanish note for two English ones cannot be paired: said on its line and column, the row still listed."""
    path = write_directory([row(id="ok"), row(id="short", worth_knowing="One;Two", worth_knowing_es="Uno")])
    result = load_directory(path, today=TODAY)
    assert list(result.directory.frame["id"]) == ["ok", "short"]
    assert [(p.line, p.column, p.kept) for p in result.problems] == [(3, "worth_knowing_es", True)]
    assert "1 note(s), but worth_knowing has 2" in result.problems[0].message
