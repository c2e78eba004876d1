"""Fit: the per-candidate columns, the topic tiers, the one 0–100 soft score, and the order of the listings
that meet every need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from .. import places, schedules
from ..answers import Answers
from ..directory import Directory
from ..vocabulary import (
    COMMUNITIES,
    DAYS,
    FACILITATION,
    FOCUS,
    TIMES_OF_DAY,
    mask_of,
)
from .needs import _after_open, _any_bits, _At, _narrower, _programs, _Reach
from .weights import (
    _AFTER_OPEN,
    _ALL_FOCUS,
    _GENERAL,
    _LED_OTHERWISE,
    _PEER,
    _PROFESSIONAL,
    _SAMPLE_STEP,
    _TIER_STEP,
    _UNPLACED,
    CARE_FOCUS,
    PARTIAL,
    TIER_GENERAL,
    TIER_ON_TOPIC,
    TIER_OTHER_TOPIC,
    TRAVEL_COMFORT_MILES,
    WEIGHTS,
)


@dataclass
class _Columns:
    """Per-candidate arrays computed once and used for scoring, order and reasons."""

    idx: npt.NDArray[np.intp]
    dist: npt.NDArray[np.float64]
    in_person: npt.NDArray[np.bool_]
    remote: npt.NDArray[np.bool_]
    tier: npt.NDArray[np.int8]
    #: the directory's columns at the candidates, each read once
    at: _At
    #: communities are programs the listing runs (a treatment facility's special programs), not who it is for
    programs: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    #: known to be led only in a way the person did not choose: after every listing led their way
    led_otherwise: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    #: how many topics the listing covers (with no topic chosen, the broadest come first among equals)
    breadth: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    #: met in person at one of the program's local groups: near the person, at no known distance
    local: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    #: only for people the person did not say whether they are (or for families): after the open ones
    after: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    #: how many of the person's communities the listing is built for (groups for more come first on ties)
    shared: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    #: schedule fit: 2 day and time, 1 one of them, 0 neither, -1 no fixed time (only with days/times)
    sched: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    #: met only in person and the person gave no place (so nearness is unknown): after the rest
    unplaced: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))


def _candidates(
    d: Directory,
    answers: Answers,
    r: _Reach,
    idx: npt.NDArray[np.intp],
    dist: npt.NDArray[np.float64],
    within: npt.NDArray[np.bool_],
    *,
    located: bool = True,
) -> _Columns:
    """The per-candidate columns scoring, order and reasons share (distance only where met in person)."""
    in_person_now = (r.ip_raw & r.wheel_ok & within)[idx]
    remote = r.remote[idx]
    # a place copied from a nationwide directory (a clinic, not a local group) and no place given: its
    # distance is unknown, so it comes after what is joined from anywhere
    programs = _programs(d, idx)
    at = _At(d, idx)
    unplaced = np.zeros(len(idx), bool) if located else ~remote & (at.days == 0) & programs
    fa = at.facilitation
    if answers.facilitation == "any":
        led_otherwise = np.zeros(len(idx), bool)
    else:
        led_otherwise = (fa != 0) & ~_any_bits(fa, mask_of(FACILITATION, [answers.facilitation]))
    return _Columns(
        idx=idx,
        dist=np.where(in_person_now, dist[idx], np.inf),
        in_person=in_person_now,
        remote=remote,
        local=r.local[idx] & ~in_person_now,
        tier=_tiers(at, answers, programs),
        after=_after_open(at, answers, programs),
        unplaced=unplaced,
        programs=programs,
        led_otherwise=np.asarray(led_otherwise, dtype=bool),
        breadth=(
            np.zeros(len(idx), np.int64)
            if answers.focus
            else np.bitwise_count(at.focus & (_ALL_FOCUS & ~_GENERAL)).astype(np.int64)
        ),
        at=at,
    )


def _best_first(
    d: Directory,
    cols: _Columns,
    score: npt.NDArray[Any],
    limit: int | None,
    now: datetime,
    preferred: str | None = None,
) -> npt.NDArray[np.intp]:
    """Positions (into the candidates) of the first ``limit``: real before sample, topic tier, score, then
    communities shared, held in the preferred language, next meeting, distance, name. Only the candidates
    that can reach the top get the finer keys."""
    idx = cols.idx
    primary = (
        d.sample[idx].astype(np.int32) * _SAMPLE_STEP
        + cols.unplaced.astype(np.int32) * _UNPLACED
        + (cols.led_otherwise.astype(np.int32) * _LED_OTHERWISE if len(cols.led_otherwise) else 0)
        + cols.tier.astype(np.int32) * _TIER_STEP
        + cols.after.astype(np.int32) * _AFTER_OPEN
        + (100 - score).astype(np.int32)
    )
    k = len(idx) if limit is None else min(limit, len(idx))
    if k == 0:
        return np.zeros(0, dtype=np.intp)
    if k < len(idx):
        kth = np.partition(primary, k - 1)[k - 1]
        cand = np.flatnonzero(primary <= kth)
    else:
        cand = np.arange(len(idx))
    nxt = schedules.minutes_until_next(d.days[idx[cand]], d.start[idx[cand]], d.tz_key[idx[cand]], d.tz_names, now)
    shared = -cols.shared[cand] if len(cols.shared) else np.zeros(len(cand), np.int64)
    keys: list[npt.NDArray[Any]] = [d.name_rank[idx[cand]], cols.dist[cand], nxt]
    if preferred:
        held = np.array([preferred in s for s in d.lang_sets] or [False], dtype=bool)
        keys.append(~held[d.lang_key[idx[cand]]])
    if len(cols.breadth):  # no topic chosen: the broadest programs first among equals
        keys.append(-cols.breadth[cand])
    order = np.lexsort((*keys, shared, primary[cand]))
    return np.asarray(cand[order[:k]], dtype=np.intp)


def _kind_counts(d: Directory, cols: _Columns) -> dict[str, int]:
    """How many matches there are of each kind of group (for rank_kinds)."""
    facilitation = d.facilitation[cols.idx]
    return {
        "peer": int(np.count_nonzero(facilitation & _PEER)),
        "professional": int(np.count_nonzero(facilitation & _PROFESSIONAL)),
        "online": int(np.count_nonzero(cols.remote)),
    }


def _tiers(at: _At, answers: Answers, programs: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.int8]:
    if not answers.focus:  # no topic said: groups for mental health in general first, then the others
        return np.where(_any_bits(at.focus, _GENERAL), TIER_ON_TOPIC, TIER_GENERAL).astype(np.int8)
    f = at.focus
    on_topic = _any_bits(f, mask_of(FOCUS, answers.focus))
    general = _any_bits(f, _GENERAL)
    # a general group built for a community the person chose is on topic (an LGBTQ+ center's group for an
    # LGBTQ+ person with anxiety), except a general family program: a family member asks about someone's
    # particular problem (a parent of someone using drugs: Nar-Anon, not a general caregivers' program)
    # (a facility's special program for the community is one program it runs: its general groups are not
    # built for the person, so it stays a general listing)
    mine = mask_of(COMMUNITIES, [c for c in answers.communities if c != "family_caregivers"])
    own = at.communities if programs is None else np.where(programs, 0, at.communities)
    built_for_me = _any_bits(own | at.audience, mine) if mine else np.zeros(len(at), bool)
    # a narrower loss than the person said (suicide loss, for someone who said grief) ranks like a general group
    narrow = _narrower(at, answers)
    first = (on_topic & ~narrow) | (general & built_for_me)
    return np.where(first, TIER_ON_TOPIC, np.where(general | narrow, TIER_GENERAL, TIER_OTHER_TOPIC)).astype(np.int8)


def _community_share(d: Directory, answers: Answers, cols: _Columns) -> npt.NDArray[np.float64]:
    """Share of the community weight each candidate earns (and ``cols.shared``, the tie-break count).

    Communities add up: a group for any one of the person's communities fits fully (a gay man who also said
    "men" keeps the LGBTQ+ meetings on top, beside the men's ones). A facility's special programs are
    programs it runs, not a place built for the person: one for a community of theirs is a partial fit
    however many it lists (counted once on ties), and programs for others leave it as open as a facility
    listing none; only its audience (a VA center for veterans) fits fully.
    """
    at = cols.at
    c = at.communities | at.audience
    mine = mask_of(COMMUNITIES, answers.communities)
    hit = (c & mine) != 0
    cols.shared = np.bitwise_count(c & mine).astype(np.int64)
    cols.shared = np.where(cols.programs, np.minimum(cols.shared, 1), cols.shared)
    prog = cols.programs & (at.audience == 0)
    full = np.where(hit, 1.0, np.where(c == 0, PARTIAL["community_open"], 0.0))
    runs = np.where(hit, PARTIAL["community_program"], PARTIAL["community_open"])
    return np.asarray(np.where(prog, runs, full), dtype=np.float64)


def _score(
    d: Directory, answers: Answers, origin: places.Place | None, cols: _Columns, tz: str, now: datetime
) -> npt.NDArray[np.int64]:
    idx = cols.idx
    earned = np.zeros(len(idx))
    possible = 0.0
    if answers.focus:
        w = WEIGHTS["focus"]
        f = cols.at.focus
        want = mask_of(FOCUS, answers.focus)
        overlap = np.bitwise_count(f & want).astype(np.float64)
        # on topic: full marks for a group wholly about what the person chose (a grief group for
        # grief ranks above a suicide-loss group that also covers grief, and the other way round)
        specific = overlap / np.maximum(np.bitwise_count(f & (_ALL_FOCUS & ~_GENERAL)), 1)
        covers = overlap / len(answers.focus)
        broad = PARTIAL["focus_broad"]
        on_share = broad + (1 - broad) / 2 * (specific + covers)
        share = np.where(cols.tier == TIER_GENERAL, PARTIAL["focus_general"], 0.0)
        on = cols.tier == TIER_ON_TOPIC
        share = np.where(on, np.where(overlap > 0, on_share, PARTIAL["focus_community"]), share)
        # on topic only through a facility's special program: it runs a program about it
        program = cols.programs & (overlap > 0) & ((f & want & CARE_FOCUS) == 0)
        share = np.where(program, np.minimum(share, PARTIAL["focus_program"]), share)
        earned += w * share
        possible += w
    if answers.communities:
        w = WEIGHTS["community"]
        earned += w * _community_share(d, answers, cols)
        possible += w
    if answers.facilitation != "any":
        w = WEIGHTS["facilitation"]
        fa = cols.at.facilitation
        earned += np.where(
            _any_bits(fa, mask_of(FACILITATION, [answers.facilitation])),
            w,
            np.where(fa == 0, w * PARTIAL["facilitation_unknown"], 0.0),
        )
        possible += w
    if answers.days or answers.times:
        w = WEIGHTS["schedule"]
        day_fit, time_fit, scheduled = _schedule_fit(d, answers, idx, tz, now)
        both = day_fit & time_fit
        one = day_fit ^ time_fit
        earned += np.where(
            ~scheduled,
            w * PARTIAL["schedule_on_request"],
            np.where(both, w, np.where(one, w * PARTIAL["schedule_half"], 0.0)),
        )
        cols.sched = np.where(~scheduled, -1, both.astype(np.int8) * 2 + one.astype(np.int8)).astype(np.int8)
        possible += w
    travel = np.ones(len(idx))
    if origin is not None:
        w = WEIGHTS["nearness"]
        ratio = np.clip(cols.dist / answers.max_distance_miles, 0, 1)
        near = 1 - (1 - PARTIAL["nearness_edge"]) * ratio
        earned += np.where(
            cols.in_person, w * near, np.where(cols.remote | cols.local, w * PARTIAL["nearness_remote"], 0.0)
        )
        possible += w
        far = cols.in_person & (cols.dist > TRAVEL_COMFORT_MILES)
        if far.any():
            travel = np.where(far, np.sqrt(TRAVEL_COMFORT_MILES / np.where(far, cols.dist, 1.0)), 1.0)
    if possible == 0:
        return np.full(len(idx), 50, dtype=np.int64)
    return np.rint(100 * earned / possible * travel).astype(np.int64)


def _schedule_fit(
    d: Directory, answers: Answers, idx: npt.NDArray[np.intp], tz: str, now: datetime
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    days, start = schedules.to_person_week(d.days[idx], d.start[idx], d.tz_key[idx], d.tz_names, tz, now)
    scheduled = (start >= 0) & (days > 0)
    day_fit = _any_bits(days, mask_of(DAYS, answers.days)) if answers.days else np.ones(len(idx), bool)
    if answers.times:
        buckets = schedules.times_of_day_codes(start)
        wanted = np.array([i for i, c in enumerate(TIMES_OF_DAY) if c in answers.times])
        time_fit = np.isin(buckets, wanted)
    else:
        time_fit = np.ones(len(idx), bool)
    return day_fit & scheduled, time_fit & scheduled, scheduled
