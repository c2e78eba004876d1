"""The person's language: from the browser on the first visit, switchable on every page, this session only.

Every word a person reads goes through this module: ``_("…")`` and ``ngettext("…", "…", n)`` translate
with *this session's* catalog (``matcher.words`` compiles ``locales/<lang>/LC_MESSAGES/messages.po``
once per process and every session holds a reference to its language's). Nothing is installed
process-wide (no ``gettext.install``): one server serves sessions in different languages at once.

The choice lives in ``st.session_state`` only: no cookie, no browser storage. A shortlist link carries
``lang=<code>`` only when the person makes one; opening such a link starts in that language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Final, TypeVar

import streamlit as st

from matcher import ENGLISH, Words, available_languages, words_for
from ui import session

#: Each language's name in itself, for the switch: a person who reads only Spanish must find "Español".
ENDONYMS: Final[dict[str, str]] = {"en": "English", "es": "Español"}
#: The query parameter a shortlist link may carry (``?lang=es``), only when the person makes a link.
LANG_PARAM: Final = "lang"
_TAG: Final = re.compile(r"^[a-z]{2,3}$")
T = TypeVar("T")


def N_(message: str) -> str:
    """Mark text for the catalog where it is defined; ``_()`` translates it where it is shown."""
    return message


def detect(locale: str | None, accept_language: str | None) -> str:
    """The first language the browser asks for that has a catalog (``es-US`` → ``es``), else English.

    ``locale`` is the browser's own language (``st.context.locale``); ``accept_language`` the request's
    header, read only when the browser did not say (``es-MX,es;q=0.9,en;q=0.8``, by its q-values).
    """
    known = available_languages()
    wanted: list[str] = []
    if locale:
        wanted.append(locale)
    if accept_language:
        weighted: list[tuple[float, int, str]] = []
        for i, part in enumerate(accept_language.split(",")[:20]):
            tag, _sep, params = part.strip().partition(";")
            q = 1.0
            if params.strip().startswith("q="):
                try:
                    q = float(params.strip()[2:])
                except ValueError:
                    q = 0.0
            if tag and q > 0:
                weighted.append((-q, i, tag))
        wanted.extend(tag for _q, _i, tag in sorted(weighted))
    for tag in wanted:
        code = tag.strip().replace("_", "-").split("-")[0].lower()
        if code in known:
            return code
    return ENGLISH.language


def _browser_language() -> str:
    link = st.query_params.get(LANG_PARAM)
    if link in available_languages():
        return str(link)
    locale = getattr(st.context, "locale", None)
    try:
        accept = st.context.headers.get("Accept-Language")
    except Exception:  # no request headers outside a browser session (AppTest)
        accept = None
    return detect(locale if isinstance(locale, str) else None, accept)


def language() -> str:
    """This session's language code; chosen from the browser (or a shortlist link) on the first run."""
    state = st.session_state
    code = state.get(session.LANGUAGE)
    if not isinstance(code, str) or code not in available_languages():
        code = _browser_language()
        state[session.LANGUAGE] = code
    return code


def set_language(code: str) -> None:
    """Switch this session's language (answers and shortlist are kept: they are language-free)."""
    if code in available_languages():
        st.session_state[session.LANGUAGE] = code


def words() -> Words:
    """This session's words (reasons, labels, downloads) in its language."""
    return words_for(language())


def _(message: str) -> str:
    """``message`` in this session's language."""
    return words().catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` in this session's language, from the catalog's plural rule."""
    return words().catalog.ngettext(singular, plural, n)


def labeled(options: Iterable[T], label: Callable[[T], str]) -> Callable[[T], str]:
    """A widget's ``format_func`` with every label worded now, in this session's language.

    Streamlit may call a ``format_func`` outside this session's run (AppTest does), where the session's
    language cannot be read: the words are looked up once, here, and the function only picks one.
    """
    words_now = {option: label(option) for option in options}
    return lambda option: words_now.get(option, str(option))


def _switched() -> None:
    picked = st.session_state.get(session.LANGUAGE_PICKER)
    if isinstance(picked, str):
        set_language(picked)


def language_switch() -> None:
    """ "English | Español" on every page, one tap away at phone width; keeps the answers and shortlist."""
    codes = [c for c in available_languages() if c in ENDONYMS] or [ENGLISH.language]
    current = language()
    st.session_state[session.LANGUAGE_PICKER] = current
    with st.container(key="language_switch"):
        st.segmented_control(
            _("Language"),
            codes,
            format_func=ENDONYMS.__getitem__,
            key=session.LANGUAGE_PICKER,
            on_change=_switched,
            label_visibility="collapsed",
            width="content",
        )


#: Streamlit's and the map's own English words, as they write them (an ``aria-label``, a ``title`` or the
#: text of a few of their own elements), and what a person reads instead, from the catalog: in a Spanish
#: interface a screen reader would otherwise say "Remove Depresión", "Open", "Zoom In". ``{name}`` stands
#: for the part Streamlit fills in (a chip's option, a widget's label), kept as it is. The keys are checked
#: against Streamlit's and pydeck's frontend bundles by tests/test_i18n.py.
BUILT_IN_LABELS: Final[dict[str, str]] = {
    # the age's − and + and its clear button (number input); "Clear value" is the select box's too
    "Decrement": N_("One less"),
    "Increment": N_("One more"),
    "Clear value": N_("Clear"),
    # the page around the app
    "Skip to main content": N_("Skip to main content"),
    "Expand sidebar": N_("Open the side menu"),
    "Collapse sidebar": N_("Close the side menu"),
    "Sidebar": N_("Side menu"),
    "Main menu": N_("Main menu"),
    "App pages": N_("Pages of this site"),
    "Notifications": N_("Notices"),
    "Close": N_("Close"),
    "Running...": N_("Loading…"),
    # under a text box while typing (the frontend builds it from "Press Enter to " and "apply")
    "Press Enter to apply": N_("Press Enter to apply"),
    # the questionnaire's progress bar (its visible text says the step; this is what a screen reader names it)
    "progress": N_("Progress through the questions"),
    # choices in a list (multiselect, select box)
    "Remove {name}": N_("Remove {name}"),
    "Clear all": N_("Clear all"),
    "Open": N_("Open the list"),
    "Selected values": N_("Chosen"),
    "Selectbox options": N_("Options"),
    "No results": N_("Nothing matches"),
    # the (?) next to a widget
    "Help": N_("Help"),
    "Help for {name}": N_("Help: {name}"),
    # the toolbar over a map or chart
    "Fullscreen": N_("Full screen"),
    "Fullscreen: {name}": N_("Full screen: {name}"),
    "Close fullscreen": N_("Leave full screen"),
    "Close fullscreen: {name}": N_("Leave full screen: {name}"),
    # the map's controls (pydeck's and the map library's own words)
    "Zoom In": N_("Zoom in"),
    "Zoom Out": N_("Zoom out"),
    "Zoom in": N_("Zoom in"),
    "Zoom out": N_("Zoom out"),
    "Reset North": N_("Turn the map to face north"),
    "Reset bearing to north": N_("Turn the map to face north"),
    "Toggle attribution": N_("Show or hide the map's credits"),
    "Toggle Attribution": N_("Show or hide the map's credits"),
    "Map feedback": N_("Report a problem with the map"),
    "Map": N_("Map"),
}
#: Where Streamlit writes some of those words as text rather than an attribute.
_TEXT_PLACES: Final = (
    '[data-testid="stSkipToContent"], [data-testid="stTooltipContent"], [role="listbox"], '
    '[data-testid="InputInstructions"]'
)
#: Relabels those words now and whenever Streamlit draws them again (one observer per page, which looks only
#: at what changed). Each element's own English is remembered, so a language switch relabels it again from
#: that. Only ``setAttribute`` and text nodes are written: nothing is parsed as HTML. The labels come from
#: the catalog, written as JSON.
_RELABEL: Final = """(() => {
  window.__sgfLabels = LABELS;
  window.__sgfPlaces = PLACES;
  if (!window.__sgfRelabel) {
    const seen = new WeakMap();
    const word = (english) => {
      const labels = window.__sgfLabels;
      if (Object.prototype.hasOwnProperty.call(labels, english)) return labels[english];
      for (const [key, label] of Object.entries(labels)) {
        const at = key.indexOf("{name}");
        if (at < 0) continue;
        const head = key.slice(0, at), tail = key.slice(at + 6);
        if (english.length > head.length + tail.length && english.startsWith(head) && english.endsWith(tail)) {
          return label.split("{name}").join(english.slice(head.length, english.length - tail.length));
        }
      }
      return null;
    };
    const relabel = (node, attr) => {
      const now = attr ? node.getAttribute(attr) : node.nodeValue;
      if (now === null) return;
      // A material icon beside its own words ("translate icon" on "Se habla español") says nothing more:
      // hidden from screen readers, in every language, instead of an icon's English name read aloud.
      if (attr === "aria-label" && /^[a-z0-9_]+ icon$/.test(now) && !node.matches("button, a, input, [tabindex]")) {
        node.setAttribute("aria-hidden", "true");
        node.removeAttribute("aria-label");
        return;
      }
      let mine = seen.get(node);
      if (!mine) { mine = {}; seen.set(node, mine); }
      const slot = attr || "#text";
      const was = mine[slot];
      const english = was && now === was[1] ? was[0] : now.trim();
      const label = word(english);
      mine[slot] = [english, label === null ? now : label];
      if (label !== null && label !== now) {
        if (attr) node.setAttribute(attr, label); else node.nodeValue = label;
      }
    };
    const texts = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) relabel(t, null);
    };
    const visit = (root) => {
      if (root.nodeType === Node.TEXT_NODE) {
        if (root.parentElement && root.parentElement.closest(window.__sgfPlaces)) relabel(root, null);
        return;
      }
      if (root.nodeType !== Node.ELEMENT_NODE) return;
      for (const el of [root, ...root.querySelectorAll("[aria-label], [title]")]) {
        if (el.hasAttribute("aria-label")) relabel(el, "aria-label");
        if (el.hasAttribute("title")) relabel(el, "title");
      }
      const place = root.closest(window.__sgfPlaces);
      for (const el of place ? [place] : root.querySelectorAll(window.__sgfPlaces)) texts(el);
    };
    window.__sgfRelabelAll = () => visit(document.body);
    window.__sgfRelabel = new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "childList") r.addedNodes.forEach(visit);
        else if (r.type === "attributes") relabel(r.target, r.attributeName);
        else visit(r.target);
      }
    });
    window.__sgfRelabel.observe(document.body, {
      childList: true, subtree: true, characterData: true, attributeFilter: ["aria-label", "title"],
    });
  }
  window.__sgfRelabelAll();
})();"""


def document_language() -> None:
    """The page's ``<html lang>`` follows the language, so screen readers pronounce it right, and
    Streamlit's own English button labels (:data:`BUILT_IN_LABELS`) are said in the language too.

    Only a code from the catalogs' own list (two or three letters) and the catalog's labels are written, as
    JSON: nothing a person or the directory wrote reaches this script.
    """
    code = language()
    if not _TAG.match(code):
        return
    st.html(f"<script>{relabel_script(words())}</script>", unsafe_allow_javascript=True)


def _json(value: object) -> str:
    """JSON that cannot end the ``<script>`` it is written in (every ``<`` escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def relabel_script(w: Words) -> str:
    """The page's script: ``<html lang>`` and Streamlit's own words (:data:`BUILT_IN_LABELS`) in ``w``'s language."""
    code = w.language if _TAG.match(w.language) else ENGLISH.language
    labels = _json({english: w.catalog.gettext(label) for english, label in BUILT_IN_LABELS.items()})
    script = _RELABEL.replace("PLACES", _json(_TEXT_PLACES), 1).replace("LABELS", labels, 1)
    return f"document.documentElement.lang = {_json(code)};\n{script}"


__all__ = [
    "BUILT_IN_LABELS",
    "ENDONYMS",
    "LANG_PARAM",
    "N_",
    "_",
    "detect",
    "document_language",
    "labeled",
    "language",
    "language_switch",
    "ngettext",
    "relabel_script",
    "set_language",
    "words",
]
