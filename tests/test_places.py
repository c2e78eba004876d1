"""The offline place resolver's building blocks: ZIP codes in any digits, safe text, one key per place name.

Resolving whole typed places (city, state, ZIP, errors with suggestions) is pinned in test_geography.py.
"""

from __future__ import annotations

import pytest

from matcher.places import clean, name_key, normalize_zip, zip_place


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("94110", "94110"),
        ("94110-1234", "94110"),
        ("９４１１０", "94110"),
        (" 94110 ", "94110"),
        ("9411", None),
        ("abc", None),
        (None, None),
    ],
)
def test_a_zip_code_is_read_in_any_digits(typed: object, code: str | None) -> None:
    """Full-width digits and ZIP+4 give the five-digit ZIP; anything not shaped like one gives None."""
    assert normalize_zip(typed) == code


def test_a_known_zip_is_a_place_with_its_city_state_and_zone() -> None:
    """94110 is San Francisco, California, on Pacific time."""
    place = zip_place("94110")
    assert place is not None
    assert (place.state, place.timezone, place.postal_code) == ("CA", "America/Los_Angeles", "94110")
    assert place.label.startswith("San Francisco")


def test_typed_text_is_cleaned_without_raising() -> None:
    """Lone surrogates, NUL bytes and bidi overrides never reach the resolver, and nothing raises."""
    assert clean("\ud800x\x00 y\u202e z") == "?x y z"
    assert clean(None) == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Winston-Salem", "winston salem"),
        ("Saint Louis", "St. Louis"),
        ("Coeur d'Alene", "Coeur dAlene"),
        ("Fort Worth", "Ft Worth"),
    ],
)
def test_spellings_of_one_place_share_one_key(a: str, b: str) -> None:
    """Hyphens, apostrophes, case and the usual short forms (Saint/St, Fort/Ft) do not matter."""
    assert name_key(a) == name_key(b)
