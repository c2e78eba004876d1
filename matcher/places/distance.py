"""Distances on the WGS-84 ellipsoid, vectorised, and the box a prefilter uses."""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MILES_PER_KM: Final = 0.621371192237334
# WGS-84 ellipsoid, the one geopy's geodesic uses.
_A_KM: Final = 6378.137
_F: Final = 1 / 298.257223563


def distance_miles(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Ellipsoidal distances in miles from one point to many, vectorised (Lambert's formula).

    Within a few metres of geopy's geodesic for the distances a person travels; NaN where a
    coordinate is missing.
    """
    phi1 = np.radians(lat)
    phi2 = np.radians(lats)
    b1 = np.arctan((1 - _F) * np.tan(phi1))
    b2 = np.arctan((1 - _F) * np.tan(phi2))
    dlon = np.radians(lons - lon)
    # central angle between the reduced latitudes (haversine form, stable for short distances)
    h = np.sin((b2 - b1) / 2) ** 2 + np.cos(b1) * np.cos(b2) * np.sin(dlon / 2) ** 2
    sigma = 2 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    p = (b1 + b2) / 2
    q = (b2 - b1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (sigma - np.sin(sigma)) * (np.sin(p) * np.cos(q)) ** 2 / np.cos(sigma / 2) ** 2
        y = (sigma + np.sin(sigma)) * (np.cos(p) * np.sin(q)) ** 2 / np.sin(sigma / 2) ** 2
        km = _A_KM * (sigma - _F / 2 * (x + y))
    km = np.where(sigma == 0, 0.0, km)
    return np.asarray(km * MILES_PER_KM, dtype=np.float64)


def bounding_box(lat: float, lon: float, miles: float) -> tuple[float, float, float, float]:
    """A latitude/longitude box that surely contains every point within ``miles`` (for a prefilter)."""
    dlat = miles / 68.7 * 1.01 + 0.01
    coslat = max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6)
    dlon = miles / (69.172 * coslat) * 1.01 + 0.01
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def miles_to_km(miles: float) -> float:
    return miles / MILES_PER_KM
