"""The coopmap runtime: the static scripts a map's elements call, written once per map.

Every coopmap map has one :class:`Runtime`, its first coopmap child (:func:`add_runtime`). Its
script is, in this order, ``static/coopmap-core.js`` (the ``window.coopmap`` namespace and
the helpers the other scripts share), ``popups.js`` (what tooltips and popups say),
``records.js`` (record stores and layers), ``glpoints.js`` (their points drawn with
WebGL in maps of many), ``legend.js`` (the legend),
``navigation.js`` (fitting the records unless the user moved the map, the page's moves),
``visibility.js`` (which features show: the time slider and a filter's view), ``spots.js``
(places that hold several records: their list, points spread out or clustered), the call that
installs them with the vocabularies and ``coopmap.css``, then each further file that an
element on the map names in its ``scripts`` or ``styles``
(:class:`coopmap.maps.element.ScriptElement`): ``basemap.js``, ``cells.js``, ``timeline.js``,
``draw.js``... once each, however many elements need it.

It goes into the map's own script, so it travels with the map wherever folium's script goes:
into the page, and into streamlit-folium, which runs a map's script and the scripts of the
feature groups it adds later (a view of the map is one: it finds ``coopmap.view`` there).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import folium
from branca.element import Element, MacroElement

from coopmap.maps.assets import static_text
from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.safe import js_json
from coopmap.maps.styles import vocabularies

RUNTIME_SCRIPTS = (
    "coopmap-core.js",
    "popups.js",
    "records.js",
    "glpoints.js",
    "legend.js",
    "navigation.js",
    "visibility.js",
    "spots.js",
)
"""The scripts every map's runtime carries, in the order they are written."""


@functools.cache
def runtime_js() -> str:
    """The runtime's own scripts followed by their installation with the vocabularies and CSS."""
    settings = {**vocabularies(), "css": static_text("coopmap.css")}
    code = "\n".join(static_text(name) for name in RUNTIME_SCRIPTS)
    return f"{code}\ncoopmap.install({js_json(settings)});\n"


def _descendants(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _descendants(child)


class Runtime(ScriptElement):
    """The coopmap runtime script, with what the elements of its map need; record layers,
    the basemap, the legend, cells, the timeline and the drawing control call it."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this.code }}"
        "{% for name in this.needed_scripts() %}{{ this.static(name) }}\n{% endfor %}"
        "{% for name in this.needed_styles() %}"
        "coopmap.style({{ name|js_string }}, {{ this.static(name)|js_string }});\n"
        "{% endfor %}"
        "{% endmacro %}"
    )
    key = script_key = "coopmap_runtime"

    def __init__(self) -> None:
        super().__init__()
        self._name = "CoopmapRuntime"
        self.code = runtime_js()

    @staticmethod
    def static(name: str) -> str:
        return static_text(name)

    def _needs(self, attribute: str) -> list[str]:
        found: dict[str, None] = {}
        if self._parent is not None:
            for element in _descendants(self._parent):
                if isinstance(element, ScriptElement):
                    found.update(dict.fromkeys(getattr(element, attribute)))
        return [name for name in found if name not in RUNTIME_SCRIPTS]

    def needed_scripts(self) -> list[str]:
        """The static scripts the map's elements name beyond the runtime's own, in the order
        they first appear on the map."""
        return self._needs("scripts")

    def needed_styles(self) -> list[str]:
        """The static stylesheets the map's elements name."""
        return self._needs("styles")


def add_runtime(m: folium.Map, /) -> folium.Map:
    """Add the coopmap runtime to ``m`` unless it has it; returns ``m``."""
    if not has_runtime(m):
        m.add_child(Runtime(), name=Runtime.key)
    return m


def has_runtime(m: MacroElement, /) -> bool:
    return any(isinstance(child, Runtime) for child in m._children.values())
