"""What the rankings return, as data: a match and its reasons, the ranking, the needs that hid listings and
the offers that would show more, and a kind of group with its score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from .. import places, schedules
from ..directory import Listing
from ..reasons import Reason
from ..schedules import MeetingTimes


@dataclass(frozen=True)
class RelaxOffer:
    """One change to the answers that shows exactly ``adds`` more listings; ``reason`` says which (an
    ``offer_*`` code, its ``adds`` and what changes)."""

    need: str
    reason: Reason
    adds: int
    change: Mapping[str, object]


@dataclass(frozen=True)
class Exclusion:
    """A need that hid listings: how many it alone hid, why, and the changes that would show more.

    ``hidden`` counts the listings this need alone hides (they fail nothing else). Eligibility
    exclusions (``audience``, ``age``) have no offers: a group not open to the person is not a match.
    """

    need: str
    hidden: int
    #: Why: a ``hidden_*`` code with ``count`` (how many listings the need hides) and what was asked.
    reason: Reason
    offers: tuple[RelaxOffer, ...] = ()


@dataclass(frozen=True)
class Match:
    """One ranked listing with its one fit score, its reasons and what the person needs to know."""

    listing: Listing
    score: int
    reasons: tuple[Reason, ...]
    #: The ways (FORMATS codes) this person can take part in it.
    attend: tuple[str, ...]
    distance_miles: float | None
    next_meeting: datetime | None
    when: MeetingTimes
    worth_knowing: tuple[Reason, ...] = ()
    who_for: Reason = field(
        default_factory=lambda: Reason("who_for", {"audience": (), "min_age": None, "max_age": None})
    )
    #: When it meets, as data: in the group's zone, and in the person's when that is known and differs.
    meeting: schedules.MeetingTime | None = None

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_miles is None else places.miles_to_km(self.distance_miles)


@dataclass
class Ranking:
    """The listings that meet every need, best first, and what the needs hid."""

    matches: list[Match]
    total: int
    exclusions: list[Exclusion]
    #: How many matches there are of each kind (KINDS codes), for rank_kinds.
    kind_counts: dict[str, int] = field(default_factory=dict)
    #: How many of the matches are real listings (the rest are invented samples).
    real_total: int = 0


@dataclass(frozen=True)
class KindRank:
    """One of the three kinds of group, scored for the person, with the reasons."""

    kind: str
    score: int
    reasons: tuple[Reason, ...]
