"""The Records, Data and Summary pages: AppTest runs of each, and the real app in Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import browser
from apptest_helpers import (
    ESCAPED,
    PAYLOAD,
    PAYLOADS,
    SEED_COUNT,
    key,
    literal,
    open_page,
    stored,
    table_with,
)
from builders import AWKWARD_TEXT as UPLOADED_TITLE
from builders import MIXED_ROWS, UPLOAD_FORMATS, mixed_file, mixed_records, seed_by_id
from coopmap.display import summary
from coopmap.formats import export, read_records
from coopmap.model import validate_update
from coopmap.store import open_store

SELECTED = "coopmap_selected"  # app/detail.py: the selected record's id


# --- AppTest (the fixtures store_path and app are in conftest.py) ---------------------------------


def test_records_page_shows_the_filtered_records(app):
    open_page(app, "records")
    assert app.caption[0].value == f"{SEED_COUNT} of {SEED_COUNT} records"
    table = app.dataframe(key="records_table").value
    assert list(table.columns) == [
        "id", "kind", "title", "sectors", "status", "start", "end", "countries", "precision",
        "organisations",
    ]  # fmt: skip
    assert len(table) == SEED_COUNT
    railway = table[table["id"] == "pj-astana-light-rail"].iloc[0]
    assert railway["title"] == "Astana light railway"
    assert "Transport and storage" in railway["sectors"]
    assert railway["kind"] == "project"
    assert "KZ" in railway["countries"]
    # The sidebar filters drive the table.
    app.sidebar.multiselect(key="f_kinds").set_value(["event"]).run()
    table = app.dataframe(key="records_table").value
    assert set(table["kind"]) == {"event"}
    assert app.caption[0].value == f"{len(table)} of {SEED_COUNT} records"


def test_adding_a_project_through_the_form(app, store_path):
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value("Astana depot")
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.selectbox(key=key(app, "status")).set_value("under_construction")
    app.selectbox(key=key(app, "start_precision")).set_value("month")
    app.text_input(key=key(app, "place")).set_value("Astana")
    app.run()
    app.number_input(key=key(app, "start_year")).set_value(2016)
    app.selectbox(key=key(app, "start_month")).set_value(3)
    # A data editor is driven through its edit state.
    app.session_state[key(app, "organisations")] = {
        "edited_rows": {},
        "added_rows": [{"name": "CRCC", "role": "contractor"}],
        "deleted_rows": [],
    }
    app.session_state[key(app, "specs")] = {
        "edited_rows": {},
        "added_rows": [{"key": "area", "value": "12.5", "unit": "ha"}],
        "deleted_rows": [],
    }
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.exception
    assert not app.error, [e.value for e in app.error]
    assert "Saved" in app.success[0].value
    [depot] = [r for r in stored(store_path).values() if r.title == "Astana depot"]
    assert depot.kind == "project"
    assert depot.status == "under_construction"
    assert str(depot.start) == "2016-03"  # month precision: no day made up
    assert [(o.name, o.role) for o in depot.organisations] == [("CRCC", "contractor")]
    assert str(depot.specs[0]) == "12.5 ha"
    [location] = depot.locations
    assert (location.name, location.country, location.precision) == ("Astana", "KZ", "city")
    assert location.geometry_source == "gazetteer"
    # The table shows it and the form is empty again, ready for the next one.
    assert "Astana depot" in list(app.dataframe(key="records_table").value["title"])
    assert app.text_input(key=key(app, "title")).value == ""


def test_an_ambiguous_place_lists_the_candidates_to_pick_from(app, store_path):
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value("Port works")
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.text_input(key=key(app, "place")).set_value("Victoria")
    app.run()
    assert "places are called 'Victoria'" in literal(app.info[0].value)
    candidates = table_with(app, "population")
    assert list(candidates.columns) == [
        "#", "name", "region", "country", "population", "precision",
    ]  # fmt: skip
    assert {"AU", "CA", "HK"} <= set(candidates["country"])
    canada = int(candidates.index[candidates["region"] == "British Columbia"][0])
    [choice] = [s for s in app.selectbox if s.label == "Which one"]
    choice.set_value(canada).run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    [port] = [r for r in stored(store_path).values() if r.title == "Port works"]
    assert port.locations[0].country == "CA"


def test_the_records_countries_come_first_among_the_candidates(app):
    open_page(app, "records")
    app.text_input(key=key(app, "place")).set_value("Victoria").run()
    assert table_with(app, "population")["country"].iloc[0] != "CA"
    app.multiselect(key=key(app, "countries")).set_value(["CA"]).run()
    candidates = table_with(app, "population")
    assert candidates["country"].iloc[0] == "CA"
    assert {"AU", "CA"} <= set(candidates["country"])  # a preference: the others still offered


def test_a_drawn_line_is_saved_as_the_geometry(app, store_path):
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value("Astana light railway, line 1")
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.text_input(key=key(app, "place")).set_value("Astana")
    # What the page keeps when st_folium returns a drawing (the browser test draws for real).
    route = {"type": "LineString", "coordinates": [[71.40, 51.09], [71.43, 51.13], [71.47, 51.17]]}
    app.session_state["rf_drawing"] = route
    app.run()
    assert any("A drawn line with 3 points" in c.value for c in app.caption)
    # One Astana to speak of: the city (its region shares its point), so nothing to ask.
    assert not [i for i in app.info if "places are called" in i.value]
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    [line] = [r for r in stored(store_path).values() if r.title.endswith("line 1")]
    [location] = line.locations
    assert location.geometry.geom_type == "LineString"
    assert location.geometry_source == "drawn"
    assert (location.name, location.country) == ("Astana", "KZ")


def test_invalid_input_shows_errors_by_field_and_writes_nothing(app, store_path):
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value("   ")
    app.selectbox(key=key(app, "start_precision")).set_value("day")
    app.text_input(key=key(app, "place")).set_value("Nowhereville Qzx")
    app.run()
    app.number_input(key=key(app, "start_year")).set_value(2015)
    app.selectbox(key=key(app, "start_month")).set_value(2)
    app.number_input(key=key(app, "start_day")).set_value(30)
    app.session_state[key(app, "sources")] = {
        "edited_rows": {},
        "added_rows": [{"title": "Report", "url": "javascript:alert(1)"}],
        "deleted_rows": [],
    }
    app.run()
    revision = open_store(store_path).revision()
    app.button(key=key(app, "save")).click().run()
    messages = [literal(e.value) for e in app.error]
    assert messages[0] == "Nothing was saved: correct the fields marked below."
    assert "must not be empty" in messages[1]  # under the title
    assert any("a project needs at least one sector" in m for m in messages)
    assert any("day 30 is not in 2015-02" in m for m in messages)
    assert any("url: a source link must start with" in m for m in messages)
    assert any("knows no place called 'Nowhereville Qzx'" in m for m in messages)
    assert open_store(store_path).revision() == revision
    assert len(stored(store_path)) == SEED_COUNT
    # The form keeps what was typed.
    assert app.number_input(key=key(app, "start_day")).value == 30


def test_editing_a_record_saves_a_new_version(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-astana-light-rail").run()
    assert app.text_input(key=key(app, "title")).value == "Astana light railway"
    assert app.radio(key=key(app, "kind")).disabled
    app.text_area(key=key(app, "notes")).set_value("First phase opened.").run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    assert "version 2" in app.success[0].value
    with open_store(store_path) as store:
        assert store.version("pj-astana-light-rail") == 2
        assert store.get("pj-astana-light-rail").notes == "First phase opened."
    # The form now holds version 2: a second edit is not a conflict.
    app.text_area(key=key(app, "notes")).set_value("First phase opened in 2017.").run()
    app.button(key=key(app, "save")).click().run()
    assert "version 3" in app.success[0].value


def test_an_edit_that_raced_another_edit_is_refused(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-astana-light-rail").run()
    app.text_input(key=key(app, "title")).set_value("Astana LRT (my edit)").run()
    # Meanwhile someone else saves the same record.
    with open_store(store_path) as other:
        theirs = validate_update(other.get("pj-astana-light-rail"), notes="their edit")
        assert other.update(theirs, expected_version=1) == 2
    app.button(key=key(app, "save")).click().run()
    message = literal(app.error[0].value)
    assert "Not saved: 'Astana LRT (my edit)' was changed by someone else" in message
    assert "you opened version 1, the store now has version 2" in message
    with open_store(store_path) as store:
        kept = store.get("pj-astana-light-rail")
        assert (kept.title, kept.notes) == ("Astana light railway", "their edit")
        assert store.version(kept.id) == 2
    # Their edit is one click away; my typing stays until then.
    assert app.text_input(key=key(app, "title")).value == "Astana LRT (my edit)"
    [reload] = [b for b in app.button if b.label == "Reload the stored record"]
    reload.click().run()
    assert app.text_area(key=key(app, "notes")).value == "their edit"
    assert not app.error


def test_text_that_looks_like_code_stays_text_in_the_records_page(app, store_path):
    open_page(app, "records")
    app.text_input(key=key(app, "title")).set_value(PAYLOAD)
    app.multiselect(key=key(app, "sectors")).set_value(["transport"])
    app.text_area(key=key(app, "notes")).set_value(PAYLOAD + " :red[x] [a](javascript:alert(1))")
    app.session_state[key(app, "organisations")] = {
        "edited_rows": {},
        "added_rows": [{"name": payload, "role": "partner"} for payload in PAYLOADS],
        "deleted_rows": [],
    }
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    [record] = [r for r in stored(store_path).values() if r.title == PAYLOAD]
    assert [o.name for o in record.organisations] == PAYLOADS
    # The table holds the text itself; the markdown message has every mark escaped.
    table = app.dataframe(key="records_table").value
    row = table[table["id"] == record.id].iloc[0]
    assert row["title"] == PAYLOAD
    assert row["organisations"] == "; ".join(PAYLOADS)
    message = app.success[0].value
    assert "\\{\\{ 7\\*7 \\}\\}" in message
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in message
    assert "\\$\\{alert\\(1\\)\\}" in message
    # Opened again, the form shows it as it was typed.
    app.selectbox(key="rf_pick").set_value(record.id).run()
    assert app.text_input(key=key(app, "title")).value == PAYLOAD
    assert app.text_area(key=key(app, "notes")).value.startswith(PAYLOAD)


def edit_rows(app: AppTest, name: str, added: list[dict[str, Any]], **changes: Any) -> None:
    """Drive the data editor ``name`` of the form as a user would (its edit state)."""
    app.session_state[key(app, name)] = {
        "edited_rows": changes.get("edited", {}),
        "added_rows": added,
        "deleted_rows": changes.get("deleted", []),
    }


def type_amount(app: AppTest, value: str, currency: str) -> None:
    """Type into the record form's amount value and currency fields."""
    app.text_input(key=key(app, "amount_value")).set_value(value)
    app.text_input(key=key(app, "amount_currency")).set_value(currency)


def test_a_projects_amount_is_edited_through_the_form(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-capacity-cooperation-fund").run()
    assert app.text_input(key=key(app, "amount_value")).value == ""
    type_amount(app, "2,000,000,000", "usd")
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    fund = stored(store_path)["pj-capacity-cooperation-fund"]
    assert (fund.amount.value, fund.amount.currency) == (2e9, "USD")
    # Opened again, the form shows the amount; clearing both fields removes it.
    assert app.text_input(key=key(app, "amount_value")).value == "2,000,000,000"
    assert app.text_input(key=key(app, "amount_currency")).value == "USD"
    type_amount(app, "", "")
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    assert stored(store_path)["pj-capacity-cooperation-fund"].amount is None


def test_an_events_outcomes_and_links_are_edited_through_the_form(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("ev-2015-05-light-rail-deal").run()
    assert app.text_area(key=key(app, "outcomes")).value == ""
    app.text_area(key=key(app, "outcomes")).set_value("Loan agreed.\n\n  Contract   signed. \n")
    # A second link, to a project picked (by its title) in the editor's project column.
    assert list(table_with(app, "project")["project"]) == ["pj-astana-light-rail"]
    edit_rows(app, "links", [{"type": "announced_at", "project": "pj-automobile-assembly"}])
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    deal = stored(store_path)["ev-2015-05-light-rail-deal"]
    assert deal.outcomes == ["Loan agreed.", "Contract signed."]
    assert [(link.type, link.project) for link in deal.links] == [
        ("signed_at", "pj-astana-light-rail"),
        ("announced_at", "pj-automobile-assembly"),
    ]
    # The detail panel of the project lists the event that now links to it.
    app.session_state[SELECTED] = "pj-automobile-assembly"
    open_page(app, "map")
    assert any(
        "announced at: Signing of the bilateral deal" in literal(b.label) for b in app.button
    )
    # Removing the first link keeps the other.
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("ev-2015-05-light-rail-deal").run()
    edit_rows(app, "links", [], deleted=[0])
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    deal = stored(store_path)["ev-2015-05-light-rail-deal"]
    assert [link.project for link in deal.links] == ["pj-automobile-assembly"]


@pytest.mark.parametrize(
    "id",
    [
        "ev-2015-12-14-beijing-talks",
        "pj-capacity-cooperation-fund",
        "ev-dangling",
        "pj-astana-light-rail",  # a status history with a sourced entry
    ],
)
def test_saving_an_unchanged_record_keeps_amount_outcomes_links_and_history(app, store_path, id):
    with open_store(store_path) as store:
        fund = store.get("pj-capacity-cooperation-fund")
        store.update(
            validate_update(fund, amount={"value": 1234567.891, "currency": "CNY"}),
            expected_version=1,
        )
        talks = store.get("ev-2015-12-14-beijing-talks")
        store.add(  # links to a project the store does not hold (yet)
            validate_update(
                talks, id="ev-dangling", links=[{"type": "discussed_at", "project": "pj-gone"}]
            )
        )
        before = {r.id: (r.to_dict(), store.version(r.id)) for r in store.records()}
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value(id).run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    with open_store(store_path) as store:
        after = {r.id: (r.to_dict(), store.version(r.id)) for r in store.records()}
    assert after == before
    assert before["pj-capacity-cooperation-fund"][0]["amount"]["value"] == 1234567.891
    assert len(before["ev-2015-12-14-beijing-talks"][0]["links"]) == 11


def test_a_bad_amount_or_link_shows_errors_by_field_and_writes_nothing(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-capacity-cooperation-fund").run()
    revision = open_store(store_path).revision()

    def save_errors() -> list[str]:
        app.run()
        app.button(key=key(app, "save")).click().run()
        assert not app.exception
        assert open_store(store_path).revision() == revision
        return [literal(e.value) for e in app.error]

    type_amount(app, "-5", "XYZ")
    messages = save_errors()
    assert messages[0] == "Nothing was saved: correct the fields marked below."
    assert "an amount cannot be negative (-5)" in messages
    assert "'XYZ' is not an ISO 4217 currency code" in messages
    type_amount(app, "1,5", "")
    messages = save_errors()
    assert any("'1,5' is not a number: use a dot for decimals" in m for m in messages)
    assert any("give the amount's currency" in m for m in messages)
    type_amount(app, "", "KZT")
    assert "enter the amount in KZT, or clear the currency" in save_errors()
    assert stored(store_path)["pj-capacity-cooperation-fund"].amount is None

    app.selectbox(key="rf_pick").set_value("ev-2015-05-light-rail-deal").run()
    edit_rows(
        app,
        "links",
        [{"type": "signed_at"}, {"project": "pj-polypropylene"}, {"type": "x", "project": "nope"}],
    )
    [message] = [m for m in save_errors() if m.startswith("row")]
    assert message == (
        "row 2: choose the project; row 3: choose how the event relates to the project; "
        "row 4: unknown link type 'x'; row 4: no stored project has the id 'nope'"
    )
    assert len(stored(store_path)["ev-2015-05-light-rail-deal"].links) == 1


def test_code_in_outcomes_links_and_amount_stays_text(app, store_path):
    with open_store(store_path) as store:
        store.add(validate_update(store.get("pj-polypropylene"), id="pj-hostile", title=PAYLOAD))
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("ev-2015-05-light-rail-deal").run()
    app.text_area(key=key(app, "outcomes")).set_value("\n".join(PAYLOADS))
    # The link column offers the project by its title, as text.
    edit_rows(app, "links", [{"type": "discussed_at", "project": "pj-hostile"}])
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    deal = stored(store_path)["ev-2015-05-light-rail-deal"]
    assert deal.outcomes == PAYLOADS
    assert deal.links[-1].project == "pj-hostile"
    assert app.text_area(key=key(app, "outcomes")).value == "\n".join(PAYLOADS)
    # The detail panel shows each outcome and the linked project's title literally.
    app.session_state[SELECTED] = deal.id
    open_page(app, "map")
    outcomes = next(m.value for m in app.markdown if "**Outcomes:**" in m.value)
    assert literal(outcomes).endswith("\n".join(f"- {payload}" for payload in PAYLOADS))
    assert all(mark in outcomes for mark in ESCAPED)
    [linked] = [b.label for b in app.button if "pj-hostile" in str(b.key)]
    assert literal(linked) == f"discussed at: {PAYLOAD}"
    assert all(mark in linked for mark in ESCAPED)
    # An amount typed as code is refused with the text shown escaped, never interpreted.
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-hostile").run()
    type_amount(app, PAYLOADS[0], "USD")
    app.run()
    app.button(key=key(app, "save")).click().run()
    [message] = [e.value for e in app.error if "not a number" in e.value]
    assert "\\'\\{\\{ 7\\*7 \\}\\}\\' is not a number" in message


def test_a_status_history_is_edited_through_the_form(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-astana-light-rail").run()
    agreed = stored(store_path)["pj-astana-light-rail"].status_history[0]
    history = table_with(app, "since")
    assert list(history.columns) == ["status", "since", "source_title", "source_link"]
    assert history.to_dict("records") == [
        {
            "status": "agreed",
            "since": "2015-05",
            "source_title": agreed.source.title,
            "source_link": agreed.source.url,
        }
    ]
    # A new row: under construction from 2016, with a source whose title is code.
    row = {
        "status": "under_construction",
        "since": "2016",
        "source_title": PAYLOAD,
        "source_link": "https://example.org/lrt-works",
    }
    edit_rows(app, "status_history", [row])
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.error, [e.value for e in app.error]
    assert "version 2" in app.success[0].value
    railway = stored(store_path)["pj-astana-light-rail"]
    assert railway.status == "under_construction"
    assert len(railway.status_history) == 2
    first, second = railway.status_history
    assert first == agreed  # its source's date, not shown in the editor, is kept
    assert (second.status, str(second.date)) == ("under_construction", "2016")
    assert (second.source.title, second.source.url) == (PAYLOAD, row["source_link"])
    # The reopened form shows both rows and the new status.
    assert app.selectbox(key=key(app, "status")).value == "under_construction"
    assert list(table_with(app, "since")["source_title"]) == [agreed.source.title, PAYLOAD]
    # The detail panel shows the source's title as text.
    app.session_state[SELECTED] = railway.id
    open_page(app, "map")
    history_text = next(m.value for m in app.markdown if "**Status history:**" in m.value)
    assert f"- Under construction from 2016 ([{PAYLOAD}]({row['source_link']}))" in literal(
        history_text
    )
    assert all(mark in history_text for mark in ESCAPED)
    assert "<script>" not in history_text


def test_a_bad_status_history_row_shows_an_error_and_writes_nothing(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-astana-light-rail").run()
    before = stored(store_path)["pj-astana-light-rail"]
    revision = open_store(store_path).revision()
    edit_rows(
        app,
        "status_history",
        [{"status": "under_construction", "since": "2016-13", "source_link": "ftp://x"}],
    )
    app.run()
    app.button(key=key(app, "save")).click().run()
    assert not app.exception
    messages = [literal(e.value) for e in app.error]
    assert messages[0] == "Nothing was saved: correct the fields marked below."
    assert messages[1] == (
        "status history row 2: since: '2016-13' is not a date: month 13 is not between 1 and "
        "12; status history row 2: source title: give the title of the source the link points to"
    )
    assert open_store(store_path).revision() == revision
    assert stored(store_path)["pj-astana-light-rail"] == before
    # The row stays in the editor to be corrected (the form was not reopened).
    [kept] = app.session_state[key(app, "status_history")]["added_rows"]
    assert kept["since"] == "2016-13"


def test_deleting_the_open_record_asks_first_and_can_be_undone(app, store_path):
    open_page(app, "records")
    assert key(app, "delete") not in [b.key for b in app.button]  # a new record: nothing to delete
    original = stored(store_path)["pj-polypropylene"]
    app.selectbox(key="rf_pick").set_value(original.id).run()
    app.button(key=key(app, "delete")).click().run()
    assert literal(app.warning[0].value).startswith(
        f"Delete the project '{original.title}' (pj-polypropylene)?"
    )
    assert len(stored(store_path)) == SEED_COUNT  # nothing deleted before the confirmation
    app.button(key="records_delete_no").click().run()
    assert not app.warning
    assert len(stored(store_path)) == SEED_COUNT
    app.button(key=key(app, "delete")).click().run()
    app.button(key="records_delete_yes").click().run()
    assert not app.exception
    assert original.id not in stored(store_path)
    assert literal(app.success[0].value) == (
        f"Deleted the project '{original.title}' (pj-polypropylene)."
    )
    # The table, the count and the record picker no longer have it; the form is empty.
    assert app.caption[0].value == f"{SEED_COUNT - 1} of {SEED_COUNT - 1} records"
    assert original.id not in list(app.dataframe(key="records_table").value["id"])
    assert original.id not in app.selectbox(key="rf_pick").options
    assert app.text_input(key=key(app, "title")).value == ""
    # Undo brings it back as it was.
    app.button(key="delete_undo").click().run()
    assert not app.exception
    assert stored(store_path)[original.id] == original
    assert literal(app.success[0].value) == (
        f"Restored the project '{original.title}' (pj-polypropylene)."
    )
    assert app.caption[0].value == f"{SEED_COUNT} of {SEED_COUNT} records"
    assert "delete_undo" not in [b.key for b in app.button]
    app.button(key="delete_dismiss").click().run()
    assert not app.success


def test_deleting_a_record_someone_else_changed_or_deleted_is_refused(app, store_path):
    open_page(app, "records")
    app.selectbox(key="rf_pick").set_value("pj-polypropylene").run()
    title = app.text_input(key=key(app, "title")).value
    app.button(key=key(app, "delete")).click().run()
    with open_store(store_path) as other:
        other.update(
            validate_update(other.get("pj-polypropylene"), notes="theirs"), expected_version=1
        )
    app.button(key="records_delete_yes").click().run()
    assert not app.exception
    assert literal(app.error[0].value).startswith(
        f"Not deleted: '{title}' was changed by someone else after you opened it (you saw "
        "version 1, the store now has version 2)."
    )
    assert stored(store_path)["pj-polypropylene"].notes == "theirs"
    # Their version opened, then deleted by them before the confirmation.
    app.button(key=key(app, "discard")).click().run()
    assert app.text_area(key=key(app, "notes")).value == "theirs"
    app.button(key=key(app, "delete")).click().run()
    with open_store(store_path) as other:
        other.delete("pj-polypropylene")
    app.button(key="records_delete_yes").click().run()
    assert not app.exception
    assert literal(app.error[0].value) == (
        f"'{title}' (pj-polypropylene) was already deleted by someone else; there was "
        "nothing to delete."
    )
    assert "delete_undo" not in [b.key for b in app.button]
    assert app.text_input(key=key(app, "title")).value == ""


def test_data_page_offers_the_downloads(app):
    open_page(app, "data")
    assert app.caption[0].value == f"{SEED_COUNT} of {SEED_COUNT} records"
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Map (HTML)", "GeoJSON", "CSV", "Excel", "GeoPackage", "IATI XML"]


MIME = {
    ".csv": "text/csv",
    ".geojson": "application/geo+json",
    ".gpkg": "application/geopackage+sqlite3",
    ".kml": "application/vnd.google-earth.kml+xml",
}
HOSTILE_NAME = "{{ 7*7 }} <script>alert(1)</script>"
REPORT = "coopmap-import-report.csv"


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """What the page's download buttons offer, by file name (as AppTest keeps them)."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    offered: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, data, mimetype, kind, filename=None):
        if filename is not None and isinstance(data, bytes):
            offered[filename] = data
        return original(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return offered


def upload(app: AppTest, path: Path, name: str) -> AppTest:
    app.get("file_uploader")[0].upload(name, path.read_bytes(), MIME[path.suffix]).run()
    assert not app.exception, app.exception
    return app


def warning_table(app: AppTest) -> Any:
    """The upload's table of warnings (the one with reasons but no status), or None."""
    tables = [t.value for t in app.dataframe if "reason" in t.value.columns]
    return next((t for t in tables if "status" not in t.columns), None)


def store_state(store_path: Path) -> tuple[int, dict[str, Any]]:
    """The store's revision and records, to show that nothing was written."""
    with open_store(store_path) as store:
        return store.revision(), {r.id: r.to_dict() for r in store.records()}


@pytest.mark.parametrize("extension", UPLOAD_FORMATS)
def test_uploading_each_format_previews_each_row_then_imports(
    app, store_path, tmp_path, downloads, extension
):
    open_page(app, "data")
    assert extension in app.get("file_uploader")[0].allowed_type
    name = f"{HOSTILE_NAME} sheet{extension}"
    upload(app, mixed_file(seed_by_id(), tmp_path, extension), name)
    rows = table_with(app, "status")
    labels = {"update": "update (id exists)"}
    assert list(rows["status"]) == [labels.get(status, status) for status in MIXED_ROWS]
    assert rows.iloc[2]["title"] == UPLOADED_TITLE  # a cell: shown as it is, never as markup
    swapped, bad = rows.iloc[3], rows.iloc[5]
    assert swapped["record"] == "pj-upload-swapped"
    assert swapped["reason"].startswith("latitude and longitude look swapped")
    assert (bad["field"], bad["reason"]) == ("start", "month 13 is not between 1 and 12")
    assert list(rows["warnings"]) == [0, 0, 0, 0, 1, 0]
    warnings = warning_table(app)
    assert list(warnings["record"]) == ["pj-upload-abroad"]
    assert "lies outside KZ" in warnings.iloc[0]["reason"]
    # The report lists the problems and the warning, as coopmap import --report does.
    report = list(csv.DictReader(io.StringIO(downloads[REPORT].decode("utf-8"))))
    first = 2 if extension == ".csv" else 1
    assert [(line["row"], line["level"]) for line in report] == [
        (str(first + 3), "error"),
        (str(first + 5), "error"),
        (str(first + 4), "warning"),
    ]
    assert {line["file"] for line in report} == {name}

    # All or nothing by default: the invalid rows block the import.
    before = store_state(store_path)
    assert app.radio(key="import_mode").value == "all"
    assert app.button(key="import_button").disabled
    app.radio(key="import_mode").set_value("valid").run()
    button = app.button(key="import_button")
    assert not button.disabled
    assert button.label == "Import 3 new or changed records"
    assert store_state(store_path) == before  # nothing written before the click
    button.click().run()
    assert not app.exception
    [success] = app.success
    assert literal(success.value) == (
        f"Imported {name}: 2 new, 1 updated, 1 unchanged; 2 invalid rows skipped."
    )
    assert "\\{\\{ 7\\*7 \\}\\} \\<script\\>" in success.value  # every mark escaped: inert
    records = stored(store_path)
    assert records["pj-astana-light-rail"].notes == "changed in the file"
    assert records["pj-upload-payload"].title == UPLOADED_TITLE
    assert "pj-upload-abroad" in records  # a warning does not stop the row
    assert "pj-upload-swapped" not in records
    assert "pj-upload-bad" not in records
    assert len(records) == SEED_COUNT + 2
    # The app reads the new revision: the caption counts the imported records.
    assert app.caption[0].value == f"{SEED_COUNT + 2} of {SEED_COUNT + 2} records"


def test_a_valid_file_imports_whole_and_strict_refuses_its_warnings(app, store_path, tmp_path):
    update, unchanged, new, _, abroad, _ = mixed_records(seed_by_id())
    path = tmp_path / "valid.geojson"
    export([update, unchanged, new, abroad], path)
    open_page(app, "data")
    upload(app, path, "valid.geojson")
    assert not [r for r in app.radio if r.key == "import_mode"]  # no invalid rows, no choice
    assert len(warning_table(app)) == 1
    assert not app.button(key="import_button").disabled

    app.checkbox(key="import_strict").check().run()
    rows = table_with(app, "status")
    assert list(rows["status"]) == ["update (id exists)", "unchanged", "new", "invalid"]
    assert "lies outside KZ" in rows.iloc[3]["reason"]
    assert warning_table(app) is None
    assert app.radio(key="import_mode").value == "all"
    assert app.button(key="import_button").disabled

    app.checkbox(key="import_strict").uncheck().run()
    app.button(key="import_button").click().run()
    assert literal(app.success[0].value) == "Imported valid.geojson: 2 new, 1 updated, 1 unchanged."
    assert {"pj-upload-payload", "pj-upload-abroad"} <= set(stored(store_path))


def test_an_import_that_fails_leaves_the_store_as_it_was(app, store_path, tmp_path):
    update, _, new, *_ = mixed_records(seed_by_id())
    path = tmp_path / "sheet.csv"
    export([update, new], path)
    open_page(app, "data")
    upload(app, path, "sheet.csv")
    button = app.button(key="import_button")
    assert button.label == "Import 2 new or changed records"
    # Meanwhile another app instance edits a record: the preview no longer says what would be.
    with open_store(store_path) as other:
        plant = validate_update(other.get("pj-automobile-assembly"), notes="edited elsewhere")
        other.update(plant, expected_version=1)
    before = store_state(store_path)
    button.click().run()
    assert not app.exception
    [error] = app.error
    assert literal(error.value).startswith(
        "Nothing was imported: the store has changed since sheet.csv was previewed"
    )
    assert store_state(store_path) == before
    # The page previews the file again against the store as it is now; then it imports.
    app.button(key="import_button").click().run()
    assert literal(app.success[0].value) == "Imported sheet.csv: 1 new, 1 updated, 0 unchanged."
    assert stored(store_path)["pj-automobile-assembly"].notes == "edited elsewhere"


def test_uploading_a_file_with_a_bad_header_imports_nothing(app, store_path, downloads):
    open_page(app, "data")
    # no column is the title: a layout coopmap does not know (coopmap.formats.mapping)
    app.get("file_uploader")[0].upload("bad.csv", b"label,sectors\nAstana,transport\n").run()
    messages = [literal(e.value) for e in app.error]
    assert any("field 'title': no column is the title" in m for m in messages)
    assert not [b for b in app.button if b.key == "import_button"]
    report = list(csv.reader(io.StringIO(downloads[REPORT].decode("utf-8"))))
    assert report[0] == ["file", "row", "record", "field", "level", "reason"]
    assert report[1][:5] == ["bad.csv", "", "row 1 (header)", "title", "error"]
    assert "Its columns: 'label' (not recognised), 'sectors' (sectors)" in report[1][5]


def app_records(app: AppTest) -> list[Any]:
    with open_store(os.environ["COOPMAP_STORE"]) as store:
        return store.records()


def test_summary_page_counts_the_filtered_records(app):
    open_page(app, "summary")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Records"] == str(SEED_COUNT)
    assert int(metrics["Projects"]) + int(metrics["Events"]) == SEED_COUNT
    assert len(app.get("vega_lite_chart")) == 4
    by_sector = table_with(app, "sector")  # the table under the sector chart
    assert by_sector["records"].sum() == sum(
        row["records"] for row in summary.by_sector(app_records(app))
    )
    app.sidebar.multiselect(key="f_kinds").set_value(["event"]).run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Projects"] == "0"
    assert metrics["Records"] == metrics["Events"]


# --- the real app in Chromium ---------------------------------------------------------------------


DRAWN_LINE = """() => !!window.drawnItems && window.drawnItems.getLayers().some(
    layer => layer.getLatLngs && layer.getLatLngs().length === 3)"""


def _draw_line(page: Any, *, attempts: int = 3) -> None:
    """Draw a line of three points on the form's map with the mouse.

    The map's frame can be replaced by a rerun still under way (the place just added moves
    its view), and clicks sent to a frame on its way out are lost: draw again in the new frame
    until the frame itself holds the line.
    """
    for attempt in range(attempts):
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
        frame.scroll_into_view_if_needed()
        inside = frame.element_handle().content_frame()
        try:
            inside.wait_for_selector("a.leaflet-draw-draw-polyline", timeout=30_000)
            inside.click("a.leaflet-draw-draw-polyline")
            box = frame.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            points = [(x - 90, y + 20), (x, y - 30), (x + 90, y + 10)]
            browser.draw_vertices(page, points, frame=inside)
            # The last point clicked again ends the line.
            browser.click_until(page, *points[-1], DRAWN_LINE, frame=inside)
            return
        except Exception:
            if attempt == attempts - 1:
                browser.screenshot(page, "app_draw_failure")
                raise
            browser.app_idle(page)


def _read_gpkg_titles(path: Path) -> list[str]:
    code = textwrap.dedent(
        """
        import json, sys, pyogrio.raw
        meta, _, _, fields = pyogrio.raw.read(sys.argv[1], layer="records")
        print(json.dumps([str(t) for t in fields[list(meta["fields"]).index("title")]]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium")
def test_the_pages_in_a_real_browser(served_app, tmp_path):
    url, store_path = served_app
    with (
        browser.launch() as chromium,
        browser.open_app(chromium, url, width=1400, height=2200) as (page, log),
    ):
        page.get_by_test_id("stSidebarNav").wait_for(timeout=60_000)

        # Records: add a project with a hostile title, a geocoded place and a drawn route.
        main = browser.go_to_page(page, "Records")
        main.get_by_label("Title", exact=True).fill(PAYLOAD)
        with browser.app_rerun(page):
            main.get_by_label("Title", exact=True).press("Enter")
        main.get_by_role("combobox", name="Sectors").click()
        with browser.app_rerun(page):
            page.get_by_role("option", name="Transport and storage").click()
            page.keyboard.press("Escape")
        place = main.get_by_role("textbox", name="Add a place")
        place.fill("Astana")
        with browser.app_rerun(page):
            place.press("Enter")
        _draw_line(page)
        # st_folium reports the drawing after a debounce: wait for the rerun it causes.
        main.get_by_text("A drawn line with 3 points").wait_for(timeout=30_000)
        browser.app_idle(page)
        browser.wait_at_rest(page)
        browser.screenshot(page, "app_records_form")
        with browser.app_rerun(page):
            main.get_by_role("button", name="Save").click()
        main.get_by_test_id("stAlertContentSuccess").wait_for(timeout=30_000)
        notice = main.get_by_test_id("stAlertContentSuccess").inner_text()
        assert f"Saved '{PAYLOAD}'" in notice  # literal, escapes and all
        table = main.get_by_test_id("stDataFrame").first
        assert table.is_visible()
        browser.screenshot(page, "app_records_saved")

        # Data: the downloads carry the new record.
        main = browser.go_to_page(page, "Data")
        with page.expect_download() as download:
            main.get_by_role("button", name="GeoJSON").click()
        geojson = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        titles = [f["properties"]["title"] for f in geojson["features"]]
        assert PAYLOAD in titles
        assert len(titles) == SEED_COUNT + 1
        with page.expect_download() as download:
            main.get_by_role("button", name="GeoPackage").click()
        gpkg = tmp_path / "download.gpkg"
        download.value.save_as(gpkg)
        assert PAYLOAD in _read_gpkg_titles(gpkg)
        for label, extension in (("Excel", ".xlsx"), ("IATI XML", ".xml")):
            with page.expect_download() as download:
                main.get_by_role("button", name=label).click()
            saved = tmp_path / f"download{extension}"
            download.value.save_as(saved)
            assert PAYLOAD in [record.title for record in read_records(saved)]
        browser.screenshot(page, "app_data")

        # Summary: four charts of the filtered records.
        main = browser.go_to_page(page, "Summary")
        main.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)
        assert main.locator("[data-testid='stVegaLiteChart']").count() == 4
        assert main.get_by_test_id("stMetricValue").first.inner_text() == str(SEED_COUNT + 1)
        browser.screenshot(page, "app_summary")

        assert log.dialogs == []
        assert log.unexpected_errors() == []

    with open_store(store_path) as store:
        [record] = [r for r in store.records() if r.title == PAYLOAD]
    [location] = record.locations
    assert location.geometry.geom_type == "LineString"
    assert location.geometry_source == "drawn"
    assert (location.name, location.country) == ("Astana", "KZ")
