"""The command line: ``python -m matcher validate|rank|import …``. Never prints a traceback.

Exit codes: 0 done, 1 the input has problems (each printed), 2 the input or the command cannot be used.
Every error ``matcher`` raises is a :class:`MatcherError`; :func:`main` turns it into its message and
exit code in one place (``EXIT_CODES``). Everything printed passes through :func:`printable`, so text
from a data file cannot reach the operator's terminal as control characters (ANSI/OSC escapes).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from . import places
from .answers import AnswersError, parse_answers
from .directory import load_directory
from .errors import MatcherError, printable
from .export import shortlist_csv
from .scoring import rank_listings
from .words import available_languages, words_for

if TYPE_CHECKING:
    from .importers import ImportResult

DEFAULT_GROUPS = Path("data/groups.csv")
#: Exit code per error kind (the first base class listed wins); any other MatcherError exits 2.
EXIT_CODES: Final[dict[type[MatcherError], int]] = {places.LocationError: 1, MatcherError: 2}
#: ... except a place outside the US, which is outside what the tool covers (2), like unusable input.
#: --now must be a moment this program can compute meeting times around.
EARLIEST_YEAR, LATEST_YEAR = 1970, 2100


def _validate(args: argparse.Namespace) -> int:
    result = load_directory(args.path)
    for p in result.problems:
        print(printable(p.format(args.path)))
    bad_rows = len({p.line for p in result.problems if p.line > 1})
    print(
        f"{args.path}: {result.rows_read} row(s) read, {len(result.directory)} valid, "
        f"{bad_rows} row(s) with problems, {len(result.problems)} problem(s)"
    )
    return 1 if result.problems else 0


def _rank(args: argparse.Namespace) -> int:
    source: Path = args.answers  # the operator's own file; its errors go to their terminal, never a log
    with _about(source):
        try:
            answers = parse_answers(source.read_bytes())
        except OSError as exc:
            raise AnswersError(f"cannot read this file ({exc.strerror})") from None
    origin = None
    if answers.location:
        with _about(f"{source}: location"):
            origin = places.geocode(answers.location, online=args.online_geocoder)
    result = load_directory(args.groups)
    if result.problems:
        print(
            f"{args.groups}: {len(result.problems)} problem(s); ranking the valid rows "
            f"(run 'python -m matcher validate {args.groups}' for details)",
            file=sys.stderr,
        )
    words = words_for(args.lang)
    ranking = rank_listings(
        result.directory,
        answers,
        origin,
        now=args.now,
        limit=args.top,
        prefer_language=None if args.lang == "en" else args.lang,
    )
    data = shortlist_csv(ranking.matches, words)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"{args.out}: {words.groups(len(ranking.matches))} of {ranking.total:,} matching", file=sys.stderr)
    elif sys.stdout.isatty():  # a terminal shows the CSV as text, its control characters escaped
        print(data.decode("utf-8-sig").replace("\r\n", "\n"), end="")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _moment(text: str) -> datetime:
    """--now: an ISO time with a UTC offset, in years meetings can be computed for."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an ISO time like 2026-01-05T12:00:00+00:00") from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError(f"'{text}' needs a time zone offset, e.g. 2026-01-05T12:00:00+00:00")
    if not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        raise argparse.ArgumentTypeError(f"'{text}' is outside {EARLIEST_YEAR}–{LATEST_YEAR}")
    return when


def _count(text: str) -> int:
    """--top: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return value


def _locate(args: argparse.Namespace) -> int:
    """``locate TEXT``: the place as one JSON object (exit 0); not found or ambiguous 1, outside the US 2."""
    import json

    place = places.geocode(args.text)
    print(
        json.dumps(
            {
                "label": place.label,
                "latitude": round(place.latitude, 6),
                "longitude": round(place.longitude, 6),
                "postal_code": place.postal_code,
                "state": place.state,
            },
            ensure_ascii=False,
        )
    )
    if place.note is not None:
        print(places.english(place.note), file=sys.stderr)
    return 0


def _add_locate(sub: argparse._SubParsersAction[_Parser]) -> None:
    loc = sub.add_parser(
        "locate", help="find a typed US place offline; prints JSON (exit 0), 1 unknown or ambiguous, 2 outside the US"
    )
    loc.add_argument("text", help='a ZIP code or place, e.g. "94110" or "Miami, FL"')
    loc.set_defaults(func=_locate)


def _import(args: argparse.Namespace) -> int:
    """``import meeting-guide|hsds|samhsa SOURCE --out FILE``: exit 0 all imported, 1 some reported, 2 unreadable."""
    from .importers import ImportOptions, import_hsds, import_meeting_guide, import_samhsa, write_rows
    from .vocabulary import FOCUS

    if args.source == "samhsa":
        sources = [str(p) for p in args.source_paths]
        result = import_samhsa(sources)
        return _import_report(args, ", ".join(sources), result, write_rows, per_record="")

    focus = tuple(f for f in (args.focus or "").split(";") if f)
    taxonomy = tuple(t.strip() for t in (getattr(args, "taxonomy", None) or "PN-8100").split(";") if t.strip())
    if not (0 < args.timeout <= 3600 and 0 < args.max_mb <= 10_000):  # also refuses nan and inf
        print("--timeout must be 0–3600 seconds and --max-mb 0–10000 (both more than 0)", file=sys.stderr)
        return 2
    unknown = [f for f in focus if f not in FOCUS]
    if unknown:
        print(f"--focus: unknown focus code(s) {', '.join(unknown)} (known: {', '.join(FOCUS)})", file=sys.stderr)
        return 2
    opts = ImportOptions(
        focus=focus,
        facilitation=getattr(args, "facilitation", "peer"),
        organization=getattr(args, "organization", None) or "",
        timezone=args.timezone or "",
        program=getattr(args, "program", None) or "",
        all_services=getattr(args, "all_services", False),
        taxonomy=taxonomy,
        timeout=args.timeout,
        max_bytes=int(args.max_mb * 1024 * 1024),
    )
    source = args.source_path
    result = (import_meeting_guide if args.source == "meeting-guide" else import_hsds)(source, opts)
    return _import_report(args, source, result, write_rows)


def _import_report(
    args: argparse.Namespace,
    source: str,
    result: ImportResult,
    write_rows: Callable[[list[dict[str, str]], Path], None],
    per_record: str | None = None,
) -> int:
    """Write the rows, then say what was read, every record reported (each line starts with
    ``per_record``, by default the source; a record id that names its own file needs none), and the
    summary line."""
    write_rows(result.rows, args.out)
    print(f"{source}: read as {result.detected}", file=sys.stderr)
    prefix = f"{source}: " if per_record is None else per_record
    for r in result.reports:
        print(f"{prefix}{r.record_id}: {r.reason}", file=sys.stderr)
    for note in result.notes:
        print(f"{prefix}note: {note}", file=sys.stderr)
    print(
        f"{args.out}: {len(result.rows)} listing(s) written; {result.not_imported} record(s) not imported; "
        f"{len(result.reports)} report(s)",
        file=sys.stderr,
    )
    return 1 if result.reports else 0


def _import_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    i = sub.add_parser(
        "import",
        help="turn a Meeting Guide feed, an HSDS dataset or SAMHSA's national directories into a directory CSV",
    )
    isub = i.add_subparsers(dest="source", required=True)
    mg = isub.add_parser("meeting-guide", help="a Meeting Guide JSON feed: a file or an http(s) URL")
    hs = isub.add_parser(
        "hsds",
        help="an Open Referral HSDS dataset (1.1, 2.0, 3.0, Ohana): a folder of CSV "
        "tables, a JSON file or an http(s) URL",
    )
    sa = isub.add_parser(
        "samhsa",
        help="SAMHSA's national directories of mental health and of drug and alcohol "
        "treatment facilities (.xlsx workbooks, the data behind FindTreatment.gov)",
    )
    sa.add_argument(
        "source_paths",
        metavar="FILE.xlsx",
        nargs="+",
        type=Path,
        help="one or more workbooks; a facility in several becomes one listing",
    )
    sa.add_argument("--out", type=Path, required=True, help="the directory CSV to write")
    sa.set_defaults(func=_import)
    for p, what in ((mg, "feed"), (hs, "dataset")):
        p.add_argument("source_path", metavar="SOURCE", help=f"the {what}: a path or an http(s) URL")
        p.add_argument("--out", type=Path, required=True, help="the directory CSV to write")
        p.add_argument("--timezone", help="IANA zone used only when the record and its place give none")
        p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a URL (default 30)")
        p.add_argument("--max-mb", type=float, default=50.0, help="largest download accepted, in MB (default 50)")
        p.set_defaults(func=_import)
    mg.add_argument("--focus", help="focus code(s) for every meeting, ';'-separated (default: from the program)")
    mg.add_argument(
        "--facilitation",
        default="peer",
        choices=["peer", "professional", ""],
        help="who leads the meetings (default: peer, as in mutual-help fellowships)",
    )
    mg.add_argument("--organization", help="organization name for every meeting")
    mg.add_argument(
        "--program",
        help="the program whose type codes the feed uses (e.g. al-anon, aa, na; default: recognized from the feed)",
    )
    hs.add_argument("--focus", help="focus code(s) added to every service (default: from taxonomy and words)")
    hs.add_argument(
        "--all-services", action="store_true", help="take every service, not only support groups (AIRS PN-8100)"
    )
    hs.add_argument("--taxonomy", help="taxonomy code(s) to take with their children, ';'-separated (default PN-8100)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m matcher", description="Support Group Finder: check, rank and import directories.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a directory CSV; exit 0 clean, 1 problems, 2 unusable")
    v.add_argument("path", type=Path)
    v.set_defaults(func=_validate)
    r = sub.add_parser("rank", help="rank a directory for an answers file; writes the shortlist CSV")
    r.add_argument("--answers", required=True, type=Path, help="answers JSON (see README)")
    r.add_argument("--groups", type=Path, default=DEFAULT_GROUPS, help="directory CSV (default %(default)s)")
    r.add_argument("--top", type=_count, default=None, help="only the best N")
    r.add_argument("--out", type=Path, help="write the CSV here instead of standard output")
    r.add_argument("--now", type=_moment, help="rank as of this ISO time with offset (default: now)")
    r.add_argument(
        "--lang",
        default="en",
        choices=available_languages(),
        help="language of the CSV's headers and words (default %(default)s)",
    )
    r.add_argument(
        "--online-geocoder",
        action="store_true",
        help="look unknown places up online (sends the place to OpenStreetMap's Nominatim)",
    )
    r.set_defaults(func=_rank)
    _add_locate(sub)
    _import_parsers(sub)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse, with the offending argument escaped in its error line (it echoes what was typed)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


@contextlib.contextmanager
def _about(where: object) -> Iterator[None]:
    """Errors raised inside are about ``where`` (a file, a field): their message lines start with it."""
    try:
        yield
    except MatcherError as exc:
        exc.add_note(str(where))
        raise


def _fail(exc: MatcherError) -> int:
    """THE place an error becomes output: its message (each line prefixed with where) and its exit code."""
    where = "".join(f"{note}: " for note in getattr(exc, "__notes__", ()))
    for line in exc.message.split("\n"):
        print(printable(where + line), file=sys.stderr)
    candidates = getattr(exc, "candidates", ())
    if candidates:
        print(printable(f"Did you mean: {'; '.join(candidates)}"), file=sys.stderr)
    if getattr(exc, "outside_us", False):
        return 2
    return next(code for kind, code in EXIT_CODES.items() if isinstance(exc, kind))


class _Printable(io.TextIOBase):
    """A text stream that escapes control characters (keeping line breaks) before they reach ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text, keep="\n"))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def buffer(self) -> io.BufferedIOBase:  # raw bytes (the CSV written by rank) go through untouched
        return self.stream.buffer  # type: ignore[return-value]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (0 done, 1 problems found, 2 unusable input or usage)."""
    out: TextIO = _Printable(sys.stdout)  # type: ignore[assignment]
    err: TextIO = _Printable(sys.stderr)  # type: ignore[assignment]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = build_parser().parse_args(argv)
            code: int = args.func(args)
        except SystemExit as exc:  # argparse: --help (0) or a usage error (2), already explained
            return exc.code if isinstance(exc.code, int) else 2
        except MatcherError as exc:
            return _fail(exc)
        except OSError as exc:
            print(printable(f"{exc.filename or ''}: {exc.strerror or exc}"), file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            return 130
        except Exception as exc:  # a bug, never a traceback: say so, and exit 2 so a script stops (not 1)
            print(
                printable(
                    f"internal error ({type(exc).__name__}: {str(exc)[:200]}); nothing was written "
                    "by this step. Please report it."
                ),
                file=sys.stderr,
            )
            return 2
        finally:
            with contextlib.suppress(OSError, ValueError):
                out.flush()
                err.flush()
        return code
