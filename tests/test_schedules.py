"""Weekly schedules: parsing, next meetings across time zones and DST, descriptions."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import numpy as np
import pytest

from matcher.schedules import (
    meeting_time,
    meeting_times,
    minutes_until_next,
    next_meeting,
    parse_clock,
    parse_days,
    times_of_day_codes,
    to_person_week,
    zone_abbreviation,
)
from matcher.vocabulary import TIMES_OF_DAY
from matcher.words import ENGLISH

TUE = 1 << 1
SUN = 1 << 6


@pytest.mark.parametrize(("text", "minutes"), [("00:00", 0), ("7:05", 425), ("19:30", 1170), ("23:59", 1439)])
def test_clock_times_parse(text: str, minutes: int) -> None:
    """HH:MM 24-hour times become minutes after midnight."""
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["24:00", "12:60", "7pm", "", "19.30"])
def test_impossible_clock_times_are_refused(text: str) -> None:
    """Anything that is not a real 24-hour clock time raises ValueError."""
    with pytest.raises(ValueError):
        parse_clock(text)


def test_days_parse_to_a_mask_and_unknown_days_are_named() -> None:
    """'mon;thu' sets Monday and Thursday; an unknown day is named in the error."""
    assert parse_days("mon; thu") == 0b1001
    with pytest.raises(ValueError, match="'funday'"):
        parse_days("mon;funday")


@pytest.mark.parametrize(
    ("now", "group_tz", "expected_utc"),
    [
        # A Tuesday 19:00 New York meeting, asked on a Sunday before the March 2026 DST change:
        # the meeting is after the change, so it is 23:00 UTC (EDT), not 00:00 (EST).
        (datetime(2026, 3, 7, 12, tzinfo=UTC), "America/New_York", datetime(2026, 3, 10, 23, tzinfo=UTC)),
        # Asked in EDT for a meeting after the November change back: 19:00 EST is 00:00 UTC.
        (datetime(2026, 10, 28, 12, tzinfo=UTC), "America/New_York", datetime(2026, 11, 4, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 12, tzinfo=UTC), "America/Los_Angeles", datetime(2026, 7, 8, 2, tzinfo=UTC)),
        (datetime(2026, 7, 1, 12, tzinfo=UTC), "America/Phoenix", datetime(2026, 7, 8, 2, tzinfo=UTC)),
    ],
)
def test_next_meeting_is_dst_correct(now: datetime, group_tz: str, expected_utc: datetime) -> None:
    """The next Tuesday-19:00 meeting is found in the group's own zone, honouring daylight saving."""
    got = next_meeting(TUE, 19 * 60, group_tz, now)
    assert got is not None
    assert got.astimezone(UTC) == expected_utc


def test_a_meeting_later_today_is_today() -> None:
    """A meeting later the same day is the next one; one already started waits a week."""
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 7:00 am in New York
    assert next_meeting(TUE, 19 * 60, "America/New_York", now).day == 1  # type: ignore[union-attr]
    assert next_meeting(TUE, 6 * 60, "America/New_York", now).day == 8  # type: ignore[union-attr]


def test_no_schedule_has_no_next_meeting() -> None:
    """A group with no days (no times listed) has no next meeting."""
    assert next_meeting(0, -1, "America/New_York", datetime(2026, 1, 1, tzinfo=UTC)) is None


@pytest.mark.parametrize(
    ("minute", "code"),
    [
        (5 * 60, "morning"),
        (11 * 60 + 59, "morning"),
        (12 * 60, "afternoon"),
        (17 * 60, "evening"),
        (21 * 60, "night"),
        (2 * 60, "night"),
    ],
)
def test_times_of_day(minute: int, code: str) -> None:
    """Morning 05–12, afternoon 12–17, evening 17–21, night 21–05; a group with no start time has none."""
    got = times_of_day_codes(np.array([minute, -1], np.int64))
    assert list(TIMES_OF_DAY)[int(got[0])] == code
    assert int(got[1]) == -1


def test_a_late_meeting_elsewhere_moves_to_the_next_day_in_the_persons_zone() -> None:
    """Sunday 23:00 in Los Angeles is Monday 02:00 for a person in New York."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    days, start = to_person_week(
        np.array([SUN], np.uint8),
        np.array([23 * 60], np.int16),
        np.array([0], np.int16),
        ["America/Los_Angeles"],
        "America/New_York",
        now,
    )
    assert int(days[0]) == 1  # Monday
    assert int(start[0]) == 2 * 60


def test_vectorised_minutes_until_next_agree_with_the_exact_answer() -> None:
    """The ranking's vectorised next-meeting order matches zoneinfo's exact computation."""
    now = datetime(2026, 11, 26, 12, 7, tzinfo=UTC)
    tzs = ["America/Chicago", "America/New_York", "Pacific/Honolulu"]
    rng = np.random.default_rng(3)
    days = rng.integers(1, 128, 200).astype(np.uint8)
    start = rng.integers(0, 1440, 200).astype(np.int16)
    keys = rng.integers(0, 3, 200).astype(np.int16)
    got = minutes_until_next(days, start, keys, tzs, now)
    for i in range(200):
        exact = next_meeting(int(days[i]), int(start[i]), tzs[keys[i]], now)
        assert exact is not None
        assert abs((exact - now).total_seconds() / 60 - got[i]) < 1.0


def test_descriptions_say_when_in_the_persons_zone() -> None:
    """A New York group at 19:00 reads as 4:00 pm for someone in Los Angeles, with "your time"."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    times = meeting_times(TUE | 1 << 3, 19 * 60, 20 * 60 + 30, "America/New_York", "America/Los_Angeles", now)
    assert (times.days, times.start, times.end, times.other_zone) == (("tue", "thu"), time(16), time(17, 30), True)
    assert ENGLISH.when(times) == "Tuesdays and Thursdays, 4:00 pm – 5:30 pm your time"
    none = meeting_times(0, -1, -1, "America/New_York", "America/New_York", now)
    assert none.on_request and ENGLISH.when(none) == "No times listed"


# --------------------------------------------------------------------------- meeting times as data

THU = 1 << 3


@pytest.mark.parametrize(
    ("tz", "summer", "winter"),
    [
        ("America/Chicago", "CT", "CT"),
        ("America/New_York", "ET", "ET"),
        ("America/Los_Angeles", "PT", "PT"),
        ("America/Phoenix", "MT", "MT"),
        ("America/Anchorage", "AKT", "AKT"),
        ("Pacific/Honolulu", "HT", "HT"),
        ("America/Puerto_Rico", "AT", "AT"),
        # the same letters mean something else outside North America: not shortened
        ("Asia/Shanghai", "CST", "CST"),
        ("Europe/London", "BST", "GMT"),
        # zones without letters read as their offset
        ("America/Sao_Paulo", "UTC-3", "UTC-3"),
        ("Asia/Kathmandu", "UTC+5:45", "UTC+5:45"),
        ("UTC", "UTC", "UTC"),
    ],
)
def test_zone_short_names_are_the_ones_people_read(tz: str, summer: str, winter: str) -> None:
    """North American zones read "CT"/"ET"/... all year; other zones keep their own name or show the offset."""
    assert zone_abbreviation(tz, datetime(2026, 7, 1, 12, tzinfo=UTC)) == summer
    assert zone_abbreviation(tz, datetime(2026, 1, 15, 12, tzinfo=UTC)) == winter


def test_a_meeting_is_given_in_the_groups_zone_with_its_short_name() -> None:
    """A Chicago group meeting Thursdays 7:00–8:30 pm: next start Thu 19:00 CT, end 20:30 CT, nothing else."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)  # Thursday 6:00 am in Chicago
    got = meeting_time(TUE | THU, 19 * 60, 20 * 60 + 30, "America/Chicago", "America/Chicago", now)
    assert got is not None
    assert got.days == ("tue", "thu")
    assert (got.start.day, got.start.at.hour, got.start.at.minute, got.start.abbreviation) == ("thu", 19, 0, "CT")
    assert got.end is not None and (got.end.at.hour, got.end.at.minute) == (20, 30)
    assert got.start.at.tzinfo is not None and got.start.at.utcoffset() == timedelta(hours=-6)
    assert not got.differs and got.person_start is None and got.person_days == ()


def test_a_person_elsewhere_also_gets_their_own_clock_and_days() -> None:
    """The same meeting for someone in Berlin: Fri 2:00 am CET (Wednesdays and Fridays), as well as Thu 7 pm CT."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    got = meeting_time(TUE | THU, 19 * 60, 20 * 60 + 30, "America/Chicago", "Europe/Berlin", now)
    assert got is not None and got.differs
    assert (got.start.day, got.start.at.hour, got.start.abbreviation) == ("thu", 19, "CT")
    assert got.person_start is not None and got.person_end is not None
    assert (got.person_start.day, got.person_start.at.hour, got.person_start.abbreviation) == ("fri", 2, "CET")
    assert (got.person_end.at.hour, got.person_end.at.minute) == (3, 30)
    assert got.person_days == ("wed", "fri")
    assert got.person_start.at == got.start.at  # one moment, two clocks


def test_an_unknown_zone_is_never_taken_for_the_persons() -> None:
    """No zone (a shared link opened without one) or a bogus one: the group's zone only, no "your time"."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    for person in (None, "", "Mars/Olympus_Mons"):
        got = meeting_time(THU, 19 * 60, -1, "America/Chicago", person, now)
        assert got is not None and not got.differs and got.end is None
    # a zone whose clocks read the same right now (Winnipeg and Chicago) adds nothing
    same = meeting_time(THU, 19 * 60, -1, "America/Chicago", "America/Winnipeg", now)
    assert same is not None and not same.differs


def test_the_same_meeting_can_be_seen_from_another_zone() -> None:
    """seen_in re-reads a meeting for a viewer (a shared link opened in Los Angeles), or drops the view."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    got = meeting_time(THU, 19 * 60, 20 * 60, "America/Chicago", None, now)
    assert got is not None
    la = got.seen_in("America/Los_Angeles")
    assert la.person_start is not None and (la.person_start.at.hour, la.person_start.abbreviation) == (17, "PT")
    assert not la.seen_in(None).differs


def test_no_fixed_time_or_no_zone_gives_no_meeting_time() -> None:
    """A forum with no weekly time, or a schedule without a zone, has no meeting time to show."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert meeting_time(0, -1, -1, "America/Chicago", "America/Chicago", now) is None
    assert meeting_time(THU, 19 * 60, -1, "", "America/Chicago", now) is None


def test_a_meeting_across_the_dst_change_keeps_its_clock_time_in_the_groups_zone() -> None:
    """Asked before the November change, a Tuesday 7 pm New York meeting after it is still 7:00 pm ET."""
    got = meeting_time(TUE, 19 * 60, -1, "America/New_York", "Europe/London", datetime(2026, 10, 28, 12, tzinfo=UTC))
    assert got is not None and got.person_start is not None
    assert (got.start.at.hour, got.start.abbreviation) == (19, "ET")
    assert (got.person_start.at.hour, got.person_start.abbreviation) == (0, "GMT")
