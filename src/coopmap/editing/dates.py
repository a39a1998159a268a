"""A date as a form holds it: a precision and the parts that precision asks for."""

from __future__ import annotations

from dataclasses import dataclass

from coopmap.dates import DatePrecision, PartialDate
from coopmap.errors import DateError


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date as a form holds it: a precision and the parts that precision asks for.

    ``precision=None`` means no date. Parts finer than the precision are ignored, so a form that
    still holds a day after the user narrowed the precision to a month never saves that day, and
    a coarse date is never given a made-up day.
    """

    precision: DatePrecision | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, value: PartialDate | str | None, /) -> DateParts:
        """The parts of a stored date (``None`` gives no date)."""
        if value is None or value == "":
            return cls()
        date = PartialDate.parse(value)
        return cls(date.precision, date.year, date.month, date.day)

    def to_date(self) -> PartialDate | None:
        """The partial date, ``None`` without a precision; :class:`DateError` when a part the
        precision needs is missing or out of range."""
        if self.precision is None:
            return None
        precision = DatePrecision(self.precision)
        if self.year is None:
            raise DateError("enter a year", field="date")
        if precision is DatePrecision.YEAR:
            return PartialDate(int(self.year))
        if self.month is None:
            raise DateError("choose a month", field="date")
        if precision is DatePrecision.MONTH:
            return PartialDate(int(self.year), int(self.month))
        if self.day is None:
            raise DateError("enter a day", field="date")
        return PartialDate(int(self.year), int(self.month), int(self.day))
