"""The record-editing rules: what people submit through a form, checked before anything is
written.

A form collects plain values: text, choices, dates as a precision plus the parts that precision
asks for (:mod:`~coopmap.editing.dates`), and tables of rows (:mod:`~coopmap.editing.rows`).
:func:`build_record` (:mod:`~coopmap.editing.record`) turns them into a record validated by the
model and reports every problem at once as ``{field: message}``
(:mod:`~coopmap.editing.problems`). A project's amount and an event's outcomes are typed as
text (:mod:`~coopmap.editing.amounts`), an event's links and a project's dated status history
as rows (:mod:`~coopmap.editing.links`, :mod:`~coopmap.editing.status`); a place is geocoded or
drawn (:mod:`~coopmap.editing.locations`). :class:`FormSession`
(:mod:`~coopmap.editing.session`) is the form's state machine over the app's session state.
Nothing here draws a widget: the app's pages draw them and hand their values over.
"""

from __future__ import annotations

from coopmap.editing.amounts import (
    amount_of,
    amount_texts,
    outcomes_of,
    outcomes_text,
    parse_number,
)
from coopmap.editing.dates import DateParts
from coopmap.editing.links import LINK_COLUMNS, link_rows, link_type_label, links_of, project_labels
from coopmap.editing.locations import DRAWABLE, drawn_location, place_location, vertex_count
from coopmap.editing.problems import FieldErrors, form_errors
from coopmap.editing.record import FormResult, FormValues, build_record
from coopmap.editing.rows import (
    ORGANISATION_COLUMNS,
    PARTICIPANT_COLUMNS,
    SOURCE_COLUMNS,
    SPEC_COLUMNS,
    clean_rows,
    editor_rows,
    organisation_rows,
    participant_rows,
    source_rows,
    spec_rows,
)
from coopmap.editing.session import FormSession
from coopmap.editing.status import STATUS_COLUMNS, current_status, status_history_of, status_rows

__all__ = [
    "DRAWABLE",
    "LINK_COLUMNS",
    "ORGANISATION_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "SOURCE_COLUMNS",
    "SPEC_COLUMNS",
    "STATUS_COLUMNS",
    "DateParts",
    "FieldErrors",
    "FormResult",
    "FormSession",
    "FormValues",
    "amount_of",
    "amount_texts",
    "build_record",
    "clean_rows",
    "current_status",
    "drawn_location",
    "editor_rows",
    "form_errors",
    "link_rows",
    "link_type_label",
    "links_of",
    "organisation_rows",
    "outcomes_of",
    "outcomes_text",
    "parse_number",
    "participant_rows",
    "place_location",
    "project_labels",
    "source_rows",
    "spec_rows",
    "status_history_of",
    "status_rows",
    "vertex_count",
]
