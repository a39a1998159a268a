"""folium's element pattern as coopmap uses it: one rendering pass, static files once a map."""

from __future__ import annotations

import html
import json
import re

import folium

from builders import PAYLOADS, sample_records
from coopmap.maps import build_map
from coopmap.maps.cells import build_cell_map
from coopmap.maps.element import ScriptElement, Template
from coopmap.maps.runtime import RUNTIME_SCRIPTS, Runtime
from coopmap.maps.view import RecordView
from coopmap.model import Project, point_from_latlon


class Echo(ScriptElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = {{ this.options|js_json }}; // {{ this.note }}"
        "{% endmacro %}"
    )

    def __init__(self, note: str, options: object) -> None:
        super().__init__()
        self._name = "Echo"
        self.note = note
        self.options = options


def test_an_element_is_rendered_once_and_written_as_it_is() -> None:
    m = folium.Map(tiles=None)
    # Template text in an element's output stays text: folium would render it a second time.
    Echo("{{ 7*7 }}", {"text": PAYLOADS}).add_to(m)
    html = m.get_root().render()
    assert "// {{ 7*7 }}" in html
    assert "// 49" not in html  # folium's random element ids may hold "49"


def test_options_reach_the_page_as_inert_json() -> None:
    element = Echo("", {"text": PAYLOADS})
    code = element.script_js()
    assert not set(code.split(" = ", 1)[1].split(";")[0]) & set("<>&'{}")
    [literal] = re.findall(r'JSON\.parse\(("(?:[^"\\]|\\.)*")\)', code)
    assert json.loads(json.loads(literal)) == {"text": PAYLOADS}


def test_the_runtime_writes_each_static_file_once_before_the_elements() -> None:
    records = [
        Project(
            title=f"Site {i}",
            sectors=["energy" if i % 2 else "transport"],
            start="2015",
            locations=[{"name": "x", "geometry": point_from_latlon(40 + i, 70 + i)}],
        )
        for i in range(6)
    ]
    m, _ = build_cell_map(records)
    html = m.get_root().render()
    assert html.count("coopmap.cellLayer = function") == 1
    assert html.count("= coopmap.cellLayer(") == 2
    assert html.index("coopmap.cellLayer = function") < html.index("= coopmap.cellLayer(")
    for name in RUNTIME_SCRIPTS:
        header = re.search(r"/\*\n \* coopmap [^\n]*", Runtime.static(name))
        assert header is not None, name
        assert html.count(header.group(0)) == 1, name


def test_a_view_and_a_timeline_share_the_runtime_s_visibility() -> None:
    m = build_map(sample_records(), timeline=True)
    RecordView(m).add_to(m)
    html = m.get_root().render()
    assert html.count("coopmap.visibility = function") == 1
    assert html.count("coopmap.timeline = function") == 1
    assert html.count('coopmap.style("timeline.css"') == 1
    assert html.count("= coopmap.view(") == 1


def test_a_store_whose_records_a_framing_page_holds_reads_them_from_there() -> None:
    """The app's map keeps its records out of its script, in an element of the page around
    its frame (RecordStore.data_id, payload_element), where hostile text stays text."""
    records = [
        Project(
            title=text,
            notes=text,
            sectors=["energy"],
            locations=[{"name": text, "geometry": point_from_latlon(51.1, 71.4)}],
        )
        for text in PAYLOADS
    ]
    m = build_map(records, tiles=None)
    (store,) = [c for c in m._children.values() if type(c).__name__ == "RecordStore"]
    inline = m.get_root().render()
    store.data_id = "coopmap-records-7"
    m = build_map(records, tiles=None)
    (store,) = [c for c in m._children.values() if type(c).__name__ == "RecordStore"]
    store.data_id = "coopmap-records-7"
    page = m.get_root().render()
    assert 'coopmap.data("coopmap-records-7")' in page
    for record in records:  # the records were in the map's script, and are not now
        assert record.id in inline
        assert record.id not in page
    element = store.payload_element("coopmap-records-7")
    assert element.startswith('<div hidden id="coopmap-records-7">')
    assert element.count("<") == 2  # its own tags only: every other one is text
    body = element[len('<div hidden id="coopmap-records-7">') : -len("</div>")]
    assert json.loads(html.unescape(body)) == store.payload
