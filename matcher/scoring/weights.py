"""The ranking's policy numbers, in one place: soft-preference weights and partial credit, distance steps,
topic tiers and the order penalties, and the bit masks of the vocabularies the ranking reads."""

from __future__ import annotations

from typing import Final

import numpy as np

from ..vocabulary import (
    ACCESSIBILITY,
    AGE_AUDIENCES,
    COMMUNITIES,
    COST,
    FACILITATION,
    FOCUS,
    FORMATS,
    FREE_COSTS,
    mask_of,
)

#: Points each soft preference can add; they sum to 100. Why these sizes:
#: - focus: a group about what brings the person is the single biggest reason a group helps;
#: - schedule: a group that meets when the person is busy will not be attended, however good;
#: - community, facilitation: matter to many people, but a good general group still helps;
#: - nearness: among groups one can reach, closer is easier to keep going to.
WEIGHTS: Final[dict[str, int]] = {
    "focus": 35,
    "schedule": 20,
    "community": 15,
    "facilitation": 15,
    "nearness": 15,
}


#: Share of a weight given for a partial fit.
PARTIAL: Final[dict[str, float]] = {
    "focus_general": 0.5,  # a general mental-health group welcomes any concern
    "focus_broad": 0.7,  # on topic, but also about other things or only part of what was chosen
    "focus_community": 1.0,  # a general group built for a community the person chose counts as on topic
    "community_open": 0.5,  # a group open to everyone, when a community was asked for
    # a treatment facility that runs a program for a community the person chose (one of its special
    # programs, not a place built for them): however many of the person's communities it lists
    "community_program": 0.75,
    # a facility's special program about the person's topic (its trauma or eating-disorder program), when the
    # care it gives is not about it: a little above a general group, below a group about the topic
    "focus_program": 0.6,
    "facilitation_unknown": 0.3,  # the directory does not say who leads
    "schedule_half": 0.4,  # right day but wrong time, or the other way round
    "schedule_on_request": 0.75,  # no fixed time: join when it suits (forums, call-ins)
    "nearness_edge": 0.4,  # an in-person group right at the distance limit
    "nearness_remote": 0.6,  # online or by phone: no travel, but not face to face
}


#: Beyond this many miles the whole fit shrinks as sqrt(TRAVEL_COMFORT_MILES / miles): a group far
#: beyond a usual trip never shows a high fit, whatever distance the person widened to.
TRAVEL_COMFORT_MILES: Final = 50.0


#: Wider distances offered when distance hides groups (only the steps that show more are offered).
DISTANCE_STEPS: Final[tuple[int, ...]] = (5, 10, 25, 50, 100, 250)


#: At most this many distance steps are offered at once.
DISTANCE_OFFERS: Final = 3


#: Order tiers, best first: real listings before invented samples (always), then within each
#: topic tiers: on the person's topic (or a general group built for a community they chose),
#: then general groups, then other topics (shown only when the person asked for them).
TIER_ON_TOPIC: Final = 0


TIER_GENERAL: Final = 1


TIER_OTHER_TOPIC: Final = 2


#: Within a topic tier, listings only for people the person did not say they are (no gender said: a
#: men's meeting) or built for families when the person did not say they are one (Al-Anon for a person
#: who drinks) come after the ones open to them.
_AFTER_OPEN: Final = 150


_TIER_STEP: Final = 300


#: With no place given, a place from a nationwide directory (SAMHSA's clinics) met only in person cannot be
#: judged near or far: every listing joined from anywhere comes first (a clinic in another state is no
#: one's first match).
_UNPLACED: Final = 2000


_SAMPLE_STEP: Final = 4000


#: A person who chose how a group is led ("a group led by a professional") gets the groups led that way
#: first: ones known to be led only another way come after every one that fits (then unplaced, samples).
_LED_OTHERWISE: Final = 1000


_IN_PERSON: Final = 1 << list(FORMATS).index("in_person")


_ONLINE: Final = 1 << list(FORMATS).index("online")


_PHONE: Final = 1 << list(FORMATS).index("phone")


_WHEELCHAIR: Final = 1 << list(ACCESSIBILITY).index("wheelchair")


_ASL: Final = 1 << list(ACCESSIBILITY).index("asl")


_GENERAL: Final = 1 << list(FOCUS).index("general")


_ALL_FOCUS: Final = (1 << len(FOCUS)) - 1


#: Topics whose family programs are separate fellowships (Al-Anon, Nar-Anon, Gam-Anon), not for the person.
#: Grief programs built for families are about one loss (The Compassionate Friends: after a child's death),
#: so for someone who did not say they are a family member they come after the general grief programs.
_FAMILY_PROGRAM_FOCUS: Final = mask_of(FOCUS, ["substance_use", "gambling", "grief"])
#: A topic that is a narrower kind of another: a program about it, for a person who chose only the broader
#: one (a widower who said "grief" and not "suicide loss"), is not about what they said; it ranks like a
#: general group, after the general ones, and says what it is mainly about.
NARROWER_TOPICS: Final[dict[str, str]] = {"suicide_loss": "grief"}
#: The care a treatment facility gives (mental health in general, alcohol and drug use, gambling): its other
#: topics come from its special programs (SAMHSA's trauma, PTSD, eating-disorder, first-episode psychosis and
#: pregnant or postpartum women's programs), programs it runs rather than what the place is about.
CARE_FOCUS: Final = mask_of(FOCUS, ["general", "substance_use", "gambling"])
#: Age communities (teens, young adults, older adults) as a COMMUNITIES bit mask.
_AGE_COMMUNITIES: Final = mask_of(COMMUNITIES, list(AGE_AUDIENCES))


_PEER: Final = 1 << list(FACILITATION).index("peer")


_PROFESSIONAL: Final = 1 << list(FACILITATION).index("professional")


_FREE_COST_CODES: Final = np.array([i for i, c in enumerate(COST) if c in FREE_COSTS], dtype=np.int8)
