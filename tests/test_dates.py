import datetime as dt

import pytest

from coopmap.dates import DatePrecision, PartialDate, overlaps
from coopmap.errors import DateError


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2015-12-14", DatePrecision.DAY, dt.date(2015, 12, 14), dt.date(2015, 12, 14)),
        ("2015-05", DatePrecision.MONTH, dt.date(2015, 5, 1), dt.date(2015, 5, 31)),
        ("2014", DatePrecision.YEAR, dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2016-02", DatePrecision.MONTH, dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
    ],
)
def test_parse_keeps_precision(text, precision, first, last):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.first_day, date.last_day) == (first, last)
    assert str(date) == text


def test_never_invents_a_day():
    assert PartialDate.parse("2015-05").day is None
    assert str(PartialDate.parse("2014")) == "2014"


@pytest.mark.parametrize("bad", ["2015-13", "2015-02-30", "May 2015", "", "15-05-2015", "2015-5-x"])
def test_bad_dates_are_errors_that_say_why(bad):
    with pytest.raises(DateError, match="date"):
        PartialDate.parse(bad)


def test_sort_key_orders_coarser_first():
    dates = [PartialDate.parse(t) for t in ["2015-12-14", "2015", "2015-12", "2014"]]
    assert [str(d) for d in sorted(dates, key=lambda d: d.sort_key)] == [
        "2014",
        "2015",
        "2015-12",
        "2015-12-14",
    ]


def test_overlaps_reads_each_date_at_its_precision():
    year = PartialDate.parse("2014")
    assert overlaps(year, None, dt.date(2014, 6, 1), dt.date(2014, 6, 30))
    assert not overlaps(year, None, dt.date(2015, 1, 1), None)
    wic = (PartialDate.parse("2015-12-16"), PartialDate.parse("2015-12-18"))
    assert overlaps(*wic, dt.date(2015, 12, 18), dt.date(2015, 12, 31))
    assert not overlaps(*wic, dt.date(2015, 12, 19), None)
    assert not overlaps(None, None, dt.date(2015, 1, 1), None)
    assert overlaps(None, None, None, None)
