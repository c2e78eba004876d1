"""The validated directory kept next to its CSV as a memory-mapped Arrow file, reused while the file, the day
and the program's format are unchanged."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from ..vocabulary import (
    COST,
)
from .model import COLUMNS, LIST_COLUMNS, TEXT_COLUMNS, Directory, LoadResult, Problem

CACHE_VERSION: Final = 5


def cache_path(path: Path) -> Path:
    """Where the validated copy of a directory CSV is kept: one file next to it, replaced in place."""
    return path.with_name(path.name + ".cache.arrow")


def _format_key() -> str:
    """A fingerprint of everything the cached form depends on besides the file: the columns, the
    Directory's fields and every vocabulary's codes (their order gives the bit positions)."""
    import hashlib

    parts = [str(CACHE_VERSION), ",".join(COLUMNS), ",".join(TEXT_COLUMNS), ",".join(f.name for f in fields(Directory))]
    parts += [",".join(vocab) for vocab in (*LIST_COLUMNS.values(), COST)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _stamp(path: Path, today: date) -> dict[str, object]:
    """What makes a cached copy current: this file version, this day (dates are checked against it) and
    this program's format."""
    st = path.stat()
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "inode": st.st_ino,
        "today": today.isoformat(),
        "format": _format_key(),
    }


def _split(d: Directory) -> tuple[dict[str, npt.NDArray[Any]], dict[str, Any]] | None:
    """The Directory's numpy columns, and its other fields as JSON; None if a field can't be stored."""
    arrays: dict[str, npt.NDArray[Any]] = {}
    other: dict[str, Any] = {}
    for f in fields(Directory):
        value = getattr(d, f.name)
        if f.name == "frame":
            continue
        if isinstance(value, np.ndarray) and value.ndim == 1 and len(value) == len(d):
            arrays[f.name] = value
        elif isinstance(value, list) and all(isinstance(v, frozenset) for v in value):
            other[f.name] = {"frozensets": [sorted(map(str, v)) for v in value]}
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            other[f.name] = {"strings": value}
        else:
            return None
    return arrays, other


def _write_cache(path: Path, result: LoadResult, today: date, stamp: dict[str, object] | None = None) -> None:
    """Keep the validated directory as an Arrow IPC file next to the CSV (read back memory-mapped).

    Written to a temporary file in the same folder and renamed over the old copy, so a reader sees
    the old file or the new one, never half of one; the temporary file never outlives this call.
    A read-only folder (or a field this code cannot store) simply means no cache.
    """
    import tempfile

    import pyarrow as pa

    d = result.directory
    split = _split(d)
    if split is None:
        return
    arrays, other = split
    table = pa.Table.from_pandas(d.frame.astype(str), preserve_index=False)
    # large_string is what pandas' string columns hold, so reading back needs no copy
    table = table.cast(pa.schema([pa.field(name, pa.large_string()) for name in table.column_names]))
    for name, values in arrays.items():
        table = table.append_column(f"__{name}", pa.array(values))
    meta = {
        "stamp": stamp or _stamp(path, today),
        "other": other,
        "problems": [[p.line, p.column, p.message, p.kept] for p in result.problems],
        "rows_read": result.rows_read,
    }
    table = table.replace_schema_metadata({b"support_group_finder": json.dumps(meta).encode()})
    target = cache_path(path)
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        Path(tmp).replace(target)
        tmp = None
    except (OSError, pa.ArrowException):
        return  # a read-only folder or a full disk: simply no cache
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()


def _read_cache(path: Path, today: date) -> LoadResult | None:
    """The cached directory, memory-mapped: text is paged in only for the rows a person is shown.

    None (so the CSV is read and validated again) unless the copy was made from this very file
    version, on this day, by this program's format."""
    import pyarrow as pa

    target = cache_path(path)
    if not target.exists() or not path.exists():
        return None
    try:
        reader = pa.ipc.open_file(pa.memory_map(str(target), "r"))
        meta = json.loads((reader.schema.metadata or {})[b"support_group_finder"])
        if meta["stamp"] != _stamp(path, today):
            return None
        table = reader.read_all()
        arrays = {c.removeprefix("__"): table.column(c).to_numpy() for c in table.column_names if c.startswith("__")}
        other: dict[str, Any] = {
            name: [frozenset(v) for v in spec["frozensets"]] if "frozensets" in spec else list(spec["strings"])
            for name, spec in meta["other"].items()
        }
        frame = table.select([c for c in table.column_names if not c.startswith("__")]).to_pandas()
        d = Directory(frame=frame, **arrays, **other)
        problems = [Problem(int(a), str(b), str(c), bool(k)) for a, b, c, k in meta["problems"]]
        return LoadResult(directory=d, problems=problems, rows_read=int(meta["rows_read"]))
    except (OSError, KeyError, ValueError, TypeError, pa.ArrowException):
        return None
