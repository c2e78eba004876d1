"""Privacy: what happens to a person's answers, and what leaves the machine."""

import streamlit as st

from pages.common import page_shell, settings

page_shell()
st.title("Your privacy")
st.markdown(
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

st.header("What leaves this site")
leaves = settings().leaves_the_machine()
if leaves:
    st.markdown("\n".join(f"- {item}" for item in leaves))
else:
    st.markdown("- Nothing: this site makes no requests to anyone else.")
st.markdown("- Links to a group's website open that website, which has its own privacy policy.")
