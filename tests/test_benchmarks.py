"""The benchmarks' synthetic directory stays a valid directory as the columns change (a column added to the
model without a synthetic value broke bench_rank and bench_app, which no other test runs)."""

from __future__ import annotations

import sys
from datetime import date

import numpy as np

from matcher.directory import COLUMNS, validate_frame
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_frame


def test_the_synthetic_directory_has_every_column_and_validates() -> None:
    frame = synthetic_frame(5000)
    assert list(frame.columns) == list(COLUMNS)
    result = validate_frame(frame, np.arange(5000, dtype=np.int64) + 2, today=date(2026, 11, 26))
    assert len(result.directory.frame) == 5000
    assert not [p for p in result.problems if not p.kept], result.problems[:3]
