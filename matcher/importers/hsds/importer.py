"""Open Referral HSDS datasets to directory rows: 3.0 (CSV tables or API JSON), 1.1/2.0 CSV, the Ohana dialect.

Whatever the version, the dataset is first read into the same plain tables (``Tables``), each foreign key
indexed once (``Dataset``), and then every service at a location goes through small named steps (name,
place, formats, schedule, languages, access, cost, taxonomy) that return values plus notes. Services
that carry AIRS/211 taxonomy codes are taken only from the support-group branch (``PN-8100``) by default.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Final

from ...places import zip_place
from ...vocabulary import COMMUNITIES, FOCUS
from .. import ImporterError, ImportOptions, ImportResult, Row, empty_row, finish, is_url, load_json, put, read_file
from ..common import (
    DESCRIPTION_MAX_CHARS,
    RecordError,
    city_place,
    clock,
    coordinates,
    iso_date,
    language_codes,
    objects,
    parse_time,
    rrule_days,
    text,
    url,
    us_zip,
    weekday,
    who_from_words,
    zone_of_place,
)

Record = dict[str, object]
Tables = dict[str, list[Record]]

#: Our table names and the file/JSON names each HSDS version uses for them.
TABLE_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "organization": ("organizations", "organization"),
    "service": ("services", "service"),
    "location": ("locations", "location"),
    "address": ("addresses", "address", "physical_addresses", "physical_address"),
    "phone": ("phones", "phone"),
    "schedule": ("schedules", "schedule", "regular_schedules", "regular_schedule"),
    "service_at_location": ("service_at_location", "service_at_locations", "services_at_location"),
    "language": ("languages", "language"),
    "accessibility": ("accessibility", "accessibility_for_disabilities", "accessibilities"),
    "cost_option": ("cost_options", "cost_option"),
    "service_taxonomy": ("services_taxonomy", "service_taxonomy"),
    "taxonomy": ("taxonomy", "taxonomies_terms", "taxonomy_terms", "taxonomy_term"),
    "attribute": ("attributes", "attribute"),
}
_AIRS_RE: Final = re.compile(r"^[A-Z]{1,2}(?:-\d{4}(?:\.\d{4}(?:-\d{3,4})?)?)?$", re.ASCII)

#: AIRS support-group codes (PN-8100 children) → focus, communities, audience, max age. Every code that
#: prefixes a service's code applies (a child adds to its parent's).
AIRS_MAP: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]]] = {
    "PN-8100.0200": (("ptsd_trauma",), ("abuse_survivors",), (), ""),
    "PN-8100.0500": (("substance_use",), (), (), ""),
    "PN-8100.0500-230": (("substance_use",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.0500-235": (("substance_use",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.0500-250": (("gambling",), (), (), ""),
    "PN-8100.0500-800": (("general",), (), (), ""),
    "PN-8100.0500-900": (("eating_disorders",), (), (), ""),
    "PN-8100.1000": (("grief",), (), (), ""),
    "PN-8100.1000-080": (("grief",), ("teens",), (), "17"),
    "PN-8100.1000-180": (("grief", "ptsd_trauma"), (), (), ""),
    "PN-8100.1000-300": (("grief", "ptsd_trauma"), (), (), ""),
    "PN-8100.1000-800": (("suicide_loss", "grief"), (), (), ""),
    "PN-8100.1400": (("general",), ("family_caregivers",), (), ""),
    "PN-8100.3000": ((), (), (), ""),  # health/disability: the service's own words say which (illness by default)
    "PN-8100.1000-100": (("grief",), ("family_caregivers",), (), ""),
    "PN-8100.4500-200": (("general",), (), (), ""),
    "PN-8100.4500-230": (("general",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.4500-240": (("general",), ("lgbtq",), (), ""),
    "PN-8100.4500-850": (("general",), ("veterans",), (), ""),
    "PN-8100.4500-950": (("general",), ("teens", "young_adults"), (), ""),
    "PN-8100.5000": (("general",), (), (), ""),
    "PN-8100.6500": (("general",), ("family_caregivers",), (), ""),
}
#: Words in a service's name, description or taxonomy names → focus (first match of each code wins).
FOCUS_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "suicidal_thoughts": ("suicide attempt", "attempt survivor", "suicidal thoughts"),
    "self_harm": ("self-harm", "self harm", "self-injur"),
    "gambling": ("gambling", "gamblers"),
    "anxiety": ("anxiety", "panic"),
    "depression": ("depression", "depressive", "low mood"),
    "bipolar": ("bipolar",),
    "ptsd_trauma": ("ptsd", "trauma"),
    "grief": ("grief", "bereave", "loss of a loved"),
    "suicide_loss": ("suicide loss", "loss to suicide", "survivors of suicide", "suicide survivor"),
    "substance_use": (
        "alcohol",
        "substance",
        "drug use",
        "drug addiction",
        "narcotics",
        "recovery from drug",
        "recovery from alcohol",
    ),
    "eating_disorders": ("eating disorder", "anorexia", "bulimia", "overeaters"),
    "ocd": ("ocd", "obsessive"),
    "psychosis": ("psychosis", "schizophren"),
    "postpartum": ("postpartum", "perinatal", "postnatal"),
}
#: Words that make a support group about a body, not the mind: a physical illness, a disability, dementia.
HEALTH_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "dementia": re.compile(r"alzheimer|dementia|memory loss", re.I),
    "illness": re.compile(
        r"cancer|\bhiv\b|\baids\b|epilep|seizure|diabet|stroke|\bheart\b|cardiac|lupus|"
        r"multiple sclerosis|parkinson|kidney|dialysis|transplant|chronic (?:pain|illness)|"
        r"ostomy|sickle cell|arthritis|fibromyalgia|crohn|colitis|\bals\b|amyotrophic|"
        r"lung|breast|leukemia|auto ?-?immune|lymphoma|tumou?r|hepatitis|cystic fibrosis",
        re.I,
    ),
    "disability": re.compile(
        r"blind|visually impaired|low vision|brain injur|spinal cord|amput|autis|"
        r"down syndrome|cerebral palsy|disabilit|special needs|hard of hearing|\bdeaf\b|"
        r"paralys|wheelchair user",
        re.I,
    ),
}
#: Words a group uses of itself; without AIRS codes only services that say one of them are taken.
GROUP_WORDS: Final = re.compile(
    r"support group|\bgroups?\b|peer support|peer-led|\bpeers?\b|self-help|mutual (?:aid|help|support)|"
    r"anonymous|\bcircles?\b|\bmeetings?\b|fellowship|12[- ]step|twelve[- ]step|workshops?\b|\bclubs?\b",
    re.I,
)
COMMUNITY_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "lgbtq": ("lgbt", "gay", "lesbian", "bisexual", "queer"),
    "trans_nonbinary": ("transgender", "nonbinary", "non-binary"),
    "veterans": ("veteran",),
    "military_families": ("military families", "military family", "gold star"),
    "deaf_hoh": ("deaf", "hard of hearing"),
    "disabled": ("with disabilities", "disabled", "blind", "visually impaired", "brain injur"),
    "family_caregivers": (
        "friends and family",
        "family and friends",
        "families of",
        "families/friends",
        "caregiver",
        "parents of",
    ),
}
_COMMUNITY_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    code: re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + ")")
    for code, keys in COMMUNITY_KEYWORDS.items()
    if code in COMMUNITIES
}
#: Words that make a name a program's name; a name without any is only a site ("NORTH MIAMI").
_PROGRAM_WORDS: Final = re.compile(
    r"group|anonymous|program|class|club|circle|network|alliance|nami|foundation|therap|counsel|recovery|"
    r"bereave|grief|support|caregiver|parent|famil|survivor|peer|workshop|meeting|association|society|"
    r"coalition|project|institute|ministr|outreach|services?\b|center for|inc\b",
    re.I,
)
_GENERIC_NAMES: Final = frozenset(
    {"support groups", "support group", "patient services", "group counseling", "services", "program", "programs"}
)


def _focus_ok(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if c in FOCUS]


def _communities_ok(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if c in COMMUNITIES]


# --------------------------------------------------------------------------- reading tables


def _read_csv(path: Path, problems: list[tuple[str, str]]) -> list[Record]:
    """One CSV table as records; a row with the wrong number of fields is reported and left out."""
    raw = read_file(path)
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252", errors="replace")
        problems.append((path.name, "not UTF-8; read as Windows-1252 (check accented letters)"))
    content = content.replace("\x00", "")
    old_limit = csv.field_size_limit()
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        reader = csv.reader(io.StringIO(content, newline=""))
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader, [])]
        if len(set(header)) != len(header):
            dupes = sorted({h for h in header if header.count(h) > 1})
            raise ImporterError(f"{path}: the header names a column more than once ({', '.join(dupes)})")
        out: list[Record] = []
        for fields in reader:
            if not fields or not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                problems.append(
                    (
                        f"{path.name}:{reader.line_num}",
                        f"this row has {len(fields)} fields but the header has {len(header)}; left out",
                    )
                )
                continue
            out.append(dict(zip(header, fields, strict=True)))
    except csv.Error as exc:
        raise ImporterError(f"{path}: not a readable CSV table ({exc})") from None
    finally:
        csv.field_size_limit(old_limit)
    return out


def _datapackage_version(folder: Path) -> str:
    try:
        data = json.loads(read_file(folder / "datapackage.json", 1 << 20).decode("utf-8-sig"))
    except (ImporterError, ValueError, RecursionError):
        return ""
    version = data.get("version") if isinstance(data, dict) else None
    return str(version)[:20] if isinstance(version, (str, int, float)) else ""


def _package_tables(folder: Path) -> dict[str, Path]:
    """The CSV tables a published datapackage names (``resources[].path``, often under ``data/``), plus any
    CSV beside it or in its ``data/`` folder: a 211's datapackage folder is read as documented."""
    found = {p.stem.lower(): p for p in sorted((folder / "data").glob("*.csv"))} if (folder / "data").is_dir() else {}
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return found
    resources = package.get("resources") if isinstance(package, dict) else None
    for res in resources if isinstance(resources, list) else []:
        path = res.get("path") if isinstance(res, dict) else None
        if isinstance(path, str) and path.lower().endswith(".csv") and not is_url(path) and ".." not in path:
            candidate = folder / path
            if candidate.is_file():
                found[candidate.stem.lower()] = candidate
    return found


def read_folder(folder: Path, problems: list[tuple[str, str]]) -> tuple[Tables, str]:
    """A folder of CSV tables, whatever the version; returns (tables, what version it is)."""
    present = {**_package_tables(folder), **{p.stem.lower(): p for p in folder.glob("*.csv")}}
    tables: Tables = {}
    for key, names in TABLE_NAMES.items():
        for name in names:
            if name in present:
                tables[key] = _read_csv(present[name], problems)
                if name.startswith("physical_"):
                    for a in tables[key]:
                        a.setdefault("address_type", "physical")
                break
    if "services" not in present:
        raise ImporterError(f"{folder}: no services table (services.csv) found")
    service_columns = set(tables["service"][0]) if tables.get("service") else set()
    if "addresses" in present and "location_id" in service_columns and "service_at_location" not in tables:
        version = "Ohana API (HSDS 1.0 dialect) CSV tables"
        for key in ("mail_addresses",):
            present.pop(key, None)
    elif {"services_at_location", "physical_addresses", "regular_schedules", "services_taxonomy"} & set(present):
        declared = _datapackage_version(folder)
        version = "HSDS 1.1/2.0 CSV tables" + (f" (datapackage.json says {declared})" if declared else "")
    else:
        version = "HSDS 3.0 CSV tables"
    return tables, version


def _scalars(obj: Mapping[str, object]) -> Record:
    return {k: v for k, v in obj.items() if not isinstance(v, (list, dict))}


class _Flattener:
    """HSDS 3.0 API JSON (nested objects) → the same plain tables the CSV form gives."""

    def __init__(self) -> None:
        self.t: Tables = {k: [] for k in TABLE_NAMES}
        self.reports: list[tuple[str, str]] = []

    def service(self, s: Mapping[str, object], *, org: Mapping[str, object] | None = None) -> None:
        before = {k: len(v) for k, v in self.t.items()}
        sid = ""
        try:
            sid = text(s.get("id"), "id")
            self._service(s, sid, org)
        except RecordError as exc:  # undo what this service added, then report it
            for k, n in before.items():
                del self.t[k][n:]
            self.reports.append((sid or "(service without id)", str(exc)))

    def _service(self, s: Mapping[str, object], sid: str, org: Mapping[str, object] | None) -> None:
        nested_org = s.get("organization")
        if isinstance(nested_org, dict):
            org = nested_org
        row = _scalars(s)
        if org is not None:
            self.t["organization"].append(_scalars(org))
            row["organization_id"] = row.get("organization_id") or org.get("id")
        self.t["service"].append(row)
        for key in ("phone", "schedule", "language", "cost_option"):
            for item in objects(s.get(f"{key}s"), f"{key}s"):
                self.t[key].append({**_scalars(item), "service_id": item.get("service_id") or sid})
        for attr in objects(s.get("attributes"), "attributes"):
            term = attr.get("taxonomy_term")
            term = term if isinstance(term, dict) else {}
            self.t["service_taxonomy"].append(
                {
                    "service_id": sid,
                    "taxonomy_id": term.get("code") or term.get("id") or attr.get("taxonomy_term_id"),
                    "name": term.get("name"),
                }
            )
        for term in objects(s.get("taxonomy_terms"), "taxonomy_terms"):
            self.t["service_taxonomy"].append(
                {"service_id": sid, "taxonomy_id": term.get("code") or term.get("id"), "name": term.get("name")}
            )
        for sal in objects(s.get("service_at_locations"), "service_at_locations"):
            self.service_at_location(sal, sid)

    def service_at_location(self, sal: Mapping[str, object], sid: str) -> None:
        """One location of a service; a field of the wrong shape inside it loses this location only."""
        before = {k: len(v) for k, v in self.t.items()}
        try:
            self._service_at_location(sal, sid)
        except RecordError as exc:  # undo what this location added; the service's other locations stay
            for k, n in before.items():
                del self.t[k][n:]
            try:
                sal_id = text(sal.get("id"), "id")
            except RecordError:
                sal_id = ""
            self.reports.append((sal_id or f"{sid} (a location without id)", f"left out: {exc}"))

    def _service_at_location(self, sal: Mapping[str, object], sid: str) -> None:
        loc = sal.get("location")
        loc = loc if isinstance(loc, dict) else {}
        lid = loc.get("id") or sal.get("location_id")
        sal_id = sal.get("id") or f"{sid}-{lid}"
        self.t["service_at_location"].append(
            {"id": sal_id, "service_id": sid, "location_id": lid, "description": sal.get("description", "")}
        )
        if loc:
            self.t["location"].append(_scalars(loc))
            for key, plural in (
                ("address", "addresses"),
                ("phone", "phones"),
                ("language", "languages"),
                ("accessibility", "accessibility"),
                ("schedule", "schedules"),
            ):
                for item in objects(loc.get(plural), f"location.{plural}"):
                    self.t[key].append({**_scalars(item), "location_id": item.get("location_id") or lid})
        for key, plural in (("schedule", "schedules"), ("phone", "phones")):
            for item in objects(sal.get(plural), f"service_at_location.{plural}"):
                self.t[key].append({**_scalars(item), "service_at_location_id": sal_id})


def read_json(data: object, where: str) -> tuple[Tables, str, list[tuple[str, str]]]:
    """Any HSDS 3.0 JSON shape → tables, what shape it was, and the records that could not be read."""
    f = _Flattener()
    if isinstance(data, dict) and isinstance(data.get("tables"), dict):  # {"tables": {"services": [...], ...}}
        data = data["tables"]
    elif isinstance(data, dict) and isinstance(data.get("resources"), list):  # a datapackage with inline data
        data = {
            str(r["name"]): r["data"]
            for r in data["resources"]
            if isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("data"), list)
        }
    tabular = isinstance(data, dict) and any(
        isinstance(data.get(n), list)
        for n in ("organizations", "locations", "service_at_location", "services_at_location")
    )
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        services = data["contents"]
        shape = f"HSDS 3.0 JSON, a page of {len(services)} service(s)"
        if data.get("total_items") and str(data.get("total_items")) != str(len(services)):
            shape += f" of {text(data.get('total_items'))} (import each page, or ask the API for all)"
    elif isinstance(data, list):
        services, shape = data, f"HSDS 3.0 JSON, a list of {len(data)} service(s)"
    elif isinstance(data, dict) and isinstance(data.get("service"), dict):
        service = dict(data["service"])
        service.setdefault("service_at_locations", [{k: v for k, v in data.items() if k != "service"}])
        services, shape = [service], "HSDS 3.0 JSON, one service at a location"
    elif (
        isinstance(data, dict)
        and any(isinstance(data.get(n), list) for names in TABLE_NAMES.values() for n in names)
        and (tabular or not isinstance(data.get("name"), str))
    ):
        tables: Tables = {}
        for key, names in TABLE_NAMES.items():
            found: list[object] = next((data[n] for n in names if isinstance(data.get(n), list)), [])
            tables[key] = [r for r in found if isinstance(r, dict)]
            skipped = len(found) - len(tables[key])
            if skipped:
                f.reports.append((f"({key})", f"{skipped} item(s) of the {key} table are not objects; left out"))
        if tables["service"] and any(isinstance(v, list) for s in tables["service"][:50] for v in s.values()):
            return read_json(tables["service"], where)
        return tables, "HSDS 3.0 JSON, tabular form", f.reports
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        for s in data["services"]:
            if isinstance(s, dict):
                f.service(s, org=data)
            else:
                f.reports.append(("(service)", f"expected a service object, found {type(s).__name__}"))
        return f.t, "HSDS 3.0 JSON, an organization with its services", f.reports
    elif isinstance(data, dict) and ("name" in data or "id" in data):
        services, shape = [data], "HSDS 3.0 JSON, one service"
    else:
        raise ImporterError(f"{where}: JSON is not HSDS (no services, tables or page of contents)")
    for s in services:
        if isinstance(s, dict):
            f.service(s)
        else:
            f.reports.append(("(service)", f"expected a service object, found {type(s).__name__}"))
    return f.t, shape, f.reports


# --------------------------------------------------------------------------- the dataset, indexed once


def _index(table: list[Record], key: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in table:
        try:
            k = text(r.get(key), key)
        except RecordError:
            continue
        if k:
            out.setdefault(k, []).append(r)
    return out


@dataclass
class Dataset:
    """Every table with its foreign keys indexed once (so a 40,000-service import stays linear)."""

    tables: Tables
    orgs: dict[str, Record] = field(init=False)
    locations: dict[str, Record] = field(init=False)
    by: dict[tuple[str, str], dict[str, list[Record]]] = field(init=False)
    taxonomy: dict[str, list[tuple[str, str]]] = field(init=False)
    #: services with a taxonomy link that cannot be read (a code given as a list): id → the reason
    bad_terms: dict[str, str] = field(init=False)

    def _term(self, value: object, field_name: str, sid: object) -> str:
        """A taxonomy id or code as text; "" (and the service's report) for a list or an object."""
        try:
            return text(value, field_name)
        except RecordError as exc:
            with contextlib.suppress(RecordError):
                self.bad_terms.setdefault(text(sid), f"taxonomy: {exc}; that term is left out")
            return ""

    def __post_init__(self) -> None:
        self.bad_terms = {}
        t = self.tables
        self.orgs = {k: v[0] for k, v in _index(t.get("organization", []), "id").items()}
        self.locations = {k: v[0] for k, v in _index(t.get("location", []), "id").items()}
        self.by = {}
        for table, keys in (
            ("address", ("location_id",)),
            ("service_at_location", ("service_id",)),
            ("phone", ("service_at_location_id", "service_id", "location_id", "organization_id")),
            ("schedule", ("service_at_location_id", "service_id", "location_id")),
            ("language", ("service_id", "location_id")),
            ("accessibility", ("location_id",)),
            ("cost_option", ("service_id",)),
        ):
            for key in keys:
                self.by[(table, key)] = _index(t.get(table, []), key)
        terms = [r for r in t.get("taxonomy", []) if isinstance(r, dict)]
        names = {self._term(r.get("id"), "id", ""): self._term(r.get("name"), "name", "") for r in terms}
        codes = {
            self._term(r.get("id"), "id", ""): self._term(r.get("code"), "code", "") for r in terms if r.get("code")
        }
        self.taxonomy = {}
        for link in t.get("service_taxonomy", []):
            sid = link.get("service_id")
            tid = self._term(link.get("taxonomy_id"), "taxonomy_id", sid)
            if tid:
                self.taxonomy.setdefault(self._term(sid, "service_id", ""), []).append(
                    (codes.get(tid, tid), self._term(link.get("name"), "name", sid) or names.get(tid, ""))
                )
        for a in t.get("attribute", []):
            tid = self._term(a.get("taxonomy_term_id"), "taxonomy_term_id", a.get("link_id"))
            if tid and self._term(a.get("link_entity"), "link_entity", a.get("link_id")).lower() in {"service", ""}:
                self.taxonomy.setdefault(self._term(a.get("link_id"), "link_id", ""), []).append(
                    (codes.get(tid, tid), names.get(tid, ""))
                )
        for s in t.get("service", []):  # 1.1 sample: taxonomy_ids inside the services table
            for tid in self._term(s.get("taxonomy_ids"), "taxonomy_ids", s.get("id")).split(","):
                if tid.strip():
                    self.taxonomy.setdefault(self._term(s.get("id"), "id", ""), []).append(
                        (codes.get(tid.strip(), tid.strip()), names.get(tid.strip(), ""))
                    )

    def rows(self, table: str, key: str, value: str) -> list[Record]:
        return self.by[(table, key)].get(value, []) if value else []


# --------------------------------------------------------------------------- one service at a location


@dataclass
class Mapped:
    """What a step found for a listing, and the notes to report with it."""

    notes: list[str] = field(default_factory=list)
    #: rows waiting for the dataset's shared zone (None: report a missing zone at once)
    pending: list[Row] | None = None


_GROUP_HINT: Final = "support group, peer support, self-help, anonymous, circle, meeting"


def says_group(service: Record) -> bool:
    """Whether a service describes itself as a group in its own name or description."""
    own = f"{text(service.get('name'))} {text(service.get('alternate_name'))} {text(service.get('description'))}"
    return bool(GROUP_WORDS.search(own))


def taxonomy_selected(codes: list[tuple[str, str]], prefixes: tuple[str, ...]) -> bool:
    return any(c == p or c.startswith((p + ".", p + "-")) for c, _ in codes for p in prefixes)


def classify(
    service: Record, codes: list[tuple[str, str]], opts: ImportOptions, org_name: str = ""
) -> tuple[list[str], list[str], list[str], str, str]:
    """(focus, communities, audience, min age, max age) from AIRS codes, words, and eligibility ages."""
    focus: list[str] = []
    communities: list[str] = []
    audience: list[str] = []
    max_age = ""
    for code, _ in codes:
        for prefix in _ancestors(code):
            if prefix in AIRS_MAP:
                f, c, a, top = AIRS_MAP[prefix]
                focus += _focus_ok(f)
                communities += _communities_ok(c)
                audience += _communities_ok(a)
                max_age = top or max_age
    words = " ".join(
        [
            text(service.get("name")),
            text(service.get("description")),
            text(service.get("eligibility_description")),
            *(name for _, name in codes),
        ]
    ).lower()
    for code, keys in FOCUS_KEYWORDS.items():
        if code in FOCUS and any(k in words for k in keys):
            if code == "suicide_loss" and "suicidal_thoughts" in focus:
                continue
            focus.append(code)
    # a support group about a body, not the mind: from its name, or its description in the health/disability
    # and caregiver branches (and where there are no codes); never from the taxonomy's own names
    own_name = f"{org_name} {text(service.get('name'))}"
    broad = (
        not codes
        or taxonomy_selected(codes, ("PN-8100.3000", "PN-8100.1400"))
        or any(code == "PN-8100" for code, _ in codes)
    )
    own = f"{own_name} {text(service.get('description'))}" if broad else own_name
    health = [c for c, pattern in HEALTH_PATTERNS.items() if c in FOCUS and pattern.search(own)]
    focus += health
    if taxonomy_selected(codes, ("PN-8100.3000",)) and not health:  # health/disability, naming neither
        focus.append("general" if re.search(r"mental", own, re.I) else "illness")
    titles = " ".join([text(service.get("name")), *(name for _, name in codes)]).lower()  # descriptions are noisy
    for code, pattern in _COMMUNITY_PATTERNS.items():
        if pattern.search(titles):
            communities.append(code)
    if len(set(focus)) > 1 and "general" in focus:
        focus = [f for f in focus if f != "general"]
    focus = list(dict.fromkeys([*opts.focus, *focus])) or ["general"]
    min_age = _age(service.get("minimum_age"))
    max_age = _age(service.get("maximum_age")) or max_age
    return focus, list(dict.fromkeys(communities)), list(dict.fromkeys(audience)), min_age, max_age


@lru_cache(maxsize=4096)
def _ancestors(code: str) -> tuple[str, ...]:
    """An AIRS code and every code above it: PN-8100.1000-080 → itself, PN-8100.1000, PN-8100, PN."""
    out = [code]
    while True:
        cut = max(code.rfind("."), code.rfind("-"))
        if cut <= 0:
            return tuple(out)
        code = code[:cut]
        out.append(code)


def _age(value: object) -> str:
    try:
        n = float(text(value))
    except (ValueError, RecordError):
        return ""
    return str(int(n)) if math.isfinite(n) and 0 < n < 120 else ""


def listing_name(service: Record, org: Record, loc: Record, many: bool) -> str:
    """The service's name; "Organization — Site" when the name is only a site ("NORTH MIAMI")."""
    name = text(service.get("name"), "name")
    org_name = text(org.get("name"), "organization name")
    loc_name = text(loc.get("name"), "location name")
    site_only = name and (not _PROGRAM_WORDS.search(name) or name.lower() in _GENERIC_NAMES)
    if site_only and org_name and org_name.lower() != name.lower():
        return f"{org_name} — {name}"
    if not name:
        return org_name
    if many and loc_name and loc_name.lower() != name.lower():
        return f"{name} — {loc_name}"
    return name


def place(row: Row, ds: Dataset, loc: Record, lid: str, m: Mapped) -> tuple[float, float] | None:
    """Address and coordinates of a location; a location without coordinates is placed by ZIP or city."""
    physical = [
        a for a in ds.rows("address", "location_id", lid) if text(a.get("address_type")).lower() in {"physical", ""}
    ]
    if physical:
        a = physical[0]
        row["address"] = " ".join(
            x for x in (text(a.get("address_1"), "address_1"), text(a.get("address_2"), "address_2")) if x
        )
        row["city"] = text(a.get("city"), "city")
        row["state"] = text(a.get("state_province") or a.get("state"), "state_province").upper()
        row["postal_code"] = us_zip(a.get("postal_code"))
        row["country"] = text(a.get("country"), "country").upper()
        if row["country"] in {"USA", "UNITED STATES"} or (not row["country"] and len(row["state"]) == 2):
            row["country"] = "US"
    point = coordinates(loc.get("latitude"), loc.get("longitude"))
    if point is not None:
        return point
    zp = zip_place(row["postal_code"]) if row["postal_code"] and row["country"] in {"US", ""} else None
    cp = None if zp is not None else city_place(row["city"], row["state"])
    found = zp or cp
    lat, lon = text(loc.get("latitude")) or "–", text(loc.get("longitude")) or "–"
    if found is None:
        m.notes.append(
            f"location {lid}: coordinates ({lat}, {lon}) are unusable and no physical US address "
            "places it, so it is not listed as in person"
        )
        return None
    where = f"its ZIP code {row['postal_code'][:5]}" if zp is not None else found.label
    m.notes.append(
        f"location {lid}: coordinates ({lat}, {lon}) unusable; placed at the center of {where} (approximate)"
    )
    put(row, "worth_knowing", "Location approximate: check the address")
    return found.latitude, found.longitude


def schedule(
    row: Row, scheds: list[Record], point: tuple[float, float] | None, opts: ImportOptions, today: date, m: Mapped
) -> None:
    """One weekly time from RRULE schedules (3.0) or weekday rows (1.1); what cannot be listed is noted."""
    slots: dict[tuple[int, int], set[str]] = {}
    offset_zone = ""
    for s in scheds:
        sid = text(s.get("id")) or "(no id)"
        try:
            if text(s.get("weekday")):
                days = [weekday(s.get("weekday"))]
            else:
                freq = text(s.get("freq"), "freq").upper()
                interval = text(s.get("interval"), "interval") or "1"
                until = iso_date(s.get("until"), date.max, "until")
                if freq != "WEEKLY":
                    m.notes.append(
                        f"schedule {sid}: repeats {freq.lower() or 'with no frequency'}, not weekly; "
                        "listed without a time"
                    )
                    continue
                if interval not in {"1", "1.0"}:
                    m.notes.append(f"schedule {sid}: every {interval} weeks; listed without a time")
                    continue
                if until and until < today.isoformat():
                    m.notes.append(f"schedule {sid}: ended on {until}; listed without a time")
                    continue
                days = rrule_days(s.get("byday"))
                if not days:
                    m.notes.append(f"schedule {sid}: weekly but no days; listed without a time")
                    continue
            start = parse_time(s.get("opens_at"), "opens_at")
            end_text = text(s.get("closes_at"), "closes_at")
            end = parse_time(end_text, "closes_at") if end_text else -1
        except RecordError as exc:
            m.notes.append(f"schedule {sid}: {exc}; listed without a time")
            continue
        slots.setdefault((start, end if end > start else -1), set()).update(days)
        offset_zone = offset_zone or _offset_zone(text(s.get("timezone"), "timezone"))
    if not slots:
        return
    (start, end), chosen = max(slots.items(), key=lambda kv: (len(kv[1]), -kv[0][0]))
    if len(slots) > 1:
        others = "; ".join(f"{'/'.join(sorted(d))} {clock(k[0])}" for k, d in slots.items() if k != (start, end))
        m.notes.append(f"different times on different days; listed {clock(start)} only (also: {others})")
    zone = zone_of_place(row["postal_code"] if row["country"] in {"US", ""} else "", point)
    if not zone and offset_zone:
        zone = offset_zone
        m.notes.append(f"schedule time zone is a UTC offset; kept as {zone}")
    zone = zone or opts.timezone
    if not zone and m.pending is None:
        m.notes.append("schedule has no time zone and the place gives none (use --timezone); listed without a time")
        return
    if not zone and m.pending is not None:  # given the zone of the dataset's other services once all are read
        m.pending.append(row)
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    row["days"] = ";".join(d for d in order if d in chosen)
    row["start_time"] = clock(start)
    row["end_time"] = clock(end) if end > start else ""
    row["timezone"] = zone


def _offset_zone(offset: str) -> str:
    """An HSDS UTC offset ("-5") as an Etc/GMT zone; "" for anything else (nan, fractions, out of range)."""
    try:
        hours = float(offset)
    except ValueError:
        return ""
    if not math.isfinite(hours) or hours != int(hours) or not -12 <= hours <= 14:
        return ""
    h = int(hours)
    return "Etc/GMT" if h == 0 else f"Etc/GMT{-h:+d}"


def languages(ds: Dataset, service: Record, sid: str, lid: str, m: Mapped) -> str:
    found: list[str] = []
    cells = [
        r.get("code") or r.get("language") or r.get("name")
        for r in ds.rows("language", "service_id", sid) + ds.rows("language", "location_id", lid)
        if not text(r.get("service_id")) or text(r.get("service_id")) == sid
    ]
    cells.append(service.get("languages"))  # Ohana: a list inside a cell
    for cell in cells:
        codes, unknown = language_codes(cell)
        found += codes
        m.notes += [f"language '{u}' is not one we know; left out" for u in unknown]
    return ";".join(dict.fromkeys(found))


def access(ds: Dataset, loc: Record, lid: str, in_person: bool) -> str:
    words = (
        " ".join(
            text(a.get("description")) + " " + text(a.get("details")) + " " + text(a.get("accessibility"))
            for a in ds.rows("accessibility", "location_id", lid)
        )
        + " "
        + text(loc.get("accessibility"))
    )
    out = []
    if re.search(r"wheelchair|ramp\b|accessible entrance", words, re.I) and in_person:
        out.append("wheelchair")
    if re.search(r"sign language|\basl\b", words, re.I):
        out.append("asl")
    return ";".join(out)


def cost(ds: Dataset, service: Record, sid: str) -> str:
    costs = ds.rows("cost_option", "service_id", sid)
    cost_text = " ".join(text(c.get("option")) + " " + text(c.get("amount_description")) for c in costs)
    fees = f"{text(service.get('fees_description'))} {text(service.get('fees'))}".strip()
    amounts = []
    for c in costs:
        with contextlib.suppress(ValueError):
            amounts.append(float(text(c.get("amount")) or "nan"))
    if re.search(r"\bfree\b|no charge|no cost|no fee", f"{cost_text} {fees}", re.I) or (amounts and max(amounts) == 0):
        return "free"
    if re.search(r"sliding", f"{cost_text} {fees}", re.I):
        return "sliding_scale"
    if costs or re.search(r"pay|charge|fee|\$|£|€", fees, re.I):
        return "fee"
    return ""


def phone(ds: Dataset, rid: str, sid: str, lid: str, oid: str) -> str:
    for table_key, value in (
        ("service_at_location_id", rid),
        ("service_id", sid),
        ("location_id", lid),
        ("organization_id", oid),
    ):
        for p in ds.rows("phone", table_key, value):
            number = text(p.get("number")).strip("\"' ")
            if number:
                return number
    return ""


def map_listing(
    ds: Dataset,
    service: Record,
    sal: Record,
    many: bool,
    opts: ImportOptions,
    today: date,
    result: ImportResult,
    pending: list[Row] | None = None,
) -> Row | None:
    """One service at one location → a row (or None after reporting why not)."""
    sid = text(service.get("id"), "id")
    rid = text(sal.get("id"), "id") or sid
    lid = text(sal.get("location_id"), "location_id")
    loc = ds.locations.get(lid, {})
    org_id = text(service.get("organization_id"), "organization_id")
    org = ds.orgs.get(org_id, {})
    m = Mapped(pending=pending)
    row = empty_row()
    row["id"] = rid
    row["name"] = listing_name(service, org, loc, many)
    row["organization"] = text(org.get("name"), "organization name")
    row["description"] = (
        text(service.get("description"), "description") or text(sal.get("description"), "description")
    )[:DESCRIPTION_MAX_CHARS]
    codes = ds.taxonomy.get(sid, [])
    focus, communities, audience, min_age, max_age = classify(service, codes, opts, row["organization"])
    who = who_from_words(text(service.get("name"), "name"), row["description"])  # "LGBTQ seniors", "men only"
    communities = list(dict.fromkeys([*communities, *who.communities]))
    audience = list(dict.fromkeys([*audience, *who.audience]))
    if "men" in audience and "women" in audience:
        audience = [a for a in audience if a not in {"men", "women"}]
    row["focus"], row["communities"] = ";".join(focus), ";".join(communities)
    put(row, "audience", ";".join(audience))
    put(row, "min_age", min_age)
    put(row, "max_age", max_age or who.max_age)
    low = f"{row['name']} {row['description']}".lower()
    if re.search(r"peer|lived experience|mutual|anonymous|12[- ]step", low):
        row["facilitation"] = "peer"
    elif re.search(r"therapist|counsel|clinician|professional|psycholog|social worker|licensed", low):
        row["facilitation"] = "professional"
    formats: list[str] = []
    loc_type = text(loc.get("location_type"), "location_type").lower()
    point = None
    if loc and loc_type != "virtual":
        point = place(row, ds, loc, lid, m)
        if point is not None:
            formats.append("in_person")
    if loc_type == "virtual":
        formats.append("online")
    scheds = (
        ds.rows("schedule", "service_at_location_id", text(sal.get("id")))
        or [s for s in ds.rows("schedule", "service_id", sid) if text(s.get("location_id")) in {lid, ""}]
        or ds.rows("schedule", "location_id", lid)
    )
    attending = (
        " ".join(text(s.get("attending_type")) for s in scheds).lower()
        + " "
        + text(service.get("interpretation_services")).lower()
    )
    if re.search(r"online|remote|video|virtual", attending) and "online" not in formats:
        formats.append("online")
    if re.search(r"phone|telephone", attending):
        formats.append("phone")
    if not formats:
        result.report(rid, "; ".join(m.notes) or "no usable location and no online or phone access")
        return None
    if "in_person" not in formats:
        row["address"] = row["latitude"] = row["longitude"] = ""
    else:
        assert point is not None
        row["latitude"], row["longitude"] = f"{point[0]:.6f}", f"{point[1]:.6f}"
    row["formats"] = ";".join(dict.fromkeys(formats))
    row["phone"] = phone(ds, text(sal.get("id")), sid, lid, org_id)
    row["languages"] = languages(ds, service, sid, lid, m)
    row["accessibility"] = access(ds, loc, lid, "in_person" in formats)
    row["cost"] = cost(ds, service, sid)
    schedule(row, scheds, point, opts, today, m)
    row["url"] = url(service.get("url")) or url(org.get("website")) or url(org.get("url"))
    row["source_url"] = row["url"]
    row["last_verified"] = iso_date(service.get("assured_date") or service.get("last_modified"), today)
    row["sample"] = "false"
    for n in m.notes:
        result.report(rid, f"imported, but {n}", written=True)
    return row


# --------------------------------------------------------------------------- the whole import


def read_source(source: str | os.PathLike[str], opts: ImportOptions) -> tuple[Tables, str, list[tuple[str, str]]]:
    """Tables from a folder of CSV tables, a JSON file or a JSON URL, and which version/shape they are."""
    if not is_url(source) and Path(source).is_dir():
        problems: list[tuple[str, str]] = []
        tables, version = read_folder(Path(source), problems)
        return tables, version, problems
    if not is_url(source) and Path(source).suffix.lower() == ".csv":
        raise ImporterError(f"{source}: give the folder that holds the HSDS tables, not one CSV file")
    return read_json(load_json(source, opts), str(source))


def dataset_zone(result: ImportResult, pending: list[Row]) -> None:
    """Schedules whose record and place give no zone get the zone most of the dataset's other scheduled
    services share, said once; with none anywhere they are listed without a time and reported."""
    if not pending:
        return
    waiting = {id(r) for r in pending}
    zones = Counter(r["timezone"] for r in result.rows if r["timezone"] and id(r) not in waiting)
    if zones:
        zone = zones.most_common(1)[0][0]
        for r in pending:
            r["timezone"] = zone
        result.notes.append(
            f"{len(pending):,} service(s) given {zone}, the zone of this dataset's other services "
            "(their schedules and places give none; --timezone chooses another)"
        )
        return
    for r in pending:
        r["days"] = r["start_time"] = r["end_time"] = ""
        result.report(
            r["id"],
            "imported, but schedule has no time zone and the place gives none (use --timezone); listed without a time",
            written=True,
        )


def import_hsds(
    source: str | os.PathLike[str], opts: ImportOptions | None = None, today: date | None = None
) -> ImportResult:
    """Import an HSDS dataset; services outside the support-group taxonomy are counted, not listed."""
    opts = opts or ImportOptions()
    today = today or opts.today or date.today()
    tables, version, problems = read_source(source, opts)
    services = tables.get("service", [])
    if not services:
        unread = "; ".join(f"{where}: {why}" for where, why in problems[:3])
        raise ImporterError(
            f"{source}: no services found ({version})"
            + (f"; {len(problems)} record(s) could not be read ({unread})" if problems else "")
        )
    ds = Dataset(tables)
    result = ImportResult(detected=version, records=len(services))
    for where, why in problems:
        result.report(where, why)
    airs = any(_AIRS_RE.match(code) for codes in ds.taxonomy.values() for code, _ in codes)
    explicit_taxonomy = opts.taxonomy != ("PN-8100",)
    filtering = not opts.all_services and (airs or explicit_taxonomy)
    seen: Counter[str] = Counter()
    not_groups = 0
    pending: list[Row] = []
    for service in services:
        try:
            sid = text(service.get("id"), "id")
        except RecordError as exc:
            result.report("(service)", str(exc))
            continue
        if not sid:
            result.report(f"(service '{text(service.get('name'))[:40]}')", "a service needs an id")
            continue
        seen[sid] += 1
        if seen[sid] > 1:
            result.report(sid, "the same service id appears again; only the first is listed")
            continue
        if filtering and not taxonomy_selected(ds.taxonomy.get(sid, []), opts.taxonomy):
            result.outside_taxonomy += 1
            if sid in ds.bad_terms:
                result.report(sid, ds.bad_terms[sid] + " (and no other term makes it a support group)")
            continue
        if sid in ds.bad_terms:
            result.report(sid, ds.bad_terms[sid], written=True)
        try:
            status = text(service.get("status"), "status").lower() or "active"
            if status != "active":
                result.report(sid, f"service status is '{status}', not active")
                continue
            if not opts.all_services and not says_group(service):
                if filtering:  # coded as a support group, but it says it is something else (medication, a clinic)
                    result.report(
                        sid,
                        "its AIRS code is a support group's, but it does not describe itself as a "
                        f"group ({_GROUP_HINT}); --all-services takes it",
                    )
                else:
                    not_groups += 1
                    result.outside_taxonomy += 1
                continue
            sals: list[Record] = ds.rows("service_at_location", "service_id", sid)
            if not sals and text(service.get("location_id")):  # Ohana: services link a location directly
                sals = [{"id": sid, "service_id": sid, "location_id": service.get("location_id")}]
            sals = sals or [{"id": sid, "service_id": sid, "location_id": ""}]
            for sal in sals:
                rid = text(sal.get("id")) or sid
                try:
                    row = map_listing(ds, service, sal, len(sals) > 1, opts, today, result, pending)
                except RecordError as exc:
                    result.report(rid, str(exc))
                    continue
                if row is not None:
                    result.rows.append(row)
        except RecordError as exc:
            result.report(sid, str(exc))
    dataset_zone(result, pending)
    if not_groups:
        result.notes.append(
            f"no AIRS taxonomy codes found, so only services that describe themselves as a group "
            f"({_GROUP_HINT}) were taken; {not_groups:,} other service(s) left out "
            "(--all-services takes every service, --taxonomy CODE chooses by code)"
        )
    elif result.outside_taxonomy:
        taken = ";".join(opts.taxonomy)
        result.notes.append(
            f"{result.outside_taxonomy:,} service(s) are not support groups (AIRS {taken}); "
            "use --all-services to take them"
        )
    elif filtering is False and not opts.all_services:
        result.notes.append(
            f"no AIRS taxonomy codes found; every service describes itself as a group "
            f"({_GROUP_HINT}), so all were taken"
        )
    return finish(result, today)
