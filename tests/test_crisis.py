"""Crisis resources: one table, the banner's three lines, and help chosen from what the person told us."""

from __future__ import annotations

import re
from typing import Any

import pytest

from matcher import Answers, banner_resources, lines_for_who_they_are, resources_for
from matcher.crisis import RESOURCES, lead


def answers(**fields: Any) -> Answers:
    return Answers(**fields)


LINK = r"tel:(\d{3}|\+1\d{10})|sms:(\d{3,6}|\+1\d{10})(\?&body=[A-Za-z]+)?|https://\S+"


def keys(a: Answers | None) -> list[str]:
    return [r.key for r in resources_for(a)]


def test_banner_is_911_988_and_crisis_text_line() -> None:
    """Every page shows 911, call/text/chat 988 and text HOME to 741741, in that order."""
    banner = banner_resources()
    assert [r.key for r in banner] == ["emergency", "lifeline", "crisis_text_line"]
    hrefs = [c.href for r in banner for c in r.contacts]
    assert hrefs == ["tel:911", "tel:988", "sms:988", "https://988lifeline.org/chat/", "sms:741741?&body=HOME"]


CASES: list[tuple[str, dict[str, Any], set[str], set[str]]] = [
    # (who, answers, must include, must not include)
    (
        "nothing said",
        {},
        {"211"},
        {"lifeline_spanish", "veterans", "trevor", "samhsa", "maternal", "domestic_violence", "lifeline_asl"},
    ),
    ("Spanish speaker", {"languages": ["es"]}, {"lifeline_spanish"}, {"veterans"}),
    ("veteran", {"communities": ["veterans"]}, {"veterans"}, {"trevor"}),
    ("military family", {"communities": ["military_families"]}, {"veterans"}, set()),
    ("LGBTQ+ teen", {"communities": ["lgbtq", "teens"], "age": 16}, {"trevor"}, set()),
    ("trans young adult, age unknown", {"communities": ["trans_nonbinary"]}, {"trevor"}, set()),
    ("LGBTQ+ adult of 40", {"communities": ["lgbtq"], "age": 40}, set(), {"trevor"}),
    ("LGBTQ+ older adult", {"communities": ["lgbtq", "older_adults"]}, set(), {"trevor"}),
    ("LGBTQ+ person of 24", {"communities": ["lgbtq"], "age": 24}, {"trevor"}, set()),
    ("drinking or drugs", {"focus": ["substance_use"]}, {"samhsa"}, {"maternal"}),
    ("new parent", {"focus": ["postpartum"]}, {"maternal"}, {"samhsa"}),
    ("abuse survivor", {"communities": ["abuse_survivors"]}, {"domestic_violence"}, set()),
    ("Deaf person", {"communities": ["deaf_hoh"]}, {"lifeline_asl"}, set()),
    ("needs ASL", {"accessibility": ["asl"]}, {"lifeline_asl"}, set()),
    ("teen with anxiety, not LGBTQ+", {"communities": ["teens"], "focus": ["anxiety"]}, set(), {"trevor"}),
]


@pytest.mark.parametrize(("who", "fields", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_resources_fit_the_person(who: str, fields: dict[str, Any], present: set[str], absent: set[str]) -> None:
    """The help box names the lines this person's answers call for, and not lines meant for others."""
    got = keys(answers(**fields))
    assert got[:3] == ["emergency", "lifeline", "crisis_text_line"], who
    assert got[-1] == "211", who
    assert present <= set(got), (who, got)
    assert not absent & set(got), (who, got)
    assert len(got) == len(set(got)), who


def test_everything_at_once_keeps_one_of_each_in_a_stable_order() -> None:
    """A person who fits every rule sees each line once, tailored lines between the banner's and 211."""
    got = keys(
        answers(
            languages=["es"],
            communities=["veterans", "lgbtq", "abuse_survivors", "deaf_hoh"],
            focus=["substance_use", "postpartum"],
            age=20,
        )
    )
    assert got == [
        "emergency",
        "lifeline",
        "crisis_text_line",
        "lifeline_spanish",
        "veterans",
        "trevor",
        "lifeline_asl",
        "domestic_violence",
        "maternal",
        "samhsa",
        "211",
    ]


def test_no_answers_still_gets_the_banner_lines_and_211() -> None:
    """Before any answers (or after "I'd rather not say" on step 1) the same help is offered."""
    assert keys(None) == ["emergency", "lifeline", "crisis_text_line", "211"]


@pytest.mark.parametrize("resource", list(RESOURCES.values()), ids=list(RESOURCES))
def test_every_resource_can_be_reached_from_a_phone(resource: Any) -> None:
    """Each line has a name, hours, who it is for, a cited source, and links a phone can follow."""
    assert resource.name and resource.hours and resource.who
    assert resource.source.startswith("https://")
    assert resource.contacts
    for contact in resource.contacts:
        assert re.fullmatch(LINK, contact.href), contact.href
        assert contact.label
    assert resource.name in resource.summary() and "tel:" not in resource.summary()


@pytest.mark.parametrize(
    ("key", "hrefs"),
    [
        ("lifeline_spanish", ["tel:988", "sms:988?&body=AYUDA"]),
        ("veterans", ["tel:988", "sms:838255"]),
        ("trevor", ["tel:+18664887386", "sms:678678?&body=START"]),
        ("samhsa", ["tel:+18006624357"]),
        ("maternal", ["tel:+18338526262", "sms:+18338526262"]),
        ("domestic_violence", ["tel:+18007997233", "sms:88788?&body=START"]),
        ("211", ["tel:211"]),
    ],
)
def test_numbers_match_the_reference(key: str, hrefs: list[str]) -> None:
    """The numbers and pre-filled words are the ones the organizations publish."""
    assert [c.href for c in RESOURCES[key].contacts] == hrefs


def test_press_1_and_press_2_are_said() -> None:
    """Veterans are told to press 1 and Spanish speakers to press 2 (988's own menu); press 3 is gone."""
    assert "press 1" in RESOURCES["veterans"].summary()
    assert "press 2" in RESOURCES["lifeline_spanish"].summary()
    assert not any("press 3" in r.summary() for r in RESOURCES.values())


def test_help_lines_that_are_not_crisis_lines_say_so() -> None:
    """SAMHSA, 211 and NAMI are referral and information lines, and the table says it."""
    for key in ("samhsa", "211", "nami"):
        assert "not a crisis line" in RESOURCES[key].note


@pytest.mark.parametrize(
    ("in_danger", "declined", "expected"),
    [
        (True, False, "reach out now"),
        (None, True, "you don't have to say"),
        (False, False, None),
        (None, False, None),
    ],
)
def test_lead_line(in_danger: bool | None, declined: bool, expected: str | None) -> None:
    """ "Yes" gets an urgent opening line, "I'd rather not say" a gentle one, "no" none."""
    got = lead(in_danger, declined=declined)
    assert (got is None) if expected is None else (got is not None and expected in got)


def test_a_spanish_interface_gets_988_in_spanish_first_and_only_sourced_lines() -> None:
    """For Spanish, 988 in Spanish comes right after 911 even if no language was chosen; the maternal and
    SAMHSA lines (sourced as answering in Spanish) come before the other lines; nothing is added or lost."""
    a = Answers(focus=["postpartum", "substance_use"], communities=["veterans"])
    english = [r.key for r in resources_for(a)]
    spanish = [r.key for r in resources_for(a, language="es")]
    assert spanish[:5] == ["emergency", "lifeline_spanish", "maternal", "samhsa", "lifeline"]
    assert set(spanish) == set(english) | {"lifeline_spanish"} and len(spanish) == len(set(spanish))
    assert [r.key for r in resources_for(None, language="es")] == [
        "emergency",
        "lifeline_spanish",
        "lifeline",
        "crisis_text_line",
        "211",
    ]


@pytest.mark.parametrize(
    ("communities", "keys"),
    [(["veterans"], ["veterans"]), (["military_families"], ["veterans"]), (["lgbtq"], []), ([], [])],
)
def test_lines_for_who_they_are_are_the_veterans_crisis_line_for_veterans(
    communities: list[str], keys: list[str]
) -> None:
    """Whatever the safety check said, veterans and military families get the Veterans Crisis Line with their
    matches (988 then 1 stays a plain tel:988: the sources say "press 1", not a pause-dialed 988,1)."""
    found = lines_for_who_they_are(Answers(communities=communities))
    assert [r.key for r in found] == keys
    if keys:
        assert found[0].contacts[0].href == "tel:988" and found[0].contacts[0].text == "Call 988, then press 1"
