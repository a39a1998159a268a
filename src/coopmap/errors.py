"""The exceptions coopmap raises.

Every error derives from :class:`CoopmapError` and from the nearest builtin, so callers can catch
either ``CoopmapError`` or, say, ``ValueError``.
"""

from __future__ import annotations


class CoopmapError(Exception):
    """Root of every coopmap error."""


class ValidationError(CoopmapError, ValueError):
    """A record or a field failed validation.

    ``record`` names the record (its id or title, or a row number), ``field`` the field, and
    ``reason`` says what is wrong; ``str()`` puts the three together.
    """

    def __init__(self, reason: str, *, record: str | None = None, field: str | None = None):
        self.reason = reason
        self.record = record
        self.field = field
        where = " ".join(
            part
            for part in (f"record {record}" if record else "", f"field {field!r}" if field else "")
            if part
        )
        super().__init__(f"{where}: {reason}" if where else reason)


class UnknownSectorError(ValidationError):
    """A sector slug that is not in the taxonomy."""


class UnknownStatusError(ValidationError):
    """A status that is not one of the known ones."""


class DateError(ValidationError):
    """A date that is not a day, month or year date."""


class GazetteerError(CoopmapError, RuntimeError):
    """The offline gazetteer could not be built or read."""


class StoreError(CoopmapError, RuntimeError):
    """The store could not be opened, read or written."""


class UnknownStoreError(StoreError, ValueError):
    """No store backend handles the given path or URL."""


class ConflictError(StoreError):
    """An edit was based on an older version of the record than the one stored."""


class RecordNotFoundError(StoreError, KeyError):
    """No record with the given id."""
