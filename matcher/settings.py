"""Deployer settings, read from environment variables (the app also reads Streamlit secrets).

| variable | meaning | default |
|---|---|---|
| SGF_DIRECTORY | path of the directory CSV | data/groups.csv |
| SGF_BASEMAP | "on": map tiles from Carto; "off": no basemap, no third-party request | on |
| SGF_ONLINE_GEOCODER | "on": places the gazetteer doesn't know are sent to OpenStreetMap's Nominatim | off |
| SGF_MAP_MAX_POINTS | at most this many in-person matches are sent to the browser's map | 200 |
| SGF_SAMPLES | "on": the directory's sample (invented) rows are listed, marked; "off": every one is hidden | on |
| SGF_EXIT_URL | where the quick-exit button leaves for (an https:// address) | https://www.weather.gov/ |
| SGF_FEEDBACK_EMAIL | an address for "Report a problem with this listing" (opens the person's own mail app) | off |
| SGF_FEEDBACK_URL | or the deployer's own form (https://), given the listing's id and name only | off |

A bad value is never replaced by a default: :meth:`Settings.from_env` raises :class:`SettingsError`
naming the variable, and the app stops with a "this site is misconfigured" page instead of running
with settings the deployer did not choose.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from .errors import MatcherError
from .words import N_

DEFAULT_DIRECTORY: Final = Path(__file__).resolve().parent.parent / "data" / "groups.csv"
DEFAULT_MAP_MAX_POINTS: Final = 200
#: The largest SGF_MAP_MAX_POINTS a deployer may set.
MAP_MAX_POINTS_LIMIT: Final = 5000
DEFAULT_EXIT_URL: Final = "https://www.weather.gov/"
#: Each setting's name (environment variable, or key in Streamlit secrets), defined once.
ENV_DIRECTORY: Final = "SGF_DIRECTORY"
ENV_BASEMAP: Final = "SGF_BASEMAP"
ENV_ONLINE_GEOCODER: Final = "SGF_ONLINE_GEOCODER"
ENV_MAP_MAX_POINTS: Final = "SGF_MAP_MAX_POINTS"
ENV_SAMPLES: Final = "SGF_SAMPLES"
ENV_EXIT_URL: Final = "SGF_EXIT_URL"
ENV_FEEDBACK_EMAIL: Final = "SGF_FEEDBACK_EMAIL"
ENV_FEEDBACK_URL: Final = "SGF_FEEDBACK_URL"
SETTING_NAMES: Final = (
    ENV_DIRECTORY,
    ENV_BASEMAP,
    ENV_ONLINE_GEOCODER,
    ENV_MAP_MAX_POINTS,
    ENV_SAMPLES,
    ENV_EXIT_URL,
    ENV_FEEDBACK_EMAIL,
    ENV_FEEDBACK_URL,
)
#: A plain e-mail address: nothing a mailto: link would read as more headers, recipients or a body.
_EMAIL: Final = re.compile(
    r"[A-Za-z0-9.!#$%'*+/=^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+",
    re.ASCII,
)
#: What an exit address may contain: RFC 3986's characters without the ones that end an HTML attribute or
#: a script string (' " < > ` \\) or never belong in a link ({ } | ^).
_URL_CHARS: Final = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+", re.ASCII)
_TRUE: Final = {"1", "true", "yes", "on"}
_FALSE: Final = {"0", "false", "no", "off"}


class SettingsError(MatcherError, ValueError):
    """A setting with a value that makes no sense: ``setting`` names the variable, ``message`` says why."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


def _shown(raw: str) -> str:
    """A setting's value quoted for a message, control characters escaped, long values cut."""
    text = raw if len(raw) <= 80 else raw[:80] + "…"
    return repr(text)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = str(env.get(name, "")).strip()
    if not raw:
        return default
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise SettingsError(name, f"{name}={_shown(raw)}: use on or off")


def _points(env: Mapping[str, str]) -> int:
    raw = str(env.get(ENV_MAP_MAX_POINTS, "")).strip()
    if not raw:
        return DEFAULT_MAP_MAX_POINTS
    if not raw.isascii() or not raw.isdigit():
        raise SettingsError(
            ENV_MAP_MAX_POINTS,
            f"{ENV_MAP_MAX_POINTS}={_shown(raw)}: use a whole number from 1 to {MAP_MAX_POINTS_LIMIT}",
        )
    points = int(raw)
    if not 1 <= points <= MAP_MAX_POINTS_LIMIT:
        raise SettingsError(ENV_MAP_MAX_POINTS, f"{ENV_MAP_MAX_POINTS}={points}: use 1 to {MAP_MAX_POINTS_LIMIT}")
    return points


def _exit_url(env: Mapping[str, str]) -> str:
    raw = str(env.get(ENV_EXIT_URL, "")).strip()
    if not raw:
        return DEFAULT_EXIT_URL
    return _https_address(raw, ENV_EXIT_URL)


def _feedback(env: Mapping[str, str]) -> tuple[str, str]:
    """(e-mail, form address) for "Report a problem with this listing"; both "" when off (the default)."""
    email = str(env.get(ENV_FEEDBACK_EMAIL, "")).strip()
    form = str(env.get(ENV_FEEDBACK_URL, "")).strip()
    if email and form:
        raise SettingsError(
            ENV_FEEDBACK_URL,
            f"{ENV_FEEDBACK_EMAIL} and {ENV_FEEDBACK_URL} are both set: choose one way to receive reports",
        )
    if email and not (len(email) <= 254 and _EMAIL.fullmatch(email) and ".." not in email):
        raise SettingsError(
            ENV_FEEDBACK_EMAIL,
            f"{ENV_FEEDBACK_EMAIL}={_shown(email)}: use one plain e-mail address, such as listings@example.org",
        )
    return email, _https_address(form, ENV_FEEDBACK_URL) if form else ""


def _https_address(raw: str, name: str) -> str:
    """An https:// address a link may carry, or SettingsError naming the setting and what is wrong."""
    problem = ""
    if not raw.isprintable() or any(c.isspace() for c in raw):
        problem = "spaces or control characters are not allowed in an address"
    else:
        try:
            parts = urlsplit(raw)
            host = parts.hostname
        except ValueError:
            parts, host = None, None
        if parts is None:
            problem = "not a web address"
        elif parts.scheme.lower() != "https":
            problem = "use an https:// address"
        elif not host or "." not in host:
            problem = "the address needs a site name, e.g. https://www.weather.gov/"
        elif parts.username is not None or parts.password is not None:
            problem = "the address must not carry a user name or password"
        elif not _URL_CHARS.fullmatch(raw):
            problem = "the address has a character a web address never needs (< > \" ' ` \\ { } |); percent-encode it"
        else:
            try:
                port = parts.port
            except ValueError:
                port = -1
            if port is not None and not 1 <= port <= 65535:
                problem = "the port after the site name must be a number from 1 to 65535"
    if problem:
        raise SettingsError(name, f"{name}={_shown(raw)}: {problem}")
    return raw


def exit_url_from_env(env: Mapping[str, str]) -> str:
    """Where Quick exit goes: SGF_EXIT_URL when it is a usable address, whatever the other settings say,
    else the default neutral page. Quick exit must leave even on a misconfigured site."""
    try:
        return _exit_url(env)
    except SettingsError:
        return DEFAULT_EXIT_URL


def read_secrets(path: Path) -> dict[str, str]:
    """The SGF_* settings of a Streamlit secrets file ({} when there is none).

    SettingsError when the file exists but cannot be read or is not valid TOML: Streamlit itself only
    logs "Failed to load secrets" and goes on without them, which would silently serve the bundled
    directory and switch the basemap back on."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SettingsError("secrets", f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError("secrets", f"{path}: not valid TOML ({str(exc)[:120]})") from None
    out: dict[str, str] = {}
    for name in SETTING_NAMES:
        if name in data:
            value = data[name]
            if isinstance(value, (dict, list)):
                raise SettingsError(name, f"{path}: {name} should be a single value, not a table or list")
            out[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


#: Where Streamlit looks for secrets: the user's own file, then the app folder's (later files win there).
SECRETS_FILES: Final = (Path("~/.streamlit/secrets.toml"), Path(".streamlit/secrets.toml"))


def settings_env(environ: Mapping[str, str], secret_files: tuple[Path, ...] = SECRETS_FILES) -> dict[str, str]:
    """The environment with the SGF_* values of the secrets files added (an environment variable wins).
    SettingsError when a secrets file exists but cannot be read (see :func:`read_secrets`)."""
    env = dict(environ)
    from_files: dict[str, str] = {}
    for path in secret_files:
        from_files.update(read_secrets(path.expanduser()))
    for name, value in from_files.items():
        env.setdefault(name, value)
    return env


@dataclass(frozen=True)
class Settings:
    directory: Path = DEFAULT_DIRECTORY
    basemap: bool = True
    online_geocoder: bool = False
    map_max_points: int = DEFAULT_MAP_MAX_POINTS
    samples: bool = True
    exit_url: str = DEFAULT_EXIT_URL
    #: "Report a problem with this listing": a deployer's address or form ("" = no link, the default)
    feedback_email: str = ""
    feedback_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """The settings in ``env``; the first bad one raises SettingsError naming it (no default is used).

        A setting that is present but empty or only spaces (``SGF_DIRECTORY=""``) is an error too: it
        says the deployer meant to set something, so it is never read as "use the default"."""
        for name in SETTING_NAMES:
            if name in env and not str(env[name]).strip():
                raise SettingsError(name, f"{name} is set but empty; give it a value, or remove it to use the default")
        directory = str(env.get(ENV_DIRECTORY, "")).strip()
        if directory and not directory.isprintable():
            raise SettingsError(
                ENV_DIRECTORY, f"{ENV_DIRECTORY}={_shown(directory)}: control characters are not allowed in a path"
            )
        return cls(
            directory=Path(directory) if directory else DEFAULT_DIRECTORY,
            basemap=_flag(env, ENV_BASEMAP, True),
            online_geocoder=_flag(env, ENV_ONLINE_GEOCODER, False),
            map_max_points=_points(env),
            samples=_flag(env, ENV_SAMPLES, True),
            exit_url=_exit_url(env),
            feedback_email=_feedback(env)[0],
            feedback_url=_feedback(env)[1],
        )

    def report_link(self, listing_id: str, name: str) -> str:
        """The link of "Report a problem with this listing": a mailto: (or the deployer's form) carrying the
        listing's id and name only, never anything the person answered; "" when the deployer set neither."""
        about = f"Listing {listing_id[:200]}: {name[:200]}"
        if self.feedback_email:
            subject = quote(f"Problem with a listing: {name[:200]}", safe="")
            body = quote(f"{about}\n\nWhat is wrong (for example the time, the place or the phone):\n", safe="")
            return f"mailto:{self.feedback_email}?subject={subject}&body={body}"
        if self.feedback_url:
            parts = urlsplit(self.feedback_url)
            query = urlencode({"listing": listing_id[:200], "name": name[:200]}, quote_via=quote)
            joined = f"{parts.query}&{query}" if parts.query else query
            return urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))
        return ""

    def leaves_the_machine(self) -> list[str]:
        """Plain sentences on what, if anything, is sent to a third party (English message ids: the app
        translates them)."""
        out = []
        if self.basemap:
            out.append(
                N_(
                    "Map pictures (tiles) come from Carto's servers: your browser fetches them directly, "
                    "so Carto sees your internet address and the area the map shows. The map centers on the "
                    "place you typed, so that area tells Carto roughly where you searched. It never sees your "
                    "answers."
                )
            )
        if self.online_geocoder:
            out.append(
                N_(
                    "A place our built-in list does not know is looked up with OpenStreetMap's Nominatim, "
                    "which receives the place you typed."
                )
            )
        return out
