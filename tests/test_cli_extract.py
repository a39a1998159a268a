"""`coopmap extract` and `coopmap ingest`: what people see, and what the store keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.store import open_store

REPORTS = Path(__file__).parent / "data" / "reports"
TALKS = REPORTS / "beijing-talks.txt"
PLACE_KEYS = ["name", "start", "end", "lat", "lon", "country", "precision", "geonameid"]


def _extract(*args, input=None):
    return CliRunner().invoke(main, ["extract", *args], input=input)


def test_extract_json_shape():
    result = _extract(str(TALKS), "--date", "2015-12-15", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["language", "places", "records"]
    text = TALKS.read_text(encoding="utf-8")
    for place in data["places"]:
        assert list(place) == PLACE_KEYS
        assert text[place["start"] : place["end"]] == place["name"]
    astana = next(p for p in data["places"] if p["name"] == "Astana")
    assert (astana["country"], astana["precision"]) == ("KZ", "city")
    for record in data["records"]:
        assert {"kind", "title", "sectors", "date", "places", "evidence"} <= set(record)
        assert record["kind"] in ("event", "project")
        for evidence in record["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]
    talks = next(r for r in data["records"] if r["title"].startswith("Talks"))
    assert talks["date"] == "2015-12-14"
    assert [p["name"] for p in talks["places"]] == ["Beijing"]
    assert list(talks["places"][0]) == PLACE_KEYS
    railway = next(r for r in data["records"] if r["title"] == "Astana light railway")
    assert railway["sectors"] == ["transport"]
    assert {"key": "length", "value": 22.4, "unit": "km"} in railway["specs"]


def test_extract_reads_standard_input():
    text = TALKS.read_text(encoding="utf-8")
    from_file = _extract(str(TALKS), "--date", "2015-12-15", "--json")
    from_stdin = _extract("-", "--date", "2015-12-15", "--json", input=text)
    assert from_stdin.exit_code == 0, from_stdin.output
    assert json.loads(from_stdin.output) == json.loads(from_file.output)


def test_extract_summary_reads_as_text():
    result = _extract(str(TALKS), "--date", "2015-12-15")
    assert result.exit_code == 0, result.output
    assert "11 places:" in result.output
    assert "Astana, KZ (city)" in result.output
    talks = "Talks between Li Keqiang and Karim Massimov in Beijing"
    assert f"event   2015-12-14            {talks}" in result.output
    assert "length 22.4 km" in result.output
    assert "China Railway Group (contractor)" in result.output
    assert "\u201cMassimov is in China on an official visit.\u201d" in result.output


def test_a_text_with_nothing_in_it():
    result = _extract(str(REPORTS / "nothing-acronyms.txt"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"language": "en", "places": [], "records": []}
    result = _extract(str(REPORTS / "nothing-poem.txt"))
    assert "0 places:" in result.output
    assert "0 proposed records:" in result.output


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2015-13-01", "month 13 is not between 1 and 12"),
        ("15/12/2015", "'15/12/2015' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2015-02-30", "day 30 is not in 2015-02"),
    ],
)
def test_a_bad_date_is_a_usage_error(date, reason):
    result = _extract(str(TALKS), "--date", date)
    assert result.exit_code == 2
    assert "Invalid value for '--date'" in result.output
    assert reason in result.output


def test_unreadable_reports(tmp_path):
    missing = _extract(str(tmp_path / "missing.txt"))
    assert missing.exit_code == 1
    assert "cannot read" in missing.output
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = _extract(str(binary))
    assert result.exit_code == 1
    assert f"Error: {binary} is not UTF-8 text" in result.output


@pytest.fixture
def ingest(store_url):
    def invoke(*args, input=None):
        return CliRunner().invoke(main, ["--store", store_url, "ingest", *args], input=input)

    invoke.url = store_url
    return invoke


def _stored(url):
    with open_store(url, create=True) as store:
        return {record.id: record for record in store.records()}


def test_ingest_stores_drafts_and_a_second_run_adds_nothing(ingest):
    first = ingest(str(TALKS), "--date", "2015-12-15")
    assert first.exit_code == 0, first.output
    stored = _stored(ingest.url)
    assert len(stored) == 13
    assert all(record.draft for record in stored.values())
    assert {r.title for r in stored.values()} >= {
        "Talks between Li Keqiang and Karim Massimov in Beijing",
        "Astana light railway",
        "Second World Internet Conference in Wuzhen",
    }
    assert "added: " in first.output
    assert first.output.rstrip().endswith("13 added, 0 updated, 0 unchanged (drafts to review).")
    second = ingest(str(TALKS), "--date", "2015-12-15")
    assert second.exit_code == 0, second.output
    assert "added: " not in second.output
    assert second.output.rstrip().endswith("0 added, 0 updated, 13 unchanged (drafts to review).")
    assert _stored(ingest.url).keys() == stored.keys()


def test_ingest_updates_drafts_and_leaves_accepted_and_deleted_records(ingest):
    assert ingest(str(TALKS)).exit_code == 0
    stored = _stored(ingest.url)
    railway = next(r for r in stored.values() if r.title == "Astana light railway")
    talks = next(r for r in stored.values() if r.title.startswith("Talks"))
    visit = next(r for r in stored.values() if "visit" in r.title)
    with open_store(ingest.url) as store:
        store.add(railway.model_copy(update={"draft": False}), replace=True)
        store.delete(visit.id)
    # with the report's date, "on Monday" dates the talks: the draft is updated
    again = ingest(str(TALKS), "--date", "2015-12-15")
    assert again.exit_code == 0, again.output
    assert f"updated: {talks.id}  {talks.title}" in again.output
    assert f"accepted already, left as it is: {railway.id}" in again.output
    assert f"deleted before, not added again: {visit.id}" in again.output
    now = _stored(ingest.url)
    assert str(now[talks.id].start) == "2015-12-14"
    assert not now[railway.id].draft
    assert visit.id not in now


def test_ingest_many_reports_and_standard_input(ingest):
    reports = [str(REPORTS / name) for name in ("premiers-meet.txt", "projects-update.txt")]
    result = ingest(*reports, "-", input=TALKS.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert "Ingested 3 reports into" in result.output
    stored = _stored(ingest.url)
    sources = {record.sources[0].title for record in stored.values()}
    assert sources == {
        "Kazakhstan, China sign deals as premiers meet",
        "Capacity cooperation: where the projects stand",
        "China and Kazakhstan agree to deepen industrial capacity cooperation",
    }
    # three reports of one story propose three sets of drafts, one per report
    railways = [r for r in stored.values() if r.kind == "project" and "Astana light" in r.title]
    assert len(railways) == 3


def test_ingest_a_report_with_nothing_in_it(ingest):
    result = ingest(str(REPORTS / "nothing-recipe.txt"))
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 0 unchanged" in result.output
    assert _stored(ingest.url) == {}
