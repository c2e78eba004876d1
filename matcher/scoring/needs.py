"""The hard needs, each a whole-column test of which listings fail it: eligibility (audience and age), topic,
and how the person can attend (format, distance, access, cost, language)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from .. import places
from ..answers import DEFAULT_TIMEZONE, Answers
from ..directory import Directory, Listing
from ..vocabulary import (
    AGE_AUDIENCES,
    AUDIENCES,
    COMMUNITIES,
    FOCUS,
    FORMATS,
    GENDER_AUDIENCES,
    PAYMENT,
    mask_of,
)
from .weights import (
    _AGE_COMMUNITIES,
    _ALL_FOCUS,
    _ASL,
    _FAMILY_PROGRAM_FOCUS,
    _FREE_COST_CODES,
    _GENERAL,
    _IN_PERSON,
    _ONLINE,
    _PHONE,
    _WHEELCHAIR,
    NARROWER_TOPICS,
)

#: Needs that are about who a group is for: counted as hidden, never offered to relax.
ELIGIBILITY_NEEDS: Final[frozenset[str]] = frozenset({"audience", "age"})


def person_timezone(answers: Answers, origin: places.Place | None) -> str:
    """The person's zone: what they said, else their place's, else the default."""
    return known_timezone(answers, origin) or DEFAULT_TIMEZONE


def known_timezone(answers: Answers, origin: places.Place | None) -> str | None:
    """The person's zone only when it is known (what their browser said, else their place's); never a default."""
    return answers.timezone or (origin.timezone if origin and origin.timezone else None)


def _any_bits(values: npt.NDArray[Any], mask: int) -> npt.NDArray[np.bool_]:
    return np.asarray((values & mask) != 0, dtype=bool)


def _and_not(
    a: npt.NDArray[np.bool_], b: npt.NDArray[np.bool_], out: npt.NDArray[np.bool_] | None = None
) -> npt.NDArray[np.bool_]:
    """``a & ~b`` in one pass and no temporary (True > False only): on 1M rows, each one-row-per-listing
    temporary costs more in fresh memory than in arithmetic. ``out`` may be ``a``, to work in place."""
    return np.asarray(np.greater(a, b, out=out), dtype=bool)


@dataclass
class _Reach:
    """How each listing can be reached, for one choice of formats and access needs."""

    ip_raw: npt.NDArray[np.bool_]  # in person, and the person accepts in person
    remote: npt.NDArray[np.bool_]  # online or by phone, in a way the person accepts
    local: npt.NDArray[np.bool_]  # in person at one of the program's local groups (no place, no distance)
    wheel_ok: npt.NDArray[np.bool_]
    formats: npt.NDArray[np.bool_]  # fails: no accepted way to attend
    distance: npt.NDArray[np.bool_]  # fails: in person only, beyond the distance
    access: npt.NDArray[np.bool_]  # fails: an access need is not met


class _At:
    """The directory's columns at some positions (the candidates), each read out once when first asked for:
    the fit steps read the same few columns, and each read is a gather from a million-row column."""

    def __init__(self, d: Directory, idx: npt.NDArray[np.intp]) -> None:
        self.d, self.idx = d, idx

    def __len__(self) -> int:
        return len(self.idx)

    @cached_property
    def focus(self) -> npt.NDArray[np.uint32]:
        return self.d.focus[self.idx]

    @cached_property
    def communities(self) -> npt.NDArray[np.uint16]:
        return self.d.communities[self.idx]

    @cached_property
    def audience(self) -> npt.NDArray[np.uint16]:
        return self.d.audience[self.idx]

    @cached_property
    def facilitation(self) -> npt.NDArray[np.uint8]:
        return self.d.facilitation[self.idx]

    @cached_property
    def days(self) -> npt.NDArray[np.uint8]:
        return self.d.days[self.idx]


def _reach(
    fmt_col: npt.NDArray[np.uint8],
    access_col: npt.NDArray[np.uint8],
    formats: list[str],
    access: list[str],
    within: npt.NDArray[np.bool_],
    local_col: npt.NDArray[np.bool_] | None = None,
) -> _Reach:
    """Reach for listings given their format and access bit columns (all listings, or a subset).

    ``local_col`` marks the programs met at their local groups (``Directory.local``): taken part in in person
    near the person, wherever they are, so never beyond their distance."""
    n = len(fmt_col)
    chosen = set(formats or FORMATS)
    ip_raw = _any_bits(fmt_col, _IN_PERSON) if "in_person" in chosen else np.zeros(n, bool)
    remote_mask = (_ONLINE if "online" in chosen else 0) | (_PHONE if "phone" in chosen else 0)
    remote = _any_bits(fmt_col, remote_mask) if remote_mask else np.zeros(n, bool)
    wheel_ok = _any_bits(access_col, _WHEELCHAIR) if "wheelchair" in access else np.ones(n, bool)
    local = ip_raw & local_col if local_col is not None else np.zeros(n, bool)
    access_fail = _and_not(ip_raw, wheel_ok)  # in place from here on: no temporaries
    _and_not(access_fail, remote, out=access_fail)
    if "asl" in access:
        asl = _any_bits(access_col, _ASL)
        access_fail |= np.logical_not(asl, out=asl)
    reachable = ip_raw | remote
    distance = ip_raw & wheel_ok
    for off in (within, remote, local):
        _and_not(distance, off, out=distance)
    return _Reach(
        ip_raw=ip_raw,
        remote=remote,
        local=local,
        wheel_ok=wheel_ok,
        formats=np.logical_not(reachable, out=reachable),
        distance=distance,
        access=access_fail,
    )


def _language_fail(d: Directory, wanted: list[str]) -> npt.NDArray[np.bool_]:
    if not wanted:
        return np.zeros(len(d), bool)
    want = set(wanted)
    bad = [i for i, s in enumerate(d.lang_sets) if not (s & want)]
    good = [i for i, s in enumerate(d.lang_sets) if s & want]
    # a directory holds a handful of language sets: comparing the keys with the few that fail (or pass) is
    # twice as fast on 1M rows as looking each row's key up in a table
    if len(bad) <= _FEW_KEYS:
        fail = np.zeros(len(d), bool)
        for key in bad:
            fail |= d.lang_key == key
        return fail
    if len(good) <= _FEW_KEYS:
        fail = np.ones(len(d), bool)
        for key in good:
            fail &= d.lang_key != key
        return fail
    bad_sets = np.zeros(len(d.lang_sets), dtype=bool)
    bad_sets[bad] = True
    return bad_sets[d.lang_key]


_FEW_KEYS: Final = 4


def _cost_fail(d: Directory) -> npt.NDArray[np.bool_]:
    free = np.zeros(len(d), bool)
    for code in _FREE_COST_CODES:
        free |= d.cost == code
    return np.logical_not(free, out=free)


def _payment_fail(d: Directory, payment: list[str]) -> npt.NDArray[np.bool_]:
    """Neither free nor taking one of the ways the person can pay ("I have Medicaid")."""
    takes = _any_bits(d.payment, mask_of(PAYMENT, payment))
    return np.asarray(_cost_fail(d) & ~takes, dtype=bool)


def _topic_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    if not answers.focus or answers.other_topics:
        return np.zeros(len(d), bool)
    about = _any_bits(d.focus, mask_of(FOCUS, answers.focus) | _GENERAL)
    return np.logical_not(about, out=about)


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


def runs_programs(listing: Listing) -> bool:
    """Whether a listing's communities are programs it runs rather than who it is for: a treatment facility
    copied from a national directory (its ``source`` is set: SAMHSA lists each facility's "special programs
    or groups", extra programs it runs for veterans, seniors, women…). Only its ``audience`` (a VA medical
    center: eligible veterans) says whom the place itself is for."""
    return bool(listing.source)


def _programs(d: Directory, idx: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    """:func:`runs_programs` for the listings at ``idx``."""
    return np.asarray(d.sourced[idx], dtype=bool)


def _narrower(at: _At, answers: Answers) -> npt.NDArray[np.bool_]:
    """About a narrower kind of loss than the person chose, and not about anything else they chose (a
    suicide-loss program for someone who said only grief)."""
    out = np.zeros(len(at), bool)
    want = mask_of(FOCUS, answers.focus)
    for narrow, broad in NARROWER_TOPICS.items():
        if broad in answers.focus and narrow not in answers.focus:
            f = at.focus
            out |= _any_bits(f, mask_of(FOCUS, [narrow])) & ((f & want) == mask_of(FOCUS, [broad]))
    return out


def _person_ages(answers: Answers) -> int:
    """The age communities the person is in (by their age, else the ones they chose), as a COMMUNITIES mask."""
    if answers.age is not None:
        return mask_of(COMMUNITIES, [c for c, (lo, hi) in AGE_AUDIENCES.items() if lo <= answers.age <= hi])
    return mask_of(COMMUNITIES, [c for c in answers.communities if c in AGE_AUDIENCES])


def _audience_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    """Only for people the person said they are not (another gender, another age, not family).

    Worked out once per distinct audience value in the directory, then looked up for every listing."""
    mine, unsaid = person_audiences(answers)
    kinds = d.audience_kinds
    rest = kinds.values & _OTHER_AUDIENCES
    role = kinds.values & _ROLE_AUDIENCES
    fail = ((rest != 0) & ((rest & mine) == 0) & ((rest & unsaid) == 0)) | ((role != 0) & ((role & mine) == 0))
    return kinds.where(np.asarray(fail, dtype=bool))


def _after_open(at: _At, answers: Answers, programs: npt.NDArray[np.bool_] | None = None) -> npt.NDArray[np.bool_]:
    """Kept, but after the open ones: only for people the person did not say whether they are, built for
    family members when the person did not say they are one, meant mainly for an age group the person is
    not in (a young adults' group for a 68-year-old), or about a narrower loss than they said."""
    mine, _ = person_audiences(answers)
    aud = at.audience & _OTHER_AUDIENCES
    unsure = (aud != 0) & ((aud & mine) == 0)
    ages = _person_ages(answers)
    if ages:  # a facility's young-adult program does not make the facility meant for young adults
        listed = at.communities & _AGE_COMMUNITIES
        own = np.zeros(len(at), bool) if programs is None else programs
        unsure = unsure | ((listed != 0) & ((listed & ages) == 0) & ~own)
    unsure = unsure | _narrower(at, answers)
    if "family_caregivers" not in answers.communities:  # Al-Anon, Nar-Anon, Gam-Anon: about someone else's use
        family = _any_bits(at.communities | aud, mask_of(COMMUNITIES, ["family_caregivers"]))
        addiction = (at.focus & (_ALL_FOCUS & ~_FAMILY_PROGRAM_FOCUS)) == 0
        # unless it is also built for a community of the person's (an LGBTQ+ youth group that also
        # welcomes families); gender and age alone do not make an Al-Anon meeting theirs
        kin = mask_of(
            COMMUNITIES, [c for c in answers.communities if c not in GENDER_AUDIENCES and c not in AGE_AUDIENCES]
        )
        shares = _any_bits(at.communities, kin) if kin else np.zeros(len(at), bool)
        unsure = unsure | (family & addiction & ~shares)
    return np.asarray(unsure, dtype=bool)


def _age_fail(d: Directory, answers: Answers) -> npt.NDArray[np.bool_]:
    if answers.age is None:
        return np.zeros(len(d), bool)
    age = answers.age
    return np.asarray((d.min_age > age) | ((d.max_age >= 0) & (d.max_age < age)), dtype=bool)


def _distances(
    d: Directory, answers: Answers, origin: places.Place | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Miles to each in-person listing near enough to be within the person's distance (inf elsewhere), and
    which are within it (all of them when no place is given). :func:`_widen` adds the wider steps' rows."""
    n = len(d)
    dist = np.full(n, np.inf)
    within = np.ones(n, bool)
    if origin is not None:
        max_mi = answers.max_distance_miles
        box = _in_box(d, origin, max_mi)
        box = box[_any_bits(d.formats[box], _IN_PERSON)]
        miles = places.distance_miles(origin.latitude, origin.longitude, d.lat[box], d.lon[box])
        dist[box] = miles
        within = np.zeros(n, bool)  # dist <= max_mi, without another pass over every row's miles
        within[box[miles <= max_mi]] = True
    return dist, within


def _in_box(d: Directory, origin: places.Place, miles: float) -> npt.NDArray[np.intp]:
    """The positions, in order, of the listings inside the box that holds every point within ``miles`` of the
    origin: the box from the directory's index, then the exact test on what it found alone."""
    lo_lat, hi_lat, lo_lon, hi_lon = places.bounding_box(origin.latitude, origin.longitude, miles)
    near = d.by_latitude.box(lo_lat, hi_lat, lo_lon, hi_lon)
    lat, lon = d.lat[near], d.lon[near]
    inside = (lat >= lo_lat) & (lat <= hi_lat) & (lon >= lo_lon) & (lon <= hi_lon)
    return np.sort(near[inside]).astype(np.intp)


#: The needs about how a person attends: the only ones a wider distance can change.
REACH_NEEDS: Final[tuple[str, ...]] = ("formats", "distance", "accessibility")


def _widen(
    d: Directory,
    origin: places.Place | None,
    steps: list[int],
    dist: npt.NDArray[np.float64],
    fails: dict[str, npt.NDArray[np.bool_]],
) -> None:
    """Fill in ``dist`` the miles to the listings hidden by distance alone among the needs that are not about
    how to attend, within the widest step: the only rows a "widen to N miles" offer can show (a row hidden
    by any other need stays hidden at any distance, and one failing only the format or access needs stays
    failing them however wide the distance, so their miles are never read). A tenth of the box on 1M rows."""
    if origin is None or not steps or "distance" not in fails:
        return
    open_ = fails["distance"].copy()
    for need, mask in fails.items():
        if need not in REACH_NEEDS:
            _and_not(open_, mask, out=open_)
    rows = np.flatnonzero(open_)  # a few in a hundred: the box is tested on them alone
    lo_lat, hi_lat, lo_lon, hi_lon = places.bounding_box(origin.latitude, origin.longitude, max(steps))
    lat, lon = d.lat[rows], d.lon[rows]
    box = rows[(lat >= lo_lat) & (lat <= hi_lat) & (lon >= lo_lon) & (lon <= hi_lon)]
    dist[box] = places.distance_miles(origin.latitude, origin.longitude, d.lat[box], d.lon[box])


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
