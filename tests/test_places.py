"""The coopmap.places package: its entry points and this process's gazetteer."""

import subprocess
import sys

import pytest

import coopmap.places as places
from coopmap.places import (
    Gazetteer,
    country_label,
    country_name,
    default_gazetteer,
    geocode,
    set_default_gazetteer,
)


def test_every_name_the_package_lists_is_there():
    missing = [name for name in places.__all__ if getattr(places, name, None) is None]
    assert missing == []


def test_importing_the_package_leaves_geopy_shapely_and_the_model_for_later():
    listed = "('geopy', 'shapely', 'pydantic', 'coopmap.model')"
    code = (
        "import sys; from coopmap.places import Place, default_gazetteer, geocode;"
        f" print([name for name in {listed} if name in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_set_default_gazetteer_puts_another_in_place_and_returns_the_one_it_replaces(gazetteer):
    other = Gazetteer(gazetteer.path)
    try:
        assert set_default_gazetteer(other) is gazetteer
        assert default_gazetteer() is other
        assert geocode("Astana") == gazetteer.best("Astana")
    finally:
        assert set_default_gazetteer(gazetteer) is other
        other.close()
    assert default_gazetteer() is gazetteer


def test_without_a_default_gazetteer_the_next_use_opens_the_index(gazetteer):
    assert set_default_gazetteer(None) is gazetteer
    try:
        opened = default_gazetteer()
        again = default_gazetteer()
    finally:
        replaced = set_default_gazetteer(gazetteer)
    opened.close()
    assert replaced is opened is again
    assert opened is not gazetteer
    assert opened.path == gazetteer.path


def test_a_country_is_named_by_its_common_name_and_labelled_with_its_code():
    assert country_name("KZ") == "Kazakhstan"
    assert country_name("TW") == "Taiwan"  # the common name, not the formal one
    assert country_label("KR") == "South Korea (KR)"
    assert country_name("XX") == country_label("XX") == "XX"


def test_locate_and_resolve_locations_keep_to_the_country(gazetteer):
    from coopmap.errors import ValidationError

    assert places.locate("Aberdeen", country="JM") is None
    assert places.locate("Aberdeen", country=["JM", "GB"]).country == "GB"
    assert places.locate("Aberdeen").country == "GB"
    record = {"id": "port", "locations": [{"name": "Aberdeen", "country": "JM"}]}
    with pytest.raises(ValidationError, match=r"'Aberdeen' .*\(country JM\)") as caught:
        places.resolve_locations(record, gazetteer=gazetteer)
    assert (caught.value.record, caught.value.field) == ("port", "locations.0")
