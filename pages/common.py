"""What the pages share: settings, the cached directory, the person's answers, a listing card.

Everything a person answers lives in ``st.session_state`` only (this browser tab's session, in the
server's memory): it is never written to disk, logged, put in the URL or cached across sessions.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import weakref
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote_plus

import streamlit as st

from matcher import (
    ACCESSIBILITY,
    CLOSING,
    COST,
    DAYS,
    DEFAULT_EXIT_URL,
    DISTANCE_STEPS,
    FACILITATION,
    FOCUS,
    FORMATS,
    SETTING_NAMES,
    TIMES_OF_DAY,
    Answers,
    Contact,
    Directory,
    DirectoryError,
    LoadResult,
    LocationError,
    Match,
    Place,
    Ranking,
    Settings,
    SettingsError,
    always_available,
    banner_resources,
    geocode,
    human_join,
    language_label,
    lead,
    load_directory,
    rank_listings,
    resources_for,
    warm_up,
    without_samples,
)

T = TypeVar("T")
log = logging.getLogger("support_group_finder")
CONTENT = Path(__file__).resolve().parent.parent / "content"
ANSWERS_KEY = "answers"
SHORTLIST_KEY = "shortlist"
PAGE_SIZE = 10

#: Where quick exit goes if the deployer's settings cannot be read (SGF_EXIT_URL's own default).
EXIT_FALLBACK = DEFAULT_EXIT_URL
EXIT_KEY = "_quick_exit"
#: Set when the person chose "I'd rather not say" at the safety check (this session only).
DECLINED_KEY = "safety_declined"
#: Session keys that hold what the person told us or picked (cleared by Start over and Quick exit).
PERSONAL_PREFIXES = ("q_",)
PERSONAL_KEYS = (ANSWERS_KEY, SHORTLIST_KEY, DECLINED_KEY, "draft", "step", "shown", "place_pick")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=^%])")


#: GitHub-flavored Markdown turns bare "https://…", "www.…" and "name@host" into links, and Streamlit turns
#: ":material/…:", ":streamlit:" and ":red[…]" into icons and colors, *after* escapes are read: an invisible
#: WORD JOINER (U+2060) is put where each of those patterns would start, and after every colon.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=@)|(?<=:)")
_JOINER = "\u2060"


def _hour(h: int) -> str:
    return {0: "midnight", 12: "noon"}.get(h % 24, f"{h % 12 or 12} {'am' if h % 24 < 12 else 'pm'}")


def time_of_day_label(code: str) -> str:
    """"Evenings (5 pm–9 pm)": the name and its hours, 12-hour clock as people in the US read them."""
    name, start, end = TIMES_OF_DAY[code]
    return f"{name.capitalize()} ({_hour(start)}–{_hour(end)})"


def capitalized(text: str) -> str:
    """First letter up, the rest as written ("American Sign Language" stays as it is)."""
    return text[:1].upper() + text[1:]


def esc(text: str) -> str:
    """Text made inert for st.markdown: no links (even bare URLs, www. and e-mail addresses), images, HTML,
    icons (:material/…:, :streamlit:), colors, math or formatting: just the words, on one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_JOINER, flat))


#: Tap targets of at least 44×44 px for the crisis links and every button on a phone (WCAG 2.5.5).
_SHELL_CSS = """<style>
.st-key-crisis_banner a, .st-key-crisis_help a {
  display: inline-flex; align-items: center; justify-content: center;
  min-height: 44px; min-width: 44px; padding: 0 0.35rem; box-sizing: border-box; }
.st-key-crisis_banner [data-testid="stAlert"] p { margin-bottom: 0.1rem; }
.st-key-quick_exit button, .st-key-start_over button { min-height: 44px; min-width: 44px; }
.st-key-exit_row p, .st-key-start_over p, .quiet p { font-size: 0.875rem; }
@media (max-width: 640px) {
  [data-testid="stMain"] button, [data-testid="stMain"] [data-testid="stPageLink-NavLink"] {
    min-height: 44px; min-width: 44px; }
  [data-testid="stMain"] h1 { font-size: 2rem; padding-top: 0.25rem; padding-bottom: 0.25rem; }
}
</style>"""


def _md_link(contact: Contact, text: str | None = None) -> str:
    return f"[{text or contact.label}]({contact.href})"


def banner_markdown() -> str:
    """The crisis line from matcher.crisis: 911; call, text or chat 988; text HOME to 741741."""
    emergency, lifeline, text_line = banner_resources()
    call_911 = emergency.contacts[0]
    call_988, text_988, chat_988 = lifeline.contacts
    home = text_line.contacts[0]
    return (
        f"**In immediate danger: call {_md_link(call_911, '911')}**  \n"
        f"**Call or text 988** (Suicide & Crisis Lifeline): {_md_link(call_988, 'Call 988')} · "
        f"{_md_link(text_988, 'Text 988')} · chat at {_md_link(chat_988, '988lifeline.org')}  \n"
        f"**Text HOME to 741741** (Crisis Text Line): {_md_link(home, 'Text HOME to 741741')}  \n"
        "This site is not a crisis service."
    )


def exit_url() -> str:
    """The deployer's neutral page for quick exit (SGF_EXIT_URL, https only).

    Quick exit must work even on a misconfigured site, so a bad setting here falls back to the default
    neutral page instead of stopping (the settings page still reports it on every other use).
    """
    try:
        return Settings.from_env(_env()).exit_url
    except SettingsError:
        return EXIT_FALLBACK


def forget_person() -> None:
    """Drop everything this session holds about the person: answers, draft, shortlist, picks."""
    state = st.session_state
    for key in list(state.keys()):
        if key in PERSONAL_KEYS or str(key).startswith(PERSONAL_PREFIXES):
            del state[key]
    st.query_params.clear()


def clear_and_restart() -> None:
    """Start over: forget the answers and shortlist, and put the questionnaire back at step 1."""
    forget_person()
    st.session_state["draft"] = {}
    st.session_state["step"] = 0


def _start_over_elsewhere() -> None:
    clear_and_restart()
    st.session_state["_go_to_start"] = True


def start_over_button(key: str = "start_over_page") -> None:
    """A "Start over" button for any page (e.g. matches): clears answers and shortlist, opens step 1."""
    st.button("Start over", key=key, on_click=_start_over_elsewhere, icon=":material/restart_alt:",
              help="Clears your answers and shortlist and goes back to step 1 of the questionnaire.")
    if st.session_state.pop("_go_to_start", False):
        st.switch_page("pages/questionnaire.py")


def _quick_exit() -> None:
    st.session_state.clear()
    st.query_params.clear()
    st.session_state[EXIT_KEY] = True


def _leave_if_asked() -> None:
    """Right after a Quick exit tap (and only then): send this tab to the neutral page, replacing this one."""
    if not st.session_state.pop(EXIT_KEY, False):
        return
    url = exit_url()
    st.html(f"<script>window.location.replace({json.dumps(url)});</script>", unsafe_allow_javascript=True)
    st.markdown(f"Your answers are cleared. Leaving for [{esc(url)}]({url}) …")
    st.stop()


def crisis_banner() -> None:
    """The crisis line, quick exit and "not a crisis service", at the top of every page (phone width too)."""
    st.html(_SHELL_CSS)
    _leave_if_asked()
    with st.container(key="crisis_banner"):
        st.info(banner_markdown())
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key="exit_row"):
            st.button("Quick exit", key="quick_exit", on_click=_quick_exit, icon=":material/logout:",
                      help="Clears your answers and shortlist, then opens a weather page in this tab.")
            st.markdown("Clears your answers, then leaves.", width="content")


def crisis_help(a: Answers | None, *, in_danger: bool | None = None, declined: bool | None = None) -> None:
    """The help box for someone who said "yes" (or "I'd rather not say") at the safety check.

    Lines are chosen by ``matcher.resources_for(a)``: 988 in Spanish, the Veterans Crisis Line, The
    Trevor Project, … as the answers call for. Draws nothing for "no" or a skipped question. The
    matches page calls ``crisis_help(answers)``; the questionnaire passes the draft's choice.
    """
    danger = a.in_danger if in_danger is None and a is not None else in_danger
    said_no = bool(st.session_state.get(DECLINED_KEY)) if declined is None else declined
    opening = lead(danger, declined=said_no)
    if opening is None:
        return
    items = []
    for r in resources_for(a):
        links = " · ".join(_md_link(c) for c in r.contacts)
        note = f" {r.note}" if r.note else ""
        items.append(f"- **{r.name}:** {links}. {r.hours}. {r.who}.{note}")
    body = f"**{opening}**\n\n" + "\n".join(items) + f"\n\n{CLOSING}"
    with st.container(key="crisis_help"):
        if danger:
            st.error(body, icon=":material/emergency:")
        else:
            st.info(body, icon=":material/favorite:")


ROUTED_KEY = "_routed"


@st.cache_resource(show_spinner=False)
def warm_up_place_index() -> object:
    """Start building the offline place index once per process, in the background, at the first visit,
    so the place step (several steps later) answers at once instead of waiting for the build."""
    return warm_up()


def page_shell() -> None:
    """First call of every page: make sure the crisis line is drawn and the router is in charge.

    Streamlit still has a legacy mode for apps with a ``pages/`` folder (our published layout): on a
    fresh server, the first request for /matches runs pages/matches.py on its own, without app.py (no
    crisis line, no navigation), until some script calls ``st.navigation``. Streamlit has no public
    switch for that mode (checked up to the version pinned in pyproject.toml), so when it is on we turn
    it off through ``PagesManager.uses_pages_directory`` (what ``st.navigation`` itself does) and rerun
    through app.py. ``tests/test_browser_routes.py`` opens every page by its URL on a fresh server to
    prove it still works. A page run on its own outside that mode (AppTest) draws the crisis line itself.
    """
    if st.session_state.pop(ROUTED_KEY, False):
        return
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", False):
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


def _memo(key: tuple[object, ...], d: Directory, compute: Callable[[], T]) -> T:
    """This session's last few results, reused while the key (answers, place, minute) and the directory
    are the same: a click that changes nothing about the answers costs no ranking, even on a million
    listings. Kept in the session's memory only, holding the directory weakly (never keeps an old one)."""
    memo = st.session_state.get(RANK_MEMO_KEY)
    memo = memo if isinstance(memo, dict) else {}
    hit = memo.get(key)
    if hit is not None and hit[0]() is d:
        return hit[1]  # type: ignore[no-any-return]
    value = compute()
    minute = key[-1]
    kept = {k: v for k, v in memo.items() if v[0]() is d and k[-1] == minute}
    kept[key] = (weakref.ref(d), value)
    st.session_state[RANK_MEMO_KEY] = dict(list(kept.items())[-6:])
    return value


def _minute() -> datetime:
    return datetime.now(UTC).replace(second=0, microsecond=0)  # next-meeting times are to the minute


def ranking(a: Answers, place: Place | None, limit: int | None, real_only: bool = False) -> Ranking:
    """The ranking for these answers, computed once per change rather than on every rerun."""
    d, now = directory(), _minute()
    return _memo(("rank", a.model_dump_json(), repr(place), limit, real_only, now), d,
                 lambda: rank_listings(d, a, place, now=now, limit=limit, real_only=real_only))


def national(a: Answers, place: Place | None, listed: frozenset[str]) -> list[Match]:
    """"Always available" programs for these answers, skipping those listed; once per change, like ranking."""
    d, now = directory(), _minute()
    return _memo(("national", a.model_dump_json(), repr(place), listed, now), d,
                 lambda: always_available(d, a, origin=place, now=now, exclude_ids=listed))


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
        when = match.next_meeting  # "Thursday, December 3, 7:00 pm", as schedules are written
        day = f"{when:%A, %B} {when.day}, {when:%-I:%M} {'am' if when.hour < 12 else 'pm'}"
        facts.append(f"**Next meeting:** {esc(day)} your time")
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
DISTANCE_CHOICES = tuple(int(m) for m in DISTANCE_STEPS)
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
                 format_func=lambda c: capitalized(ACCESSIBILITY[c]), selection_mode="multi",
                 key="r_accessibility", on_change=_refine, args=("accessibility",))
        st.pills("Days (none chosen: any day)", list(DAYS), format_func=DAYS.__getitem__, selection_mode="multi",
                 key="r_days", on_change=_refine, args=("days",))
        st.pills("Times of day (none chosen: any time)", list(TIMES_OF_DAY),
                 format_func=time_of_day_label, selection_mode="multi", key="r_times",
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
