"""What the ranking says about a listing, as data: a code and its numbers, in no language.

``matcher`` never words anything a person reads. Each reason ("Why it matched", "Worth knowing"),
each hidden-by count, each relax offer and each reason for a kind of group is a :class:`Reason`: one
code from :data:`CODES` and the parameters its wording needs (vocabulary codes, counts, miles, a
:class:`~matcher.schedules.MeetingTimes`). :mod:`matcher.words` turns them into sentences in the
person's language, from the gettext catalog in ``locales/``.

Adding a reason: add its code here (with what its parameters are), word it in
``matcher/words.py`` (``Words.reason``), run ``pybabel extract`` and translate it in every catalog
(``tests/test_words.py`` fails until every code has wording and every catalog is complete).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True)
class Reason:
    """One thing to say about a listing or a search: ``code`` (one of :data:`CODES`) and its ``params``.

    Parameters hold only language-free values: vocabulary codes (tuples of ``str``), numbers, a
    :class:`~matcher.schedules.MeetingTimes`, or text the directory wrote (``directory_note``).
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown reason code {self.code!r}")

    def __getitem__(self, name: str) -> object:
        return self.params[name]


#: Every code a Reason may carry, with its parameters. Grouped by where the app shows them.
CODES: Final[dict[str, str]] = {
    # ---- "Why it matched" and "Worth knowing" on a card (scoring.explain)
    "focus_asked": "focus: the listing's topics the person chose",
    "general_for_community": "a general group built for a community the person chose",
    "general_open": "a group for mental health in general, open to any concern",
    "other_topic": "focus: the listing's topics (none of them chosen)",
    "built_for": "communities: the person's communities the listing is built for",
    "open_to_everyone": "no params: a group open to everyone",
    "meant_for": "communities: who the listing is mainly for",
    "runs_program": "communities: the person's communities a facility runs a special program for",
    "program_about": "focus: the person's topics a facility runs a special program about",
    "mainly_about": "focus: the narrower topics it is mainly about (the person chose only the broader one)",
    "facilitation_asked": "facilitation: the way of leading the person prefers",
    "facilitation_other": "facilitation: how the listing is led; wanted: the preferred code",
    "leader_unknown": "no params: the directory does not say who leads",
    "no_fixed_time": "no params: join when it suits (no fixed meeting time)",
    "schedule_fits": "when: MeetingTimes; times, days: what the person said",
    "schedule_partly": "when: MeetingTimes; times, days: what the person said (day or time differs)",
    "in_person_miles": "miles: distance (float); approximate: its place is approximate (bool, may be absent)",
    "local_groups": "no params: in person at a local group of the program, found on its site (no distance known)",
    "online_anywhere": "no params: online, from anywhere",
    "phone_anywhere": "no params: by phone, from anywhere",
    "free_asked": "cost: the listing's (free) cost code",
    "cost": "cost: the listing's cost code",
    "cost_unknown": "no params: cost not stated",
    "payment_asked": "payment: the ways of paying the person has that the listing takes",
    "languages_asked": "languages: the person's languages (not English) the listing is held in",
    "access_asked": "accessibility: the access needs the listing meets",
    "only_for_unsaid": "audience: who it is only for, which the person did not say they are (ranked after)",
    "directory_note": "text: a note the directory wrote (shown as written); translations: language → the "
    "directory's own translation of it (may be absent)",
    "facility_clients": "no params: a treatment facility (its groups may be only for its clients: call first)",
    "facility_main_phone": "phone: its main number (the phone given is its intake line)",
    "facility_approximate": "at: 'city' (its city's center) or '' (an old file's note); absent: its ZIP code's center",
    # ---- who a listing is for (scoring.who_for)
    "who_for": "audience: codes it is only for (empty: everyone); min_age, max_age: int or None",
    # ---- what hid listings (Exclusion.reason); count: how many listings the need hides
    "hidden_audience": "count; audience: AUDIENCES codes they are only for (first four); more: bool",
    "hidden_age": "count; age: the person's age",
    "hidden_topic": "count; focus: what the person chose",
    "hidden_formats": "count; formats: what the person chose",
    "hidden_distance": "count; miles: the person's distance",
    "hidden_access": "count; accessibility: what the person needs",
    "hidden_fee": "count",
    "hidden_payment": "count; payment: the ways of paying the person has",
    "hidden_language": "count; languages: what the person chose",
    # ---- relax offers (RelaxOffer.reason); adds: exactly how many more the change shows
    "offer_other_topics": "adds",
    "offer_fees": "adds",
    "offer_languages": "adds",
    "offer_payment": "adds",
    "offer_formats": "adds; formats: the ways of attending the change adds",
    "offer_distance": "adds; miles: the wider distance",
    "offer_access": "adds; accessibility: the need the change drops",
    # ---- the kinds of group (KindRank.reasons)
    "kind_basics": "kind: what the kind is good for",
    "kind_prefers_peer": "no params",
    "kind_prefers_professional": "no params",
    "kind_not_in_person": "no params",
    "kind_only_in_person": "no params",
    "kind_no_place": "no params",
    "kind_wheelchair": "no params",
    "kind_night": "no params",
    "kind_fellowship": "focus: concerns with long-standing peer fellowships",
    "kind_community": "communities: the person's communities",
    "kind_free_peer": "no params",
    "kind_free_professional": "no params",
    "kind_available": "kind; count: matches of this kind",
    "kind_none_available": "kind",
    # ---- a place look-up (LocationError.reason, Place.note); text: what the person typed (shortened),
    # label, example, suggestion, namesake: gazetteer labels ("Austin, TX"); state: a US state's name
    "place_empty": "no params: nothing typed",
    "place_outside_us": "text; example: a US place of that name, or None",
    "place_not_found": "text; state or None; suggestion (a near spelling) or namesake (same name elsewhere) "
    "and others: bool, or neither",
    "place_whole_state": "state; example: its largest place, or None",
    "place_several": "text; example: the largest of the places of that name",
    "place_not_a_state": "text; region: what came after the comma",
    "place_zip_unknown": "code: the ZIP code",
    "place_zip_digits": "no params: digits that are not a ZIP code",
    "place_too_long": "no params",
    "place_unreadable": "no params: the look-up failed (a defect of ours)",
    "place_list_unreadable": "no params: the gazetteer could not be read",
    "place_online_down": "no params: the online place search did not answer",
    "place_online_not_found": "text",
    "place_chosen": "label: the place chosen among namesakes (a note)",
    "place_state_city": "label; state: a city named like its state was chosen (a note)",
    "place_first_recognized": "label: the first of several places typed (a note)",
    "place_not_within": "label; inner: the part that could not be placed in it (a note)",
    "place_zip_city": "label; code: the unknown ZIP code, the city used instead (a note)",
    "place_online_found": "no params: found with the online place search (a note)",
}

__all__ = ["CODES", "Reason"]
