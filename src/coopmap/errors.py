"""The exceptions coopmap raises.

Every error derives from :class:`CoopmapError` and from the nearest builtin, so callers can catch
either ``CoopmapError`` or, say, ``ValueError``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

#: How many problems an import error lists before it says "and N more".
MAX_LISTED = 50


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


class MissingStoreError(StoreError):
    """There is no store where one was to be opened (and it was not to be created)."""

    def __init__(self, location: str, /):
        self.location = location
        super().__init__(f"there is no store at {location}; create one with create=True")


class StoreBusyError(StoreError):
    """Another program held the store for longer than the store waits for it (its timeout).

    Nothing is wrong with the store: the same call is likely to work a moment later.
    """


class UnknownStoreError(StoreError, ValueError):
    """No store backend handles the given path or URL."""


class ConflictError(StoreError):
    """An edit was based on an older version of the record than the one stored."""


class RecordNotFoundError(StoreError, KeyError):
    """No record with the given id."""

    __str__ = StoreError.__str__  # the message itself, not KeyError's quoted repr of it


class DuplicateRecordError(ConflictError, ValueError):
    """Records were added with ids that are already stored (or repeated in the batch)."""

    def __init__(self, ids: Iterable[str], *, reason: str = "already in the store") -> None:
        self.ids = list(ids)
        shown = ", ".join(self.ids[:10]) + (
            f" and {len(self.ids) - 10} more" if len(self.ids) > 10 else ""
        )
        noun = "record" if len(self.ids) == 1 else "records"
        super().__init__(f"{noun} {shown} {reason}; pass replace=True to update them")


class RecordImportError(ValidationError):
    """A file had invalid rows or features; ``errors`` holds one error for each."""

    def __init__(self, source: str, errors: Sequence[ValidationError]) -> None:
        self.source = source
        self.errors = list(errors)
        count = len(self.errors)
        lines = [f"  {error}" for error in self.errors[:MAX_LISTED]]
        if count > MAX_LISTED:
            lines.append(f"  ... and {count - MAX_LISTED} more")
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in {source}:\n" + "\n".join(lines))


class UnknownFormatError(CoopmapError, ValueError):
    """No exporter or importer handles the requested format or file extension."""


class ExportError(CoopmapError, OSError):
    """A file could not be written: a full disk, a file too large, no permission, no such folder.

    ``filename`` is the file as the caller named it and ``strerror`` the reason; ``str()`` is
    ``cannot write FILE: REASON``. Nothing is left at ``filename`` by the failed write: the file
    that was there before, if any, is unchanged.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, errno: int | None = None) -> None:
        super().__init__(errno, reason, os.fspath(path))

    def __str__(self) -> str:
        return f"cannot write {self.filename}: {self.strerror}"

    def __reduce__(self) -> tuple:  # OSError's would pass (errno, reason) as (path, reason)
        return (type(self), (self.filename, self.strerror, self.errno))


class PermissionDeniedError(CoopmapError, PermissionError):
    """Someone asked for a change their role does not allow (a viewer saving a record).

    ``who`` is the acting user's name, ``role`` their role and ``action`` what was refused;
    ``str()`` says which role it needs.
    """

    def __init__(self, who: str, role: str, action: str, needed: str) -> None:
        self.who = who
        self.role = role
        self.action = action
        super().__init__(f"{who} is {_article(role)} {role} and may not {action}: {needed}")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


class UsersFileError(CoopmapError, ValueError):
    """The users file (who may sign in, with which role) cannot be read or holds a bad entry."""
