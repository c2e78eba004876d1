"""Property tests: any feedback setting a deployer types is either refused by name or gives a link that
carries nothing but the listing (no extra headers, recipients or spaces in a mailto:, an https form)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.settings import Settings, SettingsError

pytestmark = pytest.mark.fuzz
FUZZ = settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)


@FUZZ
@given(st.text(max_size=60), st.text(max_size=40), st.text(max_size=40))
def test_any_feedback_email_is_refused_or_gives_a_clean_mailto(email: str, listing_id: str, name: str) -> None:
    """Refused with the variable named, or a mailto: to exactly that address with no raw space or line break."""
    try:
        s = Settings.from_env({"SGF_FEEDBACK_EMAIL": email})
    except SettingsError as exc:
        assert exc.setting == "SGF_FEEDBACK_EMAIL"
        return
    link = s.report_link(listing_id, name)
    assert link.startswith(f"mailto:{email.strip()}?subject=")
    assert not any(c.isspace() for c in link) and link.count("?") == 1


@FUZZ
@given(st.text(max_size=60), st.text(max_size=40))
def test_any_feedback_form_is_refused_or_stays_an_https_link(url: str, name: str) -> None:
    """Refused with the variable named, or an https:// link to the deployer's own site."""
    try:
        s = Settings.from_env({"SGF_FEEDBACK_URL": url})
    except SettingsError as exc:
        assert exc.setting == "SGF_FEEDBACK_URL"
        return
    link = s.report_link("g1", name)
    assert link.startswith("https://") and not any(c.isspace() for c in link)
