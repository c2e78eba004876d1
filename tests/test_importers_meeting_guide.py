"""Meeting Guide importer: the two real feeds and one hand-written meeting per shape feeds have."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.directory import load_directory
from matcher.importers import ImportOptions, ImportResult, import_meeting_guide, write_rows
from matcher.importers.meeting_guide import program_types
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "meeting-guide"
SHAPES = FIXTURES / "shapes.json"


def _rows(result: ImportResult) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in result.rows}


def _why(result: ImportResult, record_id: str) -> str:
    return " | ".join(r.reason for r in result.reports if r.record_id == record_id)


@pytest.fixture(scope="module")
def shapes() -> ImportResult:
    return import_meeting_guide(SHAPES, ImportOptions(timezone="America/Phoenix"))


@pytest.mark.parametrize("feed", ["al-anon.json", "atlanta.json"])
def test_every_real_meeting_is_written_or_reported_and_the_output_validates(feed: str, tmp_path: Path) -> None:
    """Each meeting of the real feeds ends up as a listing or a report with its slug; the file validates."""
    meetings = json.loads((FIXTURES / feed).read_text())
    result = import_meeting_guide(FIXTURES / feed)
    assert {r["id"] for r in result.rows} | {r.record_id for r in result.reports} == {m["slug"] for m in meetings}
    out = tmp_path / "groups.csv"
    write_rows(result.rows, out)
    loaded = load_directory(out)
    assert loaded.problems == []
    assert len(loaded.directory) == len(result.rows) > 0


def test_the_al_anon_feed_is_recognised_and_read_with_al_anons_own_codes() -> None:
    """Al-Anon → alcohol and drug use, for families; C means 'families and friends only', not 'closed'."""
    meetings = {m["slug"]: m for m in json.loads((FIXTURES / "al-anon.json").read_text())}
    result = import_meeting_guide(FIXTURES / "al-anon.json")
    assert "Al-Anon" in result.detected
    rows = _rows(result)
    assert all(r["focus"] == "substance_use" and "family_caregivers" in r["communities"] for r in rows.values())
    inactive = [s for s, m in meetings.items() if m.get("attendance_option") == "inactive"]
    assert inactive and all("inactive" in _why(result, s) for s in inactive)
    for slug, row in rows.items():
        m = meetings[slug]
        if "TC" in m.get("types", []) or m.get("approximate") == "yes" or m.get("attendance_option") == "online":
            assert "in_person" not in row["formats"], slug
            assert row["address"] == "", slug  # an online-only meeting never shows a street venue
        assert row["last_verified"] == m["updated"][:10]
    closed = [s for s in rows if "C" in meetings[s].get("types", [])]
    assert closed
    for s in closed:  # closed in Al-Anon: families and friends; Alateen (Y) also only for teens
        audience = set(rows[s]["audience"].split(";"))
        assert "family_caregivers" in audience and ("teens" in audience) == ("Y" in meetings[s]["types"]), s
    open_ = [s for s in rows if "O" in meetings[s].get("types", [])]
    assert open_ and all("family_caregivers" not in rows[s]["audience"] for s in open_)
    alateen = [s for s in rows if "Y" in meetings[s].get("types", [])]  # Al-Anon's Y is Alateen, not "young people"
    assert alateen and all(
        "teens" in rows[s]["communities"] and "young_adults" not in rows[s]["communities"] for s in alateen
    )


def test_the_program_can_be_chosen() -> None:
    """--program overrides recognition: the same codes read with AA's table give no family-only audience."""
    result = import_meeting_guide(FIXTURES / "al-anon.json", ImportOptions(program="aa"))
    assert "chosen with --program" in result.detected
    assert result.rows and not any("family_caregivers" in r["audience"] for r in result.rows)
    assert any("own_concern" in r["audience"] for r in result.rows), "AA's C is Closed: its own people"


def test_the_bundled_program_table_is_the_vendored_reference() -> None:
    """The importer's own copy of the plugin's per-program codes matches the reference file."""
    assert program_types() == json.loads((FIXTURES / "program-type-codes.json").read_text())


@pytest.mark.parametrize(
    ("slug", "expect"),
    [
        (
            "types-array",
            {
                "days": "mon;thu",
                "communities": "women",
                "languages": "es",
                "accessibility": "wheelchair",
                "formats": "in_person",
                "last_verified": "2025-05-01",
            },
        ),
        ("types-bracket-string", {"communities": "", "days": "tue", "start_time": "07:30"}),
        ("types-comma-string", {"communities": "women", "days": "wed"}),
        ("types-lowercase-retired-custom", {"communities": "lgbtq", "formats": "online"}),
        ("types-missing", {"communities": "", "days": "sun"}),
        ("no-coords", {"formats": "in_person", "communities": "lgbtq", "timezone": "America/Chicago"}),
        ("zero-zero", {"formats": "in_person", "postal_code": "78701", "latitude": "30.271300"}),
        ("one-coordinate", {"formats": "in_person", "city": "Austin"}),
        ("12345", {"postal_code": "02108", "timezone": "America/New_York"}),
        ("tc-online", {"formats": "online", "latitude": "", "address": ""}),
        ("online-with-venue", {"formats": "online", "address": "", "latitude": ""}),
        ("hybrid", {"formats": "in_person;online", "address": "7 Pine St"}),
        ("appointment", {"formats": "phone", "days": "", "start_time": "", "phone": "+15551234567"}),
        ("overnight", {"start_time": "23:00", "end_time": ""}),
        ("single-digit-hour", {"start_time": "07:05"}),
        ("own-zone-wins", {"timezone": "America/Los_Angeles"}),
        ("place-zone-wins", {"timezone": "America/New_York"}),
        ("flag-fills-gap", {"timezone": "America/Phoenix"}),
        ("bad-zone", {"timezone": "America/New_York"}),
        ("canada", {"timezone": "America/Toronto", "country": "CA", "postal_code": "M5H 2N2"}),
        ("whitespace", {"name": "Padded name", "days": "tue", "timezone": "America/Chicago"}),
    ],
)
def test_each_shape_maps_as_the_spec_says(shapes: ImportResult, slug: str, expect: dict[str, str]) -> None:
    """Types, days, coordinates, ZIPs, attendance, times and time zones in every shape map field by field."""
    row = _rows(shapes)[slug]
    assert {k: row[k] for k in expect} == expect


@pytest.mark.parametrize(
    ("slug", "reason", "written"),
    [
        ("no-coords-unknown", "offline gazetteer cannot place it", False),
        ("approx", "only approximate", False),
        ("bad-day", "is not 0–6", False),
        ("bad-time", "'6:300pm' is not a clock time", False),
        ("inactive", "inactive", False),
        ("name-object", "name: expected text, found an object", False),
        ("(item 30)", "expected a meeting object", False),
        ("(no slug)", "needs a name and a slug", False),
        ("types-number", "types: expected a list of codes", True),
        ("zero-zero", "placed at the center of ZIP code 78701", True),
        ("end-before-start", "before the start", True),
        ("bad-zone", "'nan' is not an IANA zone name", True),
    ],
)
def test_odd_meetings_are_reported_with_their_slug_and_reason(
    shapes: ImportResult, slug: str, reason: str, written: bool
) -> None:
    """Nothing is dropped silently: each odd meeting is reported, and said to be written or not."""
    assert any(r.record_id == slug and reason in r.reason and r.written is written for r in shapes.reports), (
        shapes.reports
    )
    assert (slug in _rows(shapes)) is written


def test_unknown_type_codes_are_reported_once_with_counts(shapes: ImportResult) -> None:
    """Custom codes appear in one note with their counts; retired ONL and languages are not 'unknown'."""
    [note] = [n for n in shapes.notes if "type codes" in n]
    assert "MYCODE ×1" in note and "ZZZ ×1" in note and "ONL" not in note and "S ×" not in note


def test_timezone_flag_never_overrides_the_feed_or_the_place() -> None:
    """--timezone only fills gaps: a meeting whose place is in Boston keeps Boston's zone."""
    rows = _rows(import_meeting_guide(SHAPES, ImportOptions(timezone="America/Los_Angeles")))
    assert rows["place-zone-wins"]["timezone"] == "America/New_York"
    assert rows["flag-fills-gap"]["timezone"] == "America/Los_Angeles"


def test_without_a_zone_anywhere_a_weekly_meeting_is_reported(tmp_path: Path) -> None:
    """No zone in the record, its place, the flag or any other meeting of the feed: reported, never guessed."""
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "slug": "nowhere",
                    "name": "Tuesday Night",
                    "day": 2,
                    "time": "19:00",
                    "conference_url": "https://zoom.example/a",
                }
            ]
        )
    )
    result = import_meeting_guide(feed)
    assert "nowhere" not in _rows(result)
    assert "use --timezone" in _why(result, "nowhere")
    shapes = import_meeting_guide(SHAPES)  # the same gap in a feed with located meetings: their zone
    assert _rows(shapes)["flag-fills-gap"]["timezone"]
    assert any("the zone of this feed's other meetings" in n for n in shapes.notes)


def test_alateen_and_family_only_meetings_say_who_they_are_for(tmp_path: Path) -> None:
    """Al-Anon's Y (Alateen) is for teens with ages; C is only for families and friends."""
    feed = tmp_path / "afg.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "slug": "teen",
                    "name": "Alateen Tuesday",
                    "day": 2,
                    "time": "19:00",
                    "types": ["Y"],
                    "conference_url": "https://zoom.example/a",
                    "timezone": "America/Chicago",
                },
                {
                    "slug": "fam",
                    "name": "Family only AFG",
                    "day": 2,
                    "time": "19:00",
                    "types": ["C"],
                    "conference_url": "https://zoom.example/b",
                    "timezone": "America/Chicago",
                },
            ]
        )
    )
    rows = _rows(import_meeting_guide(feed, ImportOptions(program="al-anon")))
    assert "teens" in rows["teen"]["communities"]
    assert "family_caregivers" in rows["fam"]["communities"]
    assert (rows["teen"]["audience"], rows["teen"]["min_age"], rows["teen"]["max_age"]) == ("teens", "13", "19")
    assert rows["fam"]["audience"] == "family_caregivers"
    assert "Only for family members and friends" in rows["fam"]["worth_knowing"]


def _feed(tmp_path: Path, meetings: list[dict[str, object]], **opts: object) -> dict[str, dict[str, str]]:
    feed = tmp_path / "feed.json"
    base = {"day": 2, "time": "19:00", "conference_url": "https://zoom.example/a", "timezone": "America/Chicago"}
    feed.write_text(json.dumps([{**base, **m} for m in meetings]))
    return _rows(import_meeting_guide(feed, ImportOptions(**opts)))  # type: ignore[arg-type]


def test_closed_meetings_are_for_the_programs_own_people(tmp_path: Path) -> None:
    """AA closed: only for people seeking help themselves, said in the program's words; Al-Anon closed: families."""
    rows = _feed(
        tmp_path,
        [
            {"slug": "closed", "name": "Early Birds", "types": ["C"]},
            {"slug": "open", "name": "Early Birds", "types": ["O"]},
        ],
        program="aa",
    )
    assert rows["closed"]["audience"] == "own_concern"
    assert "Closed meeting: only for people who want to stop drinking" in rows["closed"]["worth_knowing"]
    assert rows["open"]["audience"] == ""
    rows = _feed(tmp_path, [{"slug": "closed", "name": "Serenity AFG", "types": ["C"]}])
    assert rows["closed"]["audience"] == "family_caregivers"


@pytest.mark.parametrize(
    ("name", "notes", "types", "audience", "communities"),
    [
        ("Tuesday MEN ONLY", "", [], "men", "men"),
        ("Women's Step Study", "", [], "women", "women"),
        ("Courage and Fellowship Men's AFG", "", ["O"], "men", "family_caregivers;men"),
        ("Men and Women Speaker", "", [], "", ""),
        ("Big Book", "", ["M"], "men", "men"),
        ("Big Book", "This meeting is for women.", [], "women", "women"),
        ("Young People's Group", "", [], "young_adults", "young_adults"),
        ("Seniors Serenity", "", [], "older_adults", "older_adults"),
        ("Parents Supporting Parents", "", [], "", "family_caregivers"),
        ("Monday Night", "** Alateen meeting #6275 at the same time.", [], "", ""),
    ],
)
def test_who_a_meeting_is_for_is_read_from_codes_names_and_descriptions(
    tmp_path: Path, name: str, notes: str, types: list[str], audience: str, communities: str
) -> None:
    """ "MEN ONLY", "Women's", young people, seniors, parents in names; a description only where it says so."""
    program = "al-anon" if "AFG" in name else "aa"
    row = _feed(tmp_path, [{"slug": "m", "name": name, "notes": notes, "types": types}], program=program)["m"]
    assert row["audience"] == audience
    assert row["communities"] == communities


def test_names_are_cleaned_and_every_card_names_the_program(tmp_path: Path) -> None:
    """Entities decoded, stray numeric prefixes dropped, the program named (not "District 06"), Spanish from
    the name, wheelchair access from the notes; a business meeting is not a support meeting."""
    rows = _feed(
        tmp_path,
        [
            {
                "slug": "a",
                "name": "30654364 Hope &amp; Courage AFG",
                "group": "District 06",
                "notes": "Handicap Accessible",
                "address": "1 Main St",
                "city": "Acworth",
                "state": "GA",
                "latitude": 34.1,
                "longitude": -84.6,
                "attendance_option": "hybrid",
            },
            {"slug": "b", "name": "24 Hour Club"},
            {"slug": "c", "name": "Grupo Nueva Vida"},
            {"slug": "d", "name": "25019 Monthly Business Meeting District 19"},
        ],
        program="al-anon",
    )
    assert rows["a"]["name"] == "Hope & Courage AFG"
    assert rows["a"]["organization"] == "Al-Anon"
    assert rows["a"]["accessibility"] == "wheelchair"
    assert rows["b"]["name"] == "24 Hour Club"
    assert rows["c"]["languages"] == "es"
    assert "d" not in rows


def test_an_eating_disorders_anonymous_feed_is_about_eating_disorders() -> None:
    """Recognized from its meeting names ("EDA"), read with EDA's codes: every meeting is about eating disorders."""
    result = import_meeting_guide(FIXTURES / "eda-hand.json")
    assert "Eating Disorders Anonymous type codes (recognized from the feed" in result.detected
    assert result.rows and all(r["focus"] == "eating_disorders" for r in result.rows)
    rows = _rows(result)
    assert rows["eda-lgbtq-sat"]["accessibility"] == "wheelchair"
    assert rows["eda-women-thu"]["organization"] == "Eating Disorders Anonymous"


def test_online_meetings_get_the_zone_of_the_feeds_other_meetings() -> None:
    """No zone in the record or its place: the zone most located meetings share, said once; --timezone wins."""
    result = import_meeting_guide(FIXTURES / "eda-hand.json")
    assert {r["timezone"] for r in result.rows} == {"America/New_York"}
    assert len(result.rows) == 7 and not result.reports
    assert result.notes == [
        (
            "3 online meetings given America/New_York, the zone of this feed's other meetings "
            "(their records and places give none; --timezone chooses another)"
        )
    ]
    chosen = import_meeting_guide(FIXTURES / "eda-hand.json", ImportOptions(timezone="America/Chicago"))
    assert _rows(chosen)["eda-online-wed"]["timezone"] == "America/Chicago"
    assert _rows(chosen)["eda-chelsea-tue"]["timezone"] == "America/New_York"
    assert not any("zone of this feed" in n for n in chosen.notes)


def test_a_feed_whose_program_cannot_be_told_says_so_first_and_names_the_flag(tmp_path: Path) -> None:
    """Neutral names, links and codes: the detected line says it could not tell, and names --program."""
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "slug": "a",
                    "name": "Tuesday Night",
                    "day": 2,
                    "time": "19:00",
                    "types": ["O"],
                    "conference_url": "https://zoom.example/a",
                    "timezone": "America/Chicago",
                }
            ]
        )
    )
    result = import_meeting_guide(feed)
    assert "could not tell which program" in result.detected and "--program" in result.detected


def test_a_hybrid_meeting_keeps_both_parts_and_its_join_link(tmp_path: Path) -> None:
    """Hybrid: in person and online, with the conference link as the join link (http(s) only); an approximate
    hybrid room with a street address is kept, and a room that cannot be listed is said, never silent."""
    room = {
        "address": "1 Main St",
        "city": "Acworth",
        "state": "GA",
        "postal_code": "30102",
        "latitude": 34.1,
        "longitude": -84.6,
        "attendance_option": "hybrid",
    }
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "slug": "h",
                    "name": "Hybrid",
                    "day": 2,
                    "time": "19:00",
                    "conference_url": "https://zoom.us/j/1",
                    **room,
                },
                {
                    "slug": "a",
                    "name": "Approx",
                    "day": 2,
                    "time": "19:00",
                    "conference_url": "https://zoom.us/j/2",
                    **room,
                    "approximate": "yes",
                },
                {
                    "slug": "tc",
                    "name": "Closed room",
                    "day": 2,
                    "time": "19:00",
                    "conference_url": "https://zoom.us/j/3",
                    "types": ["TC"],
                    **room,
                },
                {
                    "slug": "js",
                    "name": "Bad link",
                    "day": 2,
                    "time": "19:00",
                    "conference_url": "javascript:alert(1)",
                    **room,
                },
            ]
        )
    )
    result = import_meeting_guide(feed, ImportOptions(program="aa"))
    rows = _rows(result)
    assert rows["h"]["formats"] == "in_person;online" and rows["h"]["join_url"] == "https://zoom.us/j/1"
    assert rows["a"]["formats"] == "in_person;online"
    assert rows["tc"]["formats"] == "online" and "listed online only" in _why(result, "tc")
    assert rows["js"]["join_url"] == "" and rows["js"]["formats"] == "in_person"
