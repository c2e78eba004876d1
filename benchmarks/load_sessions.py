"""Load test on loopback: concurrent sessions, each answering the questionnaire and reaching its matches.

    python benchmarks/load_sessions.py                    # 50 sessions x 3 flows (the issue's figure)
    python benchmarks/load_sessions.py --sessions 10 --flows 1

Starts `streamlit run app.py` on 127.0.0.1 (basemap off), then opens raw websocket clients that speak
Streamlit's own protocol (protobuf BackMsg / ForwardMsg, as the browser does): each sets the
answers widget by widget, presses Next through the eight steps and "See my matches", and checks the
matches page arrived without an exception. Bounded: every wait has a timeout and the run stops by
itself. Prints errors and p50/p95 latencies; no assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 60.0


@dataclass
class Page:
    """What one script run drew: widgets by label, headings, exceptions."""

    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (kind, id)
    options: dict[str, list[str]] = field(default_factory=dict)  # widget id -> options
    headings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


class Session:
    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.rerun_ms: list[float] = []

    async def run(self, page_name: str = "", trigger: str | None = None) -> Page:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = ""
        cs.page_script_hash = self.page_hash
        cs.page_name = page_name
        for state in self.states.values():
            cs.widget_states.widgets.append(state)
        if trigger:
            cs.widget_states.widgets.add(id=trigger, trigger_value=True)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        page = Page()
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), TIMEOUT_S)
            fm = ForwardMsg()
            fm.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                et = el.WhichOneof("type")
                if et in {"button", "radio", "button_group", "text_input", "select_slider", "checkbox"}:
                    w = getattr(el, et)
                    page.widgets[w.label] = (et, w.id)
                    if et in {"radio", "button_group"}:
                        opts = [o.content if et == "button_group" else o for o in w.options]
                        page.options[w.id] = [str(o) for o in opts]
                elif et == "heading":
                    page.headings.append(el.heading.body)
                elif et == "exception":
                    page.exceptions.append(el.exception.message)
            elif kind == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    page = Page()  # st.rerun / st.switch_page: the next run draws the page
                    continue
                break
        self.rerun_ms.append((time.perf_counter() - start) * 1000)
        return page

    def set(self, page: Page, label: str, value: str | list[str]) -> None:
        kind, wid = page.widgets[label]
        state = WidgetState(id=wid)
        if isinstance(value, list):
            state.string_array_value.data[:] = value
        else:
            state.string_value = value
        self.states[wid] = state

    async def press(self, page: Page, label: str) -> Page:
        return await self.run(trigger=page.widgets[label][1])


async def flow(url: str) -> tuple[float, list[float], str | None]:
    """One person: open the questionnaire, answer, see matches. Returns (seconds, rerun ms, error)."""
    start = time.perf_counter()
    try:
        async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None, open_timeout=TIMEOUT_S) as ws:
            s = Session(ws)
            page = await s.run(page_name="questionnaire")
            s.set(page, "Are you thinking about harming yourself, or are you in danger right now?", "No")
            page = await s.press(page, "Next")
            s.set(page, "What brings you here? Pick any that fit.", ["depression", "anxiety"])
            page = await s.press(page, "Next")
            page = await s.press(page, "Skip")
            s.set(page, "How can you take part?", ["In person", "Online"])
            page = await s.press(page, "Next")
            s.set(page, "Your ZIP code or city (for groups that meet in person)", "Chicago, IL")
            page = await s.run()
            page = await s.press(page, "Next")
            page = await s.press(page, "Next")
            page = await s.press(page, "Next")
            page = await s.press(page, "See my matches")
            if not any("Groups for you" in h for h in page.headings):
                page = await s.run()
            if page.exceptions:
                return time.perf_counter() - start, s.rerun_ms, "exception: " + page.exceptions[0][:120]
            if not any("Groups for you" in h for h in page.headings):
                return time.perf_counter() - start, s.rerun_ms, f"no matches page (headings {page.headings[:3]})"
            return time.perf_counter() - start, s.rerun_ms, None
    except (TimeoutError, OSError, websockets.WebSocketException, KeyError) as exc:
        return time.perf_counter() - start, [], f"{type(exc).__name__}: {exc}"


async def session(url: str, flows: int) -> list[tuple[float, list[float], str | None]]:
    return [await flow(url) for _ in range(flows)]


def start_server() -> tuple[subprocess.Popen[bytes], str, Path]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = Path(tempfile.mkdtemp()) / "server.log"
    env = {**os.environ, "SGF_BASEMAP": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, url, log
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("server did not start:\n" + log.read_text(errors="replace"))


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else (values[0] if values else 0.0)


async def main_async(url: str, sessions: int, flows: int) -> None:
    started = time.perf_counter()
    results = await asyncio.gather(*(session(url, flows) for _ in range(sessions)))
    wall = time.perf_counter() - started
    all_flows = [r for rs in results for r in rs]
    errors = [e for _, _, e in all_flows if e]
    flow_s = [t for t, _, e in all_flows if not e]
    rerun = [ms for _, rs, _ in all_flows for ms in rs]
    print(f"{sessions} concurrent sessions x {flows} flows = {len(all_flows)} questionnaire-to-matches flows "
          f"in {wall:.1f} s; errors: {len(errors)}")
    for e in sorted(set(errors))[:5]:
        print("  error:", e)
    if flow_s:
        print(f"flow (10 script runs): p50 {pct(flow_s, 50):.2f} s, p95 {pct(flow_s, 95):.2f} s")
    if rerun:
        print(f"one script run (a press of Next): p50 {pct(rerun, 50):.0f} ms, p95 {pct(rerun, 95):.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--flows", type=int, default=3)
    args = parser.parse_args()
    proc, url, log = start_server()
    try:
        asyncio.run(asyncio.wait_for(main_async(url, args.sessions, args.flows), 900))
    finally:
        proc.terminate()
        proc.wait(10)
    tracebacks = log.read_text(errors="replace").count("Traceback")
    print(f"server log: {tracebacks} traceback(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
