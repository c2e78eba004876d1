"""The three kinds of group (peer-led, professional, online) ranked for the person, with the reasons."""

from __future__ import annotations

from typing import Final

from ..answers import Answers
from ..reasons import Reason
from ..vocabulary import (
    KINDS,
)
from .results import KindRank, Ranking

#: Points for the kinds of group, in one table (every kind starts at KIND_BASE). Why these sizes:
#: what the person said they prefer outweighs everything; what is actually open to them comes next
#: (a kind with no group for them cannot help today); the rest are gentle nudges from the guide.
KIND_BASE: Final = 50


KIND_WEIGHTS: Final[dict[str, int]] = {
    "prefers": 30,  # "I'd like a group led by peers / a professional"
    "not_in_person": 30,  # chose only online or phone
    "only_in_person": -30,  # chose only in person (online kind)
    "no_place": 10,  # no place given: online groups are open wherever they are
    "wheelchair": 10,  # joining from home means no building to get into
    "night": 15,  # online groups and forums are open late
    "fellowship": 15,  # long-standing peer fellowships exist for this concern
    "community": 10,  # peer groups for a community the person chose
    "free_peer": 10,  # peer-led groups are usually free
    "free_professional": -10,  # professional groups sometimes charge
    "available": 10,  # groups of this kind meet every need
    "none_available": -25,  # no group of this kind meets every need right now
}


#: Concerns with long-standing peer fellowships (AA, NA, SMART, GA, Compassionate Friends, AFSP…).
FELLOWSHIP_FOCUS: Final[frozenset[str]] = frozenset({"substance_use", "grief", "suicide_loss", "gambling"})


def rank_kinds(answers: Answers, ranking: Ranking | None = None) -> list[KindRank]:
    """The three kinds of group (peer-led, professional, online) ranked for this person, with reasons.

    The reasons come from the answers and, when ``ranking`` is given, from what is actually open to
    the person: a kind with matching groups gains points and says how many; a kind with none loses.
    """
    w = KIND_WEIGHTS
    score = dict.fromkeys(KINDS, KIND_BASE)
    why: dict[str, list[Reason]] = {k: [Reason("kind_basics", {"kind": k})] for k in KINDS}

    def add(for_kind: str, points: int, code: str, **params: object) -> None:
        score[for_kind] += points
        why[for_kind].append(Reason(code, params))

    if answers.facilitation == "peer":
        add("peer", w["prefers"], "kind_prefers_peer")
    elif answers.facilitation == "professional":
        add("professional", w["prefers"], "kind_prefers_professional")
    if answers.formats and "in_person" not in answers.formats:
        add("online", w["not_in_person"], "kind_not_in_person")
    elif answers.formats and "online" not in answers.formats and "phone" not in answers.formats:
        add("online", w["only_in_person"], "kind_only_in_person")
    if not answers.location:
        add("online", w["no_place"], "kind_no_place")
    if "wheelchair" in answers.accessibility:
        add("online", w["wheelchair"], "kind_wheelchair")
    if "night" in answers.times:
        add("online", w["night"], "kind_night")
    fellowship = tuple(f for f in answers.focus if f in FELLOWSHIP_FOCUS)
    if fellowship:
        add("peer", w["fellowship"], "kind_fellowship", focus=fellowship)
    if answers.communities:
        add("peer", w["community"], "kind_community", communities=tuple(answers.communities))
    if answers.free_only:
        add("peer", w["free_peer"], "kind_free_peer")
        add("professional", w["free_professional"], "kind_free_professional")
    if ranking is not None:
        for kind in KINDS:
            n = ranking.kind_counts.get(kind, 0)
            if n:
                add(kind, w["available"], "kind_available", kind=kind, count=n)
            else:
                add(kind, w["none_available"], "kind_none_available", kind=kind)
    ranked = [KindRank(k, max(0, min(100, score[k])), tuple(why[k])) for k in KINDS]
    order = list(KINDS)
    ranked.sort(key=lambda r: (-r.score, order.index(r.kind)))
    return ranked
