"""Property: hostile cells in a SAMHSA workbook's rows never escape as a traceback or lose a facility.

Rows hold whatever a spreadsheet cell can (text with control characters, numbers, dates, booleans,
empty cells, short rows) and service codes real or not; every row is then either part of a written
listing or reported with its row, the written rows pass ``validate``, and no reason carries a control
character to the operator's terminal.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.directory import load_directory
from matcher.importers import ImportResult, finish, write_rows
from matcher.importers.samhsa import Reference, add_rows, to_row

pytestmark = pytest.mark.fuzz
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
HEADER = [
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "phone",
    "intake1",
    "intake2",
    "intake1a",
    "intake2a",
    "service_code_info",
]
REFERENCE = Reference(
    {
        "MH": ("TC", "Mental health treatment"),
        "SA": ("TC", "Substance use treatment"),
        "OP": ("SET", "Outpatient"),
        "RES": ("SET", "Residential/24-hour residential"),
        "CMHC": ("FT", "Community mental health center"),
        "VAHC": ("FT", "Veterans Affairs Medical Center"),
        "GT": ("TAP", "Group therapy"),
        "PEER": ("RSS", "Mentoring/peer support"),
        "VET": ("SG", "Veterans"),
        "TRMA": ("SG", "Clients who have experienced trauma"),
        "CHLD": ("AGE", "Children/adolescents"),
        "ADLT": ("AGE", "Adults"),
        "SP": ("SL", "Spanish"),
        "AH": ("SL", "Sign language services"),
        "F17": ("OL", "Any Chinese Language"),
        "F37": ("OL", "Hmong"),
        "MD": ("PAY", "Medicaid"),
        "NP": ("PAY", "No payment accepted"),
        "SS": ("PYAS", "Sliding fee scale"),
    }
)
NAIVE_1900 = datetime(1900, 1, 1)  # noqa: DTZ001 (spreadsheet cells hold naive times)
codes = st.lists(st.sampled_from([*REFERENCE.codes, "*", "ZZZ", "gt", "\x1b[31m"]), max_size=10).map(" ".join)
cells = (
    st.text(max_size=20)
    | st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.datetimes(min_value=NAIVE_1900)
    | st.dates(min_value=date(1900, 1, 1))
)
zips = st.sampled_from(["60614", "52101", "2108", "00000", "ABCDE", "６０６１４", "60614-1234", ""]) | cells
row = st.fixed_dictionaries(
    {
        "name1": st.sampled_from(["Clinic A", "Clinic A ", "clinic a", "", "\u202eevil"]) | cells,
        "street1": st.sampled_from(["1 Main St", "1 MAIN ST", ""]) | cells,
        "city": st.sampled_from(["Chicago", "Тест", ""]) | cells,
        "state": st.sampled_from(["IL", "il", "ZZZ", ""]) | cells,
        "zip": zips,
        "phone": st.sampled_from(["312-555-0100", "", "=cmd|' /C calc'!A0"]) | cells,
        "intake1": st.sampled_from(["312-555-0199 x12", ""]) | cells,
        "service_code_info": codes | cells,
    }
).map(lambda d: [d.get(h, "") for h in HEADER])
rows = st.lists(row, max_size=6).map(lambda rs: [HEADER, *rs])
short_rows = st.lists(st.lists(cells, max_size=4), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows, short_rows)
def test_hostile_rows_are_written_or_reported_and_the_output_validates(
    table: list[list[object]], short: list[list[object]]
) -> None:
    """Every row is reported by row number or kept; the written file validates; no control characters."""
    result = ImportResult()
    facilities: dict[str, object] = {}
    add_rows([*table, *short], REFERENCE, "2022", result, facilities, where="fuzz.xlsx")  # type: ignore[arg-type]
    assert result.records == len(table) - 1 + len(short)
    reported = {r.record_id.split(" (")[0] for r in result.reports}
    assert all(r.record_id.startswith("fuzz.xlsx row ") for r in result.reports)
    assert len(reported) + len(facilities) <= result.records
    assert all(not CONTROL.search(r.reason) and not CONTROL.search(r.record_id) for r in result.reports)
    result.rows = [to_row(f) for f in facilities.values()]  # type: ignore[arg-type]
    kept = len(result.rows)
    finish(result, date(2026, 1, 1))
    assert len(result.rows) == kept  # every mapped row passes validation: none dropped by finish()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "g.csv"
        write_rows(result.rows, out)
        if result.rows:
            assert load_directory(out, today=date(2026, 1, 1)).problems == []
