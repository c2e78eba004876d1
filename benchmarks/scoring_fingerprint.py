"""A fingerprint of everything the scoring returns for the judged sets, to show a refactor changed nothing.

    python benchmarks/scoring_fingerprint.py

For every persona in tests/relevance/ (personas.py, directory_personas.py, real_personas.py), over its
directory (the bundled one, or its real import), ranks the listings as the relevance tests do and also with
the samples and without a limit (and each bundled persona with two sets of changed answers, VARIANTS, that
reach what the judged answers leave out), then writes down as data the order of the matches, their scores,
reasons, worth-knowing notes, who each is for, how the person attends, distance and meeting times; every
need that hid listings with its offers; and the three kinds ranked with and without the ranking. Prints one SHA-256
per judged set and one over all of them: run it before and after a change to the scoring, and compare.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher import zip_place  # noqa: E402
from matcher.answers import Answers  # noqa: E402
from matcher.directory import Directory, Listing, load_directory  # noqa: E402
from matcher.scoring import Ranking, rank_kinds, rank_listings  # noqa: E402
from tests.relevance.directory_personas import DIRECTORY_PERSONAS  # noqa: E402
from tests.relevance.personas import PERSONAS  # noqa: E402
from tests.relevance.real_personas import REAL_PERSONAS, imported  # noqa: E402

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)

#: Changes to each bundled persona's answers that reach what the judged answers leave out (free only, online
#: or phone only, late at night, access needs, payment, language, who leads): their reasons, kinds and offers.
VARIANTS: tuple[dict[str, object], ...] = (
    {
        "free_only": True,
        "formats": ["online", "phone"],
        "times": ["night"],
        "days": ["sat"],
        "accessibility": ["wheelchair"],
        "facilitation": "professional",
    },
    {
        "formats": ["in_person"],
        "accessibility": ["wheelchair", "asl"],
        "payment": ["medicaid"],
        "languages": ["es"],
        "facilitation": "peer",
        "days": ["mon", "wed"],
        "times": ["evening"],
    },
)


def plain(value: object) -> object:
    """``value`` as JSON-able data, the same for equal values (listings by id, mappings sorted by key)."""
    if isinstance(value, Listing):
        return {"listing": value.id}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (str, int, float, datetime, date, time)) or value is None:
        return scalar(value)
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def scalar(value: str | float | date | time | None) -> object:
    """A float by its exact repr, a date or time by its ISO text (with its zone), the rest as they are."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else value


def ranking_data(ranking: Ranking, answers: Answers) -> object:
    return {
        "total": ranking.total,
        "real_total": ranking.real_total,
        "kind_counts": plain(ranking.kind_counts),
        "matches": [plain(m) for m in ranking.matches],
        "exclusions": [plain(e) for e in ranking.exclusions],
        "kinds": [plain(k) for k in rank_kinds(answers, ranking)],
        "kinds_alone": [plain(k) for k in rank_kinds(answers)],
    }


def persona_data(directory: Directory, answers: Answers, with_place: bool, limits: Iterable[int | None]) -> object:
    origin = zip_place(answers.location) if with_place and answers.location else None
    runs = []
    for real_only in (True, False):
        for limit in limits:
            ranking = rank_listings(directory, answers, origin, now=NOW, limit=limit, real_only=real_only)
            runs.append(ranking_data(ranking, answers))
    return runs


def digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def main() -> int:
    bundled = load_directory(ROOT / "data" / "groups.csv").directory
    sets = {
        "personas": [persona_data(bundled, p.answers, False, (None,)) for p in PERSONAS],
        "directory_personas": [
            persona_data(bundled, p.answers, True, (None,) if p.answers.location else (60,)) for p in DIRECTORY_PERSONAS
        ],
        "real_personas": [persona_data(imported(p.source), p.answers, True, (None,)) for p in REAL_PERSONAS],
        "variants": [
            persona_data(bundled, Answers.model_validate({**answers.model_dump(), **change}), True, (30,))
            for answers in [*(p.answers for p in PERSONAS), *(p.answers for p in DIRECTORY_PERSONAS)]
            for change in VARIANTS
        ],
    }
    for name, data in sets.items():
        print(f"{name:<20} {len(data):>3} personas  {digest(data)}")
    print(f"{'all':<20} {'':>3}           {digest(sets)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
