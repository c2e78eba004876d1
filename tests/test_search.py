"""Find a program by name: typos, case and accents forgiven; real before invented; only what is open to you."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher import Answers, find_by_ids, find_by_name, fold, load_directory
from tests.conftest import NOW, ROOT, row, write_rows

BUNDLED = load_directory(ROOT / "data" / "groups.csv").directory


LGBTQ_TEEN = Answers(communities=["lgbtq", "teens"], age=17)
FAMILY = Answers(communities=["family_caregivers"])


@pytest.mark.parametrize(
    ("typed", "person", "expected"),
    [
        ("TrevorSpace", LGBTQ_TEEN, "TrevorSpace"),
        ("trevorspace", LGBTQ_TEEN, "TrevorSpace"),
        ("Compasionate Friends", Answers(), "The Compassionate Friends"),  # one letter missing
        ("compassionate frends", Answers(), "The Compassionate Friends"),  # another typo, lower case
        ("alanon", FAMILY, "Al-Anon Family Groups"),  # no hyphen
        ("GRIEFSHARE", Answers(), "GriefShare"),
    ],
)
def test_a_known_program_is_found_by_name_despite_case_and_short_typos(
    typed: str, person: Answers, expected: str
) -> None:
    """What a person types for a program they know (and can join) finds it first."""
    found = find_by_name(BUNDLED, typed, person, now=NOW)
    assert found.matches and found.matches[0].listing.name == expected


def test_accents_and_case_are_ignored_both_ways(tmp_path: Path) -> None:
    """ "cafe de la esperanza" finds "Café de la Esperanza", and "Café" finds "CAFE"."""
    d = load_directory(
        write_rows(tmp_path / "g.csv", [row(id="a", name="Café de la Esperanza"), row(id="b", name="CAFE CIRCLE")])
    ).directory
    assert [m.listing.id for m in find_by_name(d, "cafe de la esperanza", now=NOW).matches][:1] == ["a"]
    assert "b" in [m.listing.id for m in find_by_name(d, "Café circle", now=NOW).matches]
    assert fold("Ça Vá—ÉLAN") == "ca va elan"


def test_an_unrelated_word_finds_nothing_and_short_words_must_start_a_word() -> None:
    """Nonsense finds nothing; "AA" finds Alcoholics Anonymous but not "ADAA"."""
    assert find_by_name(BUNDLED, "xyzzy qqq", now=NOW).matches == []
    names = [m.listing.name for m in find_by_name(BUNDLED, "AA", now=NOW).matches]
    assert names and all("ADAA" not in n for n in names)


def test_real_programs_come_before_invented_examples(tmp_path: Path) -> None:
    """A sample listing with the closer name still comes after a real one."""
    d = load_directory(
        write_rows(
            tmp_path / "g.csv",
            [row(id="s", name="Hope Circle", sample="true"), row(id="r", name="Hope Circles of Ohio")],
        )
    ).directory
    assert [m.listing.id for m in find_by_name(d, "Hope Circle", now=NOW).matches] == ["r", "s"]


def test_a_program_found_by_name_ignores_place_format_and_cost(tmp_path: Path) -> None:
    """The person asked for it by name: in-person-only or a fee does not hide it."""
    d = load_directory(write_rows(tmp_path / "g.csv", [row(id="x", name="Riverside Fee Group", cost="fee")])).directory
    a = Answers(formats=["online"], free_only=True, location="10001", max_distance_miles=5)
    assert [m.listing.id for m in find_by_name(d, "riverside", a, now=NOW).matches] == ["x"]


def test_an_empty_query_finds_nothing() -> None:
    """Blank or punctuation-only text is not a search."""
    assert find_by_name(BUNDLED, "  -- ", now=NOW).matches == []


def test_a_program_not_open_to_the_person_is_counted_not_offered() -> None:
    """A 40-year-old searching "TrevorSpace" (ages 13–24) gets nothing to join and one "not open" count."""
    found = find_by_name(BUNDLED, "TrevorSpace", Answers(age=40), now=NOW)
    assert "TrevorSpace" not in [m.listing.name for m in found.matches]
    assert found.not_open == 1


def test_a_shared_shortlist_is_found_by_ids_whoever_opens_it() -> None:
    """find_by_ids returns the listings in the link's order, even ones only for others; unknown ids skipped."""
    found = find_by_ids(BUNDLED, ["trevorspace", "no-such-id", "nami-family"], Answers(age=40), now=NOW)
    assert [m.listing.id for m in found] == ["trevorspace", "nami-family"]


def test_a_shared_shortlist_opened_without_a_zone_never_says_your_time(tmp_path: Path) -> None:
    """A shared link gives the group's own zone; a person's view only when their zone is known."""
    csv = write_rows(
        tmp_path / "g.csv",
        [row(id="chi", days="thu", start_time="19:00", end_time="20:30", timezone="America/Chicago")],
    )
    d = load_directory(csv).directory
    (shared,) = find_by_ids(d, ["chi"], None, now=NOW)
    assert shared.meeting is not None and not shared.meeting.differs
    assert (shared.meeting.start.day, shared.meeting.start.at.hour, shared.meeting.start.abbreviation) == (
        "thu",
        19,
        "CT",
    )
    (own,) = find_by_ids(d, ["chi"], Answers(timezone="America/Los_Angeles"), now=NOW)
    assert own.meeting is not None and own.meeting.person_start is not None
    assert (own.meeting.person_start.at.hour, own.meeting.person_start.abbreviation) == (17, "PT")
