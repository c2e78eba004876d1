"""Shortlist: review, remove, and download as a spreadsheet (CSV) or calendar (.ics)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from matcher import shortlist_csv, shortlist_ics
from pages.common import card, link, page_shell, shortlist

page_shell()

st.title("Your shortlist")
items = list(shortlist().values())
if not items:
    st.info("Your shortlist is empty. Add groups from your matches or the map.")
    link("pages/matches.py", "See your matches", icon=":material/groups:")
    link("pages/questionnaire.py", "Or answer the questionnaire", icon=":material/checklist:")
    st.stop()

count = f"{len(items)} {'group' if len(items) == 1 else 'groups'}"
st.markdown(f"{count}. Downloads are made here and saved only where you save them.")
cols = st.columns(2)
cols[0].download_button("Download as spreadsheet (CSV)", shortlist_csv(items), file_name="my-support-groups.csv",
                        mime="text/csv", icon=":material/download:", width="stretch")
scheduled = [m for m in items if m.listing.days and m.listing.start_time and not m.listing.sample]
cols[1].download_button("Add to my calendar (.ics)", shortlist_ics(items, now=datetime.now(UTC)),
                        file_name="my-support-groups.ics", mime="text/calendar", icon=":material/event:",
                        width="stretch", disabled=not scheduled)
if any(m.listing.sample for m in items):
    st.markdown("Invented sample groups are left out of the calendar: they do not meet anywhere.")
if not scheduled:
    st.markdown("None of these groups is a real group with a fixed weekly time, so there is nothing to put in "
                "a calendar.")
elif len(scheduled) < len(items):
    n = len(scheduled)
    st.markdown(f"The calendar has the {n} real {'group' if n == 1 else 'groups'} with a fixed weekly time.")
st.header("Your groups")
for i, match in enumerate(items):
    card(match, key=f"s{i}")
