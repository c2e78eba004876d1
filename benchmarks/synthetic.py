"""A synthetic directory of N listings for benchmarks: real ZIP centers, every vocabulary value, deterministic.

python benchmarks/synthetic.py 1000000 /tmp/groups-1m.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.directory import COLUMNS
from matcher.directory.model import OPTIONAL_COLUMNS
from matcher.places import zip_index
from matcher.schedules import is_timezone
from matcher.vocabulary import ACCESSIBILITY, COMMUNITIES, COST, FACILITATION, FOCUS, FORMATS

ZONES = {"AK": "America/Anchorage", "HI": "Pacific/Honolulu", "AZ": "America/Phoenix"}


def synthetic_frame(n: int, seed: int = 7) -> pd.DataFrame:
    """N listings spread over the US at real ZIP centers, covering every code and schedule shape."""
    rng = np.random.default_rng(seed)
    zips = zip_index()
    codes = sorted(zips)
    pick = rng.integers(0, len(codes), n)
    zip_code = np.array(codes)[pick]
    lat = np.array([zips[c].lat for c in codes])[pick]
    lon = np.array([zips[c].lon for c in codes])[pick]
    zone = [
        zips[c].timezone
        if zips[c].timezone and is_timezone(zips[c].timezone)
        else ZONES.get(zips[c].state, "America/Chicago")
        for c in codes
    ]
    tz = np.array(zone)[pick]
    state = np.array([zips[c].state for c in codes])[pick]

    def choose(options: list[str], p: list[float] | None = None) -> np.ndarray:
        return np.array(options, dtype=object)[rng.choice(len(options), n, p=p)]

    focus = list(FOCUS)
    focus_cells = [f"{a};{b}" if a != b else a for a in focus for b in focus[:4]]
    formats = choose(
        ["in_person", "in_person;online", "online", "phone", "online;phone"], [0.55, 0.15, 0.15, 0.05, 0.1]
    )
    days = choose(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon;wed", "tue;thu", "sat;sun", ""],
        [0.1] * 7 + [0.08, 0.08, 0.06, 0.08],
    )
    hours = rng.choice([7, 9, 12, 15, 18, 19, 20, 22], n)
    start = np.char.add(np.char.zfill(hours.astype(str), 2), ":00")
    end = np.char.add(np.char.zfill((hours + 1).astype(str), 2), ":30")
    has_days = days != ""
    communities = choose(["", "", "", *COMMUNITIES])
    only_for = (communities != "") & (rng.random(n) < 0.3)
    ages = rng.choice(4, n, p=[0.8, 0.1, 0.05, 0.05])  # no limit, adults, teens, older adults
    min_age = np.array(["", "18", "13", "55"], dtype=object)[ages]
    max_age = np.array(["", "", "17", ""], dtype=object)[ages]
    in_person = np.char.find(formats.astype(str), "in_person") >= 0
    frame = pd.DataFrame(
        {
            "id": np.char.add("syn-", np.arange(n).astype(str)),
            "name": np.char.add("Synthetic group ", np.arange(n).astype(str)),
            "organization": "Benchmark org",
            "description": "A synthetic listing for benchmarks.",
            "focus": choose(focus_cells),
            "communities": communities,
            "audience": np.where(only_for, communities, ""),
            "min_age": min_age,
            "max_age": max_age,
            "facilitation": choose([*FACILITATION, ""]),
            "formats": formats,
            "days": days,
            "start_time": np.where(has_days, start, ""),
            "end_time": np.where(has_days, end, ""),
            "timezone": np.where(has_days, tz, ""),
            "cost": choose([*COST, ""]),
            "languages": choose(["en", "en", "en", "en;es", "es", "zh", "vi"]),
            "accessibility": np.where(in_person, choose(["", "wheelchair", "wheelchair;asl", "asl"]), ""),
            "address": np.where(in_person, "1 Example St", ""),
            "city": "Example City",
            "state": state,
            "postal_code": zip_code,
            "country": "US",
            "latitude": np.where(in_person, np.round(lat, 4).astype(str), ""),
            "longitude": np.where(in_person, np.round(lon, 4).astype(str), ""),
            "phone": "",
            "url": "https://example.org",
            "source_url": "",
            "last_verified": "2026-01-15",
            "worth_knowing": choose(["", "", "", "", "A faith-based group", "Closed group; new members join monthly"]),
            "sample": "true",
        }
    )
    # the optional columns a synthetic row does not set stay empty (model.OPTIONAL_COLUMNS); a new required
    # column still fails the check below until it is given a synthetic value
    for column in sorted(OPTIONAL_COLUMNS - set(frame.columns)):
        frame[column] = ""
    assert set(frame.columns) == set(COLUMNS), set(COLUMNS) ^ set(frame.columns)
    frame = frame[list(COLUMNS)]
    # every format and access code is exercised (the ranking's bit masks for each are timed)
    for column, vocabulary in (("formats", FORMATS), ("accessibility", ACCESSIBILITY), ("audience", COMMUNITIES)):
        seen = {code for cell in pd.unique(frame[column]) for code in str(cell).split(";") if code}
        assert seen == set(vocabulary), f"{column} misses {set(vocabulary) - seen}"
    return frame


def write_csv(n: int, path: Path, seed: int = 7) -> Path:
    synthetic_frame(n, seed).to_csv(path, index=False)
    return path


if __name__ == "__main__":
    print(write_csv(int(sys.argv[1]), Path(sys.argv[2])))
