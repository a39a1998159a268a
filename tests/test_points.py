"""Places several records share: their groups in the payload, and how shared points show."""

from __future__ import annotations

import re

import folium
import pytest
import shapely

from builders import OUTLINE_TITLES, SHARED_TITLES, shared_records
from coopmap.maps import RecordStore, build_map
from coopmap.maps.payload import shared_spots
from coopmap.maps.points import POINTS, PointsMode, points_group
from coopmap.maps.runtime import runtime_js
from coopmap.maps.view import view_group
from coopmap.model import Location, Project, point_from_latlon
from coopmap.seed import load_seed


def store_of(m: folium.Map) -> RecordStore:
    [store] = [c for c in m._children.values() if isinstance(c, RecordStore)]
    return store


def records_at(store: RecordStore) -> list[list[int]]:
    """The records (positions in the store) of each shared place, points first."""
    at = store.payload.get("at", {})
    pt, sh = store.payload["pt"], store.payload["sh"]
    records = pt.get("r") or range(len(pt["x"]))
    groups = [[records[i] for i in group] for group in at.get("pt", [])]
    return groups + [[sh[k][0] for k in group] for group in at.get("sh", [])]


def titles_at(store: RecordStore) -> list[list[str]]:
    return [[store.records[r].title for r in group] for group in records_at(store)]


def test_the_payload_groups_the_records_of_each_shared_place() -> None:
    store = store_of(build_map(shared_records(), tiles=None))
    # Projects come first in a store; Astana's light rail is alone and in no group.
    assert titles_at(store) == [SHARED_TITLES, OUTLINE_TITLES]


def test_the_seed_shares_the_great_hall_and_kazakhstan() -> None:
    store = store_of(build_map(load_seed(), tiles=None))
    places = [
        (len(group), {store.records[r].locations[0].name for r in group})
        for group in records_at(store)
    ]
    assert places == [(2, {"Great Hall of the People, Beijing"}), (12, {"Kazakhstan"})]


def _at(lat: float, lon: float, name: str = "here") -> Location:
    return Location(name=name, geometry=point_from_latlon(lat, lon), precision="exact")


def test_points_share_a_spot_only_at_the_same_coordinates_and_for_two_records() -> None:
    records = [
        Project(id="a", title="A", sectors=["energy"], locations=[_at(10, 20), _at(10, 20)]),
        Project(id="b", title="B", sectors=["energy"], locations=[_at(10, 20.00001)]),
        Project(id="c", title="C", sectors=["energy"], locations=[_at(30, 40)]),
        Project(id="d", title="D", sectors=["energy"], locations=[_at(30, 40.000001)]),
    ]
    store = RecordStore(records)
    # A's two locations at one spot are one record; B is a metre off; C and D round together.
    assert store.payload["at"] == {"pt": [[3, 4]]}
    assert shared_spots({"pt": {"x": [], "y": [], "p": ["c", 0]}, "sh": []}) == {}


def test_lines_and_polygons_share_a_place_when_their_coordinates_are_the_same() -> None:
    square = shapely.box(70, 45, 71, 46)
    line = shapely.LineString([(70, 45), (71, 46)])

    def project(id: str, geometry: shapely.Geometry) -> Project:
        place = Location(name=id, geometry=geometry, precision="exact")
        return Project(id=id, title=id, sectors=["energy"], locations=[place])

    store = RecordStore(
        [project("a", square), project("b", line), project("c", square), project("d", line)]
    )
    assert store.payload["at"] == {"sh": [[0, 2], [1, 3]]}
    assert "at" not in RecordStore([project("a", square), project("b", line)]).payload


@pytest.mark.parametrize("mode", POINTS)
def test_a_map_says_what_its_shared_points_do(mode: str) -> None:
    m = build_map(shared_records(), tiles=None, points=mode)
    page = m.get_root().render()
    assert re.findall(r'coopmap\.points\((map_\w+), "(\w+)"\);', page) == [(m.get_name(), mode)]


def test_build_map_refuses_an_unknown_points_mode() -> None:
    with pytest.raises(ValueError, match=r"spread, cluster.*'scatter'"):
        build_map(shared_records(), tiles=None, points="scatter")  # type: ignore[arg-type]


def test_the_app_sends_the_points_mode_with_a_view_or_alone() -> None:
    m = build_map(shared_records(), tiles=None)
    group = view_group(m, points="cluster")
    [mode] = [c for c in group._children.values() if isinstance(c, PointsMode)]
    assert (mode.map, mode.mode) == (m, "cluster")
    assert f'coopmap.points({m.get_name()}, "cluster");' in mode.script_js()
    assert not [c for c in view_group(m)._children.values() if isinstance(c, PointsMode)]
    [alone] = points_group(m, "spread")._children.values()
    assert isinstance(alone, PointsMode)
    assert alone.mode == "spread"


def test_cells_are_a_way_to_show_points_a_map_of_its_own() -> None:
    m = build_map(shared_records(), tiles=None, points="cells")
    page = m.get_root().render()
    assert "coopmap.cellLayer(" in page
    assert not [c for c in m._children.values() if isinstance(c, RecordStore)]
    assert "coopmap.points(" not in page.split("<body>")[1].replace(runtime_js(), "")
    with pytest.raises(ValueError, match="leave out m"):
        build_map(shared_records(), m=folium.Map(), points="cells")
    with pytest.raises(ValueError, match=r"spread, cluster, got 'cells'"):
        PointsMode(m, "cells")  # type: ignore[arg-type]
