"""Benchmark: rank a synthetic national directory, against a naive per-row baseline.

    python benchmarks/bench_rank.py              # N = 10 000, 100 000 and 1 000 000
    python benchmarks/bench_rank.py --n 1000000  # one size; the last line is the summary line

Prints, per size: the full ranking (hard needs, soft scores, order, reasons for the 20 rows shown)
median / min / max over several runs after a warm-up; a naive baseline (geopy geodesic and a Python
loop per row) timed on a sample and scaled to N; the peak RSS of the ranking process (the directory
memory-mapped from its cache, the place index, the rankings; then again after the naive baseline, whose
reads of 2,000 random rows map much of the cache file in),
the time to load the CSV (validated) and to reload it from its Arrow cache. It also times a rerun of
the matches page on the bundled directory with Streamlit's AppTest. Figures only, no assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import synthetic_frame, write_csv  # noqa: E402

from matcher import Answers, geocode, load_directory, rank_listings  # noqa: E402
from matcher.directory import Directory, validate_frame  # noqa: E402
from matcher.vocabulary import FREE_COSTS  # noqa: E402

NOW = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
#: Demanding: every hard need and every soft preference is in play.
ANSWERS = Answers(
    focus=["depression", "anxiety"],
    communities=["lgbtq"],
    formats=["in_person", "online"],
    facilitation="peer",
    location="60614",
    max_distance_miles=25,
    days=["tue", "thu"],
    times=["evening"],
    free_only=True,
    languages=["en"],
    accessibility=["wheelchair"],
    timezone="America/Chicago",
)
SHOWN = 20


def build(n: int) -> Directory:
    frame = synthetic_frame(n)
    return validate_frame(frame, np.arange(n, dtype=np.int64) + 2, today=NOW.date()).directory


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: a child started by fork+exec inherits
    its parent's ru_maxrss on Linux, which would charge the parent's data generation to the ranking."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_rank(d: Directory, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per ranking. CPU time is what to compare on a shared machine:
    other processes stretch the wall clock, not the work this process does."""
    origin = geocode(ANSWERS.location or "")
    rank_listings(d, ANSWERS, origin, now=NOW, limit=SHOWN)  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        rank_listings(d, ANSWERS, origin, now=NOW, limit=SHOWN)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return wall, cpu


def naive_per_row_ms(d: Directory, sample: int = 2000) -> float:
    """The typical app: a Python loop over rows, geopy's geodesic for each, then a sort."""
    from geopy.distance import geodesic

    from matcher.vocabulary import FOCUS, codes_of

    origin = geocode(ANSWERS.location or "")
    idx = np.random.default_rng(0).choice(len(d), min(sample, len(d)), replace=False)
    t = time.perf_counter()
    scored = []
    for i in idx:
        g = d.listing(int(i))
        if ANSWERS.free_only and g.cost not in FREE_COSTS:
            continue
        score = 0.0
        if "in_person" in g.formats and g.latitude is not None and g.longitude is not None:
            miles = geodesic((origin.latitude, origin.longitude), (g.latitude, g.longitude)).miles
            if miles > ANSWERS.max_distance_miles and "online" not in g.formats:
                continue
            score += 15 * max(0.0, 1 - miles / ANSWERS.max_distance_miles)
        if set(codes_of(FOCUS, int(d.focus[i]))) & set(ANSWERS.focus):
            score += 35
        if "peer" in g.facilitation:
            score += 15
        scored.append((score, g.name))
    scored.sort(reverse=True)
    per_row = (time.perf_counter() - t) / len(idx)
    return per_row * len(d) * 1000


def machine_reference_s() -> float:
    """Seconds for a fixed yardstick (a 10M-step Python loop): machines of the same kind differ by 2-3x here,
    so a figure from another day is compared through this, not as it stands."""
    t = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - t


def one_size(csv_path: Path, runs: int) -> dict[str, float]:
    """In its own process: load the directory from its cache, then time the ranking (peak RSS = this)."""
    d = load_directory(csv_path, cache=True).directory
    n = len(d)
    times, cpu = time_rank(d, runs)
    # the ranking's peak: before the naive baseline, whose Python loop reads 2,000 random rows' text and so
    # maps ~250 MB of the memory-mapped cache file into this process (file pages, not the ranking's)
    ranking_peak = peak_rss_mb()
    baseline = naive_per_row_ms(d)
    med = statistics.median(times)
    return {
        "n": n,
        "median_ms": med,
        "min_ms": min(times),
        "max_ms": max(times),
        "baseline_ms": baseline,
        "ratio": baseline / med,
        "peak_rss_mb": ranking_peak,
        "process_peak_mb": peak_rss_mb(),
        "cpu_median_ms": statistics.median(cpu),
        "load_average": os.getloadavg()[0],
    }


def load_times(n: int) -> tuple[float, float, float]:
    """Seconds to load an n-row CSV with validation, and to reload it from the Arrow cache (fresh process)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(n, Path(tmp) / "groups.csv")
        t = time.perf_counter()
        load_directory(path, cache=True)  # validates and writes the cache
        first = time.perf_counter() - t
        code = (
            "import time,sys; from matcher import load_directory; t=time.perf_counter(); "
            "r=load_directory(sys.argv[1], cache=True); print(time.perf_counter()-t, len(r.directory))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT, check=True
        )
        cached = float(out.stdout.split()[0])
        size_mb = path.stat().st_size / 1e6
    return first, cached, size_mb


def page_rerun_ms(runs: int = 15) -> tuple[float, float]:
    """Script time of a matches-page rerun on the bundled directory (AppTest, warm cache)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["answers"] = Answers(focus=["depression"], location="Chicago, IL", times=["evening"])
    at.switch_page("pages/matches.py").run()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        at.run()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out), max(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, help="one size only")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-load", action="store_true", help="skip the CSV load and the page timings")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one size in its own process, so peak RSS is that size's alone
        print(json.dumps(one_size(args.child, args.runs)))
        return 0
    sizes = [args.n] if args.n else [10_000, 100_000, 1_000_000]
    print(
        f"machine: {sys.platform}, python {sys.version.split()[0]}, numpy {np.__version__}; "
        f"yardstick (10M-step Python loop) {machine_reference_s():.2f} s"
    )
    results = []
    tmp = tempfile.TemporaryDirectory()
    for n in sizes:
        csv_path = write_csv(n, Path(tmp.name) / f"groups-{n}.csv")
        load_directory(csv_path, cache=True)  # validate once and write the Arrow cache
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(csv_path), "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(r)
        print(
            f"n={n:>9,}  rank median {r['median_ms']:8.2f} ms  (min {r['min_ms']:.2f}, max {r['max_ms']:.2f})"
            f"  naive baseline ~{r['baseline_ms']:,.0f} ms  ratio {r['ratio']:,.0f}x"
            f"  peak RSS {r['peak_rss_mb']:.0f} MB (with the naive baseline {r['process_peak_mb']:.0f} MB)"
            f"  CPU median {r['cpu_median_ms']:.2f} ms"
            f"  (load average {r['load_average']:.1f})"
        )
    if not args.skip_load and (args.n is None or args.n == 1_000_000):
        first, cached, size_mb = load_times(1_000_000)
        print(
            f"load 1M-row CSV ({size_mb:.0f} MB) with validation: {first:.2f} s; "
            f"reload from the memory-mapped Arrow cache: {cached:.2f} s"
        )
    if not args.skip_load:
        med, worst = page_rerun_ms()
        print(f"matches page rerun (bundled directory, AppTest): median {med:.1f} ms, max {worst:.1f} ms")
    last = results[-1]
    print(
        f"rank_listings n={last['n']} median_ms={last['median_ms']:.2f} baseline_ratio={last['ratio']:.0f}x "
        f"peak_rss_mb={last['peak_rss_mb']:.1f} process_peak_mb={last['process_peak_mb']:.1f} "
        f"cpu_median_ms={last['cpu_median_ms']:.2f} load={last['load_average']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
