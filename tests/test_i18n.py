"""The app in Spanish: chosen from the browser, switched on any page without losing answers, every page in
Spanish, sessions never sharing a language, and no user-facing string that skips the catalog."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import PAGES, ROOT
from ui import session
from ui.i18n import detect

APP = str(ROOT / "app.py")
SPANISH_TITLES = {
    "pages/guide.py": "Cómo encontrar un grupo de apoyo",
    "pages/questionnaire.py": "Encuentre grupos para usted",
    "pages/matches.py": "Grupos para usted",
    "pages/map.py": "Grupos en persona cerca de usted",
    "pages/shortlist.py": "Mi lista",
    "pages/privacy.py": "Su privacidad",
}
#: Words that would show English leaking into a Spanish page (whole words, as a reader would notice them).
ENGLISH_TELLS = (
    "the",
    "your",
    "groups",
    "shortlist",
    "matches",
    "Next",
    "Skip",
    "Back",
    "Start over",
    "Quick exit",
    "Why it matched",
    "Worth knowing",
    "Open to everyone",
)


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


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [s.value for s in at.success] + [w.value for w in at.warning]
    parts += [c.value for c in at.caption] + [s.value for s in at.header] + [t.value for t in at.title]
    parts += [b.label for b in at.button] + [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


@functools.cache
def directory_pieces() -> tuple[tuple[str, str], ...]:
    """Each piece of text the bundled directory writes (escaped as a page shows it, and as written), longest
    first. Worked out once per test process: building every listing takes seconds."""
    from matcher import load_directory
    from ui.text import esc

    d = load_directory(ROOT / "data" / "groups.csv").directory
    pieces: set[str] = set()
    for i in range(len(d)):
        g = d.listing(i)
        pieces |= {g.name, g.organization, g.description, g.where, *g.worth_knowing}
        if len(g.description) > 280:
            pieces.add(g.description[:277].rsplit(" ", 1)[0] + " …")
    return tuple((esc(piece), piece) for piece in sorted((p for p in pieces if p), key=len, reverse=True))


def without_directory_text(body: str) -> str:
    """The page's text without what the directory wrote (names, descriptions, notes stay as written)."""
    for escaped, piece in directory_pieces():
        body = body.replace(escaped, " ").replace(piece, " ")
    return body


def english_in(text: str) -> list[str]:
    """English words a Spanish reader would notice (whole words only: "the" in "theta" does not count)."""
    return [w for w in ENGLISH_TELLS if re.search(rf"(?<![\w/.-]){re.escape(w)}(?![\w/.-])", text)]


def answer_in_spanish(at: AppTest) -> AppTest:
    """The questionnaire, tapped through in Spanish (buttons found by their Spanish labels)."""
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("No").run()
    tap = lambda label: next(b for b in at.button if b.label == label).click().run()  # noqa: E731
    tap("Siguiente")
    at.pills[0].set_value(["anxiety"]).run()
    tap("Siguiente")
    tap("Siguiente")
    at.pills[0].set_value(["in_person", "online"]).run()
    tap("Siguiente")
    at.text_input[0].set_value("Houston, TX").run()
    tap("Siguiente")
    tap("Siguiente")
    tap("Siguiente")
    tap("Ver mis resultados")
    assert not at.exception, at.exception
    at.switch_page("pages/matches.py").run()
    return at


@pytest.mark.parametrize(
    ("locale", "header", "language"),
    [
        ("es-US", None, "es"),
        ("es-MX", "en-US,en;q=0.9", "es"),
        (None, "es-MX,es;q=0.9,en;q=0.8", "es"),
        (None, "en-US,en;q=0.9,es;q=0.8", "en"),
        (None, "fr-CA,es;q=0.5", "es"),
        (None, "de-DE", "en"),
        (None, "es;q=0,en", "en"),
        (None, "garbage;;;q=x,,", "en"),
        (None, None, "en"),
        ("ES_us", None, "es"),
    ],
)
def test_the_first_language_comes_from_the_browser(locale: str | None, header: str | None, language: str) -> None:
    """The browser's own language first, then Accept-Language by its weights; English when none has a catalog."""
    assert detect(locale, header) == language


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_spanish(page: str) -> None:
    """Each page opens in Spanish under the Spanish crisis line (988 in Spanish first), with no English tells."""
    at = spanish_app()
    if page in ("pages/matches.py", "pages/map.py", "pages/shortlist.py"):
        answer_in_spanish(at)
        if page == "pages/shortlist.py":
            next(b for b in at.button if b.label == "Guardar en mi lista").click().run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    banner = at.info[0].value
    assert "Si está en peligro inmediato, llame al [911](tel:911)" in banner
    assert "**988 en español:** [Llame al 988 y oprima 2](tel:988)" in banner
    assert "[Envíe un texto con AYUDA al 988](sms:988?&body=AYUDA)" in banner
    assert [t.value for t in at.title] == [SPANISH_TITLES[page]]
    body = texts(at)
    assert "Salida rápida" in body
    leaks = english_in(without_directory_text(body))
    assert not leaks, leaks


def test_the_matches_page_words_every_code_in_spanish() -> None:
    """Reasons, who it is for, ways of attending and cost are in Spanish; the headline counts with Spanish plurals."""
    at = answer_in_spanish(spanish_app())
    body = texts(at)
    assert "**Por qué aparece**" in body and "Sobre ansiedad, como usted pidió" in body
    assert "**Tome en cuenta**" in body and "bueno saber" not in body  # the card says what the CSV says
    assert "**Para quién es:**" in body and "**Cómo:**" in body
    assert any(h.value.startswith("**") and "se ajusta" in h.value for h in at.markdown)


def test_switching_language_keeps_the_answers_and_the_shortlist() -> None:
    """English → Español → English on the matches page: the same answers, the same shortlist, words switched."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state[session.LANGUAGE] = "es"
    at.run()
    answer_in_spanish(at)
    next(b for b in at.button if b.label == "Guardar en mi lista").click().run()
    before = (at.session_state[session.ANSWERS], list(at.session_state[session.SHORTLIST]))
    switch = at.get("button_group")[0]
    assert list(switch.options) == ["English", "Español"]
    switch.set_value("en").run()
    at.switch_page("pages/matches.py").run()
    assert [t.value for t in at.title] == ["Groups for you"]
    assert (at.session_state[session.ANSWERS], list(at.session_state[session.SHORTLIST])) == before
    assert any(b.label == "Remove from shortlist" for b in at.button)


def test_two_sessions_at_once_keep_their_own_language() -> None:
    """One English and one Spanish session in one process, run in turns: neither ever sees the other's words."""
    english = AppTest.from_file(APP, default_timeout=60)
    spanish = AppTest.from_file(APP, default_timeout=60)
    spanish.session_state[session.LANGUAGE] = "es"
    for _ in range(2):
        english.run()
        spanish.run()
        assert "In immediate danger" in english.info[0].value and "Si está en peligro" not in english.info[0].value
        assert "Si está en peligro" in spanish.info[0].value and "In immediate danger" not in spanish.info[0].value
        english.switch_page("pages/privacy.py").run()
        spanish.switch_page("pages/privacy.py").run()
        assert [t.value for t in english.title] == ["Your privacy"]
        assert [t.value for t in spanish.title] == ["Su privacidad"]


# --------------------------------------------------------------------------- nothing bypasses the catalog

#: Streamlit calls whose string arguments a person reads.
_SHOWN = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "link_button",
    "download_button",
    "page_link",
    "toggle",
    "radio",
    "pills",
    "multiselect",
    "selectbox",
    "select_slider",
    "text_input",
    "number_input",
    "expander",
    "segmented_control",
    "badge",
    "progress",
    "Page",
    "set_page_config",
    "html",
    "link",
    "code",
}
_TEXT_KEYWORDS = {"label", "title", "help", "placeholder", "text", "page_title", "alt"}
#: Literal text that is not words: markup, and names written in their own language on purpose.
_ALLOWED = {"Se habla español", "English", "Español", "911", "988lifeline.org"}


def _literal_text(node: ast.expr) -> list[str]:
    """The string constants a person would read in an argument (f-strings and concatenations included)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return []


def _is_words(text: str) -> bool:
    bare = re.sub(r"<[^>]*>|&\w+;|:material/\w+:|\{[^}]*\}|\*\*|https?://\S+|[\W\d_]", " ", text)
    return text.strip() not in _ALLOWED and len(re.findall(r"[A-Za-z]{3,}", bare)) >= 1


def untranslated(path: Path, root: Path = ROOT) -> list[str]:
    """Literal words passed straight to a Streamlit call (or to a page link) instead of through ``_()``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name not in _SHOWN or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id in {"log", "logger", "logging"}
        ):
            continue
        args = list(node.args[:2]) + [k.value for k in node.keywords if k.arg in _TEXT_KEYWORDS]
        if name == "html":  # markup: only its words must come from the catalog
            args = list(node.args[:1])
        for arg in args:
            for text in _literal_text(arg):
                if text.startswith("pages/"):
                    continue
                if name == "html" and text.lstrip().startswith(("<style", "<script")):
                    continue
                if _is_words(text):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {text[:60]!r}")
    return found


def test_no_user_facing_string_bypasses_the_catalog() -> None:
    """Every literal a Streamlit call shows in app.py, pages/ and ui/ is wrapped in _() / ngettext()."""
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]
    problems = [p for f in files for p in untranslated(f)]
    assert not problems, "\n".join(problems)


def test_the_catalog_check_catches_a_bare_string(tmp_path: Path) -> None:
    """The check itself bites: a bare st.button label, an f-string header and a help text are all found."""
    sample = tmp_path / "page.py"
    sample.write_text(
        'import streamlit as st\nst.button("Next")\nst.header(f"{n} groups")\n'
        'st.toggle(_("Free"), help="Only free ones")\nst.title(_("Fine"))\n',
        encoding="utf-8",
    )
    found = untranslated(sample, tmp_path)
    assert [f.split(": ", 1)[1] for f in found] == ["'Next'", "' groups'", "'Only free ones'"]


def test_the_kinds_of_group_never_show_a_bare_number() -> None:
    """'Grupos dirigidos por pares 82, …' read as a count of nothing: each kind says how many listings it has
    ("12 opciones") and its fit is worded ("afinidad 82/100")."""
    import re

    at = answer_in_spanish(spanish_app())
    at.session_state["kinds_open"] = True  # opened: its words are drawn only then
    at.run()
    label = next(e.label for e in at.expander if e.label.startswith("Qué tipo de grupo"))
    assert re.search(r"\(\d[\d,.]* opci(?:ón|ones)\)", label), label
    assert not re.search(r"\d(?![\d,.]* opci(?:ón|ones))(?![\d,.])", label), label
    headings = [m.value for m in at.markdown if m.value.startswith("**Grupos")]
    assert headings and all(re.search(r"· \d[\d,.]* opci(?:ón|ones) · afinidad \d+/100", h) for h in headings), headings


def test_the_review_says_the_language_under_idioma_not_needs() -> None:
    """'Necesidades: español' read as if Spanish were a need: the review has its own 'Idioma' row."""
    at = spanish_app()
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("No").run()
    for _ in range(6):  # to the practical step
        next(b for b in at.button if b.label == "Siguiente").click().run()
    next(p for p in at.pills if p.label.startswith("Idiomas")).set_value(["es"]).run()
    next(b for b in at.button if b.label == "Siguiente").click().run()  # the review
    review = next(m.value for m in at.markdown if "**Necesidades:**" in m.value)
    assert "- **Idioma:** español" in review
    assert "**Necesidades:** ninguna" in review


def test_the_privacy_page_says_each_fact_once_in_both_languages() -> None:
    """The map's tiles were two bullets (one naming Carto, one 'the tile server'): one bullet now, and the
    English and Spanish pages have the same bullets."""
    bullets: dict[str, list[str]] = {}
    for lang in ("en", "es"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.session_state[session.LANGUAGE] = lang
        at.switch_page("pages/privacy.py").run()
        assert not at.exception
        bullets[lang] = [line for m in at.markdown for line in str(m.value).splitlines() if line.startswith("- ")]
        assert sum("Carto" in b for b in bullets[lang]) == 1, bullets[lang]
        assert not any("tile server" in b or "servidor de mosaicos" in b for b in bullets[lang]), bullets[lang]
    assert len(bullets["en"]) == len(bullets["es"]), bullets
