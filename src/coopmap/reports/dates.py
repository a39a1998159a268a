"""Dates in a text, absolute or relative to the report's date, with the precision given.

"December 14, 2015" is a day; "in May this year" a month of the report's year; "last year" a
year; "Dec. 16-18" an interval of days; "by the year-end" the report year's December. A day
is never made up: "May 2015" stays a month. Relative expressions need the report's date;
without it they are still found but carry no date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coopmap.dates import DatePrecision, PartialDate
from coopmap.errors import DateError
from coopmap.reports import lexicon

__all__ = [
    "DateMention",
    "days_from",
    "find_all",
    "find_dates",
    "mention_of",
    "relative_year",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: its text and span, and the date it means.

    ``date`` is ``None`` when the expression is relative and no report date was given.
    ``until`` is the last date of an interval ("Dec. 16-18", "2016-2020"), else ``None``.
    """

    text: str
    start: int
    end: int
    date: PartialDate | None
    until: PartialDate | None = None
    relative: bool = False

    @property
    def precision(self) -> DatePrecision | None:
        return None if self.date is None else self.date.precision


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_NAMES = "|".join(_WEEKDAYS)
_MONTH2 = _MONTH.replace("month", "month2")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_YEAR2 = r"(?P<year2>(?:1[89]|20)\d\d)"
_DASH = r"\s*(?:-|\u2013|\u2014|to|through|until)\s*"
_REL_YEAR = r"(?P<rel>this|last|next|the\s+previous|the\s+following|past)\s+year"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
        # Dec. 16-18, 2015 / December 30 - January 2
        ("mdd", rf"\b{_MONTH}\s+{_DAY}{_DASH}(?:{_MONTH2}\s+)?{_DAY2}\b(?:,?\s+{_YEAR})?"),
        # 16-18 December 2015
        ("ddm", rf"\b{_DAY}{_DASH}{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"),
        # December 14, 2015 / Dec 14
        ("md", rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent|km|per\b))(?:,?\s+{_YEAR}\b)?"),
        # 14 December 2015
        ("dm", rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b"),
        # in July of that year / later that year: the year the text spoke of last
        ("mthat", rf"\b{_MONTH}\s+(?:of\s+)?(?:that|the\s+same)\s+year\b"),
        ("that", r"\b(?:later|earlier)\s+(?:that|the\s+same)\s+year\b|\bthat\s+same\s+year\b"),
        # in May this year / May next year / last May
        ("mrel", rf"\b{_MONTH}\s+(?:of\s+)?{_REL_YEAR}\b"),
        ("relm", rf"\b(?P<rel>last|next|this)\s+{_MONTH}\b"),
        # May 2015 / May-June 2016
        ("my", rf"\b{_MONTH}(?:{_DASH}{_MONTH2})?,?\s+{_YEAR}\b"),
        # by the year-end / end of the year / end of this year
        (
            "yearend",
            r"\b(?:the\s+)?(?:year[-\s]end|end\s+of\s+(?:the|this)\s+year)\b",
        ),
        # four years ago / a decade ago / two months ago
        (
            "ago",
            r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|fifteen|twenty|thirty|forty|fifty|\d{1,2})\s+(?P<unit>years?|decades?|months?)"
            r"\s+ago(?P<today>\s+today)?\b",
        ),
        ("relyear", rf"\b{_REL_YEAR}\b"),
        ("relmonth", r"\b(?P<rel>this|last|next)\s+month\b"),
        (
            "day",
            r"\b(?P<rel>today|yesterday|tomorrow|last\s+night)\b",
        ),
        ("weekday", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<weekday>" + _WEEKDAY_NAMES + r")\b"),
        # 2016-2020 / from 2016 to 2020
        ("years", rf"\b{_YEAR}{_DASH}{_YEAR2}\b"),
        # in May (a bare month needs a preposition: "May" is also a verb)
        (
            "m",
            r"\b(?:in|by|since|until|from|before|after|early|late|mid|during)[\s-]"
            + _MONTH.replace("(?P<month>", "(?P<bare>(?P<month>")
            + r")\b",
        ),
        ("y", rf"(?<![$\d.,]){_YEAR}\b(?!\s*(?:%|percent|km|kilomet|MW|GW|tonnes|yuan))"),
    )
]

# Month names that are also English words need a capital letter.
_WORDY = {"may", "march", "jan", "mar", "dec", "sun", "aug"}


def find_dates(text: str, /, *, report_date: object | None = None) -> list[DateMention]:
    """Return the date expressions in ``text``, in order, without overlaps.

    Parameters
    ----------
    text
        The report.
    report_date
        The day the report was written (a ``date``, a :class:`PartialDate` or ``YYYY-MM-DD``):
        relative expressions ("Monday", "last year") are resolved against it.
    """
    today = None
    if report_date is not None:
        today = PartialDate.parse(report_date)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("bare" if kind == "m" else 0)
            if any(start < e and s < end for s, e in taken):
                continue
            month_text = match.groupdict().get("month")
            if month_text and month_text.lower() in _WORDY and not month_text[0].isupper():
                continue
            if kind == "weekday" and (
                not match["weekday"][0].isupper() or _after_title(text, match.start())
            ):
                continue  # "may monday", "President Monday"
            try:
                mention = _interpret(kind, match, today)
            except DateError:
                continue
            if mention is None:
                continue
            taken.append((start, end))
            found.append(mention)
    return _ranges(_years_spoken_of(sorted(found, key=lambda m: m.start), text), text)


_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?$", re.IGNORECASE)
_RANGE_JOIN = {"between": re.compile(r"\s+and\s+$"), "from": re.compile(r"\s+(?:to|until)\s+$")}


def _ranges(found: list[DateMention], text: str) -> list[DateMention]:
    """The mentions, with "between 2011 and 2015" and "from May to July" each one interval
    from the first date to the second."""
    joined: list[DateMention] = []
    i = 0
    while i < len(found):
        first = found[i]
        second = found[i + 1] if i + 1 < len(found) else None
        opening = _RANGE_OPEN.search(text, max(0, first.start - 10), first.start)
        join = _RANGE_JOIN[opening.group().split()[0].lower()] if opening else None
        if (
            join is not None
            and second is not None
            and first.date is not None
            and second.date is not None
            and first.until is None
            and join.match(text[first.end : second.start] + " ")
            and second.date.first_day > first.date.first_day
        ):
            relative = first.relative or second.relative
            joined.append(
                DateMention(
                    text[first.start : second.end],
                    first.start,
                    second.end,
                    first.date,
                    second.date,
                    relative,
                )
            )
            i += 2
            continue
        joined.append(first)
        i += 1
    return joined


_THAT_YEAR = re.compile(r"(?:that|the\s+same)\s+year\b", re.IGNORECASE)


def _years_spoken_of(found: list[DateMention], text: str) -> list[DateMention]:
    """The mentions, "in July of that year" and "later that year" dated by the year of the
    last date before them."""
    year = None
    dated = []
    for mention in found:
        if mention.date is None and _THAT_YEAR.search(mention.text):
            if year is not None:
                month = _MONTH_IN.search(mention.text)
                month_number = _MONTHS[month[1].lower().rstrip(".")] if month else None
                date = PartialDate(year, month_number)
                mention = DateMention(mention.text, mention.start, mention.end, date, None, True)
        elif mention.date is not None:
            year = mention.date.year
        dated.append(mention)
    return dated


_MONTH_IN = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b", re.I)


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")


def _after_title(text: str, start: int) -> bool:
    """Whether a person's title comes right before ``start`` ("President Monday")."""
    before = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return before is not None and before.group(1).lower() in lexicon.name_words("title")


def _month(match: re.Match[str], group: str = "month") -> int:
    return _MONTHS[match[group].lower().rstrip(".")]


def _year(match: re.Match[str], today: PartialDate | None, group: str = "year") -> int | None:
    if match.groupdict().get(group):
        return int(match[group])
    return None if today is None else today.year


def _interpret(kind: str, m: re.Match[str], today: PartialDate | None) -> DateMention | None:
    make = mention_of(m, "bare" if kind == "m" else 0)
    if kind == "iso":
        return make(PartialDate(int(m["year"]), int(m["mnum"]), int(m["day"])))
    if kind in ("mdd", "ddm"):
        year = _year(m, today)
        relative = not m["year"]
        if year is None:
            return make(None, relative=True)
        month = _month(m)
        month2 = _month(m, "month2") if m.groupdict().get("month2") else month
        first = PartialDate(year, month, int(m["day"]))
        last = PartialDate(year + (month2 < month), month2, int(m["day2"]))
        return make(first, last, relative)
    if kind in ("md", "dm"):
        year = _year(m, today)
        if year is None:
            return make(None, relative=True)
        return make(PartialDate(year, _month(m), int(m["day"])), relative=not m["year"])
    if kind in ("mthat", "that"):
        return make(None, relative=True)  # dated by :func:`_years_spoken_of`
    if kind == "mrel":
        year = relative_year(m["rel"], today)
        return make(None if year is None else PartialDate(year, _month(m)), relative=True)
    if kind == "relm":
        if today is None:
            return make(None, relative=True)
        month, year = _month(m), today.year
        if m["rel"].lower() == "last" and (today.month is None or month >= today.month):
            year -= 1
        elif m["rel"].lower() == "next" and today.month is not None and month <= today.month:
            year += 1
        return make(PartialDate(year, month), relative=True)
    if kind == "my":
        year = int(m["year"])
        if m.groupdict().get("month2"):
            return make(PartialDate(year, _month(m)), PartialDate(year, _month(m, "month2")))
        return make(PartialDate(year, _month(m)))
    if kind == "yearend":
        return make(None if today is None else PartialDate(today.year, 12), relative=True)
    if kind == "ago":
        if today is None:
            return make(None, relative=True)
        count = _COUNTS.get(m["count"].lower()) or int(m["count"])
        unit = m["unit"].lower()
        if unit.startswith("month"):
            if today.month is None:
                return make(None, relative=True)
            index = today.year * 12 + today.month - 1 - count
            return make(PartialDate(index // 12, index % 12 + 1), relative=True)
        years = count * (10 if unit.startswith("decade") else 1)
        if m["today"] and today.day is not None:  # "thirty years ago today"
            return make(PartialDate(today.year - years, today.month, today.day), relative=True)
        return make(PartialDate(today.year - years), relative=True)
    if kind == "relyear":
        year = relative_year(m["rel"], today)
        return make(None if year is None else PartialDate(year), relative=True)
    if kind == "relmonth":
        if today is None or today.month is None:
            return make(None, relative=True)
        shift = {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        index = today.year * 12 + today.month - 1 + shift
        return make(PartialDate(index // 12, index % 12 + 1), relative=True)
    if kind == "day":
        word = " ".join(m["rel"].lower().split())
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
        return make(days_from(today, shift), relative=True)
    if kind == "weekday":
        if today is None or today.day is None:
            return make(None, relative=True)
        ahead = _FUTURE.search(_sentence_before(m.string, m.start())) is not None
        return make(PartialDate.parse(_weekday(m, today.first_day, ahead=ahead)), relative=True)
    if kind == "years":
        first, last = int(m["year"]), int(m["year2"])
        if last <= first:
            return None
        return make(PartialDate(first), PartialDate(last))
    if kind == "m":
        year = _year(m, today)
        return make(None if year is None else PartialDate(year, _month(m)), relative=True)
    if kind == "y":
        return make(PartialDate(int(m["year"])))
    raise AssertionError(kind)


def find_all(
    text: str,
    patterns: Sequence[tuple[str, re.Pattern[str]]],
    interpret: Callable[[str, re.Match[str], PartialDate | None], DateMention | None],
    report_date: object | None,
    *,
    keep: Callable[[str, re.Match[str]], bool] | None = None,
) -> list[DateMention]:
    """The matches of each of a language's ``(kind, pattern)`` in turn that ``keep`` (if
    given) accepts and that overlap none taken before, each read by ``interpret(kind, match,
    report date)``; in text order."""
    today = None if report_date is None else PartialDate.parse(report_date)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            if keep is not None and not keep(kind, match):
                continue
            try:
                mention = interpret(kind, match, today)
            except DateError:
                continue
            if mention is not None:
                taken.append((start, end))
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def mention_of(match: re.Match[str], group: int | str = 0) -> Callable[..., DateMention]:
    """A maker of the :class:`DateMention` of ``match`` (its ``group``): called with the date,
    and optionally the last date of an interval and whether it is relative."""
    text, start, end = match.group(group), match.start(group), match.end(group)

    def make(
        date: PartialDate | None, until: PartialDate | None = None, relative: bool = False
    ) -> DateMention:
        return DateMention(text, start, end, date, until, relative)

    return make


def days_from(today: PartialDate | None, shift: int) -> PartialDate | None:
    """The day ``shift`` days after the report's day (before it if negative), or ``None``
    when the report's date has no day."""
    if today is None or today.day is None:
        return None
    return PartialDate.parse(today.first_day + dt.timedelta(days=shift))


def relative_year(rel: str, today: PartialDate | None) -> int | None:
    """The year ``rel`` ("this", "last", "next", "the previous", ...) means in a report of
    ``today``, or ``None`` without it."""
    if today is None:
        return None
    rel = " ".join(rel.lower().split())
    if rel in ("last", "the previous", "past"):
        return today.year - 1
    if rel in ("next", "the following"):
        return today.year + 1
    return today.year


_COUNTS = {
    word: n
    for n, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        start=1,
    )
} | {"a": 1, "an": 1, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}

#: Words that put a sentence in the future: a bare weekday in it is the coming one ("is due
#: to join a meeting on Tuesday").
_FUTURE = re.compile(
    r"\b(?:will|shall|is due|are due|is to|are to|to be held|is expected|are expected"
    r"|scheduled|plans? to|planned for|going to|upcoming|coming)\b",
    re.IGNORECASE,
)


_CLAUSE_START = re.compile(r"[,;:]|\b(?:which|that|who|where|when)\b", re.IGNORECASE)


def _sentence_before(text: str, start: int) -> str:
    """The text of the clause that ``start`` is in, up to ``start`` ("which opened on
    Monday" in a sentence that says what someone will do)."""
    cut = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    before = text[cut + 1 : start]
    clauses = list(_CLAUSE_START.finditer(before))
    return before[clauses[-1].end() :] if clauses else before


def _weekday(m: re.Match[str], today: dt.date, *, ahead: bool = False) -> dt.date:
    """News usage: a bare weekday is the nearest one (a past one unless it is today, or a
    coming one in a sentence about the future: ``ahead``); "next Monday" the next one,
    "last Monday" the previous one."""
    target = _WEEKDAYS[m["weekday"].lower()]
    back = (today.weekday() - target) % 7
    rel = (m["rel"] or "").lower()
    if rel == "next" or (ahead and not rel):
        return today + dt.timedelta(days=(target - today.weekday()) % 7 or 7)
    if rel == "last":
        return today - dt.timedelta(days=back or 7)
    return today - dt.timedelta(days=back)
