"""``python -m matcher``: validate and rank from the command line, never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, WriteDirectory, row


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "matcher", *args], cwd=cwd, capture_output=True, text=True)


def test_validate_the_bundled_directory_exits_0() -> None:
    """The shipped directory is clean."""
    done = run("validate", "data/groups.csv")
    assert done.returncode == 0, done.stdout
    assert "0 problem(s)" in done.stdout


def test_validate_prints_path_line_column_message(write_directory: WriteDirectory) -> None:
    """Problems print as PATH:LINE: column: message with a summary, and exit 1."""
    path = write_directory([row(id="a"), row(id="b", focus="anxeity")])
    done = run("validate", str(path))
    assert done.returncode == 1
    assert f"{path}:3: focus: unknown focus code 'anxeity'" in done.stdout
    assert "2 row(s) read, 1 valid" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("content", [None, b"", b"x,y\n1,2\n"])
def test_validate_an_unusable_file_exits_2_without_traceback(tmp_path: Path, content: bytes | None) -> None:
    """Missing, empty or header-less files: one line on stderr, exit 2."""
    path = tmp_path / "groups.csv"
    if content is not None:
        path.write_bytes(content)
    done = run("validate", str(path))
    assert done.returncode == 2
    assert str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_rank_writes_the_shortlist_csv_best_first(tmp_path: Path) -> None:
    """rank --answers writes the app's shortlist CSV, best first, --top limiting it."""
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"focus": ["anxiety"], "location": "Chicago, IL", "times": ["evening"]}))
    done = run("rank", "--answers", str(answers), "--top", "5", "--now", "2026-11-26T12:00:00+00:00")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert len(rows) == 5
    scores = [int(r["Score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    out = tmp_path / "out.csv"
    assert run("rank", "--answers", str(answers), "--top", "5", "--now", "2026-11-26T12:00:00+00:00",
               "--out", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8-sig") == done.stdout.lstrip("\ufeff")


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"location": "Atlantis, ZZ"}, "location: We could not find"),
        ({"location": "Springfield"}, "did you mean"),
        ({"focus": ["sadness"]}, "focus: unknown focus"),
    ],
)
def test_rank_with_bad_answers_says_why(tmp_path: Path, answers: dict[str, object], words: str) -> None:
    """An unknown place or a bad answer: non-zero exit and a clear message on stderr."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    done = run("rank", "--answers", str(path))
    assert done.returncode != 0
    assert words in done.stderr
    assert "Traceback" not in done.stderr
