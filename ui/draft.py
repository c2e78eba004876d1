"""The questionnaire's draft (field -> value, as the widgets hold it) turned into Answers: pure functions,
no Streamlit, so the finish step is tested without a page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError

from matcher import Answers
from matcher.words import N_

SAFETY_QUESTION: Final = N_("Are you thinking about suicide or harming yourself, or are you in danger right now?")
#: The safety check's choices, as the draft holds them ("in_danger_text"); the page shows them translated.
SAFETY_CHOICES: Final = (N_("No"), N_("Yes"), N_("I'd rather not say"))
DECLINED_CHOICE: Final = SAFETY_CHOICES[2]


def _values(draft: Mapping[str, Any]) -> dict[str, Any]:
    """The draft's answered fields that Answers knows (skipped and emptied ones left out)."""
    return {k: v for k, v in draft.items() if k in Answers.model_fields and v not in (None, "", [])}


def answers_so_far(draft: Mapping[str, Any]) -> Answers | None:
    """The draft as Answers when it is valid so far (to fit the crisis lines to the person), else None."""
    try:
        return Answers(**_values(draft))
    except ValidationError:
        return None


def finished_answers(draft: Mapping[str, Any], timezone: str | None) -> tuple[Answers, bool]:
    """ "See my matches": the answers, and whether the person chose "I'd rather not say" at the safety check.

    "Yes" / "No" become in_danger True / False (skipped: None). The browser's time zone is kept when
    Answers accepts it; a zone it refuses is dropped and the rest is kept. Raises ValidationError only
    when the draft itself is invalid.
    """
    values = _values(draft)
    choice = draft.get("in_danger_text")
    values["in_danger"] = {"Yes": True, "No": False}.get(str(choice))
    values["timezone"] = timezone or None
    try:
        found = Answers(**values)
    except ValidationError:
        values.pop("timezone", None)
        found = Answers(**values)
    return found, choice == DECLINED_CHOICE
