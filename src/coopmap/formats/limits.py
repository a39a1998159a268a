"""How much work one imported file may ask for: the limits, in one place, and JSON read within them.

A file from elsewhere may be hostile or simply broken: a cell of a hundred megabytes, JSON nested
sixty thousand levels deep, a number with thousands of digits, millions of rows. Each limit
below is refused with an error that names it and how to raise it; none is reached by a real
atlas. Each is a module constant overridden by an environment variable, read when a file is
read (not at import), so a big import can raise it for one run::

    COOPMAP_MAX_ROWS=5000000 coopmap import big.csv

=======================  ==================  ===============================================
variable                 default             what it bounds
=======================  ==================  ===============================================
``COOPMAP_MAX_CELL``     100,000 characters  one cell or text property
``COOPMAP_MAX_DEPTH``    64 levels           the nesting of JSON (a file, a cell, a property)
``COOPMAP_MAX_FILE_MB``  200 MB              the size of the file, checked before reading it
``COOPMAP_MAX_ROWS``     1,000,000           the rows or features of one file
=======================  ==================  ===============================================
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import numpy as np

from coopmap.errors import CoopmapError, RecordImportError, ValidationError

__all__ = [
    "MAX_CELL",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "JSONLimitError",
    "LimitSettingError",
    "check_cell",
    "check_file_size",
    "check_rows",
    "load_json",
    "max_cell",
    "max_depth",
    "max_file_mb",
    "max_rows",
]

MAX_CELL = 100_000
"""Characters in one cell (CSV, GeoPackage, KML) or text property (GeoJSON)."""
MAX_DEPTH = 64
"""Levels of nesting of JSON: a GeoJSON file, a JSON cell or property."""
MAX_FILE_MB = 200
"""Megabytes (10**6 bytes) of a file to import."""
MAX_ROWS = 1_000_000
"""Rows (CSV) or features (GeoJSON, GeoPackage, KML) of a file to import."""
MAX_DIGITS = 4300
"""Digits of an integer in JSON (Python's own limit for turning text into an integer)."""

_VARIABLES = {
    "cell": ("COOPMAP_MAX_CELL", MAX_CELL),
    "depth": ("COOPMAP_MAX_DEPTH", MAX_DEPTH),
    "file": ("COOPMAP_MAX_FILE_MB", MAX_FILE_MB),
    "rows": ("COOPMAP_MAX_ROWS", MAX_ROWS),
}


class LimitSettingError(CoopmapError):
    """An environment variable sets a limit to something that is not a positive whole number.

    Not a :class:`ValueError`, so that no reader takes it for a problem of the file it reads.
    """


def _limit(kind: str) -> int:
    variable, default = _VARIABLES[kind]
    text = os.environ.get(variable, "").strip().replace("_", "")
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise LimitSettingError(
            f"{variable}={text!r} is not a positive whole number (the default is {default:,}); "
            "set it to a whole number above 0, or unset it for the default"
        )
    return value


def max_cell() -> int:
    """The cell limit now: ``COOPMAP_MAX_CELL`` or :data:`MAX_CELL`."""
    return _limit("cell")


def max_depth() -> int:
    """The JSON nesting limit now: ``COOPMAP_MAX_DEPTH`` or :data:`MAX_DEPTH`."""
    return _limit("depth")


def max_file_mb() -> int:
    """The file size limit now, in MB: ``COOPMAP_MAX_FILE_MB`` or :data:`MAX_FILE_MB`."""
    return _limit("file")


def max_rows() -> int:
    """The row limit now: ``COOPMAP_MAX_ROWS`` or :data:`MAX_ROWS`."""
    return _limit("rows")


def check_file_size(path: str | os.PathLike[str], /) -> None:
    """Refuse a file over the size limit, before anything of it is read."""
    size = Path(path).stat().st_size
    limit = max_file_mb()
    if size > limit * 10**6:
        raise RecordImportError(
            str(path),
            [
                ValidationError(
                    f"the file is {size / 10**6:,.1f} MB, over the limit of {limit:,} MB; "
                    "to import it, raise the limit with COOPMAP_MAX_FILE_MB"
                )
            ],
        )


def check_rows(count: int, /, *, source: str) -> None:
    """Refuse a file when its ``count``-th row is over the row limit."""
    limit = max_rows()
    if count > limit:
        raise RecordImportError(
            source,
            [
                ValidationError(
                    f"the file has more than {limit:,} rows or features, the limit; to import "
                    "it, raise the limit with COOPMAP_MAX_ROWS (or split the file)"
                )
            ],
        )


def check_cell(text: str, /, *, limit: int | None = None) -> str | None:
    """Why a cell is refused (it is over the cell limit, or ``limit``), or ``None``."""
    limit = max_cell() if limit is None else limit
    if len(text) > limit:
        return (
            f"{len(text):,} characters long, over the limit of {limit:,}; "
            "raise the limit with COOPMAP_MAX_CELL"
        )
    return None


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _depth(text: str) -> int:
    """How deeply the JSON text nests arrays and objects (strings are not looked into)."""
    brackets = _STRINGS.sub("", text)
    codes = np.frombuffer(brackets.encode("utf-8"), dtype=np.uint8)
    steps = np.zeros(codes.shape, dtype=np.int64)
    steps[(codes == ord("[")) | (codes == ord("{"))] = 1
    steps[(codes == ord("]")) | (codes == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


class JSONLimitError(ValueError):
    """JSON text over a limit: nested too deep, or an integer too long."""


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise JSONLimitError(f"holds an integer of {digits:,} digits (at most {MAX_DIGITS:,})")
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_integer)


def load_json(text: str, /) -> Any:
    """Parsed JSON text: :class:`json.JSONDecodeError` when it is not JSON, and
    :class:`JSONLimitError` when it is over a limit (nested too deep, an integer too long);
    never :class:`RecursionError`."""
    limit = max_depth()
    # no deeper than its brackets are many: counting them is enough for most texts
    depth = 0 if text.count("[") + text.count("{") <= limit else _depth(text)
    if depth > limit:
        raise JSONLimitError(
            f"JSON nested {depth:,} levels deep, over the limit of {limit:,}; "
            "raise the limit with COOPMAP_MAX_DEPTH"
        )
    try:
        if not isinstance(text, str) or text.startswith("\ufeff"):
            return json.loads(text, parse_int=_integer)  # its own errors for these
        return _DECODER.decode(text)  # what json.loads does, with its decoder made once
    except RecursionError as err:  # pragma: no cover - the depth check comes first
        raise JSONLimitError("JSON nested too deeply") from err
