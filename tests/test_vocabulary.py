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


@pytest.mark.parametrize(
    ("items", "text"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")]
)
def test_human_join(items: list[str], text: str) -> None:
    """Lists read as people write them."""
    assert v.human_join(items) == text


def test_masks_round_trip() -> None:
    """A set of codes survives a trip through its bit mask."""
    assert v.codes_of(v.FOCUS, v.mask_of(v.FOCUS, ["grief", "anxiety"])) == ("anxiety", "grief")


@pytest.mark.parametrize(
    ("vocab", "codes"),
    [
        (v.FOCUS, ["suicidal_thoughts", "self_harm", "gambling"]),
        (v.COMMUNITIES, ["military_families", "trans_nonbinary", "disabled", "deaf_hoh", "family_caregivers"]),
    ],
)
def test_the_review_gaps_have_codes_with_plain_labels(vocab: dict[str, str], codes: list[str]) -> None:
    """Suicidal thoughts, self-harm, gambling, military families, trans and nonbinary, disabled and Deaf
    people can be chosen, each with a readable label."""
    for code in codes:
        assert code in vocab and len(vocab[code]) > 3 and "_" not in vocab[code]
    assert v.COMMUNITIES["deaf_hoh"] == "Deaf and hard-of-hearing people"


def test_every_mask_fits_its_column() -> None:
    """Focus masks are 32-bit columns, community and audience masks 16-bit: each vocabulary fits its column."""
    assert len(v.FOCUS) <= 32 and len(v.COMMUNITIES) <= 16 and len(v.AUDIENCES) <= 16
    assert len(v.FACILITATION) <= 8 and len(v.FORMATS) <= 8 and len(v.ACCESSIBILITY) <= 8


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("spa", "es"),
        ("som", "so"),
        ("zh-Hant", "zh"),
        ("cmn", "zh"),
        ("fre", "fr"),
        ("tl", "tl"),
        ("tgl", "tl"),
        ("iw", "he"),
        ("yue", None),
        ("xx", None),
        ("Spanish", None),
        ("", None),
    ],
)
def test_a_language_code_or_tag_gives_its_two_letter_code(tag: str, code: str | None) -> None:
    """ISO 639-1/2/3 codes and BCP 47 tags (region and script left off) give the ISO 639-1 code; a retired code
    gives today's; a language without a two-letter code, or not a code at all, gives None."""
    assert v.language_code(tag) == code


def test_every_two_letter_language_code_is_accepted_and_retired_ones_are_not() -> None:
    """The directory accepts all current ISO 639-1 codes (Tatar's "tt" too), never retired "iw" or "in"."""
    assert {"en", "es", "tl", "tt", "he", "id", "zu"} <= v.ISO_639_1
    assert not {"iw", "in", "ji", "jw", "mo", "sh", "xx"} & v.ISO_639_1
    assert len(v.ISO_639_1) == 184
