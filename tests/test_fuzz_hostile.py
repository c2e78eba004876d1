"""Property tests for what the third red-team pass found (issue 24): zone strings, feed numbers of any
size, HSDS taxonomy fields of any shape, phone cells of any text.

Properties: nothing raises but the documented errors; one odd value is its record's report and the
other records still load; a Call button's link dials exactly the digits it shows.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from matcher import schedules
from matcher.directory import load_directory
from matcher.importers import ImportResult, import_hsds, import_meeting_guide, write_rows
from matcher.phones import dial, is_extension, phone_problem
from tests.conftest import row
from tests.conftest import write_rows as write_csv

pytestmark = pytest.mark.fuzz
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow])

zone_text = (
    st.text(max_size=400)
    | st.from_regex(r"[A-Za-z_/+\-0-9.]{0,400}", fullmatch=True)
    | st.sampled_from(["America/Chicago", "A" * 300, "../../etc/passwd", "UTC", "Etc/GMT+5", "a/" * 150])
)
#: a JSON number as its text: any length, so Python's 4,300-digit limit and float overflow are reached
json_number = st.builds(
    lambda sign, digits, frac: f"{sign}{digits}{frac}",
    st.sampled_from(["", "-"]),
    st.from_regex(r"[1-9][0-9]{0,5000}", fullmatch=True),
    st.sampled_from(["", ".5", "e400", ".0"]),
)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
any_json = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)


def _written_or_reported(result: ImportResult, ids: set[str]) -> None:
    assert {r["id"] for r in result.rows} | {r.record_id for r in result.reports} >= ids
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "groups.csv"
        write_rows(result.rows, out)
        if result.rows:
            assert load_directory(out).problems == []


@given(zone_text)
@example("A" * 300)
def test_any_zone_text_is_a_zone_or_not_never_an_error(name: str) -> None:
    assert isinstance(schedules.is_timezone(name), bool)


@given(zone_text)
@FUZZ
def test_any_zone_cell_is_its_rows_problem_and_the_good_row_loads(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(Path(tmp) / "groups.csv", [row(id="odd", timezone=name), row(id="good")])
        result = load_directory(path)
    assert "good" in set(result.directory.frame["id"])
    assert all(len(p.message) < 400 for p in result.problems)


@given(
    field=st.sampled_from(["day", "time", "latitude", "longitude", "postal_code", "slug", "end_time"]),
    number=json_number,
)
@example(field="day", number="9" * 400)
@example(field="latitude", number="1" * 5000)
@FUZZ
def test_a_number_of_any_size_in_a_feed_is_one_meetings_report(field: str, number: str) -> None:
    good = {
        "name": "Good",
        "slug": "good",
        "day": 2,
        "time": "19:00",
        "timezone": "America/Chicago",
        "conference_url": "https://zoom.us/j/1",
    }
    odd = json.dumps({**good, "slug": "odd", field: "@@"}).replace('"@@"', number)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.json"
        feed.write_text(f"[{odd}, {json.dumps(good)}]")
        result = import_meeting_guide(feed)
    assert "good" in {r["id"] for r in result.rows}
    _written_or_reported(result, {"good"})


@given(code=any_json, tid=any_json, name=any_json, where=st.sampled_from(["terms", "table", "attribute"]))
@FUZZ
def test_taxonomy_fields_of_any_shape_never_lose_the_import(code: Any, tid: Any, name: Any, where: str) -> None:
    good = {"id": "good", "name": "Grief Support Group", "status": "active"}
    odd = {**good, "id": "odd"}
    data: dict[str, Any] = {
        "services": [good, odd],
        "locations": [{"id": "web", "location_type": "virtual"}],
        "service_at_location": [{"id": f"{s}-web", "service_id": s, "location_id": "web"} for s in ("good", "odd")],
        "taxonomy_terms": [{"id": "t1", "code": "PN-8100", "name": "Support Groups"}],
        "service_taxonomy": [{"service_id": "good", "taxonomy_id": "t1"}],
    }
    if where == "terms":
        data["taxonomy_terms"].append({"id": tid, "code": code, "name": name})
        data["service_taxonomy"].append({"service_id": "odd", "taxonomy_id": tid})
    elif where == "table":
        data["service_taxonomy"].append({"service_id": "odd", "taxonomy_id": tid, "name": name})
    else:
        data["attributes"] = [{"link_id": "odd", "taxonomy_term_id": tid, "link_entity": name}]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "tables.json"
        source.write_text(json.dumps(data))
        result = import_hsds(source)
    assert "good-web" in {r["id"] for r in result.rows}
    _written_or_reported(result, {"good-web"})


phone_text = (
    st.text(max_size=40)
    | st.from_regex(r"\+?[0-9 ().\-]{0,20}( (ext|x|then press) ?[0-9]{1,3})?", fullmatch=True)
    | st.sampled_from(["1-800-FLOWERS", "988 then press 1", "٩٨٨", "(800) 273-8255", "+44 1234 234567"])
)


@given(phone_text)
@example("1-800-FLOWERS")
@example("988 then press 1")
def test_a_call_button_dials_exactly_the_digits_it_shows(phone: str) -> None:
    d = dial(phone)
    problem = phone_problem(phone)
    if d is None:
        assert problem is not None or not phone.strip()
        return
    assert phone.strip().startswith(d.shown)
    shown_digits = "".join(str(unicodedata.decimal(c)) for c in d.shown if c.isdecimal())
    assert d.href == "tel:" + ("+" if d.shown.startswith("+") else "") + shown_digits
    assert not any(c.isalpha() for c in d.shown)
    assert (problem is None) == ((d.shown == phone.strip() or is_extension(d.rest)) and d.shown.isascii())
