"""Deployer settings (environment, then Streamlit secrets), the directory held once per process, and the
message a misconfigured site shows below the crisis lines."""

from __future__ import annotations

import logging
import os
import threading
from datetime import date
from pathlib import Path

import streamlit as st

from matcher import (
    DEFAULT_EXIT_URL,
    Directory,
    DirectoryError,
    LoadResult,
    Settings,
    SettingsError,
    exit_url_from_env,
    load_directory,
    settings_env,
    warm_up,
    without_samples,
)
from ui.i18n import N_, _

log = logging.getLogger("support_group_finder")
CONTENT = Path(__file__).resolve().parent.parent / "content"

#: Where quick exit goes if the deployer's settings cannot be read (SGF_EXIT_URL's own default).
EXIT_FALLBACK = DEFAULT_EXIT_URL
MISCONFIGURED = N_(
    "This site is misconfigured, so it cannot show groups right now; the crisis lines above "
    "still work. The organization running this site has been told in its server log."
)
#: Files at least this big are kept validated in a memory-mapped Arrow file next to them.
ARROW_CACHE_MIN_BYTES = 1_000_000
_logged: set[str] = set()
_logged_lock = threading.Lock()


def _log_once(level: int, key: str, msg: str, *args: object) -> None:
    """Log a deployer problem once per process, not on every rerun of every session."""
    with _logged_lock:
        if key in _logged:
            return
        _logged.add(key)
    log.log(level, msg, *args)


def _env() -> dict[str, str]:
    """The environment with the SGF_* values of Streamlit's secrets files (environment variables win).

    The secrets files are read here, not through ``st.secrets``: Streamlit only logs "Failed to load
    secrets" for a malformed file and goes on without it, which served the bundled directory and turned
    the basemap back on. Here such a file is a SettingsError, so the site stops (fails closed)."""
    return settings_env(os.environ)


def settings() -> Settings:
    """Deployer settings: environment variables, then Streamlit secrets with the same names.

    A bad setting fails closed: the page says the site is misconfigured (the crisis lines drawn above
    it still work), one log line names the setting, and the script stops. Nothing falls back to a
    default, so a deployer's directory or privacy choices are never silently replaced.
    """
    try:
        return Settings.from_env(_env())
    except SettingsError as exc:
        _log_once(
            logging.ERROR, f"setting:{exc.message}", "bad setting %s, the app is stopped: %s", exc.setting, exc.message
        )
        st.error(_(MISCONFIGURED), icon=":material/build:")
        st.stop()


def exit_url() -> str:
    """The deployer's neutral page for quick exit (SGF_EXIT_URL, https only).

    Quick exit must work even on a misconfigured site: SGF_EXIT_URL is judged alone, so another bad
    setting does not change where it goes, and a bad exit address itself gives the default neutral page
    (every other use of the settings still stops the site and logs the problem)."""
    try:
        env = _env()
    except SettingsError:  # an unreadable secrets file: the environment alone
        env = dict(os.environ)
    url = exit_url_from_env(env)
    return url or EXIT_FALLBACK


@st.cache_resource(show_spinner=False)
def warm_up_place_index() -> object:
    """Start building the offline place index once per process, in the background, at the first visit,
    so the place step (several steps later) answers at once instead of waiting for the build."""
    return warm_up()


@st.cache_resource(max_entries=1, show_spinner=False)
def _load(path: str, stamp: tuple[int, int, int], day: str, samples: bool) -> LoadResult:
    """Load the directory once per file version, day and SGF_SAMPLES, for every session of this process.

    One entry: a new version of the file replaces the old copy instead of adding another. Problems go
    to the deployer's log once per version. Big files are read through the Arrow cache.
    """
    result = load_directory(path, today=date.fromisoformat(day), cache=stamp[0] >= ARROW_CACHE_MIN_BYTES)
    if result.problems:
        lines = sorted({p.line for p in result.problems})
        log.warning(
            "%s: %d problem(s) on %d line(s) (%s); running on the %d valid listing(s). "
            "Run 'python -m matcher validate %s' for details.",
            path,
            len(result.problems),
            len(lines),
            ", ".join(map(str, lines[:20])) + (" …" if len(lines) > 20 else ""),
            len(result.directory),
            path,
        )
    if not samples:
        result = LoadResult(
            directory=without_samples(result.directory), problems=result.problems, rows_read=result.rows_read
        )
    result.directory.build_indexes()  # here, once per process (and at warm-up), not on the first ranking
    return result


def directory() -> Directory:
    """The directory (without sample rows when SGF_SAMPLES=off), one copy per process, or a clear page
    saying it cannot be used (and the script stops)."""
    config = settings()
    path = config.directory
    try:
        st_ = path.stat()
        result = _load(str(path), (st_.st_size, st_.st_mtime_ns, st_.st_ino), date.today().isoformat(), config.samples)
        if len(result.directory) == 0:
            what = (
                "every listing is a sample and SGF_SAMPLES=off"
                if result.rows_read and not result.problems
                else "no valid listing in it"
            )
            raise DirectoryError(path, what)
        return result.directory
    except (OSError, DirectoryError) as exc:
        _log_once(logging.ERROR, f"directory:{path}:{exc}", "directory unusable: %s", exc)
        st.error(
            _(
                "The group directory could not be read, so no groups can be shown right now. "
                "The organization running this site has been told in its server log. "
                "The crisis lines above are always available."
            )
        )
        st.stop()
