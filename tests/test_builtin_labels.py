"""Streamlit's and the map's own English words (aria-labels, titles, a few texts) are said in the person's
language: every one has a catalog translation, every one is a word the installed frontend really writes (an
upgrade that renames one fails here, not silently in a screen reader), and the page script that applies them
cannot be broken out of."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit

from matcher import words_for
from ui.i18n import BUILT_IN_LABELS, relabel_script

STATIC = Path(streamlit.__file__).parent / "static"
#: Labels the frontend writes from two pieces (`Press Enter to ${e}` with e = `apply`), as the bundle spells them.
BUILT_FROM_TWO = {"Press Enter to apply": ("Press Enter to ${", "apply`")}


@pytest.fixture(scope="module")
def bundle() -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in STATIC.rglob("*.js"))


@pytest.mark.parametrize("english", sorted(BUILT_IN_LABELS))
def test_every_built_in_label_has_a_spanish_translation(english: str) -> None:
    """'Remove {name}' → 'Quitar {name}': translated, not empty, and the filled-in part kept."""
    ours = BUILT_IN_LABELS[english]
    spanish = words_for("es").catalog.gettext(ours)
    assert spanish and spanish != ours, f"{ours!r} has no Spanish translation"
    assert re.findall(r"{\w+}", english) == re.findall(r"{\w+}", ours) == re.findall(r"{\w+}", spanish)


@pytest.mark.parametrize("english", sorted(BUILT_IN_LABELS))
def test_every_built_in_label_is_one_the_frontend_writes(english: str, bundle: str) -> None:
    """Each key is Streamlit's (or the map library's) own string, as its frontend bundle spells it."""
    head, _name, _tail = english.partition("{name}")
    if english in BUILT_FROM_TWO:
        assert all(f"`{piece}" in bundle for piece in BUILT_FROM_TWO[english]), english
    elif not _name:
        assert f"`{english}`" in bundle or f'"{english}"' in bundle, english
    elif head.endswith(": "):  # the toolbar's "Fullscreen: {name}" is written as `${label}: ${context}`
        assert f"`{head[:-2]}`" in bundle and "`${e}: ${n}`" in bundle, english
    else:  # "Remove ${e}", "Help for ${t.replaceAll(…)}"
        assert f"`{head}${{" in bundle, english


def test_the_spanish_page_script_carries_the_spanish_labels() -> None:
    """The script sets lang="es" and holds the Spanish words, as JSON with every '<' escaped."""
    script = relabel_script(words_for("es"))
    assert 'document.documentElement.lang = "es"' in script
    labels = json.loads(script.split("window.__sgfLabels = ", 1)[1].split(";\n", 1)[0])
    assert labels["Remove {name}"] == "Quitar {name}"
    assert labels["Zoom In"] == "Acercar" and labels["Open"] == "Abrir la lista"
    assert "<" not in script.split("window.__sgfLabels", 1)[1].split("const", 1)[0]


def test_a_label_cannot_close_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a translation holding '</script>' stays inside the script's JSON."""
    monkeypatch.setitem(BUILT_IN_LABELS, "Open", "</script><img src=x onerror=alert(1)>")
    script = relabel_script(words_for("en"))
    assert "</script>" not in script and "<img" not in script
    assert "\\u003c/script>" in script
