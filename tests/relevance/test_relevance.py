"""The judged set: for each persona, what must rank near the top and what must never be shown."""

from __future__ import annotations

from datetime import datetime

import pytest

from matcher.directory import Directory, load_directory
from tests.conftest import ROOT
from tests.relevance.personas import PERSONAS, Persona, checks, precision_at, ranked_real


@pytest.fixture(scope="module")
def bundled() -> Directory:
    return load_directory(ROOT / "data" / "groups.csv").directory


def test_the_set_is_big_enough_and_names_real_programs(bundled: Directory) -> None:
    """At least 15 personas, and every id they name is a real program in the bundled directory."""
    assert len(PERSONAS) >= 15
    real = {bundled.listing(i).id for i in range(len(bundled)) if not bundled.sample[i]}
    named = {pid for p in PERSONAS for pid in (*p.top, *p.never)}
    assert named <= real, named - real


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona_gets_what_the_programs_are_for(bundled: Directory, persona: Persona, now: datetime) -> None:
    """The programs built for this person rank near the top; programs not for them never show."""
    ranked = ranked_real(bundled, persona, now)
    failed = [what for what, ok in checks(persona, ranked) if not ok]
    assert not failed, f"{failed}; got {[g.id for g in ranked[:8]]}"
    assert precision_at(5, persona.answers, ranked) == 1.0
