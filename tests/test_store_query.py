"""Which records a store returns for a filter or an area: what the filter keeps, the same on
every backend, narrowed in SQL before Python checks each record (``store`` runs against every
backend of ``conftest.STORE_BACKENDS``).
"""

from __future__ import annotations

import datetime as dt

import pytest
import shapely

from builders import store_records
from coopmap.model import Event, Location, Project
from coopmap.query import Filter
from coopmap.store import Store


@pytest.fixture
def store(store_factory) -> Store:
    store = store_factory()
    store.add(store_records())
    return store


FILTERS = [
    Filter(),
    Filter.make(kinds=["project"]),
    Filter.make(kinds=["event"]),
    Filter.make(sectors=["energy"]),
    Filter.make(sectors=["transport", "finance"]),
    Filter.make(statuses=["operating"]),
    Filter.make(precisions=["city"]),
    Filter.make(countries=["KZ"]),
    Filter(include_drafts=False),
    Filter(ids=frozenset({"silk-fund", "beijing-talks"})),
    Filter(text="rail"),
    Filter(organisation="china railway"),
    Filter(start=dt.date(2015, 6, 1)),
    Filter(end=dt.date(2015, 4, 30)),
    Filter(start=dt.date(2015, 12, 18), end=dt.date(2015, 12, 18)),
    Filter(start=dt.date(2019, 12, 31)),
    Filter(start=dt.date(2020, 1, 1)),
    Filter(start=dt.date(2014, 12, 31), end=dt.date(2014, 12, 31)),
    Filter.make(kinds=["project"], sectors=["industry"], start=dt.date(2017, 1, 1)),
    Filter(no_sectors=True),
    Filter(no_sectors=True, include_drafts=False),
    Filter.make(countries=["CN"]),
    Filter.make(countries=["KZ", "CN"], kinds=["project"]),
]


@pytest.mark.parametrize("query", FILTERS, ids=range(len(FILTERS)))
def test_filtered_records_are_what_the_filter_keeps(store: Store, query: Filter) -> None:
    assert store.records(query) == query.apply(store_records())


AREAS = {
    "astana-box": shapely.box(71.0, 51.0, 72.0, 51.5),
    "line-only": shapely.box(71.48, 51.19, 71.6, 51.3),  # the LRT line, not the city point
    "north-china": shapely.Polygon([(110, 33), (118, 33), (118, 41), (110, 41)]),
    "zhengzhou-edge": shapely.box(113.70, 34.0, 114.0, 34.75),  # touches the site's edge
    "ocean": shapely.box(-40, -40, -30, -30),
    "two-parts": shapely.MultiPolygon(
        [shapely.box(116, 39, 117, 40), shapely.box(120, 30, 121, 31)]
    ),
}
SPATIAL = [
    ("astana-box", None),
    ("line-only", None),
    ("north-china", None),
    ("north-china", Filter.make(kinds=["project"])),
    ("north-china", Filter(start=dt.date(2016, 1, 1))),
    ("zhengzhou-edge", None),
    ("ocean", None),
    ("two-parts", None),
    ("two-parts", Filter(include_drafts=False)),
]


@pytest.mark.parametrize(
    ("area", "query"), SPATIAL, ids=[f"{a}-{i}" for i, (a, _) in enumerate(SPATIAL)]
)
def test_records_in_an_area_are_those_with_a_location_in_it(
    store: Store, area: str, query: Filter | None
) -> None:
    shape = AREAS[area]
    expected = [
        record
        for record in (query or Filter()).apply(store_records())
        if any(location.geometry.intersects(shape) for location in record.locations)
    ]
    assert store.records_in(shape, query) == expected
    if area != "ocean":
        assert expected, "the case should keep something"


@pytest.mark.parametrize(
    ("country", "ids"),
    [
        ("KZ", ["astana-lrt"]),
        ("CN", ["beijing-talks", "zhengzhou-plant", "wuzhen-conference"]),
        ("FR", []),
    ],
)
def test_records_in_a_country_are_those_inside_its_outline(
    store: Store, gazetteer, country: str, ids: list[str]
) -> None:
    outline = gazetteer.country_shape(country)
    assert [r.id for r in store.records_in(outline)] == ids
    drafts_out = Filter(include_drafts=False)
    assert [r.id for r in store.records_in(outline, drafts_out)] == [
        id for id in ids if id != "wuzhen-conference"
    ]


def test_sql_narrows_the_records_before_python_checks_them(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Filter, "matches", lambda self, record: True)
    # The fund (from 2014-12, no end date, not ended) is still going on.
    assert [r.id for r in store.records(Filter(start=dt.date(2019, 12, 31)))] == [
        "astana-lrt",
        "silk-fund",
    ]
    assert [r.id for r in store.records(Filter(end=dt.date(2015, 3, 31)))] == [
        "beijing-talks",
        "silk-fund",
    ]
    assert [r.id for r in store.records(Filter.make(sectors=["mining"]))] == [
        "beijing-talks",
        "wuzhen-conference",
    ]
    assert [
        r.id for r in store.records(Filter(include_drafts=False, kinds=frozenset({"event"})))
    ] == ["beijing-talks"]


def test_country_and_no_sector_filters_narrow_in_sql_too(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Filter, "matches", lambda self, record: True)
    # CN from a record's countries, KZ from a location's country.
    assert [r.id for r in store.records(Filter.make(countries=["CN"]))] == ["zhengzhou-plant"]
    store.add(MORE_RECORDS[0])
    assert [r.id for r in store.records(Filter.make(countries=["KZ"]))] == [
        "astana-lrt",
        "almaty-forum",
    ]
    assert [r.id for r in store.records(Filter(no_sectors=True))] == [
        "beijing-talks",
        "wuzhen-conference",
    ]


# Records that tell the country and sector conditions apart: an event with sectors and only a
# location's country, one with countries of its own and no sectors, a project in two countries
# by its locations, one of them not among its own countries.
MORE_RECORDS = [
    Event(
        id="almaty-forum",
        title="Almaty forum",
        event_type="conference",
        sectors=["trade"],
        start="2016-06",
        locations=[
            Location(name="Almaty", geometry=shapely.Point(76.9, 43.2), country="KZ"),
        ],
    ),
    Event(
        id="xian-signing",
        title="Signing in Xi'an",
        event_type="signing",
        countries=["CN", "KZ"],
        start="2017",
        draft=True,
        locations=[Location(name="Xi'an", geometry=shapely.Point(108.94, 34.34))],
    ),
    Project(
        id="khorgos-gateway",
        title="Khorgos gateway",
        sectors=["transport", "trade"],
        countries=["KZ"],
        status="operating",
        locations=[
            Location(name="Khorgos", geometry=shapely.Point(80.2, 44.2), country="KZ"),
            Location(name="Horgos", geometry=shapely.Point(80.4, 44.2), country="CN"),
        ],
    ),
]

COUNTRY_AND_SECTOR_FILTERS = [
    Filter(no_sectors=True),
    Filter(no_sectors=True, include_drafts=False),
    Filter.make(kinds=["event"], no_sectors=True),
    Filter.make(sectors=["trade"], no_sectors=True),
    Filter.make(countries=["KZ"]),
    Filter.make(countries=["CN"]),
    Filter.make(countries=["KZ", "CN"]),
    Filter.make(countries=["FR"]),
    Filter.make(countries=["CN"], no_sectors=True),
    Filter.make(countries=["KZ"], sectors=["trade"]),
    Filter.make(countries=["CN"], kinds=["project"], statuses=["operating"]),
    Filter.make(countries=["KZ"], start=dt.date(2016, 1, 1), include_drafts=False),
]


@pytest.mark.parametrize(
    "query", COUNTRY_AND_SECTOR_FILTERS, ids=range(len(COUNTRY_AND_SECTOR_FILTERS))
)
def test_country_and_no_sector_filters_keep_what_the_filter_keeps(
    store: Store, query: Filter
) -> None:
    store.add(MORE_RECORDS)
    everything = store.records()
    assert len(everything) == len(store_records()) + len(MORE_RECORDS)
    expected = query.apply(everything)
    assert store.records(query) == expected
    assert expected or query.countries == {"FR"}, "the case should keep something"


def _in_order(records: list) -> list:
    return sorted(records, key=lambda record: (record.kind, record.id))


@pytest.mark.parametrize("query", FILTERS, ids=range(len(FILTERS)))
def test_batches_are_the_filtered_records_by_kind_then_id(store: Store, query: Filter) -> None:
    batches = list(store.batches(query, size=2))
    assert all(len(batch) <= 2 for batch in batches)
    assert [record for batch in batches for record in batch] == _in_order(
        query.apply(store_records())
    )


def test_batches_order_ids_as_python_compares_them(store_factory) -> None:
    ids = ["beta", "Alpha", "alpha", "a.b", "a-b", "a_b", "Z9", "a:b", "0x", "aB", "ab"]
    store = store_factory()
    store.add([Project(id=id, title=f"Plant {id}", sectors=["energy"]) for id in ids])
    found = [record.id for batch in store.batches(size=3) for record in batch]
    assert found == sorted(ids)


def test_a_record_deleted_while_batches_are_read_is_left_out(store: Store) -> None:
    batches = store.batches(size=2)
    first = next(batches)
    later = _in_order(store_records())[-1]
    store.delete(later.id)
    rest = [record for batch in batches for record in batch]
    assert [*first, *rest] == [r for r in _in_order(store_records()) if r.id != later.id]
