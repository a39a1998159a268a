"""CSV cells that a spreadsheet would run as formulas, made inert; and read back as they were.

Record text comes from reports and users. A CSV cell starting with ``=``, ``+``, ``-`` or ``@``
is a formula to Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)``, ``-2+3``), and a
leading tab or carriage return is trimmed away before one is seen (OWASP, "CSV Injection").
Every CSV coopmap writes (records, the import report, tables) goes through :func:`write_rows`
(or :func:`write_lines`), which puts a single quote before such a text cell (:func:`guarded`);
numbers stay numbers (a latitude of ``-12.5``). coopmap's CSV reader takes it off again with
:func:`unguarded`, only where :func:`guarded` would have put it, so an export imports back
exactly and a cell ``'hello`` from elsewhere stays as it is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

QUOTE = "'"
STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a cell starts with for a spreadsheet to take it as a formula."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_FIRST = frozenset((QUOTE, *STARTS))
"""The first characters of the only cells :func:`needs_guard` looks at further."""


def needs_guard(text: str, /) -> bool:
    """Whether :func:`guarded` quotes ``text``: a formula start that is not a plain number,
    or a quote before such text (so that reading back removes exactly one quote)."""
    text = text.lstrip(QUOTE)
    return text.startswith(STARTS) and _NUMBER.fullmatch(text) is None


def guarded(value: Any, /) -> Any:
    """A cell value as written: text a spreadsheet would run gets a leading quote; anything
    else (numbers, ``None``, plain text) is returned as it is."""
    if isinstance(value, str) and value[:1] in _FIRST and needs_guard(value):
        return QUOTE + value
    return value


def unguarded(text: str, /) -> str:
    """A cell as read: the text :func:`guarded` was given (``'=1+1`` is ``=1+1``); a cell
    :func:`guarded` could not have written (``'hello``) is returned as it is."""
    if text.startswith(QUOTE) and needs_guard(text[1:]):
        return text[1:]
    return text


def write_rows(
    handle: IO[str], columns: Sequence[str], rows: Iterable[Mapping[str, Any]], /
) -> int:
    """Write a header of ``columns`` and the rows (dicts by column, taken as they come) as CSV,
    every cell :func:`guarded`; return how many rows.

    A row lacking a column has it empty; a row with a column not in ``columns`` is a
    :class:`ValueError`, as :class:`csv.DictWriter` says.
    """
    writer = csv.writer(handle)
    writer.writerow(columns)
    known = frozenset(columns)
    count = 0
    for row in rows:
        if not known.issuperset(row):
            extra = ", ".join(repr(name) for name in row if name not in known)
            raise ValueError(f"dict contains fields not in fieldnames: {extra}")
        writer.writerow(_guarded_all([row.get(column, "") for column in columns]))
        count += 1
    return count


def write_lines(handle: IO[str], header: Sequence[str], lines: Iterable[Sequence[Any]], /) -> int:
    """Write a header and rows of cells (taken as they come) as CSV, in the order given, every
    cell (the header's too, which may come from a file) :func:`guarded`; columns of the same
    name stay apart. Return how many rows."""
    writer = csv.writer(handle)
    writer.writerow([guarded(name) for name in header])
    count = 0
    for line in lines:
        writer.writerow(_guarded_all(line))
        count += 1
    return count


def _guarded_all(values: Iterable[Any], /) -> list[Any]:
    """Each value :func:`guarded`, a call made only for text that starts as a formula may."""
    return [
        guarded(value) if isinstance(value, str) and value[:1] in _FIRST else value
        for value in values
    ]
