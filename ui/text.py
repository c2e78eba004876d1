"""Markdown escaping and the wording helpers the pages share (one copy each)."""

from __future__ import annotations

import re

from matcher import FOCUS, TIMES_OF_DAY, Answers, Place, Ranking

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
    return text[:1].upper() + text[1:]


def _hour(h: int) -> str:
    return {0: "midnight", 12: "noon"}.get(h % 24, f"{h % 12 or 12} {'am' if h % 24 < 12 else 'pm'}")


def time_of_day_label(code: str) -> str:
    """"Evenings (5 pm–9 pm)": the name and its hours, 12-hour clock as people in the US read them."""
    name, start, end = TIMES_OF_DAY[code]
    return f"{name.capitalize()} ({_hour(start)}–{_hour(end)})"


def groups(n: int) -> str:
    """'1 group', '3 groups' (never 'group(s)')."""
    return plural(n, "group", "groups")


def plural(n: int, one: str, many: str) -> str:
    """'1 program', '2,400 programs': the count with the word that fits it."""
    return f"{n:,} {one if n == 1 else many}"


def matches_headline(a: Answers, place: Place | None, result: Ranking) -> str:
    """"14 groups about anxiety near Houston, TX, plus 6 invented examples" — counts as they are."""
    real = result.real_total
    samples = result.total - real
    # Groups for mental health in general count as matches for any topic: say so, never "about" alone.
    about = (f" about {' or '.join(FOCUS[f] for f in a.focus[:3])} or mental health in general" if a.focus
             else "")
    near = f" (near {esc(place.label)} or online)" if place is not None and a.accepts("in_person") else ""
    if result.total == 0:
        return f"No group{about} meets all your needs yet"
    if real == 0:
        text = f"No real group{about} meets all your needs yet"
    else:
        text = f"{groups(real)}{about} meet your needs{near}" if real != 1 else f"1 group{about} meets your needs{near}"
    if samples:
        text += f", plus {plural(samples, 'invented example', 'invented examples')}"
    return text
