"""Dates that keep their precision: a day, a month or a year, never a made-up day.

A report that says "in May 2015" gives a month, not 1 May 2015. :class:`PartialDate` keeps what
the source gave and answers interval questions with the first and last day it covers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coopmap.errors import DateError

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?$")


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the day, the month or the year.

    Sort with :attr:`sort_key`: the first day covered, then the coarser date first.

    Examples
    --------
    >>> from coopmap import PartialDate
    >>> may = PartialDate.parse("2015-05")
    >>> may.precision.value, may.first_day.isoformat(), may.day is None
    ('month', '2015-05-01', True)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise DateError(f"{self.year}-??-{self.day}: a day needs a month", field="date")
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range", field="date")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not between 1 and 12", field="date")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month or 1)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    f"day {self.day} is not in {self.year}-{self.month:02d} (1 to {last})",
                    field="date",
                )

    @classmethod
    def parse(cls, value: object, /) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a ``date``) into a partial date."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        text = str(value).strip()
        match = _PATTERN.match(text)
        if not match:
            raise DateError(
                f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD", field="date"
            )
        month, day = match["month"], match["day"]
        return cls(int(match["year"]), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The first day the date covers (1 January for a year)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the date covers (31 December for a year)."""
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return (self.first_day, (self.month is not None) + (self.day is not None))

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    # pydantic: accept the string forms, serialise back to them.
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.str_schema(),
        )


def overlaps(
    start: PartialDate | None, end: PartialDate | None, lo: dt.date | None, hi: dt.date | None
) -> bool:
    """Whether the interval a record covers overlaps ``[lo, hi]``.

    An open end (``None``) reaches as far as it can; a record with no dates at all overlaps
    nothing but an unbounded range.
    """
    if start is None and end is None:
        return lo is None and hi is None
    first = (start or end).first_day  # type: ignore[union-attr]
    last = (end or start).last_day  # type: ignore[union-attr]
    return (hi is None or first <= hi) and (lo is None or last >= lo)
