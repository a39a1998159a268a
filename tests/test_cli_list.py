"""``coopmap list`` and ``coopmap show``: the records of a store as a person and a script read
them, with the export's filters."""

import json

import pytest
from click.testing import CliRunner

from builders import store_records
from coopmap.cli import main
from coopmap.model import Event, Project
from coopmap.store import open_store

LONG_TITLE = "A very long project title " * 6 + "that ends here"


@pytest.fixture
def run(tmp_path):
    """Run ``coopmap`` on a store of :func:`store_records` and one long-titled project, in a
    terminal 200 columns wide (or ``columns``)."""
    store = tmp_path / "atlas.gpkg"
    records = [
        *store_records(),
        Event(
            id="signing",
            title="Signing in Astana",
            event_type="signing",
            start="2015-12-14",
            participants=[{"name": "Karim Massimov", "kind": "person", "country": "KZ"}],
            outcomes=["Deals signed"],
            links=[{"type": "signed_at", "project": "astana-lrt"}],
            sources=[{"title": "Report", "url": "https://example.org/r", "publisher": "Agency"}],
            notes="Two lines\nof notes",
        ),
        Project(
            id="long-title",
            title=LONG_TITLE + "\x1b[31m red\nsecond line",
            sectors=["ict"],
            countries=["KZ"],
        ),
    ]
    with open_store(str(store), create=True) as opened:
        opened.add(records)

    def invoke(*args, columns=200):
        runner = CliRunner(env={"COLUMNS": str(columns)})
        return runner.invoke(main, ["--store", str(store), *args])

    invoke.store = store
    return invoke


def _ids(result):
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.output)]


def test_list_prints_an_aligned_table_of_every_record(run):
    result = run("list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "kind", "title", "sectors", "status", "dates", "place"]
    assert lines[-1] == "7 records."
    rows = lines[1:-1]
    assert [row.split()[0] for row in rows] == [
        "beijing-talks",
        "signing",
        "wuzhen-conference",
        "astana-lrt",
        "long-title",
        "silk-fund",
        "zhengzhou-plant",
    ]
    kind_at = lines[0].index("kind")
    assert all(row[kind_at:].startswith(("event ", "project ")) for row in rows)
    lrt = rows[3]
    assert "Astana light rail" in lrt
    assert "Under construction" in lrt
    assert "2015-05 \u2013 2019" in lrt
    assert "Astana, KZ +1 more" in lrt
    assert "Operating" in rows[-1]


def _row(result, record_id):
    return next(line for line in result.output.splitlines() if line.startswith(record_id + " "))


def test_a_long_title_is_cut_and_more_so_in_a_narrow_terminal(run):
    wide, narrow = run("list"), run("list", columns=80)
    assert max(map(len, wide.output.splitlines())) == 200  # as wide as the terminal, no more
    long_title = _row(wide, "long-title")
    assert LONG_TITLE[:60] in long_title
    assert "… " in long_title
    assert _row(narrow, "long-title").split()[:4] == ["long-title", "project", "A", "very"]
    assert "A very long project…  " in _row(narrow, "long-title")
    assert "World Internet Conf…  " in _row(narrow, "wuzhen-conference")
    assert "World Internet Conference" in _row(wide, "wuzhen-conference")
    assert [line.split()[0] for line in narrow.output.splitlines()] == [
        line.split()[0] for line in wide.output.splitlines()
    ]


def test_control_characters_in_a_title_never_reach_the_terminal(run):
    result = run("list")
    assert "\x1b" not in result.output
    shown = run("show", "long-title")
    assert "\x1b" not in shown.output
    assert f"Title: {LONG_TITLE}\ufffd[31m red second line" in shown.output


def test_list_json_gives_every_value_whole_for_scripts(run):
    result = run("list", "--json")
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows["long-title"]["title"].startswith(LONG_TITLE)
    assert rows["zhengzhou-plant"] == {
        "id": "zhengzhou-plant",
        "kind": "project",
        "title": "Zhengzhou plant",
        "sectors": ["industry", "energy"],
        "status": "operating",
        "start": "2016-02-01",
        "end": "2018",
        "countries": ["CN"],
        "places": ["Zhengzhou"],
    }
    assert rows["beijing-talks"]["status"] is None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--kind", "project", "--sector", "transport"], ["astana-lrt"]),
        (
            ["--sector", "energy"],  # events without sectors pass, as on the map
            ["beijing-talks", "signing", "wuzhen-conference", "zhengzhou-plant"],
        ),
        (["--country", "cn"], ["zhengzhou-plant"]),
        (["--as-of", "2015-06-01", "--kind", "project"], ["astana-lrt", "long-title", "silk-fund"]),
    ],
)
def test_list_takes_the_export_filters_and_keeps_what_the_export_keeps(
    run, tmp_path, filters, expected
):
    assert _ids(run("list", *filters, "--json")) == expected
    out = tmp_path / "out.geojson"
    exported = run("export", str(out), *filters)
    assert exported.exit_code == 0, exported.output
    assert sorted(f["id"] for f in json.loads(out.read_text())["features"]) == sorted(expected)


def test_list_and_export_offer_the_same_filter_options(run):
    def options(command):
        lines = run(command, "--help").output.splitlines()
        return [line.split()[0] for line in lines if line.strip().startswith("--")]

    shared = ["--sector", "--kind", "--country", "--as-of"]
    assert [o for o in options("list") if o in shared] == shared
    assert [o for o in options("export") if o in shared] == shared


def test_list_refuses_an_unknown_filter_value_clearly(run):
    result = run("list", "--sector", "railways")
    assert result.exit_code == 1
    assert "unknown sector 'railways'" in result.output
    assert "Traceback" not in result.output


def test_list_says_when_nothing_matches_or_the_store_is_empty(run, tmp_path):
    result = run("list", "--country", "US")
    assert result.exit_code == 0
    assert result.output == "No records match these filters.\n"
    assert run("list", "--country", "US", "--json").output == "[]\n"
    empty = tmp_path / "empty.gpkg"
    open_store(str(empty), create=True).close()
    result = CliRunner().invoke(main, ["--store", str(empty), "list"])
    assert result.exit_code == 0
    assert f"{empty} holds no records" in result.output
    assert "coopmap init" in result.output


def test_show_prints_every_field_of_a_record(run):
    result = run("show", "astana-lrt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Id: astana-lrt",
        "Kind: Project",
        "Title: Astana light rail",
        "Sectors: Transport and storage (transport)",
    ]
    assert "Status: Under construction" in lines
    assert "Dates: 2015-05 \u2013 2019" in lines
    assert "Countries: Kazakhstan (KZ)" in lines
    assert "Organisations: China Railway (contractor)" in lines
    at = lines.index("Locations:")
    assert lines[at + 1].startswith("  - Astana — City or town, KZ · 51.1800, 71.4500")
    assert lines[at + 2].startswith("  - Line 1 — ")


def test_show_an_event_says_its_type_and_draft(run):
    lines = run("show", "wuzhen-conference").output.splitlines()
    assert "Kind: Event · Conference (draft)" in lines
    assert "Dates: 2015-12-16 \u2013 2015-12-18" in lines


def test_show_an_event_lists_its_people_outcomes_links_sources_and_notes(run):
    lines = run("show", "signing").output.splitlines()
    assert lines[lines.index("Kind: Event · Signing") + 2 :] == [
        "Dates: 2015-12-14",
        "Participants: Karim Massimov (person, KZ)",
        "Outcomes: Deals signed",
        "Links: signed at: astana-lrt",
        "Sources: Report — Agency <https://example.org/r>",
        "Notes:",
        "  - Two lines",
        "  - of notes",
    ]


def test_show_json_is_the_records_dict(run):
    result = run("show", "zhengzhou-plant", "--json")
    assert result.exit_code == 0, result.output
    with open_store(str(run.store)) as store:
        assert json.loads(result.output) == store.get("zhengzhou-plant").to_dict()


def test_show_an_unknown_id_exits_1_with_a_message(run):
    for args in (["show", "no-such-record"], ["show", "no-such-record", "--json"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "there is no record no-such-record in" in result.output
        assert "coopmap list" in result.output
        assert isinstance(result.exception, SystemExit)


def test_a_store_that_does_not_exist_says_how_to_make_one(tmp_path) -> None:
    missing = tmp_path / "none.gpkg"
    result = CliRunner().invoke(main, ["--store", str(missing), "list"])
    assert result.exit_code == 1
    assert "coopmap init" in result.output
    assert "create=True" not in result.output
    assert not missing.exists()
