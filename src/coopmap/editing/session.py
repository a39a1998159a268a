"""The record form's state machine, over a mutable mapping (the app's Streamlit session state).

A form is *opened* on a stored record or empty for a new one (:meth:`FormSession.open`); its
widgets hold the values under keys that carry a generation number (``rf3_title``): opening
another record or starting afresh bumps it, so every widget, table and the drawing map start
from the new values instead of keeping the old ones. Besides the widgets the state holds:

==============  =================================================================================
rf_gen          the generation
rf_base         the record being edited as a dict (None for a new one), as read when opened
rf_version      its stored version then: saving is refused if the store moved on
rf_rows         the tables' starting rows (organisations, specs, links, status history ...)
rf_linked       ids the record's links pointed to when opened (kept as choices if not stored)
rf_locations    the locations the record has (a new place or drawing is added on save)
rf_drawing      a drawn GeoJSON geometry waiting to be saved; rf_drawing_seen the last one read
rf_errors       problems by field after a failed save; rf_notice the last outcome
rf_error_values what each field's widgets held then: a problem is no longer shown once they change
rf_pick         the record chosen in the picker ("" for a new one)
==============  =================================================================================

Nothing here draws a widget or writes to a store: the app draws the fields from these values
and saves through :func:`coopmap.services.save_record`, then tells the session what happened.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any

from coopmap.dates import DatePrecision
from coopmap.editing.dates import DateParts
from coopmap.editing.links import project_labels
from coopmap.editing.problems import FieldErrors
from coopmap.editing.record import FormValues
from coopmap.editing.rows import editor_rows
from coopmap.model import Project, Record, record_from_dict

DATES = ("start", "end", "status_date")
"""The form's dates, each held as a precision and its parts."""

Rows = Callable[[str], list[dict[str, Any]]]
"""What a table shows now, by the table's name (its starting rows with the user's edits)."""


_MISSING = "\0missing"
"""What an absent widget holds, for comparing what widgets held then and now."""
_DATE_PARTS = ("precision", "year", "month", "day")
_WIDGETS_OF = {
    "location": ("place",),
    "locations": ("place",),
    "amount": ("amount_value", "amount_currency"),
    "currency": ("amount_value", "amount_currency"),
}
"""Fields given by widgets of other names."""
_NOT_A_WIDGET = frozenset({"record", "id"})


class FormSession:
    """The record form's state in ``state`` (a mapping that lives across the page's reruns)."""

    def __init__(self, state: MutableMapping[str, Any], /):
        self.state = state

    # --- keys and what was opened

    def key(self, name: str, /) -> str:
        """The key of the widget ``name`` in the current generation."""
        return f"rf{self.state.get('rf_gen', 0)}_{name}"

    def get(self, name: str, /, default: Any = None) -> Any:
        """The current value of the widget ``name``."""
        value = self.state.get(self.key(name))
        return default if value is None else value

    def open(self, record: Record | None, /, *, version: int | None, kind: str = "project") -> None:
        """Fill the form with ``record`` as stored at ``version`` (``None``: an empty form for
        a new ``kind``); every widget starts afresh."""
        ss = self.state
        ss["rf_gen"] = ss.get("rf_gen", 0) + 1
        values = FormValues.of(record) if record is not None else FormValues(kind=kind)
        ss["rf_base"] = record.to_dict() if record is not None else None
        ss["rf_version"] = version if record is not None else None
        ss["rf_rows"] = {
            **editor_rows(record),
            "links": list(values.links or ()),
            "status_history": list(values.status_history or ()),
        }
        ss["rf_linked"] = [row["project"] for row in ss["rf_rows"]["links"]]
        ss["rf_locations"] = list(values.locations)
        ss["rf_drawing"] = None
        ss["rf_drawing_seen"] = None
        ss["rf_errors"] = {}
        ss["rf_error_values"] = {}
        for name in ("kind", "title", "notes", "draft", "status", "event_type"):
            ss[self.key(name)] = getattr(values, name)
        ss[self.key("sectors")] = list(values.sectors)
        ss[self.key("countries")] = list(values.countries)
        ss[self.key("amount_value")], ss[self.key("amount_currency")] = values.amount or ("", "")
        ss[self.key("outcomes")] = values.outcomes or ""
        for name in DATES:
            parts: DateParts = getattr(values, name)
            ss[self.key(f"{name}_precision")] = parts.precision.value if parts.precision else ""
            ss[self.key(f"{name}_year")] = parts.year
            ss[self.key(f"{name}_month")] = parts.month
            ss[self.key(f"{name}_day")] = parts.day

    @property
    def is_open(self) -> bool:
        return "rf_gen" in self.state

    def base(self) -> Record | None:
        """The stored record being edited, as it was when opened (None for a new one)."""
        data = self.state.get("rf_base")
        return record_from_dict(data) if data else None

    @property
    def version(self) -> int | None:
        """The stored version of the record being edited when it was opened."""
        return self.state.get("rf_version")

    def starting_rows(self, name: str, /) -> list[dict[str, Any]]:
        """The rows the table ``name`` started from when the form was opened."""
        return self.state["rf_rows"][name]

    # --- what the form holds

    def date(self, name: str, /) -> DateParts:
        precision = self.get(f"{name}_precision") or None
        return DateParts(
            DatePrecision(precision) if precision else None,
            self.get(f"{name}_year"),
            self.get(f"{name}_month"),
            self.get(f"{name}_day"),
        )

    def place_query(self) -> str:
        """The place typed to add, with its spacing tidied."""
        return " ".join(str(self.get("place", "")).split())

    def kept_locations(self) -> list[dict[str, Any]]:
        """The record's locations less those the user chose to remove."""
        removed = set(self.get("remove_locations", []))
        return [
            loc for i, loc in enumerate(self.state.get("rf_locations") or []) if i not in removed
        ]

    def values(self, rows: Rows, /, *, new_location: Mapping[str, Any] | None) -> FormValues:
        """What the form holds, with ``new_location`` (a geocoded place or a drawing) added."""
        locations = self.kept_locations()
        if new_location is not None:
            locations.append(dict(new_location))
        return FormValues(
            kind=self.get("kind", "project"),
            title=str(self.get("title", "")),
            sectors=list(self.get("sectors", [])),
            countries=list(self.get("countries", [])),
            start=self.date("start"),
            end=self.date("end"),
            notes=str(self.get("notes", "")),
            draft=bool(self.get("draft")),
            sources=rows("sources"),
            locations=locations,
            status=self.get("status") or "unknown",
            status_date=self.date("status_date"),
            organisations=rows("organisations"),
            specs=rows("specs"),
            amount=(str(self.get("amount_value", "")), str(self.get("amount_currency", ""))),
            status_history=rows("status_history"),
            event_type=self.get("event_type"),
            participants=rows("participants"),
            outcomes=str(self.get("outcomes", "")),
            links=rows("links"),
        )

    def preview(self, new_location: Mapping[str, Any] | None, /) -> Record | None:
        """A record to draw on the form's map (and check its places against its countries):
        its countries and locations so far, ``new_location`` added (None when they do not make
        a record)."""
        locations = self.kept_locations()
        if new_location is not None:
            locations.append(dict(new_location))
        try:
            return Project(
                id="draft",
                title=self.get("title") or "New record",
                sectors=list(self.get("sectors", [])) or ["other"],
                countries=list(self.get("countries", [])),
                locations=locations,
            )
        except ValueError:
            return None

    def link_choices(self, records: Iterable[Record], /) -> dict[str, str]:
        """The projects a link may point to, id to label: the stored ones, and those the
        record linked to when opened."""
        return project_labels(records, also=self.state.get("rf_linked") or ())

    # --- the drawing waiting to be saved

    @property
    def drawing(self) -> dict[str, Any] | None:
        return self.state.get("rf_drawing")

    def take_drawing(self, geometry: Mapping[str, Any] | None, /) -> bool:
        """Keep a geometry the map returned as the drawing to save, unless it is the one read
        last (the map returns its last drawing on every rerun). True when it is new."""
        if geometry is None:
            return False
        seen = json.dumps(geometry, sort_keys=True)
        if seen == self.state.get("rf_drawing_seen"):
            return False
        self.state["rf_drawing_seen"] = seen
        self.state["rf_drawing"] = dict(geometry)
        return True

    def discard_drawing(self) -> None:
        self.state["rf_drawing"] = None

    # --- outcomes

    @property
    def errors(self) -> FieldErrors:
        """The problems of the last failed save, but for those of fields whose widgets the
        user changed since (a problem with no widget of its own stays until the next save)."""
        errors = self.state.get("rf_errors") or {}
        then = self.state.get("rf_error_values") or {}
        return {
            name: message
            for name, message in errors.items()
            if name not in then
            or all(self.state.get(k, _MISSING) == v for k, v in then[name].items())
        }

    def fail(self, errors: FieldErrors, /) -> None:
        """Say why nothing was saved, by field (``record`` for the whole record)."""
        self.state["rf_errors"] = dict(errors) or {"record": "the record is not valid"}
        self.state["rf_error_values"] = {
            name: {k: copy.deepcopy(self.state.get(k, _MISSING)) for k in keys}
            for name in self.state["rf_errors"]
            if (keys := self._widget_keys(name))
        }
        self.state["rf_notice"] = None

    def _widget_keys(self, name: str, /) -> list[str]:
        """The keys of the widgets that give field ``name`` (none for a whole-record problem
        or one of a field with no widget of its own)."""
        if name in _NOT_A_WIDGET:
            return []
        names = [name, *(f"{name}_{part}" for part in _DATE_PARTS), *_WIDGETS_OF.get(name, ())]
        return [self.key(widget) for widget in names]

    @property
    def notice(self) -> tuple[str, str] | None:
        return self.state.get("rf_notice")

    def tell(self, text: str | None, /, *, level: str = "success") -> None:
        self.state["rf_notice"] = (level, text) if text else None

    def conflict_message(self, record: Record, stored_version: int | None, /) -> str:
        """Why a save that raced another edit of the same record was refused."""
        return (
            f"Not saved: '{record.title}' was changed by someone else after you opened it "
            f"(you opened version {self.version}, the store now has version {stored_version}). "
            "Saving would overwrite their edit. Copy what you need, then reload the record to "
            "see their version and apply your changes to it."
        )
