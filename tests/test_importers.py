"""Importers: real Meeting Guide feeds and Open Referral's HSDS example, plus odd records from the specs."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.directory import load_directory
from matcher.importers import import_hsds, import_meeting_guide
from tests.conftest import ROOT, SHARED

FEEDS = SHARED / "reference" / "meeting-guide-feeds"
HSDS = SHARED / "reference" / "hsds-example"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/reference is not next to the repo")


def mg_opts(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"focus": None, "facilitation": "peer", "organization": None, "timezone": None}
    return argparse.Namespace(**{**base, **kw})


def hsds_opts(**kw: object) -> argparse.Namespace:
    return argparse.Namespace(**{"focus": "general", "timezone": None, **kw})


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "matcher", *args], cwd=ROOT, capture_output=True, text=True)


@needs_shared
@pytest.mark.parametrize("feed", ["al-anon.json", "atlanta.json"])
def test_every_real_meeting_is_mapped_or_reported(feed: str, tmp_path: Path) -> None:
    """Each meeting of the real feeds ends up as a listing or a report with its slug; the output validates."""
    meetings = json.loads((FEEDS / feed).read_text())
    result = import_meeting_guide(FEEDS / feed, mg_opts())
    mapped = {r["id"] for r in result.rows}
    reported = {slug for slug, _ in result.reports}
    assert mapped | reported == {m["slug"] for m in meetings}
    out = tmp_path / "groups.csv"
    done = run("import", "meeting-guide", str(FEEDS / feed), "--out", str(out))
    assert done.returncode == (1 if result.reports else 0), done.stderr
    loaded = load_directory(out)
    assert loaded.problems == []
    assert len(loaded.directory) == len(result.rows)


@needs_shared
def test_the_al_anon_feed_maps_its_program_and_attendance() -> None:
    """Al-Anon → alcohol and drug use, for families; inactive meetings are reported; TC is not in person."""
    meetings = {m["slug"]: m for m in json.loads((FEEDS / "al-anon.json").read_text())}
    result = import_meeting_guide(FEEDS / "al-anon.json", mg_opts())
    rows = {r["id"]: r for r in result.rows}
    inactive = [s for s, m in meetings.items() if m.get("attendance_option") == "inactive"]
    assert inactive and all(any(s == slug and "inactive" in why for slug, why in result.reports) for s in inactive)
    some = next(iter(rows.values()))
    assert some["focus"] == "substance_use" and "family_caregivers" in some["communities"]
    for slug, row in rows.items():
        if "TC" in meetings[slug].get("types", []) or meetings[slug].get("approximate") == "yes":
            assert "in_person" not in row["formats"], slug
        if meetings[slug].get("attendance_option") == "online":
            assert "in_person" not in row["formats"]
        assert row["last_verified"] == meetings[slug]["updated"][:10]


@needs_shared
def test_the_hsds_example_is_imported_with_its_oddities_reported(tmp_path: Path) -> None:
    """Open Referral's example: latitude 100 is reported, the quoted phone cleaned, the service listed online."""
    result = import_hsds(HSDS, hsds_opts())
    assert len(result.rows) == 1
    row = result.rows[0]
    assert row["formats"] == "online"
    assert row["phone"] == "+44 1234 234567"
    assert row["languages"] == "ur"
    assert row["cost"] == "fee"
    assert {"anxiety", "depression", "eating_disorders"} <= set(row["focus"].split(";"))
    reasons = " ".join(why for _, why in result.reports)
    assert "coordinates (100, 101) are unusable" in reasons
    out = tmp_path / "hsds.csv"
    assert run("import", "hsds", str(HSDS), "--out", str(out)).returncode == 1
    assert load_directory(out).problems == []


FIXTURE_FEED = [
    {"slug": "array-days", "name": "Two days", "day": [1, 4], "time": "19:00", "end_time": "20:00",
     "timezone": "America/Chicago", "formatted_address": "100 Main St, Chicago, IL 60614, USA",
     "latitude": 41.92, "longitude": -87.65, "types": ["O", "W", "S", "X", "ZZZ"], "updated": "2025-05-01 10:00:00"},
    {"slug": "no-coords", "name": "No coordinates", "day": 2, "time": "18:30",
     "address": "1 Elm St", "city": "Austin", "state": "TX", "postal_code": "78701", "types": ["LGBTQ"]},
    {"slug": "no-coords-unknown", "name": "Unplaceable", "day": 2, "time": "18:30",
     "address": "1 Nowhere Rd", "city": "Nowhere", "state": "ZZ", "postal_code": "00000"},
    {"slug": "approx", "name": "Approximate only", "day": 3, "time": "12:00", "approximate": "yes",
     "formatted_address": "1 Tremont St, Boston, MA 02108, USA", "latitude": 42.35, "longitude": -71.06},
    {"slug": "tc-online", "name": "Closed but online", "day": 5, "time": "07:00", "types": ["TC", "ONL"],
     "formatted_address": "5 Oak St, Denver, CO 80202, USA", "latitude": 39.75, "longitude": -104.99,
     "conference_url": "https://zoom.example/j/1", "timezone": "America/Denver"},
    {"slug": "appointment", "name": "By appointment", "conference_phone": "+15551234567",
     "formatted_address": "Phoenix, AZ 85004, USA"},
    {"slug": "bad-day", "name": "Day nine", "day": 9, "time": "10:00", "conference_url": "https://x.example/j"},
    {"slug": "inactive", "name": "Gone", "attendance_option": "inactive", "day": 1, "time": "10:00"},
    {"name": "No slug at all"},
]


@pytest.mark.parametrize(
    ("slug", "expect"),
    [
        ("array-days", {"days": "mon;thu", "communities": "women", "languages": "es",
                        "accessibility": "wheelchair", "formats": "in_person", "last_verified": "2025-05-01"}),
        ("no-coords", {"formats": "in_person", "communities": "lgbtq", "timezone": "America/Chicago"}),
        ("tc-online", {"formats": "online", "latitude": "", "address": ""}),
        ("appointment", {"formats": "phone", "days": "", "start_time": "", "phone": "+15551234567"}),
    ],
)
def test_odd_meetings_map_as_the_spec_says(tmp_path: Path, slug: str, expect: dict[str, str]) -> None:
    """Day arrays, gazetteer placement, TC with a link, by-appointment meetings map field by field."""
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FIXTURE_FEED))
    rows = {r["id"]: r for r in import_meeting_guide(feed, mg_opts(focus="substance_use")).rows}
    assert {k: rows[slug][k] for k in expect} == expect


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("no-coords-unknown", "offline gazetteer cannot place it"),
        ("approx", "only approximate"),
        ("bad-day", "is not 0–6"),
        ("inactive", "inactive"),
        ("(no slug)", "needs a name and a slug"),
    ],
)
def test_odd_meetings_that_cannot_be_mapped_are_reported(tmp_path: Path, slug: str, reason: str) -> None:
    """Unmappable meetings are reported with their slug and the reason, never silently dropped."""
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(FIXTURE_FEED))
    result = import_meeting_guide(feed, mg_opts(focus="substance_use"))
    assert any(s == slug and reason in why for s, why in result.reports), result.reports
    assert any("ZZZ" in n for n in result.notes)


def test_an_unreadable_feed_exits_2(tmp_path: Path) -> None:
    """Missing or non-JSON input: exit 2 with the file named."""
    bad = tmp_path / "feed.json"
    bad.write_text("<html>")
    for path in (bad, tmp_path / "missing.json"):
        done = run("import", "meeting-guide", str(path), "--out", str(tmp_path / "o.csv"))
        assert done.returncode == 2 and str(path) in done.stderr and "Traceback" not in done.stderr


HSDS_JSON = {
    "organizations": [{"id": "o1", "name": "County Behavioral Health", "website": "https://county.example"}],
    "services": [
        {"id": "s1", "organization_id": "o1", "name": "Peer Depression Group", "status": "active",
         "description": "A peer support group for depression.", "fees_description": "Free of charge"},
        {"id": "s2", "organization_id": "o1", "name": "Closed program", "status": "defunct"},
        {"id": "s3", "organization_id": "o1", "name": "Online anxiety class", "status": "active",
         "description": "Therapist-led anxiety skills group."},
    ],
    "locations": [
        {"id": "l1", "location_type": "physical", "name": "North clinic", "latitude": "44.98", "longitude": "-93.27"},
        {"id": "l2", "location_type": "physical", "name": "South clinic", "latitude": "", "longitude": ""},
        {"id": "l3", "location_type": "virtual", "name": "Zoom"},
    ],
    "addresses": [{"id": "a2", "location_id": "l2", "address_1": "9 Lake St", "city": "Minneapolis",
                   "state_province": "MN", "postal_code": "55408", "country": "US", "address_type": "physical"}],
    "service_at_location": [
        {"id": "sal1", "service_id": "s1", "location_id": "l1"},
        {"id": "sal2", "service_id": "s1", "location_id": "l2"},
        {"id": "sal3", "service_id": "s3", "location_id": "l3"},
    ],
    "schedules": [
        {"id": "sc1", "service_at_location_id": "sal1", "freq": "WEEKLY", "byday": "TU,TH", "opens_at": "18:00",
         "closes_at": "19:30", "timezone": "-6"},
        {"id": "sc1b", "service_at_location_id": "sal1", "freq": "WEEKLY", "byday": "SA", "opens_at": "10:00"},
        {"id": "sc2", "service_at_location_id": "sal2", "freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00"},
        {"id": "sc3", "service_at_location_id": "sal3", "freq": "WEEKLY", "byday": "WE", "opens_at": "20:00",
         "timezone": "-5"},
    ],
    "phones": [{"id": "p1", "service_id": "s1", "number": "612-555-0100"}],
    "languages": [{"id": "g1", "service_id": "s1", "code": "spa"}],
    "accessibility": [{"id": "x1", "location_id": "l1", "description": "Wheelchair ramp at the front door"}],
    "cost_options": [],
}


def test_hsds_json_with_several_locations_and_schedules(tmp_path: Path) -> None:
    """One listing per service at location; inactive services reported; extra schedules and offsets explained."""
    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(HSDS_JSON))
    result = import_hsds(path, hsds_opts())
    rows = {r["id"]: r for r in result.rows}
    assert set(rows) == {"sal1", "sal2", "sal3"}
    assert rows["sal1"]["name"] == "Peer Depression Group — North clinic"
    assert rows["sal1"]["days"] == "tue;thu" and rows["sal1"]["timezone"] == "America/Chicago"
    assert rows["sal1"]["accessibility"] == "wheelchair" and rows["sal1"]["cost"] == "free"
    assert rows["sal1"]["facilitation"] == "peer" and rows["sal1"]["languages"] == "es"
    assert rows["sal2"]["formats"] == "in_person" and rows["sal2"]["latitude"]  # placed by ZIP 55408
    assert rows["sal2"]["days"] == ""  # monthly: on request
    assert rows["sal3"]["formats"] == "online" and rows["sal3"]["timezone"] == "Etc/GMT+5"
    assert rows["sal3"]["facilitation"] == "professional"
    reasons = {(rid, why) for rid, why in result.reports}
    assert any(rid == "s2" and "defunct" in why for rid, why in reasons)
    assert any(rid == "sal1" and "2 weekly schedules" in why for rid, why in reasons)
    assert any(rid == "sal2" and "MONTHLY" in why for rid, why in reasons)
    assert any(rid == "sal3" and "UTC offset" in why for rid, why in reasons)
    out = tmp_path / "out.csv"
    done = run("import", "hsds", str(path), "--out", str(out))
    assert done.returncode == 1
    assert load_directory(out).problems == []


def test_the_app_runs_on_an_imported_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An imported file is a directory the app can use (SGF_DIRECTORY)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from matcher import Answers

    path = tmp_path / "hsds.json"
    path.write_text(json.dumps(HSDS_JSON))
    out = tmp_path / "groups.csv"
    run("import", "hsds", str(path), "--out", str(out))
    monkeypatch.setenv("SGF_DIRECTORY", str(out))
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["answers"] = Answers(focus=["depression"])
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert any("Peer Depression Group" in m.value for m in at.markdown)
    st.cache_data.clear()
