"""A record's history as people read it: one headline per change, one line per field.

The store keeps the changes (:meth:`coopmap.store.Store.history`); the CLI prints these lines
and the app shows them, so both describe a change the same way. Values are shown as JSON (text
in quotes, so ``"2015"`` the date differs from ``2015`` the number), shortened to one line.
"""

from __future__ import annotations

import json
from typing import Any

from coopmap.store.base import Change, FieldChange

WIDTH = 70
"""The most characters a value takes on a line before it is shortened."""

UNSET = "(not set)"

CONTEXT = 12
"""Characters kept before the first difference of two long values (see :func:`field_line`)."""

_TIME = "%Y-%m-%d %H:%M:%S UTC"


def shorten(value: Any, /, *, width: int = WIDTH) -> str:
    """A JSON value on one line of at most ``width`` characters (``…`` marks a cut)."""
    if value is None:
        return UNSET
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def headline(change: Change, /, *, sep: str = "  ") -> str:
    """When, who, what and the version it led to: ``2015-12-14 09:30:00 UTC  alice  updated
    (version 2)``; a deletion names the version deleted. ``sep`` goes between the parts."""
    version = "deleted version" if change.action == "deleted" else "version"
    parts = (
        change.at.strftime(_TIME),
        change.user,
        f"{change.action} ({version} {change.version})",
    )
    return sep.join(parts)


def field_line(field: FieldChange, /, *, width: int = WIDTH) -> str:
    """``field: old -> new`` (``(not set)`` for a side without the field).

    Two long values that begin alike are shown from a little before where they differ, so
    that a change at the end of a long title is not cut off from both sides.
    """
    if field.old is None or field.new is None:
        return (
            f"{field.field}: {shorten(field.old, width=width)} -> {shorten(field.new, width=width)}"
        )
    old, new = (json.dumps(v, ensure_ascii=False) for v in (field.old, field.new))
    same = next(
        (i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
        min(len(old), len(new)),
    )
    start = same - CONTEXT if max(len(old), len(new)) > width and same > CONTEXT else 0
    return f"{field.field}: {_cut(old, start, width)} -> {_cut(new, start, width)}"


def _cut(text: str, start: int, width: int) -> str:
    text = "…" + text[start + 1 :] if start else text
    return text if len(text) <= width else text[: width - 1] + "…"


def change_lines(change: Change, /, *, width: int = WIDTH, sep: str = "  ") -> list[str]:
    """The headline and, indented, the fields a change set (``field: value``) or changed
    (``field: old -> new``).

    Deletions and restores list no fields: they take away or bring back the whole record as it
    was, which the change before them shows.
    """
    lines = [headline(change, sep=sep)]
    if change.action == "added":
        lines += [f"    {f.field}: {shorten(f.new, width=width)}" for f in change.fields]
    elif change.action == "updated":
        lines += [f"    {field_line(field, width=width)}" for field in change.fields]
    return lines
