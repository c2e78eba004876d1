"""Importers, shared parts: the command line, feeds by URL (a local server), and the helpers both use."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.directory import load_directory
from matcher.importers import ImporterError, ImportOptions, import_hsds, import_meeting_guide
from matcher.importers.common import RecordError, parse_time, rrule_days, text, url, us_zip, weekday
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
ATLANTA = FIXTURES / "meeting-guide" / "atlanta.json"
SERVICE = FIXTURES / "hsds-3.0-json" / "service.json"

# --------------------------------------------------------------------------- a local HTTP server

ROUTES: dict[str, tuple[int, bytes, float]] = {
    "/atlanta.json": (200, ATLANTA.read_bytes(), 0.0),
    "/service.json": (200, SERVICE.read_bytes(), 0.0),
    "/missing.json": (404, b"not here", 0.0),
    "/page.html": (200, b"<html><body>Meetings</body></html>", 0.0),
    "/big.json": (200, b"[" + b" " * 300_000 + b"]", 0.0),
    "/slow.json": (200, b"[]", 3.0),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # http.server's name
        status, body, delay = ROUTES.get(self.path, (404, b"", 0.0))
        time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if self.path != "/big.json":  # the big one hides its length, so the cap must count bytes
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_feed_by_url_imports_like_the_file(server: str) -> None:
    """`import meeting-guide URL` gives the same listings as the file it serves."""
    by_url = import_meeting_guide(f"http://{server}/atlanta.json")
    by_file = import_meeting_guide(ATLANTA)
    assert by_url.rows == by_file.rows and len(by_url.rows) == 6


def test_an_hsds_service_by_url(server: str) -> None:
    """`import hsds URL` reads 3.0 JSON from the server."""
    assert [r["id"] for r in import_hsds(f"http://{server}/service.json").rows] == ["sal-1"]


@pytest.mark.parametrize(
    ("path", "opts", "message"),
    [
        ("/missing.json", ImportOptions(), "the server answered HTTP 404"),
        ("/page.html", ImportOptions(), "not JSON"),
        ("/big.json", ImportOptions(max_bytes=100_000), "too big"),
        ("/slow.json", ImportOptions(timeout=0.5), "no answer within 0.5 seconds"),
    ],
)
def test_each_url_failure_has_its_own_clear_error(server: str, path: str, opts: ImportOptions, message: str) -> None:
    """HTTP status, not JSON, too big and too slow each say so, naming the URL."""
    address = f"http://{server}{path}"
    with pytest.raises(ImporterError) as caught:
        import_meeting_guide(address, opts)
    assert message in caught.value.message and address in caught.value.message


def test_a_tls_failure_says_so(server: str) -> None:
    """https:// to a server that does not speak TLS: a TLS error, not a traceback."""
    with pytest.raises(ImporterError, match="secure connection \\(TLS\\) failed"):
        import_meeting_guide(f"https://{server}/atlanta.json", ImportOptions(timeout=5))


def test_a_dns_failure_names_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host that does not resolve: 'cannot find the server' (the lookup is stubbed: no network in tests)."""

    def no_such_host(*_args: object, **_kw: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(ImporterError, match=re.escape("cannot find the server feeds.example.org (DNS lookup failed)")):
        import_meeting_guide("https://feeds.example.org/meetings.json")


# --------------------------------------------------------------------------- the command line


def test_cli_writes_the_file_and_ends_with_the_summary_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], server: str
) -> None:
    """The last stderr line is 'N listing(s) written; M record(s) not imported; K report(s)'; exit 0 when clean."""
    out = tmp_path / "groups.csv"
    code = main(["import", "meeting-guide", f"http://{server}/atlanta.json", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    assert err[0].endswith(
        "read as Meeting Guide feed, Alcoholics Anonymous type codes "
        "(recognized from the feed; choose another with --program)"
    )
    assert err[-1] == f"{out}: 6 listing(s) written; 0 record(s) not imported; 0 report(s)"
    assert len(load_directory(out).directory) == 6


def test_cli_reports_records_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Some records reported: each on its own line with its id; exit 1; the output still validates."""
    out = tmp_path / "groups.csv"
    code = main(["import", "hsds", str(FIXTURES / "hsds-1.1-odd"), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert any(": 22: imported, but schedule" in line for line in err)
    assert any("note: 1 service(s) are not support groups (AIRS PN-8100); use --all-services" in line for line in err)
    assert err[-1] == f"{out}: 3 listing(s) written; 1 record(s) not imported; 3 report(s)"
    assert load_directory(out).problems == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "meeting-guide", "{tmp}/missing.json"], "file not found"),
        (["import", "meeting-guide", "{tmp}"], "is a folder"),
        (["import", "hsds", "{tmp}"], "no services table"),
        (["import", "hsds", "{tmp}/nothing"], "file not found"),
        (["import", "meeting-guide", str(ATLANTA), "--focus", "sadness"], "unknown focus code(s) sadness"),
        (["import", "meeting-guide", str(ATLANTA), "--program", "xyz"], "unknown program 'xyz'"),
        (["import", "hsds", str(SERVICE), "--max-mb", "inf"], "--max-mb 0–10000"),
        (["import", "hsds", str(SERVICE), "--timeout", "nan"], "--timeout must be"),
    ],
)
def test_cli_unusable_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Missing file, a folder, no services, a bad option: exit 2, one plain line, nothing written."""
    out = tmp_path / "o.csv"
    code = main([a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and message in err[0]
    assert not out.exists()


def test_cli_smoke_in_a_subprocess(tmp_path: Path) -> None:
    """`python -m matcher import hsds` runs as a program, with no traceback."""
    out = tmp_path / "groups.csv"
    done = subprocess.run(
        [sys.executable, "-m", "matcher", "import", "hsds", str(SERVICE), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == f"{out}: 1 listing(s) written; 0 record(s) not imported; 0 report(s)"


def test_the_app_runs_on_an_imported_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An imported file is a directory the app can use (SGF_DIRECTORY)."""
    from streamlit.testing.v1 import AppTest

    from matcher import Answers

    out = tmp_path / "groups.csv"
    assert main(["import", "hsds", str(FIXTURES / "hsds-3.0-json" / "tabular.json"), "--out", str(out)]) == 1
    monkeypatch.setenv("SGF_DIRECTORY", str(out))  # a new file is a new entry of the app's directory cache
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.session_state["answers"] = Answers(focus=["depression"])
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert any("Peer Depression Group" in h.value for h in at.subheader)  # a card's title is the listing's name


# --------------------------------------------------------------------------- shared helpers


@pytest.mark.parametrize(
    ("given", "minutes"),
    [
        ("19:30", 1170),
        ("7:05", 425),
        ("09:00:00", 540),
        ("9am", 540),
        ("8:30 pm", 1230),
        ("830am", 510),
        ("12:00pm (dispensing)", 720),
        ("12am", 0),
        ("7:30 PM ", 1170),
        ("noon", 720),
        ("09:00-05:00", 540),
    ],
)
def test_clock_times_in_the_forms_exports_use(given: str, minutes: int) -> None:
    """24-hour, 12-hour and packed times, a trailing note or a UTC offset: read as the clock says."""
    assert parse_time(given) == minutes


@pytest.mark.parametrize("junk", ["6:300pm", "25:00", "13pm", "soon", "", "7:60"])
def test_junk_times_are_refused_not_guessed(junk: str) -> None:
    """A time that is not a real clock time raises RecordError with the text in it."""
    with pytest.raises(RecordError, match="is not a clock time"):
        parse_time(junk)


def test_rrule_days_weekdays_urls_zips_and_text() -> None:
    """One place each: RRULE days (ordinals refused), ISO weekdays, the link rule, ZIP zeros, text cells."""
    assert rrule_days("TU,TH") == ["tue", "thu"] and rrule_days("su, mo") == ["mon", "sun"]
    with pytest.raises(RecordError, match="day of the month"):
        rrule_days("1MO")
    assert [weekday(x) for x in (1, "7", "Monday", "thurs")] == ["mon", "sun", "mon", "thu"]
    assert url("www.example.org") == "https://www.example.org" and url("javascript:alert(1)") == ""
    assert url("https://ok.example/x\r\nSet-Cookie: y") == ""
    assert us_zip(2108) == "02108" and us_zip("M5H 2N2") == "M5H 2N2"
    assert text("  a\x1b[31m  b ") == "a [31m b" and text(3.0) == "3" and text(None) == ""
    with pytest.raises(RecordError, match="unpaired surrogate"):
        text("bad \ud800 name")
    with pytest.raises(RecordError, match="expected text, found an object"):
        text({"a": 1}, "name")


def test_deeply_nested_json_is_one_plain_error(tmp_path: Path) -> None:
    """100,000 nested arrays: 'nested too deeply', not a RecursionError traceback."""
    feed = tmp_path / "deep.json"
    feed.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImporterError, match="nested too deeply"):
        import_meeting_guide(feed)
    with pytest.raises(ImporterError, match="nested too deeply"):
        import_hsds(feed)


def test_a_lone_surrogate_loses_only_its_record(tmp_path: Path) -> None:
    """A broken character in one meeting's name: that meeting is reported, the others written."""
    meetings = json.loads(ATLANTA.read_text())
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(meetings).replace(json.dumps(meetings[0]["name"]), '"Bad \\ud800 name"', 1))
    result = import_meeting_guide(feed)
    assert len(result.rows) == 5
    assert any(r.record_id == meetings[0]["slug"] and "surrogate" in r.reason for r in result.reports)
