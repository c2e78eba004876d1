"""What a service is about and whether it is a support group: AIRS/211 taxonomy codes, then its own words."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from ...vocabulary import COMMUNITIES, FOCUS
from .. import ImportOptions
from ..common import (
    RecordError,
    text,
)
from .tables import Record

_AIRS_RE: Final = re.compile(r"^[A-Z]{1,2}(?:-\d{4}(?:\.\d{4}(?:-\d{3,4})?)?)?$", re.ASCII)


#: AIRS support-group codes (PN-8100 children) → focus, communities, audience, max age. Every code that
#: prefixes a service's code applies (a child adds to its parent's).
AIRS_MAP: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str]]] = {
    "PN-8100.0200": (("ptsd_trauma",), ("abuse_survivors",), (), ""),
    "PN-8100.0500": (("substance_use",), (), (), ""),
    "PN-8100.0500-230": (("substance_use",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.0500-235": (("substance_use",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.0500-250": (("gambling",), (), (), ""),
    "PN-8100.0500-800": (("general",), (), (), ""),
    "PN-8100.0500-900": (("eating_disorders",), (), (), ""),
    "PN-8100.1000": (("grief",), (), (), ""),
    "PN-8100.1000-080": (("grief",), ("teens",), (), "17"),
    "PN-8100.1000-180": (("grief", "ptsd_trauma"), (), (), ""),
    "PN-8100.1000-300": (("grief", "ptsd_trauma"), (), (), ""),
    "PN-8100.1000-800": (("suicide_loss", "grief"), (), (), ""),
    "PN-8100.1400": (("general",), ("family_caregivers",), (), ""),
    "PN-8100.3000": ((), (), (), ""),  # health/disability: the service's own words say which (illness by default)
    "PN-8100.1000-100": (("grief",), ("family_caregivers",), (), ""),
    "PN-8100.4500-200": (("general",), (), (), ""),
    "PN-8100.4500-230": (("general",), ("family_caregivers",), ("family_caregivers",), ""),
    "PN-8100.4500-240": (("general",), ("lgbtq",), (), ""),
    "PN-8100.4500-850": (("general",), ("veterans",), (), ""),
    "PN-8100.4500-950": (("general",), ("teens", "young_adults"), (), ""),
    "PN-8100.5000": (("general",), (), (), ""),
    "PN-8100.6500": (("general",), ("family_caregivers",), (), ""),
}


#: Words in a service's name, description or taxonomy names → focus (first match of each code wins).
FOCUS_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "suicidal_thoughts": ("suicide attempt", "attempt survivor", "suicidal thoughts"),
    "self_harm": ("self-harm", "self harm", "self-injur"),
    "gambling": ("gambling", "gamblers"),
    "anxiety": ("anxiety", "panic"),
    "depression": ("depression", "depressive", "low mood"),
    "bipolar": ("bipolar",),
    "ptsd_trauma": ("ptsd", "trauma"),
    "grief": ("grief", "bereave", "loss of a loved"),
    "suicide_loss": ("suicide loss", "loss to suicide", "survivors of suicide", "suicide survivor"),
    "substance_use": (
        "alcohol",
        "substance",
        "drug use",
        "drug addiction",
        "narcotics",
        "recovery from drug",
        "recovery from alcohol",
    ),
    "eating_disorders": ("eating disorder", "anorexia", "bulimia", "overeaters"),
    "ocd": ("ocd", "obsessive"),
    "psychosis": ("psychosis", "schizophren"),
    "postpartum": ("postpartum", "perinatal", "postnatal"),
}


#: Words that make a support group about a body, not the mind: a physical illness, a disability, dementia.
HEALTH_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    "dementia": re.compile(r"alzheimer|dementia|memory loss", re.I),
    "illness": re.compile(
        r"cancer|\bhiv\b|\baids\b|epilep|seizure|diabet|stroke|\bheart\b|cardiac|lupus|"
        r"multiple sclerosis|parkinson|kidney|dialysis|transplant|chronic (?:pain|illness)|"
        r"ostomy|sickle cell|arthritis|fibromyalgia|crohn|colitis|\bals\b|amyotrophic|"
        r"lung|breast|leukemia|auto ?-?immune|lymphoma|tumou?r|hepatitis|cystic fibrosis",
        re.I,
    ),
    "disability": re.compile(
        r"blind|visually impaired|low vision|brain injur|spinal cord|amput|autis|"
        r"down syndrome|cerebral palsy|disabilit|special needs|hard of hearing|\bdeaf\b|"
        r"paralys|wheelchair user",
        re.I,
    ),
}


#: Words a group uses of itself; without AIRS codes only services that say one of them are taken.
GROUP_WORDS: Final = re.compile(
    r"support group|\bgroups?\b|peer support|peer-led|\bpeers?\b|self-help|mutual (?:aid|help|support)|"
    r"anonymous|\bcircles?\b|\bmeetings?\b|fellowship|12[- ]step|twelve[- ]step|workshops?\b|\bclubs?\b",
    re.I,
)


COMMUNITY_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "lgbtq": ("lgbt", "gay", "lesbian", "bisexual", "queer"),
    "trans_nonbinary": ("transgender", "nonbinary", "non-binary"),
    "veterans": ("veteran",),
    "military_families": ("military families", "military family", "gold star"),
    "deaf_hoh": ("deaf", "hard of hearing"),
    "disabled": ("with disabilities", "disabled", "blind", "visually impaired", "brain injur"),
    "family_caregivers": (
        "friends and family",
        "family and friends",
        "families of",
        "families/friends",
        "caregiver",
        "parents of",
    ),
}


_COMMUNITY_PATTERNS: Final[dict[str, re.Pattern[str]]] = {
    code: re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + ")")
    for code, keys in COMMUNITY_KEYWORDS.items()
    if code in COMMUNITIES
}


def _focus_ok(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if c in FOCUS]


def _communities_ok(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if c in COMMUNITIES]


_GROUP_HINT: Final = "support group, peer support, self-help, anonymous, circle, meeting"


def says_group(service: Record) -> bool:
    """Whether a service describes itself as a group in its own name or description."""
    own = f"{text(service.get('name'))} {text(service.get('alternate_name'))} {text(service.get('description'))}"
    return bool(GROUP_WORDS.search(own))


def taxonomy_selected(codes: list[tuple[str, str]], prefixes: tuple[str, ...]) -> bool:
    return any(c == p or c.startswith((p + ".", p + "-")) for c, _ in codes for p in prefixes)


def classify(
    service: Record, codes: list[tuple[str, str]], opts: ImportOptions, org_name: str = ""
) -> tuple[list[str], list[str], list[str], str, str]:
    """(focus, communities, audience, min age, max age) from AIRS codes, words, and eligibility ages."""
    focus: list[str] = []
    communities: list[str] = []
    audience: list[str] = []
    max_age = ""
    for code, _ in codes:
        for prefix in _ancestors(code):
            if prefix in AIRS_MAP:
                f, c, a, top = AIRS_MAP[prefix]
                focus += _focus_ok(f)
                communities += _communities_ok(c)
                audience += _communities_ok(a)
                max_age = top or max_age
    words = " ".join(
        [
            text(service.get("name")),
            text(service.get("description")),
            text(service.get("eligibility_description")),
            *(name for _, name in codes),
        ]
    ).lower()
    for code, keys in FOCUS_KEYWORDS.items():
        if code in FOCUS and any(k in words for k in keys):
            if code == "suicide_loss" and "suicidal_thoughts" in focus:
                continue
            focus.append(code)
    # a support group about a body, not the mind: from its name, or its description in the health/disability
    # and caregiver branches (and where there are no codes); never from the taxonomy's own names
    own_name = f"{org_name} {text(service.get('name'))}"
    broad = (
        not codes
        or taxonomy_selected(codes, ("PN-8100.3000", "PN-8100.1400"))
        or any(code == "PN-8100" for code, _ in codes)
    )
    own = f"{own_name} {text(service.get('description'))}" if broad else own_name
    health = [c for c, pattern in HEALTH_PATTERNS.items() if c in FOCUS and pattern.search(own)]
    focus += health
    if taxonomy_selected(codes, ("PN-8100.3000",)) and not health:  # health/disability, naming neither
        focus.append("general" if re.search(r"mental", own, re.I) else "illness")
    titles = " ".join([text(service.get("name")), *(name for _, name in codes)]).lower()  # descriptions are noisy
    for code, pattern in _COMMUNITY_PATTERNS.items():
        if pattern.search(titles):
            communities.append(code)
    if len(set(focus)) > 1 and "general" in focus:
        focus = [f for f in focus if f != "general"]
    focus = list(dict.fromkeys([*opts.focus, *focus])) or ["general"]
    min_age = _age(service.get("minimum_age"))
    max_age = _age(service.get("maximum_age")) or max_age
    return focus, list(dict.fromkeys(communities)), list(dict.fromkeys(audience)), min_age, max_age


@lru_cache(maxsize=4096)
def _ancestors(code: str) -> tuple[str, ...]:
    """An AIRS code and every code above it: PN-8100.1000-080 → itself, PN-8100.1000, PN-8100, PN."""
    out = [code]
    while True:
        cut = max(code.rfind("."), code.rfind("-"))
        if cut <= 0:
            return tuple(out)
        code = code[:cut]
        out.append(code)


def _age(value: object) -> str:
    try:
        n = float(text(value))
    except (ValueError, RecordError):
        return ""
    return str(int(n)) if math.isfinite(n) and 0 < n < 120 else ""
