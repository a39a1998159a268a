"""A project's dated status history, and the atlas as it stood on a chosen day."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from coopmap.cli import main
from coopmap.errors import ValidationError
from coopmap.model import Event, Project, record_from_dict
from coopmap.query import Filter, as_of, known_on
from coopmap.seed import load_seed
from coopmap.taxonomy import Status

SOURCE = {"title": "Ministry statement", "url": "https://example.org/statement"}


def railway(**changes) -> Project:
    data = {
        "kind": "project",
        "id": "pj-rail",
        "title": "A railway",
        "sectors": ["transport"],
        "status_history": [
            {"status": "announced", "date": "2015-05", "source": SOURCE},
            {"status": "under construction", "date": "2016"},
            {"status": "operating", "date": "2019-06-01"},
        ],
    }
    return record_from_dict({**data, **changes})


def test_the_status_is_the_last_entry_of_the_history() -> None:
    project = railway()
    assert project.status is Status.OPERATING
    assert project.status_history[0].source.url == SOURCE["url"]
    assert [str(change) for change in project.status_history] == [
        "Announced from 2015-05",
        "Under construction from 2016",
        "Operating from 2019-06-01",
    ]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2015-04-30", Status.UNKNOWN),
        ("2015-05-01", Status.ANNOUNCED),  # May 2015 counts from its first day
        ("2015-12-31", Status.ANNOUNCED),
        ("2016-01-01", Status.UNDER_CONSTRUCTION),
        ("2019-05-31", Status.UNDER_CONSTRUCTION),
        ("2019-06-01", Status.OPERATING),
    ],
)
def test_the_status_on_a_day(day: str, status: Status) -> None:
    assert railway().status_on(dt.date.fromisoformat(day)) is status


def test_a_new_status_becomes_a_new_entry_and_survives_a_round_trip() -> None:
    project = railway(status="suspended", status_date="2020-03")
    assert [c.status for c in project.status_history][-2:] == [Status.OPERATING, Status.SUSPENDED]
    again = record_from_dict(json.loads(json.dumps(project.to_dict())))
    assert again == project
    assert len(again.status_history) == 4


def test_a_record_without_history_keeps_its_one_status() -> None:
    project = Project(title="Plant", sectors=["industry"], status="agreed")
    assert project.status_history == []
    assert project.status_on(dt.date(1990, 1, 1)) is Status.AGREED


def test_a_history_out_of_order_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        railway(
            status_history=[
                {"status": "operating", "date": "2019"},
                {"status": "announced", "date": "2015"},
            ]
        )
    assert caught.value.record == "pj-rail"
    assert caught.value.field == "status_history"
    assert "entry 2 (announced, 2015) is dated before" in caught.value.reason


def test_an_undated_entry_after_the_first_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"entry 2 .* needs a date"):
        railway(status_history=[{"status": "announced"}, {"status": "agreed"}])


def test_a_new_status_dated_before_the_history_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        railway(status="cancelled", status_date="2014")
    assert caught.value.field == "status_date"
    assert "before the status history's last entry" in caught.value.reason


def test_an_unknown_status_in_the_history_is_refused() -> None:
    with pytest.raises(ValidationError, match="status_history"):
        railway(status_history=[{"status": "dreaming", "date": "2015"}])


def test_the_atlas_as_of_a_day() -> None:
    talks = Event(title="Talks", event_type="talks", start="2015-12-14")
    plant = Project(title="Plant", sectors=["industry"], status="agreed", status_date="2017-02")
    undated = Project(title="Fund", sectors=["finance"])
    records = [railway(), talks, plant, undated]

    then = as_of(records, dt.date(2016, 6, 30))
    assert [r.title for r in then] == ["A railway", "Talks", "Fund"]
    rail = then[0]
    assert rail.status is Status.UNDER_CONSTRUCTION
    assert [c.status for c in rail.status_history] == [
        Status.ANNOUNCED,
        Status.UNDER_CONSTRUCTION,
    ]
    assert str(rail.status_date) == "2016"
    # The stored records are not changed.
    assert records[0].status is Status.OPERATING
    assert not known_on(plant, dt.date(2017, 1, 31))
    assert known_on(plant, dt.date(2017, 2, 1))


def test_a_status_filter_as_of_a_day_reads_that_days_status() -> None:
    records = [railway()]
    building = Filter.make(statuses=["under_construction"], as_of=dt.date(2017, 1, 1))
    assert building.apply(records) == records
    assert Filter.make(statuses=["under_construction"]).apply(records) == []
    before = Filter(as_of=dt.date(2015, 1, 1))
    assert before.apply(records) == []


def test_the_seed_dates_the_light_railway_agreement() -> None:
    rail = next(r for r in load_seed() if r.id == "pj-astana-light-rail")
    [agreed] = rail.status_history
    assert (agreed.status, str(agreed.date)) == (Status.AGREED, "2015-05")
    assert agreed.source is not None
    assert agreed.source.url.startswith("urn:coopmap:seed")


def test_the_store_keeps_the_history(store_factory) -> None:
    with store_factory() as store:
        store.add(railway())
        stored = store.get("pj-rail")
        assert stored == railway()
        assert store.records(Filter.make(statuses=["announced"], as_of=dt.date(2015, 7, 1)))
        assert not store.records(Filter.make(statuses=["announced"]))


def test_export_as_of_a_day(tmp_path) -> None:
    store = tmp_path / "atlas.gpkg"

    def run(*args: str):
        result = CliRunner().invoke(main, ["--store", str(store), *args])
        assert result.exit_code == 0, result.output
        return result

    run("init")
    run("export", str(tmp_path / "then.geojson"), "--as-of", "2015-06-30")
    run("export", str(tmp_path / "now.geojson"))
    then = json.loads((tmp_path / "then.geojson").read_text())["features"]
    now = json.loads((tmp_path / "now.geojson").read_text())["features"]
    assert 0 < len(then) < len(now)
    ids = {feature["id"] for feature in then}
    # The May 2015 deal and the railway it agreed were known; December's talks were not yet.
    assert {"ev-2015-05-light-rail-deal", "pj-astana-light-rail"} <= ids
    assert "ev-2015-12-14-beijing-talks" not in ids
    rail = next(f for f in then if f["id"] == "pj-astana-light-rail")["properties"]
    assert (rail["status"], rail["status_date"]) == ("agreed", "2015-05")


def test_export_refuses_a_bad_as_of_date(tmp_path) -> None:
    result = CliRunner().invoke(
        main, ["--store", str(tmp_path / "a.gpkg"), "export", "x.geojson", "--as-of", "2015-13-01"]
    )
    assert result.exit_code == 2
    assert "--as-of" in result.output


def test_a_new_status_needs_its_date() -> None:
    with pytest.raises(ValidationError) as caught:
        railway(status="suspended")
    assert caught.value.field == "status_date"
    assert "give the date it is suspended as of" in caught.value.reason


def test_a_status_as_of_before_its_entry_began_is_as_of_the_entry() -> None:
    project = railway(status_date="2018-01")  # operating from 2019-06-01
    assert str(project.status_date) == "2019-06-01"
    assert record_from_dict(project.to_dict()) == project
