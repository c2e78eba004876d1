"""A person's answers to the questionnaire: one typed object with a documented JSON form.

Every key is optional; an empty object means "show me everything". The app keeps this object in the
session's memory only; the command line reads it from a JSON file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from . import schedules
from .errors import MatcherError, printable
from .vocabulary import ACCESSIBILITY, COMMUNITIES, DAYS, FOCUS, FORMATS, ISO_639_1, PAYMENT, TIMES_OF_DAY

DEFAULT_MAX_DISTANCE_MILES = 25.0
DEFAULT_TIMEZONE = "America/New_York"


def _check_codes(values: list[str], vocabulary: dict[str, str] | frozenset[str], what: str) -> list[str]:
    out: list[str] = []
    for v in values:
        code = v.strip().lower()
        if code not in vocabulary:
            known = ", ".join(sorted(vocabulary)) if len(vocabulary) < 30 else "ISO 639-1 codes such as en, es"
            raise ValueError(f"unknown {what} '{v}' (known: {known})")
        if code not in out:
            out.append(code)
    return out


#: Which vocabulary each list of codes is checked against, and what to call one in a message.
_VOCABULARIES: dict[str, tuple[dict[str, str] | frozenset[str], str]] = {
    "focus": (FOCUS, "focus"),
    "communities": (COMMUNITIES, "community"),
    "formats": (FORMATS, "format"),
    "days": (DAYS, "day"),
    "times": (dict.fromkeys(TIMES_OF_DAY, ""), "time of day"),
    "languages": (ISO_639_1, "language"),
    "accessibility": (ACCESSIBILITY, "accessibility need"),
    "payment": (PAYMENT, "way of paying"),
}


class Answers(BaseModel):
    """What the person told us. See README "Answers JSON" for the JSON form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    in_danger: bool | None = Field(
        default=None, description="Safety check: thinking of harming oneself or in danger now"
    )
    focus: list[str] = Field(default_factory=list, description="What brings you: focus codes; empty = any topic")
    other_topics: bool = Field(
        default=False, description="Also show groups about other topics (after the ones on yours)"
    )
    communities: list[str] = Field(
        default_factory=list, description="Communities you are part of (family_caregivers: you are one)"
    )
    age: int | None = Field(
        default=None,
        ge=10,
        le=120,
        strict=False,
        description="Your age in whole years; some groups are for certain ages",
    )
    formats: list[str] = Field(default_factory=list, description="How you can attend; empty = any way")
    facilitation: Literal["peer", "professional", "any"] = "any"
    location: str | None = Field(default=None, description="ZIP code or city, for in-person groups")
    max_distance_miles: float = Field(default=DEFAULT_MAX_DISTANCE_MILES, gt=0, le=3000)
    days: list[str] = Field(default_factory=list, description="Days you are free; empty = any day")
    times: list[str] = Field(default_factory=list, description="Times of day you are free; empty = any")
    free_only: bool = False
    languages: list[str] = Field(default_factory=list, description="Languages you can take part in (any of)")
    payment: list[str] = Field(
        default_factory=list,
        description='Ways you can pay ("I have Medicaid"): places that take one of '
        "them, and every free group; empty = any",
    )
    accessibility: list[str] = Field(default_factory=list, description="Needs every group must meet")
    timezone: str | None = Field(default=None, description="Your IANA time zone; default: the place's or New York")

    @field_validator("focus", "communities", "formats", "days", "times", "languages", "accessibility", "payment")
    @classmethod
    def _codes(cls, v: list[str], info: ValidationInfo) -> list[str]:
        vocabulary, what = _VOCABULARIES[str(info.field_name)]
        return _check_codes(v, vocabulary, what)

    @field_validator("location")
    @classmethod
    def _location(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str | None) -> str | None:
        if v and not schedules.is_timezone(v):
            raise ValueError(f"unknown time zone '{v}' (use an IANA name such as America/Chicago)")
        return v or None

    def accepts(self, fmt: str) -> bool:
        """Whether the person can attend this way (no formats chosen = any way)."""
        return not self.formats or fmt in self.formats


class AnswersError(MatcherError, ValueError):
    """Answers that could not be read, with one plain line per problem."""


def parse_answers(text: str | bytes) -> Answers:
    """Read answers from their JSON form; AnswersError lists what is wrong, one key per line."""
    try:
        return Answers.model_validate_json(text)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = printable(".".join(str(p) for p in err["loc"])) or "(top level)"  # keys come from the file
            msg = printable(str(err["msg"]).removeprefix("Value error, "))
            lines.append(f"{where}: {msg}")
        raise AnswersError("\n".join(lines)) from None
