"""Candidate records from the mentions in a report: events and projects, with evidence.

Events come from the words that name them ("held talks", "meeting", "conference", "visit",
"signed"). Each takes the date and the place nearest to its word (fewest commas away; the
finest place first), the people of its sentence, the organisations next to it, and the sectors
its clause names. An event that says neither where nor when is merged into the one it refers
to ("after their talks"), or takes them from the event just before it ("The sides signed ..."
after the meeting; "on the same day"); otherwise it is no record. Events of one type at one
place or date are one event ("Meeting in China" in a headline, "met ... in Beijing").

Projects come from noun phrases that end in a project word and name a sector ("a light
railway transportation system", "the 22.4 km light railway", "a capacity cooperation fund"),
from phrases that share a head ("steel, smelting and cement projects"), from lists after
"projects in" / "those related to", and from deals that say what about ("agreements on
production capacity, energy and quality control"). A project takes from its clause a status
cue ("launched", "will start", "expected to kick off"), the date that cue starts, the place,
the organisations in a role (contractor, funder, operator) and the quantities (length,
stations, capacity, money); a next sentence that goes on about it ("Construction is expected
to start by the year-end") adds to it. Mentions of one project ("a light railway ... in
Astana", "the 22.4 km light railway in Astana", "the railway", "a deal on the line") are
merged. Events link to the projects of their sentence: signed at a signing, else discussed.

Every field keeps its :class:`~coopmap.extract.candidates.Evidence`: the words, their span and
their sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coopmap.dates import PartialDate
from coopmap.extract.candidates import Candidate, Evidence, Mentions
from coopmap.extract.cues import (
    CLAUSE_BREAK,
    CONTINUES,
    DEAL_HEADS,
    DEFINITE,
    ENDS,
    EVENT_VERBS,
    EVENT_WORDS,
    LIST_HEADS,
    LIST_INTRO,
    LIST_SEPARATOR,
    MAX_PHRASE,
    NOT_SPECS,
    OBJECT_FILLER,
    ORDER,
    PROJECT_HEADS,
    PROJECT_ROLES,
    REFERRING,
    SAME_DAY,
    SIGNED_ADJECTIVE,
    SIGNED_FILLER,
    SPEC_KEYS,
    STARTS,
    STATUS_CUES,
    STOP,
)
from coopmap.extract.dates import DateMention
from coopmap.extract.organisations import Actor
from coopmap.extract.tokens import Token
from coopmap.extract.toponyms import Toponym
from coopmap.model import (
    Amount,
    Organisation,
    Participant,
    Spec,
)
from coopmap.places import Place
from coopmap.taxonomy import EventType, LinkType, Precision, RecordKind, Role, Sector, Status

__all__ = ["propose"]


# -- building -------------------------------------------------------------------------------


@dataclass(eq=False)
class _Draft:
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
    place: Toponym | None = None
    date: DateMention | None = None
    status: Status | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    sectors: dict[Sector, None] = field(default_factory=dict)
    countries: dict[str, None] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    participants: dict[str, Participant] = field(default_factory=dict)
    specs: dict[str, Spec] = field(default_factory=dict)
    amount: Amount | None = None
    evidence: list[Evidence] = field(default_factory=list)
    links: dict[tuple[LinkType, _Draft], None] = field(default_factory=dict)
    signed: str | None = None  # what a signing signed
    merged_into: _Draft | None = None

    def root(self) -> _Draft:
        draft = self
        while draft.merged_into is not None:
            draft = draft.merged_into
        return draft


class _Builder:
    """Reads one report's mentions sentence by sentence into drafts, then candidates."""

    def __init__(self, mentions: Mentions) -> None:
        self.m = mentions
        self.text = mentions.text
        self.events: list[_Draft] = []
        self.projects: list[_Draft] = []
        self.recent: _Draft | None = None  # the event a report spoke of last
        self.recent_sentence = -1

    # -- helpers

    def sentence(self, index: int) -> tuple[int, int]:
        return self.m.sentences[index]

    def evidence(self, draft: _Draft, name: str, start: int, end: int) -> None:
        s, e = next(
            ((a, b) for a, b in self.m.sentences if a <= start < b), self.sentence(draft.sentence)
        )
        item = Evidence(name, self.text[start:end], start, end, self.text[s:e], s)
        if item not in draft.evidence:
            draft.evidence.append(item)

    def split(self, pattern: re.Pattern[str], s: int, e: int) -> list[tuple[int, int]]:
        """The spans of ``text[s:e]`` between the matches of ``pattern``."""
        spans, start = [], s
        for match in pattern.finditer(self.text, s, e):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, e))
        return spans

    def clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        return self.split(CLAUSE_BREAK, s, e)

    def clause_of(self, index: int, at: int) -> tuple[int, int]:
        s, e = self.sentence(index)
        return next((c for c in self.clauses(s, e) if c[0] <= at < c[1]), (s, e))

    @staticmethod
    def within(items: Iterable[Any], s: int, e: int) -> list[Any]:
        return [x for x in items if s <= x.start and x.end <= e]

    def in_actor(self, start: int, end: int) -> bool:
        return any(a.start <= start and end <= a.end for a in self.m.actors)

    def in_quantity(self, token: Token) -> bool:
        return any(q.start <= token.start < q.end for q in self.m.quantities)

    def tokens_of(self, s: int, e: int) -> list[Token]:
        return [t for t in self.m.tokens if s <= t.start and t.end <= e]

    def phrase_start(
        self, tokens: list[Token], k: int, *, of: bool = False, actors: bool = False
    ) -> int:
        """The first token of the noun phrase that ends at ``tokens[k]`` (with ``of``:
        "heads of government meeting"; with ``actors``: "SCO heads ... meeting")."""
        first, count = k, 0
        while first > 0 and count < MAX_PHRASE:
            t = tokens[first - 1]
            glued = first > 1 and t.start == tokens[first - 2].end and t.end == tokens[first].start
            if t.text in "-'\u2019" and (
                glued or (t.text != "-" and t.start == tokens[first - 2].end)
            ):
                first -= 1  # "early-harvest", "ministers'"
                continue
            if of and t.key == "of" and first > 1 and _word(tokens[first - 2]):
                first -= 1  # "heads of government meeting"
                continue
            if not _word(t) or (not actors and self.in_actor(t.start, t.end)):
                break
            first -= 1
            count += 1
        return first

    def phrase_end(self, tokens: list[Token], k: int) -> int:
        """The last token of the noun phrase that starts at ``tokens[k]``."""
        last = k
        while last + 1 < len(tokens) and last - k < MAX_PHRASE:
            t = tokens[last + 1]
            if (t.key == "and" and last + 2 < len(tokens) and _word(tokens[last + 2])) or _word(t):
                last += 1
            else:
                break
        return last

    def words_of(self, tokens: list[Token], first: int, last: int) -> str:
        return " ".join(self.text[tokens[first].start : tokens[last].end].split())

    def commas(self, a: int, b: int) -> int:
        """How many commas (a semicolon counts two) lie between two offsets."""
        lo, hi = min(a, b), max(a, b)
        return self.text.count(",", lo, hi) + 2 * self.text.count(";", lo, hi)

    def pick_date(self, scope: tuple[int, int], at: int) -> DateMention | None:
        """The date nearest to ``at``: fewest commas away, then after it, then closest."""
        dates = [d for d in self.within(self.m.dates, *scope) if d.date is not None]
        if not dates:
            return None
        return min(dates, key=lambda d: (self.commas(d.start, at), d.start < at, abs(d.start - at)))

    def pick_place(
        self, scope: tuple[int, int], at: int, *, besides: Iterable[Toponym] = ()
    ) -> Toponym | None:
        skip = {(t.start, t.end) for t in besides}
        places = [
            t
            for t in self.within(self.m.places, *scope)
            if self.placeable(t) and (t.start, t.end) not in skip
        ]
        if not places:
            return None
        return min(
            places,
            key=lambda t: (self.commas(t.start, at), _rank(t), t.start < at, abs(t.start - at)),
        )

    def placeable(self, toponym: Toponym) -> bool:
        """Whether a record can be at it: resolved, no demonym, not half of "China-Kazakhstan"."""
        return toponym.place is not None and not toponym.demonym and not self.paired(toponym)

    def paired(self, toponym: Toponym) -> bool:
        ends = {t.end for t in self.m.places}
        starts = {t.start for t in self.m.places}
        before = self.text[toponym.start - 1 : toponym.start] if toponym.start else ""
        after = self.text[toponym.end : toponym.end + 1]
        return (before in ("-", "\u2013") and toponym.start - 1 in ends) or (
            after in ("-", "\u2013") and toponym.end + 1 in starts
        )

    def set_date(self, draft: _Draft, mention: DateMention) -> None:
        draft.date = mention
        draft.start, draft.end = mention.date, mention.until
        self.evidence(draft, "date", mention.start, mention.end)

    def set_place(self, draft: _Draft, toponym: Toponym) -> None:
        draft.place = toponym
        if toponym.place is not None and toponym.place.country:
            draft.countries[toponym.place.country] = None
        self.evidence(draft, "place", toponym.start, toponym.end)

    def add_sectors(self, draft: _Draft, s: int, e: int) -> None:
        for mention in self.within(self.m.sectors, s, e):
            if not self.in_actor(mention.start, mention.end):
                draft.sectors[mention.sector] = None
                self.evidence(draft, "sector", mention.start, mention.end)

    # -- events

    def find_events(self, index: int, *, besides: list[Toponym]) -> list[_Draft]:
        """The events named in a sentence; those kept or merged, for linking."""
        s, e = self.sentence(index)
        tokens = self.tokens_of(s, e)
        at = {t.start: k for k, t in enumerate(tokens)}
        found: dict[int, EventType] = {}
        for kind, pattern in EVENT_WORDS:
            for match in pattern.finditer(self.text, s, e):
                k = at.get(match.start())
                if k is None or k in found or self.in_actor(match.start(), match.end()):
                    continue
                if kind is EventType.SIGNING and _describes_a_deal(tokens, k):
                    continue  # "a recently signed agreement" names a deal, not an event
                found[k] = kind
        drafts = [
            self.event(index, kind, tokens, k, single=len(found) == 1, besides=besides)
            for k, kind in sorted(found.items())
        ]
        return self.settle(drafts)

    def event(
        self,
        index: int,
        kind: EventType,
        tokens: list[Token],
        k: int,
        *,
        single: bool,
        besides: list[Toponym],
    ) -> _Draft:
        token = tokens[k]
        sentence = self.sentence(index)
        scope = sentence if single else self.clause_of(index, token.start)
        first = last = k
        if kind is not EventType.SIGNING and token.key not in EVENT_VERBS:
            first = self.phrase_start(tokens, k, of=True, actors=True)
            last = self.of_phrase(tokens, k)  # "meeting of SCO heads of government"
        phrase = self.words_of(tokens, first, last)
        if token.key in EVENT_VERBS:
            phrase = kind.label.split()[-1].lower() if kind is EventType.MEETING else kind.value
        draft = _Draft(RecordKind.EVENT, phrase, index, tokens[first].start, event_type=kind)
        # "after their talks" refers back; "the signing of cooperation deals" does not
        draft.referring = (
            first > 0
            and tokens[first - 1].key in REFERRING
            and not (last + 1 < len(tokens) and tokens[last + 1].key == "of")
        )
        self.evidence(draft, "event_type", token.start, token.end)
        if last > k or first < k:
            self.evidence(draft, "title", tokens[first].start, tokens[last].end)
        if kind is EventType.SIGNING:
            draft.signed = self.signed_object(tokens, k)
        date = self.pick_date(sentence, token.start)
        if date is not None:
            self.set_date(draft, date)
        # a place written before the event word that a project of the sentence took is the
        # project's ("the light railway in Astana ... the deal signed in May")
        taken = [t for t in besides if t.start < token.start]
        place = self.pick_place(sentence, token.start, besides=taken)
        if place is not None:
            self.set_place(draft, place)
        for actor in self.within(self.m.actors, *sentence):
            # people take part in what their sentence tells; organisations in what is
            # written next to them
            near = self.commas(actor.start, token.start) == 0 or (
                tokens[first].start <= actor.start and actor.end <= tokens[last].end
            )
            if actor.kind == "person" or near:
                self.add_participant(draft, actor)
        for toponym in self.within(self.m.places, *scope):
            if toponym.demonym and toponym.place is not None and toponym.place.country:
                draft.countries[toponym.place.country] = None  # "Kazakh counterpart"
        self.add_sectors(draft, *scope)
        return draft

    def of_phrase(self, tokens: list[Token], k: int) -> int:
        """The last token of "<event> of [the] <words> [of <words>]" after ``tokens[k]``."""
        last, j = k, k + 1
        while j + 1 < len(tokens) and tokens[j].key == "of" and j - k < MAX_PHRASE:
            j += 1 + (tokens[j + 1].key == "the")
            if j >= len(tokens) or not (_word(tokens[j]) or tokens[j].cap):
                break
            while j + 1 < len(tokens) and (_word(tokens[j + 1]) or tokens[j + 1].cap):
                j += 1
            last, j = j, j + 1
        return last

    def signed_object(self, tokens: list[Token], k: int) -> str | None:
        """What a signing signed: "signing of <X>", "<X> signed", "signed <X>"."""
        before = k - 1
        while before >= 0 and tokens[before].key in SIGNED_FILLER:
            before -= 1
        if tokens[k].key == "signed":
            # "the bilateral deal signed", "a deal on the line was signed"
            for j in range(before, max(before - MAX_PHRASE, -1), -1):
                if tokens[j].key in DEAL_HEADS:
                    return self.words_of(tokens, self.phrase_start(tokens, j), j)
                if not tokens[j].text[0].isalnum():
                    break
        after = k + 1
        if tokens[k].key == "signing" and after < len(tokens) and tokens[after].key == "of":
            after += 1
        while after < len(tokens) and tokens[after].key in OBJECT_FILLER:
            after += 1
        if (
            after < len(tokens)
            and _word(tokens[after])
            and not self.dated_or_counted(tokens[after])
        ):
            last = after
            while last + 1 < len(tokens) and _word(tokens[last + 1]):
                last += 1
            return self.words_of(tokens, after, last)
        return None

    def dated_or_counted(self, token: Token) -> bool:
        """Whether a token is part of a date or a quantity ("signed today", "$5 million")."""
        return any(m.start <= token.start < m.end for m in (*self.m.dates, *self.m.quantities))

    def add_participant(self, draft: _Draft, actor: Actor) -> None:
        if actor.kind == "organisation" and actor.role not in (Role.PARTICIPANT, None):
            return
        participant = Participant(
            name=actor.name, kind=actor.kind, role=actor.title, country=actor.country
        )
        known = draft.participants.get(actor.name)
        if known is None or (known.role is None and participant.role):
            draft.participants[actor.name] = participant
        if actor.country:
            draft.countries[actor.country] = None
        self.evidence(draft, "participant", actor.start, actor.end)

    def settle(self, drafts: list[_Draft]) -> list[_Draft]:
        """Merge events that refer back; fill what a sentence's other events give; keep
        those that say where or when."""
        for draft in drafts:
            if draft.referring and draft.place is None and draft.date is None:
                earlier = next(
                    (o for o in reversed(self.events) if o.event_type is draft.event_type), None
                )
                if earlier is not None:
                    self.merge(draft, earlier)
        anchors = [d.root() for d in drafts if d.root().place or d.root().date]
        settled = []
        for draft in drafts:
            if draft.merged_into is not None:
                settled.append(draft.root())
                continue
            anchor = next((a for a in anchors if a is not draft), None)
            if anchor is not None and draft.place is None and anchor.place is not None:
                self.set_place(draft, anchor.place)
            if anchor is not None and draft.date is None and anchor.date is not None:
                self.set_date(draft, anchor.date)
            earlier = self.recent
            if earlier is not None and self.recent_sentence >= draft.sentence - 1:
                self.follow(draft, earlier)
            if draft.place is None and draft.date is None:
                continue  # says neither where nor when: no record
            same = next((o for o in self.events if _same_event(o, draft)), None)
            if same is not None:
                self.merge(draft, same)
                settled.append(same)
            else:
                self.events.append(draft)
                settled.append(draft)
        if settled:
            self.recent, self.recent_sentence = settled[-1], drafts[0].sentence
        return list(dict.fromkeys(settled))

    def follow(self, draft: _Draft, earlier: _Draft) -> None:
        """Date and place from the event told just before: "The sides signed ..." after the
        talks says neither; "on the same day" says when."""
        if draft.place is None and draft.date is None:
            if earlier.place is not None:
                self.set_place(draft, earlier.place)
            if earlier.date is not None:
                self.set_date(draft, earlier.date)
        elif (
            draft.date is None
            and earlier.date is not None
            and SAME_DAY.search(self.text, *self.sentence(draft.sentence))
        ):
            self.set_date(draft, earlier.date)

    # -- projects

    def find_projects(self, index: int) -> list[_Draft]:
        s, e = self.sentence(index)
        tokens = self.tokens_of(s, e)
        drafts: list[_Draft] = []
        for clause in self.clauses(s, e):
            listed, taken = self.listed_projects(index, tokens, clause)
            drafts.extend(listed)
            drafts.extend(self.phrase_projects(index, tokens, clause, taken))
        if any(d.head not in DEAL_HEADS for d in drafts):
            # "the railway ... according to the deal signed in May": the deal is the railway's
            drafts = [d for d in drafts if d.head not in DEAL_HEADS or d.sectors]
        kept = []
        for draft in drafts:
            if self.fill_project(index, draft, single=len(drafts) == 1):
                kept.append(draft)
        self.attach_quantities(index, kept)
        return kept

    def listed_projects(
        self, index: int, tokens: list[Token], clause: tuple[int, int]
    ) -> tuple[list[_Draft], list[tuple[int, int]]]:
        """Projects in a list: "projects in steel, smelting and cement"."""
        found, taken = [], []
        for token in tokens:
            if not clause[0] <= token.start < clause[1] or token.key not in LIST_HEADS:
                continue
            intro = LIST_INTRO.match(self.text, token.end, clause[1])
            if intro is None:
                continue
            end = self.list_end(intro.end(), clause[1], ranging="from" in intro.group().lower())
            noun = "projects" if token.key == "projects" else "project"
            for a, b in self.list_items(intro.end(), end):
                inside = self.within(self.m.sectors, a, b)
                if not inside:
                    continue
                item = " ".join(self.text[a:b].split())
                draft = _Draft(RecordKind.PROJECT, f"{item} {noun}", index, a, head=noun)
                draft.words = frozenset(item.lower().split())
                self.evidence(draft, "title", a, b)
                self.add_sectors(draft, a, b)
                found.append(draft)
            if found:
                taken.append((token.start, end))
        return found, taken

    def list_end(self, start: int, end: int, *, ranging: bool) -> int:
        """Where a list that starts at ``start`` ends: at the first word that is no part of it
        ("... and cement *are* expected"); "to" goes on in "ranging from X to Y"."""
        for t in self.tokens_of(start, end):
            if t.key in ("and", "or") or (ranging and t.key == "to"):
                continue
            if t.key in STOP or t.text in '.;:()"\u201c\u201d':
                return t.start
        return end

    def list_items(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of a list's items, without the commas and "and"s between them."""
        trimmed = []
        for a, b in self.split(LIST_SEPARATOR, start, end):
            chunk = self.text[a:b]
            b = a + len(chunk.rstrip())
            if b > a:
                trimmed.append((a, b))
        return trimmed

    def phrase_projects(
        self, index: int, tokens: list[Token], clause: tuple[int, int], taken: list[tuple[int, int]]
    ) -> list[_Draft]:
        """Projects named by a noun phrase: "a light railway transportation system", and each
        of "steel, smelting and cement projects"."""
        found = []
        for k, token in enumerate(tokens):
            if not clause[0] <= token.start < clause[1]:
                continue
            deal = token.key in DEAL_HEADS
            if not (deal or token.key in PROJECT_HEADS) or self.in_actor(token.start, token.end):
                continue
            if any(a <= token.start < b for a, b in taken):
                continue
            if token.cap and not token.sentence_start:
                continue  # a proper name: "Telegraph Road", "Atatürk International Airport"
            if k + 1 < len(tokens) and _word(tokens[k + 1]):
                continue  # the phrase goes on ("railway transportation system", "farm trade")
            first, last = self.phrase_start(tokens, k), k
            if deal and k + 2 < len(tokens) and tokens[k + 1].key in ("on", "for"):
                # "agreements on production capacity, energy and quality control", "a deal on
                # the line"
                about = k + 2 + (tokens[k + 2].key in DEFINITE | {"a", "an"})
                stop = self.list_end(
                    tokens[min(about, len(tokens) - 1)].start, clause[1], ranging=False
                )
                last = max(
                    (j for j in range(about, len(tokens)) if tokens[j].end <= stop), default=k
                )
            draft = self.phrase_project(index, tokens, first, last, k, clause)
            if draft is not None:
                found.append(draft)
            if token.key.endswith("s") and not deal:
                for m_first, m_last in self.shared_head(tokens, first):
                    draft = self.phrase_project(index, tokens, m_first, m_last, k, clause)
                    if draft is not None:
                        found.append(draft)
        return sorted(found, key=lambda d: d.anchor)

    def shared_head(self, tokens: list[Token], first: int) -> list[tuple[int, int]]:
        """The modifiers coordinated before a phrase that share its plural head ("steel" and
        "smelting" in "steel, smelting and cement projects"), each naming a sector."""
        spans = []
        j = first
        while j >= 2 and tokens[j - 1].key in (",", "and", "or"):
            sep = j - 1
            if tokens[sep].key in ("and", "or") and tokens[sep - 1].text == ",":
                sep -= 1  # an Oxford comma
            if sep < 1 or not _word(tokens[sep - 1]):
                break
            m_first = self.phrase_start(tokens, sep - 1)
            if not self.within(self.m.sectors, tokens[m_first].start, tokens[sep - 1].end):
                break
            spans.append((m_first, sep - 1))
            j = m_first
        return spans[::-1]

    def phrase_project(
        self,
        index: int,
        tokens: list[Token],
        first: int,
        last: int,
        head: int,
        clause: tuple[int, int],
    ) -> _Draft | None:
        """A project named by ``tokens[first..last]`` (with ``tokens[head]`` after it when
        the head is shared), if the phrase names a sector or says what a deal is about."""
        deal = tokens[head].key in DEAL_HEADS
        start, end = tokens[first].start, tokens[last].end
        content = [t for t in tokens[first : last + 1] if _word(t) and not self.in_quantity(t)]
        if not content:
            return None
        phrase = self.words_of(tokens, tokens.index(content[0]), last)
        if last < head:
            phrase = f"{phrase} {tokens[head].text}"
        draft = _Draft(RecordKind.PROJECT, phrase, index, content[0].start, head=tokens[head].key)
        draft.words = frozenset(t.key for t in content if not t.cap)
        about = tokens[head + 2] if deal and last > head + 1 else None  # "a deal on the line"
        draft.definite = (first > 0 and tokens[first - 1].key in DEFINITE) or (
            about is not None and about.key in DEFINITE
        )
        self.add_sectors(draft, start, end)
        intro = (
            LIST_INTRO.match(self.text, tokens[max(last, head)].end, clause[1]) if deal else None
        )
        if intro is not None:  # "deals ranging from production capacity to tourism"
            stop = self.list_end(intro.end(), clause[1], ranging="from" in intro.group())
            self.add_sectors(draft, intro.end(), stop)
        if not draft.sectors and not (deal and last > head):
            return None
        self.evidence(draft, "title", start, end)
        # the countries of a pair in the phrase ("China-Kazakhstan ... fund")
        for toponym in self.within(self.m.places, start, end):
            if toponym.place is not None and toponym.place.country and self.paired(toponym):
                draft.countries[toponym.place.country] = None
        return draft

    def continues(self, index: int) -> bool:
        """Whether a sentence goes on about the project before it ("Construction will ...")."""
        s, e = self.sentence(index)
        return bool(CONTINUES.match(self.text, s, e))

    def fill_project(
        self, index: int, draft: _Draft, *, single: bool, anchor: int | None = None
    ) -> bool:
        """Status, dates, place and organisations from the clause; whether to keep it."""
        anchor = draft.anchor if anchor is None else anchor
        clause = self.clause_of(index, anchor)
        for status, pattern in STATUS_CUES:
            match = pattern.search(self.text, *clause)
            if match:
                draft.status = _advanced(draft.status, status)
                self.evidence(draft, "status", match.start(), match.end())
                break
        date = self.pick_date(clause, anchor)
        if date is not None and date.date is not None:
            if STARTS.search(self.text, *clause):
                draft.start = date.date
                self.evidence(draft, "date", date.start, date.end)
            elif ENDS.search(self.text, *clause):
                draft.end = date.until or date.date
                self.evidence(draft, "date", date.start, date.end)
        place = self.pick_place(clause, anchor)
        if place is not None and draft.place is None:
            self.set_place(draft, place)
        scope = self.sentence(index) if single else clause
        for actor in self.within(self.m.actors, *scope):
            if actor.kind == "organisation" and actor.role in PROJECT_ROLES:
                draft.organisations[actor.name] = Organisation(name=actor.name, role=actor.role)
                self.evidence(draft, "organisation", actor.start, actor.end)
        # a bare "the plant" needs something more to be a project
        if len(draft.words) > 1:
            return True
        # a bare "the plant" or "funds" needs a status or an organisation in a role
        return bool(draft.status or draft.organisations)

    def attach_quantities(self, index: int, drafts: list[_Draft]) -> None:
        """Each quantity of the sentence to the project named last before it."""
        if not drafts:
            return
        for q in self.within(self.m.quantities, *self.sentence(index)):
            if q.kind == "share" or (q.kind == "count" and q.unit in NOT_SPECS):
                continue
            before = [d for d in drafts if d.anchor <= q.start]
            owner = max(before, key=lambda d: d.anchor) if before else drafts[0]
            if q.kind == "money":
                if owner.amount is None:
                    owner.amount = Amount(value=q.value, currency=q.unit)
                    self.evidence(owner, "amount", q.start, q.end)
                continue
            if q.kind == "count":
                key = _plural(q.unit)
                spec = Spec(key=key, value=int(q.value) if q.value.is_integer() else q.value)
            elif q.kind in SPEC_KEYS:
                key = SPEC_KEYS[q.kind]
                spec = Spec(key=key, value=q.value, unit=q.unit)
            else:
                continue
            if key not in owner.specs:
                owner.specs[key] = spec
                self.evidence(owner, "spec", q.start, q.end)

    # -- links, merging

    def link(self, index: int, events: list[_Draft], projects: list[_Draft]) -> None:
        """A sentence's events link to its projects: signed at a signing, else discussed."""
        if not events or not projects:
            return
        signing = any(e.event_type is EventType.SIGNING for e in events)
        kind = LinkType.SIGNED_AT if signing else LinkType.DISCUSSED_AT
        s, e = self.sentence(index)
        for event in events:
            for project in projects:
                event.links[(kind, project)] = None
            for item in list(event.evidence):
                if item.field == "event_type" and s <= item.start < e:
                    self.evidence(event, "link", item.start, item.end)
        if signing:
            for project in projects:
                project.status = _advanced(project.status, Status.AGREED)

    def merge(self, draft: _Draft, into: _Draft) -> None:
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
        if draft.place is not None and (
            into.place is None or _rank(draft.place) < _rank(into.place)
        ):
            into.place = draft.place  # "Beijing" is a better place than "China"
        if into.date is None and draft.date is not None:
            into.date = draft.date
        into.start = into.start or draft.start
        into.end = into.end or draft.end
        into.amount = into.amount or draft.amount
        into.status = _advanced(into.status, draft.status)
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

    def merge_projects(self) -> None:
        kept: list[_Draft] = []
        for draft in self.projects:
            same = next((k for k in kept if _same_project(k, draft)), None)
            if same is None:
                same = next((k for k in reversed(kept) if _refers_back(k, draft)), None)
            if same is None:
                kept.append(draft)
            else:
                self.merge(draft, same)
        self.projects = kept

    # -- the whole report

    def build(self) -> list[Candidate]:
        previous: list[_Draft] = []
        for index in range(len(self.m.sentences)):
            projects = self.find_projects(index)
            if not projects and len(previous) == 1 and self.continues(index):
                # "... the Astana light railway. Construction is expected to start by ..."
                self.fill_project(index, previous[0], single=True, anchor=self.sentence(index)[0])
            previous = projects or previous
            taken = [p.place for p in projects if p.place is not None]
            events = self.find_events(index, besides=taken)
            self.link(index, events, projects)
            self.projects.extend(projects)
        self.merge_projects()
        keys: dict[int, str] = {}
        used: set[str] = set()
        for draft in self.projects:
            keys[id(draft)] = _unique(f"project:{_slug(draft.phrase)}", used)
        for draft in self.events:
            place = draft.place.place.name if draft.place and draft.place.place else ""
            keys[id(draft)] = _unique(
                f"event:{draft.event_type}:{_slug(place)}:{_slug(draft.phrase)}", used
            )
        return [self.candidate(d, keys) for d in self.events + self.projects]

    def candidate(self, draft: _Draft, keys: dict[int, str]) -> Candidate:
        links = tuple(
            dict.fromkeys((kind, keys[id(project.root())]) for kind, project in draft.links)
        )
        return Candidate(
            kind=draft.kind,
            key=keys[id(draft)],
            title=self.title(draft),
            sectors=tuple(draft.sectors),
            start=draft.start,
            end=draft.end,
            places=(draft.place,) if draft.place else (),
            countries=tuple(draft.countries),
            evidence=tuple(sorted(draft.evidence, key=lambda e: (e.start, e.field))),
            event_type=draft.event_type,
            status=draft.status if draft.kind is RecordKind.PROJECT else None,
            organisations=tuple(draft.organisations.values()),
            participants=tuple(draft.participants.values()),
            specs=tuple(draft.specs.values()),
            amount=draft.amount,
            links=links,
        )

    def title(self, draft: _Draft) -> str:
        place = draft.place.place if draft.place else None
        name = place.name if place else None
        phrase = draft.phrase
        if draft.kind is RecordKind.PROJECT:
            if place and place.precision is Precision.CITY and name.lower() not in phrase.lower():
                return f"{name} {phrase}"
            return _capital(phrase)
        where = f" in {name}" if name and name.lower() not in phrase.lower() else ""
        people = [p.name for p in draft.participants.values() if p.kind == "person"]
        if len(people) >= 2 and phrase.lower() in ("talks", "meeting"):
            return f"{_capital(phrase)} between {people[0]} and {people[1]}{where}"
        if draft.event_type is EventType.VISIT:
            to = f" to {name}" if name else ""
            return f"{people[0]}'s {phrase}{to}" if people else _capital(f"{phrase}{to}")
        if draft.event_type is EventType.SIGNING:
            return f"Signing of {self.signed_what(draft)}{where}"
        return _capital(f"{phrase}{where}")

    def signed_what(self, draft: _Draft) -> str:
        """What a signing signed: "the bilateral deal on the Astana light railway"."""
        projects = list(dict.fromkeys(p.root() for _, p in draft.links))
        what = _strip_article(draft.signed or "")
        if len(projects) != 1:
            return what or "documents"
        project = projects[0]
        if project.head in DEAL_HEADS:
            return project.phrase  # the deal is the project
        title = self.title(project)
        if title == _capital(project.phrase):
            title = project.phrase  # "the light railway", not "the Light railway"
        deal = what if what.split()[-1:] and what.split()[-1].lower() in DEAL_HEADS else "deal"
        return f"the {deal} on the {title}"


def _word(token: Token) -> bool:
    """Whether a token can be inside a noun phrase."""
    return token.text[0].isalnum() and token.key not in STOP


def _describes_a_deal(tokens: list[Token], k: int) -> bool:
    before = tokens[k - 1].key if k else ""
    after = tokens[k + 1].key if k + 1 < len(tokens) else ""
    return tokens[k].key == "signed" and before in SIGNED_ADJECTIVE and after in DEAL_HEADS


def _same_event(a: _Draft, b: _Draft) -> bool:
    """Whether two events are one: of one type, nothing apart, and one thing in common."""
    if a.event_type is not b.event_type:
        return False
    pa = a.place.place if a.place else None
    pb = b.place.place if b.place else None
    places = _same_place(pa, pb)
    dates = a.start == b.start if a.start and b.start else None
    if places is False or dates is False:
        return False
    return bool(places or dates)


def _same_place(a: Place | None, b: Place | None) -> bool | None:
    """``None`` when one is unknown; a country is the same place as a place inside it."""
    if a is None or b is None:
        return None
    if (a.name, a.country) == (b.name, b.country):
        return True
    wide = Precision.COUNTRY in (a.precision, b.precision)
    return bool(wide and a.country and a.country == b.country)


def _same_project(a: _Draft, b: _Draft) -> bool:
    """Whether ``b`` names the project ``a`` is: the same words, or fewer of them, at no
    other place."""
    if not a.words or not b.words or not (a.words <= b.words or b.words <= a.words):
        return False
    return _same_place(a.place.place if a.place else None, b.place.place if b.place else None) in (
        True,
        None,
    )


def _refers_back(earlier: _Draft, draft: _Draft) -> bool:
    """Whether ``draft`` is "the railway" or "the deal on the line" about ``earlier``: a
    definite phrase of bare project words, of ``earlier``'s sector if it names one."""
    if not draft.definite or not draft.words <= PROJECT_HEADS | DEAL_HEADS:
        return False
    return not draft.sectors or bool(set(draft.sectors) & set(earlier.sectors))


def _advanced(a: Status | None, b: Status | None) -> Status | None:
    order = [status for status, _ in STATUS_CUES]
    known = [s for s in (a, b) if s is not None]
    return min(known, key=order.index) if known else None


def _rank(toponym: Toponym) -> int:
    place = toponym.place
    if place is None or place.precision not in ORDER:
        return len(ORDER)
    return ORDER.index(place.precision)


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.IGNORECASE)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}:{n}"
    used.add(candidate)
    return candidate


def propose(mentions: Mentions, /) -> list[Candidate]:
    """The events and projects that ``mentions`` suggest: events, then projects, in order."""
    return _Builder(mentions).build()
