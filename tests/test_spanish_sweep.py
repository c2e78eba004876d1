"""The last English in the Spanish interface: what the library says about a typed place, and (below) a sweep
of every page for phrases that only exist in English. Listing names stay as the directory wrote them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import session

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def bundled_directory(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SGF_DIRECTORY", raising=False)
    yield


def spanish_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.LANGUAGE] = "es"
    at.run()
    assert not at.exception, at.exception
    return at


def tap(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def to_the_place_step(at: AppTest) -> AppTest:
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("No").run()
    for _ in range(4):
        tap(at, "Siguiente")
    return at


@pytest.mark.parametrize(
    ("typed", "spanish", "english"),
    [
        ("Pittsburg", "Hay varios lugares que se llaman Pittsburg. Agregue el estado", "There are several places"),
        ("Toronto", "Toronto parece ser un lugar fuera de EE. UU.", "looks like a place outside the US"),
        ("Portland, WA", "No encontramos Portland en Washington. Existe Portland, OR, y otros.", "could not find"),
        ("Texas", "Texas es un estado entero.", "is a whole state"),
        ("00000", "No encontramos el código postal 00000.", "could not find the ZIP code"),
        ("Chicago", "Chicago, IL: ¿no es el que buscaba? Agregue el estado.", "not the one you meant"),
    ],
)
def test_what_the_place_look_up_says_is_in_spanish(typed: str, spanish: str, english: str) -> None:
    """matcher returns a place look-up's message as a code and values; the questionnaire words it in Spanish."""
    at = to_the_place_step(spanish_app())
    at.text_input[0].set_value(typed).run()
    shown = (
        "\n".join(str(x.value) for x in [*at.error, *at.markdown, *at.success, *at.info, *at.warning])
        .replace("\\", "")
        .replace("\u2060", "")
    )
    assert spanish in shown, shown
    assert english not in shown
