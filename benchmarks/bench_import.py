"""Importer speed: 50,000 Meeting Guide meetings and 20,000 HSDS services (targets: 30 s each on 2 cores).

Synthetic data is built from the vendored real examples (tests/fixtures): the Al-Anon and Atlanta feeds
repeated with fresh slugs, and the Open211 Miami subset repeated with fresh ids in every table. Prints
the figures; asserts nothing (benchmarks are not tests).

    PYTHONPATH=$PWD nice python benchmarks/bench_import.py [--meetings 50000] [--services 20000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.importers import ImportOptions, import_hsds, import_meeting_guide, write_rows  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
#: Columns holding ids that link the Miami tables; each copy gets its own suffix on all of them.
ID_COLUMNS = {"id", "service_id", "location_id", "organization_id", "service_at_location_id"}


def meeting_feed(n: int, out: Path) -> None:
    real = json.loads((FIXTURES / "meeting-guide" / "al-anon.json").read_text()) + json.loads(
        (FIXTURES / "meeting-guide" / "atlanta.json").read_text()
    )
    meetings = []
    for i in range(n):
        m = dict(real[i % len(real)])
        m["slug"] = f"{m['slug']}-{i}"
        meetings.append(m)
    out.write_text(json.dumps(meetings))


def hsds_folder(n: int, out: Path) -> int:
    """The Miami subset copied until it holds n services; returns how many services were written."""
    source = FIXTURES / "open211-miami-subset"
    services = list(csv.DictReader((source / "services.csv").open(encoding="utf-8")))
    copies = -(-n // len(services))
    out.mkdir()
    for table in source.glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        with (out / table.name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=fields)
            writer.writeheader()
            if table.name == "taxonomy.csv":
                writer.writerows(rows)
                continue
            for c in range(copies):
                for r in rows:
                    writer.writerow({k: (f"{v}-{c}" if k in ID_COLUMNS and v else v) for k, v in r.items()})
    return copies * len(services)


def timed(label: str, run: object) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    result = run()  # type: ignore[operator]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label}: {seconds:6.1f} s wall, {cpu:6.1f} s CPU — {len(result.rows):,} listing(s) written, "
        f"{result.not_imported:,} not imported, {len(result.reports):,} report(s), "
        f"{result.outside_taxonomy:,} outside the taxonomy"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--services", type=int, default=20_000)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} core(s), load average {load:.1f} (wall time grows with load; CPU time does not)")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        feed = tmp / "meetings.json"
        meeting_feed(args.meetings, feed)
        data = tmp / "hsds"
        count = hsds_folder(args.services, data)
        out = tmp / "groups.csv"

        def mg() -> object:
            result = import_meeting_guide(feed)
            write_rows(result.rows, out)
            return result

        def hsds_default() -> object:
            result = import_hsds(data)
            write_rows(result.rows, out)
            return result

        def hsds_all() -> object:
            result = import_hsds(data, ImportOptions(all_services=True))
            write_rows(result.rows, out)
            return result

        print(f"Meeting Guide: {args.meetings:,} meetings (Al-Anon + Atlanta feeds, repeated); target ≤ 30 s")
        t1 = timed("  import meeting-guide", mg)
        print(f"HSDS 1.1 CSV: {count:,} services (Open211 Miami subset, repeated); target ≤ 30 s")
        t2 = timed("  import hsds (support groups only, the default)", hsds_default)
        t3 = timed("  import hsds --all-services (every service mapped)", hsds_all)
        print(
            f"meetings per second: {args.meetings / t1:,.0f}; services per second: {count / t2:,.0f} (default), "
            f"{count / t3:,.0f} (--all-services)"
        )


if __name__ == "__main__":
    main()
