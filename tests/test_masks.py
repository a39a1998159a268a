"""The columnar filter (:class:`coopmap.display.masks.FilterMasks`) keeps exactly the records
``Filter.matches`` keeps, for every kind of condition alone and together."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from builders import sample_records, seed_by_id
from coopmap.display.masks import FilterMasks
from coopmap.query import Filter
from coopmap.taxonomy import Precision, Sector, Status


@pytest.fixture(scope="module")
def records():
    seed = list(seed_by_id().values())
    bare = seed[0].model_copy(update={"sectors": [], "countries": [], "tags": ["umbrella"]})
    draft = seed[1].model_copy(update={"id": "pj-draft-copy", "draft": True})
    return [*seed, *sample_records(), bare, draft]


def _filters(records) -> list[Filter]:
    ids = [records[0].id, records[-1].id, "no-such-record"]
    countries = sorted({c for r in records for c in r.countries})[:3]
    tags = sorted({t for r in records for t in r.tags})
    single = [
        Filter(),
        Filter(ids=frozenset(ids)),
        Filter.make(kinds=["project"]),
        Filter.make(kinds=["event"]),
        Filter.make(sectors=["transport"]),
        Filter.make(sectors=["energy", "finance"]),
        Filter(no_sectors=True),
        Filter.make(countries=countries),
        Filter.make(countries=["AQ"]),
        Filter.make(statuses=["operating", "agreed"]),
        Filter.make(precisions=["exact", "city"]),
        Filter(include_drafts=False),
        Filter.make(tags=tags[:1]),
        Filter.make(without_tags=["umbrella"]),
        Filter(start=dt.date(2015, 1, 1), end=dt.date(2018, 12, 31)),
        Filter(as_of=dt.date(2016, 1, 1)),
        Filter.make(statuses=["operating"], as_of=dt.date(2016, 1, 1)),
        Filter(organisation="china"),
        Filter(text="rail"),
    ]
    pairs = [
        Filter(
            **{**_fields(a), **{k: v for k, v in _fields(b).items() if v != _fields(Filter())[k]}}
        )
        for a, b in itertools.combinations(single[1:], 2)
    ]
    return single + pairs


def _fields(flt: Filter) -> dict:
    return {name: getattr(flt, name) for name in Filter.__dataclass_fields__}


def test_a_selection_keeps_what_matches_keeps(records) -> None:
    masks = FilterMasks(records)
    kept_any = False
    for flt in _filters(records):
        expected = np.array([flt.matches(record) for record in records])
        assert masks.mask(flt).tolist() == expected.tolist(), flt
        kept_any |= 0 < expected.sum() < len(records)
    assert kept_any  # the filters do choose


def test_a_selection_of_no_records_keeps_none() -> None:
    assert FilterMasks([]).mask(Filter.make(sectors=["transport"])).tolist() == []


def test_every_sector_status_and_precision_is_a_column(records) -> None:
    masks = FilterMasks(records)
    for sector in Sector:
        flt = Filter(sectors=frozenset({sector}))
        assert masks.mask(flt).tolist() == [flt.matches(r) for r in records]
    for status in Status:
        flt = Filter(statuses=frozenset({status}))
        assert masks.mask(flt).tolist() == [flt.matches(r) for r in records]
    for precision in Precision:
        flt = Filter(precisions=frozenset({precision}))
        assert masks.mask(flt).tolist() == [flt.matches(r) for r in records]
