"""The last English in the Spanish interface: what the library says about a typed place, and (below) a sweep
of every page for phrases that only exist in English. Listing names stay as the directory wrote them."""

from __future__ import annotations

import functools
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PAGES, ROOT, WriteDirectory, row
from tests.test_i18n import bundled_directory, spanish_app  # noqa: F401  (the bundled directory, autouse)
from ui import session

APP = str(ROOT / "app.py")


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


# --------------------------------------------------------------------------- the sweep: every page in Spanish

#: Phrases only English has: a Spanish reader who meets one has met English the app (not a listing) wrote.
ENGLISH_ONLY = (
    "Why it matched",
    "Worth knowing",
    "Who it is for",
    "that offers",
    "call first",
    "call to confirm",
    "Listed in",
    "Location approximate",
    "national directory",
    "edition)",
    "Special programs",
    "your time",
    "Next meeting",
    "noon",
    "Mondays",
    "Tuesdays",
    "Wednesdays",
    "Thursdays",
    "Fridays",
    "Saturdays",
    "Sundays",
    "could not find",
    "Did you mean",
    "best first",
    "bigger dot",
    "Open to everyone",
    "miles away",
    "shortlist",
    "Invented example",
    "misconfigured",
    "server log",
    "crisis lines above",
    "could not be read",
)
_ENGLISH_ONLY_RE = re.compile(
    r"(?i)(?<!\w)(?:" + "|".join(re.escape(p) for p in ENGLISH_ONLY) + r"|\d(?::\d\d)? ?[ap]m)(?!\w)"
)


def everything_shown(at: AppTest) -> str:
    """All the text the page shows (markdown, alerts, headings, captions, labels, options, HTML), unescaped."""
    parts = [x.value for x in [*at.markdown, *at.info, *at.error, *at.success, *at.warning, *at.caption]]
    parts += [x.value for x in [*at.header, *at.subheader, *at.title]]
    parts += [b.label for b in at.button] + [e.label for e in at.expander]
    parts += [w.label for w in [*at.radio, *at.text_input, *at.number_input, *at.selectbox, *at.multiselect]]
    for kind in ("html", "link_button", "page_link", "pills", "badge", "download_button", "select_slider"):
        for el in at.get(kind):
            proto = getattr(el, "proto", None)
            parts += [str(getattr(proto, f, "")) for f in ("body", "label", "options") if proto is not None]
    return "\n".join(str(p) for p in parts).replace("\\", "").replace("\u2060", "")


@functools.cache
def as_written_by_other_directories() -> tuple[str, ...]:
    """What listings from directories other than SAMHSA's wrote (names, addresses, descriptions, notes): shown
    as written, so not the app's English. A SAMHSA facility's description and notes are not here: they are codes
    the app words, and must be in Spanish. Read once per test process (3.5 s: every listing of the bundled
    directory), not once per page swept."""
    from matcher import load_directory

    d = load_directory(ROOT / "data" / "groups.csv").directory
    pieces: set[str] = set()
    for i in range(len(d)):
        g = d.listing(i)
        pieces |= {g.name, g.organization, g.where, g.address}
        if not g.facility:
            pieces |= {g.source, g.description, *g.worth_knowing, g.description[:277].rsplit(" ", 1)[0] + " …"}
    return tuple(sorted((p for p in pieces if p), key=len, reverse=True))


def english_left(text: str) -> list[str]:
    for piece in as_written_by_other_directories():
        if piece in text:
            text = text.replace(piece, " ")
    return sorted({m.group(0) for m in _ENGLISH_ONLY_RE.finditer(text)})


def answer_in_spanish(at: AppTest, place: str = "Houston, TX") -> AppTest:
    at = to_the_place_step(at)
    at.text_input[0].set_value(place).run()
    tap(at, "Siguiente")
    tap(at, "Siguiente")
    tap(at, "Siguiente")
    tap(at, "Ver mis resultados")
    at.switch_page("pages/matches.py").run()
    assert not at.exception, at.exception
    return at


def test_the_matches_map_and_shortlist_pages_have_no_english_the_app_wrote() -> None:
    """Answered in Spanish near Houston (where SAMHSA's facilities and scheduled meetings are): the matches
    (headlines, why it matched, worth knowing, times, the facilities' descriptions and source lines), the map
    and the shortlist are in Spanish; only what other directories wrote stays as written."""
    at = answer_in_spanish(spanish_app())
    matches = everything_shown(at)
    assert "Aparece en el directorio nacional de SAMHSA (edición 2022); llame para confirmar." in matches
    assert "que ofrece" in matches and "Ubicación aproximada" in matches
    assert not english_left(matches), english_left(matches)
    for label in ("Guardar en mi lista",):
        next(b for b in at.button if b.label == label).click().run()
    for page in ("pages/map.py", "pages/shortlist.py", "pages/privacy.py", "pages/guide.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        shown = everything_shown(at)
        assert not english_left(shown), (page, english_left(shown))


def test_every_questionnaire_step_has_no_english() -> None:
    """Each step of the questionnaire, from the safety check to the review, in Spanish."""
    at = spanish_app()
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("No").run()
    seen = [everything_shown(at)]
    for _ in range(7):
        tap(at, "Siguiente")
        seen.append(everything_shown(at))
    leaks = [english_left(text) for text in seen]
    assert not any(leaks), leaks


def test_the_downloads_have_no_english_the_app_wrote(write_directory: WriteDirectory) -> None:
    """The shortlist CSV (headers and values) and the calendar's text, in Spanish, for a SAMHSA facility and a
    group meeting on a schedule."""
    from datetime import UTC, datetime

    from matcher import Answers, geocode, load_directory, rank_listings, shortlist_csv, shortlist_ics
    from matcher.words import words_for

    facility = row(
        id="f", name="Centro Uno", description="", facility="type:CMHC;offers:GT;special:TRMA;placed:zip;edition:2022"
    )
    weekly = row(
        id="w",
        name="Grupo Dos",
        days="tue;thu",
        start_time="19:00",
        end_time="20:30",
        timezone="America/Chicago",
        description="",
    )
    d = load_directory(write_directory([facility, weekly])).directory
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    place = geocode("94110")
    ranking = rank_listings(d, Answers(location="94110"), place, now=now, prefer_language="es")
    assert {m.listing.id for m in ranking.matches} == {"f", "w"}
    es = words_for("es")
    csv_text = shortlist_csv(ranking.matches, es).decode("utf-8-sig")
    ics_text = shortlist_ics(ranking.matches, now=now, words=es).decode()
    ics_text = ics_text.replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
    assert "Nombre" in csv_text and "los martes" in csv_text and "que ofrece" in ics_text
    assert not english_left(csv_text), english_left(csv_text)
    assert not english_left(ics_text), english_left(ics_text)


@pytest.mark.parametrize(
    ("name", "value", "spanish"),
    [
        ("SGF_BASEMAP", "of", "Este sitio no está bien configurado"),
        ("SGF_DIRECTORY", " ", "Este sitio no está bien configurado"),
    ],
)
def test_the_misconfigured_site_is_in_spanish(
    name: str, value: str, spanish: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A setting that fails closed (or a directory that cannot be read) stops every page with a message: in the
    Spanish interface it is in Spanish, under the crisis lines in Spanish, with no English the app wrote."""
    monkeypatch.setenv(name, value)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session.LANGUAGE] = "es"
    at.run()
    said = []
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        shown = everything_shown(at)
        assert "Salida rápida" in shown, page
        said.append(spanish in shown)
        assert not english_left(shown), (page, english_left(shown))
    assert all(said), said  # a bad setting stops every page, with the crisis lines above it
