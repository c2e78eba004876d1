"""One client cannot take the site down (issue 24, breaks 1 and 2): an oversized websocket message is
refused before it is read into memory, and a client that floods reruns is slowed, so the health check
and a new visitor's first page still answer. Real servers on loopback, bounded in time."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.server import Server, rss_kb, running_app, settled_rss_kb


def _socket(server: Server) -> ClientConnection:
    return connect(
        server.url.replace("http", "ws") + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=None,
        open_timeout=20,
    )


def _rerun(page_name: str = "", *, widget: str = "") -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = ""
    msg.rerun_script.page_name = page_name
    if widget:  # what a browser sends after drawing a page: the values of that page's widgets
        msg.rerun_script.widget_states.widgets.add(id=widget, trigger_value=True)
    return msg.SerializeToString()


def page_text(server: Server, page_name: str, timeout: float = 120, *, widget: str = "") -> str:
    """Everything one first run of ``page_name`` (its URL path) sends, as text, until the script ends."""
    started = time.monotonic()
    parts: list[str] = []
    with _socket(server) as ws:
        ws.send(_rerun(page_name, widget=widget))
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=max(0.1, timeout - (time.monotonic() - started))))
            parts.append(str(msg))
            if msg.WhichOneof("type") == "script_finished":
                return "\n".join(parts)


def first_page_seconds(server: Server, timeout: float = 60) -> float:
    """A new visitor: open a session, ask for the first page, and time it until the script finishes."""
    started = time.monotonic()
    with _socket(server) as ws:
        ws.send(_rerun())
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=max(0.1, timeout - (time.monotonic() - started))))
            if msg.WhichOneof("type") == "script_finished":
                return time.monotonic() - started


def health_seconds(server: Server) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(server.url + "/_stcore/health", timeout=10) as r:
        assert r.read() == b"ok"
    return time.monotonic() - started


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_app(tmp_path_factory.mktemp("limits"), log_level="warning") as s:
        first_page_seconds(s, timeout=120)  # the first visit loads the directory and the place index
        yield s


def test_a_20_mb_message_is_refused_and_its_memory_never_taken(server: Server) -> None:
    """server.maxMessageSize was Streamlit's 200 MB: twelve 20 MB values for a widget that does not exist
    pinned ~40 MB each, kept after they closed. Now each is refused (1009) before its body is read."""
    before = settled_rss_kb(server)
    codes: list[int | None] = []

    def one() -> None:
        with _socket(server) as ws:
            try:
                ws.send(b"\x00" * (20 * 1024 * 1024))
                ws.recv(timeout=20)
            except ConnectionClosed as exc:
                codes.append(exc.rcvd.code if exc.rcvd else None)
            except TimeoutError:
                codes.append(-1)

    threads = [threading.Thread(target=one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # every one was closed by the server ("message too big", 1009, when the close frame gets through)
    assert len(codes) == 12 and -1 not in codes and set(codes) <= {1009, None}
    assert rss_kb(server) - before < 60_000  # not 12 x 20 MB
    assert health_seconds(server) < 10
    first_page_seconds(server)


def test_a_client_flooding_reruns_does_not_starve_everyone(server: Server) -> None:
    """One websocket sending reruns at 50/s without reading replies made the health check and new visitors
    time out. Now that session is slowed: the health check and a new visitor's first page answer."""
    stop = threading.Event()
    sent = [0]

    def flood() -> None:
        with _socket(server) as ws:
            while not stop.is_set():
                ws.send(_rerun())  # never reads what the server sends back
                sent[0] += 1
                time.sleep(0.02)

    flooder = threading.Thread(target=flood, daemon=True)
    flooder.start()
    try:
        time.sleep(5)  # the flood is under way
        health = [health_seconds(server) for _ in range(3)]
        page = first_page_seconds(server, timeout=45)
    finally:
        stop.set()
        flooder.join(10)
    assert sent[0] > 150  # it really flooded (about 50 a second)
    assert max(health) < 5
    assert page < 45


def test_common_opened_first_on_a_fresh_server_is_not_a_blank_page(tmp_path: Path) -> None:
    """/common (pages/common.py, a helper module) was routable: opened first on a fresh server it was a
    blank page with no crisis lines. Now the helpers live in ui/ and /common shows a page with them."""
    with running_app(tmp_path, log_level="warning") as fresh:
        body = page_text(fresh, "common")
    assert "988" in body and "911" in body and "Quick exit" in body


def test_a_browser_arriving_from_a_session_that_is_gone_is_told_its_answers_were_cleared(server: Server) -> None:
    """After a failover (nginx sends a dead process's people to a live one) the next tap reached a new session
    that showed 'Answer a few short questions first' with no word that anything was lost. That tap carries
    the old page's widget values; a new visitor's first run carries none and hears nothing of it."""
    note = "Your answers and shortlist were cleared"
    assert note not in page_text(server, "questionnaire")
    after_failover = page_text(server, "questionnaire", widget="$$ID-0123456789abcdef-q_focus")
    assert note in after_failover and "only in that server" in after_failover
