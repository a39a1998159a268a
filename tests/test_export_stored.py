"""Exports straight from a store's rows (each record's JSON and geometry, no record rebuilt):
the same files as an export of the records themselves, on messy records and on every backend;
a filter the store's SQL cannot decide alone goes the records' way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import shapely

from builders import AWKWARD_TEXT, BEIJING, LRT_LINE, ZHENGZHOU_SITE, export_records
from coopmap.formats import export, export_stored, gpkg, read_records
from coopmap.model import Event, Location, Project, Record
from coopmap.query import Filter
from coopmap.services import export_store, select
from coopmap.store import Store, open_store, rows

STORED = [".csv", ".gpkg"]
"""The formats written from a store's rows."""


def messy_records() -> list[Record]:
    """Records whose cells take every path of the writers: hostile and formula-like text,
    separators inside items, several locations of every geometry kind, none, parts that need
    JSON cells, an amount, tags and a draft."""
    square = shapely.Polygon([(10, 10), (11, 10), (11, 11), (10, 11), (10, 10)])
    return [
        *export_records(),
        Project(
            id="messy-1",
            title=f'=HYPERLINK("x") {AWKWARD_TEXT}',
            sectors=["energy", "other"],
            countries=["KZ", "CN", "RU"],
            status="completed",
            status_date="2020",
            status_history=[
                {"status": "announced", "date": "2014"},
                {
                    "status": "completed",
                    "date": "2020",
                    "source": {"title": "Report; part 2", "url": "https://example.org/r"},
                },
            ],
            organisations=[
                {"name": "Semi; colon Ltd", "role": "owner"},
                {"name": "(Brackets) [and] more", "role": "funder"},
                {"name": "+plus -minus @at", "role": "contractor"},
            ],
            specs=[
                {"key": "capacity", "value": 1.0, "unit": "MW"},
                {"key": "note", "value": "a;b"},
            ],
            amount={"value": 0.1, "currency": "CNY"},
            notes="-starts like a formula\r\nand a line",
            tags=["umbrella", "phase:2"],
            draft=True,
            locations=[
                Location(name="Square; one", geometry=square, precision="admin1", country="RU"),
                Location(name="Line", geometry=LRT_LINE, precision="near"),
                Location(
                    name="Beijing",
                    geometry=BEIJING,
                    precision="city",
                    resolved_name="北京",
                    gazetteer_id=1816670,
                    geometry_source="gazetteer",
                ),
            ],
        ),
        Project(
            id="messy-polygon",
            title="A polygon alone",
            sectors=["industry"],
            locations=[Location(name="Site", geometry=ZHENGZHOU_SITE, precision="exact")],
        ),
        Project(id="messy-nowhere", title="Nowhere at all", sectors=["tourism"]),
        Event(
            id="messy-event",
            title='Talks "between" Алматы & 北京',
            event_type="signing",
            start="2019-04-25",
            end="2019-04-27",
            participants=[{"name": "Someone; else", "kind": "person", "role": "envoy"}],
            outcomes=["one; two", "=three"],
            links=[{"type": "signed_at", "project": "messy-1"}],
            locations=[
                Location(name="Here", geometry=shapely.Point(76.9, 43.25), precision="city"),
                Location(name="There", geometry=shapely.Point(-0.0, 0.0), precision="unknown"),
            ],
        ),
    ]


@pytest.fixture
def store(store_factory) -> Store:
    opened = store_factory()
    opened.add(messy_records())
    return opened


@pytest.fixture
def no_rebuilding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebuilding records from the store's rows fails: what passes did not rebuild any."""

    def refused(*args: object, **kwargs: object) -> list[Record]:
        raise AssertionError("a record was rebuilt")

    monkeypatch.setattr(rows, "load_many", refused)


def _same_file(ours: Path, theirs: Path) -> None:
    """The two files are the same: byte for byte, or for a GeoPackage (whose metadata holds
    when it was written) both layers as GDAL reads them."""
    if ours.suffix == ".gpkg":
        for layer in (gpkg.LAYER, gpkg.LOCATIONS_LAYER):
            assert gpkg.read_layer(ours, layer=layer) == gpkg.read_layer(theirs, layer=layer)
    else:
        assert ours.read_bytes() == theirs.read_bytes()


@pytest.mark.parametrize("extension", STORED)
def test_a_file_from_the_stores_rows_is_the_file_of_its_records(
    store: Store, tmp_path: Path, extension: str
) -> None:
    records = select(store)
    theirs = export(records, tmp_path / f"records{extension}")
    ours = export_stored(store.stored_batches(size=2), tmp_path / f"stored{extension}")
    _same_file(ours, theirs)
    assert read_records(ours) == records


@pytest.mark.parametrize("extension", STORED)
@pytest.mark.parametrize(
    "query",
    [None, Filter.make(kinds=["project"]), Filter(include_drafts=False)],
    ids=["everything", "projects", "no drafts"],
)
def test_coopmap_export_of_what_sql_decides_reads_the_rows_without_rebuilding_records(
    store: Store, tmp_path: Path, extension: str, query: Filter | None, request
) -> None:
    records = select(store, query)
    theirs = export(records, tmp_path / f"records{extension}")
    request.getfixturevalue("no_rebuilding")
    done = export_store(store, tmp_path / f"stored{extension}", query)
    assert (done.written, done.left_out) == (len(records), 0)
    _same_file(tmp_path / f"stored{extension}", theirs)


@pytest.mark.parametrize(
    "query",
    [
        Filter.make(sectors=["energy"]),
        Filter(text="beijing"),
        Filter(as_of=dt.date(2016, 1, 1)),
    ],
    ids=["sector", "text", "as of"],
)
def test_a_filter_sql_cannot_decide_alone_reads_records(store: Store, query: Filter) -> None:
    assert store.stored_batches(query) is None


@pytest.mark.parametrize("extension", STORED)
def test_an_export_of_more_ids_than_one_sqlite_list_holds_is_of_those_records(
    store: Store, tmp_path: Path, extension: str
) -> None:
    query = Filter(ids=frozenset({"messy-1", "messy-event", *map(str, range(600))}))
    out = tmp_path / f"chosen{extension}"
    assert export_store(store, out, query).written == 2
    _same_file(out, export(select(store, query), tmp_path / f"records{extension}"))


def test_stored_batches_are_the_batches_as_the_store_holds_them(store: Store) -> None:
    batches = list(store.batches(size=3))
    stored = list(store.stored_batches(size=3))
    assert [len(batch.data) for batch in stored] == [len(batch) for batch in batches]
    records = [record for batch in batches for record in batch]
    assert [data for batch in stored for data in batch.data] == [r.to_dict() for r in records]
    wkb = [None if r.geometry is None else shapely.to_wkb(r.geometry) for r in records]
    assert [w for batch in stored for w in batch.wkb] == wkb


@pytest.mark.parametrize("extension", STORED)
def test_an_empty_store_exports_a_file_that_reads_back_empty(
    store_factory, tmp_path: Path, extension: str
) -> None:
    store = store_factory()
    ours = export_stored(store.stored_batches(), tmp_path / f"stored{extension}")
    _same_file(ours, export(iter([]), tmp_path / f"records{extension}"))
    assert read_records(ours) == []


def test_a_format_written_from_records_only_is_refused_by_name(
    store: Store, tmp_path: Path
) -> None:
    batches: Iterator = store.stored_batches()
    with pytest.raises(ValueError, match="kml files are written from records"):
        export_stored(batches, tmp_path / "out.kml")


@pytest.mark.parametrize("extension", STORED)
def test_the_export_command_writes_the_stores_rows_as_the_records_file(
    file_cli, tmp_path: Path, extension: str, request
) -> None:
    assert file_cli("init").exit_code == 0
    with open_store(file_cli.url) as opened:
        opened.add(messy_records())
        records = select(opened, Filter.make(kinds=["project"]))
    theirs = export(records, tmp_path / f"records{extension}")
    request.getfixturevalue("no_rebuilding")
    out = tmp_path / f"atlas{extension}"
    result = file_cli("export", str(out), "--kind", "project")
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(records)} records to {out}." in result.output
    _same_file(out, theirs)
