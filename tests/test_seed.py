"""The seed atlas holds the report's facts, geocoded offline, with their precision."""

import pytest
from geopy.distance import distance

from coopmap.dates import DatePrecision
from coopmap.model import Event, Project
from coopmap.seed import load_seed, seed_path
from coopmap.taxonomy import EventType, Precision, Role, Status

# GeoNames coordinates (lat, lon) of the seed's places.
GEONAMES = {
    "Beijing": (39.9075, 116.39723),
    "Zhengzhou": (34.75778, 113.64861),
    "Wuzhen": (30.74536, 120.4851),
    "Astana": (51.1801, 71.44598),
}


@pytest.fixture(scope="module")
def seed():
    return {record.id: record for record in load_seed()}


def km(location, place):
    lat, lon = location.latlon
    return distance((lat, lon), GEONAMES[place]).km


def test_every_record_cites_the_report(seed):
    assert len(seed) == 19
    for record in seed.values():
        assert record.sources
        assert "Capacity Cooperation" in record.sources[0].title


def test_beijing_talks_and_signing(seed):
    talks = seed["ev-2015-12-14-beijing-talks"]
    assert talks.event_type is EventType.TALKS
    assert str(talks.start) == "2015-12-14"
    assert talks.locations[0].resolved_name == "Great Hall of the People"
    assert km(talks.locations[0], "Beijing") < 15
    assert {p.name for p in talks.participants} == {"Li Keqiang", "Karim Massimov"}
    signing = seed["ev-2015-12-14-beijing-signing"]
    assert signing.links[0].type == "signed_at"
    assert signing.links[0].project in seed
    assert {"finance", "energy", "trade", "tourism"} <= set(signing.sectors)


def test_sco_meeting_and_internet_conference(seed):
    sco = seed["ev-2015-12-14-sco-zhengzhou"]
    assert sco.event_type is EventType.MEETING
    assert str(sco.start) == "2015-12-14"
    assert sco.end is None  # the report gives no closing day
    assert km(sco.locations[0], "Zhengzhou") < 15
    assert sco.locations[0].precision is Precision.CITY
    wic = seed["ev-2015-12-16-wic-wuzhen"]
    assert (str(wic.start), str(wic.end)) == ("2015-12-16", "2015-12-18")
    assert km(wic.locations[0], "Wuzhen") < 15


def test_dates_keep_the_precision_the_report_gives(seed):
    visit = seed["ev-2014-li-visit-kazakhstan"]
    assert visit.start.precision is DatePrecision.YEAR
    assert str(visit.start) == "2014"
    deal = seed["ev-2015-05-light-rail-deal"]
    assert deal.start.precision is DatePrecision.MONTH
    assert str(deal.start) == "2015-05"
    assert deal.locations == []  # the report does not say where it was signed


def test_astana_light_railway(seed):
    lrt = seed["pj-astana-light-rail"]
    assert isinstance(lrt, Project)
    assert "transport" in lrt.sectors
    assert {s.key: (s.value, s.unit) for s in lrt.specs} == {
        "length": (22.4, "km"),
        "stations": (18, None),
        "depots": (1, None),
    }
    assert lrt.organisations[0].name.startswith("China Railway Group")
    assert lrt.organisations[0].role is Role.CONTRACTOR
    assert km(lrt.locations[0], "Astana") < 15
    assert lrt.locations[0].gazetteer_id == 1526273


def test_country_precision_projects_are_drawn_as_the_country(seed):
    for record_id in ("pj-automobile-assembly", "pj-polypropylene"):
        project = seed[record_id]
        location = project.locations[0]
        assert location.precision is Precision.COUNTRY
        assert location.country == "KZ"
        assert location.geometry.geom_type in ("Polygon", "MultiPolygon")
        assert location.geometry.area > 100  # square degrees: Kazakhstan, not a point


def test_projects_expected_in_2016(seed):
    for record_id in ("pj-steel-projects", "pj-smelting-projects", "pj-cement-projects"):
        project = seed[record_id]
        assert project.status is Status.ANNOUNCED
        assert str(project.start) == "2016"
        assert "industry" in project.sectors


def test_programme_and_fund(seed):
    programme = seed["pj-early-harvest-programme"]
    assert {s.key: s.value for s in programme.specs} == {"projects": 52}
    fund = seed["pj-capacity-cooperation-fund"]
    assert fund.sectors == ["finance"]
    assert fund.organisations[0].name == "Silk Road Fund"


def test_links_point_at_seed_projects(seed):
    for record in seed.values():
        if isinstance(record, Event):
            for link in record.links:
                assert link.project in seed, (record.id, link.project)


def test_seed_file_does_not_copy_report_sentences():
    text = seed_path().read_text(encoding="utf-8")
    for phrase in (
        "vowing to step up",
        "cement trust",
        "expected to kick off",
        "highly values the opportunities",
    ):
        assert phrase not in text
