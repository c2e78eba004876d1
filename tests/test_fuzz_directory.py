"""Fuzzing the directory reader (Hypothesis, marker ``fuzz``, bounded examples): whatever bytes a
deployer's file holds, loading raises only DirectoryError, keeps every good row, and ``validate``
exits 0, 1 or 2 with nothing but printable text."""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.cli import main
from matcher.directory import COLUMNS, DirectoryError, LoadResult, load_directory
from tests.conftest import row

pytestmark = pytest.mark.fuzz
TODAY = date(2026, 11, 26)
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
HEADER = ",".join(COLUMNS)


@contextmanager
def csv_file(content: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "groups.csv"
        path.write_bytes(content)
        yield path


def good_line(i: int) -> str:
    return ",".join(row(id=f"good-{i:04d}", name=f"Group {i}")[c] for c in COLUMNS)


def load(content: bytes) -> LoadResult | DirectoryError:
    with csv_file(content) as path:
        try:
            return load_directory(path, today=TODAY)
        except DirectoryError as exc:
            return exc


def printable_only(text: str) -> bool:
    return not any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for ch in text.replace("\n", ""))


#: Characters that break CSV files in real life: separators, quotes, CR, LF, NUL, spaces, escapes, bidi.
NASTY = st.sampled_from(
    [
        ",",
        '"',
        "\r",
        "\n",
        "\r\n",
        "\x00",
        " ",
        "\t",
        "\x1b[31m",
        "\x1b]8;;x\x07",
        "\u202e",
        "\u200b",
        "\ufeff",
        "é",
        "\u2028",
        "\x85",
        ";",
        "a",
        "1",
    ]
)
JUNK_LINE = (
    st.lists(st.one_of(NASTY, st.text(max_size=3)), max_size=8)
    .map("".join)
    .filter(lambda s: "good-" not in s and s.count(",") < len(COLUMNS) - 1)
)


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=400).map(lambda b: HEADER.encode() + b"\n" + b),
        st.lists(NASTY, max_size=40).map(lambda parts: (HEADER + "\n" + "".join(parts)).encode()),
    )
)
def test_any_bytes_load_or_raise_directory_error_only(content: bytes) -> None:
    """Any bytes: a LoadResult (problems on real lines, rows counted) or a DirectoryError — nothing else."""
    result = load(content)
    if isinstance(result, DirectoryError):
        assert result.message
        return
    assert result.rows_read >= len(result.directory)
    assert all(p.line >= 1 and p.message for p in result.problems)
    if len(result.directory) == 0:
        assert result.problems and "the app would show no groups" in result.problems[0].message


@FUZZ
@given(
    junk=st.lists(JUNK_LINE, min_size=1, max_size=6),
    where=st.lists(st.integers(0, 6), min_size=1, max_size=6),
    crlf=st.booleans(),
)
def test_junk_lines_never_lose_a_good_row(junk: list[str], where: list[int], crlf: bool) -> None:
    """Good rows with junk lines between them (ragged, quotes, CR, NUL, spaces, escapes): every good row
    is listed. (Junk has fewer commas than a row needs: a quote left open on a line that also has a
    whole row's worth of cells is, to any CSV reader, a cell that goes on.)"""
    lines = [good_line(i) for i in range(6)]
    for line, at in zip(junk, where, strict=False):
        lines.insert(min(at, len(lines)), line)
    end = "\r\n" if crlf else "\n"
    result = load((end.join([HEADER, *lines]) + end).encode())
    assert not isinstance(result, DirectoryError), result
    kept = set(result.directory.frame["id"])
    assert {f"good-{i:04d}" for i in range(6)} <= kept, result.problems


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.lists(NASTY, max_size=40).map(lambda parts: (HEADER + "\n" + good_line(0) + "\n" + "".join(parts)).encode()),
    )
)
def test_validate_exits_0_1_or_2_and_prints_only_printable_text(
    content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m matcher validate` on any file: exit 0, 1 or 2, no traceback, no control character."""
    with csv_file(content) as path:
        code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code in {0, 1, 2}
    assert printable_only(out + err), repr(out + err)
