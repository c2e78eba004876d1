"""Ranking treatment facilities honestly beside support groups, and the orders a person notices: a facility's
special programs are programs it runs (not a place built for them), an age group's listing for someone
clearly outside it, a narrower loss than the person said, the way of leading they chose, and someone who
said nothing at all."""

from __future__ import annotations

from datetime import datetime

from matcher.answers import Answers
from matcher.directory import Directory, load_directory
from matcher.places import geocode
from matcher.scoring import Match, rank_listings
from matcher.words import ENGLISH as W
from matcher.words import words_for
from tests.conftest import WriteDirectory, row

SF = geocode("94110")
SAMHSA = "SAMHSA's national directory (2022 edition)"
PROGRAMS = "young_adults;older_adults;lgbtq;veterans;military_families;teens;women;men"
NO_TIME = {"days": "", "start_time": "", "end_time": "", "timezone": ""}
ONLINE = {"formats": "online", "latitude": "", "longitude": "", "address": "", "postal_code": "", "accessibility": ""}


def directory(write_directory: WriteDirectory, rows: list[dict[str, str]]) -> Directory:
    result = load_directory(write_directory(rows))
    assert result.problems == []
    return result.directory


def ranked(d: Directory, answers: Answers, now: datetime, origin: object = SF) -> list[Match]:
    return rank_listings(d, answers, origin, now=now, limit=None).matches  # type: ignore[arg-type]


def facility(**changes: str) -> dict[str, str]:
    return row(**{"focus": "general", "source": SAMHSA, "facilitation": "professional", **NO_TIME, **changes})


def words(m: Match) -> list[str]:
    return [W.reason(r) for r in m.reasons]


def worth(m: Match) -> list[str]:
    return [W.reason(r) for r in m.worth_knowing]


def test_a_facilitys_special_programs_are_programs_it_runs_not_a_place_built_for_the_person(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """A clinic listing eight special programs "runs programs for older adults and men" (never "built for
    older adults and men, like you"), and a group built for older adults outranks it however long its list."""
    d = directory(
        write_directory,
        [
            facility(id="clinic", communities=PROGRAMS, name="A Clinic"),
            row(id="seniors", focus="general", communities="older_adults", name="Z Seniors Circle", **NO_TIME),
        ],
    )
    matches = ranked(d, Answers(communities=["older_adults", "men"], age=68), now)
    assert [m.listing.id for m in matches] == ["seniors", "clinic"]
    assert "Runs programs for older adults and men" in words(matches[1])
    assert not any("Built for" in w or "like you" in w for w in words(matches[1]))
    assert "Built for older adults, like you" in words(matches[0])
    spanish = words_for("es")
    assert spanish.reason(next(r for r in matches[1].reasons if r.code == "runs_program")).startswith("Tiene programas")


def test_programs_for_other_people_leave_a_facility_as_open_as_one_listing_none(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """Two clinics at the same spot, one listing programs for young adults and veterans, one listing none:
    for a 68-year-old woman they fit the same, and neither is 'meant mainly' for anyone."""
    d = directory(
        write_directory,
        [
            facility(id="listed", communities="young_adults;veterans"),
            facility(id="none", communities=""),
        ],
    )
    matches = ranked(d, Answers(communities=["women"], age=68), now)
    assert len({m.score for m in matches}) == 1
    assert not any(r.code == "meant_for" for m in matches for r in m.worth_knowing)


def test_a_listing_meant_mainly_for_young_adults_comes_after_for_a_68_year_old_and_says_so(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """A young adults' group is kept for a 68-year-old but ranked after the open one, nearer though it is,
    with "Meant mainly for young adults" under Worth knowing."""
    far = {"latitude": "37.8044", "longitude": "-122.2712", "postal_code": "94612"}
    d = directory(
        write_directory,
        [
            row(id="young", focus="general", communities="young_adults"),
            row(id="open", focus="general", **far),
        ],
    )
    matches = ranked(d, Answers(age=68), now)
    assert [m.listing.id for m in matches] == ["open", "young"]
    assert "Meant mainly for young adults" in worth(matches[1])
    assert [m.listing.id for m in ranked(d, Answers(age=24), now)] == ["young", "open"]


def test_for_someone_who_said_grief_general_grief_programs_come_before_suicide_loss_and_child_loss_ones(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """'Grief' alone: the general grief program first, then the one for families after a child's death; a
    suicide-loss program comes after the general mental-health group and says what it is mainly about."""
    d = directory(
        write_directory,
        [
            row(id="afsp", name="A Suicide Loss", focus="suicide_loss;grief", **ONLINE, **NO_TIME),
            row(id="tcf", name="B Child Loss", focus="grief", communities="family_caregivers", **ONLINE, **NO_TIME),
            row(id="mh", name="C General", focus="general", **ONLINE, **NO_TIME),
            row(id="gs", name="D GriefShare", focus="grief", **ONLINE, **NO_TIME),
        ],
    )
    matches = ranked(d, Answers(focus=["grief"], age=68), now, origin=None)
    assert [m.listing.id for m in matches] == ["gs", "tcf", "mh", "afsp"]
    assert "Mainly about loss of someone to suicide" in worth(matches[-1])
    lost_to_suicide = ranked(d, Answers(focus=["grief", "suicide_loss"]), now, origin=None)
    assert lost_to_suicide[0].listing.id == "afsp"


def test_a_person_who_wants_a_therapy_group_gets_the_groups_led_by_professionals_first(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """Peer-led programs on the topic come after a general group led by a professional, for someone who chose
    professional; the other way round for someone who chose peers."""
    d = directory(
        write_directory,
        [
            row(id="peer", focus="depression", facilitation="peer", **ONLINE, **NO_TIME),
            facility(id="therapy"),
        ],
    )
    pro = ranked(d, Answers(focus=["depression"], facilitation="professional"), now)
    assert [m.listing.id for m in pro] == ["therapy", "peer"]
    peer = ranked(d, Answers(focus=["depression"], facilitation="peer"), now)
    assert [m.listing.id for m in peer] == ["peer", "therapy"]


def test_someone_who_says_nothing_gets_the_broadest_programs_first_not_the_alphabet(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """No answers at all: among equal scores, a program about mental health in general and four conditions
    comes before one about general mental health alone, and both before a one-topic program."""
    d = directory(
        write_directory,
        [
            row(id="a-one", name="A One Topic", focus="ocd", **ONLINE, **NO_TIME),
            row(id="b-general", name="B General", focus="general", **ONLINE, **NO_TIME),
            row(
                id="z-broad", name="Z Broad", focus="general;depression;bipolar;anxiety;psychosis", **ONLINE, **NO_TIME
            ),
        ],
    )
    assert [m.listing.id for m in ranked(d, Answers(), now, origin=None)] == ["z-broad", "b-general", "a-one"]


def test_a_facilitys_special_program_about_the_topic_runs_after_the_support_programs_about_it(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """An eating-disorder program among a clinic's special programs: the clinic "runs a program about eating
    disorders" (never "about eating disorders, as you asked") and, near though it is, comes after a
    support program about them joined online; it still comes before a general clinic at the same spot."""
    d = directory(
        write_directory,
        [
            facility(id="clinic", focus="general;eating_disorders;ptsd_trauma;psychosis"),
            facility(id="general"),
            row(id="anad", focus="eating_disorders", **ONLINE, **NO_TIME),
        ],
    )
    matches = ranked(d, Answers(focus=["eating_disorders"]), now)
    assert [m.listing.id for m in matches] == ["anad", "clinic", "general"]
    assert "Runs a program about eating disorders" in words(matches[1])
    assert not any(w.startswith("About eating disorders") for w in words(matches[1]))
