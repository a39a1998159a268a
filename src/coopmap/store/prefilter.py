"""A :class:`~coopmap.query.Filter` as SQL: conditions that narrow the records a store reads.

The conditions keep at least every record the filter keeps, and the store then applies the
filter itself to what they keep, so they may keep more (the text and organisation searches,
and statuses as of a day, are left to Python) but never less. For a filter of kinds, drafts
and ids alone they keep exactly its records (:func:`exact`), and a store may read them without
rebuilding each to test it. They are the same on every
backend but for what its :class:`~coopmap.store.dialect.Dialect` writes differently.
"""

from __future__ import annotations

import dataclasses

from coopmap.query import Filter
from coopmap.store.dialect import Bind, Dialect

EVERYTHING = "1 = 1"
"""The condition that keeps every record."""


def conditions(filter: Filter | None, bind: Bind, /) -> str:
    """SQL conditions on ``records`` for ``filter``, their values bound in ``bind``."""
    if filter is None:
        return EVERYTHING
    dialect = bind.dialect
    clauses: list[str] = []
    limit = dialect.list_limit
    if filter.ids and (limit is None or len(filter.ids) <= limit):
        clauses.append(dialect.one_of("id", sorted(filter.ids), bind))
    if filter.kinds:
        clauses.append(dialect.one_of("kind", sorted(map(str, filter.kinds)), bind))
    if not filter.include_drafts:
        clauses.append("NOT draft")
    if filter.statuses and filter.as_of is None:  # as of a day: that day's status, in Python
        statuses = sorted(map(str, filter.statuses))
        clauses.append(f"kind = 'project' AND {dialect.one_of('status', statuses, bind)}")
    if filter.precisions:
        clauses.append(dialect.one_of("precision", sorted(map(str, filter.precisions)), bind))
    if filter.no_sectors:
        clauses.append(dialect.has_none("sectors"))
    if filter.sectors:
        # Records without sectors (events) pass a sector filter.
        any_of = dialect.has_any("sectors", sorted(map(str, filter.sectors)), bind)
        clauses.append(f"{dialect.has_none('sectors')} OR {any_of}")
    if filter.countries:
        # A record's own countries, or the country of one of its locations.
        countries = sorted(filter.countries)
        located = dialect.one_of("l.country", countries, bind)
        clauses.append(
            f"{dialect.has_any('countries', countries, bind)} OR EXISTS (SELECT 1 FROM locations "
            f"AS l WHERE l.record_id = records.id AND {located})"
        )
    # Partial dates as text sort like the first day they cover (PostGIS's columns collate as
    # "C"); the last day a date covers is on or after ``start`` when the date is at or after
    # ``start`` cut to the date's own length.
    if filter.end is not None:
        clauses.append(f"COALESCE(start_date, end_date) <= {bind(filter.end.isoformat())}")
    if filter.start is not None:
        # A project without an end date may still be going on (its status decides, in Python).
        clauses.append(
            "(kind = 'project' AND end_date IS NULL AND start_date IS NOT NULL) OR "
            f"COALESCE(end_date, start_date) >= substr({bind(filter.start.isoformat())}, 1, "
            "length(COALESCE(end_date, start_date)))"
        )
    return " AND ".join(f"({clause})" for clause in clauses) or EVERYTHING


_EXACT = ("kinds", "include_drafts", "ids")
"""The conditions of a :class:`~coopmap.query.Filter` that SQL decides exactly as
:meth:`~coopmap.query.Filter.matches` does."""


def exact(filter: Filter | None, dialect: Dialect, /) -> bool:
    """Whether :func:`conditions` keep exactly the records ``filter`` keeps: it has no other
    condition than :data:`_EXACT` (ids no more than one list test binds)."""
    if filter is None:
        return True
    limit = dialect.list_limit
    if filter.ids and limit is not None and len(filter.ids) > limit:
        return False
    defaults = Filter()
    return (
        dataclasses.replace(filter, **{name: getattr(defaults, name) for name in _EXACT})
        == defaults
    )
