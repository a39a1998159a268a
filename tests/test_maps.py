"""The map: its layers, what the popups can show, how it looks offline, and that data stays inert.

The records come from tests/builders.py, shared with the other map tests.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
from typing import Any

import folium
import numpy as np
import pytest
import shapely

from builders import PAYLOADS, kazakhstan, lrt_id, payload_records, sample_records, seed_by_id
from coopmap.errors import CoopmapError
from coopmap.maps import RecordLayer, RecordStore, base_map, build_map, payload
from coopmap.maps.layers import WEBGL_FROM
from coopmap.maps.legend import Legend
from coopmap.maps.payload import COORD_SCALE, encode_members
from coopmap.maps.runtime import runtime_js
from coopmap.maps.safe import html_text, js_json, js_string
from coopmap.model import Location, Project, Record, point_from_latlon
from coopmap.taxonomy import Precision
from page_data import decode_records, page_payloads

# --- the layers, read back as the browser reads them-----------------------------------------------


def decode_members(members: list[Any], n: int) -> list[int]:
    return list(range(n)) if members == ["all"] else list(itertools.accumulate(members[1:]))


def layer_records(layer: RecordLayer) -> list[dict[str, Any]]:
    """The records a layer shows, decoded from its store's payload and its member list."""
    records = decode_records(layer.store.payload)
    members = encode_members(layer.members, len(records))
    return [records[i] for i in decode_members(members, len(records))]


def layer_shapes(layer: RecordLayer) -> list[list[Any]]:
    return [s for s in layer.store.payload["sh"] if s[0] in set(layer.members.tolist())]


def record_layers(m: folium.Map) -> list[RecordLayer]:
    return [c for c in m._children.values() if isinstance(c, RecordLayer)]


def expected_properties(record: Record) -> dict[str, Any]:
    data = {key: value for key, value in record.properties().items() if value != []}
    data.pop("precision")  # derived from the locations, which are all there
    return data


# --- layers ---------------------------------------------------------------------------------


def test_one_layer_per_sector_present_and_one_for_events() -> None:
    m = build_map(sample_records())
    layers = {layer.key: layer for layer in record_layers(m)}
    assert list(layers) == ["transport", "ict", "energy", "agriculture", "trade", "events"]
    titles = {key: [r["title"] for r in layer_records(layer)] for key, layer in layers.items()}
    assert titles["transport"] == ["Astana light rail, phase 1", "Zhengzhou-Europe freight hub"]
    assert titles["trade"] == ["Zhengzhou-Europe freight hub"]  # in both of its sectors
    assert titles["events"] == ["Beijing signing of the LRT loan", "World Internet Conference"]
    assert layers["transport"].layer_name.endswith("Transport and storage (2)")


def test_layer_control_comes_last_and_lists_every_layer() -> None:
    m = build_map(sample_records())
    children = list(m._children.values())
    assert isinstance(children[-1], folium.LayerControl)
    html = m.get_root().render()
    control = children[-1]
    assert set(control.overlays.values()) == {layer.get_name() for layer in record_layers(m)}
    assert "L.control.layers(" in html


def test_popups_can_show_every_attribute_of_every_record() -> None:
    records = sample_records()
    m = build_map(records)
    by_id = {r.id: r for r in records}
    seen = set()
    for layer in record_layers(m):
        for decoded in layer_records(layer):
            assert decoded == expected_properties(by_id[decoded["id"]])
            seen.add(decoded["id"])
    assert seen == set(by_id)


def test_events_link_to_the_titles_of_their_projects() -> None:
    m = build_map(sample_records())
    events = next(layer for layer in record_layers(m) if layer.key == "events")
    assert events.store.payload["refs"] == {lrt_id(): "Astana light rail, phase 1"}


def test_country_precision_is_the_country_polygon_never_a_point() -> None:
    m = build_map(sample_records())
    energy = next(layer for layer in record_layers(m) if layer.key == "energy")
    [index] = energy.members
    points = energy.store.payload["pt"]
    assert index not in points.get("r", range(len(points["x"])))
    [(record, location, precision, geometry)] = layer_shapes(energy)
    assert (record, location) == (index, 0)
    assert list(Precision)[precision] is Precision.COUNTRY
    assert geometry["type"] == "Polygon"
    drawn = shapely.normalize(shapely.geometry.shape(geometry))
    assert drawn.equals_exact(shapely.normalize(kazakhstan()), 1e-5)
    # No element draws a pin (the runtime's only markers are the counts of clustered points).
    script = m.get_root().render().split("<body>")[1].replace(runtime_js(), "")
    assert "L.marker(" not in script
    assert "Icon" not in script


def test_lines_stay_lines_and_points_are_scaled_integers() -> None:
    m = build_map(sample_records())
    transport = next(layer for layer in record_layers(m) if layer.key == "transport")
    [line] = layer_shapes(transport)
    assert json.loads(json.dumps(line[3])) == {
        "type": "LineString",
        "coordinates": [[71.4, 51.09], [71.43, 51.13], [71.47, 51.16]],
    }
    points = transport.store.payload["pt"]
    hub = points["r"].index(1)  # the second record; the first is the line
    assert (points["x"][hub], points["y"][hub]) == (
        round(113.62 * COORD_SCALE),
        round(34.75 * COORD_SCALE),
    )


def test_legend_explains_the_layers_and_the_precisions_drawn() -> None:
    m = build_map(sample_records(), title="Cooperation")
    [legend] = [c for c in m._children.values() if isinstance(c, Legend)]
    spec = legend.spec()
    assert spec["title"] == "Cooperation"
    assert [e["label"] for e in spec["layers"]][-1] == "Events"
    assert {e["label"]: e["count"] for e in spec["layers"]}["Transport and storage"] == 2
    assert spec["precisions"] == [
        {"key": "exact", "kind": "point"},
        {"key": "city", "kind": "point"},
        {"key": "admin1", "kind": "point"},
        {"key": "country", "kind": "polygon"},
    ]


def test_map_fits_the_records() -> None:
    m = build_map(sample_records())
    [fit] = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
    (south, west), (north, east) = fit.bounds
    assert west == pytest.approx(kazakhstan().bounds[0], abs=1e-6)
    assert east == pytest.approx(120.49)
    assert north == pytest.approx(kazakhstan().bounds[3], abs=1e-6)
    assert south == pytest.approx(30.742)


def test_records_without_a_location_are_left_out() -> None:
    nowhere = Project(title="Somewhere unknown", sectors=["mining"])
    m = build_map([*sample_records(), nowhere])
    assert "mining" not in {layer.key for layer in record_layers(m)}


def test_layers_can_be_added_to_a_given_map() -> None:
    m = folium.Map(tiles=None)
    assert build_map(sample_records()[:2], m=m) is m
    build_map(sample_records()[2:3], m=m)
    keys = [layer.key for layer in record_layers(m)]
    assert keys == ["transport", "trade", "ict"]
    controls = [c for c in m._children.values() if isinstance(c, folium.LayerControl)]
    assert len(controls) == 1
    assert list(m._children.values())[-1] is controls[0]
    fits = [c for c in m._children.values() if isinstance(c, folium.map.FitBounds)]
    assert len(fits) == 1
    assert m.get_root().render().count("coopmap.install(") == 1


def test_a_layer_needs_its_store_on_the_map() -> None:
    records = sample_records()
    store = RecordStore(records)
    m = base_map(tiles=None)
    RecordLayer(store, records[:1], name="Alone", colour="#123456").add_to(m)
    with pytest.raises(CoopmapError, match="RecordStore"):
        m.get_root().render()
    with pytest.raises(CoopmapError, match="records of its store"):
        RecordLayer(store, sample_records()[:1], name="Strangers", colour="#123456")


def test_colours_must_be_plain_hex() -> None:
    store = RecordStore(sample_records())
    with pytest.raises(ValueError, match="#rrggbb"):
        RecordLayer(store, store.records, name="x", colour="red;background:url(x)")


# --- offline --------------------------------------------------------------------------------


def test_page_fetches_nothing_and_carries_leaflet() -> None:
    html = build_map(sample_records(), tiles=None).get_root().render()
    sources = re.findall(r"<script[^>]*\bsrc=\"([^\"]*)\"", html)
    styles = re.findall(r"<link[^>]*\bhref=\"([^\"]*)\"", html)
    assert [src[:33] for src in sources] == ["data:text/javascript;base64,LyogQ"]
    assert [href[:21] for href in styles] == ["data:text/css;base64,"]
    leaflet = base64.b64decode(sources[0].split(",", 1)[1]).decode()
    assert leaflet.startswith("/* @preserve\n * Leaflet 1.9.3")
    assert not re.search(r"url\((?!data:|#default#VML)", base64.b64decode(styles[0][21:]).decode())
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna"):
        assert cdn not in html
    assert "coopmap.basemap(" in html
    assert "jquery" not in html.lower()
    assert "bootstrap" not in html.lower()


def test_osm_tiles_lie_over_the_basemap_with_basemap_and_no_basemap_choices() -> None:
    m = base_map(tiles="osm")
    names = [type(c).__name__ for c in m._children.values()]
    assert names.index("Basemap") < names.index("TileLayer") < names.index("BaseChoice")
    html = build_map(sample_records(), m=m).get_root().render()
    assert "tile.openstreetmap.org" in html
    assert '"Offline basemap" : ' in html
    assert '"No basemap" : ' in html
    offline = build_map([], tiles=None).get_root().render()
    assert "tile.openstreetmap.org" not in offline
    assert '"Offline basemap" : ' in offline
    assert '"No basemap" : ' in offline


def test_unknown_tiles_are_refused() -> None:
    with pytest.raises(ValueError, match="tiles must be one of"):
        build_map([], tiles="stamen")  # type: ignore[arg-type]


# --- inert data -----------------------------------------------------------------------------


def _rendered_with_payloads(title: str) -> str:
    m = build_map(payload_records(), title=title)
    [store] = [c for c in m._children.values() if isinstance(c, RecordStore)]
    hostile = RecordLayer(store, store.records, name=PAYLOADS[4], colour="#1f77b4", key="hostile")
    m.add_child(hostile, index=list(m._children).index(store.get_name()) + 1)
    return m.get_root().render()


@pytest.mark.parametrize("title", PAYLOADS)
def test_payloads_are_inert_in_the_page_source(title: str) -> None:
    html = _rendered_with_payloads(title)
    # No payload comes out raw: no tag, no script, no template delimiter...
    for text in PAYLOADS:
        assert text not in html
    assert html.count("<script") == 3
    assert "<img" not in html
    assert re.search(r"<title>(.*)</title>", html)[1] == html_text(title)
    # ...and every payload is still there, whole, in the data the page decodes.
    decoded = json.dumps(page_payloads(html), ensure_ascii=False)
    for text in PAYLOADS:
        assert json.dumps(text, ensure_ascii=False)[1:-1] in decoded


def test_no_template_is_evaluated() -> None:
    html = _rendered_with_payloads(PAYLOADS[0])
    values = page_payloads(html)
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', json.dumps(values, ensure_ascii=False))
    assert "49" not in strings
    assert "X" not in strings
    assert str(os.getpid()) not in strings
    assert "{{ 7*7 }}" in strings
    assert "{{ cycler.__init__.__globals__.os.getpid() }}" in strings


def test_layer_names_and_title_are_escaped_as_html() -> None:
    html = _rendered_with_payloads(PAYLOADS[3])
    # The layer control's label, as HTML text in the JSON that folium writes for it.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt; (6)" in html
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


def test_the_runtime_cannot_be_read_as_a_template_or_close_its_script() -> None:
    code = runtime_js()
    for marker in ("{{", "{%", "{#", "</"):
        assert marker not in code


@pytest.mark.parametrize("text", [*PAYLOADS, "\u2028\u2029", "a\\{b", "'\"", "北京 {x}"])
def test_js_string_round_trips_and_hides_delimiters(text: str) -> None:
    literal = js_string(text)
    assert json.loads(literal) == text
    assert not set(literal) & set("<>&{}'\u2028\u2029")
    assert json.loads(json.loads(js_json({"t": [text]})[len("JSON.parse(") : -1])) == {"t": [text]}


def test_long_integer_lists_are_base64_bytes_of_the_smallest_type() -> None:
    assert payload.int_list([3, -1, 7]) == [3, -1, 7]
    for values, kind, dtype in [
        ([5] * 1000, "u1", "<u1"),
        (list(range(2000)), "u2", "<u2"),
        ([-1, *range(999)], "i4", "<i4"),
    ]:
        encoded = payload.int_list(values)
        assert list(encoded) == [kind]
        assert np.frombuffer(base64.b64decode(encoded[kind]), dtype=dtype).tolist() == values


def test_a_store_of_many_points_writes_its_coordinates_as_bytes() -> None:
    records = [
        Project(
            id=f"pj-{i}",
            title=f"Site {i}",
            sectors=["energy"],
            locations=[Location(name="x", geometry=point_from_latlon(i / 100, -i / 50))],
        )
        for i in range(1500)
    ]
    store = RecordStore(records)
    pt = store.payload["pt"]
    x = np.frombuffer(base64.b64decode(pt["x"]["i4"]), dtype="<i4")
    y = np.frombuffer(base64.b64decode(pt["y"]["i4"]), dtype="<i4")
    assert (x[7], y[7]) == (round(-7 / 50 * COORD_SCALE), round(7 / 100 * COORD_SCALE))
    assert store.options == {"glFrom": WEBGL_FROM}
    assert RecordStore(records[:3], webgl_from=None).options == {"glFrom": None}


def test_a_sector_only_events_have_makes_no_layer() -> None:
    records = list(seed_by_id().values())
    layers = [c for c in build_map(records)._children.values() if isinstance(c, RecordLayer)]
    located = [r for r in records if r.locations]
    held = {s.value for r in located if isinstance(r, Project) for s in r.sectors}
    events_only = {s.value for r in located for s in r.sectors} - held
    assert events_only  # the seed's events have sectors no project has
    assert {layer.key for layer in layers} == held | {"events"}
    assert all(layer.size for layer in layers)
