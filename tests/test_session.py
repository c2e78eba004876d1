"""Start over and Quick exit leave nothing of the person in the session: every key but ui.session.KEEP goes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.test_app import answer_questionnaire, app
from ui import session

#: Words only the person's own session holds: their place, what they searched for by name.
TYPED_PLACE = "Chicago, IL"
TYPED_NAME = "Trevor"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with empty caches, the bundled directory and default settings."""
    st.cache_resource.clear()
    for name in ("SGF_DIRECTORY", "SGF_EXIT_URL", "SGF_SAMPLES"):
        monkeypatch.delenv(name, raising=False)
    yield


def state(at: AppTest) -> dict[str, Any]:
    """Every key the session holds (session values and keyed widgets' values)."""
    return at.session_state.to_dict()


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def a_person_used_every_page(end_on: str) -> AppTest:
    """Answers, a shortlist with a shared link, the print view, the refine bar, a name search and "show
    more", then the page ``end_on`` (widget values live only while their page is drawn)."""
    at = answer_questionnaire(app(), location=TYPED_PLACE)
    button(at, "Add to shortlist").click().run()
    at.switch_page("pages/map.py").run()
    at.switch_page("pages/shortlist.py").run()
    button(at, "Make a link to my shortlist").click().run()
    at.toggle[0].set_value(True).run()
    at.switch_page("pages/matches.py").run()
    at.session_state[session.REFINE_OPEN] = True  # the refine bar opened (its widgets drawn, holding answers)
    at.run()
    next(t for t in at.text_input if t.key == session.NAME_QUERY).input(TYPED_NAME).run()
    more = [b for b in at.button if b.label.startswith("Show ")]
    if more:
        more[0].click().run()
    if end_on != "pages/matches.py":
        at.switch_page(end_on).run()
    held = state(at)
    # the journey really filled the session, so the checks below have something to forget
    for key in (
        session.ANSWERS,
        session.DRAFT,
        session.SHORTLIST,
        session.RANKINGS,
        session.REFINED_FOR,
        session.SHARED,
        session.DECLINED,
    ):
        assert key in held, key
    if end_on == "pages/matches.py":
        assert session.NAME_QUERY in held and any(k.startswith(session.REFINE_PREFIX) for k in held)
        assert TYPED_NAME in repr(held)
    assert TYPED_PLACE in repr(held)
    assert at.query_params.get("id")
    return at


def assert_nothing_of_the_person(left: dict[str, Any], allowed: dict[str, Any]) -> None:
    extra = sorted(set(left) - set(allowed) - session.KEEP)
    assert not extra, f"kept after forgetting: {extra}"
    changed = sorted(k for k in left if k in allowed and k not in session.KEEP and left[k] != allowed[k])
    assert not changed, f"not back to a new session's value: {changed}"
    assert TYPED_PLACE not in repr(left) and TYPED_NAME not in repr(left)


def test_start_over_leaves_the_session_as_a_new_visitors() -> None:
    """After Start over, every key is one a new visitor's questionnaire also has, with the same value
    (or is on the keep-list): no answers, draft, shortlist, name search, refine state, ranking memo or link."""
    at = a_person_used_every_page("pages/questionnaire.py")
    button(at, "Start over").click().run()
    assert not at.exception
    new_visitor = app().switch_page("pages/questionnaire.py").run()
    assert_nothing_of_the_person(state(at), state(new_visitor))
    assert not at.query_params.get("id")
    assert "Step 1 of 8" in at.get("progress")[0].proto.text


def test_quick_exit_leaves_only_the_keep_list() -> None:
    """After Quick exit (from the matches page, with a name typed in its search), the session holds nothing but
    keep-list keys, and the URL holds no ids."""
    at = a_person_used_every_page("pages/matches.py")
    button(at, "Quick exit").click().run()
    assert not at.exception
    assert "Your answers are cleared" in "\n".join(str(m.value) for m in at.markdown)
    left = state(at)
    assert set(left) <= session.KEEP, sorted(set(left) - session.KEEP)
    assert not at.query_params.get("id")
