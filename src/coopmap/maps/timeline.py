"""A time slider that plays a map's records by their intervals, cumulatively or not.

folium's ``Timeline`` and ``TimelineSlider`` plugins load their scripts from CDNs, which an
offline map cannot reach, so coopmap brings its own small Leaflet control
(``static/timeline.js`` and ``timeline.css``, which the map's runtime carries): a range slider
over the records' days, play/pause, and a "cumulative" toggle. At a day ``t`` it shows, in
every record layer of the map, the records that started by ``t`` (cumulative) or that are
active on ``t``; moving the slider takes features out of their layers and puts them back, so
layer counts follow it. It is one condition of the map's visibility (:mod:`coopmap.maps.view`);
a filter applied in the page is another.

A record's interval is read as :func:`coopmap.dates.overlaps` reads it, so the slider at a
day shows what the sidebar's date filter keeps for that day: from the first day of its start
(or of its end, without a start) to the last day of its end (or of its start, without an end),
each partial date at its precision: ``2015-05`` starts on 1 May and ends on 31 May.
Records without dates cannot be placed in time and stay shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import folium
import numpy as np

from coopmap.dates import PartialDate
from coopmap.maps.assets import static_text
from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.layers import RecordLayer, RecordStore
from coopmap.maps.payload import EPOCH as EPOCH  # the slider counts days from it
from coopmap.maps.payload import NO_DAY, TYPED_FROM, day_number, int_list
from coopmap.maps.safe import data_element, js_json
from coopmap.model import Record


def record_interval(record: Record, /) -> tuple[dt.date, dt.date] | None:
    """The first and last day ``record`` covers, or None when it has no date."""
    start, end = record.start, record.end
    if start is None and end is None:
        return None
    first = (start or end).first_day  # type: ignore[union-attr]
    last = (end or start).last_day  # type: ignore[union-attr]
    return first, last


def day_intervals(records: Iterable[Record], /) -> tuple[list[int | None], list[int | None]]:
    """First and last day numbers of each record, None for undated ones (as
    :func:`record_interval` reads them)."""
    first: list[int | None] = []
    last: list[int | None] = []
    # Many records share dates: work each date's day number out once (calendar lookups and
    # date objects cost more than the rest of the loop).
    numbers: dict[tuple[int, int | None, int | None, bool], int] = {}

    def number(date: PartialDate, at_end: bool) -> int:
        key = (date.year, date.month, date.day, at_end)
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = day_number(date.last_day if at_end else date.first_day)
        return found

    for record in records:
        start, end = record.start, record.end
        if start is None and end is None:
            first.append(None)
            last.append(None)
            continue
        first.append(number(start or end, False))  # type: ignore[arg-type]
        last.append(number(end or start, True))  # type: ignore[arg-type]
    return first, last


def dated_count(records: Iterable[Record], /) -> int:
    """How many records have a start or an end."""
    return sum(1 for r in records if r.start is not None or r.end is not None)


def _days_json(days: np.ndarray, /) -> list[int | None] | dict[str, str]:
    """Day numbers for the browser: a list with null for no date; from
    :data:`coopmap.maps.payload.TYPED_FROM` of them, base64 bytes with :data:`NO_DAY` for
    no date (:func:`coopmap.maps.payload.int_list`)."""
    if len(days) >= TYPED_FROM:
        return int_list(days)
    return [None if day == NO_DAY else day for day in days.tolist()]


def timeline_js() -> str:
    """The timeline control's script (adds ``coopmap.timeline`` to the coopmap runtime)."""
    return static_text("timeline.js")


class Timeline(ScriptElement):
    """A time slider over every record layer on its parent map, worked out when it renders.

    Parameters
    ----------
    position
        Leaflet control corner.
    cumulative
        Whether the map starts in cumulative mode (everything started by the day) rather than
        showing only what is active on it.
    frames, interval_ms
        Playing goes from the first to the last day in about ``frames`` steps of
        ``interval_ms`` milliseconds.

    Notes
    -----
    The slider starts at the last day in cumulative mode, so the map opens with every record
    shown. In the page, ``coopmap.timelines()`` lists the controls; each has ``value()``,
    ``date()``, ``setValue(day)``, ``setCumulative(on)``, ``play()``, ``pause()`` and
    ``shown()``: the records (each once, whatever its locations and layers) shown and those
    the slider could show, over the layers switched on; the control's count says the same.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}{% set spec = this.spec_js() %}{% if spec %}"
        "var {{ this.get_name() }} = coopmap.timeline({{ this.parent_name() }}, "
        "[{{ this.layer_names() }}], "
        "{% if this.data_id %}coopmap.data({{ this.data_id|js_string }}){% else %}{{ spec }}"
        "{% endif %});"
        "{% endif %}{% endmacro %}"
    )
    scripts = ("timeline.js",)
    styles = ("timeline.css",)
    key = "coopmap_timeline"

    def __init__(
        self,
        *,
        position: str = "bottomleft",
        cumulative: bool = True,
        frames: int = 300,
        interval_ms: int = 50,
    ) -> None:
        super().__init__()
        self._name = "CoopmapTimeline"
        self.position = position
        self.cumulative = cumulative
        self.frames = max(int(frames), 1)
        self.interval_ms = max(int(interval_ms), 10)
        self._spec_cache: tuple[Any, dict[str, Any] | None] | None = None
        self._json_cache: tuple[int, str] | None = None
        self.data_id: str | None = None
        """The id of a data element that the page holding the map's frame gives it
        (:meth:`spec_element`): the map's script then carries no intervals."""

    def layers(self) -> list[RecordLayer]:
        """The record layers the timeline drives: those on its parent map."""
        if self._parent is None:
            return []
        return [c for c in self._parent._children.values() if isinstance(c, RecordLayer)]

    def spec(self) -> dict[str, Any] | None:
        """What the browser needs: each store's day intervals and the slider's range; None
        when no record of the layers has a date. Worked out once for the same layers."""
        layers = self.layers()
        key = (tuple(map(id, layers)), self.cumulative, self.frames, self.interval_ms)
        if self._spec_cache is None or self._spec_cache[0] != key:
            self._spec_cache = (key, self._spec(layers))
        return self._spec_cache[1]

    def _spec(self, layers: list[RecordLayer]) -> dict[str, Any] | None:
        stores: list[RecordStore] = []
        for layer in layers:
            if not any(layer.store is s for s in stores):
                stores.append(layer.store)
        days = [store.days for store in stores]
        dated = [first != NO_DAY for first, _ in days]
        if not any(found.any() for found in dated):
            return None
        return {
            "start": min(
                int(first[d].min()) for (first, _), d in zip(days, dated, strict=True) if d.any()
            ),
            "end": max(
                int(last[d].max()) for (_, last), d in zip(days, dated, strict=True) if d.any()
            ),
            "cumulative": self.cumulative,
            "stores": [
                {"first": _days_json(first), "last": _days_json(last)} for first, last in days
            ],
            "layerStore": [
                next(k for k, s in enumerate(stores) if s is layer.store) for layer in layers
            ],
            "frames": self.frames,
            "interval": self.interval_ms,
            "position": self.position,
        }

    def layer_names(self) -> str:
        """The variables of :meth:`layers`, separated by commas."""
        return ", ".join(layer.get_name() for layer in self.layers())

    def spec_js(self) -> str:
        """:meth:`spec` as a JavaScript expression (:func:`js_json`), worked out once for the
        same spec; empty when there is none."""
        spec = self.spec()
        if spec is None:
            return ""
        if self._json_cache is None or self._json_cache[0] != id(spec):
            self._json_cache = (id(spec), js_json(spec))
        return self._json_cache[1]

    def spec_element(self, id: str, /) -> str | None:
        """An HTML element of id ``id`` that holds :meth:`spec` as its text, for a page that
        frames the map (set :attr:`data_id` to ``id`` before rendering the map); None
        without a spec."""
        spec = self.spec()
        if spec is None:
            return None
        return data_element(id, spec)


def add_timeline(m: folium.Map, /, *, when: bool | None = None, **options: Any) -> Timeline | None:
    """Put a :class:`Timeline` over ``m``'s record layers on ``m`` (replacing one it has).

    ``when`` True adds it if any record of the layers has a date, None if two or more do (a
    map of a single record has nothing to play), False never. Returns the timeline or None.
    Add it after the layers and before the layer control.
    """
    for name, child in list(m._children.items()):
        if isinstance(child, Timeline):
            del m._children[name]
    if when is False:
        return None
    stores: dict[int, RecordStore] = {}
    for child in m._children.values():
        if isinstance(child, RecordLayer):
            stores.setdefault(id(child.store), child.store)
    dated = sum(int(np.count_nonzero(store.days[0] != NO_DAY)) for store in stores.values())
    if dated < (1 if when else 2):
        return None
    timeline = Timeline(**options)
    m.add_child(timeline, name=Timeline.key)
    return timeline
