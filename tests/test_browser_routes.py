"""Every page opened by its URL on a freshly started server is routed through app.py.

Streamlit's legacy ``pages/`` mode would otherwise run the page on its own the first time (no crisis line,
no navigation); ``ui.shell.page_shell`` switches it off. This pins that for the pinned Streamlit range.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import (
    PHONE,
    Browser,
    browser,  # noqa: F401  (the shared fixture)
    new_context,
    settle,
)
from tests.server import running_app

pytestmark = pytest.mark.browser

NAV = "[data-testid='stSidebarNav'], [data-testid='stTopNav']"


@pytest.mark.parametrize("path", ["/questionnaire", "/matches", "/map", "/shortlist", "/privacy"])
def test_a_page_opened_first_on_a_fresh_server_has_the_crisis_line_and_the_navigation(
    browser: Browser, tmp_path: Path, path: str
) -> None:
    """The very first request to a new server, straight to a page's URL: crisis line, menu, its own title."""
    with running_app(tmp_path) as srv:
        context = new_context(browser, PHONE)
        page = context.new_page()
        page.goto(srv.url + path)
        banner = page.locator("[data-testid='stMain'] .st-key-crisis_banner")
        banner.wait_for(timeout=60000)  # the first run of a new process also loads the directory
        settle(page, 500)
        assert banner.count() == 1 and "988" in banner.inner_text()
        menu = " ".join(page.locator(NAV).evaluate_all("navs => navs.map(n => n.textContent)")).lower()
        assert "guide" in menu and "privacy" in menu and "common" not in menu, menu  # ours, not the legacy one
        assert page.title().endswith("· Support Group Finder")
        assert page.title() != "Guide · Support Group Finder"
        context.close()
