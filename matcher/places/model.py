"""What a place lookup answers: a :class:`Place`, or a :class:`LocationError` saying why not."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MatcherError


@dataclass(frozen=True)
class Place:
    """A located place: what to call it, its coordinates, and what else is known about it.

    ``note`` says which place was chosen when the text could mean others ("Chicago, IL — not the one
    you meant? Add the state.").
    """

    label: str
    latitude: float
    longitude: float
    timezone: str | None = None
    postal_code: str | None = None
    state: str | None = None
    note: str | None = None


class LocationError(MatcherError):
    """A place that could not be located: a message for the person and, when useful, candidates.

    ``candidates`` are labels that resolve when typed back, largest place first. ``outside_us`` is
    true for places outside the US (not covered for in-person groups). ``unavailable`` is true when an
    online place search did not answer (as opposed to answering "not found").
    """

    def __init__(
        self,
        message: str,
        candidates: tuple[str, ...] | list[str] = (),
        *,
        outside_us: bool = False,
        unavailable: bool = False,
    ) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)
        self.outside_us = outside_us
        self.unavailable = unavailable

    def __str__(self) -> str:
        return self.message


class GazetteerError(MatcherError):
    """The offline gazetteer library failed (it panicked or raised); its message is not repeated."""
