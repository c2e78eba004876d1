"""The answers object and its JSON form."""

from __future__ import annotations

import pytest

from matcher.answers import Answers, AnswersError, parse_answers


def test_an_empty_object_is_valid_answers() -> None:
    """Every key is optional: {} means "show me everything"."""
    a = parse_answers("{}")
    assert a.focus == [] and a.facilitation == "any" and a.max_distance_miles == 25


def test_codes_are_normalised_and_deduplicated() -> None:
    """Codes are case-insensitive and repeated codes count once."""
    a = parse_answers('{"focus": ["Anxiety", "anxiety", "grief"], "days": ["TUE"]}')
    assert a.focus == ["anxiety", "grief"]
    assert a.days == ["tue"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"focus": ["sadness"]}', "focus: unknown focus 'sadness'"),
        ('{"facilitation": "robots"}', "facilitation"),
        ('{"max_distance_miles": -3}', "max_distance_miles"),
        ('{"timezone": "Mars/Base"}', "unknown time zone"),
        ('{"favourite_colour": "blue"}', "favourite_colour"),
        ("not json", "(top level)"),
    ],
)
def test_bad_answers_name_the_key(text: str, words: str) -> None:
    """A bad answers file raises AnswersError naming the key and the problem."""
    with pytest.raises(AnswersError) as info:
        parse_answers(text)
    assert words in str(info.value)


def test_accepts_means_any_format_when_none_chosen() -> None:
    """No formats chosen = any way of attending is fine."""
    assert Answers().accepts("phone")
    assert not Answers(formats=["online"]).accepts("in_person")


@pytest.mark.parametrize(
    ("text", "age"), [("{}", None), ('{"age": 17}', 17), ('{"age": 10}', 10), ('{"age": 120}', 120)]
)
def test_age_is_optional_whole_years(text: str, age: int | None) -> None:
    """Age is optional; when given it is whole years from 10 to 120."""
    assert parse_answers(text).age == age


@pytest.mark.parametrize("text", ['{"age": 9}', '{"age": 121}', '{"age": 17.5}', '{"age": "teen"}'])
def test_a_bad_age_is_named(text: str) -> None:
    """An age outside 10–120 or not whole years is refused, naming the key."""
    with pytest.raises(AnswersError) as info:
        parse_answers(text)
    assert str(info.value).startswith("age: ")


def test_new_community_and_focus_codes_are_accepted() -> None:
    """The codes added for the review's gaps are valid answers."""
    a = parse_answers('{"focus": ["self_harm", "gambling"], "communities": ["deaf_hoh", "military_families"]}')
    assert a.focus == ["self_harm", "gambling"] and a.communities == ["deaf_hoh", "military_families"]


def test_the_default_distance_is_one_of_the_offered_choices() -> None:
    """The distance a person starts with is one the questionnaire and the wider-distance offers can show."""
    from matcher.answers import DEFAULT_MAX_DISTANCE_MILES
    from matcher.scoring import DISTANCE_STEPS

    assert Answers().max_distance_miles == DEFAULT_MAX_DISTANCE_MILES
    assert DEFAULT_MAX_DISTANCE_MILES in DISTANCE_STEPS


def test_payment_codes_are_checked() -> None:
    """ "I have Medicaid" is the code medicaid; an unknown way of paying is refused with the known ones."""
    assert parse_answers('{"payment": ["Medicaid"]}').payment == ["medicaid"]
    with pytest.raises(AnswersError, match="unknown way of paying 'bitcoin'"):
        parse_answers('{"payment": ["bitcoin"]}')
