"""Deployer settings: every value checked, a bad one fails closed, and the directory is held once per process."""

from __future__ import annotations

import gc
import logging
import os
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from matcher import Answers
from matcher.settings import DEFAULT_DIRECTORY, DEFAULT_EXIT_URL, Settings, SettingsError
from tests.conftest import PAGES, ROOT, row, write_rows

APP = str(ROOT / "app.py")
CRISIS = "tel:988"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from no SGF_ setting and an empty directory cache."""
    for name in list(os.environ):
        if name.startswith("SGF_"):
            monkeypatch.delenv(name)
    st.cache_resource.clear()
    from ui import config

    config._logged.clear()
    yield
    st.cache_resource.clear()


# --------------------------------------------------------------------------- reading the values


def test_defaults_show_samples_and_exit_to_the_weather_service() -> None:
    """With nothing set: the bundled directory, samples listed (marked) and a quick exit to weather.gov."""
    s = Settings.from_env({})
    assert s.directory == DEFAULT_DIRECTORY
    assert s.samples is True
    assert s.exit_url == DEFAULT_EXIT_URL == "https://www.weather.gov/"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", False), ("OFF", False), ("no", False), ("0", False), ("on", True), ("true", True), (" yes ", True)],
)
def test_sgf_samples_reads_on_and_off(value: str, expected: bool) -> None:
    """SGF_SAMPLES accepts on/off (and yes/no, true/false, 1/0) in any case."""
    assert Settings.from_env({"SGF_SAMPLES": value}).samples is expected


@pytest.mark.parametrize(
    "url", ["https://www.weather.gov/", "https://news.example.org/today?x=1", "HTTPS://Example.com"]
)
def test_an_https_exit_address_is_kept_as_given(url: str) -> None:
    """A deployer's own https quick-exit destination is used exactly as written."""
    assert Settings.from_env({"SGF_EXIT_URL": url}).exit_url == url


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SGF_MAP_MAX_POINTS", "abc"),
        ("SGF_MAP_MAX_POINTS", "0"),
        ("SGF_MAP_MAX_POINTS", "9999"),
        ("SGF_MAP_MAX_POINTS", "١٢"),
        ("SGF_MAP_MAX_POINTS", "-5"),
        ("SGF_BASEMAP", "of"),
        ("SGF_ONLINE_GEOCODER", "maybe"),
        ("SGF_SAMPLES", "hide"),
        ("SGF_EXIT_URL", "http://www.weather.gov/"),
        ("SGF_EXIT_URL", "javascript:alert(1)"),
        ("SGF_EXIT_URL", "https://"),
        ("SGF_EXIT_URL", "https://exa mple.com/"),
        ("SGF_EXIT_URL", "https://example.com/\r\nSet-Cookie: x"),
        ("SGF_EXIT_URL", "www.weather.gov"),
        ("SGF_EXIT_URL", "https://user:pw@example.com/"),
        ("SGF_EXIT_URL", "https://[::1/"),
        ("SGF_DIRECTORY", "data/\x1b[31mgroups.csv"),
    ],
)
def test_a_bad_value_is_refused_and_named(name: str, value: str) -> None:
    """A bad value raises SettingsError naming that setting (never a quiet default); the message has no raw
    control characters."""
    with pytest.raises(SettingsError) as info:
        Settings.from_env({"SGF_DIRECTORY": "/srv/mine.csv", name: value} if name != "SGF_DIRECTORY" else {name: value})
    assert info.value.setting == name
    assert info.value.message.startswith(name + "=")
    assert info.value.message.isprintable()


# --------------------------------------------------------------------------- in the app


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
    parts += [s.value for s in at.header] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader]  # a card's title is the listing's name
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize(
    ("name", "value"), [("SGF_MAP_MAX_POINTS", "abc"), ("SGF_BASEMAP", "of"), ("SGF_EXIT_URL", "http://example.com/")]
)
def test_a_bad_setting_stops_every_page_with_the_crisis_lines_still_there(
    name: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One bad setting: every page says the site is misconfigured under the crisis lines, shows no group
    (the deployer's directory is never swapped for the bundled one), and the log names the setting once
    however many pages and reruns follow."""
    own = write_rows(tmp_path / "mine.csv", [row(id="mine", name="Deployer Own Group")])
    monkeypatch.setenv("SGF_DIRECTORY", str(own))
    monkeypatch.setenv(name, value)
    caplog.set_level(logging.ERROR, logger="support_group_finder")
    at = run_app()
    at.session_state["answers"] = Answers()
    for page in PAGES * 2:
        at.switch_page(page).run()
        assert not at.exception, page
        text = all_text(at)
        assert CRISIS in text, page
        assert "This site is misconfigured" in text and "crisis lines above still work" in text, page
        assert "Deployer Own Group" not in text and "NAMI" not in text, page
    lines = [r.getMessage() for r in caplog.records if r.name == "support_group_finder"]
    assert len(lines) == 1, lines
    assert name in lines[0]


def test_samples_off_hides_every_sample_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SGF_SAMPLES=off: a sample row never reaches the matches page; on (the default), it is listed."""
    path = write_rows(
        tmp_path / "g.csv", [row(id="real", name="Real Circle"), row(id="fake", name="Invented Circle", sample="true")]
    )
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    for setting, shows_sample in (("on", True), ("off", False)):
        st.cache_resource.clear()
        monkeypatch.setenv("SGF_SAMPLES", setting)
        at = run_app()
        at.session_state["answers"] = Answers()
        at.switch_page("pages/matches.py").run()
        assert not at.exception
        text = all_text(at)
        assert "Real Circle" in text
        assert ("Invented Circle" in text) is shows_sample, setting


def test_a_new_version_of_the_file_replaces_the_old_copy(tmp_path: Path) -> None:
    """The process holds one directory: the same file version is one shared object, and a new version
    frees the old copy instead of adding another."""
    from ui import config

    path = write_rows(tmp_path / "g.csv", [row(id=f"g{i}") for i in range(5)])

    def load() -> object:
        s = path.stat()
        return config._load(str(path), (s.st_size, s.st_mtime_ns, s.st_ino), "2026-11-27", True).directory

    first = load()
    assert load() is first
    old = weakref.ref(first)
    del first
    write_rows(path, [row(id=f"g{i}") for i in range(6)])
    second = load()
    assert len(second) == 6  # type: ignore[arg-type]
    gc.collect()
    assert old() is None, "the old version is still held"


def test_an_all_sample_directory_with_samples_off_is_a_deployer_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hiding every row is not 'no group meets your needs': the page says the directory cannot be used."""
    path = write_rows(tmp_path / "g.csv", [row(id="fake", sample="true")])
    monkeypatch.setenv("SGF_DIRECTORY", str(path))
    monkeypatch.setenv("SGF_SAMPLES", "off")
    at = run_app()
    at.session_state["answers"] = Answers()
    at.switch_page("pages/matches.py").run()
    assert not at.exception
    assert "could not be read" in at.error[0].value


def test_a_rerun_with_the_same_answers_does_not_rank_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A click on the matches page that changes no answer reuses the session's ranking (fast on a big
    directory); new answers are ranked afresh."""
    from ui import state

    calls: list[int] = []
    real = state.rank_listings
    monkeypatch.setattr(state, "rank_listings", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = run_app()
    at.session_state["answers"] = Answers(focus=["anxiety"])
    at.switch_page("pages/matches.py").run()
    first = len(calls)
    assert first >= 1
    at.run()
    at.run()
    assert len(calls) == first
    at.session_state["answers"] = Answers(focus=["depression"])
    at.run()
    assert len(calls) > first


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"SGF_FEEDBACK_EMAIL": "not an address"}, "one plain e-mail address"),
        ({"SGF_FEEDBACK_EMAIL": "a@b.org?cc=x@y.org"}, "one plain e-mail address"),
        ({"SGF_FEEDBACK_EMAIL": "a@b.org", "SGF_FEEDBACK_URL": "https://b.org/form"}, "both set"),
        ({"SGF_FEEDBACK_URL": "http://b.org/form"}, "https://"),
        ({"SGF_FEEDBACK_URL": "javascript:alert(1)"}, "https://"),
        ({"SGF_FEEDBACK_URL": " "}, "set but empty"),
    ],
)
def test_a_bad_feedback_setting_is_refused_and_named(env: dict[str, str], problem: str) -> None:
    """The report link's settings fail closed like the others: the variable is named with what is wrong."""
    from matcher.settings import Settings, SettingsError

    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert problem in caught.value.message and caught.value.setting.startswith("SGF_FEEDBACK_")


def test_the_report_link_carries_the_listing_only() -> None:
    """Off by default; a mailto: with the listing's id and name (encoded), or the deployer's form with them."""
    from urllib.parse import parse_qs, unquote, urlsplit

    from matcher.settings import Settings

    assert Settings.from_env({}).report_link("g1", "Tuesday Circle") == ""
    mail = Settings.from_env({"SGF_FEEDBACK_EMAIL": "listings@example.org"}).report_link("g1", "Hope & Courage")
    assert mail.startswith("mailto:listings@example.org?subject=")
    assert "Listing g1: Hope & Courage" in unquote(mail) and "&body=" in mail and " " not in mail
    form = Settings.from_env({"SGF_FEEDBACK_URL": "https://example.org/report?site=a"}).report_link("g1", "A&B")
    query = parse_qs(urlsplit(form).query)
    assert query == {"site": ["a"], "listing": ["g1"], "name": ["A&B"]}
