"""What coopmap's values are in IATI 2.03 and back, the vendored codelists and schema, and the
safe XML parser both directions use.

Each table says how one coopmap value is written; reading takes the codes back, and also the
codes coopmap never writes (a funder may be an extending organisation). Codes are checked
against :func:`codelist`, the codes of IATI's 2.03 codelists shipped in ``codelists.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from importlib.resources import as_file, files

from lxml import etree

from coopmap.dates import DatePrecision, PartialDate
from coopmap.formats.codes import sector_for_crs
from coopmap.taxonomy import SECTORS, Precision, Role, Sector, Status

VERSION = "2.03"
NAMESPACE = "urn:coopmap:iati:1"
"""The namespace of coopmap's extension element (IATI allows elements of other namespaces)."""
FIELDS = f"{{{NAMESPACE}}}fields"
"""The extension element: the record's fields that IATI's elements cannot hold, as JSON."""
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"

# --- activity-status (ActivityStatus) ------------------------------------------------------------

STATUS_CODES: dict[Status, str] = {
    Status.ANNOUNCED: "1",  # pipeline/identification
    Status.AGREED: "1",
    Status.UNDER_CONSTRUCTION: "2",  # implementation
    Status.OPERATING: "3",  # finalisation: the works are done, the activity still open
    Status.COMPLETED: "4",  # closed
    Status.CANCELLED: "5",
    Status.SUSPENDED: "6",
    Status.UNKNOWN: "1",  # the schema needs a status; the record's own rides in the extension
}
STATUSES: dict[str, Status] = {
    "1": Status.ANNOUNCED,
    "2": Status.UNDER_CONSTRUCTION,
    "3": Status.COMPLETED,
    "4": Status.COMPLETED,
    "5": Status.CANCELLED,
    "6": Status.SUSPENDED,
}

# --- activity-date (ActivityDateType) -------------------------------------------------------------

PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
_BEGUN = {Status.UNDER_CONSTRUCTION, Status.OPERATING, Status.COMPLETED, Status.SUSPENDED}


def start_type(status: Status, /) -> str:
    """A start is actual once work has begun, planned before (or when the status is unknown)."""
    return ACTUAL_START if status in _BEGUN or status is Status.CANCELLED else PLANNED_START


def end_type(status: Status, /) -> str:
    """An end is actual for an ended project, planned otherwise."""
    return ACTUAL_END if status.ended else PLANNED_END


_KNOWN_TO = re.compile(r"^Known to the (year|month) only: (\d{4}(?:-\d{2})?)\b")
UNKNOWN_DATE = "Not known:"


def date_note(date: PartialDate, /) -> str | None:
    """The narrative that states a year or month date's convention (``None`` for a day)."""
    if date.precision is DatePrecision.DAY:
        return None
    return f"Known to the {date.precision.value} only: {date} (the date given is its first day)."


def date_from(iso: str, notes: list[str], /) -> PartialDate | None:
    """The date an ``iso-date`` and its narratives say: a year or month date when a narrative
    states coopmap's convention for it, ``None`` for coopmap's placeholder of an unknown date.

    Raises :class:`~coopmap.errors.DateError` when ``iso`` is not a date.
    """
    if any(note.startswith(UNKNOWN_DATE) for note in notes):
        return None
    day = PartialDate.parse(iso.strip()[:10])
    for note in notes:
        match = _KNOWN_TO.match(note)
        if match and (stated := PartialDate.parse(match[2])).first_day == day.first_day:
            return stated
    return day


# --- participating-org (OrganisationRole) ---------------------------------------------------------

ROLE_CODES: dict[Role, str] = {
    Role.FUNDER: "1",
    Role.OWNER: "2",  # accountable
    Role.PARTNER: "2",
    Role.CONTRACTOR: "4",  # implementing
    Role.OPERATOR: "4",
    Role.PARTICIPANT: "4",
}
ROLES: dict[str, Role] = {
    "1": Role.FUNDER,
    "2": Role.PARTNER,  # accountable: the receiving side, as a ministry
    "3": Role.FUNDER,  # extending: manages the funder's money
    "4": Role.CONTRACTOR,
}
UNNAMED_ROLE = "4"
"""The role of the unnamed participating-org written for a project that names none (the
schema asks for at least one); an organisation without name or ref is not read back."""

# --- sector (SectorVocabulary 1: DAC 5-digit, 2: DAC 3-digit) -----------------------------------

DAC5, DAC3 = "1", "2"
_UNSPECIFIED = "998"  # DAC 3-digit "unallocated / unspecified"
_ENERGY = "231"  # DAC split 230 into 231-236; 231 is energy in general


def sector_code(sector: Sector, /) -> str:
    """The DAC 3-digit code a sector is written with."""
    code = SECTORS[sector].crs_code
    if code is None:
        return _UNSPECIFIED
    return _ENERGY if code == 230 else str(code)


def sector_for(code: str, vocabulary: str, /) -> Sector:
    """The sector of a DAC 5-digit (vocabulary 1) or 3-digit (vocabulary 2) code; ``other``
    for a code in none of coopmap's sectors."""
    text = code.strip()
    digits = 5 if vocabulary == DAC5 else 3
    if not (text.isdigit() and len(text) == digits):
        return Sector.OTHER
    if text[:2] == "23":
        return Sector.ENERGY
    try:
        return sector_for_crs(text)
    except ValueError:
        return Sector.OTHER


# --- location (GeographicExactness, GeographicLocationClass, LocationType) ---------------------

EXACT, APPROXIMATE = "1", "2"
ADMINISTRATIVE, POPULATED_PLACE, STRUCTURE = "1", "2", "3"
GEONAMES, ISO_COUNTRY = "G1", "A4"

PLACE_CODES: dict[Precision, tuple[str, str | None, str | None]] = {
    Precision.EXACT: (EXACT, STRUCTURE, None),
    Precision.NEAR: (APPROXIMATE, STRUCTURE, None),
    Precision.CITY: (APPROXIMATE, POPULATED_PLACE, "PPL"),
    Precision.ADMIN2: (APPROXIMATE, ADMINISTRATIVE, "ADM2"),
    Precision.ADMIN1: (APPROXIMATE, ADMINISTRATIVE, "ADM1"),
    Precision.COUNTRY: (APPROXIMATE, ADMINISTRATIVE, "PCLI"),
    Precision.UNKNOWN: (APPROXIMATE, None, None),
}
"""How precise a location is, as (exactness, location-class, feature-designation)."""


def precision_for(exactness: str | None, klass: str | None, feature: str | None) -> Precision:
    """A location's precision from its exactness, location-class and feature-designation."""
    feature = (feature or "").strip().upper()
    if feature.startswith("PCL"):
        return Precision.COUNTRY
    if feature == "ADM1":
        return Precision.ADMIN1
    if feature.startswith("ADM"):
        return Precision.ADMIN2  # a second-order division or finer
    if feature.startswith("PPL"):
        return Precision.CITY
    if klass == ADMINISTRATIVE:
        return Precision.ADMIN1
    if klass == POPULATED_PLACE:
        return Precision.CITY
    if klass in (STRUCTURE, "4"):
        return Precision.EXACT if exactness == EXACT else Precision.NEAR
    return Precision.EXACT if exactness == EXACT else Precision.UNKNOWN


# --- transaction (TransactionType) ----------------------------------------------------------------

COMMITMENT, INCOMING_COMMITMENT = "2", "11"

# --- the vendored files ---------------------------------------------------------------------------


@functools.cache
def codelist(name: str, /) -> frozenset[str]:
    """The active codes of one of IATI's 2.03 codelists (``ActivityStatus``, ...)."""
    text = files(__package__).joinpath("codelists.json").read_text(encoding="utf-8")
    return frozenset(json.loads(text)["codelists"][name])


def parser() -> etree.XMLParser:
    """An XML parser that fetches nothing and expands no entity (for files from anywhere)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


@functools.cache
def schema() -> etree.XMLSchema:
    """The IATI 2.03 activities schema, read from the vendored files."""
    # the main schema includes its two neighbours by relative path: read from the folder
    with as_file(files(__package__)) as folder:
        document = etree.parse(str(folder / "iati-activities-schema.xsd"), parser())
        return etree.XMLSchema(document)


def generated_now() -> str:
    """Now in UTC to the second, as ``generated-datetime`` says it."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
