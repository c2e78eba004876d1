"""Where a person is and how far groups are, offline by default.

One way to find a place: :func:`geocode` ("miami fl", "94110", "Brooklyn, NY") answers a :class:`Place`
or raises :class:`LocationError`, from the gazetteers installed with the app (nothing leaves the
machine); with ``online=True`` (a deployer's choice) OpenStreetMap is asked for what they cannot place.
One way to read a ZIP code: :func:`zip_place`. The modules:

- ``model``: Place, LocationError, GazetteerError.
- ``text``: normalization of typed and imported text (NFKC, digits of any script, name keys, ZIP shape).
- ``gazetteer``: the index of US ZIP codes and cities (built once per process), ZIP look-ups.
- ``resolver``: the offline free-text resolver.
- ``online``: the optional online geocoder, and ``geocode``.
- ``distance``: ellipsoidal distances and bounding boxes.
"""

from .distance import MILES_PER_KM, bounding_box, distance_miles, miles_to_km
from .gazetteer import STATES, ZipRow, index, nearest_zip, warm_up, zip_centroids, zip_index, zip_place
from .model import GazetteerError, LocationError, Place, english
from .online import OnlineGeocoder, geocode, online_geocoder
from .text import clean, name_key, normalize_zip, tokens

__all__ = [
    "MILES_PER_KM",
    "STATES",
    "GazetteerError",
    "LocationError",
    "OnlineGeocoder",
    "Place",
    "ZipRow",
    "bounding_box",
    "clean",
    "distance_miles",
    "english",
    "geocode",
    "index",
    "miles_to_km",
    "name_key",
    "nearest_zip",
    "normalize_zip",
    "online_geocoder",
    "tokens",
    "warm_up",
    "zip_centroids",
    "zip_index",
    "zip_place",
]
