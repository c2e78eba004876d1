"""Every session-state key the app uses, in one place, and ``forget()``.

Everything a person answers lives in ``st.session_state`` only (this browser tab's session, in the
server's memory): it is never written to disk, logged, put in the URL or cached across sessions.

``forget()`` (Start over, Quick exit) clears *every* key except the short ``KEEP`` list of keys that
say nothing about the person, so a key added later is forgotten without anyone having to list it.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

# --------------------------------------------------------------------------- what the person made

#: The person's answers (a ``matcher.Answers``), set when they finish the questionnaire.
ANSWERS: Final = "answers"
#: The questionnaire's answers so far (field -> value) and the step it is on.
DRAFT: Final = "draft"
STEP: Final = "step"
#: Widget keys of the questionnaire's fields: ``q_<field>`` (e.g. ``q_location``).
QUESTION_PREFIX: Final = "q_"
#: Widget keys of the refine bar: ``r_<field>``; and the answers the bar was last filled from.
REFINE_PREFIX: Final = "r_"
REFINED_FOR: Final = "_refine_for"
#: Whether the refine bar is open (its widgets are drawn only then).
REFINE_OPEN: Final = "refine_open"
#: Buttons with a suggested place: ``place_pick_<i>``.
PLACE_PICK_PREFIX: Final = "place_pick_"
#: A place outside the US the person typed and was told about (Next then goes on without it).
PLACE_ABROAD: Final = "_place_abroad"
#: Set when the person chose "I'd rather not say" at the safety check.
DECLINED: Final = "safety_declined"
#: Shortlisted listings (id -> Match), and the ids a shared link restored / the person asked a link for.
SHORTLIST: Final = "shortlist"
RESTORED: Final = "_restored"
#: The copy of the directory the shortlist was last checked against (a refresh drops listings gone from it).
SHORTLIST_FOR: Final = "_shortlist_for"
SHARED: Final = "_shared"
#: How many matches the list shows ("show more").
SHOWN: Final = "shown"
#: This session's last rankings, keyed by the answers (ui.state).
RANKINGS: Final = "_rankings"
#: The words of the cards shown lately, per language and viewer's zone (ui.cards).
CARD_WORDS: Final = "_card_words"
#: Whether the matches page's "which kind of group may suit you" is open (its words are drawn only then).
KINDS_OPEN: Final = "kinds_open"
#: The "find a program by name" box (what the person typed).
NAME_QUERY: Final = "name_query"
#: Other widgets holding a choice: the guide's kind of group, the print view, the map's selected dot.
GUIDE_KIND: Final = "guide_kind"
PRINT_VIEW: Final = "print_view"
GROUP_MAP: Final = "group_map"
#: One-run navigation flags: after "See my matches" and after a "Start over" on another page.
GO_TO_MATCHES: Final = "go_to_matches"
GO_TO_START: Final = "_go_to_start"

# --------------------------------------------------------------------------- not about the person

#: Set by app.py on every run so a page knows the router is in charge (ui.shell.page_shell).
ROUTED: Final = "_routed"
#: Set by Quick exit, right after forgetting, so the next run sends the tab to the neutral page.
EXIT: Final = "_quick_exit"
#: Set on a session's first run when the browser came from a session that is gone (ui.failover).
FAILED_OVER: Final = "_failed_over"
#: Set on a session's first run and kept for its life (Start over too): later runs are never a first run,
#: whatever widget values a page change carries (ui.failover).
BEGUN: Final = "_begun"
#: When this session's last runs started (ui.guard slows a session that floods reruns).
RUN_TIMES: Final = "_run_times"
#: The interface's language ("en", "es"): chosen from the browser on the first visit, or by the switch.
#: Start over keeps it (a Spanish speaker starting again still reads Spanish); it says which catalog to
#: read, not anything the person answered. The switch's own widget key is kept with it.
LANGUAGE: Final = "_lang"
LANGUAGE_PICKER: Final = "_lang_picker"
#: What forget() keeps: nothing here says anything about the person.
KEEP: Final[frozenset[str]] = frozenset({ROUTED, EXIT, RUN_TIMES, LANGUAGE, LANGUAGE_PICKER, BEGUN})


def forget() -> None:
    """Drop everything this session holds about the person: every key but ``KEEP`` (answers, draft,
    shortlist, place picks, refine state, the ranking memo, every widget's value), and the URL's query."""
    state = st.session_state
    for key in list(state.keys()):
        if key not in KEEP:
            del state[key]
    st.query_params.clear()
