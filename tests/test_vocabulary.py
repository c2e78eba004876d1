"""The vocabularies: one place, labels for every code."""

from __future__ import annotations

import pytest

from matcher import vocabulary as v


@pytest.mark.parametrize("vocab", [v.FOCUS, v.COMMUNITIES, v.FACILITATION, v.FORMATS, v.COST, v.ACCESSIBILITY])
def test_every_code_has_a_distinct_plain_label(vocab: dict[str, str]) -> None:
    """Labels are non-empty, distinct, and not just the code with underscores."""
    labels = list(vocab.values())
    assert all(labels) and len(set(labels)) == len(labels)
    assert not any("_" in label for label in labels)


@pytest.mark.parametrize(("items", "text"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"),
                                             (["a", "b", "c"], "a, b and c")])
def test_human_join(items: list[str], text: str) -> None:
    """Lists read as people write them."""
    assert v.human_join(items) == text


def test_masks_round_trip() -> None:
    """A set of codes survives a trip through its bit mask."""
    assert v.codes_of(v.FOCUS, v.mask_of(v.FOCUS, ["grief", "anxiety"])) == ("anxiety", "grief")
