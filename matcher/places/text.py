"""Typed and imported text made safe and comparable: NFKC, any script's digits, place-name keys, ZIP shape."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Longest text we try to read as a place (a long street address still fits).
MAX_CHARS: Final = 200


_DIGIT_FOLD: dict[int, int] = {}


def _fold_digits(text: str) -> str:
    """Any script's decimal digits (Arabic-Indic, Devanagari, …) as ASCII 0-9."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        if not ch.isascii() and unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.digit(ch, 0)))
        else:
            out.append(ch)
    return "".join(out)


def clean(text: object) -> str:
    """Typed text made safe to read: NFKC, digits folded, control/format characters gone, spaces collapsed.

    Never raises, whatever the input (lone surrogates, NUL bytes, non-strings).
    """
    if not isinstance(text, str):
        return ""
    text = text[: MAX_CHARS * 4]
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = unicodedata.normalize("NFKC", text)
    text = _fold_digits(text)
    kept = [" " if unicodedata.category(ch)[0] in ("C", "Z") else ch for ch in text]
    return " ".join("".join(kept).split())


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ABBREVIATIONS: Final = {
    "saint": "st",
    "sainte": "ste",
    "fort": "ft",
    "mount": "mt",
    "mountain": "mtn",
    "point": "pt",
    "port": "port",
    "heights": "hts",
    "springs": "spgs",
    "junction": "jct",
}
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`ʼ]")
_INITIALS = re.compile(r"\b([a-z])\.\s?(?=[a-z]\b)")


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words of a place name: accents off, apostrophes and dots joined, short forms one way."""
    flat = _APOSTROPHES.sub("", _strip_accents(text).casefold())
    if "." in flat:
        flat = _INITIALS.sub(r"\1", flat)  # "d.c." -> "dc.", "u. s. a." -> "usa."
    return [_ABBREVIATIONS.get(w, w) for w in _WORD.findall(flat)]


def name_key(words: list[str] | str) -> str:
    """The matching key of a place name: its words run together ("Winston-Salem" == "winston salem")."""
    ws = tokens(words) if isinstance(words, str) else words
    if len(ws) > 1 and ws[0] == "the":
        ws = ws[1:]
    return "".join(ws)


def tidy_name(name: str) -> str:
    """A gazetteer spelling made readable ("WINSTON-SALEM", "Winston-salem" -> "Winston-Salem")."""
    if name.isupper():
        name = name.title()
    return re.sub(r"-([a-z])", lambda m: "-" + m[1].upper(), name)


def shown(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "…"


_ZIP_TEXT = re.compile(r"^\s*(\d{5})(?:\s*-?\s*\d{4})?\s*$")


def normalize_zip(text: object) -> str | None:
    """A typed or imported postal code as five ASCII digits, or None if it is not shaped like a US ZIP.

    Full-width and other-script digits count ("９４１１０" -> "94110"); ZIP+4 keeps its first five.
    """
    m = _ZIP_TEXT.match(clean(text))
    return m[1] if m else None
