"""Parsers of one cell's text (lists of codes, languages, cost, ages, links, dates, notes) and the collector
of each row's problems; each distinct value is parsed once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar
from urllib.parse import urlparse

import numpy as np
import numpy.typing as npt
import pandas as pd

from .. import schedules
from ..vocabulary import (
    COST,
    FACILITY_GROUPS,
    FACILITY_KEYS,
    FACILITY_PROGRAMS,
    FACILITY_TYPES,
    ISO_639_1,
    PLACINGS,
)
from .model import AGE_RANGE

T = TypeVar("T")


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


def _parse_facility(text: str) -> str:
    """The ``facility`` codes (``key:value`` separated by ';'), each checked against its vocabulary."""
    known = {"type": FACILITY_TYPES, "offers": FACILITY_GROUPS, "special": FACILITY_PROGRAMS}
    tokens = [t.strip() for t in text.split(";") if t.strip()]
    for token in tokens:
        key, sep, value = token.partition(":")
        shown = token if len(token) <= 40 else token[:40] + "…"
        if not sep or key not in FACILITY_KEYS:
            raise ValueError(f"'{shown}' is not a facility code (use {', '.join(k + ':…' for k in FACILITY_KEYS)})")
        if key in known and value not in known[key]:
            raise ValueError(f"unknown facility {key} '{shown}'")
        if key == "edition" and not (len(value) == 4 and value.isdigit()):
            raise ValueError(f"'{shown}': the edition is a year, like edition:2022")
        if key == "main_phone" and (not value.isprintable() or len(value) > 40):
            raise ValueError(f"'{shown}': not a phone number")
        if key == "placed" and value not in PLACINGS:
            raise ValueError(f"'{shown}': a placing is placed:zip or placed:city")
    return ";".join(tokens)


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
