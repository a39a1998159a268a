"""One report read end to end: every mention with its span, and the records it suggests.

:func:`extract` runs the finders (places, dates, organisations and people, quantities,
sectors) over a report and proposes candidate records from what they found. The
:class:`Extraction` it returns keeps everything a review needs: the spans to highlight in
the text (:meth:`Extraction.highlights`), the candidates with their evidence, and the draft
records they become (:meth:`Extraction.to_records`), with ids derived from the report and
the candidate so that reading the same report again proposes the same records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from anyascii import anyascii

from coopmap.dates import DatePrecision, PartialDate
from coopmap.errors import ValidationError
from coopmap.model import Record, Source, slugify
from coopmap.places import Gazetteer
from coopmap.reports.candidates import Candidate, Mentions
from coopmap.reports.chinese.cues import CUES as CHINESE_CUES
from coopmap.reports.chinese.dates import find_dates as chinese_dates
from coopmap.reports.chinese.organisations import find_actors as chinese_actors
from coopmap.reports.chinese.quantities import find_quantities as chinese_quantities
from coopmap.reports.chinese.toponyms import find_toponyms as chinese_toponyms
from coopmap.reports.cued import Cues, propose_cued
from coopmap.reports.dates import DateMention, find_dates
from coopmap.reports.language import language
from coopmap.reports.organisations import Actor, find_actors
from coopmap.reports.quantities import Quantity, find_quantities
from coopmap.reports.records import propose
from coopmap.reports.russian.cues import CUES as RUSSIAN_CUES
from coopmap.reports.russian.dates import find_dates as russian_dates
from coopmap.reports.russian.organisations import find_actors as russian_actors
from coopmap.reports.russian.quantities import find_quantities as russian_quantities
from coopmap.reports.russian.toponyms import find_toponyms as russian_toponyms
from coopmap.reports.sectors import SectorMention, find_sectors
from coopmap.reports.tokens import sentences, tokenize
from coopmap.reports.toponyms import Toponym, find_toponyms
from coopmap.taxonomy import RecordKind

__all__ = ["Extraction", "Highlight", "extract"]


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of the report to mark: ``kind`` is ``place``, ``date``, ``organisation``,
    ``person``, ``quantity`` or ``sector``; ``label`` says what it was read as."""

    start: int
    end: int
    kind: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "label": self.label}


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` read in a report.

    Spans are character offsets into :attr:`text`; :attr:`records` are the candidate
    records, events first; :attr:`language` is the code of the language it was read in.
    """

    text: str
    language: str
    report_date: PartialDate | None
    sentences: tuple[tuple[int, int], ...]
    places: tuple[Toponym, ...]
    dates: tuple[DateMention, ...]
    actors: tuple[Actor, ...]
    quantities: tuple[Quantity, ...]
    sectors: tuple[SectorMention, ...]
    records: tuple[Candidate, ...]

    @property
    def digest(self) -> str:
        """A hash of the report's words (not of its line breaks or spacing)."""
        return hashlib.sha1(" ".join(self.text.split()).encode()).hexdigest()

    @property
    def headline(self) -> str:
        """The report's first line, shortened: the title of the source it is."""
        line = next((ln.strip() for ln in self.text.splitlines() if ln.strip()), "")
        return line if len(line) <= 120 else line[:119].rstrip() + "\u2026"

    def highlights(self) -> list[Highlight]:
        """Every mention as a span to mark, in order (spans of different kinds may nest)."""
        marks = [
            Highlight(t.start, t.end, "place", _place_label(t)) for t in self.places
        ]  # fmt: skip
        marks += [Highlight(d.start, d.end, "date", _date_label(d)) for d in self.dates]
        marks += [Highlight(a.start, a.end, a.kind, _actor_label(a)) for a in self.actors]
        marks += [
            Highlight(q.start, q.end, "quantity", f"{q.value:g} {q.unit}") for q in self.quantities
        ]
        marks += [Highlight(s.start, s.end, "sector", s.sector.value) for s in self.sectors]
        return sorted(marks, key=lambda h: (h.start, -h.end, h.kind))

    def to_dict(self) -> dict[str, Any]:
        """``{"places": [...], "records": [...]}``, as ``coopmap extract --json`` prints it."""
        return {
            "language": self.language,
            "places": [t.to_dict() for t in self.places],
            "records": [c.to_dict() for c in self.records],
        }

    def record_id(self, candidate: Candidate, /) -> str:
        """The id the candidate's record gets: the same for the same report and candidate."""
        prefix = "ev" if candidate.kind is RecordKind.EVENT else "pj"
        # a key in Cyrillic or Han characters is slugged in Latin letters (anyascii)
        words = slugify(anyascii(candidate.key.split(":", 1)[-1]))[:48].strip("-") or prefix
        digest = hashlib.sha1(f"{self.digest}\n{candidate.key}".encode()).hexdigest()[:8]
        return f"{prefix}-{words}-{digest}"

    def source(self, *, title: str | None = None, url: str | None = None) -> Source:
        """The report as the source of its records (titled by its headline by default)."""
        return Source(title=title or self.headline or "report", url=url, date=self.report_date)

    def drafts(
        self, *, source: Source | None = None, leave_out: Iterable[str] = ()
    ) -> Iterator[tuple[Candidate, str, Record | ValidationError]]:
        """Each candidate with its record id and its draft record citing ``source`` (default
        :meth:`source`), or the :class:`ValidationError` that keeps it from being one.
        Candidates whose ids are in ``leave_out`` are skipped, and events do not link to them.
        """
        source = source or self.source()
        skip = set(leave_out)
        ids = {c.key: self.record_id(c) for c in self.records}
        links = {key: id for key, id in ids.items() if id not in skip}
        for candidate in self.records:
            id = ids[candidate.key]
            if id in skip:
                continue
            try:
                yield (
                    candidate,
                    id,
                    candidate.to_record(
                        id=id, source=source, links=links, status_date=self.report_date
                    ),
                )
            except ValidationError as err:
                yield candidate, id, err

    def to_records(self, *, source: Source | None = None) -> list[Record]:
        """The candidates as draft records citing ``source`` (default :meth:`source`); the
        first that is not valid raises its :class:`ValidationError`."""
        records = []
        for _, _, found in self.drafts(source=source):
            if isinstance(found, ValidationError):
                raise found
            records.append(found)
        return records


def extract(
    text: str,
    /,
    *,
    date: object | None = None,
    gazetteer: Gazetteer | None = None,
    lang: str | None = None,
) -> Extraction:
    """Read a report: its places, dates, organisations, people, quantities, sectors and the
    records they suggest.

    Parameters
    ----------
    text
        The report.
    date
        The day it was written (``YYYY-MM-DD``, a ``date`` or a :class:`PartialDate`):
        "Monday" and "last year" are read against it. Without it, a full date in the
        report's dateline ("ASTANA, December 15, 2015 --") serves; without either, relative
        dates carry no date.
    gazetteer
        Where place names are looked up (default: the offline gazetteer).
    lang
        The report's language, ``'en'``, ``'ru'`` or ``'zh'``; found from its script when
        ``None`` (:func:`coopmap.reports.language.detect`). Russian and Chinese reports get
        their places, dates, quantities, organisations and records from cue words
        (:mod:`coopmap.reports.cued`).

    Raises :class:`~coopmap.errors.DateError` when ``date`` is not a date, ``ValueError``
    when ``lang`` is not a language the reader reads.

    Examples
    --------
    >>> from coopmap import extract
    >>> read = extract(
    ...     "ASTANA, Dec. 15 -- China Railway Group will build a 22.4 km light railway in "
    ...     "Astana, officials said on Monday.",
    ...     date="2015-12-15",
    ... )
    >>> sorted({place.place.name for place in read.places})
    ['Astana']
    >>> sorted(str(date.date) for date in read.dates)  # the dateline's day, and "Monday"
    ['2015-12-14', '2015-12-15']
    """
    if not isinstance(text, str):
        raise TypeError(f"a report is text, not {type(text).__name__}")
    report_date = None if date is None else PartialDate.parse(date)
    code = language(text, lang)
    reader = _READERS[code]
    dates = reader.dates(text, report_date=report_date)
    if report_date is None:
        report_date = _dateline_date(text, dates)
        if report_date is not None:
            dates = reader.dates(text, report_date=report_date)
    actors = reader.actors(text)
    # a place inside an organisation's name ("Bank of China") is not where anything is
    # (nor inside a person's name in Russian or Chinese: 梅德韦杰夫 is no Medway)
    names = [(a.start, a.end) for a in actors if a.kind == "organisation" or code != "en"]
    places = [
        t
        for t in reader.places(text, gazetteer=gazetteer)
        if not any(s <= t.start and t.end <= e for s, e in names)
    ]
    mentions = Mentions(
        text=text,
        tokens=tokenize(text),
        sentences=sentences(text),
        places=places,
        dates=dates,
        actors=actors,
        quantities=reader.quantities(text),
        sectors=find_sectors(text) if code == "en" else [],
        report_date=report_date,
    )
    return Extraction(
        text=text,
        language=code,
        report_date=report_date,
        sentences=tuple(mentions.sentences),
        places=tuple(places),
        dates=tuple(mentions.dates),
        actors=tuple(actors),
        quantities=tuple(mentions.quantities),
        sectors=tuple(mentions.sectors),
        records=tuple(
            propose(mentions)
            if reader.cues is None
            else propose_cued(
                text,
                places,
                mentions.dates,
                reader.cues,
                quantities=mentions.quantities,
                actors=actors,
                dateline=_dateline_place(places, dates),
            )
        ),
    )


@dataclass(frozen=True, slots=True)
class _Reader:
    """A language's finders of dates and places, and its cue words for records (``None``:
    the English phrase rules of :mod:`coopmap.reports.records`)."""

    dates: Callable[..., list[DateMention]]
    places: Callable[..., list[Toponym]]
    quantities: Callable[[str], list[Quantity]] = find_quantities
    actors: Callable[[str], list[Actor]] = find_actors
    cues: Cues | None = None


_READERS = {
    "en": _Reader(find_dates, find_toponyms),
    "ru": _Reader(
        russian_dates, russian_toponyms, russian_quantities, russian_actors, RUSSIAN_CUES
    ),
    "zh": _Reader(
        chinese_dates, chinese_toponyms, chinese_quantities, chinese_actors, CHINESE_CUES
    ),
}

#: How far into a report its dateline may be (after a headline).
_DATELINE_REACH = 400
_AFTER_DATELINE = re.compile(
    r"\s*(?:\([^)]{0,40}\))?\s*(?:--|\u2014|\u2013|-\s|\.\s|\u7535|$)", re.M
)


def _dateline_date(text: str, dates: Sequence[DateMention]) -> PartialDate | None:
    """The day of a dateline: a full date near the top that ends its line or comes before
    the dash that starts the story ("ALMATY, 20 December 2015", "ASTANA, Dec. 15, 2015 --")."""
    for mention in dates:
        if mention.start > _DATELINE_REACH:
            break
        day = mention.date
        if mention.relative or day is None or day.precision is not DatePrecision.DAY:
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        if mention.start - line_start <= 40 and _AFTER_DATELINE.match(text, mention.end):
            return day
    return None


def _dateline_place(places: Sequence[Toponym], dates: Sequence[DateMention]) -> Toponym | None:
    """The place of a dateline: a place near the top with a date right after it ("АСТАНА,
    15 декабря", "新华社北京12月14日电")."""
    for place in places:
        if place.start > _DATELINE_REACH:
            break
        if any(0 <= d.start - place.end <= 4 for d in dates):
            return place
    return None


def _place_label(toponym: Toponym) -> str:
    place = toponym.place
    if place is None:
        return "unresolved"
    return f"{place.name}, {place.country}" if place.country else place.name


def _date_label(mention: DateMention) -> str:
    if mention.date is None:
        return "relative (no report date)"
    return f"{mention.date}/{mention.until}" if mention.until else str(mention.date)


def _actor_label(actor: Actor) -> str:
    return f"{actor.name} ({actor.role.value})" if actor.role else actor.name
