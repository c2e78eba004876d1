"""Explanations: the reasons for one listing's place (only what fits) and what is worth knowing, as data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .. import schedules
from ..answers import Answers
from ..directory import Directory, Listing
from ..reasons import Reason
from ..schedules import MeetingTimes
from ..vocabulary import (
    APPROXIMATE_NOTE_START,
    AUDIENCES,
    COMMUNITIES,
    FOCUS,
    FREE_COSTS,
    approximate_placing,
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
    """The reasons for one listing's place (only what fits), and what is worth knowing, as data.

    One step per thing a card says, in the order it says them: the topic, who the listing is built for,
    a narrower topic, whom it is only for, who leads it, when it meets, how the person takes part, what it
    costs, what it takes, its languages, its access, then the notes of a facility and of the directory.
    """
    said = _Said()
    who = _Community.of(listing, answers)
    wanted_focus = tuple(f for f in listing.focus if f in answers.focus)
    _topic_reason(said, listing, answers, wanted_focus, tier, who)
    _community_reason(said, listing, answers, who)
    _narrower_topic_note(said, listing, answers, wanted_focus)
    _only_for_note(said, listing, answers)
    _facilitation_reason(said, listing, answers)
    _schedule_reason(said, answers, nxt, when, sched)
    _attend_reason(said, listing, attend, dist, located=bool(answers.location))
    _cost_reason(said, listing, answers)
    _asked_reasons(said, listing, answers)
    _facility_notes(said, listing)
    # an old file's English "Location approximate: …" note is the placing code, worded in the person's language;
    # each note carries the directory's translations of it (language → text), for matcher.words to choose
    translated = listing.translated_notes()
    for i, note in enumerate(listing.worth_knowing):
        if not note.startswith(APPROXIMATE_NOTE_START):
            texts = {language: notes[i] for language, notes in translated.items()}
            said.worth.append(Reason("directory_note", {"text": note, "translations": texts}))
    return said.reasons, said.worth


@dataclass
class _Said:
    """What :func:`explain` has said so far: why the listing fits, and what is worth knowing."""

    reasons: list[Reason] = field(default_factory=list)
    worth: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class _Community:
    """The communities the person chose that a listing serves: those it runs a program for (a facility's
    special programs) and those it is built for (its communities or audience)."""

    #: whether its communities are programs it runs (a facility), not whom it is for
    programs: bool
    ran: tuple[str, ...]
    shared: tuple[str, ...]

    @classmethod
    def of(cls, listing: Listing, answers: Answers) -> _Community:
        programs = runs_programs(listing)
        # a facility's special programs are programs it runs ("Runs a program for veterans"); only the audience
        # it is only for makes a place built for someone
        ran = tuple(c for c in COMMUNITIES if programs and c in answers.communities and c in listing.communities)
        shared = tuple(
            c
            for c in COMMUNITIES
            if c in answers.communities and c not in ran and (c in listing.communities or c in listing.audience)
        )
        return cls(programs, ran, shared)


def _topic_reason(
    said: _Said, listing: Listing, answers: Answers, wanted_focus: tuple[str, ...], tier: int, who: _Community
) -> None:
    """The topics asked that it is about (care it gives, or a program it runs); else why it is shown anyway."""
    # a facility's topics beyond the care it gives come from its special programs: it runs a program about them
    program_focus = tuple(f for f in wanted_focus if who.programs and not mask_of(FOCUS, [f]) & CARE_FOCUS)
    care_focus = tuple(f for f in wanted_focus if f not in program_focus)
    if care_focus:
        said.reasons.append(Reason("focus_asked", {"focus": care_focus}))
    if program_focus:
        said.reasons.append(Reason("program_about", {"focus": program_focus}))
    if wanted_focus or not answers.focus:
        return
    if tier == TIER_ON_TOPIC and who.shared:
        said.reasons.append(Reason("general_for_community"))
    elif "general" in listing.focus:
        said.reasons.append(Reason("general_open"))
    else:
        said.worth.append(Reason("other_topic", {"focus": tuple(listing.focus)}))


def _community_reason(said: _Said, listing: Listing, answers: Answers, who: _Community) -> None:
    """The communities asked that it is built for or runs a program for; else whether it is open to everyone."""
    if who.shared:
        said.reasons.append(Reason("built_for", {"communities": who.shared}))
    if who.ran:
        said.reasons.append(Reason("runs_program", {"communities": who.ran}))
    if who.shared or who.ran:
        return
    if answers.communities and not listing.communities and not listing.audience:
        said.reasons.append(Reason("open_to_everyone"))
    elif listing.communities and not who.programs:
        said.worth.append(Reason("meant_for", {"communities": tuple(listing.communities)}))


def _narrower_topic_note(said: _Said, listing: Listing, answers: Answers, wanted_focus: tuple[str, ...]) -> None:
    """Worth knowing: it is mainly about a narrower topic than the broad one asked ("mainly about grief")."""
    narrower = tuple(
        n
        for n, broad in NARROWER_TOPICS.items()
        if n in listing.focus and broad in answers.focus and n not in answers.focus
    )
    if narrower and set(wanted_focus) <= {NARROWER_TOPICS[n] for n in narrower}:
        said.worth.append(Reason("mainly_about", {"focus": narrower}))


def _only_for_note(said: _Said, listing: Listing, answers: Answers) -> None:
    """Worth knowing: it is only for people the person did not say they are (an eligibility they left unsaid)."""
    mine, _ = person_audiences(answers)
    others = tuple(c for c in listing.audience if c not in {"own_concern", "family_caregivers"})
    if others and not mask_of(AUDIENCES, others) & mine:
        said.worth.append(Reason("only_for_unsaid", {"audience": others}))


def _facilitation_reason(said: _Said, listing: Listing, answers: Answers) -> None:
    """Who leads it, when the person said who they would like: as asked, someone else, or not known."""
    if answers.facilitation == "any":
        return
    if answers.facilitation in listing.facilitation:
        said.reasons.append(Reason("facilitation_asked", {"facilitation": answers.facilitation}))
    elif listing.facilitation:
        said.worth.append(
            Reason("facilitation_other", {"facilitation": tuple(listing.facilitation), "wanted": answers.facilitation})
        )
    else:
        said.worth.append(Reason("leader_unknown"))


def _schedule_reason(said: _Said, answers: Answers, nxt: datetime | None, when: MeetingTimes, sched: int) -> None:
    """When it meets, when the person said days or times: no fixed time, fits, or fits in part."""
    if not (answers.days or answers.times):
        return
    times = {"when": when, "times": tuple(answers.times), "days": tuple(answers.days)}
    if nxt is None or sched < 0:
        said.reasons.append(Reason("no_fixed_time"))
    elif sched == 2:
        said.reasons.append(Reason("schedule_fits", times))
    else:
        said.worth.append(Reason("schedule_partly", times))


def _attend_reason(said: _Said, listing: Listing, attend: list[str], dist: float | None, *, located: bool) -> None:
    """How the person takes part: in person at a distance, at local meetings, online or by phone.

    Local meetings are "near you" only when the person said where they are."""
    if "in_person" in attend and dist is not None:
        approximate = approximate_placing(listing.facility_values("placed"), listing.worth_knowing) is not None
        said.reasons.append(Reason("in_person_miles", {"miles": dist, "approximate": approximate}))
    elif "in_person" in attend and listing.local_groups and listing.latitude is None:
        said.reasons.append(Reason("local_groups", {"near": located}))
    elif "online" in attend:
        said.reasons.append(Reason("online_anywhere"))
    elif "phone" in attend:
        said.reasons.append(Reason("phone_anywhere"))


def _cost_reason(said: _Said, listing: Listing, answers: Answers) -> None:
    """What it costs: free (a reason only when asked), else worth knowing (its cost, or that it is not known)."""
    if listing.cost in FREE_COSTS:
        if answers.free_only:
            said.reasons.append(Reason("free_asked", {"cost": listing.cost}))
    elif listing.cost:
        said.worth.append(Reason("cost", {"cost": listing.cost}))
    else:
        said.worth.append(Reason("cost_unknown"))


def _asked_reasons(said: _Said, listing: Listing, answers: Answers) -> None:
    """The payment, languages (other than English) and access the person asked for that it has."""
    takes = tuple(c for c in answers.payment if c in listing.payment)
    if takes:
        said.reasons.append(Reason("payment_asked", {"payment": takes}))
    asked_lang = tuple(c for c in answers.languages if c in listing.languages and c != "en")
    if asked_lang:
        said.reasons.append(Reason("languages_asked", {"languages": asked_lang}))
    needs = tuple(a for a in answers.accessibility if a in listing.accessibility)
    if needs:
        said.reasons.append(Reason("access_asked", {"accessibility": needs}))


def _facility_notes(said: _Said, listing: Listing) -> None:
    """Worth knowing about a SAMHSA facility, and that any listing's place is approximate: codes, worded in the
    person's language."""
    if listing.facility_values("type") or listing.facility_values("offers"):
        said.worth.append(Reason("facility_clients"))
        said.worth.extend(
            Reason("facility_main_phone", {"phone": p}) for p in listing.facility_values("main_phone")[:1]
        )
    placing = approximate_placing(listing.facility_values("placed"), listing.worth_knowing)
    if placing == "zip":
        said.worth.append(Reason("facility_approximate"))
    elif placing is not None:
        said.worth.append(Reason("facility_approximate", {"at": placing}))
