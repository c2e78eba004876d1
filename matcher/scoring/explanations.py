"""Explanations: the reasons for one listing's place (only what fits) and what is worth knowing, as data."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from .. import schedules
from ..answers import Answers
from ..directory import Directory, Listing
from ..reasons import Reason
from ..schedules import MeetingTimes
from ..vocabulary import (
    AUDIENCES,
    COMMUNITIES,
    FOCUS,
    FREE_COSTS,
    mask_of,
)
from .fit import _Columns
from .needs import person_audiences, runs_programs
from .results import Match
from .weights import CARE_FOCUS, NARROWER_TOPICS, TIER_ON_TOPIC


def who_for(listing: Listing) -> Reason:
    """Who a group is open to ("Only for women", "Open to everyone, ages 13 and up"), as data."""
    return Reason(
        "who_for", {"audience": tuple(listing.audience), "min_age": listing.min_age, "max_age": listing.max_age}
    )


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
    if cols.in_person[c] or (len(cols.local) and cols.local[c]):
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
    programs = runs_programs(listing)
    # a facility's special programs are programs it runs ("Runs a program for veterans"); only the audience
    # it is only for makes a place built for someone
    ran = tuple(c for c in COMMUNITIES if programs and c in answers.communities and c in listing.communities)
    shared = tuple(
        c
        for c in COMMUNITIES
        if c in answers.communities and c not in ran and (c in listing.communities or c in listing.audience)
    )
    # a facility's topics beyond the care it gives come from its special programs: it runs a program about them
    program_focus = tuple(f for f in wanted_focus if programs and not mask_of(FOCUS, [f]) & CARE_FOCUS)
    care_focus = tuple(f for f in wanted_focus if f not in program_focus)
    if care_focus:
        reasons.append(Reason("focus_asked", {"focus": care_focus}))
    if program_focus:
        reasons.append(Reason("program_about", {"focus": program_focus}))
    if wanted_focus:
        pass
    elif answers.focus and tier == TIER_ON_TOPIC and shared:
        reasons.append(Reason("general_for_community"))
    elif answers.focus and "general" in listing.focus:
        reasons.append(Reason("general_open"))
    elif answers.focus:
        worth.append(Reason("other_topic", {"focus": tuple(listing.focus)}))
    if shared:
        reasons.append(Reason("built_for", {"communities": shared}))
    if ran:
        reasons.append(Reason("runs_program", {"communities": ran}))
    if shared or ran:
        pass
    elif answers.communities and not listing.communities and not listing.audience:
        reasons.append(Reason("open_to_everyone"))
    elif listing.communities and not programs:
        worth.append(Reason("meant_for", {"communities": tuple(listing.communities)}))
    narrower = tuple(
        n
        for n, broad in NARROWER_TOPICS.items()
        if n in listing.focus and broad in answers.focus and n not in answers.focus
    )
    if narrower and set(wanted_focus) <= {NARROWER_TOPICS[n] for n in narrower}:
        worth.append(Reason("mainly_about", {"focus": narrower}))
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
    elif "in_person" in attend and listing.local_groups and listing.latitude is None:
        reasons.append(Reason("local_groups"))
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
    if listing.facility:  # a SAMHSA facility: its notes are codes, worded in the person's language
        worth.append(Reason("facility_clients"))
        worth.extend(Reason("facility_main_phone", {"phone": p}) for p in listing.facility_values("main_phone")[:1])
        if "zip" in listing.facility_values("placed"):
            worth.append(Reason("facility_approximate"))
    worth.extend(Reason("directory_note", {"text": note}) for note in listing.worth_knowing)
    return reasons, worth
