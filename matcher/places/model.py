"""What a place lookup answers: a :class:`Place`, or a :class:`LocationError` saying why not."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MatcherError
from ..reasons import Reason


def english(reason: Reason) -> str:
    """A place reason in English (for the command line and logs; the app words it in the person's language)."""
    from ..words import ENGLISH  # words imports places: resolved at call time

    return ENGLISH.reason(reason)


@dataclass(frozen=True)
class Place:
    """A located place: what to call it, its coordinates, and what else is known about it.

    ``note`` says which place was chosen when the text could mean others ("Chicago, IL — not the one
    you meant? Add the state."), as data: a :class:`~matcher.reasons.Reason` with a ``place_`` code,
    worded by :mod:`matcher.words` in the person's language.
    """

    label: str
    latitude: float
    longitude: float
    timezone: str | None = None
    postal_code: str | None = None
    state: str | None = None
    note: Reason | None = None


class LocationError(MatcherError):
    """A place that could not be located: why (``reason``, a ``place_`` code and its values, worded by
    :mod:`matcher.words` in the person's language; ``message`` is its English) and, when useful, candidates.

    ``candidates`` are labels that resolve when typed back, largest place first. ``outside_us`` is
    true for places outside the US (not covered for in-person groups). ``unavailable`` is true when an
    online place search did not answer (as opposed to answering "not found").
    """

    def __init__(
        self,
        reason: Reason,
        candidates: tuple[str, ...] | list[str] = (),
        *,
        outside_us: bool = False,
        unavailable: bool = False,
    ) -> None:
        super().__init__(english(reason))
        self.reason = reason
        self.candidates = tuple(candidates)
        self.outside_us = outside_us
        self.unavailable = unavailable

    def __str__(self) -> str:
        return self.message


class GazetteerError(MatcherError):
    """The offline gazetteer library failed (it panicked or raised); its message is not repeated."""
