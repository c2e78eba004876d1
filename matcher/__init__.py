"""matcher: the Streamlit-free core of Support Group Finder.

Load and validate a directory, locate a person offline, rank the kinds of group and the listings
with plain-language reasons, and export a shortlist. Everything public is listed in ``__all__``.
"""

from .answers import DEFAULT_MAX_DISTANCE_MILES, Answers, AnswersError, parse_answers
from .crisis import CLOSING, Contact, CrisisResource, banner_resources, lead, resources_for
from .directory import COLUMNS, Directory, DirectoryError, Listing, LoadResult, Problem, load_directory, without_samples
from .errors import MatcherError
from .export import CSV_HEADERS, safe_cell, shortlist_csv, shortlist_ics
from .geography import LocationError, Place, distance_miles, geocode, geocode_offline, miles_to_km, zip_centroid
from .phones import Dial, dial
from .places import locate, normalize_zip, warm_up
from .schedules import describe_schedule, next_meeting
from .scoring import (
    DISTANCE_STEPS,
    WEIGHTS,
    Exclusion,
    KindRank,
    Match,
    Ranking,
    RelaxOffer,
    always_available,
    person_timezone,
    rank_kinds,
    rank_listings,
)
from .search import NameSearch, find_by_ids, find_by_name, fold
from .settings import DEFAULT_EXIT_URL, SETTING_NAMES, Settings, SettingsError
from .vocabulary import (
    ACCESSIBILITY,
    COMMUNITIES,
    COST,
    DAYS,
    FACILITATION,
    FOCUS,
    FORMATS,
    KINDS,
    LANGUAGE_NAMES,
    TIMES_OF_DAY,
    human_join,
    language_label,
)

__all__ = [
    "ACCESSIBILITY",
    "CLOSING",
    "COLUMNS",
    "COMMUNITIES",
    "COST",
    "CSV_HEADERS",
    "DAYS",
    "DEFAULT_EXIT_URL",
    "DEFAULT_MAX_DISTANCE_MILES",
    "DISTANCE_STEPS",
    "FACILITATION",
    "FOCUS",
    "FORMATS",
    "KINDS",
    "LANGUAGE_NAMES",
    "SETTING_NAMES",
    "TIMES_OF_DAY",
    "WEIGHTS",
    "Answers",
    "AnswersError",
    "Contact",
    "CrisisResource",
    "Dial",
    "Directory",
    "DirectoryError",
    "Exclusion",
    "KindRank",
    "Listing",
    "LoadResult",
    "LocationError",
    "Match",
    "MatcherError",
    "NameSearch",
    "Place",
    "Problem",
    "Ranking",
    "RelaxOffer",
    "Settings",
    "SettingsError",
    "always_available",
    "banner_resources",
    "describe_schedule",
    "dial",
    "distance_miles",
    "find_by_ids",
    "find_by_name",
    "fold",
    "geocode",
    "geocode_offline",
    "human_join",
    "language_label",
    "lead",
    "load_directory",
    "locate",
    "miles_to_km",
    "next_meeting",
    "normalize_zip",
    "parse_answers",
    "person_timezone",
    "rank_kinds",
    "rank_listings",
    "resources_for",
    "safe_cell",
    "shortlist_csv",
    "shortlist_ics",
    "warm_up",
    "without_samples",
    "zip_centroid",
]
