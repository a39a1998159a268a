"""Map layers: a map's records and the layers drawing them.

The basemap beneath them is in :mod:`coopmap.maps.basemap`.

Each is a folium ``Layer``, so folium's ``LayerControl`` lists it and streamlit-folium sees it,
and each is a :class:`coopmap.maps.element.ScriptLayer`: a template whose script calls the
coopmap runtime (``static/records.js``, ``legend.js``) with the layer's options as inert JSON.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np

from coopmap.errors import CoopmapError
from coopmap.maps import payload
from coopmap.maps.element import ScriptElement, ScriptLayer, Template
from coopmap.maps.safe import data_element, html_text, js_json, json_block
from coopmap.maps.styles import checked_colour
from coopmap.model import Record
from coopmap.taxonomy import Precision


def layer_label(text: str, colour: str, count: int | None = None) -> str:
    """The HTML Leaflet's layer control shows for a layer: a colour dot, the name, a count."""
    suffix = f" ({count:,})" if count is not None else ""
    return (
        f'<span class="coopmap-swatch" style="background:{checked_colour(colour)}"></span>'
        f"{html_text(text)}{suffix}"
    )


WEBGL_FROM = 10_000
"""Points from which a map's record layers draw their points with WebGL (``static/glpoints.js``)
rather than a canvas marker each, when the browser has WebGL."""


class RecordStore(ScriptElement):
    """The records of a map, encoded once (:mod:`coopmap.maps.payload`) for its record layers.

    Add it to the map before the layers that draw from it. ``webgl_from`` is the number of
    points from which its layers draw points with WebGL (None: never). With ``data_block``
    (a page of its own: :mod:`coopmap.formats.html`), the payload is a JSON data element of
    the page rather than a string in the map's script, which the browser reads in a fraction
    of the time (4 s less for 1,000,000 records); a map shown by streamlit-folium, which
    takes only the map's script, keeps it in the script.
    """

    _template = Template(
        "{% macro html(this, kwargs) %}"
        "{% if this.data_block and not this.data_id %}"
        '<script type="application/json" id="{{ this.get_name() }}_data">'
        "{{ this.payload_block() }}</script>"
        '<script type="application/json" id="{{ this.get_name() }}_cols">'
        "{{ this.columns_block() }}</script>"
        "{% endif %}"
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.store("
        "{% if this.data_id %}coopmap.data({{ this.data_id|js_string }}), "
        "{{ this.options|js_json }}"
        "{% elif this.data_block %}coopmap.data({{ (this.get_name() ~ '_data')|js_string }}), "
        "{{ this.block_options()|js_json }}"
        "{% else %}{{ this.payload_js }}, {{ this.options|js_json }}{% endif %});"
        "{% endmacro %}"
    )

    def __init__(
        self,
        records: Sequence[Record],
        /,
        *,
        refs: dict[str, str] | None = None,
        webgl_from: int | None = WEBGL_FROM,
    ) -> None:
        super().__init__()
        self._name = "CoopmapRecordStore"
        self.options = {"glFrom": webgl_from}
        self.data_block = False
        self.data_id: str | None = None
        """The id of a data element that the page holding the map's frame gives it
        (:meth:`payload_element`): the map's script then carries no records."""
        # Projects, then events: attributes are read fastest class by class.
        self.records = sorted(records, key=lambda record: record.kind != "project")
        with payload.collection_paused():
            values = payload.field_values(self.records)
            self.features = payload.Features.of(self.records, locations=values.get("locations"))
            self.dates = {
                name: payload.DateCodes.of(values[name])
                for name in ("start", "end")
                if name in values
            }
            """The records' start and end dates, coded (:class:`payload.DateCodes`)."""
            self.payload = payload.encode(
                self.records, refs=refs, features=self.features, values=values, dates=self.dates
            )
        self.bounds = payload.record_bounds(self.features, len(self.records))
        self.values = {name: values[name] for name in ("kind", "sectors") if name in values}
        """The fields the map's layers are worked out from (``kind``, ``sectors``), one value
        per record (shared: do not modify)."""

    @cached_property
    def _index(self) -> dict[int, int]:
        return dict(zip(map(id, self.records), itertools.count()))

    def indices(self, records: Iterable[Record], /) -> np.ndarray:
        """Positions of ``records`` in the store (the same objects, not equal ones)."""
        try:
            return np.fromiter(map(self._index.__getitem__, map(id, records)), dtype=np.int64)
        except KeyError:
            raise CoopmapError("a record layer can only show records of its store") from None

    @cached_property
    def kinds(self) -> np.ndarray:
        """Each record's kind (``"project"``, ``"event"``)."""
        return np.asarray(self.values.get("kind", []), dtype=object)

    @cached_property
    def days(self) -> tuple[np.ndarray, np.ndarray]:
        """Each record's first and last day number (:meth:`payload.DateCodes.day_numbers`:
        the first day of its start, else of its end; the last of its end, else of its start), or
        :data:`payload.NO_DAY` for both without a date."""
        none = payload.DateCodes(np.zeros(len(self.records), dtype=np.int64), [(None, None, None)])
        start = self.dates.get("start", none).day_numbers()
        end = self.dates.get("end", none).day_numbers()
        first = np.where(start[0] != payload.NO_DAY, start[0], end[0])
        last = np.where(end[1] != payload.NO_DAY, end[1], start[1])
        return first, last

    def payload_block(self) -> str:
        """The payload but its attribute columns, as the text of a JSON data element
        (:func:`json_block`): what the page needs to draw the records."""
        return json_block({key: value for key, value in self.payload.items() if key != "cols"})

    def columns_block(self) -> str:
        """The payload's attribute columns (``{"cols": ...}``) as the text of a JSON data
        element of their own, which the page reads when it first needs a record's
        attributes (a tooltip, a popup, a list), not before drawing them."""
        return json_block({"cols": self.payload["cols"]})

    def block_options(self) -> dict[str, Any]:
        """The store's options in a page that holds it in data elements: with the element
        of its columns."""
        return {**self.options, "columns": f"{self.get_name()}_cols"}

    def payload_element(self, id: str, /) -> str:
        """An HTML element of id ``id`` that holds the payload as its text, for a page that
        frames the map (set :attr:`data_id` to ``id`` before rendering the map): a hidden
        ``div``, as a page may allow no ``script`` element of its own."""
        return data_element(id, self.payload)

    @cached_property
    def payload_js(self) -> str:
        """The payload as a JavaScript expression (:func:`coopmap.maps.safe.js_json`), worked
        out once: streamlit-folium writes the map's script again on every rerun."""
        return js_json(self.payload)


class RecordLayer(ScriptLayer):
    """Records of a :class:`RecordStore` drawn on a canvas (points with WebGL in a store of
    many), with tooltips and popups built in the browser when a feature is hovered or clicked.

    Parameters
    ----------
    store
        The map's records; ``records`` must be among them.
    records
        The records to draw (or their positions in ``store``, an integer array); each
        location of a record is one feature.
    name
        The layer's name in the layer control and the legend (plain text).
    colour
        ``#rrggbb`` colour of the layer's features.
    key
        A short identifier (a sector slug, ``"events"``) the page's script reports the layer by.
    show
        Whether the layer is on when the map opens.

    Notes
    -----
    Needs the coopmap runtime on the map (:func:`coopmap.maps.assets.add_runtime`) and the store
    added before the layer; :func:`coopmap.maps.build_map` does both. In the page,
    ``coopmap.layers()`` lists the record layers; a clicked feature carries
    ``feature.properties`` with the record's attributes, ``id`` among them.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.recordLayer({{ this.store_name() }}, "
        "{{ this.member_list()|js_json }}, {{ this.options|js_json }});"
        "{{ this.add_line() }}"
        "{% endmacro %}"
    )

    def __init__(
        self,
        store: RecordStore,
        records: Sequence[Record] | np.ndarray,
        /,
        *,
        name: str,
        colour: str,
        key: str | None = None,
        show: bool = True,
        control: bool = True,
    ) -> None:
        self.label = str(name)
        self.colour = checked_colour(colour)
        super().__init__(
            name=layer_label(self.label, self.colour, len(records)),
            overlay=True,
            control=control,
            show=show,
        )
        self._name = "CoopmapRecords"
        self.store = store
        self.key = key or self.label
        self.members = np.unique(
            records if isinstance(records, np.ndarray) else store.indices(records)
        )
        self.size = len(self.members)
        self.precisions = self._precision_kinds()
        self.options = {"name": self.label, "key": self.key, "colour": self.colour}

    def _precision_kinds(self) -> dict[Precision, set[str]]:
        features = self.store.features
        member = np.zeros(len(self.store.records), dtype=bool)
        member[self.members] = True
        shown = member[features.record]
        pairs = np.unique(features.precision[shown] * len(payload.KINDS) + features.kind[shown])
        kinds: dict[Precision, set[str]] = {}
        for pair in pairs.tolist():
            precision, kind = divmod(pair, len(payload.KINDS))
            kinds.setdefault(list(Precision)[precision], set()).add(payload.KINDS[kind])
        return kinds

    def _get_self_bounds(self) -> list[list[float | None]]:
        bounds = self.store.bounds[self.members]
        if not len(bounds) or np.isnan(bounds[:, 0]).all():
            return [[None, None], [None, None]]
        minx, miny = np.nanmin(bounds[:, 0]), np.nanmin(bounds[:, 1])
        maxx, maxy = np.nanmax(bounds[:, 2]), np.nanmax(bounds[:, 3])
        return [[float(miny), float(minx)], [float(maxy), float(maxx)]]

    def store_name(self) -> str:
        """The variable of the layer's store; CoopmapError unless it is on the same page."""
        if self.store._parent is None or self.store.get_root() is not self.get_root():
            raise CoopmapError("add the layer's RecordStore to the map before rendering it")
        return self.store.get_name()

    def member_list(self) -> list[Any]:
        """The layer's records as a member list of its store (:func:`payload.encode_members`)."""
        return payload.encode_members(self.members, len(self.store.records))
