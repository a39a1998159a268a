"""The map's heading and its "save as PNG" button.

The heading shows the map's title at the top of the map, as text (an exported map's title is
built from its filters and may quote what a user typed). The button draws the map as it is
shown, legend unfolded and buttons left out, into a PNG file that the browser downloads: the
drawing is html-to-image 1.11.13's (MIT, ``static/vendor/html-to-image``), shipped inside the
package and written into the map's script, so it works offline, in an exported page (whose
security policy lets it make ``data:`` pictures and nothing else) and in the app's map.
"""

from __future__ import annotations

from typing import Any

from coopmap.maps.element import ScriptElement, Template

VENDOR_SCRIPT = "vendor/html-to-image/html-to-image.js"


class Snapshot(ScriptElement):
    """The heading (when there is a title) and the save-as-PNG control of its parent map."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = coopmap.snapshot({{ this.parent_name() }}, "
        "{{ this.spec()|js_json }});"
        "{% endmacro %}"
    )
    scripts = (VENDOR_SCRIPT, "snapshot.js")
    key = "coopmap_snapshot"

    def __init__(self, *, title: str | None = None, position: str = "topleft") -> None:
        super().__init__()
        self._name = "CoopmapSnapshot"
        self.title = title
        self.position = position

    def spec(self) -> dict[str, Any]:
        return {"title": self.title, "position": self.position}
