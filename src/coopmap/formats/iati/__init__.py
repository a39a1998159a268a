"""IATI Activity Standard 2.03 XML: each project an ``<iati-activity>``; written and read back.

Written (:func:`write`), every project becomes an activity that validates against the official
2.03 schema (vendored beside this module with the codes of the codelists, see ``ATTRIBUTION.md``):

==========================  =====================================================================
IATI                        coopmap
==========================  =====================================================================
``iati-identifier``         the record's id (read: the identifier, made a valid id when it is not
                            one, with a hash; the identifier itself is kept in a source
                            "IATI activity ...", published by the reporting-org)
``reporting-org``           ``coopmap`` (type 90, other) unless ``write(reporting_org=...)``
``title``, ``description``  title; notes (the title when there are none, not read back)
``participating-org``       organisations: funder 1 funding, owner and partner 2 accountable,
                            contractor, operator and participant 4 implementing (read: 1 and 3
                            funder, 2 partner, 4 contractor); one without a name when there are
                            none, as the schema asks for one
``activity-status``         announced and agreed 1, under construction 2, operating 3, completed
                            4, cancelled 5, suspended 6, unknown 1 (read: 1 announced, 2 under
                            construction, 3 and 4 completed, 5 cancelled, 6 suspended)
``activity-date``           start as actual start (2) once work has begun, planned start (1)
                            before; end as actual end (4) for an ended project, planned (3)
                            otherwise (read: actual before planned)
``recipient-country``       countries, with equal percentages when several
``location``                ``location-id`` G1 (GeoNames) gazetteer id, ``name``, the country as
                            ``administrative`` A4, ``point/pos`` "latitude longitude" (a line's
                            or polygon's representative point), and the precision as exactness,
                            location-class and feature-designation: exact 1/3, near 2/3, city
                            2/2/PPL, admin1 2/1/ADM1, country 2/1/PCLI, unknown 2
``sector``                  vocabulary 2 (DAC 3-digit): each sector's CRS code (energy 231,
                            other 998), equal percentages (read: vocabulary 1 or 2; a code in no
                            coopmap sector is ``other``, and so is an activity with none)
``transaction``             the amount as an outgoing commitment (type 2), dated when the project
                            was agreed, else its start, else its status date (read: the sum of
                            the commitments, type 2, else the incoming ones, 11)
==========================  =====================================================================

**Dates known to the year or month** are written as the first day of the period, with a
narrative saying so (``Known to the month only: 2015-05 (the date given is its first day).``),
which the reader takes back as a year or month date. A project with no date gets the planned
start the schema asks for as a placeholder, said so in its narrative (``Not known: ...``): the
earliest date its record holds, else the day of export; it is not read back as a date.

**Events are not IATI activities**: they are left out with a warning in the log (and
``coopmap export`` says how many), and a selection without a project is an error.

**What IATI cannot hold exactly** (status history, specifications, sources, drafts, a line or
polygon, a location's resolved name and geometry source, an owner's role, ...) goes into the
extension element ``<coopmap:fields>`` (namespace ``urn:coopmap:iati:1``), the activity's last
child, as JSON: each field of the record whose IATI elements would read back otherwise, whole.
Reading applies it over what the elements say, so that export then import gives the same
records. Other tools ignore it, as IATI's schema lets them.

Read (:func:`rows`), each ``<iati-activity>`` of a 2.03 file from any publisher is a project,
read leniently; see :mod:`~coopmap.formats.iati.reading` for what is a warning and what an
error. A file that is not XML, or is XML of another kind, is refused with
:class:`~coopmap.errors.RecordImportError` saying so.
"""

from __future__ import annotations

from coopmap.formats.iati.reading import rows, schema_errors
from coopmap.formats.iati.writing import write

__all__ = ["rows", "schema_errors", "write"]
