"""Real-browser proof that an error box offers no third-party help: no "Ask Google" / "Ask ChatGPT".

A page that raises is run under the project's own ``.streamlit/config.toml`` (cwd is the repository),
so the box is exactly what a visitor would see if a page failed on a deployed site.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import (  # noqa: F401  (`browser` is the shared fixture)
    DESKTOP,
    Browser,
    browser,
    new_context,
    open_page,
)
from tests.server import running_app

pytestmark = pytest.mark.browser
SECRET = "Qzsecret detail from row 7"
FAILING_PAGE = f'''
import streamlit as st

st.title("A page that fails")
raise RuntimeError("{SECRET}")
'''


def test_the_error_box_is_redacted_and_links_nowhere(tmp_path: Path, browser: Browser) -> None:
    """A page that raises shows a redacted error box with no link to Google, ChatGPT or anywhere else."""
    script = tmp_path / "failing_page.py"
    script.write_text(FAILING_PAGE)
    with running_app(tmp_path, script=script) as server:
        context = new_context(browser, DESKTOP)
        page = context.new_page()
        open_page(page, server.url)
        box = page.locator("[data-testid='stException']")
        box.first.wait_for(timeout=30000)
        text = box.first.inner_text()
        hrefs = [a.get_attribute("href") or "" for a in page.locator("a").all()]
        context.close()
    assert SECRET not in text
    assert "Ask Google" not in text and "ChatGPT" not in text, text
    assert not [h for h in hrefs if "google" in h.lower() or "chatgpt" in h.lower() or "openai" in h.lower()], hrefs
