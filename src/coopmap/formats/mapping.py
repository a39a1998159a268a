"""A file's columns mapped onto coopmap's: the header of a table or the fields of a GIS layer.

Each column of a file becomes one of coopmap's columns (:data:`~coopmap.formats.columns.COLUMNS`)
or is ignored. :func:`map_header` decides, once per file (or layer), before any row is read:

1. A mapping the user gives (``coopmap import --map "Project name=title"``, repeatable, or
   ``--mapping FILE``; :attr:`ReadOptions.columns <coopmap.formats.options.ReadOptions>`) maps
   the columns it names; the file must have each of them. Mapping a column to ``""`` ignores
   it on purpose.
2. Every other column matches a coopmap column by its header, ignoring case, spaces and
   punctuation ("Start date" is ``start``, "Sector.Name" is ``sectors``), or by a common
   synonym (:data:`SYNONYMS`: name and project are ``title``, latitude and y ``lat``, country
   code and ISO ``countries``, place, city and site ``location``, CRS code ``crs_codes``...).
   A column a user mapped to a coopmap column takes that column from any other that matches it.
3. What is left is ignored and listed (:attr:`ColumnMapping.ignored`; the CLI shows the list),
   or with :attr:`~coopmap.formats.options.ReadOptions.keep_unmapped` kept in each record's
   notes as ``column: value`` lines.

What stops a file, with one error each, before any row is read:

- no column is the title: the file is in a layout coopmap does not know, and one error (the
  only one) lists the columns found, what each was matched to (or seems meant for) and how to
  map them;
- two columns for one coopmap column (``lat`` and ``latitude``);
- a mapping naming a column the file lacks, or a coopmap column that does not exist;
- without a mapping, a header one typing slip away from a coopmap column or synonym
  ("sectros", "lattitude"): its values were meant for coopmap and would be lost without a
  word. Other unknown columns are only listed as ignored: a sheet made for something else
  carries columns of its own ("Colour", "Budget line"), and refusing it for them would make
  the user delete them before importing. With a mapping the user has looked at the columns,
  so nothing is refused for its name.

A mapping is kept for re-use as a TOML file (:func:`read_mapping`, :func:`write_mapping`)::

    # optional: keep the columns the mapping does not place in the notes
    keep_unmapped = true

    [columns]
    "Project name" = "title"
    "Country" = "countries"
    "Internal code" = ""      # ignored
"""

from __future__ import annotations

import itertools
import os
import tomllib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.atomic import atomic_writer
from coopmap.formats.columns import COLUMNS
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Row
from coopmap.formats.values import key

__all__ = [
    "SYNONYMS",
    "ColumnMapping",
    "MappedRows",
    "column_for",
    "map_header",
    "mapping_from_pairs",
    "read_mapping",
    "write_mapping",
]

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("identifier", "project id", "record id", "iati identifier"),
    "kind": ("record kind", "record type"),
    "title": ("name", "project", "project name", "project title", "activity title"),
    "sectors": ("sector", "sector name", "sector names"),
    "crs_codes": ("crs", "crs code", "sector code", "sector codes", "purpose code", "dac code"),
    "status": ("project status", "activity status", "stage"),
    "status_date": ("status as of", "as of"),
    "event_type": ("type of event",),
    "start": ("start date", "start year", "date", "year", "begin", "date start"),
    "end": ("end date", "end year", "completion date", "completion year", "finish"),
    "countries": (
        "country", "country code", "country codes", "country name", "iso", "iso2", "iso3",
        "iso code", "recipient country",
    ),
    "location": (
        "locations", "place", "places", "place name", "city", "town", "site", "site name",
        "location name",
    ),
    "precision": ("location precision", "geographic precision", "geographical precision"),
    "lat": ("latitude", "y"),
    "lon": ("longitude", "lng", "long", "x"),
    "wkt": ("geometry", "geom"),
    "organisations": ("organisation", "organizations", "organization", "agency", "agencies"),
    "specs": ("specifications",),
    "amount": ("value", "cost", "budget"),
    "currency": ("currency code",),
    "sources": ("source", "source url", "source urls", "url", "reference", "references"),
    "notes": ("note", "description", "comment", "comments", "remarks"),
}  # fmt: skip

SYNONYMS: dict[str, str] = {
    key(name): column
    for column in COLUMNS
    for name in (column, column.replace("_", " "), *_SYNONYMS.get(column, ()))
}
"""Every header coopmap recognises, in :func:`~coopmap.formats.values.key` form (no case,
spaces or punctuation), to the column it means: each column's own name and its synonyms."""

HEADER = "row 1 (header)"


def column_for(header: str, /) -> str | None:
    """The coopmap column a header names (``"Project name"`` -> ``title``), or ``None``."""
    return SYNONYMS.get(key(header))


# --- the mapping of one file ------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """How the columns of one file (or layer) map onto coopmap's.

    ``header`` holds the columns as the file spells them and ``columns`` the coopmap column of
    each (``None``: ignored), position by position. ``skipped`` are the format's own fields
    (KML's ``visibility``), neither read nor listed.
    """

    source: str
    header: tuple[str, ...]
    columns: tuple[str | None, ...]
    keep_unmapped: bool = False
    skipped: frozenset[int] = frozenset()
    dropped: frozenset[int] = frozenset()
    """Positions the user's mapping ignores on purpose (mapped to ``""``)."""
    renamed: frozenset[int] = frozenset()
    """Positions the format itself names otherwise (KML's ``start_date``), which messages
    call by coopmap's name."""

    @property
    def mapped(self) -> dict[str, str]:
        """Each mapped column as written, to its coopmap column."""
        return {
            written: column
            for written, column in zip(self.header, self.columns, strict=True)
            if column
        }

    @property
    def headers(self) -> dict[str, str]:
        """Each coopmap column to its header as written, as messages name it."""
        return {
            column: column if i in self.renamed else written
            for i, (written, column) in enumerate(zip(self.header, self.columns, strict=True))
            if column
        }

    @property
    def ignored(self) -> tuple[str, ...]:
        """The columns that are not read (blank headers as ``column N``)."""
        return tuple(self._name(i) for i in self._unmapped() if i not in self.dropped)

    def cells(self, values: Sequence[str], /) -> dict[str, str]:
        """A row's cells (in the header's order) by coopmap column; with ``keep_unmapped``
        the ignored columns' values are added to the notes as ``column: value`` lines."""
        cells = {
            column: value
            for column, value in zip(self.columns, values, strict=False)
            if column is not None
        }
        if self.keep_unmapped:
            kept = [
                f"{self._name(i)}: {values[i]}"
                for i in self._unmapped()
                if i not in self.dropped and i < len(values) and values[i]
            ]
            if kept:
                cells["notes"] = "\n".join(filter(None, [cells.get("notes", ""), *kept]))
        return cells

    def _unmapped(self) -> Iterator[int]:
        return (
            i for i, column in enumerate(self.columns) if column is None and i not in self.skipped
        )

    def _name(self, position: int) -> str:
        return self.header[position].strip() or f"column {position + 1}"


class MappedRows(Iterator[Row]):
    """Rows that remember the mapping (or mappings, one per layer) they were read with, for
    :func:`~coopmap.formats.read_file` to pass on in its
    :attr:`~coopmap.formats.reading.Reading.mappings`."""

    def __init__(self, rows: Iterable[Row], mappings: Iterable[ColumnMapping]) -> None:
        self._rows = iter(rows)
        self.mappings = list(mappings)

    def __next__(self) -> Row:
        return next(self._rows)

    @classmethod
    def chain(cls, parts: Iterable[MappedRows]) -> MappedRows:
        """One stream of the rows of several layers, in order, with all their mappings."""
        parts = list(parts)
        return cls(
            itertools.chain.from_iterable(parts), [m for part in parts for m in part.mappings]
        )


def map_header(
    header: Sequence[str],
    /,
    *,
    source: str,
    where: str = HEADER,
    columns: Collection[str] = COLUMNS,
    options: ReadOptions = DEFAULT,
    fixed: Mapping[str, str] | None = None,
    skip: Collection[str] = frozenset(),
) -> ColumnMapping:
    """The mapping of a file's ``header`` onto ``columns``, as the module docstring says.

    ``fixed`` maps the format's own names for columns (KML's ``Name`` is the title), ``skip``
    names the format's own fields; ``where`` names the header in errors. Raises
    :class:`RecordImportError` with every problem of the header.
    """
    given = dict(options.columns)
    fixed = fixed or {}
    found: list[str | None] = [None] * len(header)
    errors: list[ValidationError] = []
    skipped = frozenset(i for i, written in enumerate(header) if written in skip)
    dropped: set[int] = set()
    renamed = frozenset(i for i, written in enumerate(header) if written in fixed)

    def error(reason: str, written: str) -> None:
        errors.append(ValidationError(reason, record=where, field=written))

    claimed: dict[str, int] = {}
    for written, wanted in given.items():
        position = _position(header, written)
        column = column_for(wanted) if wanted.strip() else None
        if position is None:
            error(f"the mapping names this column, the file has none; {_listed(header)}", written)
        elif wanted.strip() and column not in columns:
            error(f"is mapped to {wanted!r}, which is not one of {', '.join(columns)}", written)
        elif column is None:
            dropped.add(position)
        elif column in claimed:
            error(f"is mapped to {column}, as {header[claimed[column]]!r} is", written)
        else:
            found[position], claimed[column] = column, position
    slips: dict[int, str] = {}  # headers one typing slip from a column, without a mapping
    for position, written in enumerate(header):
        if position in skipped or position in dropped or found[position] is not None:
            continue
        column = fixed.get(written) or column_for(written)
        if column in columns and column not in claimed:
            found[position] = column
        elif column is None and not given and (near := _near(written, columns)):
            slips[position] = near
    if "title" in columns and "title" not in found:  # one error says it all
        mapping = ColumnMapping(source, tuple(header), tuple(found), skipped=skipped)
        raise RecordImportError(source, [*errors, _unknown_layout(mapping, columns, where, slips)])
    for position, near in slips.items():
        written = header[position]
        error(
            f"not a column coopmap knows: did you mean {near!r}? Rename it, or map it "
            f'(--map "{written}={near}", or --map "{written}=" to ignore it)',
            written,
        )
    seen: dict[str, int] = {}
    for position, column in enumerate(found):
        if column is None:
            continue
        if column in seen:
            error(
                f"the column appears twice: {header[seen[column]]!r} is {column} too; map one "
                f'of them (--map "{header[position]}=" ignores it)',
                header[position],
            )
        seen.setdefault(column, position)
    mapping = ColumnMapping(
        source,
        tuple(header),
        tuple(found),
        keep_unmapped=options.keep_unmapped,
        skipped=skipped,
        dropped=frozenset(dropped),
        renamed=renamed,
    )
    if errors:
        raise RecordImportError(source, errors)
    return mapping


def _position(header: Sequence[str], written: str) -> int | None:
    """Where a column a mapping names is: spelt exactly, else the same but for case, spaces
    and punctuation."""
    for match in (lambda h: h == written, lambda h: h.strip() == written.strip(),
                  lambda h: key(h) == key(written) and key(h)):  # fmt: skip
        for position, name in enumerate(header):
            if match(name):
                return position
    return None


def _near(written: str, columns: Collection[str]) -> str | None:
    """The coopmap column a header seems meant for, one typing slip away, or ``None``."""
    typed = key(written)
    if len(typed) < 5:
        return None
    for name, column in SYNONYMS.items():
        if column in columns and len(name) >= 5 and _one_slip(typed, name):
            return column
    return None


def _one_slip(typed: str, name: str) -> bool:
    """Whether ``typed`` is ``name`` with one letter wrong, missing, extra or swapped with the
    next; digits added at the end ("notes2") are a column of its own, not a slip."""
    if typed.rstrip("0123456789") == name or abs(len(typed) - len(name)) > 1:
        return False
    if len(typed) == len(name):
        wrong = [i for i, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
        return len(wrong) == 1 or (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and typed[wrong[0]] == name[wrong[1]]
            and typed[wrong[1]] == name[wrong[0]]
        )
    shorter, longer = sorted((typed, name), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _unknown_layout(
    mapping: ColumnMapping, columns: Collection[str], where: str, slips: Mapping[int, str]
) -> ValidationError:
    """The one error for a file none of whose columns is the title."""
    found = ", ".join(
        f"{name!r} ({column or _unrecognised(slips.get(i))})"
        for i, (name, column) in enumerate(zip(mapping.header, mapping.columns, strict=True))
        if i not in mapping.skipped
    )
    example = next(
        (name for name, column in zip(mapping.header, mapping.columns, strict=True) if not column),
        mapping.header[0] if mapping.header else "Name",
    )
    return ValidationError(
        f"no column is the title, so the file's layout is not one coopmap knows. Its columns: "
        f"{found or 'none'}. Map the column that holds each record's title, and any other "
        f'coopmap does not recognise: --map "{example}=title" (repeat --map for each column), '
        f'or --mapping FILE, a TOML file with [columns] "{example}" = "title". coopmap\'s '
        f"columns: {', '.join(columns)}",
        record=where,
        field="title",
    )


def _unrecognised(near: str | None) -> str:
    return f"not recognised; {near}?" if near else "not recognised"


def _listed(header: Sequence[str]) -> str:
    return "its columns are " + ", ".join(repr(name) for name in header)


# --- mappings as the user gives them --------------------------------------------------------------


def mapping_from_pairs(pairs: Iterable[str], /) -> dict[str, str]:
    """A mapping from ``SOURCE=FIELD`` texts (``--map``): the file's column, the coopmap column
    (empty: ignore the column). The last ``=`` separates them, so a column's name may hold one.

    Raises :class:`ValidationError` for a text without ``=`` or naming no coopmap column.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        source, equals, target = pair.rpartition("=")
        if not equals or not source.strip():
            raise ValidationError(
                f"--map {pair!r}: write the file's column, '=', and a coopmap column "
                '(--map "Project name=title")',
                field="map",
            )
        mapping[source] = _target(target, f"--map {pair!r}")
    return mapping


def _target(text: str, origin: str) -> str:
    """A coopmap column as a mapping names it (its name, or a synonym), ``""`` for none."""
    if not text.strip():
        return ""
    column = column_for(text)
    if column is None:
        raise ValidationError(
            f"{origin}: {text!r} is not a coopmap column; the columns are {', '.join(COLUMNS)} "
            "(or nothing, to ignore the file's column)",
            field="map",
        )
    return column


@dataclass(frozen=True)
class SavedMapping:
    """A mapping as a TOML file keeps it."""

    columns: dict[str, str] = field(default_factory=dict)
    keep_unmapped: bool = False


def read_mapping(path: str | os.PathLike[str], /) -> SavedMapping:
    """The mapping a TOML file keeps (the module docstring shows its shape).

    Raises :class:`ValidationError` naming the file and what is wrong with it.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise ValidationError(f"{path}: not a TOML mapping file: {err}", field="mapping") from err
    except UnicodeDecodeError as err:
        raise ValidationError(f"{path}: not UTF-8 text: {err}", field="mapping") from err

    def wrong(reason: str) -> ValidationError:
        return ValidationError(f"{path}: {reason}", field="mapping")

    unknown = set(data) - {"columns", "keep_unmapped"}
    if unknown:
        raise wrong(
            f"unknown key(s) {', '.join(sorted(unknown))}; a mapping has a [columns] table "
            "and optionally keep_unmapped"
        )
    columns = data.get("columns")
    if not isinstance(columns, dict) or not all(
        isinstance(value, str) for value in columns.values()
    ):
        raise wrong('needs a [columns] table of "file column" = "coopmap column" lines')
    keep = data.get("keep_unmapped", False)
    if not isinstance(keep, bool):
        raise wrong("keep_unmapped must be true or false")
    return SavedMapping(
        {source: _target(target, str(path)) for source, target in columns.items()}, keep
    )


def write_mapping(
    path: str | os.PathLike[str],
    columns: Mapping[str, str],
    /,
    *,
    keep_unmapped: bool = False,
) -> Path:
    """Write a mapping (file column -> coopmap column, ``""`` to ignore) as TOML that
    :func:`read_mapping` reads back; the file is replaced only once written whole."""
    import tomli_w

    path = Path(path)
    text = tomli_w.dumps({"keep_unmapped": keep_unmapped, "columns": dict(columns)})
    with atomic_writer(path) as handle:
        handle.write(
            "# A coopmap column mapping: each column of a file, as its header spells it, to the\n"
            '# coopmap column it holds ("" ignores it). coopmap import --mapping THIS_FILE\n' + text
        )
    return path
