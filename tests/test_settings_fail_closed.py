"""Settings fail closed (issue 24, breaks 13-15): empty values, unreadable secrets files and exit
addresses that would not leave (bad port) or would break out of a script are errors, never defaults;
Quick exit's own address is judged alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.settings import (
    DEFAULT_EXIT_URL,
    SETTING_NAMES,
    Settings,
    SettingsError,
    exit_url_from_env,
    read_secrets,
    settings_env,
)


@pytest.mark.parametrize("name", SETTING_NAMES)
@pytest.mark.parametrize("value", ["", " ", "\t"])
def test_a_setting_given_but_empty_stops_the_site(name: str, value: str) -> None:
    """SGF_DIRECTORY="" silently served the bundled directory."""
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({name: value})
    assert caught.value.setting == name and "empty" in caught.value.message


@pytest.mark.parametrize(
    "url",
    [
        "https://exit.example:abc/",
        "https://exit.example:99999/",
        "https://exit.example:0/",
        "https://exit.example/</script><script>alert(1)</script>",
        'https://exit.example/"onload="x',
        "https://exit.example/'x'",
    ],
)
def test_an_exit_address_that_would_not_leave_or_would_run_script_is_refused(url: str) -> None:
    """:abc and :99999 were accepted (Quick exit then never left); </script> ran script on Quick exit."""
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"SGF_EXIT_URL": url})
    assert caught.value.setting == "SGF_EXIT_URL"
    assert exit_url_from_env({"SGF_EXIT_URL": url}) == DEFAULT_EXIT_URL


def test_quick_exit_keeps_the_deployers_page_when_another_setting_is_bad() -> None:
    """With SGF_BASEMAP=of, Quick exit ignored the configured page."""
    env = {"SGF_EXIT_URL": "https://news.example.org:8443/today", "SGF_BASEMAP": "of"}
    with pytest.raises(SettingsError):
        Settings.from_env(env)
    assert exit_url_from_env(env) == "https://news.example.org:8443/today"


def test_a_malformed_secrets_file_is_an_error_not_ignored(tmp_path: Path) -> None:
    """One missing quote in secrets.toml: Streamlit went on without it (bundled directory, basemap back on)."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('SGF_BASEMAP = "off\nSGF_DIRECTORY = "/srv/groups.csv"\n')
    with pytest.raises(SettingsError, match="not valid TOML"):
        settings_env({}, (secrets,))
    secrets.write_bytes(b'SGF_BASEMAP = "\xff"\n')
    with pytest.raises(SettingsError):
        read_secrets(secrets)


def test_secrets_are_read_and_the_environment_wins(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('SGF_BASEMAP = false\nSGF_SAMPLES = "off"\nOTHER = 1\n')
    env = settings_env({"SGF_SAMPLES": "on"}, (secrets, tmp_path / "missing.toml"))
    assert env["SGF_BASEMAP"] == "false" and env["SGF_SAMPLES"] == "on" and "OTHER" not in env
    s = Settings.from_env(env)
    assert s.basemap is False and s.samples is True
