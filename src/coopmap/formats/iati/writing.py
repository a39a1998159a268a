"""Writing IATI activity files: each project an ``<iati-activity>`` valid against the schema.

The elements come in the schema's order, with codes from the codelists (see
:mod:`~coopmap.formats.iati.vocabulary`). What they cannot say exactly goes into coopmap's
extension element, found by reading the activity back: every field of the record that the
activity without the extension would not give back is written there as JSON, so that reading
the file gives the record again.
"""

from __future__ import annotations

import decimal
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree

from coopmap.dates import PartialDate
from coopmap.errors import ExportError, ValidationError
from coopmap.formats.atomic import write_bytes
from coopmap.formats.iati import vocabulary as v
from coopmap.formats.iati.reading import Found, activity_data
from coopmap.formats.options import ReadOptions
from coopmap.model import Project, Record, latlon_of, record_from_dict
from coopmap.taxonomy import Status

log = logging.getLogger(__name__)

REPORTING_ORG = ("coopmap", "coopmap", "90")
"""The default reporting organisation: (ref, name, OrganisationType code; 90 is "other")."""

_NO_GEOCODING = ReadOptions(geocode=False)


def write(
    records: Iterable[Record],
    path: str | os.PathLike[str],
    /,
    *,
    reporting_org: tuple[str, str, str] = REPORTING_ORG,
) -> None:
    """Write the projects of ``records`` to ``path`` as IATI 2.03 activities.

    Events are not IATI activities: they are left out, with a warning in the log. An
    ``ExportError`` when no project is left (the schema needs one activity at least).
    ``reporting_org`` is the publisher: its organisation identifier, name and type code.
    """
    records = list(records)
    projects = [record for record in records if isinstance(record, Project)]
    if skipped := len(records) - len(projects):
        log.warning(
            "left out %d event(s) of %d records: IATI activity files hold projects only",
            skipped,
            len(records),
        )
    if not projects:
        raise ExportError(path, "IATI XML needs at least one project, and there is none")
    root = activities(projects, reporting_org=reporting_org)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_bytes(path, data)
    log.info("wrote %d IATI activities to %s", len(projects), path)


def activities(
    projects: Sequence[Project], /, *, reporting_org: tuple[str, str, str] = REPORTING_ORG
) -> Any:
    """The ``<iati-activities>`` element of ``projects``."""
    root = etree.Element(
        "iati-activities",
        {"version": v.VERSION, "generated-datetime": v.generated_now()},
        nsmap={"coopmap": v.NAMESPACE},
    )
    for project in projects:
        root.append(activity(project, reporting_org=reporting_org))
    return root


def activity(project: Project, /, *, reporting_org: tuple[str, str, str] = REPORTING_ORG) -> Any:
    """One project as an ``<iati-activity>``, with the extension it needs to read back."""
    element = etree.Element("iati-activity")
    ref, name, kind = reporting_org
    _sub(element, "iati-identifier").text = project.id
    _named(_sub(element, "reporting-org", ref=ref, type=kind), name)
    _named(_sub(element, "title"), project.title)
    _named(_sub(element, "description", type="1"), project.notes or project.title)
    for organisation in project.organisations:
        role = v.ROLE_CODES[organisation.role]
        _named(_sub(element, "participating-org", role=role), organisation.name)
    if not project.organisations:
        _sub(element, "participating-org", role=v.UNNAMED_ROLE)
    _sub(element, "activity-status", code=v.STATUS_CODES[project.status])
    _dates(element, project)
    for country, share in zip(project.countries, _shares(len(project.countries)), strict=True):
        _sub(element, "recipient-country", code=country, **share)
    for location in project.locations:
        _location(element, location)
    for sector, share in zip(project.sectors, _shares(len(project.sectors)), strict=True):
        _sub(element, "sector", vocabulary=v.DAC3, code=v.sector_code(sector), **share)
    _commitment(element, project)
    fields = _unsaid(element, project)
    if fields:
        extension = _sub(element, v.FIELDS)
        # ASCII, so that any character, control characters too, is an escape XML can hold
        extension.text = json.dumps(fields, sort_keys=True, allow_nan=False)
    return element


def _sub(parent: Any, tag: str, /, **attributes: str) -> Any:
    return etree.SubElement(parent, tag, attributes)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF)."""


def _named(element: Any, text: str) -> Any:
    """``element`` with a narrative of ``text``; a character XML cannot hold becomes U+FFFD
    there (and the text, which then reads back otherwise, goes into the extension whole)."""
    _sub(element, "narrative").text = _NOT_XML.sub("\ufffd", text)
    return element


def _decimal(value: float) -> str:
    """A number as ``xsd:decimal`` writes it: its shortest exact digits, never an exponent."""
    return format(decimal.Decimal(repr(float(value))), "f")


def _shares(count: int) -> list[dict[str, str]]:
    """Percentages for ``count`` sectors or countries: none for one, else equal parts of 100."""
    if count < 2:
        return [{}] * count
    part = (decimal.Decimal(100) / count).quantize(decimal.Decimal("0.01"), decimal.ROUND_DOWN)
    last = decimal.Decimal(100) - part * (count - 1)
    return [{"percentage": str(part)}] * (count - 1) + [{"percentage": str(last)}]


def _dates(element: Any, project: Project) -> None:
    if project.start is None and project.end is None:
        placeholder = _placeholder(project)
        date = _sub(element, "activity-date", type=v.PLANNED_START, **{"iso-date": placeholder})
        _named(
            date,
            f"{v.UNKNOWN_DATE} coopmap knows no start or end date of this project; the date "
            "given is the earliest date its record holds, else the day of export.",
        )
        return
    if project.start is not None:
        _date(element, v.start_type(project.status), project.start)
    if project.end is not None:
        _date(element, v.end_type(project.status), project.end)


def _date(element: Any, kind: str, date: PartialDate) -> None:
    written = _sub(element, "activity-date", type=kind, **{"iso-date": date.first_day.isoformat()})
    if note := v.date_note(date):
        _named(written, note)


def _placeholder(project: Project) -> str:
    dates = [change.date for change in project.status_history if change.date]
    dates += [source.date for source in project.sources if source.date]
    if project.status_date:
        dates.append(project.status_date)
    if dates:
        return min(date.first_day for date in dates).isoformat()
    return v.generated_now()[:10]


def _location(element: Any, location: Any) -> None:
    place = _sub(element, "location")
    if location.gazetteer_id is not None:
        _sub(place, "location-id", vocabulary=v.GEONAMES, code=str(location.gazetteer_id))
    _named(_sub(place, "name"), location.name)
    if location.country:
        _sub(place, "administrative", vocabulary=v.ISO_COUNTRY, code=location.country)
    lat, lon = latlon_of(location.geometry)
    point = _sub(place, "point", srsName=v.WGS84)
    _sub(point, "pos").text = f"{_decimal(lat)} {_decimal(lon)}"  # IATI: latitude first
    exactness, klass, feature = v.PLACE_CODES[location.precision]
    _sub(place, "exactness", code=exactness)
    if klass is not None:
        _sub(place, "location-class", code=klass)
    if feature is not None:
        _sub(place, "feature-designation", code=feature)


def _commitment(element: Any, project: Project) -> None:
    """The amount as an outgoing commitment, dated when the project was agreed (else when it
    started, else its status date); without any such date it stays in the extension."""
    if project.amount is None:
        return
    agreed = [c.date for c in project.status_history if c.status is Status.AGREED and c.date]
    date = next((d for d in [*agreed, project.start, project.status_date] if d), None)
    if date is None:
        return
    transaction = _sub(element, "transaction")
    _sub(transaction, "transaction-type", code=v.COMMITMENT)
    day = date.first_day.isoformat()
    _sub(transaction, "transaction-date", **{"iso-date": day})
    value = _sub(transaction, "value", currency=project.amount.currency, **{"value-date": day})
    value.text = _decimal(project.amount.value)
    if note := v.date_note(date):
        _named(_sub(transaction, "description"), note)


def _unsaid(element: Any, project: Project) -> dict[str, Any]:
    """The fields of ``project`` that ``element`` would not give back, as they are (``None``
    for a field the record leaves out)."""
    wanted = project.to_dict()
    try:
        given = record_from_dict(activity_data(element, Found(), options=_NO_GEOCODING))
    except ValidationError:
        return wanted
    said = given.to_dict()
    return {
        key: wanted.get(key)
        for key in sorted(wanted.keys() | said.keys())
        if wanted.get(key) != said.get(key)
    }
