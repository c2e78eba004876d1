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
    Steps: who the person would like to lead, how they would take part, what makes joining from home
    easier, what peer groups have for them, what each kind has open; then the kinds best first.
    """
    tally = _Tally()
    _leader_points(tally, answers)
    _format_points(tally, answers)
    _from_home_points(tally, answers)
    _peer_points(tally, answers)
    if ranking is not None:
        _available_points(tally, ranking)
    ranked = [KindRank(k, max(0, min(100, tally.score[k])), tuple(tally.why[k])) for k in KINDS]
    order = list(KINDS)
    ranked.sort(key=lambda r: (-r.score, order.index(r.kind)))
    return ranked


class _Tally:
    """Each kind's points so far (from KIND_BASE) and the reasons for them (first, what the kind is)."""

    def __init__(self) -> None:
        self.score = dict.fromkeys(KINDS, KIND_BASE)
        self.why: dict[str, list[Reason]] = {k: [Reason("kind_basics", {"kind": k})] for k in KINDS}

    def add(self, for_kind: str, weight: str, code: str, **params: object) -> None:
        """``KIND_WEIGHTS[weight]`` points for one kind, said by a ``code`` reason with ``params``."""
        self.score[for_kind] += KIND_WEIGHTS[weight]
        self.why[for_kind].append(Reason(code, params))


def _leader_points(tally: _Tally, answers: Answers) -> None:
    """The kind led the way the person would like (peers or a professional)."""
    if answers.facilitation == "peer":
        tally.add("peer", "prefers", "kind_prefers_peer")
    elif answers.facilitation == "professional":
        tally.add("professional", "prefers", "kind_prefers_professional")


def _format_points(tally: _Tally, answers: Answers) -> None:
    """Online groups, for a person who chose only online or phone (more) or only in person (less)."""
    if answers.formats and "in_person" not in answers.formats:
        tally.add("online", "not_in_person", "kind_not_in_person")
    elif answers.formats and "online" not in answers.formats and "phone" not in answers.formats:
        tally.add("online", "only_in_person", "kind_only_in_person")


def _from_home_points(tally: _Tally, answers: Answers) -> None:
    """Online groups, when joining from home helps: no place given, a wheelchair, late at night."""
    if not answers.location:
        tally.add("online", "no_place", "kind_no_place")
    if "wheelchair" in answers.accessibility:
        tally.add("online", "wheelchair", "kind_wheelchair")
    if "night" in answers.times:
        tally.add("online", "night", "kind_night")


def _peer_points(tally: _Tally, answers: Answers) -> None:
    """Peer-led groups, for a concern with fellowships, a community chosen, or free only (professional less)."""
    fellowship = tuple(f for f in answers.focus if f in FELLOWSHIP_FOCUS)
    if fellowship:
        tally.add("peer", "fellowship", "kind_fellowship", focus=fellowship)
    if answers.communities:
        tally.add("peer", "community", "kind_community", communities=tuple(answers.communities))
    if answers.free_only:
        tally.add("peer", "free_peer", "kind_free_peer")
        tally.add("professional", "free_professional", "kind_free_professional")


def _available_points(tally: _Tally, ranking: Ranking) -> None:
    """Each kind with matches open to the person gains, and says how many; a kind with none loses."""
    for kind in KINDS:
        n = ranking.kind_counts.get(kind, 0)
        if n:
            tally.add(kind, "available", "kind_available", kind=kind, count=n)
        else:
            tally.add(kind, "none_available", "kind_none_available", kind=kind)
