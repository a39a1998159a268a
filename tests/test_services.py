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


# --- one door for every change


def _project(**changes):
    from coopmap.model import Project

    values = {"id": "pj-rail", "title": "Astana light railway", "sectors": ["transport"]}
    return Project(**{**values, **changes})


def test_save_adds_then_updates_at_the_version_seen(store):
    from coopmap.errors import ConflictError, DuplicateRecordError
    from coopmap.services import save_record

    assert save_record(store, _project()) == 1
    with pytest.raises(DuplicateRecordError):
        save_record(store, _project())
    assert save_record(store, _project(title="Astana LRT"), expected_version=1) == 2
    with pytest.raises(ConflictError):
        save_record(store, _project(title="Stale"), expected_version=1)
    assert store.get("pj-rail").title == "Astana LRT"


def test_delete_with_the_version_seen_refuses_a_changed_record(store):
    from coopmap.errors import ConflictError, RecordNotFoundError
    from coopmap.services import delete_record, deleted_records, restore_record, save_record

    save_record(store, _project())
    save_record(store, _project(title="Edited meanwhile"), expected_version=1)
    with pytest.raises(ConflictError):
        delete_record(store, "pj-rail", expected_version=1)
    assert store.get("pj-rail").title == "Edited meanwhile"
    assert delete_record(store, "pj-rail", expected_version=2).title == "Edited meanwhile"
    assert [item.record.id for item in deleted_records(store)] == ["pj-rail"]
    with pytest.raises(RecordNotFoundError):
        delete_record(store, "pj-rail")
    record, version = restore_record(store, "pj-rail")
    assert (record.title, version) == ("Edited meanwhile", 3)


def test_accepting_proposals_keeps_reviewed_and_skips_deleted(store):
    from coopmap.services import accept_proposal, accept_proposals, delete_record

    drafts = [_project(id=f"pj-{n}", title=f"Plant {n}", draft=True) for n in range(4)]
    store.add(drafts[:3])
    assert accept_proposal(store, drafts[0]) == "accepted"
    assert accept_proposal(store, drafts[0]) == "stored already"
    delete_record(store, "pj-1")
    result = accept_proposals(store, drafts)
    assert result.accepted == ["pj-2", "pj-3"]
    assert result.kept == ["pj-0"]
    assert result.skipped == ["pj-1"]
    assert store.get("pj-1") is None
    assert not any(store.get(f"pj-{n}").draft for n in (0, 2, 3))
