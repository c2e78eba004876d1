"""Real-browser journeys: Playwright drives Debian's chromium against the real Streamlit server.

Skips with a reason on a developer machine without chromium; fails when CI=true.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, in_ci, row, write_rows

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None or not Path(CHROMIUM).exists():
    if in_ci():
        raise RuntimeError("CI=true but Debian chromium is missing: .ci/run must apt-get install chromium")
    pytest.skip("chromium is not installed (apt-get install -y chromium); browser tests skipped",
                allow_module_level=True)
try:
    from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
except ImportError:
    if in_ci():
        raise
    pytest.skip("playwright is not installed (pip install -e '.[test]')", allow_module_level=True)

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
CHROME_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--use-gl=swiftshader", "--enable-unsafe-swiftshader"]
SENTINEL_TEXT = "Qzsentinel Xylophone Harbor"
SENTINEL_ZIP = "04609"  # Bar Harbor, ME: not in the bundled sample set


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    home: Path
    log: Path
    lines: list[str] = field(default_factory=list)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(tmp: Path, env_extra: dict[str, str]) -> Server:
    port = free_port()
    home = tmp / "home"
    home.mkdir(parents=True, exist_ok=True)
    log = tmp / "server.log"
    env = {**os.environ, "HOME": str(home), "SGF_BASEMAP": "off", **env_extra}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--logger.level", "debug",
           "--browser.gatherUsageStats", "false"]
    fh = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return Server(url, proc, home, log)
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not become healthy:\n" + log.read_text(errors="replace"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start_server(tmp_path_factory.mktemp("srv"), {})
    yield s
    s.proc.terminate()
    s.proc.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield b
        b.close()


def new_context(browser: Browser, viewport: dict[str, int], tmp: Path | None = None) -> BrowserContext:
    return browser.new_context(viewport=viewport, timezone_id="America/Chicago", accept_downloads=True,
                               locale="en-US")


def settle(page: Page, pause_ms: int = 250) -> None:
    """Wait until Streamlit is connected and the script has finished running."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=30000)
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


def questionnaire(page: Page, url: str, *, location: str = "Chicago, IL", danger: str = "No",
                  check_each_step: list[bool] | None = None) -> None:
    """Type and click through the eight steps as a person would."""
    open_page(page, url + "/questionnaire")

    def step_done() -> None:
        if check_each_step is not None:
            check_each_step.append(crisis_visible(page))

    step_done()
    radio(page, danger)
    click(page, "button", "Next")
    step_done()
    pill(page, "depression")
    pill(page, "anxiety")
    click(page, "button", "Next")
    step_done()
    click(page, "button", "Skip")  # who with
    step_done()
    pill(page, "In person")
    pill(page, "Online")
    radio(page, "People who've been there (peers)")
    click(page, "button", "Next")
    step_done()
    box = page.get_by_label("Your ZIP code or city (for groups that meet in person)")
    box.fill(location)
    box.press("Enter")
    settle(page)
    click(page, "button", "Next")
    step_done()
    pill(page, "Evenings (17–21)")
    click(page, "button", "Next")
    step_done()
    click(page, "button", "Next")
    step_done()
    click(page, "button", "See my matches")
    page.wait_for_selector("h1:has-text('Groups for you')", timeout=30000)
    settle(page)


def card_names(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("[data-testid='stMain'] h3").all_inner_texts()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_person_goes_from_questionnaire_to_downloaded_shortlist(server: Server, browser: Browser,
                                                                  viewport: dict[str, int], tmp_path: Path) -> None:
    """Questionnaire → ranked matches with reasons → map canvas → two shortlisted → safe CSV and valid .ics."""
    from icalendar import Calendar

    from matcher import Answers, geocode_offline, load_directory, rank_listings

    context = new_context(browser, viewport)
    page = context.new_page()
    steps: list[bool] = []
    questionnaire(page, server.url, check_each_step=steps)
    assert all(steps) and len(steps) == 8, steps
    assert crisis_visible(page)
    names = card_names(page)
    answers = Answers(focus=["depression", "anxiety"], formats=["in_person", "online"], facilitation="peer",
                      location="Chicago, IL", times=["evening"], timezone="America/Chicago")
    d = load_directory(ROOT / "data" / "groups.csv").directory
    expected = [m.listing.name for m in rank_listings(d, answers, geocode_offline("Chicago, IL"), limit=5).matches]
    assert names[:5] == expected
    assert page.get_by_text("Why it matched").first.is_visible()
    assert page.get_by_text("Sample listing — not a real group").first.is_visible()

    for _ in range(2):
        page.get_by_role("button", name="Add to shortlist").first.click()
        settle(page)
    assert page.get_by_role("button", name="Remove from shortlist").count() == 2

    page.get_by_role("link", name="See in-person groups on a map").click()
    page.wait_for_selector("h1:has-text('In-person groups near you')", timeout=30000)
    settle(page, 1500)
    assert crisis_visible(page)
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
    listed = page.locator("[data-testid='stMain'] ol > li").count()
    in_person = Answers(**{**answers.model_dump(), "formats": ["in_person"]})
    assert listed == len(rank_listings(d, in_person, geocode_offline("Chicago, IL"), limit=200).matches)

    page.get_by_role("link", name="Your shortlist").last.click()
    page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
    settle(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download as spreadsheet (CSV)").click()
    csv_path = tmp_path / "list.csv"
    dl.value.save_as(csv_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    assert {r["Name"] for r in rows} <= set(names)
    for r in rows:
        for cell in r.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    with page.expect_download() as dl:
        page.get_by_role("button", name="Add to my calendar (.ics)").click()
    ics_path = tmp_path / "list.ics"
    dl.value.save_as(ics_path)
    events = list(Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT"))
    assert events and all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in events)
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["", "/questionnaire", "/matches", "/map", "/shortlist", "/privacy"])
def test_the_crisis_line_is_visible_on_every_page(server: Server, browser: Browser, viewport: dict[str, int],
                                                  path: str) -> None:
    """911, 988 and 741741 are in the main area, inside the window, on every page at both widths."""
    context = new_context(browser, viewport)
    page = context.new_page()
    open_page(page, server.url + path)
    assert crisis_visible(page)
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert page.locator("a[href^='sms:741741']").first.is_visible()
    context.close()


def test_saying_yes_shows_crisis_help_first(server: Server, browser: Browser) -> None:
    """The safety check's "Yes" puts the crisis lines on screen before anything else is asked."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    radio(page, "Yes")
    alert = page.locator("[data-testid='stAlertContentError']")
    assert alert.is_visible()
    assert "988" in alert.inner_text() and "741741" in alert.inner_text()
    click(page, "button", "Next")
    assert page.get_by_text("Step 2 of 8").is_visible()
    context.close()


# axe rules Streamlit 1.67 itself trips, never our content. Keep this list short and explained.
AXE_ALLOWED: set[str] = {
    # (none needed on Streamlit 1.67 with this app; add an id here with the reason if a release needs one)
}


def axe_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [f"{v['id']}: {v['help']}: " + " | ".join(n["html"][:160] for n in v["nodes"])
            for v in result.response["violations"] if v["id"] not in AXE_ALLOWED]


def test_every_page_and_step_has_no_accessibility_violations(server: Server, browser: Browser) -> None:
    """axe-core finds nothing on the guide, each questionnaire step, matches, map, shortlist and privacy."""
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for path in ["", "/privacy"]:
        open_page(page, server.url + path)
        found[path or "/"] = axe_violations(page)
    open_page(page, server.url + "/questionnaire")
    for step in range(1, 9):
        found[f"step {step}"] = axe_violations(page)
        if step < 8:
            click(page, "button", "Next")
    click(page, "button", "See my matches")
    settle(page, 800)
    found["/matches"] = axe_violations(page)
    page.get_by_role("button", name="Add to shortlist").first.click()
    settle(page)
    page.get_by_role("link", name="Your shortlist").last.click()
    settle(page)
    found["/shortlist"] = axe_violations(page)
    page.get_by_role("link", name="Map", exact=True).first.click()  # the top navigation
    settle(page, 1500)
    found["/map"] = axe_violations(page)
    context.close()
    bad = {k: v for k, v in found.items() if v}
    assert bad == {}, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_answers_leave_no_trace_and_nothing_is_requested_elsewhere(browser: Browser, tmp_path: Path) -> None:
    """A sentinel place typed in the journey is in no log, file, URL, cookie or storage; no third-party request."""
    srv = start_server(tmp_path / "srv", {})
    started = time.time()
    context = new_context(browser, DESKTOP)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, srv.url + "/questionnaire")
    click(page, "button", "Next")
    click(page, "button", "Next")
    click(page, "button", "Next")
    click(page, "button", "Next")
    box = page.get_by_label("Your ZIP code or city (for groups that meet in person)")
    box.fill(SENTINEL_TEXT)
    box.press("Enter")
    settle(page)
    assert page.get_by_text("We could not find").first.is_visible()
    box.fill(SENTINEL_ZIP)
    box.press("Enter")
    settle(page)
    for _ in range(3):
        click(page, "button", "Next")
    click(page, "button", "See my matches")
    settle(page, 800)
    page.get_by_role("link", name="See in-person groups on a map").click()
    settle(page, 1500)
    urls = [page.url] + requests
    cookies = context.cookies()
    storage = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    context.close()
    srv.proc.terminate()
    srv.proc.wait(10)
    sentinels = (SENTINEL_TEXT, SENTINEL_ZIP)
    for s in sentinels:
        assert s not in srv.output(), f"{s!r} reached the server log"
        assert not any(s in u for u in urls)
        assert s not in storage
    assert {c["name"] for c in cookies} <= {"_streamlit_xsrf"}
    written = [p for base in (ROOT, srv.home, tmp_path) for p in base.rglob("*")
               if p.is_file() and p.stat().st_mtime >= started - 1 and ".git" not in p.parts
               and "__pycache__" not in p.parts and p.suffix not in {".pyc"}]
    for p in written:
        data = p.read_bytes()
        for s in sentinels:
            assert s.encode() not in data, f"{s!r} written to {p}"
    foreign = [u for u in requests if not u.startswith((srv.url, "data:", "blob:"))]
    assert foreign == [], "\n".join(foreign)


HOSTILE = ("<script>window.__pwned=1</script> ![tracker](https://evil.example/t.png) "
           "[click me](javascript:alert(1)) =HYPERLINK(\"https://evil.example\") مجموعة دعم 🌱 " + "x" * 3000)


def test_a_hostile_directory_stays_inert(browser: Browser, tmp_path: Path) -> None:
    """HTML, scripts, remote images and javascript: links in listings render as plain text; bad rows are quiet."""
    rows = [row(id="h1", name="=cmd|' /C calc'!A0 <b>bold</b>", description=HOSTILE, organization="@evil"),
            row(id="bad", focus="??", formats="fax")]
    path = write_rows(tmp_path / "hostile.csv", rows)
    srv = start_server(tmp_path / "srv", {"SGF_DIRECTORY": str(path)})
    context = new_context(browser, PHONE)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, srv.url + "/questionnaire")
    for _ in range(7):
        click(page, "button", "Next")
    click(page, "button", "See my matches")
    settle(page, 800)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("[data-testid='stMain'] img[src*='evil']").count() == 0
    assert page.locator("[data-testid='stMain'] a[href^='javascript']").count() == 0
    assert page.get_by_text("<b>bold</b>", exact=False).first.is_visible()
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    scroll_width = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
    assert scroll_width <= PHONE["width"] + 2
    page.get_by_role("button", name="Add to shortlist").first.click()
    settle(page)
    context.close()
    srv.proc.terminate()
    srv.proc.wait(10)
    assert not [u for u in requests if "evil" in u]
    assert "1 problem(s)" in srv.output() or "problem(s)" in srv.output()
