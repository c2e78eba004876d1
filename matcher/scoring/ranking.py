"""The two explained rankings: the three kinds of group, and the listings by fit.

A listing is a match only when it meets every hard need: it is open to the person (its ``audience``
and ages), about what they asked (its focus overlaps theirs, or it is for mental health in general),
and reachable the way they said (format, distance, access, cost, language). Each need that hid
listings is reported as an :class:`Exclusion`, with :class:`RelaxOffer` buttons that say exactly how
many more listings each change shows (eligibility never gets an offer). Soft preferences give one
0–100 fit score. Real listings always come before invented samples; among each, listings on the
person's topic (or general groups built for a community they chose) come before general ones.
Everything runs on whole numpy columns; reasons are worked out only for the listings returned.
Reasons, exclusions and offers are data (:class:`~matcher.reasons.Reason`: a code and its numbers);
:mod:`matcher.words` words them in the person's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .. import places, schedules
from ..answers import DEFAULT_TIMEZONE, Answers
from ..directory import Directory, Listing
from ..reasons import Reason
from ..schedules import MeetingTimes
from ..vocabulary import (
    ACCESSIBILITY,
    AGE_AUDIENCES,
    AUDIENCES,
    COMMUNITIES,
    COST,
    DAYS,
    FACILITATION,
    FOCUS,
    FORMATS,
    FREE_COSTS,
    GENDER_AUDIENCES,
    KINDS,
    PAYMENT,
    TIMES_OF_DAY,
    codes_of,
    mask_of,
)

# --------------------------------------------------------------------------- weights, in one place
#: Points each soft preference can add; they sum to 100. Why these sizes:
#: - focus: a group about what brings the person is the single biggest reason a group helps;
#: - schedule: a group that meets when the person is busy will not be attended, however good;
#: - community, facilitation: matter to many people, but a good general group still helps;
#: - nearness: among groups one can reach, closer is easier to keep going to.
WEIGHTS: Final[dict[str, int]] = {
    "focus": 35,
    "schedule": 20,
    "community": 15,
    "facilitation": 15,
    "nearness": 15,
}
#: Share of a weight given for a partial fit.
PARTIAL: Final[dict[str, float]] = {
    "focus_general": 0.5,  # a general mental-health group welcomes any concern
    "focus_broad": 0.7,  # on topic, but also about other things or only part of what was chosen
    "focus_community": 1.0,  # a general group built for a community the person chose counts as on topic
    "community_open": 0.5,  # a group open to everyone, when a community was asked for
    "facilitation_unknown": 0.3,  # the directory does not say who leads
    "schedule_half": 0.4,  # right day but wrong time, or the other way round
    "schedule_on_request": 0.75,  # no fixed time: join when it suits (forums, call-ins)
    "nearness_edge": 0.4,  # an in-person group right at the distance limit
    "nearness_remote": 0.6,  # online or by phone: no travel, but not face to face
}
#: Beyond this many miles the whole fit shrinks as sqrt(TRAVEL_COMFORT_MILES / miles): a group far
#: beyond a usual trip never shows a high fit, whatever distance the person widened to.
TRAVEL_COMFORT_MILES: Final = 50.0
#: Wider distances offered when distance hides groups (only the steps that show more are offered).
DISTANCE_STEPS: Final[tuple[int, ...]] = (5, 10, 25, 50, 100, 250)
#: At most this many distance steps are offered at once.
DISTANCE_OFFERS: Final = 3

#: Order tiers, best first: real listings before invented samples (always), then within each
#: topic tiers: on the person's topic (or a general group built for a community they chose),
#: then general groups, then other topics (shown only when the person asked for them).
TIER_ON_TOPIC: Final = 0
TIER_GENERAL: Final = 1
TIER_OTHER_TOPIC: Final = 2
#: Within a topic tier, listings only for people the person did not say they are (no gender said: a
#: men's meeting) or built for families when the person did not say they are one (Al-Anon for a person
#: who drinks) come after the ones open to them.
_AFTER_OPEN: Final = 150
_TIER_STEP: Final = 300
#: With no place given, a place from a nationwide directory (SAMHSA's clinics) met only in person cannot be
#: judged near or far: every listing joined from anywhere comes first (a clinic in another state is no
#: one's first match).
_UNPLACED: Final = 1000
_SAMPLE_STEP: Final = 2000

_IN_PERSON: Final = 1 << list(FORMATS).index("in_person")
_ONLINE: Final = 1 << list(FORMATS).index("online")
_PHONE: Final = 1 << list(FORMATS).index("phone")
_WHEELCHAIR: Final = 1 << list(ACCESSIBILITY).index("wheelchair")
_ASL: Final = 1 << list(ACCESSIBILITY).index("asl")
_GENERAL: Final = 1 << list(FOCUS).index("general")
_ALL_FOCUS: Final = (1 << len(FOCUS)) - 1
#: Topics whose family programs are separate fellowships (Al-Anon, Nar-Anon, Gam-Anon), not for the person.
_FAMILY_PROGRAM_FOCUS: Final = mask_of(FOCUS, ["substance_use", "gambling"])
_PEER: Final = 1 << list(FACILITATION).index("peer")
_PROFESSIONAL: Final = 1 << list(FACILITATION).index("professional")
_FREE_COST_CODES: Final = np.array([i for i, c in enumerate(COST) if c in FREE_COSTS], dtype=np.int8)

#: Needs that are about who a group is for: counted as hidden, never offered to relax.
ELIGIBILITY_NEEDS: Final[frozenset[str]] = frozenset({"audience", "age"})


@dataclass(frozen=True)
class RelaxOffer:
    """One change to the answers that shows exactly ``adds`` more listings; ``reason`` says which (an
    ``offer_*`` code, its ``adds`` and what changes)."""

    need: str
    reason: Reason
    adds: int
    change: Mapping[str, object]


@dataclass(frozen=True)
class Exclusion:
    """A need that hid listings: how many it alone hid, why, and the changes that would show more.

    ``hidden`` counts the listings this need alone hides (they fail nothing else). Eligibility
    exclusions (``audience``, ``age``) have no offers: a group not open to the person is not a match.
    """

    need: str
    hidden: int
    #: Why: a ``hidden_*`` code with ``count`` (how many listings the need hides) and what was asked.
    reason: Reason
    offers: tuple[RelaxOffer, ...] = ()


@dataclass(frozen=True)
class Match:
    """One ranked listing with its one fit score, its reasons and what the person needs to know."""

    listing: Listing
    score: int
    reasons: tuple[Reason, ...]
    #: The ways (FORMATS codes) this person can take part in it.
    attend: tuple[str, ...]
    distance_miles: float | None
    next_meeting: datetime | None
    when: MeetingTimes
    worth_knowing: tuple[Reason, ...] = ()
    who_for: Reason = field(
        default_factory=lambda: Reason("who_for", {"audience": (), "min_age": None, "max_age": None})
    )
    #: When it meets, as data: in the group's zone, and in the person's when that is known and differs.
    meeting: schedules.MeetingTime | None = None

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_miles is None else places.miles_to_km(self.distance_miles)


@dataclass
class Ranking:
    """The listings that meet every need, best first, and what the needs hid."""

    matches: list[Match]
    total: int
    exclusions: list[Exclusion]
    #: How many matches there are of each kind (KINDS codes), for rank_kinds.
    kind_counts: dict[str, int] = field(default_factory=dict)
    #: How many of the matches are real listings (the rest are invented samples).
    real_total: int = 0


@dataclass(frozen=True)
class KindRank:
    """One of the three kinds of group, scored for the person, with the reasons."""

    kind: str
    score: int
    reasons: tuple[Reason, ...]


def person_timezone(answers: Answers, origin: places.Place | None) -> str:
    """The person's zone: what they said, else their place's, else the default."""
    return known_timezone(answers, origin) or DEFAULT_TIMEZONE


def known_timezone(answers: Answers, origin: places.Place | None) -> str | None:
    """The person's zone only when it is known (what their browser said, else their place's); never a default."""
    return answers.timezone or (origin.timezone if origin and origin.timezone else None)


def who_for(listing: Listing) -> Reason:
    """Who a group is open to ("Only for women", "Open to everyone, ages 13 and up"), as data."""
    return Reason(
        "who_for", {"audience": tuple(listing.audience), "min_age": listing.min_age, "max_age": listing.max_age}
    )


# --------------------------------------------------------------------------- hard needs


def _any_bits(values: npt.NDArray[Any], mask: int) -> npt.NDArray[np.bool_]:
    return np.asarray((values & mask) != 0, dtype=bool)


@dataclass
class _Reach:
    """How each listing can be reached, for one choice of formats and access needs."""

    ip_raw: npt.NDArray[np.bool_]  # in person, and the person accepts in person
    remote: npt.NDArray[np.bool_]  # online or by phone, in a way the person accepts
    wheel_ok: npt.NDArray[np.bool_]
    formats: npt.NDArray[np.bool_]  # fails: no accepted way to attend
    distance: npt.NDArray[np.bool_]  # fails: in person only, beyond the distance
    access: npt.NDArray[np.bool_]  # fails: an access need is not met


def _reach(
    fmt_col: npt.NDArray[np.uint8],
    access_col: npt.NDArray[np.uint8],
    formats: list[str],
    access: list[str],
    within: npt.NDArray[np.bool_],
) -> _Reach:
    """Reach for listings given their format and access bit columns (all listings, or a subset)."""
    n = len(fmt_col)
    chosen = set(formats or FORMATS)
    ip_raw = _any_bits(fmt_col, _IN_PERSON) if "in_person" in chosen else np.zeros(n, bool)
    remote_mask = (_ONLINE if "online" in chosen else 0) | (_PHONE if "phone" in chosen else 0)
    remote = _any_bits(fmt_col, remote_mask) if remote_mask else np.zeros(n, bool)
    wheel_ok = _any_bits(access_col, _WHEELCHAIR) if "wheelchair" in access else np.ones(n, bool)
    access_fail = ip_raw & ~wheel_ok & ~remote
    if "asl" in access:
        access_fail = access_fail | ~_any_bits(access_col, _ASL)
    return _Reach(
        ip_raw=ip_raw,
        remote=remote,
        wheel_ok=wheel_ok,
        formats=~(ip_raw | remote),
        distance=ip_raw & wheel_ok & ~within & ~remote,
        access=access_fail,
    )


def _language_fail(d: Directory, wanted: list[str]) -> npt.NDArray[np.bool_]:
    if not wanted:
        return np.zeros(len(d), bool)
    bad_sets = np.array([not (s & set(wanted)) for s in d.lang_sets] or [False], dtype=bool)
    return bad_sets[d.lang_key]


def _cost_fail(d: Directory) -> npt.NDArray[np.bool_]:
    free = np.zeros(len(d), bool)
    for code in _FREE_COST_CODES:
        free |= d.cost == code
    return ~free


def _payment_fail(d: Directory, payment: list[str]) -> npt.NDArray[np.bool_]:
    """Neither free nor taking one of the ways the person can pay ("I have Medicaid")."""
    takes = _any_bits(d.payment, mask_of(PAYMENT, payment))
    return np.asarray(_cost_fail(d) & ~takes, dtype=bool)


def _topic_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    if not answers.focus or answers.other_topics:
        return np.zeros(len(d), bool)
    return ~_any_bits(d.focus, mask_of(FOCUS, answers.focus) | _GENERAL)


def person_audiences(answers: Answers) -> tuple[int, int]:
    """(audience codes the person is in, audience codes they did not answer) as AUDIENCES bit masks.

    They are in the communities they chose, in ``own_concern`` unless they said they are a family
    member or caregiver, and in the age groups their age falls in. Gender is unanswered when they chose
    neither men nor women; age groups when they gave no age and chose none.
    """
    mine = set(answers.communities)
    if "family_caregivers" not in mine:
        mine.add("own_concern")
    if answers.age is not None:
        mine |= {c for c, (lo, hi) in AGE_AUDIENCES.items() if lo <= answers.age <= hi}
    unsaid: set[str] = set()
    if not GENDER_AUDIENCES & mine:
        unsaid |= GENDER_AUDIENCES
    if answers.age is None and not set(AGE_AUDIENCES) & mine:
        unsaid |= set(AGE_AUDIENCES)
    return mask_of(AUDIENCES, mine), mask_of(AUDIENCES, unsaid)


#: Whether the person seeks help for themselves or for someone else: a listing's role applies together
#: with its other audience codes (a closed men's meeting: men seeking help for themselves; an Al-Anon
#: women's meeting: women who are family members); the other codes are "any of".
_ROLE_AUDIENCES: Final = mask_of(AUDIENCES, ["own_concern", "family_caregivers"])
_OTHER_AUDIENCES: Final = mask_of(AUDIENCES, list(AUDIENCES)) & ~_ROLE_AUDIENCES


def _audience_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    """Only for people the person said they are not (another gender, another age, not family)."""
    mine, unsaid = person_audiences(answers)
    rest = d.audience & _OTHER_AUDIENCES
    role = d.audience & _ROLE_AUDIENCES
    fail = ((rest != 0) & ((rest & mine) == 0) & ((rest & unsaid) == 0)) | ((role != 0) & ((role & mine) == 0))
    return np.asarray(fail, dtype=bool)


def _after_open(d: Directory, answers: Answers, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """Kept, but after the open ones: only for people the person did not say whether they are, or built
    for family members when the person did not say they are one."""
    mine, _ = person_audiences(answers)
    aud = d.audience[idx] & _OTHER_AUDIENCES
    unsure = (aud != 0) & ((aud & mine) == 0)
    if "family_caregivers" not in answers.communities:  # Al-Anon, Nar-Anon, Gam-Anon: about someone else's use
        family = _any_bits(d.communities[idx] | aud, mask_of(COMMUNITIES, ["family_caregivers"]))
        addiction = (d.focus[idx] & (_ALL_FOCUS & ~_FAMILY_PROGRAM_FOCUS)) == 0
        # unless it is also built for a community of the person's (an LGBTQ+ youth group that also
        # welcomes families); gender and age alone do not make an Al-Anon meeting theirs
        kin = mask_of(
            COMMUNITIES, [c for c in answers.communities if c not in GENDER_AUDIENCES and c not in AGE_AUDIENCES]
        )
        shares = _any_bits(d.communities[idx], kin) if kin else np.zeros(len(idx), bool)
        unsure = unsure | (family & addiction & ~shares)
    return np.asarray(unsure, dtype=bool)


def _age_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    if answers.age is None:
        return np.zeros(len(d), bool)
    age = answers.age
    return np.asarray((d.min_age > age) | ((d.max_age >= 0) & (d.max_age < age)), dtype=bool)


# --------------------------------------------------------------------------- listings


@dataclass
class _Columns:
    """Per-candidate arrays computed once and used for scoring, order and reasons."""

    idx: npt.NDArray[np.intp]
    dist: npt.NDArray[np.float64]
    in_person: npt.NDArray[np.bool_]
    remote: npt.NDArray[np.bool_]
    tier: npt.NDArray[np.int8]
    #: only for people the person did not say whether they are (or for families): after the open ones
    after: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))
    #: how many of the person's communities the listing is built for (groups for more come first on ties)
    shared: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    #: schedule fit: 2 day and time, 1 one of them, 0 neither, -1 no fixed time (only with days/times)
    sched: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, np.int8))
    #: met only in person and the person gave no place (so nearness is unknown): after the rest
    unplaced: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))


def rank_listings(
    directory: Directory,
    answers: Answers,
    origin: places.Place | None = None,
    *,
    now: datetime | None = None,
    limit: int | None = 50,
    real_only: bool = False,
    prefer_language: str | None = None,
) -> Ranking:
    """Rank a directory for a person. ``limit`` listings get reasons (None: all of them).

    ``real_only`` leaves sample listings out (for "national programs anyone can join").
    ``prefer_language`` (a language code, e.g. the interface's "es") puts listings held in it first among
    equals (same kind, tier and score) when the person chose no language themselves. The steps, all
    vectorised over the directory: distances, hard needs (each counted for what it hides), the soft
    score of the listings that meet every need, their order, then reasons for the first ``limit``.
    """
    now = now or datetime.now(UTC)
    tz = person_timezone(answers, origin)
    d = directory
    steps = [s for s in DISTANCE_STEPS if s > answers.max_distance_miles]
    dist, within = _distances(d, answers, origin, steps)
    r = _reach(d.formats, d.accessibility, answers.formats, answers.accessibility, within)
    fails = _hard_needs(d, answers, r, located=origin is not None, real_only=real_only)
    nfail = np.zeros(len(d), np.int8)
    for mask in fails.values():
        nfail += mask
    ok = (nfail == 0) & ~d.sample if real_only else nfail == 0
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


def _distances(
    d: Directory, answers: Answers, origin: places.Place | None, steps: list[int]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Miles to each in-person listing near enough for the widest offered step (inf elsewhere), and which
    are within the person's distance (all of them when no place is given)."""
    n = len(d)
    dist = np.full(n, np.inf)
    within = np.ones(n, bool)
    if origin is not None:
        max_mi = answers.max_distance_miles
        reach = max([max_mi, *steps])
        lo_lat, hi_lat, lo_lon, hi_lon = places.bounding_box(origin.latitude, origin.longitude, reach)
        box = np.flatnonzero(
            _any_bits(d.formats, _IN_PERSON)
            & (d.lat >= lo_lat)
            & (d.lat <= hi_lat)
            & (d.lon >= lo_lon)
            & (d.lon <= hi_lon)
        )
        dist[box] = places.distance_miles(origin.latitude, origin.longitude, d.lat[box], d.lon[box])
        within = dist <= max_mi
    return dist, within


def _hard_needs(
    d: Directory, answers: Answers, r: _Reach, *, located: bool, real_only: bool
) -> dict[str, npt.NDArray[np.bool_]]:
    """Which listings fail each hard need in play: eligibility first, then topic, then how to attend."""
    fails: dict[str, npt.NDArray[np.bool_]] = {"audience": _audience_fail(d, answers)}
    if answers.age is not None:
        fails["age"] = _age_fail(d, answers)
    if answers.focus and not answers.other_topics:
        fails["topic"] = _topic_fail(d, answers)
    if answers.formats and set(answers.formats) != set(FORMATS):
        fails["formats"] = r.formats
    if located:
        fails["distance"] = r.distance
    if answers.accessibility:
        fails["accessibility"] = r.access
    if answers.free_only:
        fails["free_only"] = _cost_fail(d)
    if answers.languages:
        fails["languages"] = _language_fail(d, answers.languages)
    if answers.payment:
        fails["payment"] = _payment_fail(d, answers.payment)
    if real_only:  # samples are left out anyway: no need is counted as hiding them
        fails = {k: v & ~d.sample for k, v in fails.items()}
    return fails


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
    if located or "source" not in d.frame.columns:
        unplaced = np.zeros(len(idx), bool)
    else:
        sourced = d.frame["source"].to_numpy(dtype=object)[idx] != ""
        unplaced = ~remote & (d.days[idx] == 0) & np.asarray(sourced, dtype=bool)
    return _Columns(
        idx=idx,
        dist=np.where(in_person_now, dist[idx], np.inf),
        in_person=in_person_now,
        remote=remote,
        tier=_tiers(d, answers, idx),
        after=_after_open(d, answers, idx),
        unplaced=unplaced,
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


def _tiers(d: Directory, answers: Answers, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.int8]:
    if not answers.focus:  # no topic said: groups for mental health in general first, then the others
        return np.where(_any_bits(d.focus[idx], _GENERAL), TIER_ON_TOPIC, TIER_GENERAL).astype(np.int8)
    f = d.focus[idx]
    on_topic = _any_bits(f, mask_of(FOCUS, answers.focus))
    general = _any_bits(f, _GENERAL)
    # a general group built for a community the person chose is on topic (an LGBTQ+ center's group for an
    # LGBTQ+ person with anxiety), except a general family program: a family member asks about someone's
    # particular problem (a parent of someone using drugs: Nar-Anon, not a general caregivers' program)
    mine = mask_of(COMMUNITIES, [c for c in answers.communities if c != "family_caregivers"])
    built_for_me = _any_bits(d.communities[idx] | d.audience[idx], mine) if mine else np.zeros(len(idx), bool)
    return np.where(
        on_topic | (general & built_for_me), TIER_ON_TOPIC, np.where(general, TIER_GENERAL, TIER_OTHER_TOPIC)
    ).astype(np.int8)


def _exclusions(
    d: Directory,
    answers: Answers,
    fails: dict[str, npt.NDArray[np.bool_]],
    nfail: npt.NDArray[np.int8],
    dist: npt.NDArray[np.float64],
    steps: list[int],
    located: bool,
) -> list[Exclusion]:
    """Each need that hid listings, with the offers that keep their word (adds = exactly how many more).

    A change that relaxes one need alone shows exactly the listings that fail only that need. Format,
    distance and access interact, so their offers re-check those three needs on the listings that
    fail nothing else (a small subset), under the changed answers.
    """
    alone = nfail == 1
    out: list[Exclusion] = []
    reach_needs = ("formats", "distance", "accessibility")
    subset: npt.NDArray[np.intp] | None = None
    for need, mask in fails.items():
        count = int(np.count_nonzero(mask))
        if count == 0:
            continue
        hidden = int(np.count_nonzero(mask & alone))
        offers: list[RelaxOffer] = []
        if need == "audience":
            aud = codes_of(AUDIENCES, int(np.bitwise_or.reduce(d.audience[mask])))
            msg = Reason("hidden_audience", {"count": count, "audience": aud[:4], "more": len(aud) > 4})
        elif need == "age":
            msg = Reason("hidden_age", {"count": count, "age": answers.age})
        elif need == "topic":
            msg = Reason("hidden_topic", {"count": count, "focus": tuple(answers.focus)})
            offers.append(_offer(need, "offer_other_topics", hidden, {"other_topics": True}))
        elif need in reach_needs:
            if subset is None:  # failing only format, distance or access needs: the ones an offer may show
                rest = nfail.copy()
                for other in reach_needs:
                    if other in fails:
                        rest -= fails[other]
                subset = np.flatnonzero((rest == 0) & (nfail > 0))
            msg, offers = _reach_offers(d, answers, need, count, subset, dist, steps, located)
        elif need == "free_only":
            msg = Reason("hidden_fee", {"count": count})
            offers.append(_offer(need, "offer_fees", hidden, {"free_only": False}))
        elif need == "payment":
            msg = Reason("hidden_payment", {"count": count, "payment": tuple(answers.payment)})
            offers.append(_offer(need, "offer_payment", hidden, {"payment": []}))
        else:
            msg = Reason("hidden_language", {"count": count, "languages": tuple(answers.languages)})
            offers.append(_offer(need, "offer_languages", hidden, {"languages": []}))
        out.append(Exclusion(need=need, hidden=hidden, reason=msg, offers=tuple(o for o in offers if o.adds > 0)))
    return out


def _offer(need: str, code: str, adds: int, change: Mapping[str, object], **params: object) -> RelaxOffer:
    return RelaxOffer(need=need, reason=Reason(code, {"adds": adds, **params}), adds=adds, change=dict(change))


def _reach_offers(
    d: Directory,
    answers: Answers,
    need: str,
    count: int,
    subset: npt.NDArray[np.intp],
    dist: npt.NDArray[np.float64],
    steps: list[int],
    located: bool,
) -> tuple[Reason, list[RelaxOffer]]:
    """Offers for the format, distance and access needs, each counted by re-checking all three needs
    under the changed answers on ``subset`` (the hidden listings that fail nothing else)."""
    if need == "distance":  # widening can only show listings within the widest step (the rest have no distance)
        subset = subset[np.isfinite(dist[subset])]
    fmt_col, access_col, sub_dist = d.formats[subset], d.accessibility[subset], dist[subset]

    def after(formats: list[str], access: list[str], miles: float) -> int:
        w = sub_dist <= miles if located else np.ones(len(subset), bool)
        r = _reach(fmt_col, access_col, formats, access, w)
        return int(np.count_nonzero(~(r.formats | r.distance | r.access)))

    offers: list[RelaxOffer] = []
    if need == "formats":
        msg = Reason("hidden_formats", {"count": count, "formats": tuple(answers.formats)})
        missing = [f for f in FORMATS if f not in answers.formats]
        best = 0
        for f in missing:
            adds = after([*answers.formats, f], answers.accessibility, answers.max_distance_miles)
            best = max(best, adds)
            offers.append(
                _offer(
                    need,
                    "offer_formats",
                    adds,
                    {"formats": [c for c in FORMATS if c in answers.formats or c == f]},
                    formats=(f,),
                )
            )
        if len(missing) > 1:
            adds = after(list(FORMATS), answers.accessibility, answers.max_distance_miles)
            if adds > best:
                offers.append(_offer(need, "offer_formats", adds, {"formats": list(FORMATS)}, formats=tuple(missing)))
    elif need == "distance":
        msg = Reason("hidden_distance", {"count": count, "miles": answers.max_distance_miles})
        best = 0
        for s in steps:
            adds = after(answers.formats, answers.accessibility, s)
            if adds > best and len(offers) < DISTANCE_OFFERS:
                offers.append(_offer(need, "offer_distance", adds, {"max_distance_miles": s}, miles=s))
                best = adds
    else:
        msg = Reason("hidden_access", {"count": count, "accessibility": tuple(answers.accessibility)})
        for a in answers.accessibility:
            rest = [x for x in answers.accessibility if x != a]
            adds = after(answers.formats, rest, answers.max_distance_miles)
            offers.append(_offer(need, "offer_access", adds, {"accessibility": rest}, accessibility=(a,)))
    return msg, offers


def _score(
    d: Directory, answers: Answers, origin: places.Place | None, cols: _Columns, tz: str, now: datetime
) -> npt.NDArray[np.int64]:
    idx = cols.idx
    earned = np.zeros(len(idx))
    possible = 0.0
    if answers.focus:
        w = WEIGHTS["focus"]
        f = d.focus[idx]
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
        earned += w * share
        possible += w
    if answers.communities:
        w = WEIGHTS["community"]
        c = d.communities[idx] | d.audience[idx]
        mine = mask_of(COMMUNITIES, answers.communities)
        cols.shared = np.bitwise_count(c & mine).astype(np.int64)
        # communities add up: a group for any one of the person's communities fits fully (a gay man who
        # also said "men" keeps the LGBTQ+ meetings on top, beside the men's ones)
        earned += np.where((c & mine) != 0, float(w), np.where(c == 0, w * PARTIAL["community_open"], 0.0))
        possible += w
    if answers.facilitation != "any":
        w = WEIGHTS["facilitation"]
        fa = d.facilitation[idx]
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
        earned += np.where(cols.in_person, w * near, np.where(cols.remote, w * PARTIAL["nearness_remote"], 0.0))
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


def _match(
    d: Directory,
    listing: Listing,
    answers: Answers,
    cols: _Columns,
    c: int,
    score: int,
    tz: str,
    now: datetime,
    known_tz: str | None = None,
) -> Match:
    pos = int(cols.idx[c])
    attend: list[str] = []
    if cols.in_person[c]:
        attend.append("in_person")
    attend.extend(fmt for fmt in ("online", "phone") if fmt in listing.formats and answers.accepts(fmt))
    if not attend:  # no hard need on format or distance applies (e.g. no place given)
        attend = [f for f in listing.formats if answers.accepts(f)]
    dist = float(cols.dist[c]) if np.isfinite(cols.dist[c]) else None
    nxt_group = (
        schedules.next_meeting(int(d.days[pos]), int(d.start[pos]), listing.timezone or tz, now)
        if listing.timezone
        else None
    )
    nxt = nxt_group.astimezone(schedules.zone(tz)) if nxt_group else None
    when = schedules.meeting_times(
        int(d.days[pos]), int(d.start[pos]), int(d.end[pos]), listing.timezone or tz, tz, now
    )
    sched = int(cols.sched[c]) if len(cols.sched) else 2
    reasons, worth = explain(listing, answers, attend, dist, nxt, when, int(cols.tier[c]), sched)
    return Match(
        listing=listing,
        score=score,
        reasons=tuple(reasons),
        attend=tuple(attend),
        distance_miles=dist,
        next_meeting=nxt,
        when=when,
        worth_knowing=tuple(worth),
        who_for=who_for(listing),
        meeting=schedules.meeting_time(
            int(d.days[pos]), int(d.start[pos]), int(d.end[pos]), listing.timezone, known_tz, now
        ),
    )


def explain(
    listing: Listing,
    answers: Answers,
    attend: list[str],
    dist: float | None,
    nxt: datetime | None,
    when: MeetingTimes,
    tier: int = TIER_ON_TOPIC,
    sched: int = 2,
) -> tuple[list[Reason], list[Reason]]:
    """The reasons for one listing's place (only what fits), and what is worth knowing, as data."""
    reasons: list[Reason] = []
    worth: list[Reason] = []
    wanted_focus = tuple(f for f in listing.focus if f in answers.focus)
    shared = tuple(
        c for c in COMMUNITIES if c in answers.communities and (c in listing.communities or c in listing.audience)
    )
    if wanted_focus:
        reasons.append(Reason("focus_asked", {"focus": wanted_focus}))
    elif answers.focus and tier == TIER_ON_TOPIC and shared:
        reasons.append(Reason("general_for_community"))
    elif answers.focus and "general" in listing.focus:
        reasons.append(Reason("general_open"))
    elif answers.focus:
        worth.append(Reason("other_topic", {"focus": tuple(listing.focus)}))
    if shared:
        reasons.append(Reason("built_for", {"communities": shared}))
    elif answers.communities and not listing.communities and not listing.audience:
        reasons.append(Reason("open_to_everyone"))
    elif listing.communities:
        worth.append(Reason("meant_for", {"communities": tuple(listing.communities)}))
    mine, _ = person_audiences(answers)
    others = tuple(c for c in listing.audience if c not in {"own_concern", "family_caregivers"})
    if others and not mask_of(AUDIENCES, others) & mine:
        worth.append(Reason("only_for_unsaid", {"audience": others}))
    if answers.facilitation != "any":
        if answers.facilitation in listing.facilitation:
            reasons.append(Reason("facilitation_asked", {"facilitation": answers.facilitation}))
        elif listing.facilitation:
            worth.append(
                Reason(
                    "facilitation_other", {"facilitation": tuple(listing.facilitation), "wanted": answers.facilitation}
                )
            )
        else:
            worth.append(Reason("leader_unknown"))
    if answers.days or answers.times:
        said = {"when": when, "times": tuple(answers.times), "days": tuple(answers.days)}
        if nxt is None or sched < 0:
            reasons.append(Reason("no_fixed_time"))
        elif sched == 2:
            reasons.append(Reason("schedule_fits", said))
        else:
            worth.append(Reason("schedule_partly", said))
    if "in_person" in attend and dist is not None:
        reasons.append(Reason("in_person_miles", {"miles": dist}))
    elif "online" in attend:
        reasons.append(Reason("online_anywhere"))
    elif "phone" in attend:
        reasons.append(Reason("phone_anywhere"))
    if listing.cost in FREE_COSTS:
        if answers.free_only:
            reasons.append(Reason("free_asked", {"cost": listing.cost}))
    elif listing.cost:
        worth.append(Reason("cost", {"cost": listing.cost}))
    else:
        worth.append(Reason("cost_unknown"))
    takes = tuple(c for c in answers.payment if c in listing.payment)
    if takes:
        reasons.append(Reason("payment_asked", {"payment": takes}))
    asked_lang = tuple(c for c in answers.languages if c in listing.languages and c != "en")
    if asked_lang:
        reasons.append(Reason("languages_asked", {"languages": asked_lang}))
    needs = tuple(a for a in answers.accessibility if a in listing.accessibility)
    if needs:
        reasons.append(Reason("access_asked", {"accessibility": needs}))
    worth.extend(Reason("directory_note", {"text": note}) for note in listing.worth_knowing)
    return reasons, worth


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


# --------------------------------------------------------------------------- kinds

#: Points for the kinds of group, in one table (every kind starts at KIND_BASE). Why these sizes:
#: what the person said they prefer outweighs everything; what is actually open to them comes next
#: (a kind with no group for them cannot help today); the rest are gentle nudges from the guide.
KIND_BASE: Final = 50
KIND_WEIGHTS: Final[dict[str, int]] = {
    "prefers": 30,  # "I'd like a group led by peers / a professional"
    "not_in_person": 30,  # chose only online or phone
    "only_in_person": -30,  # chose only in person (online kind)
    "no_place": 10,  # no place given: online groups are open wherever they are
    "wheelchair": 10,  # joining from home means no building to get into
    "night": 15,  # online groups and forums are open late
    "fellowship": 15,  # long-standing peer fellowships exist for this concern
    "community": 10,  # peer groups for a community the person chose
    "free_peer": 10,  # peer-led groups are usually free
    "free_professional": -10,  # professional groups sometimes charge
    "available": 10,  # groups of this kind meet every need
    "none_available": -25,  # no group of this kind meets every need right now
}
#: Concerns with long-standing peer fellowships (AA, NA, SMART, GA, Compassionate Friends, AFSP…).
FELLOWSHIP_FOCUS: Final[frozenset[str]] = frozenset({"substance_use", "grief", "suicide_loss", "gambling"})


def rank_kinds(answers: Answers, ranking: Ranking | None = None) -> list[KindRank]:
    """The three kinds of group (peer-led, professional, online) ranked for this person, with reasons.

    The reasons come from the answers and, when ``ranking`` is given, from what is actually open to
    the person: a kind with matching groups gains points and says how many; a kind with none loses.
    """
    w = KIND_WEIGHTS
    score = dict.fromkeys(KINDS, KIND_BASE)
    why: dict[str, list[Reason]] = {k: [Reason("kind_basics", {"kind": k})] for k in KINDS}

    def add(for_kind: str, points: int, code: str, **params: object) -> None:
        score[for_kind] += points
        why[for_kind].append(Reason(code, params))

    if answers.facilitation == "peer":
        add("peer", w["prefers"], "kind_prefers_peer")
    elif answers.facilitation == "professional":
        add("professional", w["prefers"], "kind_prefers_professional")
    if answers.formats and "in_person" not in answers.formats:
        add("online", w["not_in_person"], "kind_not_in_person")
    elif answers.formats and "online" not in answers.formats and "phone" not in answers.formats:
        add("online", w["only_in_person"], "kind_only_in_person")
    if not answers.location:
        add("online", w["no_place"], "kind_no_place")
    if "wheelchair" in answers.accessibility:
        add("online", w["wheelchair"], "kind_wheelchair")
    if "night" in answers.times:
        add("online", w["night"], "kind_night")
    fellowship = tuple(f for f in answers.focus if f in FELLOWSHIP_FOCUS)
    if fellowship:
        add("peer", w["fellowship"], "kind_fellowship", focus=fellowship)
    if answers.communities:
        add("peer", w["community"], "kind_community", communities=tuple(answers.communities))
    if answers.free_only:
        add("peer", w["free_peer"], "kind_free_peer")
        add("professional", w["free_professional"], "kind_free_professional")
    if ranking is not None:
        for kind in KINDS:
            n = ranking.kind_counts.get(kind, 0)
            if n:
                add(kind, w["available"], "kind_available", kind=kind, count=n)
            else:
                add(kind, w["none_available"], "kind_none_available", kind=kind)
    ranked = [KindRank(k, max(0, min(100, score[k])), tuple(why[k])) for k in KINDS]
    order = list(KINDS)
    ranked.sort(key=lambda r: (-r.score, order.index(r.kind)))
    return ranked
