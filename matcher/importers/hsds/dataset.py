"""The dataset's tables with each foreign key indexed once, and what the mapping of its services keeps."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from .. import Row
from ..common import (
    RecordError,
    text,
)
from .tables import Record, Tables


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


@dataclass
class Mapped:
    """What a step found for a listing, and the notes to report with it."""

    notes: list[str] = field(default_factory=list)
    #: rows waiting for the dataset's shared zone (None: report a missing zone at once)
    pending: list[Row] | None = None
