"""A project's dated status history as rows of the status history editor, and back.

Not to be confused with a record's change log (:mod:`coopmap.display.changelog`): the status history
is part of the record (which status since when, on which source)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pydantic

from coopmap.dates import PartialDate
from coopmap.editing.problems import FieldErrors, form_reason
from coopmap.editing.rows import clean_rows
from coopmap.errors import DateError, ValidationError
from coopmap.model import Project, Record, Source, StatusChange, check_status_order
from coopmap.taxonomy import Status, parse_status

STATUS_COLUMNS = ("status", "since", "source_title", "source_link")
_SOURCE_LABELS = {"title": "source title", "url": "source link"}


def status_rows(record: Record | None, /) -> list[dict[str, Any]]:
    """A project's status history as rows of the history editor, oldest first: the status, the
    date it began as text (``2015-05``), and its source's title and link."""
    if not isinstance(record, Project):
        return []
    return [
        {
            "status": change.status.value,
            "since": str(change.date) if change.date is not None else None,
            "source_title": change.source.title if change.source is not None else None,
            "source_link": change.source.url if change.source is not None else None,
        }
        for change in record.status_history
    ]


def status_history_of(
    rows: Iterable[Mapping[str, Any]], /, *, sources: Iterable[Mapping[str, Any]] = ()
) -> tuple[list[StatusChange], FieldErrors]:
    """The status history of the editor's rows, oldest first, and problems (under
    ``status_history``, by row; entries out of order in the model's own words).

    The editor shows a source by its title and link only. ``sources`` are sources known in full
    (the record's own): a row whose title and link are those of one of them gets that source
    whole, so a publisher and date the editor does not show survive an edit of the row's date.
    """
    known: dict[tuple[str, str | None], Mapping[str, Any]] = {}
    for source in sources:
        known.setdefault(_source_key(source.get("title"), source.get("url")), source)
    changes: list[StatusChange] = []
    problems: list[str] = []
    for number, row in enumerate(clean_rows(rows, columns=STATUS_COLUMNS), 1):
        change, reasons = _status_entry(row, known)
        problems += [f"status history row {number}: {reason}" for reason in reasons]
        if change is not None:
            changes.append(change)
    if problems:
        return [], {"status_history": "; ".join(problems)}
    try:
        check_status_order(changes)  # the model's rule, so the form says what it says
    except ValueError as err:
        return [], {"status_history": f"status history: {err}"}
    return changes, {}


def _source_key(title: Any, url: Any) -> tuple[str, str | None]:
    return " ".join(str(title or "").split()), (str(url).strip() or None) if url else None


def _status_entry(
    row: Mapping[str, Any], known: Mapping[tuple[str, str | None], Mapping[str, Any]]
) -> tuple[StatusChange | None, list[str]]:
    """One row's entry, or None and its problems as ``field: reason``."""
    reasons: list[str] = []
    status: Status | None = None
    if row.get("status") is None:
        reasons.append("status: choose the status")
    else:
        try:
            status = parse_status(row["status"])
        except ValidationError as err:
            reasons.append(f"status: {err.reason}")
    date: PartialDate | None = None
    if row.get("since") is not None:
        text = str(row["since"])
        try:
            date = PartialDate.parse(text)
        except DateError as err:
            reason = err.reason
            reasons.append(
                f"since: {reason}"
                if reason.startswith(repr(text))
                else f"since: {text!r} is not a date: {reason}"
            )
    source: Source | None = None
    title, url = row.get("source_title"), row.get("source_link")
    if title is None and url is not None:
        reasons.append("source title: give the title of the source the link points to")
    elif title is not None:
        found = known.get(_source_key(title, url), {"title": title, "url": url})
        try:
            source = Source.model_validate(found)
        except pydantic.ValidationError as err:
            for error in err.errors():
                name = _SOURCE_LABELS.get(str(error["loc"][0]), "source") if error["loc"] else ""
                reasons.append(f"{name}: {form_reason(error)}")
    if reasons or status is None:
        return None, reasons
    return StatusChange(status=status, date=date, source=source), []


def current_status(
    selected: str, history: Sequence[StatusChange], /, *, base: Record | None = None
) -> str:
    """The status a project is saved with, from the Status box and the history table.

    While the box shows what it showed when the record was opened (the status the stored
    history ends with; Unknown for a record without a history), the table's last row is the
    current status: adding or editing a row is how a dated, sourced status is set. A status
    chosen in the box is the current one; the model then adds it to the history from the
    "status as of" date, unless the table's last row already has it, so a change made in both
    places is one entry, not two.
    """
    stored = base.status_history if isinstance(base, Project) else []
    opened = stored[-1].status if stored else Status.UNKNOWN
    if history and selected == opened:
        return history[-1].status.value
    return selected


def first_history(status: str, date: str, base: Record | None, /) -> list[StatusChange]:
    """The status history a stored project without one starts when its status is changed as
    of ``date``: the stored status (since its own status date) as the first entry, so the
    atlas "as of" a day before the change still shows it, then the new status from ``date``
    (the model adds it after the first). A stored status of unknown gives no entry: the
    history is the new status alone. Empty when the status did not change."""
    if not isinstance(base, Project) or base.status_history:
        return []
    try:
        new = parse_status(status)
        since = PartialDate.parse(date)
    except (ValidationError, DateError):
        return []  # the model names the problem
    if new is base.status:
        return []
    if base.status is Status.UNKNOWN:
        return [StatusChange(status=new, date=since)]
    return [StatusChange(status=base.status, date=base.status_date)]


def undated_status(status: str, history: Sequence[StatusChange], /) -> FieldErrors:
    """A problem under ``status_date`` when the status would follow ``history`` as a new entry
    without a date: only a history's first entry may be undated, so the record would not read
    back."""
    if not history or status == history[-1].status:
        return {}
    try:
        label = parse_status(status).label
    except ValidationError:
        return {}  # the model names the unknown status
    return {
        "status_date": f"give the date the project is {label.lower()} as of: the status is "
        f"added to the status history after its last entry ({history[-1]})"
    }


def known_sources(
    base: Record | None, sources: Iterable[Mapping[str, Any]], /
) -> list[Mapping[str, Any]]:
    """The sources a status history row may name by title and link: those of the stored
    history first (so an unchanged row reads back exactly), then the form's sources."""
    stored = base.status_history if isinstance(base, Project) else []
    return [
        *(change.source.model_dump(mode="json") for change in stored if change.source),
        *sources,
    ]
