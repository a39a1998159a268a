"""Which places a form offers for a typed name."""

import pytest

from coopmap.places import Place, default_gazetteer
from coopmap.places.choices import choices
from coopmap.taxonomy import Precision


def place(name, lat, lon, country, population, match="primary", precision=Precision.CITY):
    return Place(name, lat, lon, country, precision, population=population, match=match)


def test_a_city_and_the_region_named_after_it_are_one_choice():
    city = place("Astana", 51.18, 71.45, "KZ", 1_544_142)
    region = place("Astana", 51.18, 71.45, "KZ", 1_544_142, precision=Precision.ADMIN1)
    assert choices([city, region]) == [city]


def test_a_minor_place_reached_by_an_alternate_spelling_is_left_out():
    city = place("Astana", 51.18, 71.45, "KZ", 1_544_142)
    village = place("Ostana", 44.69, 7.19, "IT", 79, match="alternate")
    big = place("Bigtown", 10.0, 10.0, "NG", 500_000, match="alternate")
    assert choices([city, village, big]) == [city, big]


def test_alternate_spellings_are_all_there_is_when_no_place_has_the_name():
    first = place("Peking", 39.9, 116.4, "CN", 11_716_620, match="alternate")
    other = place("Pekin", 40.57, -89.64, "US", 33_000, match="alternate")
    assert choices([first, other]) == [first, other]


def test_namesakes_in_the_same_country_far_apart_stay():
    portland_or = place("Portland", 45.52, -122.68, "US", 632_309)
    portland_me = place("Portland", 43.66, -70.26, "US", 66_194)
    assert choices([portland_or, portland_me]) == [portland_or, portland_me]


@pytest.mark.parametrize(
    ("name", "countries"),
    [("Astana", {"KZ"}), ("Hyderabad", {"IN", "PK"}), ("Alexandria", {"EG", "US"})],
)
def test_the_gazetteer_s_choices_for_real_names(name, countries):
    found = choices(default_gazetteer().lookup(name, limit=10))
    assert countries <= {p.country for p in found}
    if countries == {"KZ"}:
        assert len(found) == 1  # nothing to ask about
