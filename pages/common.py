"""What the pages share: settings, the cached directory, the person's answers, a listing card.

Everything a person answers lives in ``st.session_state`` only (this browser tab's session, in the
server's memory): it is never written to disk, logged, put in the URL or cached across sessions.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import weakref
from datetime import UTC, date, datetime
from pathlib import Path

import streamlit as st

from matcher import (
    FACILITATION,
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
from matcher.directory import without_samples
from matcher.settings import SETTING_NAMES

log = logging.getLogger("support_group_finder")
CONTENT = Path(__file__).resolve().parent.parent / "content"
ANSWERS_KEY = "answers"
SHORTLIST_KEY = "shortlist"
PAGE_SIZE = 10

CRISIS_LINE = (
    "**In immediate danger: call [911](tel:911)** · Call or text **[988](tel:988)** (Suicide & Crisis "
    "Lifeline) · Text **HOME** to **[741741](sms:741741)**"
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def esc(text: str) -> str:
    """Directory text made inert for st.markdown: no links, images, HTML or formatting, just the words."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


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


MISCONFIGURED = ("This site is misconfigured, so it cannot show groups right now; the crisis lines above "
                 "still work. The organization running this site has been told in its server log.")
#: Files at least this big are kept validated in a memory-mapped Arrow file next to them.
ARROW_CACHE_MIN_BYTES = 1_000_000
_logged: set[str] = set()
_logged_lock = threading.Lock()


def _log_once(level: int, key: str, msg: str, *args: object) -> None:
    """Log a deployer problem once per process, not on every rerun of every session."""
    with _logged_lock:
        if key in _logged:
            return
        _logged.add(key)
    log.log(level, msg, *args)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    try:
        for name in SETTING_NAMES:
            if name not in env and name in st.secrets:
                env[name] = str(st.secrets[name])
    except Exception:  # no secrets file: Streamlit raises its own error type
        pass
    return env


def settings() -> Settings:
    """Deployer settings: environment variables, then Streamlit secrets with the same names.

    A bad setting fails closed: the page says the site is misconfigured (the crisis lines drawn above
    it still work), one log line names the setting, and the script stops. Nothing falls back to a
    default, so a deployer's directory or privacy choices are never silently replaced.
    """
    try:
        return Settings.from_env(_env())
    except SettingsError as exc:
        _log_once(logging.ERROR, f"setting:{exc.message}", "bad setting %s, the app is stopped: %s",
                  exc.setting, exc.message)
        st.error(MISCONFIGURED, icon=":material/build:")
        st.stop()
    raise AssertionError("unreachable")


@st.cache_resource(max_entries=1, show_spinner=False)
def _load(path: str, stamp: tuple[int, int, int], day: str, samples: bool) -> LoadResult:
    """Load the directory once per file version, day and SGF_SAMPLES, for every session of this process.

    One entry: a new version of the file replaces the old copy instead of adding another. Problems go
    to the deployer's log once per version. Big files are read through the Arrow cache.
    """
    result = load_directory(path, today=date.fromisoformat(day), cache=stamp[0] >= ARROW_CACHE_MIN_BYTES)
    if result.problems:
        lines = sorted({p.line for p in result.problems})
        log.warning("%s: %d problem(s) on %d line(s) (%s); running on the %d valid listing(s). "
                    "Run 'python -m matcher validate %s' for details.", path, len(result.problems), len(lines),
                    ", ".join(map(str, lines[:20])) + (" …" if len(lines) > 20 else ""),
                    len(result.directory), path)
    if not samples:
        result = LoadResult(directory=without_samples(result.directory), problems=result.problems,
                            rows_read=result.rows_read)
    return result


def directory() -> Directory:
    """The directory (without sample rows when SGF_SAMPLES=off), one copy per process, or a clear page
    saying it cannot be used (and the script stops)."""
    config = settings()
    path = config.directory
    try:
        st_ = path.stat()
        result = _load(str(path), (st_.st_size, st_.st_mtime_ns, st_.st_ino), date.today().isoformat(),
                       config.samples)
        if len(result.directory) == 0:
            what = "every listing is a sample and SGF_SAMPLES=off" if result.rows_read and not result.problems \
                else "no valid listing in it"
            raise DirectoryError(path, what)
        return result.directory
    except (OSError, DirectoryError) as exc:
        _log_once(logging.ERROR, f"directory:{path}:{exc}", "directory unusable: %s", exc)
        st.error("The group directory could not be read, so no groups can be shown right now. "
                 "The organization running this site has been told in its server log. "
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


RANK_MEMO_KEY = "_rankings"


def ranking(a: Answers, place: Place | None, limit: int | None, real_only: bool = False) -> Ranking:
    """The ranking for these answers, computed once per change rather than on every rerun.

    A rerun with the same answers, place and page size within the same minute (next-meeting times are
    to the minute) reuses this session's last ranking, so a click that changes nothing about the
    answers (a shortlist toggle, "show more" aside) costs no ranking, even on a million listings.
    The memo lives in this session's memory only, beside the answers, and never keeps an old
    directory alive (it holds a weak reference).
    """
    d = directory()
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    key = (a.model_dump_json(), repr(place), limit, real_only, now)
    memo = st.session_state.get(RANK_MEMO_KEY)
    memo = memo if isinstance(memo, dict) else {}
    hit = memo.get(key)
    if hit is not None and hit[0]() is d:
        return hit[1]  # type: ignore[no-any-return]
    result = rank_listings(d, a, place, now=now, limit=limit, real_only=real_only)
    kept = {k: v for k, v in memo.items() if v[0]() is d and k[4] == now}
    kept[key] = (weakref.ref(d), result)
    st.session_state[RANK_MEMO_KEY] = dict(list(kept.items())[-4:])
    return result


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


def card(match: Match, key: str) -> None:
    """One listing as a readable card, with its reasons and an add/remove shortlist button."""
    g = match.listing
    with st.container(border=True):
        if g.sample:
            st.badge("Sample listing — not a real group", icon=":material/science:", color="orange")
        st.markdown(f"### {esc(g.name)}")
        kind = ", ".join(FACILITATION[f].capitalize() for f in g.facilitation) or "Leader not stated"
        org = f" · {esc(g.organization)}" if g.organization else ""
        st.markdown(f"{esc(kind)}{org} · **Fit {match.score}/100**")
        facts = [f"**How:** {esc(match.how_to_attend.capitalize())}"]
        if match.next_meeting is not None:
            facts.append(f"**Next:** {esc(match.next_meeting.strftime('%A %-d %B, %-I:%M %p'))} your time")
        facts.append(f"**When:** {esc(match.when)}")
        if match.distance_miles is not None and match.distance_km is not None:
            facts.append(f"**Distance:** {match.distance_miles:.1f} mi ({match.distance_km:.1f} km)")
        if g.where and "in_person" in match.attend:
            facts.append(f"**Where:** {esc(g.where)}")
        st.markdown("  \n".join(facts))
        if g.description:
            st.markdown(esc(g.description[:600]))
        st.markdown("**Why it matched**\n" + "\n".join(f"- {esc(r)}" for r in match.reasons))
        verified = f"Last verified {esc(g.last_verified)}" if g.last_verified else "Not yet verified by this site"
        st.markdown(f"{verified} · Call ahead: times and places change.")
        cols = st.columns([1, 1])
        if g.url:
            cols[0].link_button("Website", g.url, icon=":material/open_in_new:")
        if g.phone:
            cols[0].markdown(f"Phone: {esc(g.phone)}")
        on_list = g.id in shortlist()
        cols[1].button("Remove from shortlist" if on_list else "Add to shortlist", key=f"{key}-{g.id}",
                       on_click=_toggle, args=(match,), icon=":material/bookmark_remove:" if on_list
                       else ":material/bookmark_add:")
