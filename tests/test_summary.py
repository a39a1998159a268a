"""Counts of records by sector, country, status and year (coopmap.display.summary)."""

from __future__ import annotations

import shapely

from coopmap.display import summary
from coopmap.model import Event, Location, Project

POINT_KZ = Location(
    name="Astana", geometry=shapely.Point(71.45, 51.18), precision="city", country="KZ"
)


def records():
    return [
        Project(
            title="Railway",
            sectors=["transport", "construction"],
            status="operating",
            countries=["KZ"],
            start="2015-05",
            locations=[POINT_KZ],
        ),
        Project(title="Plant", sectors=["industry"], status="agreed", start="2016", end="2018"),
        Project(title="Fund", sectors=["finance"], status="agreed", countries=["CN", "KZ"]),
        Event(
            title="Talks",
            event_type="talks",
            sectors=["transport"],
            start="2015-12-14",
            countries=["CN"],
        ),
        Event(title="Visit", event_type="visit", start="2014-12", locations=[POINT_KZ]),
    ]


def test_by_sector_counts_a_record_in_each_of_its_sectors_in_taxonomy_order():
    rows = summary.by_sector(records())
    assert rows == [
        {"sector": "transport", "label": "Transport and storage", "kind": "project", "records": 1},
        {"sector": "transport", "label": "Transport and storage", "kind": "event", "records": 1},
        {
            "sector": "finance",
            "label": "Banking and financial services",
            "kind": "project",
            "records": 1,
        },
        {"sector": "industry", "label": "Industry", "kind": "project", "records": 1},
        {"sector": "construction", "label": "Construction", "kind": "project", "records": 1},
        {"sector": None, "label": "No sector", "kind": "event", "records": 1},
    ]
    assert summary.totals(rows, key="sector") == {
        "transport": 2,
        "finance": 1,
        "industry": 1,
        "construction": 1,
        None: 1,
    }


def test_by_country_counts_record_and_location_countries_once_most_first():
    rows = summary.by_country(records())
    assert summary.totals(rows, key="country") == {"KZ": 3, "CN": 2, None: 1}
    assert rows[0] == {"country": "KZ", "label": "Kazakhstan", "kind": "project", "records": 2}
    assert rows[1] == {"country": "KZ", "label": "Kazakhstan", "kind": "event", "records": 1}
    assert rows[-1]["label"] == "No country"


def test_by_status_counts_projects_only_in_taxonomy_order():
    assert summary.by_status(records()) == [
        {"status": "agreed", "label": "Agreed", "kind": "project", "records": 2},
        {"status": "operating", "label": "Operating", "kind": "project", "records": 1},
    ]


def test_by_year_uses_the_year_of_the_start_whatever_its_precision():
    assert summary.by_year(records()) == [
        {"year": 2014, "kind": "event", "records": 1},
        {"year": 2015, "kind": "project", "records": 1},
        {"year": 2015, "kind": "event", "records": 1},
        {"year": 2016, "kind": "project", "records": 1},
    ]


def test_overview():
    numbers = summary.overview(records())
    assert numbers == summary.Overview(
        records=5,
        projects=3,
        events=2,
        countries=2,
        sectors=4,
        located=2,
        undated=1,
        first_year=2014,
        last_year=2018,
    )
    empty = summary.overview([])
    assert (empty.records, empty.first_year) == (0, None)
    assert summary.by_sector([]) == summary.by_year([]) == []


def test_the_seed_summary_adds_up():
    from coopmap.seed import load_seed

    seed = load_seed()
    numbers = summary.overview(seed)
    assert numbers.records == len(seed) == numbers.projects + numbers.events
    assert sum(summary.totals(summary.by_status(seed), key="status").values()) == numbers.projects
    dated = sum(r.start is not None for r in seed)
    assert sum(summary.totals(summary.by_year(seed), key="year").values()) == dated
    assert summary.totals(summary.by_country(seed), key="country")["KZ"] >= 1
