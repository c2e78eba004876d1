"""``python -m matcher``: validate and rank from the command line, never a traceback, never a raw
control character on the operator's terminal. Run in-process (``main([...])`` with capsys), plus one
subprocess smoke test of ``python -m matcher``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from matcher import AnswersError, DirectoryError, LocationError, MatcherError, SettingsError
from matcher.cli import main
from matcher.reasons import Reason
from tests.conftest import ROOT, WriteDirectory, row, write_rows

NOW = "2026-11-26T12:00:00+00:00"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main(args) in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def no_control_characters(text: str) -> bool:
    return not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in text.replace("\n", ""))


def test_python_dash_m_matcher_runs_validate_in_a_fresh_process() -> None:
    """Smoke test of the real entry point: the shipped directory validates clean, exit 0."""
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", "data/groups.csv"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problem(s)" in done.stdout


def test_validate_prints_path_line_column_message(
    capsys: pytest.CaptureFixture[str], write_directory: WriteDirectory
) -> None:
    """Problems print as PATH:LINE: column: message with a summary, and exit 1."""
    path = write_directory([row(id="a"), row(id="b", focus="anxeity")])
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:3: focus: unknown focus code 'anxeity'" in out
    assert "2 row(s) read, 1 valid" in out


@pytest.mark.parametrize("content", [None, b"", b"x,y\n1,2\n", b"id,name,formats,NAME\na,b,online,c\n"])
def test_validate_an_unusable_file_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes | None
) -> None:
    """Missing, empty, header-less files or a header naming a column twice: one line on stderr, exit 2."""
    path = tmp_path / "groups.csv"
    if content is not None:
        path.write_bytes(content)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith(str(path)) and err.count("\n") == 1


def test_validate_names_duplicate_headers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`id` and `ID` in one header: exit 2 naming both and their columns (it was an AttributeError)."""
    path = tmp_path / "groups.csv"
    path.write_text("id,name,formats,ID\na,b,online,c\n")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "'id' (column 1) and 'ID' (column 4)" in err


@pytest.mark.parametrize("rows", [[], [row(id="a", focus="nope")]])
def test_validate_a_header_only_or_all_invalid_file_exits_1(
    capsys: pytest.CaptureFixture[str], write_directory: WriteDirectory, rows: list[dict[str, str]]
) -> None:
    """No valid row at all is the deployer's error: validate says the app would show no groups, exit 1."""
    path = write_directory(rows)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "the app would show no groups" in out


def test_validate_escapes_control_characters_from_the_file(
    capsys: pytest.CaptureFixture[str], write_directory: WriteDirectory
) -> None:
    """An ANSI/OSC escape or a bidi override in a cell is printed escaped, never raw, in its problem."""
    evil = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07\x1b[2J\u202e"
    path = write_directory([row(id="a"), row(id="b", cost=evil)])
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "\\x1b]8;;https://evil.example\\x07click" in out
    assert no_control_characters(out), repr(out)


@pytest.mark.parametrize("name", ["id", "\x1b[31mred"])
def test_validate_a_crlf_link_and_a_nul_row_are_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    """A CR/LF inside a link and a NUL byte in a row are problems on their lines; output stays clean."""
    path = write_rows(
        tmp_path / "g.csv",
        [row(id="a", url="https://x.org/\r\nSet-Cookie: a"), row(id="b", name="nul\x00" + name), row(id="c")],
    )
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:2: url:" in out and f"{path}:4: row: contains a NUL" in out
    assert "3 row(s) read, 1 valid" in out
    assert no_control_characters(out)


def answers_file(tmp_path: Path, answers: object) -> Path:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    return path


def test_rank_writes_the_shortlist_csv_best_first(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """rank --answers writes the app's shortlist CSV, best first, --top limiting it; --out the same bytes."""
    answers = answers_file(tmp_path, {"focus": ["anxiety"], "location": "Chicago, IL", "times": ["evening"]})
    code, out, _ = run(capsys, "rank", "--answers", str(answers), "--top", "5", "--now", NOW)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert len(rows) == 5
    scores = [int(r["Fit (out of 100)"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    target = tmp_path / "out.csv"
    assert run(capsys, "rank", "--answers", str(answers), "--top", "5", "--now", NOW, "--out", str(target))[0] == 0
    assert target.read_bytes().decode("utf-8-sig") == out.lstrip("\ufeff")


def test_rank_in_spanish_writes_the_spanish_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """rank --lang es: Spanish headers, reasons and values from the same catalog as the app; the same listings."""
    answers = answers_file(tmp_path, {"focus": ["anxiety"], "location": "Chicago, IL", "free_only": True})
    _, english, _ = run(capsys, "rank", "--answers", str(answers), "--top", "3", "--now", NOW)
    code, out, _ = run(capsys, "rank", "--answers", str(answers), "--top", "3", "--now", NOW, "--lang", "es")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert list(rows[0])[:4] == ["ID", "Nombre", "Organización", "Cómo participar"]
    assert all(r["Por qué aparece"].startswith("Sobre ansiedad") for r in rows), [r["Por qué aparece"] for r in rows]
    assert all("como usted pidió" in r["Por qué aparece"] for r in rows)
    assert {r["¿Es un grupo real?"] for r in rows} <= {"Sí", "No: es un ejemplo inventado, no un lugar real"}
    assert len(rows) == len(list(csv.DictReader(io.StringIO(english.lstrip("\ufeff"))))) == 3


@pytest.mark.parametrize(
    ("answers", "words", "code"),
    [
        ({"location": "Atlantis, ZZ"}, "a.json: location: ", 1),
        ({"location": "Springfield"}, "Did you mean", 1),
        ({"focus": ["sadness"]}, "a.json: focus: unknown focus", 2),
        ([1, 2], "a.json: (top level)", 2),
    ],
)
def test_rank_with_bad_answers_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: object, words: str, code: int
) -> None:
    """An unknown place (exit 1) or a bad answer (exit 2): a clear message on stderr naming the file."""
    got, _, err = run(capsys, "rank", "--answers", str(answers_file(tmp_path, answers)))
    assert got == code
    assert words in err


def test_rank_with_an_unreadable_answers_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing answers file: exit 2 naming it."""
    code, _, err = run(capsys, "rank", "--answers", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json: cannot read this file" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--now", "garbage"], "argument --now: 'garbage' is not an ISO time"),
        (["--now", "9999-12-31T23:59:59+00:00"], "is outside 1970–2100"),
        (["--now", "2026-11-26T12:00:00"], "needs a time zone offset"),
        (["--top", "-1"], "argument --top: '-1' is not a whole number of 1 or more"),
        (["--top", "0"], "1 or more"),
        (["--top", "many"], "1 or more"),
    ],
)
def test_rank_with_a_bad_option_exits_2_with_a_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    """--now garbage, --now at the end of time, --top -1: exit 2 and one message (they were tracebacks)."""
    answers = answers_file(tmp_path, {})
    code, _, err = run(capsys, "rank", "--answers", str(answers), *args)
    assert code == 2
    assert words in err


def test_usage_errors_escape_what_was_typed(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown argument is echoed back escaped: a typed or pasted escape sequence stays inert."""
    code, _, err = run(capsys, "validate", "a.csv", "\x1b]0;pwned\x07")
    assert code == 2
    assert "\\x1b]0;pwned\\x07" in err
    assert no_control_characters(err)


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    """--help prints the usage and returns 0 instead of raising SystemExit."""
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "validate" in out


def test_location_errors_print_candidates_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A place with control characters in it comes back escaped in the 'could not find' line."""
    answers = answers_file(tmp_path, {"location": "Nowhere\x1b[2J, ZZ"})
    code, _, err = run(capsys, "rank", "--answers", str(answers))
    assert code == 1
    assert no_control_characters(err), repr(err)


def test_every_error_kind_is_a_matcher_error_with_a_message() -> None:
    """Directory, answers, settings, location and import errors share one base with a plain .message."""
    import importlib
    import inspect
    import pkgutil

    import matcher

    kinds = [DirectoryError("x.csv", "why"), AnswersError("why"), SettingsError("SGF_X", "why")]
    assert all(isinstance(k, MatcherError) and k.message.endswith("why") for k in kinds)
    place = LocationError(
        Reason("place_zip_unknown", {"code": "00000"})
    )  # a place's reason is data, its message English
    assert isinstance(place, MatcherError) and place.message.startswith("We could not find the ZIP code 00000.")
    errors = []
    for info in pkgutil.walk_packages(matcher.__path__, "matcher."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        errors += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if issubclass(c, Exception) and c.__module__ == module.__name__
        ]
    assert len(errors) >= 5
    assert [c.__name__ for c in errors if not issubclass(c, MatcherError)] == []


def test_rank_answers_keys_with_line_breaks_stay_on_one_escaped_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An answers key with CR/ESC in it (found by fuzzing): one message line, escaped, exit 2."""
    path = answers_file(tmp_path, {"\r\x1b[2Jx": 1})
    code, _, err = run(capsys, "rank", "--answers", str(path))
    assert code == 2
    assert err.count("\n") == 1 and "\\x0d\\x1b[2Jx: Extra inputs are not permitted" in err
