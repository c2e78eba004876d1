"""The judged set over the bundled directory as it ships (national programs and SAMHSA's facilities): what
each person notices on their first screen holds."""

from __future__ import annotations

from datetime import datetime

import pytest

from matcher.directory import Directory, load_directory
from tests.conftest import ROOT
from tests.relevance.directory_personas import DIRECTORY_PERSONAS, DirectoryPersona, ranked, results


@pytest.fixture(scope="module")
def bundled() -> Directory:
    return load_directory(ROOT / "data" / "groups.csv").directory


def test_the_set_covers_the_people_the_directory_is_for() -> None:
    """A small-town person, Spanish speakers, Deaf people, veterans, a teen, peer vs therapy, Medicaid, and
    someone who skips everything: each judged, each with a place but the last."""
    assert len(DIRECTORY_PERSONAS) >= 9
    assert all(p.answers.location for p in DIRECTORY_PERSONAS if p.name != "skips everything")


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=p.known_gap)) if p.known_gap else p
        for p in DIRECTORY_PERSONAS
    ],
    ids=[p.name for p in DIRECTORY_PERSONAS],
)
def test_persona_notices_the_right_places(bundled: Directory, persona: DirectoryPersona, now: datetime) -> None:
    """Every check of the persona holds on the bundled directory."""
    matches = ranked(bundled, persona, now)
    failed = [what for what, ok in results(persona, matches) if not ok]
    top = [(m.listing.id, m.listing.name[:30], m.distance_miles and round(m.distance_miles, 1)) for m in matches[:6]]
    assert not failed, f"{failed}; got {top}"
