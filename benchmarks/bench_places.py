"""Benchmark: how well, and how fast, the offline resolver reads places as people type them.

    python benchmarks/bench_places.py            # accuracy on benchmarks/typed_places.csv + timings

Each row of the CSV is something a person types, with what it should give: ``place`` (the true
coordinates of the place, written independently of the gazetteers; right when the state matches and
the answer is within ``--km`` of them), ``ambiguous`` (must ask, with candidates) or ``outside`` (must
say it is outside the US). Prints every miss, the accuracy N/M, the time to build the index once,
and the median / 95th percentile / max time of one lookup after that. Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.places import LocationError, geocode, index  # noqa: E402

DATA = Path(__file__).with_name("typed_places.csv")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def judge(row: dict[str, str], within_km: float) -> str | None:
    """None when the resolver answered right, else what it did instead."""
    try:
        place = geocode(row["typed"])
    except LocationError as exc:
        if row["expect"] == "ambiguous" and exc.candidates and not exc.outside_us:
            return None
        if row["expect"] == "outside" and exc.outside_us:
            return None
        return f"LocationError(outside_us={exc.outside_us}): {exc.message}"
    if row["expect"] != "place":
        return f"resolved to {place.label} ({row['expect']} expected)"
    off = km(place.latitude, place.longitude, float(row["latitude"]), float(row["longitude"]))
    if place.state != row["state"] or off > within_km:
        return f"{place.label} ({place.state}), {off:.1f} km from the true place"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--km", type=float, default=25.0, help="how close counts as right (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the list (default %(default)s)")
    args = parser.parse_args()
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))

    t0 = time.perf_counter()
    index()
    build = time.perf_counter() - t0

    misses = [(r["typed"], why) for r in rows if (why := judge(r, args.km)) is not None]
    for typed, why in misses:
        print(f"miss: {typed!r}: {why}")

    times = []
    for _ in range(args.repeat):
        for r in rows:
            t = time.perf_counter()
            with contextlib.suppress(LocationError):
                geocode(r["typed"])
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    right = len(rows) - len(misses)
    print(
        f"typed places: {len(rows)} ({sum(r['expect'] == 'place' for r in rows)} to resolve, "
        f"{sum(r['expect'] == 'ambiguous' for r in rows)} ambiguous, "
        f"{sum(r['expect'] == 'outside' for r in rows)} outside the US)"
    )
    print(f"index built once in {build:.2f} s")
    print(
        f"lookup: median {statistics.median(times):.3f} ms, p95 {times[int(0.95 * len(times)) - 1]:.3f} ms, "
        f"max {times[-1]:.3f} ms over {len(times)} lookups"
    )
    print(f"accuracy: {right}/{len(rows)} ({100 * right / len(rows):.1f} %) within {args.km:g} km and the right state")


if __name__ == "__main__":
    main()
