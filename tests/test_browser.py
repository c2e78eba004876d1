"""Real-browser journeys: Playwright drives Debian's chromium against the real Streamlit server.

Skips with a reason on a developer machine without chromium; fails when CI=true.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

from tests.browser_support import (  # noqa: F401  (`browser`, `server`, `shared_contexts`, `tab`: shared fixtures)
    DESKTOP,
    PHONE,
    Browser,
    Page,
    Tab,
    browser,
    click,
    crisis_visible,
    new_context,
    open_page,
    pill,
    radio,
    server,
    settle,
    shared_contexts,
    tab,
)
from tests.conftest import ROOT, row, write_rows
from tests.server import Server, running_app

pytestmark = pytest.mark.browser
SENTINEL_TEXT = "Qzsentinel Xylophone Harbor"
SENTINEL_ZIP = "04609"  # Bar Harbor, ME: not in the bundled sample set
MAP_CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"


def questionnaire(
    page: Page,
    url: str,
    *,
    location: str = "Chicago, IL",
    danger: str = "No",
    check_each_step: list[bool] | None = None,
) -> None:
    """Type and click through the eight steps as a person would."""
    open_page(page, url + "/questionnaire")
    # The first visit to a new server process also loads the directory: wait for the page, as a person would.
    page.locator("[data-testid='stMain'] .st-key-crisis_banner").wait_for(timeout=60000)
    settle(page)

    def step_done() -> None:
        if check_each_step is not None:
            check_each_step.append(crisis_visible(page))

    step_done()
    radio(page, danger)
    click(page, "button", "Next")
    step_done()
    pill(page, "Depression")
    pill(page, "Anxiety")
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
    pill(page, "Evenings (5 pm–9 pm)")
    click(page, "button", "Next")
    step_done()
    click(page, "button", "Next")
    step_done()
    click(page, "button", "See my matches")
    page.wait_for_selector("h1:has-text('Groups for you')", timeout=30000)
    settle(page)


#: What questionnaire() answers, as matcher reads it (to compare the page with matcher's own ranking).
JOURNEY = {
    "focus": ["depression", "anxiety"],
    "formats": ["in_person", "online"],
    "facilitation": "peer",
    "location": "Chicago, IL",
    "times": ["evening"],
    "timezone": "America/Chicago",
}


def shortlist_first(page: Page, how_many: int) -> None:
    """Tap "Add to shortlist" on the first cards, waiting after each tap until its button says "Remove"."""
    from playwright.sync_api import expect

    for added in range(1, how_many + 1):  # the list reruns alone (a fragment): wait for it, not the page
        page.get_by_role("button", name="Add to shortlist").first.click()
        expect(page.get_by_role("button", name="Remove from shortlist")).to_have_count(added, timeout=30000)
        settle(page)


def first_listing_on_the_first_screen(page: Page) -> None:
    """At 375×812, right after "See my matches", the first listing's name is fully inside the window."""
    first = page.locator("[data-testid='stMain'] h3").first
    box = first.bounding_box()
    assert box is not None and first.inner_text().strip()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def card_names(page: Page) -> list[str]:
    return [t.strip() for t in page.locator("[data-testid='stMain'] h3").all_inner_texts()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_person_goes_from_questionnaire_to_downloaded_shortlist(
    server: Server, browser: Browser, tab: Tab, viewport: dict[str, int], tmp_path: Path
) -> None:
    """Questionnaire → ranked matches with reasons (on a phone, the first listing on the first screen) → map
    canvas (no accessibility violations) → two shortlisted → safe CSV and valid .ics → a link holding only the
    ids, opened in another browser → back on the matches, the filter bar and the name search.

    One questionnaire pass for the whole journey (typing it through takes most of a browser test's time): the
    shared link and the refine bar are checked where a person reaches them, in ``the_shortlist_link_…`` and
    ``filters_and_name_search_…`` below."""
    from urllib.parse import urlparse

    from matcher import Answers, geocode, load_directory, rank_listings

    page = tab(viewport)
    steps: list[bool] = []
    questionnaire(page, server.url, check_each_step=steps)
    assert all(steps) and len(steps) == 8, steps
    assert crisis_visible(page)
    if viewport == PHONE:
        first_listing_on_the_first_screen(page)
    names = card_names(page)
    answers = Answers(**JOURNEY)
    d = load_directory(ROOT / "data" / "groups.csv").directory
    expected = [m.listing.name for m in rank_listings(d, answers, geocode("Chicago, IL"), limit=5).matches]
    assert names[:5] == expected
    assert page.get_by_text("Why it matched").first.is_visible()
    assert page.url.rstrip("/").endswith("/matches")  # nothing about the person in the URL

    shortlist_first(page, 2)

    page.get_by_role("link", name="See in-person groups on a map").click()
    page.wait_for_selector("h1:has-text('In-person groups near you')", timeout=30000)
    settle(page, 1500)
    assert crisis_visible(page)
    page.locator(MAP_CANVAS).first.wait_for(timeout=30000)  # the map draws itself after the script has run
    # the accessibility sweep's map with answers (its other pages and states: the sweep test below)
    assert axe_violations(page) == []
    listed = page.locator("[data-testid='stMain'] ol > li").count()
    in_person = Answers(**{**answers.model_dump(), "formats": ["in_person"]})
    # every in-person match that has a place (programs found on their own site have no dot)
    assert listed == len(rank_listings(d, in_person, geocode("Chicago, IL"), limit=200, placed_only=True).matches)

    page.get_by_role("link", name="Your shortlist").last.click()
    page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
    settle(page)
    assert urlparse(page.url).query == ""  # no query in the URL until a link is asked for
    shortlisted = card_names(page)
    assert len(shortlisted) == 2
    the_downloads_are_safe_and_valid(page, tmp_path, names)
    the_shortlist_link_holds_only_ids_and_restores_the_list(page, browser, viewport, shortlisted)
    page.locator("[class*='st-key-page_nav'] a").filter(has_text="Matches").first.click()
    page.wait_for_selector("h1:has-text('Groups for you')", timeout=30000)
    settle(page)
    filters_and_name_search_change_the_results_in_place(page)


def the_downloads_are_safe_and_valid(page: Page, tmp_path: Path, names: list[str]) -> None:
    """On the shortlist page of the journey's answers: the CSV holds the two listings with no cell a spreadsheet
    would run; the .ics holds weekly events (or, with nothing weekly, the button is off and says why)."""
    from icalendar import Calendar

    from matcher import Answers, geocode, load_directory, rank_listings

    answers = Answers(**JOURNEY)
    d = load_directory(ROOT / "data" / "groups.csv").directory
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
    chosen = [
        m
        for m in rank_listings(d, answers, geocode("Chicago, IL"), limit=20).matches
        if m.listing.name in {r["Name"] for r in rows}
    ]
    calendar = page.get_by_role("button", name="Add to my calendar (.ics)")
    if not any(m.listing.days and m.listing.start_time and not m.listing.sample for m in chosen):
        assert calendar.is_disabled()  # nothing with a weekly time: no empty calendar offered
        assert page.get_by_text("nothing to put in a calendar", exact=False).is_visible()
    else:
        with page.expect_download() as dl:
            calendar.click()
        ics_path = tmp_path / "list.ics"
        dl.value.save_as(ics_path)
        events = list(Calendar.from_ical(ics_path.read_bytes()).walk("VEVENT"))
        assert events and all(e["RRULE"]["FREQ"] == ["WEEKLY"] for e in events)


def the_shortlist_link_holds_only_ids_and_restores_the_list(
    page: Page, browser: Browser, viewport: dict[str, int], names: list[str]
) -> None:
    """On the shortlist page with ``names`` listed: the link holds only ?id=…; opening it in another browser
    shows the same listings."""
    from urllib.parse import parse_qsl, urlparse

    click(page, "button", "Make a link to my shortlist")
    page.wait_for_url(re.compile(r"[?&]id="), timeout=30000)  # the URL is set a moment after the run ends
    query = parse_qsl(urlparse(page.url).query)
    assert len(query) == len(names) and {k for k, _ in query} == {"id"}
    shown = page.locator("[data-testid='stCode']").inner_text().strip()
    assert urlparse(shown).query == urlparse(page.url).query
    assert page.get_by_text("none of your answers", exact=False).is_visible()

    other = new_context(browser, viewport)  # another browser: nothing shared with the first but the link
    elsewhere = other.new_page()
    open_page(elsewhere, shown)
    elsewhere.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
    assert card_names(elsewhere) == names
    other.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["", "/questionnaire", "/matches", "/map", "/shortlist", "/privacy"])
def test_the_crisis_line_is_visible_on_every_page(
    server: Server, tab: Tab, viewport: dict[str, int], path: str
) -> None:
    """911, 988 and 741741 are in the main area, inside the window, on every page at both widths."""
    page = tab(viewport)
    open_page(page, server.url + path)
    assert crisis_visible(page)
    assert page.locator("a[href='tel:988']").first.is_visible()
    assert page.locator("a[href^='sms:741741']").first.is_visible()


def test_saying_yes_shows_crisis_help_first(server: Server, tab: Tab) -> None:
    """The safety check's "Yes" puts the crisis lines on screen before anything else is asked."""
    page = tab(PHONE)
    open_page(page, server.url + "/questionnaire")
    radio(page, "Yes")
    alert = page.locator("[data-testid='stAlertContentError']")
    assert alert.is_visible()
    assert "988" in alert.inner_text() and "741741" in alert.inner_text()
    click(page, "button", "Next")
    assert page.get_by_text("Step 2 of 8").is_visible()


# axe rules Streamlit 1.67 itself trips, never our content. Keep this list short and explained.
AXE_ALLOWED: set[str] = {
    # (none needed on Streamlit 1.67 with this app; add an id here with the reason if a release needs one)
}


def axe_violations(page: Page) -> list[str]:
    # The script run the last step started has finished first: while it runs, Streamlit fades the elements it
    # is about to redraw (stale), and the Where step's slider labels, caught faded, failed color-contrast once
    # in a fresh-clone CI run. A person reads the page once it is drawn.
    settle(page)
    # A tooltip left open by where the pointer last rested is Streamlit's floating overlay, outside every landmark;
    # a person reading the page is not hovering, so the pointer leaves the page before the sweep.
    page.mouse.move(1, page.viewport_size["height"] - 1 if page.viewport_size else 1)
    page.wait_for_timeout(300)
    found = _sweep(page)
    if any(v.startswith("color-contrast:") for v in found):
        # Colours caught mid-transition: the Where step's slider end labels were read faded twice more in
        # fresh-clone runs, even after the run ended and no element container was stale or below full opacity.
        # What a person reads is the settled page, so contrast is judged on a second sweep a moment later; a
        # real contrast failure is still there then.
        page.wait_for_timeout(1000)
        found = _sweep(page)
    return found


def _sweep(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}: " + " | ".join(n["html"][:160] for n in v["nodes"])
        for v in result.response["violations"]
        if v["id"] not in AXE_ALLOWED
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_and_step_has_no_accessibility_violations(
    server: Server, tab: Tab, viewport: dict[str, int]
) -> None:
    """axe-core finds nothing on the guide, privacy, each questionnaire step (step 1 also with the crisis help
    open), matches (refine open, name searched), shortlist (link shown, print view) and map without answers.
    The one accessibility sweep: every page and state a person reaches, at both widths (the map with answers is
    swept where the journey above reaches it, so the questionnaire is not typed through a second time)."""
    page = tab(viewport)
    found: dict[str, list[str]] = {}
    for path in ["", "/privacy"]:
        open_page(page, server.url + path)
        found[path or "/"] = axe_violations(page)
    open_page(page, server.url + "/map")  # a fresh session: no answers yet
    found["/map, no answers"] = axe_violations(page)
    open_page(page, server.url + "/questionnaire")
    found["step 1"] = axe_violations(page)
    radio(page, "Yes")
    found["step 1, crisis help open"] = axe_violations(page)
    for step in range(2, 9):
        click(page, "button", "Next")
        page.get_by_text(f"Step {step} of 8").first.wait_for(timeout=60000)
        found[f"step {step}"] = axe_violations(page)
    click(page, "button", "See my matches")  # the last step's button leaves the fragment for the matches page
    page.wait_for_selector("h1:has-text('Groups for you')", timeout=30000)
    settle(page, 800)
    assert page.url.endswith("/matches") and page.title() == "Matches · Support Group Finder"
    found["/matches"] = axe_violations(page)
    page.get_by_text("Refine (topic, distance, cost, time…)").click()
    settle(page)  # the bar's widgets are drawn once it is open
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Find a program by name").click()
    search = page.get_by_label("Find a program by name")
    search.fill("Compassionate Friends")
    search.press("Enter")
    settle(page)
    found["/matches, refine open, name searched"] = axe_violations(page)
    page.get_by_role("button", name="Add to shortlist").first.click()
    settle(page)
    page.get_by_role("link", name="Your shortlist").last.click()
    settle(page)
    found["/shortlist"] = axe_violations(page)
    click(page, "button", "Make a link to my shortlist")
    found["/shortlist, link shown"] = axe_violations(page)
    page.get_by_text("Print-friendly view").click()
    settle(page)
    found["/shortlist, print view"] = axe_violations(page)
    bad = {k: v for k, v in found.items() if v}
    assert bad == {}, "\n".join(f"{k}: {v}" for k, v in bad.items())


def test_answers_leave_no_trace_and_nothing_is_requested_elsewhere(
    server: Server, browser: Browser, tmp_path: Path
) -> None:
    """A sentinel place typed in the journey is in no log, file, URL, cookie or storage; no third-party request."""
    srv = server  # the module's server: its whole log so far, and every file written since
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
    page.locator(MAP_CANVAS).first.wait_for(timeout=30000)  # everything the map asks for, asked
    urls = [page.url, *requests]
    cookies = context.cookies()
    storage = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    context.close()
    sentinels = (SENTINEL_TEXT, SENTINEL_ZIP)
    for s in sentinels:
        # as a token: a ZIP's digits can occur inside a logged object address ("140125004609168")
        assert not re.search(rf"(?<![0-9A-Za-z]){re.escape(s)}(?![0-9A-Za-z])", srv.output()), f"{s!r} reached the log"
        assert not any(s in u for u in urls)
        assert s not in storage
    assert {c["name"] for c in cookies} <= {"_streamlit_xsrf"}
    written = [
        p
        for base in (ROOT, srv.home, tmp_path)
        for p in base.rglob("*")
        if p.is_file()
        and p.stat().st_mtime >= started - 1
        and ".git" not in p.parts
        and "__pycache__" not in p.parts
        and p.suffix not in {".pyc"}
    ]
    for p in written:
        data = p.read_bytes()
        for s in sentinels:
            assert s.encode() not in data, f"{s!r} written to {p}"
    foreign = [u for u in requests if not u.startswith((srv.url, "data:", "blob:"))]
    assert foreign == [], "\n".join(foreign)


HOSTILE = (
    "<script>window.__pwned=1</script> ![tracker](https://evil.example/t.png) "
    '[click me](javascript:alert(1)) =HYPERLINK("https://evil.example") مجموعة دعم 🌱 ' + "x" * 3000
)


def test_a_hostile_directory_stays_inert(browser: Browser, tmp_path: Path) -> None:
    """HTML, scripts, remote images and javascript: links in listings render as plain text; bad rows are quiet."""
    rows = [
        row(id="h1", name="=cmd|' /C calc'!A0 <b>bold</b>", description=HOSTILE, organization="@evil"),
        row(id="bad", focus="??", formats="fax"),
    ]
    path = write_rows(tmp_path / "hostile.csv", rows)
    with running_app(tmp_path / "srv", {"SGF_DIRECTORY": str(path)}) as srv:
        context = new_context(browser, PHONE)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_page(page, srv.url + "/questionnaire")
        # Each Next is followed to its step before the next tap, as a person reads the step they reach.
        page.get_by_text("Step 1 of 8").first.wait_for(timeout=60000)
        for step in range(2, 9):
            click(page, "button", "Next")
            page.get_by_text(f"Step {step} of 8").first.wait_for(timeout=30000)
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
        assert page.get_by_role("button", name="Remove from shortlist").count() == 1
        page.get_by_role("link", name="Your shortlist").last.click()
        page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
        settle(page)
        assert page.locator("[data-testid='stMain'] h3").first.inner_text().endswith("<b>bold</b>")
        assert page.locator("[data-testid='stMain'] b", has_text="bold").count() == 0
        context.close()
    assert not [u for u in requests if "evil" in u]
    assert re.search(r"hostile\.csv: .*problem.* on 1 line", srv.output()), "the bad row is reported, by file and line"


# --------------------------------------------------------------------------- results on a phone and a desktop


def main_top(page: Page) -> float:
    return float(page.evaluate("() => document.querySelector('[data-testid=stMain]').getBoundingClientRect().top"))


def filters_and_name_search_change_the_results_in_place(page: Page) -> None:
    """On the matches page of the journey's answers: "Free groups only" in the filter bar and a name typed in
    the search box change the list on this page."""
    from matcher import Answers, find_by_name, geocode, load_directory, rank_listings

    d = load_directory(ROOT / "data" / "groups.csv").directory
    answers = Answers(**JOURNEY)
    place = geocode("Chicago, IL")
    before = card_names(page)
    page.get_by_text("Refine (topic, distance, cost, time…)").click()
    settle(page)
    page.get_by_text("Free groups only").click()
    settle(page, 600)
    free = answers.model_copy(update={"free_only": True})
    ranked = rank_listings(d, free, place, limit=5)
    expected = [m.listing.name for m in ranked.matches]
    assert card_names(page)[:5] == expected
    # the whole page was drawn again for the new answers, not only the bar: its count is the new ranking's
    assert page.get_by_text(f"{ranked.total:,} listings fit these choices.", exact=True).is_visible()
    assert page.url.rstrip("/").endswith("/matches")
    assert page.locator("h1:has-text('Groups for you')").is_visible()

    page.locator("[data-testid='stExpander'] summary").filter(has_text="Find a program by name").click()
    search = page.get_by_label("Find a program by name")
    search.fill("compasionate frends")
    search.press("Enter")
    settle(page, 600)
    found = find_by_name(d, "compasionate frends", free).matches
    assert found and card_names(page)[0] == found[0].listing.name == "The Compassionate Friends"
    assert before != card_names(page)
    assert page.url.rstrip("/").endswith("/matches")


INERT = (
    "Circle https://evil.example/a www.evil.example mail@evil.example <http://evil.example/b> "
    ":material/home: :streamlit: $x^2$ ![i](http://evil.example/i.png)"
)


def test_directory_text_and_the_typed_place_stay_inert_on_results_pages(browser: Browser, tmp_path: Path) -> None:
    """No link, image, icon or math from a listing's text or the typed place, on matches, map and shortlist."""
    path = write_rows(tmp_path / "inert.csv", [row(id="i1", name=INERT, description=INERT, organization=INERT)])
    with running_app(tmp_path / "srv", {"SGF_DIRECTORY": str(path)}) as srv:
        context = new_context(browser, PHONE)
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        open_page(page, srv.url + "/questionnaire")
        # Each Next is followed to its step before the next tap, as a person reads the step they reach.
        page.get_by_text("Step 1 of 8").first.wait_for(timeout=60000)
        for step in range(2, 9):
            click(page, "button", "Next")
            page.get_by_text(f"Step {step} of 8").first.wait_for(timeout=30000)
        click(page, "button", "See my matches")
        settle(page, 800)

        def check(where: str) -> None:
            main = page.locator("[data-testid='stMain']")
            assert main.locator("a[href*='evil'], a[href^='mailto:']").count() == 0, where
            assert main.locator("img[src*='evil']").count() == 0, where
            assert main.locator(".katex").count() == 0, where
            heading = main.locator("h3").first.inner_text().replace("\u2060", "")
            assert ":material/home: :streamlit: $x^2$ ![i](http://evil.example/i.png)" in heading, where

        check("matches")
        page.get_by_role("button", name="Add to shortlist").first.click()
        settle(page)
        page.get_by_role("link", name="Your shortlist").last.click()
        page.wait_for_selector("h1:has-text('Your shortlist')", timeout=30000)
        settle(page)
        check("shortlist")
        context.close()
    assert not [u for u in requests if "evil" in u]
