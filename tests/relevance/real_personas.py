"""A judged set over real imported data: two real Meeting Guide feeds, a real 211 export, and one feed
hand-written in the real feeds' shape (Eating Disorders Anonymous; no real EDA feed is vendored).

The expectations were written from the source records (each meeting's name and type codes, each 211
service's name, description and AIRS codes) before looking at the ranking: who each meeting or group is
for and what it is about, in its own words. Ids are the importers' ids (the feed's slug, the 211's
service-at-location id). ``top`` must rank within the first ``k`` real listings; ``never`` must not show.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from matcher.answers import Answers
from matcher.directory import Directory, load_directory
from matcher.importers import ImportOptions, ImportResult, import_hsds, import_meeting_guide, write_rows
from tests.relevance.personas import Persona

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = date(2026, 11, 26)

#: Each real import by name: what it is, and how it is imported (as a deployer would).
IMPORTS: dict[str, tuple[str, Callable[[], ImportResult]]] = {
    "al-anon": (
        "Al-Anon feed, Massachusetts (real)",
        lambda: import_meeting_guide(FIXTURES / "meeting-guide" / "al-anon.json", ImportOptions(today=TODAY)),
    ),
    "atlanta": (
        "AA feed, Atlanta (real)",
        lambda: import_meeting_guide(FIXTURES / "meeting-guide" / "atlanta.json", ImportOptions(today=TODAY)),
    ),
    "211": (
        "Open211 Miami subset (real)",
        lambda: import_hsds(FIXTURES / "open211-miami-subset", ImportOptions(today=TODAY), today=TODAY),
    ),
    "eda": (
        "EDA feed (hand-written in a real feed's shape)",
        lambda: import_meeting_guide(FIXTURES / "meeting-guide" / "eda-hand.json", ImportOptions(today=TODAY)),
    ),
}


@cache
def imported(source: str) -> Directory:
    """One import, written and loaded exactly as the app would load it."""
    result = IMPORTS[source][1]()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "groups.csv"
        write_rows(result.rows, out)
        return load_directory(out, today=TODAY).directory


@dataclass(frozen=True)
class RealPersona(Persona):
    source: str = ""
    #: why the finder gets this person wrong today ("" = it gets them right): the test expects the failure
    known_gap: str = ""


MEN_AFG = (
    "30654364-courage-and-fellowship-mens-afg",
    "65193-my-part-in-it-mens-afg",
    "62468-mens-road-to-serenity-afg",
)
WOMEN_AFG = (
    "51858-womens-step-afg",
    "501192-wednesday-womens-4th-step-afg",
    "6298-womens-12-step-afg",
    "43943-natick-saturday-am-womens-afg",
    "60063-womens-serenity-afg",
    "37246-womens-experience-strength-hope-afg",
    "66737-sunday-serenity-womens-afg",
)
ALATEEN = (
    "30813985-hope-a-day-at-a-time-alateen",
    "30674572-beverly-alateen",
    "30672373-wednesday-night-courage-to-be-me-alateen",
    "6275-lynnfield-monday-nite-alateen",
    "30712973-northampton-alateen-group",
)
SPANISH_AFG = ("500530-solo-por-hoy-gfa", "30503165-esperanza-para-hoy-gfa")
#: 211 groups about a body, not the mind (cancer, stroke), dementia, and children's groups
ILLNESS_211 = ("7024", "8978")
CHILDREN_211 = ("5112", "8898")

REAL_PERSONAS: tuple[RealPersona, ...] = (
    # --- the Al-Anon feed
    RealPersona(
        "mother whose son drinks",
        "A 55-year-old woman whose adult son drinks.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "women"], age=55),
        top=WOMEN_AFG[:3],
        k=7,
        never=(*MEN_AFG, *ALATEEN),
        source="al-anon",
    ),
    RealPersona(
        "husband of a drinker",
        "A 48-year-old man whose wife drinks.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "men"], age=48),
        top=MEN_AFG,
        k=3,
        never=(*WOMEN_AFG, *ALATEEN),
        source="al-anon",
    ),
    RealPersona(
        "teen whose dad drinks",
        "A 15-year-old whose father drinks.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "teens"], age=15),
        top=ALATEEN[:3],
        k=5,
        source="al-anon",
    ),
    RealPersona(
        "Spanish-speaking wife",
        "A wife whose husband drinks; she takes part in Spanish.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "women"], languages=["es"]),
        top=SPANISH_AFG,
        k=2,
        never=MEN_AFG,
        source="al-anon",
    ),
    RealPersona(
        "LGBTQ young adult family member",
        "A 24-year-old queer person whose partner drinks.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "lgbtq", "young_adults"], age=24),
        top=("25035-testing-meeting-types-afg",),
        k=3,
        never=ALATEEN,
        source="al-anon",
    ),
    RealPersona(
        "a man who drinks, in an Al-Anon feed",
        "A man who wants to stop drinking himself.",
        Answers(focus=["substance_use"], communities=["men"], age=40),
        never=(*ALATEEN, *WOMEN_AFG, "62468-mens-road-to-serenity-afg"),
        source="al-anon",
    ),
    # --- the Atlanta AA feed
    RealPersona(
        "wife of a man who drinks, in an AA feed",
        "Her husband drinks; she is not an alcoholic.",
        Answers(focus=["substance_use"], communities=["family_caregivers", "women"]),
        never=("early-sunday-morning", "original-h-o-w"),
        source="atlanta",
    ),
    RealPersona(
        "man who wants to stop drinking",
        "A man who wants to stop drinking (closed meetings are his).",
        Answers(focus=["substance_use"], communities=["men"], age=35),
        top=("early-sunday-morning", "original-h-o-w"),
        k=6,
        source="atlanta",
    ),
    # --- the 211 export
    RealPersona(
        "parent of a son using drugs",
        "A 50-year-old parent whose son uses drugs.",
        Answers(focus=["substance_use"], communities=["family_caregivers"], age=50),
        top=("8592",),
        k=3,
        never=(*ILLNESS_211, "5206", *CHILDREN_211),
        source="211",
    ),
    RealPersona(
        "widow",
        "A 70-year-old woman grieving her husband.",
        Answers(focus=["grief"], communities=["women", "older_adults"], age=70),
        never=(*CHILDREN_211, "7554", *ILLNESS_211),
        source="211",
    ),
    RealPersona(
        "daughter of a mother with Alzheimer's",
        "A 52-year-old caring for her mother with dementia.",
        Answers(focus=["dementia"], communities=["family_caregivers", "women"], age=52),
        top=("5206",),
        k=1,
        never=("8592", *ILLNESS_211),
        source="211",
    ),
    RealPersona(
        "man with cancer",
        "A 63-year-old man living with cancer.",
        Answers(focus=["illness"], communities=["men"], age=63),
        top=("7024",),
        k=3,
        never=("5206", "8592", *CHILDREN_211),
        source="211",
        known_gap="'living with a physical illness' is one topic: diabetes and stroke groups tie with the "
        "cancer center's, whose group also welcomes families and so scores as meant for them",
    ),
    RealPersona(
        "blind woman",
        "A 45-year-old woman who lost her sight.",
        Answers(focus=["disability"], communities=["women", "disabled"], age=45),
        top=("879",),
        k=2,
        never=("8592", *ILLNESS_211),
        source="211",
    ),
    RealPersona(
        "veteran with PTSD",
        "A 35-year-old veteran, a man, living with PTSD.",
        Answers(focus=["ptsd_trauma"], communities=["veterans", "men"], age=35),
        never=(*CHILDREN_211, *ILLNESS_211, "8592"),
        source="211",
    ),
    RealPersona(
        "gay teen who drinks",
        "A 17-year-old gay teen who drinks.",
        Answers(focus=["substance_use"], communities=["lgbtq", "teens"], age=17),
        top=("2060",),
        k=1,
        never=("8592", *ILLNESS_211),
        source="211",
    ),
    RealPersona(
        "young adult who lost a friend",
        "A 22-year-old grieving a friend.",
        Answers(focus=["grief"], communities=["young_adults"], age=22),
        top=("7554",),
        k=1,
        never=CHILDREN_211,
        source="211",
    ),
    # --- the EDA feed (hand-written)
    RealPersona(
        "woman with an eating disorder",
        "A 30-year-old woman with an eating disorder.",
        Answers(focus=["eating_disorders"], communities=["women"], age=30),
        top=("eda-women-thu",),
        k=1,
        never=("eda-online-men",),
        source="eda",
    ),
    RealPersona(
        "gay man with an eating disorder",
        "A gay man who also says 'men'.",
        Answers(focus=["eating_disorders"], communities=["lgbtq", "men"], age=33),
        top=("eda-lgbtq-sat", "eda-online-men"),
        k=2,
        never=("eda-women-thu",),
        source="eda",
    ),
)
