"""What importing a file would do to a store, row by row, before anything is written.

The app's Data page shows this for an upload, then imports on the user's word. Both halves are
the CLI's own: :func:`coopmap.services.read_files` reads and checks the file (so the app refuses,
warns about and names exactly what ``coopmap import`` does, ``strict`` included), and
:func:`apply_import` writes through :func:`coopmap.services.import_records`, all or nothing unless
only the valid rows are asked for. What the preview adds is the comparison with the store: each
valid row is ``new``, an ``update`` of the stored record with its id, or ``unchanged``; each
rejected row is ``invalid``, with its fields and reasons.

A preview belongs to the store's revision it was made at: :func:`apply_import` refuses it once
the store has changed, since what the user agreed to (these rows new, those updates) may no
longer be what would happen.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coopmap.errors import ConflictError, CoopmapError, RecordImportError
from coopmap.formats import DEFAULT_OPTIONS, Problem, Reading, ReadOptions, format_for
from coopmap.formats.options import Progress
from coopmap.formats.report import file_problems, report_csv
from coopmap.formats.tables import CSV_EXTENSIONS
from coopmap.model import Record
from coopmap.services.access import Action, Actor, require

if TYPE_CHECKING:
    from coopmap.services.imports import ImportResult
    from coopmap.store import Store

log = logging.getLogger(__name__)

RowStatus = Literal["new", "update", "unchanged", "invalid"]
STATUSES: tuple[RowStatus, ...] = ("new", "update", "unchanged", "invalid")


@dataclass(frozen=True)
class RowReport:
    """What one row (CSV) or feature (GeoJSON, GeoPackage, KML) of a file would do.

    ``name`` is the record's id for a valid row, and for an invalid one the id or title the
    row gives (if any); ``field`` and ``reason`` say what is wrong with an invalid row (several
    fields joined); ``warnings`` counts the row's warnings.
    """

    where: str
    status: RowStatus
    name: str | None = None
    title: str | None = None
    field: str | None = None
    reason: str | None = None
    warnings: int = 0
    record: Record | None = None


@dataclass(frozen=True)
class ImportPreview:
    """A file, read and compared with the store at ``revision``; nothing written yet.

    ``problems`` are those of the file as a whole (not UTF-8, not a GeoPackage, an unknown
    column): with any, there is no ``reading`` and nothing can be imported.
    """

    source: str
    revision: int
    reading: Reading | None = None
    rows: tuple[RowReport, ...] = ()
    problems: tuple[Problem, ...] = ()
    strict: bool = False

    @property
    def invalid(self) -> list[RowReport]:
        return [row for row in self.rows if row.status == "invalid"]

    @property
    def records(self) -> list[Record]:
        """The valid records, in file order."""
        return [row.record for row in self.rows if row.record is not None]

    @property
    def warnings(self) -> list[Problem]:
        """What looks doubtful in valid rows (a location outside its record's country)."""
        return list(self.reading.warnings) if self.reading is not None else []

    def counts(self) -> dict[str, int]:
        """How many rows have each status (every status named, zeros included)."""
        return {status: sum(row.status == status for row in self.rows) for status in STATUSES}

    def importable(self, *, valid_only: bool = False) -> bool:
        """Whether :func:`apply_import` would write: no file problems, every row valid unless
        ``valid_only``, and something new or changed."""
        if self.problems or (self.invalid and not valid_only):
            return False
        return any(row.status in ("new", "update") for row in self.rows)

    def report(self) -> list[Problem]:
        """Every problem, then every warning, as ``coopmap import --report`` lists them."""
        if self.reading is None:
            return list(self.problems)
        return [*self.reading.problems, *self.reading.warnings]

    def report_csv(self) -> bytes:
        """:meth:`report` as the CSV ``coopmap import --report FILE.csv`` writes."""
        return report_csv(self.report()).encode("utf-8")


def preview_import(
    path: str | os.PathLike[str],
    /,
    *,
    store: Store,
    source: str | None = None,
    strict: bool = False,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> ImportPreview:
    """Read a file as ``coopmap import`` does and say, row by row, what importing it into
    ``store`` would do.

    ``source`` names the file in problems and the report (the uploaded file's name; ``path``'s
    file name by default). ``strict`` makes warnings problems, as ``--strict`` does; ``options``
    (the sheet, the columns, the answers for place names) are read with as ``coopmap import``'s
    are.
    """
    from coopmap.services.imports import read_files

    path = Path(path)
    source = source or path.name
    revision = store.revision()
    try:
        reading = read_files([path], strict=strict, options=options)
    except RecordImportError as err:
        problems = [_renamed(problem, path, source) for problem in file_problems(err)]
        return ImportPreview(source, revision, problems=tuple(problems), strict=strict)
    reading = Reading(
        source,
        records=reading.records,
        problems=[_renamed(problem, path, source) for problem in reading.problems],
        warnings=[_renamed(problem, path, source) for problem in reading.warnings],
        where=reading.where,
        geocoded=[outcome.at(source=source) for outcome in reading.geocoded],
        mappings=reading.mappings,
    )
    return ImportPreview(source, revision, reading, tuple(_rows(reading, store)), strict=strict)


def preview_upload(
    data: bytes,
    name: str,
    /,
    *,
    store: Store,
    strict: bool = False,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> ImportPreview:
    """:func:`preview_import` of an uploaded file's bytes, ``name`` being the file's name.

    A progress callback in ``options`` is told, for a CSV file, about how many rows there are
    (its lines), so that a bar can fill.

    GDAL reads GeoPackage and KML only from a path, so the bytes are written to a temporary
    file with ``name``'s extension, removed afterwards. It sits alone in a temporary folder,
    removed whole: SQLite and GDAL may leave files beside the one they read (``-wal``,
    ``-shm``, ``.aux.xml``). The user's file name never becomes part of a path.
    """
    try:
        format_for(Path(name), action="read")
    except CoopmapError as err:
        return ImportPreview(name, store.revision(), problems=(Problem(str(err), source=name),))
    suffix = Path(name).suffix.lower()
    with _uploaded(data, suffix) as path:
        if options.progress is not None and suffix in CSV_EXTENSIONS:
            total = max(data.count(b"\n") - 1, 1)
            options = dataclasses.replace(options, progress=_with_total(options.progress, total))
        return preview_import(path, store=store, source=name, strict=strict, options=options)


@contextlib.contextmanager
def _uploaded(data: bytes, suffix: str) -> Iterator[Path]:
    """The bytes as a file with ``suffix``, alone in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="coopmap-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        yield path


@dataclass(frozen=True)
class UploadTable:
    """An uploaded table's columns, to map them before reading it: each header as written,
    the coopmap column it matches by name or synonym (``None``: none, so ignored), a few of
    its first cells, and the workbook's sheets (none for CSV) with the one read."""

    header: tuple[str, ...]
    detected: tuple[str | None, ...]
    examples: tuple[tuple[str, ...], ...]
    sheets: tuple[str, ...] = ()
    sheet: str | None = None

    def example(self, position: int, /) -> str:
        """The first non-empty cells of a column, joined for a glance."""
        cells = [row[position] for row in self.examples if position < len(row) and row[position]]
        return " | ".join(cells)


def upload_table(
    data: bytes, name: str, /, *, sheet: str | None = None, examples: int = 3
) -> UploadTable | None:
    """The columns of an uploaded CSV file or workbook (its ``sheet``, by default the first),
    with ``examples`` rows of cells; ``None`` for a file that is not a table, or that cannot
    be read (then :func:`preview_upload` says why)."""
    from coopmap.formats.mapping import column_for
    from coopmap.formats.tables import WORKBOOK_EXTENSIONS, read_table, sheet_names

    suffix = Path(name).suffix.lower()
    if suffix not in CSV_EXTENSIONS + WORKBOOK_EXTENSIONS:
        return None
    with _uploaded(data, suffix) as path:
        try:
            sheets = tuple(sheet_names(path))
            table = read_table(path, sheet=sheet if sheet in sheets else None)
        except (RecordImportError, OSError) as err:
            log.info("%s is not read as a table: %s", name, err)
            return None
        with contextlib.closing(table.rows):  # type: ignore[type-var]
            try:
                cells = [values for _, values in itertools.islice(table.rows, examples)]
            except RecordImportError:  # a broken line: the preview names it
                cells = []
    header = tuple(table.header)
    return UploadTable(
        header,
        tuple(column_for(written) for written in header),
        tuple(tuple(values) for values in cells),
        sheets,
        sheet if sheet in sheets else (sheets[0] if sheets else None),
    )


def _with_total(progress: Progress, total: int) -> Progress:
    """``progress`` told ``total`` while the reader does not know it."""

    def told(done: int, known: int | None) -> None:
        progress(done, known if known is not None else max(total, done))

    return told


def apply_import(
    preview: ImportPreview,
    store: Store,
    /,
    *,
    valid_only: bool = False,
    by: Actor | None = None,
) -> ImportResult:
    """Write a previewed file's valid records in one transaction: all or nothing, unless
    ``valid_only``; ``by`` is who imports (:mod:`coopmap.services.access`).

    Raises
    ------
    PermissionDeniedError
        ``by`` is a viewer; nothing is written.
    RecordImportError
        The file cannot be imported (problems of the file as a whole), or it has invalid rows
        and ``valid_only`` is not set; nothing is written.
    ConflictError
        The store has changed since the preview; nothing is written, preview again.
    """
    from coopmap.services.imports import import_records

    require(by, Action.IMPORT)
    if preview.reading is None:
        raise RecordImportError(preview.source, [problem.error() for problem in preview.problems])
    if preview.reading.problems and not valid_only:
        raise preview.reading.error()
    if store.revision() != preview.revision:
        raise ConflictError(
            f"the store has changed since {preview.source} was previewed; look at the preview "
            "again before importing"
        )
    return import_records(store, preview.reading, skip_invalid=valid_only, by=by)


def _rows(reading: Reading, store: Store) -> list[RowReport]:
    """A report per row, in file order: each valid record compared with the stored one, each
    rejected row with its problems."""
    warnings: dict[str | None, int] = {}
    for warning in reading.warnings:
        warnings[warning.where] = warnings.get(warning.where, 0) + 1
    reports = []
    for record in reading.records:
        where = reading.where[record.id]
        stored = store.get(record.id)
        if stored is None:
            status: RowStatus = "new"
        elif stored.to_dict() == record.to_dict():
            status = "unchanged"
        else:
            status = "update"
        reports.append(
            RowReport(
                where,
                status,
                name=record.id,
                title=record.title,
                warnings=warnings.get(where, 0),
                record=record,
            )
        )
    for where, problems in _by_row(reading.problems).items():
        several = len(problems) > 1
        reports.append(
            RowReport(
                where,
                "invalid",
                name=problems[0].record,
                field=", ".join(dict.fromkeys(p.field for p in problems if p.field)) or None,
                reason="; ".join(
                    f"{p.field}: {p.reason}" if several and p.field else p.reason for p in problems
                ),
                warnings=warnings.get(where, 0),
            )
        )
    return sorted(reports, key=lambda report: _order(report.where))


def _by_row(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.where or "", []).append(problem)
    return grouped


def _order(where: str) -> tuple[int, str]:
    """Rows and features by their number, as the user counts them."""
    match = re.search(r"(\d+)$", where)
    return (int(match[1]) if match else 0, where)


def _renamed(problem: Problem, path: Path, source: str) -> Problem:
    """A problem that names the file as the user knows it, not by the path it was read from
    (a temporary copy, for an upload)."""
    return dataclasses.replace(
        problem,
        source=source,
        record=_swap(problem.record, path, source),
        reason=_swap(problem.reason, path, source) or "",
    )


def _swap(text: str | None, path: Path, source: str) -> str | None:
    if text is None:
        return None
    return text.replace(str(path), source)
