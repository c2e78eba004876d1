"""The wording helpers the pages share: the matches headline counts real groups and invented examples
as they are, and the escaping keeps directory text inert."""

from __future__ import annotations

import pytest

from matcher import Answers, Place, Ranking
from ui.text import count, esc, groups, led_by, matches_headline

HOUSTON = Place("Houston, TX", 29.76, -95.37, "America/Chicago", "77002", "TX")


def ranking(real: int, samples: int) -> Ranking:
    return Ranking(matches=[], total=real + samples, exclusions=[], real_total=real)


@pytest.mark.parametrize(
    ("real", "samples", "expected"),
    [
        (
            14,
            6,
            (
                "14 groups about anxiety or mental health in general meet your needs (near Houston, TX or online), "
                "plus 6 invented examples"
            ),
        ),
        (1, 0, "1 group about anxiety or mental health in general meets your needs (near Houston, TX or online)"),
        (
            0,
            1,
            (
                "No real group about anxiety or mental health in general meets all your needs yet, "
                "plus 1 invented example"
            ),
        ),
        (0, 0, "No group about anxiety or mental health in general meets all your needs yet"),
        (
            2_400,
            0,
            ("2,400 groups about anxiety or mental health in general meet your needs (near Houston, TX or online)"),
        ),
    ],
)
def test_the_headline_counts_real_groups_and_invented_examples_apart(real: int, samples: int, expected: str) -> None:
    """Real and invented are counted apart, singular and plural agree, and the place is named."""
    a = Answers(focus=["anxiety"], location="Houston, TX")
    assert matches_headline(a, HOUSTON, ranking(real, samples)) == expected


def test_the_headline_names_no_place_for_someone_who_takes_part_only_online() -> None:
    """Online or phone only, or no place: no "near …"; no topic chosen: no "about …"."""
    assert matches_headline(Answers(formats=["online"]), HOUSTON, ranking(3, 0)) == "3 groups meet your needs"
    assert matches_headline(Answers(), None, ranking(3, 0)) == "3 groups meet your needs"


def test_the_headline_escapes_the_place_name() -> None:
    """A place label is shown as plain text (no Markdown from a gazetteer or an online answer)."""
    odd = Place("[Click](https://x.example)", 29.76, -95.37)
    text = matches_headline(Answers(), odd, ranking(2, 0))
    assert "](" not in text and "\\[Click\\]" in text


def test_counts_use_real_plural_forms() -> None:
    """'1 group', '2 groups', '1,000 groups': never 'group(s)' (plural forms from the catalog)."""
    assert [groups(1), groups(2), groups(1000), count(2400)] == ["1 group", "2 groups", "1,000 groups", "2,400"]


def test_escaped_text_has_no_link_icon_or_formatting_left() -> None:
    """Markdown marks are escaped, and an invisible word joiner breaks bare links, e-mail and icon codes."""
    text = esc("**Join** at https://x.example or :material/call: me@x.example")
    assert text.startswith("\\*\\*Join\\*\\*")
    assert "https\u2060\\:\u2060//" in text and "\\:\u2060material" in text and "me\u2060\\@x" in text
    assert "\n" not in esc("two\nlines")


def test_a_card_says_who_leads_it_in_one_phrase() -> None:
    """Two kinds of leader read as one phrase, the verb said once ("led by peers and led by a professional"
    read badly in both languages)."""
    assert led_by(("peer", "professional")) == "Led by peers or by a professional"
    assert led_by(("professional", "peer")) == "Led by peers or by a professional"
    assert led_by(("peer",)) == "Led by peers"
    assert led_by(()) == "Leader not stated"
