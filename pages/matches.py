"""Matches: one honest headline, refine in place, find by name, then the listings (real first), best first.

Laid out for a phone: the first listing's name is on the first screen after "See my matches". The
kinds of group, the filters and what was hidden are one line each until opened. The listings and the
name search are fragments, so "show more" reruns only the list, and each card is one too, so a shortlist
tap redraws only its card.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime

import streamlit as st

from matcher import Answers, Place, Ranking, find_by_name, rank_kinds
from ui import session
from ui.cards import card
from ui.config import directory
from ui.i18n import _, ngettext, words
from ui.refine import refine_bar, relax_offers
from ui.shell import crisis_for_you, crisis_help, link, page_nav, page_shell
from ui.state import PAGE_SIZE, national, need_answers, origin, ranking
from ui.text import count, esc, groups, matches_headline

page_shell()

a = need_answers()
st.title(_("Groups for you"), anchor=False)
crisis_help(a)
crisis_for_you(a)
place, place_error = origin(a)
if place_error:
    st.error(
        _("{problem} Showing online and phone groups for now.").format(problem=esc(place_error)),
        icon=":material/location_off:",
    )

result = ranking(a, place, limit=PAGE_SIZE)
# The page also begins with the way to the map and the shortlist: one short row, so the first listing's
# name stays on the first screen of a phone.
page_nav(*(("map", "shortlist") if a.accepts("in_person") else ("shortlist",)), key="top")


st.markdown(f"**{matches_headline(a, place, result)}**")
refine_bar(a, place, result.total)
relax_offers(result, a, key="m")


@st.fragment
def name_search(a: Answers, place: Place | None) -> None:
    """A search box over names and organizations (one line until opened); its results appear right under it."""
    with st.expander(
        _("Find a program by name"), icon=":material/search:", expanded=bool(st.session_state.get(session.NAME_QUERY))
    ):
        query = st.text_input(
            _("Find a program by name"),
            key=session.NAME_QUERY,
            max_chars=100,
            placeholder=_("e.g. TrevorSpace or Compassionate Friends"),
        )
    if not query.strip():
        return
    found = find_by_name(directory(), query, a, origin=place, now=datetime.now(UTC), limit=5)
    if found.matches:
        st.markdown(
            _(
                "Found by name: {groups}. Your other answers do not hide a program you search for by name; "
                "who it is for still applies."
            ).format(groups=groups(len(found.matches)))
        )
        for i, match in enumerate(found.matches):
            card(match, key=f"q{i}", show_score=False, alone=True)
    else:
        st.markdown(_("No program you can join has a name like that. Check the spelling, or try part of the name."))
    if found.not_open:
        st.markdown(
            ngettext(
                "{count} program with a name like that is only for people in a community or an age range you did not "
                "choose, so not shown here.",
                "{count} programs with a name like that are only for people in a community or an age range you did not "
                "choose, so not shown here.",
                found.not_open,
            ).format(count=count(found.not_open))
        )


# A heading for screen readers and keyboard users (h1 → h2 → the cards' h3), taking no room on a phone.
hidden_heading = _("Your matches, best first")
st.html(
    '<h2 style="position:absolute;width:1px;height:1px;margin:0;padding:0;overflow:hidden;'
    f'clip:rect(0 0 0 0);white-space:nowrap">{html.escape(hidden_heading)}</h2>'
)
name_search(a, place)


@st.fragment
def listings(a: Answers, place: Place | None, first: Ranking) -> None:
    """The matches (real, then invented examples), "show more", and "Always available" — rerun alone."""
    shown = int(st.session_state.get(session.SHOWN, PAGE_SIZE))
    result = first if shown <= len(first.matches) else ranking(a, place, limit=shown)
    heading_done = False
    for i, match in enumerate(result.matches):
        if match.listing.sample and not heading_done:
            heading_done = True
            st.header(_("Invented examples (not real groups)"), anchor=False)
            st.markdown(
                _(
                    "These show how the finder works where the directory has no real group yet. "
                    "There is nothing to contact."
                )
            )
        card(match, key=f"m{i}", alone=True)
    left = result.total - len(result.matches)
    if left > 0:
        st.button(
            _("Show {next} more ({left} left)").format(next=min(left, PAGE_SIZE), left=count(left)),
            key="more",
            on_click=lambda: st.session_state.update({session.SHOWN: shown + PAGE_SIZE}),
        )
    listed = frozenset(m.listing.id for m in result.matches)
    programs = national(a, place, listed)
    if programs:
        st.header(_("Always available: national programs you can join from anywhere"), anchor=False)
        for i, match in enumerate(programs):
            card(match, key=f"n{i}", alone=True)


listings(a, place, result)


@st.fragment
def kinds_of_group(a: Answers, result: Ranking) -> None:
    """Which kind of group may suit the person, one line until opened (its words are drawn only then)."""
    kinds = rank_kinds(a, result)
    w = words()

    def listings_of(kind: str) -> str:
        """ "12 listings" of one kind that meet every need: a number never stands alone in a heading."""
        n = result.kind_counts.get(kind, 0)
        return ngettext("{count} listing", "{count} listings", n).format(count=count(n))

    with st.expander(
        _("Which kind of group may suit you: {kinds}").format(
            kinds=", ".join(f"{w.kind_label(k.kind)} ({listings_of(k.kind)})" for k in kinds)
        ),
        key=session.KINDS_OPEN,
        on_change="rerun",
    ) as box:
        if not box.open:
            return
        for kind in kinds:
            st.markdown(
                f"**{w.kind_label(kind.kind)}** · {listings_of(kind.kind)} · "
                + _("fit {score}/100").format(score=kind.score)
                + "\n"
                + "\n".join(f"- {esc(r)}" for r in w.reasons(kind.reasons))
            )
        link("pages/guide.py", _("Read about the three kinds in the guide"), icon=":material/menu_book:")


kinds_of_group(a, result)
if a.accepts("in_person"):  # someone who takes part only online or by phone has nothing to map
    link("pages/map.py", _("See in-person groups on a map"), icon=":material/map:")
link("pages/shortlist.py", _("Your shortlist"), icon=":material/bookmark:")
link("pages/questionnaire.py", _("Change your answers step by step"), icon=":material/checklist:")
page_nav("guide")
