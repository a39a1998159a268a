"""What people submit through the app's forms, checked before anything is written.

The Records page collects plain values: text, choices, dates as a precision plus the parts that
precision asks for, and tables of rows from data editors. :func:`build_record` turns them into a
record, validated by the model, and reports every problem at once as ``{field: message}`` so that
the page shows each message next to its field instead of raising on the first one. A project's
amount, an event's outcomes and its links are typed as text and rows (:func:`amount_of`,
:func:`outcomes_of`, :func:`links_of`), a project's status history as rows
(:func:`history_of`, :func:`current_status`); the texts a stored record gives the form read back
to the same values, so saving an unchanged record keeps them exactly.

The Data page's upload is previewed by :mod:`coopmap.importers.preview`.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pydantic
from shapely.geometry import shape

from coopmap.dates import DatePrecision, PartialDate
from coopmap.errors import DateError, ValidationError
from coopmap.model import (
    Amount,
    Event,
    Link,
    Location,
    Project,
    Record,
    Source,
    StatusChange,
    make_id,
    record_from_dict,
)
from coopmap.taxonomy import GeometrySource, LinkType, Precision, RecordKind, Status, parse_status

if TYPE_CHECKING:
    from coopmap.places import Gazetteer, Place

log = logging.getLogger(__name__)

FieldErrors = dict[str, str]
"""Problems by form field (a record field name, or ``"record"`` for the whole record)."""

# --- dates --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateParts:
    """A date as a form holds it: a precision and the parts that precision asks for.

    ``precision=None`` means no date. Parts finer than the precision are ignored, so a form that
    still holds a day after the user narrowed the precision to a month never saves that day, and
    a coarse date is never given a made-up day.
    """

    precision: DatePrecision | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, value: PartialDate | str | None, /) -> DateParts:
        """The parts of a stored date (``None`` gives no date)."""
        if value is None or value == "":
            return cls()
        date = PartialDate.parse(value)
        return cls(date.precision, date.year, date.month, date.day)

    def to_date(self) -> PartialDate | None:
        """The partial date, ``None`` without a precision; :class:`DateError` when a part the
        precision needs is missing or out of range."""
        if self.precision is None:
            return None
        precision = DatePrecision(self.precision)
        if self.year is None:
            raise DateError("enter a year", field="date")
        if precision is DatePrecision.YEAR:
            return PartialDate(int(self.year))
        if self.month is None:
            raise DateError("choose a month", field="date")
        if precision is DatePrecision.MONTH:
            return PartialDate(int(self.year), int(self.month))
        if self.day is None:
            raise DateError("enter a day", field="date")
        return PartialDate(int(self.year), int(self.month), int(self.day))


# --- rows from data editors ---------------------------------------------------------------------


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


def _cell(value: Any) -> Any:
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
        kept = {column: _cell(row.get(column)) for column in columns}
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
            row["value"] = _number(row["value"])
    return cleaned


def _number(text: str) -> int | float | str:
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


# --- amount, outcomes and links -----------------------------------------------------------------

# Group separators people paste in sums of money: spaces (also no-break ones), underscores,
# apostrophes. Commas only between groups of three digits: "1,5" is refused, not read as 15.
_SPACES = re.compile(r"[\s_'\u00a0\u202f]")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")


def amount_texts(amount: Amount | None, /) -> tuple[str, str]:
    """The form's value and currency texts for a stored amount (empty for none)."""
    if amount is None:
        return "", ""
    value = amount.value
    text = f"{int(value):,}" if value.is_integer() else f"{value:,}"
    return text, amount.currency


def parse_number(text: str, /) -> float:
    """A sum as typed: ``1,900,000,000``, ``1 900 000 000``, ``1.9e9``, ``250000.50``.

    Raises :class:`ValueError` with a reason for anything else.
    """
    compact = _SPACES.sub("", text)
    if "," in compact:
        if not _GROUPED.match(compact):
            raise ValueError(
                f"{text!r} is not a number: use a dot for decimals and commas only between "
                "thousands (1,900,000.50)"
            )
        compact = compact.replace(",", "")
    try:
        value = float(compact)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a number; enter digits, such as 1,900,000,000 or 1.9e9"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def amount_of(value_text: str, currency_text: str, /) -> tuple[dict[str, Any] | None, FieldErrors]:
    """The amount the form's two fields give (None when both are empty), and problems.

    Problems of the value go under ``amount``, those of the currency under ``currency``.
    """
    value_text, currency = value_text.strip(), currency_text.strip().upper()
    if not value_text and not currency:
        return None, {}
    errors: FieldErrors = {}
    value: float | None = None
    if not value_text:
        errors["amount"] = f"enter the amount in {currency}, or clear the currency"
    else:
        try:
            value = parse_number(value_text)
        except ValueError as err:
            errors["amount"] = str(err)
    if value is not None and value < 0:
        errors["amount"] = f"an amount cannot be negative ({value_text})"
    if not currency:
        errors["currency"] = "give the amount's currency as an ISO 4217 code: USD, CNY, KZT…"
    else:
        try:
            Amount(value=0, currency=currency)  # the model's own check of the code
        except pydantic.ValidationError as err:
            errors["currency"] = str(err.errors()[0]["msg"]).removeprefix("Value error, ")
    if errors:
        return None, errors
    return Amount(value=value, currency=currency).model_dump(mode="json"), {}


def outcomes_text(outcomes: Iterable[str], /) -> str:
    """The outcomes text area's text: one outcome per line (an outcome holds no line break)."""
    return "\n".join(outcomes)


def outcomes_of(text: str, /) -> list[str]:
    """The outcomes of the text area: its non-blank lines, spacing tidied as the model does."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


LINK_COLUMNS = ("type", "project")


def link_rows(record: Record | None, /) -> list[dict[str, Any]]:
    """An event's links as rows of the links editor: the link type and the project's id."""
    if not isinstance(record, Event):
        return []
    return [{"type": link.type.value, "project": link.project} for link in record.links]


def link_type_label(value: str, /) -> str:
    """``signed_at`` as ``signed at``."""
    return str(value).replace("_", " ")


def project_labels(records: Iterable[Record], /, *, also: Iterable[str] = ()) -> dict[str, str]:
    """The projects a link can point to, by id, each labelled by its title, in title order.

    A title several projects share is followed by the id; ``also`` are ids an event already
    links to that are not stored projects (kept, so that an unchanged save keeps them).
    """
    projects = sorted(
        (r for r in records if isinstance(r, Project)), key=lambda r: (r.title.casefold(), r.id)
    )
    shared = Counter(project.title for project in projects)
    labels = {
        project.id: project.title
        if shared[project.title] == 1
        else f"{project.title} ({project.id})"
        for project in projects
    }
    for id in also:
        labels.setdefault(id, f"{id} (not in the store)")
    return labels


def links_of(
    rows: Iterable[Mapping[str, Any]], /, *, projects: Collection[str] | None = None
) -> tuple[list[dict[str, Any]], FieldErrors]:
    """The links of the editor's rows, and problems (under ``links``, by row).

    ``projects`` are the ids a link may point to (the keys of :func:`project_labels`); None
    accepts any id.
    """
    links: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, row in enumerate(clean_rows(rows, columns=LINK_COLUMNS), 1):
        kind, project = row.get("type"), row.get("project")
        if kind is None:
            problems.append(f"row {number}: choose how the event relates to the project")
        elif kind not in set(LinkType):
            problems.append(f"row {number}: unknown link type {kind!r}")
        if project is None:
            problems.append(f"row {number}: choose the project")
        elif projects is not None and project not in projects:
            problems.append(f"row {number}: no stored project has the id {project!r}")
        if kind is not None and project is not None:
            links.append({"type": kind, "project": project})
    if problems:
        return [], {"links": "; ".join(problems)}
    try:
        return [Link.model_validate(link).model_dump(mode="json") for link in links], {}
    except pydantic.ValidationError as err:
        return [], {"links": str(err.errors()[0]["msg"]).removeprefix("Value error, ")}


# --- status history -----------------------------------------------------------------------------

HISTORY_COLUMNS = ("status", "since", "source_title", "source_link")
_HISTORY_LABELS = {"title": "source title", "url": "source link"}


def history_rows(record: Record | None, /) -> list[dict[str, Any]]:
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


def history_of(
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
    for number, row in enumerate(clean_rows(rows, columns=HISTORY_COLUMNS), 1):
        change, reasons = _history_entry(row, known)
        problems += [f"status history row {number}: {reason}" for reason in reasons]
        if change is not None:
            changes.append(change)
    if problems:
        return [], {"status_history": "; ".join(problems)}
    try:
        Project._history_in_order(changes)  # the model's rule, so the form says what it says
    except ValueError as err:
        return [], {"status_history": f"status history: {err}"}
    return changes, {}


def _source_key(title: Any, url: Any) -> tuple[str, str | None]:
    return " ".join(str(title or "").split()), (str(url).strip() or None) if url else None


def _history_entry(
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
                name = _HISTORY_LABELS.get(str(error["loc"][0]), "source") if error["loc"] else ""
                reasons.append(f"{name}: {_message(error)}")
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


# --- locations ----------------------------------------------------------------------------------


def place_location(
    place: Place, /, *, name: str | None = None, gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """A location dict for a gazetteer answer (countries drawn as their shape)."""
    from coopmap.places import location_from_place

    location = location_from_place(place, name=name, gazetteer=gazetteer)
    return location.model_dump(mode="json")


DRAWABLE = ("LineString", "Polygon")


def drawn_location(
    geometry: Mapping[str, Any],
    /,
    *,
    name: str,
    place: Place | None = None,
    precision: Precision | str = Precision.NEAR,
) -> dict[str, Any]:
    """A location dict for a line or polygon drawn on the map.

    ``place`` (the geocoded place it belongs to, if any) gives the resolved name and country;
    the geometry is the drawing, marked ``geometry_source='drawn'``. Raises
    :class:`ValidationError` (field ``location``) for anything but a valid line or polygon.
    """
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    if kind not in DRAWABLE:
        raise ValidationError(f"draw a line or an area, not {kind or 'nothing'}", field="location")
    try:
        location = Location(
            name=name,
            geometry=shape(geometry),
            precision=Precision(precision),
            resolved_name=place.name if place is not None else None,
            country=place.country if place is not None else None,
            geometry_source=GeometrySource.DRAWN,
        )
    except (ValueError, TypeError, AttributeError, IndexError) as err:
        reason = err.errors()[0]["msg"] if isinstance(err, pydantic.ValidationError) else str(err)
        raise ValidationError(
            f"the drawing cannot be used: {reason.removeprefix('Value error, ')}",
            field="location",
        ) from err
    return location.model_dump(mode="json")


# --- the record form ----------------------------------------------------------------------------


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
                status_history=history_rows(record),
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
_ROW_LISTS = {"organisations", "participants", "specs", "sources"}


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
            history, history_errors = history_of(
                values.status_history, sources=_known_sources(base, data["sources"])
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
    if kind == RecordKind.PROJECT and data["status_date"] is None and "status_date" not in errors:
        errors.update(_undated_status(data["status"], history))
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
        for name, message in _field_errors(err):
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


def _undated_status(status: str, history: Sequence[StatusChange], /) -> FieldErrors:
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


def _known_sources(
    base: Record | None, sources: Iterable[Mapping[str, Any]], /
) -> list[Mapping[str, Any]]:
    """The sources a status history row may name by title and link: those of the stored
    history first (so an unchanged row reads back exactly), then the form's sources."""
    stored = base.status_history if isinstance(base, Project) else []
    return [
        *(change.source.model_dump(mode="json") for change in stored if change.source),
        *sources,
    ]


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


def _field_errors(err: pydantic.ValidationError) -> list[tuple[str, str]]:
    """``(form field, message)`` for each problem; messages of one field are joined."""
    found: dict[str, list[str]] = {}
    for error in err.errors():
        loc = error["loc"]
        name = str(loc[0]) if loc else "record"
        original = (error.get("ctx") or {}).get("error")
        if not loc and isinstance(original, ValidationError) and original.field:
            name = str(original.field).split(".")[0]  # a check of the whole record names it
        where = _where(name, loc[1:])
        message = _message(error)
        found.setdefault(name, []).append(f"{where}: {message}" if where else message)
    return [(name, "; ".join(messages)) for name, messages in found.items()]


def _where(name: str, rest: tuple[Any, ...]) -> str:
    """``row 2, url`` for a problem inside a list field; empty for a plain field."""
    if not rest:
        return ""
    parts = []
    if isinstance(rest[0], int):
        noun = "row" if name in _ROW_LISTS else name.rstrip("s")
        parts.append(f"{noun} {rest[0] + 1}")
        rest = rest[1:]
    parts += [str(part) for part in rest]
    return ", ".join(parts)


def _message(error: Mapping[str, Any]) -> str:
    original = (error.get("ctx") or {}).get("error")
    if isinstance(original, ValidationError):
        return original.reason
    if error.get("type") == "missing":
        return "required"
    return str(error["msg"]).removeprefix("Value error, ")
