"""Reading IATI activity files: each ``<iati-activity>`` a project, read leniently.

The file is parsed with a parser that fetches nothing and expands no entity, then validated
against the vendored 2.03 schema: each place it breaks the schema is a warning naming the
activity and the element, and so is a code that is not in its codelist. What an activity
cannot give (an identifier, a title, a date, a point, an amount) is an error naming it, which
rejects that activity alone.

Leniently read: a status, role or sector code outside its codelist is ``unknown``, ``partner``
or ``other``; a recipient-country that is no ISO code is left out; a location without a point is
looked up by its name in the offline gazetteer (with ``options.geocode``), else left out; only
the commitments of one currency are added up. Each is a warning.
"""

from __future__ import annotations

import dataclasses
import decimal
import hashlib
import logging
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycountry
from lxml import etree

from coopmap.errors import RecordImportError, ValidationError
from coopmap.formats.iati import vocabulary as v
from coopmap.formats.limits import JSONLimitError, load_json
from coopmap.formats.options import DEFAULT, ReadOptions
from coopmap.formats.reading import Problem, Row, label
from coopmap.model import point_from_latlon, record_from_dict
from coopmap.taxonomy import GeometrySource, Role, Sector, Status

log = logging.getLogger(__name__)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def rows(path: str | os.PathLike[str], /, options: ReadOptions = DEFAULT) -> Iterator[Row]:
    """The activities of an IATI file; :class:`RecordImportError` when it is not IATI XML."""
    path = Path(path)
    source = str(path)
    tree = _parse(path)
    root = tree.getroot()
    if root.tag != "iati-activities":
        name = etree.QName(root)
        where = f" in the namespace {name.namespace}" if name.namespace else ""
        raise _refused(
            source,
            f"an XML file, but not IATI activities: its root element is <{name.localname}>"
            f"{where}, an IATI activity file's is <iati-activities> in no namespace",
        )
    activities = root.findall("iati-activity")
    if not activities:
        raise _refused(source, "the file holds no <iati-activity>")
    by_activity, file_warnings = _schema_warnings(tree, activities)
    version = root.get("version")
    if version != v.VERSION:
        file_warnings.append(
            Problem(
                f"the file says IATI version {version!r}; coopmap reads it as {v.VERSION}",
                field="version",
                level="warning",
            )
        )
    return _rows(activities, by_activity, file_warnings, options)


def _refused(source: str, reason: str) -> RecordImportError:
    return RecordImportError(source, [ValidationError(reason)])


def _parse(path: Path) -> Any:
    source = str(path)
    try:
        tree = etree.parse(source, v.parser())
    except etree.XMLSyntaxError as err:
        raise _refused(source, f"not an XML file: {err}") from err
    except OSError as err:
        raise _refused(source, f"cannot be read: {err}") from err
    if tree.docinfo.internalDTD is not None:
        raise _refused(
            source,
            "the file has a DOCTYPE declaration, which IATI files do not have and coopmap "
            "does not read (it could define entities)",
        )
    return tree


_ACTIVITY_PATH = re.compile(r"^/iati-activities/iati-activity(?:\[(\d+)\])?(?:/(.*))?$")


def _schema_warnings(
    tree: Any, activities: list[Any]
) -> tuple[dict[int, list[Problem]], list[Problem]]:
    """The schema's complaints, by activity index (0-based), and those about the file."""
    schema = v.schema()
    schema.validate(tree)
    lines = [activity.sourceline or 0 for activity in activities]
    by_activity: dict[int, list[Problem]] = {}
    whole: list[Problem] = []
    for entry in schema.error_log:
        reason = f"does not follow the IATI {v.VERSION} schema: {entry.message}"
        match = _ACTIVITY_PATH.match(entry.path or "")
        if match:
            index, field = int(match[1] or 1) - 1, match[2] or "iati-activity"
        else:
            index = max((i for i, line in enumerate(lines) if line <= entry.line), default=-1)
            field = None if index < 0 else "iati-activity"
        problem = Problem(reason, field=field, level="warning")
        if 0 <= index < len(activities):
            by_activity.setdefault(index, []).append(problem)
        else:
            whole.append(problem)
    return by_activity, whole


def _rows(
    activities: list[Any],
    by_activity: dict[int, list[Problem]],
    file_warnings: list[Problem],
    options: ReadOptions,
) -> Iterator[Row]:
    for index, activity in enumerate(activities):
        where = f"activity {index + 1}"
        found = Found()
        data = activity_data(activity, found, options=options)
        name = (activity.findtext("iati-identifier") or "").strip() or data.get("title")
        row = Row(where, name or None, geometry_field="point/pos")
        named = label(where, row.name)
        row.errors = [ValidationError(r, record=named, field=f) for f, r in found.errors]
        schema_warnings = by_activity.get(index, [])
        found_warnings = [Problem(r, field=f, level="warning") for f, r in found.warnings]
        row.warnings = [
            dataclasses.replace(problem, where=where, record=row.name)
            for problem in [*schema_warnings, *found_warnings]
        ]
        if index == 0:
            row.warnings = file_warnings + row.warnings
        if not row.errors:
            try:
                row.record = record_from_dict(data, where=where)
            except ValidationError as err:
                row.errors.append(err)
        if options.progress is not None:
            options.progress(index + 1, len(activities))
        yield row


@dataclasses.dataclass
class Found:
    """What reading one activity found wrong: ``(element, reason)`` pairs."""

    errors: list[tuple[str | None, str]] = dataclasses.field(default_factory=list)
    warnings: list[tuple[str | None, str]] = dataclasses.field(default_factory=list)

    def warn(self, field: str | None, reason: str) -> None:
        self.warnings.append((field, reason))

    def fail(self, field: str | None, reason: str) -> None:
        self.errors.append((field, reason))

    def check(self, field: str, code: str | None, name: str) -> bool:
        """Whether ``code`` is in the codelist ``name``; a warning if not."""
        if code is not None and code in v.codelist(name):
            return True
        self.warn(field, f"code {code!r} is not in IATI's {name} codelist")
        return False


def activity_data(
    activity: Any, found: Found, /, *, options: ReadOptions = DEFAULT
) -> dict[str, Any]:
    """The record dict one ``<iati-activity>`` gives, with what is wrong in ``found``."""
    parent = activity.getparent()
    lang = activity.get(v.XML_LANG) or (parent.get(v.XML_LANG) if parent is not None else None)
    identifier = (activity.findtext("iati-identifier") or "").strip()
    if not identifier:
        found.fail("iati-identifier", "the activity has no iati-identifier")
    title = narrative(activity.find("title"), lang)
    if not title:
        found.fail("title", "the activity's title has no narrative")
    data: dict[str, Any] = {"kind": "project", "id": record_id(identifier), "title": title}
    notes = [narrative(item, lang) for item in activity.findall("description")]
    data["notes"] = "\n\n".join(note for note in notes if note and note != title) or None
    data["status"] = _status(activity, found)
    data.update(_dates(activity, found, lang))
    data["countries"] = _countries(activity, found)
    data["organisations"] = _organisations(activity, found, lang)
    data["sectors"] = _sectors(activity, found)
    data["locations"] = _locations(activity, found, lang, title, data["countries"], options)
    data["amount"] = _amount(activity, found)
    publisher = activity.find("reporting-org")
    if identifier:
        source = {"title": f"IATI activity {identifier}"}
        if publisher is not None and (name := narrative(publisher, lang) or publisher.get("ref")):
            source["publisher"] = name
        data["sources"] = [source]
    _extension(activity, data, found)
    return {key: value for key, value in data.items() if value is not None}


def record_id(identifier: str, /) -> str:
    """A coopmap id for an IATI identifier: the identifier itself when it is a valid id, else
    its valid characters with a short hash of the whole, so that two identifiers stay two."""
    if ID_PATTERN.match(identifier):
        return identifier
    digest = hashlib.sha1(identifier.encode()).hexdigest()[:6]
    slug = re.sub(r"[^A-Za-z0-9._:-]+", "-", identifier).strip("-._:")[:100]
    return f"{slug}-{digest}" if slug else f"iati-{digest}"


def narrative(element: Any, lang: str | None = None, /) -> str | None:
    """The text of an element's narratives: the one in ``lang`` (or without a language),
    else the first."""
    if element is None:
        return None
    texts = [
        (item.get(v.XML_LANG), "".join(item.itertext()).strip())
        for item in element.findall("narrative")
    ]
    texts = [(language, text) for language, text in texts if text]
    for language, text in texts:
        if language is None or language == lang:
            return text
    return texts[0][1] if texts else None


def _status(activity: Any, found: Found) -> str:
    element = activity.find("activity-status")
    if element is None:
        return Status.UNKNOWN.value
    code = element.get("code")
    if not found.check("activity-status", code, "ActivityStatus"):
        return Status.UNKNOWN.value
    return v.STATUSES[str(code)].value


def _dates(activity: Any, found: Found, lang: str | None) -> dict[str, Any]:
    by_type: dict[str, Any] = {}
    for element in activity.findall("activity-date"):
        kind = element.get("type")
        field = f"activity-date[@type={kind!r}]"
        if not found.check(field, kind, "ActivityDateType"):
            continue
        notes = [
            "".join(item.itertext()).strip()
            for item in element.findall("narrative")
            if item.get(v.XML_LANG) in (None, lang, "en")
        ]
        try:
            date = v.date_from(element.get("iso-date") or "", notes)
        except ValidationError:
            found.fail(field, f"iso-date {element.get('iso-date')!r} is not a date (YYYY-MM-DD)")
            continue
        if date is not None:
            by_type.setdefault(kind, date)
    start = by_type.get(v.ACTUAL_START) or by_type.get(v.PLANNED_START)
    end = by_type.get(v.ACTUAL_END) or by_type.get(v.PLANNED_END)
    if start and end and end.last_day < start.first_day:
        found.warn("activity-date", f"the end {end} is before the start {start}; left out")
        end = None
    return {"start": str(start) if start else None, "end": str(end) if end else None}


def _country(code: str | None) -> str | None:
    text = (code or "").strip().upper()
    return text if len(text) == 2 and pycountry.countries.get(alpha_2=text) else None


def _countries(activity: Any, found: Found) -> list[str]:
    countries: list[str] = []
    for index, element in enumerate(activity.findall("recipient-country"), 1):
        code = _country(element.get("code"))
        if code is None:
            found.warn(
                f"recipient-country[{index}]",
                f"{element.get('code')!r} is not an ISO 3166-1 alpha-2 country code; left out",
            )
        elif code not in countries:
            countries.append(code)
    return countries


def _organisations(activity: Any, found: Found, lang: str | None) -> list[dict[str, str]]:
    organisations: list[dict[str, str]] = []
    for index, element in enumerate(activity.findall("participating-org"), 1):
        name = narrative(element, lang) or (element.get("ref") or "").strip()
        if not name:
            continue  # nothing to call it by (coopmap writes such a one for "nobody named")
        code = element.get("role")
        field = f"participating-org[{index}]"
        role = v.ROLES[code] if found.check(field, code, "OrganisationRole") else Role.PARTNER
        entry = {"name": name, "role": role.value}
        if entry not in organisations:
            organisations.append(entry)
    return organisations


def _sectors(activity: Any, found: Found) -> list[str]:
    elements = activity.findall("sector") or activity.findall("transaction/sector")
    sectors: list[Sector] = []
    for index, element in enumerate(elements, 1):
        vocabulary, code = element.get("vocabulary") or v.DAC5, element.get("code") or ""
        if vocabulary not in (v.DAC5, v.DAC3):
            continue
        listed = "Sector" if vocabulary == v.DAC5 else "SectorCategory"
        found.check(f"sector[{index}]", code, listed)
        sectors.append(v.sector_for(code, vocabulary))
    return [sector.value for sector in dict.fromkeys(sectors)] or [Sector.OTHER.value]


def _locations(
    activity: Any,
    found: Found,
    lang: str | None,
    title: str | None,
    countries: list[str],
    options: ReadOptions,
) -> list[dict[str, Any]]:
    locations = []
    for index, element in enumerate(activity.findall("location"), 1):
        field = f"location[{index}]"
        name = narrative(element.find("name"), lang) or title or field
        data: dict[str, Any] = {"name": name, "geometry_source": GeometrySource.IMPORTED.value}
        for place_id in element.findall("location-id"):
            code = (place_id.get("code") or "").strip()
            if place_id.get("vocabulary") == v.GEONAMES and code.isdigit():
                data["gazetteer_id"] = int(code)
        for area in element.findall("administrative"):
            if area.get("vocabulary") == v.ISO_COUNTRY and (code := _country(area.get("code"))):
                data["country"] = code
        codes = {
            tag: (part.get("code") if (part := element.find(tag)) is not None else None)
            for tag in ("exactness", "location-class", "feature-designation")
        }
        for tag, listed in (
            ("exactness", "GeographicExactness"),
            ("location-class", "GeographicLocationClass"),
            ("feature-designation", "LocationType"),
        ):
            if codes[tag] is not None:
                found.check(f"{field}/{tag}", codes[tag], listed)
        data["precision"] = v.precision_for(*codes.values()).value
        point = element.find("point")
        pos = point.findtext("pos") if point is not None else None
        if pos is None:
            located = _geocoded(name, countries, options)
            if located is None:
                found.warn(field, f"the location {name!r} has no point/pos; left out")
            else:
                locations.append(located)
            continue
        srs = point.get("srsName") or ""
        if "4326" not in srs:
            reason = f"srsName {srs!r} is not {v.WGS84}, the only one IATI allows; read as it"
            found.warn(f"{field}/point", reason)
        try:
            lat, lon = _latlon(pos)
            data["geometry"] = point_from_latlon(lat, lon)
        except ValidationError as err:
            found.fail(f"{field}/point/pos", err.reason)
            continue
        locations.append(data)
    return locations


def _latlon(pos: str) -> tuple[float, float]:
    """``(lat, lon)`` from ``<pos>``'s "latitude longitude"; range checks are the model's."""
    parts = pos.split()
    numbers = []
    for part in parts:
        try:
            numbers.append(float(part))
        except ValueError:
            break
    if len(parts) != 2 or len(numbers) != 2 or not all(map(math.isfinite, numbers)):
        shown = pos if len(pos) <= 40 else pos[:37] + "..."
        raise ValidationError(f"{shown!r} is not 'latitude longitude' in decimal degrees")
    return numbers[0], numbers[1]


def _geocoded(name: str, countries: list[str], options: ReadOptions) -> dict[str, Any] | None:
    """A location without coordinates looked up by name in the offline gazetteer, within the
    activity's recipient countries when it has any."""
    if not options.geocode:
        return None
    from coopmap.places import locate

    located = locate(name, country=countries or None)
    return located.model_dump(mode="json") if located is not None else None


def _amount(activity: Any, found: Found) -> dict[str, Any] | None:
    transactions = list(enumerate(activity.findall("transaction"), 1))
    for kind in (v.COMMITMENT, v.INCOMING_COMMITMENT):
        chosen = [
            (index, element)
            for index, element in transactions
            if (part := element.find("transaction-type")) is not None and part.get("code") == kind
        ]
        if chosen:
            break
    else:
        return None
    totals: dict[str, decimal.Decimal] = {}
    for index, element in chosen:
        field = f"transaction[{index}]/value"
        value = element.find("value")
        currency = (value.get("currency") if value is not None else None) or activity.get(
            "default-currency"
        )
        try:
            amount = decimal.Decimal((value.text or "").strip()) if value is not None else None
        except decimal.InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            shown = "" if value is None else (value.text or "").strip()
            found.fail(field, f"{shown[:40]!r} is not an amount of money")
            continue
        if not currency:
            found.warn(field, "the value has no currency and the activity no default-currency")
            continue
        totals[currency.upper()] = totals.get(currency.upper(), decimal.Decimal()) + amount
    if not totals:
        return None
    currency, total = next(iter(totals.items()))
    if len(totals) > 1:
        found.warn("transaction", f"commitments in several currencies; the {currency} ones kept")
    if total < 0:
        found.warn("transaction", f"the commitments add up to {total} {currency}; left out")
        return None
    return {"value": float(total), "currency": currency}


def _extension(activity: Any, data: dict[str, Any], found: Found) -> None:
    """Apply coopmap's extension: fields IATI cannot hold, as JSON (``null`` removes one)."""
    element = activity.find(v.FIELDS)
    if element is None:
        return
    try:
        fields = load_json(element.text or "")
    except (ValueError, JSONLimitError) as err:
        found.fail("coopmap:fields", f"not JSON: {err}")
        return
    if not isinstance(fields, dict):
        found.fail("coopmap:fields", "must hold a JSON object of record fields")
        return
    fields.pop("kind", None)  # an IATI activity is a project
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value


def schema_errors(path: str | os.PathLike[str], /) -> list[str]:
    """What the 2.03 schema finds wrong in an XML file, one message each (none when it is
    valid); :class:`lxml.etree.XMLSyntaxError` when it is not XML."""
    tree = etree.parse(str(path), v.parser())
    schema = v.schema()
    schema.validate(tree)
    return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]
