"""The directory's format (its columns) and its columnar form: a listing, the whole directory, a problem
found while loading, and cutting rows out of a loaded directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import schedules
from ..errors import MatcherError
from ..vocabulary import (
    ACCESSIBILITY,
    AUDIENCES,
    COMMUNITIES,
    COST,
    FACILITATION,
    FOCUS,
    FORMATS,
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
    "local_groups",
    "facility",
    "description_es",
    "worth_knowing_es",
)


#: A directory's own text (a description, its notes) may also be written in another language, in a column
#: of the same name with that language's suffix: language code → suffix. Shown to a person reading that
#: language when the cell is not empty; otherwise the directory's own text. Another language is one more
#: entry here, its column pair in COLUMNS and TEXT_COLUMNS, and its two Listing fields.
TRANSLATION_SUFFIXES: Final[dict[str, str]] = {"es": "_es"}

#: The columns a directory may translate (each worth_knowing_XX holds the same ';'-separated notes, in order).
TRANSLATED_COLUMNS: Final[tuple[str, ...]] = ("description", "worth_knowing")


#: Columns added after the first release: a file without them is read as "open to everyone, any age,
#: nothing worth knowing", without a problem reported (older exports and third-party files stay clean).
OPTIONAL_COLUMNS: Final[frozenset[str]] = frozenset(
    {
        "audience",
        "min_age",
        "max_age",
        "worth_knowing",
        "payment",
        "source",
        "join_url",
        "local_groups",
        "facility",
        *(f"{c}{suffix}" for suffix in TRANSLATION_SUFFIXES.values() for c in TRANSLATED_COLUMNS),
    }
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
    "local_groups",
    "facility",
    "description_es",
    "worth_knowing_es",
)


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
    #: the http(s) page where a person finds the program's local in-person groups (chapters, meetings,
    #: centers): a listing with it and no place of its own is offered "in person near you" (no distance, no
    #: map dot), linking this page; "" when the program runs none or the listing is one place
    local_groups: str = ""
    #: A treatment facility from SAMHSA's directories, as codes (``type:CMHC``, ``offers:GT``, ``special:TRMA``,
    #: ``edition:2022``, ``main_phone:…``, ``placed:zip``; see vocabulary.FACILITY_KEYS): matcher.words words
    #: its description, source and notes in the person's language. Empty for every other listing.
    facility: tuple[str, ...] = ()
    #: the description in Spanish ("" = not translated: the directory's own is shown)
    description_es: str = ""
    #: the worth_knowing notes in Spanish, one for each note, in the same order (() = not translated)
    worth_knowing_es: tuple[str, ...] = ()

    def description_in(self, language: str) -> str:
        """The description a person reading ``language`` sees: its translation when the directory gives one,
        otherwise the directory's own text."""
        suffix = TRANSLATION_SUFFIXES.get(language)
        translated = str(getattr(self, f"description{suffix}", "")) if suffix else ""
        return translated or self.description

    def translated_notes(self) -> dict[str, tuple[str, ...]]:
        """Each language whose worth_knowing notes the directory translated one for one (as many notes, same
        order), with those notes. A translation with a different number of notes cannot be paired: left out."""
        found: dict[str, tuple[str, ...]] = {}
        for language, suffix in TRANSLATION_SUFFIXES.items():
            notes: tuple[str, ...] = getattr(self, f"worth_knowing{suffix}", ())
            if notes and len(notes) == len(self.worth_knowing):
                found[language] = notes
        return found

    def facility_values(self, key: str) -> tuple[str, ...]:
        """The values of one ``facility`` key, in order ("offers" → ("GT", "SHG"))."""
        return self._facility_by_key.get(key, ())

    @cached_property
    def _facility_by_key(self) -> dict[str, tuple[str, ...]]:
        """``facility`` split by key once per listing (a card and its reasons ask for several keys)."""
        found: dict[str, list[str]] = {}
        for k, _sep, v in (t.partition(":") for t in self.facility):
            found.setdefault(k, []).append(v)
        return {k: tuple(v) for k, v in found.items()}

    @property
    def where(self) -> str:
        """The address on one line ("" for groups with no place)."""
        parts = [self.address, self.city, " ".join(p for p in (self.state, self.postal_code) if p)]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class LatitudeIndex:
    """Listing positions in latitude order (the ones with no place last), with their latitudes and longitudes.

    The rows in a box are two binary searches and one contiguous pass away, instead of a test of every row:
    a 25-mile search on 1M listings reads a few in a hundred, side by side in memory. Coordinates are kept as
    float32 (half the memory); rounding to nearest keeps their order, so a box found on them holds every row
    of the exact box, and :meth:`box` returns a few more at its edges for the caller's exact test.
    """

    order: npt.NDArray[np.int32]
    lat: npt.NDArray[np.float32]
    lon: npt.NDArray[np.float32]

    @classmethod
    def of(cls, lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]) -> LatitudeIndex:
        order = np.argsort(lat, kind="stable").astype(np.int32)  # NaN (no place) sorts last
        return cls(order=order, lat=lat[order].astype(np.float32), lon=lon[order].astype(np.float32))

    def box(self, lo_lat: float, hi_lat: float, lo_lon: float, hi_lon: float) -> npt.NDArray[np.int32]:
        """The positions of every listing inside the box (and perhaps a few just outside it), in no order."""
        start = int(np.searchsorted(self.lat, np.float32(lo_lat), side="left"))
        stop = int(np.searchsorted(self.lat, np.float32(hi_lat), side="right"))
        lon = self.lon[start:stop]
        inside = (lon >= np.float32(lo_lon)) & (lon <= np.float32(hi_lon))
        return self.order[start:stop][inside]


@dataclass(frozen=True)
class AudienceKinds:
    """Each listing's audience as a small code into the directory's distinct audience values (a directory
    holds a few dozen): a test of who a listing is for is worked out once per value, then looked up."""

    values: npt.NDArray[np.uint16]
    codes: npt.NDArray[np.uint8] | npt.NDArray[np.uint16]

    @classmethod
    def of(cls, audience: npt.NDArray[np.uint16]) -> AudienceKinds:
        values, codes = np.unique(audience, return_inverse=True)
        small = codes.astype(np.uint8) if len(values) <= 256 else codes.astype(np.uint16)
        return cls(values=values, codes=small)

    def where(self, test: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
        """Per listing, ``test``'s answer for its audience value (``test`` is aligned with ``values``)."""
        return np.take(test, self.codes)


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
    #: met in person at one of the program's local groups, found on its ``local_groups`` page: a page given and
    #: no place of its own (reachable in person from anywhere, at no known distance)
    local: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: copied from a published directory (its ``source`` is set): a treatment facility whose communities are
    #: programs it runs. Worked out once here, not per ranking: reading the text column costs 4-35 ms on 1M rows
    sourced: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __post_init__(self) -> None:
        if len(self.sourced) != len(self.frame):
            if "source" in self.frame.columns:
                self.sourced = np.asarray(self.frame["source"].to_numpy(dtype=object) != "", dtype=bool)
            else:
                self.sourced = np.zeros(len(self.frame), dtype=bool)
        if len(self.local) != len(self.frame):
            if "local_groups" in self.frame.columns:
                page = self.frame["local_groups"].fillna("").astype(str).str.strip().to_numpy() != ""
                self.local = np.asarray(page & np.isnan(self.lat), dtype=bool)
            else:
                self.local = np.zeros(len(self.frame), dtype=bool)
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

    def build_indexes(self) -> Directory:
        """Build the indexes a ranking reads now rather than on the first ranking (a few tenths of a second on
        1M listings, better spent loading than keeping the first person waiting). Returns the directory."""
        _ = self.by_latitude, self.audience_kinds
        return self

    @cached_property
    def by_latitude(self) -> LatitudeIndex:
        """The listings sorted by latitude, built on first use (a distance search reads a band of it)."""
        return LatitudeIndex.of(self.lat, self.lon)

    @cached_property
    def audience_kinds(self) -> AudienceKinds:
        """The directory's distinct audience codes, built on first use (an eligibility test reads them)."""
        return AudienceKinds.of(self.audience)

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
            local_groups=str(row["local_groups"]).strip() if "local_groups" in row else "",
            facility=tuple(schedules.split_list(str(row["facility"]))) if "facility" in row else (),
            description_es=str(row.get("description_es", "")).strip(),
            worth_knowing_es=tuple(schedules.split_list(str(row.get("worth_knowing_es", "")))),
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
