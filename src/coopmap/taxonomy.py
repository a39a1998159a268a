"""Controlled vocabularies: sectors, statuses, location precision, event types, roles.

Each vocabulary is a ``StrEnum`` so that values compare equal to their slugs and serialise as
plain strings. The ``parse_*`` helpers turn user input into members and raise an error that lists
the valid values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coopmap.errors import UnknownSectorError, UnknownStatusError, ValidationError


@dataclass(frozen=True, slots=True)
class SectorInfo:
    """A sector of the taxonomy: its slug, label, OECD DAC CRS code and map colour."""

    slug: str
    label: str
    crs_code: int | None
    colour: str
    note: str = ""


class Sector(StrEnum):
    TRANSPORT = "transport"
    ICT = "ict"
    ENERGY = "energy"
    FINANCE = "finance"
    AGRICULTURE = "agriculture"
    INDUSTRY = "industry"
    MINING = "mining"
    CONSTRUCTION = "construction"
    TRADE = "trade"
    TOURISM = "tourism"
    ENVIRONMENT = "environment"
    GOVERNANCE = "governance"
    OTHER = "other"

    @property
    def info(self) -> SectorInfo:
        return SECTORS[self]

    @property
    def label(self) -> str:
        return SECTORS[self].label


# Colours: a qualitative palette (Tableau 20 family) that stays distinct on light tiles and on
# the offline basemap.
SECTORS: dict[Sector, SectorInfo] = {
    Sector(info.slug): info
    for info in (
        SectorInfo("transport", "Transport and storage", 210, "#1f77b4"),
        SectorInfo("ict", "Communications (ICT)", 220, "#17becf"),
        SectorInfo("energy", "Energy", 230, "#ff7f0e"),
        SectorInfo("finance", "Banking and financial services", 240, "#2ca02c"),
        SectorInfo("agriculture", "Agriculture", 311, "#bcbd22"),
        SectorInfo("industry", "Industry", 321, "#d62728"),
        SectorInfo("mining", "Mineral resources and mining", 322, "#8c564b"),
        SectorInfo("construction", "Construction", 323, "#e377c2"),
        SectorInfo(
            "trade",
            "Trade policy and regulations",
            331,
            "#9467bd",
            "customs, quality control, standards",
        ),
        SectorInfo("tourism", "Tourism", 332, "#f7b6d2"),
        SectorInfo("environment", "Environmental protection", 410, "#98df8a"),
        SectorInfo("governance", "Government and civil society", 151, "#7f7f7f"),
        SectorInfo("other", "Other", None, "#393b79"),
    )
}


class Status(StrEnum):
    ANNOUNCED = "announced"
    AGREED = "agreed"
    UNDER_CONSTRUCTION = "under_construction"
    OPERATING = "operating"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def ended(self) -> bool:
        """Whether a project with this status is over (completed or cancelled); any other
        status, ``operating`` and ``suspended`` included, leaves an open end ongoing."""
        return self in ENDED_STATUSES


ENDED_STATUSES = frozenset({Status.COMPLETED, Status.CANCELLED})
"""The statuses that end a project: without an end date it lasted until its status date."""


class Precision(StrEnum):
    """How precisely a location is known, from a surveyed point down to a whole country."""

    EXACT = "exact"
    NEAR = "near"
    CITY = "city"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    UNKNOWN = "unknown"

    @property
    def iati_code(self) -> int:
        """The IATI GeographicalPrecision code for this precision."""
        return IATI_PRECISION[self]

    @property
    def label(self) -> str:
        return PRECISION_LABELS[self]


LOCAL_PRECISIONS = frozenset({Precision.CITY, Precision.ADMIN2})
"""Places of a town's size: a city or town, and a district or county (read alike in texts,
where "Laurel" may be the town or the county)."""

# IATI GeographicalPrecision codelist: 1 exact location, 2 near exact location (within 25 km),
# 3 second-order administrative division, 4 first-order administrative division, 5 estimated
# coordinates, 6 independent political entity.
IATI_PRECISION: dict[Precision, int] = {
    Precision.EXACT: 1,
    Precision.NEAR: 2,
    Precision.CITY: 3,
    Precision.ADMIN2: 3,
    Precision.ADMIN1: 4,
    Precision.COUNTRY: 6,
    Precision.UNKNOWN: 5,
}

PRECISION_LABELS: dict[Precision, str] = {
    Precision.EXACT: "Exact site",
    Precision.NEAR: "Near the site (within 25 km)",
    Precision.CITY: "City or town",
    Precision.ADMIN2: "District or county",
    Precision.ADMIN1: "Province or region",
    Precision.COUNTRY: "Whole country",
    Precision.UNKNOWN: "Unknown",
}


class GeometrySource(StrEnum):
    """How a location's geometry was obtained."""

    GAZETTEER = "gazetteer"
    USER = "user"
    IMPORTED = "imported"
    DRAWN = "drawn"


class EventType(StrEnum):
    TALKS = "talks"
    MEETING = "meeting"
    CONFERENCE = "conference"
    VISIT = "visit"
    SIGNING = "signing"
    ANNOUNCEMENT = "announcement"

    @property
    def label(self) -> str:
        return "Summit or meeting" if self is EventType.MEETING else self.value.capitalize()


class Role(StrEnum):
    """The part an organisation (or a person) plays in a project or an event."""

    CONTRACTOR = "contractor"
    FUNDER = "funder"
    OPERATOR = "operator"
    OWNER = "owner"
    PARTNER = "partner"
    PARTICIPANT = "participant"


class LinkType(StrEnum):
    """How an event relates to a project."""

    SIGNED_AT = "signed_at"
    ANNOUNCED_AT = "announced_at"
    DISCUSSED_AT = "discussed_at"
    LAUNCHED_AT = "launched_at"
    PROGRESS_REPORTED_AT = "progress_reported_at"


class RecordKind(StrEnum):
    PROJECT = "project"
    EVENT = "event"


def _parse(
    enum: type[StrEnum], value: object, *, error: type[ValidationError], what: str, field: str
) -> StrEnum:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return enum(text)
    except ValueError:
        valid = ", ".join(member.value for member in enum)
        raise error(f"unknown {what} {value!r}; valid: {valid}", field=field) from None


def parse_sector(value: object) -> Sector:
    """Return the sector for a slug, or raise :class:`UnknownSectorError` listing the valid ones."""
    return _parse(Sector, value, error=UnknownSectorError, what="sector", field="sectors")


def parse_status(value: object) -> Status:
    """Return the status for a value, or raise :class:`UnknownStatusError` listing valid ones."""
    return _parse(Status, value, error=UnknownStatusError, what="status", field="status")
