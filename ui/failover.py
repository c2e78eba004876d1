"""After a failover (or a restart), say plainly that the person's answers were cleared, and why.

Behind nginx with several processes, a dead process's people are sent to a live one; a process that
restarts comes back empty. Either way the browser still shows the page it had, and its next tap reaches a
brand-new session that holds none of their answers. That first run is recognized by the widget values the
browser sends with it: a new visitor's first run has none (no page was drawn yet), a browser coming from
a session that is gone has them. Nothing is stored to recognize it: no cookie, nothing in the browser.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import session
from ui.i18n import N_, _

FAILED_OVER_NOTE = N_(
    "Your answers and shortlist were cleared. The server this page was talking to stopped or "
    "restarted, and this site keeps answers only in that server's memory, never saved anywhere, "
    "so they are gone. Please answer the questions again; it takes a minute."
)


def _browser_had_a_page() -> bool:
    """Whether this run came with widget values from a page this session never drew."""
    ctx = get_script_run_ctx()
    try:
        return len(ctx.session_state._state._new_widget_state) > 0  # type: ignore[union-attr]
    except (AttributeError, TypeError):  # another Streamlit version: say nothing rather than guess
        return False


def notice_a_failover() -> None:
    """Call first on every run, before any widget is drawn (a drawn widget adds its own value): on a
    session's first run, notice a browser arriving from a session that is gone.

    Only the session's very first run counts: every later run (a page change, a run after Start over)
    carries this session's own widget values, which say nothing about a failover. ``session.BEGUN`` marks
    it, and Start over keeps it (``session.KEEP``)."""
    state = st.session_state
    if session.BEGUN in state:
        return
    state[session.BEGUN] = True
    if _browser_had_a_page():
        state[session.FAILED_OVER] = True


def failed_over() -> bool:
    """Whether this session began with a browser arriving from a session that is gone (and the person has
    not started over since): only then may a page say their answers were cleared."""
    return bool(st.session_state.get(session.FAILED_OVER))


def note_a_failover() -> None:
    """Below the crisis lines: say so at the top of every page until the person has answers again."""
    state = st.session_state
    if failed_over() and session.ANSWERS not in state:
        st.warning(_(FAILED_OVER_NOTE), icon=":material/restart_alt:")
