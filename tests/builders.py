"""Records and files that several test modules build, in one place.

- The map's records: :func:`sample_records` (projects and events in Astana, Beijing, Zhengzhou
  and Wuzhen, one of them at country precision) and :func:`payload_records` (the hostile texts
  of :data:`PAYLOADS` in every field), for the tests of the map, its elements, cells, timeline
  and views, the HTML export and the browser.
- The places the format and store tests put records at (:data:`ASTANA`, :data:`BEIJING`, ...),
  the format tests' records (:func:`export_records`) and the store tests' (:func:`store_records`).
- Text that every format must keep as it is (:data:`AWKWARD_TEXT`), and an upload with one row
  of each kind, in any format (:func:`mixed_file`), for the import preview and the app's Data
  page; a sheet of place names to review (:data:`PLACES_SHEET`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import shapely
from countryinfo import CountryInfo
from shapely.geometry import LineString, shape

from coopmap.formats import export
from coopmap.model import (
    Event,
    Location,
    Project,
    Record,
    Source,
    make_id,
    point_from_latlon,
    validate_update,
)
from coopmap.seed import load_seed
from coopmap.store.gpkg import register_functions

# --- the map's records ------------------------------------------------------------------------

PAYLOADS = [
    "{{ 7*7 }}",
    "{% if 1 %}X{% endif %}",
    "${alert(1)}",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ cycler.__init__.__globals__.os.getpid() }}",
]
"""Text that a map page must show as text: templates, a script end, markup, a JS template."""

# Where the payload records sit: far enough apart to hover and click each one.
PAYLOAD_PLACES = [
    (51.13, 71.43),
    (39.90, 116.41),
    (34.75, 113.62),
    (30.74, 120.49),
    (43.24, 76.89),
    (31.23, 121.47),
]


def kazakhstan() -> Any:
    """Kazakhstan's outline, as countryinfo gives it."""
    return shape(CountryInfo("KZ").geo_json()["features"][0]["geometry"])


def sample_records() -> list[Record]:
    """Projects and events in Astana, Beijing, Zhengzhou and Wuzhen, one at country precision."""
    return [
        Project(
            title="Astana light rail, phase 1",
            sectors=["transport"],
            status="under_construction",
            status_date="2023-06",
            status_history=[
                {"status": "agreed", "date": "2015-05", "source": {"title": "Deal <b>note</b>"}}
            ],
            start="2015-05",
            end="2024",
            locations=[
                {
                    "name": "Astana LRT line",
                    "precision": "exact",
                    "country": "KZ",
                    "geometry": LineString([(71.40, 51.09), (71.43, 51.13), (71.47, 51.16)]),
                }
            ],
            organisations=[
                {"name": "Astana LRT LLP", "role": "owner"},
                {"name": "China Railway International", "role": "contractor"},
                {"name": "China Development Bank", "role": "funder"},
            ],
            specs=[
                {"key": "length", "value": 22.4, "unit": "km"},
                {"key": "stations", "value": 18},
            ],
            amount={"value": 1.9e9, "currency": "USD"},
            sources=[
                {
                    "title": "Railway Gazette report",
                    "url": "https://example.org/astana-lrt",
                    "publisher": "Railway Gazette",
                    "date": "2017-03",
                }
            ],
            notes="Works resumed in 2021 after a pause.",
        ),
        Project(
            title="Zhengzhou-Europe freight hub",
            sectors=["transport", "trade"],
            status="operating",
            start="2013-07",
            locations=[
                {
                    "name": "Zhengzhou",
                    "precision": "city",
                    "country": "CN",
                    "geometry": point_from_latlon(34.75, 113.62),
                }
            ],
            organisations=[{"name": "Zhengzhou International Hub", "role": "operator"}],
        ),
        Project(
            title="Wuzhen smart-city pilot",
            sectors=["ict"],
            status="completed",
            start="2016",
            end="2019",
            locations=[
                {
                    "name": "Wuzhen",
                    "precision": "exact",
                    "country": "CN",
                    "geometry": point_from_latlon(30.745, 120.49),
                }
            ],
            organisations=[{"name": "Tongxiang ICT Bureau", "role": "owner"}],
        ),
        Project(
            title="Henan grain logistics parks",
            sectors=["agriculture"],
            status="agreed",
            locations=[
                {
                    "name": "Henan",
                    "precision": "admin1",
                    "country": "CN",
                    "geometry": point_from_latlon(33.9, 113.5),
                }
            ],
        ),
        Project(
            title="Kazakhstan wind power programme",
            sectors=["energy"],
            status="announced",
            start="2019",
            countries=["KZ"],
            locations=[
                {
                    "name": "Kazakhstan",
                    "precision": "country",
                    "country": "KZ",
                    "geometry": kazakhstan(),
                }
            ],
            organisations=[{"name": "Samruk-Energy", "role": "partner"}],
        ),
        Event(
            title="Beijing signing of the LRT loan",
            event_type="signing",
            start="2015-12-14",
            locations=[
                {
                    "name": "Beijing",
                    "precision": "city",
                    "country": "CN",
                    "geometry": point_from_latlon(39.9042, 116.4074),
                }
            ],
            participants=[
                {"name": "Ministry of Finance of Kazakhstan", "country": "KZ"},
                {"name": "China Development Bank", "country": "CN"},
            ],
            outcomes=["Loan agreement for the light rail"],
            links=[{"type": "signed_at", "project": lrt_id()}],
        ),
        Event(
            title="World Internet Conference",
            event_type="conference",
            start="2016-11-16",
            end="2016-11-18",
            sectors=["ict"],
            locations=[
                {
                    "name": "Wuzhen",
                    "precision": "exact",
                    "country": "CN",
                    "geometry": point_from_latlon(30.742, 120.487),
                }
            ],
        ),
    ]


def lrt_id() -> str:
    """The id of the Astana light rail project, which the signing event links to."""
    return make_id("project", "Astana light rail, phase 1")


def payload_records() -> list[Project]:
    """One project per payload, with the payload in every text field a user can fill in."""
    records = []
    for text, (lat, lon) in zip(PAYLOADS, PAYLOAD_PLACES, strict=True):
        project = Project(
            title=text,
            sectors=["transport"],
            status="operating",
            notes=text,
            locations=[
                {"name": text, "precision": "city", "geometry": point_from_latlon(lat, lon)}
            ],
            organisations=[{"name": text, "role": "contractor"}],
            specs=[{"key": text, "value": 3, "unit": text}],
            sources=[{"title": text, "url": f"https://example.org/{text}"}],
        )
        # The model refuses javascript: links; the map must not trust that alone.
        bad = Source.model_construct(title=f"js {text}", url="javascript:alert(1)")
        records.append(project.model_copy(update={"sources": [*project.sources, bad]}))
    return records


SHARED_TITLES = ["Hall expansion", "State visit", "Summit banquet"]
"""The records of :func:`shared_records` at the Great Hall, in the order a map's store keeps
them (projects first)."""
OUTLINE_TITLES = ["Kazakh grid upgrade", "Kazakh wheat exports"]


def shared_records() -> list[Record]:
    """Places that several records share: a project in two sectors and two events at the Great
    Hall of the People, two projects on Kazakhstan's outline, and one record alone in Astana."""
    hall = point_from_latlon(39.9033, 116.3876)

    def at_hall() -> list[Location]:
        return [Location(name="Great Hall of the People", geometry=hall, precision="exact")]

    def on_kazakhstan() -> list[Location]:
        return [Location(name="Kazakhstan", geometry=kazakhstan(), precision="country")]

    return [
        Event(title="State visit", event_type="visit", start="2015-03-27", locations=at_hall()),
        Project(
            title="Hall expansion",
            sectors=["construction", "trade"],
            start="2016",
            end="2018",
            locations=at_hall(),
        ),
        Event(
            title="Summit banquet", event_type="meeting", start="2017-05-14", locations=at_hall()
        ),
        Project(title="Kazakh grid upgrade", sectors=["energy"], locations=on_kazakhstan()),
        Project(title="Kazakh wheat exports", sectors=["trade"], locations=on_kazakhstan()),
        Project(
            title="Astana light rail",
            sectors=["transport"],
            locations=[Location(name="Astana", geometry=ASTANA, precision="city")],
        ),
    ]


# --- the format and store tests' records ------------------------------------------------------

ASTANA = shapely.Point(71.45, 51.18)
BEIJING = shapely.Point(116.40, 39.90)
ZHENGZHOU_SITE = shapely.Polygon(
    [(113.60, 34.70), (113.70, 34.70), (113.70, 34.80), (113.60, 34.70)]
)
WUZHEN = shapely.Point(120.49, 30.75)
LRT_LINE = shapely.LineString([(71.40, 51.10), (71.45, 51.18), (71.50, 51.20)])


def export_records() -> list[Record]:
    """Four records with every kind of field the formats write: the format tests' records."""
    return [
        Project(
            id="astana-lrt",
            title="Astana light rail",
            sectors=["transport", "construction"],
            countries=["KZ", "CN"],
            status="under_construction",
            status_date="2017-06",
            start="2015-05",
            end="2019",
            organisations=[
                {"name": "China Railway (CREC)", "role": "contractor"},
                {"name": "Astana LRT LLP", "role": "owner"},
            ],
            specs=[
                {"key": "length", "value": 22.4, "unit": "km"},
                {"key": "stations", "value": 18},
            ],
            amount={"value": 1.9e9, "currency": "USD"},
            sources=[
                {
                    "title": "Astana LRT report",
                    "publisher": "Xinhua",
                    "date": "2015-05-07",
                    "url": "https://example.org/lrt",
                }
            ],
            notes='Phase 1; "first line"\nsecond paragraph',
            locations=[
                Location(
                    name="Astana",
                    geometry=ASTANA,
                    precision="city",
                    country="KZ",
                    resolved_name="Astana",
                    gazetteer_id=1526273,
                ),
                Location(
                    name="Line 1", geometry=LRT_LINE, precision="exact", geometry_source="drawn"
                ),
            ],
        ),
        Event(
            id="beijing-talks",
            title="Talks in Beijing",
            event_type="talks",
            start="2015-03-27",
            participants=[
                {
                    "name": "Karim Massimov",
                    "kind": "person",
                    "role": "Prime Minister",
                    "country": "KZ",
                },
                {"name": "NDRC", "country": "CN"},
            ],
            outcomes=["33 agreements signed", "a fund"],
            links=[{"type": "signed_at", "project": "astana-lrt"}],
            locations=[
                Location(
                    name="Beijing", geometry=BEIJING, precision="city", geometry_source="imported"
                )
            ],
        ),
        Project(
            id="zhengzhou-plant",
            title="Zhengzhou plant",
            sectors=["industry"],
            draft=True,
            locations=[
                Location(
                    name="Zhengzhou; site",
                    geometry=ZHENGZHOU_SITE,
                    precision="exact",
                    geometry_source="user",
                )
            ],
        ),
        Project(id="silk-fund", title="Silk Road Fund", sectors=["finance"], start="2014-12"),
    ]


def store_records() -> list[Record]:
    """Five records at ASTANA, BEIJING, ZHENGZHOU_SITE and WUZHEN: the store tests' records."""
    return [
        Project(
            id="astana-lrt",
            title="Astana light rail",
            sectors=["transport"],
            countries=["KZ"],
            status="under_construction",
            start="2015-05",
            end="2019",
            organisations=[{"name": "China Railway", "role": "contractor"}],
            locations=[
                Location(name="Astana", geometry=ASTANA, precision="city", country="KZ"),
                Location(name="Line 1", geometry=LRT_LINE, precision="exact", country="KZ"),
            ],
        ),
        Event(
            id="beijing-talks",
            title="Talks in Beijing",
            event_type="talks",
            start="2015-03-27",
            locations=[Location(name="Beijing", geometry=BEIJING, precision="city")],
        ),
        Project(
            id="zhengzhou-plant",
            title="Zhengzhou plant",
            sectors=["industry", "energy"],
            countries=["CN"],
            status="operating",
            start="2016-02-01",
            end="2018",
            locations=[Location(name="Zhengzhou", geometry=ZHENGZHOU_SITE, precision="exact")],
        ),
        Event(
            id="wuzhen-conference",
            title="World Internet Conference",
            event_type="conference",
            start="2015-12-16",
            end="2015-12-18",
            draft=True,
            locations=[Location(name="Wuzhen", geometry=WUZHEN, precision="city")],
        ),
        Project(id="silk-fund", title="Silk Road Fund", sectors=["finance"], start="2014-12"),
    ]


AWKWARD_TEXT = (
    "<script>alert(1)</script> ]]> {{ 7*7 }} ${x} \"quoted\" 'single' & ampersand; semi; "
    "Алматы 北京 ☃ עברית"
)
"""Markup, a template, a CDATA end, separators and scripts: text every format must keep."""


# --- an upload with one row of each kind, in any format -------------------------------------

UPLOAD_FORMATS = [".csv", ".geojson", ".gpkg", ".kml"]
"""The formats the app's upload takes."""
BAD_START, WORSE_START = "1999-01", "1999-13"  # a month that exists, and one that does not


def _project(id: str, title: str, lat: float, lon: float, **fields: Any) -> Project:
    """A transport project in Kazakhstan, located at (lat, lon)."""
    place = Location(name=title, geometry=point_from_latlon(lat, lon), precision="city")
    return Project(
        id=id, title=title, sectors=["transport"], countries=["KZ"], locations=[place], **fields
    )


def mixed_records(stored: dict[str, Record]) -> list[Record]:
    """An update, an unchanged record, a new one with a hostile title, a swapped point, a point
    outside its country, and a record whose start the file then spoils (:func:`mixed_file`)."""
    return [
        validate_update(stored["pj-astana-light-rail"], notes="changed in the file"),
        stored["pj-automobile-assembly"],
        _project("pj-upload-payload", AWKWARD_TEXT, 51.18, 71.45),
        _project("pj-upload-swapped", "Swapped depot", 71.45, 51.18),
        _project("pj-upload-abroad", "Office in Beijing", 39.9, 116.4),
        _project("pj-upload-bad", "Bad date", 51.18, 71.45, start=BAD_START),
    ]


MIXED_ROWS = ["update", "unchanged", "new", "invalid", "new", "invalid"]
"""What :func:`mixed_file`'s rows do to the seed atlas, in file order."""


def mixed_file(stored: dict[str, Record], folder: Path, extension: str) -> Path:
    """:func:`mixed_records` written by coopmap's exporter, then one start made impossible."""
    path = folder / f"mixed{extension}"
    export(mixed_records(stored), path)
    if extension == ".gpkg":
        conn = sqlite3.connect(path)
        register_functions(conn)  # the SQL functions GDAL's spatial index triggers call
        with conn:
            changed = conn.execute(
                "UPDATE records SET start = ? WHERE start = ?", (WORSE_START, BAD_START)
            ).rowcount
        conn.close()
    else:
        text = path.read_text(encoding="utf-8")
        changed = text.count(BAD_START)
        path.write_text(text.replace(BAD_START, WORSE_START), encoding="utf-8")
    assert changed == 1
    return path


def seed_by_id() -> dict[str, Record]:
    """The seed's records by id."""
    return {record.id: record for record in load_seed()}


# --- a sheet of place names without coordinates, for the review of an upload's places -----------

PLACES_SHEET = """\
title,sectors,countries,location
Astana light rail,transport,KZ,Astana
Hyderabad metro,transport,,Hyderabad
Hyderabad depot,transport,,Hyderabad
Typo depot,transport,KZ,Astna
"""
"""Four projects by place name: one found (Astana), one ambiguous name on two rows (Hyderabad,
in India or Pakistan: no country to hint) and one not found (Astna, a typo for Astana)."""
