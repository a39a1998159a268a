"""Exports from a store read it in batches into writers that take records as they come: the
same files as an export of every record at once, a filter still applied, and an error in the
middle of the stream raised as itself, leaving no file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import export_records, store_records
from coopmap.errors import StoreError
from coopmap.formats import export, gpkg, read_records
from coopmap.formats import geojson as geojson_format
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.services import export_records as export_list
from coopmap.services import export_store, select
from coopmap.store import Store, open_store

STREAMED = [".csv", ".geojson", ".gpkg"]


class SmallBatches:
    """A store whose batches hold two records: every export of a few records spans several."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sizes: list[int] = []

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def batches(self, filter: Filter | None = None, *, size: int = 2) -> Iterator[list[Record]]:
        for batch in self.store.batches(filter, size=2):
            self.sizes.append(len(batch))
            yield batch


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "atlas.gpkg"), create=True) as opened:
        both = {record.id: record for record in [*store_records(), *export_records()]}
        opened.add(list(both.values()))
        yield opened


@pytest.fixture(autouse=True)
def small_writer_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writers' own batches small too, so that a file is written in several."""
    monkeypatch.setattr(gpkg, "BATCH", 3)
    monkeypatch.setattr(geojson_format, "BATCH", 3)


FILTERS = [
    None,
    Filter.make(kinds=["project"]),
    Filter.make(sectors=["transport"]),
    Filter(include_drafts=False),
    Filter(as_of=dt.date(2016, 1, 1)),
]


@pytest.mark.parametrize("extension", [*STREAMED, ".kml"])
@pytest.mark.parametrize("query", FILTERS, ids=range(len(FILTERS)))
def test_an_export_from_the_store_is_the_file_of_the_selected_records(
    store: Store, tmp_path: Path, extension: str, query: Filter | None
) -> None:
    small = SmallBatches(store)
    streamed = tmp_path / f"streamed{extension}"
    done = export_store(small, streamed, query)  # type: ignore[arg-type]
    chosen = select(store, query)
    whole = tmp_path / f"whole{extension}"
    export_list(chosen, whole)
    assert (done.written, done.left_out) == (len(chosen), 0)
    assert read_records(streamed) == read_records(whole) == chosen
    if extension == ".gpkg":
        assert len(small.sizes) > 1  # read in batches
        # the same layers, features and columns: compared through what GDAL reads back
        assert gpkg.read_layer(streamed, layer="locations") == gpkg.read_layer(
            whole, layer="locations"
        )
    elif extension == ".kml":
        assert small.sizes == []  # a KML document is built whole: it reads select's list
        assert streamed.read_bytes() == whole.read_bytes()
    else:
        assert len(small.sizes) > 1
        assert streamed.read_bytes() == whole.read_bytes()


def test_a_format_of_projects_only_leaves_the_events_out_and_counts_them(
    store: Store, tmp_path: Path
) -> None:
    done = export_store(store, tmp_path / "activities.xml")
    everything = select(store)
    events = sum(record.kind == "event" for record in everything)
    assert events > 0
    assert (done.written, done.left_out) == (len(everything) - events, events)


@pytest.mark.parametrize("extension", STREAMED)
def test_an_error_while_reading_stops_the_export_as_itself_and_leaves_the_old_file(
    tmp_path: Path, extension: str
) -> None:
    path = tmp_path / f"out{extension}"
    path.write_bytes(b"yesterday")
    records = export_records()

    def failing() -> Iterator[Record]:
        yield from records * 2  # past the writers' first batch
        raise StoreError("the stored record x in atlas.gpkg is not valid")

    with pytest.raises(StoreError, match=r"record x in atlas\.gpkg"):
        export(failing(), path)
    assert path.read_bytes() == b"yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("extension", STREAMED)
def test_no_records_make_a_file_that_reads_back_empty(tmp_path: Path, extension: str) -> None:
    path = export(iter([]), tmp_path / f"empty{extension}")
    assert read_records(path) == []


def test_coopmap_export_writes_the_filtered_records_from_the_store(file_cli, tmp_path: Path):
    assert file_cli("init").exit_code == 0
    out = tmp_path / "transport.csv"
    result = file_cli("export", str(out), "--sector", "transport")
    assert result.exit_code == 0, result.output
    with open_store(file_cli.url) as opened:
        chosen = select(opened, Filter.make(sectors=["transport"]))
    assert f"Wrote {len(chosen)} records to {out}." in result.output
    assert read_records(out) == chosen
