"""Matches: the three kinds of group ranked for this person, then the listings, best first, with reasons."""

from __future__ import annotations

import streamlit as st

from matcher import Answers, rank_kinds
from matcher.scoring import DISTANCE_STEPS
from pages.common import PAGE_SIZE, card, esc, link, need_answers, origin, page_shell, ranking, set_answers

page_shell()

a = need_answers()
st.title("Groups for you")
if a.in_danger:
    st.error("You told us you may be in danger. Please reach out now: **call or text [988](tel:988)**, "
             "**text HOME to [741741](sms:741741)**, or **call [911](tel:911)** if you are in immediate danger. "
             "A support group can help alongside that, not instead of it.", icon=":material/emergency:")
place, place_error = origin(a)
if place_error:
    st.error(f"{place_error} Showing online and phone groups for now.", icon=":material/location_off:")
    link("pages/questionnaire.py", "Change your place", icon=":material/edit_location:")

st.header("Kinds of group that may suit you")
cols = st.columns(3)
for col, kind in zip(cols, rank_kinds(a), strict=True):
    with col.container(border=True):
        st.markdown(f"**{kind.label}**  \n{kind.score}/100")
        st.markdown("\n".join(f"- {esc(r)}" for r in kind.reasons))
link("pages/guide.py", "Read about the three kinds in the guide", icon=":material/menu_book:")

shown = int(st.session_state.get("shown", PAGE_SIZE))
result = ranking(a, place, limit=shown)


def relax(change: dict[str, object]) -> None:
    set_answers(Answers(**{**a.model_dump(), **change}))


st.header(f"{result.total} group(s) meet your needs" if result.total else "No group meets all your needs yet")
hidden = [ex for ex in result.exclusions if ex.hidden]
if hidden:
    total_hidden = sum(ex.hidden for ex in hidden)
    with st.expander(f"{total_hidden} more group(s) are hidden by what you need — see how to show them",
                     expanded=result.total < 5):
        for ex in hidden:
            st.markdown(f"{esc(ex.message)} **{ex.hidden} more** would show if you relaxed only this.")
            if ex.need == "distance" and result.distance_steps:
                for miles, extra in result.distance_steps.items():
                    st.button(f"Widen to {miles:g} miles to see {extra} more", key=f"widen-{miles}",
                              on_click=relax, args=({"max_distance_miles": miles},))
            elif ex.need == "distance":
                st.button("Search up to 1,000 miles", key="widen-max", on_click=relax,
                          args=({"max_distance_miles": DISTANCE_STEPS[-1] * 4},))
            elif ex.need == "formats":
                st.button("Include online and phone groups", key="relax-formats", on_click=relax,
                          args=({"formats": sorted({*a.formats, "online", "phone"})},))
            elif ex.need == "free_only":
                st.button("Include groups with a fee", key="relax-free", on_click=relax, args=({"free_only": False},))
            elif ex.need == "languages":
                st.button("Include groups in any language", key="relax-lang", on_click=relax,
                          args=({"languages": []},))
            else:
                st.button(ex.relax, key="relax-access", on_click=relax, args=({"accessibility": []},))

for i, match in enumerate(result.matches):
    card(match, key=f"m{i}")
if result.total > len(result.matches):
    st.button(f"Show more ({result.total - len(result.matches)} left)", key="more",
              on_click=lambda: st.session_state.update(shown=shown + PAGE_SIZE))

# National programs anyone can join, always offered, whatever the other needs hid.
anywhere = Answers(**{**a.model_dump(), "formats": ["online", "phone"], "location": None,
                      "free_only": False, "accessibility": [], "languages": []})
national = ranking(anywhere, None, limit=5, real_only=True).matches
if national:
    st.header("Always available: national programs you can join from anywhere")
    for i, match in enumerate(national):
        card(match, key=f"n{i}")
link("pages/map.py", "See in-person groups on a map", icon=":material/map:")
link("pages/shortlist.py", "Your shortlist", icon=":material/bookmark:")
