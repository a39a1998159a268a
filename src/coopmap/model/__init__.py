"""The records coopmap keeps: projects, events and their locations.

Records are pydantic models: they validate on creation, serialise to plain JSON-able dicts
(:meth:`Record.to_dict`) and back (:func:`record_from_dict`), and speak ``__geo_interface__`` so
that shapely, folium and geopandas take them as GeoJSON Features. Validation failures raise
:class:`coopmap.errors.ValidationError` (or a subclass) that names the record, the field and the
reason.

Import every name from here (``from coopmap.model import Project``); each module of the package
holds one idea:

- :mod:`~coopmap.model.geometry`: coordinates and geometry (:func:`point_from_latlon`,
  :func:`latlon_of`, the :data:`Geometry` type);
- :mod:`~coopmap.model.values`: the checks of values and their annotated types
  (:data:`CountryCode`, :data:`CurrencyCode`, :data:`Plain`, :data:`Tag`, :data:`Text`,
  :func:`refuse_nul`);
- :mod:`~coopmap.model.ids`: :func:`slugify` and :func:`make_id`;
- :mod:`~coopmap.model.parts`: the parts of records (:class:`Source`, :class:`StatusChange`,
  :class:`Location`, ...);
- :mod:`~coopmap.model.records`: :class:`Project`, :class:`Event`, :data:`Record` and the
  status-history rules;
- :mod:`~coopmap.model.validation`: dicts into records, and pydantic's errors in coopmap's words;
- :mod:`~coopmap.model.trusted`: records rebuilt from the JSON a store wrote, without validating
  them again (a record made by validation is marked so: ``records.is_validated``);
- :mod:`~coopmap.model.bulk`: many records built with the garbage collector paused.
"""

from __future__ import annotations

from coopmap.model.geometry import Geometry, latlon_of, point_from_latlon
from coopmap.model.ids import make_id, slugify
from coopmap.model.parts import (
    Amount,
    Link,
    Location,
    Organisation,
    Participant,
    Source,
    Spec,
    StatusChange,
)
from coopmap.model.records import Event, Project, Record, check_status_order
from coopmap.model.validation import (
    error_reason,
    field_errors,
    first_reason,
    record_from_dict,
    records_from_dicts,
    validate_update,
)
from coopmap.model.values import CountryCode, CurrencyCode, Plain, Tag, Text, refuse_nul

__all__ = [
    "Amount",
    "CountryCode",
    "CurrencyCode",
    "Event",
    "Geometry",
    "Link",
    "Location",
    "Organisation",
    "Participant",
    "Plain",
    "Project",
    "Record",
    "Source",
    "Spec",
    "StatusChange",
    "Tag",
    "Text",
    "check_status_order",
    "error_reason",
    "field_errors",
    "first_reason",
    "latlon_of",
    "make_id",
    "point_from_latlon",
    "record_from_dict",
    "records_from_dicts",
    "refuse_nul",
    "slugify",
    "validate_update",
]
