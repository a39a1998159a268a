"""Problems by form field: pydantic's failures named as the form names its fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic

from coopmap.errors import ValidationError
from coopmap.model import error_reason

FieldErrors = dict[str, str]
"""Problems by form field (a record field name, or ``"record"`` for the whole record)."""

ROW_LISTS = {"organisations", "participants", "specs", "sources"}
"""Fields edited as tables: a problem inside one is named by its row."""


def form_errors(err: pydantic.ValidationError, /) -> list[tuple[str, str]]:
    """``(form field, message)`` for each problem; messages of one field are joined."""
    found: dict[str, list[str]] = {}
    for error in err.errors():
        loc = error["loc"]
        name = str(loc[0]) if loc else "record"
        original = (error.get("ctx") or {}).get("error")
        if not loc and isinstance(original, ValidationError) and original.field:
            name = str(original.field).split(".")[0]  # a check of the whole record names it
        place = where(name, loc[1:])
        message = form_reason(error)
        found.setdefault(name, []).append(f"{place}: {message}" if place else message)
    return [(name, "; ".join(messages)) for name, messages in found.items()]


def where(name: str, rest: tuple[Any, ...]) -> str:
    """``row 2, url`` for a problem inside a list field; empty for a plain field."""
    if not rest:
        return ""
    parts = []
    if isinstance(rest[0], int):
        noun = "row" if name in ROW_LISTS else name.rstrip("s")
        parts.append(f"{noun} {rest[0] + 1}")
        rest = rest[1:]
    parts += [str(part) for part in rest]
    return ", ".join(parts)


def form_reason(error: Mapping[str, Any], /) -> str:
    """One failure's reason as the form shows it: a missing value is "required"."""
    if error.get("type") == "missing":
        return "required"
    return error_reason(error)
