"""Issue 24, parsing: one bad cell or record is that row's report, never the file's; no traceback anywhere.

Each test is one break the third red-team pass found; every one failed before its fix.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.directory import MAX_HEADER_CHARS, DirectoryError, load_directory
from matcher.importers import ImporterError, ImportOptions, import_hsds, import_meeting_guide, write_rows
from tests.conftest import ROOT, row

ONLINE = {
    "formats": "online",
    "address": "",
    "city": "",
    "state": "",
    "postal_code": "",
    "latitude": "",
    "longitude": "",
    "accessibility": "",
}


def _online(sid: str) -> list[dict[str, object]]:
    """An HSDS 3.0 service_at_location held online (no place needed)."""
    return [{"id": f"{sid}-web", "location": {"id": f"{sid}-web", "location_type": "virtual", "name": "Online"}}]


def _cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matcher", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


def _meeting(**changes: object) -> dict[str, object]:
    return {
        "name": "Tuesday Night Group",
        "slug": "tue",
        "day": 2,
        "time": "19:00",
        "timezone": "America/Chicago",
        "conference_url": "https://zoom.us/j/123456789",
        **changes,
    }


# --------------------------------------------------------------------------- break 5: time zones


def test_a_300_character_time_zone_is_that_rows_problem_and_the_other_rows_load(write_directory) -> None:
    """zoneinfo raised "File name too long" (naming a tzdata path): now the one row is reported."""
    path = write_directory([row(id="long", timezone="A" * 300), row(id="good")])
    result = load_directory(path)
    assert list(result.directory.frame["id"]) == ["good"]
    (problem,) = [p for p in result.problems if p.column == "timezone"]
    assert problem.line == 2 and "unknown time zone" in problem.message and "tzdata" not in problem.message
    assert len(problem.message) < 200


def test_an_import_with_a_300_character_zone_reports_that_meeting_and_writes_the_rest(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([_meeting(slug="bad", timezone="x" * 300), _meeting(slug="good")]))
    result = import_meeting_guide(feed)
    assert "good" in {r["id"] for r in result.rows}
    assert all(r["timezone"] == "America/Chicago" for r in result.rows)  # the long zone is never written
    assert any(r.record_id == "bad" for r in result.reports)


# --------------------------------------------------------------------------- break 6: CR, long cells, header


def test_a_stray_cr_does_not_make_a_good_200_kb_description_a_problem(tmp_path: Path) -> None:
    """A CR anywhere switched to the careful reader, whose 128 KB cell limit rejected a good row."""
    path = tmp_path / "groups.csv"
    text = "id,name,formats,description\na,Long One,online," + "d" * 200_000 + "\nb,B\r,online,x\nc,C,online,y\n"
    path.write_bytes(text.encode())
    result = load_directory(path)
    assert list(result.directory.frame["id"]) == ["a", "c"]
    assert len(result.directory.listing(0).description) == 200_000
    assert [p.line for p in result.problems if p.column == "row"] == [3]


def test_a_header_over_1_mb_is_refused_clearly(tmp_path: Path) -> None:
    """A header cut at 1 MB made every row 'too many cells': the file is now refused, saying why."""
    path = tmp_path / "groups.csv"
    names = ["id", "name", "formats", *(f"extra_column_{i}" for i in range(MAX_HEADER_CHARS // 15))]
    path.write_text(",".join(names) + "\na,A,online\n")
    with pytest.raises(DirectoryError, match="longer than 1,048,576 characters"):
        load_directory(path)


# --------------------------------------------------------------------------- break 7: HSDS field shapes


@pytest.mark.parametrize(
    "term", [{"code": ["PN-8100"], "name": "Support Groups"}, {"id": ["t1"]}, {"id": {"nested": "t1"}}]
)
def test_one_odd_taxonomy_term_is_that_services_report_not_the_imports(tmp_path: Path, term: dict) -> None:
    """A taxonomy code given as a list (or a list/object id) failed the whole import, naming no record."""
    good = {
        "id": "good",
        "name": "Grief Support Group",
        "status": "active",
        "url": "https://example.org/grief",
        "service_at_locations": _online("good"),
        "taxonomy_terms": [{"code": "PN-8100.2500", "name": "Bereavement Support Groups"}],
    }
    odd = {
        **good,
        "id": "odd",
        "service_at_locations": _online("odd"),
        "taxonomy_terms": [term, {"code": "PN-8100", "name": "Support Groups"}],
    }
    source = tmp_path / "services.json"
    source.write_text(json.dumps([odd, good]))
    result = import_hsds(source)
    assert {r["name"] for r in result.rows} == {"Grief Support Group"} and len(result.rows) == 2
    (report,) = [r for r in result.reports if r.record_id == "odd"]
    assert "taxonomy" in report.reason and "expected text" in report.reason and report.written


def test_a_taxonomy_table_with_a_list_code_names_the_service(tmp_path: Path) -> None:
    good = {"id": "good", "name": "Grief Support Group", "status": "active", "url": "https://example.org/grief"}
    data = {
        "services": [good, {**good, "id": "odd"}],
        "locations": [{"id": "web", "location_type": "virtual"}],
        "service_at_location": [
            {"id": "good-web", "service_id": "good", "location_id": "web"},
            {"id": "odd-web", "service_id": "odd", "location_id": "web"},
        ],
        "taxonomy_terms": [{"id": "t1", "code": "PN-8100"}],
        "service_taxonomy": [{"service_id": "good", "taxonomy_id": "t1"}, {"service_id": "odd", "taxonomy_id": ["t1"]}],
    }
    source = tmp_path / "tables.json"
    source.write_text(json.dumps(data))
    result = import_hsds(source)
    assert [r["id"] for r in result.rows] == ["good-web"]  # the odd service has no readable support-group term
    assert any(r.record_id == "odd" and "taxonomy_id" in r.reason for r in result.reports)


# --------------------------------------------------------------------------- break 8: huge numbers


@pytest.mark.parametrize("raw", ["9" * 400, "1" * 5000, "1" * 5000 + ".5"])
def test_a_huge_number_in_a_feed_is_that_meetings_report_with_exit_1_not_a_traceback(tmp_path: Path, raw: str) -> None:
    """A 400-digit day (OverflowError) or a 5000-digit number (ValueError) printed a traceback, exit 1."""
    feed = tmp_path / "feed.json"
    bad = json.dumps(_meeting(slug="bad")).replace('"day": 2', f'"day": {raw}')
    feed.write_text(f"[{bad}, {json.dumps(_meeting(slug='good'))}]")
    done = _cli("import", "meeting-guide", feed, "--out", tmp_path / "out.csv")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr
    assert "bad: day" in done.stderr
    assert "1 listing(s) written" in done.stderr
    assert _cli("validate", tmp_path / "out.csv").returncode == 0


def test_a_huge_latitude_is_not_a_usable_place(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        '[{"name": "A", "slug": "a", "day": 1, "time": "19:00", "timezone": "America/Chicago", '
        f'"latitude": {"1" * 5000}, "longitude": {"2" * 5000}}}]'
    )
    result = import_meeting_guide(feed)
    assert result.rows == [] and [r.record_id for r in result.reports] == ["a"]


# --------------------------------------------------------------------------- break 9: import writes only valid rows


def test_an_import_never_writes_a_row_validate_refuses(tmp_path: Path) -> None:
    """A 4 MB meeting name was written, validate refused the file, and the nightly refresh failed forever."""
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([_meeting(slug="huge", name="N" * 4_000_000), _meeting(slug="good")]))
    result = import_meeting_guide(feed)
    assert [r["id"] for r in result.rows] == ["good"]
    assert any(r.record_id == "huge" and "longer than" in r.reason for r in result.reports)
    out = tmp_path / "out.csv"
    write_rows(result.rows, out)
    assert load_directory(out).problems == []


def test_a_cell_over_the_limit_is_that_rows_problem(write_directory) -> None:
    path = write_directory([row(id="huge", description="d" * 1_000_001), row(id="good")])
    result = load_directory(path)
    assert list(result.directory.frame["id"]) == ["good"]
    assert [p.line for p in result.problems] == [2]


# --------------------------------------------------------------------------- break 10: devices, pipes


def test_dev_zero_is_refused_without_reading_it() -> None:
    """/dev/zero gave a MemoryError traceback."""
    done = _cli("validate", "/dev/zero", timeout=30)
    assert done.returncode == 2 and "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_a_fifo_as_the_directory_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A FIFO hung validate forever (bounded here by the subprocess timeout)."""
    fifo = tmp_path / "groups.csv"
    os.mkfifo(fifo)
    done = _cli("validate", fifo, timeout=30)
    assert done.returncode == 2 and "not a regular file" in done.stderr
    with pytest.raises(DirectoryError, match="not a regular file"):
        load_directory(fifo)
    with pytest.raises(ImporterError, match="not a regular file"):
        import_meeting_guide(fifo, ImportOptions())
