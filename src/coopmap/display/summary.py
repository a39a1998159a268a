"""Counts of records by sector, country, status and year, as tidy tables.

Each table is a list of rows (dicts), one per group and kind of record, ready for
``pandas.DataFrame`` or a chart: ``{"sector": "transport", "label": "Transport and storage",
"kind": "project", "records": 5}``. A record counts once in every group it belongs to (a
project in two sectors counts in both), so the rows of one table can add up to more than the
number of records. Groups come in a stable order: the taxonomy's for sectors and statuses, most
records first for countries, time order for years. Rows with no records are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coopmap.model import Event, Project, Record
from coopmap.places import country_name
from coopmap.taxonomy import SECTORS, RecordKind, Status

KINDS: tuple[str, ...] = (RecordKind.PROJECT.value, RecordKind.EVENT.value)
NO_SECTOR = "No sector"
NO_COUNTRY = "No country"

Row = dict[str, Any]


def _count(
    records: Iterable[Record],
    groups: Callable[[Record], Iterable[Hashable]],
) -> Counter[tuple[Hashable, str]]:
    counts: Counter[tuple[Hashable, str]] = Counter()
    for record in records:
        for group in dict.fromkeys(groups(record)):
            counts[group, record.kind] += 1
    return counts


def _rows(
    counts: Counter[tuple[Hashable, str]],
    order: Sequence[Hashable],
    *,
    key: str,
    label: Callable[[Any], str] | None = None,
) -> list[Row]:
    rows = []
    for group in order:
        for kind in KINDS:
            if counts[group, kind]:
                row: Row = {key: group}
                if label is not None:
                    row["label"] = label(group)
                rows.append({**row, "kind": kind, "records": counts[group, kind]})
    return rows


def by_sector(records: Iterable[Record], /) -> list[Row]:
    """Records per sector (``sector`` slug, ``label``), taxonomy order; ``None`` for none."""
    counts = _count(records, lambda r: [s.value for s in r.sectors] or [None])
    order = [sector.value for sector in SECTORS] + [None]
    return _rows(counts, order, key="sector", label=lambda s: SECTORS[s].label if s else NO_SECTOR)


def record_countries(record: Record, /) -> list[str]:
    """The record's countries, then those of its locations, each once."""
    found = list(record.countries) + [loc.country for loc in record.locations if loc.country]
    return list(dict.fromkeys(found))


def _country_label(code: str | None, /) -> str:
    return NO_COUNTRY if code is None else country_name(code)


def by_country(records: Iterable[Record], /) -> list[Row]:
    """Records per country (``country`` code, ``label``), most records first."""
    counts = _count(records, lambda r: record_countries(r) or [None])
    totals: Counter[Hashable] = Counter()
    for (group, _), n in counts.items():
        totals[group] += n
    order = sorted(
        totals,
        key=lambda c: (c is None, -totals[c], country_name(c) if c else ""),  # type: ignore[arg-type]
    )
    return _rows(counts, order, key="country", label=_country_label)


def by_status(records: Iterable[Record], /) -> list[Row]:
    """Projects per status (``status`` value, ``label``), in the taxonomy's order."""
    projects = [r for r in records if isinstance(r, Project)]
    counts = _count(projects, lambda r: [r.status.value])
    return _rows(counts, [s.value for s in Status], key="status", label=lambda s: Status(s).label)


def by_year(records: Iterable[Record], /) -> list[Row]:
    """Records per year their start date falls in (records without a start are left out)."""
    dated = [r for r in records if r.start is not None]
    counts = _count(dated, lambda r: [r.start.year])  # type: ignore[union-attr]
    years = sorted({year for year, _ in counts})
    return _rows(counts, years, key="year")


@dataclass(frozen=True)
class Overview:
    """The headline numbers of a set of records."""

    records: int
    projects: int
    events: int
    countries: int
    sectors: int
    located: int
    undated: int
    first_year: int | None
    last_year: int | None


def overview(records: Iterable[Record], /) -> Overview:
    """How many records, of which kind, where and when."""
    records = list(records)
    years = [d.year for r in records for d in (r.start, r.end) if d is not None]
    return Overview(
        records=len(records),
        projects=sum(isinstance(r, Project) for r in records),
        events=sum(isinstance(r, Event) for r in records),
        countries=len({c for r in records for c in record_countries(r)}),
        sectors=len({s for r in records for s in r.sectors}),
        located=sum(bool(r.locations) for r in records),
        undated=sum(r.start is None and r.end is None for r in records),
        first_year=min(years, default=None),
        last_year=max(years, default=None),
    )


def totals(rows: Iterable[Row], /, *, key: str) -> dict[Any, int]:
    """Records per group of a table, kinds added up, in the table's order."""
    found: dict[Any, int] = {}
    for row in rows:
        found[row[key]] = found.get(row[key], 0) + row["records"]
    return found
