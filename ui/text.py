"""Markdown escaping and the wording helpers the pages share (one copy each)."""

from __future__ import annotations

import re

from matcher import TIMES_OF_DAY, Answers, Place, Ranking, capfirst
from ui.i18n import N_, _, words

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:@&=^%])")

#: GitHub-flavored Markdown turns bare "https://…", "www.…" and "name@host" into links, and Streamlit turns
#: ":material/…:", ":streamlit:" and ":red[…]" into icons and colors, *after* escapes are read: an invisible
#: WORD JOINER (U+2060) is put where each of those patterns would start, and after every colon.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=www)(?=\.)|(?=@)|(?<=:)")
_JOINER = "\u2060"

#: The languages offered first wherever a person picks one (questionnaire and refine bar).
COMMON_LANGUAGES = ("en", "es", "zh", "vi", "ko", "tl", "ar", "fr", "ru", "ht")


def esc(text: str) -> str:
    """Text made inert for st.markdown: no links (even bare URLs, www. and e-mail addresses), images, HTML,
    icons (:material/…:, :streamlit:), colors, math or formatting: just the words, on one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_JOINER, flat))


def capitalized(text: str) -> str:
    """First letter up, the rest as written ("American Sign Language" stays as it is)."""
    return capfirst(text)


#: A time of day as a choice: its name and hours, "Evenings (5 pm–9 pm)".
TIME_OF_DAY_CHOICES = {
    "morning": N_("Mornings ({start}–{end})"),
    "afternoon": N_("Afternoons ({start}–{end})"),
    "evening": N_("Evenings ({start}–{end})"),
    "night": N_("Nights ({start}–{end})"),
}


def time_of_day_label(code: str) -> str:
    """"Evenings (5 pm–9 pm)": the name and its hours, as people in the person's language read them."""
    _name, start, end = TIMES_OF_DAY[code]
    w = words()
    return _(TIME_OF_DAY_CHOICES[code]).format(start=w.hour(start), end=w.hour(end))


def groups(n: int) -> str:
    """'1 group', '3 groups' (never 'group(s)'), in the person's language."""
    return words().groups(n)


def count(n: int) -> str:
    """A count as the person's language writes it ("1,250")."""
    return words().number(n)


def matches_headline(a: Answers, place: Place | None, result: Ranking) -> str:
    """"14 groups about anxiety near Houston, TX, plus 6 invented examples" — counts as they are, in the
    person's language (``matcher.Words.headline``)."""
    near = esc(place.label) if place is not None and a.accepts("in_person") else None
    return words().headline(real=result.real_total, samples=result.total - result.real_total, focus=a.focus,
                            place=near)
