"""Smoke test of the Streamlit app's pages with Streamlit's AppTest (no browser)."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopmap.maps.cells import CellGrid, cell_records
from coopmap.model import Project, point_from_latlon
from coopmap.query import Filter
from coopmap.services import init_store
from coopmap.store import open_store
from coopmap.taxonomy import Precision, Status

APP = Path(__file__).resolve().parents[1] / "app" / "streamlit_app.py"
SELECTED = "coopmap_selected"  # app/detail.py: the selected record's id
SELECTED_CELL = "coopmap_selected_cell"


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = init_store(str(tmp_path / "atlas.gpkg")).url
    monkeypatch.setenv("COOPMAP_STORE", url)
    return url


@pytest.fixture
def app(store_url):
    return AppTest.from_file(str(APP), default_timeout=120)


def count(app: AppTest) -> str:
    return app.caption[0].value


def detail_text(app: AppTest) -> str:
    """Everything the detail panel wrote, Markdown escapes and word joiners removed."""
    parts = [e.value for e in (*app.subheader, *app.markdown, *app.caption)]
    parts += [b.label for b in app.button]
    text = "\n".join(str(part) for part in parts)
    return text.replace("\u2060", "").replace("\\", "")


def test_map_page_shows_the_seed_and_filters_by_sector(app):
    app.run()
    assert not app.exception
    assert count(app) == "19 of 19 records"
    sectors = app.sidebar.multiselect(key="f_sectors")
    assert "transport" in sectors.value
    sectors.set_value(["ict"])
    app.run()
    assert not app.exception
    assert count(app) == "2 of 19 records"  # the conference, the visit
    # Beside the map, until a record is picked: the shown records by sector, status and year.
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2  # two events: no projects, so no chart of project statuses
    assert "Projects by status: no records." in [c.value for c in app.caption]
    app.session_state[SELECTED] = "ev-2015-12-16-wic-wuzhen"
    app.run()
    assert app.get("vega_lite_chart") == []


def test_map_page_text_search_and_kind(app):
    app.run()
    app.sidebar.text_input(key="f_text").set_value("railway")
    app.run()
    assert count(app) == "3 of 19 records"  # the railway, its deal, the programme
    app.sidebar.multiselect(key="f_kinds").set_value(["event"])
    app.run()
    assert count(app) == "1 of 19 records"


def test_country_status_precision_and_organisation_filters(app, store_url):
    with open_store(store_url) as store:
        records = store.records()

    def expected(**conditions) -> str:
        return f"{len(Filter.make(**conditions).apply(records))} of 19 records"

    app.run()
    countries = app.sidebar.multiselect(key="f_countries")
    assert "KZ" in countries.options[0] or any("KZ" in o for o in countries.options)
    countries.set_value(["CN"])
    app.run()
    assert count(app) == expected(countries=["CN"]) != "19 of 19 records"
    app.sidebar.multiselect(key="f_countries").set_value([])
    app.sidebar.multiselect(key="f_statuses").set_value([Status.AGREED])
    app.run()
    assert count(app) == expected(statuses=["agreed"]) != "0 of 19 records"
    app.sidebar.multiselect(key="f_statuses").set_value([])
    app.sidebar.multiselect(key="f_precisions").set_value([Precision.COUNTRY])
    app.run()
    assert count(app) == expected(precisions=["country"]) != "0 of 19 records"
    app.sidebar.multiselect(key="f_precisions").set_value([])
    organisations = app.sidebar.selectbox(key="f_organisation")
    assert "China Railway Group (CRG)" in organisations.options
    organisations.set_value("China Railway Group (CRG)")
    app.run()
    assert count(app) == "1 of 19 records"


def test_the_date_range_keeps_records_active_in_it(app):
    app.run()
    dates = app.sidebar.date_input(key="f_dates")
    first, last = dates.value
    assert (first.isoformat(), last.isoformat()) == ("2014-01-01", "2016-12-31")
    dates.set_value((dt.date(2014, 1, 1), dt.date(2014, 12, 31)))
    app.run()
    # Undated records drop out, and what is dated after 2014.
    in_2014 = int(count(app).split()[0])
    assert 0 < in_2014 < 19


def test_the_detail_panel_shows_the_selected_record_and_its_links(app):
    app.run()
    app.session_state[SELECTED] = "pj-astana-light-rail"
    app.run()
    assert not app.exception
    text = detail_text(app)
    assert app.subheader[0].value.replace("\\", "") == "Astana light railway"
    for expected in (
        "Project · Transport and storage · Construction",
        "Agreed (as of 2015-12-14)",
        "**Status history:** Agreed from 2015-05 (China, Kazakhstan to Step up",
        "from 2015",
        "China Railway Group (CRG) (Contractor)",
        "length: 22.4 km",
        "Kazakhstan (KZ)",
        "Linked events",
        "signed at: Signing of the bilateral deal on the Astana light railway",
        "progress reported at: Li Keqiang",
        "id: pj-astana-light-rail",
    ):
        assert expected in text, expected
    # Following a linked event selects it; its panel links back to the project.
    [button] = [b for b in app.button if "bilateral deal" in b.label]
    button.click()
    app.run()
    assert app.session_state[SELECTED] == "ev-2015-05-light-rail-deal"
    text = detail_text(app)
    assert "Linked projects" in text
    assert "signed at: Astana light railway" in text
    app.button(key="detail_clear").click()
    app.run()
    assert app.session_state[SELECTED] is None
    assert "Click a feature" in app.info[0].value


def test_sources_link_only_to_web_addresses(app, store_url):
    payload = "**b** [x](javascript:alert(1)) {{ 7*7 }} ${x} <img src=x onerror=alert(1)>"
    with open_store(store_url) as store:
        store.add(
            Project(
                id="hostile",
                title=payload,
                sectors=["energy"],
                notes=payload,
                locations=[{"name": payload, "geometry": point_from_latlon(40, 70)}],
                sources=[
                    {"title": payload, "url": "https://example.org/a b(c)"},
                    {"title": "by doi", "url": "doi:10.1/x"},
                ],
            )
        )
    app.run()
    assert count(app) == "20 of 20 records"
    app.session_state[SELECTED] = "hostile"
    app.run()
    sources = next(m.value for m in app.markdown if m.value.startswith("**Sources**"))
    # The title escaped as link text; the address percent-encoded; the doi: source is text.
    assert "](https://example.org/a%20b%28c%29)" in sources
    assert sources.count("](") == 1
    assert "by doi \\(doi\\:\u206010\\.1\\/x\\)" in sources
    assert app.subheader[0].value.replace("\\", "").replace("\u2060", "") == payload
    assert "\\*\\*b\\*\\*" in app.subheader[0].value


def test_a_grouped_map_above_the_feature_limit(app, store_url, monkeypatch):
    monkeypatch.setenv("COOPMAP_MAP_MAX_FEATURES", "5")
    app.run()
    assert not app.exception
    assert count(app) == "19 of 19 records"
    assert "each dot is an area of" in app.caption[1].value
    # A click on a cell lists its records; picking one shows it.
    with open_store(store_url) as store:
        records = [r for r in store.records() if r.locations]
    grid = CellGrid.of(records)
    cell = max(grid.cells["industry"], key=lambda c: c.count)
    app.session_state[SELECTED_CELL] = cell.key
    app.run()
    assert app.subheader[0].value == f"{cell.count} records in this area"
    titles = [b.label.replace("\\", "") for b in app.button if b.key and b.key.startswith("cell_")]
    assert len(titles) == len(cell_records(records, cell.key))
    next(b for b in app.button if b.key and b.key.startswith("cell_")).click()
    app.run()
    assert app.session_state[SELECTED] is not None


def add_project(store_url: str, **fields) -> Project:
    """A project in Almaty, added to the store as another program would add it."""
    almaty = [{"name": "Almaty", "geometry": point_from_latlon(43.24, 76.89)}]
    project = Project(**{"locations": almaty, **fields})
    with open_store(store_url) as store:
        store.add(project)
        return store.get(project.id)


def test_a_record_added_to_the_store_reaches_the_map(app, store_url):
    app.run()
    assert count(app) == "19 of 19 records"
    add_project(store_url, id="added", title="Added elsewhere", sectors=["energy"])
    app.run()
    assert count(app) == "20 of 20 records"
    app.session_state[SELECTED] = "added"
    app.run()
    assert app.subheader[0].value == "Added elsewhere"


def literal(markdown: str) -> str:
    """What escaped Markdown shows: the text without its escapes and invisible joiners."""
    return markdown.replace("\u2060", "").replace("\\", "")


def add_other_sector_project(store_url: str, **fields) -> None:
    """A project of the one sector the seed has no record of."""
    with open_store(store_url) as store:
        assert not any("other" in r.sectors for r in store.records())
    add_project(
        store_url, id="added", title="A sector new to the store", sectors=["other"], **fields
    )


def test_a_sector_new_to_the_store_is_selected_and_deselected_ones_stay_out(app, store_url):
    app.run()
    sectors = app.sidebar.multiselect(key="f_sectors")
    sectors.set_value([s for s in sectors.value if s != "industry"])
    app.run()
    before = int(count(app).split()[0])
    assert before < 19
    add_other_sector_project(store_url)
    app.run()
    assert not app.exception
    chosen = app.sidebar.multiselect(key="f_sectors").value
    assert "other" in chosen
    assert "industry" not in chosen
    assert count(app) == f"{before + 1} of 20 records"
    app.session_state[SELECTED] = "added"
    app.run()
    assert app.subheader[0].value == "A sector new to the store"


def test_the_date_range_follows_the_records_unless_narrowed(app, store_url):
    app.run()
    assert app.sidebar.date_input(key="f_dates").value == (
        dt.date(2014, 1, 1),
        dt.date(2016, 12, 31),
    )
    add_other_sector_project(store_url, start="2020-05")
    app.run()
    # Left at the full span, the range takes in the new record (and the undated ones).
    assert app.sidebar.date_input(key="f_dates").value == (
        dt.date(2014, 1, 1),
        dt.date(2020, 5, 31),
    )
    assert count(app) == "20 of 20 records"
    narrowed = (dt.date(2015, 1, 1), dt.date(2015, 12, 31))
    app.sidebar.date_input(key="f_dates").set_value(narrowed)
    app.run()
    shown = count(app)
    with open_store(store_url) as store:
        store.update(
            Project(id="added", title="Later", sectors=["other"], start="2022"),
            expected_version=1,
        )
    app.run()
    assert app.sidebar.date_input(key="f_dates").value == narrowed
    assert count(app) == shown


PAYLOAD = "{{ 7*7 }} <script>alert(1)</script> <img src=x onerror=alert(1)> ${alert(1)}"


def test_deleting_the_selected_record_from_the_detail_panel(app, store_url):
    original = add_project(store_url, id="hostile", title=PAYLOAD, sectors=["energy"])
    app.run()
    app.session_state[SELECTED] = "hostile"
    app.run()
    app.button(key="detail_delete").click().run()
    warning = app.warning[0].value
    assert literal(warning).startswith(f"Delete the project '{PAYLOAD}' (hostile)?")
    assert "\\<script\\>" in warning
    assert "\\{\\{ 7\\*7 \\}\\}" in warning
    assert count(app) == "20 of 20 records"  # nothing deleted before the confirmation
    app.button(key="map_delete_yes").click().run()
    assert not app.exception
    assert count(app) == "19 of 19 records"
    assert app.session_state[SELECTED] is None
    assert literal(app.success[0].value) == f"Deleted the project '{PAYLOAD}' (hostile)."
    assert "Click a feature" in app.info[0].value
    with open_store(store_url) as store:
        assert store.get("hostile") is None
    app.button(key="delete_undo").click().run()
    assert count(app) == "20 of 20 records"
    assert literal(app.success[0].value) == f"Restored the project '{PAYLOAD}' (hostile)."
    with open_store(store_url) as store:
        assert store.get("hostile") == original


def test_the_atlas_as_of_a_day(app, store_url):
    with open_store(store_url) as store:
        store.add(
            Project(
                id="pj-rail",
                title="Rail with a history",
                sectors=["transport"],
                locations=[{"name": "Almaty", "geometry": point_from_latlon(43.24, 76.89)}],
                status_history=[
                    {"status": "announced", "date": "2015-05"},
                    {"status": "under construction", "date": "2016-03"},
                ],
            )
        )
    app.run()
    assert count(app) == "20 of 20 records"
    app.sidebar.date_input(key="f_as_of").set_value(dt.date(2015, 6, 30))
    app.run()
    assert not app.exception
    # Known by then: the May 2015 deal, the railway it agreed, the 2014 visit, the rail
    # announced in May, and the records with no date to hide them by.
    shown = int(count(app).split()[0])
    assert 0 < shown < 20
    app.sidebar.multiselect(key="f_statuses").set_value([Status.ANNOUNCED])
    app.run()
    assert count(app) == "1 of 20 records"  # the rail, announced then (under construction now)
    app.session_state[SELECTED] = "pj-rail"
    app.run()
    assert "Under construction from 2016-03" in detail_text(app)  # the detail: as stored
    app.sidebar.date_input(key="f_as_of").set_value(None)
    app.run()
    # Today: the seed's five announced projects; the rail is under construction.
    assert count(app) == "5 of 20 records"
