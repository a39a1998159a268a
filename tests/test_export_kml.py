"""KML export: placemarks Google Earth shows and coopmap reads back (coopmap.formats.kml)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import shapely

from builders import export_records
from coopmap.formats import export, read_records
from coopmap.formats import kml as kml_format
from coopmap.model import Location, Project

NS = {"kml": "http://www.opengis.net/kml/2.2"}
INJECTION = "]]></name><description><![CDATA[<script>alert(1)</script>]]></description><name>x"


def placemarks(path: Path) -> list[ET.Element]:
    return ET.parse(path).getroot().findall(".//kml:Placemark", NS)


def extended(placemark: ET.Element) -> dict[str, str | None]:
    return {data.get("name"): data.text for data in placemark.findall(".//kml:SimpleData", NS)}


def test_one_placemark_per_record_with_its_columns(tmp_path: Path) -> None:
    path = export(export_records(), tmp_path / "atlas.kml")
    lrt, talks, plant, fund = placemarks(path)
    assert lrt.findtext("kml:name", namespaces=NS) == "Astana light rail"
    assert lrt.find("kml:description", NS) is None
    data = extended(lrt)
    assert data["record_id"] == "astana-lrt"
    assert data["sectors"] == "transport; construction"
    assert data["crs_codes"] == "210; 323"
    assert data["countries_alpha3"] == "KAZ; CHN"
    assert data["iati_precision"] == "3; 1"
    assert (data["start_date"], data["end_date"]) == ("2015-05", "2019")
    assert {"id", "title", "start", "end", "lat", "lon", "wkt"}.isdisjoint(data)
    multi = lrt.find("kml:MultiGeometry", NS)
    assert [child.tag.split("}")[1] for child in multi] == ["Point", "LineString"]
    assert talks.findtext(".//kml:Point/kml:coordinates", namespaces=NS).strip() == "116.4,39.9"
    assert plant.find(".//kml:Polygon", NS) is not None
    assert fund.find(".//kml:Point", NS) is None


def test_text_is_escaped_so_nothing_becomes_kml(tmp_path: Path) -> None:
    record = Project(
        title=INJECTION,
        sectors=["energy"],
        notes=f"<b>{INJECTION}</b>",
        locations=[Location(name=INJECTION, geometry=shapely.Point(71.45, 51.18))],
    )
    path = export([record], tmp_path / "atlas.kml")
    (placemark,) = placemarks(path)
    assert placemark.find("kml:description", NS) is None
    assert [name.text for name in placemark.findall("kml:name", NS)] == [INJECTION]
    assert extended(placemark)["notes"] == f"<b>{INJECTION}</b>"
    assert read_records(path) == [record]


def test_coordinates_are_rounded_to_seven_decimals(tmp_path: Path) -> None:
    record = Project(
        title="Precise",
        sectors=["other"],
        locations=[Location(name="Here", geometry=shapely.Point(71.123456789123, 51.98765432))],
    )
    path = export([record], tmp_path / "atlas.kml")
    (placemark,) = placemarks(path)
    coordinates = placemark.findtext(".//kml:coordinates", namespaces=NS).strip()
    assert coordinates == "71.1234568,51.9876543"
    (read,) = read_records(path)
    assert read.locations[0].geometry == shapely.Point(71.1234568, 51.9876543)


def test_a_failed_export_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = export(export_records(), tmp_path / "atlas.kml")
    before = path.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(kml_format, "write_layer", broken)
    with pytest.raises(OSError, match="disk full"):
        export(export_records()[:1], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["atlas.kml"]


def test_a_kml_from_elsewhere_imports_when_it_says_enough(tmp_path: Path) -> None:
    """A Google Earth file: folders, names, Data fields; the placemarks number through."""
    path = tmp_path / "earth.kml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>Rail</name>
  <Placemark><name>Almaty ring</name><description>seen &lt;b&gt;here&lt;/b&gt;</description>
    <ExtendedData><Data name="sectors"><value>transport</value></Data></ExtendedData>
    <Point><coordinates>76.9,43.25,0</coordinates></Point></Placemark>
</Folder>
<Folder><name>Other</name>
  <Placemark><name>Mystery</name><Point><coordinates>71.45,51.18</coordinates></Point>
  </Placemark>
</Folder>
</Document></kml>
""",
        encoding="utf-8",
    )
    with pytest.raises(Exception, match="a project needs at least one sector") as caught:
        read_records(path)
    (error,) = caught.value.errors
    assert error.record == "feature 2 (Mystery)"
    assert error.field == "sectors"
