"""A derived cache file: plain data worked out from installed libraries' data (never a person's), kept next
to the code so the next process reads it back in a fraction of the time it took to work out.

Never required: a missing, stale, unreadable or damaged file reads as None (the caller builds the data
again), and a folder that cannot be written simply keeps no cache. The file holds only ``marshal`` data
(dicts, lists, tuples, strings, numbers), which loading never runs, behind a header line with the
fingerprint of everything the data was derived from; a reader with another fingerprint ignores it.
Written to a temporary file in the same folder and renamed over the old one, so a reader sees the old
file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

_MAGIC = b"SGF-DERIVED-CACHE "


def fingerprint(version: int, packages: Iterable[str], sources: Iterable[Path]) -> str:
    """What the data depends on: the cache's own format version, this Python (marshal's format), each
    installed package's version and file hashes (its RECORD lists a hash of every file, data included), and
    the source of the code that derives it."""
    h = hashlib.sha256(f"{version}|{sys.version_info[:2]}|{marshal.version}".encode())
    for name in packages:
        try:
            dist = metadata.distribution(name)
            h.update(f"|{name}={dist.version}|{dist.read_text('RECORD')}".encode())
        except (metadata.PackageNotFoundError, OSError):
            h.update(f"|{name}=?".encode())
    for path in sources:
        h.update(b"|" + path.read_bytes())
    return h.hexdigest()[:32]


def read(path: Path, key: str) -> object | None:
    """The data stored under ``key``, or None (no file, another key, or a damaged file)."""
    try:
        with path.open("rb") as fh:
            header = fh.readline()
            if header != _MAGIC + key.encode() + b"\n":
                return None
            data: object = marshal.loads(fh.read())  # our own file of plain data: loading runs nothing
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data


def write(path: Path, key: str, data: Any) -> bool:
    """Store ``data`` under ``key`` (atomically); False when it could not be written (never raises)."""
    tmp: str | None = None
    try:
        blob = marshal.dumps(data)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + key.encode() + b"\n")
            fh.write(blob)
        Path(tmp).chmod(0o644)  # plain data anyone may read, like the libraries it comes from
        Path(tmp).replace(path)
        tmp = None
        return True
    except (OSError, ValueError):
        return False
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
