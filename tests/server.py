"""Start the app with `streamlit run` on 127.0.0.1 for a browser test or a benchmark, and always stop it.

One helper for every test and benchmark that needs a real server (benchmarks import it as
``tests.server`` after putting the repository root on ``sys.path``)::

    with running_app(tmp_path, {"SGF_DIRECTORY": str(csv)}) as server:
        page.goto(server.url)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_S = 60.0


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    home: Path
    log: Path

    def output(self) -> str:
        """Everything the server printed so far (its debug log)."""
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
    """Return once Streamlit answers its health check; stop the process and raise if it never does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise RuntimeError("streamlit did not become healthy:\n" + log.read_text(errors="replace"))


def stop(proc: subprocess.Popen[bytes], *, graceful: bool = True) -> None:
    """Terminate, then kill if it does not stop within 10 s (``graceful=False``: kill at once)."""
    if proc.poll() is None:
        if not graceful:
            proc.kill()
            proc.wait(10)
            return
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def start_app(
    tmp: Path,
    env_extra: Mapping[str, str] | None = None,
    *,
    port: int | None = None,
    extra_args: Sequence[str] = (),
    log_level: str = "debug",
    script: Path | None = None,
) -> Server:
    """Start the app (basemap off unless overridden) and wait until it is healthy. Call ``stop`` after.

    ``script`` runs another script under the project's configuration instead of app.py (a test page)."""
    port = port or free_port()
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = tmp / f"server-{port}.log"
    # Unbuffered: every line is in the log the moment it is printed (a test reading it, or a kill, misses none).
    env = {**os.environ, "HOME": str(home), "SGF_BASEMAP": "off", "PYTHONUNBUFFERED": "1", **(env_extra or {})}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script or ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--logger.level",
        log_level,
        "--browser.gatherUsageStats",
        "false",
        *extra_args,
    ]
    with log.open("wb") as fh:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, log)
    return Server(url, proc, home, log)


def rss_kb(server: Server) -> int:
    """The server process's resident memory (Linux /proc)."""
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def settled_rss_kb(server: Server, quiet_s: float = 3.0, limit_s: float = 120.0) -> int:
    """The server's memory once it stops growing: the place index is built in the background after the first
    page is drawn, and a figure taken before it is done counts the index too."""
    deadline = time.monotonic() + limit_s
    last, since = rss_kb(server), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = rss_kb(server)
        if abs(now - last) > 2_000:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return now
    raise AssertionError(f"the server's memory was still growing after {limit_s:.0f} s")


def first_visit(server: Server, timeout_s: float = 120.0) -> None:
    """What a first visitor's browser asks (one session, the first page's run), over Streamlit's websocket; it
    loads the directory and starts the place index building."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_script_hash = ""
    deadline = time.monotonic() + timeout_s
    with connect(
        server.url.replace("http", "ws") + "/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        max_size=None,
        open_timeout=20,
    ) as ws:
        ws.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if reply.WhichOneof("type") == "script_finished":
                return


@contextmanager
def running_app(tmp: Path, env_extra: Mapping[str, str] | None = None, **kwargs: object) -> Iterator[Server]:
    """The app, started for the ``with`` block and killed after it, whatever happens inside.

    Killed, not terminated: a graceful shutdown spends 1-2 s of CPU freeing the directory and the place index,
    for each of the suite's ~20 servers, and no test checks it (the log is unbuffered, so nothing is lost)."""
    server = start_app(tmp, env_extra, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        stop(server.proc, graceful=False)
