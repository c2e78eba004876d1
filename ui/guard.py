"""One client cannot starve everyone: a session asking for reruns faster than a person can tap is slowed.

Every tap, choice or typed place is one rerun of the page script; a person makes a few a second at most.
A client that sends reruns at 50 a second (a script, not a person) would keep the server's cores busy
running pages for it, and the health check and new visitors would time out. Such a session waits a
moment before each run while it goes on; reruns it asks for meanwhile are folded into one by Streamlit
(a rerun requested while a script runs replaces the pending one). Nothing about the person is kept:
only when this session's last runs started, in this session's memory.
"""

from __future__ import annotations

import time
from typing import Final

import streamlit as st

from ui import session

#: More than this many runs within WINDOW_S seconds is more than a person makes.
MAX_RUNS: Final = 30
WINDOW_S: Final = 3.0
#: How long such a session waits before each run while it keeps asking.
PAUSE_S: Final = 1.0


def slow_a_flood() -> None:
    """Call first on every run: waits PAUSE_S when this session has run more than MAX_RUNS times in
    the last WINDOW_S seconds (the wait releases the interpreter, so other sessions run meanwhile)."""
    now = time.monotonic()
    seen = st.session_state.get(session.RUN_TIMES)
    recent = [t for t in seen if now - t < WINDOW_S] if isinstance(seen, list) else []
    recent.append(now)
    st.session_state[session.RUN_TIMES] = recent[-(MAX_RUNS + 1) :]
    if len(recent) > MAX_RUNS:
        time.sleep(PAUSE_S)
