"""Privacy: what happens to a person's answers, what leaves the machine, and how to leave quickly."""

import streamlit as st

from ui.config import exit_url, settings
from ui.i18n import _
from ui.shell import page_nav, page_shell
from ui.text import esc

page_shell()
st.title(_("Your privacy"), anchor=False)
st.markdown(
    _(
        """
- **No account, no tracking, no analytics.** This site does not use cookies to follow you, and sends
  nothing about you to advertisers or to us.
- **Your answers stay in this browser tab's session only.** They are held in the server's memory while
  you use the site and are gone when you close the tab or after a period of inactivity. They are never
  written to disk, put in a log, added to the web address, or stored in your browser.
- **The questionnaire is not a diagnosis.** It only helps you find groups to try.
- **Your downloads are yours.** The shortlist and calendar files are made on request and saved only
  where you save them.
"""
    )
)

st.header(_("What leaves this site"), anchor=False)
current = settings()
leaves = current.leaves_the_machine()
if leaves:
    st.markdown("\n".join(f"- {_(item)}" for item in leaves))
else:
    st.markdown(_("- Nothing: this site makes no requests to anyone else."))
st.markdown(
    _(
        "- Links to a group's website, and the crisis lines' chat pages, open those websites, which "
        "have their own privacy policies. Call and text links open your phone's own apps."
    )
)

st.header(_("Leaving quickly"), anchor=False)
st.markdown(
    _(
        """
- **Quick exit** (at the top of every page) clears your answers and shortlist from this session, then
  opens a neutral page ({current_exit}) in this tab. It is the only time this site sends you somewhere
  else by itself, and only when you tap it.
- **Start over** (in the questionnaire) clears your answers and shortlist and takes you back to step 1.
- Neither can remove this site from your browser's history. If someone else may look at your device,
  use a private or incognito window, or clear your history afterward.
"""
    ).replace("{current_exit}", esc(exit_url()))
)

page_nav("guide", "questionnaire")
