"""Questionnaire: eight short, skippable steps. Starts with a safety check; not a diagnosis."""

from __future__ import annotations

from typing import Any

import streamlit as st
from pydantic import ValidationError

from matcher import (
    COMMUNITIES,
    DAYS,
    FOCUS,
    FORMATS,
    TIMES_OF_DAY,
    Answers,
    LocationError,
    geocode,
)
from matcher.vocabulary import LANGUAGE_NAMES
from pages.common import answers, page_shell, set_answers, settings

page_shell()

STEPS = ["Safety", "What brings you", "Who with", "How to attend", "Where", "When", "Practical needs", "Review"]
DISTANCES = [5, 10, 25, 50, 100]
COMMON_LANGUAGES = ["en", "es", "zh", "vi", "ko", "tl", "ar", "fr", "ru", "ht"]
FACILITATION_CHOICES = {"any": "Either is fine", "peer": "People who've been there (peers)",
                        "professional": "A professional (therapist or counselor)"}

state = st.session_state
if "draft" not in state:
    previous = answers()
    state.draft = previous.model_dump() if previous else {}
state.setdefault("step", 0)
draft: dict[str, Any] = state.draft


def bind(field: str, default: Any) -> str:
    """Widget key for a draft field, restored from the draft when the widget comes back on screen."""
    key = f"q_{field}"
    if key not in state:
        state[key] = draft.get(field, default)
    return key


def keep(field: str) -> None:
    draft[field] = state[f"q_{field}"]


def go(delta: int) -> None:
    state.step = max(0, min(len(STEPS) - 1, state.step + delta))


def skip(*fields: str) -> None:
    for f in fields:
        draft.pop(f, None)
        state.pop(f"q_{f}", None)
    go(1)


step: int = state.step
place_error: str | None = None
st.title("Find groups that fit you")
st.progress((step + 1) / len(STEPS), text=f"Step {step + 1} of {len(STEPS)}: {STEPS[step]}")

if step == 0:
    st.markdown("This is **not a diagnosis** — just a few questions to find groups you might like. "
                "Every question can be skipped. **Your answers are not stored**: they stay in this "
                "browser session and are gone when you close it.")
    st.radio("Are you thinking about harming yourself, or are you in danger right now?",
             ["No", "Yes", "I'd rather not say"], index=None, key=bind("in_danger_text", None),
             on_change=keep, args=("in_danger_text",))
    if draft.get("in_danger_text") == "Yes":
        st.error(
            "**Please reach out now — you don't have to wait for a group.**\n\n"
            "- In immediate danger: **call [911](tel:911)**\n"
            "- **Call or text [988](tel:988)** — the Suicide & Crisis Lifeline, free, 24/7, in English and "
            "Spanish (veterans: press 1)\n"
            "- **Text HOME to [741741](sms:741741)** — Crisis Text Line, any time\n\n"
            "When you're ready, you can still go on and find a support group.",
            icon=":material/emergency:")
    fields: tuple[str, ...] = ("in_danger_text",)
elif step == 1:
    st.pills("What brings you here? Pick any that fit.", list(FOCUS), format_func=FOCUS.get,
             selection_mode="multi", key=bind("focus", []), on_change=keep, args=("focus",))
    fields = ("focus",)
elif step == 2:
    st.pills("Are you part of any of these? Some groups are only for them, and many people value a group "
             "of people who share that part of their life. (Optional)", list(COMMUNITIES),
             format_func=COMMUNITIES.get, selection_mode="multi", key=bind("communities", []),
             on_change=keep, args=("communities",))
    st.number_input("How old are you? (Optional: some groups are for certain ages)", min_value=10,
                    max_value=120, step=1, value=None, key=bind("age", None), on_change=keep, args=("age",))
    fields = ("communities", "age")
elif step == 3:
    st.pills("How can you take part?", list(FORMATS), format_func=lambda f: FORMATS[f].capitalize(),
             selection_mode="multi", key=bind("formats", []), on_change=keep, args=("formats",))
    st.radio("Who would you like to lead the group?", list(FACILITATION_CHOICES),
             format_func=FACILITATION_CHOICES.get, key=bind("facilitation", "any"), on_change=keep,
             args=("facilitation",))
    fields = ("formats", "facilitation")
elif step == 4:
    st.text_input("Your ZIP code or city (for groups that meet in person)", placeholder="e.g. 94110 or Austin, TX",
                  key=bind("location", ""), on_change=keep, args=("location",), max_chars=80)
    st.select_slider("How far could you travel?", DISTANCES, format_func=lambda m: f"{m} miles ({m * 1.609:.0f} km)",
                     key=bind("max_distance_miles", 25), on_change=keep, args=("max_distance_miles",))
    if draft.get("location"):
        try:
            place = geocode(str(draft["location"]), online=settings().online_geocoder)
            st.success(f"Found: {place.label}", icon=":material/location_on:")
        except LocationError as exc:
            place_error = exc.message
            st.error(exc.message, icon=":material/location_off:")
            if exc.candidates:
                st.markdown("Did you mean: " + "; ".join(exc.candidates))
    st.markdown("Your place is used only to measure distances here"
               + (" (an online lookup is used for places our list does not know)." if settings().online_geocoder
                  else ", on this server; it is not sent anywhere."))
    fields = ("location", "max_distance_miles")
elif step == 5:
    st.pills("Which days could you go?", list(DAYS), format_func=DAYS.get, selection_mode="multi",
             key=bind("days", []), on_change=keep, args=("days",))
    st.pills("What times of day suit you?", list(TIMES_OF_DAY), selection_mode="multi",
             format_func=lambda t: f"{TIMES_OF_DAY[t][0].capitalize()} ({TIMES_OF_DAY[t][1]:02d}–"
                                   f"{TIMES_OF_DAY[t][2]:02d})",
             key=bind("times", []), on_change=keep, args=("times",))
    fields = ("days", "times")
elif step == 6:
    st.toggle("Free groups only (donations welcome counts as free)", key=bind("free_only", False),
              on_change=keep, args=("free_only",))
    st.pills("Languages you can take part in (leave empty for any)", COMMON_LANGUAGES,
             format_func=LANGUAGE_NAMES.get, selection_mode="multi", key=bind("languages", []),
             on_change=keep, args=("languages",))
    st.pills("Access needs every group must meet", ["wheelchair", "asl"],
             format_func={"wheelchair": "Wheelchair access", "asl": "American Sign Language (ASL)"}.get,
             selection_mode="multi", key=bind("accessibility", []), on_change=keep, args=("accessibility",))
    fields = ("free_only", "languages", "accessibility")
else:
    fields = ()
    st.markdown("Here is what you told us. Go back to change anything.")
    said = {
        "What brings you": ", ".join(FOCUS[f] for f in draft.get("focus") or []) or "not said",
        "Who with": ", ".join(COMMUNITIES[c] for c in draft.get("communities") or []) or "anyone",
        "Age": str(draft["age"]) if draft.get("age") else "not said",
        "How": ", ".join(FORMATS[f] for f in draft.get("formats") or []) or "any way",
        "Led by": FACILITATION_CHOICES[draft.get("facilitation") or "any"],
        "Where": (f"{draft['location']}, up to {draft.get('max_distance_miles', 25)} miles"
                  if draft.get("location") else "not said (online and phone groups)"),
        "When": ", ".join([DAYS[d] for d in draft.get("days") or []]
                          + [TIMES_OF_DAY[t][0] for t in draft.get("times") or []]) or "any time",
        "Needs": ", ".join((["free only"] if draft.get("free_only") else [])
                           + [LANGUAGE_NAMES.get(c, c) for c in draft.get("languages") or []]
                           + list(draft.get("accessibility") or [])) or "none",
    }
    st.markdown("\n".join(f"- **{k}:** {v.replace('[', '(').replace(']', ')')}" for k, v in said.items()))

    def finish() -> None:
        values = {k: v for k, v in draft.items() if k in Answers.model_fields and v not in (None, "", [])}
        values["in_danger"] = {"Yes": True, "No": False}.get(str(draft.get("in_danger_text")))
        values["timezone"] = st.context.timezone if st.context.timezone else None
        try:
            set_answers(Answers(**values))
        except ValidationError:
            values.pop("timezone", None)
            set_answers(Answers(**values))
        state.go_to_matches = True

    st.button("See my matches", type="primary", on_click=finish, icon=":material/groups:")
    if state.pop("go_to_matches", False):
        st.switch_page("pages/matches.py")

cols = st.columns(3)
if step > 0:
    cols[0].button("Back", on_click=go, args=(-1,), icon=":material/arrow_back:", width="stretch")
if 0 < step < len(STEPS) - 1:
    cols[1].button("Skip", on_click=skip, args=fields, width="stretch")
if step < len(STEPS) - 1:
    blocked = step == 4 and bool(draft.get("location")) and place_error is not None
    cols[2].button("Next", on_click=go, args=(1,), type="primary", disabled=blocked,
                   icon=":material/arrow_forward:", width="stretch")
    if blocked:
        st.markdown("Fix the place above, or press Skip to search without one.")
