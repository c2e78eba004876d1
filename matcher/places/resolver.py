"""The offline free-text resolver for US places (``geocode`` in :mod:`matcher.places.online` is the way in).

It understands ZIP and ZIP+4, "ZIP city" and "city ZIP", city and state (code or name, with or without a
comma, any case), St/Saint, Ft/Fort, Mt/Mount, NYC, DC, accents either way, apostrophes and hyphens,
boroughs and neighborhoods the ZIP data names, Puerto Rico, Alaska, Hawaii and the territories. Text is
normalized (NFKC, any script's digits to ASCII) before anything else. Whatever the input, :func:`locate`
returns a :class:`Place` or raises :class:`LocationError`; one lookup takes well under 5 ms once the
index is built.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from ..reasons import Reason
from .gazetteer import (
    _CITY_ALIASES,
    _FOREIGN_REGIONS,
    _PLAIN_ALIASES,
    _SMALL,
    _US_NAMES,
    STATES,
    _Entry,
    index,
    zip_place,
)
from .model import GazetteerError, LocationError, Place
from .text import MAX_CHARS, clean, name_key, shown, tokens

#: A place "dominates" its namesakes when it has at least this many times their population.
DOMINANT_RATIO: Final = 20.0
#: A namesake abroad hides the US ones (outside_us) when it is this many times larger, and big.
FOREIGN_RATIO: Final = 10.0
FOREIGN_MIN_POPULATION: Final = 100_000
MAX_CANDIDATES: Final = 8

_ZIP_IN_TEXT = re.compile(r"(?<![\d-])(\d{5})(?:\s*-\s*\d{4}|\d{4})?(?![\d])")
_DIGITS = re.compile(r"\d+")
_CANADIAN_POSTCODE = re.compile(r"\b[A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d\b")
_UK_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s+\d[A-Za-z]{2}\b")
#: Nothing to look up (matcher.words words every ``place_`` code in the person's language).
EMPTY: Final = Reason("place_empty")


def _place(entry: _Entry, note: Reason | None = None) -> Place:
    return Place(entry.label, entry.latitude, entry.longitude, entry.timezone, index().zip_of(entry), entry.state, note)


def _chosen(entry: _Entry) -> Reason:
    return Reason("place_chosen", {"label": entry.label})


def _outside(text: str, us: list[_Entry] | None = None) -> LocationError:
    us = us or []
    why = Reason("place_outside_us", {"text": shown(text), "example": us[0].label if us else None})
    return LocationError(why, tuple(e.label for e in us[:MAX_CANDIDATES]), outside_us=True)


def _suggest(key: str, state: str | None = None) -> tuple[str, ...]:
    """Places spelled nearly like ``key`` (a typo, "Pittsburg"), largest first."""
    if len(key) < 3:
        return ()
    from rapidfuzz import fuzz, process

    idx = index()
    pool = idx.keys_by_letter.get(key[0], []) if state is None else idx.state_name_keys.get(state, [])
    found = process.extract(key, pool, scorer=fuzz.ratio, limit=6, score_cutoff=82)
    entries = [e for k, _score, _i in found for e in idx.places.get(k, []) if state is None or e.state == state]
    entries.sort(key=lambda e: (-e.population, -len(e.zips)))
    return tuple(dict.fromkeys(e.label for e in entries))[:MAX_CANDIDATES]


def _not_found(text: str, key: str, state: str | None = None) -> LocationError:
    suggestions = _suggest(key, state)
    params: dict[str, object] = {"text": shown(text), "state": STATES[state] if state else None}
    if suggestions:
        params["suggestion"] = suggestions[0]
    elif state and index().places.get(key):  # "Portland, WA": the same name in other states
        suggestions = tuple(e.label for e in index().places[key][:MAX_CANDIDATES])
        params["namesake"], params["others"] = suggestions[0], len(suggestions) > 1
    return LocationError(Reason("place_not_found", params), suggestions)


def _state_of(words: list[str]) -> str | None:
    return index().state_keys.get("".join(words)) if words else None


def _is_foreign_region(words: list[str]) -> bool:
    k = "".join(words)
    return bool(k) and (k in _FOREIGN_REGIONS or k in index().countries) and k not in _US_NAMES


def _in_state(key: str, state: str) -> _Entry | None:
    alias = _CITY_ALIASES.get(key)
    if alias is not None and alias[1] == state:
        key = alias[0]
    return next((e for e in index().places.get(key, []) if e.state == state), None)


def _whole_state(text: str, state: str) -> LocationError:
    top = tuple(e.label for e in index().by_state.get(state, [])[:5])
    why = Reason("place_whole_state", {"state": STATES[state], "example": top[0] if top else None})
    return LocationError(why, top)


def _bare(text: str, words: list[str]) -> Place:
    """A place name with no state: one place, a dominant one (with a note), or the candidates."""
    idx = index()
    key = name_key(words)
    if key in _CITY_ALIASES:
        k, st = _CITY_ALIASES[key]
        entry = _in_state(k, st)
        if entry is not None:
            note = None if key in _PLAIN_ALIASES else _chosen(entry)
            return _place(entry, note)
    entries = idx.places.get(key, [])
    state = idx.state_keys.get(key)
    if state is not None and state != "DC":
        if entries and entries[0].population >= 500_000:  # "New York", "Washington"
            return _place(entries[0], Reason("place_state_city", {"label": entries[0].label, "state": STATES[state]}))
        raise _whole_state(text, state)
    foreign = idx.world.get(key, 0)
    if key in idx.countries:
        raise _outside(text, entries)
    if not entries:
        if foreign:
            raise _outside(text)
        raise _not_found(text, key)
    top = max(entries[0].population, 1)
    if foreign >= FOREIGN_MIN_POPULATION and foreign >= FOREIGN_RATIO * max(top, _SMALL):
        raise _outside(text, entries)
    if len(entries) == 1:
        return _place(entries[0], _chosen(entries[0]))
    second = max(entries[1].population, _SMALL)
    if top >= DOMINANT_RATIO * second:
        return _place(entries[0], _chosen(entries[0]))
    labels = tuple(e.label for e in entries[:MAX_CANDIDATES])
    raise LocationError(Reason("place_several", {"text": shown(text), "example": labels[0]}), labels)


def _with_state(text: str, city_words: list[str], state: str) -> Place:
    key = name_key(city_words)
    entry = _in_state(key, state)
    if entry is None and key.startswith("the"):
        entry = _in_state(key[3:], state)
    if entry is not None:
        return _place(entry)
    raise _not_found(text, key, state)


def _resolve_text(text: str) -> Place:
    """A place name without a ZIP code: "Miami, Florida", "houston tx", "Española", "NYC"."""
    parts = [p.strip() for p in text.split(",") if tokens(p)]
    while len(parts) > 1 and name_key(parts[-1]) in _US_NAMES:
        parts.pop()
    if not parts:
        raise LocationError(EMPTY)
    if len(parts) >= 2:
        region = tokens(parts[-1])
        # "Springfield IL, USA" handled above; "Brooklyn, New York City" names a city as the region
        rkey = "".join(region)
        state = _state_of(region)
        if rkey in ("nyc", "newyorkcity"):
            state = "NY"
        if state is not None:
            for city in dict.fromkeys((parts[-2], parts[0])):  # "Williamsburg, Brooklyn, NY": Brooklyn, then …
                try:
                    return _with_state(text, tokens(city), state)
                except LocationError:
                    continue
            if rkey in ("nyc", "newyorkcity"):
                return _bare(text, ["nyc"])
            raise _not_found(", ".join(parts[:-1]), name_key(parts[-2]), state)
        if _is_foreign_region(region):
            raise _outside(text)
        try:
            return _resolve_words(" ".join(parts), tokens(" ".join(parts)))
        except LocationError as exc:
            within = _within_place(parts)
            if within is not None:
                return within
            city_key = name_key(parts[0])
            if not index().places.get(city_key) and index().world.get(city_key):
                raise _outside(text) from None
            same_name = tuple(e.label for e in index().places.get(city_key, [])[:MAX_CANDIDATES])
            why = Reason("place_not_a_state", {"text": shown(text), "region": shown(parts[-1])})
            raise LocationError(why, exc.candidates or same_name) from None
    try:
        return _resolve_words(parts[0], tokens(parts[0]))
    except LocationError as exc:
        if exc.candidates or exc.outside_us:
            raise
        pieces = [p for p in _JOINERS.split(parts[0]) if tokens(p)]
        if len(pieces) < 2:
            raise
        for piece in pieces:  # "Dallas/Fort Worth", "Minneapolis–St. Paul", "Raleigh & Durham"
            try:
                found = _resolve_words(piece, tokens(piece))
            except LocationError:
                continue
            return replace(found, note=Reason("place_first_recognized", {"label": found.label}))
        raise


_JOINERS = re.compile(r"\s*(?:/|&|\+|\s[-–—]\s|[–—]|\band\b)\s*")


def _within_place(parts: list[str]) -> Place | None:
    """ "Williamsburg, Brooklyn": a neighborhood, then the US place it is in. The neighborhood if the gazetteer
    knows it near that place, else the place itself (with a note)."""
    try:
        outer = _resolve_words(parts[-1], tokens(parts[-1]))
    except LocationError:
        return None
    if outer.state is None:
        return None
    inner = _in_state(name_key(parts[0]), outer.state)
    if inner is not None and abs(inner.latitude - outer.latitude) + abs(inner.longitude - outer.longitude) < 0.3:
        return _place(inner)
    return replace(outer, note=Reason("place_not_within", {"label": outer.label, "inner": shown(parts[0])}))


def _resolve_words(text: str, words: list[str]) -> Place:
    """One run of words: "houston tx", "saint paul minnesota", "new york city", "paris france"."""
    if not words:
        raise LocationError(EMPTY)
    while len(words) > 1 and "".join(words[-1:]) in _US_NAMES:
        words = words[:-1]
    if len(words) > 2 and "".join(words[-3:]) == "unitedstates":
        words = words[:-2]
    key = name_key(words)
    idx = index()
    if len(words) > 1 and words[-1] == "state" and _state_of(words[:-1]) is not None and key not in idx.places:
        raise _whole_state(text, _state_of(words[:-1]) or "")
    if key in _CITY_ALIASES or (key in idx.places and len(words) > 1 and _state_of(words[-1:]) is None):
        return _bare(text, words)
    # a state at the end: "miles city mt", "saint paul minnesota", "washington d c"
    for n in (4, 3, 2, 1):
        if len(words) > n:
            state = _state_of(words[-n:])
            if state is not None:
                head = words[:-n]
                if "".join(head) in ("nyc", "newyorkcity"):
                    head = ["new", "york"]
                entry = _in_state(name_key(head), state) or (
                    _in_state(name_key(head[1:]), state) if head[:1] == ["the"] else None
                )
                if entry is not None:
                    return _place(entry)
                if key not in idx.places:
                    raise _not_found(" ".join(head), name_key(head), state)
        if len(words) > n and _is_foreign_region(words[-n:]) and key not in idx.places:
            raise _outside(text)
    return _bare(text, words)


def _resolve_zip(text: str, code: str, rest: str) -> Place:
    place = zip_place(code)
    if place is not None:
        return place
    if tokens(rest):
        try:
            found = _resolve_text(rest)
        except LocationError:
            pass
        else:
            return Place(
                found.label,
                found.latitude,
                found.longitude,
                found.timezone,
                found.postal_code,
                found.state,
                Reason("place_zip_city", {"label": found.label, "code": code}),
            )
    raise LocationError(Reason("place_zip_unknown", {"code": code}))


def locate(text: str) -> Place:
    """Resolve a typed US place offline: a ZIP code, a city and state, a city alone, a borough.

    Raises only :class:`LocationError` (with ``candidates`` when the place is ambiguous or nearly
    matches, and ``outside_us`` for places abroad), whatever the input.
    """
    try:
        return _locate(text)
    except LocationError:
        raise
    except GazetteerError:
        raise LocationError(Reason("place_list_unreadable")) from None
    except Exception:  # a defect of ours must not become a traceback or a stuck page
        raise LocationError(Reason("place_unreadable")) from None


def _locate(text: str) -> Place:
    query = clean(text)
    if not query:
        raise LocationError(EMPTY)
    if len(query) > MAX_CHARS:
        raise LocationError(Reason("place_too_long"))
    m = _ZIP_IN_TEXT.search(query)
    if m:
        rest = (query[: m.start()] + " " + query[m.end() :]).strip(" ,")
        return _resolve_zip(query, m[1], rest)
    if _CANADIAN_POSTCODE.search(query) or (_UK_POSTCODE.search(query) and not tokens(query)[0].isdigit()):
        raise _outside(query)
    if not any(ch.isalpha() for ch in query):
        if _DIGITS.search(query):
            raise LocationError(Reason("place_zip_digits"))
        raise LocationError(EMPTY)
    return _resolve_text(query)
