"""The listing card: its facts, why it matched, and its call, website, directions and shortlist buttons."""

from __future__ import annotations

from urllib.parse import quote_plus, urlparse

import streamlit as st

from matcher import ACCESSIBILITY, COST, FACILITATION, FORMATS, PAYMENT, Match, dial, human_join, language_label
from ui.config import settings
from ui.state import shortlist, toggle
from ui.text import esc


def directions_url(where: str) -> str:
    """A map site's search for the address; opened only when the person taps it (nothing sent before)."""
    return "https://www.openstreetmap.org/search?query=" + quote_plus(where)


def facts(match: Match) -> list[str]:
    """The facts every card shows, a few short lines: who, how and when, where, cost, languages, access."""
    g = match.listing
    how = match.how_to_attend.capitalize() or human_join([FORMATS[f] for f in g.formats], "or").capitalize()
    lines = [f"**Who it is for:** {esc(match.who_for)}", f"**How:** {esc(how)} · **When:** {esc(match.when)}"]
    if match.next_meeting is not None:
        when = match.next_meeting  # "Thursday, December 3, 7:00 pm", as schedules are written
        day = f"{when:%A, %B} {when.day}, {when:%-I:%M} {'am' if when.hour < 12 else 'pm'}"
        lines.append(f"**Next meeting:** {esc(day)} your time")
    if g.where and "in_person" in g.formats:
        away = f" ({match.distance_miles:.1f} mi, {match.distance_km or 0:.1f} km away)" \
            if match.distance_miles is not None else ""
        lines.append(f"**Where:** {esc(g.where)}{away}")
    access = [ACCESSIBILITY[c] for c in g.accessibility]
    lines.append(f"**Cost:** {esc(COST[g.cost].capitalize()) if g.cost else 'Not stated'} · "
                 f"**Languages:** {esc(human_join([language_label(c) for c in g.languages]) or 'Not stated')} · "
                 f"**Access:** {esc(human_join(access).capitalize()) if access else 'None listed'}")
    if g.payment:
        lines.append(f"**Takes:** {esc(human_join([PAYMENT[c] for c in g.payment]))}")
    return lines


def source_line(match: Match) -> str:
    """Where a listing copied from a published directory comes from, and to call first; "" for the deployer's own."""
    g = match.listing
    if not g.source:
        return ""
    return f"Listed in {esc(g.source)}; call to confirm."


def _source_button(match: Match) -> None:
    """A link to the published directory a listing comes from (FindTreatment.gov for SAMHSA's)."""
    g = match.listing
    if g.source and g.source_url:
        host = (urlparse(g.source_url).hostname or "").removeprefix("www.")
        st.link_button(f"Look it up on {esc(host)}" if host else "Source", g.source_url,
                       icon=":material/fact_check:")


def card(match: Match, key: str, *, show_score: bool = True) -> None:
    """One listing as a readable card: facts, why it matched, worth knowing, contact and shortlist buttons.

    Every piece of directory text goes through ``esc`` (inert: no links, images, icons or math).
    """
    g = match.listing
    with st.container(border=True):
        if g.sample:
            st.badge("Invented example — not a real group", icon=":material/science:", color="orange")
        st.subheader(esc(g.name), anchor=False)
        kind = ", ".join(FACILITATION[f].capitalize() for f in g.facilitation) or "Leader not stated"
        org = f" · {esc(g.organization)}" if g.organization else ""
        score = f" · **Fit {match.score}/100**" if show_score else ""
        st.markdown(f"{esc(kind)}{org}{score}")
        st.markdown("  \n".join(facts(match)))
        if g.description:
            text = g.description if len(g.description) <= 280 else g.description[:277].rsplit(" ", 1)[0] + " …"
            st.markdown(esc(text))
        if match.reasons:
            st.markdown("**Why it matched**\n" + "\n".join(f"- {esc(r)}" for r in match.reasons))
        if match.worth_knowing:
            st.markdown("**Worth knowing**\n" + "\n".join(f"- {esc(r)}" for r in match.worth_knowing))
        if g.sample:
            st.markdown("Invented example — there is nothing to contact.")
        else:
            verified = f"Last verified {esc(g.last_verified)}" if g.last_verified else "Not yet verified by this site"
            if g.source:  # "last verified" stays what the deploying organization checked itself
                st.markdown(source_line(match))
            if g.phone:
                ahead = "Call ahead: times and places change."
            elif "in_person" in g.formats:
                ahead = "Find your local chapter or meeting on their site: times and places change."
            else:
                ahead = "Join through their site: details there can change."
            st.markdown(f"{verified} · {ahead}")
            number = dial(g.phone) if g.phone else None
            if g.phone and (number is None or number.rest):  # the text as written: no button dials it all
                st.markdown(f"Phone: {esc(g.phone)}")
        with st.container(horizontal=True, gap="small"):
            if not g.sample:
                if g.join_url and "online" in g.formats:  # checked as http(s) when the directory was loaded
                    st.link_button("Join online", g.join_url, icon=":material/videocam:", type="primary",
                                   help="Opens the meeting's own link (Zoom or similar) in a new tab.")
                if number is not None:
                    st.link_button(f"Call {esc(number.shown)}", number.href, icon=":material/call:")
                if g.url:
                    st.link_button("Website", g.url, icon=":material/open_in_new:")
                _source_button(match)
                if g.where and "in_person" in g.formats:
                    st.link_button("Directions", directions_url(g.where), icon=":material/directions:",
                                   help="Opens OpenStreetMap with this address. Nothing is sent until you tap.")
            on_list = g.id in shortlist()
            st.button("Remove from shortlist" if on_list else "Add to shortlist", key=f"{key}-{g.id}",
                      on_click=toggle, args=(match,),
                      icon=":material/bookmark_remove:" if on_list else ":material/bookmark_add:")
        report = "" if g.sample else settings().report_link(g.id, g.name)
        if report:  # the deployer's address or form; it carries the listing's id and name, never the answers
            st.link_button("Report a problem with this listing", report, type="tertiary", icon=":material/flag:",
                           help="Opens your own mail app (or this site's form) with this listing's name. "
                                "Nothing you told us is included.")
