"""What the pages share: settings, the cached directory, the person's answers, a listing card.

Everything a person answers lives in ``st.session_state`` only (this browser tab's session, in the
server's memory): it is never written to disk, logged, put in the URL or cached across sessions.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

import streamlit as st

from matcher import (
    ACCESSIBILITY,
    COST,
    DAYS,
    FACILITATION,
    FOCUS,
    FORMATS,
    TIMES_OF_DAY,
    Answers,
    Directory,
    DirectoryError,
    LoadResult,
    LocationError,
    Match,
    Place,
    Ranking,
    Settings,
    SettingsError,
    geocode,
    load_directory,
    rank_listings,
)
from matcher.settings import SETTING_NAMES
from matcher.vocabulary import human_join, language_label

log = logging.getLogger("support_group_finder")
CONTENT = Path(__file__).resolve().parent.parent / "content"
ANSWERS_KEY = "answers"
SHORTLIST_KEY = "shortlist"
PAGE_SIZE = 10

CRISIS_LINE = (
    "**In immediate danger: call [911](tel:911)** · Call or text **[988](tel:988)** (Suicide & Crisis "
    "Lifeline) · Text **HOME** to **[741741](sms:741741)**"
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=^%])")


#: GitHub-flavored Markdown turns bare "https://…", "www.…" and "name@host" into links, and Streamlit turns
#: ":material/…:", ":streamlit:" and ":red[…]" into icons and colors, *after* escapes are read: an invisible
#: WORD JOINER (U+2060) is put where each of those patterns would start, and after every colon.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=@)|(?<=:)")
_JOINER = "\u2060"


def esc(text: str) -> str:
    """Text made inert for st.markdown: no links (even bare URLs, www. and e-mail addresses), images, HTML,
    icons (:material/…:, :streamlit:), colors, math or formatting: just the words, on one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_JOINER, flat))


def crisis_banner() -> None:
    """The crisis line, at the top of the main area of every page (visible at phone width)."""
    with st.container(key="crisis_banner"):
        st.info(CRISIS_LINE, icon=":material/call:")


ROUTED_KEY = "_routed"


def page_shell() -> None:
    """First call of every page: make sure the crisis line is drawn and the router is in charge.

    Streamlit still has a legacy mode for apps with a ``pages/`` folder: on a fresh server, the first
    request for /matches runs pages/matches.py on its own, without app.py (no crisis line, no
    navigation). When that happens we switch the legacy mode off and rerun through app.py. A page run
    on its own outside that mode (e.g. a test) draws the crisis line itself.
    """
    if st.session_state.pop(ROUTED_KEY, False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    crisis_banner()


def link(page: str, label: str, icon: str | None = None) -> None:
    """A link to another page; plain words when the page runs outside the router (nothing to link to)."""
    from streamlit.errors import StreamlitAPIException

    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitAPIException:
        st.markdown(f"→ {label} (open the app's {page.removeprefix('pages/').removesuffix('.py')} page)")


def settings() -> Settings:
    """Deployer settings: environment variables, then Streamlit secrets with the same names."""
    env = dict(os.environ)
    try:
        for name in SETTING_NAMES:
            if name not in env and name in st.secrets:
                env[name] = str(st.secrets[name])
    except Exception:  # no secrets file: Streamlit raises its own error type
        pass
    try:
        return Settings.from_env(env)
    except SettingsError as exc:
        log.error("setting ignored: %s", exc)
        return Settings()


@st.cache_data(show_spinner=False)
def _load(path: str, stamp: tuple[int, int]) -> LoadResult:
    """Load the directory once per file version; report its problems to the deployer's log."""
    result = load_directory(path)
    if result.problems:
        lines = sorted({p.line for p in result.problems})
        log.warning("%s: %d problem(s) on %d line(s) (%s); running on the %d valid listing(s). "
                    "Run 'python -m matcher validate %s' for details.", path, len(result.problems), len(lines),
                    ", ".join(map(str, lines[:20])) + (" …" if len(lines) > 20 else ""),
                    len(result.directory), path)
    return result


def directory() -> Directory:
    """The directory, or a clear page saying it cannot be read (and the script stops)."""
    path = settings().directory
    try:
        st_ = path.stat()
        return _load(str(path), (st_.st_size, st_.st_mtime_ns)).directory
    except (OSError, DirectoryError) as exc:
        log.error("directory unusable: %s", exc)
        st.error("The group directory could not be read, so no groups can be shown right now. "
                 "The organisation running this site has been told in its server log. "
                 "The crisis lines above are always available.")
        st.stop()
    raise AssertionError("unreachable")


def answers() -> Answers | None:
    value = st.session_state.get(ANSWERS_KEY)
    return value if isinstance(value, Answers) else None


def set_answers(value: Answers) -> None:
    st.session_state[ANSWERS_KEY] = value
    st.session_state.pop("shown", None)


def need_answers() -> Answers:
    """The answers, or a note on what to do first (and the page stops)."""
    found = answers()
    if found is None:
        st.info("Answer a few short questions first, and this page will show groups that fit you.")
        link("pages/questionnaire.py", "Start the questionnaire", icon=":material/arrow_forward:")
        link("pages/guide.py", "Or read the guide to support groups", icon=":material/menu_book:")
        st.stop()
    return found


def origin(a: Answers) -> tuple[Place | None, str | None]:
    """The person's place (or None) and a message when it could not be found."""
    if not a.location:
        return None, None
    try:
        return geocode(a.location, online=settings().online_geocoder), None
    except LocationError as exc:
        return None, exc.message


def ranking(a: Answers, place: Place | None, limit: int | None, real_only: bool = False) -> Ranking:
    return rank_listings(directory(), a, place, now=datetime.now(UTC), limit=limit, real_only=real_only)


def shortlist() -> dict[str, Match]:
    value = st.session_state.setdefault(SHORTLIST_KEY, {})
    assert isinstance(value, dict)
    return value


def _toggle(match: Match) -> None:
    items = shortlist()
    if match.listing.id in items:
        del items[match.listing.id]
    else:
        items[match.listing.id] = match
    if SHARE_PARAM in st.query_params:  # the person already asked for a link: keep it true to the list
        st.query_params[SHARE_PARAM] = list(items)


#: The only thing the app ever writes to the URL, and only when the person asks: shortlisted listing ids.
SHARE_PARAM = "id"


def groups(n: int) -> str:
    """'1 group', '3 groups' (never 'group(s)')."""
    return f"{n:,} group" if n == 1 else f"{n:,} groups"


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _phone_href(phone: str) -> str:
    digits = "".join(c for c in phone if c.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def directions_url(where: str) -> str:
    """A map site's search for the address; opened only when the person taps it (nothing sent before)."""
    return "https://www.openstreetmap.org/search?query=" + quote_plus(where)


def _facts(match: Match) -> list[str]:
    """The facts every card shows, a few short lines: who, how and when, where, cost, languages, access."""
    g = match.listing
    how = match.how_to_attend.capitalize() or human_join([FORMATS[f] for f in g.formats], "or").capitalize()
    facts = [f"**Who it is for:** {esc(match.who_for)}", f"**How:** {esc(how)} · **When:** {esc(match.when)}"]
    if match.next_meeting is not None:
        facts.append(f"**Next meeting:** {esc(match.next_meeting.strftime('%A %-d %B, %-I:%M %p'))} your time")
    if g.where and "in_person" in g.formats:
        away = f" ({match.distance_miles:.1f} mi, {match.distance_km or 0:.1f} km away)" \
            if match.distance_miles is not None else ""
        facts.append(f"**Where:** {esc(g.where)}{away}")
    access = [ACCESSIBILITY[c] for c in g.accessibility]
    facts.append(f"**Cost:** {esc(COST[g.cost].capitalize()) if g.cost else 'Not stated'} · "
                 f"**Languages:** {esc(human_join([language_label(c) for c in g.languages]) or 'Not stated')} · "
                 f"**Access:** {esc(human_join(access).capitalize()) if access else 'None listed'}")
    return facts


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
        st.markdown("  \n".join(_facts(match)))
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
            if g.phone:
                ahead = "Call ahead: times and places change."
            elif "in_person" in g.formats:
                ahead = "Find your local chapter or meeting on their site: times and places change."
            else:
                ahead = "Join through their site: details there can change."
            st.markdown(f"{verified} · {ahead}")
        with st.container(horizontal=True, gap="small"):
            if not g.sample:
                if g.phone:
                    st.link_button(f"Call {esc(g.phone)}", _phone_href(g.phone), icon=":material/call:")
                if g.url:
                    st.link_button("Website", g.url, icon=":material/open_in_new:")
                if g.where and "in_person" in g.formats:
                    st.link_button("Directions", directions_url(g.where), icon=":material/directions:",
                                   help="Opens OpenStreetMap with this address. Nothing is sent until you tap.")
            on_list = g.id in shortlist()
            st.button("Remove from shortlist" if on_list else "Add to shortlist", key=f"{key}-{g.id}",
                      on_click=_toggle, args=(match,),
                      icon=":material/bookmark_remove:" if on_list else ":material/bookmark_add:")


# --------------------------------------------------------------------------- refine in place, relax offers

#: The answers the refine bar edits in place (the questionnaire stays the guided way in).
REFINE_FIELDS = ("focus", "formats", "max_distance_miles", "free_only", "languages", "accessibility", "days",
                 "times")
DISTANCE_CHOICES = (5, 10, 25, 50, 100, 250)
REFINE_LANGUAGES = ("en", "es", "zh", "vi", "ko", "tl", "ar", "fr", "ru", "ht")
_REFINED_FOR = "_refine_for"


def _apply(change: dict[str, object]) -> None:
    """Change some answers (validated), keeping the questionnaire's draft in step."""
    current = answers()
    if current is None:
        return
    new = Answers.model_validate({**current.model_dump(), **change})
    set_answers(new)
    st.session_state[_REFINED_FOR] = None  # the refine bar re-reads the answers
    draft = st.session_state.get("draft")
    if isinstance(draft, dict):
        for name, value in change.items():
            draft[name] = value
            st.session_state.pop(f"q_{name}", None)


def _refine(name: str) -> None:
    _apply({name: st.session_state[f"r_{name}"]})


def refine_bar(a: Answers, place: Place | None) -> None:
    """A compact filter bar bound to the same answers: a change updates the results right here."""
    state = st.session_state
    if state.get(_REFINED_FOR) != a:
        for name in REFINE_FIELDS:
            state[f"r_{name}"] = getattr(a, name)
        state[_REFINED_FOR] = a
    with st.expander("Refine (topic, distance, cost, time…)", icon=":material/tune:"):
        st.multiselect("Topics", list(FOCUS), format_func=FOCUS.__getitem__, key="r_focus", on_change=_refine,
                       args=("focus",), placeholder="Any topic")
        st.pills("How you can take part (none chosen: any way)", list(FORMATS),
                 format_func=lambda f: FORMATS[f].capitalize(), selection_mode="multi", key="r_formats",
                 on_change=_refine, args=("formats",))
        if place is not None:
            miles = sorted({*DISTANCE_CHOICES, int(a.max_distance_miles)})
            state["r_max_distance_miles"] = int(state["r_max_distance_miles"])
            st.select_slider("How far you could travel", miles, format_func=lambda m: f"{m} miles",
                             key="r_max_distance_miles", on_change=_refine, args=("max_distance_miles",))
        st.toggle("Free groups only", key="r_free_only", on_change=_refine, args=("free_only",))
        st.multiselect("Languages (none chosen: any)", sorted({*REFINE_LANGUAGES, *a.languages}),
                       format_func=language_label, key="r_languages", on_change=_refine, args=("languages",),
                       placeholder="Any language")
        st.pills("Access every group must offer", list(ACCESSIBILITY),
                 format_func=lambda c: ACCESSIBILITY[c].capitalize(), selection_mode="multi",
                 key="r_accessibility", on_change=_refine, args=("accessibility",))
        st.pills("Days (none chosen: any day)", list(DAYS), format_func=DAYS.__getitem__, selection_mode="multi",
                 key="r_days", on_change=_refine, args=("days",))
        st.pills("Times of day (none chosen: any time)", list(TIMES_OF_DAY),
                 format_func=lambda t: TIMES_OF_DAY[t][0].capitalize(), selection_mode="multi", key="r_times",
                 on_change=_refine, args=("times",))


#: Needs about who a group is for: counted and explained, never offered as something to relax.
ELIGIBILITY_NEEDS = frozenset({"audience", "age"})


def relax_offers(result: Ranking, a: Answers, *, key: str, needs: frozenset[str] | None = None) -> None:
    """What the answers hid, in plain words, with the matcher's offers as buttons (each keeps its word).

    Eligibility (who a group is for, ages) is counted with its reason and has no button.
    """
    hidden = [ex for ex in result.exclusions if (ex.hidden or ex.offers) and (needs is None or ex.need in needs)]
    if not hidden:
        return
    with st.expander("What you told us hides some groups",
                     expanded=result.total < 5, icon=":material/visibility_off:"):
        for ex in hidden:
            st.markdown(esc(ex.message))
            if ex.need in ELIGIBILITY_NEEDS:
                continue
            for j, offer in enumerate(ex.offers):
                if offer.adds > 0:
                    st.button(offer.label, key=f"{key}-relax-{ex.need}-{j}", on_click=_apply,
                              args=(dict(offer.change),))
