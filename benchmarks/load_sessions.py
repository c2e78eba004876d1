"""Realistic load: simulated people who read and think between clicks, stepped up until clicks get slow.

    python benchmarks/load_sessions.py                                  # 1 process, 10..200 people
    python benchmarks/load_sessions.py --processes 2                    # 2 processes behind nginx
    python benchmarks/load_sessions.py --people 5,10 --hold 30          # a quick, small run
    python benchmarks/load_sessions.py --url http://127.0.0.1:8700      # an app already running

Each simulated person opens the app (a new Streamlit session, over the same websocket protocol a
browser speaks: protobuf BackMsg / ForwardMsg), answers the questionnaire step by step, presses
"See my matches", adds a group to the shortlist, then leaves; a new person takes their place. Before
every click they think for a time drawn uniformly from 3 to 10 s (--think). A click's latency is the
time from sending it to the end of the script run it caused (what the person waits for).

The number of people present steps up (--people); people arrive spread over one think time, and each
level is held for --hold seconds after everyone has arrived. For each level it prints clicks, errors
and the p50 / p95 click latency, and at the end the most people served with p95 <= 1 s and no errors.
With --processes 2 (or more) the app runs behind nginx via deploy/run.py, and each simulated person
carries their own route cookie, as a browser does. The load generator runs on the same machine and
uses CPU too. Bounded: every wait has a timeout and the run stops by itself. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.server import start_app, stop, wait_healthy  # noqa: E402

TIMEOUT_S = 60.0
TARGET_P95_MS = 1000.0


@dataclass
class Page:
    """What one script run drew: widgets by label, headings, exceptions."""

    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (kind, id)
    options: dict[str, list[str]] = field(default_factory=dict)  # widget id -> options
    headings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def find(self, *words: str) -> str:
        """The label of the widget whose label contains all these words (case-insensitive)."""
        for label in self.widgets:
            if all(w.lower() in label.lower() for w in words):
                return label
        raise KeyError(f"no widget with {words} (have {list(self.widgets)[:8]})")


class Session:
    def __init__(self, ws: websockets.ClientConnection) -> None:
        self.ws = ws
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}

    async def run(self, page_name: str = "", trigger: str | None = None) -> tuple[Page, float]:
        """One script run (what a click causes); returns the page drawn and the milliseconds it took."""
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
        return page, (time.perf_counter() - start) * 1000

    def set(self, page: Page, label: str, value: str | list[str]) -> None:
        _kind, wid = page.widgets[label]
        state = WidgetState(id=wid)
        if isinstance(value, list):
            state.string_array_value.data[:] = value
        else:
            state.string_value = value
        self.states[wid] = state


@dataclass
class Stats:
    clicks: list[tuple[float, float, str]] = field(default_factory=list)  # (when sent, ms, what)
    errors: list[tuple[float, str]] = field(default_factory=list)
    flows: int = 0


async def click(
    s: Session, stats: Stats, rng: random.Random, think: tuple[float, float], page: Page, label: str | None
) -> Page:
    """Think, then press the button with this label (None: a rerun, as pressing Enter in a field does)."""
    await asyncio.sleep(rng.uniform(*think))
    sent = time.monotonic()
    new, ms = await s.run(trigger=page.widgets[label][1] if label else None)
    stats.clicks.append((sent, ms, label or "Enter"))
    if new.exceptions:
        raise RuntimeError("exception on the page: " + new.exceptions[0][:100])
    return new


async def one_flow(
    url: str,
    stats: Stats,
    rng: random.Random,
    think: tuple[float, float],
    then: Callable[[Session, Page], Awaitable[None]] | None = None,
) -> None:
    """One person, from opening the app to a group on their shortlist (a new session, own route cookie);
    ``then`` runs on the matches page before they leave (benchmarks time reruns there)."""
    cookie = {"Cookie": f"sgf_route={secrets.token_hex(16)}"}
    async with websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=TIMEOUT_S,
        additional_headers=cookie,
    ) as ws:
        s = Session(ws)
        sent = time.monotonic()
        page, ms = await s.run(page_name="questionnaire")
        stats.clicks.append((sent, ms, "open the app"))
        s.set(page, page.find("danger"), "No")
        page = await click(s, stats, rng, think, page, "Next")
        s.set(page, page.find("brings you"), ["depression", "anxiety"])
        page = await click(s, stats, rng, think, page, "Next")
        page = await click(s, stats, rng, think, page, "Skip")
        s.set(page, page.find("take part"), ["In person", "Online"])
        page = await click(s, stats, rng, think, page, "Next")
        s.set(page, page.find("ZIP"), "Chicago, IL")
        page = await click(s, stats, rng, think, page, None)
        for _ in range(3):
            page = await click(s, stats, rng, think, page, "Next")
        page = await click(s, stats, rng, think, page, "See my matches")
        if not any("Groups for you" in h for h in page.headings):
            raise RuntimeError(f"no matches page (headings {page.headings[:3]})")
        if then is not None:
            await then(s, page)
        await click(s, stats, rng, think, page, page.find("Add to shortlist"))
        stats.flows += 1


async def person(url: str, stats: Stats, think: tuple[float, float], stop_at: float, first_wait: float) -> None:
    """One seat in the room: a person at a time goes through the whole flow, then the next one arrives."""
    rng = random.Random()
    await asyncio.sleep(first_wait)
    while time.monotonic() < stop_at:
        try:
            await one_flow(url, stats, rng, think)
        except (TimeoutError, OSError, websockets.WebSocketException, KeyError, RuntimeError) as exc:
            if time.monotonic() < stop_at:
                stats.errors.append((time.monotonic(), f"{type(exc).__name__}: {str(exc)[:120]}"))
                await asyncio.sleep(1)


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def step_up(
    url: str, levels: list[int], think: tuple[float, float], hold: float, warm_urls: list[str]
) -> list[dict[str, float]]:
    """Add people level by level (those already there stay), measuring each level once all have arrived."""
    for warm_url in warm_urls:  # each process loads the directory once, as its first visitor would
        warm = Stats()
        await one_flow(warm_url, warm, random.Random(), (0.0, 0.0))
        print(
            f"warm-up flow on {warm_url} (first visitor, includes loading the directory): "
            f"{sum(ms for _, ms, _ in warm.clicks):.0f} ms"
        )
    stats = Stats()
    tasks: list[asyncio.Task[None]] = []
    rows = []
    end_of_run = time.monotonic() + len(levels) * (think[1] + hold) + 60
    try:
        for people in levels:
            ramp = think[1]
            start = time.monotonic()
            added = people - len(tasks)
            tasks += [
                asyncio.create_task(person(url, stats, think, end_of_run, ramp * i / max(added, 1)))
                for i in range(added)
            ]
            flows_before = stats.flows
            await asyncio.sleep(ramp + hold)
            measured_from, measured_to = start + ramp, time.monotonic()
            window = [(ms, what) for sent, ms, what in stats.clicks if measured_from <= sent <= measured_to]
            latencies = [ms for ms, _ in window]
            errors = [e for when, e in stats.errors if measured_from <= when <= measured_to]
            row = {
                "people": people,
                "clicks": len(window),
                "errors": len(errors),
                "p50": pct(latencies, 50),
                "p95": pct(latencies, 95),
                "flows": stats.flows - flows_before,
            }
            rows.append(row)
            print(
                f"{people:4d} people: {len(window):5d} clicks, {len(errors):3d} errors, "
                f"p50 {row['p50']:7.0f} ms, p95 {row['p95']:7.0f} ms  ({row['flows']:.0f} whole flows finished)",
                flush=True,
            )
            by_kind: dict[str, list[float]] = {}
            for ms, what in window:
                by_kind.setdefault(what, []).append(ms)
            slowest = sorted(((statistics.median(v), k) for k, v in by_kind.items()), reverse=True)[:3]
            print("      slowest clicks (median): " + ", ".join(f"{k} {m:.0f} ms" for m, k in slowest))
            for e in sorted(set(errors))[:3]:
                print("      error:", e)
            if row["p95"] > 4 * TARGET_P95_MS or len(errors) > len(window) / 10:
                print("      (stopping the step-up: far past the target)")
                break
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=1, help="Streamlit processes (2+: behind nginx)")
    parser.add_argument("--people", default="10,25,50,75,100,150,200", help="levels, comma-separated")
    parser.add_argument("--think", default="3,10", help="think time range in seconds (default 3,10)")
    parser.add_argument("--hold", type=float, default=60.0, help="seconds each level is measured (default 60)")
    parser.add_argument("--url", help="an app already running (nothing is started)")
    parser.add_argument("--port", type=int, default=8700, help="nginx port for --processes 2+ (8700)")
    parser.add_argument("--app-port", type=int, default=8630, help="first Streamlit port (8630)")
    args = parser.parse_args()
    levels = [int(x) for x in args.people.split(",")]
    low, high = (float(x) for x in args.think.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="sgf-load-"))
    proc: subprocess.Popen[bytes] | None = None
    if args.url:
        url = args.url
    elif args.processes == 1:
        server = start_app(tmp, port=args.app_port, log_level="warning")
        proc, url = server.proc, server.url
    else:
        log = tmp / "deploy.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "deploy" / "run.py"),
                    "--processes",
                    str(args.processes),
                    "--port",
                    str(args.port),
                    "--app-port",
                    str(args.app_port),
                ],
                cwd=ROOT,
                stdout=fh,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{args.port}"
        wait_healthy(url, proc, log, timeout_s=120)
    print(f"{args.processes} process(es) at {url}; think {low:g}-{high:g} s; hold {args.hold:g} s per level")
    try:
        warm_urls = (
            [url]
            if args.url or args.processes == 1
            else [f"http://127.0.0.1:{args.app_port + i}" for i in range(args.processes)]
        )
        rows = asyncio.run(
            asyncio.wait_for(
                step_up(url, levels, (low, high), args.hold, warm_urls), len(levels) * (high + args.hold + 120)
            )
        )
    finally:
        if proc is not None:
            stop(proc)
    best = 0  # conservative: the last level before the first one that missed the target
    for r in rows:
        if not (r["p95"] <= TARGET_P95_MS and r["errors"] == 0 and r["clicks"]):
            break
        best = int(r["people"])
    print(
        f"served with p95 <= {TARGET_P95_MS:.0f} ms and no errors: {best} concurrent people "
        f"({args.processes} process(es))"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
