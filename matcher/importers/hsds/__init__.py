"""Open Referral HSDS datasets to directory rows: 3.0 (CSV tables or API JSON), 1.1/2.0 CSV, the Ohana dialect.

Whatever the version, the dataset is first read into the same plain tables (``Tables``), each foreign key
indexed once (``Dataset``), and then every service at a location goes through small named steps (name,
place, formats, schedule, languages, access, cost, taxonomy) that return values plus notes. Services
that carry AIRS/211 taxonomy codes are taken only from the support-group branch (``PN-8100``) by default."""

from __future__ import annotations

from .importer import (
    AIRS_MAP,
    COMMUNITY_KEYWORDS,
    FOCUS_KEYWORDS,
    GROUP_WORDS,
    HEALTH_PATTERNS,
    TABLE_NAMES,
    Dataset,
    Mapped,
    Record,
    Tables,
    access,
    classify,
    cost,
    dataset_zone,
    import_hsds,
    languages,
    listing_name,
    map_listing,
    phone,
    place,
    read_folder,
    read_json,
    read_source,
    says_group,
    schedule,
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
