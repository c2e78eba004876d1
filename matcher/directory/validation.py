"""Validating a frame of text cells row by row and building the Directory of the good rows; each problem is
reported with its line, its column and a plain message."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import phones, places, schedules
from .cells import (
    _by_unique,
    _Collector,
    _date_parser,
    _list_parser,
    _parse_age,
    _parse_clock_or_none,
    _parse_cost,
    _parse_facility,
    _parse_languages,
    _parse_notes,
    _parse_sample,
    _parse_source,
    _parse_timezone,
    _parse_url,
)
from .model import (
    COLUMNS,
    LIST_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_COLUMNS,
    TRANSLATION_SUFFIXES,
    Directory,
    LoadResult,
    Problem,
)
from .reading import _INVISIBLE, MAX_CELL_CHARS


def _id_key(ids: pd.Series) -> pd.Series:
    """Ids as compared for duplicates: characters that do not show make no difference."""
    if ids.str.isascii().all():
        return ids
    return ids.str.replace(_INVISIBLE, "", regex=True)


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
    _check_translated_notes(cells, bad)
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
        "local_groups": (_parse_url, ""),
        "last_verified": (_date_parser(today), ""),
        "sample": (_parse_sample, False),
        "min_age": (_parse_age, -1),
        "max_age": (_parse_age, -1),
        "worth_knowing": (_parse_notes, ""),
        **{f"worth_knowing{suffix}": (_parse_notes, "") for suffix in TRANSLATION_SUFFIXES.values()},
        "source": (_parse_source, ""),
        "facility": (_parse_facility, ""),
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


def _note_counts(parsed: _Parsed) -> npt.NDArray[np.int64]:
    """How many notes each row's parsed notes cell holds (the parser joins them with "; ")."""
    counts = [v.count("; ") + 1 if v else 0 for v in parsed.values]
    return np.asarray(counts, dtype=np.int64)[parsed.codes] if counts else np.zeros(len(parsed.codes), np.int64)


def _check_translated_notes(cells: dict[str, _Parsed], bad: _Collector) -> None:
    """Translated notes pair one for one with worth_knowing: another number of them is reported (the row is
    listed, with the directory's own notes)."""
    own = _note_counts(cells["worth_knowing"])
    for suffix in TRANSLATION_SUFFIXES.values():
        col = f"worth_knowing{suffix}"
        counts = _note_counts(cells[col])
        for i in np.flatnonzero((counts > 0) & (counts != own)):
            bad.note(
                int(i),
                col,
                f"{counts[i]} note(s), but worth_knowing has {own[i]}: give one for each, in the same order "
                "(until then its own notes are shown)",
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
    # a program met at its local groups (a page of them, no place of its own) needs no place: no distance, no dot
    local = ((frame["local_groups"].str.strip() != "") & (frame["postal_code"].str.strip() == "")).to_numpy()
    bad_local = (frame["local_groups"].str.strip() != "").to_numpy() & ~in_person
    for i in np.flatnonzero(bad_local):
        bad.note(
            int(i),
            "local_groups",
            "a page of local groups, but the formats do not say in_person; not offered in person",
        )
    need = in_person & ~local & no_coords & (lat_text == "").to_numpy() & (lon_text == "").to_numpy()
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
                    else "no postal code to place it by (nor a local_groups page where people find its local groups)"
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
    translated = tuple(f"worth_knowing{suffix}" for suffix in TRANSLATION_SUFFIXES.values())
    for col in ("last_verified", "worth_knowing", *translated, "facility"):
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
