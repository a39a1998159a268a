"""Place names geocoded on import (coopmap.formats.placing): a location per name and place."""

from __future__ import annotations

import pytest

import coopmap.places
from coopmap.formats import placing
from coopmap.formats.placing import geocode_name, location_data


def test_a_place_named_on_many_rows_builds_its_location_once(gazetteer, monkeypatch):
    built = []

    def counted(*args, **kwargs):
        built.append(args)
        return location_from_place(*args, **kwargs)

    location_from_place = coopmap.places.location_from_place
    monkeypatch.setattr(coopmap.places, "location_from_place", counted)
    placing._location_data.cache_clear()
    outcome = geocode_name("Almaty", countries=["KZ"])
    rows = [location_data(outcome.at(where=f"row {n}")) for n in range(2, 6)]
    assert len(built) == 1
    assert rows[0] == rows[3]
    assert rows[0]["gazetteer_id"] == outcome.place.geonameid == 1526384
    assert rows[0]["geometry_source"] == "gazetteer"


def test_rows_sharing_a_place_get_dicts_of_their_own(gazetteer):
    outcome = geocode_name("Astana", countries=["KZ"])
    first, second = location_data(outcome), location_data(outcome)
    first["name"] = "changed"
    first["geometry"]["type"] = "changed"
    assert second["name"] == "Astana"
    assert second["geometry"]["type"] == "Point"


@pytest.mark.parametrize("written", ["Almaty", "almaty", "ALMATY "])
def test_each_name_keeps_its_spelling_for_the_same_place(gazetteer, written):
    data = location_data(geocode_name(written, countries=["KZ"]))
    assert data["name"] == written.strip()
    assert data["resolved_name"] == "Almaty"
