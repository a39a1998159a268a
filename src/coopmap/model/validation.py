"""From dicts to records, and pydantic's errors in coopmap's words.

:func:`record_from_dict` (and :func:`records_from_dicts`, :func:`validate_update`) validates
and raises :class:`coopmap.errors.ValidationError` (or a subclass) naming the record, the field
and the reason; :func:`field_errors`, :func:`error_reason` and :func:`first_reason` read a
pydantic error the same way for callers that report it themselves.

This is the one place where pydantic's errors become coopmap's: most checks of a field run in
pydantic's core, whose messages are its own, so a failure whose input holds a NUL character is
named as :func:`~coopmap.model.values.refuse_nul` names it, on the field that holds the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from coopmap.errors import UnknownSectorError, UnknownStatusError, ValidationError
from coopmap.model.records import Event, Project, Record
from coopmap.model.values import NUL_REASON, has_nul
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
    kind = data.get("kind")
    if kind not in _KINDS:
        raise ValidationError(
            f"kind must be one of {', '.join(_KINDS)}, got {kind!r}",
            record=_record_name(data, where),
            field="kind",
        )
    try:
        return _KINDS[kind].model_validate(data)
    except pydantic.ValidationError as err:
        raise _convert(err, record=_record_name(data, where)) from err


def _record_name(data: dict[str, Any], where: str | None) -> str:
    """How errors name the record of ``data`` (its id or title, and ``where`` it is)."""
    name = str(data.get("id") or data.get("title") or where or "?")
    return f"{where} ({name})" if where and where != name else name


def validate_update(record: Record, /, **changes: Any) -> Record:
    """A copy of ``record`` with ``changes`` applied and validated."""
    return record_from_dict({**record.to_dict(), **changes}, where=record.id)


def _convert(err: pydantic.ValidationError, *, record: str) -> ValidationError:
    errors = _errors(err)
    first = errors[0]
    field = _field_name(_loc(first))
    original = (first.get("ctx") or {}).get("error")
    if isinstance(original, ValidationError) and not _is_nul(first):
        # A check of the whole record names its field itself.
        field = original.field if not first["loc"] and original.field else field
        return type(original)(original.reason, record=record, field=field)
    if len(errors) > 1:
        reasons = "; ".join(f"{_field_name(_loc(e))}: {error_reason(e)}" for e in errors)
        return ValidationError(reasons, record=record)
    return ValidationError(error_reason(first), record=record, field=field)


def _is_nul(error: Mapping[str, Any]) -> bool:
    """Whether the failure is of text with a NUL character, whatever check found it, but for
    a sector or status: their vocabularies name an unknown value themselves, as they always
    did."""
    original = (error.get("ctx") or {}).get("error")
    return has_nul(error.get("input")) and not isinstance(
        original, UnknownSectorError | UnknownStatusError
    )


def _loc(error: Mapping[str, Any]) -> tuple[Any, ...]:
    """Where a failure is: for a NUL character the field holding the text, not its item
    (``outcomes``, not ``outcomes.0``), as the field's own check named it."""
    loc = tuple(error["loc"])
    if _is_nul(error):
        while loc and isinstance(loc[-1], int):
            loc = loc[:-1]
    return loc


def _errors(err: pydantic.ValidationError) -> list[Any]:
    """The failures of ``err``, each named once (two items of a list with a NUL character in
    each are one failure of the list, as its own check found)."""
    found: dict[tuple[tuple[Any, ...], str], Any] = {}
    for error in err.errors():
        found.setdefault((_loc(error), error_reason(error)), error)
    return list(found.values())


def error_reason(error: Mapping[str, Any], /) -> str:
    """The reason one pydantic error gives, in coopmap's words: a coopmap check's own reason,
    the reason of :func:`~coopmap.model.values.refuse_nul` for text with a NUL character, else
    pydantic's message without its ``Value error,`` prefix."""
    if _is_nul(error):
        return NUL_REASON
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
    return [(_field_name(_loc(error)), error_reason(error)) for error in _errors(err)]


def first_reason(err: pydantic.ValidationError, /) -> str:
    """The reason of a pydantic error's first failure (:func:`error_reason`)."""
    return error_reason(err.errors()[0])
