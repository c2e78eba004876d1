"""On a phone (375×812 in chromium): the way through without the sidebar (and the sidebar folding away after
a tap in it), the matches page's top links, the help box on the first screen, the map's dot at the person's
own spot, the place check on Next, and meeting times in another zone.

One server on a small directory written here: a Chicago group at the exact center of ZIP 60614 (the
person's spot, 0.0 mi away) meeting Thursdays 7:00–8:30 pm Chicago time, and an online group.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser_support import (  # noqa: F401  (`browser` is the shared fixture)
    PHONE,
    RUN_COUNTER,
    Browser,
    Page,
    browser,
    click,
    new_context,
    open_page,
    radio,
    settle,
)
from tests.conftest import NO_PLACE_OR_TIME, row, write_rows
from tests.server import Server, running_app

pytestmark = pytest.mark.browser

#: The zipcodes package's center of ZIP 60614 (what matcher.zip_centroid("60614") gives).
SPOT = ("41.9229", "-87.6483")
HERE = row(
    id="lincoln-park",
    name="Lincoln Park Evening Circle",
    focus="anxiety",
    formats="in_person",
    days="thu",
    start_time="19:00",
    end_time="20:30",
    timezone="America/Chicago",
    address="1 Example St",
    city="Chicago",
    state="IL",
    postal_code="60614",
    latitude=SPOT[0],
    longitude=SPOT[1],
    url="https://example.org/groups/lincoln-park?day=thu&time=19:00",
    accessibility="",
)
ONLINE = row(
    **NO_PLACE_OR_TIME,
    id="online-circle",
    name="Online Anxiety Circle",
    focus="anxiety",
    formats="online",
    accessibility="",
)
NAV = "[class*='st-key-page_nav']"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("phone")
    csv = write_rows(tmp / "groups.csv", [HERE, ONLINE])
    with running_app(tmp, {"SGF_DIRECTORY": str(csv)}) as s:
        yield s


def sidebar_open(page: Page) -> bool:
    return page.locator("[data-testid='stSidebar'][aria-expanded='true']").count() > 0


def tap_nav(page: Page, label: str, heading: str) -> None:
    """Tap an in-page navigation link (never the menu) and wait for the page it opens."""
    target = page.locator(f"{NAV} a").filter(has_text=label).first
    box = target.bounding_box()
    assert box is not None and box["height"] >= 44, f"'{label}' is too small to tap: {box}"
    target.click()
    page.wait_for_selector(f"h1:has-text('{heading}')", timeout=30000)
    settle(page)
    assert not sidebar_open(page)


def to_matches(page: Page) -> None:
    """From step 1 to the matches: every step skipped but the place (ZIP 60614)."""
    page.locator("text=Step 1 of").wait_for(timeout=60000)
    for step in range(2, 6):
        click(page, "button", "Skip")
        page.get_by_text(f"Step {step} of 8").wait_for(timeout=30000)
    page.get_by_label("Your ZIP code or city (for groups that meet in person)").fill("60614")
    click(page, "button", "Next")
    for _ in range(2):
        click(page, "button", "Skip")
    page.get_by_text("Step 8 of 8").wait_for(timeout=30000)
    click(page, "button", "See my matches")
    page.wait_for_selector("h1:has-text('Groups for you')", timeout=30000)
    settle(page)


def test_from_the_guide_to_the_shortlist_and_back_with_in_page_links_only(server: Server, browser: Browser) -> None:
    """Guide → questionnaire → matches → map → shortlist → matches → guide by in-page links and buttons, each
    at least 44 px tall; the first screen's way in is a primary button; the sidebar never opens."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url)
    page.locator("h1:has-text('Finding a support group')").wait_for(timeout=60000)
    assert not sidebar_open(page)
    start = page.locator("[data-testid='stMain'] button[data-testid='stBaseButton-primary']").first
    assert "Find groups that fit me" in start.inner_text()
    box = start.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"] and box["height"] >= 44
    start.click()
    page.wait_for_selector("h1:has-text('Find groups that fit you')", timeout=30000)
    to_matches(page)
    page.get_by_role("button", name="Add to shortlist").first.click()
    expect(page.get_by_role("button", name="Remove from shortlist")).to_have_count(1, timeout=30000)
    settle(page)
    page.get_by_role("link", name="See in-person groups on a map").click()  # the matches page's own links
    page.wait_for_selector("h1:has-text('In-person groups near you')", timeout=30000)
    settle(page)
    tap_nav(page, "Shortlist", "Your shortlist")
    assert page.locator("[data-testid='stMain'] h3").count() == 1  # the group added on the matches page
    tap_nav(page, "Matches", "Groups for you")
    page.get_by_role("link", name="Change your answers step by step").click()
    page.wait_for_selector("h1:has-text('Find groups that fit you')", timeout=30000)
    settle(page)
    tap_nav(page, "Guide", "Finding a support group")
    context.close()


def test_a_page_tapped_in_the_sidebar_opens_with_the_sidebar_folded_away(server: Server, browser: Browser) -> None:
    """At 375×812 the sidebar starts folded; opened and a page tapped in it, that page opens and the sidebar
    folds away instead of staying over it."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url)
    page.locator("h1:has-text('Finding a support group')").wait_for(timeout=60000)
    settle(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).not_to_be_in_viewport()
    page.locator("[data-testid='stExpandSidebarButton']").click()
    expect(sidebar).to_be_in_viewport(timeout=10000)
    page.locator("[data-testid='stSidebarNavLink']").filter(has_text="Questionnaire").click()
    page.wait_for_selector("h1:has-text('Find groups that fit you')", timeout=30000)
    settle(page)
    expect(sidebar).not_to_be_in_viewport(timeout=10000)
    context.close()


def test_the_matches_page_begins_with_links_to_the_map_and_the_shortlist(server: Server, browser: Browser) -> None:
    """One short row under the title: Map and Shortlist, each at least 44 px tall, on the first screen, above
    the first listing; it still leaves the first listing's name on the first screen."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    to_matches(page)
    page.evaluate("() => window.scrollTo(0, 0)")
    top = page.locator(".st-key-page_nav_top a")
    assert [t.split()[-1] for t in top.all_inner_texts()] == ["Map", "Shortlist"], top.all_inner_texts()
    first = page.locator("[data-testid='stMain'] h3").first
    name = first.bounding_box()
    assert name is not None
    for i in range(2):
        box = top.nth(i).bounding_box()
        assert box is not None and box["height"] >= 44 and box["y"] + box["height"] <= name["y"], box
    assert name["y"] + name["height"] <= PHONE["height"], name
    tap_nav(page, "Shortlist", "Your shortlist")
    context.close()


def test_the_help_box_shows_its_first_two_ways_to_reach_help_on_the_first_screen(
    server: Server, browser: Browser
) -> None:
    """After "Yes" at 375×812, the first two links of the help box (call 911, call 988) are inside the first
    screen, without scrolling."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    page.locator("text=Step 1 of").wait_for(timeout=60000)
    radio(page, "Yes")
    page.evaluate("() => window.scrollTo(0, 0)")
    links = page.locator(".st-key-crisis_help a")
    assert links.count() >= 2
    for i in range(2):
        box = links.nth(i).bounding_box()
        assert box is not None, f"help link {i} is not drawn"
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            f"'{links.nth(i).inner_text()}' is below the first screen: {box}"
        )
    assert links.nth(0).get_attribute("href") == "tel:911"
    assert links.nth(1).get_attribute("href") == "tel:988"
    # "Call 911. Any time.": the period right after the link's words, not set apart ("Call 911 . Any time.")
    gap = links.nth(0).evaluate(
        """(a) => { const words = document.createRange(); words.selectNodeContents(a);
        const next = a.nextSibling; const dot = document.createRange(); dot.setStart(next, 0); dot.setEnd(next, 1);
        return [next.textContent[0], dot.getBoundingClientRect().left - words.getBoundingClientRect().right]; }"""
    )
    assert gap[0] == "." and gap[1] < 2, f"a gap of {gap[1]:.1f}px between 'Call 911' and its period"
    context.close()


def test_each_new_step_opens_at_its_question_and_radio_choices_are_big_enough_to_tap(
    server: Server, browser: Browser
) -> None:
    """Scrolled down to Next, a tap opens the next step at its top (its name and question on the screen), not
    at the old scroll position on its last options; a radio question's choices are 44 px rows."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    page.locator("text=Step 1 of").wait_for(timeout=60000)
    rows = page.locator("[data-testid='stMain'] [data-testid='stRadioOption']")
    rows.first.wait_for(timeout=30000)
    assert rows.count() == 3
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 300, f"radio choice {i} is too small: {box}"
    radio(page, "No")
    for step in range(2, 6):
        page.get_by_role("button", name="Next", exact=True).scroll_into_view_if_needed()
        page.locator("[data-testid='stMain']").evaluate("(main) => main.scrollBy(0, 2000)")
        click(page, "button", "Next")
        progress = page.locator("[data-testid='stMain'] [data-testid='stProgress']")
        expect(progress).to_contain_text(f"Step {step} of 8")
        expect(progress).to_be_in_viewport()
        box = progress.bounding_box()
        assert box is not None and box["y"] >= 0, f"step {step} opened with its name under the header: {box}"
    # The place box needs no Enter (Next checks it): no "Press Enter to apply" under it while typing
    page.get_by_label("Your ZIP code or city (for groups that meet in person)").press_sequentially("6061")
    expect(page.locator(".st-key-q_location [data-testid='InputInstructions']")).to_be_hidden()
    page.locator("[data-testid='stMain']").evaluate("(main) => main.scrollBy(0, 2000)")
    click(page, "button", "Start over")
    expect(progress).to_contain_text("Step 1 of 8")
    expect(progress).to_be_in_viewport()
    context.close()


def test_next_with_a_place_outside_the_us_says_so_and_stays_on_the_step(server: Server, browser: Browser) -> None:
    """ "Toronto, Canada" then Next (no Enter): still step 5, with the outside-the-US message; Next again
    goes on, and the review names the place instead of "not said"."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    page.locator("text=Step 1 of").wait_for(timeout=60000)
    for step in range(2, 6):
        click(page, "button", "Skip")
        page.get_by_text(f"Step {step} of 8").wait_for(timeout=30000)
    page.get_by_label("Your ZIP code or city (for groups that meet in person)").fill("Toronto, Canada")
    click(page, "button", "Next")
    assert page.get_by_text("Step 5 of 8").is_visible()
    assert page.get_by_text("outside the US").first.is_visible()
    click(page, "button", "Next")
    page.get_by_text("Step 6 of 8").wait_for(timeout=30000)
    click(page, "button", "Skip")
    click(page, "button", "Skip")
    page.get_by_text("Step 8 of 8").wait_for(timeout=30000)
    review = page.locator("[data-testid='stMain']").inner_text()
    assert "Toronto, Canada, outside the US" in review and "not said (online" not in review
    context.close()


def test_a_group_at_the_persons_own_spot_is_visible_and_tappable_on_the_map(server: Server, browser: Browser) -> None:
    """A group 0.0 mi away is drawn above the "You" mark: tapping the person's spot opens its card, and its
    tooltip stays inside the 375 px screen."""
    context = new_context(browser, PHONE)
    page = context.new_page()
    open_page(page, server.url + "/questionnaire")
    to_matches(page)
    page.get_by_role("link", name="See in-person groups on a map").click()
    page.wait_for_selector("h1:has-text('In-person groups near you')", timeout=30000)
    settle(page)
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.wait_for(timeout=30000)
    page.wait_for_timeout(1500)  # deck.gl draws its first frame
    box = canvas.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2  # the view is centered on the person
    page.mouse.move(x, y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10000)
    assert "Lincoln Park Evening Circle" in tooltip.inner_text()
    tip = tooltip.bounding_box()
    assert tip is not None and tip["x"] >= 0 and tip["x"] + tip["width"] <= PHONE["width"], tip
    page.mouse.click(x, y)
    page.wait_for_selector("h2:has-text('Selected on the map')", timeout=30000)
    settle(page)
    assert page.locator("[data-testid='stMain'] h3:has-text('Lincoln Park Evening Circle')").count() >= 1
    context.close()


def test_a_shared_link_opened_in_another_zone_gives_the_groups_zone_and_the_viewers_own(
    server: Server, browser: Browser
) -> None:
    """A shortlist link opened in Los Angeles says "7:00 pm – 8:30 pm CT" and calls only Pacific time "your
    time"; opened in Chicago nothing is "your time". The print view's web address is the real one."""
    url = server.url + "/shortlist?id=lincoln-park"
    for zone, mine in (("America/Los_Angeles", "5:00 pm – 6:30 pm PT, your time"), ("America/Chicago", None)):
        context = browser.new_context(viewport=PHONE, timezone_id=zone, locale="en-US")
        context.add_init_script(RUN_COUNTER)
        page = context.new_page()
        open_page(page, url)
        page.locator("h1:has-text('Your shortlist')").wait_for(timeout=60000)
        page.get_by_text("Lincoln Park Evening Circle").first.wait_for(timeout=30000)
        text = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
        assert "Thursdays, 7:00 pm – 8:30 pm CT" in text
        if mine:
            assert mine in text
            assert text.count("your time") == text.count(", your time)")  # only ever after the viewer's zone
        else:
            assert "your time" not in text
        page.get_by_text("Print-friendly view", exact=True).click()
        settle(page)
        address = page.locator(".st-key-print_list [data-testid='stCode'] pre").first
        address.wait_for(timeout=30000)  # the code block's part of the page loads on first use
        assert address.inner_text().strip() == HERE["url"]  # character for character: no invisible joiners
        context.close()
