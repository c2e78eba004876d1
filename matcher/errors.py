"""One way to fail: every error ``matcher`` raises on purpose is a :class:`MatcherError` with a plain message.

The kinds beneath it (directory, answers, settings, location, import) live with their concept; the
command line turns them into exit codes in one place (``matcher.cli``). :func:`printable` makes any
text safe to print to a terminal or write to a log line: control characters (ANSI/OSC escapes, bidi
overrides, zero-width characters, line breaks, lone surrogates) are shown as ``\\x1b``-style escapes.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["MatcherError", "printable"]

#: Unicode categories never printed as they are: controls, format (bidi, zero-width), surrogates, line
#: and paragraph separators, private use and unassigned code points.
_UNPRINTABLE: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class MatcherError(Exception):
    """An error the person or operator can act on, with ``message`` saying what is wrong and where."""

    message: str

    def __init__(self, message: str, *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every control, format or separator character escaped (those in ``keep`` excepted).

    >>> printable("name\\x1b[31m red")
    'name\\\\x1b[31m red'
    """
    if text.isprintable() and text.isascii():
        return text
    return "".join(ch if ch in keep or unicodedata.category(ch) not in _UNPRINTABLE else _escape(ch) for ch in text)
