"""The extractors' word lists are CSV files in data/ that users can extend."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coopmap.errors import ValidationError
from coopmap.paths import data_dir
from coopmap.reports import lexicon
from coopmap.taxonomy import Precision

LISTS = [
    "not_places.csv",
    "name_words.csv",
    "place_types.csv",
    "toponym_aliases.csv",
    "wide_regions.csv",
    "us_states.csv",
    "organisations.csv",
]


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that the word lists are read from, with their caches emptied."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setattr(lexicon, "data_dir", lambda: copy)
    _clear()
    yield copy
    _clear()


def _clear():
    for name in dir(lexicon):
        cached = getattr(getattr(lexicon, name), "cache_clear", None)
        if cached is not None:
            cached()


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@pytest.mark.parametrize("name", LISTS)
def test_every_list_is_shipped_and_reads(name):
    assert (data_dir() / name).is_file()


def test_lists_read_as_the_extractors_need_them():
    assert {"may", "internet", "monday"} <= lexicon.not_places()
    assert "group" in lexicon.name_words("organisation")
    assert "department" in lexicon.name_words("body")
    assert "premier" in lexicon.name_words("title")
    assert lexicon.place_types()["province"] is Precision.ADMIN1
    countries, names = lexicon.toponym_aliases()
    assert countries["u s"] == "US"  # written "U.S." in the file
    assert names["nyc"] == "New York City"
    assert lexicon.wide_regions()["central asia"].name == "Central Asia"
    assert lexicon.us_states()["ill"] == "Illinois"
    assert lexicon.organisations()["citic"] == ("CITIC", "CITIC Group")


def test_a_row_a_user_adds_is_used(data_copy):
    _append(data_copy / "organisations.csv", "KTZE,KTZ Express")
    _append(data_copy / "name_words.csv", "akim,title")
    assert lexicon.organisations()["ktze"] == ("KTZE", "KTZ Express")
    assert "akim" in lexicon.name_words("title")


def test_a_word_added_to_not_places_is_no_place_any_more(data_copy):
    code = (
        "import pathlib, sys, json\n"
        "import coopmap.paths\n"
        "coopmap.paths.data_dir = lambda: pathlib.Path(sys.argv[1])\n"
        "from coopmap.reports.toponyms import find_toponyms\n"
        "print(json.dumps([t.name for t in find_toponyms('Talks in Astana and Almaty.')]))\n"
    )

    def names():
        run = subprocess.run(
            [sys.executable, "-c", code, str(data_copy)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(run.stdout)

    assert names() == ["Astana", "Almaty"]
    _append(data_copy / "not_places.csv", "almaty")
    assert names() == ["Astana"]


@pytest.mark.parametrize(
    ("name", "row", "field", "reason"),
    [
        ("wide_regions.csv", "Steppe,Steppe,north,70,", "lat", "'north' is not a number"),
        ("wide_regions.csv", "Steppe,Steppe,95,70,", "lat", "out of range"),
        ("name_words.csv", "akim,mayor", "kind", "'mayor' is not one of"),
        ("toponym_aliases.csv", "KZ2,Kazakhstan,KZ", "name", "either a gazetteer name or"),
        ("place_types.csv", "aul,village", "precision", "'village' is not one of"),
        ("organisations.csv", ",CITIC Group", "alias", "must not be empty"),
    ],
)
def test_a_bad_row_names_the_file_line_and_field(data_copy, name, row, field, reason):
    path = data_copy / name
    lines = path.read_text(encoding="utf-8").count("\n")
    _append(path, row)
    readers = {
        "wide_regions.csv": lexicon.wide_regions,
        "name_words.csv": lambda: lexicon.name_words("title"),
        "toponym_aliases.csv": lexicon.toponym_aliases,
        "place_types.csv": lexicon.place_types,
        "organisations.csv": lexicon.organisations,
    }
    with pytest.raises(ValidationError, match=reason) as caught:
        readers[name]()
    assert caught.value.record == f"{name} line {lines + 1}"
    assert caught.value.field == field


def test_a_missing_list_says_so(data_copy):
    (data_copy / "not_places.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"not_places\.csv is missing"):
        lexicon.not_places()
