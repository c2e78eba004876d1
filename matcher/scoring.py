"""The two explained rankings: the three kinds of group, and the listings by fit.

Hard needs exclude a listing (and are counted, so the app can say what to relax); soft preferences
add to a 0–100 score. Everything runs on whole numpy columns; plain-language reasons are written only
for the listings returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from . import geography, schedules
from .answers import DEFAULT_TIMEZONE, Answers
from .directory import Directory, Listing
from .vocabulary import (
    ACCESSIBILITY,
    COMMUNITIES,
    COST,
    DAYS,
    FACILITATION,
    FOCUS,
    FORMATS,
    FREE_COSTS,
    KINDS,
    TIMES_OF_DAY,
    human_join,
    join_labels,
    language_label,
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
    "focus_general": 0.5,          # a general mental-health group welcomes any concern
    "community_open": 0.5,         # a group open to everyone, when a community was asked for
    "facilitation_unknown": 0.3,   # the directory does not say who leads
    "schedule_half": 0.4,          # right day but wrong time, or the other way round
    "schedule_on_request": 0.75,   # no fixed time: join when it suits (forums, call-ins)
    "nearness_edge": 0.3,          # an in-person group right at the distance limit
    "nearness_remote": 0.6,        # online or by phone: no travel, but not face to face
}
#: Wider distances the app offers when distance hides groups.
DISTANCE_STEPS: Final[tuple[float, ...]] = (5, 10, 25, 50, 100, 250)

_IN_PERSON: Final = 1 << list(FORMATS).index("in_person")
_ONLINE: Final = 1 << list(FORMATS).index("online")
_PHONE: Final = 1 << list(FORMATS).index("phone")
_WHEELCHAIR: Final = 1 << list(ACCESSIBILITY).index("wheelchair")
_ASL: Final = 1 << list(ACCESSIBILITY).index("asl")
_GENERAL: Final = 1 << list(FOCUS).index("general")
_FREE_COST_CODES: Final = np.array([i for i, c in enumerate(COST) if c in FREE_COSTS], dtype=np.int8)
_UNSCHEDULED: Final = schedules.MINUTES_PER_WEEK * 2


@dataclass(frozen=True)
class Exclusion:
    """A hard need that hid listings: how many it alone hid, and how to see them."""

    need: str
    hidden: int
    message: str
    relax: str


@dataclass(frozen=True)
class Match:
    """One ranked listing with its score, its reasons and what the person needs to know."""

    listing: Listing
    position: int
    score: int
    reasons: tuple[str, ...]
    attend: tuple[str, ...]
    distance_miles: float | None
    next_meeting: datetime | None
    when: str

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_miles is None else geography.miles_to_km(self.distance_miles)

    @property
    def how_to_attend(self) -> str:
        return human_join([FORMATS[f] for f in self.attend], "or")


@dataclass
class Ranking:
    """The listings that meet every hard need, best first, and what the hard needs hid."""

    matches: list[Match]
    total: int
    exclusions: list[Exclusion]
    origin: geography.Place | None
    timezone: str
    distance_steps: dict[float, int] = field(default_factory=dict)


@dataclass(frozen=True)
class KindRank:
    """One of the three kinds of group, scored for the person, with the reasons."""

    kind: str
    label: str
    score: int
    reasons: tuple[str, ...]


def person_timezone(answers: Answers, origin: geography.Place | None) -> str:
    """The person's zone: what they said, else their place's, else the default."""
    return answers.timezone or (origin.timezone if origin and origin.timezone else None) or DEFAULT_TIMEZONE


# --------------------------------------------------------------------------- listings


@dataclass
class _Columns:
    """Per-candidate arrays computed once and used for both scoring and reasons."""

    idx: npt.NDArray[np.intp]
    dist: npt.NDArray[np.float64]
    in_person: npt.NDArray[np.bool_]
    remote: npt.NDArray[np.bool_]


def _any_bits(values: npt.NDArray[Any], mask: int) -> npt.NDArray[np.bool_]:
    return np.asarray((values & mask) != 0, dtype=bool)


def rank_listings(
    directory: Directory,
    answers: Answers,
    origin: geography.Place | None = None,
    *,
    now: datetime | None = None,
    limit: int | None = 50,
    real_only: bool = False,
) -> Ranking:
    """Rank a directory for a person. ``limit`` listings get reasons (None: all of them).

    ``real_only`` leaves sample listings out (for "national programs anyone can join").
    """
    now = now or datetime.now(UTC)
    tz = person_timezone(answers, origin)
    n = len(directory)
    d = directory

    # ---- hard needs, vectorised
    wants_ip, wants_online, wants_phone = (answers.accepts(f) for f in ("in_person", "online", "phone"))
    need_wheel = "wheelchair" in answers.accessibility
    need_asl = "asl" in answers.accessibility
    ip_raw = _any_bits(d.formats, _IN_PERSON) if wants_ip else np.zeros(n, bool)
    remote = np.zeros(n, bool)
    if wants_online:
        remote |= _any_bits(d.formats, _ONLINE)
    if wants_phone:
        remote |= _any_bits(d.formats, _PHONE)
    wheel_ok = _any_bits(d.accessibility, _WHEELCHAIR) if need_wheel else np.ones(n, bool)
    ip_access = ip_raw & wheel_ok

    dist = np.full(n, np.inf)
    within = np.ones(n, bool)
    max_mi = answers.max_distance_miles
    steps = [s for s in DISTANCE_STEPS if s > max_mi]
    if origin is not None:
        reach = max([max_mi, *steps])
        lo_lat, hi_lat, lo_lon, hi_lon = geography.bounding_box(origin.latitude, origin.longitude, reach)
        box = np.flatnonzero(ip_raw & (d.lat >= lo_lat) & (d.lat <= hi_lat) & (d.lon >= lo_lon)
                             & (d.lon <= hi_lon))
        dist[box] = geography.distance_miles(origin.latitude, origin.longitude, d.lat[box], d.lon[box])
        within = dist <= max_mi

    fails: dict[str, npt.NDArray[np.bool_]] = {
        "formats": ~(ip_raw | remote),
        "distance": ip_raw & wheel_ok & ~within & ~remote,
        "accessibility": (ip_raw & ~wheel_ok & ~remote) | (~_any_bits(d.accessibility, _ASL) if need_asl
                                                           else np.zeros(n, bool)),
        "free_only": ~np.isin(d.cost, _FREE_COST_CODES) if answers.free_only else np.zeros(n, bool),
        "languages": _language_fail(d, answers.languages),
    }
    nfail = np.asarray(np.sum(np.stack(list(fails.values())), axis=0), dtype=np.int8)
    ok = nfail == 0
    if real_only:
        ok &= ~d.sample
    exclusions = _exclusions(answers, fails, nfail)
    distance_steps: dict[float, int] = {}
    if origin is not None and steps:
        only_dist = fails["distance"] & (nfail == 1)
        for s in steps:  # offer the first two wider distances that actually show more groups
            more = int(np.count_nonzero(only_dist & (dist <= s)))
            if more > max(distance_steps.values(), default=0) and len(distance_steps) < 2:
                distance_steps[s] = more

    # ---- soft score on the candidates only
    idx = np.flatnonzero(ok)
    in_person_now = (ip_access & within)[idx]
    cols = _Columns(idx=idx, dist=np.where(in_person_now, dist[idx], np.inf), in_person=in_person_now,
                    remote=remote[idx])
    score = _score(d, answers, origin, cols, tz, now)

    # ---- order: score, then next meeting, then distance, then name
    k = len(idx) if limit is None else min(limit, len(idx))
    if k == 0:
        chosen = np.zeros(0, dtype=np.intp)
    else:
        if k < len(idx):
            kth = np.partition(score, len(score) - k)[len(score) - k]
            cand = np.flatnonzero(score >= kth)
        else:
            cand = np.arange(len(idx))
        nxt = schedules.minutes_until_next(d.days[idx[cand]], d.start[idx[cand]], d.tz_key[idx[cand]],
                                           d.tz_names, now)
        order = np.lexsort((d.name_rank[idx[cand]], cols.dist[cand], nxt, -score[cand]))
        chosen = cand[order[:k]]
    matches = [_match(d, answers, origin, cols, int(c), int(score[c]), tz, now) for c in chosen]
    return Ranking(matches=matches, total=len(idx), exclusions=exclusions, origin=origin, timezone=tz,
                   distance_steps=distance_steps)


def _language_fail(d: Directory, wanted: list[str]) -> npt.NDArray[np.bool_]:
    if not wanted:
        return np.zeros(len(d), bool)
    bad_sets = np.array([not (s & set(wanted)) for s in d.lang_sets] or [False], dtype=bool)
    return bad_sets[d.lang_key]


def _exclusions(answers: Answers, fails: dict[str, npt.NDArray[np.bool_]],
                nfail: npt.NDArray[np.int8]) -> list[Exclusion]:
    out: list[Exclusion] = []
    for need, mask in fails.items():
        hidden = int(np.count_nonzero(mask & (nfail == 1)))
        if not mask.any():
            continue
        total = int(np.count_nonzero(mask))
        if need == "formats":
            msg = f"{total} group(s) meet only in ways you did not choose ({join_labels(FORMATS, answers.formats)})."
            relax = "Include online and phone groups"
        elif need == "distance":
            msg = f"{total} in-person group(s) are more than {answers.max_distance_miles:g} miles away."
            relax = "Search a wider distance"
        elif need == "accessibility":
            msg = f"{total} group(s) do not say they offer {join_labels(ACCESSIBILITY, answers.accessibility)}."
            relax = "Show groups that do not list this access need"
        elif need == "free_only":
            msg = f"{total} group(s) charge a fee or do not say they are free."
            relax = "Include groups with a fee"
        else:
            langs = human_join([language_label(c) for c in answers.languages], "or")
            msg = f"{total} group(s) are not held in {langs}."
            relax = "Include groups in other languages"
        out.append(Exclusion(need=need, hidden=hidden, message=msg, relax=relax))
    return out


def _score(d: Directory, answers: Answers, origin: geography.Place | None, cols: _Columns, tz: str,
           now: datetime) -> npt.NDArray[np.int64]:
    idx = cols.idx
    earned = np.zeros(len(idx))
    possible = 0.0
    if answers.focus:
        w = WEIGHTS["focus"]
        f = d.focus[idx]
        earned += np.where(_any_bits(f, mask_of(FOCUS, answers.focus)), w,
                           np.where(_any_bits(f, _GENERAL), w * PARTIAL["focus_general"], 0.0))
        possible += w
    if answers.communities:
        w = WEIGHTS["community"]
        c = d.communities[idx]
        earned += np.where(_any_bits(c, mask_of(COMMUNITIES, answers.communities)), w,
                           np.where(c == 0, w * PARTIAL["community_open"], 0.0))
        possible += w
    if answers.facilitation != "any":
        w = WEIGHTS["facilitation"]
        fa = d.facilitation[idx]
        earned += np.where(_any_bits(fa, mask_of(FACILITATION, [answers.facilitation])), w,
                           np.where(fa == 0, w * PARTIAL["facilitation_unknown"], 0.0))
        possible += w
    if answers.days or answers.times:
        w = WEIGHTS["schedule"]
        day_fit, time_fit, scheduled = _schedule_fit(d, answers, idx, tz, now)
        both = day_fit & time_fit
        one = day_fit ^ time_fit
        earned += np.where(~scheduled, w * PARTIAL["schedule_on_request"],
                           np.where(both, w, np.where(one, w * PARTIAL["schedule_half"], 0.0)))
        possible += w
    if origin is not None:
        w = WEIGHTS["nearness"]
        near = 1 - (1 - PARTIAL["nearness_edge"]) * np.clip(cols.dist / answers.max_distance_miles, 0, 1)
        earned += np.where(cols.in_person, w * near, np.where(cols.remote, w * PARTIAL["nearness_remote"], 0.0))
        possible += w
    if possible == 0:
        return np.full(len(idx), 50, dtype=np.int64)
    return np.rint(100 * earned / possible).astype(np.int64)


def _schedule_fit(d: Directory, answers: Answers, idx: npt.NDArray[np.intp], tz: str, now: datetime
                  ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    days, start = schedules.to_person_week(d.days[idx], d.start[idx], d.tz_key[idx], d.tz_names, tz, now)
    scheduled = (start >= 0) & (days > 0)
    day_fit = _any_bits(days, mask_of(DAYS, answers.days)) \
        if answers.days else np.ones(len(idx), bool)
    if answers.times:
        buckets = schedules.times_of_day_codes(start)
        wanted = np.array([i for i, c in enumerate(TIMES_OF_DAY) if c in answers.times])
        time_fit = np.isin(buckets, wanted)
    else:
        time_fit = np.ones(len(idx), bool)
    return day_fit & scheduled, time_fit & scheduled, scheduled


def _match(d: Directory, answers: Answers, origin: geography.Place | None, cols: _Columns, c: int,
           score: int, tz: str, now: datetime) -> Match:
    pos = int(cols.idx[c])
    listing = d.listing(pos)
    attend: list[str] = []
    if cols.in_person[c]:
        attend.append("in_person")
    for fmt in ("online", "phone"):
        if fmt in listing.formats and answers.accepts(fmt):
            attend.append(fmt)
    if not attend:  # no hard need on format or distance applies (e.g. no place given)
        attend = [f for f in listing.formats if answers.accepts(f)]
    dist = float(cols.dist[c]) if np.isfinite(cols.dist[c]) else None
    nxt_group = schedules.next_meeting(int(d.days[pos]), int(d.start[pos]), listing.timezone or tz, now) \
        if listing.timezone else None
    nxt = nxt_group.astimezone(schedules.zone(tz)) if nxt_group else None
    when = schedules.describe_schedule(int(d.days[pos]), int(d.start[pos]), int(d.end[pos]),
                                       listing.timezone or tz, tz, now)
    reasons = explain(listing, answers, attend, dist, nxt, when)
    return Match(listing=listing, position=pos, score=score, reasons=tuple(reasons), attend=tuple(attend),
                 distance_miles=dist, next_meeting=nxt, when=when)


def explain(listing: Listing, answers: Answers, attend: list[str], dist: float | None,
            nxt: datetime | None, when: str) -> list[str]:
    """The plain-language reasons for one listing's place."""
    reasons: list[str] = []
    wanted_focus = [f for f in listing.focus if f in answers.focus]
    if wanted_focus:
        reasons.append(f"About {join_labels(FOCUS, wanted_focus)}, as you asked")
    elif answers.focus and "general" in listing.focus:
        reasons.append("For mental health in general, so open to what brings you")
    elif answers.focus:
        reasons.append(f"About {join_labels(FOCUS, list(listing.focus))} rather than what you chose")
    wanted_comm = [c for c in listing.communities if c in answers.communities]
    if wanted_comm:
        reasons.append(f"For {join_labels(COMMUNITIES, wanted_comm)}, as you asked")
    elif listing.communities:
        reasons.append(f"Meant for {join_labels(COMMUNITIES, list(listing.communities))}")
    elif answers.communities:
        reasons.append("Open to everyone")
    if answers.facilitation != "any":
        if answers.facilitation in listing.facilitation:
            reasons.append(f"{FACILITATION[answers.facilitation].capitalize()}, as you prefer")
        elif listing.facilitation:
            reasons.append(f"{join_labels(FACILITATION, list(listing.facilitation)).capitalize()}, "
                           "not what you preferred")
    if nxt is not None and (answers.days or answers.times):
        said = [TIMES_OF_DAY[t][0] for t in answers.times] + [d.capitalize() + "s" for d in answers.days]
        reasons.append(f"Meets {when}; you said {human_join(said, 'or')}")
    elif nxt is None and (answers.days or answers.times):
        reasons.append("No fixed meeting time: join when it suits you")
    if "in_person" in attend and dist is not None:
        reasons.append(f"In person, {dist:.1f} miles ({geography.miles_to_km(dist):.1f} km) away")
    elif "online" in attend:
        reasons.append("Online: join from wherever you are")
    elif "phone" in attend:
        reasons.append("By phone: join from wherever you are")
    if answers.free_only and listing.cost in FREE_COSTS:
        reasons.append(f"{COST[listing.cost].capitalize()}, as you asked")
    asked_lang = [c for c in answers.languages if c in listing.languages and c != "en"]
    if asked_lang:
        reasons.append(f"Held in {human_join([language_label(c) for c in asked_lang])}")
    needs = [a for a in answers.accessibility if a in listing.accessibility]
    if needs:
        reasons.append(f"{join_labels(ACCESSIBILITY, needs).capitalize()}, as you need")
    return reasons


# --------------------------------------------------------------------------- kinds

#: What each kind is good for (the guide's words, short), used as the first reason.
KIND_BASICS: Final[dict[str, str]] = {
    "peer": "Run by people who have lived through something similar: understanding and mutual support",
    "professional": "A therapist or counsellor keeps the group structured and safe",
    "online": "Flexible: join from home, at more hours, and as anonymously as you like",
}


def rank_kinds(answers: Answers) -> list[KindRank]:
    """The three kinds of group (peer-led, professional, online) ranked for this person, with reasons."""
    score = {k: 50 for k in KINDS}
    why: dict[str, list[str]] = {k: [KIND_BASICS[k]] for k in KINDS}

    def add(kind: str, points: int, reason: str) -> None:
        score[kind] += points
        why[kind].append(reason)

    if answers.facilitation == "peer":
        add("peer", 30, "You'd like a group led by people who have been there")
    elif answers.facilitation == "professional":
        add("professional", 30, "You'd like a professional to lead the group")
    if answers.formats and "in_person" not in answers.formats:
        add("online", 30, "You'd rather not meet in person")
    elif answers.formats and "online" not in answers.formats and "phone" not in answers.formats:
        add("online", -30, "You'd rather meet in person")
    if not answers.location:
        add("online", 10, "You haven't given a place: online groups are open wherever you are")
    if "wheelchair" in answers.accessibility:
        add("online", 10, "Joining from home means no journey or building to get into")
    if "night" in answers.times:
        add("online", 15, "Online groups and forums are open late at night")
    structured = [f for f in answers.focus if f in {"psychosis", "eating_disorders", "ptsd_trauma", "bipolar"}]
    if structured:
        add("professional", 15, f"With {join_labels(FOCUS, structured)}, many people value the structure "
                                "of a group a professional leads, alongside their own care")
    fellowship = [f for f in answers.focus if f in {"substance_use", "grief", "suicide_loss"}]
    if fellowship:
        add("peer", 15, f"Long-standing peer groups exist for {join_labels(FOCUS, fellowship)}")
    if answers.communities:
        add("peer", 10, f"Peer groups for {join_labels(COMMUNITIES, answers.communities)} let you meet people "
                        "who share that part of your life")
    if answers.free_only:
        add("peer", 10, "Peer-led groups are usually free")
        add("professional", -10, "Groups led by professionals sometimes charge a fee")
    ranked = [KindRank(k, KINDS[k], max(0, min(100, score[k])), tuple(why[k])) for k in KINDS]
    order = list(KINDS)
    ranked.sort(key=lambda r: (-r.score, order.index(r.kind)))
    return ranked
