"""Dates in a Russian text: "14 декабря 2015 года", "16–18 декабря", "в декабре 2015 года",
"в 2015 году", "в прошлом году", "в минувшем месяце", "в понедельник", "в минувшую пятницу",
"в следующий вторник", "в марте" (of the report's year), "в апреле текущего года", "в начале
следующего года", "до конца 2025 года", each at the precision it gives."""

from __future__ import annotations

import datetime as dt
import re

from coopmap.dates import PartialDate
from coopmap.reports.dates import DateMention, days_from, find_all, mention_of, relative_year

__all__ = ["find_dates"]

# Month stems: the endings differ by case (декабрь, декабря, декабре).
_MONTH_STEMS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_MONTH = r"(?P<month>" + "|".join(_MONTH_STEMS) + r")(?:ь|я|е|а|й|ю|ем|ом)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?:\s*(?:г\.|года|году|год))?"
_DAY = r"(?P<day>[0-3]?\d)"
_DASH = r"\s*(?:-|\u2013|\u2014|по)\s*"
_WEEKDAYS = {
    "понедельник": 0,
    "вторник": 1,
    "сред": 2,
    "четверг": 3,
    "пятниц": 4,
    "суббот": 5,
    "воскресень": 6,
}
_RELATIVE_YEAR = {
    "прошл": "last",
    "минувш": "last",
    "прошедш": "last",
    "следующ": "next",
    "будущ": "next",
    "эт": "this",
    "текущ": "this",
}

_RELATIVE = "|".join(_RELATIVE_YEAR)
_PART = r"(?:начал[еау]|конц[еау]|середин[еуы]|(?:перв|втор)\w+\s+половин[еуы])"

_PATTERNS = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("ddm", rf"\b{_DAY}{_DASH}(?P<day2>[0-3]?\d)\s+{_MONTH}\b(?:\s+{_YEAR})?"),
        ("dm", rf"\b{_DAY}\s+{_MONTH}\b(?:\s+{_YEAR})?"),
        ("my", rf"\b(?:в\s+)?{_MONTH}\b\s+{_YEAR}"),
        # "в апреле текущего года", "в декабре прошлого года"
        ("mrel", rf"\bв\s+{_MONTH}\b\s+(?P<rel>{_RELATIVE})\w*\s+года\b"),
        # "в начале следующего года", "до конца 2025 года": the year
        ("partrel", rf"\b(?:в|к|до)\s+{_PART}\s+(?P<rel>{_RELATIVE})\w*\s+года\b"),
        ("party", rf"\b(?:в|к|до)\s+{_PART}\s+{_YEAR}"),
        # "в марте": of the report's year
        ("m", rf"\bв\s+{_MONTH}\b(?!\s*[-\u2013]?\s*\d)"),
        (
            "years",
            r"\b(?P<year>(?:1[89]|20)\d\d)\s*(?:-|\u2013|\u2014)\s*(?P<year2>(?:1[89]|20)\d\d)"
            r"(?:\s*(?:гг\.|годы|годах|годов))?",
        ),
        ("y", rf"\b(?:в|к|с|до)\s+{_YEAR}"),
        (
            "relyear",
            r"\b(?:в|к)\s+(?P<rel>прошл|минувш|прошедш|следующ|будущ|эт|текущ)\w*\s+году\b",
        ),
        (
            "relmonth",
            r"\b(?:в|к)\s+(?P<rel>прошл|минувш|прошедш|следующ|будущ|эт|текущ)\w*\s+месяце\b",
        ),
        ("day", r"\b(?P<rel>сегодня|вчера|завтра)\b"),
        (
            "weekday",
            r"\bв[оo]?\s+(?:(?P<rel>минувш|прошл|прошедш|следующ|ближайш|будущ)\w*\s+)?"
            r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")\w*",
        ),
    )
]


def find_dates(text: str, /, *, report_date: object | None = None) -> list[DateMention]:
    """Return the date expressions in a Russian ``text``, in order, without overlaps."""
    return find_all(text, _PATTERNS, _interpret, report_date, keep=_not_other_word)


def _not_other_word(kind: str, match: re.Match[str]) -> bool:
    """Whether a month stem is a month: "ма" only as "май", "мая" or "мае"."""
    month = match.groupdict().get("month")
    if month is None or month.lower() != "ма":
        return True
    word = match.group(0)[match.start("month") - match.start() :].split()[0]
    return word.lower() in ("май", "мая", "мае")


def _month(match: re.Match[str]) -> int:
    return _MONTH_STEMS.index(match["month"].lower()) + 1


def _interpret(kind: str, m: re.Match[str], today: PartialDate | None) -> DateMention | None:
    make = mention_of(m)
    year = int(m["year"]) if m.groupdict().get("year") else None
    if kind in ("ddm", "dm"):
        relative = year is None
        year = year if year is not None else (today.year if today else None)
        if year is None:
            return make(None, relative=True)
        first = PartialDate(year, _month(m), int(m["day"]))
        last = PartialDate(year, _month(m), int(m["day2"])) if kind == "ddm" else None
        return make(first, last, relative)
    if kind == "my":
        return make(PartialDate(year, _month(m)))  # type: ignore[arg-type]
    if kind == "years":
        first, last = int(m["year"]), int(m["year2"])
        return make(PartialDate(first), PartialDate(last)) if last > first else None
    if kind in ("y", "party"):
        return make(PartialDate(year))  # type: ignore[arg-type]
    if kind in ("mrel", "partrel"):
        found = relative_year(_RELATIVE_YEAR[m["rel"].lower()], today)
        if found is None:
            return make(None, relative=True)
        month = _month(m) if kind == "mrel" else None
        return make(PartialDate(found, month), relative=True)
    if kind == "m":
        if today is None:
            return make(None, relative=True)
        return make(PartialDate(today.year, _month(m)), relative=True)
    if kind == "relyear":
        rel = _RELATIVE_YEAR[m["rel"].lower()]
        found = relative_year(rel, today)
        return make(None if found is None else PartialDate(found), relative=True)
    if kind == "relmonth":
        if today is None or today.month is None:
            return make(None, relative=True)
        shift = {"last": -1, "next": 1, "this": 0}[_RELATIVE_YEAR[m["rel"].lower()]]
        index = today.year * 12 + today.month - 1 + shift
        return make(PartialDate(index // 12, index % 12 + 1), relative=True)
    if kind == "day":
        shift = {"сегодня": 0, "вчера": -1, "завтра": 1}[m["rel"].lower()]
        return make(days_from(today, shift), relative=True)
    if kind == "weekday":
        if today is None or today.day is None:
            return make(None, relative=True)
        target = next(v for k, v in _WEEKDAYS.items() if m["weekday"].lower().startswith(k))
        rel = (m["rel"] or "").lower()
        if rel in ("следующ", "ближайш", "будущ"):  # "в следующий вторник": the coming one
            ahead = (target - today.first_day.weekday()) % 7 or 7
            day = today.first_day + dt.timedelta(days=ahead)
        else:  # "в пятницу", "в минувшую пятницу": the last one (a bare one may be today)
            back = (today.first_day.weekday() - target) % 7 or (7 if rel else 0)
            day = today.first_day - dt.timedelta(days=back)
        return make(PartialDate.parse(day), relative=True)
    raise AssertionError(kind)
