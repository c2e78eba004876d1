"""The memory-mapped Arrow cache of a validated directory: never stale, written atomically, no stray files."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from matcher.directory import cache as cache_module
from matcher.directory import cache_path, load_directory, without_samples
from matcher.directory import loading as loading_module
from tests.conftest import row, write_rows

DAY = date(2026, 11, 27)


def names(path: Path, **kwargs: object) -> list[str]:
    result = load_directory(path, today=DAY, cache=True, **kwargs)  # type: ignore[arg-type]
    return [result.directory.listing(i).name for i in range(len(result.directory))]


def test_a_reload_from_the_cache_gives_the_same_listings_and_problems(tmp_path: Path) -> None:
    """What the cache returns is what validation returned: same listings, same problems, same counts."""
    path = write_rows(
        tmp_path / "g.csv",
        [
            row(id="a", name="Alpha", languages="en;es"),
            row(id="b", name="Beta", timezone="America/New_York"),
            row(id="c", focus="nope"),
        ],
    )
    fresh = load_directory(path, today=DAY, cache=True)
    assert cache_path(path).exists()
    cached = load_directory(path, today=DAY, cache=True)
    assert [cached.directory.listing(i) for i in range(len(cached.directory))] == [
        fresh.directory.listing(i) for i in range(len(fresh.directory))
    ]
    assert cached.problems == fresh.problems and cached.rows_read == fresh.rows_read == 3


def test_a_changed_file_is_never_served_from_an_old_cache(tmp_path: Path) -> None:
    """A new version of the file (even the same size with the same modification time) is validated again."""
    path = write_rows(tmp_path / "g.csv", [row(id="a", name="Alpha")])
    assert names(path) == ["Alpha"]
    stat = path.stat()
    replacement = write_rows(tmp_path / "new.csv", [row(id="a", name="Gamma")])
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    replacement.replace(path)  # how a deployer's sync tool swaps files in: a new inode
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert names(path) == ["Gamma"]


def test_a_new_day_validates_again(tmp_path: Path) -> None:
    """Dates are checked against today: a listing verified 'in the future' yesterday is valid today."""
    path = write_rows(tmp_path / "g.csv", [row(id="a", name="Alpha", last_verified="2026-11-28")])
    assert names(path) == []
    assert load_directory(path, today=date(2026, 11, 28), cache=True).directory.listing(0).name == "Alpha"


def test_a_new_format_never_reads_an_old_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program whose columns or vocabularies changed ignores a cache written by the old one."""
    path = write_rows(tmp_path / "g.csv", [row(id="a", name="Alpha")])
    names(path)
    calls: list[int] = []
    real = loading_module.validate_frame
    monkeypatch.setattr(loading_module, "validate_frame", lambda *a, **k: calls.append(1) or real(*a, **k))
    names(path)
    assert calls == []  # same format: served from the cache
    monkeypatch.setattr(cache_module, "_format_key", lambda: "another-format")
    assert names(path) == ["Alpha"] and calls == [1]


def test_writing_leaves_one_cache_file_and_no_temporary_file(tmp_path: Path) -> None:
    """After several versions, the folder holds the CSV and one cache file: nothing else."""
    path = tmp_path / "g.csv"
    for n in range(1, 4):
        write_rows(path, [row(id=f"g{i}") for i in range(n)])
        names(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv", "g.csv.cache.arrow"]


def test_a_failed_write_leaves_no_temporary_file_and_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk error while writing the cache: the directory loads, and no half-written file is left behind."""
    path = write_rows(tmp_path / "g.csv", [row(id="a", name="Alpha")])

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "replace", fail)
    assert names(path) == ["Alpha"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.csv"]


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    """A damaged cache file is not trusted: the CSV is read again."""
    path = write_rows(tmp_path / "g.csv", [row(id="a", name="Alpha")])
    names(path)
    cache_path(path).write_bytes(b"ARROW1 but not really")
    assert names(path) == ["Alpha"]


def test_without_samples_keeps_every_real_listing_in_order(tmp_path: Path) -> None:
    """Hiding samples removes exactly the sample rows; the real ones keep their order and their columns."""
    path = write_rows(
        tmp_path / "g.csv",
        [row(id="r1", name="One"), row(id="s1", name="Fake", sample="true"), row(id="r2", name="Two", languages="es")],
    )
    d = without_samples(load_directory(path, today=DAY).directory)
    assert [d.listing(i).name for i in range(len(d))] == ["One", "Two"]
    assert d.listing(1).languages == ("es",)
    assert not d.sample.any()
