"""Every format, on both store backends: an export imported again gives the same records, and
importing a file again updates records, never duplicates them (coopmap.services.import_files)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely

from builders import AWKWARD_TEXT, export_records
from coopmap.formats import export, read_records
from coopmap.model import Event, Location, Project, Record
from coopmap.services import import_files

EXTENSIONS = [".csv", ".xlsx", ".geojson", ".gpkg", ".kml"]


def awkward_records() -> list[Record]:
    """Text that tests quoting in every format: markup, CDATA ends, separators, scripts."""
    return [
        Project(
            id="pj-awkward",
            title=AWKWARD_TEXT,
            sectors=["other", "energy"],
            countries=["KZ"],
            status="operating",
            status_history=[
                {"status": "announced", "date": "2014"},
                {
                    "status": "operating",
                    "date": "2016-03",
                    "source": {"title": "Operator; press release", "date": "2016-03-02"},
                },
            ],
            notes=f"line one\nline two; [not a list]\n{AWKWARD_TEXT}",
            organisations=[{"name": "A (B) ; C", "role": "owner"}],
            specs=[{"key": "gauge", "value": "1,435 mm"}, {"key": "cost", "value": 0.125}],
            sources=[{"title": AWKWARD_TEXT, "url": "https://example.org/?a=1&b=<2>"}],
            locations=[
                Location(
                    name="[Almaty]; west",
                    geometry=shapely.Point(76.9123456, 43.2567891),
                    precision="near",
                    country="KZ",
                )
            ],
        ),
        Event(
            id="ev-awkward",
            title="Signing: <b>bold</b>",
            event_type="signing",
            start="2015-12-14",
            end="2015-12-15",
            participants=[{"name": "Ministry, of Things", "kind": "organisation", "role": "host"}],
            outcomes=["one; two", AWKWARD_TEXT],
            links=[{"type": "signed_at", "project": "pj-awkward"}],
        ),
    ]


def by_id(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda record: record.id)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_an_export_imports_back_into_the_same_records(store_factory, tmp_path, extension):
    records = [*export_records(), *awkward_records()]
    path = export(records, tmp_path / f"export{extension}")
    store = store_factory()
    result = import_files(store, [path])
    assert (result.added, result.updated, result.unchanged) == (len(records), 0, 0)
    assert by_id(store.records()) == by_id(records)
    # and what the store gives back exports to a file that reads back the same again
    again = export(store.records(), tmp_path / f"again{extension}")
    assert by_id(read_records(again)) == by_id(records)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_importing_a_file_again_updates_and_never_duplicates(store_factory, tmp_path, extension):
    records = export_records()
    path = export(records, tmp_path / f"export{extension}")
    store = store_factory()
    import_files(store, [path])
    same = import_files(store, [path])
    assert (same.added, same.updated, same.unchanged) == (0, 0, len(records))
    assert store.count() == len(records)
    assert {store.version(record.id) for record in records} == {1}

    edited = [records[0].model_copy(update={"title": "Astana LRT, renamed"}), *records[1:]]
    export(edited, path)
    changed = import_files(store, [path])
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, len(records) - 1)
    assert store.count() == len(records)
    assert store.get(records[0].id).title == "Astana LRT, renamed"
    assert store.version(records[0].id) == 2


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_records_without_ids_get_the_same_ids_each_time(store_factory, tmp_path, extension):
    """A hand-made file has no ids: each record's comes from its kind and title."""
    first = [
        Project(title="Almaty ring road", sectors=["transport"]),
        Event(title="Astana talks", event_type="talks", start="2016-04"),
    ]
    path = export(first, tmp_path / f"hand{extension}")
    store = store_factory()
    import_files(store, [path])
    import_files(store, [path])
    assert store.count() == 2
    assert by_id(store.records()) == by_id(first)


def test_a_file_with_problems_writes_nothing_unless_told(store_factory, tmp_path: Path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "id,title,sectors,lat,lon\ngood,Fine,transport,51.18,71.45\nbad,Broken,steel,51.18,71.45\n",
        encoding="utf-8",
    )
    store = store_factory()
    revision = store.revision()
    with pytest.raises(Exception, match="unknown sector 'steel'") as caught:
        import_files(store, [path])
    assert caught.value.errors[0].record == "row 3 (bad)"
    assert store.count() == 0
    assert store.revision() == revision
    result = import_files(store, [path], skip_invalid=True)
    assert (result.added, result.reading.rejected) == (1, 1)
    assert [record.id for record in store.records()] == ["good"]


def test_the_same_id_in_two_files_is_named(store_factory, tmp_path: Path):
    records = export_records()
    first = export(records[:2], tmp_path / "first.csv")
    second = export(records[1:], tmp_path / "second.geojson")
    store = store_factory()
    with pytest.raises(Exception, match="already used by") as caught:
        import_files(store, [first, second])
    (error,) = caught.value.errors
    assert error.record == f"feature 1 (beijing-talks) in {second}"
    assert error.reason == f"id 'beijing-talks' is already used by {first} row 3"
    assert store.count() == 0
    result = import_files(store, [first, second], skip_invalid=True)
    assert result.added == len(records)


def several_places() -> list[Record]:
    """Projects of two points, two lines, and a point beside a polygon, each one record."""
    square = shapely.Polygon([(70, 50), (71, 50), (71, 51), (70, 51)])
    return [
        Project(
            id=f"pj-{name}",
            title=f"A project in two places ({name})",
            sectors=["transport"],
            countries=["KZ"],
            locations=[
                Location(name=f"{name} one", geometry=first, precision="city"),
                Location(name=f"{name} two", geometry=second, precision="near"),
            ],
        )
        for name, first, second in (
            ("points", shapely.Point(71.45, 51.18), shapely.Point(76.91, 43.25)),
            (
                "lines",
                shapely.LineString([(70, 50), (71, 51)]),
                shapely.LineString([(75, 43), (76, 44)]),
            ),
            ("mixed", shapely.Point(76.91, 43.25), square),
        )
    ]


@pytest.mark.parametrize("extension", [*EXTENSIONS, ".xml"])
def test_records_of_several_places_come_back_whole(tmp_path, extension):
    records = several_places()
    assert read_records(export(records, tmp_path / f"atlas{extension}")) == records
