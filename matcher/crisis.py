"""Crisis resources: every line a person can reach right now, in one table, chosen for the person.

The app draws three things from this table: the banner on every page (``banner_resources()``), the
box shown when someone answers "yes" (or "I'd rather not say") to the safety check, and the box above
the matches (both ``resources_for(answers)``). Nothing here is a support group: these are crisis and
help lines, and a support-group finder is not a crisis service.

Sources. Every fact comes from the project's reference notes (shared/reference/safety-privacy.md,
"Crisis resources (United States)"), each checked against the organization's own site named in the
``source`` field of its row. Before changing a number, check it there again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from .words import N_

if TYPE_CHECKING:
    from .answers import Answers

Way = Literal["call", "text", "chat", "videophone"]


@dataclass(frozen=True)
class Contact:
    """One way to reach a resource: what to do (``label``) and the link that does it on a phone.

    ``href`` is a ``tel:``, ``sms:`` or ``https:`` link. A text message with set words uses the
    ``sms:NUMBER?&body=WORD`` form, which both iOS and Android Messages open with the word filled in.
    """

    way: Way
    #: What to do, in English with ``{number}`` and ``{word}`` left to fill (the catalog's message id).
    text: str
    href: str
    number: str = ""
    word: str = ""

    @property
    def label(self) -> str:
        """What to do, in English ("Text HOME to 741741"); the app words ``text`` in the person's language."""
        return self.text.format(number=self.number, word=self.word)


@dataclass(frozen=True)
class CrisisResource:
    """A crisis or help line: its name, how to reach it, when, and who it is for."""

    key: str
    name: str
    contacts: tuple[Contact, ...]
    hours: str
    who: str
    #: What it is not, when that matters ("Not a crisis line: ..."); empty otherwise.
    note: str = ""
    #: The organization's own page the facts were checked against.
    source: str = ""

    def summary(self) -> str:
        """One plain line: the name, how to reach it, hours and who it is for (no links)."""
        ways = "; ".join(c.label for c in self.contacts)
        tail = f" {self.note}" if self.note else ""
        return f"{self.name}: {ways}. {self.hours}. {self.who}.{tail}"


def _call(number: str, label: str | None = None) -> Contact:
    digits = "".join(ch for ch in number if ch.isdigit())
    href = f"tel:{digits}" if len(digits) <= 3 else f"tel:+1{digits[-10:]}"
    return Contact("call", label or N_("Call {number}"), href, number)


def _text(number: str, word: str | None = None, label: str | None = None) -> Contact:
    digits = "".join(ch for ch in number if ch.isdigit())
    number_part = digits if len(digits) < 10 else f"+1{digits[-10:]}"
    href = f"sms:{number_part}" + (f"?&body={word}" if word else "")
    default = N_("Text {word} to {number}") if word else N_("Text {number}")
    return Contact("text", label or default, href, number, word or "")


#: Every crisis and help line the app shows, in one place. Key → resource.
RESOURCES: Final[dict[str, CrisisResource]] = {
    r.key: r
    for r in (
        # Source: safety-privacy.md "Immediate danger: call 911".
        CrisisResource(
            "emergency",
            N_("Emergency services"),
            (_call("911"),),
            N_("Any time"),
            N_("Anyone in immediate danger"),
            source="https://www.911.gov/",
        ),
        # Source: safety-privacy.md; 988lifeline.org ("call or text 988, or chat at 988lifeline.org";
        # 24/7; English and Spanish).
        CrisisResource(
            "lifeline",
            N_("988 Suicide & Crisis Lifeline"),
            (
                _call("988"),
                _text("988"),
                Contact("chat", N_("Chat at 988lifeline.org"), "https://988lifeline.org/chat/"),
            ),
            N_("24/7, free and confidential, in English and Spanish"),
            N_("Anyone thinking about suicide, in emotional distress or worried about someone else"),
            source="https://988lifeline.org/",
        ),
        # Source: safety-privacy.md "Crisis Text Line: text HOME to 741741, any time"; crisistextline.org.
        CrisisResource(
            "crisis_text_line",
            N_("Crisis Text Line"),
            (_text("741741", "HOME"),),
            N_("Any time"),
            N_("Anyone who would rather text"),
            source="https://www.crisistextline.org/",
        ),
        # Source: safety-privacy.md "In Spanish: 988 then press 2, or text AYUDA to 988"; 988lifeline.org/es.
        CrisisResource(
            "lifeline_spanish",
            N_("988 Lifeline en español"),
            (
                _call("988", N_("Llame al 988 y oprima 2 (call 988, then press 2)")),
                _text("988", "AYUDA", N_("Envíe AYUDA al 988 (text AYUDA to 988)")),
            ),
            N_("24/7"),
            N_("Spanish speakers"),
            source="https://988lifeline.org/es/home/",
        ),
        # Source: safety-privacy.md "Veterans Crisis Line: 988 then press 1, or text 838255";
        # veteranscrisisline.net (also serves service members, Guard and Reserve, and their families).
        CrisisResource(
            "veterans",
            N_("Veterans Crisis Line"),
            (_call("988", N_("Call 988, then press 1")), _text("838255")),
            N_("24/7"),
            N_("Veterans, service members, and their families and friends"),
            source="https://www.veteranscrisisline.net/",
        ),
        # Source: safety-privacy.md "The Trevor Project, 1-866-488-7386, or text START to 678-678, 24/7";
        # thetrevorproject.org (for LGBTQ+ young people under 25). 988's "press 3" ended July 2025.
        CrisisResource(
            "trevor",
            N_("The Trevor Project"),
            (_call("1-866-488-7386"), _text("678-678", "START")),
            N_("24/7"),
            N_("LGBTQ+ young people under 25"),
            source="https://www.thetrevorproject.org/get-help/",
        ),
        # Source: safety-privacy.md "988 by videophone in ASL (988lifeline.org), or text".
        CrisisResource(
            "lifeline_asl",
            N_("988 Lifeline for Deaf and hard of hearing people"),
            (
                Contact(
                    "videophone",
                    N_("Call 988 by videophone in ASL (see 988lifeline.org)"),
                    "https://988lifeline.org/help-yourself/for-deaf-hard-of-hearing/",
                ),
                _text("988"),
            ),
            N_("24/7"),
            N_("Deaf and hard of hearing people, in American Sign Language or by text"),
            source="https://988lifeline.org/help-yourself/for-deaf-hard-of-hearing/",
        ),
        # Source: safety-privacy.md "SAMHSA National Helpline 1-800-662-4357 (HELP), 24/7, English and
        # Spanish, free, confidential; treatment referral, not a crisis line"; samhsa.gov/find-help/helplines.
        CrisisResource(
            "samhsa",
            N_("SAMHSA's National Helpline"),
            (_call("1-800-662-4357"),),
            N_("24/7, free and confidential, in English and Spanish"),
            N_("People and families facing alcohol or drug use"),
            note=N_("It finds treatment and information; it is not a crisis line."),
            source="https://www.samhsa.gov/find-help/helplines/national-helpline",
        ),
        # Source: safety-privacy.md "National Maternal Mental Health Hotline 1-833-852-6262
        # (1-833-TLC-MAMA), call or text, 24/7, English and Spanish"; mchb.hrsa.gov.
        CrisisResource(
            "maternal",
            N_("National Maternal Mental Health Hotline"),
            (_call("1-833-852-6262"), _text("1-833-852-6262")),
            N_("24/7, in English and Spanish"),
            N_("Pregnant and new parents, and their families"),
            source="https://mchb.hrsa.gov/national-maternal-mental-health-hotline",
        ),
        # Source: safety-privacy.md "National Domestic Violence Hotline 1-800-799-7233, or text START to
        # 88788"; thehotline.org.
        CrisisResource(
            "domestic_violence",
            N_("National Domestic Violence Hotline"),
            (_call("1-800-799-7233"), _text("88788", "START")),
            N_("24/7"),
            N_("Anyone experiencing abuse, or worried about someone who is"),
            source="https://www.thehotline.org/",
        ),
        # Source: safety-privacy.md "Everyday help finding local services: dial 211"; 211.org.
        CrisisResource(
            "211",
            "211",
            (_call("211", N_("Dial 211")),),
            N_("Hours vary by area"),
            N_("Anyone looking for local help: food, housing, bills, health and counseling"),
            note=N_("It connects you with local services; it is not a crisis line."),
            source="https://www.211.org/",
        ),
        # Source: safety-privacy.md "NAMI HelpLine (information, not crisis): 1-800-950-6264, or text
        # 'helpline' to 62640, weekdays"; nami.org/help.
        CrisisResource(
            "nami",
            N_("NAMI HelpLine"),
            (_call("1-800-950-6264"), _text("62640", "helpline")),
            N_("Weekdays"),
            N_("People with mental health questions and their families"),
            note=N_("It gives information and support; it is not a crisis line."),
            source="https://www.nami.org/help",
        ),
    )
}

#: What the banner on every page shows, in this order.
BANNER: Final = ("emergency", "lifeline", "crisis_text_line")
#: 988's chat page, named on the banner.
LIFELINE_CHAT: Final = "https://988lifeline.org/chat/"
#: Trevor Project: young people under 25.
TREVOR_MAX_AGE: Final = 24

_VETERAN_COMMUNITIES: Final = frozenset({"veterans", "military_families"})
_LGBTQ_COMMUNITIES: Final = frozenset({"lgbtq", "trans_nonbinary"})
_YOUNG_COMMUNITIES: Final = frozenset({"teens", "young_adults"})


def banner_resources() -> tuple[CrisisResource, ...]:
    """911, 988 and the Crisis Text Line: the lines on every page."""
    return tuple(RESOURCES[k] for k in BANNER)


def _lgbtq_young(communities: frozenset[str], age: int | None) -> bool:
    if not communities & _LGBTQ_COMMUNITIES:
        return False
    if age is not None:
        return age <= TREVOR_MAX_AGE
    return "older_adults" not in communities


def tailored_keys(answers: Answers) -> tuple[str, ...]:
    """Keys of the lines that fit what the person told us, beyond the banner's (211 always last)."""
    communities = frozenset(answers.communities)
    focus = frozenset(answers.focus)
    rules: Iterable[tuple[str, bool]] = (
        ("lifeline_spanish", "es" in answers.languages),
        ("veterans", bool(communities & _VETERAN_COMMUNITIES)),
        ("trevor", _lgbtq_young(communities, answers.age)),
        ("lifeline_asl", "deaf_hoh" in communities or "asl" in answers.accessibility),
        ("domestic_violence", "abuse_survivors" in communities),
        ("maternal", "postpartum" in focus),
        ("samhsa", "substance_use" in focus),
        ("211", True),
    )
    return tuple(key for key, fits in rules if fits)


#: Lines whose sources say they answer in Spanish, beyond 988 itself: first for a Spanish interface.
SPANISH_FIRST: Final = ("lifeline_spanish", "maternal", "samhsa")


def resources_for(answers: Answers | None, *, language: str | None = None) -> tuple[CrisisResource, ...]:
    """Every line for this person: the banner's three first, then the ones their answers call for.

    Spanish → 988 in Spanish; veterans or military families → Veterans Crisis Line; LGBTQ+ young
    people → The Trevor Project; Deaf and hard of hearing (or ASL needed) → 988 by videophone; abuse
    survivors → National Domestic Violence Hotline; pregnancy and postpartum → National Maternal Mental
    Health Hotline; alcohol and drug use → SAMHSA's helpline; and 211 for local services, always.

    For a Spanish interface (``language="es"``) 988 in Spanish comes right after 911, always, and the
    other lines their sources say answer in Spanish (maternal, SAMHSA) come before the rest they fit.
    """
    keys = BANNER + (tailored_keys(answers) if answers is not None else ("211",))
    if language == "es":
        spanish = ("lifeline_spanish", *(k for k in SPANISH_FIRST[1:] if k in keys))
        keys = (BANNER[0], *spanish, *(k for k in keys[1:] if k not in spanish))
    return tuple(RESOURCES[k] for k in keys)


#: Lines shown with a person's matches whatever they answered at the safety check, when their answers say
#: the line is theirs: a veteran (or a military family) sees the Veterans Crisis Line, 988 then 1, where
#: they look for a group.
FOR_WHO_THEY_ARE: Final = ("veterans",)


def lines_for_who_they_are(answers: Answers | None) -> tuple[CrisisResource, ...]:
    """The lines of FOR_WHO_THEY_ARE that fit these answers (the Veterans Crisis Line for a veteran)."""
    if answers is None:
        return ()
    fits = tailored_keys(answers)
    return tuple(RESOURCES[k] for k in FOR_WHO_THEY_ARE if k in fits)


#: The first line of the help box, by the answer to the safety check.
LEAD_IN_DANGER: Final = N_(
    "Please reach out now. You don't have to wait for a group, and you don't have to go through this alone."
)
LEAD_DECLINED: Final = N_(
    "That's okay, you don't have to say. If things feel hard now or later, these lines "
    "are free, confidential and there for you too."
)
#: The last line of the help box: a group can help alongside crisis care, not instead of it.
CLOSING: Final = N_("When you're ready, a support group can help alongside this, not instead of it.")


def lead(in_danger: bool | None, *, declined: bool = False) -> str | None:
    """The opening line of the help box: urgent for "yes", gentle for "I'd rather not say", else None."""
    if in_danger:
        return LEAD_IN_DANGER
    if declined:
        return LEAD_DECLINED
    return None
