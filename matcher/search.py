"""Find a program by name: typo-tolerant, case- and accent-insensitive, open only to whom it is for.

A person who already knows a program ("TrevorSpace", "Compassionate Friends") types part of its name
or its organization's. Matching uses ``rapidfuzz`` (partial and token matching, so a short typo or a
missing word still finds it) over names and organizations folded to plain lower-case letters. The
found listings are then ranked with the person's own answers relaxed to everything *except* who a
group is for (audience, age): a program the person cannot join is never offered, only counted.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process, utils

from .answers import Answers
from .directory import Directory
from .places import Place
from .scoring import Match, rank_listings
from .vocabulary import COMMUNITIES

#: Lowest similarity (0–100) that counts as a hit; 85 keeps one or two typos in a word of 8+ letters.
MIN_SIMILARITY: Final = 85
#: Queries shorter than this must appear as written (after folding): fuzzy matching 2 letters finds everything.
MIN_FUZZY_LENGTH: Final = 4
MAX_QUERY_LENGTH: Final = 100


@dataclass(frozen=True)
class NameSearch:
    """What a name search found: the listings open to the person, best match first, and how many were not."""

    query: str
    matches: list[Match]
    not_open: int


def fold(text: str) -> str:
    """Plain lower-case letters and digits: NFKD, accents dropped, case folded, punctuation to spaces."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return str(utils.default_process(bare.casefold()))


_FOLDED: dict[int, tuple[Directory, list[str]]] = {}


def _choices(directory: Directory) -> list[str]:
    """Each listing's name and organization, folded once per loaded directory."""
    cached = _FOLDED.get(id(directory))
    if cached is not None and cached[0] is directory:
        return cached[1]
    frame = directory.frame
    names = frame["name"].astype(str) + "  " + frame["organization"].astype(str)
    codes, uniques = _factorize(names.to_numpy())
    folded_uniques = [fold(u) for u in uniques]
    folded = [folded_uniques[c] for c in codes]
    _FOLDED.clear()  # one directory per process: keep only the current one
    _FOLDED[id(directory)] = (directory, folded)
    return folded


def _factorize(values: npt.NDArray[Any]) -> tuple[npt.NDArray[np.intp], list[str]]:
    uniques, codes = np.unique(values.astype(str), return_inverse=True)
    return np.asarray(codes, dtype=np.intp), [str(u) for u in uniques]


def _scorer(query: str, choice: str, **_: Any) -> float:
    """Best of partial (part of a long name), token-set (words in any order) and space-blind similarity."""
    return max(
        fuzz.partial_ratio(query, choice),
        fuzz.token_set_ratio(query, choice),
        fuzz.partial_ratio(query.replace(" ", ""), choice.replace(" ", "")),
    )


def _hits(folded: list[str], query: str, limit: int) -> list[int]:
    if len(query) < MIN_FUZZY_LENGTH:  # short: a whole word or the start of one, as written
        return [i for i, text in enumerate(folded) if f" {query}" in f" {text}"][:limit]
    found = process.extract(query, folded, scorer=_scorer, score_cutoff=MIN_SIMILARITY, limit=None)
    found.sort(key=lambda hit: (-hit[1], hit[2]))
    return [int(hit[2]) for hit in found[:limit]]


def subset(directory: Directory, positions: list[int]) -> Directory:
    """The listings at ``positions`` (in that order) as a directory of their own."""
    pos = np.asarray(positions, dtype=np.intp)
    n = len(directory)
    changes: dict[str, Any] = {"frame": directory.frame.iloc[pos].reset_index(drop=True)}
    for f in dataclasses.fields(directory):
        value = getattr(directory, f.name)
        if f.name != "frame" and isinstance(value, np.ndarray) and len(value) == n:
            changes[f.name] = value[pos]
    changes["name_rank"] = np.zeros(0, dtype=np.int32)  # recomputed for the subset
    return dataclasses.replace(directory, **changes)


def open_to_anyone_asking(answers: Answers | None) -> Answers:
    """The person's answers with every preference relaxed, keeping only who they are (communities, age)."""
    base = answers or Answers.model_validate({})
    update: dict[str, object] = {
        "formats": [],
        "location": None,
        "free_only": False,
        "languages": [],
        "accessibility": [],
        "days": [],
        "times": [],
    }
    if "other_topics" in Answers.model_fields:
        update["other_topics"] = True
    else:  # before topic filtering existed every topic was shown anyway
        update["focus"] = base.focus
    return base.model_copy(update=update)


def find_by_name(
    directory: Directory,
    query: str,
    answers: Answers | None = None,
    *,
    origin: Place | None = None,
    now: datetime | None = None,
    limit: int = 10,
) -> NameSearch:
    """Listings whose name or organization is like ``query``, open to this person, best match first.

    Place, distance, format, cost, language, access and schedule do not hide a program found by name
    (the person asked for it); who it is for does: those are counted in ``not_open``.
    """
    folded_query = fold(query[:MAX_QUERY_LENGTH])
    if not folded_query or len(directory) == 0:
        return NameSearch(query=query, matches=[], not_open=0)
    positions = _hits(_choices(directory), folded_query, limit=max(limit * 5, 50))
    if not positions:
        return NameSearch(query=query, matches=[], not_open=0)
    found = subset(directory, positions)
    relaxed = open_to_anyone_asking(answers)
    ranking = rank_listings(found, relaxed, None, now=now, limit=None)
    order = {p: i for i, p in enumerate(positions)}
    by_id = {str(directory.frame["id"].iat[p]).strip(): order[p] for p in positions}
    # real programs first (never an invented example above a real one), then by likeness to the query
    open_matches = sorted(ranking.matches, key=lambda m: (m.listing.sample, by_id.get(m.listing.id, len(order))))
    if origin is not None:
        open_matches = [_with_distance(m, origin) for m in open_matches]
    return NameSearch(query=query, matches=open_matches[:limit], not_open=len(positions) - len(open_matches))


def _with_distance(match: Match, origin: Place) -> Match:
    from .places import distance_miles

    g = match.listing
    if "in_person" not in g.formats or g.latitude is None or g.longitude is None:
        return match
    miles = float(distance_miles(origin.latitude, origin.longitude, np.array([g.latitude]), np.array([g.longitude]))[0])
    return dataclasses.replace(match, distance_miles=miles)


def find_by_ids(
    directory: Directory, ids: list[str], answers: Answers | None = None, *, now: datetime | None = None
) -> list[Match]:
    """The listings with these ids, in that order (unknown ids skipped), e.g. to restore a shared shortlist.

    The person chose each of these, so nothing they said hides one; reasons use their answers when given.
    """
    wanted = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    if not wanted or len(directory) == 0:
        return []
    column = directory.frame["id"].astype(str).str.strip()
    positions = [int(p) for p in np.flatnonzero(column.isin(wanted).to_numpy())]
    if not positions:
        return []
    found = subset(directory, positions)
    everyone = (
        {"communities": list(COMMUNITIES), "age": None}
        if "age" in Answers.model_fields
        else {"communities": list(COMMUNITIES)}
    )
    by_id: dict[str, Match] = {}
    # everyone but family members too: closed meetings are only for people seeking help for themselves
    not_family = {**everyone, "communities": [c for c in COMMUNITIES if c != "family_caregivers"]}
    asking = open_to_anyone_asking(answers)
    for relaxed in (asking, asking.model_copy(update=everyone), asking.model_copy(update=not_family)):
        for m in rank_listings(found, relaxed, None, now=now, limit=None).matches:
            by_id.setdefault(m.listing.id, m)
    return [by_id[i] for i in wanted if i in by_id]
