"""What a native Spanish reader found on the cards, the print view and the map's list, checked in both
languages on a small directory: a facility with no schedule says to call for times (never "any time"), an
extension reads "ext. 113", a place at the center of the person's own ZIP code is never "0.0 mi", and a long
description can be read whole (still as inert text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher import Answers, zip_place
from tests.conftest import ROOT, row, write_rows
from ui import session

APP = str(ROOT / "app.py")
LONG = "Peer support for anyone living with anxiety. " * 12 + "The last words are here: coffee after."


def facility() -> dict[str, str]:
    """A SAMHSA-like facility placed at the center of ZIP 94110 (where the person says they are), no schedule."""
    here = zip_place("94110")
    assert here is not None
    return row(
        id="samhsa-1",
        name="Harbor Counseling Center",
        days="",
        start_time="",
        end_time="",
        timezone="",
        phone="907-277-6677 x113",
        facility="type:OMH;offers:GT;edition:2022;placed:zip",
        source="SAMHSA's national directory (2022 edition)",
        source_url="https://findtreatment.gov/",
        latitude=str(here.latitude),
        longitude=str(here.longitude),
    )


def page(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    path: str = "pages/matches.py",
    extra: tuple[dict[str, str], ...] = (),
) -> AppTest:
    rows = [facility(), row(id="g-long", name="Long Story Circle", description=LONG), *extra]
    monkeypatch.setenv("SGF_DIRECTORY", str(write_rows(tmp_path / "g.csv", rows)))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.LANGUAGE] = language
    at.run()
    at.session_state["answers"] = Answers(location="94110")
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def text(at: AppTest) -> str:
    """The page's words as a reader sees them (markdown escapes removed)."""
    parts = [m.value for m in at.markdown] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts).replace("\\", "")


@pytest.mark.parametrize(
    ("language", "call", "phone", "near", "zero"),
    [
        (
            "en",
            "**When:** Call for times",
            "Phone: 907-277-6677 ext. 113",
            "(about 1 mile away or less, approximate place)",
            "0.0 mi",
        ),
        (
            "es",
            "**Cuándo:** Llame para saber los horarios",
            "Teléfono: 907-277-6677 ext. 113",
            "(a 1 milla o menos, ubicación aproximada)",
            "0.0 millas",
        ),
    ],
)
def test_a_facility_card_says_to_call_for_times_with_its_extension_and_an_honest_distance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, call: str, phone: str, near: str, zero: str
) -> None:
    body = text(page(tmp_path, monkeypatch, language))
    assert call in body
    assert "Any time" not in body and "A cualquier hora" not in body
    assert phone in body and "x113" not in body
    assert near in body
    assert zero not in body and "0,0 millas" not in body


@pytest.mark.parametrize(
    ("language", "label"), [("en", "Read the whole description"), ("es", "Leer la descripción completa")]
)
def test_a_long_description_can_be_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, label: str
) -> None:
    """Cut at 280 characters with "…", and the whole text under one expander, escaped like the rest."""
    at = page(tmp_path, monkeypatch, language)
    whole = [e for e in at.expander if e.label == label]
    assert len(whole) == 1
    inside = "\n".join(str(m.value) for m in whole[0].markdown)
    assert "coffee after\\." in inside  # the end of the text, escaped by ui.text.esc
    cut = [str(m.value) for m in at.markdown if "Peer support" in str(m.value) and m not in whole[0].markdown]
    assert cut and all("coffee after" not in m and m.endswith("…") for m in cut)


def test_the_print_view_says_to_call_for_times_with_the_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = page(tmp_path, monkeypatch, "es")
    next(b for b in at.button if b.label == "Guardar en mi lista" and str(b.key).endswith("-samhsa-1")).click().run()
    at.switch_page("pages/shortlist.py").run()
    at.toggle(key=session.PRINT_VIEW).set_value(True).run()
    assert not at.exception
    body = text(at)
    assert "Llame para saber los horarios" in body and "Teléfono: 907-277-6677 ext. 113" in body
    assert "A cualquier hora" not in body


def test_the_maps_list_never_says_zero_miles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = text(page(tmp_path, monkeypatch, "en", "pages/map.py"))
    assert "Harbor Counseling Center** — about 1 mile away or less, approximate place — fit" in body
    assert "0.0 mi" not in body


#: A program whose directory wrote its description and notes in Spanish too (as the national programs do).
TRANSLATED = row(
    id="g-es",
    name="GriefShare",
    description="A Christian grief recovery program.",
    worth_knowing="A Christian, church-based program;Churches may charge for the workbook",
    description_es="Un programa cristiano de recuperación del duelo.",
    worth_knowing_es="Un programa cristiano, con base en las iglesias;"
    "Las iglesias pueden cobrar por el libro de trabajo",
)


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        (
            "en",
            ("A Christian grief recovery program.", "- Churches may charge for the workbook"),
            ("Un programa cristiano", "Las iglesias pueden cobrar"),
        ),
        (
            "es",
            (
                "Un programa cristiano de recuperación del duelo.",
                "- Las iglesias pueden cobrar por el libro de trabajo",
            ),
            ("A Christian", "Churches may charge"),
        ),
    ],
)
def test_a_card_shows_the_directorys_own_text_in_the_persons_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, shown: tuple[str, ...], hidden: tuple[str, ...]
) -> None:
    """A Spanish reader reads the program's description and warnings in Spanish; an English reader, in English."""
    body = text(page(tmp_path, monkeypatch, language, extra=(TRANSLATED,)))
    for words in shown:
        assert words in body
    for words in hidden:
        assert words not in body


def test_the_shortlist_shows_the_spanish_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved to the shortlist, the program's card there says its warnings in Spanish too."""
    at = page(tmp_path, monkeypatch, "es", extra=(TRANSLATED,))
    next(b for b in at.button if b.label == "Guardar en mi lista" and str(b.key).endswith("-g-es")).click().run()
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    body = text(at)
    assert "Un programa cristiano, con base en las iglesias" in body and "Las iglesias pueden cobrar" in body
    assert "Churches may charge" not in body and "A Christian" not in body
