"""The guide in Spanish (content/guide/es/): one section for each English one with the same shape, in
"usted", with the glossary's words (locales/GLOSSARY-es.md), and with only the crisis options that
matcher/crisis.py sources. The English checks (American spelling) stay on the English files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matcher.crisis import RESOURCES
from tests.conftest import ROOT

GUIDE = ROOT / "content" / "guide"
SPANISH = GUIDE / "es"
GLOSSARY = ROOT / "locales" / "GLOSSARY-es.md"
ENGLISH_FILES = sorted(GUIDE.glob("*.md"))
SPANISH_FILES = sorted(SPANISH.glob("*.md"))

HEADING = re.compile(r"^#+ ", re.MULTILINE)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.) ", re.MULTILINE)
#: "Tú" forms a reader would notice in a guide written in "usted" (only forms that are never "usted":
#: "busca" or "llama" are also "usted busca", so they are not here).
TU = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|puedes|tienes|quieres|eres|estás|necesitas|sientes|vas|"
    r"pregúntale|hazte|cuídate|siéntete|apágala)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d{3,}")


def test_there_is_an_english_guide_to_mirror() -> None:
    assert len(ENGLISH_FILES) >= 9, ENGLISH_FILES


@pytest.mark.parametrize("english", ENGLISH_FILES, ids=lambda p: p.name)
def test_every_english_section_has_a_spanish_one_with_the_same_shape(english: Path) -> None:
    """Same file name, a "# " title on the first line (the page reads it), as many headings and list
    items as the English (a missing item is a missing fact), and written anew, not left in English."""
    spanish = SPANISH / english.name
    assert spanish.is_file(), f"no Spanish section for {english.name} in {SPANISH.relative_to(ROOT)}"
    en, es = english.read_text(encoding="utf-8"), spanish.read_text(encoding="utf-8")
    assert es.startswith("# "), f"{spanish.name}: the first line must be its '# ' title"
    assert len(HEADING.findall(es)) == len(HEADING.findall(en)), f"{spanish.name}: headings differ"
    assert len(LIST_ITEM.findall(es)) == len(LIST_ITEM.findall(en)), f"{spanish.name}: list items differ"
    assert es.partition("\n")[0] != en.partition("\n")[0], f"{spanish.name}: the title is still English"


def test_no_spanish_section_without_an_english_one() -> None:
    extra = {p.name for p in SPANISH_FILES} - {p.name for p in ENGLISH_FILES}
    assert not extra, f"Spanish sections the English guide does not have: {sorted(extra)}"


def test_the_american_spelling_check_reads_only_the_english_guide() -> None:
    from tests.test_app_safety import OWN_FILES

    assert not [p for p in OWN_FILES if SPANISH in Path(p).parents]


@pytest.mark.parametrize("spanish", SPANISH_FILES, ids=lambda p: p.name)
def test_the_spanish_guide_says_usted(spanish: Path) -> None:
    found = TU.findall(spanish.read_text(encoding="utf-8"))
    assert not found, f"{spanish.name}: 'tú' forms {found}"


def glossary() -> list[tuple[str, str, list[str]]]:
    """(English, Español, words to avoid) for each row of the glossary's first table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").split("\n## ")[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and line.startswith("|") and cells[0] not in {"English", ""} and set(cells[0]) != {"-"}:
            rows.append((cells[0], cells[1], [w.strip() for w in cells[2].split(";") if w.strip()]))
    return rows


def test_the_glossary_names_the_key_terms() -> None:
    terms = {english: spanish for english, spanish, _ in glossary()}
    for english, spanish in (
        ("support group", "grupo de apoyo"),
        ("peer-led", "dirigido por pares"),
        ("led by a professional", "dirigido por un profesional"),
        ("online", "en línea"),
        ("in person", "en persona"),
        ("by phone", "por teléfono"),
    ):
        assert terms.get(english) == spanish, english
    for english in (
        "shortlist",
        "matches",
        "quick exit",
        "start over",
        "crisis line",
        "closed meeting",
        "open meeting",
        "sliding-scale fee",
        "free",
        "Medicaid",
    ):
        assert terms.get(english), english


@pytest.mark.parametrize("spanish", SPANISH_FILES, ids=lambda p: p.name)
def test_the_spanish_guide_uses_one_term_per_idea(spanish: Path) -> None:
    """No word the glossary says to avoid (presencial, online, gratuito, grupo de ayuda…)."""
    text = spanish.read_text(encoding="utf-8")
    found = [
        (english, word)
        for english, _, avoid in glossary()
        for word in avoid
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE)
    ]
    assert not found, f"{spanish.name}: use the glossary's term instead of {found}"


def test_the_three_kinds_and_the_ways_of_joining_use_the_glossary_words() -> None:
    titles = {p.name: p.read_text(encoding="utf-8").partition("\n")[0] for p in SPANISH_FILES}
    assert titles["03-peer.md"] == "# Grupos dirigidos por pares"
    assert titles["03-professional.md"] == "# Grupos dirigidos por un profesional"
    assert titles["03-online.md"] == "# Grupos en línea"
    choose = (SPANISH / "06-choose.md").read_text(encoding="utf-8")
    assert "En persona, en línea o por teléfono" in choose


def test_spanish_crisis_help_is_only_what_crisis_py_sources() -> None:
    """The Spanish guide gives 988 in Spanish the way the crisis table words it (988 then 2, AYUDA by
    text), keeps every crisis number of the English section, and has no number that neither the English
    guide nor the crisis table has."""
    es = (SPANISH / "09-not-instead.md").read_text(encoding="utf-8")
    flat = " ".join(es.split())
    spanish_988 = RESOURCES["lifeline_spanish"]
    call = next(c for c in spanish_988.contacts if c.way == "call").label.split(" (")[0]
    word = next(c for c in spanish_988.contacts if c.way == "text").href.partition("body=")[2]
    assert call.lower() in flat.lower(), call
    assert f"envíe {word} por mensaje de texto al 988" in flat
    assert "marque o envíe un mensaje de texto al 988" in flat.lower()
    english = (GUIDE / "09-not-instead.md").read_text(encoding="utf-8")
    assert set(NUMBER.findall(english)) <= set(NUMBER.findall(es))
    sourced = set(NUMBER.findall(" ".join(p.read_text(encoding="utf-8") for p in ENGLISH_FILES)))
    sourced |= {n for r in RESOURCES.values() for c in r.contacts for n in NUMBER.findall(c.href + c.label)}
    for path in SPANISH_FILES:
        unsourced = set(NUMBER.findall(path.read_text(encoding="utf-8"))) - sourced
        assert not unsourced, f"{path.name}: numbers with no source {sorted(unsourced)}"
