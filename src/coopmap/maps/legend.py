"""The legend: the map's title, a colour per layer, and how each location precision looks."""

from __future__ import annotations

from typing import Any

from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.layers import RecordLayer
from coopmap.taxonomy import Precision

_KIND_ORDER = ("point", "polygon", "line")


def legend_spec(layers: list[RecordLayer], /, *, title: str | None = None) -> dict[str, Any]:
    """What the legend shows for ``layers``: one entry per layer, one per precision drawn.

    A precision is shown with the geometry it was drawn as, points first.
    """
    kinds: dict[Precision, set[str]] = {}
    for layer in layers:
        for precision, found in layer.precisions.items():
            kinds.setdefault(precision, set()).update(found)
    precisions = [
        {"key": p.value, "kind": next(k for k in _KIND_ORDER if k in kinds[p])}
        for p in Precision
        if p in kinds
    ]
    entries = [
        {"label": layer.label, "colour": layer.colour, "count": layer.size} for layer in layers
    ]
    return {"title": title, "layers": entries, "precisions": precisions}


class Legend(ScriptElement):
    """The legend of every record layer on its parent map, worked out when the map renders."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.legend({{ this.parent_name() }}, "
        "{{ this.spec()|js_json }});"
        "{% endmacro %}"
    )
    key = "coopmap_legend"

    def __init__(self, *, title: str | None = None, position: str = "bottomright") -> None:
        super().__init__()
        self._name = "CoopmapLegend"
        self.title = title
        self.position = position

    def spec(self) -> dict[str, Any]:
        parent = self._parent
        layers = (
            [c for c in parent._children.values() if isinstance(c, RecordLayer)]
            if parent is not None
            else []
        )
        return {**legend_spec(layers, title=self.title), "position": self.position}
