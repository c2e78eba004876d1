"""Shared fixtures: small directories written from rows, a fixed "now", the repo root."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from matcher.directory import COLUMNS

if TYPE_CHECKING:
    from tests.server import Server

#: Hypothesis budgets, one place for every property test (the tests set no example counts of their own).
#: "dev" (default): 100 fresh examples a run. "ci" (CI=true): 50, derandomized so a CI failure reproduces
#: on any machine. "thorough" (HYPOTHESIS_PROFILE=thorough): 1,000, for a long local hunt. No deadline
#: anywhere: on a shared 2-core machine a slow example is load, not a bug (benchmarks measure speed).
settings.register_profile("dev", max_examples=100, deadline=None, database=None)
settings.register_profile("ci", max_examples=50, deadline=None, database=None, derandomize=True, print_blob=True)
settings.register_profile("thorough", max_examples=1000, deadline=None, database=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI", "").strip().lower() == "true" else "dev")
)

ROOT = Path(__file__).resolve().parent.parent
#: Every page of the site, in the order of its navigation (the router's st.navigation).
PAGES = (
    "pages/guide.py",
    "pages/questionnaire.py",
    "pages/matches.py",
    "pages/map.py",
    "pages/shortlist.py",
    "pages/privacy.py",
)
SHARED = ROOT.parent / "shared"
#: A Thursday at noon UTC (7:00 am in New York, 4:00 am in Los Angeles).
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

GOOD_ROW: dict[str, str] = {
    "id": "g1",
    "name": "Tuesday Anxiety Circle",
    "organization": "Example Org",
    "description": "A group.",
    "focus": "anxiety",
    "communities": "",
    "facilitation": "peer",
    "formats": "in_person",
    "days": "tue",
    "start_time": "19:00",
    "end_time": "20:30",
    "timezone": "America/Los_Angeles",
    "cost": "free",
    "languages": "en",
    "accessibility": "wheelchair",
    "address": "1 Main St",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94110",
    "country": "US",
    "latitude": "37.7509",
    "longitude": "-122.4153",
    "phone": "",
    "url": "https://example.org",
    "source_url": "",
    "last_verified": "2026-10-01",
    "sample": "false",
    "audience": "",
    "min_age": "",
    "max_age": "",
    "worth_knowing": "",
    "payment": "",
    "source": "",
    "join_url": "",
    "local_groups": "",
    "facility": "",
    "description_es": "",
    "worth_knowing_es": "",
}

WriteDirectory = Callable[..., Path]


def write_rows(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


#: The cells a listing with no place and no weekly time leaves empty (an online program, a national one).
NO_PLACE_OR_TIME: dict[str, str] = dict.fromkeys(
    ("days", "start_time", "end_time", "timezone", "address", "city", "state", "postal_code", "latitude", "longitude"),
    "",
)


def row(**changes: str) -> dict[str, str]:
    """GOOD_ROW with some cells changed."""
    return {**GOOD_ROW, **changes}


@pytest.fixture
def write_directory(tmp_path: Path) -> WriteDirectory:
    def write(rows: list[dict[str, str]], name: str = "groups.csv") -> Path:
        return write_rows(tmp_path / name, rows)

    return write


@pytest.fixture
def now() -> datetime:
    return NOW


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app as deployed by default (the bundled directory, default settings), one per test process, for every
    browser test that needs nothing else (``tests.browser_support.server``). Started on first use and warmed
    before the first test (the directory loaded and the place index built, as on a site that has had its first
    visitor), so no test's timing depends on being first. A test that needs a fresh process, other settings or
    another directory starts its own with ``running_app``; no test may change this one's settings or files."""
    from tests.server import first_visit, running_app, settled_rss_kb

    with running_app(tmp_path_factory.mktemp("app")) as s:
        first_visit(s)
        settled_rss_kb(s)
        yield s
