"""A fingerprint of the complete ranked order: run before and after a speed change, compare the last line.

    python benchmarks/rank_fingerprint.py            # the judged personas, the bundled directory and imports
    python benchmarks/rank_fingerprint.py --synthetic 100000   # also a synthetic directory, many answers

Hashes everything a ranking returns (every match with its score, reasons, attendance, distance, next
meeting and times; the totals, what was hidden with its offers, the kind counts), for every persona of
tests/relevance over the directory it is judged on, each with and without a place, real only or not,
for the map (placed only) and with Spanish preferred, plus "always available". The same fingerprint
before and after a change means the change ranks and explains exactly as before. Figures only.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matcher import Answers, always_available, geocode, load_directory, rank_listings  # noqa: E402
from matcher.directory import Directory  # noqa: E402
from matcher.scoring import Ranking  # noqa: E402
from tests.relevance.directory_personas import DIRECTORY_PERSONAS, zip_place  # noqa: E402
from tests.relevance.personas import PERSONAS  # noqa: E402
from tests.relevance.real_personas import REAL_PERSONAS, imported  # noqa: E402

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _ranking_text(r: Ranking) -> str:
    return repr((r.total, r.real_total, r.kind_counts, r.exclusions, r.matches))


def fingerprint(d: Directory, answers: Answers, origin: object, limit: int | None, h: hashlib._Hash) -> None:
    for kw in ({}, {"real_only": True}, {"placed_only": True}, {"prefer_language": "es"}):
        r = rank_listings(d, answers, origin, now=NOW, limit=limit, **kw)  # type: ignore[arg-type]
        h.update(_ranking_text(r).encode())
    national = always_available(d, answers, origin=origin, now=NOW, limit=8)  # type: ignore[arg-type]
    h.update(repr(national).encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=0, help="also a synthetic directory of this many rows")
    args = parser.parse_args()
    total = hashlib.sha256()
    bundled = load_directory(ROOT / "data" / "groups.csv").directory
    parts: list[tuple[str, Directory, list[tuple[Answers, object]], int | None]] = []
    chicago = zip_place("60614")
    people = [(p.answers, None) for p in PERSONAS] + [(p.answers, chicago) for p in PERSONAS]
    parts.append(("national personas", bundled, people, None))
    placed = [(p.answers, zip_place(p.answers.location) if p.answers.location else None) for p in DIRECTORY_PERSONAS]
    parts.append(("directory personas", bundled, placed, 200))
    for source in sorted({p.source for p in REAL_PERSONAS}):
        mine = [(p.answers, None) for p in REAL_PERSONAS if p.source == source]
        parts.append((f"import {source}", imported(source), mine, None))
    if args.synthetic:
        import numpy as np
        from bench_rank import ANSWERS
        from synthetic import synthetic_frame

        from matcher.directory import validate_frame

        frame = synthetic_frame(args.synthetic)
        syn = validate_frame(frame, np.arange(args.synthetic) + 2, today=NOW.date()).directory
        variants = [ANSWERS, *(p.answers for p in PERSONAS[:12])]
        origin = geocode(ANSWERS.location or "")
        parts.append(("synthetic", syn, [(a, origin) for a in variants] + [(a, None) for a in variants], 60))
    for label, d, people_, limit in parts:
        h = hashlib.sha256()
        for answers, origin in people_:
            fingerprint(d, answers, origin, limit, h)
        total.update(h.digest())
        print(f"{label:<22} {len(d):>8} listings {len(people_):>4} answers  {h.hexdigest()[:16]}")
    print(f"fingerprint {total.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
