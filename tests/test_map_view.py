"""The map as data: the zoom that makes the distance circle fill a phone's map, one counted spot per place."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from matcher import Answers, Match, fitted_zoom, geocode, legend_marks, load_directory, rank_listings, spots
from tests.conftest import NOW, row, write_rows


def circle_pixels(latitude: float, miles: float, zoom: float) -> float:
    """How many screen pixels the circle's diameter takes at this zoom (web-mercator, 512-px tiles)."""
    metres_per_pixel = 78271.517 * math.cos(math.radians(latitude)) / 2**zoom
    return 2 * miles * 1609.344 / metres_per_pixel


@pytest.mark.parametrize(("latitude", "miles"), [(37.75, 5), (37.75, 25), (41.88, 10), (61.2, 50), (21.3, 2)])
def test_the_circle_is_300_pixels_across_at_the_fitted_zoom(latitude: float, miles: float) -> None:
    """At the fitted zoom the distance circle is 300 px across: it fits a 340-px phone map, and fills it."""
    assert circle_pixels(latitude, miles, fitted_zoom(latitude, miles)) == pytest.approx(300, rel=1e-6)


def test_a_wider_circle_is_zoomed_out_and_the_zoom_stays_in_range() -> None:
    """More miles, less zoom; a street-sized circle stops at zoom 14, a continent-sized one at 1."""
    assert fitted_zoom(40.0, 5) > fitted_zoom(40.0, 25) > fitted_zoom(40.0, 100)
    assert fitted_zoom(40.0, 0.01) == 14.0
    assert fitted_zoom(40.0, 20_000) == 1.0


def _matches(tmp_path: Path, rows: list[dict[str, str]]) -> list[Match]:
    d = load_directory(write_rows(tmp_path / "g.csv", rows), today=NOW.date()).directory
    return rank_listings(d, Answers(), geocode("94110"), now=NOW, limit=None).matches


def test_listings_at_the_same_place_share_one_spot(tmp_path: Path) -> None:
    """Three listings at one address are one spot holding all three; a listing elsewhere is its own spot."""
    same = {"latitude": "37.7509", "longitude": "-122.4153"}
    found = _matches(
        tmp_path,
        [
            row(id="a", **same),
            row(id="b", **same),
            row(id="c", latitude="37.75091", longitude="-122.41531"),  # 1 m away: same spot
            row(id="far", latitude="37.8044", longitude="-122.2712"),
        ],
    )
    by_size = sorted(spots(found), key=lambda s: -len(s.matches))
    assert [sorted(m.listing.id for m in s.matches) for s in by_size] == [["a", "b", "c"], ["far"]]
    assert by_size[0].latitude == 37.7509 and by_size[0].longitude == -122.4153
    assert by_size[0].distance_miles is not None and by_size[0].distance_miles < 1


def test_a_spot_is_a_sample_spot_only_when_every_listing_there_is_invented(tmp_path: Path) -> None:
    """A real group sharing a spot with an invented example keeps the spot 'real'."""
    here = {"latitude": "37.7509", "longitude": "-122.4153"}
    there = {"latitude": "37.8044", "longitude": "-122.2712"}
    found = _matches(
        tmp_path,
        [row(id="real", **here), row(id="fake", sample="true", **here), row(id="fake2", sample="true", **there)],
    )
    flags = {tuple(sorted(m.listing.id for m in s.matches)): s.all_samples for s in spots(found)}
    assert flags == {("fake", "real"): False, ("fake2",): True}


def test_listings_without_coordinates_are_not_spots(tmp_path: Path) -> None:
    """An online-only listing has no place on the map."""
    found = _matches(
        tmp_path,
        [
            row(id="here"),
            row(
                id="online", formats="online", latitude="", longitude="", address="", city="", state="", postal_code=""
            ),
        ],
    )
    assert {m.listing.id for m in found} == {"here", "online"}
    assert [[m.listing.id for m in s.matches] for s in spots(found)] == [["here"]]


def test_a_spot_is_approximate_only_when_every_listing_there_is_placed_approximately(tmp_path: Path) -> None:
    """A listing an importer placed at its ZIP code's center ("Location approximate: …") makes an approximate
    spot; one exact address at the same spot keeps it exact (someone is really there)."""
    note = "Location approximate: placed at the center of its ZIP code, check the address"
    here = {"latitude": "37.7509", "longitude": "-122.4153"}
    there = {"latitude": "37.8044", "longitude": "-122.2712"}
    found = _matches(
        tmp_path,
        [
            row(id="zip", worth_knowing=note, **here),
            row(id="door", **here),
            row(id="zip2", worth_knowing=note, **there),
        ],
    )
    flags = {tuple(sorted(m.listing.id for m in s.matches)): s.approximate for s in spots(found)}
    assert flags == {("door", "zip"): False, ("zip2",): True}


def test_the_legend_names_only_the_marks_the_map_draws(tmp_path: Path) -> None:
    """An exact address, a place at a ZIP code's center and an invented example each add their mark, in the
    legend's order; a map of exact addresses alone names no ring and no invented example."""
    placed = {"facility": "placed:zip"}
    found = _matches(
        tmp_path,
        [
            row(id="zip", latitude="37.8044", longitude="-122.2712", **placed),
            row(id="door", latitude="37.7509", longitude="-122.4153"),
            row(id="fake", sample="true", latitude="37.7749", longitude="-122.4194", **placed),
        ],
    )
    assert legend_marks(spots(found)) == ("address", "approximate", "samples")
    assert legend_marks(spots(m for m in found if m.listing.id == "door")) == ("address",)
    assert legend_marks(spots(m for m in found if m.listing.id == "zip")) == ("approximate",)
    assert legend_marks(spots(m for m in found if m.listing.id == "fake")) == ("samples",)  # a ring, yet invented
    assert legend_marks([]) == ()
