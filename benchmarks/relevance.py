"""Relevance of the ranking on the judged set in tests/relevance/ (real national programs only).

    python benchmarks/relevance.py

Prints one line per persona that fails a check, then the summary line
``personas=N checks=M/T precision@5=P`` where precision at 5 is the share of each persona's first
five real listings that are on their topic (or general) and open to them (audience and age), judged
from the listings' own columns, averaged over the personas; in brackets the stricter share about the
persona's exact topic (general mental-health groups not counted). Figures only, no assertions.
"""

from __future__ import annotations

import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.directory import load_directory  # noqa: E402
from tests.relevance.personas import PERSONAS, checks, precision_at, ranked_real  # noqa: E402

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def main() -> int:
    directory = load_directory(ROOT / "data" / "groups.csv").directory
    passed = total = 0
    precisions = []
    specific = []
    for persona in PERSONAS:
        ranked = ranked_real(directory, persona, NOW)
        results = checks(persona, ranked)
        passed += sum(ok for _, ok in results)
        total += len(results)
        precisions.append(precision_at(5, persona.answers, ranked))
        head = ranked[:5]
        specific.append(sum(bool(set(g.focus) & set(persona.answers.focus)) for g in head) / max(len(head), 1))
        for what, ok in results:
            if not ok:
                print(f"FAILED {what}; top 5: {', '.join(g.id for g in ranked[:5])}")
    print(f"personas={len(PERSONAS)} checks={passed}/{total} precision@5={statistics.mean(precisions):.2f} "
          f"(on the exact topic, general groups not counted: {statistics.mean(specific):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
