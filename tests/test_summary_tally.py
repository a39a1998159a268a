"""The columnar counts (:class:`coopmap.display.summary.Tally`) give the tables the record-by-record
counts give, for any subset."""

from __future__ import annotations

import random

import numpy as np
import pytest

from builders import sample_records, seed_by_id
from coopmap.display import summary


@pytest.fixture(scope="module")
def records():
    # The seed (projects and events, several sectors, undated ones) and the map's samples.
    return [*seed_by_id().values(), *sample_records()]


def test_a_tally_counts_every_subset_as_the_tables_do(records):
    tally = summary.Tally(records)
    rng = random.Random(7)
    subsets = [list(range(len(records))), [], [0]]
    subsets += [sorted(rng.sample(range(len(records)), k)) for k in (3, 10, len(records) // 2)]
    for positions in subsets:
        chosen = [records[i] for i in positions]
        mask = np.zeros(len(records), dtype=bool)
        mask[positions] = True
        for subset in (positions, mask):
            assert tally.by_sector(subset) == summary.by_sector(chosen)
            assert tally.by_status(subset) == summary.by_status(chosen)
            assert tally.by_year(subset) == summary.by_year(chosen)


def test_a_tally_counts_a_record_without_sectors_or_dates_as_the_tables_do(records):
    bare = records[0].model_copy(update={"sectors": [], "start": None, "end": None})
    tally = summary.Tally([bare, *records])
    whole = [bare, *records]
    assert tally.by_sector(range(len(whole))) == summary.by_sector(whole)
    assert any(row["sector"] is None for row in tally.by_sector([0]))
    assert tally.by_year([0]) == []
