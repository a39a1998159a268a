"""Geocoding tools: the plain function, the offline geopy geocoder and the online chain."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic
from geopy.exc import GeocoderNotFound, GeocoderServiceError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from coopmap.places import geocode, make_geocoder
from coopmap.places.geocoders.offline import OfflineGeocoder, location_to_place
from coopmap.places.geocoders.online import ChainGeocoder, InMemoryCache, precision_from_raw
from coopmap.taxonomy import Precision

RAW_KEYS = {
    "name",
    "lat",
    "lon",
    "country",
    "precision",
    "geonameid",
    "source",
    "admin1",
    "population",
    "match",
}


class FakeProvider(Geocoder):
    """A geopy geocoder that answers from a dict and counts its calls; never on the network."""

    def __init__(self, answers=None, *, error=None):
        super().__init__()
        self.answers = answers or {}
        self.error = error
        self.calls = []

    def geocode(self, query, *, exactly_one=True, **kwargs):
        self.calls.append((query, kwargs))
        if self.error is not None:
            raise self.error
        raw = self.answers.get(query)
        if raw is None:
            return None
        location = Location(raw["display_name"], (raw["lat"], raw["lon"]), raw)
        return location if exactly_one else [location]


SHED = {
    "display_name": "Shed 7, Khorgos Gateway",
    "lat": 44.2,
    "lon": 80.3,
    "addresstype": "building",
    "address": {"country_code": "kz"},
}


@pytest.fixture
def offline(gazetteer):
    return OfflineGeocoder(gazetteer=gazetteer)


def chain(offline, provider, **options):
    options.setdefault("min_delay_seconds", 0)
    return ChainGeocoder(provider, offline=offline, **options)


# -- the plain tool -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "geonameid", "lat", "lon"),
    [
        ("Astana", 1526273, 51.1801, 71.44598),
        ("Beijing", 1816670, 39.9075, 116.39723),
        ("Zhengzhou", 1784658, 34.75778, 113.64861),
        ("Wuzhen", 1790848, 30.74536, 120.4851),
    ],
)
def test_geocode_seed_places(gazetteer, name, geonameid, lat, lon):
    place = geocode(name)
    assert place.geonameid == geonameid
    assert geodesic((place.lat, place.lon), (lat, lon)).km < 15


def test_geocode_with_country_and_not_found(gazetteer):
    assert geocode("Alexandria", country="US").admin1 == "Virginia"
    assert geocode("Xqzvbnwplk") is None


# -- the offline geopy geocoder -----------------------------------------------------------------


def test_make_geocoder_defaults_to_offline(gazetteer):
    assert isinstance(make_geocoder(), OfflineGeocoder)
    assert isinstance(make_geocoder("offline"), OfflineGeocoder)


def test_offline_geocoder_answers_like_geopy(offline):
    location = offline.geocode("Nur-Sultan")
    assert isinstance(location, Location)
    assert location.address == "Astana"
    assert set(location.raw) == RAW_KEYS
    assert location.raw["geonameid"] == 1526273
    assert location.raw["match"] == "alias"
    assert (location.latitude, location.longitude) == (51.1801, 71.44598)
    assert location_to_place(location).geonameid == 1526273


def test_offline_geocoder_lists_and_filters_by_country(offline):
    locations = offline.geocode("Alexandria", exactly_one=False, limit=5)
    assert len(locations) == 5
    us = offline.geocode("Alexandria", exactly_one=False, country_codes=["us"])
    assert us
    assert {loc.raw["country"] for loc in us} == {"US"}
    assert offline.geocode("Hyderabad", country_codes="KZ") is None


def test_offline_geocoder_not_found_is_none(offline):
    assert offline.geocode("Xqzvbnwplk") is None
    assert offline.geocode("Xqzvbnwplk", exactly_one=False) is None


# -- the chain ----------------------------------------------------------------------------------


def test_offline_hit_never_calls_the_provider(offline):
    provider = FakeProvider({"Astana": SHED})
    location = chain(offline, provider).geocode("Astana")
    assert location.raw["source"] == "geonames"
    assert provider.calls == []


def test_offline_miss_calls_the_provider_once_then_the_cache(offline):
    provider = FakeProvider({"Shed 7, Khorgos Gateway": SHED})
    geocoder = chain(offline, provider)
    first = geocoder.geocode("Shed 7, Khorgos Gateway")
    second = geocoder.geocode("Shed 7,  Khorgos Gateway")
    assert len(provider.calls) == 1
    assert first.raw == second.raw
    assert first.raw["source"] == "fakeprovider"
    assert first.raw["precision"] == "exact"
    assert first.raw["country"] == "KZ"
    assert first.raw["match"] == "online"
    assert location_to_place(first).precision is Precision.EXACT


def test_a_provider_miss_is_cached_too(offline):
    provider = FakeProvider()
    geocoder = chain(offline, provider)
    assert geocoder.geocode("Nowhere Street 1") is None
    assert geocoder.geocode("Nowhere Street 1") is None
    assert len(provider.calls) == 1


def test_a_cache_hit_does_not_call_the_provider(offline):
    provider = FakeProvider({"Shed 7, Khorgos Gateway": SHED})
    cache = InMemoryCache()
    chain(offline, provider, cache=cache).geocode("Shed 7, Khorgos Gateway")
    assert len(cache) == 1
    fresh_provider = FakeProvider(error=RuntimeError("must not be called"))
    again = chain(offline, fresh_provider, cache=cache)
    again.provider_name = "fakeprovider"
    assert again.geocode("Shed 7, Khorgos Gateway").latitude == 44.2
    assert fresh_provider.calls == []


def test_country_codes_reach_the_provider(offline):
    provider = FakeProvider()
    chain(offline, provider).geocode("Nowhere Street 1", country_codes="kz")
    assert provider.calls == [("Nowhere Street 1", {"country_codes": ["kz"]})]


@pytest.mark.parametrize("error", [GeocoderServiceError("down"), RuntimeError("bug")])
def test_provider_errors_propagate(offline, error):
    provider = FakeProvider(error=error)
    geocoder = chain(offline, provider, max_retries=0)
    with pytest.raises(type(error)):
        geocoder.geocode("Nowhere Street 1")
    assert len(provider.calls) == 1


def test_make_geocoder_builds_a_chain_by_provider_name(gazetteer):
    geocoder = make_geocoder("nominatim", user_agent="coopmap-tests")
    assert isinstance(geocoder, ChainGeocoder)
    assert isinstance(geocoder.provider, Nominatim)
    assert geocoder.provider_name == "nominatim"
    with pytest.raises(GeocoderNotFound):
        make_geocoder("no-such-service")


@pytest.mark.parametrize(
    ("raw", "precision"),
    [
        ({"addresstype": "city", "type": "administrative"}, Precision.CITY),
        ({"addresstype": "state"}, Precision.ADMIN1),
        ({"addresstype": "country"}, Precision.COUNTRY),
        ({"fcode": "PPLC"}, Precision.CITY),
        ({"properties": {"layer": "venue"}}, Precision.EXACT),
        ({"types": ["locality", "political"]}, Precision.CITY),
        ({"something": "else"}, Precision.UNKNOWN),
    ],
)
def test_precision_from_provider_types(raw, precision):
    assert precision_from_raw(raw) is precision
