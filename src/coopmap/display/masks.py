"""Which records of one list a filter keeps, from columns of that list built once.

:meth:`coopmap.query.Filter.matches` asks a record at a time; a page that filters the same
100,000 records on every rerun asks :class:`FilterMasks` instead, which holds the conditions
that are plain facts of a record (kind, sectors, countries, status, precision, draft, tags,
id) as numpy columns and answers with a mask. The conditions that need a record's dates or
text (a date range, "as of" a day, an organisation, free text) are then asked of
:meth:`~coopmap.query.Filter.matches` for the records the columns kept, so the answer is
``matches``'s own, record for record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from coopmap.display.summary import record_countries
from coopmap.model import Project, Record
from coopmap.query import Filter
from coopmap.taxonomy import SECTORS, Precision, Status

_COLUMNAR = ("ids", "kinds", "tags", "without_tags", "sectors", "countries", "precisions")
"""Conditions the columns answer whatever else the filter says."""


def _positions(groups: Iterable[Iterable[str]], n: int) -> dict[str, np.ndarray]:
    """For each value of the rows' groups, a mask of the rows holding it."""
    found: dict[str, list[int]] = {}
    for row, values in enumerate(groups):
        for value in values:
            found.setdefault(value, []).append(row)
    masks = {}
    for value, rows in found.items():
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        masks[value] = mask
    return masks


class FilterMasks:
    """What filters keep of ``records`` (one list, say a store revision's), as masks.

    Build it once for the list; :meth:`mask` then costs a few numpy operations for the
    conditions that are facts of a record, and ``Filter.matches`` only for the records
    those kept when the filter has dates or text.
    """

    def __init__(self, records: Sequence[Record], /) -> None:
        n = len(records)
        self.records = records
        self.size = n
        self._none = np.zeros(n, dtype=bool)
        self._project = np.fromiter((isinstance(r, Project) for r in records), bool, count=n)
        self._kind = np.array([r.kind for r in records], dtype=object)
        self._draft = np.fromiter((r.draft for r in records), bool, count=n)
        sector_column = {sector: k for k, sector in enumerate(SECTORS)}
        self._sectors = np.zeros((n, len(sector_column)), dtype=bool)
        for i, record in enumerate(records):
            for sector in record.sectors:
                self._sectors[i, sector_column[sector]] = True
        self._sector_column = sector_column
        self._has_sector = self._sectors.any(axis=1)
        statuses = {status: k for k, status in enumerate(Status)}
        self._status = np.fromiter(
            (statuses[r.status] if isinstance(r, Project) else -1 for r in records),
            np.int16,
            count=n,
        )
        self._status_code = statuses
        precisions = {precision: k for k, precision in enumerate(Precision)}
        self._precision = np.fromiter((precisions[r.precision] for r in records), np.int16, count=n)
        self._precision_code = precisions
        self._countries = _positions((record_countries(r) for r in records), n)
        self._tags = _positions((r.tags for r in records), n)
        self._ids = [record.id for record in records]

    def _any(self, masks: dict[str, np.ndarray], values: Iterable[str]) -> np.ndarray:
        found = self._none.copy()
        for value in values:
            if value in masks:
                found |= masks[value]
        return found

    def mask(self, flt: Filter, /) -> np.ndarray:
        """A boolean mask over the records: True where ``flt.matches(record)``."""
        keep = np.ones(self.size, dtype=bool)
        if flt.ids:
            keep &= np.fromiter(map(flt.ids.__contains__, self._ids), bool, count=self.size)
        if flt.kinds:
            keep &= np.isin(self._kind, [str(kind) for kind in flt.kinds])
        for tag in flt.tags:
            keep &= self._tags.get(tag, self._none)
        if flt.without_tags:
            keep &= ~self._any(self._tags, flt.without_tags)
        if not flt.include_drafts:
            keep &= ~self._draft
        if flt.no_sectors:
            keep &= ~self._has_sector
        if flt.sectors:
            chosen = [self._sector_column[sector] for sector in flt.sectors]
            # A record with sectors needs one of them; one without passes unless a project.
            keep &= np.where(self._has_sector, self._sectors[:, chosen].any(axis=1), ~self._project)
        if flt.countries:
            keep &= self._any(self._countries, flt.countries)
        if flt.precisions:
            codes = [self._precision_code[precision] for precision in flt.precisions]
            keep &= np.isin(self._precision, codes)
        rest = dataclasses.replace(flt, **{name: type(getattr(flt, name))() for name in _COLUMNAR})
        rest = dataclasses.replace(rest, include_drafts=True, no_sectors=False)
        if rest.statuses and rest.as_of is None:
            codes = [self._status_code[status] for status in rest.statuses]
            keep &= np.isin(self._status, codes)
            rest = dataclasses.replace(rest, statuses=frozenset())
        if rest != Filter():
            for i in np.flatnonzero(keep).tolist():
                keep[i] = rest.matches(self.records[i])
        return keep
