"""The two explained rankings: hard needs exclude and are counted, soft preferences score, reasons explain."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from matcher.answers import Answers
from matcher.directory import Directory, load_directory
from matcher.geography import geocode_offline
from matcher.scoring import WEIGHTS, rank_kinds, rank_listings
from tests.conftest import ROOT, WriteDirectory, row

SF = geocode_offline("94110")  # San Francisco, Mission
ONLINE = {"formats": "online", "latitude": "", "longitude": "", "address": "", "postal_code": "",
          "accessibility": ""}


def directory(write_directory: WriteDirectory, rows: list[dict[str, str]]) -> Directory:
    result = load_directory(write_directory(rows))
    assert result.problems == []
    return result.directory


def ids(ranking_matches: list) -> list[str]:  # type: ignore[type-arg]
    return [m.listing.id for m in ranking_matches]


def test_weights_add_up_to_100() -> None:
    """The score is out of 100 when every preference is given."""
    assert sum(WEIGHTS.values()) == 100


HARD_NEEDS = [
    # (answers, the row that fails, the need reported)
    (Answers(formats=["online"]), row(id="x"), "formats"),
    (Answers(location="94110", max_distance_miles=5), row(id="x", latitude="34.05", longitude="-118.24",
                                                          postal_code="90012"), "distance"),
    (Answers(free_only=True), row(id="x", cost="fee"), "free_only"),
    (Answers(free_only=True), row(id="x", cost=""), "free_only"),
    (Answers(languages=["es"]), row(id="x", languages="en"), "languages"),
    (Answers(accessibility=["asl"]), row(id="x"), "accessibility"),
    (Answers(accessibility=["wheelchair"]), row(id="x", accessibility=""), "accessibility"),
]


@pytest.mark.parametrize(("answers", "bad", "need"), HARD_NEEDS)
def test_each_hard_need_excludes_and_is_counted(write_directory: WriteDirectory, answers: Answers,
                                                bad: dict[str, str], need: str, now: datetime) -> None:
    """A listing failing one hard need is hidden, and the need reports it hid exactly that one."""
    good = row(id="ok", cost="free", languages="en;es", accessibility="wheelchair;asl",
               formats="in_person;online")
    d = directory(write_directory, [good, bad])
    origin = geocode_offline(answers.location) if answers.location else None
    ranking = rank_listings(d, answers, origin, now=now)
    assert ids(ranking.matches) == ["ok"]
    assert {e.need: e.hidden for e in ranking.exclusions} == {need: 1}


def test_donation_counts_as_free(write_directory: WriteDirectory, now: datetime) -> None:
    """Free-only keeps groups that ask only for donations."""
    d = directory(write_directory, [row(id="d", cost="donation")])
    assert ids(rank_listings(d, Answers(free_only=True), now=now).matches) == ["d"]


def test_wheelchair_need_does_not_hide_a_group_one_can_join_online(write_directory: WriteDirectory,
                                                                   now: datetime) -> None:
    """A hybrid group without wheelchair access is still reachable online."""
    d = directory(write_directory, [row(id="h", formats="in_person;online", accessibility="")])
    ranking = rank_listings(d, Answers(accessibility=["wheelchair"]), now=now)
    assert ids(ranking.matches) == ["h"]
    assert ranking.matches[0].attend == ("online",)


def test_distance_steps_say_how_many_a_wider_search_shows(write_directory: WriteDirectory, now: datetime) -> None:
    """Beyond the distance, the ranking offers the first wider distances that show more, and how many."""
    oakland = row(id="oak", latitude="37.8044", longitude="-122.2712", postal_code="94612")  # ~9 miles
    san_jose = row(id="sj", latitude="37.3382", longitude="-121.8863", postal_code="95113")  # ~42 miles
    d = directory(write_directory, [row(id="near"), oakland, san_jose])
    ranking = rank_listings(d, Answers(max_distance_miles=5), SF, now=now)
    assert ids(ranking.matches) == ["near"]
    offers = next(e for e in ranking.exclusions if e.need == "distance").offers
    # 25 would show no more than 10 does, and 100/250 no more than 50: only steps that add are offered
    assert [(o.change["max_distance_miles"], o.adds) for o in offers] == [(10, 1), (50, 2)]
    assert [o.label for o in offers] == ["Widen to 10 miles to see 1 more", "Widen to 50 miles to see 2 more"]
    wider = rank_listings(d, Answers(max_distance_miles=50), SF, now=now)
    assert set(ids(wider.matches)) == {"near", "oak", "sj"}


@pytest.mark.parametrize(
    ("answers", "listing", "reason"),
    [
        (Answers(focus=["anxiety"]), {}, "About anxiety, as you asked"),
        (Answers(focus=["grief"]), {"focus": "general"}, "For mental health in general"),
        (Answers(communities=["lgbtq"]), {"communities": "lgbtq"}, "For LGBTQ+ people, as you asked"),
        (Answers(communities=["lgbtq"]), {}, "Open to everyone"),
        (Answers(facilitation="peer"), {}, "Led by peers, as you prefer"),
        (Answers(times=["evening"], timezone="America/Los_Angeles"), {},
         "Meets Tuesdays, 7:00 pm – 8:30 pm; you said evenings"),
        (Answers(days=["tue"]), {"days": "", "start_time": "", "end_time": "", "timezone": ""},
         "No fixed meeting time"),
        (Answers(free_only=True), {}, "Free, as you asked"),
        (Answers(languages=["es"]), {"languages": "es"}, "Held in Spanish"),
        (Answers(accessibility=["wheelchair"]), {}, "Wheelchair accessible, as you need"),
        (Answers(formats=["online"]), ONLINE, "Online: join from wherever you are"),
    ],
)
def test_each_reason_is_in_plain_words(write_directory: WriteDirectory, answers: Answers,
                                       listing: dict[str, str], reason: str, now: datetime) -> None:
    """Every soft preference that counted shows up as a readable reason."""
    d = directory(write_directory, [row(**listing)])
    match = rank_listings(d, answers, now=now).matches[0]
    assert any(r.startswith(reason) for r in match.reasons), match.reasons


def test_distance_is_a_reason_in_miles_and_km(write_directory: WriteDirectory, now: datetime) -> None:
    """An in-person group near the person says how far, in miles and kilometres."""
    d = directory(write_directory, [row(latitude="37.7725", longitude="-122.4147", postal_code="94103")])
    match = rank_listings(d, Answers(location="94110"), SF, now=now).matches[0]
    assert match.distance_miles == pytest.approx(1.5, abs=0.2)
    assert any("miles" in r and "km" in r for r in match.reasons)


def test_soft_preferences_order_the_listings(write_directory: WriteDirectory, now: datetime) -> None:
    """The group about the person's concern, led as they prefer, at a time they're free, ranks first."""
    rows = [
        row(id="fits-none", focus="general", facilitation="professional", start_time="09:00", end_time="10:00"),
        row(id="fits-all", focus="anxiety", facilitation="peer"),
        row(id="general", focus="general", facilitation="peer"),
    ]
    d = directory(write_directory, rows)
    answers = Answers(focus=["anxiety"], facilitation="peer", times=["evening"], timezone="America/Los_Angeles")
    ranking = rank_listings(d, answers, now=now)
    assert ids(ranking.matches) == ["fits-all", "general", "fits-none"]
    assert ranking.matches[0].score == 100
    assert ranking.matches[-1].score < ranking.matches[1].score


def test_ties_break_by_next_meeting_then_distance_then_name(write_directory: WriteDirectory, now: datetime) -> None:
    """Equal scores: the sooner meeting first; then the nearer; then by name."""
    rows = [
        row(id="b-later", name="B", days="wed"),
        row(id="a-later", name="A", days="wed"),
        row(id="soon", name="Z", days="thu"),  # "now" is a Thursday morning in California
        row(id="far", name="0 far", days="wed", latitude="37.80", longitude="-122.27", postal_code="94612"),
    ]
    d = directory(write_directory, rows)
    ranking = rank_listings(d, Answers(), SF, now=now)
    assert ids(ranking.matches) == ["soon", "a-later", "b-later", "far"]


def test_ranking_is_deterministic_and_limit_keeps_the_same_order(now: datetime) -> None:
    """The bundled directory ranks identically twice, and the top 10 are the first 10 of the full list."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    answers = Answers(focus=["depression"], times=["evening"], location="60614", facilitation="peer")
    origin = geocode_offline("60614")
    full = rank_listings(d, answers, origin, now=now, limit=None)
    top = rank_listings(d, answers, origin, now=now, limit=10)
    assert ids(top.matches) == ids(full.matches)[:10]
    assert ids(rank_listings(d, answers, origin, now=now, limit=None).matches) == ids(full.matches)
    real = [m.listing.sample for m in full.matches]
    assert real == sorted(real), "every real listing comes before every sample"
    for sample in (False, True):
        scores = [m.score for m in full.matches if m.listing.sample == sample
                  and any(r.startswith("About depression") for r in m.reasons)]
        assert scores == sorted(scores, reverse=True)


def test_national_online_programs_appear_without_a_location(now: datetime) -> None:
    """With no place given, the real national programs that anyone can join are offered."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    ranking = rank_listings(d, Answers(focus=["grief"], formats=["online", "phone"]), now=now, limit=None)
    real = {m.listing.id for m in ranking.matches if not m.listing.sample}
    assert {"griefshare", "compassionate-friends", "afsp-healing-conversations"} <= real
    assert "taps" not in real, "TAPS is only for people grieving someone who served in the military"
    military = rank_listings(d, Answers(focus=["grief"], communities=["military_families"]), now=now, limit=None)
    assert "taps" in {m.listing.id for m in military.matches}


@pytest.mark.parametrize(
    ("answers", "first"),
    [
        (Answers(facilitation="peer"), "peer"),
        (Answers(facilitation="professional"), "professional"),
        (Answers(formats=["online"], location=None), "online"),
        # no blanket "professional" bonus for psychosis: peer groups (Hearing Voices) are well established
        (Answers(focus=["psychosis"], formats=["in_person"], location="94110"), "peer"),
        (Answers(focus=["substance_use"], formats=["in_person"], location="94110"), "peer"),
    ],
)
def test_kinds_are_ranked_with_reasons(answers: Answers, first: str) -> None:
    """The three kinds come back ranked for the person, each with at least one reason."""
    kinds = rank_kinds(answers)
    assert [k.kind for k in kinds][0] == first
    assert sorted(k.kind for k in kinds) == ["online", "peer", "professional"]
    assert all(k.reasons and 0 <= k.score <= 100 for k in kinds)


def test_an_empty_directory_ranks_to_nothing(tmp_path: Path, now: datetime) -> None:
    """No listings: no matches, no exclusions, no error."""
    (tmp_path / "g.csv").write_text("id,name,formats\n", encoding="utf-8")
    d = load_directory(tmp_path / "g.csv").directory
    ranking = rank_listings(d, Answers(location="94110"), SF, now=now)
    assert ranking.matches == [] and ranking.total == 0 and ranking.exclusions == []
