"""Toponyms: recognition with spans, resolution through the gazetteer, and what is not a place."""

from __future__ import annotations

import pytest

from coopmap.extract.toponyms import find_toponyms, resolve_spans
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
