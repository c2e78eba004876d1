"""Importers: turn a Meeting Guide feed or an Open Referral HSDS 3.0 dataset into our directory CSV.

Every record is either mapped or reported with its id and the reason; the rest are written. The
written rows are checked with the same validation as ``python -m matcher validate``, so the output
always validates.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from . import geography, schedules
from .directory import COLUMNS, validate_frame
from .vocabulary import DAY_CODES, FOCUS, ISO_639_1

Row = dict[str, str]

# --------------------------------------------------------------------------- shared


@dataclass
class ImportResult:
    """The rows to write and what could not be mapped (id, reason)."""

    rows: list[Row] = field(default_factory=list)
    reports: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self, record_id: str, reason: str) -> None:
        self.reports.append((record_id, reason))


class ImportError_(Exception):
    """The input cannot be read at all."""


def empty_row() -> Row:
    return dict.fromkeys(COLUMNS, "")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    return " ".join(str(value).split())


def _url(value: object) -> str:
    text = _text(value)
    return text if re.match(r"^https?://[^\s/]+", text, re.I) else ""


def _coordinates(lat: str, lon: str) -> bool:
    """Whether two cells are a usable latitude and longitude."""
    try:
        return bool(lat and lon) and abs(float(lat)) <= 90 and abs(float(lon)) <= 180
    except ValueError:
        return False


def _place_row(row: Row, *, postal_code: str = "", city: str = "", state: str = "") -> bool:
    """Fill in coordinates offline from a postal code or a city; False when the gazetteer can't."""
    if postal_code:
        place = geography.zip_centroid(postal_code)
        if place is not None:
            row["latitude"], row["longitude"] = f"{place.latitude:.5f}", f"{place.longitude:.5f}"
            return True
    if city and state:
        try:
            place = geography.geocode_offline(f"{city}, {state}")
        except geography.LocationError:
            return False
        row["latitude"], row["longitude"] = f"{place.latitude:.5f}", f"{place.longitude:.5f}"
        return True
    return False


def _zone_for(postal_code: str, lat: str, lon: str) -> str:
    """A place's IANA zone: from its ZIP code, else from the nearest ZIP center to its coordinates."""
    if postal_code:
        place = geography.zip_centroid(postal_code)
        if place is not None and place.timezone:
            return place.timezone
    try:
        near = geography.nearest_zip(float(lat), float(lon)) if lat and lon else None
    except ValueError:
        near = None
    return near.timezone or "" if near is not None else ""


def finish(result: ImportResult, today: date | None = None) -> ImportResult:
    """Check the mapped rows with the directory validation; report and drop any that would not load."""
    if not result.rows:
        return result
    frame = pd.DataFrame(result.rows, columns=list(COLUMNS), dtype=str)
    lines = np.arange(len(frame), dtype=np.int64) + 2
    checked = validate_frame(frame, lines, today=today or date.today())
    bad_lines: dict[int, list[str]] = {}
    for p in checked.problems:
        if p.line > 1:
            bad_lines.setdefault(p.line, []).append(f"{p.column}: {p.message}")
    if bad_lines:
        keep = []
        for i, row in enumerate(result.rows):
            problems = bad_lines.get(i + 2)
            if problems:
                result.report(row["id"], "; ".join(problems))
            else:
                keep.append(row)
        result.rows = keep
    return result


def write_rows(rows: Iterable[Row], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")


FOCUS_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "anxiety": ("anxiety", "panic"),
    "depression": ("depression", "depressive", "low mood"),
    "bipolar": ("bipolar",),
    "ptsd_trauma": ("ptsd", "trauma"),
    "grief": ("grief", "bereave", "loss of a loved"),
    "suicide_loss": ("suicide loss", "loss to suicide", "survivors of suicide"),
    "substance_use": ("alcohol", "addiction", "substance", "drug", "recovery from"),
    "eating_disorders": ("eating disorder", "anorexia", "bulimia"),
    "ocd": ("ocd", "obsessive"),
    "psychosis": ("psychosis", "schizophren"),
    "postpartum": ("postpartum", "perinatal", "postnatal"),
}


def focus_from_text(text: str, default: list[str]) -> list[str]:
    low = text.lower()
    found = [code for code, words in FOCUS_KEYWORDS.items() if any(w in low for w in words)]
    return list(dict.fromkeys(found + default))


# --------------------------------------------------------------------------- Meeting Guide

MG_DAYS: Final = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")  # 0 = Sunday in the spec
MG_COMMUNITIES: Final[dict[str, str]] = {
    "W": "women", "M": "men", "LGBTQ": "lgbtq", "LGBTQIA": "lgbtq", "G": "lgbtq", "L": "lgbtq", "BI": "lgbtq",
    "T": "lgbtq", "NB": "lgbtq", "Y": "young_adults", "SEN": "older_adults", "POC": "bipoc", "N": "bipoc",
    "NDG": "bipoc",
}
MG_ACCESS: Final[dict[str, str]] = {"X": "wheelchair", "ASL": "asl"}
MG_LANGUAGES: Final[dict[str, str]] = {
    "EN": "en", "S": "es", "FR": "fr", "DE": "de", "ITA": "it", "POR": "pt", "POL": "pl", "RUS": "ru",
    "KOR": "ko", "JA": "ja", "AR": "ar", "HI": "hi", "FA": "fa", "HE": "he", "TL": "tl", "TUR": "tr",
    "UK": "uk", "NL": "nl", "SV": "sv", "DA": "da", "NO": "no", "FI": "fi", "EL": "el", "HU": "hu",
    "HR": "hr", "LT": "lt", "SK": "sk", "SL": "sl", "BG": "bg", "TH": "th", "ML": "ml", "NE": "ne",
    "PUN": "pa", "AM": "am", "AF": "af", "IS": "is", "KA": "ka", "MT": "mt",
}
#: Codes that describe a meeting's format or openness, not who it is for: known, nothing to map.
MG_KNOWN_OTHER: Final = frozenset({"O", "C", "TC", "ONL", "D", "SP", "BE", "MED", "ST", "B", "LIT", "A", "DD",
                                   "OUT", "XB", "FF", "BA", "CF", "P"})
_ADDRESS_RE = re.compile(r"^(?:(?P<street>.*?),\s*)?(?P<city>[^,]+),\s*(?P<state>[A-Z]{2})\s+(?P<zip>\d{5})(?:-\d{4})?"
                         r"(?:,\s*(?P<country>[^,]+))?$")


def detect_program(meetings: Sequence[Mapping[str, Any]], source: str) -> tuple[list[str], list[str]] | None:
    """(focus, communities) for well-known fellowships' feeds, from their names and links."""
    sample = " ".join(f"{m.get('name', '')} {m.get('url', '')} {m.get('entity', '')}" for m in meetings[:50])
    text = f"{source} {sample}".lower()
    if re.search(r"al-?anon|\bafg\b|alateen", text):
        return ["substance_use"], ["family_caregivers"]
    if re.search(r"narcotics anonymous|\bna\.org", text):
        return ["substance_use"], []
    if re.search(r"alcoholics anonymous|aa\.org|\baa\b|atlantaaa|\baa[a-z]*\.org", text):
        return ["substance_use"], []
    return None


def _days(value: object) -> list[str] | None:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        try:
            n = int(str(item))
        except ValueError:
            return None
        if not 0 <= n <= 6:
            return None
        out.append(MG_DAYS[n])
    return sorted(set(out), key=DAY_CODES.index)


def map_meeting(m: Mapping[str, Any], opts: argparse.Namespace, program: tuple[list[str], list[str]] | None,
                result: ImportResult, unknown_types: Counter[str]) -> Row | None:
    slug = _text(m.get("slug")) or _text(m.get("id"))
    if not slug or not _text(m.get("name")):
        result.report(slug or "(no slug)", "a meeting needs a name and a slug")
        return None
    attendance = _text(m.get("attendance_option")).lower()
    if attendance == "inactive":
        result.report(slug, "the feed marks this meeting inactive")
        return None
    types = [str(t).strip().upper() for t in (m.get("types") or []) if str(t).strip()]
    row = empty_row()
    row["id"] = slug
    row["name"] = _text(m.get("name"))
    row["organization"] = opts.organization or _text(m.get("entity")) or _text(m.get("group"))
    notes = " ".join(x for x in (_text(m.get("notes")), _text(m.get("location_notes"))) if x)
    row["description"] = notes[:600]
    focus = [f for f in (opts.focus or "").split(";") if f] or (program[0] if program else [])
    row["focus"] = ";".join(focus)
    communities = list(program[1]) if program else []
    languages: list[str] = []
    access: list[str] = []
    for t in types:
        if t in MG_COMMUNITIES:
            communities.append(MG_COMMUNITIES[t])
        elif t in MG_ACCESS:
            access.append(MG_ACCESS[t])
        elif t in MG_LANGUAGES:
            languages.append(MG_LANGUAGES[t])
        elif t not in MG_KNOWN_OTHER:
            unknown_types[t] += 1
    row["communities"] = ";".join(dict.fromkeys(communities))
    row["accessibility"] = ";".join(dict.fromkeys(access))
    row["languages"] = ";".join(dict.fromkeys(languages)) or "en"
    row["facilitation"] = opts.facilitation or ""
    row["cost"] = "donation"

    # where
    address = {k: _text(m.get(k)) for k in ("address", "city", "state", "postal_code", "country")}
    parsed = _ADDRESS_RE.match(_text(m.get("formatted_address")))
    if parsed and not address["city"]:
        address = {"address": parsed["street"] or "", "city": parsed["city"], "state": parsed["state"],
                   "postal_code": parsed["zip"], "country": parsed["country"] or ""}
    country = address["country"]
    row.update(address)
    row["country"] = "US" if country in {"USA", "US", "United States"} else country
    conference_url = _url(m.get("conference_url"))
    conference_phone = _text(m.get("conference_phone"))
    formats: list[str] = []
    closed = "TC" in types
    approximate = _text(m.get("approximate")).lower() == "yes"
    # without attendance_option: in person only at a real (street) address, not just a city
    wants_in_person = attendance in {"in_person", "hybrid"} if attendance else bool(address["address"])
    why_not_in_person = ""
    if wants_in_person:
        if closed:
            why_not_in_person = "its location is temporarily closed (TC)"
        elif approximate:
            why_not_in_person = "its location is only approximate"
        else:
            lat, lon = _text(m.get("latitude")), _text(m.get("longitude"))
            if _coordinates(lat, lon):
                row["latitude"], row["longitude"] = lat, lon
            elif not _place_row(row, postal_code=address["postal_code"], city=address["city"],
                                state=address["state"]):
                why_not_in_person = "it has an address but no coordinates, and the offline gazetteer cannot place it"
        if not why_not_in_person:
            formats.append("in_person")
    if conference_url:  # online only with a link or a phone number (the ONL code alone is not enough)
        formats.append("online")
    if conference_phone:
        formats.append("phone")
    if not formats:
        reason = why_not_in_person or "it has no address and no conference link or phone"
        result.report(slug, f"cannot be attended as listed: {reason}")
        return None
    if "in_person" not in formats:
        row["address"] = ""
        row["latitude"] = row["longitude"] = ""
    row["formats"] = ";".join(dict.fromkeys(formats))

    # when
    days = _days(m.get("day")) if m.get("day") not in (None, "", []) else []
    start = _text(m.get("time"))
    if days is None:
        result.report(slug, f"day {m.get('day')!r} is not 0–6 (0 = Sunday)")
        return None
    if days and start:
        try:
            start_min = schedules.parse_clock(start)
        except ValueError as exc:
            result.report(slug, f"time: {exc}")
            return None
        row["days"] = ";".join(days)
        row["start_time"] = f"{start_min // 60:02d}:{start_min % 60:02d}"
        end = _text(m.get("end_time"))
        try:
            end_min = schedules.parse_clock(end) if end else -1
        except ValueError:
            end_min = -1
        if end_min > start_min:
            row["end_time"] = f"{end_min // 60:02d}:{end_min % 60:02d}"
        tz = _text(m.get("timezone")) or opts.timezone or _zone_for(
            address["postal_code"], _text(m.get("latitude")), _text(m.get("longitude")))
        if not tz:
            result.report(slug, "meets weekly but the feed gives no time zone and the place does not tell one "
                                "(use --timezone)")
            return None
        row["timezone"] = tz
    if conference_phone:
        row["phone"] = conference_phone.split(",")[0].strip()
    row["url"] = _url(m.get("url")) or _url(m.get("website"))
    row["source_url"] = _url(m.get("url"))
    updated = _text(m.get("updated"))[:10]
    row["last_verified"] = updated if re.match(r"^\d{4}-\d{2}-\d{2}$", updated) else ""
    row["sample"] = "false"
    if conference_url and "online" in formats:
        row["description"] = (row["description"] + f" Online: {conference_url}").strip()[:700]
    return row


def import_meeting_guide(path: Path, opts: argparse.Namespace) -> ImportResult:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ImportError_(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportError_(f"{path}: not a JSON feed ({exc})") from None
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        data = data["meetings"]
    if not isinstance(data, list):
        raise ImportError_(f"{path}: a Meeting Guide feed is a JSON array of meetings")
    result = ImportResult()
    meetings = [m for m in data if isinstance(m, dict)]
    for i, m in enumerate(data):
        if not isinstance(m, dict):
            result.report(f"item {i}", "not a meeting object")
    program = None if opts.focus else detect_program(meetings, str(path))
    if not opts.focus and program is None:
        result.notes.append("the feed's program was not recognized: meetings have no focus (use --focus)")
    unknown: Counter[str] = Counter()
    seen: set[str] = set()
    for m in meetings:
        row = map_meeting(m, opts, program, result, unknown)
        if row is None:
            continue
        if row["id"] in seen:
            result.report(row["id"], "duplicate slug: an earlier meeting has it")
            continue
        seen.add(row["id"])
        result.rows.append(row)
    if unknown:
        result.notes.append("type codes with nothing to map (ignored): "
                            + ", ".join(f"{k} ×{v}" for k, v in sorted(unknown.items())))
    return finish(result)


# --------------------------------------------------------------------------- HSDS

HSDS_TABLES: Final[dict[str, tuple[str, ...]]] = {
    "organization": ("organizations", "organization"),
    "service": ("services", "service"),
    "location": ("locations", "location"),
    "address": ("addresses", "address"),
    "phone": ("phones", "phone"),
    "schedule": ("schedules", "schedule"),
    "service_at_location": ("service_at_location", "service_at_locations", "services_at_location"),
    "language": ("languages", "language"),
    "accessibility": ("accessibility", "accessibility_for_disabilities", "accessibilities"),
    "cost_option": ("cost_options", "cost_option"),
}
ISO_639_3: Final[dict[str, str]] = {"eng": "en", "spa": "es", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
                                    "zho": "zh", "chi": "zh", "vie": "vi", "kor": "ko", "tgl": "tl", "ara": "ar",
                                    "rus": "ru", "por": "pt", "urd": "ur", "pol": "pl", "slk": "sk", "hat": "ht"}
Table = list[dict[str, Any]]


def _read_tables_folder(folder: Path) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for key, names in HSDS_TABLES.items():
        for name in names:
            p = folder / f"{name}.csv"
            if p.exists():
                try:
                    frame = pd.read_csv(p, dtype=str, keep_default_na=False)
                except (pd.errors.ParserError, UnicodeDecodeError) as exc:
                    raise ImportError_(f"{p}: not a readable CSV table ({exc})") from None
                tables[key] = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
                break
    return tables


def _flatten_services(services: list[dict[str, Any]]) -> dict[str, Table]:
    """HSDS 3.0 JSON services with nested objects -> the flat tables."""
    t: dict[str, Table] = {k: [] for k in HSDS_TABLES}
    for s in services:
        sid = s.get("id")
        org = s.get("organization")
        if isinstance(org, dict):
            t["organization"].append(org)
            s = {**s, "organization_id": s.get("organization_id") or org.get("id")}
        t["service"].append({k: v for k, v in s.items() if not isinstance(v, (list, dict))})
        for key in ("phone", "schedule", "language", "cost_option"):
            for item in s.get(f"{key}s") or []:
                t[key].append({**item, "service_id": item.get("service_id") or sid})
        for sal in s.get("service_at_locations") or []:
            loc = sal.get("location") or {}
            lid = loc.get("id") or sal.get("location_id")
            t["service_at_location"].append({"id": sal.get("id"), "service_id": sid, "location_id": lid,
                                             "description": sal.get("description", "")})
            if loc:
                t["location"].append({k: v for k, v in loc.items() if not isinstance(v, (list, dict))})
                for key, plural in (("address", "addresses"), ("phone", "phones"), ("language", "languages"),
                                    ("accessibility", "accessibility"), ("schedule", "schedules")):
                    for item in loc.get(plural) or []:
                        t[key].append({**item, "location_id": item.get("location_id") or lid})
            for item in sal.get("schedules") or []:
                t["schedule"].append({**item, "service_at_location_id": sal.get("id")})
            for item in sal.get("phones") or []:
                t["phone"].append({**item, "service_at_location_id": sal.get("id")})
    return t


def read_hsds(path: Path) -> dict[str, Table]:
    if path.is_dir():
        tables = _read_tables_folder(path)
    elif path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportError_(f"{path}: not HSDS JSON ({exc})") from None
        if isinstance(data, dict) and any(k in data for names in HSDS_TABLES.values() for k in names):
            tables = {key: next((data[n] for n in names if isinstance(data.get(n), list)), [])
                      for key, names in HSDS_TABLES.items()}
            if tables["service"] and any(isinstance(v, list) for v in tables["service"][0].values()):
                tables = _flatten_services(tables["service"])
        elif isinstance(data, dict) and isinstance(data.get("contents"), list):
            tables = _flatten_services(data["contents"])
        elif isinstance(data, list):
            tables = _flatten_services([d for d in data if isinstance(d, dict)])
        else:
            raise ImportError_(f"{path}: JSON is neither HSDS tables nor a list of services")
    else:
        raise ImportError_(f"{path}: not found")
    if not tables.get("service"):
        raise ImportError_(f"{path}: no services table (services.csv) found")
    return tables


def _by(table: Table, key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in table:
        k = _text(r.get(key))
        if k:
            out.setdefault(k, []).append(r)
    return out


def _offset_zone(offset: str) -> str:
    try:
        hours = float(offset)
    except ValueError:
        return ""
    if hours != int(hours) or not -12 <= hours <= 14:
        return ""
    h = int(hours)
    return "Etc/GMT" if h == 0 else f"Etc/GMT{-h:+d}"


def _clock(value: object) -> int:
    text = _text(value)
    if not text:
        return -1
    try:
        return schedules.parse_clock(text)
    except ValueError:
        return -1


def import_hsds(path: Path, opts: argparse.Namespace, today: date | None = None) -> ImportResult:
    today = today or date.today()
    t = read_hsds(path)
    result = ImportResult()
    orgs = {_text(o.get("id")): o for o in t.get("organization", [])}
    locations = {_text(loc.get("id")): loc for loc in t.get("location", [])}
    addresses = _by(t.get("address", []), "location_id")
    sal_by_service = _by(t.get("service_at_location", []), "service_id")
    default_focus = [f for f in (opts.focus or "").split(";") if f in FOCUS]

    def phones_for(*keys: tuple[str, str]) -> str:
        for column, value in keys:
            for p in t.get("phone", []):
                if value and _text(p.get(column)) == value and _text(p.get("number")):
                    return _text(p.get("number")).strip("\"' ")
        return ""

    for service in t["service"]:
        sid = _text(service.get("id"))
        status = _text(service.get("status")).lower() or "active"
        if status != "active":
            result.report(sid, f"service status is '{status}', not active")
            continue
        sals = sal_by_service.get(sid) or [{"id": sid, "service_id": sid, "location_id": "", "description": ""}]
        org = orgs.get(_text(service.get("organization_id")), {})
        text_blob = " ".join(_text(service.get(k)) for k in ("name", "description", "eligibility_description"))
        for sal in sals:
            rid = _text(sal.get("id")) or sid
            loc = locations.get(_text(sal.get("location_id")), {})
            lid = _text(loc.get("id"))
            row = empty_row()
            row["id"] = rid
            row["name"] = _text(service.get("name"))
            if len(sals) > 1 and _text(loc.get("name")):
                row["name"] += f" — {_text(loc.get('name'))}"
            row["organization"] = _text(org.get("name"))
            row["description"] = (_text(service.get("description")) or _text(sal.get("description")))[:700]
            row["focus"] = ";".join(focus_from_text(text_blob, default_focus))
            low = text_blob.lower()
            if re.search(r"peer|lived experience|mutual", low):
                row["facilitation"] = "peer"
            elif re.search(r"therapist|counsel|clinician|professional|psycholog", low):
                row["facilitation"] = "professional"
            formats: list[str] = []
            notes: list[str] = []
            loc_type = _text(loc.get("location_type")).lower()
            physical = [a for a in addresses.get(lid, []) if _text(a.get("address_type")).lower() in {"physical", ""}]
            addr = physical[0] if physical else {}
            if addr:
                row["address"] = " ".join(x for x in (_text(addr.get("address_1")), _text(addr.get("address_2"))) if x)
                row["city"] = _text(addr.get("city"))
                row["state"] = _text(addr.get("state_province"))
                row["postal_code"] = _text(addr.get("postal_code"))
                row["country"] = _text(addr.get("country"))
            if loc and loc_type != "virtual":
                lat, lon = _text(loc.get("latitude")), _text(loc.get("longitude"))
                if _coordinates(lat, lon):
                    row["latitude"], row["longitude"] = lat, lon
                    formats.append("in_person")
                elif _place_row(row, postal_code=row["postal_code"], city=row["city"], state=row["state"]):
                    formats.append("in_person")
                    notes.append(f"location {lid}: coordinates ({lat or '–'}, {lon or '–'}) unusable; "
                                 "placed at its postal code's center")
                else:
                    notes.append(f"location {lid}: coordinates ({lat or '–'}, {lon or '–'}) are unusable and no "
                                 "physical US address places it, so it is not listed as in person")
            if loc_type == "virtual":
                formats.append("online")
            scheds = [s for s in t.get("schedule", []) if _text(s.get("service_at_location_id")) == rid] or \
                [s for s in t.get("schedule", []) if _text(s.get("service_id")) == sid
                 and _text(s.get("location_id")) in {lid, ""}]
            attending = " ".join(_text(s.get("attending_type")) for s in scheds).lower()
            if re.search(r"online|remote|video|virtual", attending) and "online" not in formats:
                formats.append("online")
            if re.search(r"phone|telephone", attending):
                formats.append("phone")
            if not formats:
                result.report(rid, "; ".join(notes) or "no usable location and no online or phone access")
                continue
            if "in_person" not in formats:
                row["address"] = ""
                row["latitude"] = row["longitude"] = ""
            row["formats"] = ";".join(dict.fromkeys(formats))
            row["phone"] = phones_for(("service_at_location_id", rid), ("service_id", sid), ("location_id", lid),
                                      ("organization_id", _text(org.get("id"))))
            # languages, accessibility, cost
            langs = []
            for lang in t.get("language", []):
                if _text(lang.get("service_id")) == sid or (lid and _text(lang.get("location_id")) == lid):
                    code = _text(lang.get("code")).lower()
                    code = ISO_639_3.get(code, code)
                    if code in ISO_639_1:
                        langs.append(code)
                    elif code:
                        notes.append(f"language code '{code}' is not ISO 639-1; left out")
            row["languages"] = ";".join(dict.fromkeys(langs))
            access_text = " ".join(_text(a.get("description")) + " " + _text(a.get("details"))
                                   for a in t.get("accessibility", []) if lid and _text(a.get("location_id")) == lid)
            access = []
            if re.search(r"wheelchair", access_text, re.I) and "in_person" in formats:
                access.append("wheelchair")
            if re.search(r"sign language|\basl\b", access_text, re.I):
                access.append("asl")
            row["accessibility"] = ";".join(access)
            costs = [c for c in t.get("cost_option", []) if _text(c.get("service_id")) == sid]
            cost_text = " ".join(_text(c.get("option")) + " " + _text(c.get("amount_description")) for c in costs)
            fees = _text(service.get("fees_description"))
            amounts = []
            for c in costs:
                try:
                    amounts.append(float(_text(c.get("amount")) or "nan"))
                except ValueError:
                    pass
            if re.search(r"\bfree\b|no charge|no cost", f"{cost_text} {fees}", re.I) or (amounts and max(amounts) == 0):
                row["cost"] = "free"
            elif re.search(r"sliding", f"{cost_text} {fees}", re.I):
                row["cost"] = "sliding_scale"
            elif costs or re.search(r"pay|charge|fee|\$|£|€", fees, re.I):
                row["cost"] = "fee"
            # schedule
            weekly = [s for s in scheds if _text(s.get("freq")).upper() == "WEEKLY" and _text(s.get("byday"))]
            for s in scheds:
                if s not in weekly:
                    notes.append(f"schedule {_text(s.get('id'))}: only weekly schedules with days can be listed "
                                 f"(freq {_text(s.get('freq')) or '–'}); shown as 'on request'")
            if weekly:
                s = weekly[0]
                if len(weekly) > 1:
                    notes.append(f"{len(weekly)} weekly schedules; the first ({_text(s.get('id'))}) is listed")
                until = _text(s.get("until"))[:10]
                days = [d.strip().upper()[-2:] for d in _text(s.get("byday")).split(",") if d.strip()]
                rr = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
                start, end = _clock(s.get("opens_at")), _clock(s.get("closes_at"))
                if until and until < today.isoformat():
                    notes.append(f"schedule {_text(s.get('id'))} ended on {until}; no time listed")
                elif all(d in rr for d in days) and start >= 0:
                    row["days"] = ";".join(DAY_CODES[rr.index(d)] for d in rr if d in days)
                    row["start_time"] = f"{start // 60:02d}:{start % 60:02d}"
                    if end > start:
                        row["end_time"] = f"{end // 60:02d}:{end % 60:02d}"
                    zone = _zone_for(row["postal_code"], row["latitude"], row["longitude"])
                    if not zone:
                        offset = _text(s.get("timezone"))
                        zone = _offset_zone(offset) if offset else ""
                        if zone:
                            notes.append(f"schedule time zone is a UTC offset ({offset}); kept as {zone}")
                    if not zone:
                        zone = getattr(opts, "timezone", None) or ""
                    if zone:
                        row["timezone"] = zone
                    else:
                        row["days"] = row["start_time"] = row["end_time"] = ""
                        notes.append("schedule has no time zone; no time listed")
                else:
                    notes.append(f"schedule {_text(s.get('id'))}: days '{_text(s.get('byday'))}' or opening time "
                                 "unusable; no time listed")
            row["url"] = _url(service.get("url")) or _url(org.get("website"))
            row["source_url"] = row["url"]
            verified = (_text(service.get("assured_date")) or _text(service.get("last_modified")))[:10]
            row["last_verified"] = verified if re.match(r"^\d{4}-\d{2}-\d{2}$", verified) \
                and verified <= today.isoformat() else ""
            row["sample"] = "false"
            result.rows.append(row)
            for n in notes:
                result.report(rid, f"imported, but {n}")
    return finish(result, today)


# --------------------------------------------------------------------------- command line


def run_import(args: argparse.Namespace) -> int:
    """``python -m matcher import meeting-guide|hsds``: exit 0 all imported, 1 some reported, 2 unreadable."""
    source = Path(args.feed if args.source == "meeting-guide" else args.path)
    if getattr(args, "focus", None):
        unknown = [f for f in args.focus.split(";") if f and f not in FOCUS]
        if unknown:
            print(f"--focus: unknown focus code(s) {', '.join(unknown)} (known: {', '.join(FOCUS)})",
                  file=sys.stderr)
            return 2
    try:
        if args.source == "meeting-guide":
            result = import_meeting_guide(source, args)
        else:
            result = import_hsds(source, args)
    except ImportError_ as exc:
        print(str(exc), file=sys.stderr)
        return 2
    write_rows(result.rows, args.out)
    for record_id, reason in result.reports:
        print(f"{source}: {record_id}: {reason}", file=sys.stderr)
    for note in result.notes:
        print(f"{source}: note: {note}", file=sys.stderr)
    skipped = len({r for r, why in result.reports if not why.startswith("imported, but")})
    print(f"{args.out}: {len(result.rows)} listing(s) written; {skipped} record(s) not imported; "
          f"{len(result.reports)} report(s)", file=sys.stderr)
    return 1 if result.reports else 0
