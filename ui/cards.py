"""The listing card: its facts, why it matched, and its call, website, directions and shortlist buttons."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus, urlparse

import streamlit as st

from matcher import Dial, Match, MeetingTime, capfirst, dial, placed_approximately
from ui import session
from ui.config import settings
from ui.i18n import _, language, words
from ui.state import shortlist, toggle
from ui.text import esc, led_by, next_time, weekly_time


def directions_url(where: str) -> str:
    """A map site's search for the address; opened only when the person taps it (nothing sent before)."""
    return "https://www.openstreetmap.org/search?query=" + quote_plus(where)


def seen_here(match: Match) -> MeetingTime | None:
    """The listing's meeting time for whoever looks at this screen: in the group's zone, and in this
    browser's zone when it differs (a shared link opened elsewhere says the viewer's own time, never
    the sender's). Without a browser zone, what the matcher knew of the person's zone stands."""
    if match.meeting is None:
        return None
    viewer = st.context.timezone
    return match.meeting.seen_in(viewer) if viewer else match.meeting


def facts(match: Match) -> list[str]:
    """The facts every card shows, a few short lines: who, how and when, where, cost, languages, access.

    Every code (who it is for, ways of attending, cost, payment, languages, access) is worded in the
    person's language; the directory's own text (address) is shown as written, made inert.
    """
    w = words()
    g = match.listing
    how = capfirst(w.how_to_attend(match.attend) or w.how_to_attend(g.formats))
    meeting = seen_here(match)
    when = weekly_time(meeting) if meeting is not None else capfirst(w.times(match))
    lines = [
        _("**Who it is for:** {who}").format(who=esc(w.who_for(match.who_for))),
        _("**How:** {how} · **When:** {when}").format(how=esc(how), when=esc(when)),
    ]
    if meeting is not None:
        lines.append(_("**Next meeting:** {day}").format(day=esc(next_time(meeting))))
    if g.where and "in_person" in g.formats:
        away = (
            f" ({esc(w.away(match.distance_miles, approximate=placed_approximately(match)))})"
            if match.distance_miles is not None
            else ""
        )
        lines.append(_("**Where:** {where}{away}").format(where=esc(g.where), away=away))
    elif local_groups(match):
        lines.append(_("**Where:** near you, at a local group their site lists"))
    cost = esc(capfirst(w.label("cost", g.cost))) if g.cost else _("Not stated")
    langs = esc(capfirst(w.languages(g.languages))) if g.languages else _("Not stated")
    access = esc(capfirst(w.labels("accessibility", g.accessibility))) if g.accessibility else _("None listed")
    lines.append(
        _("**Cost:** {cost} · **Languages:** {languages} · **Access:** {access}").format(
            cost=cost, languages=langs, access=access
        )
    )
    if g.payment:
        lines.append(_("**Takes:** {payment}").format(payment=esc(w.labels("payment", g.payment))))
    return lines


def local_groups(match: Match) -> bool:
    """The person takes part in person at one of the program's local groups (chapters, meetings), found on
    the program's own page: no address, no distance, no map dot."""
    g = match.listing
    return bool(g.local_groups) and "in_person" in match.attend and g.latitude is None


def source_line(match: Match) -> str:
    """Where a listing copied from a published directory comes from, and to call first; "" for the deployer's own."""
    g = match.listing
    if not g.source:
        return ""
    return _("Listed in {source}; call to confirm.").format(source=esc(words().source(g)))


def _source_button(match: Match) -> None:
    """A link to the published directory a listing comes from (FindTreatment.gov for SAMHSA's)."""
    g = match.listing
    if g.source and g.source_url:
        host = (urlparse(g.source_url).hostname or "").removeprefix("www.")
        st.link_button(
            _("Look it up on {host}").format(host=esc(host)) if host else _("Source"),
            g.source_url,
            icon=":material/fact_check:",
        )


def spanish_badge(match: Match) -> bool:
    """A listing held in Spanish says so in Spanish, whatever the interface language ("Se habla español")."""
    return "es" in match.listing.languages


def card(match: Match, key: str, *, show_score: bool = True, alone: bool = False) -> None:
    """One listing as a readable card: facts, why it matched, worth knowing, contact and shortlist buttons.

    Every piece of directory text goes through ``esc`` (inert: no links, images, icons or math).
    ``alone``: the card is a fragment of its own, so its "Add to shortlist" redraws this card only, not
    the whole list (for pages where nothing else shows the shortlist; the shortlist page redraws).
    """
    if alone:
        _card_alone(match, key, show_score)
    else:
        _card(match, key, show_score)


@dataclass(frozen=True)
class _Words:
    """A card's words, worked out once per listing shown, language and viewer's zone (a rerun that changes
    no answer draws the same cards: wording them again was a tenth of a matches-page rerun)."""

    top: str  # the markdown above the "read the whole description" expander (all of it when there is none)
    description: str  # the whole description, when the card shows only its start; else ""
    rest: str  # the markdown after the expander
    number: Dial | None


def _words(match: Match, show_score: bool) -> _Words:
    """The card's words from this session's cache, or worded now and kept (session memory only, forgotten
    with the answers; held with its match, so a key never outlives the match it was worded for)."""
    key = (id(match), language(), st.context.timezone or "", show_score)
    cache = st.session_state.get(session.CARD_WORDS)
    cache = cache if isinstance(cache, dict) else {}
    hit = cache.get(key)
    if hit is not None and hit[0] is match:
        return hit[1]  # type: ignore[no-any-return]
    worded = _word(match, show_score)
    cache[key] = (match, worded)
    st.session_state[session.CARD_WORDS] = dict(list(cache.items())[-_CARD_WORDS_KEPT:])
    return worded


#: Cards whose words a session keeps: two pages of matches, the "always available" programs and the shortlist.
_CARD_WORDS_KEPT = 60


def _word(match: Match, show_score: bool) -> _Words:
    g = match.listing
    w = words()
    # One markdown block for all the card's words (was up to eight elements per card: each is a message
    # to the browser and a node to lay out, and a page shows a dozen cards).
    text: list[str] = []
    top = ""
    whole = ""
    kind = led_by(g.facilitation)
    org = f" · {esc(g.organization)}" if g.organization else ""
    score = _(" · **Fit {score}/100**").format(score=match.score) if show_score else ""
    text.append(f"{esc(kind)}{org}{score}")
    text.append("  \n".join(facts(match)))
    description = w.description(g)
    if description:
        about = description if len(description) <= 280 else description[:277].rsplit(" ", 1)[0] + " …"
        text.append(esc(about))
        if about != description:  # the rest is one tap away, still as inert text
            top, text, whole = "\n\n".join(text), [], esc(description)
    if match.reasons:
        text.append(_("**Why it matched**") + "\n" + "\n".join(f"- {esc(r)}" for r in w.reasons(match.reasons)))
    if match.worth_knowing:
        text.append(_("**Worth knowing**") + "\n" + "\n".join(f"- {esc(r)}" for r in w.reasons(match.worth_knowing)))
    number = None
    if g.sample:
        text.append(_("Invented example — there is nothing to contact."))
    else:
        verified = (
            _("Last verified {date}").format(date=esc(g.last_verified))
            if g.last_verified
            else _("Not yet verified by this site")
        )
        if g.source:  # "last verified" stays what the deploying organization checked itself
            text.append(source_line(match))
        if g.phone:
            ahead = _("Call ahead: times and places change.")
        elif "in_person" in g.formats:
            ahead = _("Find your local chapter or meeting on their site: times and places change.")
        else:
            ahead = _("Join through their site: details there can change.")
        text.append(f"{verified} · {ahead}")
        number = dial(g.phone) if g.phone else None
        if g.phone and (number is None or number.rest):  # the text as written: no button dials it all
            text.append(_("Phone: {phone}").format(phone=esc(w.phone(g.phone))))
    rest = "\n\n".join(text)
    return _Words(top=top or rest, description=whole, rest=rest if top else "", number=number)


def _card(match: Match, key: str, show_score: bool) -> None:
    g = match.listing
    with st.container(border=True):
        if g.sample:
            st.badge(_("Invented example — not a real group"), icon=":material/science:", color="orange")
        st.subheader(esc(g.name), anchor=False)
        if spanish_badge(match):
            st.badge("Se habla español", icon=":material/translate:", color="blue")
        said = _words(match, show_score)
        st.markdown(said.top)
        if said.description:
            with st.expander(_("Read the whole description"), icon=":material/article:"):
                st.markdown(said.description)
            if said.rest:
                st.markdown(said.rest)
        number = said.number
        with st.container(horizontal=True, gap="small"):
            if not g.sample:
                if g.join_url and "online" in g.formats:  # checked as http(s) when the directory was loaded
                    st.link_button(
                        _("Join online"),
                        g.join_url,
                        icon=":material/videocam:",
                        type="primary",
                        help=_("Opens the meeting's own link (Zoom or similar) in a new tab."),
                    )
                if number is not None:
                    st.link_button(
                        _("Call {phone}").format(phone=esc(number.shown)), number.href, icon=":material/call:"
                    )
                if local_groups(match):
                    st.link_button(
                        _("Find your local group"),
                        g.local_groups,
                        icon=":material/location_on:",
                        help=_("Opens their own page listing local groups. Nothing is sent until you tap."),
                    )
                if g.url and not (local_groups(match) and g.url == g.local_groups):
                    st.link_button(_("Website"), g.url, icon=":material/open_in_new:")
                _source_button(match)
                if g.where and "in_person" in g.formats:
                    st.link_button(
                        _("Directions"),
                        directions_url(g.where),
                        icon=":material/directions:",
                        help=_("Opens OpenStreetMap with this address. Nothing is sent until you tap."),
                    )
            on_list = g.id in shortlist()
            st.button(
                _("Remove from shortlist") if on_list else _("Add to shortlist"),
                key=f"{key}-{g.id}",
                on_click=toggle,
                args=(match,),
                icon=":material/bookmark_remove:" if on_list else ":material/bookmark_add:",
            )
        report = "" if g.sample else settings().report_link(g.id, g.name)
        if report:  # the deployer's address or form; it carries the listing's id and name, never the answers
            st.link_button(
                _("Report a problem with this listing"),
                report,
                type="tertiary",
                icon=":material/flag:",
                help=_(
                    "Opens your own mail app (or this site's form) with this listing's name. "
                    "Nothing you told us is included."
                ),
            )


_card_alone = st.fragment(_card)
