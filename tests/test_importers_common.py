"""What both importers share: clock times in the forms feeds use, and cells read as one safe line of text."""

from __future__ import annotations

import pytest

from matcher.importers.common import RecordError, clock, language_codes, parse_time, text


@pytest.mark.parametrize(
    ("raw", "minutes", "written"),
    [
        ("19:30", 1170, "19:30"),
        ("7:30:00", 450, "07:30"),
        ("7:30 pm", 1170, "19:30"),
        ("9am", 540, "09:00"),
        ("830am", 510, "08:30"),
        ("noon", 720, "12:00"),
        ("midnight", 0, "00:00"),
        ("12:00pm (dispensing)", 720, "12:00"),
        ("09:00-05:00", 540, "09:00"),
        ("12am", 0, "00:00"),
        ("11:59 pm", 1439, "23:59"),
    ],
)
def test_clock_times_in_feed_forms_are_read(raw: str, minutes: int, written: str) -> None:
    """24-hour, 12-hour, packed, named, annotated and UTC-offset times all give minutes after midnight,
    written in the directory as zero-padded 24-hour HH:MM."""
    assert parse_time(raw) == minutes
    assert clock(minutes) == written


@pytest.mark.parametrize("raw", ["25:00", "7pm?", "13pm", "12:60", ""])
def test_a_bad_time_names_the_field_and_the_value(raw: str) -> None:
    """A time that is not one says which field held it and what it said."""
    with pytest.raises(RecordError, match=r"^start_time: '.*' is not a clock time"):
        parse_time(raw, "start_time")


@pytest.mark.parametrize(
    ("cell", "line"),
    [
        (None, ""),
        (float("nan"), ""),
        (3.0, "3"),
        (2.5, "2.5"),
        (True, "true"),
        ("  a \n b ", "a b"),
        ("a\x1bb", "a b"),
        ("a\u202eb", "a b"),
    ],
)
def test_a_cell_becomes_one_line_of_plain_text(cell: object, line: str) -> None:
    """Nulls are empty, numbers print plainly, and line breaks and control or bidi characters become spaces."""
    assert text(cell) == line


def test_a_list_where_text_belongs_names_the_field() -> None:
    """A list or object in a text field is a record error naming the field."""
    with pytest.raises(RecordError, match=r"^name: expected text, found a list$"):
        text([1], "name")
    with pytest.raises(RecordError, match=r"^name: expected text, found an object$"):
        text({"a": 1}, "name")


def test_who_from_words_reads_only_what_a_group_says_about_itself() -> None:
    """Names say whom a group is for; "Adult Children" is not a children's group; mixed names restrict nobody."""
    from matcher.importers.common import meeting_name, who_from_words

    assert who_from_words("LGBTQ SENIORS CIRCLE").audience == ["older_adults"]
    assert "lgbtq" in who_from_words("LGBTQ SENIORS CIRCLE").communities
    assert who_from_words("Children's Bereavement Support Group").max_age == "17"
    assert who_from_words("Adult Children of Alcoholics").max_age == ""
    assert who_from_words("Men & Women Open").audience == []
    assert who_from_words("Step Study", "Open to all; women welcome").audience == []
    assert meeting_name("30818592 Parents Supporting Parents") == "Parents Supporting Parents"
    assert meeting_name("12345") == "12345"


@pytest.mark.parametrize(
    ("cell", "codes", "unknown"),
    [
        ("es-MX", ["es"], []),
        ("som", ["so"], []),
        ("zh-Hant", ["zh"], []),
        ("spa; fre; ger", ["es", "fr", "de"], []),
        ("Chinese (Cantonese), Tagalog", ["zh", "tl"], []),
        ("fil", ["tl"], []),
        ("iw", ["he"], []),
        ("tt", ["tt"], []),
        ("American Sign Language", [], []),
        ("Klingon, xx", [], ["Klingon", "xx"]),
    ],
)
def test_language_codes_tags_and_names_become_iso_639_1(cell: str, codes: list[str], unknown: list[str]) -> None:
    """Feeds write languages as ISO 639-1 or 639-2/3 codes, BCP 47 tags or English names: each becomes the
    directory's two-letter code; sign language has no code (left out, not unknown); the rest is named."""
    assert language_codes(cell) == (codes, unknown)
