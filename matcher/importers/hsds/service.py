"""One service at a location to one directory row, through the steps of :mod:`.taxonomy` and :mod:`.fields`."""

from __future__ import annotations

import re
from datetime import date

from .. import ImportOptions, ImportResult, Row, empty_row, put
from ..common import (
    DESCRIPTION_MAX_CHARS,
    iso_date,
    text,
    url,
    who_from_words,
)
from .dataset import Dataset, Mapped
from .fields import access, cost, languages, listing_name, phone, place, schedule
from .tables import Record
from .taxonomy import classify


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
    if loc_type == "virtual":  # HSDS 3.0: a virtual location's url is where one joins it ("Join online")
        link = text(loc.get("url"), "url")
        if url(link):
            put(row, "join_url", url(link))
        elif link:
            m.notes.append(f"its online link '{link[:80]}' is not an http(s) link, so no Join online button")
    row["last_verified"] = iso_date(service.get("assured_date") or service.get("last_modified"), today)
    row["sample"] = "false"
    for n in m.notes:
        result.report(rid, f"imported, but {n}", written=True)
    return row
