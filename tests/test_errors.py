"""One way to fail: every error matcher raises for bad input is a MatcherError, and messages print safely."""

from __future__ import annotations

import pytest

import matcher
import matcher.importers
from matcher.errors import MatcherError, printable


def _kinds(cls: type[MatcherError]) -> set[str]:
    return {c.__name__ for c in cls.__subclasses__()} | {n for c in cls.__subclasses__() for n in _kinds(c)}


def test_every_kind_of_bad_input_is_a_matcher_error() -> None:
    """Directory, answers, settings, place, import and record errors all derive from MatcherError, and every
    error the public API exports is one of them (so `except MatcherError` catches all bad input)."""
    assert matcher.MatcherError is MatcherError
    exported = {
        getattr(module, name)
        for module in (matcher, matcher.importers)
        for name in module.__all__
        if name.endswith("Error")
    }
    assert {e.__name__ for e in exported} >= {
        "DirectoryError",
        "AnswersError",
        "SettingsError",
        "LocationError",
        "ImporterError",
    }
    assert all(issubclass(e, MatcherError) for e in exported), exported
    assert {
        "DirectoryError",
        "AnswersError",
        "SettingsError",
        "LocationError",
        "ImporterError",
        "RecordError",
    } <= _kinds(MatcherError)


def test_the_message_is_what_prints() -> None:
    """str() of an error is its plain message, with nothing added."""
    err = MatcherError("groups.csv: line 3: unknown focus 'x'")
    assert str(err) == err.message == "groups.csv: line 3: unknown focus 'x'"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("name\x1b[31m red", "name\\x1b[31m red"),  # a terminal color escape
        ("a\u202eb", "a\\u202eb"),  # a right-to-left override that would reverse what follows
        ("a\nb", "a\\x0ab"),  # a line break that would forge a second log line
        ("Café – 94110", "Café – 94110"),  # ordinary accented and typographic text is left alone
    ],
)
def test_outside_text_prints_with_its_control_characters_escaped(raw: str, shown: str) -> None:
    """Text from a file or a person cannot recolor a terminal, reverse a line or add a fake log line."""
    assert printable(raw) == shown


def test_characters_asked_for_are_kept() -> None:
    """``keep`` lets a multi-line message keep its line breaks."""
    assert printable("a\nb", keep="\n") == "a\nb"
