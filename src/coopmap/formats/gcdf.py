"""AidData's Global Chinese Development Finance dataset (GCDF 3.0, and the 2.0 release): its
rows as projects, placed from its location files.

The dataset comes as a workbook (or CSV) with one row per project, as GeoGCDF GeoJSON files
(one per project, the workbook's columns as properties spelt with dots for spaces, and the
project's site as a polygon) and as ADM1/ADM2 location files (CSV: the regions each project
touches, one row per project and region). None is named by its extension: :func:`recognise`
reads a file's header (or its first properties) and knows each by its columns, matched ignoring
case, spaces, dots and underscores and knowing the 2.0 release's names
(:mod:`~coopmap.formats.gcdf_files`, which also reads the location and GeoGCDF files).

A row becomes a :class:`~coopmap.model.Project`, its sectors, status, country and dates read
by :mod:`~coopmap.formats.values` as any file's are:

- ``id`` is ``gcdf-`` and the "AidData Record ID" (:func:`aiddata_id` gives it back);
- title, "Sector Code" (or the 2.0 sector name) as a sector, "Status" mapped to coopmap's,
  "Recipient ISO-3" (or the recipient's name) as the country;
- organisations from the ``|``-separated agency columns in their roles (:data:`AGENCIES`), the
  types of the "... Type" columns, in the same order, kept in the notes;
- the amount in its original currency (or in nominal USD), the constant-USD figure as a spec;
- start and end from the actual implementation dates (``MM/DD/YYYY``) or the years, each at its
  precision, and the status history they tell with the commitment date (agreed, under
  construction, completed) when it ends in the row's status;
- sources from "Source URLs", "Source Titles" and "Source Publishers", paired in order;
- "Umbrella" and "Recommended For Aggregates" as the tags :data:`UMBRELLA` and
  :data:`FOR_AGGREGATES`, which ``coopmap export --tag``/``--without-tag`` filter by;
- the description, the parent id and what the reading decided in the notes, and with
  ``keep_unmapped`` every other column as ``column: value``.

Places, in order of preference: the GeoGCDF geometry for the project's id, the regions of the
ADM location files (ADM2 before ADM1; the point at each region's centroid), the places that
:mod:`coopmap.reports.toponyms` finds in the "Location Narrative", geocoded in the recipient
country (the notes name them; the outcomes are counted as any geocoded name), else the recipient
country's outline. The location and GeoGCDF files are read with the GCDF file they complete
(:func:`group`, which ``coopmap import`` applies to all its files); a location file alone is an
error, a GeoGCDF file alone gives its own projects.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry
from shapely.geometry import mapping

from coopmap.dates import PartialDate
from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.gcdf_files import (
    ALIASES,
    ID,
    Feature,
    Places,
    canonical,
    group,
    key,
    kind_of,
    read_features,
    record_id_of,
)
from coopmap.formats.limits import check_cell, max_cell
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.placing import geocode_name, location_data
from coopmap.formats.reading import Row, label
from coopmap.formats.tables import cell_text, read_table
from coopmap.formats.values import country_of, date_from, sector_of, status_from
from coopmap.model import record_from_dict
from coopmap.taxonomy import GeometrySource, Precision, Role, Sector, Status

if TYPE_CHECKING:
    from coopmap.places import Place

__all__ = [
    "AGENCIES",
    "ALIASES",
    "FOR_AGGREGATES",
    "PREFIX",
    "REQUIRED",
    "UMBRELLA",
    "aiddata_id",
    "group",
    "key",
    "recognise",
    "rows",
]

log = logging.getLogger(__name__)

PREFIX = "gcdf-"
"""What a GCDF project's coopmap id starts with, before its AidData Record ID."""

UMBRELLA = "umbrella"
"""The tag of a row whose "Umbrella" is Yes: an umbrella agreement, not a project of its own."""

FOR_AGGREGATES = "recommended-for-aggregates"
"""The tag of a row whose "Recommended For Aggregates" is Yes."""

TITLE = key("Title")

REQUIRED: tuple[tuple[str, ...], ...] = (
    ("AidData Record ID",),
    ("Title",),
    ("Status",),
    ("Sector Code", "Sector Name"),
    ("Recipient ISO-3", "Recipient"),
)
"""The columns a GCDF file must have: one of each group (the first is the 3.0 name)."""

AGENCIES: tuple[tuple[str, str, Role], ...] = (
    ("Funding Agencies", "Funding Agencies Type", Role.FUNDER),
    ("Cofinancing Agencies", "Cofinancing Agencies Type", Role.FUNDER),
    ("Implementing Agencies", "Implementing Agencies Type", Role.CONTRACTOR),
    ("Direct Receiving Agencies", "Direct Receiving Agencies Type", Role.PARTNER),
    ("Indirect Receiving Agencies", "Indirect Receiving Agencies Type", Role.PARTNER),
    ("Guarantor", "Guarantor Agency Type", Role.PARTNER),
    ("Insurance Provider", "Insurance Provider Agency Type", Role.PARTNER),
    ("Collateral Provider", "Collateral Provider Agency Type", Role.PARTNER),
    ("Security Agent/Collateral Agent", "Security Agent/Collateral Agent Type", Role.PARTNER),
)
"""Each column of agencies, the column of their types, and the role the agencies get."""

_PRECISIONS = (
    ("precise", Precision.EXACT),
    ("approximate", Precision.NEAR),
    ("adm2", Precision.ADMIN2),
    ("adm1", Precision.ADMIN1),
    ("country", Precision.COUNTRY),
)
_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,100}$")
_LINK = re.compile(r"^(https?://|urn:|doi:)", re.IGNORECASE)


def aiddata_id(record_id: str, /) -> str | None:
    """The AidData Record ID of a coopmap id that GCDF gave (``gcdf-1234`` -> ``1234``)."""
    return record_id.removeprefix(PREFIX) if record_id.startswith(PREFIX) else None


# --- recognising the files ------------------------------------------------------------------------


def recognise(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> bool:
    """Whether ``path`` is a GCDF file: its table, a GeoGCDF file or an ADM location file."""
    return kind_of(Path(path), options) is not None


# --- reading --------------------------------------------------------------------------------------


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The projects of a GCDF table or GeoGCDF file, placed from ``options.companions`` (the
    location and GeoGCDF files read with it); :class:`RecordImportError` for an ADM location
    file read alone, a file missing a required column, or a file that cannot be read."""
    path = Path(path)
    kind = kind_of(path, options)
    if kind == "locations":
        raise RecordImportError(
            str(path),
            [
                ValidationError(
                    "an ADM location file of AidData's GCDF gives the regions of the projects "
                    "of a GCDF file, not projects: import it with that file, as in coopmap "
                    f"import GCDF.xlsx {path.name}"
                )
            ],
        )
    places = Places.read(
        [Path(companion) for companion in options.companions if Path(companion) != path]
    )
    if kind == "features":
        features = read_features(path)
        places.add_features(features)
        return _feature_rows(features, places, options, source=str(path))
    table = read_table(path, sheet=options.sheet)
    headers = _header(table.header, source=table.source)
    return _table_rows(table.rows, headers, places, options)


def _header(header: list[str], *, source: str) -> list[tuple[str, str]]:
    """``(column key, header as written)`` for each header cell; the file is refused when a
    required column is missing or a column appears twice."""
    columns = [(canonical(written), written) for written in header]
    errors = _missing({column for column, _ in columns})
    seen: set[str] = set()
    for column, written in columns:
        if column and column in seen:
            errors.append(
                ValidationError("the column appears twice", record="row 1 (header)", field=written)
            )
        seen.add(column)
    if errors:
        raise RecordImportError(source, errors)
    return columns


def _missing(keys: set[str]) -> list[ValidationError]:
    errors = []
    for names in REQUIRED:
        if not any(key(name) in keys for name in names):
            other = f" (nor {', '.join(repr(n) for n in names[1:])})" if names[1:] else ""
            errors.append(
                ValidationError(
                    f"the GCDF column is missing{other}",
                    record="row 1 (header)",
                    field=names[0],
                )
            )
    return errors


def _table_rows(
    cells: Iterator[tuple[str, list[str]]],
    columns: list[tuple[str, str]],
    places: Places,
    options: ReadOptions,
) -> Iterator[Row]:
    headers = dict(columns)
    for where, values in cells:
        if len(values) > len(columns) and any(value.strip() for value in values[len(columns) :]):
            error = ValidationError(
                f"{len(values)} cells but the header has {len(columns)} columns", record=where
            )
            yield Row(where, errors=[error])
            continue
        data = {
            column: value.strip()
            for (column, _), value in zip(columns, values, strict=False)
            if column and value.strip()
        }
        yield project_row(data, where=where, headers=headers, places=places, options=options)


def _feature_rows(
    features: list[Feature],
    places: Places,
    options: ReadOptions,
    *,
    source: str,
) -> Iterator[Row]:
    done: set[str] = set()
    for where, properties, _ in features:
        data = {canonical(name): cell_text(value) for name, value in properties.items()}
        data = {column: text for column, text in data.items() if text}
        if ID not in data and data.get("id"):
            data[ID] = data["id"]
        record_id = record_id_of(data.get(ID, ""))
        if record_id and record_id in done:
            continue  # one project's several features: its locations
        done.add(record_id)
        missing = _missing(set(data) | {key(name) for name in _FEATURE_OPTIONAL})
        if missing:
            named = label(where, record_id)
            errors = [ValidationError(e.reason, record=named, field=e.field) for e in missing]
            yield Row(where, record_id, errors=errors)
            continue
        headers = {canonical(name): name for name in properties}
        yield project_row(data, where=where, headers=headers, places=places, options=options)
    log.info("read %d GeoGCDF projects from %s", len(done), source)


# A GeoGCDF feature's properties may leave these out when empty.
_FEATURE_OPTIONAL = ("Status", "Recipient ISO-3")


# --- one row --------------------------------------------------------------------------------------


@dataclass
class _Draft:
    """What a row is becoming: the record's data, its notes and its errors."""

    where: str
    name: str
    headers: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[ValidationError] = field(default_factory=list)

    def fail(self, column: str, reason: str) -> None:
        field_name = self.headers.get(key(column), column)
        self.errors.append(ValidationError(reason, record=self.name, field=field_name))

    def note(self, column: str, text: str | None = None) -> None:
        if text:
            self.notes.append(f"{column}: {text}")


def project_row(
    cells: dict[str, str],
    /,
    *,
    where: str,
    headers: dict[str, str],
    places: Places,
    options: ReadOptions = DEFAULT,
) -> Row:
    """The project of one GCDF row (``cells`` by column :func:`key`), or the row's errors."""
    raw_id = record_id_of(cells.get(ID, ""))
    record_id = PREFIX + raw_id
    name = record_id if raw_id else None
    draft = _Draft(where, label(where, name), headers)
    if not _ID.match(raw_id):
        draft.fail("AidData Record ID", f"{raw_id!r} is not a record id" if raw_id else "is empty")
    draft.data |= {"id": record_id, "kind": "project", "title": cells.get(TITLE, "")}
    limit = max_cell()
    for column, text in cells.items():
        if reason := check_cell(text, limit=limit):
            draft.fail(column, reason)
    if draft.errors:  # nothing more of a row with an oversized cell is read
        return Row(where, name, errors=draft.errors)

    def cell(column: str) -> str:
        return cells.get(key(column), "")

    draft.notes.append(cell("Description"))
    draft.note("AidData Record ID", raw_id)
    draft.note("AidData Parent ID", cell("AidData Parent ID"))
    _status(cell("Status"), draft)
    _sectors(cell("Sector Code"), cell("Sector Name"), draft)
    countries = _countries(cell("Recipient ISO-3"), cell("Recipient"), draft)
    _organisations(cell, draft)
    _amount(cell, draft)
    _dates(cell, draft)
    _sources(cell, draft)
    _tags(cell, draft)
    result = Row(where, name)
    _place(raw_id, countries, cell, places, options, draft, result)
    if options.keep_unmapped:
        used = _USED | {key(name) for names in REQUIRED for name in names}
        for column, text in cells.items():
            if column not in used:
                draft.note(headers.get(column, column), text)
    draft.data["notes"] = "\n".join(line for line in draft.notes if line) or None
    if not draft.errors:
        try:
            result.record = record_from_dict(draft.data, where=where)
        except ValidationError as err:
            draft.errors.append(err)
    result.errors = draft.errors
    return result


_USED = {
    key(name)
    for name in (
        "Description", "AidData Parent ID", "Amount (Original Currency)", "Original Currency",
        "Amount (Nominal USD)", "Amount (Constant USD 2021)", "Amount (Constant USD2017)",
        "Commitment Date (MM/DD/YYYY)", "Commitment Year",
        "Actual Implementation Start Date (MM/DD/YYYY)", "Implementation Start Year",
        "Actual Completion Date (MM/DD/YYYY)", "Completion Year", "Source URLs",
        "Source Titles", "Source Publishers", "Umbrella", "Recommended For Aggregates",
        "Location Narrative", "Geographic Level of Precision Available", "id",
        *(name for names in AGENCIES for name in names[:2]),
    )
}  # fmt: skip


def _status(text: str, draft: _Draft) -> None:
    if text:
        try:
            draft.data["status"] = status_from(text, field="Status").value
        except ValidationError as err:
            draft.fail("Status", err.reason)


def _sectors(code: str, name: str, draft: _Draft) -> None:
    """The sector of the CRS code (or name); one coopmap has no sector for is ``other``."""
    draft.note("Sector", " ".join(part for part in (code, name) if part))
    code = code.removesuffix(".0")
    if code and not code.isdigit():
        draft.fail("Sector Code", f"{code!r} is not a CRS sector code (three digits)")
        return
    sector = sector_of(code or name) if code or name else None
    draft.data["sectors"] = [(sector or Sector.OTHER).value]


def _countries(iso3: str, name: str, draft: _Draft) -> list[str]:
    """The recipient's alpha-2 code, from its ISO-3 code or its name; none for a region."""
    country = country_of(iso3 or name) if iso3 or name else None
    if iso3 and country is None:
        if not re.fullmatch(r"X[A-Z]{2}", iso3.upper()):
            draft.fail("Recipient ISO-3", f"{iso3!r} is not an ISO 3166-1 alpha-3 country code")
            return []
        # A code left for users to assign (XKX, Kosovo's usual one): kept, no country.
        draft.note("Recipient ISO-3", f"{iso3}, which ISO 3166-1 does not assign")
    if country is None:
        draft.note("Recipient", name or "not given")
        return []
    draft.data["countries"] = [country]
    return [country]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|")]


def _organisations(cell: Callable[[str], str], draft: _Draft) -> None:
    organisations: list[dict[str, str]] = []
    for column, type_column, role in AGENCIES:
        names, types = _split(cell(column)), _split(cell(type_column))
        if not cell(column):
            continue
        typed = []
        for name, kind in itertools.zip_longest(names, types if cell(type_column) else []):
            if not name:
                continue
            entry = {"name": name, "role": role.value}
            if entry not in organisations:
                organisations.append(entry)
            if kind:
                typed.append(f"{name} ({kind})")
        if len(types) > len(names):
            typed.append(f"and the types {' | '.join(types[len(names) :])}")
        draft.note(column, "; ".join(typed))
    draft.data["organisations"] = organisations


def _number(text: str, column: str, draft: _Draft) -> float | None:
    if not text:
        return None
    plain = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) else text
    try:
        return float(plain)
    except ValueError:
        draft.fail(column, f"{text!r} is not a number (use a dot for decimals)")
        return None


def _amount(cell: Callable[[str], str], draft: _Draft) -> None:
    value = _number(cell("Amount (Original Currency)"), "Amount (Original Currency)", draft)
    currency = cell("Original Currency").upper()
    if value is None:
        value, currency = (
            _number(cell("Amount (Nominal USD)"), "Amount (Nominal USD)", draft),
            "USD",
        )
    if value is not None:
        if pycountry.currencies.get(alpha_3=currency) is None:
            draft.fail(
                "Original Currency",
                f"{currency!r} is not an ISO 4217 currency code" if currency else "is empty",
            )
        else:
            draft.data["amount"] = {"value": value, "currency": currency}
    specs = []
    for column, year in (("Amount (Constant USD 2021)", 2021), ("Amount (Constant USD2017)", 2017)):
        constant = _number(cell(column), column, draft)
        if constant is not None:
            specs.append(
                {"key": f"amount in constant {year} USD", "value": constant, "unit": "USD"}
            )
    draft.data["specs"] = specs


def _date(text: str, column: str, draft: _Draft) -> str | None:
    """A GCDF date (``MM/DD/YYYY``, or as a workbook gives it) or year, at its precision."""
    if not text:
        return None
    try:
        return str(date_from(text, field=column))
    except ValidationError as err:
        draft.fail(column, err.reason)
        return None


def _dates(cell: Callable[[str], str], draft: _Draft) -> None:
    for target, columns in (
        ("start", ("Actual Implementation Start Date (MM/DD/YYYY)", "Implementation Start Year")),
        ("end", ("Actual Completion Date (MM/DD/YYYY)", "Completion Year")),
        ("committed", ("Commitment Date (MM/DD/YYYY)", "Commitment Year")),
    ):
        found = [_date(cell(column), column, draft) for column in columns]
        value = next((date for date in found if date), None)
        if value and target == "committed":
            draft.note("Committed", value)
        if value:
            draft.data[target] = value
    _history(draft, draft.data.pop("committed", None))


# The statuses a project had on its commitment, start and completion dates.
_STAGES = (
    ("committed", Status.AGREED),
    ("start", Status.UNDER_CONSTRUCTION),
    ("end", Status.COMPLETED),
)
_REACHED = {
    Status.AGREED: 1,
    Status.UNDER_CONSTRUCTION: 2,
    Status.OPERATING: 2,
    Status.SUSPENDED: 2,
    Status.COMPLETED: 3,
}


def _history(draft: _Draft, committed: str | None) -> None:
    """The status history the dates tell, when it ends in the row's status: agreed on the
    commitment date, under construction from the start, completed at the end (an
    announced, cancelled or suspended project, whose change has no date, has none)."""
    status = Status(draft.data.get("status", Status.UNKNOWN))
    dates = {"committed": committed, "start": draft.data.get("start"), "end": draft.data.get("end")}
    history: list[dict[str, str]] = []
    last = None
    for stage, (name, stage_status) in enumerate(_STAGES, 1):
        if stage > _REACHED.get(status, 0) or not dates[name]:
            continue
        try:
            first_day = PartialDate.parse(dates[name]).first_day
        except ValidationError:
            return  # refused already
        if last is None or first_day >= last:
            history.append({"status": stage_status.value, "date": dates[name]})
            last = first_day
    if history and history[-1]["status"] == status:
        draft.data["status_history"] = history


def _sources(cell: Callable[[str], str], draft: _Draft) -> None:
    urls, titles = cell("Source URLs"), cell("Source Titles")
    publishers = cell("Source Publishers")
    sources = []
    for url, title, publisher in itertools.zip_longest(
        _split(urls) if urls else [], _split(titles) if titles else [],
        _split(publishers) if publishers else [],
    ):  # fmt: skip
        if not (url or title):
            continue
        source = {"title": title or url}
        if publisher:
            source["publisher"] = publisher
        if url and _LINK.match(url):
            source["url"] = url
        elif url:
            source["title"] = f"{source['title']} ({url})" if title else url
        sources.append(source)
    draft.data["sources"] = sources


def _tags(cell: Callable[[str], str], draft: _Draft) -> None:
    tags = []
    for column, tag in (("Umbrella", UMBRELLA), ("Recommended For Aggregates", FOR_AGGREGATES)):
        text = cell(column).lower()
        if text in _YES:
            tags.append(tag)
        elif text not in _NO:
            draft.fail(column, f"{cell(column)!r} is not Yes or No")
    draft.data["tags"] = tags


# --- places ---------------------------------------------------------------------------------------


def _place(
    record_id: str,
    countries: list[str],
    cell: Callable[[str], str],
    places: Places,
    options: ReadOptions,
    draft: _Draft,
    result: Row,
) -> None:
    """The project's locations, from the first source that has any (see the module's
    docstring), and a note saying which it was."""
    title = draft.data["title"] or "untitled"
    precision = _precision(cell("Geographic Level of Precision Available"))
    if geometries := places.features.get(record_id):
        result.geometry_field = "geometry"
        draft.data["locations"] = [
            {
                "name": title if len(geometries) == 1 else f"{title} ({number})",
                "geometry": mapping(geometry),
                "precision": precision.value,
                "geometry_source": GeometrySource.IMPORTED.value,
                **({"country": countries[0]} if len(countries) == 1 else {}),
            }
            for number, geometry in enumerate(geometries, 1)
        ]
        draft.note("Places", "the GeoGCDF geometry")
        return
    if regions := places.regions(record_id):
        result.geometry_field = "ADM locations"
        draft.data["locations"] = regions
        level = "ADM2" if regions[0]["precision"] == Precision.ADMIN2 else "ADM1"
        draft.note("Places", f"the {level} regions' centroids")
        return
    if not options.geocode:
        draft.fail(
            "Location Narrative",
            "has no GeoGCDF geometry or ADM region to place it, and geocoding is off",
        )
        return
    narrative = cell("Location Narrative")
    found = _narrative_places(narrative, tuple(countries), result, answers=options.places)
    if found:
        result.geometry_field = draft.headers.get(key("Location Narrative"), "Location Narrative")
        draft.data["locations"] = found
        names = ", ".join(location["name"] for location in found)
        draft.note("Places", f"read from the Location Narrative: {names} (check them)")
        return
    country = _country_location(countries[0]) if len(countries) == 1 else None
    if country is not None:
        result.geometry_field = draft.headers.get(key("Recipient ISO-3"), "Recipient ISO-3")
        draft.data["locations"] = [country]
        draft.note(
            "Places",
            "the recipient country as a whole: no GeoGCDF geometry, ADM region or place in "
            "the Location Narrative",
        )
    else:
        draft.note("Places", "none: no GeoGCDF geometry, ADM region, place or single country")


def _precision(text: str) -> Precision:
    """What GCDF's "Geographic Level of Precision Available" says a site's geometry is."""
    lowered = key(text)
    return next((precision for word, precision in _PRECISIONS if word in lowered), Precision.EXACT)


def _narrative_places(
    text: str,
    countries: tuple[str, ...],
    result: Row,
    *,
    answers: Mapping[str, Place | str],
) -> list[dict[str, Any]]:
    """The places the narrative names in the recipient country, geocoded there (or as the
    user's ``answers`` say, :attr:`ReadOptions.places
    <coopmap.formats.options.ReadOptions.places>`)."""
    if not text:
        return []
    locations = []
    for name in _narrative_names(text):
        outcome = geocode_name(name, countries=countries, answers=answers)
        place = outcome.place
        if place is None:
            continue
        if name not in answers and (  # a person's answer is taken as it is
            (countries and place.country not in countries)
            or place.precision in (Precision.COUNTRY, Precision.UNKNOWN)
        ):
            continue
        result.geocoded.append(
            outcome.at(where=result.where, record=result.name, field="Location Narrative")
        )
        location = location_data(outcome)
        if location not in locations:
            locations.append(location)
    return locations


@functools.lru_cache(maxsize=4096)
def _narrative_names(text: str) -> tuple[str, ...]:
    """The distinct place names the place finder reads in a narrative, in order."""
    from coopmap.reports.toponyms import find_toponyms

    names = [t.name for t in find_toponyms(text) if t.place is not None and not t.demonym]
    return tuple(dict.fromkeys(names))


def _country_location(code: str) -> dict[str, Any] | None:
    from coopmap.places import default_gazetteer, location_from_place

    gazetteer = default_gazetteer()
    place = gazetteer.country(code)
    if place is None:
        return None
    location = location_from_place(place, gazetteer=gazetteer)
    return {**location.model_dump(mode="json"), "geometry": mapping(location.geometry)}
