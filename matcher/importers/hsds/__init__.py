"""Open Referral HSDS datasets to directory rows: 3.0 (CSV tables or API JSON), 1.1/2.0 CSV, the Ohana dialect.

Whatever the version, the dataset is first read into the same plain tables (``Tables``), each foreign key
indexed once (``Dataset``), and then every service at a location goes through small named steps (name,
place, formats, schedule, languages, access, cost, taxonomy) that return values plus notes. Services
that carry AIRS/211 taxonomy codes are taken only from the support-group branch (``PN-8100``) by default.

One module per step: :mod:`.tables` (any shape into plain tables), :mod:`.dataset` (the keys indexed),
:mod:`.taxonomy` (what a service is about, and whether it is a group), :mod:`.fields` (each field of a
listing), :mod:`.service` (one service at a location to a row) and :mod:`.importer` (the whole import).
"""

from __future__ import annotations

from .dataset import Dataset, Mapped
from .fields import access, cost, languages, listing_name, phone, place, schedule
from .importer import dataset_zone, import_hsds
from .service import map_listing
from .tables import TABLE_NAMES, Record, Tables, read_folder, read_json, read_source
from .taxonomy import (
    AIRS_MAP,
    COMMUNITY_KEYWORDS,
    FOCUS_KEYWORDS,
    GROUP_WORDS,
    HEALTH_PATTERNS,
    classify,
    says_group,
    taxonomy_selected,
)

__all__ = [
    "AIRS_MAP",
    "COMMUNITY_KEYWORDS",
    "FOCUS_KEYWORDS",
    "GROUP_WORDS",
    "HEALTH_PATTERNS",
    "TABLE_NAMES",
    "Dataset",
    "Mapped",
    "Record",
    "Tables",
    "access",
    "classify",
    "cost",
    "dataset_zone",
    "import_hsds",
    "languages",
    "listing_name",
    "map_listing",
    "phone",
    "place",
    "read_folder",
    "read_json",
    "read_source",
    "says_group",
    "schedule",
    "taxonomy_selected",
]
