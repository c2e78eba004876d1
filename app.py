"""Support Group Finder: the router. Sets the page config, draws the crisis line, runs the page."""

from pathlib import Path

import streamlit as st

from ui import session
from ui.config import settings, warm_up_place_index
from ui.failover import note_a_failover, notice_a_failover
from ui.guard import slow_a_flood
from ui.i18n import N_, _
from ui.shell import crisis_banner

APP_NAME = N_("Support Group Finder")
ICON = Path(__file__).parent / "content" / "icon.png"  # served by this app: no icon font fetched from Google

slow_a_flood()  # first: a client flooding reruns waits here, and everyone else is served
notice_a_failover()  # before any widget: this run's widget values come only from the browser

pages = [
    st.Page("pages/guide.py", title=_("Guide"), icon=":material/menu_book:", default=True),
    st.Page("pages/questionnaire.py", title=_("Questionnaire"), icon=":material/checklist:"),
    st.Page("pages/matches.py", title=_("Matches"), icon=":material/groups:"),
    st.Page("pages/map.py", title=_("Map"), icon=":material/map:"),
    st.Page("pages/shortlist.py", title=_("Shortlist"), icon=":material/bookmark:"),
    st.Page("pages/privacy.py", title=_("Privacy"), icon=":material/lock:"),
]
# The icon is set before st.navigation: otherwise the page's material icon becomes the favicon for a
# moment, and the browser fetches it from Google's font servers.
st.set_page_config(
    page_title=_(APP_NAME),
    page_icon=str(ICON),
    layout="centered",
    initial_sidebar_state="collapsed",
    menu_items={
        "Get help": None,
        "Report a bug": None,
        "About": _("Find a mental-health support group. Your answers stay in this session only."),
    },
)
page = st.navigation(pages, position="top")
# One browser-tab title per page ("Matches · Support Group Finder"), so tabs and history say where you are.
st.set_page_config(page_title=f"{page.title} · {_(APP_NAME)}", page_icon=str(ICON))
crisis_banner()
note_a_failover()  # a browser whose session was on a process that is gone hears that its answers were cleared
settings()  # a bad setting stops every page here, below the crisis lines (fails closed)
st.session_state[session.ROUTED] = True
try:
    page.run()
finally:
    # After the page is drawn: the place index (~0.1 s read from its cache file, seconds to build when the
    # file is missing or stale) never competes with a fresh server's first page, and is still ready long
    # before the person reaches the place step.
    warm_up_place_index()
