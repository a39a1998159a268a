"""The offline basemap: its line encoding, the shipped shapes, the city labels, the layer."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon

from coopmap.maps import build_map
from coopmap.maps.basemap import (
    ALPHABET,
    BaseChoice,
    Basemap,
    BasemapError,
    Label,
    city_labels,
    decode_line,
    decode_numbers,
    encode_labels,
    encode_line,
    encode_numbers,
    label_zoom,
    world,
)

# --- the encoding ----------------------------------------------------------------------------


def test_numbers_round_trip_with_short_codes_for_small_steps() -> None:
    values = [0, 1, -1, 15, -16, 16, -17, 511, -512, 36_000, -18_000, 123_456_789]
    text = encode_numbers(values)
    assert decode_numbers(text) == values
    assert set(text) <= set(ALPHABET)
    assert [len(encode_numbers([v])) for v in (0, -1, 15, -16, 16, -17, 511, -512)] == [1] * 4 + [
        2
    ] * 4


def test_a_line_round_trips_at_a_hundredth_of_a_degree_without_repeats() -> None:
    line = [(71.4491, 51.1694), (71.4492, 51.1694), (-179.99, -85.0), (180.0, 89.99)]
    text = encode_line(line)
    assert decode_line(text).tolist() == [[71.45, 51.17], [-179.99, -85.0], [180.0, 89.99]]
    assert encode_line([(1.0, 2.0), (1.001, 2.001)]) == ""  # one point left: no line


@pytest.mark.parametrize(("text", "reason"), [("AB*", "not a character"), ("Ag", "middle")])
def test_a_broken_line_is_refused(text: str, reason: str) -> None:
    with pytest.raises(BasemapError, match=reason):
        decode_line(text)


def test_text_is_inert_in_a_page() -> None:
    assert not set(ALPHABET) & set("<>&'\"{}\\%")


# --- the shipped shapes ----------------------------------------------------------------------


def _land() -> list[Polygon]:
    return [
        Polygon(decode_line(rings[0]), [decode_line(r) for r in rings[1:]])
        for rings in world()["land"]
    ]


def test_the_land_holds_the_continents_and_leaves_the_seas() -> None:
    land = shapely.union_all([p.buffer(0) for p in _land()])
    for lon, lat in [(103.0, 46.8), (71.45, 51.17), (-60.0, -10.0), (20.0, 0.0), (134.0, -25.0)]:
        assert land.contains(Point(lon, lat)), (lon, lat)
    for lon, lat in [(-150.0, 0.0), (-30.0, 30.0), (80.0, -20.0)]:  # Pacific, Atlantic, Indian
        assert not land.contains(Point(lon, lat)), (lon, lat)


def test_no_ring_or_line_jumps_across_the_antimeridian() -> None:
    data = world()
    lines = [r for rings in data["land"] for r in rings] + data["borders"]
    lines += [r for lake in data["lakes"] for r in lake[1:]] + [
        river[1] for river in data["rivers"]
    ]
    for text in lines:
        points = decode_line(text)
        jumps = np.abs(np.diff(points[:, 0])) > 180
        # a ring closed along a pole runs along -90 or 90, never across the map
        assert not jumps.any() or np.all(np.abs(points[1:][jumps, 1]) >= 89.99)


def test_lakes_rivers_and_borders_have_their_zooms() -> None:
    data = world()

    def zooms_at(lon: float, lat: float) -> list[int]:
        return [
            lake[0]
            for lake in data["lakes"]
            if Polygon(decode_line(lake[1])).contains(Point(lon, lat))
        ]

    assert zooms_at(33.0, -1.0) == [1]  # Lake Victoria, on the world view
    assert zooms_at(-87.5, 47.6) == [2]  # Lake Superior, one zoom closer
    assert zooms_at(50.5, 42.0) == []  # the Caspian is a sea: not land
    assert [lake[0] for lake in data["lakes"]] == sorted(lake[0] for lake in data["lakes"])
    zooms = {river[0] for river in data["rivers"]}
    assert min(zooms) <= 2.1
    assert max(zooms) <= 6
    assert 200 < len(data["borders"]) < 1000


def test_the_shipped_shapes_are_small() -> None:
    assert len(json.dumps(world(), separators=(",", ":"))) < 220_000


# --- the labels ------------------------------------------------------------------------------


def test_capitals_and_big_towns_show_first_small_towns_later() -> None:
    assert label_zoom(21_000_000, capital=True) == 2
    assert label_zoom(1_000_000, capital=True) == 3
    assert label_zoom(100_000, capital=True) == 4
    assert label_zoom(6_000_000) == 3
    assert label_zoom(1_200_000) == 4
    assert label_zoom(400_000) == 5
    assert label_zoom(150_000) == 6
    assert label_zoom(60_000) == 7


def test_the_gazetteers_labels_in_drawing_order(gazetteer) -> None:
    labels = city_labels(gazetteer, limit=600)
    by_name = {label.name: label for label in labels}
    assert by_name["Beijing"].capital
    assert by_name["Beijing"].zoom == 2
    assert by_name["Astana"].capital
    assert by_name["Astana"].zoom == 3
    assert not by_name["Shanghai"].capital
    assert by_name["Shanghai"].zoom == 3
    assert abs(by_name["Astana"].lat - 51.17) < 0.2
    assert abs(by_name["Astana"].lon - 71.45) < 0.2
    keys = [(label.zoom, not label.capital, -label.population) for label in labels]
    assert keys == sorted(keys)
    assert len(labels) == 600


def test_labels_are_encoded_compactly_and_read_back() -> None:
    labels = [
        Label("Astana", 51.18, 71.45, 3, True, 1_000_000),
        Label("Karagandy", 49.8, 73.1, 5, False, 450_000),
        Label("<b>Kökshetau</b>", 53.28, 69.39, 6, False, 150_000),
    ]
    encoded = encode_labels(labels)
    assert encoded["names"] == ["Astana", "Karagandy", "<b>Kökshetau</b>"]
    assert decode_line(encoded["points"]).tolist() == [[71.45, 51.18], [73.1, 49.8], [69.39, 53.28]]
    assert encoded["zooms"] == "356"
    assert encoded["capitals"] == [0]


# --- the layer -------------------------------------------------------------------------------


def test_the_basemap_layer_writes_its_shapes_and_labels_inert() -> None:
    labels = encode_labels([Label("</script><b>x</b>", 1.0, 2.0, 2, True)])
    m = build_map([], tiles=None)
    m.add_child(Basemap(labels=labels))
    html = m.get_root().render()
    assert html.count("= coopmap.basemap(") == 2
    assert "</script><b>" not in html
    assert "\\u003c/script\\u003e\\u003cb\\u003ex" in html


def test_a_base_choice_is_basemap_or_none() -> None:
    basemap = Basemap(labels=encode_labels([]))
    with pytest.raises(ValueError, match="one of"):
        BaseChoice(basemap, "satellite")


def test_a_gazetteer_that_cannot_be_read_leaves_the_basemap_without_labels(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from coopmap.errors import GazetteerError
    from coopmap.maps import basemap

    def broken() -> None:
        raise GazetteerError("cannot read the gazetteer index x.sqlite")

    monkeypatch.setattr("coopmap.places.default_gazetteer", broken)
    basemap.default_labels.cache_clear()
    try:
        with caplog.at_level("WARNING", logger="coopmap.maps.basemap"):
            labels = basemap.default_labels()
    finally:
        basemap.default_labels.cache_clear()
    assert labels["names"] == []
    assert "no city labels: cannot read the gazetteer index" in caplog.text
