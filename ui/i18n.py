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


#: Streamlit's own buttons with a fixed English ``aria-label`` (the age's − and +, its clear button), by
#: their ``data-testid``: a screen reader in Spanish would read "Decrement" and "Increment".
BUILT_IN_LABELS: Final[dict[str, str]] = {
    "stNumberInputStepDown": N_("One less"),
    "stNumberInputStepUp": N_("One more"),
    "stNumberInputClearButton": N_("Clear"),
}
#: Relabels those buttons now and whenever Streamlit draws them again (one observer per page; a language
#: switch only replaces the labels it applies). The labels come from the catalog, written as JSON.
_RELABEL: Final = """(() => {
  window.__sgfLabels = LABELS;
  const apply = () => {
    for (const [id, label] of Object.entries(window.__sgfLabels)) {
      for (const el of document.querySelectorAll(`[data-testid="${id}"]`)) {
        if (el.getAttribute("aria-label") !== label) el.setAttribute("aria-label", label);
      }
    }
  };
  apply();
  if (!window.__sgfRelabel) {
    window.__sgfRelabel = new MutationObserver(apply);
    window.__sgfRelabel.observe(document.body, {childList: true, subtree: true, attributeFilter: ["aria-label"]});
  }
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
    labels = json.dumps({test_id: _(label) for test_id, label in BUILT_IN_LABELS.items()}).replace("<", "\\u003c")
    st.html(
        f"<script>document.documentElement.lang = {json.dumps(code)};\n{_RELABEL.replace('LABELS', labels)}</script>",
        unsafe_allow_javascript=True,
    )


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
    "set_language",
    "words",
]
