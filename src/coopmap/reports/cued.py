"""Candidate records from cue words, sentence by sentence: how reports in languages without
the English phrase rules (:mod:`coopmap.reports.records`) propose events and projects.

A language gives its :class:`Cues`: where its sentences end, the words that name an event of
each type ("переговоры", "会谈"), the head words of projects with their sector ("завод",
"铁路"), status cues (the most advanced first) and how a head word's phrase is cut out of its
sentence. In each sentence an event word makes an event and a project word a project; each
takes the sentence's date (the first one; a project's, the one after its status cue when
there is one), its finest place (else the dateline's), its status cue and sectors, with the
words each comes from as evidence. A project is at the finest place of its own clause. A
bare head word with no place ("Завод ... строит компания X") is the project named before, and
what its sentence says goes to that one. Mentions of one project (same phrase, or same head
at the same place with no words the other lacks) and events of one type at one place and date
are merged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopmap.dates import PartialDate
from coopmap.model import Amount, Organisation, Participant, Spec
from coopmap.reports.candidates import Candidate, Evidence
from coopmap.reports.cues import ORDER, PROJECT_ROLES
from coopmap.reports.dates import DateMention
from coopmap.reports.lines import LineWords, find_line
from coopmap.reports.organisations import Actor
from coopmap.reports.quantities import Quantity
from coopmap.reports.records.draft import advanced
from coopmap.reports.records.linking import same_place
from coopmap.reports.records.project_details import part_of
from coopmap.reports.toponyms import Toponym
from coopmap.taxonomy import EventType, LinkType, Precision, RecordKind, Role, Sector, Status

__all__ = ["Cues", "compiled", "propose_cued"]


def compiled(
    table: Sequence[tuple[object, str]], flags: int = 0
) -> tuple[tuple[Any, re.Pattern[str]], ...]:
    """A table of (key, pattern) with its patterns compiled, for :class:`Cues`."""
    return tuple((key, re.compile(pattern, flags)) for key, pattern in table)


@dataclass(frozen=True)
class Cues:
    """What a language's reports say events and projects with.

    ``phrase(sentence, start, end)`` gives the span, within the sentence, of the phrase the
    project word at ``start:end`` heads; ``event_title(type, word, place)`` titles an event
    named by ``word`` at the place written ``place`` (or ``None``); ``place_title(phrase,
    place)`` a project's phrase with its place's name as written; ``in_name(sentence, end)``
    says whether a project word ending at ``end`` is inside an organisation's name
    ("中国铁路工程集团"); ``referring`` matches, at the end of the text before an event word,
    the words that make it one named before ("по итогам", "本次"); ``line_words`` how the
    places of a line are written ("от Хоргоса до Алматы"); ``head_key`` what a head word is
    compared by ("завода" and "завод" are one head); ``own`` matches a project phrase that is
    a part a project has of its own ("собственную электростанцию"), no project of its own;
    ``located`` matches, at the end of the text before a project's phrase, the words that make
    it where another project is ("位于...工业园区内", "расположен на территории");
    ``clause_break`` where a sentence's clauses part (a project is at a place of its own
    clause: "..., а в Актау построят хаб"); ``words(phrase)`` the words a phrase says more
    than its head, so that two mentions of one head are one project only when the words of
    one are among the other's ("завод BYD", "завод китайского автопроизводителя BYD"; not
    "полиэтиленовый завод" and "завод по выпуску бутадиена"); ``phase`` matches, at the end
    of the text before a project word, a phase of that project, a project of its own
    ("вторая очередь" паромного комплекса); ``inside`` matches, at the end of the text
    before a project's phrase, the words that make it the place of a project the sentence
    names after it ("в промышленной зоне ... запущена установка"); ``taking_part`` the words
    that make a sentence's organisations take part in its event or the one before
    ("приняли участие").
    """

    sentence_end: re.Pattern[str]
    events: Sequence[tuple[EventType, re.Pattern[str]]]
    projects: Sequence[tuple[Sector, re.Pattern[str]]]
    statuses: Sequence[tuple[Status, re.Pattern[str]]]
    phrase: Callable[[str, int, int], tuple[int, int]]
    event_title: Callable[[EventType, str, str | None], str]
    place_title: Callable[[str, str | None], str]
    in_name: Callable[[str, int], bool] = lambda sentence, end: False
    referring: re.Pattern[str] | None = None
    line_words: LineWords | None = None
    head_key: Callable[[str], str] = str.lower
    own: re.Pattern[str] | None = None
    located: re.Pattern[str] | None = None
    clause_break: re.Pattern[str] | None = None
    words: Callable[[str], frozenset[str]] | None = None
    taking_part: re.Pattern[str] | None = None
    phase: re.Pattern[str] | None = None
    inside: re.Pattern[str] | None = None


@dataclass(eq=False)
class _Found:
    kind: RecordKind
    phrase: str
    head: str
    sentence: int
    words: frozenset[str] | None = None
    phase: bool = False
    event_type: EventType | None = None
    status: Status | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    place: Toponym | None = None
    line: tuple[Toponym, ...] = ()
    sectors: dict[Sector, None] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    links: dict[tuple[LinkType, str], None] = field(default_factory=dict)
    specs: dict[str, Spec] = field(default_factory=dict)
    amount: Amount | None = None
    organisations: dict[tuple[str, Role | None], Organisation] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)


#: The events the organisations of their sentence take part in.
_TAKEN_PART_IN = frozenset({EventType.SIGNING, EventType.MEETING, EventType.TALKS})

#: The sectors whose projects may run from one place to another (railways, pipelines, lines).
_LINEAR = frozenset({Sector.TRANSPORT, Sector.ENERGY, Sector.ICT})


def _sentences(text: str, cues: Cues) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end_mark in cues.sentence_end.finditer(text):
        if text[start : end_mark.end()].strip():
            spans.append((start, end_mark.end()))
        start = end_mark.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _rank(toponym: Toponym) -> int:
    place = toponym.place
    if place is None or place.precision not in ORDER:
        return len(ORDER)
    return ORDER.index(place.precision)


def propose_cued(
    text: str,
    places: Sequence[Toponym],
    dates: Sequence[DateMention],
    cues: Cues,
    *,
    quantities: Sequence[Quantity] = (),
    actors: Sequence[Actor] = (),
    dateline: Toponym | None = None,
) -> list[Candidate]:
    """The events and projects a report suggests by ``cues``: events, then projects."""
    found: list[_Found] = []
    before: list[_Found] = []  # the events of the sentence before
    last_projects: list[_Found] = []  # the projects of the last sentence that named some
    last_when: list[DateMention] = []  # the dates of the sentence before
    for index, (s, e) in enumerate(_sentences(text, cues)):
        sentence = text[s:e]

        def evidence(fld: str, a: int, b: int, s: int = s, sentence: str = sentence) -> Evidence:
            return Evidence(fld, text[a:b], a, b, sentence.strip(), s)

        here = [t for t in places if s <= t.start < e and t.place is not None]
        when = [d for d in dates if s <= d.start < e and d.date is not None]
        status, cue = _status(sentence, cues)
        projects, referred = _projects(
            text, s, e, index, here, when, (status, cue), cues, actors, found, last_projects
        )
        # the places of the projects are not where the sentence's events are ("signed a deal
        # on a railway in Astana")
        taken_places = {id(p.place) for p in projects if p.place is not None}
        free = [t for t in here if id(t) not in taken_places]
        earlier = [f for f in found if f.kind is RecordKind.EVENT]
        events = _events(
            sentence, s, index, free, when, dateline, before, earlier, cues, evidence, last_when
        )
        people = [a for a in actors if s <= a.start < e and a.kind == "person"]
        for event in events or before[:1] if people else ():
            for person in people:
                event.participants.setdefault(
                    person.name, Participant(name=person.name, kind="person", role="participant")
                )
                event.evidence.append(evidence("participant", person.start, person.end))
        # the companies that sign or meet in the sentence ("«Сибур Холдинг» и Sinopec
        # подписали", "双方签署") take part in it, whatever part they have in a project
        bodies = [a for a in actors if s <= a.start < e and a.kind == "organisation"]
        # "в мероприятии приняли участие ... делегация компании X": the event before
        joined = cues.taking_part is not None and cues.taking_part.search(sentence)
        for event in events or (before[:1] if joined else ()) if bodies else ():
            if event.event_type not in _TAKEN_PART_IN and not joined:
                continue
            for body in bodies:
                event.participants.setdefault(
                    body.name, Participant(name=body.name, kind="organisation", role="participant")
                )
                event.evidence.append(evidence("participant", body.start, body.end))
        sized = [q for q in quantities if s <= q.start < e]
        anchors = sorted([(p.evidence[0].start, p) for p in projects] + referred, key=_first)
        fallback = [(s, p) for p in last_projects[-1:]]
        _attach(anchors or ([] if events else fallback), sized, evidence)
        # an organisation in a project role is a project's even in a sentence about an event
        _attach_actors(anchors or fallback, [a for a in actors if s <= a.start < e], evidence)
        again = [p for _, p in referred if p not in projects]
        if not projects and not events and len(last_projects) == 1 and not again:
            again = last_projects if (when or cue) else []
        for project in again:
            # "... a light railway in Astana. Construction starts in 2016."
            dated = _status_near(sentence, s, when, cues)
            finished = dated in _FINISHED
            if (project.end if finished else project.start) is None and (
                finished or not _after_end(project, when[0].date if when else None)
            ):
                _date(project, when, evidence, dated)
            if cue is not None and status is not None:
                project.status = advanced(project.status, status)
                project.evidence.append(evidence("status", s + cue[0], s + cue[1]))
        for event in events:
            link = LinkType.SIGNED_AT if event.event_type is EventType.SIGNING else None
            for project in projects + again:
                event.links[(link or LinkType.DISCUSSED_AT, project.phrase)] = None
        found += events + projects
        before = events or ([] if projects or again else before)
        last_projects = projects or again or last_projects
        last_when = when
    return _candidates(_merged(found))


#: How far after a project's words a place may be and still be its place ("комплекс в Экибастузе").
_NEXT_TO = 4


def _projects(
    text: str,
    s: int,
    e: int,
    index: int,
    here: list[Toponym],
    when: list[DateMention],
    status_cue: tuple[Status | None, tuple[int, int] | None],
    cues: Cues,
    actors: Sequence[Actor],
    found: list[_Found],
    last_projects: list[_Found],
) -> tuple[list[_Found], list[tuple[int, _Found]]]:
    """The projects the sentence ``text[s:e]`` names, and those it mentions again by their
    bare head word ("Завод мощностью ... строит компания Silleno"), each of these with
    where the sentence mentions it."""
    sentence = text[s:e]
    status, cue = status_cue

    def evidence(fld: str, a: int, b: int) -> Evidence:
        return Evidence(fld, text[a:b], a, b, sentence.strip(), s)

    matches = [(sector, m) for sector, pattern in cues.projects for m in pattern.finditer(sentence)]
    projects: list[_Found] = []
    referred: list[tuple[int, _Found]] = []
    taken: list[tuple[int, int]] = []
    for sector, match in matches:
        # "国家开发银行" lending is a bank, not a development bank to found; a fund
        # that nothing says lends is a project ("中哈产能合作基金")
        inside = any(
            a.start <= s + match.start() and s + match.end() <= a.end
            for a in actors
            if a.role in PROJECT_ROLES and not a.name.endswith(a.cue or "\0")
        )
        if inside or cues.in_name(sentence, match.end()):
            continue
        a, b = cues.phrase(sentence, match.start(), match.end())
        phase = cues.phase.search(sentence, 0, a) if cues.phase is not None else None
        a = phase.start() if phase else a
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        if (
            (cues.own is not None and cues.own.match(sentence, a))
            or (cues.located is not None and cues.located.search(sentence, 0, a))
            or (
                cues.inside is not None
                and cues.inside.search(sentence, 0, a)
                and any(m.start() >= b for _, m in matches)
            )
        ):
            continue
        # a project is at the finest place of its own clause; not in the country of a
        # party when the clause names a town or region too
        clause = _clause(sentence, a, cues)
        mine = [t for t in here if clause[0] <= t.start - s < clause[1]] or here
        local = [t for t in mine if t.place.precision is not Precision.COUNTRY]
        spot = min(local or mine, key=_rank) if mine else None
        # "孔博查工业园", "Атырауский завод": a place in the phrase is the project's
        named_in = [t for t in local if s + a <= t.start < s + b]
        spot = min(named_in, key=_rank) if named_in else spot
        # "комплекс в Экибастузе": the place right after the project's words
        spot = next((t for t in local if 0 <= t.start - (s + b) <= _NEXT_TO), spot)
        head = cues.head_key(sentence[a : match.end()] if phase else match.group(0))
        bare = not phase and sentence[a:b].strip() == match.group(0) and " " not in match[0]
        if bare:
            # the project of its sector just named in the sentence ("孔博查工业园位于..." then
            # "园区于2016年10月开工"), one of its head named before, or the last of its sector
            here_before = [p for p in projects if sector in p.sectors]
            earlier = [f for f in found if f.kind is RecordKind.PROJECT and f.head == head]
            alike = [p for p in last_projects if sector in p.sectors] if not local else []
            referent = (here_before or earlier or alike or [None])[-1]
            if referent is not None and (
                not local or bool(here_before) or _on_its_way(referent, spot)
            ):
                referent.evidence.append(evidence("title", s + a, s + b))
                referred.append((s + a, referent))
                continue
        written = text[spot.start : spot.end] if spot else None
        draft = _Found(
            RecordKind.PROJECT,
            cues.place_title(sentence[a:b].strip(), written),
            head,
            index,
            words=cues.words(sentence[a:b]) - cues.words(match[0]) if cues.words else None,
            phase=phase is not None,
            status=status,
            place=spot,
        )
        draft.sectors[sector] = None
        if cues.line_words is not None and sector in _LINEAR:
            draft.line = find_line(text, here, s, e, cues.line_words)
            named = [t for t in here if s + a <= t.start and t.end <= s + b]
            if (
                not draft.line
                and len(named) >= 2
                and all(
                    _DASH.fullmatch(text[x.end : y.start]) for x, y in itertools.pairwise(named)
                )
            ):
                draft.line = tuple(named)  # "нефтепровод Атасу \u2013 Алашанькоу"
        draft.evidence.append(evidence("title", s + a, s + b))
        draft.evidence.append(evidence("sector", s + match.start(), s + match.end()))
        if cue is not None:
            draft.evidence.append(evidence("status", s + cue[0], s + cue[1]))
        _date(draft, when, evidence, _status_near(sentence, s, when, cues))
        projects.append(draft)
    return projects, referred


_DASH = re.compile(r"\s*[\u2013\u2014-]\s*")


def _on_its_way(project: _Found, spot: Toponym | None) -> bool:
    """Whether ``spot`` is the project's place or a place its line runs through."""
    mine = [t.place for t in (project.place, *project.line) if t is not None and t.place]
    return spot is not None and any(same_place(p, spot.place) is True for p in mine)


def _clause(sentence: str, at: int, cues: Cues) -> tuple[int, int]:
    """The span of the clause of ``sentence`` that ``at`` is in."""
    if cues.clause_break is None:
        return 0, len(sentence)
    start, end = 0, len(sentence)
    for mark in cues.clause_break.finditer(sentence):
        if mark.end() <= at:
            start = mark.end()
        elif mark.start() >= at:
            end = mark.start()
            break
    return start, end


def _events(
    sentence: str,
    s: int,
    index: int,
    here: list[Toponym],
    when: list[DateMention],
    dateline: Toponym | None,
    before: list[_Found],
    earlier: list[_Found],
    cues: Cues,
    evidence: Callable[..., Evidence],
    before_when: Sequence[DateMention] = (),
) -> list[_Found]:
    """The events a sentence names. One that says neither where nor when and follows a
    sentence that named an event is that event again ("после переговоров", "会谈后"), or, a
    signing, takes its place and date; one named as named before ("本次会议") is the last
    event of its type; one that says no date of its own takes the one date of the sentence
    before (``before_when``)."""
    events: list[_Found] = []
    place = min(here, key=_rank) if here else None
    for event_type, pattern in cues.events:
        match = pattern.search(sentence)
        if match is None or any(f.event_type is event_type for f in events):
            continue
        own = place is not None or bool(when)
        previous = before[0] if before else None
        referred = cues.referring is not None and cues.referring.search(sentence, 0, match.start())
        same = [f for f in earlier if f.event_type is event_type]
        if referred and same:
            same[-1].evidence.append(evidence("event_type", s + match.start(), s + match.end()))
            continue
        if not own and previous is not None and event_type is not EventType.SIGNING:
            previous.evidence.append(evidence("event_type", s + match.start(), s + match.end()))
            continue
        if not own and previous is None and event_type is EventType.SIGNING and earlier:
            # a signing that says neither where nor when is at the last event ("会晤期间"
            # before "签署了")
            previous = earlier[-1]
        spot = place or (previous.place if previous and not own else None) or dateline
        written = sentence[spot.start - s : spot.end - s] if spot and spot in here else None
        if spot is not None and written is None:
            written = spot.name
        a, b = cues.phrase(sentence, match.start(), match.end())
        draft = _Found(
            RecordKind.EVENT,
            cues.event_title(event_type, sentence[a:b].strip(), written),
            cues.head_key(match.group(0)),
            index,
            event_type=event_type,
            place=spot,
        )
        draft.evidence.append(evidence("event_type", s + match.start(), s + match.end()))
        if (a, b) != (match.start(), match.end()):
            draft.evidence.append(evidence("title", s + a, s + b))
        if when:
            _date(draft, when, evidence)
        elif previous is not None and not own:
            draft.start, draft.end = previous.start, previous.end
        elif len(before_when) == 1:
            # a plant that opened "last Friday", then "the opening ceremony was attended
            # by ...": the day the sentence before gives
            _date(draft, list(before_when), evidence)
        events.append(draft)
    return events


def _first(anchor: tuple[int, _Found]) -> int:
    return anchor[0]


def _attach(
    anchors: list[tuple[int, _Found]],
    quantities: list[Quantity],
    evidence: Callable[..., Evidence],
) -> None:
    """Each quantity to the project mentioned last before it (else the first of the
    sentence; ``anchors`` are the projects with where the sentence mentions them): its
    amount or a specification."""
    for q in quantities:
        part = part_of(q)
        if part is None or not anchors:
            continue
        before = [p for start, p in anchors if start <= q.start]
        owner = before[-1] if before else anchors[0][1]
        if isinstance(part, Amount):
            if owner.amount is None:
                owner.amount = part
                owner.evidence.append(evidence("amount", q.start, q.end))
        elif part.key not in owner.specs:
            owner.specs[part.key] = part
            owner.evidence.append(evidence("spec", q.start, q.end))


def _attach_actors(
    anchors: list[tuple[int, _Found]], actors: list[Actor], evidence: Callable[..., Evidence]
) -> None:
    """Each organisation in a project role to the project mentioned last before it (else
    the first of the sentence)."""
    for actor in actors:
        if actor.kind != "organisation" or actor.role not in PROJECT_ROLES or not anchors:
            continue
        before = [p for start, p in anchors if start <= actor.start]
        owner = before[-1] if before else anchors[0][1]
        owner.organisations.setdefault(
            (actor.name, actor.role), Organisation(name=actor.name, role=actor.role)
        )
        owner.evidence.append(evidence("organisation", actor.start, actor.end))


def _status(sentence: str, cues: Cues) -> tuple[Status | None, tuple[int, int] | None]:
    for status, pattern in cues.statuses:
        match = pattern.search(sentence)
        if match:
            return status, match.span()
    return None, None


def _status_near(sentence: str, s: int, when: list[DateMention], cues: Cues) -> Status | None:
    """The status whose cue is nearest the sentence's first date: what that date is of
    ("于2011年10月开工建设，比合同工期提前完工" dates the start)."""
    if not when:
        return None
    at = when[0].start - s
    near: tuple[int, Status] | None = None
    for status, pattern in cues.statuses:
        for match in pattern.finditer(sentence):
            distance = min(abs(match.start() - at), abs(match.end() - at))
            if near is None or distance < near[0]:
                near = (distance, status)
    return near[1] if near else None


#: Statuses whose sentence dates a project's finish ("建成", "введён в эксплуатацию"), not
#: its start ("开工", "строительство началось").
_FINISHED = frozenset({Status.COMPLETED, Status.OPERATING})


def _date(
    draft: _Found,
    when: list[DateMention],
    evidence: Callable[..., Evidence],
    status: Status | None = None,
) -> None:
    if not when:
        return
    mention = when[0]
    if draft.kind is RecordKind.PROJECT and status in _FINISHED:
        draft.end = mention.until or mention.date
    else:
        draft.start, draft.end = mention.date, mention.until
    draft.evidence.append(evidence("date", mention.start, mention.end))
    if draft.place is not None:
        draft.evidence.append(evidence("place", draft.place.start, draft.place.end))


def _same_place(a: _Found, b: _Found) -> bool:
    """Unknown places agree with any; a country is the same place as a place inside it."""
    pa = a.place.place if a.place else None
    pb = b.place.place if b.place else None
    return same_place(pa, pb) in (True, None)


def _placed_alike(a: _Found, b: _Found) -> bool:
    """Both are placed, at the same town or region."""
    pa = a.place.place if a.place else None
    pb = b.place.place if b.place else None
    return (
        pa is not None
        and pb is not None
        and pa.precision is not Precision.COUNTRY
        and (same_place(pa, pb) is True)
    )


def _one(kept: _Found, draft: _Found) -> bool:
    """Whether ``draft`` names the event or project ``kept`` is."""
    if kept.kind is not draft.kind or not _same_place(kept, draft):
        return False
    if kept.phrase == draft.phrase:
        return True
    if draft.kind is RecordKind.EVENT:
        return kept.event_type is draft.event_type and draft.start in (None, kept.start)
    if kept.phase != draft.phase:
        return False  # "вторая очередь паромного комплекса" is not the complex
    agree = kept.words is None or draft.words is None
    agree = agree or kept.words <= draft.words or draft.words <= kept.words
    if kept.head == draft.head and agree:
        return True
    # "алюминиевый комплекс в Экибастузе" in the headline, "промышленно-энергетический
    # комплекс в Экибастузе" below: one complex
    return (
        kept.head.split()[-1:] == draft.head.split()[-1:]
        and _placed_alike(kept, draft)
        and (agree or kept.sentence == 0)
    )


def _after_end(project: _Found, start: PartialDate | None) -> bool:
    """Whether ``start`` is after the end ``project`` has: another step's date, not its
    start."""
    return bool(start and project.end and start.first_day > project.end.first_day)


def _merged(found: list[_Found]) -> list[_Found]:
    kept: list[_Found] = []
    for draft in found:
        twin = next((k for k in kept if _one(k, draft)), None)
        if twin is None:
            kept.append(draft)
            continue
        twin.evidence += draft.evidence
        twin.sectors.update(draft.sectors)
        twin.links.update(draft.links)
        twin.place = twin.place or draft.place
        twin.line = twin.line or draft.line
        twin.amount = twin.amount or draft.amount
        for key, organisation in draft.organisations.items():
            twin.organisations.setdefault(key, organisation)
        for name, participant in draft.participants.items():
            twin.participants.setdefault(name, participant)
        for key, spec in draft.specs.items():
            twin.specs.setdefault(key, spec)
        twin.start = twin.start or (None if _after_end(twin, draft.start) else draft.start)
        twin.end = twin.end or draft.end
        twin.status = advanced(twin.status, draft.status)
    return kept


def _candidates(found: list[_Found]) -> list[Candidate]:
    used: set[str] = set()
    keys: dict[int, str] = {}
    phrases: dict[str, str] = {}
    for draft in found:
        prefix = "event" if draft.kind is RecordKind.EVENT else "project"
        key, n = f"{prefix}:{draft.phrase}", 1
        while key in used:
            n += 1
            key = f"{prefix}:{draft.phrase}:{n}"
        used.add(key)
        keys[id(draft)] = key
        if draft.kind is RecordKind.PROJECT:
            phrases.setdefault(draft.phrase, key)
    ordered = [d for d in found if d.kind is RecordKind.EVENT] + [
        d for d in found if d.kind is RecordKind.PROJECT
    ]
    return [
        Candidate(
            kind=d.kind,
            key=keys[id(d)],
            title=d.phrase,
            sectors=tuple(d.sectors),
            start=d.start,
            end=d.end,
            places=(d.place,) if d.place else (),
            line=d.line,
            countries=(d.place.place.country,) if d.place and d.place.place.country else (),
            evidence=tuple(sorted(d.evidence, key=lambda e: (e.start, e.field))),
            event_type=d.event_type,
            status=d.status,
            links=tuple((t, phrases[p]) for t, p in d.links if p in phrases),
            specs=tuple(d.specs.values()),
            organisations=tuple(d.organisations.values()),
            participants=tuple(d.participants.values()),
            amount=d.amount,
        )
        for d in ordered
    ]
