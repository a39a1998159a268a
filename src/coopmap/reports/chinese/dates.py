"""Dates in a Chinese text: "2015年12月14日", "12月16日至18日", "2015年12月", "2015年",
"今年", "去年", "明年", each at the precision it gives."""

from __future__ import annotations

import re

from coopmap.dates import PartialDate
from coopmap.reports.dates import DateMention, days_from, find_all, mention_of, relative_year

__all__ = ["find_dates"]

_YEAR = r"(?P<year>(?:1[89]|20)\d\d)年"
_DASH = r"(?:至|到|-|\u2013|\u2014|~|～)"

_PATTERNS = [
    (name, re.compile(pattern))
    for name, pattern in (
        # 2015年12月16日至18日 / 12月30日至1月2日
        (
            "range",
            rf"(?:{_YEAR})?(?P<month>[01]?\d)月(?P<day>[0-3]?\d)[日号]{_DASH}"
            r"(?:(?P<month2>[01]?\d)月)?(?P<day2>[0-3]?\d)[日号]",
        ),
        ("ymd", rf"(?:{_YEAR})?(?P<month>[01]?\d)月(?P<day>[0-3]?\d)[日号]"),
        ("ym", rf"{_YEAR}(?P<month>[01]?\d)月"),
        ("years", rf"(?P<year>(?:1[89]|20)\d\d){_DASH}(?P<year2>(?:1[89]|20)\d\d)年"),
        ("y", rf"{_YEAR}(?!\d)"),
        ("relyear", r"(?P<rel>今年|去年|明年|本年|上年|次年)"),
        ("day", r"(?P<rel>今天|昨天|明天|今日|昨日)"),
        # a wire dateline's day: "新华社北京12月14日电" is caught by ymd; "14日" alone
        ("d", r"(?<![\d月])(?P<day>[0-3]?\d)日(?!电)"),
    )
]

_RELATIVE = {
    "今年": "this",
    "本年": "this",
    "去年": "last",
    "上年": "last",
    "明年": "next",
    "次年": "next",
}


def find_dates(text: str, /, *, report_date: object | None = None) -> list[DateMention]:
    """Return the date expressions in a Chinese ``text``, in order, without overlaps."""
    return find_all(text, _PATTERNS, _interpret, report_date)


def _interpret(kind: str, m: re.Match[str], today: PartialDate | None) -> DateMention | None:
    make = mention_of(m)
    given = m.groupdict().get("year")
    year = int(given) if given else (today.year if today else None)
    relative = not given
    if kind in ("range", "ymd", "d"):
        if year is None:
            return make(None, relative=True)
        month = int(m["month"]) if m.groupdict().get("month") else (today.month if today else None)
        if month is None:
            return make(None, relative=True)
        first = PartialDate(year, month, int(m["day"]))
        if kind != "range":
            return make(first, relative=relative or kind == "d")
        month2 = int(m["month2"]) if m["month2"] else month
        last = PartialDate(year + (month2 < month), month2, int(m["day2"]))
        return make(first, last, relative)
    if kind == "ym":
        return make(PartialDate(int(m["year"]), int(m["month"])))
    if kind == "years":
        first, last = int(m["year"]), int(m["year2"])
        return make(PartialDate(first), PartialDate(last)) if last > first else None
    if kind == "y":
        return make(PartialDate(int(m["year"])))
    if kind == "relyear":
        found = relative_year(_RELATIVE[m["rel"]], today)
        return make(None if found is None else PartialDate(found), relative=True)
    if kind == "day":
        shift = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "明天": 1}[m["rel"]]
        return make(days_from(today, shift), relative=True)
    raise AssertionError(kind)
