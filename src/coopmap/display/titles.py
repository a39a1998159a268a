"""A map's title from the filter that chose its records: "Energy projects in Kazakhstan,
2015-2020". Plain text: whoever puts it in a page escapes it (the map's heading and ``<title>``
do)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coopmap.model import Record
from coopmap.places import country_name
from coopmap.query import Filter
from coopmap.taxonomy import SECTORS, RecordKind

MAX_NAMED = 3
"""Sectors or countries named one by one; past that, their number."""


def _joined(words: Sequence[str], /, *, many: str) -> str:
    if len(words) > MAX_NAMED:
        return f"{len(words)} {many}"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _years(flt: Filter, records: Sequence[Record]) -> str | None:
    if flt.start is not None or flt.end is not None:
        first = flt.start.year if flt.start else None
        last = flt.end.year if flt.end else None
    else:
        dates = [d for r in records for d in (r.start, r.end) if d is not None]
        first = min((d.year for d in dates), default=None)
        last = max((d.year for d in dates), default=None)
    if first is None and last is None:
        return None
    if first is None or last is None:
        return f"from {first}" if last is None else f"to {last}"
    return str(first) if first == last else f"{first}-{last}"


def map_title(flt: Filter, records: Iterable[Record], /) -> str:
    """What the records that ``flt`` chose are, as a heading: their sectors, statuses and kind,
    countries, years (the filter's range, else the records' span) and the rest of the filter
    (as-of day, organisation, search text, tags)."""
    records = list(records)
    kinds = {RecordKind(k) for k in flt.kinds} or set(RecordKind)
    if kinds == set(RecordKind):
        kind = "projects and events"
    else:
        kind = "projects" if RecordKind.PROJECT in kinds else "events"
    words = []
    if flt.statuses:
        words.append(" or ".join(sorted(s.label.lower() for s in flt.statuses)))
    labels = [SECTORS[s].label for s in SECTORS if s in flt.sectors]
    if 0 < len(labels) <= MAX_NAMED:
        words.append(_joined(labels, many="sectors"))
    words.append(kind)
    title = " ".join(words)
    if len(labels) > MAX_NAMED:
        title += f" in {len(labels)} sectors"
    if flt.countries:
        names = sorted(country_name(c) for c in flt.countries)
        title += " in " + _joined(names, many="countries")
    if flt.organisation:
        title += f" with {flt.organisation}"
    if flt.text:
        title += f' mentioning "{flt.text}"'
    if flt.tags:
        title += " tagged " + ", ".join(sorted(flt.tags))
    if years := _years(flt, records):
        title += f", {years}"
    if flt.as_of is not None:
        title += f", as of {flt.as_of.isoformat()}"
    return title[:1].upper() + title[1:]
