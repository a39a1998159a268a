"""Labels, inert Markdown, the link index and table rows: what the app's pages show, without
Streamlit (coopmap.display, coopmap.links)."""

from __future__ import annotations

import re

import pytest

from coopmap.display.labels import dates_text, kind_text, location_text, record_label
from coopmap.display.markdown import JOINER, link, md, source_line, web_url
from coopmap.display.table import record_rows
from coopmap.links import RecordIndex
from coopmap.maps.cells import EVENTS_KEY
from coopmap.maps.selection import layer_keys
from coopmap.model import Event, Location, Project, Source, point_from_latlon
from coopmap.query import Filter
from coopmap.taxonomy import Sector

ASTANA = Location(name="Astana", geometry=point_from_latlon(51.18, 71.45), country="KZ")


def railway(**changes):
    values = {
        "id": "pj-rail",
        "title": "Astana light railway",
        "sectors": ["transport"],
        "start": "2015-05",
        "countries": ["KZ"],
        "locations": [ASTANA],
        "organisations": [{"name": "China Railway Group", "role": "contractor"}],
    }
    return Project(**{**values, **changes})


def talks(**changes):
    values = {
        "id": "ev-talks",
        "title": "Talks in Beijing",
        "event_type": "meeting",
        "start": "2015-12-14",
        "end": "2015-12-14",
        "links": [
            {"type": "discussed_at", "project": "pj-rail"},
            {"type": "discussed_at", "project": "pj-rail"},
            {"type": "discussed_at", "project": "pj-gone"},
        ],
    }
    return Event(**{**values, **changes})


@pytest.mark.parametrize(
    "text",
    [
        "**bold** _it_ `code` [x](https://e.org) $x^2$ :red[red] <b>b</b> {{ 7*7 }}",
        "# heading\n- item\n> quote",
        "a@b.org www.example.org :smile:",
    ],
)
def test_md_escapes_every_mark_so_the_text_shows_literally(text):
    escaped = md(text)
    unescaped = re.sub(r"\\(.)", r"\1", escaped.replace(JOINER, "")).replace("  \n", "\n")
    assert unescaped == text
    assert not re.search(r"(?<!\\)[*_`\[\]$<>{}#:@]", escaped.replace(JOINER, ""))
    assert "www" + JOINER in md("see www.example.org")


def test_links_only_go_to_web_addresses():
    assert web_url("https://example.org/a b") == "https://example.org/a%20b"
    assert web_url("javascript:alert(1)") is None
    assert web_url("doi:10.1/x") is None
    assert link("Report", "https://e.org") == "[Report](https://e.org)"
    assert link("Report", "javascript:alert(1)") == md("Report (javascript:alert(1))")
    line = source_line(Source(title="Xinhua", url="https://x.org", publisher="Xinhua"))
    assert line.startswith("[Xinhua](https://x.org)")


def test_labels():
    assert dates_text(railway()) == "from 2015-05"
    assert dates_text(talks()) == "2015-12-14"
    assert dates_text(railway(start=None)) is None
    assert kind_text(railway()) == "Project"
    assert kind_text(talks()).startswith("Event \u00b7 ")
    assert record_label(railway()) == "Astana light railway \u00b7 Project \u00b7 from 2015-05"
    text = location_text(ASTANA)
    assert text.startswith("Astana \u2014 ")
    assert "51.1800, 71.4500" in text


def test_index_links_both_ways_once():
    index = RecordIndex.of([railway(), talks()])
    projects, _ = index.linked(talks())
    assert [p.id if hasattr(p, "id") else p for p in projects] == ["pj-rail", "pj-gone"]
    assert index.linked(railway()) == ([], [talks()])
    assert set(index.by_id) == {"pj-rail", "ev-talks"}


def test_table_rows_are_plain_text():
    (row,) = record_rows([railway()])
    assert row["title"] == "Astana light railway"
    assert row["countries"] == "KZ"
    assert row["organisations"] == "China Railway Group"
    assert row["precision"] == railway().precision.label
    assert all(isinstance(value, str) for value in row.values())


def test_filter_key_is_order_free_and_layers_follow_sectors():
    one = Filter.make(sectors=["transport", "energy"], countries=["KZ"])
    two = Filter.make(sectors=["energy", "transport"], countries=["KZ"])
    assert one.key() == two.key()
    assert one.key() != Filter().key()
    assert layer_keys(Filter()) is None
    assert layer_keys(one) == {Sector.TRANSPORT.value, Sector.ENERGY.value, EVENTS_KEY}
    assert layer_keys(Filter(no_sectors=True)) == {EVENTS_KEY}
