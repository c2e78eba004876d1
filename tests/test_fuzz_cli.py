"""Fuzzing the command line (Hypothesis, marker ``fuzz``, bounded examples): any argument list gives
exit 0, 1 or 2 — never a traceback — and every line printed is free of control characters."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.cli import main
from tests.conftest import ROOT

pytestmark = pytest.mark.fuzz
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
WORDS = [
    "validate",
    "rank",
    "import",
    "meeting-guide",
    "hsds",
    "--answers",
    "--groups",
    "--top",
    "--out",
    "--now",
    "--focus",
    "--timezone",
    "--help",
    "-h",
    "groups.csv",
    "a.json",
    "feed.json",
    "out.csv",
    "-1",
    "0",
    "3",
    "garbage",
    "2026-11-26T12:00:00+00:00",
    "9999-12-31T23:59:59+00:00",
    "\x1b]0;x\x07",
    "\u202e",
    "\udcff",
]
#: Free text, but never a path outside the scratch folder nor a URL (import may fetch URLs).
FREE = st.text(max_size=12).filter(lambda s: not s.startswith(("/", "~")) and ".." not in s and "://" not in s)


@contextmanager
def scratch() -> Iterator[Path]:
    """A scratch working folder with a small directory, answers and feed in it."""
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "groups.csv").write_bytes((ROOT / "data" / "groups.csv").read_bytes()[:4000].rsplit(b"\n", 1)[0])
        (folder / "a.json").write_text('{"focus": ["anxiety"]}')
        (folder / "feed.json").write_text('[{"name": "x", "slug": "x", "day": 1, "time": "19:00"}]')
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(here)


@FUZZ
@given(argv=st.lists(st.one_of(st.sampled_from(WORDS), FREE), max_size=7))
def test_any_arguments_exit_0_1_or_2_with_printable_output(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever is typed after `python -m matcher`: exit 0, 1 or 2; nothing printed holds a control char."""
    with scratch():
        code = main(argv)
    out, err = capsys.readouterr()
    assert code in {0, 1, 2}
    text = (err + (out if "rank" not in argv else "")).replace("\n", "")
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for ch in text), repr(text)
