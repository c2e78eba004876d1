"""The directory of groups: the CSV format, loading, validation and a columnar form for fast ranking.

Loading never loses a good row because of a bad one: every row is checked, the valid ones are kept
and each problem is reported with its CSV line, its column and a plain message. A file that cannot be
used at all raises :class:`DirectoryError` naming the file and the reason.

Checks run once per *distinct* cell value (``pandas.factorize``), so a million-row directory whose
cells repeat is validated in seconds; dates use ``datetime.date.fromisoformat``, time zones the IANA
database through ``zoneinfo``, links ``urllib.parse``."""

from __future__ import annotations

from .validation import (
    AGE_RANGE,
    CACHE_VERSION,
    COLUMNS,
    LIST_COLUMNS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_HEADER_CHARS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    ROW,
    TEXT_COLUMNS,
    Directory,
    DirectoryError,
    Listing,
    LoadResult,
    Problem,
    cache_path,
    keep_rows,
    load_directory,
    read_bounded,
    validate_frame,
    without_samples,
)

__all__ = [
    "AGE_RANGE",
    "CACHE_VERSION",
    "COLUMNS",
    "LIST_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_HEADER_CHARS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "ROW",
    "TEXT_COLUMNS",
    "Directory",
    "DirectoryError",
    "Listing",
    "LoadResult",
    "Problem",
    "cache_path",
    "keep_rows",
    "load_directory",
    "read_bounded",
    "validate_frame",
    "without_samples",
]
