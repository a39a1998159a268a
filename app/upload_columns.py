"""The Data page's first step for a table (CSV, Excel): which sheet, and which coopmap column
each of the file's columns holds.

The mapping starts as :func:`coopmap.services.preview.upload_table` detects it from the
headers (as ``coopmap import`` does without ``--map``), or as a saved mapping says
(:mod:`coopmap.services.mappings`); one selectbox per column changes it. :func:`columns`
returns the :class:`~coopmap.formats.ReadOptions` fields to read the file with: no mapping
while the detected one stands, so that the file is read exactly as the CLI reads it, and the
whole mapping once the user has changed or loaded one.

A header is the file's text: it reaches the page as escaped Markdown (widget labels) only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import streamlit as st

from coopmap.display.markdown import md
from coopmap.errors import ValidationError
from coopmap.formats.columns import COLUMNS
from coopmap.services.mappings import load_mapping, save_mapping, saved_mappings
from coopmap.services.preview import UploadTable

IGNORE = ""
DETECTED = ""
PER_ROW = 3
NOTICE = "mapping_notice"


@dataclass(frozen=True)
class Chosen:
    """What the columns step gives the reading: the sheet, the mapping (empty: the detected
    one) and whether to keep unmapped columns in the notes."""

    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    keep_unmapped: bool = False


def _key(upload_id: str, *parts: object) -> str:
    digest = hashlib.sha1("\0".join(map(str, (upload_id, *parts))).encode()).hexdigest()[:12]
    return f"columns_{digest}"


def sheet(sheets: tuple[str, ...], upload_id: str) -> str | None:
    """The sheet of a workbook to read (a choice when it has several)."""
    if len(sheets) < 2:
        return sheets[0] if sheets else None
    return st.selectbox(
        "Sheet",
        list(sheets),
        key=_key(upload_id, "sheet"),
        help="The sheet of the workbook that holds the records (coopmap import --sheet NAME).",
    )


def columns(table: UploadTable, upload_id: str) -> Chosen:
    """Show the mapping of the table's columns; the choices made."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        getattr(st, notice[0])(md(notice[1]))
    saved = saved_mappings()
    base = st.selectbox(
        "Start from",
        [DETECTED, *saved],
        key=_key(upload_id, "saved"),
        format_func=lambda name: name or "the columns detected from the headers",
        help="A saved mapping sets the columns it names; the others stay as detected.",
    )
    start = list(table.detected)
    keep = False
    if base:
        try:
            loaded = load_mapping(base)
        except ValidationError as err:
            st.error(md(f"The mapping {base!r} cannot be used: {err}"), icon=":material/error:")
        else:
            start = [
                (loaded.columns[written] or None) if written in loaded.columns else detected
                for written, detected in zip(table.header, table.detected, strict=True)
            ]
            keep = loaded.keep_unmapped
    mapped = _selectboxes(table, start, upload_id, base)
    keep_unmapped = st.checkbox(
        "Keep the ignored columns in each record's notes (as 'column: value' lines)",
        value=keep,
        key=_key(upload_id, "keep", base),
    )
    chosen = {
        written: column or IGNORE for written, column in zip(table.header, mapped, strict=True)
    }
    ignored = [written for written, column in chosen.items() if not column]
    if ignored:
        st.caption(md("Ignored: " + ", ".join(repr(name) for name in ignored)))
    _save(chosen, keep_unmapped, upload_id)
    as_detected = not base and mapped == list(table.detected)
    return Chosen(
        table.sheet,
        {} if as_detected else chosen,
        keep_unmapped,
    )


def _selectboxes(
    table: UploadTable, start: list[str | None], upload_id: str, base: str
) -> list[str | None]:
    """One selectbox per column of the file, :data:`PER_ROW` to a row; the columns chosen."""
    options = [IGNORE, *COLUMNS]
    mapped: list[str | None] = []
    for first in range(0, len(table.header), PER_ROW):
        for place, position in zip(
            st.columns(PER_ROW), range(first, min(first + PER_ROW, len(table.header))), strict=False
        ):
            written = table.header[position]
            example = table.example(position)
            value = place.selectbox(
                md(written.strip() or f"column {position + 1}"),
                options,
                index=options.index(start[position] or IGNORE),
                key=_key(upload_id, "column", position, written, base),
                format_func=lambda column: column or "(ignore)",
                help=md(f"For example: {example}") if example else None,
            )
            mapped.append(value or None)
    return mapped


def _save(chosen: dict[str, str], keep_unmapped: bool, upload_id: str) -> None:
    """Save the mapping under a name, for the next file of this layout."""
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    name = left.text_input(
        "Save this mapping as",
        key=_key(upload_id, "save_name"),
        placeholder="a name: the next file in this layout starts from it",
    )
    if right.button("Save the mapping", key=_key(upload_id, "save"), disabled=not name.strip()):
        try:
            path = save_mapping(name, chosen, keep_unmapped=keep_unmapped)
        except (ValidationError, OSError) as err:
            st.session_state[NOTICE] = ("error", f"The mapping was not saved: {err}")
        else:
            st.session_state[NOTICE] = ("success", f"Saved the mapping {name.strip()!r} ({path}).")
        st.rerun()
