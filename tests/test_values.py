"""Values as other files write them: sectors, statuses, countries and dates read into coopmap's
vocabularies (coopmap.formats.values), in the readers and in a CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopmap.dates import PartialDate
from coopmap.errors import DateError, UnknownSectorError, UnknownStatusError, ValidationError
from coopmap.formats import read_file
from coopmap.formats.codes import sector_for_crs
from coopmap.formats.values import (
    countries_from_text,
    country_of,
    date_from,
    sector_of,
    sectors_from_text,
    status_from,
    status_of,
)


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        ("transport", ["transport"]),
        ("TRANSPORT AND STORAGE", ["transport"]),
        ("Transport & Storage", ["transport"]),
        ("Communications (ICT)", ["ict"]),
        ("210", ["transport"]),
        ("21020", ["transport"]),
        ("210.0", ["transport"]),
        ("23210", ["energy"]),  # a renewable-generation purpose code
        ("230 ENERGY", ["energy"]),
        ("AGRICULTURE, FORESTRY, FISHING", ["agriculture"]),  # one name with commas
        ("HEALTH", ["other"]),  # a CRS sector coopmap has no sector for
        ("energy; 220 | Transport, mining", ["energy", "ict", "transport", "mining"]),
        ("energy;ENERGY;230", ["energy"]),
    ],
)
def test_sectors_are_read_from_names_and_crs_codes(text: str, sectors: list[str]) -> None:
    assert sectors_from_text(text) == sectors


def test_unknown_sectors_are_named_with_what_is_valid() -> None:
    assert sector_of("steel") is None
    assert sector_of("999") is None
    with pytest.raises(UnknownSectorError) as caught:
        sectors_from_text("energy; steel; 1234")
    assert caught.value.field == "sectors"
    assert caught.value.reason.startswith("unknown sector 'steel', '1234'; valid: transport,")
    with pytest.raises(UnknownSectorError, match="'999' is not a CRS sector code coopmap knows"):
        sector_for_crs("999")
    assert sector_for_crs("12220") == "other"  # basic health care: read, as other


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("operating", "operating"),
        ("Under construction", "under_construction"),
        ("UNDER_CONSTRUCTION", "under_construction"),
        ("Pipeline: Pledge", "announced"),
        ("Pipeline: Commitment", "agreed"),
        ("Implementation", "under_construction"),
        ("Completion", "completed"),
        ("Suspended", "suspended"),
        ("Cancelled", "cancelled"),
        ("1", "announced"),
        ("2", "under_construction"),
        ("3", "completed"),
        ("4.0", "completed"),
        ("5", "cancelled"),
        ("6", "suspended"),
        ("Pipeline/identification", "announced"),
        ("Finalisation", "completed"),
    ],
)
def test_statuses_of_iati_and_gcdf_are_coopmaps(text: str, status: str) -> None:
    assert status_from(text) == status


def test_an_unknown_status_lists_the_vocabularies() -> None:
    assert status_of("7") is None
    with pytest.raises(UnknownStatusError) as caught:
        status_from("finished")
    assert caught.value.reason.startswith("unknown status 'finished'; valid: announced, agreed,")
    assert "IATI activity-status codes 1-6" in caught.value.reason


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("KZ", ["KZ"]),
        ("kaz", ["KZ"]),
        ("Kazakhstan", ["KZ"]),
        ("Viet Nam; Vietnam", ["VN"]),
        ("Russia | Russian Federation", ["RU"]),
        ("Korea, Republic of", ["KR"]),
        ("Côte d'Ivoire, Cote d'Ivoire", ["CI"]),
        ("KZ, CN;Uzbekistan", ["KZ", "CN", "UZ"]),
    ],
)
def test_countries_are_read_from_codes_and_names(text: str, codes: list[str]) -> None:
    assert countries_from_text(text) == codes


def test_unknown_countries_are_named() -> None:
    assert country_of("XX") is None
    assert country_of("Atlantis") is None
    with pytest.raises(ValidationError) as caught:
        countries_from_text("KZ; Atlantis; XYZ")
    assert caught.value.field == "countries"
    assert caught.value.reason.startswith("'Atlantis', 'XYZ': not a country name or ISO 3166-1")


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2019", "2019", "year"),
        ("2019.0", "2019", "year"),
        ("2019-3", "2019-03", "month"),
        ("2019-03-15", "2019-03-15", "day"),
        ("3/15/2019", "2019-03-15", "day"),
        ("03/15/2019", "2019-03-15", "day"),
        ("03/2019", "2019-03", "month"),
        ("2019-03-15 00:00:00", "2019-03-15", "day"),
        ("2019-03-15T10:30", "2019-03-15", "day"),
    ],
)
def test_dates_keep_the_precision_they_are_written_with(
    text: str, date: str, precision: str
) -> None:
    read = date_from(text)
    assert (str(read), read.precision) == (date, precision)
    assert read == PartialDate.parse(date)


def test_bad_dates_say_how_they_were_read() -> None:
    with pytest.raises(DateError, match=r"'15/12/2015' is not a date \(read as MM/DD/YYYY\): mon"):
        date_from("15/12/2015")
    with pytest.raises(DateError, match="write YYYY, YYYY-MM, YYYY-MM-DD or MM/DD/YYYY"):
        date_from("spring 2015")
    with pytest.raises(DateError, match="day 30 is not in 2015-02"):
        date_from("2015-02-30", field="start")


def test_a_sheet_in_other_vocabularies_imports(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "title,sectors,status,start,end,countries,lat,lon\n"
        '"Road",TRANSPORT AND STORAGE,Pipeline: Commitment,03/15/2019,2021,Kazakhstan,51.18,71.45\n'
        '"Wind farm",23210,2,2019-06,12/31/2022,KAZ,51.18,71.45\n'
        '"Clinic",HEALTH,Completion,2020,,"Korea, Republic of",37.56,126.97\n'
        '"Bad",steel,sometime,13/13/2020,,Atlantis,51.18,71.45\n',
        encoding="utf-8",
    )
    reading = read_file(path)
    road, wind, clinic = reading.records
    assert (road.sectors, road.status, str(road.start), str(road.end)) == (
        ["transport"],
        "agreed",
        "2019-03-15",
        "2021",
    )
    assert road.countries == ["KZ"]
    assert (wind.sectors, wind.status, str(wind.start), str(wind.end)) == (
        ["energy"],
        "under_construction",
        "2019-06",
        "2022-12-31",
    )
    assert wind.countries == ["KZ"]
    assert (clinic.sectors, clinic.status, clinic.countries) == (["other"], "completed", ["KR"])
    fields = {problem.field: problem.reason for problem in reading.problems}
    assert set(fields) == {"sectors", "status", "start", "countries"}
    assert fields["sectors"].startswith("unknown sector 'steel'")
    assert fields["status"].startswith("unknown status 'sometime'")
    assert "(read as MM/DD/YYYY): month 13" in fields["start"]
    assert fields["countries"].startswith("'Atlantis': not a country name")
