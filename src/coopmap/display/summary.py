"""Counts of records by sector, country, status and year, as tidy tables.

Each table is a list of rows (dicts), one per group and kind of record, ready for
``pandas.DataFrame`` or a chart: ``{"sector": "transport", "label": "Transport and storage",
"kind": "project", "records": 5}``. A record counts once in every group it belongs to (a
project in two sectors counts in both), so the rows of one table can add up to more than the
number of records. Groups come in a stable order: the taxonomy's for sectors and statuses, most
records first for countries, time order for years. Rows with no records are left out.

:class:`Tally` gives the same sector, status and year tables for any subset of one list of
records from a few integer columns worked out once, for a page that counts many subsets of
100,000 records (a filter change counts in milliseconds, not a second).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

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


class Tally:
    """Sector, status and year counts of subsets of ``records`` (:func:`by_sector`,
    :func:`by_status`, :func:`by_year`, row for row), from columns built once.

    A subset is a boolean mask over ``records``, or the positions of its records in them.
    """

    def __init__(self, records: Sequence[Record], /) -> None:
        n = len(records)
        self.size = n
        sectors = [sector.value for sector in SECTORS]
        column = {slug: k for k, slug in enumerate(sectors)}
        self._kind = np.fromiter((r.kind == KINDS[1] for r in records), dtype=np.int8, count=n)
        # One row per record and sector it belongs to (its last column: no sector).
        self._sectors = np.zeros((n, len(sectors) + 1), dtype=bool)
        for i, record in enumerate(records):
            if record.sectors:
                self._sectors[i, [column[s.value] for s in record.sectors]] = True
            else:
                self._sectors[i, -1] = True
        self._sector_order: list[str | None] = [*sectors, None]
        statuses = [status.value for status in Status]
        code = {status: k for k, status in enumerate(statuses)}
        self._statuses = statuses
        self._status = np.fromiter(
            (code[r.status.value] if isinstance(r, Project) else -1 for r in records),
            dtype=np.int16,
            count=n,
        )
        self._year = np.fromiter(
            (r.start.year if r.start is not None else np.iinfo(np.int32).min for r in records),
            dtype=np.int32,
            count=n,
        )

    def _mask(self, subset: np.ndarray | Sequence[int]) -> np.ndarray:
        chosen = np.asarray(subset)
        if chosen.dtype == bool:
            return chosen
        mask = np.zeros(self.size, dtype=bool)
        mask[chosen.astype(np.int64)] = True
        return mask

    def _table(
        self,
        member: np.ndarray,
        order: Sequence[Hashable],
        mask: np.ndarray,
        *,
        key: str,
        label: Callable[[Any], str] | None = None,
    ) -> list[Row]:
        """Rows of the groups ``order`` names, ``member[i, g]`` saying record ``i`` is in
        group ``g``."""
        counts: Counter[tuple[Hashable, str]] = Counter()
        for k, kind in enumerate(KINDS):
            found = member[mask & (self._kind == k)].sum(axis=0)
            for group, n in zip(order, found.tolist(), strict=True):
                if n:
                    counts[group, kind] = n
        return _rows(counts, order, key=key, label=label)

    def by_sector(self, subset: np.ndarray | Sequence[int], /) -> list[Row]:
        return self._table(
            self._sectors,
            self._sector_order,
            self._mask(subset),
            key="sector",
            label=lambda s: SECTORS[s].label if s else NO_SECTOR,
        )

    def by_status(self, subset: np.ndarray | Sequence[int], /) -> list[Row]:
        codes = np.arange(len(self._statuses))
        member = self._status[:, None] == codes[None, :]
        return self._table(
            member,
            self._statuses,
            self._mask(subset),
            key="status",
            label=lambda s: Status(s).label,
        )

    def by_year(self, subset: np.ndarray | Sequence[int], /) -> list[Row]:
        mask = self._mask(subset) & (self._year != np.iinfo(np.int32).min)
        years = np.unique(self._year[mask])
        member = self._year[:, None] == years[None, :]
        return self._table(member, years.tolist(), mask, key="year")


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
