"""IATI 2.03 activity XML: exports that validate, with codelist codes and "lat lng" points;
round trips; IATI's own pass/fail test files; the commands; bad input."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest
import shapely
from click.testing import CliRunner
from lxml import etree

from builders import AWKWARD_TEXT, export_records, sample_records
from coopmap.cli import main
from coopmap.errors import ExportError, RecordImportError
from coopmap.formats import ReadOptions, export, read_file, read_records
from coopmap.formats.iati import schema_errors
from coopmap.formats.iati.reading import record_id
from coopmap.formats.iati.vocabulary import FIELDS, codelist
from coopmap.model import Event, Location, Project, Record, point_from_latlon
from coopmap.seed import load_seed
from coopmap.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def projects(records: list[Record]) -> list[Record]:
    return sorted((r for r in records if r.kind == "project"), key=lambda r: r.id)


def awkward() -> Project:
    """A project with what IATI cannot say by itself, and text that must stay text."""
    almaty = shapely.Point(76.9123456, 43.2567891)
    return Project(
        id="pj-awkward",
        title=AWKWARD_TEXT,
        sectors=["other", "energy", "ict"],
        countries=["KZ", "CN", "RU"],
        status="operating",
        status_history=[
            {"status": "announced", "date": "2014"},
            {"status": "agreed", "date": "2014-06-02"},
            {"status": "operating", "date": "2016-03", "source": {"title": "Press release"}},
        ],
        start="2014-09",
        notes=f"line one\nline two\n{AWKWARD_TEXT}",
        organisations=[{"name": AWKWARD_TEXT, "role": "owner"}],
        amount={"value": 1e20, "currency": "CNY"},
        specs=[{"key": "gauge", "value": "1,435 mm"}],
        sources=[{"title": AWKWARD_TEXT, "url": "https://example.org/?a=1&b=<2>"}],
        draft=True,
        locations=[
            Location(name=AWKWARD_TEXT, geometry=almaty, precision="near", country="KZ"),
            Location(name="Tiny", geometry=point_from_latlon(0.00001, -0.00002), precision="exact"),
        ],
    )


def parsed(path: Path):
    return etree.parse(str(path)).getroot()


# --- export -----------------------------------------------------------------------------------

RECORDS = pytest.mark.parametrize(
    "records",
    [export_records, sample_records, lambda: [awkward()]],
    ids=["builders", "sample", "awkward"],
)
"""The records each export test runs on: the builders' format and map records, and awkward()."""


@RECORDS
def test_an_export_validates_against_the_2_03_schema(tmp_path, records):
    path = export(records(), tmp_path / "atlas.xml")
    assert schema_errors(path) == []
    root = parsed(path)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime")
    assert len(root.findall("iati-activity")) == len(projects(records()))


def test_the_seed_exports_valid_and_reads_back_the_same(tmp_path):
    seed = load_seed()
    path = export(seed, tmp_path / "seed.xml")
    assert schema_errors(path) == []
    assert projects(read_records(path)) == projects(seed)


@RECORDS
def test_export_then_import_gives_the_same_projects(tmp_path, records):
    path = export(records(), tmp_path / "atlas.xml")
    reading = read_file(path)
    assert reading.problems == []
    # "Tiny" at (0.00001, -0.00002) is outside the awkward project's countries: that is all
    assert [w.reason for w in reading.warnings if "Tiny" not in w.reason] == []
    assert projects(reading.records) == projects(records())


CODED = {
    "activity-status": ("code", "ActivityStatus"),
    "activity-date": ("type", "ActivityDateType"),
    "participating-org": ("role", "OrganisationRole"),
    "reporting-org": ("type", "OrganisationType"),
    "description": ("type", "DescriptionType"),
    "recipient-country": ("code", "Country"),
    "sector": ("vocabulary", "SectorVocabulary"),
    "location/location-id": ("vocabulary", "GeographicVocabulary"),
    "location/administrative": ("vocabulary", "GeographicVocabulary"),
    "location/exactness": ("code", "GeographicExactness"),
    "location/location-class": ("code", "GeographicLocationClass"),
    "location/feature-designation": ("code", "LocationType"),
    "transaction/transaction-type": ("code", "TransactionType"),
    "transaction/value": ("currency", "Currency"),
}


def test_every_code_written_is_in_its_codelist(tmp_path):
    path = export([*load_seed(), *export_records(), awkward()], tmp_path / "atlas.xml")
    seen = set()
    for activity in parsed(path).iter("iati-activity"):
        for where, (attribute, name) in CODED.items():
            for element in activity.findall(where):
                assert element.get(attribute) in codelist(name), (where, element.get(attribute))
                seen.add(where)
        for sector in activity.findall("sector"):
            assert sector.get("vocabulary") == "2"
            assert sector.get("code") in codelist("SectorCategory")
        for place_id in activity.findall("location/location-id"):
            assert place_id.get("vocabulary") == "G1"
            assert place_id.get("code").isdigit()
    assert seen == set(CODED)  # the records exercise every coded element


def test_pos_is_latitude_then_longitude_and_sectors_share_100(tmp_path):
    path = export([awkward()], tmp_path / "atlas.xml")
    activity = parsed(path).find("iati-activity")
    assert [pos.text for pos in activity.iter("pos")] == [
        "43.2567891 76.9123456",
        "0.00001 -0.00002",
    ]
    shares = [float(s.get("percentage")) for s in activity.findall("sector")]
    assert shares == [33.33, 33.33, 33.34]
    assert activity.find("transaction/value").text == "100000000000000000000"


def test_children_come_in_the_schema_order_with_the_extension_last(tmp_path):
    path = export([awkward()], tmp_path / "atlas.xml")
    activity = parsed(path).find("iati-activity")
    order = [child.tag for child in activity]
    assert order[:4] == ["iati-identifier", "reporting-org", "title", "description"]
    assert order[-1] == FIELDS
    fields = json.loads(activity.find(FIELDS).text)
    # what IATI says itself is not repeated; what it cannot say is there
    assert {"title", "countries", "sectors", "start"}.isdisjoint(fields)
    assert {"status", "status_history", "specs", "draft", "organisations"} <= set(fields)


def test_a_month_or_year_date_states_its_convention(tmp_path):
    project = Project(
        id="pj-d", title="D", sectors=["energy"], status="announced", start="2015-05", end="2019"
    )
    activity = parsed(export([project], tmp_path / "d.xml")).find("iati-activity")
    dates = {d.get("type"): d for d in activity.findall("activity-date")}
    assert dates["1"].get("iso-date") == "2015-05-01"
    assert "month only: 2015-05" in dates["1"].findtext("narrative")
    assert dates["3"].get("iso-date") == "2019-01-01"
    assert "year only: 2019" in dates["3"].findtext("narrative")
    # all else IATI says itself; the extension only keeps the record without a source (the
    # reader gives an activity the source "IATI activity ...")
    assert json.loads(activity.find(FIELDS).text) == {"sources": []}
    [again] = read_records(tmp_path / "d.xml")
    assert (str(again.start), str(again.end)) == ("2015-05", "2019")


def test_a_project_without_dates_gets_a_stated_placeholder(tmp_path):
    project = Project(
        id="pj-n", title="N", sectors=["energy"], sources=[{"title": "S", "date": "2012-03"}]
    )
    activity = parsed(export([project], tmp_path / "n.xml")).find("iati-activity")
    [date] = activity.findall("activity-date")
    assert date.get("iso-date") == "2012-03-01"
    assert date.findtext("narrative").startswith("Not known:")
    assert read_records(tmp_path / "n.xml") == [project]


def test_events_are_left_out_and_no_project_is_an_error(tmp_path, caplog):
    records = export_records()
    path = export(records, tmp_path / "atlas.xml")
    ids = [a.findtext("iati-identifier") for a in parsed(path).iter("iati-activity")]
    assert ids == [r.id for r in records if r.kind == "project"]
    assert "left out 1 event(s)" in caplog.text
    events = [r for r in records if isinstance(r, Event)]
    with pytest.raises(ExportError, match="at least one project"):
        export(events, tmp_path / "events.xml")
    assert not (tmp_path / "events.xml").exists()


# --- import from elsewhere --------------------------------------------------------------------

ACTIVITY = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" xml:lang="en">
 <iati-activity default-currency="EUR">
  <iati-identifier>{identifier}</iati-identifier>
  <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
  <title><narrative xml:lang="fr">Route</narrative><narrative>Road</narrative></title>
  <description type="1"><narrative>A road.</narrative></description>
  <participating-org role="1" ref="XM-DAC-41114"/>
  <participating-org role="4"><narrative>Builder Ltd</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2014-01-01"/>
  <activity-date type="2" iso-date="2015-03-02Z"/>
  <activity-date type="3" iso-date="2020-12-31"/>
  <recipient-country code="KZ"/>
  <location>
   <location-id vocabulary="G1" code="1526273"/>
   <name><narrative>Astana</narrative></name>
   <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>{pos}</pos></point>
   <exactness code="2"/><location-class code="2"/><feature-designation code="PPLC"/>
  </location>
  <sector vocabulary="1" code="21020" percentage="70"/>
  <sector vocabulary="1" code="12220" percentage="30"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2015-01-01"/>
   <value value-date="2015-01-01">1000000</value></transaction>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2016-01-01"/>
   <value value-date="2016-01-01">500000.50</value></transaction>
 </iati-activity>
</iati-activities>
"""


def write_activity(tmp_path: Path, **values: str) -> Path:
    path = tmp_path / "undp.xml"
    fields = {"identifier": "XM-DAC-41114-PROJECT-00012345", "pos": "51.18 71.45"} | values
    path.write_text(ACTIVITY.format(**fields), encoding="utf-8")
    return path


def test_an_activity_from_another_publisher_reads_as_a_project(tmp_path):
    path = write_activity(tmp_path)
    assert schema_errors(path) == []
    reading = read_file(path)
    assert reading.problems == []
    assert reading.warnings == []
    [project] = reading.records
    assert project.id == "XM-DAC-41114-PROJECT-00012345"
    assert project.title == "Road"  # the narrative in the activity's language
    assert project.notes == "A road."
    assert project.status == "under_construction"
    assert (str(project.start), str(project.end)) == ("2015-03-02", "2020-12-31")
    assert project.countries == ["KZ"]
    assert [(o.name, o.role) for o in project.organisations] == [
        ("XM-DAC-41114", "funder"),
        ("Builder Ltd", "contractor"),
    ]
    assert project.sectors == ["transport", "other"]
    [place] = project.locations
    assert (place.name, place.latlon, place.gazetteer_id) == ("Astana", (51.18, 71.45), 1526273)
    assert (place.precision, place.geometry_source) == ("city", "imported")
    assert (project.amount.value, project.amount.currency) == (1500000.5, "EUR")
    [source] = project.sources
    assert (source.title, source.publisher) == (
        "IATI activity XM-DAC-41114-PROJECT-00012345",
        "UNDP",
    )


def test_an_identifier_that_is_no_id_is_made_one_and_kept_in_a_source(tmp_path):
    identifier = "GB-1-201234/101 phase 2"
    [project] = read_records(write_activity(tmp_path, identifier=identifier))
    assert project.id == record_id(identifier) != record_id("GB-1-201234/101 phase-2")
    assert project.id.startswith("GB-1-201234-101-phase-2-")
    assert project.sources[0].title == f"IATI activity {identifier}"


def test_schema_problems_are_warnings_naming_the_activity_and_element(tmp_path):
    path = write_activity(tmp_path)
    text = path.read_text().replace(
        '<activity-status code="2"/>', '<activity-status code="9"/><bogus/>'
    )
    path.write_text(text)
    reading = read_file(path)
    assert len(reading.records) == 1
    fields = {(w.where, w.record, w.field) for w in reading.warnings}
    assert ("activity 1", "XM-DAC-41114-PROJECT-00012345", "bogus") in fields
    assert ("activity 1", "XM-DAC-41114-PROJECT-00012345", "activity-status") in fields
    assert all(w.level == "warning" for w in reading.warnings)
    assert reading.records[0].status == "unknown"
    strict = read_file(path, strict=True)
    assert strict.records == []
    assert {p.field for p in strict.problems} >= {"bogus"}


PASS_AND_FAIL = "pyIATI-0.4.1/iati/resources/test_data/2-03/ssot-activity-xml-"


def _iati_test_files() -> Path:
    given = os.environ.get("COOPMAP_IATI_TESTS")
    path = Path(given) if given else ROOT / ".cache" / "pyIATI-0.4.1.tar.gz"
    if not path.is_file():
        if given or os.environ.get("CI"):
            pytest.fail(f"IATI's test files are not at {path}; scripts/test.sh fetches them")
        pytest.skip(f"IATI's 2.03 test files are fetched by scripts/test.sh into {path}")
    return path


@pytest.fixture(scope="module")
def iati_test_files(tmp_path_factory):
    """IATI's own 2.03 activity test files from the pyIATI sdist, as ``pass`` and ``fail``."""
    tarball = _iati_test_files()
    folder = tmp_path_factory.mktemp("iati-tests")
    found: dict[str, list[Path]] = {"pass": [], "fail": []}
    with tarfile.open(tarball) as archive:
        for number, member in enumerate(archive.getmembers()):
            if (
                member.isfile()
                and member.name.startswith(PASS_AND_FAIL)
                and member.name.endswith(".xml")
            ):
                kind, name = member.name[len(PASS_AND_FAIL) :].split("/", 1)
                target = folder / kind / f"{number:04d}-{Path(name).name[-60:]}"
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
                found[kind].append(target)
    assert len(found["pass"]) > 40
    assert len(found["fail"]) > 100
    return found


def _outcome(path: Path) -> tuple[int, list, list]:
    """What importing ``path`` gives: records, errors, warnings (a file refused whole gives its
    errors)."""
    try:
        reading = read_file(path)
    except RecordImportError as err:
        return 0, err.errors, []
    return len(reading.records), reading.problems, reading.warnings


def test_iatis_pass_files_import_without_a_traceback(iati_test_files):
    valid = 0
    for path in iati_test_files["pass"]:
        valid += schema_errors(path) == []
        records, problems, _ = _outcome(path)
        # their identifiers are placeholders, mostly empty: an error naming the activity
        for problem in problems:
            assert problem.field, (path.name, str(problem))
        assert records or problems, path.name
    assert valid == len(iati_test_files["pass"])


def test_iatis_fail_files_give_warnings_or_errors(iati_test_files):
    for path in iati_test_files["fail"]:
        assert schema_errors(path), path.name
        _, problems, warnings = _outcome(path)
        assert problems or warnings, path.name
        if warnings:
            assert any("schema" in w.reason for w in warnings), path.name


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("id,title\n1,x\n", "not an XML file"),
        ("<kml><Document/></kml>", "not IATI activities: its root element is <kml>"),
        ('<iati-activities version="2.03"/>', "holds no <iati-activity>"),
        ('<iati-activities xmlns="urn:x"/>', "<iati-activities> in the namespace urn:x"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>', "DOCTYPE"),
    ],
    ids=["csv", "kml", "empty", "namespaced", "entities"],
)
def test_a_file_that_is_not_iati_is_refused_saying_so(tmp_path, text, reason):
    path = tmp_path / "file.xml"
    path.write_text(text)
    with pytest.raises(RecordImportError, match=reason):
        read_file(path)


def test_an_activity_without_identifier_or_with_a_bad_pos_is_an_error_naming_it(tmp_path):
    path = tmp_path / "two.xml"
    good = ACTIVITY.format(identifier="", pos="51.18 71.45")
    bad = ACTIVITY.format(identifier="XM-2", pos="71.45 351.18")
    body = good.split("<iati-activity ", 1)[1].split("</iati-activities>")[0]
    path.write_text(bad.replace("</iati-activities>", f"<iati-activity {body}</iati-activities>"))
    reading = read_file(path)
    assert reading.records == []
    named = {(p.where, p.record, p.field) for p in reading.problems}
    assert ("activity 1", "XM-2", "location[1]/point/pos") in named
    assert ("activity 2", "Road", "iati-identifier") in named
    reasons = " ".join(p.reason for p in reading.problems)
    assert "out of range" in reasons


def test_an_end_before_the_start_is_left_out_with_a_warning(tmp_path):
    path = write_activity(tmp_path)
    path.write_text(path.read_text().replace('iso-date="2020-12-31"', 'iso-date="2014-06-30"'))
    reading = read_file(path)
    [project] = reading.records
    assert (str(project.start), project.end) == ("2015-03-02", None)
    [warning] = reading.warnings
    assert warning.field == "activity-date"
    assert "the end 2014-06-30 is before the start 2015-03-02" in warning.reason


@pytest.mark.parametrize("pos", ["51.18,71.45", "abc def", "51.18", "nan 3"])
def test_a_pos_that_is_not_two_numbers_is_an_error(tmp_path, pos):
    reading = read_file(write_activity(tmp_path, pos=pos))
    [problem] = reading.problems
    assert problem.field == "location[1]/point/pos"
    assert "latitude longitude" in problem.reason


# --- the commands -----------------------------------------------------------------------------


@pytest.fixture
def run(tmp_path):
    store = tmp_path / "atlas.gpkg"

    def invoke(*args):
        return CliRunner().invoke(main, ["--store", str(store), *args])

    invoke.store = store
    return invoke


def test_coopmap_export_and_import_xml(run, tmp_path):
    assert run("init").exit_code == 0
    out = tmp_path / "atlas.xml"
    result = run("export", str(out))
    assert result.exit_code == 0, result.output
    with open_store(str(run.store)) as store:
        stored = store.records()
    kept = projects(stored)
    events = len(stored) - len(kept)
    assert f"Wrote {len(kept)} records to {out}." in result.output
    assert f"Left out {events} events: IATI activity files hold projects only." in result.stderr
    assert schema_errors(out) == []
    other = tmp_path / "other.gpkg"
    result = CliRunner().invoke(main, ["--store", str(other), "import", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Imported {len(kept)} records" in result.output
    with open_store(str(other)) as store:
        assert projects(store.records()) == kept


def test_coopmap_import_of_bad_iati_says_what_is_wrong(run, tmp_path):
    path = write_activity(tmp_path, identifier="", pos="x y")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert (
        "activity 1 (Road) field 'iati-identifier': the activity has no iati-identifier"
        in result.output
    )
    assert "field 'location[1]/point/pos'" in result.output
    assert "Traceback" not in result.output
    path.write_text("<not xml")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert "not an XML file" in result.output


def test_text_xml_cannot_hold_still_round_trips(tmp_path):
    project = Project(
        id="pj-ctl",
        title="Form\x0cfeed",
        sectors=["energy"],
        status="announced",
        notes="bell\x07 and \ufffe; CR\r\nLF",
        organisations=[{"name": "A\x02B", "role": "funder"}],
    )
    path = export([project], tmp_path / "ctl.xml")
    assert schema_errors(path) == []
    activity = parsed(path).find("iati-activity")
    assert activity.findtext("participating-org/narrative") == "A\ufffdB"
    assert read_records(path) == [project]


def test_a_location_without_a_point_is_looked_up_or_left_out(tmp_path):
    path = write_activity(tmp_path)
    text = path.read_text()
    start, end = text.index("<point"), text.index("</point>") + len("</point>")
    path.write_text(text[:start] + text[end:])
    [project] = read_records(path)
    [place] = project.locations
    assert (place.name, place.country, place.geometry_source) == ("Astana", "KZ", "gazetteer")
    assert abs(place.latlon[0] - 51.18) < 0.2
    reading = read_file(path, options=ReadOptions(geocode=False))
    assert reading.records[0].locations == []
    [warning] = reading.warnings
    assert (warning.field, warning.level) == ("location[1]", "warning")
    assert "has no point/pos; left out" in warning.reason


def test_a_location_without_a_point_is_looked_up_in_the_recipient_country_only(tmp_path):
    path = write_activity(tmp_path)
    text = path.read_text()
    start, end = text.index("<point"), text.index("</point>") + len("</point>")
    # Aberdeen is in Scotland: the activity's recipient country is Kazakhstan
    path.write_text(text[:start].replace(">Astana<", ">Aberdeen<") + text[end:])
    reading = read_file(path)
    assert reading.records[0].locations == []
    [warning] = reading.warnings
    assert "'Aberdeen' has no point/pos; left out" in warning.reason


@pytest.mark.parametrize(
    ("extension", "reason"),
    [("{not json", "not JSON"), ("[1, 2]", "JSON object"), ("[" * 100 + "]" * 100, "nested")],
    ids=["not-json", "not-an-object", "too-deep"],
)
def test_a_broken_extension_is_an_error_naming_it(tmp_path, extension, reason):
    path = export([awkward()], tmp_path / "atlas.xml")
    root = parsed(path)
    root.find(f"iati-activity/{FIELDS}").text = extension
    path.write_bytes(etree.tostring(root))
    [problem] = read_file(path).problems
    named = (problem.where, problem.record, problem.field)
    assert named == ("activity 1", "pj-awkward", "coopmap:fields")
    assert reason in problem.reason
