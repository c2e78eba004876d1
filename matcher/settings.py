"""Deployer settings, read from environment variables (the app also reads Streamlit secrets).

| variable | meaning | default |
|---|---|---|
| SGF_DIRECTORY | path of the directory CSV | data/groups.csv |
| SGF_BASEMAP | "on": map tiles from Carto; "off": no basemap, no third-party request | on |
| SGF_ONLINE_GEOCODER | "on": places the gazetteer doesn't know are sent to OpenStreetMap's Nominatim | off |
| SGF_MAP_MAX_POINTS | at most this many in-person matches are sent to the browser's map | 200 |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from .errors import MatcherError

DEFAULT_DIRECTORY: Final = Path(__file__).resolve().parent.parent / "data" / "groups.csv"
DEFAULT_MAP_MAX_POINTS: Final = 200
#: Every setting's name (environment variable, or key in Streamlit secrets).
SETTING_NAMES: Final = ("SGF_DIRECTORY", "SGF_BASEMAP", "SGF_ONLINE_GEOCODER", "SGF_MAP_MAX_POINTS")
_TRUE: Final = {"1", "true", "yes", "on"}
_FALSE: Final = {"0", "false", "no", "off"}


class SettingsError(MatcherError, ValueError):
    """A setting with a value that makes no sense, named with the variable."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = str(env.get(name, "")).strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name}={raw!r}: use on or off")


@dataclass(frozen=True)
class Settings:
    directory: Path = DEFAULT_DIRECTORY
    basemap: bool = True
    online_geocoder: bool = False
    map_max_points: int = DEFAULT_MAP_MAX_POINTS

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        raw_points = str(env.get("SGF_MAP_MAX_POINTS", "")).strip()
        try:
            points = int(raw_points) if raw_points else DEFAULT_MAP_MAX_POINTS
        except ValueError:
            raise SettingsError(f"SGF_MAP_MAX_POINTS={raw_points!r}: use a whole number") from None
        if not 1 <= points <= 5000:
            raise SettingsError(f"SGF_MAP_MAX_POINTS={points}: use 1 to 5000")
        directory = str(env.get("SGF_DIRECTORY", "")).strip()
        return cls(
            directory=Path(directory) if directory else DEFAULT_DIRECTORY,
            basemap=_flag(env, "SGF_BASEMAP", True),
            online_geocoder=_flag(env, "SGF_ONLINE_GEOCODER", False),
            map_max_points=points,
        )

    def leaves_the_machine(self) -> list[str]:
        """Plain sentences on what, if anything, is sent to a third party."""
        out = []
        if self.basemap:
            out.append("Map pictures (tiles) come from Carto's servers, which see the map area being viewed "
                       "(not your answers).")
        if self.online_geocoder:
            out.append("A place our built-in list does not know is looked up with OpenStreetMap's Nominatim, "
                       "which receives the place you typed.")
        return out
