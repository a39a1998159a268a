"""The Data page's upload in steps: the mapping of a table's columns (detected, changed, saved
and offered again), the review of its place names (a candidate picked, a name typed instead),
then the preview and the import, nothing written before it (AppTest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from apptest_helpers import APP, SEED_COUNT, literal, open_page, stored, table_with
from builders import PLACES_SHEET
from coopmap.formats import export
from coopmap.model import Location, Project, point_from_latlon
from coopmap.store import open_store

ASTANA = Location(name="Astana", geometry=point_from_latlon(51.18, 71.45))


def upload_sheet(app: AppTest, text: str = PLACES_SHEET, name: str = "places.csv") -> AppTest:
    open_page(app, "data")
    app.get("file_uploader")[0].upload(name, text.encode(), "text/csv").run()
    assert not app.exception, app.exception
    return app


def picks(app: AppTest) -> list[Any]:
    return [radio for radio in app.radio if radio.label == "Which place"]


def typed(app: AppTest) -> Any:
    [field] = [field for field in app.text_input if field.label == "Look it up as"]
    return field


def revision(store_path) -> int:
    with open_store(store_path) as store:
        return store.revision()


def test_the_review_lists_each_ambiguous_and_unfound_name_once(app):
    upload_sheet(app)
    questions = [literal(m.value) for m in app.markdown if literal(m.value).startswith("'")]
    assert questions == [
        "'Hyderabad' (row 3, row 4) could be 2 places",
        "'Astna' (row 5): no place of this name in KZ in the gazetteer",
    ]
    assert literal(app.caption[2].value) == (
        "Ambiguous: 1 name, imported as its first place unless you pick another. Not found: "
        "1 name, whose rows are invalid unless you type a name the gazetteer knows."
    )
    [pick] = picks(app)
    assert pick.value == 0  # the best-ranked, which the import takes unless another is picked
    assert [option.split(" \u00b7 ")[0] for option in pick.options] == [
        "1. Hyderabad \u2014 Telangana, IN",
        "2. Hyderabad \u2014 Sindh, PK",
    ]
    rows = table_with(app, "status")
    assert list(rows["status"]) == ["new", "new", "new", "invalid"]
    assert "no place called 'Astna' in KZ" in rows.iloc[3]["reason"]
    assert app.button(key="import_button").disabled  # all or nothing, with an invalid row


def test_a_picked_candidate_and_a_retyped_name_are_imported_on_confirmation(app, store_path):
    before = revision(store_path)
    upload_sheet(app)
    picks(app)[0].set_value(1).run()
    typed(app).input("Astana").run()
    assert not app.exception, app.exception
    found = "Found: Astana \u2014 Astana, KZ \u00b7 City or town \u00b7 pop. 1,544,142"
    assert found in [literal(c.value) for c in app.caption]
    rows = table_with(app, "status")
    assert list(rows["status"]) == ["new"] * 4
    assert (
        "4 place names geocoded: 4 found (3 as you answered), 0 ambiguous (the best-ranked "
        "taken), 0 not found; 4 placed (4 city or town)."
    ) in [c.value for c in app.caption]
    button = app.button(key="import_button")
    assert button.label == "Import 4 new or changed records"
    assert revision(store_path) == before  # nothing written before the click
    button.click().run()
    assert literal(app.success[0].value) == "Imported places.csv: 4 new, 0 updated, 0 unchanged."
    records = {record.title: record for record in stored(store_path).values()}
    assert len(records) == SEED_COUNT + 4
    for title in ("Hyderabad metro", "Hyderabad depot"):
        [location] = records[title].locations
        assert (location.name, location.country, location.resolved_name) == (
            "Hyderabad",
            "PK",
            "Hyderabad",
        )
    [typo] = records["Typo depot"].locations
    assert (typo.name, typo.resolved_name, typo.country) == ("Astna", "Astana", "KZ")
    # The import done, the page asks for a new file.
    assert not picks(app)


def test_a_name_typed_that_is_unknown_too_keeps_its_rows_invalid(app, store_path):
    upload_sheet(app)
    typed(app).input("Astanna").run()
    assert literal(app.warning[0].value) == "The gazetteer does not know 'Astanna' either."
    rows = table_with(app, "status")
    assert rows.iloc[3]["status"] == "invalid"
    assert app.button(key="import_button").disabled


def test_a_name_typed_that_is_ambiguous_offers_its_candidates(app, store_path):
    sheet = "title,sectors,location\nA depot,transport,Tripolli\n"
    upload_sheet(app, sheet)
    typed(app).input("Tripoli").run()
    [pick] = picks(app)
    assert [option.split(" \u00b7 ")[0] for option in pick.options] == [
        "1. Tripoli \u2014 Tripoli, LY",
        "2. Tripoli \u2014 Liban-Nord, LB",
    ]
    pick.set_value(1).run()
    app.button(key="import_button").click().run()
    [depot] = [r for r in stored(store_path).values() if r.title == "A depot"]
    assert (depot.locations[0].name, depot.locations[0].country) == ("Tripolli", "LB")


def test_a_file_whose_places_are_all_found_goes_straight_to_the_preview(app):
    upload_sheet(app, "title,sectors,countries,location\nA line,transport,KZ,Astana; Almaty\n")
    assert not picks(app)
    assert not [m for m in app.markdown if m.value == "**Places to review**"]
    assert not [m for m in app.markdown if "registry" in m.value]  # no stray script text
    assert list(table_with(app, "status")["status"]) == ["new"]


# --- the columns step ---------------------------------------------------------------------------

OWN_COLUMNS = """\
Project name,Sector,Country,Site,Budget line
Astana light rail,transport,KZ,Astana,B-17
"""
"""A sheet in the user's own column names: each but the budget line a synonym coopmap knows."""


@pytest.fixture
def mappings(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "mappings"
    monkeypatch.setenv("COOPMAP_MAPPINGS_DIR", str(folder))
    return folder


def column_box(app: AppTest, header: str) -> Any:
    [box] = [box for box in app.selectbox if literal(box.label) == header]
    return box


def new_record(app: AppTest) -> Any:
    [row] = [row for row in app.session_state["import_previews"].values()][-1].records
    return row


def test_the_columns_detected_from_the_headers_are_shown_and_can_be_changed(app, mappings):
    upload_sheet(app, OWN_COLUMNS, "own.csv")
    [expander] = [e for e in app.expander if e.label.startswith("Columns")]
    assert expander.label == "Columns: 5, 1 not recognised (ignored unless you map them)"
    assert [column_box(app, h).value for h in OWN_COLUMNS.splitlines()[0].split(",")] == [
        "title", "sectors", "countries", "location", "",
    ]  # fmt: skip
    assert "Ignored: 'Budget line'" in [literal(c.value) for c in app.caption]
    assert list(table_with(app, "status")["status"]) == ["new"]
    # The budget line kept in the notes, then mapped to them.
    keep = next(c for c in app.checkbox if c.label.startswith("Keep the ignored"))
    keep.check().run()
    assert new_record(app).notes == "Budget line: B-17"
    keep.uncheck().run()
    column_box(app, "Budget line").set_value("notes").run()
    assert new_record(app).notes == "B-17"
    column_box(app, "Site").set_value("").run()  # ignored: no place, no coordinates
    assert new_record(app).locations == []


def test_a_mapping_saved_is_offered_for_the_next_file(app, mappings):
    upload_sheet(app, OWN_COLUMNS, "own.csv")
    column_box(app, "Budget line").set_value("notes").run()
    [name] = [f for f in app.text_input if f.label == "Save this mapping as"]
    name.input("budget sheets").run()
    next(b for b in app.button if b.label == "Save the mapping").click().run()
    assert not app.exception, app.exception
    saved = mappings / "budget sheets.toml"
    assert saved.is_file()
    assert any("Saved the mapping 'budget sheets'" in literal(s.value) for s in app.success)
    from coopmap.formats.mapping import read_mapping

    assert read_mapping(saved).columns["Budget line"] == "notes"

    # A new session, a new file of the same layout: the saved mapping is there to start from.
    again = AppTest.from_file(str(APP), default_timeout=120)
    again.run()
    upload_sheet(again, OWN_COLUMNS.replace("B-17", "C-3"), "next.csv")
    start = next(box for box in again.selectbox if box.label == "Start from")
    assert start.options == ["the columns detected from the headers", "budget sheets"]
    assert column_box(again, "Budget line").value == ""
    start.set_value("budget sheets").run()
    assert column_box(again, "Budget line").value == "notes"
    assert new_record(again).notes == "C-3"


def test_a_file_in_an_unknown_layout_is_mapped_in_the_app(app, mappings):
    upload_sheet(app, "Nom,Secteur,Lieu\nGare d'Astana,transport,Astana\n", "fr.csv")
    messages = [literal(e.value) for e in app.error]
    assert any("no column is the title" in m and "'Nom'" in m for m in messages), messages
    assert not [b for b in app.button if b.key == "import_button"]
    column_box(app, "Nom").set_value("title").run()
    column_box(app, "Secteur").set_value("sectors").run()
    column_box(app, "Lieu").set_value("location").run()
    assert not app.error
    record = new_record(app)
    assert (record.title, record.locations[0].resolved_name) == ("Gare d'Astana", "Astana")
    app.button(key="import_button").click().run()
    assert literal(app.success[0].value) == "Imported fr.csv: 1 new, 0 updated, 0 unchanged."


def test_a_gis_file_s_ignored_fields_are_named(app, tmp_path):
    path = tmp_path / "layer.kml"
    project = Project(id="pj-line", title="A line", sectors=["transport"], locations=[ASTANA])
    export([project], path)
    kml = path.read_text(encoding="utf-8")
    field, data = '<SimpleField name="kind"', '<SimpleData name="kind">'
    assert field in kml
    assert data in kml
    kml = kml.replace(field, f'<SimpleField name="Colour" type="string"></SimpleField>{field}')
    kml = kml.replace(data, f'<SimpleData name="Colour">red</SimpleData>{data}')
    open_page(app, "data")
    app.get("file_uploader")[0].upload("layer.kml", kml.encode(), "text/xml").run()
    assert not [e for e in app.expander if e.label.startswith("Columns")]  # not a table
    assert "Ignored: 'Colour'" in [literal(c.value) for c in app.caption]
    assert list(table_with(app, "status")["status"]) == ["new"]


def test_many_names_to_review_show_the_first_and_say_so(app):
    rows = "".join(f"Depot {n},transport,KZ,Nowhere{n}ville\n" for n in range(45))
    upload_sheet(app, "title,sectors,countries,location\n" + rows)
    assert len([f for f in app.text_input if f.label == "Look it up as"]) == 40
    assert literal(app.warning[0].value).startswith("45 names need a word; the first 40 are here.")


def test_a_workbook_s_sheet_is_chosen_before_its_columns(app, tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "book.xlsx"
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Something else entirely"])
    projects = book.create_sheet("Projects")
    projects.append(["Name", "Sector", "City"])
    projects.append(["Almaty metro", "transport", "Almaty"])
    book.save(path)
    open_page(app, "data")
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    app.get("file_uploader")[0].upload("book.xlsx", path.read_bytes(), mime).run()
    sheet = next(box for box in app.selectbox if box.label == "Sheet")
    assert (sheet.options, sheet.value) == (["Notes", "Projects"], "Notes")
    assert any("no column is the title" in literal(e.value) for e in app.error)
    sheet.set_value("Projects").run()
    assert not app.error
    assert [column_box(app, h).value for h in ("Name", "Sector", "City")] == [
        "title",
        "sectors",
        "location",
    ]
    record = new_record(app)
    assert (record.title, record.locations[0].resolved_name) == ("Almaty metro", "Almaty")
