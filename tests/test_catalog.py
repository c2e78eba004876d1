"""The catalogs: every message the code can show is in every language's catalog, translated, with the same
placeholders, on the glossary's words, and never behind the code."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from matcher.words import LOCALES, available_languages, catalog_path, translations
from tests.conftest import ROOT

LANGUAGES = [code for code in available_languages() if code != "en"]


def read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def extracted() -> set[str]:
    """The message ids in the code now, extracted exactly as babel.cfg says (the way `pybabel extract` does)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    return {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS)
    }


def ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_there_is_a_spanish_catalog() -> None:
    """Spanish is offered: its catalog exists where the app and the CLI look for it."""
    assert "es" in LANGUAGES and catalog_path("es").is_file()


def test_the_template_and_every_catalog_keep_up_with_the_code() -> None:
    """A message added to the code and not yet extracted (or a catalog not yet updated) fails here: run the
    commands in CONTRIBUTING's "Add or change a message"."""
    now = extracted()
    template = ids(read(LOCALES / "messages.pot"))
    assert not now - template, f"not in locales/messages.pot (run pybabel extract): {sorted(now - template)[:10]}"
    assert not template - now, f"in messages.pot but gone from the code: {sorted(template - now)[:10]}"
    for lang in LANGUAGES:
        behind = now - ids(read(catalog_path(lang)))
        assert not behind, f"{lang}: not in the catalog (run pybabel update): {sorted(behind)[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    """No message is empty or fuzzy, and each translation fills exactly the placeholders its English has."""
    catalog = read(catalog_path(lang))
    problems: list[str] = []
    for m in catalog:
        if not m.id:
            continue
        singular, plural = (m.id, m.id) if isinstance(m.id, str) else (m.id[0], m.id[1])
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if (
            m.fuzzy
            or not all(s and s.strip() for s in strings)
            or (m.pluralizable and len(strings) != catalog.num_plurals)
        ):
            problems.append(f"untranslated or fuzzy: {singular!r}")
            continue
        want = fields(singular) | fields(plural)
        problems.extend(f"placeholders differ: {singular!r} -> {s!r}" for s in strings if fields(s) != want)
    assert not problems, "\n".join(problems[:20])


def marked_in_code() -> dict[str, str]:
    """Every literal the code passes to ``_()``, ``N_()`` or ``ngettext()``, read from its syntax tree (where it is)."""
    import ast

    found: dict[str, str] = {}
    for path in sorted(
        {ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("matcher/**/*.py")}
    ):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            first = node.args[0]
            if name in ("_", "N_", "ngettext") and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_marked_string_reaches_the_catalog() -> None:
    """A ``_("…")`` that Babel cannot see (inside an f-string's braces, say) is never translated: the person
    reads English in the Spanish interface (the map legend's "a bigger dot…" and the hidden "Your matches,
    best first" heading did). Each literal marked in the code must be in the template."""
    template = ids(read(LOCALES / "messages.pot"))
    missing = {text: where for text, where in marked_in_code().items() if text not in template}
    assert not missing, f"marked but never extracted (take the _() out of the f-string): {missing}"


def _glossary_avoid() -> list[tuple[str, str]]:
    """(word to avoid, the glossary's word) from locales/GLOSSARY-es.md."""
    rows = []
    for line in (LOCALES / "GLOSSARY-es.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---"):
            rows += [(word.strip(), cells[1]) for word in cells[2].split(";") if word.strip()]
    return rows


def test_the_spanish_catalog_uses_the_glossarys_words() -> None:
    """One term per idea: no Spanish message uses a word the glossary says to avoid (e.g. "online", "presencial")."""
    avoid = _glossary_avoid()
    assert avoid
    found = []
    for m in read(catalog_path("es")):
        for text in [m.string] if isinstance(m.string, str) else m.string:
            for word, instead in avoid:
                if re.search(rf"(?<![\w.]){re.escape(word)}(?![\w.])", text, re.IGNORECASE):
                    found.append(f"{word!r} in {text!r} (glossary: {instead})")
    assert not found, "\n".join(found)


def test_the_compiled_catalog_is_the_po_file() -> None:
    """What the app reads (compiled at start, fuzzy left out) says what the .po says, plural forms included."""
    catalog = read(catalog_path("es"))
    compiled = translations("es")
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, str):
            said = compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)
            assert said == m.string
        else:
            assert compiled.ngettext(m.id[0], m.id[1], 1) == m.string[0]
            assert compiled.ngettext(m.id[0], m.id[1], 2) == m.string[-1]


def test_a_fuzzy_message_is_never_shown(tmp_path: Path) -> None:
    """A fuzzy (unchecked) translation is left out of the compiled catalog: English shows instead."""
    from matcher import words

    catalog = Catalog(locale="es")
    catalog.add("Open to everyone", "Abierto a todos", flags=("fuzzy",))
    catalog.add("Website", "Sitio web")
    path = tmp_path / "messages.po"
    from babel.messages.pofile import write_po

    with path.open("wb") as fh:
        write_po(fh, catalog)
    compiled = words._compile(path)
    assert compiled.gettext("Open to everyone") == "Open to everyone"
    assert compiled.gettext("Website") == "Sitio web"
    assert isinstance(next(iter(catalog)), Message)


#: Verbs whose object is the reader in this app's Spanish ("le ayuda", "para ayudarle").
_PERSON_VERBS = (
    r"(?:ayud|atiend|atend|acompañ|orient|conect|escuch|llam|llev|esper|invit|segu|sig|cuid|proteg|apoy|contact"
    r"|comunic|deriv|redirig|recib)"
)


def test_usted_is_le_never_lo_or_la_in_the_catalog_and_the_guide() -> None:
    """The glossary's rule for "usted" as an object: "le" ("le ayuda", "ayudarle"), never "lo"/"la", which guess
    the reader's gender ("quien lo atiende" was in the guide; the catalog said "le ayuda" elsewhere)."""
    before = re.compile(rf"\b(?:lo|la) {_PERSON_VERBS}[a-záéíóú]*\b", re.IGNORECASE)
    after = re.compile(rf"\b{_PERSON_VERBS}[a-záéíóú]*(?:ar|er|ir|ando|iendo)(?:lo|la)\b", re.IGNORECASE)
    texts = [s for m in read(catalog_path("es")) for s in ([m.string] if isinstance(m.string, str) else m.string)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").glob("**/es/**/*.md"))]
    found = sorted({hit for text in texts for rx in (before, after) for hit in rx.findall(text)})
    assert not found, f"'lo'/'la' for the reader (the glossary says 'le'): {found}"
