"""The parts of records: sources, status changes, organisations, participants, specifications,
amounts, locations and links.

Each part is a frozen pydantic model that refuses fields it does not know and text with a NUL
character in it (:mod:`coopmap.model.values`).
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from shapely.geometry import mapping

from coopmap.dates import PartialDate
from coopmap.model.geometry import Geometry, latlon_of
from coopmap.model.values import CountryCode, CurrencyCode, Plain, Text, refuse_nul
from coopmap.taxonomy import GeometrySource, LinkType, Precision, Role, Status, parse_status

__all__ = [
    "Amount",
    "Link",
    "Location",
    "Organisation",
    "Participant",
    "Source",
    "Spec",
    "StatusChange",
]


class _Part(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


class Source(_Part):
    """Where a fact comes from."""

    title: Text
    url: Plain | None = None
    publisher: Plain | None = None
    date: PartialDate | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^(https?://|urn:|doi:)", value, re.IGNORECASE):
            raise ValueError("a source link must start with http://, https://, urn: or doi:")
        return value or None


class StatusChange(_Part):
    """A project's status from a date on (``date`` is when it began, as precisely as known),
    and the source that says so."""

    status: Status
    date: PartialDate | None = None
    source: Source | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _parse_status(cls, value: Any) -> Status:
        return parse_status(value)

    def __str__(self) -> str:
        return f"{self.status.label} from {self.date}" if self.date else self.status.label


class Organisation(_Part):
    """An organisation in a role on a project."""

    name: Text
    role: Role = Role.PARTNER


class Participant(_Part):
    """A person or an organisation taking part in an event."""

    name: Text
    kind: Literal["person", "organisation"] = "organisation"
    role: Plain | None = None
    country: CountryCode | None = None


class Spec(_Part):
    """A physical specification: ``length 22.4 km``, ``stations 18``."""

    key: Text
    value: float | int | str
    unit: Plain | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _finite(cls, value: Any) -> Any:
        # said here once, rather than once for each member of the union
        refuse_nul(value)
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value} is not a finite number")
        return value

    def __str__(self) -> str:
        value = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value} {self.unit}".strip() if self.unit else str(value)


class Amount(_Part):
    """A sum of money in an ISO 4217 currency."""

    value: float = Field(ge=0)
    currency: CurrencyCode

    def __str__(self) -> str:
        return f"{self.value:,.0f} {self.currency}"


class Location(_Part):
    """A place a record is at: the name as written, what it resolved to, and how well.

    Examples
    --------
    >>> from coopmap import Location
    >>> from coopmap.model import point_from_latlon
    >>> astana = Location(name="Astana", geometry=point_from_latlon(51.18, 71.45), country="KZ")
    >>> astana.latlon
    (51.18, 71.45)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    name: Text
    geometry: Geometry
    precision: Precision = Precision.UNKNOWN
    resolved_name: Plain | None = None
    country: CountryCode | None = None
    gazetteer_id: int | None = None
    geometry_source: GeometrySource = GeometrySource.GAZETTEER

    @property
    def latlon(self) -> tuple[float, float]:
        return latlon_of(self.geometry)

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        properties = self.model_dump(mode="json", exclude={"geometry"})
        return {"type": "Feature", "geometry": mapping(self.geometry), "properties": properties}


class Link(_Part):
    """A typed link from an event to a project."""

    type: LinkType
    project: Text
