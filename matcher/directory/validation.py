"""The directory of groups: the CSV format, loading, validation and a columnar form for fast ranking.

Loading never loses a good row because of a bad one: every row is checked, the valid ones are kept
and each problem is reported with its CSV line, its column and a plain message. A file that cannot be
used at all raises :class:`DirectoryError` naming the file and the reason.

Checks run once per *distinct* cell value (``pandas.factorize``), so a million-row directory whose
cells repeat is validated in seconds; dates use ``datetime.date.fromisoformat``, time zones the IANA
database through ``zoneinfo``, links ``urllib.parse``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, Final, TypeVar
from urllib.parse import urlparse

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import phones, places, schedules
from ..errors import MatcherError
from ..vocabulary import (
    ACCESSIBILITY,
    AUDIENCES,
    COMMUNITIES,
    COST,
    FACILITATION,
    FOCUS,
    FORMATS,
    ISO_639_1,
    PAYMENT,
    codes_of,
)

COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "organization",
    "description",
    "focus",
    "communities",
    "audience",
    "min_age",
    "max_age",
    "facilitation",
    "formats",
    "days",
    "start_time",
    "end_time",
    "timezone",
    "cost",
    "languages",
    "accessibility",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "phone",
    "url",
    "source_url",
    "last_verified",
    "worth_knowing",
    "sample",
    "payment",
    "source",
    "join_url",
)
#: Columns added after the first release: a file without them is read as "open to everyone, any age,
#: nothing worth knowing", without a problem reported (older exports and third-party files stay clean).
OPTIONAL_COLUMNS: Final[frozenset[str]] = frozenset(
    {"audience", "min_age", "max_age", "worth_knowing", "payment", "source", "join_url"}
)
#: Ages a listing may name (whole years).
AGE_RANGE: Final[tuple[int, int]] = (0, 120)
REQUIRED_COLUMNS: Final[tuple[str, ...]] = ("id", "name", "formats")
#: Multi-valued columns (codes separated by ';') and their vocabularies.
LIST_COLUMNS: Final[dict[str, dict[str, str]]] = {
    "focus": FOCUS,
    "communities": COMMUNITIES,
    "audience": AUDIENCES,
    "facilitation": FACILITATION,
    "formats": FORMATS,
    "accessibility": ACCESSIBILITY,
    "payment": PAYMENT,
}
#: Columns kept as text in a loaded Directory (the coded ones are held as numpy columns).
TEXT_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "organization",
    "description",
    "start_time",
    "end_time",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "phone",
    "url",
    "source_url",
    "last_verified",
    "worth_knowing",
    "source",
    "join_url",
)
CACHE_VERSION: Final = 4
#: The longest cell either reader accepts (a 200 KB description is fine; a 4 MB name is a problem on
#: its row). The same limit is checked by ``validate_frame``, so an importer never writes a row that
#: ``validate`` would refuse.
MAX_CELL_CHARS: Final = 1_000_000
#: The header must end within this many characters (it names about 30 short columns).
MAX_HEADER_CHARS: Final = 1 << 20
#: The largest directory file read (a million listings is about 280 MB).
MAX_FILE_BYTES: Final = 2 << 30
T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the directory file: where (CSV line, column) and what, in plain words."""

    line: int
    column: str
    message: str
    #: True for a problem that does not keep the row out (a phone the Call button cannot dial as written)
    kept: bool = False

    def format(self, path: str | os.PathLike[str]) -> str:
        return f"{path}:{self.line}: {self.column}: {self.message}"


class DirectoryError(MatcherError):
    """The directory file cannot be used at all (missing, empty, not CSV, required columns absent)."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Listing:
    """One group, as a person sees it."""

    id: str
    name: str
    organization: str
    description: str
    focus: tuple[str, ...]
    communities: tuple[str, ...]
    audience: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    facilitation: tuple[str, ...]
    formats: tuple[str, ...]
    days: tuple[str, ...]
    start_time: str
    end_time: str
    timezone: str
    cost: str
    languages: tuple[str, ...]
    accessibility: tuple[str, ...]
    address: str
    city: str
    state: str
    postal_code: str
    country: str
    latitude: float | None
    longitude: float | None
    phone: str
    url: str
    source_url: str
    last_verified: str
    worth_knowing: tuple[str, ...]
    sample: bool
    #: Ways of paying the place accepts (PAYMENT codes); empty = not stated.
    payment: tuple[str, ...] = ()
    #: Where the listing comes from, when it was copied from a published directory
    #: ("SAMHSA's national directory (2022 edition)"); ``source_url`` links it. Empty = the deployer's own.
    source: str = ""
    #: the http(s) link that joins an online meeting (a "Join online" button), "" when there is none
    join_url: str = ""

    @property
    def where(self) -> str:
        """The address on one line ("" for groups with no place)."""
        parts = [self.address, self.city, " ".join(p for p in (self.state, self.postal_code) if p)]
        return ", ".join(p for p in parts if p)


@dataclass
class Directory:
    """The valid listings, as text (``frame``) plus aligned numpy columns used for ranking."""

    frame: pd.DataFrame
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    focus: npt.NDArray[np.uint32]
    communities: npt.NDArray[np.uint16]
    audience: npt.NDArray[np.uint16]
    min_age: npt.NDArray[np.int16]
    max_age: npt.NDArray[np.int16]
    facilitation: npt.NDArray[np.uint8]
    formats: npt.NDArray[np.uint8]
    accessibility: npt.NDArray[np.uint8]
    cost: npt.NDArray[np.int8]
    lang_key: npt.NDArray[np.int32]
    lang_sets: list[frozenset[str]]
    days: npt.NDArray[np.uint8]
    start: npt.NDArray[np.int16]
    end: npt.NDArray[np.int16]
    tz_key: npt.NDArray[np.int16]
    tz_names: list[str]
    sample: npt.NDArray[np.bool_]
    payment: npt.NDArray[np.uint8] = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))
    name_rank: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    def __post_init__(self) -> None:
        if len(self.payment) != len(self.frame):
            self.payment = np.zeros(len(self.frame), dtype=np.uint8)
        if len(self.name_rank) != len(self.frame):
            names = self.frame["name"].str.casefold().to_numpy()
            order = np.argsort(names, kind="stable")
            rank = np.empty(len(order), dtype=np.int32)
            rank[order] = np.arange(len(order), dtype=np.int32)
            self.name_rank = rank

    def __len__(self) -> int:
        return len(self.frame)

    def listing(self, i: int) -> Listing:
        """The i-th listing (0-based position in this directory)."""
        return self.listings([i])[0]

    def listings(self, positions: list[int]) -> list[Listing]:
        """The listings at these positions, in that order.

        Cell by cell through Arrow on purpose: the memory-mapped cache holds text in many chunks, and
        a multi-row take would first join every chunk of every column; a pandas row (``iloc``) costs
        20x more than reading its cells straight from Arrow.
        """
        cells = self._cells()
        return [self._listing(i, {c: get(i) for c, get in cells.items()}) for i in positions]

    def _cells(self) -> dict[str, Callable[[int], str]]:
        """One reader per text column: cell i as text ("" when missing)."""
        readers: dict[str, Callable[[int], str]] = {}
        for c in self.frame.columns:
            arr = self.frame[c].array
            if getattr(arr.dtype, "storage", None) == "pyarrow" or isinstance(arr.dtype, pd.ArrowDtype):
                readers[str(c)] = _arrow_reader(arr.__arrow_array__())  # the column's own data, no copy
            else:
                readers[str(c)] = _numpy_reader(self.frame[c].to_numpy())
        return readers

    def _listing(self, i: int, row: dict[str, str]) -> Listing:
        lat = float(self.lat[i])
        lon = float(self.lon[i])
        return Listing(
            id=str(row["id"]).strip(),
            name=str(row["name"]).strip(),
            organization=str(row["organization"]).strip(),
            description=str(row["description"]).strip(),
            focus=codes_of(FOCUS, int(self.focus[i])),
            communities=codes_of(COMMUNITIES, int(self.communities[i])),
            audience=codes_of(AUDIENCES, int(self.audience[i])),
            min_age=int(self.min_age[i]) if self.min_age[i] >= 0 else None,
            max_age=int(self.max_age[i]) if self.max_age[i] >= 0 else None,
            facilitation=codes_of(FACILITATION, int(self.facilitation[i])),
            formats=codes_of(FORMATS, int(self.formats[i])),
            days=tuple(schedules.day_codes(int(self.days[i]))),
            start_time=str(row["start_time"]).strip(),
            end_time=str(row["end_time"]).strip(),
            timezone=self.tz_names[int(self.tz_key[i])] if self.tz_key[i] >= 0 else "",
            cost=list(COST)[int(self.cost[i])] if self.cost[i] >= 0 else "",
            languages=tuple(sorted(self.lang_sets[int(self.lang_key[i])])),
            accessibility=codes_of(ACCESSIBILITY, int(self.accessibility[i])),
            address=str(row["address"]).strip(),
            city=str(row["city"]).strip(),
            state=str(row["state"]).strip(),
            postal_code=str(row["postal_code"]).strip(),
            country=str(row["country"]).strip(),
            latitude=None if np.isnan(lat) else lat,
            longitude=None if np.isnan(lon) else lon,
            phone=str(row["phone"]).strip(),
            url=str(row["url"]).strip(),
            source_url=str(row["source_url"]).strip(),
            last_verified=str(row["last_verified"]).strip(),
            worth_knowing=tuple(schedules.split_list(str(row["worth_knowing"]))),
            sample=bool(self.sample[i]),
            payment=codes_of(PAYMENT, int(self.payment[i])),
            source=str(row["source"]).strip() if "source" in row else "",
            join_url=str(row["join_url"]).strip(),
        )


def _arrow_reader(chunked: Any) -> Callable[[int], str]:
    def read(i: int) -> str:
        value = chunked[i].as_py()
        return "" if value is None else str(value)

    return read


def _numpy_reader(values: Any) -> Callable[[int], str]:
    def read(i: int) -> str:
        value = values[i]
        return "" if value is None or value is pd.NA else str(value)

    return read


@dataclass
class LoadResult:
    """What loading gives: the valid listings and every problem found, in file order."""

    directory: Directory
    problems: list[Problem]
    rows_read: int


# --------------------------------------------------------------------------- parsing helpers


def _list_parser(column: str, vocabulary: dict[str, str]) -> Callable[[str], int]:
    order = list(vocabulary)

    def parse(text: str) -> int:
        mask = 0
        for code in schedules.split_list(text):
            key = code.lower()
            if key not in vocabulary:
                raise ValueError(f"unknown {column} code '{code}' (known: {', '.join(order)})")
            mask |= 1 << order.index(key)
        return mask

    return parse


def _parse_languages(text: str) -> frozenset[str]:
    codes = frozenset(c.lower() for c in schedules.split_list(text))
    unknown = sorted(c for c in codes if c not in ISO_639_1)
    if unknown:
        raise ValueError(f"unknown language code '{unknown[0]}' (use ISO 639-1 codes such as en, es)")
    return codes or frozenset({"en"})


def _parse_cost(text: str) -> int:
    key = text.strip().lower()
    if not key:
        return -1
    if key not in COST:
        raise ValueError(f"unknown cost '{text.strip()}' (known: {', '.join(COST)})")
    return list(COST).index(key)


def _parse_age(text: str) -> int:
    value = text.strip()
    if not value:
        return -1
    low, high = AGE_RANGE
    if not value.isdecimal() or not low <= int(value) <= high:
        raise ValueError(f"'{value[:20]}' is not an age in whole years ({low} to {high})")
    return int(value)


def _parse_source(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > 200:
        raise ValueError("longer than 200 characters (name the directory a listing comes from, briefly)")
    return value


def _parse_notes(text: str) -> str:
    notes = [n.strip() for n in text.split(";") if n.strip()]
    if any(len(n) > 200 for n in notes):
        raise ValueError("a note is longer than 200 characters (keep each ';'-separated note short)")
    return "; ".join(notes)


def _parse_clock_or_none(text: str) -> int:
    return schedules.parse_clock(text) if text.strip() else schedules.NO_TIME


def _parse_timezone(text: str) -> str:
    name = text.strip()
    if name and not schedules.is_timezone(name):
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise ValueError(f"unknown time zone '{shown}' (use an IANA name such as America/Chicago)")
    return name


def _parse_url(text: str) -> str:
    value = text.strip()
    if (value and not value.isprintable()) or " " in value:
        raise ValueError(f"'{value[:80]}' is not a link (it has a space, line break or control character in it)")
    if value:
        parsed = urlparse(value)
        if parsed.scheme.lower() not in {"http", "https"} or not parsed.netloc:
            raise ValueError(f"'{value[:80]}' is not an http(s) link")
    return value


def _date_parser(today: date) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip()
        if not value:
            return ""
        try:
            when = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date like 2026-03-31") from None
        if when > today:
            raise ValueError(f"{value} is in the future")
        return when.isoformat()

    return parse


def _parse_sample(text: str) -> bool:
    key = text.strip().lower()
    if key in {"true", "yes", "1"}:
        return True
    if key in {"false", "no", "0", ""}:
        return False
    raise ValueError(f"'{text.strip()}' is not true or false")


def _by_unique(
    series: pd.Series, parse: Callable[[str], T], default: T
) -> tuple[list[T], npt.NDArray[np.intp], list[str | None]]:
    """Parse each distinct value once. Returns (parsed uniques, codes per row, error per unique)."""
    codes, uniques = pd.factorize(series, sort=False)
    parsed: list[T] = []
    errors: list[str | None] = []
    for value in uniques:
        try:
            parsed.append(parse(str(value)))
            errors.append(None)
        except ValueError as exc:
            parsed.append(default)
            errors.append(str(exc))
    return parsed, np.asarray(codes, dtype=np.intp), errors


class _Collector:
    """Gathers (row, column, message) problems and which rows are bad."""

    def __init__(self, n: int) -> None:
        self.bad = np.zeros(n, dtype=bool)
        self.rows: list[tuple[int, str, str, bool]] = []

    def add_unique_errors(self, column: str, codes: npt.NDArray[np.intp], errors: list[str | None]) -> None:
        err_flags = np.array([e is not None for e in errors] or [False], dtype=bool)
        if not err_flags.any():
            return
        for i in np.flatnonzero(err_flags[codes]):
            msg = errors[codes[i]]
            assert msg is not None
            self.add(int(i), column, msg)

    def add_mask(self, mask: npt.NDArray[np.bool_], column: str, message: Callable[[int], str]) -> None:
        for i in np.flatnonzero(mask):
            self.add(int(i), column, message(int(i)))

    def add(self, row: int, column: str, message: str) -> None:
        self.bad[row] = True
        self.rows.append((row, column, message, False))

    def note(self, row: int, column: str, message: str) -> None:
        """A problem reported on its row that still lets the row be listed."""
        self.rows.append((row, column, message, True))


# --------------------------------------------------------------------------- reading

#: Bidi embedding, override and isolate controls make text display in another order than it is written
#: (a name can be made to read backwards): removed from every cell at load time, they never reach a page.
_BIDI_CONTROLS: Final = "[\u202a-\u202e\u2066-\u2069]"
#: Characters that do not show (zero-width, bidi marks and controls, soft hyphen, variation selectors):
#: two ids that differ only by these are the same id.
_INVISIBLE: Final = "[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"
#: A row-level problem (the line cannot be split into the header's columns) is reported in this column.
ROW: Final = "row"


def _read_frame(path: Path) -> tuple[pd.DataFrame, npt.NDArray[np.int64], list[Problem]]:
    """The file's rows as text, each row's line number, and each line that is not a row as a Problem.

    Raises DirectoryError only when the file cannot be used at all. A row with too many or too few
    cells, a stray carriage return, a NUL character or a line of spaces is a problem on its own line;
    the rows around it still load.
    """
    raw = _lf_line_endings(read_bounded(path))
    if not raw.strip():
        raise DirectoryError(path, "the file is empty")
    if b"\x00" in raw[: raw.find(b"\n")]:
        raise DirectoryError(path, "this is not a text CSV file (it contains binary data); save it as UTF-8 CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectoryError(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from None
    names, header_lines = _header(path, text)
    keep = [i for i, name in enumerate(names) if name in COLUMNS]
    problems: list[Problem] = []
    starts: list[int] | None = None
    # the fast reader, unless a line needs a closer look (NUL, a CR that ends no line, a header on 2 lines)
    careful = header_lines > 1 or b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"))
    table = None if careful else _parse_fast(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw, len(names), keep)
    if table is None:  # read line by line: each bad line is reported, every good row kept
        with _cell_limit():
            rows, starts, problems = _parse_careful(text, header_lines, len(names))
        table = _text_table([[r[i] for r in rows] for i in keep])
    frame: pd.DataFrame = table.to_pandas()
    frame.columns = [names[i] for i in keep]
    if not text.isascii():
        frame = _without_bidi_controls(frame)
    with _cell_limit():
        lines = _line_numbers(text, len(frame)) if starts is None else np.asarray(starts, dtype=np.int64)
    return frame, lines, problems


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit``; DirectoryError for a folder, a device or a pipe (reading
    /dev/zero never ends, a FIFO waits forever), a file too big, or one that cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DirectoryError(path, "file not found") from None
    except OSError as exc:
        raise DirectoryError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DirectoryError(path, "is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise DirectoryError(path, "is not a regular file (a device, pipe or socket); give a CSV file")
    if info.st_size > limit:
        raise DirectoryError(path, f"is {info.st_size:,} bytes; the largest directory read is {limit:,} bytes")
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise DirectoryError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise DirectoryError(path, f"is larger than {limit:,} bytes, the largest directory read")
    return raw


@contextlib.contextmanager
def _cell_limit() -> Iterator[None]:
    """The csv module's cell limit raised to MAX_CELL_CHARS for one read (it is process-wide)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, MAX_CELL_CHARS))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _lf_line_endings(raw: bytes) -> bytes:
    """Excel for Mac ends lines with a bare CR: read such a file as if it used LF."""
    if b"\r" in raw and b"\r\n" not in raw and raw.count(b"\r") > raw.count(b"\n"):
        return raw.replace(b"\r", b"\n")
    return raw


def _header(path: Path, text: str) -> tuple[list[str], int]:
    """The header's column names (trimmed, lower case, invisible characters dropped) and its line count."""
    head = text[:MAX_HEADER_CHARS]
    if len(text) > len(head) and "\n" not in head:
        raise DirectoryError(
            path,
            f"the first line is longer than {MAX_HEADER_CHARS:,} characters, so it "
            "cannot be a header naming the columns; check the first line of the file",
        )
    reader = csv.reader(io.StringIO(head, newline="\n"))  # a header is far shorter than 1 MB
    try:
        with _cell_limit():
            header = next(reader, [])
    except csv.Error as exc:
        raise DirectoryError(path, f"the header line cannot be read: {_csv_problem(exc)}") from None
    if len(text) > len(head) and head.count("\n") < reader.line_num:
        raise DirectoryError(
            path,
            f"the header is longer than {MAX_HEADER_CHARS:,} characters, so it "
            "cannot be a header naming the columns; check the first line of the file",
        )
    if not header or not any(h.strip() for h in header):
        raise DirectoryError(path, "the first line should be a header naming the columns")
    names = [re.sub(_INVISIBLE, "", h).strip().lower() for h in header]
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name, []).append(i)
    twice = {name: where for name, where in seen.items() if len(where) > 1}
    if twice:
        said = "; ".join(
            " and ".join(f"'{header[i].strip()}' (column {i + 1})" for i in where) for where in twice.values()
        )
        raise DirectoryError(path, f"the header names the same column more than once: {said}; keep one of each")
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise DirectoryError(
            path,
            f"required column(s) missing from the header: {', '.join(missing)} "
            f"(the header needs at least {', '.join(REQUIRED_COLUMNS)})",
        )
    return names, reader.line_num


def _parse_fast(body: bytes, width: int, keep: list[int]) -> Any:
    """Every kept cell as text, with pyarrow's multithreaded CSV reader (10x faster than pandas' own);
    None when some line does not fit the header (the careful reader then says which)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                include_columns=[columns[i] for i in keep],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None


class _Lines:
    """The file's lines for csv.reader, with a cursor that can be moved back after a bad row."""

    def __init__(self, lines: list[str], pos: int) -> None:
        self.lines = lines
        self.pos = pos

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _parse_careful(text: str, skip: int, width: int) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Read line by line (lines end at LF only): the good rows, their first lines, a Problem per bad line.

    A bad row that spans lines (a quote left open) is reported on its first line and reading resumes on
    the next line, so an open quote never swallows the rows after it.
    """
    src = _Lines(io.StringIO(text, newline="\n").readlines(), skip)
    reader = csv.reader(src)
    rows: list[list[str]] = []
    starts: list[int] = []
    problems: list[Problem] = []
    while src.pos < len(src.lines):
        start = src.pos
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(start + 1, ROW, f"{_csv_problem(exc)}; this row is not listed"))
            src.pos = start + 1
            continue
        spans = src.pos - start > 1
        if not cells:
            continue  # an empty line
        if len(cells) == 1 and not cells[0].strip():
            problems.append(Problem(start + 1, ROW, "a line with only spaces on it; delete it"))
        elif len(cells) != width:
            why = " (a quote opened on this line may not be closed)" if spans else ""
            problems.append(
                Problem(
                    start + 1,
                    ROW,
                    f"{len(cells)} cells, but the header has {width} columns{why}; this row is not listed",
                )
            )
        elif any("\x00" in c for c in cells):
            problems.append(Problem(start + 1, ROW, "contains a NUL character (binary data); this row is not listed"))
        else:
            rows.append(cells)
            starts.append(start + 1)
            continue
        if spans:
            src.pos = start + 1
    return rows, starts, problems


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "new-line character" in text:
        return "a carriage return (CR) in the middle of a line; put that cell in quotes or remove it"
    if "field limit" in text:
        return f"a cell longer than {MAX_CELL_CHARS:,} characters"
    return f"not readable as CSV ({text})"


def _text_table(columns: list[list[str]]) -> Any:
    import pyarrow as pa

    return pa.table({f"c{i}": pa.array(col, type=pa.string()) for i, col in enumerate(columns)})


def _without_bidi_controls(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        values = frame[col]
        if not values.str.isascii().all() and values.str.contains(_BIDI_CONTROLS, regex=True).any():
            frame[col] = values.str.replace(_BIDI_CONTROLS, "", regex=True)
    return frame


def _line_numbers(text: str, n: int) -> npt.NDArray[np.int64]:
    """Each row's line number: simple when no cell spans lines, else ask the csv module."""
    newlines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if newlines == n + 1:
        return np.arange(n, dtype=np.int64) + 2
    reader = csv.reader(io.StringIO(text, newline="\n"))
    next(reader, None)
    starts: list[int] = []
    prev_end = 1
    for row in reader:
        if row:
            starts.append(prev_end + 1)
        prev_end = reader.line_num
    return np.array(starts[:n] + [0] * (n - len(starts)), dtype=np.int64)


def _id_key(ids: pd.Series) -> pd.Series:
    """Ids as compared for duplicates: characters that do not show make no difference."""
    if ids.str.isascii().all():
        return ids
    return ids.str.replace(_INVISIBLE, "", regex=True)


def load_directory(path: str | os.PathLike[str], *, today: date | None = None, cache: bool = False) -> LoadResult:
    """Load and validate a directory CSV. Raises DirectoryError only when the file is unusable.

    With ``cache=True`` the validated result is kept in an Arrow IPC file next to the CSV and reused
    while the CSV's size, modification time and inode, the day (``today``) and the program's format
    are unchanged (a large directory then loads in a fraction of a second); an unwritable folder just
    means no cache.
    """
    p = Path(path)
    day = today or date.today()
    if cache:
        cached = _read_cache(p, day)
        if cached is not None:
            return cached
    before = _stamp(p, day) if cache and p.exists() else None
    frame, lines, unread = _read_frame(p)
    result = validate_frame(frame, lines, today=day, source=p)
    result = _with_unread_lines(result, unread)
    # the cache is stamped with the file version read: if a refresh renamed a new file in while this one
    # was being read and validated, nothing is cached (old rows must never carry the new file's stamp)
    if cache and before is not None and p.exists() and _stamp(p, day) == before:
        _write_cache(p, result, day, before)
    return result


def _with_unread_lines(result: LoadResult, unread: list[Problem]) -> LoadResult:
    """Add the lines that were not rows, in file order, and say so when no row at all is valid."""
    problems = sorted([*result.problems, *unread], key=lambda p: (p.line, p.column != ROW))
    rows = result.rows_read + len({p.line for p in unread})
    if len(result.directory) == 0:
        what = (
            "the file has a header but no rows"
            if rows == 0
            else f"none of the {rows} row(s) is valid (see the problems below)"
        )
        problems.insert(0, Problem(1, "rows", f"{what}: the app would show no groups at all"))
    return LoadResult(directory=result.directory, problems=problems, rows_read=rows)


def validate_frame(
    frame: pd.DataFrame, lines: npt.NDArray[np.int64], *, today: date, source: str | os.PathLike[str] = "<directory>"
) -> LoadResult:
    """Check every row of a text frame (the CSV's columns) and build the Directory of the good ones.

    The steps, in order: fill missing columns, check ids, parse the coded lists, parse the other cells,
    check schedules and ages, check and fill coordinates, then build from the rows with no problem.
    """
    frame, problems = _fill_columns(frame)
    bad = _Collector(len(frame))
    _check_lengths(frame, bad)
    _check_ids(frame, lines, bad)
    masks = _parse_codes(frame, bad)
    cells = _parse_cells(frame, bad, today)
    _check_schedules(frame, cells, bad)
    _check_ages(cells, bad)
    lat, lon = _coordinates(frame, masks["formats"], bad)
    _check_phones(frame, bad)
    problems.extend(Problem(int(lines[r]), c, m, kept) for r, c, m, kept in bad.rows)
    order = {c: i for i, c in enumerate(COLUMNS)}
    problems.sort(key=lambda p: (p.line, order.get(p.column, 99)))  # file order; header problems first
    directory = _build(frame, ~bad.bad, masks, cells, lat, lon)
    return LoadResult(directory=directory, problems=problems, rows_read=len(frame))


@dataclass(frozen=True)
class _Parsed:
    """One column parsed once per distinct value: the parsed values and each row's index into them."""

    values: list[Any]
    codes: npt.NDArray[np.intp]

    def take(self, dtype: Any) -> npt.NDArray[Any]:
        """Each row's parsed value as one numpy column."""
        return np.asarray(self.values, dtype=dtype)[self.codes] if self.values else np.zeros(len(self.codes), dtype)


def _fill_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Every column in COLUMNS order; a missing required one is empty and reported on the header line."""
    problems: list[Problem] = []
    for col in COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
            if col not in OPTIONAL_COLUMNS:
                problems.append(Problem(1, col, "column missing from the header; treated as empty"))
    return frame.loc[:, list(COLUMNS)].reset_index(drop=True), problems


def _check_lengths(frame: pd.DataFrame, bad: _Collector) -> None:
    """No cell is longer than MAX_CELL_CHARS (what the readers accept), whoever built the frame."""
    for col in frame.columns:
        lengths = frame[col].str.len().to_numpy(dtype=np.int64, na_value=0)
        if len(lengths) and int(lengths.max()) > MAX_CELL_CHARS:
            for i in np.flatnonzero(lengths > MAX_CELL_CHARS):
                bad.add(
                    int(i),
                    str(col),
                    f"longer than {MAX_CELL_CHARS:,} characters ({int(lengths[i]):,}); this row is not listed",
                )


def _check_phones(frame: pd.DataFrame, bad: _Collector) -> None:
    """A phone a Call button cannot dial exactly as written is reported; the row is still listed."""
    codes, uniques = pd.factorize(frame["phone"], sort=False)
    said = [phones.phone_problem(str(u)) for u in uniques]
    if not any(said):
        return
    for i in np.flatnonzero(np.array([m is not None for m in said], dtype=bool)[codes]):
        message = said[codes[i]]
        assert message is not None
        bad.note(int(i), "phone", message)


def _check_ids(frame: pd.DataFrame, lines: npt.NDArray[np.int64], bad: _Collector) -> None:
    """Required cells are filled, and an id is used once (the first row with it is kept)."""
    ids = frame["id"].str.strip()
    id_list: list[str] = [str(x) for x in ids.to_numpy()]
    for col in REQUIRED_COLUMNS:
        bad.add_mask((frame[col].str.strip() == "").to_numpy(), col, lambda _i: "required, but empty")
    key = _id_key(ids)  # ids that differ only by characters that do not show are the same id
    dup = (key.duplicated(keep="first") & (key != "")).to_numpy()
    if dup.any():
        keys: list[str] = [str(x) for x in key.to_numpy()]
        first_line = {k: int(v) for k, v in zip(keys[::-1], lines[::-1], strict=True)}
        bad.add_mask(
            dup,
            "id",
            lambda i: f"duplicate id '{id_list[i]}' (first used on line {first_line[keys[i]]}); this row is not listed",
        )


def _parse_codes(frame: pd.DataFrame, bad: _Collector) -> dict[str, npt.NDArray[np.int64]]:
    """Each vocabulary list column (focus, formats, ...) as one bit mask per row."""
    masks: dict[str, npt.NDArray[np.int64]] = {}
    for col, vocab in LIST_COLUMNS.items():
        parsed, codes, errors = _by_unique(frame[col], _list_parser(col, vocab), 0)
        bad.add_unique_errors(col, codes, errors)
        masks[col] = np.asarray(parsed, dtype=np.int64)[codes] if parsed else np.zeros(len(frame), np.int64)
    return masks


def _parse_cells(frame: pd.DataFrame, bad: _Collector, today: date) -> dict[str, _Parsed]:
    """The other checked cells, each parsed once per distinct value (a bad value gets the default)."""
    parsers: dict[str, tuple[Callable[[str], Any], Any]] = {
        "cost": (_parse_cost, -1),
        "languages": (_parse_languages, frozenset({"en"})),
        "days": (schedules.parse_days, 0),
        "start_time": (_parse_clock_or_none, schedules.NO_TIME),
        "end_time": (_parse_clock_or_none, schedules.NO_TIME),
        "timezone": (_parse_timezone, ""),
        "url": (_parse_url, ""),
        "source_url": (_parse_url, ""),
        "join_url": (_parse_url, ""),
        "last_verified": (_date_parser(today), ""),
        "sample": (_parse_sample, False),
        "min_age": (_parse_age, -1),
        "max_age": (_parse_age, -1),
        "worth_knowing": (_parse_notes, ""),
        "source": (_parse_source, ""),
    }
    cells: dict[str, _Parsed] = {}
    for col, (parse, default) in parsers.items():
        values, codes, errors = _by_unique(frame[col], parse, default)
        bad.add_unique_errors(col, codes, errors)
        cells[col] = _Parsed(values, codes)
    return cells


def _check_schedules(frame: pd.DataFrame, cells: dict[str, _Parsed], bad: _Collector) -> None:
    """Days need a start time and the reverse, an end comes after the start, a schedule has a zone."""
    days = cells["days"].take(np.uint8)
    start = cells["start_time"].take(np.int16)
    end = cells["end_time"].take(np.int16)
    has_days, has_start = days > 0, start >= 0
    days_given = (frame["days"].str.strip() != "").to_numpy()
    start_given = (frame["start_time"].str.strip() != "").to_numpy()
    bad.add_mask(has_days & ~start_given, "start_time", lambda _i: "days are given but no start time")
    bad.add_mask(has_start & ~days_given, "days", lambda _i: "a start time is given but no days")
    bad.add_mask((end >= 0) & ~start_given, "start_time", lambda _i: "an end time is given but no start time")
    bad.add_mask(
        (end >= 0) & has_start & (end <= start),
        "end_time",
        lambda i: f"ends ({_cell(frame, 'end_time', i)}) before it starts ({_cell(frame, 'start_time', i)})",
    )
    tz_given = (frame["timezone"].str.strip() != "").to_numpy()
    bad.add_mask(
        has_start & ~tz_given, "timezone", lambda _i: "a schedule needs the group's time zone (e.g. America/New_York)"
    )


def _check_ages(cells: dict[str, _Parsed], bad: _Collector) -> None:
    """An age range does not end before it starts."""
    min_age = cells["min_age"].take(np.int16)
    max_age = cells["max_age"].take(np.int16)
    bad.add_mask(
        (max_age >= 0) & (min_age > max_age),
        "max_age",
        lambda i: f"the age range ends ({max_age[i]}) before it starts ({min_age[i]})",
    )


def _coordinates(
    frame: pd.DataFrame, formats: npt.NDArray[np.int64], bad: _Collector
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Latitude and longitude checked; an in-person group without them is placed at its ZIP's center."""
    lat_text, lon_text = frame["latitude"].str.strip(), frame["longitude"].str.strip()
    lat = np.array(pd.to_numeric(lat_text, errors="coerce"), dtype=np.float64)
    lon = np.array(pd.to_numeric(lon_text, errors="coerce"), dtype=np.float64)
    for name, text, values, limit in (("latitude", lat_text, lat, 90.0), ("longitude", lon_text, lon, 180.0)):
        given = (text != "").to_numpy()
        bad.add_mask(given & np.isnan(values), name, _not_a_number(frame, name))
        with np.errstate(invalid="ignore"):
            out = given & ~np.isnan(values) & (np.abs(values) > limit)
        bad.add_mask(out, name, _out_of_range(values, limit))
    only_one = ((lat_text == "") ^ (lon_text == "")).to_numpy()
    bad.add_mask(only_one, "latitude", lambda _i: "give both latitude and longitude, or neither")
    in_person = (formats & 1).astype(bool)  # bit 0 = in_person
    no_coords = np.isnan(lat) | np.isnan(lon)
    need = in_person & no_coords & (lat_text == "").to_numpy() & (lon_text == "").to_numpy()
    if need.any():
        zips = places.zip_centroids()
        for i in np.flatnonzero(need):
            code = _cell(frame, "postal_code", i)[:5]
            if code in zips:
                lat[i], lon[i] = zips[code]
            else:
                where = (
                    f"postal code '{code}' is not one the offline gazetteer knows"
                    if code
                    else "no postal code to place it by"
                )
                bad.add(int(i), "latitude", f"in person, but no coordinates and {where}")
    return lat, lon


def _build(
    frame: pd.DataFrame,
    good: npt.NDArray[np.bool_],
    masks: dict[str, npt.NDArray[np.int64]],
    cells: dict[str, _Parsed],
    lat: npt.NDArray[np.float64],
    lon: npt.NDArray[np.float64],
) -> Directory:
    """The Directory of the good rows: coded columns as numpy arrays, the text a person reads as a frame."""
    tz = cells["timezone"]
    tz_names = sorted({t for t in tz.values if t})
    tz_index = {t: i for i, t in enumerate(tz_names)}
    tz_key = (
        np.array([tz_index.get(t, -1) for t in tz.values] or [-1], dtype=np.int16)[tz.codes]
        if tz.values
        else np.full(len(frame), -1, np.int16)
    )
    # the coded columns now live in the numpy columns: keep only the text a person reads
    kept = frame[list(TEXT_COLUMNS)] if good.all() else frame.loc[good, list(TEXT_COLUMNS)].reset_index(drop=True)
    for col in ("last_verified", "worth_knowing"):
        kept[col] = cells[col].take(object)[good] if cells[col].values else ""
    lang = cells["languages"]
    return Directory(
        frame=kept,
        lat=lat[good],
        lon=lon[good],
        focus=masks["focus"][good].astype(np.uint32),
        communities=masks["communities"][good].astype(np.uint16),
        audience=masks["audience"][good].astype(np.uint16),
        min_age=cells["min_age"].take(np.int16)[good],
        max_age=cells["max_age"].take(np.int16)[good],
        facilitation=masks["facilitation"][good].astype(np.uint8),
        formats=masks["formats"][good].astype(np.uint8),
        accessibility=masks["accessibility"][good].astype(np.uint8),
        cost=cells["cost"].take(np.int8)[good],
        lang_key=np.asarray(lang.codes[good], dtype=np.int32),
        lang_sets=list(lang.values),
        days=cells["days"].take(np.uint8)[good],
        start=cells["start_time"].take(np.int16)[good],
        end=cells["end_time"].take(np.int16)[good],
        tz_key=tz_key[good],
        tz_names=tz_names,
        sample=cells["sample"].take(bool)[good],
        payment=masks["payment"][good].astype(np.uint8),
    )


def _cell(frame: pd.DataFrame, column: str, row: int | np.integer[Any]) -> str:
    return str(frame[column].iat[int(row)]).strip()


def _not_a_number(frame: pd.DataFrame, column: str) -> Callable[[int], str]:
    return lambda i: f"'{_cell(frame, column, i)[:40]}' is not a number"


def _out_of_range(values: npt.NDArray[np.float64], limit: float) -> Callable[[int], str]:
    return lambda i: f"{values[i]:g} is out of range (-{limit:g} to {limit:g})"


# --------------------------------------------------------------------------- cache


def cache_path(path: Path) -> Path:
    """Where the validated copy of a directory CSV is kept: one file next to it, replaced in place."""
    return path.with_name(path.name + ".cache.arrow")


def _format_key() -> str:
    """A fingerprint of everything the cached form depends on besides the file: the columns, the
    Directory's fields and every vocabulary's codes (their order gives the bit positions)."""
    import hashlib

    parts = [str(CACHE_VERSION), ",".join(COLUMNS), ",".join(TEXT_COLUMNS), ",".join(f.name for f in fields(Directory))]
    parts += [",".join(vocab) for vocab in (*LIST_COLUMNS.values(), COST)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _stamp(path: Path, today: date) -> dict[str, object]:
    """What makes a cached copy current: this file version, this day (dates are checked against it) and
    this program's format."""
    st = path.stat()
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "inode": st.st_ino,
        "today": today.isoformat(),
        "format": _format_key(),
    }


def _split(d: Directory) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]] | None:
    """The Directory's numpy columns, and its other fields as JSON; None if a field can't be stored."""
    arrays: dict[str, npt.NDArray[Any]] = {}
    other: dict[str, Any] = {}
    for f in fields(Directory):
        value = getattr(d, f.name)
        if f.name == "frame":
            continue
        if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == len(d):
            arrays[f.name] = value
        elif isinstance(value, list) and all(isinstance(v, frozenset) for v in value):
            other[f.name] = {"frozensets": [sorted(map(str, v)) for v in value]}
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            other[f.name] = {"strings": value}
        else:
            return None
    return arrays, other


def _write_cache(path: Path, result: LoadResult, today: date, stamp: dict[str, object] | None = None) -> None:
    """Keep the validated directory as an Arrow IPC file next to the CSV (read back memory-mapped).

    Written to a temporary file in the same folder and renamed over the old copy, so a reader sees
    the old file or the new one, never half of one; the temporary file never outlives this call.
    A read-only folder (or a field this code cannot store) simply means no cache.
    """
    import tempfile

    import pyarrow as pa

    d = result.directory
    split = _split(d)
    if split is None:
        return
    arrays, other = split
    table = pa.Table.from_pandas(d.frame.astype(str), preserve_index=False)
    # large_string is what pandas' string columns hold, so reading back needs no copy
    table = table.cast(pa.schema([pa.field(name, pa.large_string()) for name in table.column_names]))
    for name, values in arrays.items():
        table = table.append_column(f"__{name}", pa.array(values))
    meta = {
        "stamp": stamp or _stamp(path, today),
        "other": other,
        "problems": [[p.line, p.column, p.message, p.kept] for p in result.problems],
        "rows_read": result.rows_read,
    }
    table = table.replace_schema_metadata({b"support_group_finder": json.dumps(meta).encode()})
    target = cache_path(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        Path(tmp).replace(target)
        tmp = None
    except (OSError, pa.ArrowException):
        return  # a read-only folder or a full disk: simply no cache
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _read_cache(path: Path, today: date) -> LoadResult | None:
    """The cached directory, memory-mapped: text is paged in only for the rows a person is shown.

    None (so the CSV is read and validated again) unless the copy was made from this very file
    version, on this day, by this program's format."""
    import pyarrow as pa

    target = cache_path(path)
    if not target.exists() or not path.exists():
        return None
    try:
        reader = pa.ipc.open_file(pa.memory_map(str(target), "r"))
        meta = json.loads((reader.schema.metadata or {})[b"support_group_finder"])
        if meta["stamp"] != _stamp(path, today):
            return None
        table = reader.read_all()
        arrays = {c.removeprefix("__"): table.column(c).to_numpy() for c in table.column_names if c.startswith("__")}
        other: dict[str, Any] = {
            name: [frozenset(v) for v in spec["frozensets"]] if "frozensets" in spec else list(spec["strings"])
            for name, spec in meta["other"].items()
        }
        frame = table.select([c for c in table.column_names if not c.startswith("__")]).to_pandas()
        d = Directory(frame=frame, **arrays, **other)
        problems = [Problem(int(a), str(b), str(c), bool(k)) for a, b, c, k in meta["problems"]]
        return LoadResult(directory=d, problems=problems, rows_read=int(meta["rows_read"]))
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return None


def keep_rows(d: Directory, keep: npt.NDArray[np.bool_]) -> Directory:
    """The listings where ``keep`` is true, in the same order (every numpy column cut alike)."""
    if bool(keep.all()):
        return d
    values: dict[str, Any] = {}
    for f in fields(Directory):
        value = getattr(d, f.name)
        if f.name == "name_rank":
            continue  # recomputed for the rows kept
        if f.name == "frame":
            values[f.name] = value.loc[keep].reset_index(drop=True)
        elif isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == len(d):
            values[f.name] = value[keep]
        else:
            values[f.name] = value
    return Directory(**values)


def without_samples(d: Directory) -> Directory:
    """The directory with every sample (invented) listing removed: what SGF_SAMPLES=off serves."""
    return keep_rows(d, ~d.sample.astype(bool))
