"""The command line: ``python -m matcher validate|rank|import …``. Never prints a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from . import geography
from .answers import AnswersError, parse_answers
from .directory import DirectoryError, load_directory
from .export import shortlist_csv
from .scoring import rank_listings

DEFAULT_GROUPS = Path("data/groups.csv")


def _validate(args: argparse.Namespace) -> int:
    result = load_directory(args.path)
    for p in result.problems:
        print(p.format(args.path))
    bad_rows = len({p.line for p in result.problems if p.line > 1})
    print(f"{args.path}: {result.rows_read} row(s) read, {len(result.directory)} valid, "
          f"{bad_rows} row(s) with problems, {len(result.problems)} problem(s)")
    return 1 if result.problems else 0


def _rank(args: argparse.Namespace) -> int:
    source: Path = args.answers  # the operator's own file; its errors go to their terminal, never a log
    try:
        answers = parse_answers(source.read_bytes())
    except OSError as exc:
        print(f"{source}: cannot read this file ({exc.strerror})", file=sys.stderr)
        return 2
    except AnswersError as exc:
        for line in str(exc).splitlines():
            print(f"{source}: {line}", file=sys.stderr)
        return 2
    origin = None
    if answers.location:
        try:
            origin = geography.geocode(answers.location, online=args.online_geocoder)
        except geography.LocationError as exc:
            print(f"{source}: location: {exc.message}", file=sys.stderr)
            if exc.candidates:
                print(f"  did you mean: {'; '.join(exc.candidates)}", file=sys.stderr)
            return 1
    result = load_directory(args.groups)
    if result.problems:
        print(f"{args.groups}: {len(result.problems)} problem(s); ranking the valid rows "
              f"(run 'python -m matcher validate {args.groups}' for details)", file=sys.stderr)
    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        print("--now needs a time zone offset, e.g. 2026-01-05T12:00:00+00:00", file=sys.stderr)
        return 2
    ranking = rank_listings(result.directory, answers, origin, now=now, limit=args.top)
    data = shortlist_csv(ranking.matches)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"{args.out}: {len(ranking.matches)} group(s) of {ranking.total} matching", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importers import run_import

    return run_import(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matcher",
                                     description="Support Group Finder: check, rank and import directories.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a directory CSV; exit 0 clean, 1 problems, 2 unusable")
    v.add_argument("path", type=Path)
    v.set_defaults(func=_validate)
    r = sub.add_parser("rank", help="rank a directory for an answers file; writes the shortlist CSV")
    r.add_argument("--answers", required=True, type=Path, help="answers JSON (see README)")
    r.add_argument("--groups", type=Path, default=DEFAULT_GROUPS, help="directory CSV (default %(default)s)")
    r.add_argument("--top", type=int, default=None, help="only the best N")
    r.add_argument("--out", type=Path, help="write the CSV here instead of standard output")
    r.add_argument("--now", help="rank as of this ISO time with offset (default: now)")
    r.add_argument("--online-geocoder", action="store_true",
                   help="look unknown places up online (sends the place to OpenStreetMap's Nominatim)")
    r.set_defaults(func=_rank)
    i = sub.add_parser("import", help="turn a Meeting Guide feed or an HSDS dataset into a directory CSV")
    isub = i.add_subparsers(dest="source", required=True)
    mg = isub.add_parser("meeting-guide", help="a Meeting Guide JSON feed")
    mg.add_argument("feed", type=Path)
    mg.add_argument("--out", type=Path, required=True)
    mg.add_argument("--focus", help="focus code(s) for every meeting, ';'-separated (default: from the feed)")
    mg.add_argument("--facilitation", default="peer", choices=["peer", "professional", ""],
                    help="who leads the meetings (default: peer, as in mutual-help fellowships)")
    mg.add_argument("--organization", help="organization name for every meeting")
    mg.add_argument("--timezone", help="IANA time zone for meetings when the feed and place give none")
    mg.set_defaults(func=_import)
    hs = isub.add_parser("hsds", help="an Open Referral HSDS 3.0 dataset: a folder of CSV tables or a JSON file")
    hs.add_argument("path", type=Path)
    hs.add_argument("--out", type=Path, required=True)
    hs.add_argument("--focus", default="general", help="focus code(s) for every service (default: general)")
    hs.add_argument("--timezone", help="IANA time zone for schedules when the place gives none")
    hs.set_defaults(func=_import)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except DirectoryError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code
