"""Phone numbers as a directory gives them: what a Call button may dial, and what only reads as text.

A Call button must dial exactly the number it shows. So a phone cell is split into the number at its
start (digits, spaces, ``( ) - .`` and a leading ``+``) and what follows it: an extension or an
instruction ("ext. 2", "then press 1") is shown as text after the button; letters inside the number
("1-800-FLOWERS") mean there is nothing safe to dial, so the whole cell is shown as text and no button
is made. Digits of other scripts (Arabic-Indic ``٩٨٨``) dial as the same ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

__all__ = ["PHONE_MAX_CHARS", "Dial", "dial", "extension", "is_extension", "phone_problem"]

#: A phone cell longer than this is not a phone number.
PHONE_MAX_CHARS: Final = 80
#: E.164 numbers have at most 15 digits; short codes (211, 988) have 3.
_MIN_DIGITS, _MAX_DIGITS = 3, 15
_NUMBER_RE: Final = re.compile(r"\+?[\d\s().\-]*\d", re.UNICODE)
#: Words that start an extension or an instruction after a complete number.
_TAIL_WORDS: Final = frozenset(
    {
        "ext",
        "extension",
        "x",
        "then",
        "press",
        "option",
        "opt",
        "and",
        "or",
        "dial",
        "menu",
        "for",
        "en",
        "y",
        "o",
        "marque",
        "luego",
    }
)


@dataclass(frozen=True)
class Dial:
    """What a Call button shows and dials, and the text shown after it ("" when none)."""

    shown: str  #: the number exactly as the directory writes it ("988", "(800) 273-8255")
    href: str  #: tel: link of exactly those digits
    rest: str  #: an extension or instruction shown as text ("then press 1", "ext. 2")


def _split(phone: str) -> tuple[str, str, str] | None:
    """(number as written, its ASCII digits, the rest), or None when no number starts the cell."""
    text = phone.strip()
    if not text or len(text) > PHONE_MAX_CHARS or not text.isprintable():
        return None
    m = _NUMBER_RE.match(text)
    if not m:
        return None
    number = m.group(0).strip()
    digits = "".join(str(unicodedata.decimal(c)) for c in number if c.isdecimal())
    return number, digits, text[m.end() :]


def dial(phone: str) -> Dial | None:
    """The number a Call button may dial, or None (no number, letters inside it, too few or many digits)."""
    split = _split(phone)
    if split is None:
        return None
    number, digits, rest = split
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        return None
    if rest:
        first = re.match(r"[,;]|[^\W\d_]+", rest.lstrip())
        word = first.group(0).lower() if first else ""
        spaced = rest[:1].isspace() or word in {",", ";"}
        # "988 then press 1", "555-1234 ext. 2", "555-1234x2", "555-1234, press 3" -- but never
        # "1-800-FLOWERS" or "800 FLOWERS": letters that belong to the number mean nothing is dialed
        if not (word in {",", ";", "x", "ext", "extension"} or (spaced and word in _TAIL_WORDS)):
            return None
    plus = "+" if number.startswith("+") else ""
    return Dial(shown=number, href=f"tel:{plus}{digits}", rest=rest.strip())


_EXTENSION_RE: Final = re.compile(r"(?:x|ext\.?|extension)\s*\d{1,6}", re.ASCII | re.IGNORECASE)


def is_extension(rest: str) -> bool:
    """An extension after the number ("x7931", "ext. 12"): a usual phone cell, shown as text after the
    Call button; the person dials it when the line answers."""
    return bool(_EXTENSION_RE.fullmatch(rest.strip()))


def extension(rest: str) -> str | None:
    """The extension's digits when ``rest`` is only an extension ("x5250", "ext. 5250" → "5250"), else None."""
    text = rest.strip()
    return re.sub(r"\D", "", text) if is_extension(text) else None


def phone_problem(phone: str) -> str | None:
    """What ``validate`` says about a phone cell a Call button cannot dial as written, or None when fine."""
    text = phone.strip()
    if not text:
        return None
    if len(text) > PHONE_MAX_CHARS:
        return f"longer than {PHONE_MAX_CHARS} characters, so not a phone number"
    if not text.isprintable():
        return "has a line break or control character in it"
    d = dial(text)
    shown = text if len(text) <= 40 else text[:40] + "…"
    if d is None:
        if any(c.isalpha() for c in text):
            return (
                f"'{shown}' has letters in the number, so it is shown as text with no Call button; "
                "write the digits (1-800-356-9377, not 1-800-FLOWERS)"
            )
        return f"'{shown}' is not a phone number a Call button can dial (3 to 15 digits)"
    if not d.shown.isascii():
        return f"'{shown}' uses digits other than 0–9; the Call button dials them as {d.href[4:]}"
    if d.rest and not is_extension(d.rest):
        return (
            f"'{shown}' has words after the number: the Call button dials only {d.shown} and "
            f"'{d.rest[:40]}' is shown as text (put instructions in worth_knowing)"
        )
    return None
