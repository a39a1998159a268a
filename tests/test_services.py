"""The plain functions behind the CLI and the app."""

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from coopmap.services import geocode_place, init_store
from coopmap.store import open_store


class FakeProvider(Geocoder):
    """An online service that knows one village and counts the questions it gets."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def geocode(self, query, *, exactly_one=True, **kwargs):
        self.calls.append(query)
        if query != "Zhongguancun Software Park":
            return None
        raw = {"addresstype": "industrial", "address": {"country_code": "cn"}}
        return Location("Zhongguancun Software Park, Beijing", (40.0466, 116.2923), raw)


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "atlas.gpkg"), create=True) as opened:
        yield opened


def test_offline_answer_never_asks_the_provider(store):
    provider = FakeProvider()
    place = geocode_place("Zhengzhou", provider=provider, store=store)
    assert place.geonameid == 1784658
    assert provider.calls == []


def test_online_answers_are_cached_in_the_store(store):
    provider = FakeProvider()
    first = geocode_place(
        "Zhongguancun Software Park", provider=provider, store=store, min_delay_seconds=0
    )
    assert first.country == "CN"
    assert first.source == "fakeprovider"
    again = geocode_place(
        "Zhongguancun Software Park", provider=provider, store=store, min_delay_seconds=0
    )
    assert again == first
    assert provider.calls == ["Zhongguancun Software Park"]


def test_nothing_found_anywhere_is_none(store):
    provider = FakeProvider()
    assert geocode_place("Qwxzyv", provider=provider, store=store, min_delay_seconds=0) is None
    assert provider.calls == ["Qwxzyv"]
    assert geocode_place("Qwxzyv") is None


def test_init_store_is_idempotent_and_reset_starts_again(tmp_path):
    url = str(tmp_path / "atlas.gpkg")
    first = init_store(url)
    assert (first.created, first.added, first.total) == (True, 19, 19)
    with open_store(url) as store:
        store.delete("pj-polypropylene")
    second = init_store(url)
    assert (second.created, second.added, second.total) == (False, 0, 18)
    third = init_store(url, reset=True)
    assert (third.created, third.total) == (True, 19)
