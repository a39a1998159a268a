"""Table rows (from the app's data editors) into the lists a record holds, and back.

A row is a dict of cells; blank cells (empty text, None, NaN) are left out and wholly blank rows
dropped, so an editor's empty last line never becomes an empty organisation."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coopmap.model import Record


def cell(value: Any) -> Any:
    """A cell's value, with blanks (empty text, None, NaN) as None and text stripped."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def clean_rows(
    rows: Iterable[Mapping[str, Any]], /, *, columns: Sequence[str]
) -> list[dict[str, Any]]:
    """Rows with only ``columns``, blank cells left out and wholly blank rows dropped."""
    cleaned = []
    for row in rows:
        kept = {column: cell(row.get(column)) for column in columns}
        kept = {column: value for column, value in kept.items() if value is not None}
        if kept:
            cleaned.append(kept)
    return cleaned


ORGANISATION_COLUMNS = ("name", "role")
PARTICIPANT_COLUMNS = ("name", "kind", "role", "country")
SPEC_COLUMNS = ("key", "value", "unit")
SOURCE_COLUMNS = ("title", "url", "publisher", "date")


def organisation_rows(rows: Iterable[Mapping[str, Any]], /) -> list[dict[str, Any]]:
    """Organisations from editor rows; the model checks names and roles."""
    return clean_rows(rows, columns=ORGANISATION_COLUMNS)


def participant_rows(rows: Iterable[Mapping[str, Any]], /) -> list[dict[str, Any]]:
    """Participants from editor rows; country codes are upper-cased."""
    cleaned = clean_rows(rows, columns=PARTICIPANT_COLUMNS)
    for row in cleaned:
        if isinstance(row.get("country"), str):
            row["country"] = row["country"].upper()
    return cleaned


def spec_rows(rows: Iterable[Mapping[str, Any]], /) -> list[dict[str, Any]]:
    """Specs from editor rows; a value that reads as a number becomes one (``22.4``, ``18``)."""
    cleaned = clean_rows(rows, columns=SPEC_COLUMNS)
    for row in cleaned:
        if isinstance(row.get("value"), str):
            row["value"] = parse_value(row["value"])
    return cleaned


def parse_value(text: str) -> int | float | str:
    for kind in (int, float):
        try:
            value = kind(text)
        except ValueError:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return text
        return value
    return text


def source_rows(rows: Iterable[Mapping[str, Any]], /) -> list[dict[str, Any]]:
    """Sources from editor rows; the model checks that links are http(s), urn: or doi:."""
    return clean_rows(rows, columns=SOURCE_COLUMNS)


def editor_rows(record: Record | None, /) -> dict[str, list[dict[str, Any]]]:
    """A record's organisations, participants, specs and sources as editor rows."""
    data = record.to_dict() if record is not None else {}

    def rows(name: str, columns: Sequence[str]) -> list[dict[str, Any]]:
        return [{column: item.get(column) for column in columns} for item in data.get(name, [])]

    specs = rows("specs", SPEC_COLUMNS)
    for spec in specs:
        spec["value"] = None if spec["value"] is None else str(spec["value"])
    return {
        "organisations": rows("organisations", ORGANISATION_COLUMNS),
        "participants": rows("participants", PARTICIPANT_COLUMNS),
        "specs": specs,
        "sources": rows("sources", SOURCE_COLUMNS),
    }
