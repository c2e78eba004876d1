"""The directory of groups: the CSV format, loading, validation and a columnar form for fast ranking.

Loading never loses a good row because of a bad one: every row is checked, the valid ones are kept
and each problem is reported with its CSV line, its column and a plain message. A file that cannot be
used at all raises :class:`DirectoryError` naming the file and the reason.

Checks run once per *distinct* cell value (``pandas.factorize``), so a million-row directory whose
cells repeat is validated in seconds; dates use ``datetime.date.fromisoformat``, time zones the IANA
database through ``zoneinfo``, links ``urllib.parse``.

One module per step: :mod:`.model` (the columns, Listing, Directory, Problem), :mod:`.reading` (the CSV
into text cells), :mod:`.cells` (one cell's parsers), :mod:`.validation` (rows into a Directory),
:mod:`.cache` (the Arrow copy) and :mod:`.loading` (all of it, for one file).
"""

from __future__ import annotations

from .cache import CACHE_VERSION, cache_path
from .loading import load_directory
from .model import (
    AGE_RANGE,
    COLUMNS,
    LIST_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
    AudienceKinds,
    Directory,
    DirectoryError,
    LatitudeIndex,
    Listing,
    LoadResult,
    Problem,
    keep_rows,
    without_samples,
)
from .reading import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_HEADER_CHARS, ROW, read_bounded
from .validation import validate_frame

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
    "AudienceKinds",
    "Directory",
    "DirectoryError",
    "LatitudeIndex",
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
