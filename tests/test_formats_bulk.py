"""A table's rows read in bulk (coopmap.formats.bulk): texts that repeat are parsed once and
points made per batch, yet every row gives the record, or the problems in the words, it gives
read alone; and the PostGIS store's COPY of a batch keeps any text."""

from __future__ import annotations

import csv

import shapely

from builders import AWKWARD_TEXT
from coopmap.formats import read_file
from coopmap.formats.bulk import batch_points
from coopmap.formats.columns import row_from_cells
from coopmap.formats.tabular import BATCH
from coopmap.model import Organisation, Project, point_from_latlon
from coopmap.store import open_store

HEADER = ["id", "title", "sectors", "status", "start", "end", "organisations", "specs"]
HEADER += ["lat", "lon", "location"]


def write_sheet(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def alone(values):
    """What the row gives read by itself, without a file's cache or batch."""
    cells = dict(zip(HEADER, values, strict=True))
    return row_from_cells(cells, where="row 2", headers={c: c for c in HEADER})


def test_repeated_texts_give_each_row_the_record_it_gives_alone(tmp_path):
    count = BATCH + 250  # across two batches
    rows = [
        [
            f"pj-{i}",
            f"Plant {i}",
            "energy; Transport" if i % 2 else "230",
            ("completed", "operating", "Under construction")[i % 3],
            ("2015", "2015-05", "05/14/2015")[i % 3],
            "2019" if i % 4 else "",
            ("A (operator); B", "B (funder)", "C")[i % 3],
            ("length: 1 km", "length: 1.0 km", "")[i % 3],
            str(40 + (i % 7) / 10),
            str(70 + i / 1000),
            ("Astana", "Almaty")[i % 2],
        ]
        for i in range(count)
    ]
    reading = read_file(write_sheet(tmp_path / "sheet.csv", rows), check_places=False)
    assert not reading.problems
    assert len(reading.records) == count
    for values, record in zip(rows, reading.records, strict=True):
        assert record == alone(values).record
    # the parts of repeated cells are shared, and still the model's own
    first, fourth = reading.records[0], reading.records[3]
    assert isinstance(first.organisations[0], Organisation)
    assert first.organisations[0] is fourth.organisations[0]


def test_a_text_that_fails_fails_on_every_row_it_is_on_in_the_same_words(tmp_path):
    good = ["energy", "completed", "2015", "", "A (operator)", "", "40", "70", "Astana"]
    rows = [[f"pj-{i}", f"P {i}", *good] for i in range(BATCH + 10)]
    for i in (3, BATCH + 5):
        rows[i][4] = "2015-13"  # no month 13
        rows[i][6] = "A (wizard)"  # no such role
    reading = read_file(write_sheet(tmp_path / "sheet.csv", rows), check_places=False)
    assert len(reading.records) == BATCH + 8
    problems = [str(problem).split(" row ")[1] for problem in reading.problems]
    for i in (3, BATCH + 5):
        said = [p for p in problems if p.startswith(f"{i + 2} ")]
        assert len(said) == 2, problems
        assert said[0] == f"{i + 2} (pj-{i}) field 'start': month 13 is not between 1 and 12"
        assert said[1].startswith(f"{i + 2} (pj-{i}) field 'organisations.0.role': Input should")
        assert alone(rows[i]).record is None  # alone, the row fails too


def test_parts_of_equal_but_differently_typed_values_stay_apart(tmp_path):
    # 1, 1.0 and true are equal in Python (and as keys): a spec keeps the type it was given
    specs = ['[{"key":"n","value":1}]', '[{"key":"n","value":1.0}]', '[{"key":"n","value":true}]',
             '[{"key":"n","value":0.0}]', '[{"key":"n","value":-0.0}]']  # fmt: skip
    rows = [[f"pj-{i}", "P", "energy", "", "", "", "", spec, "1", "2", ""] for i, spec in
            enumerate(specs)]  # fmt: skip
    reading = read_file(write_sheet(tmp_path / "sheet.csv", rows), check_places=False)
    assert [type(record.specs[0].value) for record in reading.records][:2] == [int, float]
    assert [repr(record.specs[0].value) for record in reading.records][3:] == ["0.0", "-0.0"]
    assert reading.records == [alone(row).record for row in rows]
    assert [r.to_dict()["specs"] for r in reading.records] == [
        alone(row).record.to_dict()["specs"] for row in rows
    ]


def test_a_bad_coordinate_stops_its_row_only(tmp_path):
    rows = [
        [f"pj-{i}", f"P {i}", "energy", "", "", "", "", "", lat, lon, ""]
        for i, (lat, lon) in enumerate(
            [("1", "2"), ("abc", "2"), ("95", "2"), ("nan", "2"), ("3", ""), ("1e1", "-180")]
        )
    ]
    reading = read_file(write_sheet(tmp_path / "sheet.csv", rows), check_places=False)
    assert [r.id for r in reading.records] == ["pj-0", "pj-5"]
    assert reading.records[1].geometry == point_from_latlon(10, -180)
    assert [f"{p.where} {p.field}: {p.reason}" for p in reading.problems] == [
        "row 3 lat: 'abc' is not a number (use a dot for decimals)",
        "row 4 lat: latitude 95.0 is out of range (-90 to 90)",
        "row 5 lat: nan is not a finite number",
        "row 6 lon: is empty; lat and lon go together",
    ]


def test_batch_points_are_the_points_a_row_gives_or_none():
    cells = [("51.1", "71.4"), ("-90", "180"), ("1e1", "2E1"), ("91", "0"), ("0", "-181"),
             ("inf", "0"), ("x", "0"), ("", "0"), ("", "")]  # fmt: skip
    points = batch_points([{"lat": lat, "lon": lon} for lat, lon in cells])
    assert points[:3] == [point_from_latlon(51.1, 71.4), point_from_latlon(-90, 180),
                          point_from_latlon(10, 20)]  # fmt: skip
    assert all(isinstance(point, shapely.Point) for point in points[:3])
    assert points[3:] == [None] * 6


def test_the_store_keeps_text_with_tabs_line_ends_and_backslashes(store_url, store_sql):
    text = f'a\tb\\n c\\\\d "{{x,y}}" NULL \\N {AWKWARD_TEXT}'
    records = [
        Project(
            id=f"pj-{i}",
            title=f"{text} {i}",
            sectors=["energy"],
            notes=f"line one\nline two\r\n\t{text}",
            organisations=[{"name": f"{text} {i}", "role": "owner"}],
        )
        for i in range(3)
    ]
    with open_store(store_url, create=True) as store:
        store.add(records)
        assert sorted(store.records(), key=lambda r: r.id) == records
    found = store_sql("SELECT title, organisations FROM records ORDER BY id")
    given = [(r.title, f"{r.organisations[0].name} (owner)") for r in records]
    assert found == given
    assert "\\N" in given[0][0]  # and the model kept what COPY would read as NULL
