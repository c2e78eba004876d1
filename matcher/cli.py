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
    """``import meeting-guide|hsds SOURCE --out FILE``: exit 0 all imported, 1 some reported, 2 unreadable."""
    from .importers import ImporterError, ImportOptions, import_hsds, import_meeting_guide, write_rows
    from .vocabulary import FOCUS

    focus = tuple(f for f in (args.focus or "").split(";") if f)
    taxonomy = tuple(t.strip() for t in (getattr(args, "taxonomy", None) or "PN-8100").split(";") if t.strip())
    if not (0 < args.timeout <= 3600 and 0 < args.max_mb <= 10_000):  # also refuses nan and inf
        print("--timeout must be 0–3600 seconds and --max-mb 0–10000 (both more than 0)", file=sys.stderr)
        return 2
    unknown = [f for f in focus if f not in FOCUS]
    if unknown:
        print(f"--focus: unknown focus code(s) {', '.join(unknown)} (known: {', '.join(FOCUS)})", file=sys.stderr)
        return 2
    opts = ImportOptions(focus=focus, facilitation=getattr(args, "facilitation", "peer"),
                         organization=getattr(args, "organization", None) or "", timezone=args.timezone or "",
                         program=getattr(args, "program", None) or "",
                         all_services=getattr(args, "all_services", False), taxonomy=taxonomy,
                         timeout=args.timeout, max_bytes=int(args.max_mb * 1024 * 1024))
    source = args.source_path
    try:
        result = (import_meeting_guide if args.source == "meeting-guide" else import_hsds)(source, opts)
    except ImporterError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    write_rows(result.rows, args.out)
    print(f"{source}: read as {result.detected}", file=sys.stderr)
    for r in result.reports:
        print(f"{source}: {r.record_id}: {r.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"{source}: note: {note}", file=sys.stderr)
    print(f"{args.out}: {len(result.rows)} listing(s) written; {result.not_imported} record(s) not imported; "
          f"{len(result.reports)} report(s)", file=sys.stderr)
    return 1 if result.reports else 0


def _import_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i = sub.add_parser("import", help="turn a Meeting Guide feed or an HSDS dataset into a directory CSV")
    isub = i.add_subparsers(dest="source", required=True)
    mg = isub.add_parser("meeting-guide", help="a Meeting Guide JSON feed: a file or an http(s) URL")
    hs = isub.add_parser("hsds", help="an Open Referral HSDS dataset (1.1, 2.0, 3.0, Ohana): a folder of CSV "
                                      "tables, a JSON file or an http(s) URL")
    for p, what in ((mg, "feed"), (hs, "dataset")):
        p.add_argument("source_path", metavar="SOURCE", help=f"the {what}: a path or an http(s) URL")
        p.add_argument("--out", type=Path, required=True, help="the directory CSV to write")
        p.add_argument("--timezone", help="IANA zone used only when the record and its place give none")
        p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a URL (default 30)")
        p.add_argument("--max-mb", type=float, default=50.0, help="largest download accepted, in MB (default 50)")
        p.set_defaults(func=_import)
    mg.add_argument("--focus", help="focus code(s) for every meeting, ';'-separated (default: from the program)")
    mg.add_argument("--facilitation", default="peer", choices=["peer", "professional", ""],
                    help="who leads the meetings (default: peer, as in mutual-help fellowships)")
    mg.add_argument("--organization", help="organization name for every meeting")
    mg.add_argument("--program", help="the program whose type codes the feed uses (e.g. al-anon, aa, na; "
                                      "default: recognised from the feed)")
    hs.add_argument("--focus", help="focus code(s) added to every service (default: from taxonomy and words)")
    hs.add_argument("--all-services", action="store_true",
                    help="take every service, not only support groups (AIRS PN-8100)")
    hs.add_argument("--taxonomy", help="taxonomy code(s) to take with their children, ';'-separated "
                                       "(default PN-8100)")


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
    _import_parsers(sub)
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
