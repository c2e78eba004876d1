"""Every controlled vocabulary of the directory, with its plain-language labels.

This is the one place where codes and their labels live. The directory file uses the codes; the
app, the exports and the reasons use the labels.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

import langcodes

FOCUS: Final[dict[str, str]] = {
    "anxiety": "anxiety",
    "depression": "depression",
    "bipolar": "bipolar disorder",
    "ptsd_trauma": "PTSD and trauma",
    "grief": "grief and loss",
    "suicide_loss": "loss of someone to suicide",
    "substance_use": "alcohol and drug use",
    "eating_disorders": "eating disorders",
    "ocd": "OCD",
    "psychosis": "psychosis and schizophrenia",
    "postpartum": "pregnancy and postpartum",
    "suicidal_thoughts": "living with suicidal thoughts or after a suicide attempt",
    "self_harm": "self-harm",
    "gambling": "gambling",
    "illness": "living with a physical illness",
    "disability": "living with a disability",
    "dementia": "dementia and memory loss",
    "general": "mental health in general",
}

COMMUNITIES: Final[dict[str, str]] = {
    "lgbtq": "LGBTQ+ people",
    "veterans": "veterans and service members",
    "military_families": "families and loved ones of service members and veterans",
    "abuse_survivors": "survivors of abuse",
    "teens": "teens",
    "young_adults": "young adults",
    "older_adults": "older adults",
    "women": "women",
    "men": "men",
    "bipoc": "Black, Indigenous and people of color",
    "family_caregivers": "family members and caregivers",
    "trans_nonbinary": "trans and nonbinary people",
    "disabled": "disabled people",
    "deaf_hoh": "Deaf and hard-of-hearing people",
}
#: What choosing a community means in the questionnaire: the person is one of them. For
#: ``family_caregivers`` that is "I am a family member or caregiver of someone who is struggling".
#: A listing's ``audience`` uses the same codes: the group is only for people in at least one.

#: Who a listing may be only for: the communities, plus ``own_concern`` (a closed meeting: only for people
#: with the program's own problem, such as AA's "people who want to stop drinking"). Nobody chooses
#: ``own_concern``: a person is in it unless they said they are a family member or caregiver.
AUDIENCES: Final[dict[str, str]] = {**COMMUNITIES, "own_concern": "people seeking help for themselves"}
#: Audience codes a person answers by saying their gender, and by age (or an age community): where they
#: did not say, a listing only for one of them is kept, said, and ranked after the ones open to them.
GENDER_AUDIENCES: Final[frozenset[str]] = frozenset({"men", "women"})
AGE_AUDIENCES: Final[dict[str, tuple[int, int]]] = {
    "teens": (12, 19),
    "young_adults": (18, 35),
    "older_adults": (55, 120),
}

FACILITATION: Final[dict[str, str]] = {
    "peer": "led by peers",
    "professional": "led by a professional",
}

FORMATS: Final[dict[str, str]] = {
    "in_person": "in person",
    "online": "online",
    "phone": "by phone",
}

COST: Final[dict[str, str]] = {
    "free": "free",
    "donation": "free (donations welcome)",
    "sliding_scale": "sliding-scale fee",
    "fee": "fee",
}
#: Costs that count as free for a person who asked for free groups only.
FREE_COSTS: Final[frozenset[str]] = frozenset({"free", "donation"})

#: Ways of paying a listing accepts (a list column): a person who says "I have Medicaid" sees the
#: places that take it, and every free group.
PAYMENT: Final[dict[str, str]] = {
    "medicaid": "Medicaid",
    "medicare": "Medicare",
    "private_insurance": "private health insurance",
    "tricare": "TRICARE (military insurance)",
    "va": "VA benefits",
    "cash": "cash or self-payment",
    "payment_assistance": "payment assistance",
}

ACCESSIBILITY: Final[dict[str, str]] = {
    "wheelchair": "wheelchair accessible",
    "asl": "American Sign Language",
}

#: Days in the directory file, Monday first (Python's weekday() order).
DAYS: Final[dict[str, str]] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
DAY_CODES: Final[tuple[str, ...]] = tuple(DAYS)

#: Times of day by a meeting's start time in the person's zone: (label, first hour, end hour).
TIMES_OF_DAY: Final[dict[str, tuple[str, int, int]]] = {
    "morning": ("mornings", 5, 12),
    "afternoon": ("afternoons", 12, 17),
    "evening": ("evenings", 17, 21),
    "night": ("nights", 21, 5),
}

#: The three kinds of group the guide explains.
KINDS: Final[dict[str, str]] = {
    "peer": "Peer-led groups",
    "professional": "Groups led by a professional",
    "online": "Online groups",
}

#: Common languages with their names; any ISO 639-1 code is accepted in the file.
#: A treatment facility copied from SAMHSA's national directories (the ``facility`` column): what kind of
#: place it is (SAMHSA's facility type codes; ``mh_facility``/``sa_facility`` when the workbook gives none),
#: the groups it runs and its special programs, as SAMHSA's code book names them. matcher.words words them
#: in the person's language; a code not listed here is not written by the importer.
FACILITY_TYPES: Final[dict[str, str]] = {
    "CBHC": "Certified Community Behavioral Health Clinic",
    "CMHC": "community mental health center",
    "MSMH": "multi-setting mental health facility",
    "ORES": "other residential treatment facility",
    "OMH": "outpatient mental health facility",
    "PH": "partial hospitalization/day treatment",
    "PSY": "psychiatric hospital",
    "RTCA": "residential treatment center for adults",
    "RTCC": "residential treatment center for children",
    "IPSY": "separate inpatient psychiatric unit of a general hospital",
    "SHP": "state hospital",
    "VAHC": "Veterans Affairs Medical Center or other VA healthcare facility",
    "GH": "general hospital (including VA hospital)",
    "PSYH": "psychiatric hospital",
    "mh_facility": "mental health treatment facility",
    "sa_facility": "drug and alcohol treatment facility",
}
FACILITY_GROUPS: Final[dict[str, str]] = {
    "GT": "group therapy",
    "GCO": "group counseling",
    "DBT": "dialectical behavior therapy",
    "SHG": "self-help groups",
    "PEER": "mentoring/peer support",
}
FACILITY_PROGRAMS: Final[dict[str, str]] = {
    "ADM": "active duty military",
    "SED": "children/adolescents with serious emotional disturbance (SED)",
    "DV": "clients who have experienced intimate partner violence, domestic violence",
    "XA": "clients who have experienced sexual abuse",
    "TRMA": "clients who have experienced trauma",
    "HV": "clients with HIV or AIDS",
    "CO": "clients with co-occurring mental and substance use disorders",
    "COPSU": "clients with co-occurring pain and substance use disorders",
    "CJ": "criminal justice (other than DUI/DWI)/forensic clients",
    "GL": "LGBTQ",
    "MF": "members of military families",
    "SMI": "persons 18 and older with serious mental illness (SMI)",
    "PEFP": "persons experiencing first-episode psychosis",
    "ALZ": "persons with Alzheimer's or dementia",
    "PED": "persons with eating disorders",
    "PTSD": "persons with post-traumatic stress disorder (PTSD)",
    "TBI": "persons with traumatic brain injury (TBI)",
    "SE": "seniors or older adults",
    "VET": "veterans",
    "TAY": "young adults",
    "AD": "adolescents",
    "MN": "adult men",
    "WN": "adult women",
    "PW": "pregnant/postpartum women",
}
#: The ``facility`` column's tokens (``key:value``; values for type, offers and special from the tables above).
FACILITY_KEYS: Final[dict[str, str]] = {
    "type": "what kind of place (FACILITY_TYPES)",
    "offers": "a group it runs (FACILITY_GROUPS), once per group",
    "special": "a special program or group (FACILITY_PROGRAMS), once per program",
    "edition": "the year of the SAMHSA directory it is listed in",
    "main_phone": "its main number, when the phone given is its intake line",
    "placed": "'zip' or 'city': placed at its ZIP code's (or city's) center, approximate (any importer)",
}
#: Where an importer put a listing it could not place exactly (``placed:zip``, ``placed:city``).
PLACINGS: Final = ("zip", "city")
#: How importers once started an English note on a listing placed only approximately ("Location approximate:
#: check the address"); directories written before ``placed:`` still hold it, and it is read as that code.
APPROXIMATE_NOTE_START: Final = "Location approximate"


def approximate_placing(facility_placed: tuple[str, ...], notes: tuple[str, ...]) -> str | None:
    """ "zip" or "city" (the ``placed:`` code), "" for an old file's English note only, None when exact."""
    for code in PLACINGS:
        if code in facility_placed:
            return code
    return "" if any(n.startswith(APPROXIMATE_NOTE_START) for n in notes) else None


LANGUAGE_NAMES: Final[dict[str, str]] = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "ko": "Korean",
    "tl": "Tagalog",
    "ar": "Arabic",
    "fr": "French",
    "ru": "Russian",
    "pt": "Portuguese",
    "ht": "Haitian Creole",
    "de": "German",
    "it": "Italian",
    "pl": "Polish",
    "ja": "Japanese",
    "hi": "Hindi",
    "fa": "Persian",
    "he": "Hebrew",
    "uk": "Ukrainian",
    "so": "Somali",
    "am": "Amharic",
    "hy": "Armenian",
    "km": "Khmer",
    "ne": "Nepali",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "el": "Greek",
    "hu": "Hungarian",
    "hr": "Croatian",
    "lt": "Lithuanian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "bg": "Bulgarian",
    "th": "Thai",
    "ml": "Malayalam",
    "pa": "Punjabi",
    "af": "Afrikaans",
    "is": "Icelandic",
    "ka": "Georgian",
    "mt": "Maltese",
    "tr": "Turkish",
    "ur": "Urdu",
    "bn": "Bengali",
    "ta": "Tamil",
    "te": "Telugu",
    "gu": "Gujarati",
}


def _iso_639_1() -> frozenset[str]:
    """Every current two-letter code of the IANA language registry (langcodes): valid, and not retired in
    favor of another two-letter code ("iw" is "he" now). Tagalog's "tl" stays (its newer form is "fil")."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = set()
    for code in (a + b for a in letters for b in letters):
        if not langcodes.tag_is_valid(code):
            continue
        now = langcodes.Language.get(code).language or ""
        if now == code or len(now) != 2:  # current, or renamed only to a longer code ("tl" -> "fil")
            out.add(code)
    return frozenset(out)


#: Every ISO 639-1 code (two letters), so a directory may use any language, not only the named ones.
ISO_639_1: Final[frozenset[str]] = _iso_639_1()
#: Newer codes of a language whose ISO 639-1 code is older ("fil", Filipino, is listed as "tl", Tagalog).
_TWO_LETTER_OF: Final[dict[str, str]] = {"fil": "tl"}
_LANGUAGE_TAG_RE: Final = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$", re.ASCII)


@lru_cache(maxsize=4096)
def language_code(tag: str) -> str | None:
    """The ISO 639-1 code of a language code or tag: "es", "es-MX", "spa", "som", "zh-Hant", "cmn", "fre", "iw"
    → "es", "es", "es", "so", "zh", "zh", "fr", "he"; None when it is not a language tag or its language has no
    two-letter code ("yue", "ase"). Region and script are left off: a listing says the language it uses."""
    key = tag.strip()
    if not _LANGUAGE_TAG_RE.match(key):
        return None
    primary = key.split("-")[0].split("_")[0].lower()
    if primary in ISO_639_1:
        return primary
    try:
        language = langcodes.Language.get(key.replace("_", "-")).prefer_macrolanguage().language or ""
    except (ValueError, KeyError):  # langcodes.LanguageTagError is a ValueError
        return None
    language = _TWO_LETTER_OF.get(language, language)
    return language if language in ISO_639_1 else None


def language_label(code: str) -> str:
    """The name of a language code, or the code itself when it has no name here."""
    return LANGUAGE_NAMES.get(code, code)


def label(vocabulary: dict[str, str], code: str) -> str:
    """The plain-language label of a code (the code itself if unknown)."""
    return vocabulary.get(code, code)


def join_labels(vocabulary: dict[str, str], codes: list[str] | tuple[str, ...]) -> str:
    """Labels of several codes as readable English: "a, b and c"."""
    labels = [label(vocabulary, c) for c in codes]
    return human_join(labels)


def human_join(items: list[str], conjunction: str = "and") -> str:
    """Join words as people write them: "a", "a and b", "a, b and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def mask_of(vocabulary: dict[str, str], codes: list[str] | tuple[str, ...] | set[str]) -> int:
    """Bit mask of codes in a vocabulary (bit i = the i-th code); unknown codes are ignored."""
    order = list(vocabulary)
    mask = 0
    for c in codes:
        if c in vocabulary:
            mask |= 1 << order.index(c)
    return mask


def codes_of(vocabulary: dict[str, str], mask: int) -> tuple[str, ...]:
    """The codes whose bits are set in a mask, in vocabulary order."""
    return tuple(c for i, c in enumerate(vocabulary) if mask >> i & 1)
