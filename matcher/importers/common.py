"""Small helpers both importers share, one place each: text cells, clock times, RRULE days, links, dates, places.

Every helper takes whatever a feed holds (text, a number, null, a list, an object) and either returns a clean
value or raises :class:`RecordError` with a plain reason naming the field, so one odd record is reported and
never loses the import.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Final
from urllib.parse import urlparse

from .. import places, schedules
from ..errors import MatcherError
from ..vocabulary import DAY_CODES, DAYS, LANGUAGE_NAMES, language_code


class RecordError(MatcherError, ValueError):
    """One record cannot be used as it stands; the message says which field and why."""


_CONTROL_RE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SURROGATE_RE: Final = re.compile(r"[\ud800-\udfff]")


def text(value: object, field: str = "value") -> str:
    """A cell as one line of trimmed text ("" for null/NaN); RecordError for a list or an object."""
    if type(value) is str and value.isprintable():  # the common case, fast: no controls, surrogates, bidi
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return f"{value:g}" if value != int(value) or abs(value) > 1e15 else str(int(value))
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        kind = (
            "a list"
            if isinstance(value, (list, tuple))
            else "an object"
            if isinstance(value, dict)
            else type(value).__name__
        )
        raise RecordError(f"{field}: expected text, found {kind}")
    if _SURROGATE_RE.search(value):
        raise RecordError(f"{field}: contains a broken character (an unpaired surrogate)")
    return " ".join(_CONTROL_RE.sub(" ", value).split())


def items(value: object, field: str) -> list[object]:
    """A field that should hold a list: a list as is, a single value as one item, null as none."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        raise RecordError(f"{field}: expected a list, found an object")
    return [value]


def objects(value: object, field: str) -> list[dict[str, object]]:
    """A field that should hold a list of objects; non-objects raise RecordError."""
    out = []
    for item in items(value, field):
        if not isinstance(item, dict):
            raise RecordError(f"{field}: expected objects in the list, found {type(item).__name__}")
        out.append(item)
    return out


# --------------------------------------------------------------------------- clock times

_TIME_24_RE: Final = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
_TIME_12_RE: Final = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$", re.ASCII | re.I)
_TIME_12_PACKED_RE: Final = re.compile(r"^(\d{1,2})(\d{2})\s*([ap])\.?\s*m\.?$", re.ASCII | re.I)
_OFFSET_RE: Final = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_WITH_OFFSET_RE: Final = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})$", re.ASCII)


def parse_time(value: object, field: str = "time") -> int:
    """Minutes after midnight of "19:30", "7:30:00", "9am", "8:30 pm", "830am", "noon"; RecordError otherwise.

    A trailing note in brackets ("12:00pm (dispensing)") and a UTC offset ("09:00-05:00") are left off.
    """
    raw = text(value, field)
    t = re.sub(r"\s*\(.*\)\s*$", "", raw).strip()
    if _WITH_OFFSET_RE.match(t):
        t = _OFFSET_RE.sub("", t)
    low = t.lower()
    if low in {"noon", "12 noon"}:
        return 12 * 60
    if low == "midnight":
        return 0
    m = _TIME_24_RE.match(t)
    if m:
        hour, minute = int(m[1]), int(m[2])
        if hour <= 23 and minute <= 59 and (m[3] is None or int(m[3]) <= 59):
            return hour * 60 + minute
    else:
        m = _TIME_12_RE.match(t) or _TIME_12_PACKED_RE.match(t)
        if m:
            hour, minute = int(m[1]), int(m[2] or 0)
            if 1 <= hour <= 12 and minute <= 59:
                return (hour % 12 + (12 if m[3].lower() == "p" else 0)) * 60 + minute
    raise RecordError(f"{field}: '{raw[:40]}' is not a clock time (like 19:30 or 7:30 pm)")


def clock(minutes: int) -> str:
    """Minutes after midnight as the directory's HH:MM."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------- days

#: iCalendar RRULE day codes in the directory's order (Monday first).
RRULE_DAYS: Final[tuple[str, ...]] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_NAMES: Final[dict[str, str]] = {
    **{name.lower(): code for code, name in DAYS.items()},
    **{code: code for code in DAY_CODES},
    "tues": "tue",
    "weds": "wed",
    "thur": "thu",
    "thurs": "thu",
}


def rrule_days(value: object, field: str = "byday") -> list[str]:
    """Directory day codes of an RRULE BYDAY ("TU,TH"); RecordError for ordinals ("1MO") or unknown codes."""
    out = []
    for part in text(value, field).upper().replace(";", ",").split(","):
        code = part.strip()
        if not code:
            continue
        if code[-2:] in RRULE_DAYS and code[:-2]:
            raise RecordError(f"{field}: '{code}' is a day of the month ({code[:-2]} {code[-2:]}), not a weekly day")
        if code not in RRULE_DAYS:
            raise RecordError(f"{field}: '{code}' is not an RRULE day (MO, TU, WE, TH, FR, SA, SU)")
        out.append(DAY_CODES[RRULE_DAYS.index(code)])
    return sorted(set(out), key=DAY_CODES.index)


def weekday(value: object, field: str = "weekday") -> str:
    """A day code from 1–7 (ISO 8601: 1 = Monday … 7 = Sunday) or a day name ("Monday", "Tue")."""
    t = text(value, field)
    if re.fullmatch(r"[1-7]", t, re.ASCII):
        return DAY_CODES[int(t) - 1]
    code = _DAY_NAMES.get(t.lower().rstrip("."))
    if code is None:
        raise RecordError(f"{field}: '{t[:20]}' is not a weekday (1–7 from Monday, or a name)")
    return code


# --------------------------------------------------------------------------- links, dates, languages


def url(value: object, field: str = "url") -> str:
    """An http(s) link, or "" (a bare "www.example.org" gets https://); the directory's own rule."""
    return _url(text(value, field))


@lru_cache(maxsize=65536)
def _url(t: str) -> str:
    if not t or " " in t:
        return ""
    if t.lower().startswith("www."):
        t = "https://" + t
    try:
        parsed = urlparse(t)
    except ValueError:
        return ""
    return t if parsed.scheme.lower() in {"http", "https"} and parsed.netloc else ""


def iso_date(value: object, today: date, field: str = "date") -> str:
    """The YYYY-MM-DD date a timestamp starts with, or "" (unknown or in the future)."""
    t = text(value, field)[:10]
    try:
        when = date.fromisoformat(t)
    except ValueError:
        return ""
    return when.isoformat() if when <= today else ""


_LANGUAGE_BY_NAME: Final[dict[str, str]] = {
    **{name.lower(): code for code, name in LANGUAGE_NAMES.items()},
    "creole": "ht",
    "haitian": "ht",
    "kreyol": "ht",
    "cantonese": "zh",
    "mandarin": "zh",
    "farsi": "fa",
    "sign language": "",
    "american sign language": "",
}


def language_codes(value: object, field: str = "language") -> tuple[list[str], list[str]]:
    """ISO 639-1 codes from codes, tags or names ("spa", "es-MX", "zh-Hant", "Spanish (limited)",
    "Chinese (Cantonese), Tagalog").

    Returns (codes, what could not be read).
    """
    codes: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,;/]| and ", text(value, field)):
        name = part.strip()
        if not name:
            continue
        key = re.sub(r"\s*\(.*\)$", "", name).strip().lower()
        code = language_code(key) or _LANGUAGE_BY_NAME.get(key)
        if code:
            codes.append(code)
        elif code is None:
            unknown.append(name[:30])
    return list(dict.fromkeys(codes)), unknown


# --------------------------------------------------------------------------- places

#: Imported descriptions are cut to this many characters (a card shows a short paragraph).
DESCRIPTION_MAX_CHARS: Final = 700
US_ZIP_RE: Final = re.compile(r"^(\d{5})(?:-?\d{4})?$", re.ASCII)
CANADA_ZONES: Final[dict[str, str]] = {
    "AB": "America/Edmonton",
    "BC": "America/Vancouver",
    "MB": "America/Winnipeg",
    "NB": "America/Moncton",
    "NL": "America/St_Johns",
    "NS": "America/Halifax",
    "NT": "America/Yellowknife",
    "NU": "America/Iqaluit",
    "ON": "America/Toronto",
    "PE": "America/Halifax",
    "QC": "America/Toronto",
    "SK": "America/Regina",
    "YT": "America/Whitehorse",
}
US_NAMES: Final = frozenset({"", "US", "USA", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA"})


def us_zip(value: object, field: str = "postal_code") -> str:
    """A US ZIP code with its leading zeros (2108 → "02108"; "02108-1234" kept), or the text as given."""
    t = unicodedata.normalize("NFKC", text(value, field))
    if re.fullmatch(r"\d{3,4}", t, re.ASCII):
        return t.zfill(5)
    return t


def coordinates(lat: object, lon: object) -> tuple[float, float] | None:
    """A usable latitude/longitude pair (numbers or numeric text; not 0,0, not out of range), else None."""
    try:
        la, lo = float(text(lat, "latitude")), float(text(lon, "longitude"))
    except (ValueError, RecordError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or abs(la) > 90 or abs(lo) > 180 or (la == 0 and lo == 0):
        return None
    return la, lo


@lru_cache(maxsize=65536)
def city_place(city: str, state: str) -> places.Place | None:
    """The center of a US city, offline; None when the gazetteer does not know it."""
    if not (city and re.fullmatch(r"[A-Za-z]{2}", state)) or any(c.isdigit() and not c.isascii() for c in city):
        return None
    try:
        return places.geocode(f"{city}, {state}")
    except places.LocationError:
        return None


@lru_cache(maxsize=65536)
def _zone_near(lat: float, lon: float) -> str:
    near = places.nearest_zip(lat, lon)
    return (near.timezone or "") if near is not None else ""


def zone_of_place(postal_code: str, point: tuple[float, float] | None, *, canada_province: str = "") -> str:
    """A place's IANA zone: a Canadian province's, else its ZIP code's, else the nearest ZIP center's."""
    if canada_province:
        return CANADA_ZONES.get(canada_province, "")
    place = places.zip_place(postal_code) if postal_code else None
    if place is not None and place.timezone:
        return place.timezone
    if point is not None:
        return _zone_near(round(point[0], 2), round(point[1], 2))
    return ""


def is_timezone(name: str) -> bool:
    return bool(name) and "/" in name and schedules.is_timezone(name)


# --------------------------------------------------------------------------- words: who a group is for


def words(value: str) -> str:
    """Text as a person reads it: HTML entities decoded (``&amp;`` → ``&``), then one clean line."""
    return text(html.unescape(value)) if "&" in value else value


_NUMBER_PREFIX_RE: Final = re.compile(r"^\d{3,}\s*[-–:.#]?\s+(?=\S)")


def meeting_name(value: str) -> str:
    """A name with a stray numeric prefix dropped ("25037 Parents AFG" → "Parents AFG"; "24 Hour Club" kept)."""
    name = words(value)
    trimmed = _NUMBER_PREFIX_RE.sub("", name)
    return trimmed if re.search(r"[^\W\d_]", trimmed) else name


@dataclass
class Who:
    """Who a group is for, from its own words: communities it is built for, an audience it is only for,
    ages, languages, and a short note for "Worth knowing"."""

    communities: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    min_age: str = ""
    max_age: str = ""


_WHO_WORDS: Final[tuple[tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]], ...]] = tuple(
    (re.compile(pattern, re.I), communities, audience)
    for pattern, communities, audience in (
        (r"\bmen\b|\bmen'?s\b|\bmens\b|\bhombres\b|\bmale\b", ("men",), ("men",)),
        (r"\bwomen\b|\bwomen'?s\b|\bwomens\b|\bladies\b|\bmujeres\b|\bfemale\b", ("women",), ("women",)),
        (r"\byoung (?:people|adults?)\b|\bypaa\b|\bj[oó]venes\b", ("young_adults",), ("young_adults",)),
        (r"\bteens?\b|\bteenagers?\b|\badolescen|\balateen\b", ("teens",), ("teens",)),
        (r"\bseniors?\b|\bolder adults?\b|\belderly\b", ("older_adults",), ("older_adults",)),
        (r"\bparents?\b(?! (?:association|education|training))", ("family_caregivers",), ()),
        (r"\blgbt|\bgay\b|\blesbian|\bbisexual|\bqueer\b|\bglbt", ("lgbtq",), ()),
        (r"\btransgender\b|\bnon-?binary\b", ("trans_nonbinary", "lgbtq"), ()),
        (r"\bpeople of color\b|\bbipoc\b|\bpoc\b", ("bipoc",), ()),
        (r"\bveterans?\b", ("veterans",), ()),
    )
)
_CHILDREN_RE: Final = re.compile(
    r"(?<!adult )\bchild(?:ren)?(?:'s)? (?:group|support|bereavement|grief|program)|"
    r"\bfor (?:children|kids)\b|\bkids\b",
    re.I,
)
_SPANISH_RE: Final = re.compile(r"\bespa[nñ]ol\b|\bspanish\b|\bhispan|\bgrupo\b|\ben español\b", re.I)
_ACCESS_RE: Final = re.compile(r"\bwheelchair[- ]access|\bhandicap(?:ped)?[- ]access|\bwheelchair accessible\b", re.I)
_MIXED_RE: Final = re.compile(r"\bmen and women\b|\bwomen and men\b|\bmen & women\b|\bmixed\b", re.I)


_ONLY_RE: Final = re.compile(
    r"\b(?:only for|open only to|for|exclusively for) (?:the )?(men|women|ladies|teens|teenagers|young people|"
    r"young adults|seniors|older adults|parents|lgbtq\+?|veterans)\b(?! and)|"
    r"\b(men|women|ladies|teens?)(?:'s)? only\b",
    re.I,
)


def who_from_words(name: str, description: str = "") -> Who:
    """Who a group is for, read from its name and description ("MEN ONLY", "Women's", "young people",
    "seniors", "teen", "parents", "LGBTQ", "en español"). A name that says men and women is for both; a
    description counts only where it says so ("for women", "men only"), not where it mentions a group
    ("Alateen meets at the same time")."""
    said = " ".join(a or b for a, b in _ONLY_RE.findall(description))
    blob = f"{name} {said}"
    who = Who()
    for pattern, communities, audience in _WHO_WORDS:
        if pattern.search(blob):
            who.communities += communities
            who.audience += audience
    if _ACCESS_RE.search(f"{name} {description}"):
        who.access.append("wheelchair")
    if ("men" in who.audience and "women" in who.audience) or _MIXED_RE.search(blob):
        who.audience = [a for a in who.audience if a not in {"men", "women"}]
        who.communities = [c for c in who.communities if c not in {"men", "women"}]
    if "teens" in who.audience and "young_adults" in who.audience:  # "teens and young adults": both
        who.audience = [a for a in who.audience if a not in {"teens", "young_adults"}]
    if _CHILDREN_RE.search(name) or re.search(r"\bgroups? (?:is |are )?(?:only )?for children\b", description, re.I):
        who.audience.append("teens")
        who.max_age = "17"
    if _SPANISH_RE.search(name) or re.search(r"\ben espa[nñ]ol\b|\bin spanish\b", description, re.I):
        who.languages.append("es")
    who.communities = list(dict.fromkeys(who.communities))
    who.audience = list(dict.fromkeys(who.audience))
    return who
