"""Issue 24, what a person sees (AppTest): settings fail closed, Quick exit always leaves to a safe page,
Call buttons dial what they show, share links and a refreshed directory say what happened, and a page
reached without answers says why they may be gone."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from matcher import Answers, Listing
from tests.conftest import row, write_rows
from tests.test_app import APP, app, link_buttons, matches_page, texts
from tests.test_app_safety import button, everything
from ui.shell import script_string

MISCONFIGURED = "This site is misconfigured"


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "SGF_DIRECTORY",
        "SGF_EXIT_URL",
        "SGF_BASEMAP",
        "SGF_SAMPLES",
        "SGF_MAP_MAX_POINTS",
        "SGF_ONLINE_GEOCODER",
    ):
        monkeypatch.delenv(name, raising=False)


def _exit_scripts(at: AppTest) -> list[str]:
    return [str(h.proto.body) for h in at.get("html") if "location.replace" in str(h.proto.body)]


# --------------------------------------------------------------------------- breaks 13-15: settings


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_directory_setting_stops_the_site(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """SGF_DIRECTORY="" (or spaces) silently served the bundled directory."""
    monkeypatch.setenv("SGF_DIRECTORY", value)
    at = app()
    assert MISCONFIGURED in everything(at)
    at.switch_page("pages/matches.py").run()
    assert MISCONFIGURED in everything(at) and not at.subheader


def test_a_malformed_secrets_file_stops_the_site_with_one_log_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One missing quote in .streamlit/secrets.toml was ignored: bundled directory, basemap back on."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('SGF_BASEMAP = "off\n')
    monkeypatch.chdir(tmp_path)
    with caplog.at_level(logging.ERROR, logger="support_group_finder"):
        for _ in range(2):
            at = AppTest.from_file(APP, default_timeout=60)
            at.run()
            assert MISCONFIGURED in everything(at)
            at.switch_page("pages/matches.py").run()
            assert MISCONFIGURED in everything(at) and not at.subheader
    said = [r.getMessage() for r in caplog.records if r.name == "support_group_finder"]
    assert len(said) == 1 and "secrets.toml: not valid TOML" in said[0]


@pytest.mark.parametrize(
    "url",
    [
        "https://exit.example:abc/",
        "https://exit.example:99999/",
        "https://exit.example/</script><script>alert(1)</script>",
    ],
)
def test_a_bad_exit_address_stops_the_site_and_quick_exit_still_leaves_safely(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """A bad port was accepted (Quick exit then never left); </script> in it ran script on Quick exit."""
    monkeypatch.setenv("SGF_EXIT_URL", url)
    at = app()
    assert MISCONFIGURED in everything(at)
    button(at, "Quick exit").click().run()
    (script,) = _exit_scripts(at)
    assert 'window.location.replace("https://www.weather.gov/")' in script
    assert "<script>alert" not in script


def test_quick_exit_goes_to_the_deployers_page_even_when_another_setting_is_bad(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SGF_EXIT_URL", "https://news.example.org:8443/today")
    monkeypatch.setenv("SGF_BASEMAP", "of")
    at = app()
    assert MISCONFIGURED in everything(at)
    button(at, "Quick exit").click().run()
    assert any('replace("https://news.example.org:8443/today")' in s for s in _exit_scripts(at))


def test_a_script_string_can_never_end_its_script_element() -> None:
    text = script_string("https://a.example/</script><script>alert(1)</script>&")
    assert "</" not in text and "<" not in text and ">" not in text


# --------------------------------------------------------------------------- break 17: Call buttons


def test_call_buttons_dial_exactly_the_number_they_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "1-800-FLOWERS" dialed tel:1800 and "988 then press 1" dialed tel:9881."""
    rows = [
        row(id="v", name="Vanity Line Circle", phone="1-800-FLOWERS"),
        row(id="p", name="Press One Circle", phone="988 then press 1"),
        row(id="a", name="Arabic Digits Circle", phone="٩٨٨"),
    ]
    at = matches_page(tmp_path, monkeypatch, rows, Answers())
    calls = {label: url for label, url in link_buttons(at).items() if label.startswith("Call")}
    assert calls == {"Call 988": "tel:988", "Call ٩٨٨": "tel:988"}
    body = texts(at).replace("\\", "")
    assert "Phone: 1-800-FLOWERS" in body and "Phone: 988 then press 1" in body


# --------------------------------------------------------------------------- breaks 18-19: links and refresh


def _directory(tmp_path: Path, n: int) -> tuple[Path, list[str]]:
    ids = [f"g{i:03d}" for i in range(n)]
    path = write_rows(tmp_path / "groups.csv", [row(id=i, name=f"Circle {i}") for i in ids])
    return path, ids


def test_a_link_with_more_than_50_ids_restores_them_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link with more than 50 ids silently dropped the rest."""
    path, ids = _directory(tmp_path, 80)
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["id"] = ids
    at.run()
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    assert list(at.session_state["shortlist"]) == ids


def test_a_link_with_too_many_ids_says_how_many_were_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, ids = _directory(tmp_path, 205)
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["id"] = ids
    at.run()
    at.switch_page("pages/shortlist.py").run()
    assert len(at.session_state["shortlist"]) == 200
    assert "only the first 200 were added; 5 groups were left out" in texts(at)


def test_an_id_with_spaces_is_the_same_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same id with spaces around it was counted as 'no longer in the directory'."""
    path, ids = _directory(tmp_path, 3)
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["id"] = [ids[0], f" {ids[0]} ", f"  {ids[1]}"]
    at.run()
    at.switch_page("pages/shortlist.py").run()
    assert list(at.session_state["shortlist"]) == ids[:2]
    assert "no longer in the directory" not in texts(at)


def test_a_refresh_takes_removed_groups_off_the_shortlist_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh kept removed or renamed groups on a shortlist (and its CSV) with their old name and URL."""
    path = write_rows(
        tmp_path / "groups.csv", [row(id="stays", name="Old Name Circle"), row(id="goes", name="Closed Circle")]
    )
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    at = app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    for _ in range(2):
        next(b for b in at.button if b.label == "Add to shortlist").click().run()
    assert set(at.session_state["shortlist"]) == {"stays", "goes"}
    new = write_rows(
        tmp_path / "groups.csv.new", [row(id="stays", name="New Name Circle", url="https://new.example.org")]
    )
    new.replace(path)  # the nightly refresh's atomic rename
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    kept = at.session_state["shortlist"]
    assert list(kept) == ["stays"]
    listing: Listing = kept["stays"].listing
    assert (listing.name, listing.url) == ("New Name Circle", "https://new.example.org")
    assert "no longer in it, so it was taken off: Closed Circle" in texts(at).replace("\\", "")


# --------------------------------------------------------------------------- break 4: after a failover


@pytest.mark.parametrize("page", ["pages/matches.py", "pages/map.py", "pages/shortlist.py"])
def test_a_page_without_answers_says_they_may_have_been_cleared_and_why(page: str) -> None:
    """After nginx moved a person to another process, the page said only 'Answer a few short questions
    first' and showed an empty shortlist, with no word that anything was lost. The failover is a new
    session whose first run carries the widget values of the page the browser still shows."""
    gone = app()
    gone.switch_page(page).run()
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(page)
    at._run(widget_state=gone._tree.get_widget_states())  # the old page's widget values, on a new session
    assert not at.exception
    body = texts(at)
    assert FAILOVER_NOTE in body
    assert "your answers and shortlist were cleared" in body
    assert "only in the memory of the server" in body and "restarted or stopped" in body


FAILOVER_NOTE = "Your answers and shortlist were cleared"
CLEARED_LINE = "If you answered the questions a moment ago"


@pytest.mark.parametrize("page", ["pages/questionnaire.py", "pages/matches.py", "pages/shortlist.py"])
def test_a_new_visitor_changing_page_hears_nothing_of_a_restart(page: str) -> None:
    """A new user opened the site and tapped "Find groups that fit me": a yellow box said the server had
    restarted and their answers were cleared. The page change carried the guide's widget values, which
    were taken for a browser arriving from a session that is gone. Nothing restarted, so nothing is said."""
    at = app()
    at.switch_page(page).run()
    assert not at.exception
    body = texts(at)
    assert FAILOVER_NOTE not in body and CLEARED_LINE not in body
    at.switch_page("pages/guide.py").run()
    at.switch_page(page).run()
    body = texts(at)
    assert FAILOVER_NOTE not in body and CLEARED_LINE not in body


@pytest.mark.parametrize("page", ["pages/matches.py", "pages/shortlist.py"])
def test_start_over_does_not_say_the_server_restarted(page: str) -> None:
    """After "Start over" on Shortlist or Matches the restart warning came back."""
    at = app()
    at.switch_page("pages/questionnaire.py").run()
    at.session_state["answers"] = Answers()
    at.switch_page(page).run()
    assert not at.exception
    start = [b for b in at.button if b.label == "Start over"]
    if start:
        start[0].click().run()
    else:  # the shortlist page is empty here; Start over lives in the questionnaire
        at.switch_page("pages/questionnaire.py").run()
        next(b for b in at.button if b.label == "Start over").click().run()
    for p in ("pages/questionnaire.py", page):
        at.switch_page(p).run()
        body = texts(at)
        assert FAILOVER_NOTE not in body and CLEARED_LINE not in body, p


def test_the_shortlist_csv_carries_the_score_distance_and_reasons_the_cards_showed() -> None:
    """The CSV said 100 for both rows while the cards said 93 and 88, left the distance empty (the cards
    said 25.9 mi) and left out the distance and language reasons: the shortlist page ranked its listings
    again, without the person's place, and the CSV was made from that."""
    from matcher import shortlist_csv
    from tests.test_app import answer_questionnaire

    at = answer_questionnaire(app())
    next(b for b in at.button if b.label == "Add to shortlist").click().run()
    next(b for b in at.button if b.label == "Add to shortlist").click().run()
    seen = [(m.score, m.distance_miles, m.reasons) for m in at.session_state["shortlist"].values()]
    assert len(seen) == 2
    at.switch_page("pages/shortlist.py").run()
    assert not at.exception
    kept = list(at.session_state["shortlist"].values())
    assert [(m.score, m.distance_miles, m.reasons) for m in kept] == seen
    csv = shortlist_csv(kept).decode("utf-8-sig")
    for score, miles, _ in seen:
        assert f'"{score}"' in csv
        if miles is not None:
            assert f"{miles:.1f}" in csv
