"""Weekly schedules: parsing, next meetings across time zones and DST, descriptions."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from matcher.schedules import (
    describe_schedule,
    minutes_until_next,
    next_meeting,
    parse_clock,
    parse_days,
    times_of_day_codes,
    to_person_week,
)
from matcher.vocabulary import TIMES_OF_DAY

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
    """A group with no days ("any time / on request") has no next meeting."""
    assert next_meeting(0, -1, "America/New_York", datetime(2026, 1, 1, tzinfo=UTC)) is None


@pytest.mark.parametrize(("minute", "code"), [(5 * 60, "morning"), (11 * 60 + 59, "morning"), (12 * 60, "afternoon"),
                                              (17 * 60, "evening"), (21 * 60, "night"), (2 * 60, "night")])
def test_times_of_day(minute: int, code: str) -> None:
    """Morning 05–12, afternoon 12–17, evening 17–21, night 21–05; a group with no start time has none."""
    got = times_of_day_codes(np.array([minute, -1], np.int64))
    assert list(TIMES_OF_DAY)[int(got[0])] == code
    assert int(got[1]) == -1


def test_a_late_meeting_elsewhere_moves_to_the_next_day_in_the_persons_zone() -> None:
    """Sunday 23:00 in Los Angeles is Monday 02:00 for a person in New York."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    days, start = to_person_week(np.array([SUN], np.uint8), np.array([23 * 60], np.int16),
                                 np.array([0], np.int16), ["America/Los_Angeles"], "America/New_York", now)
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
    text = describe_schedule(TUE | 1 << 3, 19 * 60, 20 * 60 + 30, "America/New_York", "America/Los_Angeles", now)
    assert text == "Tuesdays and Thursdays, 4:00 pm – 5:30 pm your time"
    assert describe_schedule(0, -1, -1, "America/New_York", "America/New_York", now) == "Any time / on request"
