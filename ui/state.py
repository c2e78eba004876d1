"""The person's answers, the shortlist and this session's ranking memo (all in session memory only)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import TypeVar

import streamlit as st

from matcher import (
    Answers,
    Directory,
    LocationError,
    Match,
    Place,
    Ranking,
    always_available,
    find_by_ids,
    geocode,
    rank_listings,
)
from ui import session
from ui.config import directory, settings
from ui.failover import failed_over
from ui.i18n import N_, _, language, words
from ui.shell import link

T = TypeVar("T")
PAGE_SIZE = 10
#: The only thing the app ever writes to the URL, and only when the person asks: shortlisted listing ids.
SHARE_PARAM = "id"


def answers() -> Answers | None:
    value = st.session_state.get(session.ANSWERS)
    return value if isinstance(value, Answers) else None


def set_answers(value: Answers) -> None:
    st.session_state[session.ANSWERS] = value
    st.session_state.pop(session.SHOWN, None)


#: Said wherever answers or a shortlist are missing: after a failover (nginx moved this browser to another
#: server process) or a restart, the person must hear that their answers were cleared, and why.
CLEARED_NOTE = N_(
    "If you answered the questions a moment ago: your answers and shortlist were cleared. This "
    "site keeps them only in the memory of the server your browser was talking to, never saved "
    "anywhere, and that server restarted or stopped. Please answer again; it takes a minute."
)


def need_answers() -> Answers:
    """The answers, or a note on what to do first (and the page stops)."""
    found = answers()
    if found is None:
        st.info(_("Answer a few short questions first, and this page will show groups that fit you."))
        if failed_over():  # never to someone who simply has not answered yet
            st.markdown(_(CLEARED_NOTE))
        link("pages/questionnaire.py", _("Start the questionnaire"), icon=":material/arrow_forward:")
        link("pages/guide.py", _("Or read the guide to support groups"), icon=":material/menu_book:")
        st.stop()
    return found


def origin(a: Answers) -> tuple[Place | None, str | None]:
    """The person's place (or None) and a message, in the person's language, when it could not be found."""
    if not a.location:
        return None, None
    try:
        return geocode(a.location, online=settings().online_geocoder), None
    except LocationError as exc:
        return None, words().reason(exc.reason)


def _memo(key: tuple[object, ...], d: Directory, compute: Callable[[], T]) -> T:
    """This session's last few results, reused while the key (answers, place, minute) and the directory
    are the same: a click that changes nothing about the answers costs no ranking, even on a million
    listings. Kept in the session's memory only, holding the directory weakly (never keeps an old one)."""
    memo = st.session_state.get(session.RANKINGS)
    memo = memo if isinstance(memo, dict) else {}
    hit = memo.get(key)
    if hit is not None and hit[0]() is d:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    minute = key[-1]
    kept = {k: v for k, v in memo.items() if v[0]() is d and k[-1] == minute}
    kept[key] = (weakref.ref(d), value)
    st.session_state[session.RANKINGS] = dict(list(kept.items())[-6:])
    return value


def _minute() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)  # next-meeting times are to the minute


def preferred_language() -> str | None:
    """The interface's language when it is not English: its listings come first among equals."""
    code = language()
    return None if code == "en" else code


def ranking(
    a: Answers, place: Place | None, limit: int | None, real_only: bool = False, placed_only: bool = False
) -> Ranking:
    """The ranking for these answers, computed once per change rather than on every rerun (``placed_only``:
    only listings with a place of their own, for the map)."""
    d, now, lang = directory(), _minute(), preferred_language()
    return _memo(
        ("rank", a.model_dump_json(), repr(place), limit, real_only, placed_only, lang, now),
        d,
        lambda: rank_listings(
            d, a, place, now=now, limit=limit, real_only=real_only, prefer_language=lang, placed_only=placed_only
        ),
    )


def national(a: Answers, place: Place | None, listed: frozenset[str]) -> list[Match]:
    """ "Always available" programs for these answers, skipping those listed; once per change, like ranking."""
    d, now, lang = directory(), _minute(), preferred_language()
    return _memo(
        ("national", a.model_dump_json(), repr(place), listed, lang, now),
        d,
        lambda: always_available(d, a, origin=place, now=now, exclude_ids=listed, prefer_language=lang),
    )


def shortlist() -> dict[str, Match]:
    value = st.session_state.setdefault(session.SHORTLIST, {})
    assert isinstance(value, dict)
    return value


def refresh_shortlist() -> list[str]:
    """The shortlist as the directory has it now: after a refresh, a listing no longer in it is taken off
    (its old name and link must not be offered, or downloaded) and the others show their current details.
    Returns the names taken off, so the page can say so."""
    items = shortlist()
    if not items:
        return []
    d = directory()
    checked = st.session_state.get(session.SHORTLIST_FOR)
    if isinstance(checked, weakref.ref) and checked() is d:
        return []  # already checked against this copy of the directory (held weakly: never keeps an old one)
    current = {m.listing.id: m for m in find_by_ids(d, list(items), answers(), now=datetime.now(UTC))}
    gone = [m.listing.name for i, m in items.items() if i not in current]
    for i in list(items):
        if i in current:
            # What the person saw stays (score, distance, reasons: ranked with their place and language); only
            # the listing's details are brought up to date. Ranked again here, without their place, the CSV
            # said 100 for every row and left out the distance and its reason.
            old, new = items[i], current[i]
            items[i] = (
                old
                if old.listing == new.listing
                else replace(new, score=old.score, reasons=old.reasons, distance_miles=old.distance_miles)
            )
        else:
            del items[i]
    st.session_state[session.SHORTLIST_FOR] = weakref.ref(d)
    if SHARE_PARAM in st.query_params:
        st.query_params[SHARE_PARAM] = list(items)
    return gone


def toggle(match: Match) -> None:
    """Add the listing to the shortlist, or take it off."""
    items = shortlist()
    if match.listing.id in items:
        del items[match.listing.id]
    else:
        items[match.listing.id] = match
    if SHARE_PARAM in st.query_params:  # the person already asked for a link: keep it true to the list
        st.query_params[SHARE_PARAM] = list(items)
