"""SAMHSA's national directories of treatment facilities (the data behind FindTreatment.gov) as listings.

Reads the .xlsx workbooks SAMHSA publishes every year — the National Directory of Mental Health Treatment
Facilities and the National Directory of Drug and Alcohol Use Treatment Facilities — sheet
``Facilities List`` (one row per facility, its services as codes) and sheet ``Service Code Reference``
(what every code means). Meanings are read from each workbook's own reference sheet; the maps below only
say which of SAMHSA's codes become which of *our* vocabulary codes.

Kept: facilities that offer a group (group therapy, group counseling, self-help groups, peer support,
dialectical behavior therapy) in a setting a person can reach (outpatient, day treatment). A facility whose
settings are all inpatient or residential, or whose type says it is an inpatient unit or a residential
center (its groups are for its patients), is left out. Every facility left out is reported with its
reason. The same facility in several files (same name, street and ZIP) becomes one listing. Places are
placed offline at their ZIP code's center and marked approximate.

What a facility is, the groups it runs, its special programs and its notes are written as codes in the
``facility`` column (``type:CMHC;offers:GT;special:TRMA;placed:zip;edition:2022``), never as English
sentences: the app words them in the person's language (``matcher.words``). A special program our
vocabulary (``vocabulary.FACILITY_PROGRAMS``) does not know yet is left out of the codes.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

from ..places import zip_place
from ..vocabulary import FACILITY_PROGRAMS, FACILITY_TYPES
from . import ImporterError, ImportOptions, ImportResult, Row, empty_row, finish
from .common import RecordError, language_codes, text

#: Where a person can look a facility up today, and what a listing says it comes from.
FINDTREATMENT_URL: Final = "https://findtreatment.gov"
SOURCE_NAME: Final = "SAMHSA's national directory"
FACILITIES_SHEET: Final = "Facilities List"
REFERENCE_SHEET: Final = "Service Code Reference"
REQUIRED_HEADERS: Final = ("name1", "street1", "city", "state", "zip", "phone", "service_code_info")

#: SAMHSA codes for a group a person takes part in, and who leads it there.
GROUP_CODES: Final[dict[str, str]] = {
    "GT": "professional",
    "GCO": "professional",
    "DBT": "professional",
    "SHG": "peer",
    "PEER": "peer",
}
#: Settings a person can walk into (read by category: any setting whose name says outpatient, day
#: treatment or partial hospitalization counts, so a new edition's new outpatient code is understood).
_REACHABLE_SETTING_RE: Final = re.compile(r"outpatient|day treatment|partial hospitali", re.I)
SETTING_CATEGORY: Final = "SET"
#: A facility type whose name says the place itself is an inpatient unit or a residential center ("Separate
#: inpatient psychiatric unit of a general hospital", "Residential treatment center (RTC) for children"), read
#: by category from the code book like the settings: its groups are for its patients and residents, whatever
#: outpatient setting the hospital or center around it also lists. A type that also names a reachable setting
#: ("Multi-setting … residential plus either outpatient …") is not one of them.
_INPATIENT_TYPE_RE: Final = re.compile(r"inpatient|residential", re.I)
INPATIENT_ONLY: Final = "inpatient or residential only: its groups are for its residents"
#: Special groups (category SG) → our communities.
COMMUNITY_CODES: Final[dict[str, str]] = {
    "TAY": "young_adults",
    "SE": "older_adults",
    "GL": "lgbtq",
    "VET": "veterans",
    "ADM": "veterans",
    "MF": "military_families",
    "DV": "abuse_survivors",
    "XA": "abuse_survivors",
    "WN": "women",
    "MN": "men",
    "PW": "women",
    "AD": "teens",
}
#: Special groups → our topics (mental-health facilities only; drug and alcohol ones are about that).
TOPIC_CODES: Final[dict[str, str]] = {
    "TRMA": "ptsd_trauma",
    "PTSD": "ptsd_trauma",
    "PED": "eating_disorders",
    "PEFP": "psychosis",
    "PW": "postpartum",
}
#: Payment accepted (PAY, PYAS) → our payment codes; NP means no payment is taken (free).
PAYMENT_CODES: Final[dict[str, str]] = {
    "MD": "medicaid",
    "MC": "medicare",
    "PI": "private_insurance",
    "MI": "tricare",
    "VAF": "va",
    "SF": "cash",
    "PA": "payment_assistance",
}
FREE_CODE: Final = "NP"
SLIDING_CODE: Final = "SS"
SIGN_LANGUAGE_CODE: Final = "AH"
SPANISH_CODE: Final = "SP"
OTHER_LANGUAGES_CATEGORY: Final = "OL"
#: Facilities only for some people: VA medical centers and VA-run ones (eligible veterans), the
#: Department of Defense's (service members and their families).
AUDIENCE_CODES: Final[dict[str, tuple[str, ...]]] = {
    "VAHC": ("veterans",),
    "VAMC": ("veterans",),
    "DDF": ("veterans", "military_families"),
}
#: Gender accepted (GN): a facility taking only one gender is only for it.
GENDER_ONLY: Final[dict[str, str]] = {"FEM": "women", "MALE": "men"}
#: Ages accepted (AGE).
CHILDREN_CODE: Final = "CHLD"
ADULT_CODES: Final = frozenset({"ADLT", "YAD", "SNR"})
#: Serves only people sent by a court for drunk driving: not a place anyone can join.
DUI_ONLY_CODE: Final = "DUO"
#: Facility types whose name is "what the place is" (MH: FT; SA: HOSP).
TYPE_CATEGORIES: Final = ("FT", "HOSP")
GAMBLING_CODE: Final = "TGD"


@dataclass(frozen=True)
class Reference:
    """One workbook's code book: code → (category code, name), from its own reference sheet."""

    codes: dict[str, tuple[str, str]]

    def name(self, code: str) -> str:
        return self.codes.get(code, ("", code))[1]

    def category(self, code: str) -> str:
        return self.codes.get(code, ("", ""))[0]

    @property
    def mental_health(self) -> bool:
        """The mental-health directory (its facility types are in category FT; the drug and alcohol one has none)."""
        return any(cat == "FT" for cat, _ in self.codes.values())


@dataclass
class Facility:
    """One facility as read from one or more rows, before it becomes a row of our directory."""

    key: str
    name1: str
    name2s: list[str]
    street: str
    city: str
    state: str
    zip: str
    phone: str
    intake: str
    topics: list[str] = field(default_factory=list)
    communities: list[str] = field(default_factory=list)
    audiences: list[tuple[str, ...]] = field(default_factory=list)
    facilitation: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  #: names of the groups offered, from the sheet
    special: list[str] = field(default_factory=list)  #: names of the special groups, from the sheet
    kinds: list[str] = field(default_factory=list)  #: what the place is, from the sheet
    codes: list[str] = field(default_factory=list)  #: the ``facility`` column's codes (offers:, special:)
    types: list[tuple[str, str]] = field(default_factory=list)  #: (type code, its name) we have words for
    languages: list[str] = field(default_factory=list)
    asl: bool = False
    payment: list[str] = field(default_factory=list)
    costs: list[str] = field(default_factory=list)
    min_ages: list[int | None] = field(default_factory=list)
    max_ages: list[int | None] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)


def _clean(value: object, column: str) -> str:
    return text(value, column)


def read_workbook(path: str | os.PathLike[str]) -> tuple[Sequence[Sequence[object]], Reference]:
    """The facility rows (header first) and the code book of one workbook; ImporterError if unusable."""
    from python_calamine import CalamineError, CalamineWorkbook

    p = Path(path)
    if p.is_dir():
        raise ImporterError(f"{p}: is a folder, not an .xlsx workbook")
    if not p.exists():
        raise ImporterError(f"{p}: file not found")
    try:
        wb = CalamineWorkbook.from_path(str(p))
        names = list(wb.sheet_names)
        missing = [s for s in (FACILITIES_SHEET, REFERENCE_SHEET) if s not in names]
        if missing:
            raise ImporterError(
                f"{p}: no sheet named {' or '.join(repr(m) for m in missing)} "
                f"(sheets: {', '.join(names[:8]) or 'none'}); is this a SAMHSA national directory?"
            )
        facilities = wb.get_sheet_by_name(FACILITIES_SHEET).to_python()
        reference = wb.get_sheet_by_name(REFERENCE_SHEET).to_python()
    except ImporterError:
        raise
    except (CalamineError, OSError, ValueError, TypeError) as exc:
        raise ImporterError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__}: {str(exc)[:120]})") from None
    except Exception as exc:  # calamine's zip and XML errors are not all CalamineError subclasses
        raise ImporterError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    return facilities, parse_reference(reference, str(p))


def parse_reference(rows: Sequence[Sequence[object]], where: str) -> Reference:
    """The code book from the reference sheet's rows (header: category_code, category_name, service_code,
    service_name …); ImporterError when the sheet has no such columns or no codes."""
    if not rows:
        raise ImporterError(f"{where}: the {REFERENCE_SHEET!r} sheet is empty")
    header = [_safe(c).lower() for c in rows[0]]
    try:
        cat, code, name = header.index("category_code"), header.index("service_code"), header.index("service_name")
    except ValueError:
        raise ImporterError(
            f"{where}: the {REFERENCE_SHEET!r} sheet needs columns category_code, service_code and service_name"
        ) from None
    codes: dict[str, tuple[str, str]] = {}
    for row in rows[1:]:
        cells = [_safe(c) for c in row]
        if len(cells) <= max(cat, code, name) or not cells[code]:
            continue
        codes.setdefault(cells[code], (cells[cat], cells[name]))
    if not codes:
        raise ImporterError(f"{where}: the {REFERENCE_SHEET!r} sheet lists no codes")
    return Reference(codes)


def _safe(value: object) -> str:
    try:
        return text(value)
    except RecordError:
        return ""


def edition_of(path: str | os.PathLike[str]) -> str:
    """The directory's year, from the file's name ("National_Directory_MH_Facilities_2022.xlsx" → "2022")."""
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", Path(path).name)
    return m[1] if m else ""


def facility_key(name: str, street: str, zip_code: str) -> str:
    """Two rows are the same facility when name, street and ZIP agree (case and spacing aside)."""
    return "|".join(" ".join(x.split()).casefold() for x in (name, street, zip_code[:5]))


def import_samhsa(
    sources: Iterable[str | os.PathLike[str]], opts: ImportOptions | None = None, today: date | None = None
) -> ImportResult:
    """Import one or more SAMHSA national-directory workbooks into one set of listings."""
    opts = opts or ImportOptions()
    today = today or opts.today or date.today()
    result = ImportResult()
    facilities: dict[str, Facility] = {}
    detected: list[str] = []
    for source in sources:
        rows, ref = read_workbook(source)
        kind = "mental health" if ref.mental_health else "drug and alcohol use"
        edition = edition_of(source)
        detected.append(
            f"SAMHSA national directory of {kind} treatment facilities"
            f"{f' ({edition} edition)' if edition else ''}, {len(ref.codes)} codes"
        )
        add_rows(rows, ref, edition, result, facilities, where=Path(source).name)
    result.detected = "; ".join(detected)
    result.rows = [to_row(f) for f in sorted(facilities.values(), key=lambda f: (f.state, f.city, f.key))]
    return finish(result, today)


def add_rows(
    rows: Sequence[Sequence[object]],
    ref: Reference,
    edition: str,
    result: ImportResult,
    facilities: dict[str, Facility],
    *,
    where: str = "workbook",
) -> None:
    """Read the facility rows of one workbook (header first) into ``facilities``; report every one left out."""
    if not rows:
        raise ImporterError(f"{where}: the {FACILITIES_SHEET!r} sheet is empty")
    header = [_safe(c).lower() for c in rows[0]]
    missing = [h for h in REQUIRED_HEADERS if h not in header]
    if missing:
        raise ImporterError(f"{where}: the {FACILITIES_SHEET!r} sheet has no column(s) {', '.join(missing)}")
    col = {h: i for i, h in enumerate(header) if h}
    for n, raw in enumerate(rows[1:], start=2):
        result.records += 1
        record_id = f"{where} row {n}"
        try:
            cells = {h: (_clean(raw[i], h) if i < len(raw) else "") for h, i in col.items()}
            record_id = (
                f"{where} row {n} ({cells['name1'][:60] or 'no name'}, {cells['city'][:30]} {cells['state'][:2]})"
            )
            why = add_facility(cells, ref, edition, facilities)
        except RecordError as exc:
            why = str(exc)
        if why:
            result.report(record_id, why)


#: A name1 that ends mid-phrase ("Harris Center for Mental Health and", "Office of Applied Psychological"): its
#: name goes on in name2. Its last word joins words, or describes a noun still to come.
_DANGLING_RE: Final = re.compile(
    r"(?i)(?:\b(?:and|of|for|the|in|on|at|to|with|applied|behavioral|behav|mental|psychiatric|psych|psychological"
    r"|therapeutic)|[&,/-])\s*$"
)
#: A name2 that only finishes name1 ("Southeastern Arizona Behavioral Health" + "Services Inc (SEABHS)"). A unit's
#: own name may start "Health and Wellness Center", "Center for …" or "Center City" (a town), so those stay a unit.
_CONTINUES_RE: Final = re.compile(
    r"(?i)^(?:services|servs|authority|healthcare|inc|llc|pllc)\b"
    r"|^(?:health|hlth)(?:\s+(?:center|ctr|services|solutions)\b|\s*(?:\(|$))"
    r"|^(?:center|ctr)\s*(?:\(|inc\b|$)"
)
#: A name1 that is already whole: a legal name ("… Inc"), or one that ends as name2 begins ("… Servs" + "Services").
_WHOLE_RE: Final = re.compile(r"(?i)\b(?:inc|llc|pllc|corp|services|servs|center|ctr|clinic)\.?\s*$")


def _finishes(name1: str, name2: str) -> bool:
    """Whether name2 only finishes name1 (read with a space), rather than naming a unit of it (with a dash)."""
    return bool(_CONTINUES_RE.search(name2)) and not _WHOLE_RE.search(name1)


def add_facility(cells: dict[str, str], ref: Reference, edition: str, facilities: dict[str, Facility]) -> str:
    """Add one facility row (merged into the same facility from another row or file); the reason it is
    left out, or ""."""
    name = first = cells["name1"]
    if not name:
        return "no facility name"
    if cells.get("name2") and _DANGLING_RE.search(name):  # the workbook split one name across the two cells
        name, cells = f"{name} {cells['name2']}", {**cells, "name2": ""}
    codes = [c for c in cells["service_code_info"].split() if c != "*"]
    code_set = set(codes)
    groups = [c for c in codes if c in GROUP_CODES]
    if not groups:
        offered = ", ".join(ref.name(c).lower() for c in GROUP_CODES if c in ref.codes)
        return f"offers no group ({offered})"
    settings = [c for c in codes if ref.category(c) == SETTING_CATEGORY]
    if settings and not any(_REACHABLE_SETTING_RE.search(ref.name(c)) for c in settings):
        return INPATIENT_ONLY
    types = [ref.name(c) for c in codes if ref.category(c) in TYPE_CATEGORIES]
    if types and all(_INPATIENT_TYPE_RE.search(t) and not _REACHABLE_SETTING_RE.search(t) for t in types):
        return f"{_lower_first(types[0].strip())}: {INPATIENT_ONLY}"
    if DUI_ONLY_CODE in code_set:
        return f"{_lower_first(ref.name(DUI_ONLY_CODE).strip()) or 'serves only DUI/DWI clients'}: not open to others"
    zip_code = cells["zip"][:5].zfill(5) if re.fullmatch(r"\d{3,5}(-\d{4})?", cells["zip"], re.ASCII) else ""
    if not zip_code:
        return f"ZIP code '{cells['zip'][:12]}' is not a US ZIP code, so it cannot be placed"
    if zip_place(zip_code) is None:
        return f"ZIP code {zip_code} is not one the offline gazetteer knows, so it cannot be placed"
    if cells["state"] and not re.fullmatch(r"[A-Za-z]{2}", cells["state"]):
        return f"state '{cells['state'][:12]}' is not a two-letter state code"
    street = " ".join(x for x in (cells["street1"], cells.get("street2", "")) if x)
    key = facility_key(first, cells["street1"], zip_code)  # rows of one facility merge, however name2 reads
    f = facilities.get(key)
    if f is None:
        f = facilities[key] = Facility(
            key=key,
            name1=name,
            name2s=[],
            street=street,
            city=cells["city"],
            state=cells["state"].upper(),
            zip=zip_code,
            phone=cells["phone"],
            intake=cells.get("intake1", "") or cells.get("intake2", ""),
        )
    if cells.get("name2") and cells["name2"] not in f.name2s:
        f.name2s.append(cells["name2"])
    f.phone = f.phone or cells["phone"]
    f.intake = f.intake or cells.get("intake1", "") or cells.get("intake2", "")
    _read_services(f, codes, code_set, ref, edition)
    return ""


def _read_services(f: Facility, codes: list[str], code_set: set[str], ref: Reference, edition: str) -> None:
    """What the codes of one row say about the facility, added to what other rows said."""
    add = _adder
    if ref.mental_health:
        if "MH" in code_set or not code_set & {"MH", "SA"}:
            add(f.topics, "general")
        if "SA" in code_set:
            add(f.topics, "substance_use")
        for c in codes:
            if c in TOPIC_CODES:
                add(f.topics, TOPIC_CODES[c])
    else:
        add(f.topics, "substance_use")
        if GAMBLING_CODE in code_set:
            add(f.topics, "gambling")
    for c in codes:
        if c in GROUP_CODES:
            add(f.facilitation, GROUP_CODES[c])
            add(f.groups, ref.name(c).strip().lower())
            add(f.codes, f"offers:{c}")
        if c in COMMUNITY_CODES:
            add(f.communities, COMMUNITY_CODES[c])
        if ref.category(c) == "SG":
            add(f.special, ref.name(c).strip())
            if c in FACILITY_PROGRAMS:  # a program our words do not know yet is not written
                add(f.codes, f"special:{c}")
        if ref.category(c) in TYPE_CATEGORIES:
            add(f.kinds, ref.name(c).strip())
            if c in FACILITY_TYPES and (c, ref.name(c).strip()) not in f.types:
                f.types.append((c, ref.name(c).strip()))
        if c in PAYMENT_CODES:
            add(f.payment, PAYMENT_CODES[c])
        if ref.category(c) == OTHER_LANGUAGES_CATEGORY:
            for lang in _language(ref.name(c)):
                add(f.languages, lang)
    if SPANISH_CODE in code_set:
        add(f.languages, "es")
    f.asl = f.asl or SIGN_LANGUAGE_CODE in code_set
    f.costs.append("free" if FREE_CODE in code_set else "sliding_scale" if SLIDING_CODE in code_set else "fee")
    only = [AUDIENCE_CODES[c] for c in codes if c in AUDIENCE_CODES]
    genders = [GENDER_ONLY[c] for c in codes if c in GENDER_ONLY]
    audience: tuple[str, ...] = tuple(dict.fromkeys(a for group in only for a in group))
    if not audience and len(genders) == 1:
        audience = (genders[0],)
    f.audiences.append(audience)
    ages = code_set & (ADULT_CODES | {CHILDREN_CODE})
    f.min_ages.append(18 if ages and CHILDREN_CODE not in ages else None)
    f.max_ages.append(17 if ages == {CHILDREN_CODE} else None)
    if edition:
        add(f.editions, edition)


def _adder(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)


def _language(name: str) -> list[str]:
    """ISO 639-1 codes for a language named in the code book ("Any Chinese Language" → zh); [] when it has none."""
    codes, _unknown = language_codes(name)
    if codes:
        return codes
    words = re.sub(r"(?i)\bany\b|\blanguages?\b", " ", name)
    codes, _unknown = language_codes(words.strip())
    return codes


def _lower_first(phrase: str) -> str:
    """ "Community mental health center" → "community mental health center"; acronyms stay ("VA …")."""
    if len(phrase) > 1 and phrase[1].isupper():
        return phrase
    words = phrase.split(" ", 1)
    if words[0] in {"Veterans", "Certified", "U.S."}:
        return phrase
    return phrase[:1].lower() + phrase[1:]


def to_row(f: Facility) -> Row:
    """The directory row of one facility."""
    row = empty_row()
    row["id"] = "samhsa-" + hashlib.sha256(f.key.encode("utf-8")).hexdigest()[:12]
    row["name"] = f.name1
    if len(f.name2s) == 1 and f.name2s[0].casefold() != f.name1.casefold():
        row["name"] = f"{f.name1}{' ' if _finishes(f.name1, f.name2s[0]) else ' — '}{f.name2s[0]}"
    row["organization"] = f.name1
    # what the place is: a type a person can walk into first (a VA center listed also as an inpatient unit)
    types = sorted(f.types, key=lambda t: bool(_INPATIENT_TYPE_RE.search(t[1])))
    kind = types[0][0] if types else ("mh_facility" if "general" in f.topics else "sa_facility")
    # what it is, what it runs and its notes as codes: the app words them in the person's language
    codes = [f"type:{kind}", *f.codes]
    if f.intake and f.phone and f.intake != f.phone:
        codes.append(f"main_phone:{f.phone.replace(';', ',')}")
    codes.append("placed:zip")
    edition = max(f.editions) if f.editions else ""
    if re.fullmatch(r"\d{4}", edition):
        codes.append(f"edition:{edition}")
    row["facility"] = ";".join(codes)
    row["description"] = ""
    row["focus"] = ";".join(f.topics)
    row["communities"] = ";".join(f.communities)
    audience = f.audiences[0] if f.audiences and all(a == f.audiences[0] for a in f.audiences) else ()
    row["audience"] = ";".join(audience)
    row["min_age"] = "" if any(a is None for a in f.min_ages) else str(min(a for a in f.min_ages if a is not None))
    row["max_age"] = "" if any(a is None for a in f.max_ages) else str(max(a for a in f.max_ages if a is not None))
    row["facilitation"] = ";".join(c for c in ("peer", "professional") if c in f.facilitation)
    row["formats"] = "in_person"
    row["cost"] = min(f.costs, key=["free", "sliding_scale", "fee"].index) if f.costs else ""
    row["payment"] = ";".join(f.payment)
    row["languages"] = ";".join(["en", *f.languages])
    row["accessibility"] = "asl" if f.asl else ""
    row["address"] = f.street
    row["city"] = f.city
    row["state"] = f.state
    row["postal_code"] = f.zip
    row["country"] = "US"
    place = zip_place(f.zip)
    if place is not None:
        row["latitude"], row["longitude"] = f"{place.latitude:.4f}", f"{place.longitude:.4f}"
    row["phone"] = f.intake or f.phone  # with its extension ("205-428-3495 x7931") as SAMHSA lists it
    row["worth_knowing"] = ""
    row["url"] = ""
    row["source_url"] = FINDTREATMENT_URL
    row["source"] = f"{SOURCE_NAME} ({edition} edition)" if edition else SOURCE_NAME
    row["sample"] = "false"
    return row


__all__ = [
    "FINDTREATMENT_URL",
    "Reference",
    "add_rows",
    "edition_of",
    "facility_key",
    "import_samhsa",
    "parse_reference",
    "read_workbook",
    "to_row",
]
