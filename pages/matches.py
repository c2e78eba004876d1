"""Matches: the three kinds of group ranked for this person, then the listings, best first, with reasons."""

from __future__ import annotations

import streamlit as st

from matcher import always_available, rank_kinds
from pages.common import PAGE_SIZE, card, directory, esc, link, need_answers, origin, page_shell, ranking, set_answers

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

shown = int(st.session_state.get("shown", PAGE_SIZE))
result = ranking(a, place, limit=shown)

st.header("Kinds of group that may suit you")
cols = st.columns(3)
for col, kind in zip(cols, rank_kinds(a, result), strict=True):
    with col.container(border=True):
        st.markdown(f"**{kind.label}**  \n{kind.score}/100")
        st.markdown("\n".join(f"- {esc(r)}" for r in kind.reasons))
link("pages/guide.py", "Read about the three kinds in the guide", icon=":material/menu_book:")



def relax(change: dict[str, object]) -> None:
    set_answers(a.model_copy(update=dict(change)))


def groups(n: int) -> str:
    return f"{n} group" if n == 1 else f"{n} groups"


verb = "meets" if result.total == 1 else "meet"
st.header(f"{groups(result.total)} {verb} your needs" if result.total else "No group meets all your needs yet")
hidden = [ex for ex in result.exclusions if ex.hidden or ex.offers]
if hidden:
    total_hidden = sum(ex.hidden for ex in hidden)
    with st.expander(f"{groups(total_hidden)} hidden by what you told us — see why and how to show them",
                     expanded=result.total < 5):
        for ex in hidden:
            st.markdown(esc(ex.message))
            for j, offer in enumerate(ex.offers):
                st.button(offer.label, key=f"relax-{ex.need}-{j}", on_click=relax, args=(offer.change,))

for i, match in enumerate(result.matches):
    card(match, key=f"m{i}")
if result.total > len(result.matches):
    st.button(f"Show more ({result.total - len(result.matches)} left)", key="more",
              on_click=lambda: st.session_state.update(shown=shown + PAGE_SIZE))

# National programs anyone eligible can join, always offered, skipping what is listed above.
national = always_available(directory(), a, origin=place, exclude_ids=frozenset(m.listing.id for m in result.matches))
if national:
    st.header("Always available: national programs you can join from anywhere")
    for i, match in enumerate(national):
        card(match, key=f"n{i}")
link("pages/map.py", "See in-person groups on a map", icon=":material/map:")
link("pages/shortlist.py", "Your shortlist", icon=":material/bookmark:")
