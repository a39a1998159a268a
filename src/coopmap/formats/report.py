"""The import report: every problem and warning of an import, one per line, as CSV or JSON.

Each line says which file, row (or feature) and record, which field, whether it stopped the row
(``error``) or only looks doubtful (``warning``), and why: what a user needs to fix a sheet
without rerunning the import to see the next problem. Each place name geocoded on import has
a line too, its level the outcome (``geocoded``, ``ambiguous``, ``not found``) and its reason
what the name was taken to be and what else it could be
(:meth:`~coopmap.formats.placing.Geocoded.describe`). A CSV report's cells are written as every
CSV of coopmap's (:mod:`coopmap.formats.formulas`): none runs as a formula in a spreadsheet.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from coopmap.errors import RecordImportError, UnknownFormatError
from coopmap.formats.atomic import atomic_writer
from coopmap.formats.formulas import write_rows
from coopmap.formats.placing import Geocoded
from coopmap.formats.reading import Problem

COLUMNS = ("file", "row", "record", "field", "level", "reason")
FORMATS = (".csv", ".json")


GEOCODED_LEVELS = {"found": "geocoded", "ambiguous": "ambiguous", "not found": "not found"}
"""The report's level for each outcome of geocoding a place name."""


def write_report(
    problems: Iterable[Problem],
    path: str | os.PathLike[str],
    /,
    *,
    geocoded: Iterable[Geocoded] = (),
) -> int:
    """Write the problems, then the place names ``geocoded``, to ``path`` (CSV or JSON by its
    extension); return how many lines."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise UnknownFormatError(
            f"cannot write a report to {path.name!r}: use a name ending in {' or '.join(FORMATS)}"
        )
    lines = _lines(problems, geocoded)
    if path.suffix.lower() == ".json":
        with atomic_writer(path) as handle:
            json.dump(lines, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    else:
        with atomic_writer(path, newline="") as handle:
            write_rows(handle, COLUMNS, lines)
    return len(lines)


def report_csv(problems: Iterable[Problem], /, *, geocoded: Iterable[Geocoded] = ()) -> str:
    """The CSV text :func:`write_report` writes to a ``.csv`` file (for a download)."""
    out = io.StringIO(newline="")
    write_rows(out, COLUMNS, _lines(problems, geocoded))
    return out.getvalue()


def _lines(problems: Iterable[Problem], geocoded: Iterable[Geocoded]) -> list[dict[str, Any]]:
    return [line(problem) for problem in problems] + [geocoded_line(name) for name in geocoded]


def geocoded_line(geocoded: Geocoded, /) -> dict[str, Any]:
    """One place name geocoded on import as a report line."""
    return line(Problem.of_geocoded(geocoded)) | {"level": GEOCODED_LEVELS[geocoded.outcome]}


def line(problem: Problem, /) -> dict[str, Any]:
    """One problem as a report line (``row`` a number, or ``None`` for the file as a whole)."""
    values = {
        "file": problem.source,
        "row": problem.row,
        "record": problem.record,
        "field": problem.field,
        "level": problem.level,
        "reason": problem.reason,
    }
    return {key: _printable(value) for key, value in values.items()}


def file_problems(error: RecordImportError, /) -> list[Problem]:
    """The problems of a file that could not be read at all, for the report."""
    return [
        Problem(e.reason, record=e.record, field=e.field, source=error.source) for e in error.errors
    ]


def _printable(value: Any) -> Any:
    # a NUL in a rejected value would end the report's line in many readers
    return value.replace("\x00", "\\x00") if isinstance(value, str) else value
