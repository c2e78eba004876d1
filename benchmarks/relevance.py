"""Relevance of the ranking on the judged sets in tests/relevance/: the bundled directory's real national
programs, the bundled directory as it ships (national programs and SAMHSA's facilities, people with a place),
then each real import (two Meeting Guide feeds, a 211 export, one hand-written EDA feed) side by side.

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

from matcher.directory import Directory, load_directory  # noqa: E402
from tests.relevance.directory_personas import DIRECTORY_PERSONAS, ranked, results  # noqa: E402
from tests.relevance.personas import PERSONAS, checks, precision_at, ranked_real  # noqa: E402
from tests.relevance.real_personas import IMPORTS, REAL_PERSONAS, imported  # noqa: E402

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
    print(
        f"personas={len(PERSONAS)} checks={passed}/{total} precision@5={statistics.mean(precisions):.2f} "
        f"(on the exact topic, general groups not counted: {statistics.mean(specific):.2f})"
    )
    real_imports(f"{passed}/{total}", statistics.mean(precisions))
    whole_directory(directory)
    return 0


def whole_directory(directory: Directory) -> None:
    """The judged set over the bundled directory as it ships: what each person notices, one line."""
    passed = total = 0
    precisions = []
    for persona in DIRECTORY_PERSONAS:
        matches = ranked(directory, persona, NOW)
        got = results(persona, matches)
        passed += sum(ok for _, ok in got)
        total += len(got)
        precisions.append(precision_at(5, persona.answers, [m.listing for m in matches]))
        for what, ok in got:
            if not ok:
                gap = f" (known gap: {persona.known_gap})" if persona.known_gap else ""
                print(f"  FAILED {what}; top 5: {', '.join(m.listing.id for m in matches[:5])}{gap}")
    label = "bundled (national programs + SAMHSA facilities)"
    print(
        f"{label:<48} {len(directory):>8} {len(DIRECTORY_PERSONAS):>8} {f'{passed}/{total}':>9} "
        f"{statistics.mean(precisions):>11.2f}"
    )


def real_imports(bundled_checks: str, bundled_precision: float) -> None:
    """The judged set over each real import: one line per import, after any failed check."""
    print(f"{'directory':<48} {'listings':>8} {'personas':>8} {'checks':>9} {'precision@5':>11}")
    print(
        f"{'bundled (national programs)':<48} {'':>8} {len(PERSONAS):>8} {bundled_checks:>9} {bundled_precision:>11.2f}"
    )
    for source, (label, _) in IMPORTS.items():
        directory = imported(source)
        personas = [p for p in REAL_PERSONAS if p.source == source]
        passed = total = 0
        precisions = []
        for persona in personas:
            ranked = ranked_real(directory, persona, NOW)
            results = checks(persona, ranked)
            passed += sum(ok for _, ok in results)
            total += len(results)
            precisions.append(precision_at(5, persona.answers, ranked))
            for what, ok in results:
                if not ok:
                    gap = f" (known gap: {persona.known_gap})" if persona.known_gap else ""
                    print(f"  FAILED {what}; top 5: {', '.join(g.id for g in ranked[:5])}{gap}")
        print(
            f"{label:<48} {len(directory):>8} {len(personas):>8} {f'{passed}/{total}':>9} "
            f"{statistics.mean(precisions):>11.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
