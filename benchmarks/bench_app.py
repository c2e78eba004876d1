"""The app on a big directory, in one process: first matches page, rerun median, peak memory.

    python benchmarks/bench_app.py                      # 1,000,000 synthetic listings
    python benchmarks/bench_app.py --n 100000           # a smaller, quicker run
    python benchmarks/bench_app.py --csv /tmp/g.csv     # an existing directory file

Writes a synthetic directory (benchmarks/synthetic.py) unless --csv is given, removes its Arrow cache,
then twice starts `streamlit run app.py` with SGF_DIRECTORY pointing at it (tests/server.py) and walks
one person through the questionnaire over Streamlit's websocket protocol (benchmarks/load_sessions.py):

1. a fresh process and no cache: "See my matches" reads and validates the CSV, writes the Arrow cache;
2. a fresh process with the cache: the directory is memory-mapped from it (what every restart sees).

For each it prints the time of the first matches page (the click on "See my matches"), the median
of --reruns reruns of the matches page (what any click there costs), and the server's peak resident
memory (VmHWM). Targets (issue 15): first page <= 5 s, rerun <= 150 ms, peak <= 1 GB. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.load_sessions import Page, Session, Stats, one_flow  # noqa: E402
from benchmarks.synthetic import write_csv  # noqa: E402
from matcher.directory import cache_path  # noqa: E402
from tests.server import start_app, stop  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(csv: Path, tmp: Path, port: int, reruns: int, label: str) -> None:
    server = start_app(tmp / label, {"SGF_DIRECTORY": str(csv)}, port=port, log_level="warning")
    try:
        idle = rss_mb(server.proc.pid)
        stats = Stats()
        rerun_ms: list[float] = []

        async def reruns_on_matches(s: Session, _page: Page) -> None:
            for _ in range(reruns):
                _, ms = await s.run()
                rerun_ms.append(ms)

        started = time.perf_counter()
        asyncio.run(one_flow(server.url, stats, random.Random(), (0.0, 0.0), then=reruns_on_matches))
        flow_s = time.perf_counter() - started
        first = next(ms for _, ms, what in stats.clicks if what == "See my matches")
        peak = peak_rss_mb(server.proc.pid)
        median = statistics.median(rerun_ms)
        print(
            f"{label}: first matches page {first / 1000:.2f} s; matches rerun median {median:.0f} ms "
            f"(p90 {statistics.quantiles(rerun_ms, n=10)[-1]:.0f} ms, {len(rerun_ms)} reruns); "
            f"peak RSS {peak:.0f} MB (idle before {idle:.0f} MB); whole flow {flow_s:.1f} s",
            flush=True,
        )
        tracebacks = server.output().count("Traceback")
        if tracebacks:
            print(f"  server log: {tracebacks} traceback(s)")
    finally:
        stop(server.proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic listings (default 1,000,000)")
    parser.add_argument("--csv", type=Path, help="use this directory file instead of a synthetic one")
    parser.add_argument("--reruns", type=int, default=15)
    parser.add_argument("--port", type=int, default=8640, help="Streamlit port (default 8640)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="sgf-bench-app-"))
    if args.csv:
        csv = args.csv
    else:
        started = time.perf_counter()
        csv = write_csv(args.n, tmp / "groups.csv")
        print(
            f"wrote {args.n:,} synthetic listings ({csv.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    cache_path(csv).unlink(missing_ok=True)
    try:
        measure(csv, tmp, args.port, args.reruns, "fresh process, no cache")
        measure(csv, tmp, args.port, args.reruns, "fresh process, Arrow cache")
    finally:
        if not args.csv:
            csv.unlink(missing_ok=True)
            cache_path(csv).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
