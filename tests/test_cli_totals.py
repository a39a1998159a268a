"""``coopmap totals``: amounts by sector, country or year, in their currencies and in dollars."""

import json

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.model import Event, Project
from coopmap.store import open_store


def _project(id, sector, country, start, value, currency):
    amount = {"value": value, "currency": currency}
    return Project(
        id=id, title=id, sectors=[sector], countries=[country], start=start, amount=amount
    )


@pytest.fixture
def run(tmp_path):
    store = tmp_path / "atlas.gpkg"
    records = [
        _project("pj-plant", "energy", "KZ", "2015-05", 620_000_000, "CNY"),
        _project("pj-road", "transport", "CN", "2016", 50_000_000, "USD"),
        _project("pj-mine", "energy", "KZ", "2015", 9_000_000_000, "KZT"),
        Project(id="pj-fund", title="Fund", sectors=["finance"], countries=["KZ"]),
        Event(id="ev-talks", title="Talks", event_type="talks", start="2015", countries=["KZ"]),
    ]
    with open_store(str(store), create=True) as opened:
        opened.add(records)

    def invoke(*args):
        return CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--store", str(store), *args])

    return invoke


def test_totals_by_sector_in_each_currency(run):
    result = run("totals")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["sector", "projects", "amounts"]
    assert "USD" not in lines[0]
    energy = next(line for line in lines if line.startswith("Energy"))
    assert "9,000,000,000 KZT, 620,000,000 CNY" in energy
    assert "2 of 5 records have no amount." in lines  # the fund and the talks
    assert "ECB" not in result.output


def test_totals_in_dollars_name_the_rate_and_the_amounts_without_one(run):
    result = run("totals", "--by", "country", "--usd", "--country", "KZ")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["country", "projects", "amounts", "USD"]
    kazakhstan = next(line for line in lines if line.startswith("Kazakhstan"))
    # 620 million yuan at 2015's average of about 6.23 to the dollar, the tenge left out
    usd = int(kazakhstan.split("CNY")[1].split("(")[0].strip().replace(",", ""))
    assert 97_000_000 < usd < 102_000_000
    assert "(1 without a rate)" in kazakhstan
    assert not any(line.startswith("China") for line in lines)  # the filter
    assert any(
        line.startswith("1 CNY = 0.159") and "ECB reference rate, yearly average 2015" in line
        for line in lines
    )
    assert "No rate for pj-mine (KZT, 2015): the ECB publishes no reference rate for KZT." in lines


def test_totals_json_for_scripts(run):
    result = run("totals", "--by", "year", "--usd", "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [g["key"] for g in found["groups"]] == [2015, 2016, None]
    assert found["groups"][1] == {
        "key": 2016,
        "label": "2016",
        "amounts": {"USD": 50_000_000},
        "projects": 1,
        "without_amount": 0,
        "usd": 50_000_000,
        "no_rate": 0,
    }
    assert [r["currency"] for r in found["rates"]] == ["CNY"]
    assert found["no_rate"][0]["record_id"] == "pj-mine"


def test_totals_refuse_an_unknown_grouping_and_say_when_nothing_matches(run):
    result = run("totals", "--by", "status")
    assert result.exit_code == 2
    assert "'status' is not one of 'sector', 'country', 'year'" in result.output
    result = run("totals", "--country", "FR")
    assert result.exit_code == 0
    assert result.output == "No records match these filters.\n"
