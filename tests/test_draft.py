"""The questionnaire's finish as a pure step: the draft becomes Answers, the safety choice is read, and a
time zone Answers refuses is dropped without losing anything else."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ui.draft import DECLINED_CHOICE, answers_so_far, finished_answers


def test_the_draft_becomes_the_answers_and_skipped_fields_are_left_out() -> None:
    """Answered fields are kept; emptied ones (None, "", []) are as if skipped."""
    draft = {
        "focus": ["grief"],
        "location": "",
        "days": [],
        "age": None,
        "free_only": True,
        "max_distance_miles": 10,
        "in_danger_text": "No",
        "not_a_field": "x",
    }
    found, declined = finished_answers(draft, "America/Chicago")
    assert found.focus == ["grief"] and found.free_only is True and found.max_distance_miles == 10
    assert found.location is None or found.location == ""
    assert found.in_danger is False and declined is False
    assert found.timezone == "America/Chicago"


@pytest.mark.parametrize(
    ("choice", "in_danger", "declined"),
    [("Yes", True, False), ("No", False, False), (DECLINED_CHOICE, None, True), (None, None, False)],
)
def test_the_safety_choice_is_read(choice: str | None, in_danger: bool | None, declined: bool) -> None:
    """Yes / No are in danger or not; "I'd rather not say" and a skipped question are neither, and only
    "I'd rather not say" is remembered as declined (so the matches page keeps the help box)."""
    found, said_no = finished_answers({"in_danger_text": choice}, None)
    assert found.in_danger is in_danger and said_no is declined


def test_a_time_zone_answers_refuses_is_dropped_and_the_rest_kept() -> None:
    """The browser's zone is a hint: an unknown one is left out instead of losing the answers."""
    found, _ = finished_answers({"focus": ["anxiety"], "in_danger_text": "Yes"}, "Mars/Olympus_Mons")
    assert found.timezone is None
    assert found.focus == ["anxiety"] and found.in_danger is True


def test_a_draft_that_is_itself_invalid_is_not_made_valid() -> None:
    """Only the zone is retried: an invalid answer still raises."""
    with pytest.raises(ValidationError):
        finished_answers({"focus": ["not-a-topic"]}, None)


def test_the_answers_so_far_are_none_until_the_draft_is_valid() -> None:
    """The crisis lines are fitted to a valid draft; an invalid one gives None, not an error."""
    so_far = answers_so_far({"communities": ["veterans"], "age": None})
    assert so_far is not None and so_far.communities == ["veterans"]
    assert answers_so_far({"age": 3}) is None
