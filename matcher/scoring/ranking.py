"""Ranking the listings for a person, and the national programs anyone eligible can join from anywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from .. import places
from ..answers import Answers
from ..directory import Directory
from .explanations import _match
from .fit import _best_first, _candidates, _kind_counts, _score
from .needs import _distances, _hard_needs, _reach, _widen, known_timezone, person_timezone
from .relax import _exclusions
from .results import Match, Ranking
from .weights import DISTANCE_STEPS


def rank_listings(
    directory: Directory,
    answers: Answers,
    origin: places.Place | None = None,
    *,
    now: datetime | None = None,
    limit: int | None = 50,
    real_only: bool = False,
    prefer_language: str | None = None,
    placed_only: bool = False,
) -> Ranking:
    """Rank a directory for a person. ``limit`` listings get reasons (None: all of them).

    ``real_only`` leaves sample listings out (for "national programs anyone can join"); ``placed_only``
    leaves out listings with no place of their own (the map: a program met at its local groups has no dot).
    ``prefer_language`` (a language code, e.g. the interface's "es") puts listings held in it first among
    equals (same kind, tier and score) when the person chose no language themselves. The steps, all
    vectorised over the directory: distances, hard needs (each counted for what it hides), the soft
    score of the listings that meet every need, their order, then reasons for the first ``limit``.
    """
    now = now or datetime.now(UTC)
    tz = person_timezone(answers, origin)
    d = directory
    steps = [s for s in DISTANCE_STEPS if s > answers.max_distance_miles]
    dist, within = _distances(d, answers, origin)
    r = _reach(d.formats, d.accessibility, answers.formats, answers.accessibility, within, d.local)
    fails = _hard_needs(d, answers, r, located=origin is not None, real_only=real_only)
    nfail = np.zeros(len(d), np.int8)
    for mask in fails.values():
        nfail += mask
    ok = (nfail == 0) & ~d.sample if real_only else nfail == 0
    if placed_only:
        ok &= ~np.isnan(d.lat)
    _widen(d, origin, steps, dist, fails)  # the miles the wider distances' offers count
    exclusions = _exclusions(d, answers, fails, nfail, dist, steps, origin is not None)
    idx = np.flatnonzero(ok)
    cols = _candidates(d, answers, r, idx, dist, within, located=origin is not None)
    score = _score(d, answers, origin, cols, tz, now)
    preferred = prefer_language if prefer_language and not answers.languages else None
    chosen = _best_first(d, cols, score, limit, now, preferred)
    listings = d.listings([int(cols.idx[c]) for c in chosen])
    known_tz = known_timezone(answers, origin)
    matches = [
        _match(d, g, answers, cols, int(c), int(score[c]), tz, now, known_tz)
        for c, g in zip(chosen, listings, strict=True)
    ]
    return Ranking(
        matches=matches,
        total=len(idx),
        exclusions=exclusions,
        kind_counts=_kind_counts(d, cols),
        real_total=len(idx) - int(np.count_nonzero(d.sample[idx])),
    )


def always_available(
    directory: Directory,
    answers: Answers,
    *,
    origin: places.Place | None = None,
    now: datetime | None = None,
    exclude_ids: frozenset[str] = frozenset(),
    limit: int = 5,
    prefer_language: str | None = None,
) -> list[Match]:
    """National programs anyone eligible can join from anywhere (online or by phone), by relevance.

    Real listings only; the person's eligibility (audience, age), topic, languages and "free only" still
    apply, and so do the ways of attending they chose: someone who chose in person and phone gets the
    programs joined by phone, never online-only ones (someone who chose only in person gets none).
    Access needs apply as in the main ranking: a program without ASL is not offered to someone who
    needs it, while a wheelchair need never hides a program joined from home. Listings in
    ``exclude_ids`` (already shown above) are skipped, so no page shows a listing twice. Given the
    same ``origin`` as the main ranking, a program's fit here is the fit it has there.
    """
    remote = [f for f in ("online", "phone") if answers.accepts(f)]
    if not remote:
        return []
    anywhere = answers.model_copy(update={"formats": remote})
    ranking = rank_listings(
        directory,
        anywhere,
        origin,
        now=now,
        limit=limit + len(exclude_ids),
        real_only=True,
        prefer_language=prefer_language,
    )
    return [m for m in ranking.matches if m.listing.id not in exclude_ids][:limit]
