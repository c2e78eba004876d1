"""The two explained rankings: the three kinds of group, and the listings by fit.

A listing is a match only when it meets every hard need: it is open to the person (its ``audience``
and ages), about what they asked (its focus overlaps theirs, or it is for mental health in general),
and reachable the way they said (format, distance, access, cost, language). Each need that hid
listings is reported as an :class:`Exclusion`, with :class:`RelaxOffer` buttons that say exactly how
many more listings each change shows (eligibility never gets an offer). Soft preferences give one
0–100 fit score. Real listings always come before invented samples; among each, listings on the
person's topic (or general groups built for a community they chose) come before general ones.
Everything runs on whole numpy columns; reasons are worked out only for the listings returned.
Reasons, exclusions and offers are data (:class:`~matcher.reasons.Reason`: a code and its numbers);
:mod:`matcher.words` words them in the person's language.

One module per concept: :mod:`.weights` (the policy numbers), :mod:`.results` (what is returned),
:mod:`.needs` (the hard needs), :mod:`.relax` (offers that show more), :mod:`.fit` (score and order),
:mod:`.explanations` (reasons), :mod:`.ranking` (the listings) and :mod:`.kinds` (the three kinds).
"""

from __future__ import annotations

from .explanations import explain, who_for
from .kinds import FELLOWSHIP_FOCUS, KIND_BASE, KIND_WEIGHTS, rank_kinds
from .needs import ELIGIBILITY_NEEDS, known_timezone, person_audiences, person_timezone
from .ranking import always_available, rank_listings
from .results import Exclusion, KindRank, Match, Ranking, RelaxOffer
from .weights import (
    DISTANCE_OFFERS,
    DISTANCE_STEPS,
    PARTIAL,
    TIER_GENERAL,
    TIER_ON_TOPIC,
    TIER_OTHER_TOPIC,
    TRAVEL_COMFORT_MILES,
    WEIGHTS,
)

__all__ = [
    "DISTANCE_OFFERS",
    "DISTANCE_STEPS",
    "ELIGIBILITY_NEEDS",
    "FELLOWSHIP_FOCUS",
    "KIND_BASE",
    "KIND_WEIGHTS",
    "PARTIAL",
    "TIER_GENERAL",
    "TIER_ON_TOPIC",
    "TIER_OTHER_TOPIC",
    "TRAVEL_COMFORT_MILES",
    "WEIGHTS",
    "Exclusion",
    "KindRank",
    "Match",
    "Ranking",
    "RelaxOffer",
    "always_available",
    "explain",
    "known_timezone",
    "person_audiences",
    "person_timezone",
    "rank_kinds",
    "rank_listings",
    "who_for",
]
