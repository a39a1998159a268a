"""The Ingest page: AppTest runs of a report read, reviewed and stored, and the real page in
Chromium."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import browser
from apptest_helpers import APP, PAYLOADS, SEED_COUNT, key, literal, open_page, stored
from coopmap.reports import extract
from coopmap.services import ingest_records, propose_records
from coopmap.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
import proposal_cards
from coopmap.display.marked import found_text, marked_html

REPORTS = Path(__file__).parent / "data" / "reports"
BEIJING = (REPORTS / "beijing-talks.txt").read_text(encoding="utf-8")
PAYLOAD_REPORT = (
    "ASTANA, December 15, 2015 -- Kazakh and Chinese officials held talks in Beijing on "
    "Monday. " + " ".join(PAYLOADS) + "\n\n"
    "The Astana light railway, a 22.4 km line with 18 stations, will be built by China "
    "Railway Group."
)
RAW = ("<script", "<img", "</script")


def paste(app: AppTest, text: str, *, date: dt.date | None = None) -> AppTest:
    open_page(app, "ingest")
    if date is not None:
        app.date_input(key="ingest_date").set_value(date)
    app.text_area(key="ingest_text").set_value(text).run()
    assert not app.exception, app.exception
    return app


def titles(app: AppTest) -> list[str]:
    """The proposals' titles as shown (each card's bold first line)."""
    cards = [m.value for m in app.markdown if re.fullmatch(r"\*\*.*\*\*", m.value, re.S)]
    return [literal(card[2:-2]) for card in cards]


def card_id(app: AppTest, title: str) -> str:
    ids = [
        b.key.removeprefix("ingest_reject_")
        for b in app.button
        if b.key.startswith("ingest_reject_")
    ]
    return ids[titles(app).index(title)]


def facts(app: AppTest, title: str) -> str:
    """The facts that follow a proposal's title, as read (without the Markdown)."""
    values = [m.value for m in app.markdown]
    at = values.index(next(v for v in values if literal(v) == f"**{title}**"))
    return literal(values[at + 1]).replace("**", "")


def html_bodies(app: AppTest) -> list[str]:
    return [h.value for h in app.html]


def count(store_path: Path) -> int:
    with open_store(store_path) as store:
        return store.count()


# --- AppTest --------------------------------------------------------------------------------------


def test_the_ingest_page_asks_for_a_report(app):
    open_page(app, "ingest")
    assert "Paste a report above" in app.info[0].value
    assert app.text_area(key="ingest_text").value == ""
    assert app.date_input(key="ingest_date").value is None


def test_a_report_is_marked_and_proposes_its_events_and_projects(app):
    paste(app, BEIJING, date=dt.date(2015, 12, 15))
    shown = titles(app)
    assert "Talks between Li Keqiang and Karim Massimov in Beijing" in shown
    assert "Meeting of SCO heads of government in Zhengzhou" in shown
    assert "Second World Internet Conference in Wuzhen" in shown
    assert "Astana light railway" in shown
    # Their fields, as the report gives them (read against the date given).
    assert "Date: 2015-12-16 \u2013 2015-12-18" in facts(
        app, "Second World Internet Conference in Wuzhen"
    )
    assert "Wuzhen — City or town" in facts(app, "Second World Internet Conference in Wuzhen")
    railway = facts(app, "Astana light railway")
    for expected in (
        "Sectors: Transport and storage",
        "Astana — City or town",
        "China Railway Group (contractor)",
        "length: 22.4 km",
        "stations: 18",
        "depots: 1",
    ):
        assert expected in railway, (expected, railway)
    # The ids are those `coopmap ingest` gives, shown on each card.
    ids = [r.id for r in propose_records(BEIJING, date="2015-12-15")]
    shown_ids = [
        b.key.removeprefix("ingest_reject_")
        for b in app.button
        if b.key.startswith("ingest_reject_")
    ]
    assert shown_ids == ids
    # The text, with each kind of mention marked in its own colour, and a legend.
    legend, report = html_bodies(app)[:2]
    for kind in ("place", "date", "organisation", "person", "quantity"):
        assert f'data-kind="{kind}"' in legend
        assert f'data-kind="{kind}"' in report
    assert re.search(
        r'data-kind="place" title="Place: Zhengzhou, CN"[^>]*>Zhengzhou</mark>', report
    )
    assert re.search(r'data-kind="quantity" title="Quantity: 22.4 km"[^>]*>22.4 km</mark>', report)
    assert re.search(r'data-kind="date" title="Date: 2015-12-14"[^>]*>Monday</mark>', report)
    assert re.search(r'data-kind="organisation"[^>]*>China Railway Group</mark>', report)
    assert re.search(r'data-kind="person"[^>]*>Premier Li Keqiang</mark>', report)
    # Evidence: the sentences each proposal comes from, its words marked.
    evidence = [h for h in html_bodies(app) if "coopmap-evidence" in h]
    assert any(
        re.search(r'title="spec"[^>]*>18 stations</mark>', h)
        and re.search(r"<b>[^<]*\bspec\b[^<]*\borganisation\b[^<]*</b>", h)
        for h in evidence
    ), evidence
    # The proposals with a place are on the map.
    located = [r for r in propose_records(BEIJING, date="2015-12-15") if r.locations]
    assert any(
        c.value == f"{len(located)} of {len(ids)} proposals have a place on the map."
        for c in app.caption
    )
    _, m = app.session_state[proposal_cards.MAP]
    page = m.get_root().render()
    for record in located:
        assert record.id in page


def test_without_a_date_the_dateline_dates_the_report(app):
    paste(app, (REPORTS / "premiers-meet.txt").read_text(encoding="utf-8"))
    assert any(c.value == "Report date 2015-12-15, from the dateline." for c in app.caption)
    assert "Date: 2015-12-14" in facts(app, "14th SCO heads of government meeting in Zhengzhou")
    # A report with no date says what is missing.
    paste(app, BEIJING)
    assert any("No report date" in c.value for c in app.caption)


def test_the_page_says_which_language_it_read_and_takes_another(app):
    paste(app, "АСТАНА, 15 декабря 2015 года. Делегация из Китая провела переговоры в Астане.")
    assert any(c.value == "Read as Russian (from its script)." for c in app.caption)
    html = "".join(h.proto.body for h in app.get("html"))
    assert "Китая" in html
    assert "China, CN" in html
    app.selectbox(key="ingest_lang").set_value("en").run()
    assert not app.exception
    assert any(c.value == "Read as English." for c in app.caption)


def test_accepting_stores_the_proposal_once(app, store_path):
    paste(app, BEIJING, date=dt.date(2015, 12, 15))
    railway = card_id(app, "Astana light railway")
    # A second tab showing the same proposals before it is accepted.
    other = AppTest.from_file(str(APP), default_timeout=120)
    other.run()
    paste(other, BEIJING, date=dt.date(2015, 12, 15))
    app.button(key=f"ingest_accept_{railway}").click().run()
    assert not app.exception
    assert "Accepted" in literal(app.success[0].value)
    assert count(store_path) == SEED_COUNT + 1
    record = stored(store_path)[railway]
    assert record.draft is False
    assert record.title == "Astana light railway"
    assert record.sources[0].title == BEIJING.splitlines()[0]
    assert any(literal(c.value).endswith(f"stored · {railway}") for c in app.caption)
    assert app.button(key=f"ingest_accept_{railway}").disabled
    # Accepting again (in the other tab), saving all as drafts and ingesting the report
    # store nothing twice.
    other.button(key=f"ingest_accept_{railway}").click().run()
    assert (
        literal(other.info[0].value) == "'Astana light railway' is stored already; nothing changed."
    )
    assert count(store_path) == SEED_COUNT + 1
    app.button(key="ingest_save_drafts").click().run()
    total = len(propose_records(BEIJING, date="2015-12-15"))
    assert count(store_path) == SEED_COUNT + total
    assert "1 accepted before, left as they are" in literal(app.success[0].value)
    assert stored(store_path)[railway].draft is False
    assert any(literal(c.value).startswith("Event · Talks · stored as draft") for c in app.caption)
    with open_store(store_path) as store:
        result = ingest_records(store, propose_records(BEIJING, date="2015-12-15"))
    assert result.added == []
    app.button(key="ingest_accept_all").click().run()
    assert count(store_path) == SEED_COUNT + total
    assert not any(r.draft for r in stored(store_path).values())
    assert "Accepted 0" not in literal(app.success[0].value)
    app.button(key="ingest_accept_all").click().run()
    assert "Accepted 0; " in literal(app.success[0].value)
    assert count(store_path) == SEED_COUNT + total


def test_rejecting_drops_a_proposal_and_its_links(app, store_path):
    paste(app, BEIJING, date=dt.date(2015, 12, 15))
    before = titles(app)
    agreements = card_id(app, "Cooperation agreements")
    signing = "Signing of cooperation agreements in Beijing"
    assert "signed at: Cooperation agreements" in facts(app, signing)
    app.button(key=f"ingest_reject_{agreements}").click().run()
    assert titles(app) == [t for t in before if t != "Cooperation agreements"]
    assert f"ingest_accept_{agreements}" not in [b.key for b in app.button]
    assert "Linked projects" not in facts(app, signing)
    assert any(
        c.value == f"{len(before) - 1} proposals (1 of {len(before)} rejected)" for c in app.caption
    )
    # Saving all stores the others only, and the events link to no rejected project.
    app.button(key="ingest_save_drafts").click().run()
    assert count(store_path) == SEED_COUNT + len(before) - 1
    assert agreements not in stored(store_path)
    app.button(key="ingest_bring_back").click().run()
    assert titles(app) == before


def test_edit_opens_the_proposal_in_the_records_form(app, store_path):
    paste(app, BEIJING, date=dt.date(2015, 12, 15))
    railway = card_id(app, "Astana light railway")
    app.button(key=f"ingest_edit_{railway}").click().run()
    assert not app.exception
    # The page switched to Records, with the proposal stored as a draft and open in the form.
    assert app.text_input(key=key(app, "title")).value == "Astana light railway"
    assert app.checkbox(key=key(app, "draft")).value is True
    assert app.session_state["rf_pick"] == railway
    assert "from the Ingest page" in literal(app.success[0].value)
    assert stored(store_path)[railway].draft is True
    assert count(store_path) == SEED_COUNT + 1


@pytest.mark.parametrize("name", ["nothing-poem.txt", "nothing-recipe.txt"])
def test_a_text_that_proposes_nothing_says_so(app, name):
    paste(app, (REPORTS / name).read_text(encoding="utf-8"))
    [info] = app.info
    assert info.value.startswith("Nothing to propose: no event or project was found")
    assert not [b for b in app.button if b.key.startswith("ingest_")]


def test_a_report_is_uploaded_into_the_text_box(app):
    open_page(app, "ingest")
    upload = app.get("file_uploader")[0]
    upload.upload("report.txt", BEIJING.encode("utf-8")).run()
    assert app.text_area(key="ingest_text").value == BEIJING
    assert "Astana light railway" in titles(app)
    app.get("file_uploader")[0].upload("latin.txt", "Almaty caf\xe9".encode("latin-1")).run()
    assert "latin.txt is not UTF-8 text" in literal(app.error[0].value)


def test_payloads_in_a_report_show_literally(app, store_path):
    paste(app, PAYLOAD_REPORT)
    app.text_input(key="ingest_title").set_value(PAYLOADS[1]).run()
    report = next(h for h in html_bodies(app) if "coopmap-report" in h)
    for body in html_bodies(app):
        assert not any(raw in body.lower() for raw in RAW), body
    for shown in (*app.markdown, *app.caption, *app.error, *app.info, *app.success):
        assert not any(raw in shown.value.lower() for raw in RAW), shown.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "{{ 7*7 }}" in report
    assert "${alert(1)}" in report
    assert "Astana light railway" in titles(app)
    # The hostile source title is stored as text.
    railway = card_id(app, "Astana light railway")
    app.button(key=f"ingest_accept_{railway}").click().run()
    assert stored(store_path)[railway].sources[0].title == PAYLOADS[1]


def test_a_bad_source_link_is_refused_by_field(app, store_path):
    paste(app, BEIJING, date=dt.date(2015, 12, 15))
    app.text_input(key="ingest_url").set_value("javascript:alert(1)").run()
    errors = [literal(e.value) for e in app.error]
    assert any(e.startswith("url: a source link must start with http") for e in errors), errors
    assert not [b for b in app.button if b.key.startswith("ingest_accept")]
    assert count(store_path) == SEED_COUNT


def test_marked_text_escapes_every_piece_and_skips_overlaps():
    text = "<b>Astana</b> & 'Li'"
    html = marked_html(
        text,
        [(3, 9, "place", 'Place: "Astana"'), (4, 6, "date", "inside"), (17, 19, "person", "<Li>")],
    )
    assert html == (
        "&lt;b&gt;"
        '<mark data-kind="place" title="Place: &quot;Astana&quot;" style="background:#bcd9ff;'
        'color:#1a1a1a;border-radius:3px;padding:0 2px">Astana</mark>&lt;/b&gt; &amp; &#x27;'
        '<mark data-kind="person" title="&lt;Li&gt;" style="background:#f4c6ec;color:#1a1a1a;'
        'border-radius:3px;padding:0 2px">Li</mark>&#x27;'
    )
    read = extract(BEIJING, date="2015-12-15")
    found = found_text(read)
    assert found.startswith(f"{len(read.places)} places, {len(read.dates)} dates, ")
    assert found.endswith(f" {len(read.quantities)} quantities")


# --- the real page in Chromium --------------------------------------------------------------------

COUNT_FEATURES = """() => window.coopmap && coopmap.layers().filter(l => l._map)
    .reduce((n, l) => n + l.drawn(), 0)"""


def _map_features(page: Any, expected: int) -> int:
    """The features drawn in the Ingest page's st_folium frame, once there are ``expected``
    (or as many as there are after 30 s)."""
    seen = 0

    def all_drawn() -> bool:
        nonlocal seen
        for frame in page.frames:
            if "streamlit_folium" not in frame.url or frame.is_detached():
                continue
            try:
                seen = frame.evaluate(COUNT_FEATURES) or 0
            except Exception:  # replaced while we asked
                continue
            if seen == expected:
                return True
        return False

    browser.poll(all_drawn, page=page, timeout=30)
    return seen


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not browser.available(), reason="needs Playwright and /usr/bin/chromium")
def test_the_ingest_page_in_a_real_browser(served_app):
    url, store_path = served_app
    records = propose_records(PAYLOAD_REPORT)
    located = sum(len(r.locations) for r in records)
    railway = next(r for r in records if r.title == "Astana light railway")
    with (
        browser.launch() as chromium,
        browser.open_app(chromium, url, width=1400, height=2400) as (page, log),
    ):
        page.get_by_test_id("stSidebarNav").wait_for(timeout=60_000)
        main = browser.go_to_page(page, "Ingest")
        box = main.get_by_label("Report", exact=True)
        box.fill(PAYLOAD_REPORT)
        with browser.app_rerun(page):
            box.press("Control+Enter")
        report = main.locator(".coopmap-report")
        report.wait_for(timeout=30_000)
        shown = report.inner_text()
        marks = report.locator("mark").evaluate_all(
            "ms => ms.map(m => [m.dataset.kind, m.textContent])"
        )
        injected = page.evaluate(
            "() => document.querySelectorAll('.stMain img[src=\"x\"], .stMain script').length"
        )
        drawn = _map_features(page, located)
        browser.screenshot(page, "app_ingest")
        with browser.app_rerun(page):
            main.locator(f".st-key-ingest_accept_{railway.id} button").click()
        main.get_by_test_id("stAlertContentSuccess").wait_for(timeout=30_000)
        main = browser.go_to_page(page, "Map")
        count_text = main.get_by_text(re.compile(r"^\d+ of \d+ records$")).first.inner_text()
        assert log.dialogs == []
        assert log.unexpected_errors() == []
    for payload in PAYLOADS:
        assert payload in shown
    assert ["place", "Beijing"] in marks
    assert ["quantity", "22.4 km"] in marks
    assert injected == 0
    assert drawn == located
    assert count_text == f"{SEED_COUNT + 1} of {SEED_COUNT + 1} records"
    with open_store(store_path) as store:
        assert store.get(railway.id).draft is False
