"""Fuzzing the answers reader (Hypothesis, marker ``fuzz``, bounded examples): any JSON, or any bytes,
gives Answers or AnswersError (a message per problem), nothing else; `rank` on it exits 0, 1 or 2 with
printable output."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import Answers, AnswersError, parse_answers
from matcher.cli import main

pytestmark = pytest.mark.fuzz
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
KEYS = list(Answers.model_fields)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["anxiety", "evening", "tue", "en", "in_person", "America/Chicago", "peer", "\x1b[31m", "nan"]),
)
JSON: Any = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
ANSWERS_LIKE = st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6)


def parse(data: str | bytes) -> Answers | AnswersError:
    try:
        return parse_answers(data)
    except AnswersError as exc:
        return exc


@FUZZ
@given(value=st.one_of(JSON, ANSWERS_LIKE))
def test_any_json_gives_answers_or_answers_error(value: object) -> None:
    """Arbitrary JSON (and answer-shaped objects with arbitrary values): Answers, or AnswersError with
    one non-empty line per problem."""
    got = parse(json.dumps(value))
    if isinstance(got, AnswersError):
        assert got.message and all(line.strip() for line in got.message.splitlines())


@FUZZ
@given(data=st.binary(max_size=200))
def test_any_bytes_give_answers_or_answers_error(data: bytes) -> None:
    """Bytes that may not even be text: Answers or AnswersError, never another exception."""
    parse(data)


@FUZZ
@given(value=ANSWERS_LIKE.map(lambda d: {k: v for k, v in d.items() if k != "location"}))
def test_rank_on_any_answers_exits_cleanly(value: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    """`rank --answers` on answer-shaped JSON: exit 0 (ranked) or 2 (bad answers), printable messages.
    (Places are fuzzed with the place resolver.)"""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.json"
        path.write_text(json.dumps(value))
        code = main(
            [
                "rank",
                "--answers",
                str(path),
                "--top",
                "3",
                "--now",
                "2026-11-26T12:00:00+00:00",
                "--out",
                str(Path(tmp) / "out.csv"),
            ]
        )
    _, err = capsys.readouterr()
    assert code in {0, 2}
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in err.replace("\n", "")), repr(err)
