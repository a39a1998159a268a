"""From dicts to records, and pydantic's errors in coopmap's words.

:func:`record_from_dict` (and :func:`records_from_dicts`, :func:`validate_update`) validates
and raises :class:`coopmap.errors.ValidationError` (or a subclass) naming the record, the field
and the reason; :func:`field_errors`, :func:`error_reason` and :func:`first_reason` read a
pydantic error the same way for callers that report it themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from coopmap.errors import ValidationError
from coopmap.model.records import Event, Project, Record
from coopmap.taxonomy import RecordKind

__all__ = [
    "error_reason",
    "field_errors",
    "first_reason",
    "record_from_dict",
    "records_from_dicts",
    "validate_update",
]


_KINDS: dict[str, type[Project] | type[Event]] = {
    RecordKind.PROJECT: Project,
    RecordKind.EVENT: Event,
}


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "record"


def record_from_dict(data: dict[str, Any], /, *, where: str | None = None) -> Record:
    """Validate a dict into a :class:`Project` or :class:`Event`.

    ``where`` names the record in errors when it has no id yet (a row number, a file name).
    Raises :class:`ValidationError` (or a subclass such as ``UnknownSectorError``) naming the
    record, the field and the reason.

    Examples
    --------
    >>> from coopmap import record_from_dict
    >>> record_from_dict({"kind": "project", "id": "pj-x", "title": "X", "sectors": ["rail"]})
    Traceback (most recent call last):
    ...
    coopmap.errors.UnknownSectorError: record pj-x field 'sectors': unknown sector 'rail'; ...
    """
    name = str(data.get("id") or data.get("title") or where or "?")
    if where and where != name:
        name = f"{where} ({name})"
    kind = data.get("kind")
    if kind not in _KINDS:
        raise ValidationError(
            f"kind must be one of {', '.join(_KINDS)}, got {kind!r}", record=name, field="kind"
        )
    try:
        return _KINDS[kind].model_validate(data)
    except pydantic.ValidationError as err:
        raise _convert(err, record=name) from err


def validate_update(record: Record, /, **changes: Any) -> Record:
    """A copy of ``record`` with ``changes`` applied and validated."""
    return record_from_dict({**record.to_dict(), **changes}, where=record.id)


def _convert(err: pydantic.ValidationError, *, record: str) -> ValidationError:
    first = err.errors()[0]
    field = _field_name(first["loc"])
    original = (first.get("ctx") or {}).get("error")
    reasons = "; ".join(f"{_field_name(e['loc'])}: {error_reason(e)}" for e in err.errors())
    if isinstance(original, ValidationError):
        # A check of the whole record names its field itself.
        field = original.field if not first["loc"] and original.field else field
        return type(original)(original.reason, record=record, field=field)
    reason = error_reason(first) if len(err.errors()) == 1 else reasons
    return ValidationError(reason, record=record, field=field if len(err.errors()) == 1 else None)


def error_reason(error: Mapping[str, Any], /) -> str:
    """The reason one pydantic error gives, in coopmap's words: a coopmap check's own reason,
    else pydantic's message without its ``Value error,`` prefix."""
    original = (error.get("ctx") or {}).get("error")
    if isinstance(original, ValidationError):
        return original.reason
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def records_from_dicts(items: Iterable[dict[str, Any]]) -> list[Record]:
    """Validate many dicts, naming each failure by its position."""
    return [record_from_dict(item, where=f"#{index}") for index, item in enumerate(items, 1)]


def field_errors(err: pydantic.ValidationError, /) -> list[tuple[str, str]]:
    """``(field, reason)`` for each failure in a pydantic error, named as errors here name them.

    :func:`record_from_dict` folds several failures into one error; an importer that reports
    one line per field unfolds its cause with this.
    """
    return [(_field_name(error["loc"]), error_reason(error)) for error in err.errors()]


def first_reason(err: pydantic.ValidationError, /) -> str:
    """The reason of a pydantic error's first failure (:func:`error_reason`)."""
    return error_reason(err.errors()[0])
