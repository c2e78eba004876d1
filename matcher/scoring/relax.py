"""Relax offers: for each need that hid listings, the changes to the answers that show exactly how many more."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..answers import Answers
from ..directory import Directory
from ..reasons import Reason
from ..vocabulary import (
    AUDIENCES,
    FORMATS,
    codes_of,
)
from .needs import _reach
from .results import Exclusion, RelaxOffer
from .weights import DISTANCE_OFFERS

#: The needs whose offers interact (a format, a distance, an access need): each offer re-checks all three.
_REACH_NEEDS = ("formats", "distance", "accessibility")


def _exclusions(
    d: Directory,
    answers: Answers,
    fails: dict[str, npt.NDArray[np.bool_]],
    nfail: npt.NDArray[np.int8],
    dist: npt.NDArray[np.float64],
    steps: list[int],
    located: bool,
) -> list[Exclusion]:
    """Each need that hid listings, with the offers that keep their word (adds = exactly how many more).

    A change that relaxes one need alone shows exactly the listings that fail only that need. Format,
    distance and access interact, so their offers re-check those three needs on the listings that
    fail nothing else (a small subset), under the changed answers.
    """
    alone = nfail == 1
    both = np.empty(len(nfail), bool)  # one buffer for every need's "fails it alone", not one each
    out: list[Exclusion] = []
    subset: _Hidden | None = None
    for need, mask in fails.items():
        count = int(np.count_nonzero(mask))
        if count == 0:
            continue
        hidden = int(np.count_nonzero(np.logical_and(mask, alone, out=both)))
        if need in _REACH_NEEDS:
            if subset is None:
                subset = _Hidden.of(d, _failing_only_reach(fails, nfail), dist)
            msg, offers = _reach_offers(answers, need, count, subset, steps, located)
        else:
            msg, offers = _need_offers(d, answers, need, mask, count, hidden)
        out.append(Exclusion(need=need, hidden=hidden, reason=msg, offers=tuple(o for o in offers if o.adds > 0)))
    return out


@dataclass(frozen=True)
class _Hidden:
    """The columns the reach offers re-check, for the listings that fail only reach needs: read out of the
    directory once for the three needs' offers, not once per need."""

    formats: npt.NDArray[np.uint8]
    access: npt.NDArray[np.uint8]
    dist: npt.NDArray[np.float64]
    local: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, d: Directory, rows: npt.NDArray[np.intp], dist: npt.NDArray[np.float64]) -> _Hidden:
        return cls(formats=d.formats[rows], access=d.accessibility[rows], dist=dist[rows], local=d.local[rows])

    def where(self, keep: npt.NDArray[np.bool_]) -> _Hidden:
        return _Hidden(self.formats[keep], self.access[keep], self.dist[keep], self.local[keep])


def _failing_only_reach(fails: dict[str, npt.NDArray[np.bool_]], nfail: npt.NDArray[np.int8]) -> npt.NDArray[np.intp]:
    """The listings that fail only format, distance or access needs: the ones an offer for those may show."""
    rest = nfail.copy()
    for other in _REACH_NEEDS:
        if other in fails:
            rest -= fails[other]
    only = np.equal(rest, 0, out=rest.view(bool))  # in place: rest is not read again
    return np.flatnonzero(np.logical_and(only, nfail, out=only))


def _need_offers(
    d: Directory, answers: Answers, need: str, mask: npt.NDArray[np.bool_], count: int, hidden: int
) -> tuple[Reason, list[RelaxOffer]]:
    """What one need other than reach hid, and the offer that drops it (``hidden`` more; none for eligibility)."""
    if need == "audience":
        aud = codes_of(AUDIENCES, int(np.bitwise_or.reduce(d.audience[mask])))
        return Reason("hidden_audience", {"count": count, "audience": aud[:4], "more": len(aud) > 4}), []
    if need == "age":
        return Reason("hidden_age", {"count": count, "age": answers.age}), []
    if need == "topic":
        msg = Reason("hidden_topic", {"count": count, "focus": tuple(answers.focus)})
        return msg, [_offer(need, "offer_other_topics", hidden, {"other_topics": True})]
    if need == "free_only":
        return Reason("hidden_fee", {"count": count}), [_offer(need, "offer_fees", hidden, {"free_only": False})]
    if need == "payment":
        msg = Reason("hidden_payment", {"count": count, "payment": tuple(answers.payment)})
        return msg, [_offer(need, "offer_payment", hidden, {"payment": []})]
    msg = Reason("hidden_language", {"count": count, "languages": tuple(answers.languages)})
    return msg, [_offer(need, "offer_languages", hidden, {"languages": []})]


def _offer(need: str, code: str, adds: int, change: Mapping[str, object], **params: object) -> RelaxOffer:
    return RelaxOffer(need=need, reason=Reason(code, {"adds": adds, **params}), adds=adds, change=dict(change))


#: How many of the hidden listings meet the format, distance and access needs under changed answers
#: (formats, access needs, miles).
_Recount = Callable[[list[str], list[str], float], int]


def _reach_offers(
    answers: Answers,
    need: str,
    count: int,
    hidden: _Hidden,
    steps: list[int],
    located: bool,
) -> tuple[Reason, list[RelaxOffer]]:
    """Offers for the format, distance and access needs, each counted by re-checking all three needs
    under the changed answers on ``hidden`` (the hidden listings that fail nothing else)."""
    if need == "distance":  # widening can only show listings within the widest step (the rest have no distance)
        hidden = hidden.where(np.isfinite(hidden.dist))

    def after(formats: list[str], access: list[str], miles: float) -> int:
        w = hidden.dist <= miles if located else np.ones(len(hidden.dist), bool)
        r = _reach(hidden.formats, hidden.access, formats, access, w, hidden.local)
        return int(np.count_nonzero(~(r.formats | r.distance | r.access)))

    if need == "formats":
        msg = Reason("hidden_formats", {"count": count, "formats": tuple(answers.formats)})
        return msg, _format_offers(answers, after)
    if need == "distance":
        msg = Reason("hidden_distance", {"count": count, "miles": answers.max_distance_miles})
        return msg, _distance_offers(answers, after, steps)
    msg = Reason("hidden_access", {"count": count, "accessibility": tuple(answers.accessibility)})
    return msg, _access_offers(answers, after)


def _format_offers(answers: Answers, after: _Recount) -> list[RelaxOffer]:
    """One offer per format not chosen, then every format at once when that shows more than any one."""
    need = "formats"
    offers: list[RelaxOffer] = []
    missing = [f for f in FORMATS if f not in answers.formats]
    best = 0
    for f in missing:
        adds = after([*answers.formats, f], answers.accessibility, answers.max_distance_miles)
        best = max(best, adds)
        offers.append(
            _offer(
                need,
                "offer_formats",
                adds,
                {"formats": [c for c in FORMATS if c in answers.formats or c == f]},
                formats=(f,),
            )
        )
    if len(missing) > 1:
        adds = after(list(FORMATS), answers.accessibility, answers.max_distance_miles)
        if adds > best:
            offers.append(_offer(need, "offer_formats", adds, {"formats": list(FORMATS)}, formats=tuple(missing)))
    return offers


def _distance_offers(answers: Answers, after: _Recount, steps: list[int]) -> list[RelaxOffer]:
    """The wider distances, nearest first, each only when it shows more than the last (at most DISTANCE_OFFERS)."""
    offers: list[RelaxOffer] = []
    best = 0
    for s in steps:
        adds = after(answers.formats, answers.accessibility, s)
        if adds > best and len(offers) < DISTANCE_OFFERS:
            offers.append(_offer("distance", "offer_distance", adds, {"max_distance_miles": s}, miles=s))
            best = adds
    return offers


def _access_offers(answers: Answers, after: _Recount) -> list[RelaxOffer]:
    """One offer per access need chosen: the search without that one need."""
    offers: list[RelaxOffer] = []
    for a in answers.accessibility:
        rest = [x for x in answers.accessibility if x != a]
        adds = after(answers.formats, rest, answers.max_distance_miles)
        offers.append(_offer("accessibility", "offer_access", adds, {"accessibility": rest}, accessibility=(a,)))
    return offers
