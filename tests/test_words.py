"""Reasons are data and every one has words: matcher's codes are worded by matcher.words, nowhere else."""

from __future__ import annotations

from datetime import time

import pytest

from matcher.reasons import CODES, Reason
from matcher.schedules import MeetingTimes
from matcher.words import ENGLISH, Words, words_for
from tests.conftest import WriteDirectory, row

EVENINGS = MeetingTimes(days=("tue",), start=time(19), end=time(20, 30))
#: One example of each code's parameters (a new code without an example here fails the first test).
EXAMPLES: dict[str, dict[str, object]] = {
    "focus_asked": {"focus": ("anxiety", "grief")},
    "general_for_community": {},
    "general_open": {},
    "other_topic": {"focus": ("ocd",)},
    "built_for": {"communities": ("veterans",)},
    "open_to_everyone": {},
    "meant_for": {"communities": ("women", "teens")},
    "runs_program": {"communities": ("veterans",)},
    "mainly_about": {"focus": ("suicide_loss",)},
    "program_about": {"focus": ("eating_disorders",)},
    "facilitation_asked": {"facilitation": "peer"},
    "facilitation_other": {"facilitation": ("peer",), "wanted": "professional"},
    "leader_unknown": {},
    "no_fixed_time": {},
    "schedule_fits": {"when": EVENINGS, "times": ("evening",), "days": ("tue",)},
    "schedule_partly": {"when": EVENINGS, "times": ("morning",), "days": ()},
    "in_person_miles": {"miles": 2.25},
    "online_anywhere": {},
    "local_groups": {},
    "phone_anywhere": {},
    "free_asked": {"cost": "donation"},
    "cost": {"cost": "sliding_scale"},
    "cost_unknown": {},
    "payment_asked": {"payment": ("medicaid",)},
    "languages_asked": {"languages": ("es",)},
    "access_asked": {"accessibility": ("asl",)},
    "only_for_unsaid": {"audience": ("men",)},
    "directory_note": {"text": "A Christian program"},
    "facility_clients": {},
    "facility_main_phone": {"phone": "907-433-7080"},
    "facility_approximate": {},
    "who_for": {"audience": ("women",), "min_age": 18, "max_age": None},
    "hidden_audience": {"count": 3, "audience": ("women", "men", "teens", "own_concern"), "more": True},
    "hidden_age": {"count": 1, "age": 30},
    "hidden_topic": {"count": 2, "focus": ("anxiety",)},
    "hidden_formats": {"count": 2, "formats": ("online",)},
    "hidden_distance": {"count": 5, "miles": 25.0},
    "hidden_access": {"count": 2, "accessibility": ("wheelchair",)},
    "hidden_fee": {"count": 1},
    "hidden_payment": {"count": 1, "payment": ("medicaid", "va")},
    "hidden_language": {"count": 4, "languages": ("es", "fr")},
    "offer_other_topics": {"adds": 2},
    "offer_fees": {"adds": 1},
    "offer_languages": {"adds": 4},
    "offer_payment": {"adds": 1},
    "offer_formats": {"adds": 2, "formats": ("in_person", "phone")},
    "offer_distance": {"adds": 1, "miles": 50},
    "offer_access": {"adds": 1, "accessibility": ("wheelchair",)},
    "kind_basics": {"kind": "online"},
    "kind_prefers_peer": {},
    "kind_prefers_professional": {},
    "kind_not_in_person": {},
    "kind_only_in_person": {},
    "kind_no_place": {},
    "kind_wheelchair": {},
    "kind_night": {},
    "kind_fellowship": {"focus": ("grief",)},
    "kind_community": {"communities": ("lgbtq",)},
    "kind_free_peer": {},
    "kind_free_professional": {},
    "kind_available": {"kind": "peer", "count": 1},
    "kind_none_available": {"kind": "professional"},
    "place_empty": {},
    "place_outside_us": {"text": "Toronto", "example": "Toronto, OH"},
    "place_not_found": {"text": "Portland", "state": "Washington", "namesake": "Portland, OR", "others": True},
    "place_whole_state": {"state": "Texas", "example": "Houston, TX"},
    "place_several": {"text": "Springfield", "example": "Springfield, MO"},
    "place_not_a_state": {"text": "Paris, Qq", "region": "Qq"},
    "place_zip_unknown": {"code": "00000"},
    "place_zip_digits": {},
    "place_too_long": {},
    "place_unreadable": {},
    "place_list_unreadable": {},
    "place_online_down": {},
    "place_online_not_found": {"text": "Nowhere Lane"},
    "place_chosen": {"label": "Chicago, IL"},
    "place_state_city": {"label": "New York, NY", "state": "New York"},
    "place_first_recognized": {"label": "Dallas, TX"},
    "place_not_within": {"label": "Brooklyn, NY", "inner": "Somewhere"},
    "place_zip_city": {"label": "Austin, TX", "code": "78799"},
    "place_online_found": {},
}


def test_every_reason_code_has_an_example_and_english_words() -> None:
    """Each code matcher may return is worded (a code added without words fails here)."""
    assert set(EXAMPLES) == set(CODES)
    for code, params in EXAMPLES.items():
        text = ENGLISH.reason(Reason(code, params))
        assert text and "{" not in text and "(s)" not in text, (code, text)


def test_a_reason_with_an_unknown_code_is_refused() -> None:
    """A misspelt code fails where it is made, not as a missing sentence on a page."""
    with pytest.raises(ValueError, match="unknown reason code"):
        Reason("focus_askd")


@pytest.mark.parametrize(
    ("code", "params", "text"),
    [
        ("focus_asked", {"focus": ("anxiety", "grief")}, "About anxiety and grief and loss, as you asked"),
        ("in_person_miles", {"miles": 2.25}, "In person, 2.2 miles (3.6 km) away"),
        (
            "schedule_fits",
            EXAMPLES["schedule_fits"],
            "Meets Tuesdays, 7:00 pm – 8:30 pm; you said evenings or Tuesdays",
        ),
        ("who_for", {"audience": ("women",), "min_age": 18, "max_age": None}, "Only for women, ages 18 and up"),
        (
            "who_for",
            {"audience": ("men", "own_concern"), "min_age": None, "max_age": None},
            "Only for men seeking help for themselves",
        ),
        (
            "who_for",
            {"audience": ("women", "family_caregivers"), "min_age": None, "max_age": None},
            "Only for women who are family members and caregivers",
        ),
        (
            "who_for",
            {"audience": ("own_concern",), "min_age": None, "max_age": None},
            "Only for people seeking help for themselves",
        ),
        ("hidden_age", {"count": 1, "age": 30}, "1 group is for ages that do not include 30."),
        ("hidden_distance", {"count": 1_250, "miles": 25.0}, "1,250 groups meet in person more than 25 miles away."),
        ("offer_distance", {"adds": 1, "miles": 50}, "Widen to 50 miles to see 1 more"),
        ("kind_available", {"kind": "peer", "count": 2}, "2 groups led by peers meet what you told us"),
    ],
)
def test_english_words_read_as_before(code: str, params: dict[str, object], text: str) -> None:
    """The English is the app's English from before reasons became data, word for word."""
    assert ENGLISH.reason(Reason(code, params)) == text


def test_an_unknown_language_gets_english() -> None:
    """A language with no catalog is worded in English, never as codes or blanks."""
    words = words_for("xx")
    assert isinstance(words, Words) and words.language == "en"
    assert words.reason(Reason("hidden_fee", {"count": 2})) == "2 groups charge a fee or do not say they are free."


def test_every_vocabulary_code_has_a_label_to_translate() -> None:
    """A code added to matcher/vocabulary.py without its words in matcher/words.py fails here (the card, the
    questionnaire and the CSV would otherwise show the bare code)."""
    from matcher import vocabulary as v
    from matcher import words as w

    pairs = [
        (v.FOCUS, w.FOCUS_LABELS),
        (v.COMMUNITIES, w.COMMUNITY_LABELS),
        (v.AUDIENCES, w.AUDIENCE_LABELS),
        (v.FACILITATION, w.FACILITATION_LABELS),
        (v.FORMATS, w.FORMAT_LABELS),
        (v.COST, w.COST_LABELS),
        (v.PAYMENT, w.PAYMENT_LABELS),
        (v.ACCESSIBILITY, w.ACCESS_LABELS),
        (v.DAYS, w.DAYS_PLURAL),
        (v.TIMES_OF_DAY, w.TIME_OF_DAY_LABELS),
        (v.KINDS, w.KIND_LABELS),
        (v.KINDS, w.KIND_BASICS),
    ]
    for codes, labels in pairs:
        assert set(codes) == set(labels), set(codes) ^ set(labels)


@pytest.mark.parametrize(
    ("real", "samples", "focus", "place", "text"),
    [
        (
            14,
            6,
            ("anxiety",),
            "Houston, TX",
            (
                "14 groups about anxiety or mental health in general meet your needs (near Houston, TX or online), "
                "plus 6 invented examples"
            ),
        ),
        (1, 0, (), None, "1 group meets your needs"),
        (
            0,
            1,
            ("grief", "ocd"),
            None,
            (
                "No real group about grief and loss, OCD or mental health in general meets "
                "all your needs yet, plus 1 invented example"
            ),
        ),
        (0, 0, (), "Austin, TX", "No group meets all your needs yet"),
        (32, 0, ("general",), None, "32 groups meet your needs"),
        (3, 0, ("general", "anxiety"), None, "3 groups about anxiety or mental health in general meet your needs"),
    ],
)
def test_the_headline_says_the_counts_as_they_are(
    real: int, samples: int, focus: tuple[str, ...], place: str | None, text: str
) -> None:
    """The matches headline: real groups and invented examples counted apart, each with its own plural."""
    assert ENGLISH.headline(real=real, samples=samples, focus=focus, place=place) == text


def test_the_spanish_headline_and_reasons_read_in_spanish() -> None:
    """The same data in Spanish: plural forms from the catalog, labels in Spanish, nothing left in English."""
    es = words_for("es")
    assert (
        es.headline(real=2, samples=1, focus=("anxiety",), place=None)
        == "2 grupos sobre ansiedad o salud mental en general se ajustan a lo que necesita, más 1 ejemplo inventado"
    )
    assert es.reason(Reason("hidden_fee", {"count": 1})) == "1 grupo cobra o no dice que sea gratis."
    assert es.reason(Reason("in_person_miles", {"miles": 2.25})) == "En persona, a 2.2 millas (3.6 km)"
    assert (
        es.who_for(Reason("who_for", {"audience": ("women",), "min_age": 18, "max_age": None}))
        == "Solo para mujeres, desde los 18 años"
    )
    assert es.when(EVENINGS) == "los martes, 7:00\u202fp.m. – 8:30\u202fp.m."  # Babel: a narrow no-break space


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "3 groups about depression, anxiety or mental health in general meet your needs"),
        ("es", "3 grupos sobre depresión, ansiedad o salud mental en general se ajustan a lo que necesita"),
    ],
)
def test_the_headline_lists_the_topics_once_with_one_or(lang: str, text: str) -> None:
    """Two topics and mental health in general are one list with one "or" ("depresión o ansiedad o salud mental
    en general" read as three pieces glued together), in the language's own list pattern."""
    assert words_for(lang).headline(real=3, samples=0, focus=("depression", "anxiety")) == text


@pytest.mark.parametrize(
    ("lang", "items", "conjunction", "text"),
    [
        ("en", ["a", "b", "c"], "and", "a, b and c"),
        ("en", ["a", "b", "c"], "or", "a, b or c"),
        ("en", ["a", "b", "c"], "nor", "a, b or c"),
        ("es", ["a", "b", "c"], "and", "a, b y c"),
        ("es", ["a", "b", "c"], "or", "a, b o c"),
        ("es", ["a", "b", "c"], "nor", "a, b ni c"),
        ("es", ["ansiedad", "ira"], "and", "ansiedad e ira"),
        ("es", ["ansiedad", "hielo"], "and", "ansiedad y hielo"),
        ("es", ["mujeres", "hombres"], "or", "mujeres u hombres"),
        ("es", ["mujeres", "adolescentes"], "or", "mujeres o adolescentes"),
    ],
)
def test_lists_are_joined_as_each_language_writes_them(
    lang: str, items: list[str], conjunction: str, text: str
) -> None:
    """English as it always wrote lists (no comma before the last word); Spanish from CLDR's patterns, with "e"
    and "u" where Spanish needs them, and "ni" in a negative sentence."""
    assert words_for(lang).join(items, conjunction) == text


@pytest.mark.parametrize(
    ("code", "params", "en", "es"),
    [
        (
            "hidden_topic",
            {"count": 2, "focus": ("depression", "anxiety")},
            "2 groups are about other things than depression or anxiety.",
            "2 grupos no tratan de depresión ni ansiedad.",
        ),
        (
            "hidden_language",
            {"count": 1, "languages": ("es",)},
            "1 group is not held in Spanish.",
            "1 grupo no tiene reuniones en español.",
        ),
        (
            "hidden_language",
            {"count": 4, "languages": ("es", "fr")},
            "4 groups are not held in Spanish or French.",
            "4 grupos no tienen reuniones en español ni francés.",
        ),
        (
            "hidden_payment",
            {"count": 2, "payment": ("medicaid", "medicare")},
            "2 groups are not free and do not say they take Medicaid or Medicare.",
            "2 grupos no son gratis y no dicen que acepten Medicaid ni Medicare.",
        ),
        (
            "offer_formats",
            {"adds": 2, "formats": ("in_person", "phone")},
            "Also show groups you can join in person or by phone to see 2 more",
            "Mostrar también grupos a los que puede unirse en persona o por teléfono para ver 2 más",
        ),
    ],
)
def test_hidden_counts_and_offers_read_naturally_in_both_languages(
    code: str, params: dict[str, object], en: str, es: str
) -> None:
    """A negative says "ni" in Spanish, not "no de depresión y ansiedad"; ways to join are alternatives ("or")."""
    assert ENGLISH.reason(Reason(code, params)) == en
    assert words_for("es").reason(Reason(code, params)) == es


def test_a_listing_led_both_ways_says_the_verb_once() -> None:
    """'Dirigido por pares y dirigido por un profesional' read badly: the verb once, the two kinds as either."""
    assert words_for("es").led_by(("peer", "professional")) == "Dirigido por pares o por un profesional"
    assert ENGLISH.led_by(("peer", "professional")) == "Led by peers or by a professional"
    assert words_for("es").led_by(("professional",)) == "Dirigido por un profesional"


def test_worth_knowing_is_tome_en_cuenta_in_the_spanish_download() -> None:
    """'Es bueno saber' read as a word-for-word copy; the CSV column says what the card says."""
    headers = words_for("es").csv_headers()
    assert "Tome en cuenta" in headers and "Es bueno saber" not in headers


#: The longest choice label that fits on one line of a questionnaire chip at 375 px: "Familiares y seres
#: queridos de miembros de las fuer…" was cut after 51 characters, so 45 leaves room for wider letters.
CHIP_CHARS = 45


def test_every_spanish_chip_label_fits_a_phone() -> None:
    """The questionnaire's and refine bar's chips (topics, communities, ways, payment, access, days, times) in
    Spanish fit at 375 px instead of ending in '…' ("Familias de militares y veteranos", not the 74 letters)."""
    from matcher import words as w
    from matcher.words import translations

    es = words_for("es")
    chips = {
        "focus": w.FOCUS_LABELS,
        "communities": w.COMMUNITY_LABELS,
        "formats": w.FORMAT_LABELS,
        "payment": w.PAYMENT_LABELS,
        "accessibility": w.ACCESS_LABELS,
        "days_plural": w.DAYS_PLURAL,
        "times": w.TIME_OF_DAY_LABELS,
    }
    labels = [es.label(vocabulary, code) for vocabulary, table in chips.items() for code in table]
    labels += [translations("es").gettext(m) for m in ("Wheelchair access", "American Sign Language (ASL)")]
    too_long = [label for label in labels if len(label) > CHIP_CHARS]
    assert not too_long, too_long


def test_place_messages_name_the_state_in_spanish() -> None:
    """'No encontramos Portland en New Mexico' kept the English name: states are worded through the catalog."""
    es = words_for("es")
    not_found = es.reason(Reason("place_not_found", {"text": "Springfield", "state": "New Mexico"}))
    assert not_found.startswith("No encontramos Springfield en Nuevo México."), not_found
    assert es.reason(Reason("place_whole_state", {"state": "North Carolina"})).startswith("Carolina del Norte es")
    assert "de Nueva York" in es.reason(Reason("place_state_city", {"label": "New York, NY", "state": "New York"}))
    assert ENGLISH.reason(Reason("place_whole_state", {"state": "New York"})).startswith("New York is a whole state")


def test_every_state_the_place_look_up_names_has_words() -> None:
    """A state or territory added to matcher.places without its name in matcher.words stays English: fails here."""
    from matcher.places.gazetteer import STATES
    from matcher.words import STATE_NAMES

    assert set(STATES.values()) == set(STATE_NAMES)


def test_a_directory_note_is_worded_in_its_translation_when_the_directory_gives_one() -> None:
    """The note as the directory wrote it in English; its Spanish translation in Spanish; as written without one."""
    note = Reason(
        "directory_note", {"text": "Churches may charge", "translations": {"es": "Las iglesias pueden cobrar"}}
    )
    assert ENGLISH.reason(note) == "Churches may charge"
    assert words_for("es").reason(note) == "Las iglesias pueden cobrar"
    assert words_for("es").reason(Reason("directory_note", {"text": "Churches may charge"})) == "Churches may charge"


def test_a_description_is_shown_in_the_persons_language_when_translated(write_directory: WriteDirectory) -> None:
    """The directory's Spanish description for a Spanish reader, its own for an English one (and for a Spanish
    reader when there is none); notes translated with a different count cannot be paired: the English stay."""
    from matcher.directory import load_directory

    path = write_directory(
        [
            row(id="t", description="A Christian program.", description_es="Un programa cristiano."),
            row(id="u", description="A Christian program.", worth_knowing="One;Two", worth_knowing_es="Uno"),
        ]
    )
    d = load_directory(path).directory
    g, plain = d.listing(0), d.listing(1)
    assert ENGLISH.description(g) == "A Christian program."
    assert words_for("es").description(g) == "Un programa cristiano."
    assert words_for("es").description(plain) == "A Christian program."
    assert plain.translated_notes() == {}
