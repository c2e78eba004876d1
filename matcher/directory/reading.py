"""Reading a directory CSV into a frame of text cells: bounded reads, the header, a fast reader and a
careful line-by-line one that reports each line that is not a row, and the characters no cell keeps."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from .model import COLUMNS, REQUIRED_COLUMNS, DirectoryError, Problem

#: The longest cell either reader accepts (a 200 KB description is fine; a 4 MB name is a problem on
#: its row). The same limit is checked by ``validate_frame``, so an importer never writes a row that
#: ``validate`` would refuse.
MAX_CELL_CHARS: Final = 1_000_000


#: The header must end within this many characters (it names about 30 short columns).
MAX_HEADER_CHARS: Final = 1 << 20


#: The largest directory file read (a million listings is about 280 MB).
MAX_FILE_BYTES: Final = 2 << 30


#: Bidi embedding, override and isolate controls make text display in another order than it is written
#: (a name can be made to read backwards): removed from every cell at load time, they never reach a page.
_BIDI_CONTROLS: Final = "[\u202a-\u202e\u2066-\u2069]"


#: Characters that do not show (zero-width, bidi marks and controls, soft hyphen, variation selectors):
#: two ids that differ only by these are the same id.
_INVISIBLE: Final = "[\u00ad\u034f\u061c\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]"


#: A row-level problem (the line cannot be split into the header's columns) is reported in this column.
ROW: Final = "row"


def _read_frame(path: Path) -> tuple[pd.DataFrame, npt.NDArray[np.int64], list[Problem]]:
    """The file's rows as text, each row's line number, and each line that is not a row as a Problem.

    Raises DirectoryError only when the file cannot be used at all. A row with too many or too few
    cells, a stray carriage return, a NUL character or a line of spaces is a problem on its own line;
    the rows around it still load.
    """
    raw = _lf_line_endings(read_bounded(path))
    if not raw.strip():
        raise DirectoryError(path, "the file is empty")
    if b"\x00" in raw[: raw.find(b"\n")]:
        raise DirectoryError(path, "this is not a text CSV file (it contains binary data); save it as UTF-8 CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DirectoryError(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV") from None
    names, header_lines = _header(path, text)
    keep = [i for i, name in enumerate(names) if name in COLUMNS]
    problems: list[Problem] = []
    starts: list[int] | None = None
    # the fast reader, unless a line needs a closer look (NUL, a CR that ends no line, a header on 2 lines)
    careful = header_lines > 1 or b"\x00" in raw or (b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"))
    table = None if careful else _parse_fast(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw, len(names), keep)
    if table is None:  # read line by line: each bad line is reported, every good row kept
        with _cell_limit():
            rows, starts, problems = _parse_careful(text, header_lines, len(names))
        table = _text_table([[r[i] for r in rows] for i in keep])
    frame: pd.DataFrame = table.to_pandas()
    frame.columns = [names[i] for i in keep]
    if not text.isascii():
        frame = _without_bidi_controls(frame)
    with _cell_limit():
        lines = _line_numbers(text, len(frame)) if starts is None else np.asarray(starts, dtype=np.int64)
    return frame, lines, problems


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit``; DirectoryError for a folder, a device or a pipe (reading
    /dev/zero never ends, a FIFO waits forever), a file too big, or one that cannot be read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DirectoryError(path, "file not found") from None
    except OSError as exc:
        raise DirectoryError(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DirectoryError(path, "is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise DirectoryError(path, "is not a regular file (a device, pipe or socket); give a CSV file")
    if info.st_size > limit:
        raise DirectoryError(path, f"is {info.st_size:,} bytes; the largest directory read is {limit:,} bytes")
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise DirectoryError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise DirectoryError(path, f"is larger than {limit:,} bytes, the largest directory read")
    return raw


@contextlib.contextmanager
def _cell_limit() -> Iterator[None]:
    """The csv module's cell limit raised to MAX_CELL_CHARS for one read (it is process-wide)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, MAX_CELL_CHARS))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _lf_line_endings(raw: bytes) -> bytes:
    """Excel for Mac ends lines with a bare CR: read such a file as if it used LF."""
    if b"\r" in raw and b"\r\n" not in raw and raw.count(b"\r") > raw.count(b"\n"):
        return raw.replace(b"\r", b"\n")
    return raw


def _header(path: Path, text: str) -> tuple[list[str], int]:
    """The header's column names (trimmed, lower case, invisible characters dropped) and its line count."""
    head = text[:MAX_HEADER_CHARS]
    if len(text) > len(head) and "\n" not in head:
        raise DirectoryError(
            path,
            f"the first line is longer than {MAX_HEADER_CHARS:,} characters, so it "
            "cannot be a header naming the columns; check the first line of the file",
        )
    reader = csv.reader(io.StringIO(head, newline="\n"))  # a header is far shorter than 1 MB
    try:
        with _cell_limit():
            header = next(reader, [])
    except csv.Error as exc:
        raise DirectoryError(path, f"the header line cannot be read: {_csv_problem(exc)}") from None
    if len(text) > len(head) and head.count("\n") < reader.line_num:
        raise DirectoryError(
            path,
            f"the header is longer than {MAX_HEADER_CHARS:,} characters, so it "
            "cannot be a header naming the columns; check the first line of the file",
        )
    if not header or not any(h.strip() for h in header):
        raise DirectoryError(path, "the first line should be a header naming the columns")
    names = [re.sub(_INVISIBLE, "", h).strip().lower() for h in header]
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name, []).append(i)
    twice = {name: where for name, where in seen.items() if len(where) > 1}
    if twice:
        said = "; ".join(
            " and ".join(f"'{header[i].strip()}' (column {i + 1})" for i in where) for where in twice.values()
        )
        raise DirectoryError(path, f"the header names the same column more than once: {said}; keep one of each")
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise DirectoryError(
            path,
            f"required column(s) missing from the header: {', '.join(missing)} "
            f"(the header needs at least {', '.join(REQUIRED_COLUMNS)})",
        )
    return names, reader.line_num


def _parse_fast(body: bytes, width: int, keep: list[int]) -> Any:
    """Every kept cell as text, with pyarrow's multithreaded CSV reader (10x faster than pandas' own);
    None when some line does not fit the header (the careful reader then says which)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = [f"c{i}" for i in range(width)]
    try:
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                include_columns=[columns[i] for i in keep],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None


class _Lines:
    """The file's lines for csv.reader, with a cursor that can be moved back after a bad row."""

    def __init__(self, lines: list[str], pos: int) -> None:
        self.lines = lines
        self.pos = pos

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _parse_careful(text: str, skip: int, width: int) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Read line by line (lines end at LF only): the good rows, their first lines, a Problem per bad line.

    A bad row that spans lines (a quote left open) is reported on its first line and reading resumes on
    the next line, so an open quote never swallows the rows after it.
    """
    src = _Lines(io.StringIO(text, newline="\n").readlines(), skip)
    reader = csv.reader(src)
    rows: list[list[str]] = []
    starts: list[int] = []
    problems: list[Problem] = []
    while src.pos < len(src.lines):
        start = src.pos
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(start + 1, ROW, f"{_csv_problem(exc)}; this row is not listed"))
            src.pos = start + 1
            continue
        spans = src.pos - start > 1
        if not cells:
            continue  # an empty line
        if len(cells) == 1 and not cells[0].strip():
            problems.append(Problem(start + 1, ROW, "a line with only spaces on it; delete it"))
        elif len(cells) != width:
            why = " (a quote opened on this line may not be closed)" if spans else ""
            problems.append(
                Problem(
                    start + 1,
                    ROW,
                    f"{len(cells)} cells, but the header has {width} columns{why}; this row is not listed",
                )
            )
        elif any("\x00" in c for c in cells):
            problems.append(Problem(start + 1, ROW, "contains a NUL character (binary data); this row is not listed"))
        else:
            rows.append(cells)
            starts.append(start + 1)
            continue
        if spans:
            src.pos = start + 1
    return rows, starts, problems


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "new-line character" in text:
        return "a carriage return (CR) in the middle of a line; put that cell in quotes or remove it"
    if "field limit" in text:
        return f"a cell longer than {MAX_CELL_CHARS:,} characters"
    return f"not readable as CSV ({text})"


def _text_table(columns: list[list[str]]) -> Any:
    import pyarrow as pa

    return pa.table({f"c{i}": pa.array(col, type=pa.string()) for i, col in enumerate(columns)})


def _without_bidi_controls(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        values = frame[col]
        if not values.str.isascii().all() and values.str.contains(_BIDI_CONTROLS, regex=True).any():
            frame[col] = values.str.replace(_BIDI_CONTROLS, "", regex=True)
    return frame


def _line_numbers(text: str, n: int) -> npt.NDArray[np.int64]:
    """Each row's line number: simple when no cell spans lines, else ask the csv module."""
    newlines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if newlines == n + 1:
        return np.arange(n, dtype=np.int64) + 2
    reader = csv.reader(io.StringIO(text, newline="\n"))
    next(reader, None)
    starts: list[int] = []
    prev_end = 1
    for row in reader:
        if row:
            starts.append(prev_end + 1)
        prev_end = reader.line_num
    return np.array(starts[:n] + [0] * (n - len(starts)), dtype=np.int64)
