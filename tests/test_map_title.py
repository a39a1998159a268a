"""An exported map titled from its filters (coopmap.display.titles), in its <title> and its
heading, escaped."""

from __future__ import annotations

import datetime as dt
import json
import re

from click.testing import CliRunner

from builders import PAYLOADS, sample_records
from coopmap.cli import main
from coopmap.display.titles import map_title
from coopmap.formats import html as html_export
from coopmap.query import Filter
from coopmap.store import open_store


def heading(page: str) -> str:
    """The title the page's script gives the map's heading."""
    [literal] = re.findall(r"coopmap\.snapshot\([^,]+, JSON\.parse\((\".*?\")\)\);", page)
    return json.loads(json.loads(literal))["title"]


def test_a_title_says_sector_kind_country_and_years():
    flt = Filter.make(
        sectors=["energy"],
        kinds=["project"],
        countries=["KZ"],
        start=dt.date(2015, 3, 1),
        end=dt.date(2020, 6, 30),
    )
    assert map_title(flt, []) == "Energy projects in Kazakhstan, 2015-2020"


def test_without_a_date_filter_the_years_are_the_records_span():
    records = sample_records()
    years = sorted({d.year for r in records for d in (r.start, r.end) if d})
    assert map_title(Filter(), records) == f"Projects and events, {years[0]}-{years[-1]}"
    assert map_title(Filter.make(kinds=["event"]), []) == "Events"


def test_a_title_names_many_sectors_by_their_number_and_the_rest_of_the_filter():
    flt = Filter.make(
        sectors=["energy", "transport", "ict", "mining"],
        countries=["CN", "KZ"],
        statuses=["operating"],
        as_of=dt.date(2016, 6, 30),
        text="rail",
        start=dt.date(2014, 1, 1),
    )
    assert map_title(flt, []) == (
        'Operating projects and events in 4 sectors in China and Kazakhstan mentioning "rail", '
        "from 2014, as of 2016-06-30"
    )


def test_the_title_reaches_the_page_escaped_and_the_heading_as_data():
    title = "Map of " + " ".join(PAYLOADS)
    page = html_export.render(sample_records(), title=title)
    [shown] = re.findall(r"<title>(.*?)</title>", page, flags=re.S)
    assert "<" not in shown
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "{{" not in shown
    # the heading's text goes in as a JSON string whose markup characters are escapes
    assert heading(page) == title
    [literal] = re.findall(r"coopmap\.snapshot\([^,]+, JSON\.parse\((\".*?\")\)\);", page)
    assert "<" not in literal
    assert "{{" not in literal


def test_coopmap_export_titles_an_html_map_from_its_filters(tmp_path):
    store = tmp_path / "atlas.gpkg"
    with open_store(str(store), create=True) as opened:
        opened.add(sample_records())
    out = tmp_path / "kz.html"
    result = CliRunner().invoke(
        main, ["--store", str(store), "export", str(out), "--kind", "project", "--country", "KZ"]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    [shown] = re.findall(r"<title>(.*?)</title>", page)
    assert shown.startswith("Projects in Kazakhstan")
    assert heading(page) == shown  # the map's heading says the same


def test_the_export_service_titles_a_map_from_its_filter_unless_given_a_title(tmp_path):
    from coopmap.services import export_records

    flt = Filter.make(kinds=["event"])
    out = tmp_path / "events.html"
    export_records(flt.apply(sample_records()), out, filter=flt)
    assert heading(out.read_text(encoding="utf-8")).startswith("Events")
    export_records(sample_records(), out, filter=flt, title="Mine")
    assert heading(out.read_text(encoding="utf-8")) == "Mine"
