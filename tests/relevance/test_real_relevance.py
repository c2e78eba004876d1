"""The judged set over real imported data: the right meetings and groups for each person, nothing not for them."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.relevance.personas import checks, precision_at, ranked_real
from tests.relevance.real_personas import IMPORTS, REAL_PERSONAS, RealPersona, imported


def test_every_source_has_personas_and_every_id_is_in_its_import() -> None:
    """Each import is judged, and every id a persona names is a listing that import really wrote."""
    assert {p.source for p in REAL_PERSONAS} == set(IMPORTS)
    for source in IMPORTS:
        ids = set(imported(source).frame["id"])
        named = {pid for p in REAL_PERSONAS if p.source == source for pid in (*p.top, *p.never)}
        assert named <= ids, named - ids


@pytest.mark.parametrize(
    "persona",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=p.known_gap)) if p.known_gap else p
        for p in REAL_PERSONAS
    ],
    ids=[p.name for p in REAL_PERSONAS],
)
def test_persona_gets_what_the_real_listings_are_for(persona: RealPersona, now: datetime) -> None:
    """The meetings and groups for this person rank near the top; the ones not for them never show."""
    ranked = ranked_real(imported(persona.source), persona, now)
    failed = [what for what, ok in checks(persona, ranked) if not ok]
    assert not failed, f"{failed}; got {[g.id for g in ranked[:8]]}"
    assert precision_at(5, persona.answers, ranked) >= 0.8, [g.id for g in ranked[:5]]
