"""Shortlist: review, remove, download (CSV, calendar), keep or share it as a link, and print it.

The link is made only when the person asks and holds only listing ids (``?id=…``), never answers.
Opening such a link restores the shortlist in a new session.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import streamlit as st

from matcher import Match, capfirst, find_by_ids, shortlist_csv, shortlist_ics
from ui import session
from ui.cards import card, seen_here
from ui.config import directory
from ui.failover import failed_over
from ui.i18n import LANG_PARAM, _, language, ngettext, words
from ui.shell import link, page_nav, page_shell
from ui.state import CLEARED_NOTE, SHARE_PARAM, answers, refresh_shortlist, shortlist
from ui.text import esc, groups, weekly_time

page_shell()
st.title(_("Your shortlist"), anchor=False)


#: The most listings one shared link restores (a shortlist is a handful; a link names at most this many).
LINK_MAX_IDS = 200


def restore_from_link() -> tuple[int, int]:
    """Listings named in a shared link join the shortlist (once per session). Returns (how many are no
    longer in the directory, how many were left out because the link names more than LINK_MAX_IDS)."""
    named = list(dict.fromkeys(i.strip() for i in st.query_params.get_all(SHARE_PARAM) if i.strip()))
    wanted = named[:LINK_MAX_IDS]
    if not wanted or st.session_state.get(session.RESTORED) == wanted:
        return 0, 0
    st.session_state[session.RESTORED] = wanted
    items = shortlist()
    found = find_by_ids(directory(), wanted, answers(), now=datetime.now(UTC))
    for m in found:
        items.setdefault(m.listing.id, m)
    return len(wanted) - len(found), len(named) - len(wanted)


missing, over = restore_from_link()
if missing:
    st.warning(
        ngettext(
            "{count} group in this link is no longer in the directory.",
            "{count} groups in this link are no longer in the directory.",
            missing,
        ).format(count=words().number(missing))
    )
if over:
    st.warning(
        ngettext(
            "This link names more groups than one shortlist holds, so only the first {max} were added; "
            "{count} group was left out.",
            "This link names more groups than one shortlist holds, so only the first {max} were added; "
            "{count} groups were left out.",
            over,
        ).format(max=LINK_MAX_IDS, count=words().number(over))
    )
gone = refresh_shortlist()
if gone:
    st.warning(
        ngettext(
            "The group directory was updated: {count} group on your shortlist is no longer in it, so "
            "it was taken off: {names}",
            "The group directory was updated: {count} groups on your shortlist are no longer in it, so "
            "they were taken off: {names}",
            len(gone),
        ).format(count=words().number(len(gone)), names=esc("; ".join(gone[:5])) + (" …" if len(gone) > 5 else "")),
        icon=":material/update:",
    )
items: list[Match] = list(shortlist().values())
if not items:
    st.info(_("Your shortlist is empty. Add groups from your matches or the map."))
    if answers() is None and failed_over():  # never to someone who simply has not answered yet
        st.markdown(_(CLEARED_NOTE))
    link("pages/matches.py", _("See your matches"), icon=":material/groups:")
    link("pages/questionnaire.py", _("Or answer the questionnaire"), icon=":material/checklist:")
    st.stop()

real = [m for m in items if not m.listing.sample]
st.markdown(
    _("{groups}. Downloads are made here and saved only where you save them.").format(groups=groups(len(items)))
)
print_view = st.toggle(
    _("Print-friendly view"),
    key=session.PRINT_VIEW,
    help=_("A plain page per list, without buttons; then use your browser's Print."),
)


def link_language() -> None:
    """A link made in another language than English opens in it (``lang=es``); an English one says nothing."""
    if language() == "en":
        st.query_params.pop(LANG_PARAM, None)
    else:
        st.query_params[LANG_PARAM] = language()


def share() -> None:
    st.query_params[SHARE_PARAM] = [m.listing.id for m in shortlist().values()]
    link_language()
    st.session_state[session.SHARED] = True


if not print_view:
    with st.container(horizontal=True, gap="small"):
        w = words()
        st.download_button(
            _("Download as spreadsheet (CSV)"),
            shortlist_csv(items, w),
            file_name=_("my-support-groups.csv"),
            mime="text/csv",
            icon=":material/download:",
        )
        scheduled = [m for m in real if m.listing.days and m.listing.start_time]
        st.download_button(
            _("Add to my calendar (.ics)"),
            shortlist_ics(items, now=datetime.now(UTC), words=w),
            file_name=_("my-support-groups.ics"),
            mime="text/calendar",
            icon=":material/event:",
            disabled=not scheduled,
        )
        st.button(_("Make a link to my shortlist"), on_click=share, icon=":material/link:")
    notes = []
    if len(real) < len(items):
        notes.append(_("The calendar leaves out invented examples: they are not real groups."))
    if not scheduled:
        notes.append(
            _("None of the real groups here has a fixed weekly time, so there is nothing to put in a calendar.")
        )
    elif len(scheduled) < len(real):
        notes.append(
            ngettext(
                "The calendar has the {count} group with a fixed weekly time.",
                "The calendar has the {count} groups with a fixed weekly time.",
                len(scheduled),
            ).format(count=words().number(len(scheduled)))
        )
    if notes:
        st.markdown(" ".join(notes))
    if st.session_state.get(session.SHARED) and SHARE_PARAM in st.query_params:
        link_language()  # the language may have been switched since the link was made
        ids = st.query_params.get_all(SHARE_PARAM)
        pairs = [(SHARE_PARAM, i) for i in ids] + ([(LANG_PARAM, language())] if language() != "en" else [])
        url = (st.context.url or "").split("?")[0] + "?" + urlencode(pairs)
        st.success(
            _(
                "Your address bar now holds a link to this shortlist. It contains **only the ids of the "
                "{groups} on it**, none of your answers. Copy it from the box below (the copy icon at its "
                "right) to keep it or send it; anyone with the link sees the same list. The ids name the "
                "programs, so the link can hint at what you are looking for: share it where you are "
                "comfortable."
            ).format(groups=groups(len(items))),
            icon=":material/link:",
        )
        st.code(url, language=None, wrap_lines=True)
    st.header(_("Your groups"), anchor=False)
    for i, match in enumerate(items):
        card(match, key=f"s{i}", show_score=False)
else:
    # A clean page for the browser's Print: no app chrome, no buttons, one block per group.
    st.html(
        "<style>@media print {header, [data-testid='stSidebar'], [data-testid='stToolbar'], "
        "[data-testid='stToggle'], .st-key-crisis_banner button, [class*='st-key-page_nav'] "
        "{display: none !important;} "
        ".st-key-print_list > div > div {break-inside: avoid;}}</style>"
    )
    with st.container(key="print_list"):
        for match in items:
            g = match.listing
            w = words()
            lines = [f"**{esc(g.name)}**" + (_(" — invented example, not a real group") if g.sample else "")]
            if g.organization:
                lines.append(esc(g.organization))
            meeting = seen_here(match)
            when = weekly_time(meeting) if meeting is not None else capfirst(w.times(match))
            lines.append(f"{esc(capfirst(w.how_to_attend(match.attend)))} · {esc(when)}")
            if g.where and "in_person" in g.formats:
                lines.append(esc(g.where))
            if not g.sample:
                lines += [_("Phone: {phone}").format(phone=esc(w.phone(g.phone)))] if g.phone else []
                lines.append(
                    _("Last verified {date}").format(date=esc(g.last_verified))
                    if g.last_verified
                    else _("Not yet verified")
                )
                lines += [_("Website:")] if g.url else []
            st.markdown("  \n".join(lines))
            if not g.sample and g.url:  # the real address, character for character: printed and copied as is
                st.code(g.url, language=None, wrap_lines=True)
            st.divider()

page_nav("matches", "map", "guide")
