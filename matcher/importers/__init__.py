"""Importers: turn a Meeting Guide feed, an Open Referral HSDS dataset (1.1, 2.0, 3.0, Ohana) or SAMHSA's
national directories of treatment facilities (.xlsx) into our directory.

Every record is either written or reported with its id and the reason; the written rows are checked with
the same validation as ``python -m matcher validate``, so the output always validates. Rows are built from
the directory's ``COLUMNS``, so a new directory column flows through without touching the importers.
Sources are a file, a folder (HSDS CSV tables) or an http(s) URL (JSON), fetched with a timeout and a size cap.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlparse

import numpy as np
import pandas as pd

from ..directory import COLUMNS, MAX_FILE_BYTES, DirectoryError, Problem, read_bounded, validate_frame
from ..errors import MatcherError

Row = dict[str, str]

DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_MAX_BYTES: Final = 50 * 1024 * 1024
#: The AIRS/211 taxonomy branch of support groups: what an HSDS import takes by default.
SUPPORT_GROUPS_TAXONOMY: Final = ("PN-8100",)


class ImporterError(MatcherError):
    """The input cannot be read at all (missing, not JSON, no services, a URL that does not answer)."""


@dataclass(frozen=True)
class ImportOptions:
    """How to import: the same for the command line, the tests and the benchmarks."""

    focus: tuple[str, ...] = ()  #: focus codes for every record (default: from the program or taxonomy)
    facilitation: str = "peer"  #: Meeting Guide: who leads the meetings ("" = unknown)
    organization: str = ""  #: Meeting Guide: organization name for every meeting
    timezone: str = ""  #: IANA zone used only when neither the record nor its place gives one
    program: str = ""  #: Meeting Guide: the program whose type codes the feed uses ("" = recognize it)
    all_services: bool = False  #: HSDS: take every service, not only the support-group taxonomy branch
    taxonomy: tuple[str, ...] = SUPPORT_GROUPS_TAXONOMY  #: HSDS: taxonomy codes (and their children) to take
    timeout: float = DEFAULT_TIMEOUT  #: seconds to wait for a URL
    max_bytes: int = DEFAULT_MAX_BYTES  #: the largest download accepted
    today: date | None = None  #: "today" for dates (default: the real date)


@dataclass(frozen=True)
class Report:
    """What happened to one record that is not simply written: its id, why, and whether it was written."""

    record_id: str
    reason: str
    written: bool = False


@dataclass
class ImportResult:
    """The rows to write, each record that needs a word, and notes about the whole source."""

    rows: list[Row] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    detected: str = ""  #: the format/version recognized, e.g. "HSDS 1.1/2.0 CSV tables"
    records: int = 0  #: records read (meetings or services)
    outside_taxonomy: int = 0  #: HSDS services left out because they are not support groups

    def report(self, record_id: str, reason: str, *, written: bool = False) -> None:
        self.reports.append(Report(record_id, reason, written))

    @property
    def not_imported(self) -> int:
        """How many records (by id) were left out with a reason."""
        return len({r.record_id for r in self.reports if not r.written})


def empty_row() -> Row:
    """A row with every directory column, empty."""
    return dict.fromkeys(COLUMNS, "")


def put(row: Row, column: str, value: str) -> bool:
    """Set a column if this version of the directory has it (e.g. ``audience``); False when it does not."""
    if column in row:
        row[column] = value
        return True
    return False


def _phone_to_note(row: Row, problem: str) -> str:
    """A phone the Call button cannot dial as written: its digits stay in ``phone`` only when they are
    the whole number's start ("988" of "988 then press 1"), and the full text becomes a note, so
    nothing is lost and the written file passes ``validate`` cleanly."""
    from ..phones import dial

    phone = row["phone"]
    d = dial(phone)
    row["phone"] = d.shown if d is not None and d.shown.isascii() else ""
    note = f"Phone: {phone}"[:200].replace(";", ",")
    row["worth_knowing"] = "; ".join(n for n in (row.get("worth_knowing", ""), note) if n)
    return f"imported, but phone: {problem}; the text is kept under Worth knowing"


def finish(result: ImportResult, today: date | None = None) -> ImportResult:
    """Check the mapped rows with the directory validation; report and drop any that would not load.

    A row is written only when ``validate`` would list it without a problem: a phone it would only
    report is moved to a note first (see :func:`_phone_to_note`), anything else keeps the row out."""
    if not result.rows:
        return result
    day = today or date.today()
    checked = _check(result.rows, day)
    phones = [p for p in checked if p.line > 1 and p.kept and p.column == "phone"]
    for p in phones:
        row = result.rows[p.line - 2]
        result.report(row["id"], _phone_to_note(row, p.message), written=True)
    if phones:
        checked = _check(result.rows, day)  # the rows as changed (a note can be a problem of its own)
    bad_lines: dict[int, list[str]] = {}
    for p in checked:
        if p.line > 1:
            bad_lines.setdefault(p.line, []).append(f"{p.column}: {p.message}")
    if bad_lines:
        keep = []
        for i, row in enumerate(result.rows):
            problems = bad_lines.get(i + 2)
            if problems:
                result.report(row["id"], "; ".join(problems))
            else:
                keep.append(row)
        result.rows = keep
    return result


def _check(rows: list[Row], today: date) -> list[Problem]:
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=str).fillna("")
    lines = np.arange(len(frame), dtype=np.int64) + 2
    return validate_frame(frame, lines, today=today).problems


def rows_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_rows(rows: list[Row], out: Path) -> None:
    """Write the directory CSV: to a temporary file beside ``out``, then renamed over it (never half a file)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(rows_csv(rows), encoding="utf-8")
        tmp.replace(out)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------- reading sources


def is_url(source: str | os.PathLike[str]) -> bool:
    return str(source).lower().startswith(("http://", "https://"))


class _SchemeError(ImporterError, urllib.error.URLError):
    """A redirect to something other than http(s) (ftp://, file://): refused, never followed (a URLError so
    urllib lets it through unchanged, an ImporterError like every other import failure)."""

    def __init__(self, message: str) -> None:
        ImporterError.__init__(self, message)
        self.reason = message


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address, checked before anything is opened."""

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = headers.get("location") or headers.get("uri") or ""
        scheme = urlparse(urljoin(req.full_url, target)).scheme.lower()
        if target and scheme not in {"http", "https"}:
            raise _SchemeError(f"redirected to a {scheme}: address ({target[:80]}); only http(s) is followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Deadline:
    """One deadline for a whole download: every socket opened for it (redirects too) is shut at the end,
    so a server that sends one byte every few seconds cannot keep an import running."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """http and https only (no ftp:, file: or data: handler at all), each connection under the deadline."""

    class Http(http.client.HTTPConnection):
        def connect(self) -> None:
            self.timeout = min(float(self.timeout or deadline.seconds), deadline.remaining())
            super().connect()
            deadline.watch(self.sock)

    class Https(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.timeout = min(float(self.timeout or deadline.seconds), deadline.remaining())
            super().connect()
            deadline.watch(self.sock)

    class HttpHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Http, req)

    class HttpsHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Https, req, context=ssl.create_default_context())

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        HttpHandler(),
        HttpsHandler(),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(address: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The body of an http(s) URL; ImporterError naming what went wrong (DNS, TLS, HTTP status, too big, time).

    ``timeout`` is a deadline for the whole download (connecting, redirects, headers and body), not
    for each read; a redirect is followed only to another http(s) address."""
    host = urlparse(address).hostname or address
    if urlparse(address).scheme.lower() not in {"http", "https"}:
        raise ImporterError(f"{address[:80]}: only http:// and https:// addresses are fetched")
    request = urllib.request.Request(
        address, headers={"User-Agent": "support-group-finder-importer/0.1", "Accept": "application/json"}
    )
    too_slow = f"{address}: no answer within {timeout:g} seconds (the whole download must finish in that time)"
    chunks: list[bytes] = []
    deadline = _Deadline(timeout)
    try:
        with deadline, _opener(deadline).open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ImporterError(f"{address}: too big ({int(length):,} bytes; the limit is {max_bytes:,})")
            size = 0
            while size <= max_bytes:
                deadline.remaining()
                chunk: bytes = response.read1(min(1 << 16, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if deadline.expired:
                raise TimeoutError
    except _SchemeError as exc:
        raise ImporterError(f"{address}: {exc.reason}") from None
    except urllib.error.HTTPError as exc:
        raise ImporterError(f"{address}: the server answered HTTP {exc.code} ({exc.reason})") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            raise ImporterError(f"{address}: cannot find the server {host} (DNS lookup failed)") from None
        if isinstance(reason, ssl.SSLError):
            raise ImporterError(
                f"{address}: secure connection (TLS) failed: {getattr(reason, 'reason', None) or reason}"
            ) from None
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ImporterError(too_slow) from None
        raise ImporterError(f"{address}: cannot connect ({reason})") from None
    except ssl.SSLError as exc:
        raise ImporterError(f"{address}: secure connection (TLS) failed: {exc.reason or exc}") from None
    except TimeoutError:
        raise ImporterError(too_slow) from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if deadline.expired:
            raise ImporterError(too_slow) from None
        raise ImporterError(f"{address}: cannot read ({exc})") from None
    body = b"".join(chunks)
    if len(body) > max_bytes:
        raise ImporterError(f"{address}: too big (more than {max_bytes:,} bytes)")
    return body


#: A JSON number longer than this is kept as its text (so the record it is in is reported, not the file).
MAX_NUMBER_DIGITS: Final = 40


def _bounded_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= MAX_NUMBER_DIGITS else digits


def _bounded_float(digits: str) -> float | str:
    return float(digits) if len(digits) <= MAX_NUMBER_DIGITS else digits


def parse_json(raw: bytes, where: str) -> object:
    """JSON from bytes; ImporterError for text that is not JSON (or nests too deeply to read).

    A number of more than MAX_NUMBER_DIGITS characters (Python refuses ints of 4,300 digits) stays text,
    so the one record holding it is reported with its field, and the rest of the feed is read."""
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_int=_bounded_int, parse_float=_bounded_float)
    except UnicodeDecodeError as exc:
        raise ImporterError(f"{where}: not UTF-8 text (byte {exc.start}), so not a JSON feed") from None
    except json.JSONDecodeError as exc:
        raise ImporterError(f"{where}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise ImporterError(f"{where}: JSON nested too deeply to read") from None


def load_json(source: str | os.PathLike[str], opts: ImportOptions) -> object:
    """JSON from a file or an http(s) URL."""
    if is_url(source):
        return parse_json(fetch(str(source), timeout=opts.timeout, max_bytes=opts.max_bytes), str(source))
    path = Path(source)
    if path.is_dir():
        raise ImporterError(f"{path}: is a folder, not a JSON file")
    return parse_json(read_file(path), str(path))


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; ImporterError for a device or pipe (which could
    never end or wait forever), or a file too big."""
    try:
        return read_bounded(path, max_bytes)
    except DirectoryError as exc:
        raise ImporterError(f"{path}: {exc.reason}") from None


from .hsds import import_hsds  # noqa: E402
from .meeting_guide import import_meeting_guide  # noqa: E402
from .samhsa import import_samhsa  # noqa: E402

__all__ = [
    "ImportOptions",
    "ImportResult",
    "ImporterError",
    "Report",
    "finish",
    "import_hsds",
    "import_meeting_guide",
    "import_samhsa",
    "write_rows",
]
