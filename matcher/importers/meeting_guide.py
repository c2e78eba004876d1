"""Meeting Guide feeds (code4recovery spec, 12 Step Meeting List plugin) to directory rows.

A meeting goes through small named steps (types, place, formats, schedule) that return values and notes;
a meeting that cannot be listed is reported with its slug and the reason. Type codes mean what the feed's
program says they mean (in Al-Anon ``C`` is "Families and Friends Only"), from the plugin's per-program
tables in ``program_types.json``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Final

from ..places import zip_place
from ..vocabulary import AUDIENCES, COMMUNITIES, FOCUS
from . import ImporterError, ImportOptions, ImportResult, Row, empty_row, finish, load_json, put
from .common import (
    CANADA_ZONES,
    DESCRIPTION_MAX_CHARS,
    US_NAMES,
    RecordError,
    city_place,
    clock,
    coordinates,
    is_timezone,
    iso_date,
    meeting_name,
    parse_time,
    text,
    url,
    us_zip,
    who_from_words,
    words,
    zone_of_place,
)

MG_DAYS: Final = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # 0 = Sunday in the spec
#: Language type codes (the spec's; not all ISO), used when the program's own table has no such code.
MG_LANGUAGES: Final[dict[str, str]] = {
    "EN": "en",
    "S": "es",
    "FR": "fr",
    "DE": "de",
    "ITA": "it",
    "POR": "pt",
    "POL": "pl",
    "RUS": "ru",
    "KOR": "ko",
    "JA": "ja",
    "AR": "ar",
    "HI": "hi",
    "FA": "fa",
    "HE": "he",
    "TL": "tl",
    "TUR": "tr",
    "UK": "uk",
    "NL": "nl",
    "SV": "sv",
    "DA": "da",
    "NO": "no",
    "FI": "fi",
    "EL": "el",
    "HU": "hu",
    "HR": "hr",
    "LT": "lt",
    "SK": "sk",
    "SL": "sl",
    "BG": "bg",
    "TH": "th",
    "ML": "ml",
    "NE": "ne",
    "PUN": "pa",
    "AM": "am",
    "AF": "af",
    "IS": "is",
    "KA": "ka",
    "MT": "mt",
}
#: Codes every program uses the same way or that the spec retired: known, handled by name.
MG_RETIRED: Final = frozenset({"ONL", "TC", "NS"})
_WORDS: Final[dict[str, str]] = {"open": "O", "closed": "C", "online": "ONL", "temporarily closed": "TC"}


@cache
def _focus(*codes: str) -> tuple[str, ...]:
    """Focus codes this version of the vocabulary has (new codes fall back to "general")."""
    kept = tuple(c for c in codes if c in FOCUS)
    return kept or ("general",)


def _communities(*codes: str) -> tuple[str, ...]:
    return tuple(c for c in codes if c in COMMUNITIES)


#: What a program's meetings are about, and who they are for, when the feed does not say.
PROGRAM_FOCUS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "aa": (("substance_use",), ()),
    "na": (("substance_use",), ()),
    "ca": (("substance_use",), ()),
    "cma": (("substance_use",), ()),
    "ha": (("substance_use",), ()),
    "ma": (("substance_use",), ()),
    "daa": (("substance_use",), ()),
    "rd": (("substance_use",), ()),
    "rr": (("substance_use",), ()),
    "al-anon": (("substance_use",), ("family_caregivers",)),
    "pal": (("substance_use",), ("family_caregivers",)),
    "aca": (("general",), ("family_caregivers",)),
    "oa": (("eating_disorders",), ()),
    "eda": (("eating_disorders",), ()),
    "cea-how": (("eating_disorders",), ()),
    "ga": (("gambling",), ()),
    "sia": (("ptsd_trauma",), ("abuse_survivors",)),
    "coda": (("general",), ()),
    "da": (("general",), ()),
    "slaa": (("general",), ()),
    "saa": (("general",), ()),
    "sa": (("general",), ()),
    "sca": (("general",), ()),
    "ua": (("general",), ()),
    "va": (("general",), ()),
    "rca": (("general",), ()),
}
#: Whom a program's closed meetings are for, in its own terms ("only for …").
PROGRAM_PEOPLE: Final[dict[str, str]] = {
    "aa": "people who want to stop drinking",
    "na": "people who want to stop using drugs",
    "ca": "people who want to stop using cocaine and other drugs",
    "cma": "people who want to stop using crystal meth",
    "ha": "people who want to stop using drugs",
    "ma": "people who want to stop using marijuana",
    "daa": "people who want to stop drinking or using drugs",
    "rd": "people in recovery from addiction",
    "rr": "people in recovery from addiction",
    "oa": "people who want to stop eating compulsively",
    "eda": "people who want to recover from an eating disorder",
    "cea-how": "people who want to stop eating compulsively",
    "ga": "people who want to stop gambling",
    "coda": "people who want healthy relationships",
    "aca": "adults who grew up with alcoholism or dysfunction in the family",
    "sia": "survivors of incest",
    "slaa": "people recovering from sex and love addiction",
    "saa": "people recovering from sex addiction",
    "sa": "people recovering from sex addiction",
    "sca": "people recovering from sexual compulsion",
    "da": "people recovering from debting",
    "ua": "people recovering from underearning",
    "va": "people who want to stop being violent",
}
#: What in a meeting's own name, link or body says its program (checked before the program's full name).
PROGRAM_SIGNS: Final[dict[str, re.Pattern[str]]] = {
    key: re.compile(pattern, re.I)
    for key, pattern in (
        ("al-anon", r"al-?anon|\bafg\b|alateen"),
        ("eda", r"\beda\b|eating disorders? anonymous|eatingdisordersanonymous"),
        ("oa", r"\boa\b|overeaters anonymous|\boa\.org"),
        ("cea-how", r"cea-?how"),
        ("coda", r"\bco-?da\b|co-?dependents anonymous"),
        ("na", r"narcotics anonymous|\bna\.org|\bna (?:group|meeting)\b"),
        ("ca", r"cocaine anonymous|\bca\.org"),
        ("cma", r"crystal meth anonymous|\bcma\b"),
        ("ga", r"gamblers anonymous"),
        ("aca", r"adult children of alcoholics(?! afg)|\baca\b|adultchildren\.org"),
        ("slaa", r"sex and love addicts|\bslaa\b"),
        ("sia", r"survivors of incest"),
        ("aa", r"alcoholics anonymous|\baa\b|aa\.org|aa intergroup|aa\.org"),
    )
}

#: What a code's meaning (the program table's English words, lower case) says about a meeting.
#: Effects: community/audience/access/language code, min_age/max_age years, worth (a short note).
MEANINGS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "women": (("community", "women"), ("audience", "women")),
    "men": (("community", "men"), ("audience", "men")),
    "closed": (("audience", "own_concern"),),
    "gay": (("community", "lgbtq"),),
    "lesbian": (("community", "lgbtq"),),
    "bisexual": (("community", "lgbtq"),),
    "gay/lesbian": (("community", "lgbtq"),),
    "lgbtq": (("community", "lgbtq"),),
    "lgbtq+": (("community", "lgbtq"),),
    "lgbtqia+": (("community", "lgbtq"),),
    "transgender": (("community", "trans_nonbinary"), ("community", "lgbtq")),
    "non-binary": (("community", "trans_nonbinary"), ("community", "lgbtq")),
    "young people": (("community", "young_adults"), ("audience", "young_adults")),
    "young adults": (("community", "young_adults"), ("audience", "young_adults")),
    "young adult (ages 18 to 26)": (("community", "young_adults"), ("audience", "young_adults"), ("min_age", "18")),
    "teen (ages 12 to 18)": (("audience", "teens"), ("community", "teens"), ("min_age", "12"), ("max_age", "18")),
    "teens": (("audience", "teens"), ("community", "teens"), ("max_age", "19")),
    "alateen": (
        ("audience", "teens"),
        ("community", "teens"),
        ("min_age", "13"),
        ("max_age", "19"),
        ("worth", "Alateen: for teens affected by someone else's drinking"),
    ),
    "age restricted 18+": (("min_age", "18"),),
    "seniors": (("community", "older_adults"), ("audience", "older_adults")),
    "people of color": (("community", "bipoc"),),
    "bipoc": (("community", "bipoc"),),
    "native american": (("community", "bipoc"),),
    "indigenous": (("community", "bipoc"),),
    "families and friends only": (
        ("audience", "family_caregivers"),
        ("community", "family_caregivers"),
        ("worth", "Only for family members and friends"),
    ),
    "parents of alcoholics": (("community", "family_caregivers"),),
    "wheelchair access": (("access", "wheelchair"),),
    "wheelchair accessible": (("access", "wheelchair"),),
    "handicapped accessible": (("access", "wheelchair"),),
    "wheelchair-accessible bathroom": (("worth", "Wheelchair-accessible bathroom"),),
    "sign language": (("access", "asl"),),
    "american sign language": (("access", "asl"),),
    "sign language asl": (("access", "asl"),),
    "deaf / hard of hearing": (("community", "deaf_hoh"),),
    "secular": (("worth", "Secular (no religious content)"),),
    "atheist / agnostic": (("worth", "Atheist and agnostic friendly"),),
    "spanish": (("language", "es"),),
    "english": (("language", "en"),),
}


@cache
def program_types() -> dict[str, dict[str, object]]:
    """The 12 Step Meeting List plugin's type tables, one per program (see program_types.json)."""
    raw = resources.files(__package__).joinpath("program_types.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, object]] = json.loads(raw)
    return data


def program_codes(program: str) -> dict[str, str]:
    types = program_types()[program]["types"]
    assert isinstance(types, dict)
    return {str(k).upper(): str(v) for k, v in types.items()}


def meeting_program(m: Mapping[str, object]) -> str:
    """The program a meeting's own name, links or body name ("EDA", "Al-Anon", "CoDA"); "" when none does."""
    blob = " ".join(str(m.get(k, ""))[:200] for k in ("name", "url", "entity", "group", "entity_url", "website"))
    for key, sign in PROGRAM_SIGNS.items():
        if sign.search(blob):
            return key
    return ""


def _codes_fit(meetings: Sequence[Mapping[str, object]]) -> str:
    """The one program whose type table knows every code the feed uses, when AA's does not ("" otherwise)."""
    used: set[str] = set()
    for m in meetings[:500]:
        with contextlib.suppress(RecordError):
            used |= {t.upper() for t in type_tokens(m.get("types"))}
    used -= set(MG_LANGUAGES) | MG_RETIRED
    if not used or used <= set(program_codes("aa")):
        return ""
    fits = [
        k
        for k, info in program_types().items()
        if isinstance(info.get("types"), dict) and info["types"] and used <= set(program_codes(k))
    ]
    return fits[0] if len(fits) == 1 else ""


def detect_program(meetings: Sequence[Mapping[str, object]], source: str) -> tuple[str, bool]:
    """(the program of a feed, whether the feed says so): from the program most of its meetings name,
    its source address, or the one type table that knows all its codes; ("aa", False) when nothing tells."""
    counts: Counter[str] = Counter(p for p in (meeting_program(m) for m in meetings[:2000]) if p)
    by_source = meeting_program({"url": source})
    if by_source:
        counts[by_source] += max(5, len(meetings) // 10)
    for key, info in program_types().items():  # a program's full name in the source ("...overeaters...")
        name = str(info.get("name", "")).lower()
        if key not in {"sg"} and name and name in source.lower():
            counts[key] += max(5, len(meetings) // 10)
    if counts:
        return counts.most_common(1)[0][0], True
    fit = _codes_fit(meetings)
    return (fit, True) if fit else ("aa", False)


@dataclass
class Types:
    """What a meeting's type codes say, mapped to the directory's vocabulary."""

    communities: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    worth: list[str] = field(default_factory=list)
    min_age: str = ""
    max_age: str = ""
    codes: set[str] = field(default_factory=set)


def type_tokens(value: object) -> list[str]:
    """The codes of ``types`` as feeds hold it: a list, "[open]", "C,W", "O", "Big Book,Open" or nothing."""
    if value is None:
        return []
    if isinstance(value, str):
        body = value.strip().strip("[]")
        parts = re.split(r"[,;|]", body) if re.search(r"[,;|]", body) else [body]
        return [p.strip().strip("\"'[]") for p in parts if p.strip().strip("\"'[]")]
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, (dict, list)):
                raise RecordError("types: expected codes in the list, found a nested value")
            t = text(item, "types")
            if t:
                out.append(t)
        return out
    raise RecordError(f"types: expected a list of codes, found {type(value).__name__}")


def map_types(tokens: list[str], codes: Mapping[str, str], names: Mapping[str, str], unknown: Counter[str]) -> Types:
    """Each code through the program's own meaning; language codes; unknown codes counted for one note."""
    out = Types()
    for token in tokens:
        code = token.upper()
        if code not in codes and code not in MG_LANGUAGES and code not in MG_RETIRED:
            code = names.get(token.lower(), _WORDS.get(token.lower(), code))
        out.codes.add(code)
        meaning = codes.get(code)
        if meaning is None:
            if code in MG_LANGUAGES:
                out.languages.append(MG_LANGUAGES[code])
            elif code not in MG_RETIRED:
                unknown[token] += 1
            continue
        for kind, value in MEANINGS.get(meaning.lower(), ()):
            if kind == "community" and value in COMMUNITIES:
                out.communities.append(value)
            elif kind == "audience" and value in AUDIENCES:
                out.audience.append(value)
            elif kind == "access":
                out.access.append(value)
            elif kind == "language":
                out.languages.append(value)
            elif kind == "worth":
                out.worth.append(value)
            elif kind == "min_age":
                out.min_age = value
            elif kind == "max_age":
                out.max_age = value
    return out


# --------------------------------------------------------------------------- place

_ADDRESS_RE: Final = re.compile(
    r"^(?:(?P<street>.*?),\s*)?(?P<city>[^,]+),\s*(?P<state>[A-Za-z]{2})\s+(?P<zip>[0-9A-Za-z]{3}\s?[0-9A-Za-z]{3}|\d{5}"
    r"(?:-\d{4})?)(?:,\s*(?P<country>[^,]+))?$",
    re.ASCII,
)
_CANADA: Final = frozenset({"CA", "CAN", "CANADA"})


@dataclass
class Where:
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    canada_province: str = ""


def parse_place(m: Mapping[str, object]) -> Where:
    """The meeting's address from its fields, or from ``formatted_address`` when they are missing."""
    w = Where(
        text(m.get("address"), "address"),
        text(m.get("city"), "city"),
        text(m.get("state"), "state"),
        us_zip(m.get("postal_code")),
        text(m.get("country"), "country"),
    )
    parsed = _ADDRESS_RE.match(text(m.get("formatted_address"), "formatted_address"))
    if parsed and not w.city:
        w = Where(
            parsed["street"] or "",
            parsed["city"].strip(),
            parsed["state"],
            us_zip(parsed["zip"]),
            (parsed["country"] or "").strip(),
        )
    country = w.country.upper()
    if country in _CANADA and w.state.upper() in CANADA_ZONES:
        w.canada_province, w.country = w.state.upper(), "CA"
    elif country in US_NAMES:
        w.country = "US" if country or w.state else ""
    return w


def place_point(m: Mapping[str, object], w: Where) -> tuple[tuple[float, float] | None, str]:
    """(coordinates, how they were found): the feed's own, else the ZIP's or the city's center."""
    point = coordinates(m.get("latitude"), m.get("longitude"))
    if point is not None:
        return point, ""
    if w.canada_province:
        return None, "it gives no usable coordinates and the offline gazetteer covers only US places"
    zp = zip_place(w.postal_code) if w.postal_code else None
    if zp is not None:
        return (zp.latitude, zp.longitude), f"placed at the center of ZIP code {w.postal_code[:5]}"
    cp = city_place(w.city, w.state)
    if cp is not None:
        return (cp.latitude, cp.longitude), f"placed at the center of {cp.label}"
    return None, "it has an address but no usable coordinates, and the offline gazetteer cannot place it"


# --------------------------------------------------------------------------- schedule


def parse_days(value: object) -> list[str]:
    """Directory day codes from ``day``: 0–6 (0 = Sunday) as a number, a string or a list; [] = by appointment."""
    if value is None or value in ("", []):
        return []
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if isinstance(v, (bool, dict, list)):
            raise RecordError(f"day: {json.dumps(v)[:20]} is not a day number 0–6 (0 = Sunday)")
        t = text(v, "day")
        if len(t) > 8 or not re.fullmatch(r"-?\d+(?:\.0+)?", t, re.ASCII) or not 0 <= int(float(t)) <= 6:
            raise RecordError(f"day {t[:20]!r} is not 0–6 (0 = Sunday)")
        out.append(MG_DAYS[int(float(t))])
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return sorted(set(out), key=order.index)


def overnight(start: int, end: int) -> bool:
    """An end before the start that is really past midnight (a meeting of at most 8 hours)."""
    return end < start and (end + 24 * 60 - start) <= 8 * 60


# --------------------------------------------------------------------------- one meeting


@cache
def _program_tables(program: str) -> tuple[dict[str, str], dict[str, str]]:
    """(code → meaning, meaning in lower case → code) of a program, built once."""
    codes = program_codes(program)
    return codes, {v.lower(): k for k, v in codes.items()}


FORMAT_WORDS: Final[dict[str, str]] = {"in_person": "in person", "online": "online", "phone": "by phone"}
_BUSINESS_RE: Final = re.compile(
    r"\bbusiness meeting\b|\bgroup conscience\b|\bservice meeting\b|"
    r"\bdistrict meeting\b|\bassembly\b",
    re.I,
)


def map_meeting(
    m: Mapping[str, object],
    opts: ImportOptions,
    program: str,
    result: ImportResult,
    unknown: Counter[str],
    today: date,
    pending: list[Row] | None = None,
) -> Row | None:
    """One meeting to a row, or None after reporting why it cannot be listed."""
    slug = text(m.get("slug"), "slug") or text(m.get("id"), "id")
    name = meeting_name(text(m.get("name"), "name"))
    if not slug or not name:
        result.report(slug or "(no slug)", "a meeting needs a name and a slug")
        return None
    notes: list[str] = []
    if _BUSINESS_RE.search(name):
        result.report(slug, "a business meeting (service work for members), not a support meeting")
        return None
    attendance = text(m.get("attendance_option"), "attendance_option").lower()
    if attendance == "inactive":
        result.report(slug, "the feed marks this meeting inactive")
        return None
    try:
        tokens = type_tokens(m.get("types"))
    except RecordError as exc:
        tokens = []
        notes.append(f"{exc}; its type codes are left out")
    codes, names = _program_tables(program)
    types = map_types(tokens, codes, names, unknown)
    row = empty_row()
    row["id"], row["name"] = slug, name
    # each meeting's topic follows its own program (an Al-Anon meeting in an AA feed is Al-Anon's)
    own = "" if opts.program else meeting_program(m)
    topic_program = own if own in PROGRAM_FOCUS else program
    program_name = str(program_types()[topic_program]["name"])
    entity = words(text(m.get("entity"), "entity"))
    row["organization"] = opts.organization or (f"{program_name} ({entity})" if entity else program_name)
    focus, base_communities = PROGRAM_FOCUS.get(topic_program, (("general",), ()))
    row["focus"] = ";".join(opts.focus or _focus(*focus))
    notes_text = words(text(m.get("notes"), "notes"))
    who = who_from_words(name, notes_text)
    communities = [*_communities(*base_communities), *types.communities, *who.communities]
    if topic_program == "al-anon":  # "parents" in Al-Anon: parents of someone who drinks (the program's people)
        communities.append("family_caregivers")
    row["communities"] = ";".join(dict.fromkeys(communities))
    audience = list(dict.fromkeys([*types.audience, *who.audience]))
    if "men" in audience and "women" in audience:  # codes and words that say both: for everyone
        audience = [a for a in audience if a not in {"men", "women"}]
    # the role (families only, or closed: the program's own people) applies together with the rest
    if "own_concern" in audience:
        if topic_program == "al-anon" or "family_caregivers" in audience:  # Al-Anon's closed: families
            audience = [a for a in audience if a != "own_concern"]
        else:
            people = PROGRAM_PEOPLE.get(topic_program, "people who share the program's own problem")
            types.worth.append(f"Closed meeting: only for {people}")
    put(row, "audience", ";".join(audience))
    put(row, "min_age", types.min_age or who.min_age)
    put(row, "max_age", types.max_age or who.max_age)
    access = [*types.access, *who.access]
    row["languages"] = ";".join(dict.fromkeys([*types.languages, *who.languages])) or "en"
    row["facilitation"] = opts.facilitation
    row["cost"] = "donation"
    description = " ".join(x for x in (notes_text, words(text(m.get("location_notes"), "location_notes"))) if x)

    # where, and how it is attended
    w = parse_place(m)
    row.update(
        address=w.address,
        city=w.city,
        state=w.state.upper() if len(w.state) == 2 else w.state,
        postal_code=w.postal_code,
        country=w.country,
    )
    conference_url = url(m.get("conference_url"), "conference_url")
    conference_phone = text(m.get("conference_phone"), "conference_phone")
    formats: list[str] = []
    wants_in_person = (
        attendance in {"in_person", "hybrid"} if attendance in {"in_person", "hybrid", "online"} else bool(w.address)
    )
    why_not = ""
    placed = ""  # placed:zip / placed:city: a place put at a center, worded by the app in the person's language
    point: tuple[float, float] | None = None
    if wants_in_person:
        if "TC" in types.codes:
            why_not = "its location is temporarily closed (TC)"
        elif text(m.get("approximate"), "approximate").lower() == "yes" and not (attendance == "hybrid" and w.address):
            why_not = "its location is only approximate"
        else:
            point, how = place_point(m, w)
            if point is None:
                why_not = how
            elif how:
                notes.append(f"it gives no usable coordinates; {how}")
                placed = "placed:zip" if how.startswith("placed at the center of ZIP") else "placed:city"
        if not why_not:
            formats.append("in_person")
    if conference_url:  # online only with a link or a phone number (the ONL code alone is not enough)
        formats.append("online")
    if conference_phone:
        formats.append("phone")
    if formats and why_not:  # hybrid or in person, but the room cannot be listed: never silently
        notes.append(f"listed {' and '.join(FORMAT_WORDS[f] for f in formats)} only: {why_not}")
    elif attendance == "hybrid" and formats == ["in_person"]:
        notes.append("hybrid, but the feed gives no conference link or phone; listed in person only")
    if not formats:
        why_not = why_not or "it has no address and no conference link or phone"
        result.report(slug, f"cannot be attended as listed: {why_not}")
        return None
    if point is not None and "in_person" in formats:
        row["latitude"], row["longitude"] = f"{point[0]:.6f}", f"{point[1]:.6f}"
    else:  # an online-only meeting never shows a street venue
        row["address"] = ""
    row["formats"] = ";".join(dict.fromkeys(formats))
    row["accessibility"] = ";".join(dict.fromkeys(a for a in access if a != "wheelchair" or "in_person" in formats))

    # when
    days = parse_days(m.get("day"))
    start_text = text(m.get("time"), "time")
    if days and not start_text:
        notes.append("it gives a day but no time; listed without a schedule")
    elif days:
        start = parse_time(start_text, "time")
        row["days"], row["start_time"] = ";".join(days), clock(start)
        end_text = text(m.get("end_time"), "end_time")
        if end_text:
            try:
                end = parse_time(end_text, "end_time")
            except RecordError as exc:
                notes.append(f"{exc}; no end time listed")
            else:
                if end > start:
                    row["end_time"] = clock(end)
                elif not overnight(start, end):
                    notes.append(f"end_time {end_text} is before the start {start_text}; no end time listed")
        zone = text(m.get("timezone"), "timezone")
        if zone and not is_timezone(zone):
            notes.append(f"timezone '{zone[:40]}' is not an IANA zone name; used the place's")
            zone = ""
        # the place tells the zone even when it is not where the meeting is held (an online meeting's city)
        near = point or (coordinates(m.get("latitude"), m.get("longitude")) if not w.canada_province else None)
        zone = (
            zone
            or zone_of_place(w.postal_code if not w.canada_province else "", near, canada_province=w.canada_province)
            or opts.timezone
        )
        if not zone and pending is None:
            result.report(slug, "meets weekly but neither the feed nor the place gives a time zone (use --timezone)")
            return None
        if not zone and pending is not None:  # given the zone of the feed's other meetings once all are read
            pending.append(row)
        row["timezone"] = zone
    if conference_phone:
        row["phone"] = conference_phone.split(",")[0].strip()
    row["url"] = url(m.get("url")) or url(m.get("website"))
    row["source_url"] = url(m.get("url"))
    row["last_verified"] = iso_date(m.get("updated"), today, "updated")
    row["sample"] = "false"
    if "online" in formats:
        put(row, "join_url", conference_url)
        description = f"{description} Online: {conference_url}".strip()
    row["description"] = description[:DESCRIPTION_MAX_CHARS]
    put(row, "worth_knowing", ";".join(dict.fromkeys(types.worth)))
    if "in_person" in formats:
        put(row, "facility", placed)
    for n in notes:
        result.report(slug, f"imported, but {n}", written=True)
    return row


def feed_zone(result: ImportResult, pending: list[Row]) -> None:
    """Meetings whose record and place give no zone get the zone most of the feed's other meetings share,
    said once; with no zone anywhere in the feed they are reported (use --timezone)."""
    if not pending:
        return
    waiting = {id(r) for r in pending}
    zones = Counter(r["timezone"] for r in result.rows if r["timezone"] and id(r) not in waiting)
    if not zones:
        result.rows = [r for r in result.rows if id(r) not in waiting]
        for r in pending:
            result.report(r["id"], "meets weekly but neither the feed nor the place gives a time zone (use --timezone)")
        return
    zone = zones.most_common(1)[0][0]
    for r in pending:
        r["timezone"] = zone
    online = all("in_person" not in r["formats"] for r in pending)
    what = (
        ("online meeting" if online else "meeting")
        if len(pending) == 1
        else ("online meetings" if online else "meetings")
    )
    result.notes.append(
        f"{len(pending):,} {what} given {zone}, the zone of this feed's other meetings "
        "(their records and places give none; --timezone chooses another)"
    )


def meetings_of(data: object, where: str) -> list[object]:
    """The meetings of a feed: a JSON array, or an object holding ``meetings``."""
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        data = data["meetings"]
    if not isinstance(data, list):
        raise ImporterError(f"{where}: not a Meeting Guide feed (expected a JSON array of meetings)")
    return data


def import_meeting_guide(source: str | os.PathLike[str], opts: ImportOptions | None = None) -> ImportResult:
    """Import a Meeting Guide feed from a file or an http(s) URL."""
    opts = opts or ImportOptions()
    today = opts.today or date.today()
    where = str(source)
    meetings = meetings_of(load_json(source, opts), where)
    result = ImportResult(detected="Meeting Guide feed", records=len(meetings))
    objects = [m for m in meetings if isinstance(m, dict)]
    if opts.program:
        if opts.program not in program_types():
            raise ImporterError(
                f"--program: unknown program '{opts.program}' (known: {', '.join(sorted(program_types()))})"
            )
        program = opts.program
        how = "chosen with --program"
    else:
        program, sure = detect_program(objects, where)
        how = (
            "recognized from the feed; choose another with --program"
            if sure
            else (
                "could not tell which program this feed is from its meeting names, links or type codes, so it is "
                "read as Alcoholics Anonymous (topic: alcohol and drug use); if it is another program, rerun with "
                "--program, e.g. --program eda"
            )
        )
    result.detected = f"Meeting Guide feed, {program_types()[program]['name']} type codes ({how})"
    unknown: Counter[str] = Counter()
    pending: list[Row] = []
    for i, m in enumerate(meetings):
        if not isinstance(m, dict):
            result.report(f"(item {i + 1})", f"expected a meeting object, found {type(m).__name__}")
            continue
        try:
            row = map_meeting(m, opts, program, result, unknown, today, pending)
        except RecordError as exc:
            try:
                slug = text(m.get("slug"), "slug") or f"(item {i + 1})"
            except RecordError:
                slug = f"(item {i + 1})"
            result.report(slug, str(exc))
            continue
        if row is not None:
            result.rows.append(row)
    feed_zone(result, pending)
    if unknown:
        result.notes.append(
            "type codes with nothing to map (ignored): "
            + ", ".join(f"{k} ×{v}" for k, v in sorted(unknown.items())[:40])
        )
    return finish(result, today)
