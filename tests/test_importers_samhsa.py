"""SAMHSA importer: two real slices of the 2022 national directories (tests/fixtures/samhsa/)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from matcher.cli import main
from matcher.directory import load_directory
from matcher.importers import ImportResult, import_samhsa, write_rows
from matcher.importers.samhsa import FINDTREATMENT_URL, ImportOptions, add_rows, facility_key, read_workbook
from matcher.words import ENGLISH, words_for
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "samhsa"
MH = FIXTURES / "National_Directory_MH_Facilities_2022_slice.xlsx"
SA = FIXTURES / "National_Directory_SA_Facilities_2022_slice.xlsx"


def _sheet(path: Path) -> list[list[str]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Facilities List").to_python()


@pytest.fixture(scope="module")
def both() -> ImportResult:
    return import_samhsa([MH, SA])


def _by_name(result: ImportResult, name: str, city: str) -> dict[str, str]:
    found = [r for r in result.rows if r["organization"] == name and r["city"] == city]
    assert len(found) == 1, (name, city, len(found))
    return found[0]


def _row_of(path: Path, name: str) -> list[str]:
    return next(r for r in _sheet(path)[1:] if r[0] == name)


def test_every_facility_is_written_or_reported_and_the_output_validates(both: ImportResult, tmp_path: Path) -> None:
    """Each facility row of both files becomes (part of) a listing or a report naming its file and row."""
    reported = {r.record_id.split(" (")[0] for r in both.reports}
    kept_keys = set()
    rows = 0
    for path in (MH, SA):
        for n, r in enumerate(_sheet(path)[1:], start=2):
            rows += 1
            if f"{path.name} row {n}" not in reported:
                kept_keys.add(facility_key(r[0], r[2], r[6]))
    assert both.records == rows
    ids = {r["id"] for r in both.rows}
    assert len(ids) == len(both.rows) == len(kept_keys)
    out = tmp_path / "groups.csv"
    write_rows(both.rows, out)
    loaded = load_directory(out)
    assert loaded.problems == []
    assert len(loaded.directory) == len(both.rows)


def test_a_facility_in_both_directories_is_one_listing_about_both(both: ImportResult) -> None:
    """The same name, street and ZIP in the MH and SA files: one listing, mental health and drug use."""
    mh_keys = {facility_key(r[0], r[2], r[6]) for r in _sheet(MH)[1:]}
    shared = [r for r in _sheet(SA)[1:] if facility_key(r[0], r[2], r[6]) in mh_keys]
    assert shared
    r = shared[0]
    listing = [x for x in both.rows if x["organization"] == r[0] and x["postal_code"] == r[6]]
    assert len(listing) == 1
    assert {"general", "substance_use"} <= set(listing[0]["focus"].split(";"))


def test_inpatient_only_and_no_group_facilities_are_reported_with_their_reason(both: ImportResult) -> None:
    """A place a person cannot walk into, or with no group, is reported and not listed."""
    reasons = {r.record_id: r.reason for r in both.reports}
    assert any(
        "Northeast Alabama Regional Med Ctr" in k and "inpatient or residential only" in v for k, v in reasons.items()
    )
    assert any(
        "Care Clinic, Huntsville" in k and v.startswith("offers no group (group therapy") for k, v in reasons.items()
    )
    assert any("DUI/DWI" in v for v in reasons.values())
    assert not any(r["organization"] == "Northeast Alabama Regional Med Ctr" for r in both.rows)


def test_an_inpatient_unit_or_residential_center_is_reported_even_when_its_hospital_lists_outpatient(
    both: ImportResult,
) -> None:
    """A facility whose type says it is an inpatient psychiatric unit or a residential treatment center is
    reported (its groups are for its patients), though its row also lists an outpatient setting; a
    multi-setting facility (residential plus outpatient) is kept."""
    reasons = {r.record_id: r.reason for r in both.reports}
    for name in ("Ann and Robert H Lurie", "Center for Success and Independence"):
        assert any(
            name in k and v.endswith("inpatient or residential only: its groups are for its residents")
            for k, v in reasons.items()
        ), name
        assert not any(r["organization"] == name for r in both.rows), name
    assert any("separate inpatient psychiatric unit of a general hospital: inpatient" in v for v in reasons.values())
    assert not any("Separate inpatient psychiatric unit" in r["description"] for r in both.rows)


def test_a_va_medical_center_is_only_for_veterans(both: ImportResult) -> None:
    """VA facilities serve eligible veterans: audience veterans, so others never see them as open."""
    va = _by_name(both, "Department of VA Medical Center", "Birmingham")
    assert va["audience"] == "veterans"
    assert _by_name(both, "West Alabama Mental Health Center", "Demopolis")["audience"] == ""


def test_ages_languages_access_and_payment_come_from_the_codes(both: ImportResult) -> None:
    """Children-only → up to 17; adults only → 18+; SP → es; F17 → zh; AH → asl; NP free, SS sliding, MD."""
    child = _by_name(both, "MHCNCA Inc", "Decatur")
    assert (child["min_age"], child["max_age"]) == ("", "17")
    adults = _by_name(both, "Department of VA Medical Center", "Birmingham")
    assert (adults["min_age"], adults["max_age"]) == ("18", "")
    houston = _by_name(both, "Family Houston", "Houston")
    assert "es" in houston["languages"].split(";") and houston["languages"].startswith("en")
    assert "zh" in _by_name(both, "Birmingham VAMC", "Birmingham")["languages"].split(";")
    assert _by_name(both, "Comm Counseling Center of Chicago", "Chicago")["accessibility"] == "asl"
    assert _by_name(both, "Family Houston", "Houston")["accessibility"] == ""
    assert _by_name(both, "AIDS Action Coalition", "Huntsville")["cost"] == "free"
    iowa = _by_name(both, "Northeast Iowa Mental Health Center", "Cresco")
    assert iowa["cost"] == "sliding_scale"
    assert "medicaid" in iowa["payment"].split(";")
    assert _by_name(both, "Eddins Counseling Group", "Houston")["payment"] == "cash"


def test_a_listing_says_what_the_place_is_where_it_comes_from_and_that_its_place_is_approximate(
    both: ImportResult, tmp_path: Path
) -> None:
    """Facility type and groups as codes, worded in the person's language (no English sentence in the file);
    SAMHSA 2022 with FindTreatment.gov; placed at the ZIP center."""
    r = _by_name(both, "West Alabama Mental Health Center", "Demopolis")
    codes = r["facility"].split(";")
    assert codes[0] == "type:CMHC" and "offers:GT" in codes and {"placed:zip", "edition:2022"} <= set(codes)
    assert r["description"] == "" and r["worth_knowing"] == ""  # nothing in English for a Spanish reader
    write_rows([r], tmp_path / "one.csv")
    listing = load_directory(tmp_path / "one.csv").directory.listing(0)
    assert ENGLISH.description(listing).startswith("A community mental health center that offers group therapy")
    assert "may be only for its clients" in ENGLISH.description(listing)
    spanish = words_for("es").description(listing)
    assert spanish.startswith("Un centro comunitario de salud mental que ofrece terapia de grupo"), spanish
    assert "llame antes" in spanish and "offers" not in spanish
    assert ENGLISH.source(listing) == "SAMHSA's national directory (2022 edition)" == r["source"]
    assert words_for("es").source(listing) == "el directorio nacional de SAMHSA (edición 2022)"
    assert r["source_url"] == FINDTREATMENT_URL
    assert r["formats"] == "in_person" and r["latitude"] and r["longitude"]
    assert r["facilitation"] == "peer;professional"
    intake = _row_of(MH, "Northeast Iowa Mental Health Center")
    iowa = _by_name(both, "Northeast Iowa Mental Health Center", "Cresco")
    assert iowa["phone"] == (intake[8] or intake[7])


def test_code_meanings_are_read_from_the_workbooks_own_reference_sheet() -> None:
    """A renamed code in the reference sheet changes the words: nothing is typed again in the importer."""
    rows, ref = read_workbook(MH)
    renamed = type(ref)({**ref.codes, "GT": (ref.codes["GT"][0], "Therapy groups (renamed)")})
    result = ImportResult()
    add_rows(rows, renamed, "2031", result, facilities := {}, where="mh")
    assert any("therapy groups (renamed)" in f.groups for f in facilities.values())
    assert result.records == len(rows) - 1
    assert ImportOptions  # the importer takes the shared options like the others


def test_the_import_is_the_same_every_run(both: ImportResult) -> None:
    """Deterministic: same rows in the same order (the bundled directory is rebuilt from it)."""
    assert import_samhsa([MH, SA]).rows == both.rows


def test_the_command_line_writes_a_valid_file_and_says_what_it_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 1 with reports, each naming file and row; summary last; the written file validates."""
    out = tmp_path / "g.csv"
    code = main(["import", "samhsa", str(MH), str(SA), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert "read as SAMHSA national directory of mental health treatment facilities (2022 edition)" in err[0]
    assert any(line.startswith("National_Directory_SA_Facilities_2022_slice.xlsx row ") for line in err)
    assert err[-1].endswith("listing(s) written; 12 record(s) not imported; 12 report(s)")
    with out.open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == int(err[-1].split(": ")[1].split()[0])
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken zip"])
def test_an_unreadable_workbook_exits_2_with_one_line(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not an .xlsx: exit 2, one line naming the file, nothing written."""
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    out = tmp_path / "g.csv"
    assert main(["import", "samhsa", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]
    assert not out.exists()


def test_a_workbook_without_the_facility_sheet_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Some other spreadsheet: exit 2 naming the missing sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Sheet1"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    assert main(["import", "samhsa", str(path), "--out", str(tmp_path / "g.csv")]) == 2
    assert "Facilities List" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name1", "name2", "shown"),
    [
        ("Harris Center for Mental Health and", "IDD", "Harris Center for Mental Health and IDD"),
        ("Office of Applied Psychological", "Services (OAPS)", "Office of Applied Psychological Services (OAPS)"),
        ("AuSable Valley Community Mental Health", "Authority", "AuSable Valley Community Mental Health Authority"),
        (
            "Valley Professionals Community Health",
            "Center (VPCHC)",
            "Valley Professionals Community Health Center (VPCHC)",
        ),
        # a unit of the facility keeps its dash: a town, a "Center for …", a unit of a whole legal name
        ("Hazelden Betty Ford Foundation", "Center City", "Hazelden Betty Ford Foundation — Center City"),
        ("Middlesex Health", "Center for Behavioral Health", "Middlesex Health — Center for Behavioral Health"),
        ("Jaywalker Lodge Inc", "Solutions Program", "Jaywalker Lodge Inc — Solutions Program"),
        ("KC CARE Health Center", "Health Center", "KC CARE Health Center — Health Center"),
        ("Georgetown Medical", "Pinnacle Treatment", "Georgetown Medical — Pinnacle Treatment"),
    ],
)
def test_a_name_the_workbook_split_across_name1_and_name2_is_joined_whole(name1: str, name2: str, shown: str) -> None:
    """ "Harris Center for Mental Health and" + "IDD" is one name, not a name cut short with a dash."""
    from matcher.importers.samhsa import ImportResult as Result
    from matcher.importers.samhsa import to_row

    rows, ref = read_workbook(MH)
    header = [str(c).lower() for c in rows[0]]
    first = next(list(r) for r in rows[1:] if to_row_ok(r, header))
    first[header.index("name1")] = name1
    first[header.index("name2")] = name2
    facilities: dict[str, object] = {}
    add_rows([rows[0], first], ref, "2022", Result(), facilities)  # type: ignore[arg-type]
    names = [to_row(f)["name"] for f in facilities.values()]  # type: ignore[arg-type]
    assert names == [shown]


def to_row_ok(r: object, header: list[str]) -> bool:
    return isinstance(r, (list, tuple)) and bool(r[header.index("name1")])
