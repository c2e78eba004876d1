"""What every page has: the crisis banner and help box, quick exit, start over, the page shell (the routing
switch) and links between pages."""

from __future__ import annotations

import json
from typing import Final

import streamlit as st

from matcher import (
    CLOSING,
    Answers,
    Contact,
    CrisisResource,
    banner_resources,
    lead,
    lines_for_who_they_are,
    resources_for,
)
from matcher.crisis import RESOURCES
from ui import session
from ui.config import exit_url
from ui.i18n import N_, _, document_language, language, language_switch
from ui.text import esc

#: Tap targets of at least 44×44 px for the crisis links and every button on a phone (WCAG 2.5.5). No side
#: padding: the period after a link ("Call 911. Any time.") would stand apart from it ("Call 911 . Any time.").
_SHELL_CSS = """<style>
.st-key-crisis_banner a, .st-key-crisis_help a, .st-key-crisis_for_you a {
  display: inline-flex; align-items: center; justify-content: center;
  min-height: 44px; min-width: 44px; padding: 0; box-sizing: border-box; }
.st-key-crisis_banner [data-testid="stAlert"] p { margin-bottom: 0.1rem; }
.st-key-quick_exit button, .st-key-start_over button, .st-key-language_switch button {
  min-height: 44px; min-width: 44px; }
.st-key-exit_row p, .st-key-start_over p, .quiet p { font-size: 0.875rem; }
/* The place box needs no Enter (Next checks what is typed), so Streamlit's "Press Enter to apply" would mislead. */
.st-key-q_location [data-testid="InputInstructions"] { display: none; }
[class*="st-key-page_nav"] [data-testid="stPageLink-NavLink"] {
  min-height: 44px; display: flex; align-items: center; padding: 0 0.75rem;
  border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 0.5rem; }
/* What takes no room (the page's language script, a heading only for screen readers) takes no gap either. */
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child),
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > h2[style*="clip"]:only-child) {
    position: absolute; width: 1px; height: 1px; overflow: hidden;
}
@media (max-width: 640px) {
  /* Below the header bar (3.75rem), not 6rem down: the first screen of a phone holds more of the page. */
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; }
  [data-testid="stMain"] button, [data-testid="stMain"] [data-testid="stPageLink-NavLink"] {
    min-height: 44px; min-width: 44px; }
  /* A choice of a radio question is its whole row, 44px tall and the screen's width (its circle alone was 13px on
     a 22px row). */
  [data-testid="stMain"] [role="radiogroup"] > div, [data-testid="stMain"] [data-testid="stRadioOption"] {
    width: 100%; }
  [data-testid="stMain"] [data-testid="stRadioOption"] {
    min-height: 44px; min-width: 44px; display: flex; align-items: center; }
  [data-testid="stMain"] h1 { font-size: 2rem; padding-top: 0.25rem; padding-bottom: 0.5rem; }
  /* The crisis box and the matches page's top rows a little closer (every line and link kept, each link still
     44px tall): in Spanish the box is three lines taller, and the first listing's name must stay on screen. */
  .st-key-crisis_banner { gap: 0.5rem; }
  /* The bottom padding stays 1rem: its last line's 44px links reach below the text (0.5rem clipped it). */
  .st-key-crisis_banner [data-testid="stAlertContainer"] { padding: 0.5rem 0.75rem 1rem; }
  [data-testid="stMainBlockContainer"]:has(.st-key-page_nav_top) > [data-testid="stVerticalBlock"] { gap: 0.5rem; }
  /* Quick exit and the language switch share one row on a phone; the button's own help says what it does. */
  .st-key-exit_row [data-testid="stMarkdown"] { display: none; }
}
</style>"""


def contact_label(contact: Contact) -> str:
    """What to do, in the person's language ("Text HOME to 741741", "Envíe un texto con HOME al 741741")."""
    return _(contact.text).format(number=contact.number, word=contact.word)


def _md_link(contact: Contact, text: str | None = None) -> str:
    return f"[{text or contact_label(contact)}]({contact.href})"


def banner_markdown() -> str:
    """The crisis line from matcher.crisis: 911; call, text or chat 988; text HOME to 741741.

    In Spanish, 988 in Spanish (988 then 2, text AYUDA) comes right after 911, as ``matcher/crisis.py``
    sources it; 988's chat and the Crisis Text Line follow. Only the table's own numbers and options.
    """
    emergency, lifeline, text_line = banner_resources()
    call_911 = emergency.contacts[0]
    call_988, text_988, chat_988 = lifeline.contacts
    home = text_line.contacts[0]
    lines = [_("**In immediate danger: call {call_911}**").format(call_911=_md_link(call_911, "911"))]
    if language() == "es":
        call_es, text_es = RESOURCES["lifeline_spanish"].contacts
        lines.append(
            _("**988 in Spanish:** {call} · {text} · chat at {chat}").format(
                call=_md_link(call_es), text=_md_link(text_es), chat=_md_link(chat_988, "988lifeline.org")
            )
        )
    else:
        lines.append(
            _("**Call or text 988** (Suicide & Crisis Lifeline): {call} · {text} · chat at {chat}").format(
                call=_md_link(call_988, _("Call 988")),
                text=_md_link(text_988, _("Text 988")),
                chat=_md_link(chat_988, "988lifeline.org"),
            )
        )
    lines.append(_("**Crisis Text Line:** {link}").format(link=_md_link(home)))  # the link says "Text HOME to 741741"
    lines.append(_("This site is not a crisis service."))
    return "  \n".join(lines)


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
    st.button(
        _("Start over"),
        key=key,
        on_click=_start_over_elsewhere,
        icon=":material/restart_alt:",
        help=_("Clears your answers and shortlist and goes back to step 1 of the questionnaire."),
    )
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
    st.markdown(_("Your answers are cleared. Leaving for {link} …").format(link=f"[{esc(url)}]({url})"))
    st.stop()


def script_string(text: str) -> str:
    """``text`` as a JavaScript string literal that is safe inside an HTML <script> element: json.dumps
    does not escape "</" (so "</script>" in a value would end the script and start markup of its own)."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: On a phone (or any screen where the sidebar covers the page) a tap on a page in the sidebar also folds the
#: sidebar away: Streamlit navigates but left it open over the page the person asked for. Set up once per tab.
_SIDEBAR_FOLDS = """<script>(() => {
  if (window.__sgfSidebarFolds) return;
  window.__sgfSidebarFolds = true;
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target || !target.closest('[data-testid="stSidebarNav"] a')) return;
    if (!window.matchMedia("(max-width: 768px)").matches) return;
    setTimeout(() => {
      const fold = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (fold) fold.click();
    }, 0);
  }, true);
})();</script>"""


#: After Next, Back, Skip or Start over on a phone the browser kept the old scroll position, so the new step opened
#: on its last options with its question off the top of the screen. When the questionnaire's progress line says
#: another step, and it is above the screen, it is brought to just under the header bar. Set up once per tab,
#: so a step costs the browser no element of its own.
_NEW_STEP_IN_VIEW = """<script>(() => {
  if (window.__sgfStepInView) return;
  window.__sgfStepInView = true;
  const progress = () => document.querySelector('[data-testid="stMain"] [data-testid="stProgress"]');
  const bring = () => {
    const bar = progress();
    const header = document.querySelector('[data-testid="stHeader"]');
    const below = header ? header.getBoundingClientRect().bottom : 0;
    if (bar && bar.getBoundingClientRect().top < below) {
      bar.style.scrollMarginTop = `${below + 8}px`;
      bar.scrollIntoView({block: "start"});
    }
  };
  let shown = null;
  new MutationObserver(() => {
    const bar = progress();
    const text = bar ? bar.textContent : null;
    if (text === shown) return;
    const was = shown;
    shown = text;
    if (!bar || was === null) return;
    bring();
    setTimeout(bring, 250);  // again once the step's elements have been drawn in place of the last step's
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
})();</script>"""


def crisis_banner() -> None:
    """The crisis line, quick exit and "not a crisis service", at the top of every page (phone width too)."""
    st.html(_SHELL_CSS)
    _leave_if_asked()
    document_language()
    st.html(_SIDEBAR_FOLDS + _NEW_STEP_IN_VIEW, unsafe_allow_javascript=True)
    with st.container(key="crisis_banner"):
        st.info(banner_markdown())
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key="exit_row"):
            st.button(
                _("Quick exit"),
                key="quick_exit",
                on_click=_quick_exit,
                icon=":material/logout:",
                help=_("Clears your answers and shortlist, then opens a weather page in this tab."),
            )
            st.markdown(_("Clears your answers, then leaves."), width="content")
            language_switch()


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
    items = [resource_line(r) for r in resources_for(a, language=language())]
    body = f"**{_(opening)}**\n\n" + "\n".join(items) + f"\n\n{_(CLOSING)}"
    with st.container(key="crisis_help"):
        if danger:
            st.error(body, icon=":material/emergency:")
        else:
            st.info(body, icon=":material/favorite:")


def crisis_for_you(a: Answers | None) -> None:
    """Under the help box on the matches page: the crisis lines that are the person's own by what they told us
    (the Veterans Crisis Line for a veteran), whatever they answered at the safety check. Nothing when the
    help box already lists them, or when none fits."""
    lines = lines_for_who_they_are(a)
    if not lines or (a is not None and lead(a.in_danger, declined=bool(st.session_state.get(session.DECLINED)))):
        return
    body = _("**A crisis line for you, any time you need it:**") + "\n\n" + "\n".join(resource_line(r) for r in lines)
    with st.container(key="crisis_for_you"):
        st.info(body, icon=":material/support_agent:")


def resource_line(r: CrisisResource) -> str:
    """One line of the help box: name, links, hours, who it is for and what it is not, in the person's language."""
    links = " · ".join(_md_link(c) for c in r.contacts)
    note = f" {_(r.note)}" if r.note else ""
    return (
        _("- **{name}:** {links}. {hours}. {who}.").format(name=_(r.name), links=links, hours=_(r.hours), who=_(r.who))
        + note
    )


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
        st.markdown(
            _("→ {label} (open the app's {page} page)").format(
                label=label, page=page.removeprefix("pages/").removesuffix(".py")
            )
        )


#: Where a person goes next from each page (Guide → Questionnaire → Matches ↔ Map ↔ Shortlist):
#: page file, link text, short link text (for the row at the top of a page), icon. The pages pick from these,
#: so the same place is always called the same.
NAV: Final[dict[str, tuple[str, str, str, str]]] = {
    "guide": ("pages/guide.py", N_("Read the guide"), N_("Guide"), ":material/menu_book:"),
    "questionnaire": ("pages/questionnaire.py", N_("Answer the questions"), N_("Questions"), ":material/checklist:"),
    "answers": ("pages/questionnaire.py", N_("Change answers"), N_("Change answers"), ":material/checklist:"),
    "matches": ("pages/matches.py", N_("Your matches"), N_("Matches"), ":material/groups:"),
    "map": ("pages/map.py", N_("Map of groups"), N_("Map"), ":material/map:"),
    "shortlist": ("pages/shortlist.py", N_("Your shortlist"), N_("Shortlist"), ":material/bookmark:"),
}


def page_nav(*where: str, key: str = "bottom") -> None:
    """In-page links to the next places a person goes, in one row that wraps, each at least 44 px tall:
    on a phone nobody needs the menu. ``where`` names entries of ``NAV``; the row at a page's top
    (``key="top"``) uses the short names, so it stays one line on a phone."""
    with st.container(horizontal=True, wrap=True, gap="small", key=f"page_nav_{key}"):
        for name in where:
            page, label, short, icon = NAV[name]
            words_id = short if key == "top" else label
            link(page, _(words_id), icon)
