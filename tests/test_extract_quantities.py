"""Quantities: numbers with units, money with currency, counts of things."""

from __future__ import annotations

import pytest

from coopmap.reports.quantities import find_quantities

REPORT = (
    "China Railway Group will build a 22.4 km light railway in Astana with 18 stations and "
    "one depot, at a cost of $1.9 billion. A 1,200 MW power plant worth 2 billion yuan and a "
    "plant making 500,000 tonnes of polypropylene a year, financed with USD 500 million, are "
    "among 52 joint industrial and investment projects; a dozen agreements were signed."
)


def _by_text(text):
    return {q.text: q for q in find_quantities(text)}


def test_report_quantities():
    found = _by_text(REPORT)
    assert (found["22.4 km"].value, found["22.4 km"].unit) == (22.4, "km")
    assert (found["18 stations"].value, found["18 stations"].kind) == (18, "count")
    assert found["one depot"].unit == "depot"
    assert (found["$1.9 billion"].value, found["$1.9 billion"].unit) == (1.9e9, "USD")
    assert (found["2 billion yuan"].value, found["2 billion yuan"].unit) == (2e9, "CNY")
    assert found["USD 500 million"].value == 5e8
    assert (found["1,200 MW"].value, found["1,200 MW"].kind) == (1200, "power")
    assert found["500,000 tonnes"].unit == "t"
    projects = found["52 joint industrial and investment projects"]
    assert (projects.value, projects.unit) == (52, "projects")
    assert found["a dozen agreements"].value == 12
    for q in found.values():
        assert REPORT[q.start : q.end] == q.text


def test_units_are_converted_to_one_canonical_unit():
    found = _by_text("A 2 GW solar park and a 30-mile road.")
    assert (found["2 GW"].value, found["2 GW"].unit) == (2000, "MW")
    assert found["30-mile"].unit == "km"
    assert found["30-mile"].value == pytest.approx(48.28, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The talks in 2015 were friendly and the sides agreed to meet again.",
        "Two men and seven of their friends met.",
    ],
)
def test_texts_without_quantities(text):
    assert find_quantities(text) == []


def test_one_more_thing_after_a_count():
    found = _by_text("The line will have 18 stations and a depot; the plant has two kilns.")
    assert (found["a depot"].value, found["a depot"].unit) == (1, "depot")
    assert "a plant" not in found  # only right after a count
