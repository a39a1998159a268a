"""The record form: what it holds as plain values, and the record those values give.

:func:`build_record` validates the values by the model and reports every problem at once as
``{field: message}``, so that a page shows each message next to its field instead of raising on
the first one. The texts a stored record gives the form (:meth:`FormValues.of`) read back to the
same values, so saving an unchanged record keeps it exactly."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pydantic

from coopmap.editing.amounts import amount_of, amount_texts, outcomes_of, outcomes_text
from coopmap.editing.dates import DateParts
from coopmap.editing.links import link_rows, links_of
from coopmap.editing.problems import FieldErrors, form_errors
from coopmap.editing.rows import (
    editor_rows,
    organisation_rows,
    participant_rows,
    source_rows,
    spec_rows,
)
from coopmap.editing.status import (
    current_status,
    first_history,
    known_sources,
    status_history_of,
    status_rows,
    undated_status,
)
from coopmap.errors import DateError, ValidationError
from coopmap.model import Event, Project, Record, make_id, record_from_dict
from coopmap.taxonomy import RecordKind


@dataclass(frozen=True)
class FormValues:
    """What the record form holds, as plain values.

    ``locations`` are location dicts (as :meth:`Location.model_dump` gives them); the editor
    tables are lists of row dicts. Fields of the other kind are ignored. ``amount`` (the value
    and currency texts), ``status_history`` (editor rows), ``outcomes`` (one per line) and
    ``links`` (editor rows) left None are kept from the record being edited, for forms that do
    not show them.
    """

    kind: str = RecordKind.PROJECT
    title: str = ""
    sectors: Sequence[str] = ()
    countries: Sequence[str] = ()
    start: DateParts = DateParts()
    end: DateParts = DateParts()
    notes: str = ""
    draft: bool = False
    sources: Sequence[Mapping[str, Any]] = ()
    locations: Sequence[Mapping[str, Any]] = ()
    # projects
    status: str = "unknown"
    status_date: DateParts = DateParts()
    organisations: Sequence[Mapping[str, Any]] = ()
    specs: Sequence[Mapping[str, Any]] = ()
    amount: tuple[str, str] | None = None
    status_history: Sequence[Mapping[str, Any]] | None = None
    # events
    event_type: str | None = None
    participants: Sequence[Mapping[str, Any]] = ()
    outcomes: str | None = None
    links: Sequence[Mapping[str, Any]] | None = None

    @classmethod
    def of(cls, record: Record, /) -> FormValues:
        """The form's values for a stored record (to open it for editing)."""
        data = record.to_dict()
        rows = editor_rows(record)
        common: dict[str, Any] = {
            "kind": record.kind,
            "title": record.title,
            "sectors": list(data.get("sectors", [])),
            "countries": list(data.get("countries", [])),
            "start": DateParts.of(record.start),
            "end": DateParts.of(record.end),
            "notes": record.notes or "",
            "draft": record.draft,
            "sources": rows["sources"],
            "locations": data.get("locations", []),
        }
        if isinstance(record, Project):
            return cls(
                **common,
                status=record.status.value,
                status_date=DateParts.of(record.status_date),
                organisations=rows["organisations"],
                specs=rows["specs"],
                amount=amount_texts(record.amount),
                status_history=status_rows(record),
            )
        return cls(
            **common,
            event_type=record.event_type.value,
            participants=rows["participants"],
            outcomes=outcomes_text(record.outcomes),
            links=link_rows(record),
        )


@dataclass(frozen=True)
class FormResult:
    """A validated record, or ``None`` and the problems by field."""

    record: Record | None
    errors: FieldErrors = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.record is not None and not self.errors


_PROJECT_ONLY = ("status", "status_date", "organisations", "amount", "specs", "status_history")
_EVENT_ONLY = ("event_type", "participants", "outcomes", "links")


def build_record(
    values: FormValues,
    /,
    *,
    base: Record | None = None,
    projects: Collection[str] | None = None,
) -> FormResult:
    """Validate form values into a record, collecting every problem by field.

    Parameters
    ----------
    values
        What the form holds.
    base
        The stored record being edited: it keeps its id, and the fields the form does not show
        (an amount, status history, outcomes or links left None in ``values``) are kept from
        it; its status history also tells whether the Status box was changed
        (:func:`current_status`).
    projects
        The ids an event's links may point to (the stored projects); None accepts any id.
    """
    errors: FieldErrors = {}
    kind = str(values.kind)
    if kind not in (RecordKind.PROJECT, RecordKind.EVENT):
        return FormResult(None, {"kind": f"choose project or event, not {kind!r}"})
    if base is not None and base.kind != kind:
        errors["kind"] = f"a stored {base.kind} cannot become {_article(kind)}"
    data: dict[str, Any] = base.to_dict() if base is not None and base.kind == kind else {}
    for name in _EVENT_ONLY if kind == RecordKind.PROJECT else _PROJECT_ONLY:
        data.pop(name, None)
    data.update(
        kind=kind,
        title=values.title,
        sectors=list(values.sectors),
        countries=list(values.countries),
        notes=values.notes.strip() or None,
        draft=bool(values.draft),
        sources=source_rows(values.sources),
        locations=[dict(location) for location in values.locations],
    )
    dates = {"start": values.start, "end": values.end}
    if kind == RecordKind.PROJECT:
        dates["status_date"] = values.status_date
        data.update(
            status=values.status or "unknown",
            organisations=organisation_rows(values.organisations),
            specs=spec_rows(values.specs),
        )
        history = base.status_history if isinstance(base, Project) else []
        if values.status_history is not None:
            history, history_errors = status_history_of(
                values.status_history, sources=known_sources(base, data["sources"])
            )
            errors.update(history_errors)
            data["status_history"] = [change.model_dump(mode="json") for change in history]
            data["status"] = current_status(data["status"], history, base=base)
    else:
        data.update(
            event_type=values.event_type, participants=participant_rows(values.participants)
        )
    for name, parts in dates.items():
        try:
            date = parts.to_date()
        except DateError as err:
            errors[name] = err.reason
            date = None
        data[name] = str(date) if date is not None else None
    if kind == RecordKind.PROJECT and not history and data["status_date"] is not None:
        history = first_history(data["status"], data["status_date"], base)
        data["status_history"] = [change.model_dump(mode="json") for change in history]
    if kind == RecordKind.PROJECT and data["status_date"] is None and "status_date" not in errors:
        errors.update(undated_status(data["status"], history))
    if base is not None:
        data["id"] = base.id
    elif values.title.strip():
        data["id"] = make_id(kind, " ".join(values.title.split()))
    data = {key: value for key, value in data.items() if value is not None}
    model = Project if kind == RecordKind.PROJECT else Event
    try:
        record: Record | None = model.model_validate(data)
    except pydantic.ValidationError as err:
        record = None
        for name, message in form_errors(err):
            errors.setdefault(name, message)  # a date's own problem says more than the model's
    if "title" in errors:
        errors.pop("id", None)  # a new record's id comes from its title
    parts, part_errors = _parts(values, projects=projects)
    errors.update(part_errors)
    if errors or record is None:
        return FormResult(None, errors)
    if parts:
        record, errors = _with_parts(record, parts)
    return FormResult(record, errors)


def _parts(
    values: FormValues, /, *, projects: Collection[str] | None
) -> tuple[dict[str, Any], FieldErrors]:
    """The amount (a project) or outcomes and links (an event) ``values`` give, and problems;
    those left None are not included."""
    parts: dict[str, Any] = {}
    errors: FieldErrors = {}
    if str(values.kind) == RecordKind.PROJECT:
        if values.amount is not None:
            parts["amount"], errors = amount_of(*values.amount)
        return parts, errors
    if values.outcomes is not None:
        parts["outcomes"] = outcomes_of(values.outcomes)
    if values.links is not None:
        parts["links"], errors = links_of(values.links, projects=projects)
    return parts, errors


def _with_parts(record: Record, parts: Mapping[str, Any], /) -> tuple[Record | None, FieldErrors]:
    """``record`` with ``parts`` (a None or empty one removed), validated again as a whole:
    the record, or None and the problem by field."""
    data = record.to_dict()
    for name, value in parts.items():
        data.pop(name, None)
        if value:
            data[name] = value
    try:
        return record_from_dict(data), {}
    except ValidationError as err:
        return None, {str(err.field or "record").split(".")[0]: err.reason}


def _article(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"
