"""What every real-browser test shares: Debian chromium (or a clear skip / CI failure), the viewports,
the ``browser`` fixture and the small steps a person takes (open a page, click, wait for Streamlit).

Importing this module from a test module skips that module on a developer machine without chromium
or playwright, and fails it when ``CI=true``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.server import Server

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None or not Path(CHROMIUM).exists():
    if in_ci():
        raise RuntimeError("CI=true but Debian chromium is missing: .ci/run must apt-get install chromium")
    pytest.skip(
        "chromium is not installed (apt-get install -y chromium); browser tests skipped", allow_module_level=True
    )
try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:
    if in_ci():
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
CHROME_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(app_server: Server) -> Server:
    """The test process's shared default server (``app_server`` in conftest): import it as ``server``."""
    return app_server


#: Installed in every page of a context from ``new_context``: counts the script runs Streamlit starts (it marks
#: each on the app's root element), so ``settle`` waits for the run a step caused instead of a fixed pause.
RUN_COUNTER = """
(() => {
  const runs = window.__sgfRuns = {started: 0, seen: 0};
  new MutationObserver(records => {
    for (const r of records) {
      if (r.target.getAttribute('data-test-script-state') === 'running' && r.oldValue !== 'running') runs.started += 1;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();
"""
#: Wait for the run a step caused (or ``pause`` ms with none starting: the step needed no rerun), then until no
#: run is going and none starts for ``quiet`` ms (a page switch or st.rerun runs again at once).
WAIT_FOR_RUNS = """
async ([pause, quiet, limit]) => {
  const runs = window.__sgfRuns;
  if (!runs) return false;
  const deadline = performance.now() + limit;
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const idle = () => document.querySelector("[data-testid='stApp']")?.getAttribute('data-test-script-state')
    === 'notRunning';
  let until = performance.now() + pause;
  while (runs.started === runs.seen && performance.now() < until) await sleep(10);
  for (;;) {
    while (!idle()) {
      if (performance.now() > deadline) throw new Error('the script is still running after ' + limit + ' ms');
      await sleep(10);
    }
    const started = runs.started;
    until = performance.now() + quiet;
    while (runs.started === started && performance.now() < until) await sleep(10);
    if (runs.started === started && idle()) break;
  }
  runs.seen = runs.started;
  return true;
}
"""
QUIET_MS = 120


def new_context(browser: Browser, viewport: dict[str, int], tmp: Path | None = None) -> BrowserContext:
    context = browser.new_context(
        viewport=viewport, timezone_id="America/Chicago", accept_downloads=True, locale="en-US"
    )
    context.add_init_script(RUN_COUNTER)
    return context


Tab = Callable[[dict[str, int]], Page]


@pytest.fixture(scope="module")
def shared_contexts(browser: Browser) -> Iterator[dict[tuple[int, int], BrowserContext]]:
    """One browser context per viewport for a module's tests (see ``tab``), closed after the module."""
    made: dict[tuple[int, int], BrowserContext] = {}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def tab(browser: Browser, shared_contexts: dict[tuple[int, int], BrowserContext]) -> Iterator[Tab]:
    """``tab(viewport)``: a new tab, closed after the test. A new tab is a new Streamlit session (nothing of
    another test's answers); the tabs of a module share one context per viewport, so Streamlit's scripts are
    fetched once, not per test. A test about cookies, storage or another browser makes its own context."""
    opened: list[Page] = []

    def open_tab(viewport: dict[str, int]) -> Page:
        key = (viewport["width"], viewport["height"])
        if key not in shared_contexts:
            shared_contexts[key] = new_context(browser, viewport)
        page = shared_contexts[key].new_page()
        opened.append(page)
        return page

    yield open_tab
    for page in opened:
        page.close()


def settle(page: Page, pause_ms: int = 250) -> None:
    """Wait until Streamlit is connected and the script run the last step caused has finished.

    In a page of a ``new_context`` context this follows the runs themselves (``RUN_COUNTER``); ``pause_ms`` is
    then only how long a step may take to start its run. Elsewhere it falls back to fixed pauses."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
    if page.evaluate(WAIT_FOR_RUNS, [pause_ms, QUIET_MS, 30000]):
        return
    page.wait_for_timeout(pause_ms)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30000)
    page.wait_for_timeout(150)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settle(page, 800)


def click(page: Page, role: str, name: str, exact: bool = True) -> None:
    page.get_by_role(role, name=name, exact=exact).first.click()  # type: ignore[arg-type]
    settle(page)


def pill(page: Page, name: str) -> None:
    page.locator("button[data-variant^='pills']").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
    settle(page)


def radio(page: Page, name: str) -> None:
    page.locator("[data-testid='stRadio'] label").filter(has_text=re.compile(f"^{re.escape(name)}$")).click()
    settle(page)


def crisis_visible(page: Page) -> bool:
    banner = page.locator("[data-testid='stMain'] .st-key-crisis_banner")
    if not banner.is_visible():
        return False
    box = banner.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    return bool(box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1 and "988" in banner.inner_text())
