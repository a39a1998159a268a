"""Show part of a map's records without rebuilding the map: a filter applied in the browser.

A map page reloads and redraws everything when its map changes; in streamlit-folium that is a
new frame, Leaflet loaded again and every record parsed and drawn again, about a second for
10,000 records. The app instead keeps one map of the whole store on the page and, when the
sidebar filter changes, sends a :class:`RecordView`: which records the filter keeps (a member
list over the map's :class:`~coopmap.maps.layers.RecordStore`), which layers stay, their
counts for the legend and the layer control, and the bounds to fit. In the page,
``coopmap.view(map, spec)`` hides the other features (``static/visibility.js``, part of every
map's runtime, which the time slider shares: a feature shows when both let it).

With streamlit-folium, pass :func:`view_group` as ``feature_group_to_add``: the component
runs it on the map it already shows, and only a new map script remounts the map.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import folium
import numpy as np

from coopmap.errors import CoopmapError
from coopmap.maps import payload
from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.layers import RecordLayer, RecordStore, layer_label
from coopmap.maps.legend import Legend, legend_spec
from coopmap.maps.points import Points, PointsMode
from coopmap.model import Record


def _children(m: folium.Map, kind: type) -> list[Any]:
    return [child for child in m._children.values() if isinstance(child, kind)]


class RecordView(ScriptElement):
    """Which of map ``m``'s records and layers to show, as a filter kept them.

    Parameters
    ----------
    m
        A map built by :func:`coopmap.maps.build_map`, with one :class:`RecordStore`.
    records
        The records to show: the same objects as the store's (a filter's result over the
        records the map was built from); None for all. Records without a location, which the
        map leaves out, are ignored.
    indices
        Instead of ``records``, their positions in the map's record store
        (:meth:`RecordStore.indices`), for a caller that shows many subsets of one map.
    layers
        Keys of the record layers to keep on the map (sector slugs, ``"events"``); None for
        all.
    fit
        Fit the map to the shown records (in the page: unless the user moved the map since it
        last did, ``coopmap.fitRecords``).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.view({{ this.map.get_name() }}, "
        "{{ this.spec()|js_json }}, {{ this.refs_js() }});"
        "{% endmacro %}"
    )
    key = script_key = "coopmap_view"

    def __init__(
        self,
        m: folium.Map,
        records: Iterable[Record] | None = None,
        /,
        *,
        indices: np.ndarray | None = None,
        layers: Collection[str] | None = None,
        fit: bool = True,
    ) -> None:
        super().__init__()
        self._name = "CoopmapView"
        stores = _children(m, RecordStore)
        if len(stores) != 1:
            raise CoopmapError(
                f"a record view needs a map with one record store, not {len(stores)}"
            )
        self.map = m
        self.store: RecordStore = stores[0]
        n = len(self.store.records)
        if indices is not None:
            self.indices = np.unique(np.asarray(indices, dtype=np.int64))
        elif records is None:
            self.indices = np.arange(n, dtype=np.int64)
        else:
            # Records without a location are not on the map (nor in its store).
            self.indices = np.unique(self.store.indices([r for r in records if r.locations]))
        self.layer_keys = None if layers is None else set(layers)
        self.fit = fit

    def _kept_layers(self) -> list[RecordLayer]:
        return [
            layer
            for layer in _children(self.map, RecordLayer)
            if self.layer_keys is None or layer.key in self.layer_keys
        ]

    def spec(self) -> dict[str, Any]:
        n = len(self.store.records)
        shown = np.zeros(n, dtype=bool)
        shown[self.indices] = True
        counts = {
            layer.key: int(shown[layer.members].sum()) for layer in _children(self.map, RecordLayer)
        }
        kept = self._kept_layers()
        spec: dict[str, Any] = {
            "members": payload.encode_members(self.indices, n),
            "layers": None if self.layer_keys is None else [layer.key for layer in kept],
        }
        legends = _children(self.map, Legend)
        if legends:
            legend = legends[0]
            spec["legend"] = {
                **legend_spec(kept, title=legend.title),
                "layers": [
                    {"label": layer.label, "colour": layer.colour, "count": counts[layer.key]}
                    for layer in kept
                ],
                "position": legend.position,
            }
        if _children(self.map, folium.LayerControl):
            spec["labels"] = {
                layer.key: layer_label(layer.label, layer.colour, counts[layer.key])
                for layer in _children(self.map, RecordLayer)
            }
        if self.fit and (bounds := self.bounds()) is not None:
            spec["bounds"] = bounds
        return spec

    def bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] of the records shown; None without any located."""
        bounds = self.store.bounds[self.indices]
        if not len(bounds) or np.isnan(bounds[:, 0]).all():
            return None
        return [
            [float(np.nanmin(bounds[:, 1])), float(np.nanmin(bounds[:, 0]))],
            [float(np.nanmax(bounds[:, 3])), float(np.nanmax(bounds[:, 2]))],
        ]

    def refs_js(self) -> str:
        """The map's legend and layer control, by the names folium declares them with (the
        layer control with ``let``, which no ``window`` property reaches)."""
        refs = {
            "legend": _children(self.map, Legend),
            "control": _children(self.map, folium.LayerControl),
        }
        found = ", ".join(
            f'{key}: typeof {found[0].get_name()} !== "undefined" ? {found[0].get_name()} : null'
            for key, found in refs.items()
            if found
        )
        return f"{{{found}}}"


def view_group(
    m: folium.Map,
    records: Iterable[Record] | None = None,
    /,
    *,
    indices: np.ndarray | None = None,
    layers: Collection[str] | None = None,
    fit: bool = True,
    points: Points | None = None,
) -> folium.FeatureGroup:
    """A :class:`RecordView` of ``m`` in an empty feature group, for streamlit-folium's
    ``feature_group_to_add`` (which adds the group to ``m``: take it out afterwards); with
    ``points``, what shared points do too (:class:`coopmap.maps.points.PointsMode`)."""
    group = folium.FeatureGroup(name="coopmap view", control=False)
    view = RecordView(m, records, indices=indices, layers=layers, fit=fit)
    group.add_child(view, name=RecordView.key)
    if points is not None:
        group.add_child(PointsMode(m, points), name=PointsMode.key)
    return group
