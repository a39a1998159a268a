"""Answers the app gave wrong, walked through: each case as the library and the app give it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from apptest_helpers import SEED_COUNT, stored
from coopmap.model import Event, Project
from coopmap.query import Filter
from coopmap.taxonomy import Status

ACTIVE = Filter(start=dt.date(2016, 1, 1), end=dt.date(2020, 12, 31))


def project(status: str = "operating", **fields: object) -> Project:
    return Project(
        id="pj-open",
        title="Open-ended",
        sectors=["transport"],
        start="2015",
        status=status,
        **fields,
    )


# --- 1. an open end is ongoing unless the status says the project ended


@pytest.mark.parametrize(
    "status", ["announced", "agreed", "under_construction", "operating", "suspended", "unknown"]
)
def test_a_project_without_an_end_is_active_after_its_start(status):
    assert ACTIVE.matches(project(status))
    assert Filter(start=dt.date(2030, 1, 1)).matches(project(status))


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_an_ended_project_without_an_end_date_ends_at_its_status_date(status):
    assert Status(status).ended
    assert not ACTIVE.matches(project(status))
    assert not ACTIVE.matches(project(status, status_date="2015-06"))
    assert ACTIVE.matches(project(status, status_date="2017-03"))
    assert not Filter(start=dt.date(2018, 1, 1)).matches(project(status, status_date="2017-03"))


def test_as_of_a_day_an_open_end_follows_the_status_then():
    done = project(
        "completed",
        status_history=[
            {"status": "under_construction", "date": "2015"},
            {"status": "completed", "date": "2019-05"},
        ],
    )
    late = Filter(start=dt.date(2020, 1, 1))
    assert not late.matches(done)
    # As of 2018 it was still under construction, so ongoing.
    assert Filter(start=dt.date(2020, 1, 1), as_of=dt.date(2018, 1, 1)).matches(done)


def test_an_event_without_an_end_is_its_one_day():
    visit = Event(id="ev-visit", title="A visit", event_type="visit", start="2015-09-02")
    assert not ACTIVE.matches(visit)
    assert Filter(start=dt.date(2015, 9, 2), end=dt.date(2015, 9, 2)).matches(visit)


def test_the_store_keeps_an_open_ended_project_in_a_later_range(tmp_path):
    from coopmap.store import open_store

    with open_store(str(tmp_path / "atlas.gpkg"), create=True) as store:
        store.add(project())
        ids = {r.id for r in store.records(Filter(start=dt.date(2016, 1, 1)))}
    assert "pj-open" in ids


def test_the_seed_keeps_its_ongoing_projects_in_a_range_after_their_start(store_path):
    records = list(stored(store_path).values())
    ongoing = [
        r
        for r in records
        if isinstance(r, Project)
        and r.start
        and r.end is None
        and not r.status.ended
        and r.start.last_day < dt.date(2016, 1, 1)
    ]
    assert ongoing
    kept = {r.id for r in Filter(start=dt.date(2016, 1, 1)).apply(records)}
    assert {r.id for r in ongoing} <= kept


# --- 2. an empty sector selection is no constraint


def count(app) -> str:
    return next(c.value for c in app.caption if c.value.endswith(" records"))


def test_clearing_every_sector_shows_every_record_and_every_layer(app, store_path):
    before = stored(store_path)
    assert count(app) == f"{SEED_COUNT} of {SEED_COUNT} records"
    sectors = app.sidebar.multiselect(key="f_sectors")
    assert "empty" in sectors.help.lower()
    sectors.set_value([])
    app.run()
    assert not app.exception
    assert count(app) == f"{SEED_COUNT} of {SEED_COUNT} records"
    flt = app.session_state["coopmap_filter"]
    assert not flt.sectors  # no sector condition left
    assert not flt.no_sectors
    from coopmap.maps.selection import layer_keys

    assert layer_keys(flt) is None  # every layer drawn
    assert stored(store_path) == before


# --- 3. a status changed in the form joins the dated status history

BUILT = dt.date(2016, 6, 30)


def test_a_status_changed_in_the_form_values_starts_the_history():
    from coopmap.editing import FormValues, build_record
    from coopmap.editing.dates import DateParts

    base = project("under_construction", status_date="2015-12-14")
    values = FormValues.of(base)
    changed = replace(values, status="operating", status_date=DateParts.of("2017-06"))
    result = build_record(changed, base=base)
    assert not result.errors
    saved = result.record
    assert [(c.status, str(c.date)) for c in saved.status_history] == [
        (Status.UNDER_CONSTRUCTION, "2015-12-14"),
        (Status.OPERATING, "2017-06"),
    ]
    assert saved.status is Status.OPERATING
    assert saved.status_on(BUILT) is Status.UNDER_CONSTRUCTION
    assert saved.status_on(dt.date(2017, 6, 1)) is Status.OPERATING
    # Unchanged, it stays without a history; from unknown, the new status is the history.
    assert build_record(values, base=base).record == base
    unknown = project("unknown")
    from_unknown = build_record(replace(changed, status="operating"), base=unknown).record
    assert [(c.status, str(c.date)) for c in from_unknown.status_history] == [
        (Status.OPERATING, "2017-06")
    ]
    assert from_unknown.status_on(BUILT) is Status.UNKNOWN
    # A change dated before the stored status date is refused under "status as of".
    early = replace(values, status="operating", status_date=DateParts.of("2015-01"))
    assert "status_date" in build_record(early, base=base).errors


def test_the_form_adds_a_changed_status_to_the_history(app, store_path):
    from apptest_helpers import key, open_page

    plant = "pj-polypropylene"
    before = stored(store_path)
    assert not before[plant].status_history
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(plant).run()
    app.selectbox(key=key(app, "status")).set_value("operating")
    app.selectbox(key=key(app, "status_date_precision")).set_value("month")
    app.run()
    app.number_input(key=key(app, "status_date_year")).set_value(2017)
    app.selectbox(key=key(app, "status_date_month")).set_value(6)
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    after = stored(store_path)
    saved = after[plant]
    assert [(c.status, str(c.date)) for c in saved.status_history] == [
        (Status.UNDER_CONSTRUCTION, "2015-12-14"),
        (Status.OPERATING, "2017-06"),
    ]
    assert saved.status_on(BUILT) is Status.UNDER_CONSTRUCTION
    assert {i: r for i, r in after.items() if i != plant} == {
        i: r for i, r in before.items() if i != plant
    }
    # The atlas as of 2016-06-30 shows it under construction.
    app.sidebar.date_input(key="f_as_of").set_value(BUILT).run()
    assert not app.exception
    flt = app.session_state["coopmap_filter"]
    from coopmap.query import as_of

    [then] = [r for r in as_of(flt.apply(after.values()), BUILT) if r.id == plant]
    assert then.status is Status.UNDER_CONSTRUCTION


# --- 4. a place outside the record's countries: the form warns as import does


def test_the_form_warns_of_a_place_outside_the_record_countries_and_saves_it(app, store_path):
    from apptest_helpers import key, literal, open_page, table_with
    from coopmap.formats import export, read_file

    before = stored(store_path)
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value("Port works")
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.multiselect(key=key(app, "countries")).set_value(["KZ"])
    app.text_input(key=key(app, "place")).set_value("Victoria")
    app.run()
    candidates = table_with(app, "population")
    canada = int(candidates.index[candidates["region"] == "British Columbia"][0])
    [choice] = [s for s in app.selectbox if s.label == "Which one"]
    choice.set_value(canada).run()
    # Before saving: the warning import gives, naming the record's country.
    [warning] = [literal(w.value) for w in app.warning if "lies outside" in w.value]
    assert "lies outside KZ, the country the record names" in warning
    app.button(key=key(app, "save")).click().run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    saved = [literal(w.value) for w in app.warning]
    saved = [w for w in saved if "Saved 'Port works'" in w]
    assert saved
    assert "lies outside KZ" in saved[0]
    after = stored(store_path)
    [port] = [r for r in after.values() if r.title == "Port works"]
    assert port.countries == ["KZ"]
    assert port.locations[0].country == "CA"
    assert {i: r for i, r in after.items() if i != port.id} == before
    # Re-importing it warns the same way: outside the record's KZ, not outside "CA".
    path = store_path.parent / "port.geojson"
    export([port], path)
    [again] = read_file(path).warnings
    assert "lies outside KZ, the country the record names" in again.reason
    assert "outside CA" not in again.reason


# --- 5. a field's problem goes once its value changed


def test_a_problem_is_no_longer_shown_once_its_field_changed():
    from coopmap.editing import FormSession

    state: dict = {}
    session = FormSession(state)
    session.open(None, version=None)
    state[session.key("title")] = ""
    session.fail({"title": "give a title", "start": "not a date", "record": "whole"})
    assert set(session.errors) == {"title", "start", "record"}
    state[session.key("title")] = "Astana depot"
    state[session.key("start_year")] = 2016
    assert set(session.errors) == {"record"}
    state[session.key("title")] = ""  # back to what failed: the problem is back
    assert set(session.errors) == {"title", "record"}


def test_the_form_clears_an_error_box_once_the_field_is_fixed(app, store_path):
    from apptest_helpers import key, open_page

    before = stored(store_path)
    open_page(app, "records")
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert "must not be empty" in [e.value for e in app.error]
    assert stored(store_path) == before
    app.text_input(key=key(app, "title")).set_value("Astana depot").run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    assert "Astana depot" in {r.title for r in stored(store_path).values()}
