"""A candidate record while it is built: a :class:`Draft`, and how statuses and places rank."""

from __future__ import annotations

from dataclasses import dataclass, field

from coopmap.dates import PartialDate
from coopmap.model import Amount, Organisation, Participant, Spec
from coopmap.reports.candidates import Evidence
from coopmap.reports.cues import ORDER, STATUS_CUES
from coopmap.reports.dates import DateMention
from coopmap.reports.toponyms import Toponym
from coopmap.taxonomy import EventType, LinkType, RecordKind, Role, Sector, Status

__all__ = ["Draft", "advanced", "rank"]


@dataclass(eq=False)
class Draft:
    """A candidate while it is built; a draft merged into another lives on in it."""

    kind: RecordKind
    phrase: str
    sentence: int
    anchor: int  # where its title words start in the report
    event_type: EventType | None = None
    head: str = ""
    words: frozenset[str] = frozenset()  # content words that identify a project
    referring: bool = False  # "after their talks"
    definite: bool = False  # "the railway": perhaps one named before
    proper: bool = False  # a proper name ("East Coast Rail Link")
    # the names in its phrase ("budapest" and "belgrade" of "the Budapest-Belgrade railway")
    names: frozenset[str] = frozenset()
    own_names: frozenset[str] = frozenset()  # names that are no place's ("Isimba", not "Serbian")
    generic: bool = False  # a plural with no determiner: "batteries from coal-powered smelters"
    possessed: bool = False  # a plural a party has: "power from its southern plants"
    demonym: str | None = None  # the country of a demonym in its phrase ("the Kenyan line")
    # a proper name its clause says nothing of a project about ("the first flight at New
    # Gwadar International Airport"): a project only if a later mention ("the airport was
    # built by ...") is of it
    named_only: bool = False
    # "the 350 km line between ...", of no sector: a mention of a project named before, or
    # nothing
    refers_only: bool = False
    place: Toponym | None = None
    line: tuple[Toponym, ...] = ()  # the places a line runs through ("from A to B")
    date: DateMention | None = None
    status: Status | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    sectors: dict[Sector, None] = field(default_factory=dict)
    countries: dict[str, None] = field(default_factory=dict)
    # by name and role: one party may build and run it
    organisations: dict[tuple[str, Role | None], Organisation] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    specs: dict[str, Spec] = field(default_factory=dict)
    amount: Amount | None = None
    evidence: list[Evidence] = field(default_factory=list)
    links: dict[tuple[LinkType, Draft], None] = field(default_factory=dict)
    signed: str | None = None  # what a signing signed
    merged_into: Draft | None = None

    def root(self) -> Draft:
        """The draft this one was merged into, at the end of the chain (else itself)."""
        draft = self
        while draft.merged_into is not None:
            draft = draft.merged_into
        return draft


def advanced(a: Status | None, b: Status | None) -> Status | None:
    """The further on of two statuses, in the order of :data:`~coopmap.reports.cues.STATUS_CUES`."""
    order = [status for status, _ in STATUS_CUES]
    known = [s for s in (a, b) if s is not None]
    return min(known, key=order.index) if known else None


def rank(toponym: Toponym) -> int:
    """How fine a place is: 0 for the finest (:data:`~coopmap.reports.cues.ORDER`)."""
    place = toponym.place
    if place is None or place.precision not in ORDER:
        return len(ORDER)
    return ORDER.index(place.precision)
