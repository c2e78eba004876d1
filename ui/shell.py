"""What every page has: the crisis banner and help box, quick exit, start over, the page shell (the routing
switch) and links between pages."""

from __future__ import annotations

import json

import streamlit as st

from matcher import CLOSING, Answers, Contact, banner_resources, lead, resources_for
from ui import session
from ui.config import exit_url
from ui.text import esc

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


def clear_and_restart() -> None:
    """Start over: forget the answers and shortlist, and put the questionnaire back at step 1."""
    session.forget()
    st.session_state[session.DRAFT] = {}
    st.session_state[session.STEP] = 0


def _start_over_elsewhere() -> None:
    clear_and_restart()
    st.session_state[session.GO_TO_START] = True


def start_over_button(key: str = "start_over_page") -> None:
    """A "Start over" button for any page (e.g. matches): clears answers and shortlist, opens step 1."""
    st.button("Start over", key=key, on_click=_start_over_elsewhere, icon=":material/restart_alt:",
              help="Clears your answers and shortlist and goes back to step 1 of the questionnaire.")
    if st.session_state.pop(session.GO_TO_START, False):
        st.switch_page("pages/questionnaire.py")


def _quick_exit() -> None:
    session.forget()
    st.session_state[session.EXIT] = True


def _leave_if_asked() -> None:
    """Right after a Quick exit tap (and only then): send this tab to the neutral page, replacing this one."""
    if not st.session_state.pop(session.EXIT, False):
        return
    url = exit_url()
    st.html(f"<script>window.location.replace({script_string(url)});</script>", unsafe_allow_javascript=True)
    st.markdown(f"Your answers are cleared. Leaving for [{esc(url)}]({url}) …")
    st.stop()


def script_string(text: str) -> str:
    """``text`` as a JavaScript string literal that is safe inside an HTML <script> element: json.dumps
    does not escape "</" (so "</script>" in a value would end the script and start markup of its own)."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


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
    said_no = bool(st.session_state.get(session.DECLINED)) if declined is None else declined
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
    if st.session_state.pop(session.ROUTED, False):
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
