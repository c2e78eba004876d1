"""The whole import: read the source, index it, map every service at a location, settle the dataset's zone."""

from __future__ import annotations

import os
from collections import Counter
from datetime import date

from .. import ImporterError, ImportOptions, ImportResult, Row, finish
from ..common import (
    RecordError,
    text,
)
from .dataset import Dataset
from .service import map_listing
from .tables import Record, read_source
from .taxonomy import _AIRS_RE, _GROUP_HINT, says_group, taxonomy_selected


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
