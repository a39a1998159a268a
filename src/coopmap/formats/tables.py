"""Tables of text cells, as spreadsheets hold them: CSV files and Excel workbooks, both ways.

:func:`read_table` gives a file's header and then its rows, read as they are needed, each cell
as text and each row named as a spreadsheet numbers it (the header is ``row 1`` of a CSV file;
a workbook's rows keep their sheet numbers). :func:`write_table` writes a header and rows as
CSV or as a one-sheet workbook. Formats made of rows (:mod:`~coopmap.formats.csv`,
:mod:`~coopmap.formats.xlsx`, the batch geocoder) read and write through here, so a cell means
the same in both.

Cells are text either way: a workbook's numbers are written without a trailing ``.0``, its dates
as ``YYYY-MM-DD``, its booleans as ``yes``/``no``; what a workbook computes is read as its last
computed value. Text that a spreadsheet would run as a formula is never written as one: CSV
cells are guarded as :mod:`~coopmap.formats.formulas` says, workbook cells are typed as text.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from coopmap.errors import ExportError, RecordImportError, ValidationError
from coopmap.formats.atomic import atomic_writer, write_bytes
from coopmap.formats.formulas import write_lines
from coopmap.formats.limits import check_file_size

__all__ = [
    "CSV_EXTENSIONS",
    "WORKBOOK_EXTENSIONS",
    "Table",
    "cell_text",
    "csv_file_table",
    "csv_table",
    "read_table",
    "sheet_names",
    "write_table",
]

CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")


@dataclass
class Table:
    """A file's header and its rows: ``(where, cells)``, ``where`` like ``row 2``."""

    source: str
    header: list[str]
    rows: Iterator[tuple[str, list[str]]]


def read_table(path: str | os.PathLike[str], /, *, sheet: str | None = None) -> Table:
    """The header and rows of a CSV file or Excel workbook (``sheet``, by default the first).

    Raises :class:`RecordImportError` when the file is not what its extension says, has no
    header row, or has no sheet called ``sheet`` (naming the sheets it has).
    """
    path = Path(path)
    check_file_size(path)
    if path.suffix.lower() in WORKBOOK_EXTENSIONS:
        return _workbook_table(path, sheet)
    return csv_file_table(path)


def csv_table(lines: Iterable[str], /, *, source: str) -> Table:
    """The table in lines of CSV text (the delimiter detected from the first line)."""
    lines = iter(lines)
    first = next(lines, "")
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(first))
    header = _next_csv(reader, 1, source)
    _check_header(header, source)
    return Table(source, [cell.strip() for cell in header or []], _csv_rows(reader, source))


def csv_file_table(path: Path, /) -> Table:
    """The table in a CSV file, read line by line as its rows are asked for."""
    handle = path.open("rb")
    try:
        # csv's own cell limit (131,072 characters) would end the import with a traceback; no
        # cell is longer than the file, and the readers refuse one over the cell limit.
        csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))
        table = csv_table(_decoded_lines(path, handle), source=str(path))
    except BaseException:
        handle.close()
        raise
    table.rows = _closing(table.rows, handle)
    return table


_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def _decoded_lines(path: Path, handle: IO[bytes]) -> Iterator[str]:
    """The file's lines as text (a UTF-8 byte order mark dropped), each with its line end."""
    for line, raw in enumerate(handle, 1):
        try:
            text = raw.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as err:
            raise RecordImportError(
                str(path),
                [
                    ValidationError(
                        f"the file is not UTF-8 text ({err.reason} on line {line}, byte "
                        f"{err.start + 1} of the line); save it as UTF-8 CSV"
                    )
                ],
            ) from err
        yield from _LONE_CR.split(text)  # old Mac files end their lines with CR alone


def _closing(rows: Iterator[Any], handle: IO[bytes]) -> Iterator[Any]:
    with handle:
        yield from rows


def _delimiter(first_line: str) -> str:
    """The header row's delimiter; quoting follows the usual (Excel) rules whatever it is."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _next_csv(reader: Iterator[list[str]], line: int, source: str) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as err:
        raise RecordImportError(
            source, [ValidationError(f"not CSV: {err}", record=f"row {line}")]
        ) from err


def _csv_rows(reader: Iterator[list[str]], source: str) -> Iterator[tuple[str, list[str]]]:
    line = 1
    while (values := _next_csv(reader, line + 1, source)) is not None:
        line += 1
        if any(value.strip() for value in values):
            yield f"row {line}", values


def _check_header(header: Sequence[Any] | None, source: str) -> None:
    if not header or not any(str(cell or "").strip() for cell in header):
        raise RecordImportError(source, [ValidationError("the file has no header row")])


# --- workbooks ------------------------------------------------------------------------------------


def sheet_names(path: str | os.PathLike[str], /) -> list[str]:
    """The sheets of a workbook, in its order (for a choice of ``sheet``); a CSV file has
    none. Raises :class:`RecordImportError` when the file is not a workbook."""
    path = Path(path)
    if path.suffix.lower() not in WORKBOOK_EXTENSIONS:
        return []
    book = _open_workbook(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as err:
        raise RecordImportError(
            str(path),
            [
                ValidationError(
                    f"not an Excel workbook ({err}); save it as .xlsx (Excel 2007 or later) "
                    "or as UTF-8 CSV"
                )
            ],
        ) from err


def _workbook_table(path: Path, sheet: str | None) -> Table:
    source = str(path)
    book = _open_workbook(path)
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise RecordImportError(
                source,
                [
                    ValidationError(
                        f"the workbook has no sheet {sheet!r}; its sheets are "
                        + ", ".join(repr(name) for name in book.sheetnames)
                    )
                ],
            )
        rows = worksheet.iter_rows(values_only=True)
        header: list[str] | None = None
        line = 0
        for line, values in enumerate(rows, 1):  # noqa: B007 (used after the loop)
            if any(cell_text(value) for value in values):
                header = [cell_text(value) for value in values]
                break
        _check_header(header, source)
        assert header is not None
        while header and not header[-1]:  # trailing empty header cells: formatting, not columns
            header.pop()
    except BaseException:
        book.close()
        raise
    return Table(source, header, _workbook_rows(book, rows, line, len(header)))


def _workbook_rows(
    book: Any, rows: Iterator[tuple[Any, ...]], header_line: int, width: int
) -> Iterator[tuple[str, list[str]]]:
    try:
        for line, values in enumerate(rows, header_line + 1):
            cells = [cell_text(value) for value in values]
            while len(cells) > width and not cells[-1]:
                cells.pop()
            if any(cells):
                yield f"row {line}", cells
    finally:
        book.close()


def cell_text(value: Any) -> str:
    """A workbook's (or a JSON property's) value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


# --- writing --------------------------------------------------------------------------------------


def write_table(
    path: str | os.PathLike[str],
    header: Sequence[str],
    rows: Iterable[Sequence[str | None] | dict[str, str | None]],
    /,
    *,
    sheet: str | None = None,
    excel: bool = False,
) -> int:
    """Write a header and rows to ``path``, a CSV file or (``.xlsx``) a workbook whose sheet is
    called ``sheet`` (default ``records``); return how many rows. ``excel`` gives a CSV file
    the byte-order mark Excel looks for. The file is replaced only once written whole."""
    path = Path(path)
    lines = [_as_list(header, row) for row in rows]
    if path.suffix.lower() in WORKBOOK_EXTENSIONS:
        _write_workbook(path, header, lines, sheet or "records")
    else:
        with atomic_writer(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as out:
            write_lines(out, header, lines)
    return len(lines)


def _as_list(header: Sequence[str], row: Sequence[str | None] | dict[str, str | None]) -> list[str]:
    values = [row.get(column) for column in header] if isinstance(row, dict) else list(row)
    return ["" if value is None else str(value) for value in values]


def _write_workbook(path: Path, header: Sequence[str], lines: list[list[str]], sheet: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet[:31])  # Excel's limit on a sheet's name

    def cell(text: str) -> WriteOnlyCell:
        made = WriteOnlyCell(worksheet, value=_printable(text))
        made.data_type = "s"  # text, even when it starts with "=": never a formula
        return made

    buffer = io.BytesIO()
    try:  # a write-only sheet goes through a temporary file, which a full disk can stop
        worksheet.append([cell(name) for name in header])
        for line in lines:
            worksheet.append([cell(text) for text in line])
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).write_data()  # what Workbook.save does, closing the zip
    except (OSError, *_xml_write_errors()) as err:
        with contextlib.suppress(Exception):
            worksheet.close()  # its temporary file now, not with a warning at garbage collection
        raise ExportError(path, *_reason(err)) from err
    write_bytes(path, buffer.getvalue())


def _xml_write_errors() -> tuple[type[Exception], ...]:
    """What openpyxl's XML writer raises for a failed write: lxml's own error when it writes
    through lxml (``IO_EFBIG`` for a file past ``ulimit -f``), else an :class:`OSError`."""
    try:
        from lxml.etree import SerialisationError
    except ImportError:
        return ()
    return (SerialisationError,)


def _reason(err: Exception) -> tuple[str, int | None]:
    """The reason and errno of a failed write, lxml's ``IO_EFBIG`` read as ``EFBIG``."""
    if isinstance(err, OSError):
        return err.strerror or str(err), err.errno
    code = getattr(errno, str(err).removeprefix("IO_"), None)
    return (os.strerror(code), code) if isinstance(code, int) else (str(err), None)


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _printable(text: str) -> str:
    """Text a workbook can hold: XML 1.0 has no control characters but tab and line ends."""
    return _ILLEGAL.sub(lambda match: f"\\x{ord(match[0]):02x}", text)
