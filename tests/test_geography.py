"""Locating a person offline and measuring distances."""

from __future__ import annotations

import numpy as np
import pytest
from geopy.distance import geodesic

from matcher.geography import LocationError, bounding_box, distance_miles, geocode, geocode_offline, zip_centroid


@pytest.mark.parametrize(
    ("text", "label_part", "lat", "tz"),
    [
        ("94110", "San Francisco", 37.75, "America/Los_Angeles"),
        ("10001-1234", "New York", 40.75, "America/New_York"),
        ("Austin, TX", "Austin", 30.3, "America/Chicago"),
        ("  chicago ,  il ", "Chicago", 41.85, "America/Chicago"),
        ("Anchorage", "Anchorage", 61.2, "America/Anchorage"),
    ],
)
def test_places_are_found_offline(text: str, label_part: str, lat: float, tz: str) -> None:
    """ZIP codes, "City, ST" and unambiguous city names resolve with the packaged gazetteer."""
    place = geocode_offline(text)
    assert label_part in place.label
    assert place.latitude == pytest.approx(lat, abs=0.35)
    assert place.timezone == tz


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Please type"),
        ("00000", "could not find the ZIP code"),
        ("Atlantis, ZZ", "could not find"),
        ("Qwertyville", "could not find"),
    ],
)
def test_unknown_places_get_a_plain_message(text: str, words: str) -> None:
    """An unknown place raises LocationError with a message a person can act on."""
    with pytest.raises(LocationError) as info:
        geocode_offline(text)
    assert words in info.value.message


def test_an_ambiguous_city_lists_the_candidates() -> None:
    """A city name shared by several states asks for the state and offers the candidates."""
    with pytest.raises(LocationError) as info:
        geocode("Springfield")
    assert "several places" in info.value.message
    assert "Springfield, IL" in info.value.candidates
    assert "Springfield, MO" in info.value.candidates


def test_zip_centroid_of_an_unknown_code_is_none() -> None:
    """The gazetteer answers None, not an exception, for codes it does not know."""
    assert zip_centroid("99999") is None


PAIRS = [
    ((37.7509, -122.4153), (37.7725, -122.4147)),   # across San Francisco
    ((40.7506, -73.9972), (40.6782, -73.9442)),     # Manhattan to Brooklyn
    ((30.2672, -97.7431), (29.4241, -98.4936)),     # Austin to San Antonio
    ((47.6062, -122.3321), (25.7617, -80.1918)),    # Seattle to Miami
    ((61.2181, -149.9003), (21.3069, -157.8583)),   # Anchorage to Honolulu
    ((44.4759, -73.2121), (44.4759, -73.2121)),     # the same point
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_distances_agree_with_geopy_geodesic(a: tuple[float, float], b: tuple[float, float]) -> None:
    """Vectorised distances are within 0.5 % of geopy's geodesic (and exactly 0 for the same point)."""
    got = distance_miles(a[0], a[1], np.array([b[0]]), np.array([b[1]]))[0]
    want = geodesic(a, b).miles
    assert got == pytest.approx(want, rel=0.005, abs=1e-6)


def test_the_bounding_box_contains_every_point_within_the_radius() -> None:
    """The prefilter box never cuts off a point that is within the distance."""
    rng = np.random.default_rng(1)
    lat0, lon0, miles = 45.0, -100.0, 50.0
    lats = lat0 + rng.uniform(-2, 2, 20000)
    lons = lon0 + rng.uniform(-3, 3, 20000)
    d = distance_miles(lat0, lon0, lats, lons)
    lo_lat, hi_lat, lo_lon, hi_lon = bounding_box(lat0, lon0, miles)
    inside = (lats >= lo_lat) & (lats <= hi_lat) & (lons >= lo_lon) & (lons <= hi_lon)
    assert np.all(inside[d <= miles])
