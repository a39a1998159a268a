"""Which drafts belong together: the events and projects of one sentence are linked, and
drafts that name one record ("a light railway ... in Astana", "the railway") are merged."""

from __future__ import annotations

from geopy.distance import great_circle

from coopmap.places import Place
from coopmap.reports.cues import DEAL_HEADS, PROJECT_HEADS
from coopmap.reports.records.draft import Draft, advanced, rank
from coopmap.reports.records.report import Report
from coopmap.taxonomy import EventType, LinkType, Precision, RecordKind, Status

__all__ = ["link", "merge", "merge_projects", "same_place"]


def link(report: Report, index: int, events: list[Draft], projects: list[Draft]) -> None:
    """A sentence's events link to its projects: signed at a signing, else discussed."""
    if not events or not projects:
        return
    signing = any(e.event_type is EventType.SIGNING for e in events)
    kind = LinkType.SIGNED_AT if signing else LinkType.DISCUSSED_AT
    s, e = report.sentence(index)
    for event in events:
        for project in projects:
            event.links[(kind, project)] = None
        for item in list(event.evidence):
            if item.field == "event_type" and s <= item.start < e:
                report.evidence(event, "link", item.start, item.end)
    if signing:
        for project in projects:
            project.status = advanced(project.status, Status.AGREED)


def merge(draft: Draft, into: Draft) -> None:
    """Merge ``draft`` into ``into``, which keeps what either says (the finer place, the
    further status, the longer title of a project)."""
    draft.merged_into = into
    into.evidence.extend(e for e in draft.evidence if e not in into.evidence)
    if not draft.referring:  # "after the talks" says nothing new about the talks
        into.sectors.update(draft.sectors)
    into.countries.update(draft.countries)
    for name, participant in draft.participants.items():
        if name not in into.participants or not into.participants[name].role:
            into.participants[name] = participant
    into.organisations.update(draft.organisations)
    for key, spec in draft.specs.items():
        into.specs.setdefault(key, spec)
    into.links.update(draft.links)
    if draft.place is not None and (into.place is None or rank(draft.place) < rank(into.place)):
        into.place = draft.place  # "Beijing" is a better place than "China"
    if into.date is None and draft.date is not None:
        into.date = draft.date
    into.start = into.start or draft.start
    into.end = into.end or draft.end
    into.amount = into.amount or draft.amount
    into.line = into.line or draft.line
    into.status = advanced(into.status, draft.status)
    into.words = into.words | draft.words
    if len(draft.signed or "") > len(into.signed or ""):
        into.signed = draft.signed
    if (
        draft.kind is RecordKind.PROJECT
        and not draft.definite
        and (into.definite or len(draft.phrase) > len(into.phrase))
    ):
        into.phrase = draft.phrase
        into.definite = False


def merge_projects(projects: list[Draft], headlines: frozenset[int] = frozenset()) -> list[Draft]:
    """The projects that are left when mentions of one project are merged, in order; a
    project of the lead that the headline names in other words is the headline's
    (``headlines``: the sentences of the headline)."""
    kept: list[Draft] = []
    for draft in projects:
        headline = [k for k in kept if _in_headline(k, draft, headlines)]
        if headline and draft.sentence not in headlines:
            merge(draft, headline[0])
            continue
        if draft.named_only:
            # "the Condor Cliff and La Barrancosa dams" after "two hydroelectric dams" names
            # them; else it waits for a mention to be of it
            alike = [k for k in kept if not k.named_only and _same_project(k, draft)]
            if alike:
                merge(draft, max(alike, key=_mentions))
            else:
                kept.append(draft)
            continue
        alike = [k for k in kept if _same_project(k, draft)]
        # "the railway" is the one the report is about (named most often), else the last
        # one named: not "a metre-gauge railway" it replaces, mentioned in passing; "the
        # airport" may be one only named so far ("a flight at New Gwadar Airport")
        earlier = [k for k in reversed(kept) if _refers_back(k, draft)]
        # "the 350 km line between Budapest and Belgrade": the one there, if one is
        here = [k for k in alike + earlier if _on_its_way(k, draft)]
        same = max(here or alike or earlier, key=_mentions, default=None)
        if same is None:
            kept.append(draft)
            continue
        if _places_differ(same, draft):
            draft.place = None  # the place of a clause that only mentions it again
        merge(draft, same)
        same.named_only = False
    return [k for k in _lines_placed(kept) if not k.named_only]


def _in_headline(a: Draft, b: Draft, headlines: frozenset[int]) -> bool:
    """Whether ``a`` is named in the headline and ``b`` in the lead below it, both of one head
    and sector, at no other place ("first HVDC line" and "a high-voltage direct current line
    between Matiari and Lahore")."""
    return (
        a.sentence in headlines
        and b.sentence not in headlines
        and b.sentence <= max(headlines) + _LEAD_SENTENCES
        and a.head == b.head
        and (not a.sectors or not b.sectors or _share_sector(a, b))
        and not _places_differ(a, b)
        and not a.named_only
    )


#: How many sentences after the headline are its lead.
_LEAD_SENTENCES = 2


def _lines_placed(kept: list[Draft]) -> list[Draft]:
    """The drafts, with each line of no sector that is no other project's mention ("a
    fourth line through Tajikistan", "work on it remains on hold") kept if it says more
    than its name (a status, a route, a size), of the sectors of the project before it."""
    placed = []
    for draft in kept:
        if draft.refers_only:
            if not (draft.status or draft.line or draft.specs):
                continue
            before = next((k for k in reversed(placed) if k.sectors), None)
            if before is None:
                continue
            draft.sectors.update(before.sectors)
        placed.append(draft)
    return placed


def _mentions(draft: Draft) -> int:
    return sum(e.field == "title" for e in draft.evidence)


def _places_differ(a: Draft, b: Draft) -> bool:
    return _places_agree(a, b) is False


def _on_its_way(a: Draft, b: Draft) -> bool:
    """Whether ``b``'s place, a place its line runs through or the country of its demonym
    is ``a``'s."""
    places = [t.place for t in (b.place, *b.line) if t is not None and t.place is not None]
    mine = a.place.place if a.place else None
    if mine is not None and b.demonym is not None and mine.country == b.demonym:
        return True  # "the Kenyan line"
    return any(same_place(mine, place) for place in places)


def _places_agree(a: Draft, b: Draft) -> bool | None:
    return same_place(a.place.place if a.place else None, b.place.place if b.place else None)


def same_place(a: Place | None, b: Place | None) -> bool | None:
    """``None`` when one is unknown; a country or a first-level region is the same place as
    a place inside it, and a town the same as its district or suburb (Zemun and Belgrade)."""
    if a is None or b is None:
        return None
    if (a.name, a.country) == (b.name, b.country):
        return True
    if a.country != b.country or not a.country:
        return False
    if Precision.COUNTRY in (a.precision, b.precision):
        return True
    region, other = (a, b) if a.precision is Precision.ADMIN1 else (b, a)
    if region.precision is Precision.ADMIN1 and other.precision is not Precision.ADMIN1:
        return other.admin1 is not None and other.admin1 == region.admin1
    local = {a.precision, b.precision} <= _LOCAL
    return local and great_circle((a.lat, a.lon), (b.lat, b.lon)).km <= NEIGHBOURS_KM


#: How far apart two towns may be and still be one place to a report: a city and its suburb.
NEIGHBOURS_KM = 15.0
_LOCAL = frozenset({Precision.EXACT, Precision.NEAR, Precision.CITY})


def _same_project(a: Draft, b: Draft) -> bool:
    """Whether ``b`` names the project ``a`` is: the same words, or fewer of them, at no
    other place."""
    if not a.words or not b.words or not (a.words <= b.words or b.words <= a.words):
        return False
    if _named_apart(a, b) or _lines_apart(a, b):
        return False  # "the Isimba plant" after "the Karuma plant" is another
    near = b.sentence - a.sentence <= _NEAR_SENTENCES
    other = not b.names <= a.names and _places_differ(a, b)
    if b.definite and b.words <= a.words and near and not other:
        # "the dry port" or "the new terminal" soon after it was named is it, wherever the
        # clause that names it again places it ("facing the Chinese town of Horgos"), unless
        # names of its own place it elsewhere ("the Budapest-Belgrade railway in Serbia")
        return True
    return _places_agree(a, b) in (True, None)


#: How many sentences after a project a definite mention of its words is taken to be it.
_NEAR_SENTENCES = 5


def _refers_back(earlier: Draft, draft: Draft) -> bool:
    """Whether ``draft`` is "the railway" or "the deal on the line" about ``earlier``: a
    definite phrase of bare project words, of ``earlier``'s sector if it names one."""
    if not draft.definite or draft.proper or _named_apart(earlier, draft):
        return False
    if _lines_apart(earlier, draft):
        return False  # "the 187 km line from Abuja to Kaduna" after the Lagos-Ibadan railway
    if not draft.names <= earlier.names and _places_differ(earlier, draft):
        return False  # "the Budapest-Belgrade railway" after one in Kenya is another
    if not draft.words <= PROJECT_HEADS | DEAL_HEADS:
        # "the run-of-river plant" soon after "the Karot hydropower plant": the same head,
        # of no other sector
        return (
            # "the single-track line"; "the capital's old coal-fired station" after "the
            # Bishkek combined heat and power plant"
            (draft.head == earlier.head or draft.refers_only or _both_plants(earlier, draft))
            and draft.sentence - earlier.sentence <= _NEAR_SENTENCES
            and (not draft.sectors or not earlier.sectors or _share_sector(earlier, draft))
        )
    # "the plant" after a wind farm: words that name any kind of project agree with any sector
    generic = draft.words <= _ANY_KIND
    return generic or not draft.sectors or _share_sector(earlier, draft)


def _lines_apart(a: Draft, b: Draft) -> bool:
    """Whether ``b`` runs between places of its own and ``a``, placed, is at none of them
    (its line's or its place)."""
    if not b.line:
        return False
    mine = [t.place for t in (a.line or (a.place,)) if t is not None and t.place is not None]
    if not mine:
        return False
    return not any(
        same_place(p, t.place) is True for t in b.line if t.place is not None for p in mine
    )


def _named_apart(a: Draft, b: Draft) -> bool:
    """Whether both have names of their own that are no place's, and none in common."""
    return bool(a.own_names and b.own_names and not a.own_names & b.own_names)


def _both_plants(a: Draft, b: Draft) -> bool:
    """Whether two drafts are both a plant by another word ("plant", "station", "factory")."""
    return a.head in _PLANT_HEADS and b.head in _PLANT_HEADS


#: Heads that name one kind of thing: a plant that makes something.
_PLANT_HEADS = frozenset({"plant", "station", "factory", "facility", "works", "complex"})


def _share_sector(a: Draft, b: Draft) -> bool:
    return bool(set(a.sectors) & set(b.sectors))


#: Project words of no particular sector.
_ANY_KIND = frozenset(
    {"plant", "plants", "facility", "facilities", "project", "projects", "complex", "site"}
)
