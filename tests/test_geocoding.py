"""Geocoding tools: the plain function, the offline geopy geocoder and the online chain."""

from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic
from geopy.exc import GeocoderNotFound, GeocoderServiceError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from coopmap.errors import ValidationError
from coopmap.places import geocode, make_geocoder
from coopmap.places.geocoders.offline import OfflineGeocoder, location_to_place
from coopmap.places.geocoders.online import ChainGeocoder, InMemoryCache, precision_from_raw
from coopmap.services import geocode_candidates, geocode_place
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


@pytest.mark.parametrize(
    ("name", "code", "elsewhere"),
    [("Aberdeen", "JM", "GB"), ("Cauca", "CO", "ES"), ("Amazonas", "CO", "BR")],
)
def test_geocode_never_answers_outside_the_country(gazetteer, name, code, elsewhere):
    assert any(p.country == elsewhere for p in geocode_candidates(name, limit=50))
    place = geocode(name, country=code)
    assert place is None or place.country == code
    assert {p.country for p in geocode_candidates(name, country=code, limit=50)} <= {code}
    assert geocode_place(name, country=code) == place


def test_geocode_prefer_country_falls_back_to_elsewhere(gazetteer):
    assert geocode("Aberdeen", country="JM") is None
    assert geocode("Aberdeen", prefer_country="JM").country == "GB"
    assert geocode("Alexandria", prefer_country="US").admin1 == "Virginia"
    assert geocode_place("Alexandria", prefer_country="US").admin1 == "Virginia"


def test_geocode_level(gazetteer):
    assert geocode("Georgia").precision == "country"
    assert geocode("Georgia", level="admin1").country == "US"
    assert geocode("Georgia", level=Precision.ADMIN1, country="GE") is None
    assert geocode_place("Almaty", level="city").precision == "city"
    assert geocode_place("Almaty", level="admin1").precision == "admin1"
    found = geocode_candidates("Laurel", level="admin2", limit=5)
    assert found
    assert {p.precision for p in found} == {Precision.ADMIN2}


def test_geocode_candidates_bad_level_or_country_is_a_validation_error(gazetteer):
    with pytest.raises(ValidationError, match="unknown level 'town'") as caught:
        geocode_candidates("Almaty", level="town")
    assert caught.value.field == "level"
    with pytest.raises(ValidationError, match="unknown country 'Narnia'"):
        geocode_candidates("Almaty", country="Narnia")


def test_level_applies_to_online_answers(gazetteer):
    provider = FakeProvider({"Shed 7": SHED})
    (shed,) = geocode_candidates("Shed 7", provider=provider, min_delay_seconds=0)
    assert (shed.match, shed.precision) == ("online", "exact")
    assert geocode_candidates("Shed 7", provider=provider, level="admin1") == []
    assert geocode_place("Shed 7", provider=provider).name == "Shed 7, Khorgos Gateway"
    assert geocode_place("Shed 7", provider=provider, level="city") is None
    assert geocode_place("Nowhere 9", provider=provider) is None


# -- the command ----------------------------------------------------------------------------------


def test_cli_country_is_a_constraint_and_prefer_country_is_not(file_cli):
    refused = file_cli("geocode", "Aberdeen", "--country", "JM")
    assert refused.exit_code == 1
    assert "no place matches 'Aberdeen' in country JM" in refused.output
    preferred = file_cli("geocode", "Aberdeen", "--prefer-country", "JM", "--json")
    assert preferred.exit_code == 0, preferred.output
    assert json.loads(preferred.output)["country"] == "GB"


def test_cli_level_applies_to_every_line_of_standard_input(file_cli):
    result = file_cli("geocode", "Georgia", "--level", "admin1", "--json")
    assert (json.loads(result.output)["country"], json.loads(result.output)["precision"]) == (
        "US",
        "admin1",
    )
    lines = file_cli("geocode", "-", "--level", "city", input="Almaty\nGeorgia\nAlexandria\tUS\n")
    assert lines.exit_code == 1
    answers = [json.loads(line) for line in lines.stdout.splitlines()]
    assert [(a["query"], a["found"], a.get("precision")) for a in answers] == [
        ("Almaty", True, "city"),
        ("Georgia", False, None),
        ("Alexandria", True, "city"),
    ]
    assert "no place matches 'Georgia' at level city" in lines.stderr
    bad = file_cli("geocode", "Georgia", "--level", "town")
    assert bad.exit_code == 2


def test_cli_candidates_in_text_and_json(file_cli):
    text = file_cli("geocode", "Georgia", "--candidates", "2")
    assert text.exit_code == 0, text.output
    first, second = text.output.splitlines()
    assert first.startswith("1. Georgia, GE ")
    assert first.endswith("match: primary")
    assert second.startswith("2. Georgia, US  ")
    assert "(admin1" in second
    listed = json.loads(file_cli("geocode", "Nur-Sultan", "--candidates", "3", "--json").output)
    assert listed["query"] == "Nur-Sultan"
    assert listed["found"] is True
    top = listed["candidates"][0]
    assert (top["rank"], top["name"], top["match"]) == (1, "Astana", "alias")
    ranks = [c["rank"] for c in listed["candidates"]]
    assert ranks == list(range(1, len(ranks) + 1))
    assert len(ranks) <= 3
    many = json.loads(file_cli("geocode", "Springfield", "--candidates", "4", "--json").output)
    assert len(many["candidates"]) == 4
    missed = file_cli("geocode", "-", "--candidates", "2", input="Xqzvbnwplk\n")
    assert missed.exit_code == 1
    assert json.loads(missed.stdout) == {"query": "Xqzvbnwplk", "found": False, "candidates": []}
    assert file_cli("geocode", "Georgia", "--candidates", "0").exit_code == 2


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


@pytest.mark.parametrize(
    ("featuretype", "precision"),
    [("city", "city"), ("settlement", "city"), ("state", "admin1"), ("admin1", "admin1")],
)
def test_offline_geocoder_takes_nominatims_featuretype_as_the_level(
    offline, featuretype, precision
):
    location = offline.geocode("Almaty", featuretype=featuretype)
    assert (location.raw["country"], location.raw["precision"]) == ("KZ", precision)


def test_offline_geocoder_refuses_an_unknown_featuretype(offline):
    with pytest.raises(ValueError, match="unknown level 'street'"):
        offline.geocode("Almaty", featuretype="street")


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
