import datetime as dt

import pytest

from coopmap.errors import UnknownSectorError
from coopmap.model import record_from_dict
from coopmap.query import Filter

POINT = {"type": "Point", "coordinates": [71.45, 51.18]}


@pytest.fixture
def records():
    return [
        record_from_dict(
            {
                "kind": "project",
                "id": "lrt",
                "title": "Light railway",
                "sectors": ["transport"],
                "status": "agreed",
                "countries": ["KZ"],
                "start": "2015",
                "organisations": [{"name": "China Railway Group", "role": "contractor"}],
                "locations": [
                    {"name": "Astana", "geometry": POINT, "precision": "city", "country": "KZ"}
                ],
            }
        ),
        record_from_dict(
            {
                "kind": "project",
                "id": "pp",
                "title": "Polypropylene plant",
                "sectors": ["industry"],
                "status": "under_construction",
                "countries": ["KZ"],
                "notes": "petrochemicals",
            }
        ),
        record_from_dict(
            {
                "kind": "event",
                "id": "wic",
                "title": "World Internet Conference",
                "event_type": "conference",
                "start": "2015-12-16",
                "end": "2015-12-18",
                "countries": ["CN"],
                "participants": [{"name": "Karim Massimov", "kind": "person"}],
            }
        ),
    ]


def ids(flt, records):
    return [r.id for r in flt.apply(records)]


def test_empty_filter_keeps_all(records):
    assert ids(Filter(), records) == ["lrt", "pp", "wic"]


def test_sector_filter_keeps_sectorless_events(records):
    assert ids(Filter.make(sectors=["transport"]), records) == ["lrt", "wic"]


def test_kind_country_status(records):
    assert ids(Filter.make(kinds=["event"]), records) == ["wic"]
    assert ids(Filter.make(countries=["kz"]), records) == ["lrt", "pp"]
    assert ids(Filter.make(statuses=["under construction"]), records) == ["pp"]


def test_date_range_overlap(records):
    assert ids(Filter(start=dt.date(2015, 12, 17), end=dt.date(2015, 12, 31)), records) == [
        "lrt",
        "wic",
    ]
    # The railway (agreed, from 2015, no end date) is still going on.
    assert ids(Filter(start=dt.date(2016, 1, 1)), records) == ["lrt"]


def test_text_and_organisation(records):
    assert ids(Filter(text="PETROCHEM"), records) == ["pp"]
    assert ids(Filter(text="astana"), records) == ["lrt"]
    assert ids(Filter(organisation="railway group"), records) == ["lrt"]
    assert ids(Filter(organisation="massimov"), records) == ["wic"]


def test_bad_sector_in_filter_is_an_error():
    with pytest.raises(UnknownSectorError):
        Filter.make(sectors=["railways"])


def test_no_sectors_keeps_only_records_without_one(records):
    assert ids(Filter(no_sectors=True), records) == ["wic"]
