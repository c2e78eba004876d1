"""Markdown escaping and the wording helpers the pages share (one copy each)."""

from __future__ import annotations

import re
from datetime import datetime

from matcher import TIMES_OF_DAY, Answers, MeetingTime, Place, Ranking, ZoneTime, capfirst
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


def led_by(facilitation: tuple[str, ...] | list[str]) -> str:
    """Who leads a group, as one phrase: "Led by peers or by a professional" (the verb said once)."""
    return words().led_by(facilitation) or _("Leader not stated")


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
    """ "Evenings (5 pm–9 pm)": the name and its hours, as people in the person's language read them."""
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
    """ "14 groups about anxiety near Houston, TX, plus 6 invented examples" — counts as they are, in the
    person's language (``matcher.Words.headline``)."""
    near = esc(place.label) if place is not None and a.accepts("in_person") else None
    return words().headline(real=result.real_total, samples=result.total - result.real_total, focus=a.focus, place=near)


# --------------------------------------------------------------------------- meeting times


def clock(at: datetime) -> str:
    """A clock time as people read it in the person's language: "7:00 pm", "noon"; "7:00 p.m." in Spanish."""
    return words().clock(at)


def _days(codes: tuple[str, ...]) -> str:
    return words().labels("days_plural", codes)


def _span(start: ZoneTime, end: ZoneTime | None) -> str:
    w = words()
    text = w.clock(start.at)
    if end is not None:
        text = w._("{start} – {end}").format(start=text, end=w.clock(end.at))
    return f"{text} {start.abbreviation}"


def weekly_time(m: MeetingTime) -> str:
    """ "Tuesdays and Thursdays, 7:00 pm – 8:30 pm CT", and, when the person's zone is known and differs,
    "(5:00 pm – 6:30 pm PT, your time)". The group's own zone always comes first and is always named."""
    w = words()
    text = w._("{days}, {start}").format(days=_days(m.days), start=_span(m.start, m.end))
    if m.person_start is not None:
        seen = _span(m.person_start, m.person_end)
        if m.person_days != m.days:
            seen = w._("{days}, {start}").format(days=_days(m.person_days), start=seen)
        text = _("{when} ({seen}, your time)").format(when=text, seen=seen)
    return text


def _dated(z: ZoneTime) -> str:
    w = words()
    return w._("{day}, {time}").format(day=w.short_date(z.at), time=f"{w.clock(z.at)} {z.abbreviation}")


def next_time(m: MeetingTime) -> str:
    """ "Thu, Dec 3, 7:00 pm CT (5:00 pm PT, your time)": the next meeting in the group's zone, then the
    person's clock (with its date when that differs) only when their zone is known and differs."""
    text = _dated(m.start)
    p = m.person_start
    if p is not None:
        same_day = p.at.date() == m.start.at.date()
        seen = f"{clock(p.at)} {p.abbreviation}" if same_day else _dated(p)
        text = _("{when} ({seen}, your time)").format(when=text, seen=seen)
    return text
