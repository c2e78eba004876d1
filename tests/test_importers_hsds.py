"""HSDS importer: Open Referral's examples, a real 211 export, and hand-written datasets in every version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from matcher.directory import load_directory
from matcher.importers import ImporterError, ImportOptions, ImportResult, import_hsds, write_rows
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
MIAMI = FIXTURES / "open211-miami-subset"
JSON30 = FIXTURES / "hsds-3.0-json"


def _rows(result: ImportResult) -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in result.rows}


def _why(result: ImportResult, record_id: str) -> str:
    return " | ".join(r.reason for r in result.reports if r.record_id == record_id)


def _validates(result: ImportResult, tmp_path: Path) -> bool:
    out = tmp_path / "groups.csv"
    write_rows(result.rows, out)
    loaded = load_directory(out)
    return loaded.problems == [] and len(loaded.directory) == len(result.rows)


@pytest.fixture(scope="module")
def miami() -> ImportResult:
    return import_hsds(MIAMI)


def test_the_211_export_yields_only_its_support_groups(miami: ImportResult, tmp_path: Path) -> None:
    """Open211 Miami: of the 47 PN-8100 services the 41 that describe themselves as a group are listed (the six
    that do not, such as a diabetes clinic, are reported by id); the other 157 are one summary line."""
    assert miami.detected.startswith("HSDS 1.1/2.0 CSV")
    assert len(miami.rows) == 41
    not_groups = {r.record_id for r in miami.reports if "does not describe itself as a group" in r.reason}
    assert not_groups == {"1007", "5965", "7272", "1432", "5685", "8511"}
    assert miami.outside_taxonomy == 157
    assert any("157 service(s) are not support groups (AIRS PN-8100); use --all-services" in n for n in miami.notes)
    names = " ".join(r["name"] for r in miami.rows).lower()
    assert "girl scouts" not in names and "food stamps" not in names
    assert _validates(miami, tmp_path)


def test_the_211_export_keeps_cities_and_reads_its_12_hour_schedules(miami: ImportResult) -> None:
    """Every listing has its city; the 9 support groups with schedules get days and 24-hour times."""
    rows = _rows(miami)
    assert all(r["city"] for r in rows.values())
    scheduled = {i: r for i, r in rows.items() if r["days"]}
    assert len(scheduled) == 9
    assert rows["8592"]["days"] == "mon" and rows["8592"]["start_time"] == "19:00"  # "7:00pm" in the export
    assert rows["2320"]["days"] == "sat" and rows["2320"]["start_time"] == "19:30"
    assert all(r["timezone"] == "America/New_York" for r in scheduled.values() if r["state"] == "FL")


def test_the_211_taxonomy_maps_to_focus_and_communities(miami: ImportResult) -> None:
    """AIRS children: substance use, grief, domestic violence → abuse survivors, LGBT → LGBTQ+, families."""
    rows = _rows(miami)
    assert "substance_use" in rows["6785"]["focus"]  # Alcohol Use Disorder Support Groups
    assert "grief" in rows["5112"]["focus"]  # Bereaved Child
    assert "abuse_survivors" in rows["8434"]["communities"]  # Sexual Assault/Incest
    assert "lgbtq" in rows["2060"]["communities"]  # Gay/Lesbian/Bisexual/Transgender
    assert "family_caregivers" in rows["6147"]["communities"]  # target population: Families/Friends of …
    assert rows["6147"]["audience"] == ""  # … but PN-8100.5000 does not say it is only for them
    assert rows["8592"]["audience"] == "family_caregivers"  # PN-8100.0500-230/-235: Families/Friends of …
    assert rows["5112"]["max_age"] == "17" and "teens" in rows["5112"]["communities"]  # Bereaved Child


def test_a_site_only_service_name_gets_its_organization(miami: ImportResult) -> None:
    """211 names such as "NORTH MIAMI" become "Organization — Site"; program names stay as they are."""
    rows = _rows(miami)
    assert rows["535"]["name"] == "NAMI OF MIAMI, INC. — NORTH MIAMI"
    assert rows["8592"]["name"] == "FAMILIES ANONYMOUS"


def test_all_services_and_taxonomy_options_choose_what_is_taken() -> None:
    """--all-services takes every active service; --taxonomy takes only the codes named (with children)."""
    everything = import_hsds(MIAMI, ImportOptions(all_services=True))
    assert everything.outside_taxonomy == 0 and len(everything.rows) > 150
    grief = import_hsds(MIAMI, ImportOptions(taxonomy=("PN-8100.1000",)))
    assert {r["id"] for r in grief.rows} == {"5112", "6266", "7554", "8898"}


def test_the_3_0_example_is_imported_with_its_oddities_reported(tmp_path: Path) -> None:
    """Open Referral's 3.0 example: latitude 100 reported, quoted phone cleaned, ended schedule explained."""
    result = import_hsds(FIXTURES / "hsds-3.0-example", ImportOptions(all_services=True))  # not called a group
    assert result.detected == "HSDS 3.0 CSV tables"
    [row] = result.rows
    assert row["formats"] == "online" and row["phone"] == "+44 1234 234567"
    assert row["languages"] == "ur" and row["cost"] == "fee"
    assert {"anxiety", "depression", "eating_disorders"} <= set(row["focus"].split(";"))
    reasons = " ".join(r.reason for r in result.reports)
    assert "coordinates (100, 101) are unusable" in reasons and "ended on 2005-01-01" in reasons
    assert _validates(result, tmp_path)


def test_the_1_1_sample_is_read_as_1_1_whatever_its_datapackage_says(tmp_path: Path) -> None:
    """The 1.1 sample's datapackage says 1.0; its tables are read, its weekday numbers are ISO (1 = Monday),
    and an inactive service is reported, not listed."""
    result = import_hsds(FIXTURES / "hsds-1.1-sample", ImportOptions(all_services=True))  # no service says group
    assert result.detected == "HSDS 1.1/2.0 CSV tables (datapackage.json says 1.0)"
    rows = _rows(result)
    assert rows["d254626c-6858-46ad-850a-6e1c53ea463a"]["days"] == "mon;tue;wed"
    assert rows["d254626c-6858-46ad-850a-6e1c53ea463a"]["city"] == "New York City"
    # the inactive Food Safety Program: reported once, by its service id; its one location is not listed
    assert _why(result, "a27a0710-72d2-41a2-8947-9d0e0e69e257") == "service status is 'inactive', not active"
    assert "e7361647-5350-4d6a-aecb-504f9c4a8577" not in rows
    assert _validates(result, tmp_path)


def test_12_hour_times_weekday_names_and_junk_in_a_1_1_export(tmp_path: Path) -> None:
    """'7pm', '830am', '12:00pm (dispensing)' are read; '6:300pm' is reported, never guessed; ragged row reported."""
    result = import_hsds(FIXTURES / "hsds-1.1-odd")
    rows = _rows(result)
    assert set(rows) == {"21", "22", "25"}  # 23 is rent assistance (not PN-8100); 24 is a ragged row
    assert rows["21"]["name"] == "Harbor Community Services — NORTH MIAMI"
    assert (rows["21"]["days"], rows["21"]["start_time"], rows["21"]["end_time"]) == ("tue;thu", "19:00", "20:30")
    assert (rows["22"]["days"], rows["22"]["start_time"]) == ("mon", "08:30")
    assert "'6:300pm' is not a clock time" in _why(result, "22")
    assert (rows["25"]["days"], rows["25"]["start_time"]) == ("sat", "12:00")
    assert rows["25"]["focus"] == "suicidal_thoughts"  # after an attempt: not suicide loss
    assert rows["21"]["state"] == "FL" and rows["21"]["country"] == "US" and rows["21"]["address"] == "12340 NE 8th Ave"
    assert rows["22"]["postal_code"] == "33130-1234" and "approximate" in _why(result, "22")
    assert any(r.record_id == "services.csv:5" and "9 fields" in r.reason for r in result.reports)
    assert result.outside_taxonomy == 1
    assert _validates(result, tmp_path)


def test_the_ohana_dialect_links_services_to_locations_and_splits_lists_in_cells() -> None:
    """Ohana: services.location_id, addresses.csv, "Chinese (Cantonese), Tagalog, Spanish" in one cell."""
    result = import_hsds(FIXTURES / "ohana")
    assert result.detected.startswith("Ohana")
    row = _rows(result)["1"]
    assert row["languages"] == "zh;tl;es" and row["accessibility"] == "wheelchair"
    assert row["city"] == "Redwood City" and row["formats"] == "in_person" and row["cost"] == "free"


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("service.json", "one service"),
        ("service_at_location.json", "one service at a location"),
        ("organization.json", "an organization with its services"),
        ("page.json", "a page of 3 service(s)"),
    ],
)
def test_every_3_0_json_shape_gives_the_same_listing(name: str, shape: str) -> None:
    """A service, a service_at_location, an organization with services, or a page: the same grief group."""
    result = import_hsds(JSON30 / name)
    assert shape in result.detected
    row = _rows(result)["sal-1"]
    assert (row["name"], row["organization"], row["focus"]) == ("Grief Support Circle", "Lakeside Hospice", "grief")
    assert (row["days"], row["start_time"], row["end_time"], row["timezone"]) == (
        "thu",
        "18:30",
        "20:00",
        "America/Chicago",
    )
    assert (row["city"], row["phone"], row["cost"], row["languages"]) == ("Chicago", "312-555-0199", "free", "es")


def test_a_page_takes_support_groups_and_reports_a_fortnightly_schedule() -> None:
    """In a page, the food pantry is counted out; 'every 2 weeks' is reported, not listed as weekly."""
    result = import_hsds(JSON30 / "page.json")
    assert set(_rows(result)) == {"sal-1", "sal-3"} and result.outside_taxonomy == 1
    assert _rows(result)["sal-3"]["days"] == "" and "every 2 weeks" in _why(result, "sal-3")
    assert "lgbtq" in _rows(result)["sal-3"]["communities"]


def test_tabular_json_with_several_locations_and_schedules(tmp_path: Path) -> None:
    """One listing per service at location; inactive services reported; extra schedules and offsets explained."""
    result = import_hsds(JSON30 / "tabular.json")
    rows = _rows(result)
    assert set(rows) == {"sal1", "sal2", "sal3"}
    assert rows["sal1"]["name"] == "Peer Depression Group — North clinic"
    assert rows["sal1"]["days"] == "tue;thu" and rows["sal1"]["timezone"] == "America/Chicago"
    assert rows["sal1"]["accessibility"] == "wheelchair" and rows["sal1"]["cost"] == "free"
    assert rows["sal1"]["facilitation"] == "peer" and rows["sal1"]["languages"] == "es"
    assert rows["sal2"]["formats"] == "in_person" and rows["sal2"]["latitude"]  # placed by ZIP 55408
    assert rows["sal2"]["address"] == "9 Lake St" and rows["sal2"]["state"] == "MN" and rows["sal2"]["country"] == "US"
    assert rows["sal2"]["days"] == ""  # monthly (1MO): reported, not silently weekly
    assert rows["sal3"]["formats"] == "online" and rows["sal3"]["timezone"] == "Etc/GMT+5"
    assert rows["sal3"]["facilitation"] == "professional"
    assert "defunct" in _why(result, "s2")
    assert "different times on different days" in _why(result, "sal1")
    assert "monthly" in _why(result, "sal2") and "approximate" in _why(result, "sal2")
    assert "UTC offset" in _why(result, "sal3")
    assert _validates(result, tmp_path)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("empty-folder", "no services table"),
        ("empty-services", "no services found"),
        ("one-csv", "give the folder"),
        ("not-json", "not JSON"),
        ("not-hsds", "JSON is not HSDS"),
        ("duplicate-header", "more than once"),
    ],
)
def test_unreadable_datasets_raise_one_plain_error(tmp_path: Path, setup: str, message: str) -> None:
    """An unusable dataset is one ImporterError naming the source, never a traceback."""
    source: Path = tmp_path / "data"
    if setup == "empty-folder":
        source.mkdir()
    elif setup == "empty-services":
        source.mkdir()
        (source / "services.csv").write_text("id,name\n")
    elif setup == "one-csv":
        source = tmp_path / "services.csv"
        source.write_text("id,name\n1,x\n")
    elif setup == "not-json":
        source = tmp_path / "x.json"
        source.write_text("<html>")
    elif setup == "not-hsds":
        source = tmp_path / "x.json"
        source.write_text("42")
    elif setup == "duplicate-header":
        shutil.copytree(FIXTURES / "hsds-1.1-odd", source)
        (source / "organizations.csv").write_text("id,ID,name\n200,200,x\n")
    with pytest.raises(ImporterError) as caught:
        import_hsds(source)
    assert message in caught.value.message and str(source) in caught.value.message


def test_a_nan_time_zone_in_a_schedule_is_reported_not_a_crash(tmp_path: Path) -> None:
    """`"timezone": "nan"` on a schedule of a place with no zone: the listing is written without a time."""
    data = {
        "id": "s",
        "name": "Evening support group",
        "status": "active",
        "service_at_locations": [
            {
                "id": "v",
                "location": {"id": "l", "location_type": "virtual"},
                "schedules": [{"id": "k", "freq": "WEEKLY", "byday": "MO", "opens_at": "18:00", "timezone": "nan"}],
            }
        ],
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    result = import_hsds(path)
    [row] = result.rows
    assert row["days"] == "" and "no time zone" in _why(result, "v")


def test_a_location_of_the_wrong_shape_loses_only_that_location(tmp_path: Path) -> None:
    """`"addresses": true` in one of a service's two locations: that location is reported by its id and
    field; the other location is still listed."""
    data = {
        "contents": [
            {
                "id": "s",
                "name": "Grief support group",
                "status": "active",
                "service_at_locations": [
                    {"id": "bad", "location": {"id": "l1", "addresses": True}},
                    {"id": "good", "location": {"id": "l2", "location_type": "virtual"}},
                ],
            }
        ]
    }
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    result = import_hsds(path)
    assert [r["id"] for r in result.rows] == ["good"]
    assert "location.addresses: expected objects in the list, found bool" in _why(result, "bad")


def test_a_feed_whose_only_service_has_a_field_of_the_wrong_shape_says_which(tmp_path: Path) -> None:
    """`"service_at_locations": true` on the only service: one plain error naming the service and the field."""
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"contents": [{"id": "s7", "name": "x", "service_at_locations": True}]}))
    with pytest.raises(ImporterError) as caught:
        import_hsds(path)
    assert "s7: service_at_locations: expected objects in the list, found bool" in caught.value.message


def test_health_and_disability_groups_get_their_own_topic(miami: ImportResult) -> None:
    """Cancer, stroke, diabetes: a physical illness; blindness, brain injury: a disability; Alzheimer's: dementia;
    a NAMI peer group in the same AIRS branch stays mental health in general."""
    rows = _rows(miami)
    assert rows["7024"]["focus"] == "illness"  # Sylvester Comprehensive Cancer Center
    assert rows["8978"]["focus"] == "illness"  # Life After Stroke
    assert rows["879"]["focus"] == "disability"  # Miami Lighthouse for the Blind
    assert rows["8616"]["focus"] == "disability"  # Brain Injury Support Group
    assert "dementia" in rows["5206"]["focus"]  # Alzheimer's Support Network
    assert rows["8382"]["focus"] == "general"  # NAMI Peer Support Group
    assert not any(r["focus"] == "general" and "cancer" in r["name"].lower() for r in rows.values())


def _dataset(folder: Path, services: list[tuple[str, str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "services.csv").write_text(
        "id,name,description,status\n" + "".join(f"{i},{n},{d},active\n" for i, n, d in services)
    )
    (folder / "service_at_location.csv").write_text(
        "id,service_id,location_id\n" + "".join(f"sal{i},{i},loc1\n" for i, _, _ in services)
    )
    (folder / "locations.csv").write_text("id,name,latitude,longitude,location_type\nloc1,Hall,25.77,-80.19,physical\n")
    (folder / "addresses.csv").write_text(
        "id,location_id,address_1,city,state_province,postal_code,country,"
        "address_type\na1,loc1,1 Main St,Miami,FL,33130,US,physical\n"
    )
    return folder


def test_without_airs_codes_only_services_that_say_they_are_a_group_are_taken(tmp_path: Path) -> None:
    """A library and a meal program are left out and counted, with --all-services named; the circle is taken."""
    folder = _dataset(
        tmp_path / "ds",
        [
            ("s1", "Public library", "Books and computers"),
            ("s2", "Grief Circle", "A peer circle for people who lost someone"),
            ("s3", "Hot meals", "Lunch on weekdays"),
        ],
    )
    result = import_hsds(folder)
    assert set(_rows(result)) == {"sals2"}
    assert result.outside_taxonomy == 2
    assert any("2 other service(s) left out" in n and "--all-services" in n for n in result.notes)
    assert len(import_hsds(folder, ImportOptions(all_services=True)).rows) == 3


def test_a_published_datapackage_folder_is_read(tmp_path: Path) -> None:
    """datapackage.json beside a data/ folder of tables: read as the tables, not refused."""
    _dataset(tmp_path / "pkg" / "data", [("s2", "Grief Circle", "A peer circle")])
    (tmp_path / "pkg" / "datapackage.json").write_text(
        json.dumps({"name": "miami-211", "resources": [{"name": "services", "path": "data/services.csv"}]})
    )
    assert set(_rows(import_hsds(tmp_path / "pkg"))) == {"sals2"}


def test_tabular_json_with_a_package_name_or_inline_resources_is_read(tmp_path: Path) -> None:
    """Tables as lists with a package "name", or as a datapackage's inline resources, are read as tables."""
    tables = json.loads((JSON30 / "tabular.json").read_text())
    named = tmp_path / "named.json"
    named.write_text(json.dumps({"name": "county-211", **tables}))
    inline = tmp_path / "inline.json"
    inline.write_text(
        json.dumps(
            {
                "name": "county-211",
                "resources": [{"name": k, "data": v} for k, v in tables.items() if isinstance(v, list)],
            }
        )
    )
    expected = set(_rows(import_hsds(JSON30 / "tabular.json")))
    assert set(_rows(import_hsds(named))) == expected == set(_rows(import_hsds(inline)))


def test_a_schedule_without_a_zone_gets_the_zone_of_the_datasets_other_services(tmp_path: Path) -> None:
    """A virtual group's weekly time with no zone anywhere takes the zone the located services share, said once;
    with --timezone that zone is used instead."""
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,name,description,status\ns1,Grief Circle,A peer circle,active\ns2,Online Grief Group,A group,active\n"
    )
    (folder / "service_at_location.csv").write_text("id,service_id,location_id\nsal1,s1,loc1\nsal2,s2,loc2\n")
    (folder / "locations.csv").write_text(
        "id,name,latitude,longitude,location_type\nloc1,Hall,25.77,-80.19,physical\nloc2,Zoom,,,virtual\n"
    )
    (folder / "addresses.csv").write_text(
        "id,location_id,address_1,city,state_province,postal_code,country,"
        "address_type\na1,loc1,1 Main St,Miami,FL,33130,US,physical\n"
    )
    (folder / "schedules.csv").write_text(
        "id,service_at_location_id,freq,byday,opens_at\nsc1,sal1,WEEKLY,TU,19:00\nsc2,sal2,WEEKLY,TH,18:00\n"
    )
    result = import_hsds(folder)
    rows = _rows(result)
    assert rows["sal2"]["timezone"] == "America/New_York" and rows["sal2"]["days"] == "thu"
    assert any(
        "1 service(s) given America/New_York, the zone of this dataset's other services" in n for n in result.notes
    )
    chosen = _rows(import_hsds(folder, ImportOptions(timezone="America/Chicago")))
    assert chosen["sal2"]["timezone"] == "America/Chicago" and chosen["sal1"]["timezone"] == "America/New_York"


@pytest.mark.parametrize(
    ("link", "join_url", "said"),
    [
        ("https://zoom.us/j/123", "https://zoom.us/j/123", ""),
        ("www.example.org/meet", "https://www.example.org/meet", ""),
        ("javascript:alert(1)", "", "not an http(s) link"),
        ("", "", ""),
    ],
)
def test_a_virtual_location_s_link_becomes_the_join_online_link(
    tmp_path: Path, link: str, join_url: str, said: str
) -> None:
    """HSDS 3.0 says a virtual location's url is where one joins it: an http(s) link becomes ``join_url`` (the
    card's "Join online" button); anything else is reported, never linked; the physical ones get none."""
    data = json.loads((JSON30 / "tabular.json").read_text(encoding="utf-8"))
    for loc in data["locations"]:
        if loc["id"] == "l3":
            loc["url"] = link
        else:
            loc["url"] = "https://example.org/clinic"  # a physical location's url is its page, not a join link
    path = tmp_path / "tabular.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = import_hsds(path)
    rows = _rows(result)
    assert rows["sal3"]["formats"] == "online" and rows["sal3"]["join_url"] == join_url
    assert rows["sal1"]["join_url"] == "" and rows["sal2"]["join_url"] == ""
    assert (said in _why(result, "sal3")) if said else "online link" not in _why(result, "sal3")
    assert _validates(result, tmp_path)
    if join_url:
        loaded = load_directory(tmp_path / "groups.csv").directory
        assert {loaded.listing(i).id: loaded.listing(i).join_url for i in range(len(loaded))}["sal3"] == join_url
