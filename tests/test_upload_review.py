"""The review of an upload's place names (coopmap.services.review): the questions a file's
ambiguous and unfound names raise, the answers read back through ReadOptions.places, the
progress of reading, and the small map of candidates to pick from."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from builders import PLACES_SHEET
from coopmap.display.geocoding import geocoding_text
from coopmap.formats import PROGRESS_EVERY, ReadOptions, read_file
from coopmap.formats.placing import geocode_name
from coopmap.maps.candidates import candidates_map
from coopmap.seed import load_seed
from coopmap.services.preview import preview_upload
from coopmap.services.review import answers_key, look_up, place_questions


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text(PLACES_SHEET, encoding="utf-8")
    return path


@pytest.fixture
def store(store_factory):
    opened = store_factory()
    opened.add(load_seed())
    return opened


def test_each_ambiguous_or_unfound_name_is_one_question_naming_its_rows(sheet):
    hyderabad, astna = place_questions(read_file(sheet))
    assert (hyderabad.name, hyderabad.outcome, hyderabad.rows) == (
        "Hyderabad",
        "ambiguous",
        ("row 3", "row 4"),
    )
    assert [p.country for p in hyderabad.candidates] == ["IN", "PK"]
    assert hyderabad.describe() == "'Hyderabad' (row 3, row 4) could be 2 places"
    assert (astna.outcome, astna.candidates, astna.countries) == ("not found", (), ("KZ",))
    assert astna.describe() == "'Astna' (row 5): no place of this name in KZ in the gazetteer"
    assert place_questions(None) == []


def test_a_picked_candidate_is_taken_for_every_row_naming_it(sheet):
    [hyderabad, _] = place_questions(read_file(sheet))
    sindh = hyderabad.candidates[1]
    reading = read_file(sheet, options=ReadOptions(places={"Hyderabad": sindh}))
    by_title = {record.title: record for record in reading.records}
    for title in ("Hyderabad metro", "Hyderabad depot"):
        [location] = by_title[title].locations
        assert (location.name, location.country, location.gazetteer_id) == (
            "Hyderabad",
            "PK",
            sindh.geonameid,
        )
        assert location.geometry_source == "gazetteer"
    chosen = [g for g in reading.geocoded if g.name == "Hyderabad"]
    assert {(g.outcome, g.chosen) for g in chosen} == {("found", sindh)}
    assert chosen[0].candidates == hyderabad.candidates  # the name's own, to change one's mind
    assert chosen[0].describe().endswith("(PK, city, geonames 1176734), as chosen")
    # Without the answer the best-ranked is taken, as coopmap import does.
    plain = {record.title: record for record in read_file(sheet).records}
    assert plain["Hyderabad metro"].locations[0].country == "IN"


def test_a_typed_name_is_looked_up_instead_and_the_row_keeps_its_own(sheet):
    [_, astna] = place_questions(read_file(sheet))
    [refused] = read_file(sheet).problems
    assert (refused.where, refused.field) == ("row 5", "location")
    typed = look_up(astna, "Astana")
    assert (typed.outcome, typed.place.country, typed.name) == ("found", "KZ", "Astana")
    nothing = look_up(astna, "Nowhereville")
    assert nothing.outcome == "not found"

    reading = read_file(sheet, options=ReadOptions(places={"Astna": "Astana"}))
    assert not reading.problems
    [depot] = [record for record in reading.records if record.title == "Typo depot"]
    [location] = depot.locations
    assert (location.name, location.resolved_name) == ("Astna", "Astana")
    [outcome] = [g for g in reading.geocoded if g.name == "Astna"]
    assert (outcome.outcome, outcome.chosen) == ("found", "Astana")

    # A typed name that is not known either still rejects the row, saying both names.
    reading = read_file(sheet, options=ReadOptions(places={"Astna": "Astanna"}))
    [problem] = reading.problems
    assert (problem.where, problem.field) == ("row 5", "location")
    assert problem.reason == "no place called 'Astanna' (typed for 'Astna') in KZ in the gazetteer"
    # An empty answer is none.
    assert geocode_name("Astna", countries=["KZ"], answers={"Astna": " "}).chosen is None


def test_the_preview_takes_the_answers_and_says_what_the_import_would_do(store, sheet):
    data = sheet.read_bytes()
    plain = preview_upload(data, "My sheet.csv", store=store)
    assert plain.counts()["invalid"] == 1
    assert {g.source for g in plain.reading.geocoded} == {"My sheet.csv"}
    [hyderabad, _] = place_questions(plain.reading)
    answers = {"Astna": "Astana", "Hyderabad": hyderabad.candidates[1]}
    options = ReadOptions(places=answers)
    answered = preview_upload(data, "My sheet.csv", store=store, options=options)
    assert answered.counts() == {"new": 4, "update": 0, "unchanged": 0, "invalid": 0}
    assert {r.title: r.locations[0].country for r in answered.records} == {
        "Astana light rail": "KZ",
        "Hyderabad metro": "PK",
        "Hyderabad depot": "PK",
        "Typo depot": "KZ",
    }
    assert answers_key(answers) == answers_key(dict(reversed(answers.items())))


def test_reading_tells_its_progress_with_the_rows_a_csv_has(store, tmp_path):
    count = 2 * PROGRESS_EVERY + 50
    rows = "".join(f"Plant {n},energy,51.1,71.4\n" for n in range(count))
    data = ("title,sectors,lat,lon\n" + rows).encode()
    told: list[tuple[int, int | None]] = []
    options = ReadOptions(progress=lambda done, total: told.append((done, total)))
    preview = preview_upload(data, "plants.csv", store=store, options=options)
    assert len(preview.records) == count
    assert told == [(PROGRESS_EVERY, count), (2 * PROGRESS_EVERY, count), (count, count)]
    # Read from a path, the library knows the total only at the end.
    path = tmp_path / "plants.csv"
    path.write_bytes(data)
    told.clear()
    read_file(path, options=options)
    assert told == [(PROGRESS_EVERY, None), (2 * PROGRESS_EVERY, None), (count, count)]


def test_the_map_of_candidates_numbers_them_and_marks_the_chosen(sheet):
    [hyderabad, _] = place_questions(read_file(sheet))
    html = candidates_map(hyderabad.candidates, chosen=1).get_root().render()
    assert "coopmap.candidates = function" in html
    spec = re.search(r"coopmap\.candidates\(\w+, JSON\.parse\((\".*?\")\)\)", html)
    assert spec is not None
    text = spec[1].encode().decode("unicode_escape")
    assert '"label":"1. Hyderabad (Telangana, IN)"' in text
    assert '"label":"2. Hyderabad (Sindh, PK)","chosen":true' in text


def test_a_candidate_name_reaches_the_map_as_inert_text(sheet):
    [hyderabad, _] = place_questions(read_file(sheet))
    hostile = dataclasses.replace(hyderabad.candidates[0], name="</script><img src=x onerror=1>")
    html = candidates_map([hostile], tiles=None).get_root().render()
    assert "<img src=x" not in html
    assert "</script><img" not in html


def test_the_geocoding_in_one_line(sheet):
    reading = read_file(sheet)
    assert geocoding_text(reading.geocoded) == (
        "4 place names geocoded: 1 found, 2 ambiguous (the best-ranked taken), 1 not found; "
        "3 placed (3 city or town)."
    )
    assert geocoding_text([]) is None
