"""Loading a directory CSV: read, validate, add the lines that were not rows, and keep or reuse the cache."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from .cache import _read_cache, _stamp, _write_cache
from .model import LoadResult, Problem
from .reading import ROW, _read_frame
from .validation import validate_frame


def load_directory(path: str | os.PathLike[str], *, today: date | None = None, cache: bool = False) -> LoadResult:
    """Load and validate a directory CSV. Raises DirectoryError only when the file is unusable.

    With ``cache=True`` the validated result is kept in an Arrow IPC file next to the CSV and reused
    while the CSV's size, modification time and inode, the day (``today``) and the program's format
    are unchanged (a large directory then loads in a fraction of a second); an unwritable folder just
    means no cache.
    """
    p = Path(path)
    day = today or date.today()
    if cache:
        cached = _read_cache(p, day)
        if cached is not None:
            return cached
    before = _stamp(p, day) if cache and p.exists() else None
    frame, lines, unread = _read_frame(p)
    result = validate_frame(frame, lines, today=day, source=p)
    result = _with_unread_lines(result, unread)
    # the cache is stamped with the file version read: if a refresh renamed a new file in while this one
    # was being read and validated, nothing is cached (old rows must never carry the new file's stamp)
    if cache and before is not None and p.exists() and _stamp(p, day) == before:
        _write_cache(p, result, day, before)
    return result


def _with_unread_lines(result: LoadResult, unread: list[Problem]) -> LoadResult:
    """Add the lines that were not rows, in file order, and say so when no row at all is valid."""
    problems = sorted([*result.problems, *unread], key=lambda p: (p.line, p.column != ROW))
    rows = result.rows_read + len({p.line for p in unread})
    if len(result.directory) == 0:
        what = (
            "the file has a header but no rows"
            if rows == 0
            else f"none of the {rows} row(s) is valid (see the problems below)"
        )
        problems.insert(0, Problem(1, "rows", f"{what}: the app would show no groups at all"))
    return LoadResult(directory=result.directory, problems=problems, rows_read=rows)
