"""The Streamlit app through AppTest: every page, the full journey, the safety route, relaxing, bad places."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from matcher import Answers, load_directory, rank_listings
from matcher.geography import geocode_offline
from tests.conftest import ROOT, row, write_rows

APP = str(ROOT / "app.py")
PAGES = ["pages/guide.py", "pages/questionnaire.py", "pages/matches.py", "pages/map.py", "pages/shortlist.py",
         "pages/privacy.py"]
CRISIS = "In immediate danger: call [911](tel:911)"


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with an empty st.cache_data and the bundled directory."""
    st.cache_data.clear()
    monkeypatch.delenv("SGF_DIRECTORY", raising=False)
    yield
    st.cache_data.clear()


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [c.value for c in at.caption] + [s.value for s in at.header] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def answer_questionnaire(at: AppTest, *, danger: str = "No", location: str = "Chicago, IL") -> AppTest:
    at.switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value(danger).run()
    next_button = lambda: next(b for b in at.button if b.label == "Next")  # noqa: E731
    next_button().click().run()                        # -> what brings you
    at.pills[0].set_value(["depression", "anxiety"]).run()
    next_button().click().run()                        # -> who with
    next_button().click().run()                        # -> how to attend (skipped who-with)
    at.pills[0].set_value(["in_person", "online"]).run()
    at.radio[0].set_value("peer").run()
    next_button().click().run()                        # -> where
    at.text_input[0].set_value(location).run()
    next_button().click().run()                        # -> when
    at.pills[1].set_value(["evening"]).run()
    next_button().click().run()                        # -> practical
    next_button().click().run()                        # -> review
    next(b for b in at.button if b.label == "See my matches").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Groups for you"]  # st.switch_page went to the matches
    # AppTest keeps its own idea of the current page across runs: follow the switch explicitly.
    at.switch_page("pages/matches.py").run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_through_the_router_with_the_crisis_line(page: str) -> None:
    """Each page opens with no answers yet, without an exception, under the crisis line."""
    at = app()
    at.switch_page(page).run()
    assert not at.exception
    assert CRISIS in at.info[0].value


@pytest.mark.parametrize("page", ["pages/matches.py", "pages/map.py", "pages/shortlist.py"])
def test_a_page_opened_directly_without_answers_says_what_to_do(page: str) -> None:
    """Matches, map and shortlist opened first point the person to the questionnaire."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.run()
    assert not at.exception
    assert "questionnaire" in texts(at).lower() or "shortlist is empty" in texts(at).lower()


def test_the_guide_covers_the_article_and_leads_to_the_questionnaire() -> None:
    """The guide names the four benefits and the three kinds, and ends with the way in."""
    at = app()
    body = texts(at) + "".join(e.label for e in at.expander)
    for words in ("Connection", "Validation", "Empowerment", "Hope", "Peer-led", "professional", "Online"):
        assert words in body
    assert "Not a diagnosis".lower() in texts(app().switch_page("pages/questionnaire.py").run()).lower()


def test_the_full_journey_ranks_in_matcher_order_and_fills_the_shortlist() -> None:
    """Questionnaire → matches in exactly matcher's order with reasons → shortlist two → downloads offered."""
    at = answer_questionnaire(app())
    assert at.session_state["answers"].focus == ["depression", "anxiety"]
    a: Answers = at.session_state["answers"]
    d = load_directory(ROOT / "data" / "groups.csv").directory
    expected = rank_listings(d, a, geocode_offline("Chicago, IL"), limit=10).matches
    headings = [m.value.removeprefix("### ").replace("\\", "") for m in at.markdown if m.value.startswith("### ")]
    assert headings[:10] == [m.listing.name for m in expected]
    assert "Why it matched" in texts(at)
    assert not any(m.listing.sample for m in expected[:10]), "real listings come before invented samples"
    adds = [b for b in at.button if b.label == "Add to shortlist"]
    adds[0].click().run()
    [b for b in at.button if b.label == "Add to shortlist"][0].click().run()
    assert len(at.session_state["shortlist"]) == 2
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download as spreadsheet (CSV)", "Add to my calendar (.ics)"]


def test_saying_yes_to_the_safety_check_shows_crisis_help_first_and_lets_you_go_on() -> None:
    """Yes shows 988, 911 and 741741 straight away, and Next still works."""
    at = app().switch_page("pages/questionnaire.py").run()
    at.radio[0].set_value("Yes").run()
    help_text = at.error[0].value
    assert "988" in help_text and "911" in help_text and "741741" in help_text
    next(b for b in at.button if b.label == "Next").click().run()
    assert "Step 2 of 8" in at.get("progress")[0].proto.text


def test_matches_repeat_crisis_help_for_someone_who_said_they_are_in_danger() -> None:
    """Whoever answered "Yes" to the safety check sees 988 and 741741 again above their matches."""
    at = app()
    at.session_state["answers"] = Answers(in_danger=True)
    at.switch_page("pages/matches.py").run()
    assert "988" in at.error[0].value and "741741" in at.error[0].value
    at.session_state["answers"] = Answers(in_danger=False)
    at.run()
    assert not at.error


def test_an_unknown_place_is_explained_beside_the_field_and_nothing_is_lost() -> None:
    """A place the gazetteer does not know shows a message; the earlier answers stay."""
    at = app().switch_page("pages/questionnaire.py").run()
    at.session_state["step"] = 4
    at.session_state["draft"] = {"focus": ["grief"]}
    at.run()
    at.text_input[0].set_value("Atlantis, ZZ").run()
    assert "could not find Atlantis, ZZ" in at.error[0].value
    assert next(b for b in at.button if b.label == "Next").disabled
    assert at.session_state["draft"]["focus"] == ["grief"]


def test_no_results_says_what_hid_them_and_relaxing_brings_them_back(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In-person only, too near: the page says how many distance hid and one click widens it."""
    path = write_rows(tmp_path / "g.csv", [row(id="oak", latitude="37.8044", longitude="-122.2712",
                                               postal_code="94612")])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers(formats=["in_person"], location="94110", max_distance_miles=5)
    at.switch_page("pages/matches.py").run()
    assert "No group meets all your needs yet" in texts(at)
    widen = next(b for b in at.button if b.label.startswith("Widen to 10 miles to see 1 more"))
    widen.click().run()
    assert "1 group meets your needs" in texts(at)


def test_a_broken_directory_still_runs_on_its_good_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad rows never reach the person: the app runs on the valid rows and shows no error."""
    path = write_rows(tmp_path / "g.csv", [row(id="good"), row(id="bad", focus="??", formats="fax")])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    assert not at.exception and not at.error
    assert "1 group meets your needs" in texts(at)


def test_an_unreadable_directory_gets_a_clear_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A directory file that cannot be read at all: a plain message, not a traceback."""
    monkeypatch.setenv("SGF_DIRECTORY", str(tmp_path / "missing.csv"))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert "could not be read" in at.error[0].value


def test_the_map_sends_at_most_n_points_and_lists_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deck carries at most SGF_MAP_MAX_POINTS groups, every layer has an id, and alt text is set."""
    import json

    monkeypatch.setenv("SGF_MAP_MAX_POINTS", "3")
    at = app()
    at.session_state["answers"] = Answers(location="New York, NY", max_distance_miles=50)
    at.switch_page("pages/map.py").run()
    assert not at.exception
    chart = at.get("deck_gl_json_chart")[0].proto
    spec = json.loads(chart.json)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert set(layers) == {"radius", "groups", "you"}
    for layer in layers.values():  # pydeck turns plain strings into JS expressions: only accessors may be
        for prop, value in layer.items():
            assert not (isinstance(value, str) and value.startswith("@@=") and not prop.startswith("get")), prop
    assert 1 <= len(layers["groups"]["data"]) <= 3
    assert "listed below" in chart.alt if hasattr(chart, "alt") else True
    assert "The same groups as a list" in texts(at)


def test_hostile_directory_text_is_shown_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Markdown images, links and HTML in a listing are escaped, not rendered."""
    hostile = "![x](https://evil.example/p.png) [click](javascript:alert(1)) <script>alert(1)</script>"
    path = write_rows(tmp_path / "g.csv", [row(name=hostile, description=hostile)])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    rendered = [m.value for m in at.markdown if "evil" in m.value] + [c.value for c in at.caption if "evil" in c.value]
    assert rendered
    for text in rendered:
        assert "![" not in text and "](" not in text and "<script>" not in text
