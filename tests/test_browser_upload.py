"""The Data page's upload in headless Chromium, offline: a sheet of place names in its own
column names uploaded, a column mapped, an ambiguous name picked on its candidates' map, an
unfound one typed again, the import confirmed, and the records shown on the Records page."""

from __future__ import annotations

from pathlib import Path

import pytest

import browser
from apptest_helpers import SEED_COUNT
from builders import PLACES_SHEET
from coopmap.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium"),
]

WAIT_MS = 60_000
OWN_HEADER = "Project name,Sector,Country,Place,Budget line"


def own_sheet() -> str:
    """:data:`PLACES_SHEET` in a user's own column names, with a column coopmap does not know."""
    _, *rows = PLACES_SHEET.splitlines()
    return "\n".join([OWN_HEADER, *(f"{row},B-{n}" for n, row in enumerate(rows, 1))]) + "\n"


def _upload(page, sheet: Path):
    main = browser.go_to_page(page, "Data")
    with browser.app_rerun(page):
        main.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(sheet))
    main.get_by_text("Places to review").wait_for(timeout=WAIT_MS)
    main.get_by_text("Columns: 5, 1 not recognised").wait_for(timeout=WAIT_MS)
    return main


def _map_frame(page, chosen: str):
    """The frame of the candidates' map once it shows the candidate ``chosen`` (its number)
    as the one taken."""

    def found():
        for frame in page.frames:
            try:
                if frame.locator(".coopmap-candidate-chosen", has_text=chosen).count():
                    return frame
            except Exception:  # a frame replaced while asked
                continue
        return None

    frame = browser.poll(found, page=page, timeout=30)
    assert frame is not None, f"no map shows {chosen!r} as chosen"
    return frame


INSIDE = """() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  return [...document.querySelectorAll('.coopmap-candidate')].every(tip => {
    const box = tip.getBoundingClientRect();
    return box.left >= map.left && box.right <= map.right
      && box.top >= map.top && box.bottom <= map.bottom;
  });
}"""
"""Whether every candidate's number lies inside its map: the map opens on them all."""


def test_an_upload_reviewed_in_a_real_browser(served_app, tmp_path):
    url, store_path = served_app
    sheet = tmp_path / "places.csv"
    sheet.write_text(own_sheet(), encoding="utf-8")
    with browser.launch() as chromium:
        # A narrow window: the review as it reads on a small screen; nothing is imported.
        with browser.open_app(chromium, url, width=800, height=1800) as (page, log):
            _upload(page, sheet)
            frame = _map_frame(page, "1")
            assert frame.locator(".coopmap-candidate").all_inner_texts() == ["1", "2"]
            browser.wait_at_rest(page)
            browser.screenshot(page, "app_upload_review_800")
            assert frame.evaluate(INSIDE)
            assert log.unexpected_errors() == []

        with browser.open_app(chromium, url, width=1400, height=1800) as (page, log):
            main = _upload(page, sheet)
            # The budget line, not recognised, is mapped to the notes.
            main.get_by_role("combobox", name="Budget line").click()
            page.keyboard.type("notes")  # the list is long: typing narrows it
            with browser.app_rerun(page):
                page.get_by_role("option", name="notes", exact=True).click()
            frame = _map_frame(page, "1")
            frame.locator(".coopmap-candidate", has_text="2").click()  # its dot: its popup
            popup = frame.locator(".leaflet-popup-content")
            assert popup.inner_text() == "2. Hyderabad (Sindh, PK)"
            with browser.app_rerun(page):
                main.get_by_text("2. Hyderabad \u2014 Sindh, PK").click()
            typed = main.get_by_role("textbox", name="Look it up as")
            typed.fill("Astana")
            with browser.app_rerun(page):
                typed.press("Enter")
            main.get_by_text("4 rows: 4 new").wait_for(timeout=WAIT_MS)
            found = main.get_by_text("Astana \u2014 Astana, KZ")
            assert found.inner_text().replace("\u2060", "").startswith("Found: Astana")
            frame = _map_frame(page, "2")  # the map redrawn with the pick
            browser.wait_at_rest(page)
            assert frame.evaluate(INSIDE)
            browser.screenshot(page, "app_upload_review_1400")
            with open_store(store_path) as store:
                assert not [r for r in store.records() if r.title == "Hyderabad metro"]
            with browser.app_rerun(page):
                main.get_by_role("button", name="Import 4 new or changed records").click()
            main.get_by_test_id("stAlertContentSuccess").wait_for(timeout=WAIT_MS)
            notice = main.get_by_test_id("stAlertContentSuccess").inner_text().replace("\u2060", "")
            assert "Imported places.csv: 4 new, 0 updated, 0 unchanged." in notice
            browser.screenshot(page, "app_upload_imported_1400")

            # The Records page lists the new records; the search finds the one picked for.
            main = browser.go_to_page(page, "Records")
            main.get_by_text(f"{SEED_COUNT + 4} of {SEED_COUNT + 4} records").wait_for()
            search = page.get_by_role("textbox", name="Search titles, notes, organisations")
            search.fill("Hyderabad metro")
            with browser.app_rerun(page):
                search.press("Enter")
            main.get_by_text(f"1 of {SEED_COUNT + 4} records").wait_for(timeout=WAIT_MS)
            assert main.get_by_test_id("stDataFrame").first.is_visible()
            browser.screenshot(page, "app_upload_records_1400")
            assert log.dialogs == []
            assert log.unexpected_errors() == []

    with open_store(store_path) as store:
        records = {r.title: r for r in store.records()}
    assert records["Hyderabad metro"].locations[0].country == "PK"
    assert records["Typo depot"].locations[0].resolved_name == "Astana"
    assert records["Typo depot"].notes == "B-4"
