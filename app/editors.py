"""Streamlit's data editors: the rows one shows, from the changes it keeps in session state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def rows_from_editor(
    initial: Sequence[Mapping[str, Any]], changes: Mapping[str, Any] | None, /
) -> list[dict[str, Any]]:
    """The rows a data editor shows: ``initial`` with the editor's recorded changes applied.

    ``changes`` is what ``st.data_editor`` keeps in session state under its key
    (``edited_rows`` by original position, ``added_rows``, ``deleted_rows``).
    """
    rows = [dict(row) for row in initial]
    changes = changes or {}
    for index, edits in (changes.get("edited_rows") or {}).items():
        position = int(index)
        if 0 <= position < len(rows):
            rows[position].update(edits)
    deleted = {int(index) for index in changes.get("deleted_rows") or []}
    rows = [row for position, row in enumerate(rows) if position not in deleted]
    for added in changes.get("added_rows") or []:
        rows.append({key: value for key, value in added.items() if not key.startswith("_")})
    return rows
