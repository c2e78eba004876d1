"""Feeds by URL (issue 24, breaks 11 and 12): --timeout is a deadline for the whole download, and only
http(s) is followed at every redirect. Against a local loopback server; every test is bounded."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from matcher.importers import ImporterError, ImportOptions, import_meeting_guide

MEETING = {
    "name": "Group",
    "slug": "a",
    "day": 2,
    "time": "19:00",
    "timezone": "America/Chicago",
    "conference_url": "https://zoom.us/j/1",
}
FEED = json.dumps([MEETING]).encode()
#: a listener standing in for an FTP server: it records every connection it gets
FTP_HITS: list[bytes] = []


def _ftp_listener() -> tuple[socket.socket, int]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.2)

    def serve() -> None:
        while sock.fileno() != -1:
            try:
                conn, _ = sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.sendall(b"220 ready\r\n")
                conn.settimeout(1)
                try:
                    FTP_HITS.append(conn.recv(100) or b"(connected)")
                except OSError:
                    FTP_HITS.append(b"(connected)")

    threading.Thread(target=serve, daemon=True).start()
    return sock, sock.getsockname()[1]


class _Handler(BaseHTTPRequestHandler):
    ftp_port = 0

    def do_GET(self) -> None:  # http.server's name
        try:
            if self.path == "/trickle.json":  # headers at once, then one byte every 0.5 s for 30 s
                self.send_response(200)
                self.send_header("Content-Length", "60")
                self.end_headers()
                for _ in range(60):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            elif self.path == "/slow-headers.json":  # the status line, then a header byte every 0.5 s
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(60):
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.5)
            elif self.path == "/to-ftp.json":
                self.send_response(302)
                self.send_header("Location", f"ftp://127.0.0.1:{self.ftp_port}/feed.json")
                self.end_headers()
            elif self.path == "/to-file.json":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif self.path == "/to-feed.json":
                self.send_response(301)
                self.send_header("Location", "/feed.json")
                self.end_headers()
            else:
                self.send_response(200)
                self.send_header("Content-Length", str(len(FEED)))
                self.end_headers()
                self.wfile.write(FEED)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    ftp, _Handler.ftp_port = _ftp_listener()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        ftp.close()


@pytest.mark.parametrize("path", ["/trickle.json", "/slow-headers.json"])
def test_timeout_is_a_deadline_for_the_whole_download(server: str, path: str) -> None:
    """A server sending a byte every 0.5 s kept an import with --timeout 3 running for as long as it liked
    (the timeout was per read); now it stops at the deadline, saying so. The trickle would last 30 s."""
    started = time.monotonic()
    with pytest.raises(ImporterError, match=r"no answer within 1\.5 seconds"):
        import_meeting_guide(server + path, ImportOptions(timeout=1.5))
    assert time.monotonic() - started < 12


@pytest.mark.parametrize("path", ["/to-ftp.json", "/to-file.json"])
def test_a_redirect_to_anything_but_http_or_https_is_refused(server: str, path: str) -> None:
    """A redirect to ftp:// was followed (a local listener received USER anonymous)."""
    FTP_HITS.clear()
    with pytest.raises(ImporterError, match=r"only http\(s\) is followed"):
        import_meeting_guide(server + path, ImportOptions(timeout=5))
    time.sleep(0.3)
    assert FTP_HITS == []


def test_a_redirect_to_http_is_followed(server: str) -> None:
    assert [r["id"] for r in import_meeting_guide(server + "/to-feed.json", ImportOptions(timeout=5)).rows] == ["a"]
