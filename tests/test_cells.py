"""Maps of many records grouped into grid cells: the grid, the cells' records, the page."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import shapely

import browser
from builders import PAYLOADS
from coopmap.maps.cells import (
    CELL_SIZES,
    CellGrid,
    CellLayer,
    build_cell_map,
    cell_key,
    cell_records,
    feature_count,
    needs_cells,
    parse_cell_key,
)
from coopmap.model import Event, Project, Record, point_from_latlon
from coopmap.taxonomy import Sector


def many(n: int, *, seed: int = 1) -> list[Record]:
    """``n`` projects at random places, in one or two sectors; every tenth an event."""
    rng = random.Random(seed)
    sectors = list(Sector)
    records: list[Record] = []
    for i in range(n):
        location = {
            "name": f"place {i}",
            "precision": "city",
            "geometry": point_from_latlon(rng.uniform(-50, 60), rng.uniform(-170, 170)),
        }
        if i % 10 == 0:
            records.append(
                Event(id=f"e{i}", title=f"event {i}", event_type="meeting", locations=[location])
            )
        else:
            records.append(
                Project(
                    id=f"p{i}",
                    title=f"project {i}",
                    sectors=rng.sample(sectors, rng.choice((1, 2))),
                    locations=[location],
                )
            )
    return records


def test_cells_start_above_the_feature_limit() -> None:
    records = many(30)
    assert feature_count(records) == 30
    assert not needs_cells(records, max_features=30)
    assert needs_cells(records, max_features=29)


def test_the_grid_is_the_finest_that_fits_the_budget() -> None:
    records = many(3000)
    grid = CellGrid.of(records, budget=500)
    assert len(grid) <= 500
    finer = CELL_SIZES[CELL_SIZES.index(grid.size) - 1]
    assert len(CellGrid.of(records, budget=10**9)) > 500
    assert grid.size > finer


def test_cells_count_each_record_of_their_layer_once() -> None:
    records = many(2000)
    grid = CellGrid.of(records, budget=400)
    for group in grid.groups:
        assert sum(cell.count for cell in grid.cells[group.key]) == len(group.members)
    assert [g.key for g in grid.groups][-1] == "events"
    # A record in two sectors counts in both layers.
    in_layers = sum(len(g.members) for g in grid.groups)
    assert in_layers == sum(len(r.sectors) if isinstance(r, Project) else 1 for r in records)


def test_a_cell_lists_the_records_it_stands_for() -> None:
    records = many(2000)
    grid = CellGrid.of(records, budget=400)
    cell = max(grid.cells["transport"], key=lambda c: c.count)
    found = cell_records(records, cell.key)
    assert len(found) == cell.count
    size = grid.size
    for record in found:
        assert Sector.TRANSPORT in record.sectors
        lat, lon = record.locations[0].latlon
        assert (int(lon // size), int(lat // size)) == (cell.column, cell.row)


def test_a_record_with_locations_in_two_cells_counts_in_each() -> None:
    record = Project(
        id="two",
        title="two places",
        sectors=["energy"],
        locations=[
            {"name": "a", "geometry": point_from_latlon(10, 10)},
            {"name": "b", "geometry": point_from_latlon(-30.2, 100.2)},
            {"name": "c", "geometry": shapely.box(100, -31, 101, -30)},
        ],
    )
    grid = CellGrid.of([record], budget=2)  # b and c share a cell of 1 degree
    assert grid.size == 1.0
    assert [cell.count for cell in grid.cells["energy"]] == [1, 1]
    assert all(cell_records([record], cell.key) == [record] for cell in grid.cells["energy"])


def test_cell_keys_round_trip() -> None:
    key = cell_key("transport", 2.5, -12, 7)
    assert parse_cell_key(key) == ("transport", 2.5, -12, 7)
    with pytest.raises(ValueError, match="not a cell key"):
        parse_cell_key("nonsense")
    assert cell_records(many(10), cell_key("no-such-layer", 1.0, 0, 0)) == []


def test_deselected_sectors_get_no_layer() -> None:
    records = many(500)
    m, grid = build_cell_map(records, tiles=None, sectors={Sector.ENERGY})
    keys = [c.key for c in m._children.values() if isinstance(c, CellLayer)]
    assert keys == ["energy", "events"]
    assert [g.key for g in grid.groups] == keys


def test_the_page_is_small_and_holds_no_record_text() -> None:
    records = many(4000)
    for record, text in zip(records[1:], PAYLOADS, strict=False):
        record.title = text
    m, grid = build_cell_map(records, tiles=None, budget=1000)
    html = m.get_root().render()
    assert len(grid) <= 1000
    assert len(html) < 1_100_000  # Leaflet and the basemap are most of it
    for text in PAYLOADS:
        assert text not in html
    assert "coopmap.cellLayer(" in html


@pytest.mark.browser
@pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium")
def test_cells_are_drawn_and_a_click_carries_the_cell(tmp_path: Path) -> None:
    records = many(3000)
    m, grid = build_cell_map(records, tiles=None, budget=400)
    path = tmp_path / "cells.html"
    path.write_text(m.get_root().render(), encoding="utf-8")
    with browser.launch() as chromium, browser.open_page(chromium, path.as_uri()) as (page, log):
        counts = page.evaluate(
            "() => Object.fromEntries(coopmap.layers().map(l => [l.options.key, "
            "[l.drawn(), l.size()]]))"
        )
        point = page.evaluate(
            """() => {
              const layers = coopmap.layers();
              const layer = layers[layers.length - 1];  // drawn last, on top
              const cell = layer.getLayers()[0];
              const map = layer._map;
              map.setView(cell.getLatLng(), map.getZoom(), {animate: false});
              window.clicked = null;
              layer.on('click', e => { window.clicked = e.layer.toGeoJSON().properties; });
              const p = map.latLngToContainerPoint(cell.getLatLng());
              const box = map.getContainer().getBoundingClientRect();
              return [box.left + p.x, box.top + p.y];
            }"""
        )
        page.mouse.click(*point)
        clicked: dict[str, Any] = page.evaluate("() => window.clicked")
        browser.screenshot(page, "cells_map")
    assert counts == {
        key: [len(grid.cells[key]), sum(c.count for c in grid.cells[key])] for key in grid.cells
    }
    top = grid.cells[grid.groups[-1].key][0]
    assert clicked == {"cell": top.key, "count": top.count, "layer": "events"}
    assert log.unexpected_errors() == []
