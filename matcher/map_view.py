"""What the map shows, as data: the zoom that fits the distance circle, and one spot per place.

Language-free: the page words the tooltips and the legend.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from .scoring import Match
from .vocabulary import approximate_placing

#: The circle must fit the narrowest screen: a phone's map is about 340 px wide and 420 px tall.
FIT_PIXELS: Final = 300
#: Web-mercator metres per pixel at zoom 0 on the equator (512-px tiles, as deck.gl draws them).
_METRES_PER_PIXEL_AT_ZOOM0: Final = 78271.517
_METRES_PER_MILE: Final = 1609.344
MIN_ZOOM: Final = 1.0
MAX_ZOOM: Final = 14.0


def fitted_zoom(latitude: float, radius_miles: float, *, fit_pixels: int = FIT_PIXELS) -> float:
    """The zoom at which a circle of ``radius_miles`` around ``latitude`` is ``fit_pixels`` across
    (web-mercator, 512-px tiles), kept between MIN_ZOOM and MAX_ZOOM."""
    metres_per_pixel_at_zoom0 = _METRES_PER_PIXEL_AT_ZOOM0 * math.cos(math.radians(latitude))
    diameter_m = 2 * radius_miles * _METRES_PER_MILE
    return max(MIN_ZOOM, min(MAX_ZOOM, math.log2(metres_per_pixel_at_zoom0 * fit_pixels / diameter_m)))


@dataclass(frozen=True)
class Spot:
    """One dot on the map: the listings at the same place (to 4 decimals, about 10 m), best first."""

    latitude: float
    longitude: float
    matches: tuple[Match, ...]

    @property
    def all_samples(self) -> bool:
        """Every listing here is an invented example (the dot is drawn in the sample color)."""
        return all(m.listing.sample for m in self.matches)

    @property
    def approximate(self) -> bool:
        """Every listing here is placed only approximately (drawn as a ring, not a solid dot): a person
        should not walk to this exact spot."""
        return all(placed_approximately(m) for m in self.matches)

    @property
    def distance_miles(self) -> float | None:
        return self.matches[0].distance_miles


#: The kinds of mark a map may draw besides the person's own ring, in the legend's order: a group's address (a
#: solid dot), an approximate place (a ring at a ZIP code's or town's center), invented examples.
MARKS: Final = ("address", "approximate", "samples")


def legend_marks(drawn: Iterable[Spot]) -> tuple[str, ...]:
    """The MARKS this map draws, in the legend's order: only those it shows (a spot of invented examples is a
    "samples" mark whether or not its place is approximate)."""
    kinds = {"samples" if s.all_samples else "approximate" if s.approximate else "address" for s in drawn}
    return tuple(m for m in MARKS if m in kinds)


def placed_approximately(match: Match) -> bool:
    """The listing's place on the map is approximate (``placed:zip``/``placed:city``, or an old file's note): not
    its door."""
    g = match.listing
    return approximate_placing(g.facility_values("placed"), g.worth_knowing) is not None


def spots(found: Iterable[Match]) -> list[Spot]:
    """One spot per place, in the order of each place's best match: listings at the same spot are
    counted in one dot, never stacked out of sight. Listings without coordinates are left out."""
    at: dict[tuple[float, float], list[Match]] = defaultdict(list)
    for m in found:
        if m.listing.latitude is None or m.listing.longitude is None:
            continue
        at[(round(m.listing.latitude, 4), round(m.listing.longitude, 4))].append(m)
    return [Spot(lat, lon, tuple(here)) for (lat, lon), here in at.items()]
