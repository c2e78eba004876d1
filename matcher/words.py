"""Every word said about a listing, in the person's language: reasons, offers, labels, downloads.

The ranking (:mod:`matcher.scoring`) returns language-free data: vocabulary codes, counts, miles, a
:class:`~matcher.reasons.Reason` per thing to say. This module is the one place that turns that data
into sentences, through a gettext catalog: the English text below is each message's id, and
``locales/<lang>/LC_MESSAGES/messages.po`` holds the translations (managed with Babel, see
CONTRIBUTING). The app (``ui/i18n.py``) and ``python -m matcher rank --lang es`` read the same catalog
through :func:`words_for`. Nothing here is process-wide (no ``gettext.install``): every caller holds
its own :class:`Words` for its own language, so sessions in different languages never mix.

Markers: ``_()`` / ``ngettext()`` translate now; ``N_()`` only marks a table entry for extraction.
"""

from __future__ import annotations

import functools
import gettext
import io
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .phones import dial, extension
from .places import miles_to_km
from .reasons import Reason
from .schedules import MeetingTimes
from .vocabulary import DAY_CODES, LANGUAGE_NAMES

if TYPE_CHECKING:
    from .directory import Listing
    from .scoring import Match

#: The catalogs: ``locales/<lang>/LC_MESSAGES/messages.po`` (English needs none: its ids are the text).
LOCALES: Final = Path(__file__).resolve().parent.parent / "locales"
DOMAIN: Final = "messages"
SOURCE_LANGUAGE: Final = "en"


def N_(message: str) -> str:
    """Mark a table entry for extraction; it is translated where it is shown."""
    return message


# --------------------------------------------------------------------------- vocabulary labels

FOCUS_LABELS: Final[dict[str, str]] = {
    "anxiety": N_("anxiety"),
    "depression": N_("depression"),
    "bipolar": N_("bipolar disorder"),
    "ptsd_trauma": N_("PTSD and trauma"),
    "grief": N_("grief and loss"),
    "suicide_loss": N_("loss of someone to suicide"),
    "substance_use": N_("alcohol and drug use"),
    "eating_disorders": N_("eating disorders"),
    "ocd": N_("OCD"),
    "psychosis": N_("psychosis and schizophrenia"),
    "postpartum": N_("pregnancy and postpartum"),
    "suicidal_thoughts": N_("living with suicidal thoughts or after a suicide attempt"),
    "self_harm": N_("self-harm"),
    "gambling": N_("gambling"),
    "illness": N_("living with a physical illness"),
    "disability": N_("living with a disability"),
    "dementia": N_("dementia and memory loss"),
    "general": N_("mental health in general"),
}
COMMUNITY_LABELS: Final[dict[str, str]] = {
    "lgbtq": N_("LGBTQ+ people"),
    "veterans": N_("veterans and service members"),
    "military_families": N_("families and loved ones of service members and veterans"),
    "abuse_survivors": N_("survivors of abuse"),
    "teens": N_("teens"),
    "young_adults": N_("young adults"),
    "older_adults": N_("older adults"),
    "women": N_("women"),
    "men": N_("men"),
    "bipoc": N_("Black, Indigenous and people of color"),
    "family_caregivers": N_("family members and caregivers"),
    "trans_nonbinary": N_("trans and nonbinary people"),
    "disabled": N_("disabled people"),
    "deaf_hoh": N_("Deaf and hard-of-hearing people"),
}
#: Who a listing may be only for: the communities, and people seeking help for themselves.
AUDIENCE_LABELS: Final[dict[str, str]] = {**COMMUNITY_LABELS, "own_concern": N_("people seeking help for themselves")}
FACILITATION_LABELS: Final[dict[str, str]] = {
    "peer": N_("led by peers"),
    "professional": N_("led by a professional"),
}
FORMAT_LABELS: Final[dict[str, str]] = {
    "in_person": N_("in person"),
    "online": N_("online"),
    "phone": N_("by phone"),
}
COST_LABELS: Final[dict[str, str]] = {
    "free": N_("free"),
    "donation": N_("free (donations welcome)"),
    "sliding_scale": N_("sliding-scale fee"),
    "fee": N_("fee"),
}
PAYMENT_LABELS: Final[dict[str, str]] = {
    "medicaid": N_("Medicaid"),
    "medicare": N_("Medicare"),
    "private_insurance": N_("private health insurance"),
    "tricare": N_("TRICARE (military insurance)"),
    "va": N_("VA benefits"),
    "cash": N_("cash or self-payment"),
    "payment_assistance": N_("payment assistance"),
}
ACCESS_LABELS: Final[dict[str, str]] = {
    "wheelchair": N_("wheelchair accessible"),
    "asl": N_("American Sign Language"),
}
#: "Mondays": a weekly meeting's day, as in "Meets Tuesdays and Thursdays".
DAYS_PLURAL: Final[dict[str, str]] = {
    "mon": N_("Mondays"),
    "tue": N_("Tuesdays"),
    "wed": N_("Wednesdays"),
    "thu": N_("Thursdays"),
    "fri": N_("Fridays"),
    "sat": N_("Saturdays"),
    "sun": N_("Sundays"),
}
TIME_OF_DAY_LABELS: Final[dict[str, str]] = {
    "morning": N_("mornings"),
    "afternoon": N_("afternoons"),
    "evening": N_("evenings"),
    "night": N_("nights"),
}
KIND_LABELS: Final[dict[str, str]] = {
    "peer": N_("Peer-led groups"),
    "professional": N_("Groups led by a professional"),
    "online": N_("Online groups"),
}
#: What each kind is good for (the guide's words, short), the first reason of each kind.
KIND_BASICS: Final[dict[str, str]] = {
    "peer": N_("Run by people who have lived through something similar: understanding and mutual support"),
    "professional": N_("A therapist or counselor keeps the group structured and on track"),
    "online": N_("Flexible: join from home, at more hours, and often more anonymously"),
}
#: What kind of place a SAMHSA facility is (vocabulary.FACILITY_TYPES), with its article: the start of its
#: description ("A community mental health center that offers group therapy.").
FACILITY_TYPE_LABELS: Final[dict[str, str]] = {
    "CBHC": N_("A Certified Community Behavioral Health Clinic"),
    "CMHC": N_("A community mental health center"),
    "MSMH": N_("A mental health facility with several settings"),
    "ORES": N_("A residential treatment facility"),
    "OMH": N_("An outpatient mental health facility"),
    "PH": N_("A partial hospitalization or day treatment program"),
    "PSY": N_("A psychiatric hospital"),
    "RTCA": N_("A residential treatment center for adults"),
    "RTCC": N_("A residential treatment center for children"),
    "IPSY": N_("An inpatient psychiatric unit of a general hospital"),
    "SHP": N_("A state hospital"),
    "VAHC": N_("A Veterans Affairs (VA) medical center or clinic"),
    "GH": N_("A general hospital (VA hospitals included)"),
    "PSYH": N_("A psychiatric hospital"),
    "mh_facility": N_("A mental health treatment facility"),
    "sa_facility": N_("A drug and alcohol treatment facility"),
}
#: The groups a SAMHSA facility runs (vocabulary.FACILITY_GROUPS).
FACILITY_GROUP_LABELS: Final[dict[str, str]] = {
    "GT": N_("group therapy"),
    "GCO": N_("group counseling"),
    "DBT": N_("dialectical behavior therapy"),
    "SHG": N_("self-help groups"),
    "PEER": N_("mentoring and peer support"),
}
#: A SAMHSA facility's special programs or groups (vocabulary.FACILITY_PROGRAMS).
FACILITY_PROGRAM_LABELS: Final[dict[str, str]] = {
    "ADM": N_("active duty military"),
    "SED": N_("children and teens with serious emotional disturbance"),
    "DV": N_("people who have experienced intimate partner or domestic violence"),
    "XA": N_("people who have experienced sexual abuse"),
    "TRMA": N_("people who have experienced trauma"),
    "HV": N_("people with HIV or AIDS"),
    "CO": N_("people with both mental health and substance use conditions"),
    "COPSU": N_("people with both chronic pain and substance use conditions"),
    "CJ": N_("people involved with the justice system (other than DUI/DWI)"),
    "GL": N_("LGBTQ+ people"),
    "MF": N_("members of military families"),
    "SMI": N_("adults with serious mental illness"),
    "PEFP": N_("people experiencing a first episode of psychosis"),
    "ALZ": N_("people with Alzheimer's or dementia"),
    "PED": N_("people with eating disorders"),
    "PTSD": N_("people with post-traumatic stress disorder (PTSD)"),
    "TBI": N_("people with a traumatic brain injury"),
    "SE": N_("older adults"),
    "VET": N_("veterans"),
    "TAY": N_("young adults"),
    "AD": N_("teens"),
    "MN": N_("adult men"),
    "WN": N_("adult women"),
    "PW": N_("pregnant and postpartum women"),
}

#: US states, DC and territories by the English name the place look-up gives (matcher.places STATES), worded in
#: the person's language in place messages ("Nuevo México", "Carolina del Norte").
STATE_NAMES: Final[dict[str, str]] = {
    "Alabama": N_("Alabama"),
    "Alaska": N_("Alaska"),
    "Arizona": N_("Arizona"),
    "Arkansas": N_("Arkansas"),
    "California": N_("California"),
    "Colorado": N_("Colorado"),
    "Connecticut": N_("Connecticut"),
    "Delaware": N_("Delaware"),
    "District of Columbia": N_("District of Columbia"),
    "Florida": N_("Florida"),
    "Georgia": N_("Georgia"),
    "Hawaii": N_("Hawaii"),
    "Idaho": N_("Idaho"),
    "Illinois": N_("Illinois"),
    "Indiana": N_("Indiana"),
    "Iowa": N_("Iowa"),
    "Kansas": N_("Kansas"),
    "Kentucky": N_("Kentucky"),
    "Louisiana": N_("Louisiana"),
    "Maine": N_("Maine"),
    "Maryland": N_("Maryland"),
    "Massachusetts": N_("Massachusetts"),
    "Michigan": N_("Michigan"),
    "Minnesota": N_("Minnesota"),
    "Mississippi": N_("Mississippi"),
    "Missouri": N_("Missouri"),
    "Montana": N_("Montana"),
    "Nebraska": N_("Nebraska"),
    "Nevada": N_("Nevada"),
    "New Hampshire": N_("New Hampshire"),
    "New Jersey": N_("New Jersey"),
    "New Mexico": N_("New Mexico"),
    "New York": N_("New York"),
    "North Carolina": N_("North Carolina"),
    "North Dakota": N_("North Dakota"),
    "Ohio": N_("Ohio"),
    "Oklahoma": N_("Oklahoma"),
    "Oregon": N_("Oregon"),
    "Pennsylvania": N_("Pennsylvania"),
    "Rhode Island": N_("Rhode Island"),
    "South Carolina": N_("South Carolina"),
    "South Dakota": N_("South Dakota"),
    "Tennessee": N_("Tennessee"),
    "Texas": N_("Texas"),
    "Utah": N_("Utah"),
    "Vermont": N_("Vermont"),
    "Virginia": N_("Virginia"),
    "Washington": N_("Washington"),
    "West Virginia": N_("West Virginia"),
    "Wisconsin": N_("Wisconsin"),
    "Wyoming": N_("Wyoming"),
    "Puerto Rico": N_("Puerto Rico"),
    "Guam": N_("Guam"),
    "U.S. Virgin Islands": N_("U.S. Virgin Islands"),
    "American Samoa": N_("American Samoa"),
    "Northern Mariana Islands": N_("Northern Mariana Islands"),
    "Micronesia": N_("Micronesia"),
    "Marshall Islands": N_("Marshall Islands"),
    "Palau": N_("Palau"),
}

_VOCABULARIES: Final[dict[str, dict[str, str]]] = {
    "focus": FOCUS_LABELS,
    "communities": COMMUNITY_LABELS,
    "audiences": AUDIENCE_LABELS,
    "facilitation": FACILITATION_LABELS,
    "formats": FORMAT_LABELS,
    "cost": COST_LABELS,
    "payment": PAYMENT_LABELS,
    "accessibility": ACCESS_LABELS,
    "days_plural": DAYS_PLURAL,
    "times": TIME_OF_DAY_LABELS,
    "kinds": KIND_LABELS,
    "facility_types": FACILITY_TYPE_LABELS,
    "facility_groups": FACILITY_GROUP_LABELS,
    "facility_programs": FACILITY_PROGRAM_LABELS,
}

#: The shortlist CSV's columns, in order.
CSV_COLUMNS: Final[tuple[str, ...]] = (
    N_("ID"),
    N_("Name"),
    N_("Organization"),
    N_("How to attend"),
    N_("When"),
    N_("Where"),
    N_("Distance (mi)"),
    N_("Distance (km)"),
    N_("Phone"),
    N_("Website"),
    # NOTE: the same word as the card's "Fit {score}/100"
    N_("Fit (out of 100)"),
    N_("Why it matched"),
    N_("Cost"),
    N_("Languages"),
    N_("Accessibility"),
    N_("Who it is for"),
    N_("Worth knowing"),
    N_("Takes (ways to pay)"),
    N_("Real listing?"),
    N_("Last verified"),
    N_("Call ahead"),
    N_("Listed in"),
    N_("Where it is listed (link)"),
)


#: English short day and month names (as the C locale writes them, whatever the server's locale).
DAYS_SHORT: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_SHORT: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def capfirst(text: str) -> str:
    """First letter up, the rest as written ("American Sign Language" stays as it is)."""
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- catalogs

_catalogs: dict[str, gettext.NullTranslations] = {}
_catalogs_lock = threading.Lock()


def catalog_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def available_languages() -> tuple[str, ...]:
    """English, then every language with a catalog in ``locales/``, in code order. Looked up once per process:
    the catalogs are installed files, and every worded string asks (a directory listing each time was a
    sixth of a matches-page rerun)."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language``, compiled from its .po once per process (fuzzy entries left out).

    English, or a language without a catalog, is the source text itself. The compiled catalog is
    built at start from the .po (no binary file to fall out of step), then only read: each session
    holds a reference to its own language's, never a process-wide one.
    """
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with _catalogs_lock:
        found = _catalogs.get(language)
        if found is None:
            found = _compile(catalog_path(language))
            _catalogs[language] = found
        return found


def _compile(path: Path) -> gettext.NullTranslations:
    if not path.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        catalog = read_po(f)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def babel_locale(language: str) -> str:
    """The Babel locale for formatting in ``language``: its US variant when CLDR has one ("es_US")."""
    from babel import Locale, UnknownLocaleError

    for tag in (f"{language}_US", language):
        try:
            Locale.parse(tag)
        except (UnknownLocaleError, ValueError):
            continue
        return tag
    return "en_US"


def words_for(language: str) -> Words:
    """The words of one language (unknown languages get English)."""
    known = language if language in available_languages() else SOURCE_LANGUAGE
    found = _words.get(known)
    if found is None:  # made once per language: a Words holds nothing but its catalog and locale
        found = _words[known] = Words(known, translations(known))
    return found


_words: dict[str, Words] = {}


# --------------------------------------------------------------------------- words


@functools.cache
def _day_names(locale: str) -> tuple[str, ...]:
    """The weekdays' names, Monday first, from the locale's calendar (read once per locale)."""
    from babel.dates import get_day_names

    names = get_day_names("wide", "stand-alone", locale=locale)
    return tuple(capfirst(str(names[i])) for i in range(7))


class Words:
    """Everything said about listings, in one language. Cheap to make; holds no state beyond the catalog."""

    def __init__(self, language: str = SOURCE_LANGUAGE, catalog: gettext.NullTranslations | None = None) -> None:
        self.language = language
        self.catalog = catalog if catalog is not None else translations(language)
        self._locale: str | None = None

    # ---- the gettext calls (the names Babel extracts)
    def _(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalog.pgettext(context, message)

    @property
    def locale(self) -> str:
        if self._locale is None:
            self._locale = "en_US" if self.language == SOURCE_LANGUAGE else babel_locale(self.language)
        return self._locale

    # ---- numbers, lists, clock
    def number(self, n: int) -> str:
        """A whole number as the language writes it ("1,250")."""
        return self._localized(f"{n:,}")

    def decimal(self, x: float, places: int = 1) -> str:
        """A decimal to ``places`` places, rounded as Python does, with the language's separators."""
        return self._localized(f"{x:.{places}f}")

    def _localized(self, text: str) -> str:
        if self.language == SOURCE_LANGUAGE:
            return text
        from babel.numbers import get_decimal_symbol, get_group_symbol

        dec, grp = get_decimal_symbol(self.locale), get_group_symbol(self.locale)
        return "".join(grp if c == "," else dec if c == "." else c for c in text)

    def join(self, items: Sequence[str], conjunction: str = "and") -> str:
        """Words joined as people write them: "a", "a and b", "a, b and c", or with "or".

        ``conjunction`` is "and", "or", or "nor": an "or" in a negative sentence ("not about depression or
        anxiety"), which Spanish says with "ni" ("no tratan de depresión ni ansiedad"). English keeps its
        own style (no comma before the last "and"/"or"); other languages get their locale's list patterns
        from CLDR through Babel's ``format_list`` ("a, b y c", "a, b o c").
        """
        items = list(items)
        if not items:
            return ""
        if len(items) == 1:
            return items[0]
        if conjunction == "nor":
            # NOTE: "or" between the last two items of a list in a negative sentence ("not about a, b or c");
            # Spanish says "ni" here ("{first} ni {last}"), other languages their own word for "nor".
            return self.pgettext("negative list", "{first} or {last}").format(
                first=", ".join(items[:-1]), last=items[-1]
            )
        if self.language == SOURCE_LANGUAGE:
            return f"{', '.join(items[:-1])} {'or' if conjunction == 'or' else 'and'} {items[-1]}"
        from babel.lists import format_list

        text = str(format_list(items, style="or" if conjunction == "or" else "standard", locale=self.locale))
        return _spanish_conjunction(text, items[-1]) if self.language == "es" else text

    def clock(self, t: time | datetime) -> str:
        """A clock time: "7:00 pm" and "noon" in English, the locale's short time elsewhere."""
        if self.language == SOURCE_LANGUAGE:
            if t.hour == 12 and t.minute == 0:
                return "noon"
            hour = t.hour % 12 or 12
            return f"{hour}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}"
        from babel.dates import format_time

        return str(format_time(t if isinstance(t, time) else t.timetz(), "short", locale=self.locale))

    def hour(self, h: int) -> str:
        """A whole hour for the times of day: "5 pm", "noon", "midnight"."""
        h %= 24
        if self.language == SOURCE_LANGUAGE:
            return {0: "midnight", 12: "noon"}.get(h, f"{h % 12 or 12} {'am' if h < 12 else 'pm'}")
        return self.clock(time(h, 0))

    def day_name(self, code: str) -> str:
        """A weekday's name ("Monday", "lunes") from the locale's calendar."""
        return _day_names(self.locale)[DAY_CODES.index(code)]

    def short_date(self, when: datetime) -> str:
        """A meeting's day, short: "Thu, Dec 3" (Babel's abbreviated format elsewhere: "jue, 3 dic")."""
        if self.language == SOURCE_LANGUAGE:
            return f"{DAYS_SHORT[when.weekday()]}, {MONTHS_SHORT[when.month - 1]} {when.day}"
        from babel.dates import format_skeleton

        return capfirst(str(format_skeleton("MMMEd", when, locale=self.locale)))

    def date_time(self, when: datetime) -> str:
        """A meeting's next date and time: "Thursday, December 3, 7:00 pm" (Babel's formats elsewhere)."""
        if self.language == SOURCE_LANGUAGE:
            return f"{when:%A, %B} {when.day}, {self.clock(when)}"
        from babel.dates import format_skeleton

        day = str(format_skeleton("MMMMEEEEd", when, locale=self.locale))
        return self._("{day}, {time}").format(day=capfirst(day), time=self.clock(when))

    # ---- labels
    def label(self, vocabulary: str, code: str) -> str:
        """The label of a code in one of the vocabularies ("focus", "communities", …); the code if unknown."""
        table = _VOCABULARIES[vocabulary]
        return self._(table[code]) if code in table else code

    def labels(self, vocabulary: str, codes: Iterable[str], conjunction: str = "and") -> str:
        return self.join([self.label(vocabulary, c) for c in codes], conjunction)

    def language_name(self, code: str) -> str:
        """A language's name in this language ("Spanish", "español"): CLDR's, through Babel."""
        if self.language == SOURCE_LANGUAGE:
            return LANGUAGE_NAMES.get(code, code)
        from babel import Locale

        name = Locale.parse(self.locale).languages.get(code)
        return str(name) if name else LANGUAGE_NAMES.get(code, code)

    def languages(self, codes: Iterable[str], conjunction: str = "and") -> str:
        return self.join([self.language_name(c) for c in codes], conjunction)

    def led_by(self, facilitation: Iterable[str]) -> str:
        """Who leads a listing, as one phrase: "Led by peers", "Led by peers or by a professional" (a place
        with both kinds of group, like a treatment facility with peer support and group therapy)."""
        codes = [c for c in FACILITATION_LABELS if c in set(facilitation)]
        if codes == ["peer", "professional"]:
            return self._("Led by peers or by a professional")
        return capfirst(self.labels("facilitation", codes, "or"))

    def state_name(self, name: str) -> str:
        """A US state's or territory's name in this language ("New Mexico" → "Nuevo México"); as given if unknown."""
        return self._(STATE_NAMES[name]) if name in STATE_NAMES else name

    def kind_label(self, kind: str) -> str:
        return self.label("kinds", kind)

    def groups(self, n: int) -> str:
        """'1 group', '3 groups': never 'group(s)'."""
        return self.ngettext("{n} group", "{n} groups", n).format(n=self.number(n))

    def how_to_attend(self, attend: Iterable[str]) -> str:
        """ "in person or online": the ways (FORMATS codes) one can take part."""
        return self.labels("formats", attend, "or")

    def when(self, times: MeetingTimes) -> str:
        """ "Tuesdays and Thursdays, 7:00 pm – 8:30 pm your time", or "No times listed" (never "any time":
        that reads as open around the clock, and no directory column says a listing is)."""
        if times.on_request or times.start is None:
            return self._("No times listed")
        text = self._("{days}, {start}").format(
            days=self.labels("days_plural", times.days), start=self.clock(times.start)
        )
        if times.end is not None:
            text = self._("{start} – {end}").format(start=text, end=self.clock(times.end))
        return self._("{when} your time").format(when=text) if times.other_zone else text

    def times(self, m: Match) -> str:
        """When a listing meets, or, with no schedule (a treatment facility, a program), how to find out:
        "Call for times" when it has a phone, "See their website for times", else "Ask them for times"."""
        if not m.when.on_request:
            return self.when(m.when)
        g = m.listing
        if g.sample:
            return self._("No times listed")
        if g.phone and dial(g.phone) is not None:
            return self._("Call for times")
        if g.url or g.local_groups:
            return self._("See their website for times")
        return self._("Ask them for times")

    def phone(self, text: str) -> str:
        """A phone as the directory wrote it, its extension said plainly: "907-277-6677 x113" is
        "907-277-6677 ext. 113"; anything else as written."""
        number = dial(text)
        ext = extension(number.rest) if number is not None else None
        if number is None or ext is None:
            return text
        return self._("{number} ext. {extension}").format(number=number.shown, extension=ext)

    def away(self, miles: float, *, approximate: bool = False) -> str:
        """How far, only as exactly as it is known: "2.3 mi, 3.7 km away"; never "0.0 mi". A place put at
        its ZIP code's center is "about 1 mile away or less, approximate place" when that close; an exact one
        under a tenth of a mile is "less than 0.1 mile away"."""
        limit = _closer_than(miles, approximate=approximate)
        if limit == 1:
            return self._("about 1 mile away or less, approximate place")
        if limit is not None:
            return self._("less than {tenth} mile away").format(tenth=self.decimal(limit))
        return self._("{miles} mi, {km} km away").format(miles=self.decimal(miles), km=self.decimal(miles_to_km(miles)))

    def distance_cells(self, miles: float | None, *, approximate: bool = False) -> tuple[str, str]:
        """The CSV's miles and kilometres: numbers, or "less than 1" where :meth:`away` says so."""
        if miles is None:
            return "", ""
        limit = _closer_than(miles, approximate=approximate)
        if limit is None:
            return self.decimal(miles), self.decimal(miles_to_km(miles))
        less = self._("less than {n}")
        km = miles_to_km(limit)
        return less.format(n=self.decimal(limit, 0 if limit == 1 else 1)), less.format(n=self.decimal(km))

    # ---- reasons
    def reason(self, r: Reason) -> str:
        """One reason, worded. Every code in :data:`matcher.reasons.CODES` has a sentence here."""
        p = r.params
        c = r.code
        if c == "directory_note":  # as the directory wrote it, in this language when it translated it
            translations = p.get("translations")
            translated = translations.get(self.language, "") if isinstance(translations, Mapping) else ""
            return str(translated or p["text"])
        if c == "facility_clients":
            return self._("A treatment facility: its groups may be only for its clients, so call first")
        if c == "facility_main_phone":
            return self._("The number given is its intake line; main number {phone}").format(phone=p["phone"])
        if c == "facility_approximate":
            if p.get("at") == "city":
                return self._("Location approximate: placed at the center of its city; check the address")
            if p.get("at") == "":
                return self._("Location approximate: check the address")
            return self._("Location approximate: placed at the center of its ZIP code; check the address")
        if c == "who_for":
            return self.who_for(r)
        if c.startswith("hidden_"):
            return self._hidden(r)
        if c.startswith("offer_"):
            return self._offer(r)
        if c.startswith("kind_"):
            return self._kind(r)
        if c.startswith("place_"):
            return self._place(r)
        return self._card_reason(r)

    def _card_reason(self, r: Reason) -> str:
        p, c = r.params, r.code
        if c == "focus_asked":
            return self._("About {topics}, as you asked").format(topics=self.labels("focus", _codes(p["focus"])))
        if c == "general_for_community":
            return self._("A general group, open to whatever brings you")
        if c == "general_open":
            return self._("For mental health in general, so open to what brings you")
        if c == "other_topic":
            return self._("About {topics}, not what you chose").format(topics=self.labels("focus", _codes(p["focus"])))
        if c == "built_for":
            return self._("Built for {people}, like you").format(
                people=self.labels("communities", _codes(p["communities"]))
            )
        if c == "open_to_everyone":
            return self._("Open to everyone")
        if c == "meant_for":
            return self._("Meant mainly for {people}").format(
                people=self.labels("communities", _codes(p["communities"]))
            )
        if c == "runs_program":
            ran = _codes(p["communities"])
            return self.ngettext("Runs a program for {people}", "Runs programs for {people}", len(ran)).format(
                people=self.labels("communities", ran)
            )
        if c == "program_about":
            about = _codes(p["focus"])
            return self.ngettext("Runs a program about {topics}", "Runs programs about {topics}", len(about)).format(
                topics=self.labels("focus", about)
            )
        if c == "mainly_about":
            return self._("Mainly about {topics}").format(topics=self.labels("focus", _codes(p["focus"])))
        if c == "facilitation_asked":
            how = self.label("facilitation", str(p["facilitation"]))
            return capfirst(self._("{how}, as you prefer").format(how=how))
        if c == "facilitation_other":
            return capfirst(
                self._("{how}; you preferred a group {wanted}").format(
                    how=self.labels("facilitation", _codes(p["facilitation"])),
                    wanted=self.label("facilitation", str(p["wanted"])),
                )
            )
        if c == "only_for_unsaid":
            return self._("Only for {people}: you did not say, so it comes after groups open to you").format(
                people=self.labels("audiences", _codes(p["audience"]), "or")
            )
        if c == "leader_unknown":
            return self._("Does not say who leads it")
        if c == "no_fixed_time":
            return self._("No fixed meeting time: join when it suits you")
        if c in ("schedule_fits", "schedule_partly"):
            when = p["when"]
            assert isinstance(when, MeetingTimes)
            said = [self.label("times", t) for t in _codes(p["times"])] + [
                self.label("days_plural", d) for d in _codes(p["days"])
            ]
            return self._("Meets {when}; you said {said}").format(when=self.when(when), said=self.join(said, "or"))
        if c == "in_person_miles":
            miles = float(_number(p["miles"]))
            approximate = bool(p.get("approximate"))
            if _closer_than(miles, approximate=approximate) is not None:  # never "0.0 miles"
                return self._("In person, {away}").format(away=self.away(miles, approximate=approximate))
            return self._("In person, {miles} miles ({km} km) away").format(
                miles=self.decimal(miles), km=self.decimal(miles_to_km(miles))
            )
        if c == "local_groups":
            if p.get("near", True):
                return self._("In person near you: find your local group on their site")
            return self._("In person: find a local group on their site (say where you are to see places near you)")
        if c == "online_anywhere":
            return self._("Online: join from wherever you are")
        if c == "phone_anywhere":
            return self._("By phone: join from wherever you are")
        if c == "free_asked":
            return capfirst(self._("{cost}, as you asked").format(cost=self.label("cost", str(p["cost"]))))
        if c == "cost":
            return self._("Cost: {cost}").format(cost=self.label("cost", str(p["cost"])))
        if c == "cost_unknown":
            return self._("Cost not stated: ask before you go")
        if c == "payment_asked":
            return self._("Takes {ways}, as you asked").format(ways=self.labels("payment", _codes(p["payment"])))
        if c == "languages_asked":
            return self._("Held in {languages}").format(languages=self.languages(_codes(p["languages"])))
        if c == "access_asked":
            return capfirst(
                self._("{needs}, as you need").format(needs=self.labels("accessibility", _codes(p["accessibility"])))
            )
        raise KeyError(f"no wording for reason code {c!r}")

    def who_for(self, r: Reason) -> str:
        """Who a group is open to: "Only for women", "Open to everyone, ages 13 and up"."""
        p = r.params
        lo, hi = p.get("min_age"), p.get("max_age")
        if lo is not None and hi is not None:
            ages = self._("ages {low}–{high}").format(low=lo, high=hi)
        elif lo is not None:
            ages = self._("ages {low} and up").format(low=lo)
        elif hi is not None:
            ages = self._("ages {high} and under").format(high=hi)
        else:
            ages = ""
        audience = _codes(p.get("audience", ()))
        if audience:
            # a role ("seeking help for themselves", "family members") applies together with the others
            others = [c for c in audience if c not in ("own_concern", "family_caregivers")]
            role = next((c for c in ("own_concern", "family_caregivers") if c in audience), "")
            people = self.labels("audiences", others, "or")
            if others and role == "family_caregivers":
                text = self._("Only for {people} who are {role}").format(
                    people=people, role=self.label("audiences", role)
                )
            elif others and role:
                text = self._("Only for {people} seeking help for themselves").format(people=people)
            else:
                text = self._("Only for {people}").format(people=people or self.label("audiences", role))
            return self._("{who}, {ages}").format(who=text, ages=ages) if ages else text
        return self._("Open to everyone, {ages}").format(ages=ages) if ages else self._("Open to everyone")

    def _hidden(self, r: Reason) -> str:
        p, c = r.params, r.code
        n = int(_number(p["count"]))
        fmt = {"count": self.number(n)}
        if c == "hidden_audience":
            people = [self.label("audiences", x) for x in _codes(p["audience"])]
            if p.get("more"):
                people.append(self._("others"))
            return self.ngettext(
                "{count} group is only for {people}, and you did not say that is you.",
                "{count} groups are only for {people}, and you did not say that is you.",
                n,
            ).format(people=self.join(people, "or"), **fmt)
        if c == "hidden_age":
            return self.ngettext(
                "{count} group is for ages that do not include {age}.",
                "{count} groups are for ages that do not include {age}.",
                n,
            ).format(age=p["age"], **fmt)
        if c == "hidden_topic":
            return self.ngettext(
                "{count} group is about other things than {topics}.",
                "{count} groups are about other things than {topics}.",
                n,
            ).format(topics=self.labels("focus", _codes(p["focus"]), "nor"), **fmt)
        if c == "hidden_formats":
            return self.ngettext(
                "{count} group meets only in ways you did not choose (you chose {ways}).",
                "{count} groups meet only in ways you did not choose (you chose {ways}).",
                n,
            ).format(ways=self.labels("formats", _codes(p["formats"])), **fmt)
        if c == "hidden_distance":
            return self.ngettext(
                "{count} group meets in person more than {miles} miles away.",
                "{count} groups meet in person more than {miles} miles away.",
                n,
            ).format(miles=self._localized(f"{float(_number(p['miles'])):g}"), **fmt)
        if c == "hidden_access":
            return self.ngettext(
                "{count} group does not say it offers what you need ({needs}).",
                "{count} groups do not say they offer what you need ({needs}).",
                n,
            ).format(needs=self.labels("accessibility", _codes(p["accessibility"])), **fmt)
        if c == "hidden_fee":
            return self.ngettext(
                "{count} group charges a fee or does not say it is free.",
                "{count} groups charge a fee or do not say they are free.",
                n,
            ).format(**fmt)
        if c == "hidden_payment":
            return self.ngettext(
                "{count} group is not free and does not say it takes {ways}.",
                "{count} groups are not free and do not say they take {ways}.",
                n,
            ).format(ways=self.labels("payment", _codes(p["payment"]), "nor"), **fmt)
        if c == "hidden_language":
            return self.ngettext(
                "{count} group is not held in {languages}.", "{count} groups are not held in {languages}.", n
            ).format(languages=self.languages(_codes(p["languages"]), "nor"), **fmt)
        raise KeyError(f"no wording for reason code {c!r}")

    def _offer(self, r: Reason) -> str:
        p, c = r.params, r.code
        adds = self.number(int(_number(p["adds"])))
        if c == "offer_other_topics":
            return self._("Also show groups on other topics to see {adds} more").format(adds=adds)
        if c == "offer_fees":
            return self._("Include groups with a fee or no stated cost to see {adds} more").format(adds=adds)
        if c == "offer_languages":
            return self._("Include groups in other languages to see {adds} more").format(adds=adds)
        if c == "offer_payment":
            return self._("Include places that do not say they take it to see {adds} more").format(adds=adds)
        if c == "offer_formats":
            return self._("Also show groups you can join {ways} to see {adds} more").format(
                ways=self.labels("formats", _codes(p["formats"]), "or"), adds=adds
            )
        if c == "offer_distance":
            return self._("Widen to {miles} miles to see {adds} more").format(
                miles=self._localized(f"{float(_number(p['miles'])):g}"), adds=adds
            )
        if c == "offer_access":
            need = _codes(p["accessibility"])[0]
            if need == "wheelchair":
                return self._(
                    "Include groups that do not say they are wheelchair accessible to see {adds} more"
                ).format(adds=adds)
            if need == "asl":
                return self._("Include groups that do not offer American Sign Language to see {adds} more").format(
                    adds=adds
                )
            return self._("Include groups without {need} to see {adds} more").format(
                need=self.label("accessibility", need), adds=adds
            )
        raise KeyError(f"no wording for reason code {c!r}")

    def _kind(self, r: Reason) -> str:
        p, c = r.params, r.code
        if c == "kind_basics":
            return self._(KIND_BASICS[str(p["kind"])])
        fixed = {
            "kind_prefers_peer": N_("You'd like a group led by people who have been there"),
            "kind_prefers_professional": N_("You'd like a professional to lead the group"),
            "kind_not_in_person": N_("You'd rather not meet in person"),
            "kind_only_in_person": N_("You'd rather meet in person"),
            "kind_no_place": N_("You haven't given a place: online groups are open wherever you are"),
            "kind_wheelchair": N_("Joining from home means no journey or building to get into"),
            "kind_night": N_("Online groups and forums are open late at night"),
            "kind_free_peer": N_("Peer-led groups are usually free"),
            "kind_free_professional": N_("Groups led by professionals sometimes charge a fee"),
        }
        if c in fixed:
            return self._(fixed[c])
        if c == "kind_fellowship":
            return self._("Long-standing peer groups exist for {topics}").format(
                topics=self.labels("focus", _codes(p["focus"]))
            )
        if c == "kind_community":
            return self._("Peer groups for {people} let you meet people who share that part of your life").format(
                people=self.labels("communities", _codes(p["communities"]), "or")
            )
        kind = str(p["kind"])
        if c == "kind_available":
            n = int(_number(p["count"]))
            if kind == "peer":
                text = self.ngettext(
                    "{count} group led by peers meets what you told us",
                    "{count} groups led by peers meet what you told us",
                    n,
                )
            elif kind == "professional":
                text = self.ngettext(
                    "{count} group led by a professional meets what you told us",
                    "{count} groups led by a professional meet what you told us",
                    n,
                )
            else:
                text = self.ngettext(
                    "{count} group you can join online or by phone meets what you told us",
                    "{count} groups you can join online or by phone meet what you told us",
                    n,
                )
            return text.format(count=self.number(n))
        if c == "kind_none_available":
            if kind == "peer":
                return self._("No group led by peers meets what you told us right now")
            if kind == "professional":
                return self._("No group led by a professional meets what you told us right now")
            return self._("No group you can join online or by phone meets what you told us right now")
        raise KeyError(f"no wording for reason code {c!r}")

    def _place(self, r: Reason) -> str:
        """What a place look-up says: why a place was not found, or which place was chosen."""
        p, c = r.params, r.code
        hint = self._("Try a 5-digit ZIP code or a city and state, like 94110 or Austin, TX.")
        fixed = {
            "place_empty": N_("Please type a ZIP code or a city and state, like 94110 or Austin, TX."),
            "place_zip_digits": N_(
                "A US ZIP code has 5 digits, like 94110; or type a city and state, like Austin, TX."
            ),
            "place_list_unreadable": N_(
                "The place list could not be read on this server. Online and phone groups are still shown."
            ),
            "place_online_down": N_(
                "The online place search is not answering right now. Try a ZIP code, or try again in a minute."
            ),
            "place_online_found": N_("Found with the online place search (OpenStreetMap)."),
        }
        if c in fixed:
            return self._(fixed[c])
        if c == "place_too_long":
            return self._("That is too long for a place. {hint}").format(hint=hint)
        if c == "place_unreadable":
            return self._("We could not read that place. {hint}").format(hint=hint)
        if c == "place_outside_us":
            text = self._(
                "{place} looks like a place outside the US: only US places are covered for in-person groups; "
                "online and phone groups are still shown."
            ).format(place=p["text"])
            if p.get("example"):
                more = self._("If you meant the US place, pick one, like {example}.").format(example=p["example"])
                text = self._("{first} {then}").format(first=text, then=more)
            return text
        if c == "place_not_found":
            if p.get("state"):
                text = self._("We could not find {place} in {state}.").format(
                    place=p["text"], state=self.state_name(str(p["state"]))
                )
            else:
                text = self._("We could not find {place}.").format(place=p["text"])
            if p.get("suggestion"):
                more = self._("Did you mean {place}?").format(place=p["suggestion"])
            elif p.get("namesake"):
                more = (
                    self._("There is {place}, and others.") if p.get("others") else self._("There is {place}.")
                ).format(place=p["namesake"])
            else:
                more = hint
            return self._("{first} {then}").format(first=text, then=more)
        if c == "place_whole_state":
            state = self.state_name(str(p["state"]))
            if p.get("example"):
                return self._("{state} is a whole state. Type a city or ZIP code there, for example {example}.").format(
                    state=state, example=p["example"]
                )
            return self._("{state} is a whole state. Type a city or ZIP code there.").format(state=state)
        if c == "place_several":
            return self._("There are several places called {place}. Add the state, for example {example}.").format(
                place=p["text"], example=p["example"]
            )
        if c == "place_not_a_state":
            return self._("We could not find {place}: {region} is not a US state we know. {hint}").format(
                place=p["text"], region=p["region"], hint=hint
            )
        if c == "place_zip_unknown":
            return self._("We could not find the ZIP code {code}. Check it, or type your city and state.").format(
                code=p["code"]
            )
        if c == "place_online_not_found":
            return self._("We could not find {place}, even with the online place search. {hint}").format(
                place=p["text"], hint=hint
            )
        if c == "place_chosen":
            return self._("{place} — not the one you meant? Add the state.").format(place=p["label"])
        if c == "place_state_city":
            return self._("{place} — for elsewhere in {state}, add a city.").format(
                place=p["label"], state=self.state_name(str(p["state"]))
            )
        if c == "place_first_recognized":
            return self._("{place} — we used the first place we recognized.").format(place=p["label"])
        if c == "place_not_within":
            return self._("{place} — we could not place {part} in it, so we used {place}.").format(
                place=p["label"], part=p["inner"]
            )
        if c == "place_zip_city":
            return self._("{place} — we do not know the ZIP code {code}, so we used the city.").format(
                place=p["label"], code=p["code"]
            )
        raise KeyError(f"no wording for reason code {c!r}")

    def reasons(self, reasons: Iterable[Reason]) -> list[str]:
        return [self.reason(r) for r in reasons]

    # ---- a listing's own text
    def description(self, g: Listing) -> str:
        """What a listing is: the directory's description as written (its translation into this language when
        the directory gives one), or, for a SAMHSA facility, its codes worded ("A community mental health
        center that offers group therapy. …")."""
        if not (g.facility_values("type") or g.facility_values("offers")):  # placed:… alone is any importer's
            return g.description_in(self.language)
        kinds = g.facility_values("type")
        kind = self.label("facility_types", kinds[0] if kinds else "mh_facility")
        groups = [self.label("facility_groups", c) for c in g.facility_values("offers")]
        text = [self._("{kind} that offers {groups}.").format(kind=kind, groups=self.join(groups))]
        programs = [self.label("facility_programs", c) for c in g.facility_values("special")]
        if programs:
            text.append(self._("Special programs or groups: {programs}.").format(programs=self.join(programs)))
        text.append(self._("Its groups may be only for its clients: call first to ask."))
        return " ".join(text)

    def source(self, g: Listing) -> str:
        """Where a listing was copied from: SAMHSA's directory worded, any other source as written."""
        editions = g.facility_values("edition")
        if editions:
            return self._("SAMHSA's national directory ({edition} edition)").format(edition=editions[0])
        return g.source

    # ---- the matches page
    def headline(self, *, real: int, samples: int, focus: Sequence[str] = (), place: str | None = None) -> str:
        """ "14 groups about anxiety (near Houston, TX or online), plus 6 invented examples": counts as they are.

        Groups for mental health in general count as matches for any topic, so the topic is never said
        alone. ``place`` (already made safe for the page) only when in-person groups count.
        """
        about = ""
        focus = [code for code in focus if code != "general"]  # said once, at the end, never twice
        if focus:
            topics = self.join([self.label("focus", code) for code in (*focus[:3], "general")], "or")
            about = self._(" about {topics}").format(topics=topics)
        near = self._(" (near {place} or online)").format(place=place) if place else ""
        if real + samples == 0:
            return self._("No group{about} meets all your needs yet").format(about=about)
        if real == 0:
            text = self._("No real group{about} meets all your needs yet").format(about=about)
        else:
            text = self.ngettext(
                "{count} group{about} meets your needs{near}", "{count} groups{about} meet your needs{near}", real
            ).format(count=self.number(real), about=about, near=near)
        if samples:
            text = self.ngettext(
                "{text}, plus {count} invented example", "{text}, plus {count} invented examples", samples
            ).format(text=text, count=self.number(samples))
        return text

    # ---- downloads
    def csv_headers(self) -> tuple[str, ...]:
        return tuple(self._(h) for h in CSV_COLUMNS)

    def csv_row(self, m: Match) -> list[str]:
        """One shortlisted listing under :meth:`csv_headers` (not yet made spreadsheet-safe)."""
        from .map_view import placed_approximately

        g = m.listing
        how = self.how_to_attend(m.attend)
        return [
            g.id,
            g.name,
            g.organization,
            how,
            self.times(m),
            self._where(m, how),
            *self.distance_cells(m.distance_miles, approximate=placed_approximately(m)),
            self.phone(g.phone),
            g.url,
            str(m.score),
            "; ".join(self.reasons(m.reasons)),
            self.label("cost", g.cost) if g.cost in COST_LABELS else self._("not stated"),
            ", ".join(self.language_name(c) for c in g.languages),
            self.labels("accessibility", g.accessibility) or self._("none stated"),
            self.who_for(m.who_for),
            "; ".join(self.reasons(m.worth_knowing)),
            capfirst(self.labels("payment", g.payment)) if g.payment else self._("not stated"),
            self._("No: an invented example, not a real place") if g.sample else self._("Yes"),
            g.last_verified or self._("not verified"),
            self._("No: an invented example, there is nothing to contact")
            if g.sample
            else self._("Yes: times and places change, call or check the website first"),
            self.source(g) if g.source else self._("this site's own directory"),
            g.source_url,
        ]

    def _where(self, m: Match, how: str) -> str:
        """Where to go: the address, the page listing a program's local groups, or how to join from anywhere."""
        g = m.listing
        if "in_person" in m.attend and g.where:
            return g.where
        if "in_person" in m.attend and g.local_groups:
            return self._("Near you: find your local group on their site, {url}").format(url=g.local_groups)
        return capfirst(how)

    def calendar_name(self) -> str:
        return self._("My support groups")

    def calendar_notes(self, m: Match) -> str:
        """The description of a shortlisted group's calendar event."""
        g = m.listing
        notes = [self.description(g), self._("How to attend: {how}").format(how=self.how_to_attend(m.attend))]
        if g.phone:
            notes.append(self._("Phone: {phone}").format(phone=self.phone(g.phone)))
        notes.extend(self.reasons(m.worth_knowing))
        notes.append(
            self._("Last verified: {date}. Call ahead: times and places change.").format(
                date=g.last_verified or self._("not verified")
            )
        )
        return "\n".join(n for n in notes if n)


def _closer_than(miles: float, *, approximate: bool) -> float | None:
    """The distance under which a place is not said as a number (it is not known that exactly): 1 mile for a
    place put at its ZIP code's or town's center, a tenth of a mile for an exact address; None beyond."""
    if approximate and miles < 1:
        return 1.0
    if miles < 0.1:
        return 0.1
    return None


def _spanish_conjunction(text: str, last: str) -> str:
    """Spanish says "e" for "y" before an "i" sound ("ansiedad e ira") and "u" for "o" before an "o" sound
    ("mujeres u hombres"); CLDR's list patterns do not."""
    word = last.lower()
    sounds_i = word[:1] in ("i", "í") or (word[:2] in ("hi", "hí") and word[2:3] not in ("a", "e", "o", "u"))
    sounds_o = word[:1] in ("o", "ó") or word[:2] in ("ho", "hó")
    head = text[: len(text) - len(last)]
    if head.endswith(" y ") and sounds_i:
        return f"{head[:-3]} e {last}"
    if head.endswith(" o ") and sounds_o:
        return f"{head[:-3]} u {last}"
    return text


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value)
    return ()


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return value


#: English, the source language (no catalog needed).
ENGLISH: Final = Words(SOURCE_LANGUAGE, gettext.NullTranslations())

__all__ = [
    "ACCESS_LABELS",
    "AUDIENCE_LABELS",
    "COMMUNITY_LABELS",
    "COST_LABELS",
    "CSV_COLUMNS",
    "DAYS_PLURAL",
    "ENGLISH",
    "FACILITATION_LABELS",
    "FACILITY_GROUP_LABELS",
    "FACILITY_PROGRAM_LABELS",
    "FACILITY_TYPE_LABELS",
    "FOCUS_LABELS",
    "FORMAT_LABELS",
    "KIND_BASICS",
    "KIND_LABELS",
    "LOCALES",
    "N_",
    "PAYMENT_LABELS",
    "STATE_NAMES",
    "TIME_OF_DAY_LABELS",
    "Words",
    "available_languages",
    "babel_locale",
    "capfirst",
    "catalog_path",
    "translations",
    "words_for",
]
