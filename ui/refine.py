"""Refine in place (a filter bar bound to the same answers) and the relax offers for what the answers hid."""

from __future__ import annotations

import streamlit as st

from matcher import (
    ACCESSIBILITY,
    DAYS,
    DISTANCE_STEPS,
    ELIGIBILITY_NEEDS,
    FOCUS,
    FORMATS,
    PAYMENT,
    TIMES_OF_DAY,
    Answers,
    Place,
    Ranking,
    capfirst,
)
from ui import session
from ui.i18n import _, labeled, ngettext, words
from ui.shell import link
from ui.state import answers, set_answers
from ui.text import COMMON_LANGUAGES, count, esc, time_of_day_label

#: The answers the refine bar edits in place (the questionnaire stays the guided way in).
REFINE_FIELDS = (
    "focus",
    "formats",
    "max_distance_miles",
    "free_only",
    "payment",
    "languages",
    "accessibility",
    "days",
    "times",
)
DISTANCE_CHOICES = tuple(int(m) for m in DISTANCE_STEPS)


def apply_change(change: dict[str, object]) -> None:
    """Change some answers (validated), keeping the questionnaire's draft in step."""
    current = answers()
    if current is None:
        return
    new = Answers.model_validate({**current.model_dump(), **change})
    set_answers(new)
    st.session_state[session.REFINED_FOR] = None  # the refine bar re-reads the answers
    draft = st.session_state.get(session.DRAFT)
    if isinstance(draft, dict):
        for name, value in change.items():
            draft[name] = value
            st.session_state.pop(f"{session.QUESTION_PREFIX}{name}", None)


def _refine(name: str) -> None:
    apply_change({name: st.session_state[f"{session.REFINE_PREFIX}{name}"]})


@st.fragment
def refine_bar(a: Answers, place: Place | None, total: int) -> None:
    """A compact filter bar bound to the same answers: a change updates the results right here.

    Its nine widgets are drawn only while it is open (one line until then): a closed bar costs the browser one
    element, not a dozen, on every draw of the matches page. It is a fragment, so opening it redraws only the
    bar; a change in it reruns the whole page, since the list follows the answers. It ends with how many
    listings fit (``total``): on a phone the page's headline is off the screen above an open bar.
    """
    state = st.session_state
    if answers() != a:  # a control here changed the answers this page was drawn for: draw the page again
        st.rerun()
    w = words()
    with st.expander(
        _("Refine (topic, distance, cost, time…)"), icon=":material/tune:", key=session.REFINE_OPEN, on_change="rerun"
    ) as bar:
        if not bar.open:
            return
        keys = [f"{session.REFINE_PREFIX}{name}" for name in REFINE_FIELDS]
        # Streamlit drops a widget's value when it is not drawn: opened again, or back from another page, fill
        # them again.
        if state.get(session.REFINED_FOR) != a or any(k not in state for k in keys):
            for name in REFINE_FIELDS:
                state[f"{session.REFINE_PREFIX}{name}"] = getattr(a, name)
            state[session.REFINED_FOR] = a
        # a label says "none chosen: any" only while none is chosen (the key, not the label, names the widget)
        st.multiselect(
            _("Topics"),
            list(FOCUS),
            format_func=lambda f: capfirst(w.label("focus", f)),
            key="r_focus",
            on_change=_refine,
            args=("focus",),
            placeholder=_("Any topic"),
        )
        st.pills(
            _("How you can take part") if state["r_formats"] else _("How you can take part (none chosen: any way)"),
            list(FORMATS),
            format_func=lambda f: capfirst(w.label("formats", f)),
            selection_mode="multi",
            key="r_formats",
            on_change=_refine,
            args=("formats",),
        )
        if place is not None:
            miles = sorted({*DISTANCE_CHOICES, int(a.max_distance_miles)})
            state["r_max_distance_miles"] = int(state["r_max_distance_miles"])
            st.select_slider(
                _("How far you could travel"),
                miles,
                format_func=labeled(miles, lambda m: _("{miles} miles").format(miles=m)),
                key="r_max_distance_miles",
                on_change=_refine,
                args=("max_distance_miles",),
            )
        st.toggle(_("Free groups only"), key="r_free_only", on_change=_refine, args=("free_only",))
        st.multiselect(
            _("How you could pay (places that take it, and free groups)"),
            list(PAYMENT),
            format_func=lambda c: capfirst(w.label("payment", c)),
            key="r_payment",
            on_change=_refine,
            args=("payment",),
            placeholder=_("Any way"),
        )
        st.multiselect(
            _("Languages") if state["r_languages"] else _("Languages (none chosen: any)"),
            sorted({*COMMON_LANGUAGES, *a.languages}),
            format_func=lambda c: capfirst(w.language_name(c)),
            key="r_languages",
            on_change=_refine,
            args=("languages",),
            placeholder=_("Any language"),
        )
        st.pills(
            _("Access every group must offer"),
            list(ACCESSIBILITY),
            format_func=lambda c: capfirst(w.label("accessibility", c)),
            selection_mode="multi",
            key="r_accessibility",
            on_change=_refine,
            args=("accessibility",),
        )
        st.pills(
            _("Days") if state["r_days"] else _("Days (none chosen: any day)"),
            list(DAYS),
            format_func=w.day_name,
            selection_mode="multi",
            key="r_days",
            on_change=_refine,
            args=("days",),
        )
        st.pills(
            _("Times of day") if state["r_times"] else _("Times of day (none chosen: any time)"),
            list(TIMES_OF_DAY),
            format_func=labeled(TIMES_OF_DAY, time_of_day_label),
            selection_mode="multi",
            key="r_times",
            on_change=_refine,
            args=("times",),
        )
        st.markdown(
            ngettext(
                "**{count} listing** fits these choices.", "**{count} listings** fit these choices.", total
            ).format(count=count(total))
        )
        # the questions again, from the top of the page: on a phone the page's own link is ten listings down
        link("pages/questionnaire.py", _("Change your answers step by step"), icon=":material/checklist:")


def relax_offers(result: Ranking, a: Answers, *, key: str, needs: frozenset[str] | None = None) -> None:
    """What the answers hid, in plain words, with the matcher's offers as buttons (each keeps its word).

    Eligibility (who a group is for, ages) is counted with its reason and has no button.
    """
    hidden = [ex for ex in result.exclusions if (ex.hidden or ex.offers) and (needs is None or ex.need in needs)]
    if not hidden:
        return
    w = words()
    with st.expander(
        _("What you told us hides some groups"), expanded=result.total < 5, icon=":material/visibility_off:"
    ):
        for ex in hidden:
            st.markdown(esc(w.reason(ex.reason)))
            if ex.need in ELIGIBILITY_NEEDS:
                continue
            for j, offer in enumerate(ex.offers):
                if offer.adds > 0:
                    st.button(
                        w.reason(offer.reason),
                        key=f"{key}-relax-{ex.need}-{j}",
                        on_click=apply_change,
                        args=(dict(offer.change),),
                    )
