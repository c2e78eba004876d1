"""Finding a place: the offline resolver first, then (only when the deployer turns it on) OpenStreetMap's
Nominatim through geopy for what the offline resolver cannot place: that text is sent to the service. One
geocoder serves the whole process, at most one request a second, with an in-memory cache, a total time
limit, and a log filter so the typed place never reaches a log.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Final, Protocol

from ..reasons import Reason
from .gazetteer import nearest_zip
from .model import LocationError, Place
from .resolver import locate
from .text import clean, normalize_zip, shown

NOMINATIM_USER_AGENT: Final = "support-group-finder/0.1 (self-hosted; contact: the deploying organization)"


class OnlineLookup(Protocol):
    """Something that looks a place up online: a Place, None for "not found", or an exception."""

    def __call__(self, query: str) -> Place | None: ...


_GEOCODER_THREAD: Final = "sgf-geocoder"
_REDACTED: Final = "online geocoder: %s (details withheld: they can contain a place someone typed)"


class _NoPlacesInLogs(logging.Filter):
    """Rewrite every record of geopy, and of the HTTP libraries while they work for the geocoder,
    so that no typed place (in a URL, an argument list or an error text) reaches any log handler."""

    def __init__(self, everything: bool) -> None:
        super().__init__()
        self.everything = everything

    def filter(self, record: logging.LogRecord) -> bool:
        if self.everything or threading.current_thread().name.startswith(_GEOCODER_THREAD):
            record.msg, record.args = _REDACTED, (record.levelname.lower(),)
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


_FILTER_LOCK = threading.Lock()
_FILTERED: set[str] = set()


def install_log_filter() -> None:
    """Put the place-redacting filter on geopy's logger and the HTTP libraries' loggers (once)."""
    with _FILTER_LOCK:
        for name, everything in (
            ("geopy", True),
            ("urllib3", False),
            ("urllib3.connectionpool", False),
            ("urllib3.util.retry", False),
            ("urllib3.connection", False),
            ("requests", False),
        ):
            if name not in _FILTERED:
                logging.getLogger(name).addFilter(_NoPlacesInLogs(everything))
                _FILTERED.add(name)


class OnlineGeocoder:
    """Nominatim through geopy, one per process: 1 request a second shared by every caller, a cache,
    a total time limit per lookup, US places only, and no typed place in any log.

    ``lookup`` answers a Place, None ("not found"), or raises LocationError with ``unavailable=True``
    when the service does not answer in time or fails ("not answering" is not "not found").
    """

    def __init__(
        self,
        *,
        user_agent: str = NOMINATIM_USER_AGENT,
        domain: str = "nominatim.openstreetmap.org",
        scheme: str = "https",
        timeout: float = 4.0,
        total_seconds: float = 8.0,
        min_delay_seconds: float = 1.0,
        cache_size: int = 1024,
        max_waiting: int = 8,
        lookup: OnlineLookup | None = None,
    ) -> None:
        install_log_filter()
        self.total_seconds = total_seconds
        self.cache_size = cache_size
        self.max_waiting = max_waiting
        self._cache: OrderedDict[str, Place | None] = OrderedDict()
        self._lock = threading.Lock()
        self._waiting = 0
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=_GEOCODER_THREAD)
        if lookup is None:
            from geopy.extra.rate_limiter import RateLimiter
            from geopy.geocoders import Nominatim

            nominatim = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout)
            limited = RateLimiter(
                nominatim.geocode,
                min_delay_seconds=min_delay_seconds,
                max_retries=1,
                error_wait_seconds=max(min_delay_seconds, 1.0),
                swallow_exceptions=False,
            )

            def ask(query: str) -> Place | None:
                found = limited(query, exactly_one=True, country_codes=["us", "pr", "gu", "vi", "as", "mp"])
                if found is None:
                    return None
                return _online_place(str(found.address), float(found.latitude), float(found.longitude))

            self._ask: OnlineLookup = ask
        else:
            self._ask = lookup

    def lookup(self, text: str) -> Place | None:
        key = " ".join(clean(text).casefold().split())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            if self._waiting >= self.max_waiting:
                raise _not_answering()
            self._waiting += 1
        try:
            future: Future[Place | None] = self._pool.submit(self._ask, key)
            try:
                place = future.result(timeout=self.total_seconds)
            except FutureTimeout:
                future.cancel()
                raise _not_answering() from None
            except Exception:  # the service failed: never the raw error (its text can hold the place)
                raise _not_answering() from None
        finally:
            with self._lock:
                self._waiting -= 1
        with self._lock:
            self._cache[key] = place
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return place

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _not_answering() -> LocationError:
    return LocationError(Reason("place_online_down"), unavailable=True)


def _online_place(address: str, lat: float, lon: float) -> Place:
    near = nearest_zip(lat, lon)
    return Place(
        address,
        lat,
        lon,
        near.timezone if near else None,
        near.postal_code if near else None,
        near.state if near else None,
        Reason("place_online_found"),
    )


_ONLINE: OnlineGeocoder | None = None
_ONLINE_LOCK = threading.Lock()


def online_geocoder() -> OnlineGeocoder:
    """The process's one online geocoder (created on first use)."""
    global _ONLINE
    with _ONLINE_LOCK:
        if _ONLINE is None:
            _ONLINE = OnlineGeocoder()
        return _ONLINE


def geocode(text: str, online: bool = False, *, geocoder: OnlineGeocoder | None = None) -> Place:
    """Locate a place: the offline resolver first; the online geocoder (only when ``online``) for what
    the offline resolver cannot place. Raises only LocationError.

    Ambiguous names (candidates) and places abroad are answered offline and never sent online.
    """
    try:
        return locate(text)
    except LocationError as exc:
        if not online or exc.candidates or exc.outside_us:
            raise
        query = clean(text)
        if not query or len(query) > 200 or normalize_zip(query) is not None:
            raise
        offline = exc
    place = (geocoder or online_geocoder()).lookup(query)
    if place is None:
        raise LocationError(Reason("place_online_not_found", {"text": shown(query)}), offline.candidates)
    return place
