"""Property tests: arbitrary JSON into both importers never escapes as a traceback or loses a record.

Properties: only ``ImporterError`` (the documented exception) for unreadable input; otherwise every
record is written or reported by id; the rows written always pass ``validate``; no message carries a
control character to the operator's terminal.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher.directory import load_directory
from matcher.importers import ImporterError, ImportOptions, ImportResult, import_hsds, import_meeting_guide, write_rows
from matcher.importers.common import RecordError, text

pytestmark = pytest.mark.fuzz
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow])
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)

# values a meeting field really takes, plus anything at all
MEETING_VALUES: dict[str, Any] = {
    "slug": st.text(min_size=1, max_size=8) | st.integers(0, 99),
    "name": st.text(max_size=20),
    "day": st.integers(-2, 9) | st.lists(st.integers(-1, 8), max_size=3) | st.sampled_from(["0", "6", "x", ""]),
    "time": st.sampled_from(["19:00", "7:30", "25:00", "7pm", "", "6:300pm"]),
    "end_time": st.sampled_from(["20:00", "00:30", "06:00", ""]),
    "timezone": st.sampled_from(["America/Chicago", "nan", "", "Mars/Base"]),
    "types": st.lists(st.sampled_from(["O", "C", "W", "Y", "X", "S", "ONL", "TC", "zz"]), max_size=4)
    | st.sampled_from(["[open]", "C,W", "O"]),
    "latitude": st.floats(-100, 100) | st.sampled_from(["41.9", "", None, 0]),
    "longitude": st.floats(-200, 200) | st.sampled_from(["-87.6", "", None, 0]),
    "postal_code": st.sampled_from(["60614", 2108, "١٢٣٤٥", "６０６１４", "M5H 2N2", ""]),
    "city": st.sampled_from(["Chicago", "Nowhere", "", "Тест"]),
    "state": st.sampled_from(["IL", "ON", "", "ZZ"]),
    "country": st.sampled_from(["US", "CA", "", "Canada"]),
    "address": st.sampled_from(["1 Main St", "", "x"]),
    "attendance_option": st.sampled_from(["in_person", "online", "hybrid", "inactive", "", "???"]),
    "conference_url": st.sampled_from(["https://zoom.example/j/1", "javascript:x", "", "http://a b"]),
    "conference_phone": st.sampled_from(["+15551234567", ""]),
    "updated": st.sampled_from(["2025-01-01 10:00:00", "9999-01-01", "junk", ""]),
}
meeting = st.fixed_dictionaries({}, optional={k: v | any_json for k, v in MEETING_VALUES.items()})

SERVICE_VALUES: dict[str, Any] = {
    "id": st.text(min_size=1, max_size=6),
    "name": st.text(max_size=20),
    "status": st.sampled_from(["active", "inactive", ""]),
    "description": st.text(max_size=30),
    "service_at_locations": st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "id": st.text(max_size=4),
                "location": st.fixed_dictionaries(
                    {},
                    optional={
                        "id": st.text(max_size=4),
                        "latitude": st.floats(-100, 100) | scalars,
                        "longitude": st.floats(-200, 200) | scalars,
                        "location_type": st.sampled_from(["physical", "virtual"]),
                        "addresses": st.lists(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "postal_code": st.sampled_from(["60614", "١٢٣٤٥", ""]) | scalars,
                                    "city": st.sampled_from(["Chicago", ""]),
                                    "state_province": st.sampled_from(["IL", " "]),
                                },
                            ),
                            max_size=2,
                        )
                        | any_json,
                    },
                ),
                "schedules": st.lists(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "freq": st.sampled_from(["WEEKLY", "MONTHLY", ""]),
                            "byday": st.sampled_from(["TU,TH", "1MO", "XX"]),
                            "interval": st.sampled_from([1, 2, "x"]),
                            "opens_at": st.sampled_from(["18:00", "9am", "6:300pm"]),
                            "timezone": st.sampled_from(["-5", "nan", "3.5", ""]) | scalars,
                        },
                    ),
                    max_size=2,
                )
                | any_json,
            },
        ),
        max_size=2,
    )
    | any_json,
    "attributes": st.lists(
        st.fixed_dictionaries(
            {"taxonomy_term": st.fixed_dictionaries({"code": st.sampled_from(["PN-8100", "PN-8100.1000", "BD-1800"])})}
        ),
        max_size=2,
    )
    | any_json,
}
service = st.fixed_dictionaries({}, optional={k: v | any_json for k, v in SERVICE_VALUES.items()})


def _check(result: ImportResult, ids: set[str]) -> None:
    """Every id'd record is written or reported; the output validates; messages are terminal-safe."""
    accounted = {r["id"] for r in result.rows} | {r.record_id for r in result.reports}
    assert ids <= accounted, ids - accounted
    for r in result.reports:
        assert not CONTROL.search(r.record_id + r.reason), r
    for note in result.notes:
        assert not CONTROL.search(note)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "groups.csv"
        write_rows(result.rows, out)
        loaded = load_directory(out)
        # A file with no listings is itself a problem (the app would show nothing); anything else is not.
        expected_problems = [] if result.rows else [("rows", 1)]
        assert [(p.column, p.line) for p in loaded.problems] == expected_problems, loaded.problems
        assert len(loaded.directory) == len(result.rows)


def _ids(records: object, key: str) -> set[str]:
    out = set()
    for r in records if isinstance(records, list) else []:
        if isinstance(r, dict) and isinstance(r.get(key), str | int) and not isinstance(r.get(key), bool):
            try:
                value = text(r[key])  # the id as the importers clean it (controls and padding gone)
            except RecordError:
                continue
            if value:
                out.add(value)
    return out


def _run(importer: Any, data: object, opts: ImportOptions) -> ImportResult | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.json"
        path.write_text(json.dumps(data), encoding="utf-8", errors="surrogatepass")
        try:
            result: ImportResult = importer(path, opts)
        except ImporterError as exc:
            assert exc.message and not CONTROL.search(exc.message)
            return None
    return result


@FUZZ
@given(any_json)
def test_arbitrary_json_into_the_meeting_guide_importer(data: object) -> None:
    """Any JSON at all: a plain ImporterError, or a result that keeps every promise."""
    result = _run(import_meeting_guide, data, ImportOptions(timezone="America/Chicago"))
    if result is not None:
        _check(result, set())


@FUZZ
@given(st.lists(meeting | any_json, max_size=6))
@example([{"slug": "a", "name": "x", "attendance_option": "inactive"}, {"slug": "b", "name": "y", "day": 9}])
def test_meeting_shaped_json_every_meeting_written_or_reported(meetings: list[object]) -> None:
    """Meetings with odd values in every field: each slug is written or reported; the output validates."""
    result = _run(import_meeting_guide, meetings, ImportOptions())
    assert result is not None
    named = [m for m in meetings if isinstance(m, dict) and isinstance(m.get("name"), str) and m["name"].strip()]
    _check(result, _ids(named, "slug"))


@FUZZ
@given(any_json)
def test_arbitrary_json_into_the_hsds_importer(data: object) -> None:
    """Any JSON at all: a plain ImporterError, or a result that keeps every promise."""
    result = _run(import_hsds, data, ImportOptions())
    if result is not None:
        _check(result, set())


@FUZZ
@given(st.lists(service, min_size=1, max_size=4), st.booleans())
@example([{"id": "a", "status": "inactive"}, {"id": "b", "name": "x", "service_at_locations": [{"id": "b1"}]}], False)
# A field of the wrong shape beside a good service (once found only at random): that service is reported.
@example(
    [{"id": "a", "service_at_locations": True}, {"id": "b", "name": "x", "service_at_locations": [{"id": "b1"}]}], True
)
@example([{"id": "a", "service_at_locations": 7}, {"id": "b", "name": "x"}], False)
# ...and one location of the wrong shape inside a service: only that location is lost.
@example(
    [
        {
            "id": "a",
            "name": "x",
            "service_at_locations": [
                {"id": "a1", "location": {"addresses": True}},
                {"id": "a2", "schedules": [True]},
                {"id": "a3"},
            ],
        }
    ],
    True,
)
def test_service_shaped_json_every_service_written_reported_or_counted(
    services: list[dict[str, Any]], everything: bool
) -> None:
    """3.0 services with odd values: each is written, reported, or counted as not a support group."""
    result = _run(import_hsds, {"contents": services}, ImportOptions(all_services=everything))
    if result is None:
        return
    _check(result, set())
    accounted = {r["id"] for r in result.rows} | {r.record_id for r in result.reports}
    unaccounted = set()
    for sid in _ids(services, "id"):
        mine = [x for x in services if isinstance(x, dict) and _ids([x], "id") == {sid}]
        sal_ids = _ids(
            [sal for x in mine if isinstance(x.get("service_at_locations"), list) for sal in x["service_at_locations"]],
            "id",
        )
        if sid not in accounted and not sal_ids & accounted and not any(i.startswith(f"{sid}-") for i in accounted):
            unaccounted.add(sid)
    # a service is listed or reported by its own id or its service_at_location ids, or counted outside PN-8100
    assert len(unaccounted) <= result.outside_taxonomy


csv_cell = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", '"', "a,b", "\r", "\n", "\x00", "7pm", "PN-8100", "Tuesday", "6:300pm", "33161", "FL "]
)


@FUZZ
@given(
    st.lists(st.lists(csv_cell, min_size=1, max_size=9), max_size=5),
    st.sampled_from(
        ["services.csv", "regular_schedules.csv", "physical_addresses.csv", "services_taxonomy.csv", "locations.csv"]
    ),
)
def test_csv_shaped_text_in_an_hsds_table(lines: list[list[str]], table: str) -> None:
    """Any cells (quotes, CR, NUL, ragged rows) in one table of a 1.1 folder: a plain error or a valid result."""
    source = Path(__file__).parent / "fixtures" / "hsds-1.1-odd"
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        for f in source.glob("*.csv"):
            (data / f.name).write_bytes(f.read_bytes())
        header = (source / table).read_text().splitlines()[0]
        body = "\n".join(",".join(cells) for cells in lines)
        (data / table).write_text(f"{header}\n{body}\n", encoding="utf-8", errors="surrogatepass")
        try:
            result = import_hsds(data, ImportOptions())
        except ImporterError as exc:
            assert exc.message and not CONTROL.search(exc.message)
            return
    _check(result, set())


@FUZZ
@given(st.text(max_size=80), st.text(max_size=200))
def test_who_from_words_gives_only_vocabulary_codes(name: str, description: str) -> None:
    """Any name and description give known codes only, and a cleaned name is never empty for a non-empty one."""
    from matcher.importers.common import meeting_name, who_from_words
    from matcher.vocabulary import AUDIENCES, COMMUNITIES

    who = who_from_words(name, description)
    assert set(who.communities) <= set(COMMUNITIES) and set(who.audience) <= set(AUDIENCES)
    assert not ({"men", "women"} <= set(who.audience))
    clean = name.strip()
    if clean and clean.isprintable():
        assert meeting_name(text(clean))
