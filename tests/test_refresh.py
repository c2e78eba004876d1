"""A directory refresh (issue 24, break 19): a new file renamed in while the old one is being validated
never leaves the old rows cached under the new file's stamp."""

from __future__ import annotations

from pathlib import Path

import pytest

import matcher.directory.loading as directory_module
from matcher.directory import load_directory
from tests.conftest import row, write_rows


def test_a_refresh_during_validation_never_caches_old_rows_under_the_new_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache was stamped after validating: a rename landing meanwhile gave yesterday's rows the new
    file's stamp, served for the rest of the day."""
    live = write_rows(tmp_path / "groups.csv", [row(id="old", name="Old Group")])
    new = write_rows(tmp_path / "groups.csv.new", [row(id="new", name="New Group"), row(id="new2")])
    real_validate = directory_module.validate_frame

    def validate_while_refreshed(*args: object, **kwargs: object) -> directory_module.LoadResult:
        result = real_validate(*args, **kwargs)  # type: ignore[arg-type]
        new.replace(live)  # the nightly refresh's rename lands now
        return result

    monkeypatch.setattr(directory_module, "validate_frame", validate_while_refreshed)
    first = load_directory(live, cache=True)
    assert list(first.directory.frame["id"]) == ["old"]  # what was read, honestly
    monkeypatch.setattr(directory_module, "validate_frame", real_validate)
    again = load_directory(live, cache=True)
    assert list(again.directory.frame["id"]) == ["new", "new2"]
