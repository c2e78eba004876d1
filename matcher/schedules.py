"""Weekly schedules: parsing, the next meeting in the person's zone, times of day, when a group meets as data.

Days are a 7-bit mask, bit 0 = Monday. Clock times are minutes after midnight in the group's own
IANA zone. Exact answers (the next meeting, the description) go through ``zoneinfo`` and are correct
across daylight-saving changes; the vectorised helpers used for ranking a whole directory take each
zone's offset at "now", which is exact for this week's meetings except the hour of a DST change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np
import numpy.typing as npt

from .vocabulary import DAY_CODES, DAYS, TIMES_OF_DAY

IntArray = npt.NDArray[np.int64]
MINUTES_PER_WEEK: Final = 7 * 24 * 60
NO_TIME: Final = -1
#: How long a meeting with a start but no end time is taken to last (calendar exports).
DEFAULT_MEETING_MINUTES: Final = 60

_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


def parse_clock(text: str) -> int:
    """Minutes after midnight of an "HH:MM" 24-hour time; ValueError with a plain reason otherwise."""
    m = _CLOCK_RE.match(text.strip())
    if not m:
        raise ValueError(f"'{text}' is not a time like 19:30 (24-hour HH:MM)")
    hour, minute = int(m[1]), int(m[2])
    if hour > 23 or minute > 59:
        raise ValueError(f"'{text}' is not a real clock time")
    return hour * 60 + minute


def parse_days(text: str) -> int:
    """Bit mask of day codes separated by ';' ("mon;thu"); ValueError naming an unknown day."""
    mask = 0
    for part in split_list(text):
        code = part.lower()[:3] if part.lower() in {d.lower() for d in DAYS.values()} else part.lower()
        if code not in DAY_CODES:
            raise ValueError(f"unknown day '{part}' (use {', '.join(DAY_CODES)})")
        mask |= 1 << DAY_CODES.index(code)
    return mask


def split_list(text: str) -> list[str]:
    """The items of a ';'-separated cell, trimmed, empty ones dropped."""
    return [p.strip() for p in text.split(";") if p.strip()]


def day_codes(mask: int) -> list[str]:
    return [c for i, c in enumerate(DAY_CODES) if mask >> i & 1]


@cache
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name (cached); KeyError-like ZoneInfoNotFoundError when unknown."""
    return ZoneInfo(name)


#: The longest IANA zone name is 32 characters ("America/Argentina/ComodRivadavia"); anything much
#: longer, or with characters no zone name has, is refused before zoneinfo turns it into a file path
#: (a 300-character name made zoneinfo raise "File name too long").
TIMEZONE_MAX_CHARS: Final = 64
_TIMEZONE_RE: Final = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*", re.ASCII)


def is_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows; never raises, whatever the text."""
    if not isinstance(name, str) or len(name) > TIMEZONE_MAX_CHARS or not _TIMEZONE_RE.fullmatch(name):
        return False
    if name in known_timezones():
        return True
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def next_meeting(days_mask: int, start_min: int, group_tz: str, now: datetime) -> datetime | None:
    """The next start of a weekly meeting after ``now`` (aware), in the group's own zone."""
    if not days_mask or start_min < 0:
        return None
    tz = zone(group_tz)
    local_now = now.astimezone(tz)
    start = time(start_min // 60, start_min % 60)
    for ahead in range(8):
        day = local_now.date() + timedelta(days=ahead)
        if days_mask >> day.weekday() & 1:
            candidate = datetime.combine(day, start, tzinfo=tz)
            # a start inside a DST gap does not exist: zoneinfo normalises it on conversion
            candidate = candidate.astimezone(tz)
            if candidate > now:
                return candidate
    return None


def times_of_day_codes(minutes: IntArray) -> IntArray:
    """Vectorised: index into TIMES_OF_DAY of each start minute (-1 where there is no time)."""
    hours = minutes // 60
    out = np.full(minutes.shape, -1, dtype=np.int64)
    for i, (_code, (_label, first, end)) in enumerate(TIMES_OF_DAY.items()):
        if first < end:
            out[(hours >= first) & (hours < end) & (minutes >= 0)] = i
        else:
            out[((hours >= first) | (hours < end)) & (minutes >= 0)] = i
    return out


def offset_minutes(tz_name: str, at: datetime) -> int:
    """The UTC offset of a zone at an instant, in minutes."""
    off = at.astimezone(zone(tz_name)).utcoffset()
    return int(off.total_seconds() // 60) if off is not None else 0


def to_person_week(
    days_mask: npt.NDArray[np.uint8],
    start_min: npt.NDArray[np.int16],
    tz_key: npt.NDArray[np.int16],
    tz_names: list[str],
    person_tz: str,
    now: datetime,
) -> tuple[npt.NDArray[np.uint8], IntArray]:
    """Vectorised: each group's meeting days (mask) and start minute as seen in the person's zone."""
    person_off = offset_minutes(person_tz, now)
    shift_by_tz = np.array([person_off - offset_minutes(t, now) if t else 0 for t in tz_names] or [0], dtype=np.int64)
    shift = shift_by_tz[np.maximum(tz_key, 0)]
    local = start_min.astype(np.int64) + shift
    day_shift = np.floor_divide(local, 24 * 60)
    local = np.mod(local, 24 * 60)
    local = np.where(start_min < 0, NO_TIME, local)
    # rotate the 7-bit day mask by day_shift (-1, 0 or +1 in practice)
    m = days_mask.astype(np.int64)
    k = np.mod(day_shift, 7)
    rotated = ((m << k) | (m >> (7 - k))) & 0x7F
    rotated = np.where(start_min < 0, m, rotated)
    return rotated.astype(np.uint8), local


def minutes_until_next(
    days_mask: npt.NDArray[np.uint8],
    start_min: npt.NDArray[np.int16],
    tz_key: npt.NDArray[np.int16],
    tz_names: list[str],
    now: datetime,
) -> IntArray:
    """Vectorised: minutes from ``now`` to each group's next meeting (a large number when unscheduled)."""
    offsets = np.array([offset_minutes(t, now) if t else 0 for t in tz_names] or [0], dtype=np.int64)
    utc = now.astimezone(ZoneInfo("UTC"))
    now_utc_week = utc.weekday() * 1440 + utc.hour * 60 + utc.minute
    # the group's local week minute of "now"
    local_now = np.mod(now_utc_week + offsets[np.maximum(tz_key, 0)], MINUTES_PER_WEEK)
    best = np.full(days_mask.shape, MINUTES_PER_WEEK * 2, dtype=np.int64)
    start = start_min.astype(np.int64)
    for d in range(7):
        has = ((days_mask >> d) & 1).astype(bool) & (start >= 0)
        occ = d * 1440 + start
        delta = np.mod(occ - local_now, MINUTES_PER_WEEK)
        delta = np.where(delta == 0, MINUTES_PER_WEEK, delta)
        best = np.where(has & (delta < best), delta, best)
    return best


@dataclass(frozen=True)
class MeetingTimes:
    """When a group meets, as the person sees it (their zone): weekday codes, start and end, no words.

    ``days`` empty (or ``start`` None) means no fixed time: any time or on request. ``other_zone`` is
    true when the group's zone is not the person's (the wording adds "your time").
    """

    days: tuple[str, ...] = ()
    start: time | None = None
    end: time | None = None
    other_zone: bool = False

    @property
    def on_request(self) -> bool:
        return not self.days or self.start is None


def meeting_times(
    days_mask: int, start_min: int, end_min: int, group_tz: str, person_tz: str, now: datetime
) -> MeetingTimes:
    """When a group meets, in the person's zone: a New York group Tuesdays and Thursdays 19:00–20:30 is
    Tuesdays and Thursdays 16:00–17:30 for someone in Los Angeles, with ``other_zone`` set."""
    if not days_mask or start_min < 0:
        return MeetingTimes()
    ptz = zone(person_tz)
    local_days: list[int] = []
    first: datetime | None = None
    for code in day_codes(days_mask):
        occ = next_meeting(1 << DAY_CODES.index(code), start_min, group_tz, now)
        if occ is None:
            continue
        seen = occ.astimezone(ptz)
        local_days.append(seen.weekday())
        first = seen if first is None else first
    if first is None:
        return MeetingTimes()
    end = (first + timedelta(minutes=end_min - start_min)).time() if end_min >= 0 else None
    same_zone = offset_minutes(group_tz, now) == offset_minutes(person_tz, now)
    return MeetingTimes(
        days=tuple(DAY_CODES[d] for d in sorted(set(local_days))), start=first.time(), end=end, other_zone=not same_zone
    )


# --------------------------------------------------------------------------- meeting times as data

#: Zones whose clocks are named the North American way ("CST"/"CDT" read as "CT"). Elsewhere the same
#: letters mean other things (Asia/Shanghai is also "CST"), so only these are shortened.
_NORTH_AMERICAN_PREFIXES: Final = ("America/", "US/", "Canada/", "Pacific/Honolulu", "Pacific/Johnston")
_SEASONAL_NAME = re.compile(r"^([A-Z]{1,3})[SD]T$")
_NUMERIC_NAME = re.compile(r"^([+-])(\d{2})(\d{2})?$")


def zone_abbreviation(tz_name: str, at: datetime) -> str:
    """The short name people read for a zone at an instant: "CT", "ET", "PT", "AKT", "HT" for North
    American zones (the same in winter and summer), the zone's own name elsewhere ("CET", "GMT"), or
    its offset ("UTC+5:30") where the zone has no letters. Language-neutral: these are not words."""
    seen = at.astimezone(zone(tz_name))
    name = seen.tzname() or ""
    if tz_name.startswith(_NORTH_AMERICAN_PREFIXES):
        short = _SEASONAL_NAME.match(name)
        if short:
            return short[1] + "T"
    numeric = _NUMERIC_NAME.match(name)
    if numeric or not name:
        off = seen.utcoffset()
        total = int(off.total_seconds() // 60) if off is not None else 0
        sign = "+" if total >= 0 else "-"
        hours, minutes = divmod(abs(total), 60)
        return "UTC" if total == 0 else f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
    return name


@dataclass(frozen=True)
class ZoneTime:
    """One moment as read on the clocks of one zone: the aware time, the IANA zone and its short name."""

    at: datetime
    zone: str
    abbreviation: str

    @property
    def day(self) -> str:
        """The weekday's code there ("thu")."""
        return DAY_CODES[self.at.weekday()]


def zone_time(at: datetime, tz_name: str) -> ZoneTime:
    """``at`` (aware) as read in ``tz_name``."""
    return ZoneTime(at.astimezone(zone(tz_name)), tz_name, zone_abbreviation(tz_name, at))


@dataclass(frozen=True)
class MeetingTime:
    """When a weekly meeting is, as data for the app to word in the person's language.

    ``days``, ``start`` and ``end`` are in the group's own zone (its next meeting, with the zone's short
    name). The ``person_*`` fields hold the same meeting in the person's zone, only when that zone is
    known (never a default) and its clocks differ from the group's; otherwise they are empty, and
    nothing may be called "your time".
    """

    days: tuple[str, ...]
    start: ZoneTime
    end: ZoneTime | None
    person_days: tuple[str, ...] = ()
    person_start: ZoneTime | None = None
    person_end: ZoneTime | None = None

    @property
    def differs(self) -> bool:
        """True when the person's zone is known and reads this meeting at another clock time."""
        return self.person_start is not None

    def seen_in(self, person_tz: str | None) -> MeetingTime:
        """The same meeting for someone in ``person_tz`` (None or an unknown zone: the group's zone only)."""
        return _with_person(self.days, self.start, self.end, person_tz)


def _with_person(days: tuple[str, ...], start: ZoneTime, end: ZoneTime | None, person_tz: str | None) -> MeetingTime:
    if (
        not person_tz
        or not is_timezone(person_tz)
        or person_tz == start.zone
        or start.at.utcoffset() == start.at.astimezone(zone(person_tz)).utcoffset()
    ):
        return MeetingTime(days, start, end)
    person_days = tuple(
        sorted({DAY_CODES[(DAY_CODES.index(d) + _day_shift(start, person_tz)) % 7] for d in days}, key=DAY_CODES.index)
    )
    return MeetingTime(
        days,
        start,
        end,
        person_days,
        zone_time(start.at, person_tz),
        zone_time(end.at, person_tz) if end is not None else None,
    )


def _day_shift(start: ZoneTime, person_tz: str) -> int:
    """How many days later (-1, 0, +1) the group's meeting day is on the person's calendar."""
    there = start.at.astimezone(zone(person_tz)).date()
    return (there - start.at.date()).days


def meeting_time(
    days_mask: int, start_min: int, end_min: int, group_tz: str, person_tz: str | None, now: datetime
) -> MeetingTime | None:
    """The meeting's days and next start (and end) in the group's zone, plus the person's view when
    ``person_tz`` is known and differs. None for a group with no fixed weekly time or no zone."""
    if not group_tz or not is_timezone(group_tz):
        return None
    first = next_meeting(days_mask, start_min, group_tz, now)
    if first is None:
        return None
    start = zone_time(first, group_tz)
    end = (
        zone_time(first + timedelta(minutes=end_min - start_min), group_tz)
        if end_min >= 0 and end_min > start_min
        else None
    )
    return _with_person(tuple(day_codes(days_mask)), start, end, person_tz)
