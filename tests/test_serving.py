"""Serving others: started as the README says (``--server.address 0.0.0.0``), the app makes no outbound
request, not at start and not when a page on another site tries to open its WebSocket.

Streamlit looks up the machine's external IP (checkip.amazonaws.com) to print an "External URL" when
headless on a wildcard address, and again on every cross-origin WebSocket attempt while CORS protection
is on (a hanging upstream stalled the server, health check included). The test points every proxy
variable at a listener it runs and asserts the listener saw nothing.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import running_app


class Listener:
    """A TCP listener on 127.0.0.1 that records the first bytes of every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.seen: list[bytes] = []
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.seen.append(conn.recv(200) or b"(connected)")
                except OSError:
                    self.seen.append(b"(connected)")

    def close(self) -> None:
        self.running = False
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    try:
        yield lst
    finally:
        lst.close()


def test_serving_on_all_addresses_makes_no_outbound_request(tmp_path: Path, listener: Listener) -> None:
    """With HTTP(S)_PROXY (both cases) pointed at a local listener: start on 0.0.0.0, load the page,
    attempt a WebSocket from another origin, run the app's script once through its health check (the
    warm-up) — the listener sees no connection at all."""
    from websockets.exceptions import InvalidStatus, WebSocketException
    from websockets.sync.client import connect

    proxy = f"http://127.0.0.1:{listener.port}"
    env = dict.fromkeys(("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"), proxy)
    env |= {"NO_PROXY": "", "no_proxy": ""}
    with running_app(tmp_path, env, extra_args=["--server.address", "0.0.0.0"]) as server:
        deadline = time.monotonic() + 20
        while "You can now view" not in server.output() and time.monotonic() < deadline:
            time.sleep(0.2)  # the start banner is printed after the server answers its health check
        assert "External URL" not in server.output()
        ws_url = server.url.replace("http://", "ws://") + "/_stcore/stream"
        for origin in ("https://evil.example", "http://192.0.2.7:8501", "null"):
            try:
                with connect(ws_url, origin=origin, open_timeout=15) as ws:  # type: ignore[arg-type]
                    ws.close()
            except (InvalidStatus, WebSocketException, OSError):
                pass  # refused or accepted, either is fine here: what matters is no call out
        # The warm-up deploy/run.py asks for before anyone arrives: the app's whole first run (imports,
        # directory, place index) answers "ok", and calls nothing outside either.
        with urllib.request.urlopen(server.url + "/_stcore/script-health-check", timeout=60) as r:
            assert r.read() == b"ok"
        time.sleep(1.0)
        log = server.output()
    assert listener.seen == [], listener.seen
    assert "Did not auto detect external IP" not in log
