"""Questionnaire: eight short steps, each one skippable. Starts with a safety check; not a diagnosis.

Each step is drawn in a fragment, so a tap inside it (a pill, Next, Back, Skip) reruns only the step,
not the whole page. The place is checked when the person presses Next, not only on Enter.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from matcher import (
    COMMUNITIES,
    DAYS,
    DEFAULT_MAX_DISTANCE_MILES,
    DISTANCE_STEPS,
    FOCUS,
    FORMATS,
    PAYMENT,
    TIMES_OF_DAY,
    LocationError,
    Place,
    capfirst,
    geocode,
    miles_to_km,
)
from ui import session
from ui.config import settings
from ui.draft import DECLINED_CHOICE, SAFETY_CHOICES, SAFETY_QUESTION, answers_so_far, finished_answers
from ui.i18n import N_, _, labeled, words
from ui.shell import clear_and_restart, crisis_help, page_nav, page_shell
from ui.state import answers, set_answers
from ui.text import COMMON_LANGUAGES, esc, time_of_day_label

page_shell()

STEPS = [
    N_("Safety"),
    N_("What brings you"),
    N_("About you"),
    N_("How to take part"),
    N_("Where"),
    N_("When"),
    N_("Practical needs"),
    N_("Review"),
]
DISTANCES = [int(m) for m in DISTANCE_STEPS]
DEFAULT_MILES = int(DEFAULT_MAX_DISTANCE_MILES)
FACILITATION_CHOICES = {
    "any": N_("Either is fine"),
    "peer": N_("People who've been there (peers)"),
    "professional": N_("A professional (therapist or counselor)"),
}
AGE_QUESTION = N_("How old are you? (optional — some groups are for certain ages)")
ACCESS_CHOICES = {"wheelchair": N_("Wheelchair access"), "asl": N_("American Sign Language (ASL)")}
PLACE_KEY = f"{session.QUESTION_PREFIX}location"

state = st.session_state
if session.DRAFT not in state:
    previous = answers()
    state[session.DRAFT] = previous.model_dump() if previous else {}
state.setdefault(session.STEP, 0)


def draft() -> dict[str, Any]:
    """The answers so far (read fresh on every run: Start over replaces the dict)."""
    value = state.setdefault(session.DRAFT, {})
    assert isinstance(value, dict)
    return value


def bind(field: str, default: Any) -> str:
    """Widget key for a draft field, restored from the draft when the widget comes back on screen."""
    key = f"{session.QUESTION_PREFIX}{field}"
    # Set again even when present: a language switch rewords a widget's options, which Streamlit takes for a new
    # widget, and a widget's own value would be dropped for its default (25 miles became 5 on "Español").
    state[key] = state[key] if key in state else draft().get(field, default)
    return key


def keep(field: str) -> None:
    draft()[field] = state[f"{session.QUESTION_PREFIX}{field}"]


def go(delta: int) -> None:
    state[session.STEP] = max(0, min(len(STEPS) - 1, state[session.STEP] + delta))


def next_step() -> None:
    """Next. On the place step, check what is in the box now (typed without Enter too); stay if unknown."""
    if state[session.STEP] == STEPS.index("Where"):
        typed = str(state.get(PLACE_KEY) or "").strip()
        draft()["location"] = typed
        found: LocationError | None = None
        try:
            if typed:
                geocode(typed, online=settings().online_geocoder)
        except LocationError as exc:
            found = exc
        if found is None:
            state.pop(session.PLACE_ABROAD, None)
        elif not found.outside_us:
            return  # stay: the step shows the message and the suggestions
        elif state.get(session.PLACE_ABROAD) != typed:
            state[session.PLACE_ABROAD] = typed
            return  # stay once: the step says it is outside the US, as Enter does; Next again goes on
        else:
            draft().pop("location", None)  # outside the US: go on with online and phone groups
    go(1)


def skip(*fields: str) -> None:
    for f in fields:
        draft().pop(f, None)
        state.pop(f"{session.QUESTION_PREFIX}{f}", None)
    if "location" in fields:
        state.pop(session.PLACE_ABROAD, None)
    go(1)


def pick_place(label: str) -> None:
    """One tap on a suggested place puts it in the box (the check then finds it)."""
    state[PLACE_KEY] = label
    draft()["location"] = label


def said(field: str, vocabulary: str, empty: str) -> str:
    w = words()
    return ", ".join(w.label(vocabulary, c) for c in draft().get(field) or []) or empty


def safety_step() -> tuple[str, ...]:
    """The safety check. After "Yes" the help box comes first, right under the step's title, so its first
    ways to reach help are on the first screen of a phone; the question stays below it to change."""
    choice = draft().get("in_danger_text")
    danger = choice == "Yes"
    intro = _(
        "This is **not a diagnosis**, just a few questions to find groups you might like. "
        "Every question can be skipped. **Your answers are not stored**: they stay in this "
        "browser session and are gone when you close it."
    )
    if danger:
        crisis_help(answers_so_far(draft()), in_danger=True, declined=False)
    else:
        st.markdown(intro)
    st.radio(
        _(SAFETY_QUESTION),
        SAFETY_CHOICES,
        index=None,
        format_func=labeled(SAFETY_CHOICES, _),
        key=bind("in_danger_text", None),
        on_change=keep,
        args=("in_danger_text",),
    )
    if danger:
        st.markdown(intro)
    else:
        crisis_help(answers_so_far(draft()), in_danger=False, declined=choice == DECLINED_CHOICE)
    return ("in_danger_text",)


def place_unresolved() -> bool:
    typed = str(draft().get("location") or "").strip()
    if not typed:
        return False
    try:
        geocode(typed, online=settings().online_geocoder)
    except LocationError as exc:
        return not exc.outside_us
    return False


def place_step() -> tuple[str, ...]:
    st.text_input(
        _("Your ZIP code or city (for groups that meet in person)"),
        placeholder=_("e.g. 94110 or Austin, TX"),
        key=bind("location", ""),
        on_change=keep,
        args=("location",),
        max_chars=80,
    )
    st.select_slider(
        _("How far could you travel?"),
        DISTANCES,
        format_func=labeled(
            DISTANCES, lambda m: _("{miles} miles ({km} km)").format(miles=m, km=f"{miles_to_km(m):.0f}")
        ),
        key=bind("max_distance_miles", DEFAULT_MILES),
        on_change=keep,
        args=("max_distance_miles",),
    )
    typed = str(draft().get("location") or "").strip()
    if typed:
        found: Place | LocationError
        try:
            found = geocode(typed, online=settings().online_geocoder)
        except LocationError as exc:
            found = exc
        if isinstance(found, Place):
            st.success(_("Found: {place}").format(place=esc(found.label)), icon=":material/location_on:")
            if found.note is not None:
                st.markdown(esc(words().reason(found.note)))
        else:
            st.error(esc(words().reason(found.reason)), icon=":material/location_off:")
            candidates = list(found.candidates)[:8]
            if candidates:
                st.markdown(_("Did you mean one of these? Tap one to use it."))
                with st.container(horizontal=True, wrap=True):
                    for i, label in enumerate(candidates):
                        st.button(esc(label), key=f"{session.PLACE_PICK_PREFIX}{i}", on_click=pick_place, args=(label,))
            if found.outside_us:
                # Only Next marks the place as told (Next then stays once): a tap on Next right after typing
                # arrives with the text's own rerun, before the person could read this.
                st.info(
                    _("Press Next to go on with online and phone groups, or type a US place."), icon=":material/public:"
                )
            else:
                st.warning(
                    _("Fix the place above (or tap a suggestion), or press Skip to search without one.")
                    if candidates
                    else _("Fix the place above, or press Skip to search without one."),
                    icon=":material/edit_location:",
                )
    st.markdown(
        _(
            "Your place is used only to measure distances here (an online lookup is used for places our "
            "list does not know)."
        )
        if settings().online_geocoder
        else _("Your place is used only to measure distances here, on this server; it is not sent anywhere.")
    )
    return ("location", "max_distance_miles")


def review_step() -> None:
    d = draft()
    w = words()
    st.markdown(_("Here is what you told us. Go back to change anything."))
    abroad = str(state.get(session.PLACE_ABROAD) or "")
    where = (
        _("{place}, up to {miles} miles").format(place=d["location"], miles=d.get("max_distance_miles", DEFAULT_MILES))
        if d.get("location")
        else _("{place}, outside the US (online and phone groups)").format(place=abroad)
        if abroad
        else _("not said (online and phone groups)")
    )
    rows = {
        _("What brings you"): said("focus", "focus", _("not said")),
        _("About you"): ", ".join(
            ([_("age {age}").format(age=d["age"])] if d.get("age") else [])
            + [w.label("communities", c) for c in d.get("communities") or []]
        )
        or _("not said"),
        _("How"): said("formats", "formats", _("any way")),
        _("Led by"): _(FACILITATION_CHOICES[d.get("facilitation") or "any"]),
        _("Where"): where,
        _("When"): ", ".join(
            [w.day_name(x) for x in d.get("days") or []] + [w.label("times", t) for t in d.get("times") or []]
        )
        or _("any time"),
        # the languages are their own row: "Needs: español" read as if Spanish were a need like wheelchair access
        _("Language"): w.languages(d.get("languages") or [], "or") or _("any language"),
        _("Needs"): ", ".join(
            ([_("free only")] if d.get("free_only") else [])
            + [_("takes {way}").format(way=w.label("payment", c)) for c in d.get("payment") or []]
            + [w.label("accessibility", c) for c in d.get("accessibility") or []]
        )
        or _("none"),
    }
    # Everything typed is shown as plain text: no links, images or formatting from what was typed.
    st.markdown("\n".join(f"- **{k}:** {esc(v)}" for k, v in rows.items()))

    def finish() -> None:
        found, state[session.DECLINED] = finished_answers(draft(), st.context.timezone)
        set_answers(found)
        state[session.GO_TO_MATCHES] = True

    st.button(_("See my matches"), type="primary", on_click=finish, icon=":material/groups:")
    if state.pop(session.GO_TO_MATCHES, False):
        st.switch_page("pages/matches.py")


@st.fragment
def questionnaire() -> None:
    step: int = state[session.STEP]
    st.progress(
        (step + 1) / len(STEPS),
        text=_("Step {step} of {steps}: {name}").format(step=step + 1, steps=len(STEPS), name=_(STEPS[step])),
    )
    w = words()
    fields: tuple[str, ...] = ()
    if step == 0:
        fields = safety_step()
    elif step == 1:
        st.pills(
            _("What brings you here? Pick any that fit."),
            list(FOCUS),
            format_func=lambda f: capfirst(w.label("focus", f)),
            selection_mode="multi",
            key=bind("focus", []),
            on_change=keep,
            args=("focus",),
        )
        fields = ("focus",)
    elif step == 2:
        st.number_input(
            _(AGE_QUESTION),
            min_value=10,
            max_value=120,
            step=1,
            value=None,
            key=bind("age", None),
            on_change=keep,
            args=("age",),
            placeholder=_("Your age in years"),
        )
        st.pills(
            _("Which of these describe you? We look for groups for people like you. (Optional)"),
            list(COMMUNITIES),
            format_func=lambda c: capfirst(w.label("communities", c)),
            selection_mode="multi",
            key=bind("communities", []),
            on_change=keep,
            args=("communities",),
        )
        st.markdown(
            _(
                "Choose “family members and caregivers” if you are one: you care for or support someone "
                "who is struggling."
            )
        )
        fields = ("age", "communities")
    elif step == 3:
        st.pills(
            _("How can you take part?"),
            list(FORMATS),
            format_func=lambda f: capfirst(w.label("formats", f)),
            selection_mode="multi",
            key=bind("formats", []),
            on_change=keep,
            args=("formats",),
        )
        st.radio(
            _("Who would you like to lead the group?"),
            list(FACILITATION_CHOICES),
            format_func=labeled(FACILITATION_CHOICES, lambda c: _(FACILITATION_CHOICES[c])),
            key=bind("facilitation", "any"),
            on_change=keep,
            args=("facilitation",),
        )
        fields = ("formats", "facilitation")
    elif step == 4:
        fields = place_step()
    elif step == 5:
        st.pills(
            _("Which days could you go?"),
            list(DAYS),
            format_func=w.day_name,
            selection_mode="multi",
            key=bind("days", []),
            on_change=keep,
            args=("days",),
        )
        st.pills(
            _("What times of day suit you?"),
            list(TIMES_OF_DAY),
            selection_mode="multi",
            format_func=labeled(TIMES_OF_DAY, time_of_day_label),
            key=bind("times", []),
            on_change=keep,
            args=("times",),
        )
        fields = ("days", "times")
    elif step == 6:
        st.toggle(
            _("Free groups only (donations welcome counts as free)"),
            key=bind("free_only", False),
            on_change=keep,
            args=("free_only",),
        )
        st.pills(
            _(
                "How you could pay, if a place charges (for example, “I have Medicaid”): we show places that "
                "take it and every free group"
            ),
            list(PAYMENT),
            format_func=lambda c: capfirst(w.label("payment", c)),
            selection_mode="multi",
            key=bind("payment", []),
            on_change=keep,
            args=("payment",),
        )
        st.pills(
            _("Languages you can take part in (leave empty for any)"),
            COMMON_LANGUAGES,
            format_func=lambda c: capfirst(w.language_name(c)),
            selection_mode="multi",
            key=bind("languages", []),
            on_change=keep,
            args=("languages",),
        )
        st.pills(
            _("Access needs every group must meet"),
            list(ACCESS_CHOICES),
            format_func=labeled(ACCESS_CHOICES, lambda c: _(ACCESS_CHOICES[c])),
            selection_mode="multi",
            key=bind("accessibility", []),
            on_change=keep,
            args=("accessibility",),
        )
        fields = ("free_only", "payment", "languages", "accessibility")
    else:
        review_step()

    cols = st.columns(3)
    if step > 0:
        cols[0].button(_("Back"), on_click=go, args=(-1,), icon=":material/arrow_back:", width="stretch")
    if step < len(STEPS) - 1:
        cols[1].button(
            _("Skip"), on_click=skip, args=fields, width="stretch", help=_("Leave this question out and go on")
        )
        # A place already known to be unresolved keeps Next off; one typed without Enter is checked on Next.
        cols[2].button(
            _("Next"),
            on_click=next_step,
            type="primary",
            icon=":material/arrow_forward:",
            width="stretch",
            disabled=step == STEPS.index("Where") and place_unresolved(),
        )


st.title(_("Find groups that fit you"), anchor=False)
questionnaire()
# Outside the step's fragment: the same on every step, so a Next does not send it to the browser again.
st.divider()
with st.container(horizontal=True, vertical_alignment="center", key="start_over"):
    st.button(_("Start over"), on_click=clear_and_restart, icon=":material/restart_alt:")
    st.markdown(_("Start over clears your answers and shortlist and goes back to step 1."))
page_nav("guide", *(("matches", "shortlist") if answers() is not None else ()))
