"""Reading an HSDS dataset into plain tables, whatever its shape: a folder of CSV tables (with or without a
datapackage.json), API JSON flattened into the same tables, from a path or a URL."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from .. import ImporterError, ImportOptions, is_url, load_json, read_file
from ..common import (
    RecordError,
    objects,
    text,
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


def read_source(source: str | os.PathLike[str], opts: ImportOptions) -> tuple[Tables, str, list[tuple[str, str]]]:
    """Tables from a folder of CSV tables, a JSON file or a JSON URL, and which version/shape they are."""
    if not is_url(source) and Path(source).is_dir():
        problems: list[tuple[str, str]] = []
        tables, version = read_folder(Path(source), problems)
        return tables, version, problems
    if not is_url(source) and Path(source).suffix.lower() == ".csv":
        raise ImporterError(f"{source}: give the folder that holds the HSDS tables, not one CSV file")
    return read_json(load_json(source, opts), str(source))
