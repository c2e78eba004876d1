"""A judged set over the bundled directory as it ships: the real national programs and SAMHSA's facilities.

Each expectation was written from the data before looking at the ranking: the listings within reach of the
person's ZIP code in data/groups.csv (looked up with pandas: their distance from the ZIP's center, topics,
ages, languages, sign language, who leads, what they take) and the workbooks' codes behind them. For
example, within 25 miles of Decorah, Iowa (52101) there are three real places, all general mental-health
centers open to adults (Northeast Iowa Behavioral Health in Decorah, Northeast Iowa Mental Health Center in
Waukon and in Cresco), and no grief program a person can join by phone but AFSP's, which is for people who
lost someone to suicide. Checks are what the person would notice on their first screen ("the first five
are real places within 10 miles that offer Spanish"), not ids in an order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from matcher import zip_place
from matcher.answers import Answers
from matcher.directory import Directory
from matcher.scoring import Match, rank_listings
from matcher.vocabulary import FREE_COSTS

Check = tuple[str, Callable[[list[Match]], bool]]


@dataclass(frozen=True)
class DirectoryPersona:
    name: str
    story: str
    answers: Answers
    checks: tuple[Check, ...]
    #: why the finder gets this person wrong today ("" = it gets them right): the test expects the failure
    known_gap: str = ""


def ranked(directory: Directory, persona: DirectoryPersona, now: datetime) -> list[Match]:
    """Every real listing that is a match for the persona, best first (with place, reasons and distance)."""
    origin = zip_place(persona.answers.location) if persona.answers.location else None
    limit = None if origin is not None else 60  # without a place every facility matches: the head is enough
    return rank_listings(directory, persona.answers, origin, now=now, limit=limit, real_only=True).matches


def results(persona: DirectoryPersona, matches: list[Match]) -> list[tuple[str, bool]]:
    """Each check of the persona as (what it says, whether it holds)."""
    return [(f"{persona.name}: {what}", bool(check(matches))) for what, check in persona.checks]


# --------------------------------------------------------------------------- what a person notices


def facility(m: Match) -> bool:
    """A place from SAMHSA's directory (a treatment facility), not a program joined from anywhere."""
    return m.listing.source.startswith("SAMHSA")


def within(miles: float) -> Callable[[Match], bool]:
    return lambda m: "in_person" in m.attend and m.distance_miles is not None and m.distance_miles <= miles


def about(*focus: str) -> Callable[[Match], bool]:
    return lambda m: bool(set(m.listing.focus) & set(focus))


def only_about(*focus: str) -> Callable[[Match], bool]:
    return lambda m: bool(m.listing.focus) and set(m.listing.focus) <= set(focus)


def led_by(who: str) -> Callable[[Match], bool]:
    return lambda m: who in m.listing.facilitation


def reason_codes(m: Match) -> set[str]:
    return {r.code for r in (*m.reasons, *m.worth_knowing)}


def first_k(k: int, test: Callable[[Match], bool], n: int | None = None) -> Callable[[list[Match]], bool]:
    """At least ``n`` (default: all) of the first ``k`` matches pass ``test`` (and there are ``k``)."""
    need = k if n is None else n
    return lambda ms: len(ms) >= k and sum(test(m) for m in ms[:k]) >= need


def none(test: Callable[[Match], bool]) -> Callable[[list[Match]], bool]:
    return lambda ms: not any(test(m) for m in ms)


def every(test: Callable[[Match], bool]) -> Callable[[list[Match]], bool]:
    return lambda ms: bool(ms) and all(test(m) for m in ms)


def before(first: Callable[[Match], bool], then: Callable[[Match], bool]) -> Callable[[list[Match]], bool]:
    """No listing passing ``then`` comes before one passing ``first`` (true when either is absent)."""

    def check(ms: list[Match]) -> bool:
        a = [i for i, m in enumerate(ms) if first(m)]
        b = [i for i, m in enumerate(ms) if then(m) and not first(m)]
        return not a or not b or max(a) < min(b)

    return check


def ids_in_top(k: int, *ids: str) -> Callable[[list[Match]], bool]:
    return lambda ms: set(ids) <= {m.listing.id for m in ms[:k]}


def overstated(m: Match) -> bool:
    """A treatment facility said to be built for the person because it lists a special program for them
    (only an audience it is only for makes a place built for someone: a VA center, a women's program)."""
    return facility(m) and any(r.code == "built_for" for r in m.reasons) and not m.listing.audience


def meant_for_another_age(age: int) -> Callable[[Match], bool]:
    """Presented as meant mainly for an age group the person is clearly outside."""
    spans = {"teens": (12, 19), "young_adults": (18, 35), "older_adults": (55, 120)}

    def test(m: Match) -> bool:
        for r in m.worth_knowing:
            if r.code == "meant_for":
                ages = [spans[c] for c in r["communities"] if c in spans]  # type: ignore[attr-defined]
                if ages and not any(lo <= age <= hi for lo, hi in ages):
                    return True
        return False

    return test


def adults_only(age: int) -> Callable[[Match], bool]:
    return lambda m: (
        (m.listing.min_age is not None and m.listing.min_age > age)
        or (m.listing.max_age is not None and m.listing.max_age < age)
    )


SUICIDE_LOSS = only_about("suicide_loss", "grief")
SUICIDE_LOSS_ONLY: Callable[[Match], bool] = lambda m: SUICIDE_LOSS(m) and "suicide_loss" in m.listing.focus  # noqa: E731
GENERAL_GRIEF: Callable[[Match], bool] = lambda m: set(m.listing.focus) == {"grief"} and not m.listing.communities  # noqa: E731
#: a national program about mental health in general, open to everyone
BROAD: Callable[[Match], bool] = lambda m: not facility(m) and "general" in m.listing.focus and not m.listing.audience  # noqa: E731

DIRECTORY_PERSONAS: tuple[DirectoryPersona, ...] = (
    DirectoryPersona(
        "widower in rural Iowa",
        "A 68-year-old widower near Decorah, Iowa (52101), grieving his wife; in person or by phone.",
        Answers(
            focus=["grief"],
            communities=["older_adults", "men"],
            age=68,
            formats=["in_person", "phone"],
            location="52101",
        ),
        (
            # the data: three general mental-health centers within 25 miles, all open to adults his age
            ("the three real places within 25 miles are in his first five", first_k(5, within(25), 3)),
            ("nothing online only", every(lambda m: "in_person" in m.attend or "phone" in m.attend)),
            (
                "the first is not a suicide-loss program (he did not say suicide)",
                first_k(1, lambda m: not SUICIDE_LOSS_ONLY(m)),
            ),
            ("general grief programs before suicide-loss ones", before(GENERAL_GRIEF, SUICIDE_LOSS_ONLY)),
            ("no clinic said to be built for him for listing a special program", none(overstated)),
            ("nothing presented as meant mainly for young adults or teens", none(meant_for_another_age(68))),
            ("nothing for younger people only", none(adults_only(68))),
        ),
    ),
    DirectoryPersona(
        "Spanish-speaking mother in Houston",
        "A 34-year-old mother in Houston (77036) who takes part in Spanish.",
        Answers(languages=["es"], communities=["women"], age=34, location="77036"),
        (
            # the data: 15 places within 10 miles list Spanish, the nearest at the ZIP's center
            ("her first five are real places within 10 miles", first_k(5, lambda m: facility(m) and within(10)(m))),
            ("every listing offers Spanish", every(lambda m: "es" in m.listing.languages)),
            ("nothing only for men", none(lambda m: "men" in m.listing.audience)),
            ("no clinic said to be built for her for listing a special program", none(overstated)),
        ),
    ),
    DirectoryPersona(
        "Deaf man in Chicago",
        "A 45-year-old Deaf man in Lincoln Park, Chicago (60614), with depression, who needs ASL.",
        Answers(focus=["depression"], accessibility=["asl"], communities=["deaf_hoh", "men"], age=45, location="60614"),
        (
            # the data: C4 North Ave (2.9 mi), C4 Clark, Heartland Alliance (3.5), Rush (3.6) and Community
            # Counseling Centers' intensive outpatient (4.8) are mental-health places with ASL; the nearer
            # ASL places (SunCloud, Howard Brown, Rosecrance) are only about drugs and alcohol
            ("his first five are mental-health places with ASL within 5 miles", first_k(5, within(5))),
            ("every listing offers ASL", every(lambda m: "asl" in m.listing.accessibility)),
            ("nothing only about drugs and alcohol", none(only_about("substance_use", "gambling"))),
            ("nothing for children only", none(adults_only(45))),
            ("no clinic said to be built for him for listing a men's program", none(overstated)),
        ),
    ),
    DirectoryPersona(
        "veteran in Phoenix",
        "A 40-year-old veteran, a father, in downtown Phoenix (85004), who wants to go in person.",
        Answers(communities=["veterans", "men"], age=40, formats=["in_person"], location="85004"),
        (
            # the data: 44 places within 15 miles list a program for veterans; Family Service Agency at the
            # ZIP's center, Valle del Sol (0.6 mi), Focused Family Service (1.4), three at 1.8 miles
            (
                "his first five are real places within 5 miles that run a program for veterans",
                first_k(5, lambda m: within(5)(m) and "veterans" in m.listing.communities),
            ),
            ("nothing online or by phone only", every(lambda m: "in_person" in m.attend)),
            ("nothing only for women", none(lambda m: "women" in m.listing.audience)),
            ("a clinic is said to run a program for veterans, not to be built for him", none(overstated)),
        ),
    ),
    DirectoryPersona(
        "teen in Los Angeles",
        "A 16-year-old in downtown Los Angeles (90012) with depression.",
        Answers(focus=["depression"], age=16, location="90012"),
        (
            # the data: 45 of the 103 places within 10 miles take adults only (18+); 58 take a 16-year-old
            ("nothing for adults only", none(adults_only(16))),
            ("NAMI Connection (18+) is not shown", none(lambda m: m.listing.id == "nami-connection")),
            # on-topic programs joined from anywhere come before general clinics (DBSA, 7 Cups, ADAA…)
            ("real places within 5 miles that take him in the first ten", first_k(10, within(5), 3)),
            ("nothing presented as meant mainly for another age", none(meant_for_another_age(16))),
            ("no clinic said to be built for him for listing a special program", none(overstated)),
        ),
    ),
    DirectoryPersona(
        "wants a peer group",
        "A 30-year-old in Chicago (60614) with depression who wants a group led by peers.",
        Answers(focus=["depression"], facilitation="peer", age=30, location="60614"),
        (
            ("the first five are led by peers", first_k(5, led_by("peer"))),
            ("DBSA's peer groups (about depression) in the first three", ids_in_top(3, "dbsa-groups")),
        ),
    ),
    DirectoryPersona(
        "wants a therapy group",
        "A 30-year-old in Chicago (60614) with depression who wants a group led by a professional.",
        Answers(focus=["depression"], facilitation="professional", age=30, location="60614"),
        (
            (
                "the first five are real places within 5 miles running groups led by professionals",
                first_k(5, lambda m: within(5)(m) and led_by("professional")(m)),
            ),
            ("no peer-only program in the first five", first_k(5, led_by("professional"))),
        ),
    ),
    DirectoryPersona(
        "on Medicaid in Houston",
        "A 40-year-old in Houston (77036) with anxiety who has Medicaid.",
        Answers(focus=["anxiety"], payment=["medicaid"], age=40, location="77036"),
        (
            # the data: Eddins Counseling (cash only), Menninger and Thrive (insurance or cash) take no Medicaid
            (
                "every listing takes Medicaid or costs nothing",
                every(lambda m: "medicaid" in m.listing.payment or m.listing.cost in FREE_COSTS),
            ),
            # the anxiety programs joined from anywhere (free) come first, then the places near her
            ("real places within 10 miles in the first ten", first_k(10, lambda m: facility(m) and within(10)(m), 3)),
        ),
    ),
    DirectoryPersona(
        "eating disorder in Chicago",
        "A 22-year-old in Chicago (60614) recovering from an eating disorder.",
        Answers(focus=["eating_disorders"], age=22, location="60614"),
        (
            # the data: ANAD, Eating Disorders Anonymous and Overeaters Anonymous are support programs about
            # eating disorders; Allens Family Counseling (2.2 mi), Stroger and Rush (3.6) are clinics that
            # list an eating-disorder program among their special programs
            (
                "the eating-disorder support programs come first",
                ids_in_top(3, "anad-groups", "eating-disorders-anonymous", "overeaters-anonymous"),
            ),
            ("clinics with an eating-disorder program within 5 miles in the first ten", first_k(10, within(5), 3)),
            (
                "a clinic runs a program about eating disorders; it is not said to be about them",
                none(lambda m: facility(m) and any(r.code == "focus_asked" for r in m.reasons)),
            ),
        ),
    ),
    DirectoryPersona(
        "veteran with PTSD in Phoenix",
        "A 45-year-old veteran in Phoenix (85004) living with PTSD.",
        Answers(focus=["ptsd_trauma"], communities=["veterans"], age=45, location="85004"),
        (
            # the data: Vet Centers are for veterans and about readjustment and PTSD; Focused Family Service
            # (1.4 mi) and others list a PTSD or trauma program and a veterans program among many
            ("Vet Centers first", ids_in_top(1, "vet-centers")),
            ("real places within 5 miles in the first five", first_k(5, within(5), 3)),
            ("no clinic said to be built for him for listing a veterans program", none(overstated)),
        ),
    ),
    DirectoryPersona(
        "skips everything",
        "Someone who answers nothing: no topic, no place.",
        Answers(),
        (
            # the data: NAMI Connection covers mental health in general and four conditions; Emotions
            # Anonymous, Recovery International and 7 Cups mental health in general and two
            ("the first four are broad mental-health programs open to everyone", first_k(4, BROAD)),
            ("the broadest first: NAMI Connection", ids_in_top(1, "nami-connection")),
            ("no program for one concern before a broad one", before(BROAD, lambda m: not BROAD(m))),
            (
                "no clinic somewhere in the country before the programs joined from anywhere",
                before(lambda m: not facility(m), facility),
            ),
        ),
    ),
)
