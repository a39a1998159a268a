"""Dates: absolute, relative to the report's date, intervals, and never a made-up day."""

from __future__ import annotations

import pytest

from coopmap.dates import DatePrecision, PartialDate
from coopmap.reports.dates import find_dates

REPORT_DATE = "2015-12-15"  # a Tuesday

REPORT = (
    "Premier Li held talks in Beijing on Monday. The SCO heads of government met in "
    "Zhengzhou on Dec. 14-15, and a conference runs in Wuzhen Dec. 16-18. Trade fell last "
    "year but should recover next year; the light railway opens by the year-end. A plant "
    "started in May this year. The 2016-2020 plan was approved on December 14, 2015, and "
    "building starts in 2016."
)


def _dates(text, **options):
    return {m.text: m for m in find_dates(text, **options)}


def test_report_dates_resolve_against_the_report_date():
    found = _dates(REPORT, report_date=REPORT_DATE)
    assert found["Monday"].date == PartialDate(2015, 12, 14)
    assert found["Dec. 14-15"].date == PartialDate(2015, 12, 14)
    assert found["Dec. 14-15"].until == PartialDate(2015, 12, 15)
    assert found["Dec. 16-18"].until == PartialDate(2015, 12, 18)
    assert found["last year"].date == PartialDate(2014)
    assert found["next year"].date == PartialDate(2016)
    assert found["the year-end"].date == PartialDate(2015, 12)
    assert found["May this year"].date == PartialDate(2015, 5)
    assert found["2016-2020"].date == PartialDate(2016)
    assert found["2016-2020"].until == PartialDate(2020)
    assert found["December 14, 2015"].date == PartialDate(2015, 12, 14)
    assert found["2016"].precision is DatePrecision.YEAR
    for mention in found.values():
        assert REPORT[mention.start : mention.end] == mention.text


def test_relative_dates_without_a_report_date_have_no_date():
    found = _dates(REPORT)
    assert found["Monday"].date is None
    assert found["last year"].date is None
    assert found["Monday"].relative
    assert found["December 14, 2015"].date == PartialDate(2015, 12, 14)


def test_no_day_is_invented():
    found = _dates("Output rose in March 2015 and again in May.", report_date="2015-12-15")
    assert found["March 2015"].date.precision is DatePrecision.MONTH
    assert found["May"].date == PartialDate(2015, 5)


def test_weekday_relative_to_the_report():
    found = _dates("They met last Friday and will meet next Monday.", report_date=REPORT_DATE)
    assert found["last Friday"].date == PartialDate(2015, 12, 11)
    assert found["next Monday"].date == PartialDate(2015, 12, 21)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "She may march on, and he will say what he wants.",
        "The line carries 2,500 passengers and 1,200 tonnes of cargo at 120 km per hour.",
    ],
)
def test_texts_without_dates(text):
    assert find_dates(text, report_date=REPORT_DATE) == []


def test_a_weekday_after_a_title_is_a_name():
    found = _dates("President Monday said talks on Monday went well.", report_date=REPORT_DATE)
    assert [(m.text, m.start) for m in found.values()] == [("Monday", 31)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The dry port opened four years ago.", [("four years ago", "2011")]),
        ("A decade ago the line was closed.", [("A decade ago", "2005")]),
        ("Talks began two months ago.", [("two months ago", "2015-10")]),
        # a bare weekday in a clause about the future is the coming one
        ("He is due to join a meeting on Tuesday.", [("Tuesday", "2015-12-15")]),
        ("They met on Tuesday.", [("Tuesday", "2015-12-08")]),
        ("He will attend the meeting, which opened on Monday.", [("Monday", "2015-12-14")]),
    ],
)
def test_dates_counted_back_and_weekdays_ahead(text, found):
    dates = find_dates(text, report_date="2015-12-14")
    assert [(d.text, str(d.date)) for d in dates] == found


def test_years_ago_today_is_a_day():
    (found,) = find_dates("Thirty years ago today the line opened.", report_date="2020-09-12")
    assert str(found.date) == "1990-09-12"


def test_that_year_is_the_year_spoken_of_last():
    # written for this test
    found = find_dates(
        "The contract was signed in 2018, piling began in July of that year and the deck "
        "was closed later that year; the bridge opened last night.",
        report_date="2022-07-27",
    )
    assert [str(m.date) for m in found] == ["2018", "2018-07", "2018", "2022-07-26"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The two farms were put up between 2011 and 2015.", ("2011", "2015")),
        ("Track was relaid from 2017 to 2020 on the northern lines.", ("2017", "2020")),
        # no interval backwards, and two dates not joined as a range stay two
        ("It was planned from 2019 to 2017, a misprint.", None),
        ("Talks were held in 2011 and 2015.", None),
    ],
)
def test_a_range_of_years_is_one_interval(text, span):
    # written for this test
    found = find_dates(text, report_date=REPORT_DATE)
    if span is None:
        assert all(m.until is None for m in found)
        assert len(found) == 2
    else:
        (mention,) = found
        assert (str(mention.date), str(mention.until)) == span
