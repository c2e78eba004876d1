"""Safety in a real browser (Debian chromium): quick exit, the crisis line and its tap targets, the place
check on Next, tappable place suggestions, Skip and Start over, tab titles, and the guide's way in on the
first screen. (The accessibility sweep of every page and step is in test_browser.py.)
"""

from __future__ import annotations

import re

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
    radio,
    server,
    settle,
    shared_contexts,
    tab,
)
from tests.server import Server

pytestmark = pytest.mark.browser
EXIT_URL = "https://www.weather.gov/"
MIN_TARGET_PX = 44


def step_text(page: Page) -> str:
    found = page.get_by_text(re.compile(r"^Step \d of 8")).first
    return found.inner_text() if found.count() else ""


def next_to(page: Page, step: int) -> None:
    """Press Next and wait until step ``step`` is drawn (the first visit may still be building indexes)."""
    page.get_by_role("button", name="Next", exact=True).first.click()
    page.get_by_text(f"Step {step} of 8").first.wait_for(timeout=60000)
    settle(page)


def small_targets(page: Page, selector: str) -> list[str]:
    """Links and buttons under ``selector`` that are smaller than 44×44 px."""
    out = []
    for el in page.locator(selector).all():
        if not el.is_visible():
            continue
        box = el.bounding_box()
        if box and (box["width"] < MIN_TARGET_PX - 0.5 or box["height"] < MIN_TARGET_PX - 0.5):
            out.append(f"{el.inner_text()!r} {box['width']:.0f}×{box['height']:.0f}")
    return out


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_crisis_line_and_quick_exit_fit_and_are_big_enough_on_every_page(
    server: Server, tab: Tab, viewport: dict[str, int]
) -> None:
    """Every page shows call/text/chat 988, HOME to 741741 and 911 on screen, with 44 px tap targets,
    "not a crisis service" once, a quick exit button, and its own browser-tab title; the guide's way in
    ("Find groups that fit me") is on the first screen."""
    page = tab(viewport)
    titles = {}
    for path in ["", "/questionnaire", "/matches", "/privacy"]:
        open_page(page, server.url + path)
        assert crisis_visible(page), path
        banner = page.locator("[data-testid='stMain'] .st-key-crisis_banner")
        hrefs = [a.get_attribute("href") for a in banner.locator("a").all()]
        assert {"tel:911", "tel:988", "sms:988", "https://988lifeline.org/chat/", "sms:741741?&body=HOME"} <= set(
            hrefs
        ), (path, hrefs)
        assert small_targets(page, ".st-key-crisis_banner a, .st-key-crisis_banner button") == [], path
        exit_button = page.get_by_role("button", name="Quick exit")
        assert exit_button.is_visible()
        box = exit_button.bounding_box()
        assert box and box["y"] + box["height"] <= viewport["height"], f"{path}: quick exit below the first screen"
        assert page.get_by_text("This site is not a crisis service.").count() == 1, path
        titles[path] = page.title()
        if path == "":
            start = page.get_by_role("button").filter(has_text="Find groups that fit me").first
            box = start.bounding_box()
            assert box and box["y"] + box["height"] <= viewport["height"], "guide's way in below the first screen"
    assert titles == {
        "": "Guide · Support Group Finder",
        "/questionnaire": "Questionnaire · Support Group Finder",
        "/matches": "Matches · Support Group Finder",
        "/privacy": "Privacy · Support Group Finder",
    }


def test_quick_exit_clears_answers_and_leaves_for_the_neutral_page(server: Server, browser: Browser) -> None:
    """One tap on Quick exit replaces the tab with the neutral page; the site starts no other navigation."""
    context = new_context(browser, PHONE)
    context.route(
        re.compile(r"^https://www\.weather\.gov/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Forecast</p>"),
    )
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    radio(page, "Yes")
    assert page.get_by_text("Please reach out now").is_visible()
    hrefs = [a.get_attribute("href") for a in page.locator(".st-key-crisis_help a").all()]
    assert {"tel:911", "tel:988", "sms:741741?&body=HOME", "tel:211"} <= set(hrefs), hrefs
    assert small_targets(page, ".st-key-crisis_help a") == []
    page.get_by_role("button", name="Quick exit").click()
    page.wait_for_url(EXIT_URL, timeout=15000)
    assert page.title() == "Weather"
    # Back in the app later, nothing of the earlier visit is there.
    open_page(page, server.url + "/questionnaire")
    page.get_by_text("Step 1 of 8").first.wait_for(timeout=60000)
    assert not page.locator("[data-testid='stRadio'] input:checked").count()
    assert not page.get_by_text("Please reach out now").count()
    context.close()


def test_place_is_checked_on_next_and_suggestions_are_one_tap(server: Server, tab: Tab) -> None:
    """A place typed without Enter is checked when Next is pressed: an ambiguous one stays on the step with
    the message and suggestion buttons; one tap on a suggestion picks it, and Next then goes on."""
    page = tab(PHONE)
    open_page(page, server.url + "/questionnaire")
    for step in range(2, 6):
        next_to(page, step)
    box = page.get_by_label("Your ZIP code or city (for groups that meet in person)")
    box.fill("Springfield")  # no Enter
    click(page, "button", "Next")
    settle(page, 500)
    assert "Step 5 of 8" in step_text(page)
    page.get_by_text("There are several places called Springfield").first.wait_for(timeout=60000)
    page.get_by_role("button", name="Springfield, IL").click()
    settle(page)
    page.get_by_text("Found: Springfield, IL").first.wait_for(timeout=60000)
    assert (
        page.get_by_label("Your ZIP code or city (for groups that meet in person)").input_value() == "Springfield, IL"
    )
    next_to(page, 6)


def test_skip_on_step_one_and_start_over(server: Server, tab: Tab) -> None:
    """Step 1 has Skip; Start over clears the answers and returns to step 1 with nothing chosen."""
    page = tab(PHONE)
    open_page(page, server.url + "/questionnaire")
    radio(page, "No")
    assert page.locator("[data-testid='stRadio'] input:checked").count() == 1
    page.get_by_role("button", name="Skip", exact=True).first.click()
    page.get_by_text("Step 2 of 8").first.wait_for(timeout=60000)
    settle(page)
    page.locator("button[data-variant^='pills']").filter(has_text=re.compile("^Anxiety$")).click()
    settle(page)
    chosen = page.locator("button[data-variant^='pills'][aria-pressed='true']").filter(has_text="anxiety")
    chosen.wait_for(timeout=30000)
    page.get_by_role("button", name="Start over", exact=True).first.click()
    page.get_by_text("Step 1 of 8").first.wait_for(timeout=60000)
    settle(page)
    assert not page.locator("[data-testid='stRadio'] input:checked").count()
    next_to(page, 2)
    page.locator("button[data-variant^='pills']").filter(has_text="anxiety").first.wait_for(timeout=30000)
    assert chosen.count() == 0
