"""The two explained rankings: hard needs exclude and are counted, soft preferences score, reasons explain."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.answers import Answers
from matcher.directory import Directory, load_directory
from matcher.places import geocode
from matcher.scoring import WEIGHTS, always_available, rank_kinds, rank_listings
from matcher.vocabulary import ACCESSIBILITY, COMMUNITIES, FOCUS, FORMATS
from matcher.words import ENGLISH as W
from tests.conftest import NOW, ROOT, WriteDirectory, row

SF = geocode("94110")  # San Francisco, Mission
ONLINE = {"formats": "online", "latitude": "", "longitude": "", "address": "", "postal_code": "", "accessibility": ""}


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
    (
        Answers(location="94110", max_distance_miles=5),
        row(id="x", latitude="34.05", longitude="-118.24", postal_code="90012"),
        "distance",
    ),
    (Answers(free_only=True), row(id="x", cost="fee"), "free_only"),
    (Answers(free_only=True), row(id="x", cost=""), "free_only"),
    (Answers(languages=["es"]), row(id="x", languages="en"), "languages"),
    (Answers(accessibility=["asl"]), row(id="x"), "accessibility"),
    (Answers(accessibility=["wheelchair"]), row(id="x", accessibility=""), "accessibility"),
]


@pytest.mark.parametrize(("answers", "bad", "need"), HARD_NEEDS)
def test_each_hard_need_excludes_and_is_counted(
    write_directory: WriteDirectory, answers: Answers, bad: dict[str, str], need: str, now: datetime
) -> None:
    """A listing failing one hard need is hidden, and the need reports it hid exactly that one."""
    good = row(id="ok", cost="free", languages="en;es", accessibility="wheelchair;asl", formats="in_person;online")
    d = directory(write_directory, [good, bad])
    origin = geocode(answers.location) if answers.location else None
    ranking = rank_listings(d, answers, origin, now=now)
    assert ids(ranking.matches) == ["ok"]
    assert {e.need: e.hidden for e in ranking.exclusions} == {need: 1}


def test_donation_counts_as_free(write_directory: WriteDirectory, now: datetime) -> None:
    """Free-only keeps groups that ask only for donations."""
    d = directory(write_directory, [row(id="d", cost="donation")])
    assert ids(rank_listings(d, Answers(free_only=True), now=now).matches) == ["d"]


def test_wheelchair_need_does_not_hide_a_group_one_can_join_online(
    write_directory: WriteDirectory, now: datetime
) -> None:
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
    assert [W.reason(o.reason) for o in offers] == [
        "Widen to 10 miles to see 1 more",
        "Widen to 50 miles to see 2 more",
    ]
    wider = rank_listings(d, Answers(max_distance_miles=50), SF, now=now)
    assert set(ids(wider.matches)) == {"near", "oak", "sj"}


@pytest.mark.parametrize(
    ("answers", "listing", "reason"),
    [
        (Answers(focus=["anxiety"]), {}, "About anxiety, as you asked"),
        (Answers(focus=["grief"]), {"focus": "general"}, "For mental health in general"),
        (Answers(communities=["lgbtq"]), {"communities": "lgbtq"}, "Built for LGBTQ+ people, like you"),
        (Answers(communities=["lgbtq"]), {}, "Open to everyone"),
        (Answers(facilitation="peer"), {}, "Led by peers, as you prefer"),
        (
            Answers(times=["evening"], timezone="America/Los_Angeles"),
            {},
            "Meets Tuesdays, 7:00 pm – 8:30 pm; you said evenings",
        ),
        (
            Answers(days=["tue"]),
            {"days": "", "start_time": "", "end_time": "", "timezone": ""},
            "No fixed meeting time",
        ),
        (Answers(free_only=True), {}, "Free, as you asked"),
        (Answers(languages=["es"]), {"languages": "es"}, "Held in Spanish"),
        (Answers(accessibility=["wheelchair"]), {}, "Wheelchair accessible, as you need"),
        (Answers(formats=["online"]), ONLINE, "Online: join from wherever you are"),
    ],
)
def test_each_reason_is_in_plain_words(
    write_directory: WriteDirectory, answers: Answers, listing: dict[str, str], reason: str, now: datetime
) -> None:
    """Every soft preference that counted shows up as a readable reason."""
    d = directory(write_directory, [row(**listing)])
    match = rank_listings(d, answers, now=now).matches[0]
    assert any(r.startswith(reason) for r in W.reasons(match.reasons)), W.reasons(match.reasons)


def test_distance_is_a_reason_in_miles_and_km(write_directory: WriteDirectory, now: datetime) -> None:
    """An in-person group near the person says how far, in miles and kilometres."""
    d = directory(write_directory, [row(latitude="37.7725", longitude="-122.4147", postal_code="94103")])
    match = rank_listings(d, Answers(location="94110"), SF, now=now).matches[0]
    assert match.distance_miles == pytest.approx(1.5, abs=0.2)
    assert any("miles" in r and "km" in r for r in W.reasons(match.reasons))


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
    origin = geocode("60614")
    full = rank_listings(d, answers, origin, now=now, limit=None)
    top = rank_listings(d, answers, origin, now=now, limit=10)
    assert ids(top.matches) == ids(full.matches)[:10]
    assert ids(rank_listings(d, answers, origin, now=now, limit=None).matches) == ids(full.matches)
    real = [m.listing.sample for m in full.matches]
    assert real == sorted(real), "every real listing comes before every sample"
    for sample in (False, True):
        for_others = [
            ("family_caregivers" in m.listing.communities or bool(m.listing.audience))
            for m in full.matches
            if m.listing.sample == sample and any(r.startswith("About depression") for r in W.reasons(m.reasons))
        ]
        assert for_others == sorted(for_others), "groups for families or only for some come after open ones"
        for others in (False, True):
            scores = [
                m.score
                for m in full.matches
                if m.listing.sample == sample
                and ("family_caregivers" in m.listing.communities or bool(m.listing.audience)) == others
                and any(r.startswith("About depression") for r in W.reasons(m.reasons))
            ]
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
    ("answers", "first", "because"),
    [
        (Answers(facilitation="peer"), "peer", "You'd like a group led by people who have been there"),
        (Answers(facilitation="professional"), "professional", "You'd like a professional to lead the group"),
        (Answers(formats=["online"], location=None), "online", "You'd rather not meet in person"),
        (
            Answers(focus=["substance_use"], formats=["in_person"], location="94110"),
            "peer",
            "Long-standing peer groups exist for",
        ),
    ],
)
def test_the_kind_that_fits_comes_first_and_says_why(answers: Answers, first: str, because: str) -> None:
    """The kind that fits what the person said ranks first, above the others, and names that answer as a reason."""
    kinds = rank_kinds(answers)
    assert sorted(k.kind for k in kinds) == ["online", "peer", "professional"]
    assert kinds[0].kind == first
    assert kinds[0].score > kinds[1].score
    assert any(r.startswith(because) for r in W.reasons(kinds[0].reasons)), W.reasons(kinds[0].reasons)


def test_psychosis_gives_professional_groups_no_blanket_bonus() -> None:
    """For psychosis peer groups (Hearing Voices) rank level with professional ones; in person only, online is last."""
    kinds = rank_kinds(Answers(focus=["psychosis"], formats=["in_person"], location="94110"))
    by_kind = {k.kind: k for k in kinds}
    assert [k.kind for k in kinds] == ["peer", "professional", "online"]
    assert by_kind["peer"].score == by_kind["professional"].score
    assert "You'd rather meet in person" in W.reasons(by_kind["online"].reasons)


def test_an_empty_directory_ranks_to_nothing(tmp_path: Path, now: datetime) -> None:
    """No listings: no matches, no exclusions, no error."""
    (tmp_path / "g.csv").write_text("id,name,formats\n", encoding="utf-8")
    d = load_directory(tmp_path / "g.csv").directory
    ranking = rank_listings(d, Answers(location="94110"), SF, now=now)
    assert ranking.matches == [] and ranking.total == 0 and ranking.exclusions == []


# --------------------------------------------------------------------------- who a group is for


@pytest.mark.parametrize(
    ("listing", "answers", "shown"),
    [
        ({"audience": "women"}, Answers(communities=["men"]), False),
        ({"audience": "women"}, Answers(communities=["women"]), True),
        ({"audience": "women"}, Answers(communities=["lgbtq"]), True),  # gender not said: kept, after the open
        ({"audience": "own_concern"}, Answers(communities=["family_caregivers"]), False),  # AA closed
        ({"audience": "own_concern"}, Answers(), True),
        ({"audience": "teens"}, Answers(age=40), False),
        ({"audience": "teens"}, Answers(communities=["older_adults"]), False),
        ({"audience": "older_adults"}, Answers(age=19, communities=["lgbtq"]), False),
        ({"audience": "veterans;military_families"}, Answers(communities=["military_families"]), True),
        ({"audience": "lgbtq"}, Answers(communities=["teens"]), False),
        ({"min_age": "18"}, Answers(age=17), False),
        ({"min_age": "18"}, Answers(age=18), True),
        ({"max_age": "24"}, Answers(age=25), False),
        ({"min_age": "13", "max_age": "24"}, Answers(age=24), True),
        ({"min_age": "13", "max_age": "24"}, Answers(), True),  # unknown age excludes nothing
    ],
)
def test_a_group_not_open_to_the_person_is_not_a_match(
    write_directory: WriteDirectory, listing: dict[str, str], answers: Answers, shown: bool, now: datetime
) -> None:
    """Audience and ages are eligibility: outside them the group is hidden, counted, and never offered."""
    d = directory(write_directory, [row(id="only", **listing), row(id="open")])
    ranking = rank_listings(d, answers, now=now)
    assert ("only" in ids(ranking.matches)) is shown
    assert "open" in ids(ranking.matches)
    if not shown:
        (ex,) = ranking.exclusions
        assert ex.need in {"audience", "age"} and ex.hidden == 1 and ex.offers == ()


def test_a_group_only_for_people_the_person_did_not_say_they_are_is_said_and_comes_after(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """No gender said: a men's meeting is kept, after the open one, and says whom it is for."""
    d = directory(
        write_directory,
        [
            row(id="men", audience="men", focus="substance_use"),
            row(id="open", focus="substance_use", name="Zeta Open Meeting"),
        ],
    )
    ranking = rank_listings(d, Answers(focus=["substance_use"]), now=now)
    assert ids(ranking.matches) == ["open", "men"]
    assert ranking.exclusions == []
    men = ranking.matches[1]
    assert W.who_for(men.who_for) == "Only for men"
    assert any(w.startswith("Only for men") for w in W.reasons(men.worth_knowing))
    assert ids(rank_listings(d, Answers(focus=["substance_use"], communities=["men"]), now=now).matches)[0] == "men"


def test_a_family_program_about_drinking_comes_after_the_ones_for_a_person_who_drinks(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """A person who drinks is not sent to Al-Anon first; a family member gets Al-Anon above AA."""
    d = directory(
        write_directory,
        [
            row(id="al-anon", communities="family_caregivers", focus="substance_use", name="Aaa Al-Anon"),
            row(id="aa", focus="substance_use", name="Zeta AA"),
        ],
    )
    assert ids(rank_listings(d, Answers(focus=["substance_use"]), now=now).matches) == ["aa", "al-anon"]
    family = Answers(focus=["substance_use"], communities=["family_caregivers"])
    assert ids(rank_listings(d, family, now=now).matches) == ["al-anon", "aa"]


def test_communities_add_up(write_directory: WriteDirectory, now: datetime) -> None:
    """A gay man who also says "men": the LGBTQ+ meeting fits fully, above an open one that is nearer in time."""
    d = directory(
        write_directory, [row(id="lgbtq", communities="lgbtq", name="Zeta LGBTQ"), row(id="open", name="Aaa Open")]
    )
    ranking = rank_listings(d, Answers(communities=["lgbtq", "men"]), now=now)
    assert ids(ranking.matches) == ["lgbtq", "open"]
    assert ranking.matches[0].score == 100


def test_an_audience_exclusion_says_who_the_group_is_for(write_directory: WriteDirectory, now: datetime) -> None:
    """The hidden message names the people the group is only for, in plain words."""
    d = directory(write_directory, [row(id="t", audience="military_families")])
    (ex,) = rank_listings(d, Answers(focus=["anxiety"]), now=now).exclusions
    assert W.reason(ex.reason).startswith("1 group is only for families and loved ones of service members and veterans")


@pytest.mark.parametrize(
    ("listing", "text"),
    [
        ({}, "Open to everyone"),
        ({"min_age": "18"}, "Open to everyone, ages 18 and up"),
        (
            {"audience": "lgbtq;trans_nonbinary", "min_age": "13", "max_age": "24"},
            "Only for LGBTQ+ people or trans and nonbinary people, ages 13–24",
        ),
        ({"audience": "women"}, "Only for women"),
        ({"max_age": "17"}, "Open to everyone, ages 17 and under"),
    ],
)
def test_who_a_group_is_for_reads_plainly(
    write_directory: WriteDirectory, listing: dict[str, str], text: str, now: datetime
) -> None:
    """Every match says who the group is for, including its ages."""
    d = directory(write_directory, [row(**listing)])
    everyone = Answers(communities=["lgbtq", "women", "trans_nonbinary"])
    assert W.who_for(rank_listings(d, everyone, now=now).matches[0].who_for) == text


# --------------------------------------------------------------------------- topic


def test_off_topic_groups_are_hidden_and_one_offer_shows_them_after(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """An OCD question never lists a drinking group, but says how many other-topic groups there are."""
    rows = [
        row(id="ocd", focus="ocd"),
        row(id="gen", focus="general"),
        row(id="aa", focus="substance_use"),
        row(id="ed", focus="eating_disorders"),
    ]
    d = directory(write_directory, rows)
    a = Answers(focus=["ocd"])
    ranking = rank_listings(d, a, now=now)
    assert ids(ranking.matches) == ["ocd", "gen"]
    (ex,) = ranking.exclusions
    assert ex.need == "topic" and ex.hidden == 2
    (offer,) = ex.offers
    assert offer.adds == 2 and "2 more" in W.reason(offer.reason)
    wider = rank_listings(d, a.model_copy(update=dict(offer.change)), now=now)
    assert ids(wider.matches)[:2] == ["ocd", "gen"] and set(ids(wider.matches)) == {"ocd", "gen", "aa", "ed"}
    assert wider.total == ranking.total + offer.adds


def test_on_topic_before_general_but_a_community_group_ranks_with_on_topic(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """For an LGBTQ+ teen with anxiety, a general LGBTQ+ youth group ranks with anxiety groups, above
    a general group for everyone."""
    rows = [
        row(id="general", focus="general"),
        row(id="anxiety", focus="anxiety"),
        row(id="youth", focus="general", communities="lgbtq;teens", audience="lgbtq"),
    ]
    d = directory(write_directory, rows)
    ranking = rank_listings(d, Answers(focus=["anxiety"], communities=["lgbtq", "teens"], age=16), now=now)
    assert ids(ranking.matches) == ["youth", "anxiety", "general"]
    assert ranking.matches[0].score == 100
    assert tuple(W.reasons(ranking.matches[0].reasons[:2])) == (
        "A general group, open to whatever brings you",
        "Built for LGBTQ+ people and teens, like you",
    )


# --------------------------------------------------------------------------- order


def test_a_sample_never_ranks_above_a_real_listing(write_directory: WriteDirectory, now: datetime) -> None:
    """A perfectly fitting invented group still comes after a poorly fitting real one."""
    rows = [
        row(id="sample", sample="true", focus="anxiety", facilitation="peer"),
        row(id="real", focus="general", facilitation="professional", start_time="09:00", end_time="10:00"),
    ]
    d = directory(write_directory, rows)
    ranking = rank_listings(d, Answers(focus=["anxiety"], facilitation="peer", times=["evening"]), now=now)
    assert ids(ranking.matches) == ["real", "sample"]
    assert ranking.matches[1].score > ranking.matches[0].score


def test_only_a_safety_answer_lists_every_real_program_before_any_sample(now: datetime) -> None:
    """Someone who only answered the safety check sees the real national programs first (the demo directory,
    where invented examples exist)."""
    d = load_directory(ROOT / "data" / "examples" / "invented-groups.csv").directory
    ranking = rank_listings(d, Answers(in_danger=False), now=now, limit=None)
    flags = [m.listing.sample for m in ranking.matches]
    assert flags == sorted(flags) and not flags[0] and flags[-1]


def test_nearer_ranks_higher_and_far_away_never_scores_high(write_directory: WriteDirectory, now: datetime) -> None:
    """Between two equal groups the nearer wins; one 200+ miles away scores low even after widening."""
    rows = [
        row(id="near", latitude="37.7600", longitude="-122.4200"),
        row(id="mid", latitude="37.8044", longitude="-122.2712", postal_code="94612"),
        row(id="far", latitude="34.0522", longitude="-118.2437", postal_code="90012"),
    ]  # Los Angeles
    d = directory(write_directory, rows)
    ranking = rank_listings(d, Answers(location="94110", max_distance_miles=500), SF, now=now)
    assert ids(ranking.matches) == ["near", "mid", "far"]
    near, mid, far = ranking.matches
    assert near.score > mid.score > far.score
    assert far.score < 50


# --------------------------------------------------------------------------- relax offers


OFFER_CASES = [
    Answers(formats=["in_person"], location="60614", max_distance_miles=5),
    Answers(formats=["in_person"], location="60614", max_distance_miles=5, accessibility=["wheelchair", "asl"]),
    Answers(focus=["ocd"], location="10001", max_distance_miles=10, free_only=True, languages=["es"]),
    Answers(focus=["grief"], formats=["phone"], age=16),
    Answers(focus=["depression"], formats=["in_person"], location="98101", max_distance_miles=5, communities=["women"]),
    Answers(formats=["online"], languages=["es"], free_only=True),
]


@pytest.mark.parametrize("answers", OFFER_CASES)
def test_every_offer_shows_exactly_as_many_more_as_it_says(answers: Answers, now: datetime) -> None:
    """Applying an offer's change and ranking again adds exactly ``adds`` listings; none offers 0 more;
    the label states the number; the distance ladder only lists steps that show more than the last."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    origin = geocode(answers.location) if answers.location else None
    ranking = rank_listings(d, answers, origin, now=now, limit=1)
    offers = [o for ex in ranking.exclusions for o in ex.offers]
    assert offers, "each case hides something that an offer shows"
    for ex in ranking.exclusions:
        if ex.need in {"audience", "age"}:
            assert ex.offers == ()
        adds = [o.adds for o in ex.offers]
        if ex.need == "distance":
            assert adds == sorted(set(adds)), "each wider distance shows more than the one before"
    for offer in offers:
        assert offer.adds > 0 and f"{offer.adds:,} more" in W.reason(offer.reason)
        relaxed = rank_listings(d, answers.model_copy(update=dict(offer.change)), origin, now=now, limit=1)
        assert relaxed.total == ranking.total + offer.adds, W.reason(offer.reason)


def test_a_format_offer_names_exactly_the_formats_it_adds(write_directory: WriteDirectory, now: datetime) -> None:
    """In person only: one offer adds online groups, another phone groups, each saying which."""
    rows = [row(id="ip"), row(id="on", **ONLINE), row(id="ph", **{**ONLINE, "formats": "phone"})]
    d = directory(write_directory, rows)
    (ex,) = rank_listings(d, Answers(formats=["in_person"]), now=now).exclusions
    by_label = {W.reason(o.reason): o.change["formats"] for o in ex.offers}
    assert by_label == {
        "Also show groups you can join online to see 1 more": ["in_person", "online"],
        "Also show groups you can join by phone to see 1 more": ["in_person", "phone"],
        "Also show groups you can join online or by phone to see 2 more": ["in_person", "online", "phone"],
    }


# --------------------------------------------------------------------------- reasons and worth knowing


def test_reasons_list_only_what_fits_and_the_rest_is_worth_knowing(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """A morning group for someone free in the evening: the time is under Worth knowing, not a reason,
    and the listing's own notes follow."""
    d = directory(
        write_directory,
        [row(start_time="09:00", end_time="10:00", cost="fee", worth_knowing="A Christian program;Meets at a church")],
    )
    m = rank_listings(
        d,
        Answers(focus=["anxiety"], times=["evening"], facilitation="professional", timezone="America/Los_Angeles"),
        now=now,
    ).matches[0]
    assert W.reason(m.reasons[0]) == "About anxiety, as you asked"
    assert not any("you said" in r or "preferred" in r for r in W.reasons(m.reasons))
    assert "Meets Tuesdays, 9:00 am – 10:00 am; you said evenings" in W.reasons(m.worth_knowing)
    assert "Led by peers; you preferred a group led by a professional" in W.reasons(m.worth_knowing)
    assert tuple(W.reasons(m.worth_knowing[-3:])) == ("Cost: fee", "A Christian program", "Meets at a church")


# --------------------------------------------------------------------------- always available


def test_always_available_skips_what_is_listed_and_what_the_person_cannot_join(now: datetime) -> None:
    """National programs by relevance, none repeated from above, none the person is not eligible for."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    a = Answers(focus=["suicide_loss"], location="60614", formats=["in_person", "online"])
    first = always_available(d, a, limit=3, now=now)
    assert [m.listing.id for m in first][:2] == ["afsp-healing-conversations", "alliance-of-hope"]
    assert all(not m.listing.sample for m in first)
    rest = always_available(d, a, limit=5, now=now, exclude_ids=frozenset(m.listing.id for m in first))
    assert not {m.listing.id for m in rest} & {m.listing.id for m in first}
    everything = always_available(d, a, limit=100, now=now)
    assert "taps" not in {m.listing.id for m in everything}


def test_always_available_respects_the_ways_of_attending_the_person_chose(now: datetime) -> None:
    """In person and phone: only programs joined by phone, never online-only ones; only in person: none."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    phone = always_available(d, Answers(focus=["grief"], formats=["in_person", "phone"]), limit=100, now=now)
    assert phone and all("phone" in m.listing.formats for m in phone)
    assert "griefshare" not in {m.listing.id for m in phone}  # GriefShare meets online (or locally), not by phone
    assert always_available(d, Answers(focus=["grief"], formats=["in_person"]), limit=100, now=now) == []


def test_with_no_place_programs_joined_from_anywhere_come_before_places_met_in_person(now: datetime) -> None:
    """No place given: a clinic's distance is unknown, so every program joined online or by phone comes
    first; with nothing else said, programs for mental health in general lead."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    matches = rank_listings(d, Answers(), now=now, limit=None).matches
    remote = [bool({"online", "phone"} & set(m.listing.formats)) for m in matches]
    assert remote == sorted(remote, reverse=True) and remote[0] and not remote[-1]
    general = [
        "general" in m.listing.focus
        for m in matches
        if m.listing.id in {"seven-cups", "adaa-community", "emotions-anonymous", "aa"}
    ]
    assert general == sorted(general, reverse=True) and general[0] and not general[-1]


def test_always_available_keeps_the_access_needs_every_group_must_meet(now: datetime) -> None:
    """A Deaf man in Chicago who asked for ASL is not offered a national program without it; a wheelchair
    need still does not hide a program joined from home."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    a = Answers(location="60614", formats=["in_person", "online", "phone"], accessibility=["asl"])
    shown = always_available(d, a, origin=geocode("60614"), limit=100, now=now)
    assert all("asl" in m.listing.accessibility for m in shown), [m.listing.id for m in shown]
    wheel = Answers(location="60614", formats=["in_person", "online"], accessibility=["wheelchair"])
    assert always_available(d, wheel, origin=geocode("60614"), limit=100, now=now)


def test_always_available_keeps_free_only(now: datetime) -> None:
    """Someone who asked for free groups only is not offered a national program that is not free."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    free = {m.listing.cost for m in always_available(d, Answers(focus=["grief"], free_only=True), limit=100, now=now)}
    assert free and free <= {"free", "donation"}, free
    anyone = {m.listing.cost for m in always_available(d, Answers(focus=["grief"]), limit=100, now=now)}
    assert anyone - {"free", "donation"}, "the bundled directory has grief programs that are not known to be free"


# --------------------------------------------------------------------------- kinds


def test_kinds_follow_what_is_actually_available(write_directory: WriteDirectory, now: datetime) -> None:
    """With no professional-led group open to the person, that kind says so and ranks last."""
    d = directory(write_directory, [row(id="p", facilitation="peer"), row(id="o", **ONLINE)])
    a = Answers()
    kinds = rank_kinds(a, rank_listings(d, a, now=now))
    assert kinds[-1].kind == "professional"
    assert "No group led by a professional meets what you told us right now" in W.reasons(kinds[-1].reasons)
    assert any(r.startswith("2 groups led by peers meet") for r in W.reasons(kinds[0].reasons + kinds[1].reasons))


def test_kind_texts_are_calm_and_accurate() -> None:
    """Professional groups keep a group "structured and on track"; online is "often more anonymous"."""
    text = " ".join(r for k in rank_kinds(Answers()) for r in W.reasons(k.reasons))
    assert "structured and on track" in text and "often more anonymously" in text
    assert "safe" not in text and "as you like" not in text


def test_a_program_has_one_fit_in_the_list_and_under_always_available(now: datetime) -> None:
    """The same listing shows the same score in the main ranking and in "Always available"."""
    d = load_directory(ROOT / "data" / "groups.csv").directory
    a = Answers(focus=["depression"], location="60614", times=["evening"], facilitation="peer")
    origin = geocode("60614")
    main = {m.listing.id: m.score for m in rank_listings(d, a, origin, now=now, limit=None).matches}
    extra = always_available(d, a, origin=origin, now=now, limit=20)
    assert extra and all(main[m.listing.id] == m.score for m in extra)


_BUNDLED: list[Directory] = []


def _bundled() -> Directory:
    if not _BUNDLED:
        _BUNDLED.append(load_directory(ROOT / "data" / "groups.csv").directory)
    return _BUNDLED[0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    focus=st.lists(st.sampled_from(list(FOCUS)), max_size=2),
    communities=st.lists(st.sampled_from(list(COMMUNITIES)), max_size=2),
    age=st.one_of(st.none(), st.integers(10, 120)),
    formats=st.lists(st.sampled_from(list(FORMATS)), max_size=2),
    place=st.sampled_from([None, "60614", "10001", "98101", "87102"]),
    miles=st.sampled_from([1.0, 5.0, 10.0, 25.0, 60.0]),
    free_only=st.booleans(),
    languages=st.lists(st.sampled_from(["en", "es", "zh"]), max_size=1),
    accessibility=st.lists(st.sampled_from(list(ACCESSIBILITY)), max_size=2),
)
def test_any_answers_get_offers_that_keep_their_word(
    focus: list[str],
    communities: list[str],
    age: int | None,
    formats: list[str],
    place: str | None,
    miles: float,
    free_only: bool,
    languages: list[str],
    accessibility: list[str],
) -> None:
    """Whatever the answers: every offer adds exactly what it says (> 0), eligibility has no offers, and
    real listings come before samples."""
    d = _bundled()
    a = Answers(
        focus=focus,
        communities=communities,
        age=age,
        formats=formats,
        location=place,
        max_distance_miles=miles,
        free_only=free_only,
        languages=languages,
        accessibility=accessibility,
    )
    origin = geocode(place) if place else None
    ranking = rank_listings(d, a, origin, now=NOW, limit=30)
    flags = [m.listing.sample for m in ranking.matches]
    assert flags == sorted(flags)
    for ex in ranking.exclusions:
        assert ex.hidden >= 0 and W.reason(ex.reason) and "(s)" not in W.reason(ex.reason)
        if ex.need in {"audience", "age"}:
            assert ex.offers == ()
        for offer in ex.offers:
            assert offer.adds > 0
            after = rank_listings(d, a.model_copy(update=dict(offer.change)), origin, now=NOW, limit=1)
            assert after.total == ranking.total + offer.adds, W.reason(offer.reason)


def test_i_have_medicaid_shows_places_that_take_it_and_free_groups(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """payment=["medicaid"]: a clinic taking Medicaid and a free group stay; a fee-only clinic is hidden,
    counted, and offered back with the exact number."""
    rows = [
        row(id="takes", cost="fee", payment="medicaid;private_insurance"),
        row(id="cash", cost="fee", payment="cash"),
        row(id="free", cost="free"),
    ]
    d = directory(write_directory, rows)
    ranking = rank_listings(d, Answers(payment=["medicaid"]), now=now)
    assert sorted(ids(ranking.matches)) == ["free", "takes"]
    takes = next(m for m in ranking.matches if m.listing.id == "takes")
    assert "Takes Medicaid, as you asked" in W.reasons(takes.reasons)
    ex = next(e for e in ranking.exclusions if e.need == "payment")
    assert ex.hidden == 1 and "Medicaid" in W.reason(ex.reason)
    assert [o.adds for o in ex.offers] == [1]


def test_a_preferred_language_puts_its_listings_first_among_equals_only(
    write_directory: WriteDirectory, now: datetime
) -> None:
    """In the Spanish interface a listing held in Spanish comes before an equal one that is not, never before a
    better fit, and not at all when the person chose languages themselves."""
    rows = [
        row(id="a-en", name="A group", focus="anxiety;depression"),
        row(id="b-es", name="B group", focus="anxiety;depression", languages="en;es"),
        row(id="c-fit", name="C group", focus="anxiety"),
    ]
    d = directory(write_directory, rows)
    a = Answers(focus=["anxiety"])
    assert ids(rank_listings(d, a, now=now).matches) == ["c-fit", "a-en", "b-es"]
    assert ids(rank_listings(d, a, now=now, prefer_language="es").matches) == ["c-fit", "b-es", "a-en"]
    chose = a.model_copy(update={"languages": ["en", "es"]})
    assert ids(rank_listings(d, chose, now=now, prefer_language="es").matches) == ["c-fit", "a-en", "b-es"]


#: Where a listing lies against the box's latitude band, as a share of its half-height (±1: on its edge).
_band_share = st.one_of(st.floats(-2, 2), st.sampled_from([-1.0, 1.0]), st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(
    shares=st.lists(st.tuples(_band_share, _band_share), min_size=0, max_size=60),
    origin=st.tuples(st.floats(-60, 70), st.floats(-179, 179)),
    miles=st.sampled_from([1.0, 5.0, 25.0, 250.0, 3000.0]),
)
def test_the_latitude_index_finds_exactly_the_rows_a_full_pass_finds(
    shares: list[tuple[float, float]], origin: tuple[float, float], miles: float
) -> None:
    """The distance search reads a box of the directory's index instead of every row: it must keep every
    listing inside the box, its edges included (placeless ones never), exactly as testing every row did."""
    import numpy as np

    from matcher.directory import LatitudeIndex
    from matcher.places import Place, bounding_box
    from matcher.scoring.needs import _in_box

    box = bounding_box(origin[0], origin[1], miles)

    def at(share: float, lo: float, hi: float) -> float:
        return lo if share == -1 else hi if share == 1 else (lo + hi) / 2 + share * (hi - lo) / 2

    lat = np.array([at(a, box[0], box[1]) for a, _ in shares], dtype=np.float64)
    lon = np.array([at(b, box[2], box[3]) for _, b in shares], dtype=np.float64)
    place = Place(label="here", latitude=origin[0], longitude=origin[1])

    class Rows:
        by_latitude = LatitudeIndex.of(lat, lon)

    Rows.lat, Rows.lon = lat, lon  # type: ignore[attr-defined]
    expected = np.flatnonzero((lat >= box[0]) & (lat <= box[1]) & (lon >= box[2]) & (lon <= box[3]))
    assert _in_box(Rows, place, miles).tolist() == expected.tolist()  # type: ignore[arg-type]
