"""The bundled data: real programs corrected and eligible-marked; the demo file's samples cannot be mistaken."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from matcher.directory import Listing, load_directory
from matcher.vocabulary import COMMUNITIES
from tests.conftest import ROOT

NATIONAL = ROOT / "data" / "sources" / "national_programs.csv"
#: British spellings the review found, and their family (organisation, behavioural, centres, …).
BRITISH = re.compile(
    r"\b(organis\w*|colour\w*|behaviour\w*|centre[sd]?|counsell\w*|recognis\w*|programme\w*|"
    r"favour\w*|neighbour\w*|honour\w*|licence|judgement|travell\w*|cancell\w*|whilst|"
    r"apologis\w*|minimis\w*|prioritis\w*|realise\w*|utilis\w*)\b",
    re.IGNORECASE,
)


@cache
def bundled() -> tuple[Listing, ...]:
    d = load_directory(ROOT / "data" / "groups.csv").directory
    return tuple(d.listing(i) for i in range(len(d)))


def real() -> dict[str, Listing]:
    return {g.id: g for g in bundled() if not g.sample}


@cache
def samples() -> list[Listing]:
    """The invented examples, which live only in the opt-in demo directory."""
    d = load_directory(ROOT / "data" / "examples" / "invented-groups.csv").directory
    return [g for g in (d.listing(i) for i in range(len(d))) if g.sample]


#: Who each program is for, by the program's own description of whom it serves: (audience, (min age, max age)).
ELIGIBILITY: dict[str, tuple[set[str], tuple[int | None, int | None]]] = {
    "taps": ({"military_families", "veterans"}, (None, None)),
    "vet-centers": ({"veterans", "military_families"}, (None, None)),
    "trevorspace": ({"lgbtq", "trans_nonbinary"}, (13, 24)),
    "al-anon": ({"family_caregivers"}, (None, None)),
    "nar-anon": ({"family_caregivers"}, (None, None)),
    "families-anonymous": ({"family_caregivers"}, (None, None)),
    "alateen": ({"family_caregivers"}, (13, 19)),
    "women-for-sobriety": ({"women"}, (None, None)),
    "seven-cups": (set(), (13, None)),
    "aa": (set(), (None, None)),
}


def _age(cell: str) -> int | None:
    return int(cell) if cell else None


def test_every_real_row_states_its_eligibility() -> None:
    """The source file people edit says who each program is for: every audience is a known community code,
    every age a whole number from 0 to 120 with min <= max, and the programs only for some people say so."""
    with NATIONAL.open(encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert len(rows) >= 40
    for pid, r in rows.items():
        audience = {a for a in r["audience"].split(";") if a}
        assert audience <= set(COMMUNITIES), (pid, audience - set(COMMUNITIES))
        low, high = _age(r["min_age"]), _age(r["max_age"])
        assert all(0 <= a <= 120 for a in (low, high) if a is not None), pid
        assert low is None or high is None or low <= high, pid
    stated = {
        pid: (
            {a for a in rows[pid]["audience"].split(";") if a},
            (_age(rows[pid]["min_age"]), _age(rows[pid]["max_age"])),
        )
        for pid in ELIGIBILITY
    }
    assert stated == ELIGIBILITY


@pytest.mark.parametrize("pid", ELIGIBILITY)
def test_programs_only_for_some_people_say_so(pid: str) -> None:
    """The bundled directory carries who each program is for, as its source states it."""
    g = real()[pid]
    audience, ages = ELIGIBILITY[pid]
    assert set(g.audience) == audience
    assert (g.min_age, g.max_age) == ages


def test_the_reviewed_corrections_are_in() -> None:
    """GriefShare, Vet Centers, RI, SAPAA, WFS, ACA, 7 Cups, ADAA and SMART carry the reviewed facts."""
    p = real()
    assert "A Christian, church-based program" in p["griefshare"].worth_knowing
    assert "Churches may charge for the workbook" in p["griefshare"].worth_knowing
    assert p["griefshare"].facilitation == ("peer",)
    assert p["vet-centers"].phone == "877-927-8387"
    assert p["vet-centers"].url.startswith("https://www.vetcenter.va.gov")
    assert p["recovery-international"].cost == "donation"
    sapaa = p["sczaction-groups"]
    assert (sapaa.facilitation, sapaa.cost, "phone" in sapaa.formats) == (("peer",), "donation", True)
    assert p["women-for-sobriety"].cost == "free"
    # growing up with a family's drinking or dysfunction: not "general", and not a program for PTSD
    assert p["acoa"].focus == ("substance_use",) and "family_caregivers" in p["acoa"].communities
    assert p["coda"].focus == ()  # codependency: none of our topics, and not "mental health in general"
    assert "general" not in p["dual-recovery-anonymous"].focus and "substance_use" in p["dual-recovery-anonymous"].focus
    assert p["griefshare"].cost == "free" and "es" in p["psi-groups"].languages
    assert any("Not a crisis service" in n for n in p["seven-cups"].worth_knowing)
    assert "healthunlocked.com" in p["adaa-community"].url and p["adaa-community"].source_url == "https://adaa.org"
    assert p["smart-recovery"].cost == "donation"


def test_samples_sit_at_standard_active_zip_codes_only() -> None:
    """No sample is placed at a PO-box, single-organization or retired ZIP code."""
    from scripts.build_directory import all_zip_rows

    kind = {r["zip_code"]: (r["zip_code_type"], r["active"]) for r in all_zip_rows()}
    found = samples()
    assert len(found) >= 400
    assert {kind[g.postal_code] for g in found} == {("STANDARD", True)}


def test_sample_names_keep_acronyms_and_say_sample() -> None:
    """Names read "[Sample] OCD …" / "[Sample] PTSD …", never "Ocd" or "Ptsd"; realistic eligibility exists."""
    found = samples()
    names = [g.name for g in found]
    assert all(n.startswith("[Sample] ") for n in names)
    assert not [n for n in names if re.search(r"\b(Ocd|Ptsd|Lgbtq)\b", n)]
    assert any(n.startswith("[Sample] OCD") for n in names) and any(n.startswith("[Sample] PTSD") for n in names)
    assert any(g.audience for g in found) and any(g.min_age for g in found)


@pytest.mark.parametrize("folder", ["matcher", "data", "scripts"])
def test_american_spelling_throughout(folder: str) -> None:
    """No British spelling (organisation, behaviour, centre, colour, counsellor…) in code or data."""
    hits = []
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix in {".py", ".csv", ".md"} and path.is_file():
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.startswith("samhsa-"):  # a facility's own name and street ("… Centre") stay as listed
                    line = ",".join(next(csv.reader([line]))[3:18])  # noqa: PLW2901 (its description and codes)
                if BRITISH.search(line):
                    hits.append(f"{Path(path).relative_to(ROOT)}:{n}: {BRITISH.search(line).group(0)}")  # type: ignore[union-attr]
    assert not hits, hits[:10]


def test_every_national_program_is_written_in_spanish_too() -> None:
    """A Spanish reader reads each program's description and warnings in Spanish: every program has a
    description_es, and one Spanish note for each English one."""
    with NATIONAL.open(encoding="utf-8", newline="") as fh:
        programs = list(csv.DictReader(fh))
    assert len(programs) == 41
    for src in programs:
        g = real()[src["id"]]
        assert g.description_es.strip(), g.id
        assert g.description_es != g.description, g.id
        assert len(g.worth_knowing_es) == len(g.worth_knowing), (g.id, g.worth_knowing, g.worth_knowing_es)
        assert g.translated_notes().get("es", ()) == g.worth_knowing_es, g.id
