"""One field of a listing from one service at a location, each a small named step returning a value plus
notes: name, place, schedule, languages, access, cost, phone."""

from __future__ import annotations

import contextlib
import math
import re
from datetime import date
from typing import Final

from ...places import zip_place
from .. import ImportOptions, Row, put
from ..common import (
    RecordError,
    city_place,
    clock,
    coordinates,
    iso_date,
    language_codes,
    parse_time,
    rrule_days,
    text,
    us_zip,
    weekday,
    zone_of_place,
)
from .dataset import Dataset, Mapped
from .tables import Record

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
    put(row, "facility", "placed:zip" if zp is not None else "placed:city")  # worded by the app, in any language
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
