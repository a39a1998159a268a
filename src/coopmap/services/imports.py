"""Import files into a store: read and check them all, then write their records at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from coopmap.services.access import Action, Actor, acting
from coopmap.store import Store

if TYPE_CHECKING:
    from coopmap.formats import Reading, ReadOptions


def read_files(
    paths: Sequence[Path], /, *, strict: bool = False, options: ReadOptions | None = None
) -> Reading:
    """Read and check every file, as one :class:`~coopmap.formats.Reading`.

    An id that an earlier file already gave is a problem of the later row. ``strict`` makes
    warnings (a location outside its record's country) problems too; ``options`` (a
    :class:`~coopmap.formats.ReadOptions`) go to every file. Files that complete another are
    read with it (:func:`coopmap.formats.plan`: ``coopmap import GCDF.xlsx ADM1.csv`` places
    the GCDF projects in the ADM1 file's regions). A file that cannot be read at all raises
    :class:`~coopmap.errors.RecordImportError`.
    """
    from coopmap.formats import DEFAULT_OPTIONS, Problem, Reading, plan, read_file

    merged = Reading(", ".join(str(path) for path in paths))
    seen: dict[str, str] = {}
    for path, file_options in plan(paths, options or DEFAULT_OPTIONS):
        reading = read_file(path, strict=strict, options=file_options)
        merged.problems += reading.problems
        merged.warnings += reading.warnings
        merged.geocoded += reading.geocoded
        merged.mappings += reading.mappings
        for record in reading.records:
            where = reading.where[record.id]
            if record.id in seen:
                merged.problems.append(
                    Problem(
                        f"id {record.id!r} is already used by {seen[record.id]}",
                        where=where,
                        record=record.id,
                        field="id",
                        source=str(path),
                    )
                )
                continue
            seen[record.id] = f"{path} {where}"
            merged.records.append(record)
            merged.where[record.id] = where
    return merged


@dataclass(frozen=True)
class ImportResult:
    """What an import did: records added, updated and left unchanged, and rows skipped."""

    added: int
    updated: int
    unchanged: int
    reading: Reading

    @property
    def written(self) -> int:
        return self.added + self.updated


def import_records(
    store: Store, reading: Reading, /, *, skip_invalid: bool = False, by: Actor | None = None
) -> ImportResult:
    """Add what :func:`read_files` read to the store in one transaction.

    With problems in the reading nothing is written and the problems are raised as one
    :class:`~coopmap.errors.RecordImportError`, unless ``skip_invalid``, which writes the valid
    records. Records whose id is already stored are updated, so importing a file again never
    duplicates; a record equal to the stored one is left as it is. The counts are what this
    import's transaction did, whoever else writes to the store at the same time. ``by``, who
    imports (:mod:`coopmap.services.access`), must be an editor or an admin.
    """
    with acting(store, by, Action.IMPORT):
        if reading.problems and not skip_invalid:
            raise reading.error()
        done = store.add(reading.records, replace=True)  # counted inside its own transaction
    return ImportResult(
        added=len(done.added),
        updated=len(done.updated),
        unchanged=len(done.unchanged),
        reading=reading,
    )


def import_files(
    store: Store,
    paths: Sequence[Path],
    /,
    *,
    skip_invalid: bool = False,
    strict: bool = False,
    options: ReadOptions | None = None,
    by: Actor | None = None,
) -> ImportResult:
    """Read every file, then add their records in one transaction (all or nothing, unless
    ``skip_invalid``): :func:`read_files` then :func:`import_records`."""
    reading = read_files(paths, strict=strict, options=options)
    return import_records(store, reading, skip_invalid=skip_invalid, by=by)
