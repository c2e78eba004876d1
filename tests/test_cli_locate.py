"""``python -m matcher locate TEXT``: one JSON object (exit 0), a plain message with candidates (exit 1),
outside the US (exit 2); never a traceback, whatever the text."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import places
from matcher.cli import main


@pytest.fixture(scope="module", autouse=True)
def built_index() -> None:
    places.index()


@pytest.mark.parametrize(
    ("text", "label", "postal_code", "state"),
    [
        ("Miami, Florida", "Miami, FL", None, "FL"),
        ("94110-1234", "San Francisco, CA 94110", "94110", "CA"),
        ("１２３４５", "Schenectady, NY 12345", "12345", "NY"),
        ("Española NM", "Española, NM", None, "NM"),
    ],
)
def test_locate_prints_one_json_object(
    capsys: pytest.CaptureFixture[str], text: str, label: str, postal_code: str | None, state: str
) -> None:
    """A place that resolves prints exactly label, latitude, longitude, postal_code and state; exit 0."""
    assert main(["locate", text]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert list(data) == ["label", "latitude", "longitude", "postal_code", "state"]
    assert data["label"] == label and data["state"] == state
    assert isinstance(data["latitude"], float) and isinstance(data["longitude"], float)
    if postal_code:
        assert data["postal_code"] == postal_code
    assert len(data["postal_code"]) == 5
    assert out.count("\n") == 1


def test_a_city_alone_says_which_it_chose_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """stdout stays one JSON object; the note about the choice goes to stderr."""
    assert main(["locate", "Chicago"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["label"] == "Chicago, IL"
    assert "Chicago, IL — not the one you meant? Add the state." in captured.err


def test_an_ambiguous_place_exits_1_with_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    """A name several states share: the message and the candidates on stderr, nothing on stdout."""
    assert main(["locate", "Springfield"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "several places called Springfield" in captured.err
    assert "Did you mean: Springfield, MO; Springfield, MA; Springfield, IL" in captured.err


def test_an_unknown_place_exits_1_with_a_plain_message(capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown: exit 1, a message saying what to type."""
    assert main(["locate", "Qwertyville"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "We could not find Qwertyville" in captured.err


@pytest.mark.parametrize("text", ["Paris, France", "Toronto, Ontario"])
def test_a_place_outside_the_us_exits_2(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Outside coverage: exit 2 and the plain "only US places" message."""
    assert main(["locate", text]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "only US places are covered for in-person groups" in captured.err


def test_control_characters_are_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    """An ANSI escape in the text does not reach the operator's terminal."""
    assert main(["locate", "\x1b]0;owned\x07\x1b[31mNowhere"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.fuzz
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200).filter(lambda t: not t.startswith("-")))
def test_any_text_exits_0_1_or_2_without_a_traceback(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Whatever the text: exit 0 (valid JSON on stdout), 1 or 2; no traceback; no control characters."""
    code = main(["locate", text])
    captured = capsys.readouterr()
    assert code in (0, 1, 2)
    assert "Traceback" not in captured.err
    if code == 0:
        json.loads(captured.out)
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n" for ch in captured.err)
