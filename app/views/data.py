"""Data page: download the filtered records, and import a file in steps: a table's columns
mapped (:mod:`upload_columns`), its places reviewed, then a per-row preview, then the import on
the user's word.

The upload is read and checked by :mod:`coopmap.services.preview`, exactly as ``coopmap
import`` reads files. Read once without answers, it gives the place names to review
(:mod:`upload_review`); read again with the answers, the preview of what importing would do.
Nothing is written before the Import button.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path

import streamlit as st

import access
import filters
import state
import upload_columns
import upload_review
from coopmap.display.geocoding import geocoding_text
from coopmap.display.markdown import md
from coopmap.errors import CoopmapError
from coopmap.formats import ReadOptions
from coopmap.formats.registry import formats
from coopmap.model import Record
from coopmap.query import Filter
from coopmap.services import export_records
from coopmap.services.access import Action
from coopmap.services.preview import (
    ImportPreview,
    UploadTable,
    apply_import,
    preview_upload,
    upload_table,
)
from coopmap.services.review import answers_key, place_questions

DOWNLOADS = [
    ("Map (HTML)", ".html", "text/html", "A self-contained map page that works offline."),
    ("GeoJSON", ".geojson", "application/geo+json", "One feature per record."),
    ("CSV", ".csv", "text/csv", "One row per record, for spreadsheets; imports back."),
    (
        "Excel",
        ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "The CSV columns in a workbook; imports back.",
    ),
    ("GeoPackage", ".gpkg", "application/geopackage+sqlite3", "For QGIS and other GIS tools."),
    (
        "IATI XML",
        ".xml",
        "application/xml",
        "The projects as IATI 2.03 activities (events are not IATI activities).",
    ),
]
STATUS_LABELS = {
    "new": "new",
    "update": "update (id exists)",
    "unchanged": "unchanged",
    "invalid": "invalid",
}
# Every extension coopmap imports (coopmap.formats.registry); a bare string here would be shown.
UPLOAD_TYPES = [ext.lstrip(".") for entry in formats("read") for ext in entry.extensions]
PREVIEWS_KEPT = 4
IMPORT_MODES = {"all": "Import all or nothing", "valid": "Import the valid rows only"}


@st.cache_data(show_spinner=False, max_entries=32)
def _export(url: str, revision: int, filter_key: tuple, extension: str, _flt: Filter) -> bytes:
    """The filtered records as a file's bytes; one per store revision, filter and format."""
    records = _flt.apply(state.records())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"coopmap{extension}"
        export_records(records, path, filter=_flt)  # a map titled from the filters
        return path.read_bytes()


def _downloads(shown: list[Record], flt: Filter) -> None:
    store = state.store()
    revision = store.revision()
    st.subheader("Download")
    st.caption(f"The {len(shown)} records the filters keep.")
    row = st.container(horizontal=True)  # one row of buttons, wrapped in a narrow window
    projects = any(record.kind == "project" for record in shown)
    for label, extension, mime, help in DOWNLOADS:
        row.download_button(
            label,
            data=functools.partial(_export, store.url, revision, flt.key(), extension, flt),
            file_name=f"coopmap{extension}",
            mime=mime,
            help=help,
            on_click="ignore",
            disabled=not (projects if extension == ".xml" else shown),
            icon=":material/download:",
            key=f"download{extension}",
        )


def _preview(upload, strict: bool, options: ReadOptions) -> ImportPreview:
    """The upload's preview, worked out once per file, store revision, strictness and
    options (the last few kept), with a progress bar while the file is read."""
    store = state.store()
    key = (
        upload.file_id,
        store.revision(),
        strict,
        tuple(options.columns.items()),
        options.keep_unmapped,
        options.sheet,
        answers_key(options.places),
    )
    kept: dict = st.session_state.setdefault("import_previews", {})
    if key in kept:
        return kept[key]
    bar = st.progress(0.0, text=f"Reading {upload.name}…")

    def told(done: int, total: int | None) -> None:
        share = min(done / total, 1.0) if total else 0.0
        bar.progress(share, text=f"Reading {upload.name}: {done:,} rows")

    reading = dataclasses.replace(options, progress=told)
    preview = preview_upload(
        upload.getvalue(), upload.name, store=store, strict=strict, options=reading
    )
    bar.empty()
    while len(kept) >= PREVIEWS_KEPT:
        kept.pop(next(iter(kept)))
    kept[key] = preview
    return preview


def _upload_table(upload, sheet: str | None) -> UploadTable | None:
    """The upload's columns (a table's; None for other files), once per file and sheet."""
    key = (upload.file_id, sheet)
    kept: dict = st.session_state.setdefault("import_tables", {})
    if key not in kept:
        while len(kept) >= PREVIEWS_KEPT:
            kept.pop(next(iter(kept)))
        kept[key] = upload_table(upload.getvalue(), upload.name, sheet=sheet)
    return kept[key]


def _columns(upload) -> ReadOptions | None:
    """The first step, for a table: its sheet and the mapping of its columns (None for a file
    that is not a table)."""
    table = _upload_table(upload, None)
    if table is None:
        return None
    unknown = sum(column is None for column in table.detected)
    label = (
        f"Columns: {len(table.header)}, {unknown} not recognised (ignored unless you map them)"
        if unknown
        else f"Columns: all {len(table.header)} recognised"
    )
    with st.expander(label, expanded=bool(unknown) or len(table.sheets) > 1):
        sheet = upload_columns.sheet(table.sheets, upload.file_id)
        if sheet != table.sheet:
            table = _upload_table(upload, sheet) or table
        chosen = upload_columns.columns(table, upload.file_id)
    return ReadOptions(
        columns=chosen.columns, keep_unmapped=chosen.keep_unmapped, sheet=chosen.sheet
    )


def _ignored(preview: ImportPreview) -> None:
    """The columns of a file's layers that coopmap does not read (for a file that is not a
    table: a table's are listed in its columns step)."""
    if preview.reading is None:
        return
    ignored = [name for mapping in preview.reading.mappings for name in mapping.ignored]
    if ignored:
        st.caption(md("Ignored: " + ", ".join(repr(name) for name in dict.fromkeys(ignored))))


def _import(preview: ImportPreview, valid_only: bool) -> None:
    try:
        result = apply_import(preview, state.store(), valid_only=valid_only, by=access.actor())
    except CoopmapError as err:
        st.session_state.import_notice = ("error", f"Nothing was imported: {err}")
        st.session_state.pop("import_previews", None)
        return
    skipped = result.reading.rejected if valid_only else 0
    st.session_state.import_notice = (
        "success",
        f"Imported {preview.source}: {result.added} new, {result.updated} updated, "
        f"{result.unchanged} unchanged"
        + (f"; {skipped} invalid rows skipped." if skipped else "."),
    )
    st.session_state.upload_gen = st.session_state.get("upload_gen", 0) + 1
    st.session_state.pop("import_previews", None)


def _table(rows: list[dict[str, object]]) -> None:
    """Rows of the preview as a table: every cell plain text, never markup."""
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={
            "title": st.column_config.TextColumn("title", width="medium"),
            "reason": st.column_config.TextColumn("reason", width="large"),
        },
    )


def _tables(preview: ImportPreview) -> None:
    """What each row would do, then the warnings."""
    _table(
        [
            {
                "row": row.where,
                "status": STATUS_LABELS[row.status],
                "record": row.name or "",
                "title": row.title or "",
                "field": row.field or "",
                "reason": row.reason or "",
                "warnings": row.warnings,
            }
            for row in preview.rows
        ]
    )
    if not preview.warnings:
        return
    st.caption(
        "Warnings: these rows are imported as they are unless you choose strict, which "
        "refuses them."
    )
    _table(
        [
            {
                "row": warning.where or "",
                "record": warning.record or "",
                "field": warning.field or "",
                "reason": warning.reason,
            }
            for warning in preview.warnings
        ]
    )


def _upload() -> None:
    st.subheader("Import")
    notice = st.session_state.pop("import_notice", None)
    if notice:
        getattr(st, notice[0])(md(notice[1]))
    if not access.can(Action.IMPORT):
        st.caption(access.READ_ONLY_NOTE)
        return
    upload = st.file_uploader(
        "A CSV, Excel, GeoJSON, GeoPackage, KML or IATI XML file (as the downloads above write "
        "them, or your own columns); place names without coordinates are looked up offline",
        type=UPLOAD_TYPES,
        key=f"upload{st.session_state.get('upload_gen', 0)}",
    )
    strict = st.checkbox(
        "Strict: treat warnings (a location outside its record's country) as problems",
        key="import_strict",
    )
    if upload is None:
        return
    if st.session_state.get("import_file") != upload.file_id:
        st.session_state.import_file = upload.file_id
        st.session_state.import_mode = "all"  # a new file starts all or nothing
    mapped = _columns(upload)
    options = mapped or ReadOptions()
    plain = _preview(upload, strict, options)
    if mapped is None:
        _ignored(plain)
    questions = place_questions(plain.reading)
    answers = {}
    if questions:
        st.markdown("**Places to review**")
        answers = upload_review.answers(questions, upload.file_id)
    preview = (
        _preview(upload, strict, dataclasses.replace(options, places=answers)) if answers else plain
    )
    summary = geocoding_text(preview.reading.geocoded) if preview.reading else None
    if summary:
        st.caption(summary)
    if questions:
        st.markdown("**Preview**")
    if preview.report():
        st.download_button(
            "Download the report of problems and warnings (CSV)",
            data=preview.report_csv(),
            file_name="coopmap-import-report.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="import_report",
        )
    for problem in preview.problems:
        st.error(md(str(problem)), icon=":material/error:")
    if preview.problems:
        st.caption("Nothing in this file can be imported until these are fixed.")
        return
    counts = preview.counts()
    st.caption(
        f"{len(preview.rows)} rows: {counts['new']} new, {counts['update']} updates, "
        f"{counts['unchanged']} unchanged, {counts['invalid']} invalid; "
        f"{len(preview.warnings)} warnings. Nothing is written until you press Import."
    )
    _tables(preview)
    valid_only = False
    if preview.invalid:
        st.warning(
            md(
                f"{len(preview.invalid)} rows are invalid. By default a file is imported whole "
                "or not at all: fix them, or import only the valid rows."
            )
        )
        valid_only = (
            st.radio(
                "How to import",
                list(IMPORT_MODES),
                format_func=IMPORT_MODES.get,
                key="import_mode",
                horizontal=True,
            )
            == "valid"
        )
    changes = counts["new"] + counts["update"]
    st.button(
        f"Import {changes} new or changed records" if changes else "Nothing to import",
        type="primary",
        disabled=not preview.importable(valid_only=valid_only) or not access.can(Action.IMPORT),
        on_click=_import,
        args=(preview, valid_only),
        key="import_button",
    )


all_records = state.records()
flt = filters.current()
shown = state.shown(flt)
st.caption(f"{len(shown)} of {len(all_records)} records")
_downloads(shown, flt)
_upload()
