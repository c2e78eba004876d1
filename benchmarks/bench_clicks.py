"""Click-to-ready in a real browser (Playwright + Debian chromium at 375×812, a phone) on the bundled directory.

    python benchmarks/bench_clicks.py              # 5 people through the questionnaire
    python benchmarks/bench_clicks.py --runs 10 --fresh 3

Starts the app (tests/server.py), then for each run opens a fresh browser context at phone size, answers
the questionnaire and taps "Next" on each step (the place is typed without Enter, as on a phone, then
Next), "See my matches", then "Add to shortlist" on the first three cards. A tap's time runs from the
tap (dispatched inside the page) to the moment the app's script state returns to "not running" with
the new step or page drawn, measured in the page with ``performance.now()``: what a person waits for.
"First page on a fresh server" is timed from ``page.goto`` on a just-started server (health check
answered) until the guide's title and the crisis line are drawn; "…, warmed" first asks the script health
check once, as deploy/run.py does for each process before anyone arrives (imports, directory, place index).

For each tap it prints the median and p90, and what it cost: the websocket messages and bytes the
server sent for it, and how many elements the page holds afterwards (where the time goes). Under the
table, a yardstick: Next on ``yardstick_page.py`` (a title, a line and a button), tapped 20 times in the same
browser, so figures from machines of different speed can be compared (a tap's floor here). Targets
(issue 23): Next <= 300 ms on every step, See my matches <= 600 ms, Add to shortlist <= 300 ms, first
page on a fresh server <= 1.5 s (medians). Asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from playwright.sync_api import Page, WebSocket, sync_playwright  # noqa: E402

from tests.browser_support import CHROME_ARGS, CHROMIUM, PHONE, new_context, open_page, radio, settle  # noqa: E402
from tests.server import running_app  # noqa: E402

WATCH = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__sgfDone = [];
  new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "notRunning") window.__sgfDone.push(performance.now());
  }).observe(app, {attributes: true, attributeFilter: ["data-test-script-state"]});
}"""
CLICK = """(button) => { window.__sgfDone = []; window.__sgfT0 = performance.now(); button.click(); }"""
# When a run is so quick that the state attribute never visibly changes, the moment Playwright saw the page
# ready stands in (an upper bound by its polling delay).
ELAPSED = """() => (window.__sgfDone.length ? Math.max(...window.__sgfDone) : window.__sgfReady) - window.__sgfT0"""
ELEMENTS = """() => document.querySelectorAll("[data-testid='stMain'] [data-testid='stElementContainer']").length"""

TAPS = [
    "Next: step 1 Safety",
    "Next: step 2 What brings you",
    "Next: step 3 About you (Skip)",
    "Next: step 4 How to take part",
    "Next: step 5 Where (typed, no Enter)",
    "Next: step 6 When",
    "Next: step 7 Practical needs",
    "See my matches",
    "Add to shortlist",
    "First page on a fresh server",
    "First page on a fresh server, warmed",
]
TARGETS = {
    "See my matches": 600,
    "Add to shortlist": 300,
    "First page on a fresh server": 1500,
    "First page on a fresh server, warmed": 1500,
}


class Wire:
    """Counts what the server sends over the page's websocket (Streamlit's forward messages)."""

    def __init__(self, page: Page) -> None:
        self.messages = 0
        self.bytes = 0
        page.on("websocket", self._attach)

    def _attach(self, ws: WebSocket) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        self.messages += 1
        self.bytes += len(payload)

    def mark(self) -> tuple[int, int]:
        return self.messages, self.bytes


class Figures:
    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = defaultdict(list)
        self.msgs: dict[str, list[int]] = defaultdict(list)
        self.kb: dict[str, list[float]] = defaultdict(list)
        self.elements: dict[str, list[int]] = defaultdict(list)

    def add(self, name: str, ms: float, wire: tuple[int, int] | None = None, elements: int | None = None) -> None:
        self.ms[name].append(ms)
        if wire is not None:
            self.msgs[name].append(wire[0])
            self.kb[name].append(wire[1] / 1024)
        if elements is not None:
            self.elements[name].append(elements)


def timed_click(page: Page, wire: Wire, name: str, ready: str, figures: Figures | None, tap: str, nth: int = 0) -> None:
    """Tap the button, wait until `ready` is shown and the script has stopped; milliseconds in the page."""
    button = page.get_by_role("button", name=name, exact=True).nth(nth).element_handle()
    m0, b0 = wire.mark()
    page.evaluate(CLICK, button)
    page.wait_for_selector(ready, timeout=60000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60000)
    page.evaluate("() => { window.__sgfReady = performance.now(); }")
    page.wait_for_timeout(300)  # a second run (st.rerun / st.switch_page) would end after this
    ms = float(page.evaluate(ELAPSED))
    m1, b1 = wire.mark()
    if figures is not None:
        figures.add(tap, ms, (m1 - m0, b1 - b0), int(page.evaluate(ELEMENTS)))
    settle(page)


def pill(page: Page, name: str) -> None:
    """Tap a pill by its label, whatever its capitals (the labels come from the catalog)."""
    page.locator("button[data-variant^='pills']").filter(has_text=re.compile(f"^{re.escape(name)}$", re.I)).click()
    settle(page)


def one_person(page: Page, url: str, figures: Figures | None) -> None:
    wire = Wire(page)
    open_page(page, url + "/questionnaire")
    page.locator("text=Step 1 of").wait_for(timeout=60000)
    page.evaluate(WATCH)

    def next_to(step: int) -> None:
        timed_click(page, wire, "Next", f"text=Step {step} of", figures, TAPS[step - 2])

    radio(page, "No")
    next_to(2)
    pill(page, "depression")
    pill(page, "anxiety")
    next_to(3)
    timed_click(page, wire, "Skip", "text=Step 4 of", figures, TAPS[2])
    pill(page, "In person")
    pill(page, "Online")
    next_to(5)
    page.get_by_label("Your ZIP code or city (for groups that meet in person)").fill("Chicago, IL")
    next_to(6)
    next_to(7)
    next_to(8)
    timed_click(page, wire, "See my matches", "h1:has-text('Groups for you')", figures, "See my matches")
    for i in range(3):  # each tap turns one more "Add" into "Remove": the first "Add" left is the next card's
        timed_click(
            page,
            wire,
            "Add to shortlist",
            f"button:has-text('Remove from shortlist') >> nth={i}",
            figures,
            "Add to shortlist",
        )


def fresh_server_first_page(browser: object, port: int, figures: Figures, *, warmed: bool = False) -> None:
    """Start a new server process and time the first person's first page (the guide) until it is drawn.

    ``warmed``: first ask the script health check once, as deploy/run.py does before anyone arrives."""
    with running_app(Path(tempfile.mkdtemp(prefix="sgf-fresh-")), port=port, log_level="warning") as server:
        if warmed:
            with urllib.request.urlopen(server.url + "/_stcore/script-health-check", timeout=60) as r:
                r.read()
        context = new_context(browser, PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        wire = Wire(page)
        t0 = time.perf_counter()
        page.goto(server.url)
        page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=60000)
        page.locator("[data-testid='stMain'] .st-key-crisis_banner").wait_for(timeout=60000)
        ms = (time.perf_counter() - t0) * 1000
        figures.add(TAPS[-1] if warmed else TAPS[-2], ms, wire.mark(), int(page.evaluate(ELEMENTS)))
        context.close()


def yardstick(browser: object, port: int, taps: int = 20) -> list[float]:
    """Next on the smallest page a tap can redraw, under the app's own configuration, ``taps`` times (ms)."""
    page_script = Path(__file__).resolve().parent / "yardstick_page.py"
    tmp = Path(tempfile.mkdtemp(prefix="sgf-yardstick-"))
    with running_app(tmp, port=port, log_level="warning", script=page_script) as server:
        context = new_context(browser, PHONE)  # type: ignore[arg-type]
        page = context.new_page()
        wire = Wire(page)
        page.goto(server.url)
        page.locator("text=Step 1 of").wait_for(timeout=60000)
        page.evaluate(WATCH)
        figures = Figures()
        for step in range(2, taps + 3):
            timed_click(page, wire, "Next", f"text=Step {step} of", figures, "Next")
        context.close()
    return figures.ms["Next"][2:]  # the first two taps warm the browser's caches


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def report(figures: Figures, floor: list[float]) -> None:
    print(f"{'tap':40} {'median':>8} {'p90':>8} {'n':>3} {'target':>8}  {'msgs':>5} {'KiB':>7} {'elements':>8}")
    nexts: list[float] = []
    for tap in TAPS:
        values = figures.ms.get(tap)
        if not values:
            continue
        if tap.startswith("Next"):
            nexts += values
        target = TARGETS.get(tap, 300)
        med = statistics.median(values)
        ok = "ok" if med <= target else "MISS"
        msgs = statistics.median(figures.msgs[tap]) if figures.msgs[tap] else float("nan")
        kb = statistics.median(figures.kb[tap]) if figures.kb[tap] else float("nan")
        els = statistics.median(figures.elements[tap]) if figures.elements[tap] else float("nan")
        print(
            f"{tap:40} {med:8.0f} {p90(values):8.0f} {len(values):3d} {'<= ' + str(target):>8} {ok:4} "
            f"{msgs:5.0f} {kb:7.1f} {els:8.0f}"
        )
    if nexts:
        print(f"{'Next, every step together':40} {statistics.median(nexts):8.0f} {p90(nexts):8.0f} {len(nexts):3d}")
    print(
        "(ms in chromium at 375x812; msgs/KiB: websocket messages and data the server sent for the tap; "
        "elements: element containers on the page after it)"
    )
    if floor:
        print(
            f"yardstick: Next on a one-button page (benchmarks/yardstick_page.py), same browser and server: "
            f"{statistics.median(floor):.0f} ms median (p90 {p90(floor):.0f}, n {len(floor)})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="people through the questionnaire (default 5)")
    parser.add_argument("--fresh", type=int, default=3, help="fresh servers for the first page (default 3)")
    parser.add_argument("--port", type=int, default=8650, help="Streamlit port (default 8650)")
    parser.add_argument("--no-yardstick", action="store_true", help="skip the one-button page's taps")
    args = parser.parse_args()
    figures = Figures()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        for i in range(args.fresh):
            fresh_server_first_page(browser, args.port + 1 + 2 * i, figures)
            fresh_server_first_page(browser, args.port + 2 + 2 * i, figures, warmed=True)
        with running_app(Path(tempfile.mkdtemp(prefix="sgf-clicks-")), port=args.port, log_level="warning") as server:
            warm = new_context(browser, PHONE)
            one_person(warm.new_page(), server.url, None)  # first visitor: loads the directory and the gazetteer
            warm.close()
            for _ in range(args.runs):
                context = new_context(browser, PHONE)
                one_person(context.new_page(), server.url, figures)
                context.close()
        floor = [] if args.no_yardstick else yardstick(browser, args.port + 99)
        browser.close()
    report(figures, floor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
