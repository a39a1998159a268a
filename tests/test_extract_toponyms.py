"""Toponyms: recognition with spans, resolution through the gazetteer, and what is not a place."""

from __future__ import annotations

import pytest

from coopmap.reports.toponyms import find_toponyms, resolve_spans
from coopmap.taxonomy import Precision

# A report written for these tests in the style of the seed.
REPORT = (
    "ASTANA, Nov 3 (Xinhua) -- Chinese Premier Li Keqiang held talks with his Kazakh "
    "counterpart in Beijing on Monday, and the two sides signed documents at the Great Hall "
    "of the People. Officials of the SCO met in Zhengzhou, capital of Henan Province, while an "
    "Internet conference opened in Wuzhen. China Railway Group will build a 22.4 km light "
    "railway in Astana with 18 stations. EU envoys arrive in May. China's trade along the "
    "China-Kazakhstan border grew."
)


def _by_name(toponyms):
    return {t.name: t for t in toponyms}


def test_report_places_are_found_with_spans_and_resolved():
    found = find_toponyms(REPORT)
    for t in found:
        assert REPORT[t.start : t.end] == t.name
    names = _by_name(found)
    assert names["Beijing"].place.country == "CN"
    assert names["Zhengzhou"].place.name == "Zhengzhou"
    assert names["Wuzhen"].place.country == "CN"
    assert names["Astana"].place.country == "KZ"
    assert names["Henan Province"].place.precision is Precision.ADMIN1
    kazakh = names["Kazakh"]
    assert kazakh.demonym
    assert kazakh.place.country == "KZ"
    assert kazakh.place.precision is Precision.COUNTRY


def test_not_places_in_the_report():
    names = [t.name for t in find_toponyms(REPORT)]
    # a person after a title, an acronym, a common word, an organisation, a facility
    for word in ("Li", "Keqiang", "SCO", "Internet", "May", "Great Hall", "People", "Monday"):
        assert not any(word in name for name in names), (word, names)
    # "China Railway Group" is an organisation: no China at its offset
    org = REPORT.index("China Railway Group")
    assert all(not (t.start <= org < t.end) for t in find_toponyms(REPORT))


def test_eu_is_not_a_town():
    found = [t for t in find_toponyms(REPORT) if t.name == "EU"]
    assert all(t.place.precision is not Precision.CITY for t in found)


def test_possessive_and_hyphenated_pair():
    found = find_toponyms(REPORT)
    possessive = REPORT.index("China's")
    assert any(t.start == possessive and t.name == "China" for t in found)
    pair = REPORT.index("China-Kazakhstan")
    names = [t.name for t in found if pair <= t.start < pair + len("China-Kazakhstan")]
    assert names == ["China", "Kazakhstan"]


def test_multi_word_names_longest_first():
    text = "Flights from Hong Kong to Rio de Janeiro stop in New York."
    names = [(t.name, t.place.country) for t in find_toponyms(text)]
    assert names == [("Hong Kong", "HK"), ("Rio de Janeiro", "BR"), ("New York", "US")]


def test_document_context_picks_the_country():
    pakistan = "Floods hit Pakistan this week. In Punjab, officials in Lahore said roads were shut."
    india = "Farmers in India protested. In Punjab, officials in Amritsar said roads were shut."
    assert _by_name(find_toponyms(pakistan))["Punjab"].place.country == "PK"
    assert _by_name(find_toponyms(india))["Punjab"].place.country == "IN"


def test_dateline_and_state_biases_resolution():
    text = "SPRINGFIELD, Ill. (AP) -- The mayor of Springfield spoke on Tuesday."
    found = find_toponyms(text)
    assert found[0].name == "SPRINGFIELD"
    assert {t.place.admin1 for t in found if t.name.lower() == "springfield"} == {"Illinois"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The committee will meet again after the holiday to discuss the budget.",
        "President Monday said May would be busy. Police and Internet firms agreed.",
        "Li and Wang met the SCO secretary general.",
        "Staff of China Railway Group and the Bank of China attended.",
    ],
)
def test_texts_without_places(text):
    assert find_toponyms(text) == []


def test_common_word_needs_a_strong_signal():
    # "Reading" is a town in England, but here it is a common word
    text = "Reading the statement, the spokesman said reading it aloud was enough."
    assert find_toponyms(text) == []


def test_state_abbreviations_are_places_and_hints():
    text = "Officials in Albany, N.Y. and Columbus, Ga. met."
    found = [(t.name, t.place.name, t.place.precision) for t in find_toponyms(text)]
    assert found == [
        ("Albany", "Albany", Precision.CITY),
        ("N.Y.", "New York", Precision.ADMIN1),
        ("Columbus", "Columbus", Precision.CITY),
        ("Ga.", "Georgia", Precision.ADMIN1),
    ]
    columbus = find_toponyms(text)[2].place
    assert (columbus.country, columbus.admin1) == ("US", "Georgia")


def test_resolve_spans_with_names_given():
    text = "Talks in Astana and Beijing."
    spans = [(text.index("Astana"), text.index("Astana") + 6), (text.index("Beijing"), 27)]
    places = resolve_spans(text, spans)
    assert [p.country for p in places] == ["KZ", "CN"]
    assert resolve_spans("Near Xyzzyq.", [(5, 11)]) == [None]


def test_to_dict_flattens_the_place():
    (toponym,) = find_toponyms("Talks in Astana.")
    data = toponym.to_dict()
    assert data["name"] == "Astana"
    assert data["country"] == "KZ"
    assert data["precision"] == "city"
    assert isinstance(data["lat"], float)


# -- resolution with the document ----------------------------------------------------------


def _resolved(text):
    return [(t.name, t.place.name, t.place.admin1, t.place.country) for t in find_toponyms(text)]


def test_a_county_is_a_place_and_the_towns_in_it_follow_it():
    found = _resolved("Deputies in Laurel County arrested two men near London on Friday.")
    assert found == [
        ("Laurel County", "Laurel County", "Kentucky", "US"),
        ("London", "London", "Kentucky", "US"),
    ]


def test_two_names_that_lie_together_choose_each_other():
    found = _resolved("The fair in Paris drew visitors from across Henry County.")
    assert [(admin1, country) for _, _, admin1, country in found] == [("Tennessee", "US")] * 2


def test_a_name_is_not_its_own_evidence():
    # two mentions of the country reading must not outvote the county in Georgia
    text = (
        "Schools in Clarke County cut budgets. Georgia lawmakers met, and Georgia teachers marched."
    )
    assert {country for name, _, _, country in _resolved(text) if name == "Georgia"} == {"US"}


def test_a_big_city_tells_the_region_of_the_others():
    # Amarillo is far from Athens, Texas, but says the story is in Texas
    found = _resolved("Ranchers from Amarillo drove to Athens for the cattle sale.")
    assert found[1] == ("Athens", "Athens", "Texas", "US")


def test_a_name_that_a_region_has_is_the_region_not_a_town_nearby():
    # California, Maryland lies near Washington and Baltimore; the state is still meant
    found = _resolved("Growers in California lobbied officials in Washington and Baltimore.")
    assert found[0] == ("California", "California", "California", "US")


def test_a_wide_region_gives_way_to_a_town_only_with_the_text_s_help():
    texas = "A fire in Palestine destroyed a barn. Crews came from Tyler and Jacksonville, Texas."
    assert _resolved(texas)[0] == ("Palestine", "Palestine", "Texas", "US")
    for text in ("Talks on Palestine resumed in Cairo and Amman.", "Palestine talks resumed."):
        palestine = find_toponyms(text)[0].place
        assert (palestine.name, palestine.source) == ("Palestine", "coopmap")


def test_abbreviations_of_provinces_and_eras():
    assert _resolved("Bushfires in NSW forced people out of towns west of Sydney.")[0][:2] == (
        "NSW",
        "New South Wales",
    )
    assert _resolved("Flooding hit Vancouver, B.C. on Monday.")[1][:2] == (
        "B.C.",
        "British Columbia",
    )
    assert find_toponyms("The temple was built in 500 B.C. by the king.") == []


def test_a_common_word_opening_a_sentence_starts_no_person_s_name():
    # "still" is written in lower case too, so "Still London" is no person named London
    text = "Still London is expensive, and rents there are still rising."
    assert [(name, country) for name, _, _, country in _resolved(text)] == [("London", "GB")]


def test_function_words_are_not_places_even_where_towns_have_their_names():
    assert find_toponyms("No one came. Since then, most staff left. As a rule, At first.") == []


def test_a_county_s_short_name_alone_is_no_place():
    # "Ocean" and "Iron" are short names of US counties
    assert find_toponyms("Ocean freight and Iron ore prices rose.") == []


def test_resolve_spans_places_what_the_gazetteer_lacks_from_the_text():
    text = (
        "Residents of Royal Street in New Orleans cheered the University of California band, "
        "and Russians watched."
    )
    names = ("Royal Street", "New Orleans", "University of California", "Russians")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    street, city, university, people = resolve_spans(text, spans)
    # a street the gazetteer lacks is put in the story's town, and says so
    assert (street.name, street.match) == ("New Orleans", "context")
    assert (city.name, city.match) == ("New Orleans", "primary")
    # a place name inside a longer name places it
    assert (university.name, university.precision) == ("California", Precision.ADMIN1)
    # a people is its country
    assert (people.country, people.match) == ("RU", "demonym")


def test_resolve_spans_without_anything_to_go_on_is_none():
    text = "The Blue Lantern opened last week."
    assert resolve_spans(text, [(4, 16)]) == [None]


def test_a_name_inside_a_longer_one_is_no_evidence_for_itself():
    text = (
        "Fans filled the Montgomery County Fairgrounds in Red Oak for the Iowa show, and "
        "Montgomery County officials spoke."
    )
    starts = [text.index("Montgomery"), text.index("Red Oak"), text.index("Iowa")]
    ends = [text.index(" in Red"), starts[1] + 7, starts[2] + 4]
    last = text.rindex("Montgomery County")
    spans = [*zip(starts, ends, strict=True), (last, last + len("Montgomery County"))]
    assert [p.admin1 for p in resolve_spans(text, spans)] == ["Iowa"] * 4
