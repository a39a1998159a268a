"""The Data page's upload in steps: the review of its place names (a candidate picked, a name
typed instead), then the preview and the import, nothing written before it (AppTest)."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from apptest_helpers import SEED_COUNT, literal, open_page, stored, table_with
from builders import PLACES_SHEET
from coopmap.store import open_store


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
    assert list(table_with(app, "status")["status"]) == ["new"]
