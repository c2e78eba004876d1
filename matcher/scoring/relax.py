"""Relax offers: for each need that hid listings, the changes to the answers that show exactly how many more."""

from __future__ import annotations

from collections.abc import Mapping

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
    out: list[Exclusion] = []
    reach_needs = ("formats", "distance", "accessibility")
    subset: npt.NDArray[np.intp] | None = None
    for need, mask in fails.items():
        count = int(np.count_nonzero(mask))
        if count == 0:
            continue
        hidden = int(np.count_nonzero(mask & alone))
        offers: list[RelaxOffer] = []
        if need == "audience":
            aud = codes_of(AUDIENCES, int(np.bitwise_or.reduce(d.audience[mask])))
            msg = Reason("hidden_audience", {"count": count, "audience": aud[:4], "more": len(aud) > 4})
        elif need == "age":
            msg = Reason("hidden_age", {"count": count, "age": answers.age})
        elif need == "topic":
            msg = Reason("hidden_topic", {"count": count, "focus": tuple(answers.focus)})
            offers.append(_offer(need, "offer_other_topics", hidden, {"other_topics": True}))
        elif need in reach_needs:
            if subset is None:  # failing only format, distance or access needs: the ones an offer may show
                rest = nfail.copy()
                for other in reach_needs:
                    if other in fails:
                        rest -= fails[other]
                subset = np.flatnonzero((rest == 0) & (nfail > 0))
            msg, offers = _reach_offers(d, answers, need, count, subset, dist, steps, located)
        elif need == "free_only":
            msg = Reason("hidden_fee", {"count": count})
            offers.append(_offer(need, "offer_fees", hidden, {"free_only": False}))
        elif need == "payment":
            msg = Reason("hidden_payment", {"count": count, "payment": tuple(answers.payment)})
            offers.append(_offer(need, "offer_payment", hidden, {"payment": []}))
        else:
            msg = Reason("hidden_language", {"count": count, "languages": tuple(answers.languages)})
            offers.append(_offer(need, "offer_languages", hidden, {"languages": []}))
        out.append(Exclusion(need=need, hidden=hidden, reason=msg, offers=tuple(o for o in offers if o.adds > 0)))
    return out


def _offer(need: str, code: str, adds: int, change: Mapping[str, object], **params: object) -> RelaxOffer:
    return RelaxOffer(need=need, reason=Reason(code, {"adds": adds, **params}), adds=adds, change=dict(change))


def _reach_offers(
    d: Directory,
    answers: Answers,
    need: str,
    count: int,
    subset: npt.NDArray[np.intp],
    dist: npt.NDArray[np.float64],
    steps: list[int],
    located: bool,
) -> tuple[Reason, list[RelaxOffer]]:
    """Offers for the format, distance and access needs, each counted by re-checking all three needs
    under the changed answers on ``subset`` (the hidden listings that fail nothing else)."""
    if need == "distance":  # widening can only show listings within the widest step (the rest have no distance)
        subset = subset[np.isfinite(dist[subset])]
    fmt_col, access_col, sub_dist = d.formats[subset], d.accessibility[subset], dist[subset]
    local_col = d.local[subset]

    def after(formats: list[str], access: list[str], miles: float) -> int:
        w = sub_dist <= miles if located else np.ones(len(subset), bool)
        r = _reach(fmt_col, access_col, formats, access, w, local_col)
        return int(np.count_nonzero(~(r.formats | r.distance | r.access)))

    offers: list[RelaxOffer] = []
    if need == "formats":
        msg = Reason("hidden_formats", {"count": count, "formats": tuple(answers.formats)})
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
    elif need == "distance":
        msg = Reason("hidden_distance", {"count": count, "miles": answers.max_distance_miles})
        best = 0
        for s in steps:
            adds = after(answers.formats, answers.accessibility, s)
            if adds > best and len(offers) < DISTANCE_OFFERS:
                offers.append(_offer(need, "offer_distance", adds, {"max_distance_miles": s}, miles=s))
                best = adds
    else:
        msg = Reason("hidden_access", {"count": count, "accessibility": tuple(answers.accessibility)})
        for a in answers.accessibility:
            rest = [x for x in answers.accessibility if x != a]
            adds = after(answers.formats, rest, answers.max_distance_miles)
            offers.append(_offer(need, "offer_access", adds, {"accessibility": rest}, accessibility=(a,)))
    return msg, offers
