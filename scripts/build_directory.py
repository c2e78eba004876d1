"""Build the bundled directory from real sources, and (separately) the invented demo directory.

``data/groups.csv`` — the default directory, every row real:

- the national programs of ``data/sources/national_programs.csv`` (checked by hand against each
  program's own site), then
- every facility SAMHSA's 2022 national directories list with a group a person can reach
  (``data/sources/samhsa-2022/``, imported with ``matcher.importers.samhsa``: the same code as
  ``python -m matcher import samhsa``).

``data/examples/invented-groups.csv`` — only for demos, opted into with ``SGF_DIRECTORY``: the national
programs plus 450 *invented* local groups, marked ``sample=true``, named "[Sample] …", placed at the
centers of standard, active ZIP codes (never PO-box, single-organization or retired ZIP codes). Samples
carry realistic eligibility (women-only, teen groups with ages, groups for family members) and weekly
times, so the ranking's rules and the calendar can be shown. Both files are the same every run (fixed
seed, sorted inputs).

    python scripts/build_directory.py            # writes both files
    python scripts/build_directory.py --check    # exit 1 if either file is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without the package installed
    sys.path.insert(0, str(ROOT))

from matcher.directory import COLUMNS  # noqa: E402
from matcher.vocabulary import COMMUNITIES, COST, FOCUS, TIMES_OF_DAY  # noqa: E402

NATIONAL = ROOT / "data" / "sources" / "national_programs.csv"
SAMHSA = [
    ROOT / "data" / "sources" / "samhsa-2022" / f"National_Directory_{kind}_Facilities_2022.xlsx"
    for kind in ("MH", "SA")
]
OUT = ROOT / "data" / "groups.csv"
DEMO = ROOT / "data" / "examples" / "invented-groups.csv"
#: "Today" for the import's validation (the sources carry no dates, so the output does not depend on it).
BUILD_DAY = date(2026, 1, 1)
SEED = 20261126
SAMPLES_PER_CITY = 15

CITIES: list[tuple[str, str]] = [
    ("New York", "NY"),
    ("Los Angeles", "CA"),
    ("Chicago", "IL"),
    ("Houston", "TX"),
    ("Phoenix", "AZ"),
    ("Philadelphia", "PA"),
    ("San Antonio", "TX"),
    ("San Diego", "CA"),
    ("Dallas", "TX"),
    ("Austin", "TX"),
    ("Seattle", "WA"),
    ("Denver", "CO"),
    ("Boston", "MA"),
    ("Atlanta", "GA"),
    ("Miami", "FL"),
    ("Minneapolis", "MN"),
    ("Portland", "OR"),
    ("Detroit", "MI"),
    ("Nashville", "TN"),
    ("Baltimore", "MD"),
    ("Milwaukee", "WI"),
    ("Albuquerque", "NM"),
    ("Kansas City", "MO"),
    ("Salt Lake City", "UT"),
    ("New Orleans", "LA"),
    ("Cleveland", "OH"),
    ("San Francisco", "CA"),
    ("Anchorage", "AK"),
    ("Honolulu", "HI"),
    ("Burlington", "VT"),
]
KIND_WORDS = {"peer": "peer support circle", "professional": "therapist-led group"}
EXTRA_LANGUAGES = ["es", "zh", "vi", "ko", "tl", "ru", "ar", "fr", "ht"]
START_HOURS = {"morning": [7, 9, 10], "afternoon": [12, 13, 15], "evening": [17, 18, 19], "night": [21, 22]}
#: Who a sample group built for a community is *only* for (its audience) and its ages, as such groups
#: usually are: (chance the group is only for that community, min age, max age).
ELIGIBILITY: dict[str, tuple[float, str, str]] = {
    "women": (0.8, "18", ""),
    "men": (0.8, "18", ""),
    "teens": (1.0, "13", "17"),
    "young_adults": (0.0, "18", "30"),
    "older_adults": (0.0, "55", ""),
    "veterans": (0.7, "", ""),
    "military_families": (0.9, "", ""),
    "family_caregivers": (0.9, "18", ""),
    "abuse_survivors": (0.6, "18", ""),
    "lgbtq": (0.3, "", ""),
    "trans_nonbinary": (0.6, "", ""),
    "bipoc": (0.2, "", ""),
    "disabled": (0.2, "", ""),
    "deaf_hoh": (0.3, "", ""),
}
SAMPLE_NOTES = [
    "Meets at a church; includes prayer",
    "Asks newcomers to call the facilitator first",
    "Closed group: new members join at the start of each 8-week session",
]


@dataclass(frozen=True)
class Zip:
    code: str
    lat: float
    lon: float
    city: str
    state: str
    timezone: str


def all_zip_rows() -> list[dict[str, Any]]:
    """Every row of the zipcodes package (3.x native list, else the 1.x/2.x one)."""
    try:
        from zipcodes import _zipcodes as native

        rows: list[dict[str, Any]] = native.list_all()
    except ImportError:
        import zipcodes

        rows = zipcodes.list_all()
    return rows


def standard_zips() -> list[Zip]:
    """Standard, active US ZIP codes with a center (no PO boxes, unique or retired codes), sorted."""
    out = []
    for r in all_zip_rows():
        if r["zip_code_type"] != "STANDARD" or not r["active"]:
            continue
        try:
            lat, lon = float(r["lat"]), float(r["long"])
        except (TypeError, ValueError):
            continue
        if lat == 0.0 and lon == 0.0:
            continue
        out.append(Zip(str(r["zip_code"]), lat, lon, str(r["city"]), str(r["state"]), r.get("timezone") or ""))
    return sorted(out, key=lambda z: z.code)


#: Shorter words for a few long labels, so a sample's name stays readable.
NAME_WORDS = {
    "suicidal_thoughts": "suicidal thoughts",
    "military_families": "military families",
    "bipoc": "BIPOC people",
    "family_caregivers": "family members and caregivers",
    "deaf_hoh": "Deaf and hard-of-hearing people",
    "general": "mental health",
}


def title(text: str) -> str:
    """First letter up, the rest as written ("OCD …", "PTSD and trauma …", never "Ocd …")."""
    return text[:1].upper() + text[1:]


def national_rows() -> list[dict[str, str]]:
    rows = []
    with NATIONAL.open(encoding="utf-8", newline="") as fh:
        for src in csv.DictReader(fh):
            row = dict.fromkeys(COLUMNS, "")
            row.update({k: v for k, v in src.items() if k in row})
            row["source_url"] = src.get("source_url") or src["url"]
            row["country"] = "US"
            row["sample"] = "false"
            rows.append(row)
    return rows


def sample_rows() -> list[dict[str, str]]:
    rng = random.Random(SEED)
    zips = standard_zips()
    focus_cycle = list(FOCUS)
    community_cycle = list(COMMUNITIES)
    rows: list[dict[str, str]] = []
    n = 0
    for city, state in CITIES:
        city_zips = [z for z in zips if z.city.casefold() == city.casefold() and z.state == state]
        if not city_zips:
            raise SystemExit(f"no ZIP codes for {city}, {state} in the gazetteer")
        for _ in range(SAMPLES_PER_CITY):
            zrow = city_zips[rng.randrange(len(city_zips))]
            focus = [focus_cycle[n % len(focus_cycle)]]
            if rng.random() < 0.3:
                focus.append(rng.choice(focus_cycle))
            communities = [community_cycle[n % len(community_cycle)]] if rng.random() < 0.45 else []
            facilitation = "peer" if rng.random() < 0.6 else "professional"
            shape = rng.random()
            formats = ["in_person"]
            if shape < 0.2:
                formats.append("online")
            elif shape < 0.25:
                formats = ["online"]
            elif shape < 0.28:
                formats = ["phone"]
            schedule = rng.random()
            days: list[str] = []
            start = end = ""
            if schedule > 0.06:  # most meet weekly; a few are "on request"
                days = sorted(
                    rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], rng.choice([1, 1, 2])),
                    key=["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index,
                )
                period = list(TIMES_OF_DAY)[n % len(TIMES_OF_DAY)] if rng.random() < 0.5 else "evening"
                hour = rng.choice(START_HOURS[period])
                minute = rng.choice([0, 0, 30])
                length = rng.choice([60, 90, 90, 120])
                start = f"{hour:02d}:{minute:02d}"
                end_total = min(hour * 60 + minute + length, 23 * 60 + 59)
                end = f"{end_total // 60:02d}:{end_total % 60:02d}"
            cost = list(COST)[n % len(COST)] if rng.random() < 0.4 else rng.choice(["free", "free", "donation"])
            languages = ["en"]
            if rng.random() < 0.2:
                languages.append("es")
            if rng.random() < 0.06:
                languages.append(rng.choice(EXTRA_LANGUAGES))
            if rng.random() < 0.04:
                languages = [rng.choice(EXTRA_LANGUAGES)]
            access = []
            if "in_person" in formats and rng.random() < 0.6:
                access.append("wheelchair")
            if rng.random() < 0.08 or n % 97 == 0:
                access.append("asl")
            n += 1
            topic = NAME_WORDS.get(focus[0], FOCUS[focus[0]])
            who = f" for {NAME_WORDS.get(communities[0], COMMUNITIES[communities[0]])}" if communities else ""
            place = zrow.city.title()
            audience, min_age, max_age = "", "", ""
            if communities:
                only, min_age, max_age = ELIGIBILITY[communities[0]]
                if rng.random() < only:
                    audience = communities[0]
            elif rng.random() < 0.3:
                min_age = "18"
            notes = [rng.choice(SAMPLE_NOTES)] if rng.random() < 0.08 else []
            row = dict.fromkeys(COLUMNS, "")
            row.update(
                {
                    "id": f"sample-{n:04d}",
                    "name": f"[Sample] {title(topic)} {KIND_WORDS[facilitation]}{who} — {place}",
                    "organization": "Example organization (sample data)",
                    "description": "SAMPLE LISTING: an invented group that shows how the finder works. It is not a "
                    "real group; your deploying organization replaces these with its own directory.",
                    "focus": ";".join(dict.fromkeys(focus)),
                    "communities": ";".join(communities),
                    "audience": audience,
                    "min_age": min_age,
                    "max_age": max_age,
                    "worth_knowing": ";".join(notes),
                    "facilitation": facilitation,
                    "formats": ";".join(formats),
                    "days": ";".join(days),
                    "start_time": start,
                    "end_time": end,
                    "timezone": (zrow.timezone or "America/New_York") if days else "",
                    "cost": cost,
                    "languages": ";".join(dict.fromkeys(languages)),
                    "accessibility": ";".join(access),
                    "address": "" if formats in (["online"], ["phone"]) else "Sample venue (no real address)",
                    "city": place,
                    "state": zrow.state,
                    "postal_code": zrow.code,
                    "country": "US",
                    "latitude": f"{zrow.lat:.4f}" if "in_person" in formats else "",
                    "longitude": f"{zrow.lon:.4f}" if "in_person" in formats else "",
                    "sample": "true",
                }
            )
            rows.append(row)
    return rows


def samhsa_rows() -> list[dict[str, str]]:
    """Every facility of the vendored SAMHSA workbooks that offers a group a person can reach."""
    from matcher.importers import import_samhsa

    return import_samhsa(SAMHSA, today=BUILD_DAY).rows


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def render() -> str:
    """data/groups.csv: real listings only."""
    return _csv(national_rows() + samhsa_rows())


def render_demo() -> str:
    """data/examples/invented-groups.csv: the national programs and the invented samples."""
    return _csv(national_rows() + sample_rows())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a built file differs from a rebuild")
    args = parser.parse_args()
    outputs = [(OUT, render()), (DEMO, render_demo())]
    if args.check:
        stale = [p for p, text in outputs if not p.exists() or p.read_text(encoding="utf-8") != text]
        for p, _text in outputs:
            name = p.relative_to(ROOT)
            print(f"{name} is out of date: rebuild it" if p in stale else f"{name} is up to date")
        return 1 if stale else 0
    for p, text in outputs:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        print(f"wrote {p.relative_to(ROOT)}: {text.count(chr(10)) - 1} listings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
