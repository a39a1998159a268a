"""Events from the words that name them ("held talks", "meeting", "conference", "visit",
"signed").

Each takes the date and the place nearest to its word, the people of its sentence, the
organisations next to it, and the sectors its clause names. An event that says neither where
nor when is merged into the one it refers to ("after their talks"), or takes them from the
event just before it; otherwise it is no record. Events of one type at one place or date are
one event.
"""

from __future__ import annotations

import re

from coopmap.model import Participant
from coopmap.reports.cues import (
    DEAL_HEADS,
    EVENT_VERBS,
    EVENT_WORDS,
    MAX_PHRASE,
    OBJECT_FILLER,
    REFERRING,
    SAME_DAY,
    SIGNED_ADJECTIVE,
    SIGNED_FILLER,
)
from coopmap.reports.organisations import Actor
from coopmap.reports.records.draft import Draft
from coopmap.reports.records.linking import merge, same_place
from coopmap.reports.records.phrases import is_word, of_phrase, phrase_start
from coopmap.reports.records.report import Report, within
from coopmap.reports.tokens import Token
from coopmap.reports.toponyms import Toponym
from coopmap.taxonomy import EventType, RecordKind, Role

__all__ = ["EventFinder"]


#: Words before an event's word that say it did not happen ("no contract has been signed").
_NEGATED = re.compile(
    r"\b(?:no|not|never|nor|neither)\b(?:\s+[\w-]+){0,3}?\s+(?:has|have|had|was|were|is|are|be|"
    r"been|being)?\s*$|\b(?:no|not|never)\s+(?:yet\s+)?$|n['\u2019]t\s+(?:yet\s+)?(?:been\s+)?$",
    re.IGNORECASE,
)
_NEGATION_REACH = 40


class EventFinder:
    """Reads a report's events sentence by sentence, keeping those told so far (in
    :attr:`events`) to merge into and the one told last to take a place and date from."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.events: list[Draft] = []
        self.recent: Draft | None = None  # the event a report spoke of last
        self.recent_sentence = -1

    def find(self, index: int, *, besides: list[Toponym]) -> list[Draft]:
        """The events named in sentence ``index``; those kept or merged, for linking.
        ``besides`` are the places the sentence's projects took."""
        report = self.report
        s, e = report.sentence(index)
        tokens = report.tokens_of(s, e)
        at = {t.start: k for k, t in enumerate(tokens)}
        found: dict[int, EventType] = {}
        ends: dict[int, int] = {}  # the last token of a cue of several words ("first stone")
        for kind, pattern in EVENT_WORDS:
            for match in pattern.finditer(report.text, s, e):
                k = at.get(match.start())
                if k is None or k in found or report.in_actor(match.start(), match.end()):
                    continue
                if kind is EventType.SIGNING and _describes_a_deal(tokens, k):
                    continue  # "a recently signed agreement" names a deal, not an event
                if _NEGATED.search(
                    report.text, max(s, match.start() - _NEGATION_REACH), match.start()
                ):
                    continue  # "no contract has been signed", "the talks did not take place"
                found[k] = kind
                ends[k] = max(j for j in range(k, len(tokens)) if tokens[j].start < match.end())
        drafts = [
            _event(report, index, kind, tokens, k, ends[k], single=len(found) == 1, besides=besides)
            for k, kind in sorted(found.items())
        ]
        return self._settle(drafts)

    def _settle(self, drafts: list[Draft]) -> list[Draft]:
        """Merge events that refer back; fill what a sentence's other events give; keep
        those that say where or when."""
        report = self.report
        for draft in drafts:
            if draft.referring and draft.place is None and draft.date is None:
                earlier = next(
                    (o for o in reversed(self.events) if o.event_type is draft.event_type), None
                )
                if earlier is not None:
                    merge(draft, earlier)
        anchors = [d.root() for d in drafts if d.root().place or d.root().date]
        settled = []
        for draft in drafts:
            if draft.merged_into is not None:
                settled.append(draft.root())
                continue
            anchor = next((a for a in anchors if a is not draft), None)
            if anchor is not None and draft.place is None and anchor.place is not None:
                report.set_place(draft, anchor.place)
            if anchor is not None and draft.date is None and anchor.date is not None:
                report.set_date(draft, anchor.date)
            earlier = self.recent
            if earlier is not None and self.recent_sentence >= draft.sentence - 1:
                _follow(report, draft, earlier)
            if draft.place is None and draft.date is None:
                continue  # says neither where nor when: no record
            same = next((o for o in self.events if _same_event(o, draft)), None)
            if same is not None:
                merge(draft, same)
                settled.append(same)
            else:
                self.events.append(draft)
                settled.append(draft)
        if settled:
            self.recent, self.recent_sentence = settled[-1], drafts[0].sentence
        return list(dict.fromkeys(settled))


def _event(
    report: Report,
    index: int,
    kind: EventType,
    tokens: list[Token],
    k: int,
    upto: int,
    *,
    single: bool,
    besides: list[Toponym],
) -> Draft:
    """The event whose cue is ``tokens[k : upto + 1]``."""
    token = tokens[k]
    sentence = report.sentence(index)
    scope = sentence if single else report.clause_of(index, token.start)
    first = last = k
    if kind is not EventType.SIGNING and token.key not in EVENT_VERBS:
        first = phrase_start(report, tokens, k, of=True, actors=True)
        last = of_phrase(tokens, upto)  # "meeting of SCO heads of government"
    phrase = report.words_of(tokens, first, last)
    if token.key in EVENT_VERBS:
        phrase = kind.label.split()[-1].lower() if kind is EventType.MEETING else kind.value
    draft = Draft(RecordKind.EVENT, phrase, index, tokens[first].start, event_type=kind)
    # "after their talks" refers back; "the signing of cooperation deals" does not
    draft.referring = (
        first > 0
        and tokens[first - 1].key in REFERRING
        and not (last + 1 < len(tokens) and tokens[last + 1].key == "of")
    )
    report.evidence(draft, "event_type", token.start, token.end)
    if last > k or first < k:
        report.evidence(draft, "title", tokens[first].start, tokens[last].end)
    if kind is EventType.SIGNING:
        draft.signed = _signed_object(report, tokens, k)
    date = report.pick_date(sentence, token.start)
    if date is not None:
        report.set_date(draft, date)
    # a place written before the event word that a project of the sentence took is the
    # project's ("the light railway in Astana ... the deal signed in May")
    taken = [t for t in besides if t.start < token.start]
    place = report.pick_place(sentence, token.start, besides=taken)
    if place is not None:
        report.set_place(draft, place)
    for actor in within(report.mentions.actors, *sentence):
        # people take part in what their sentence tells; organisations in what is
        # written next to them
        near = report.commas(actor.start, token.start) == 0 or (
            tokens[first].start <= actor.start and actor.end <= tokens[last].end
        )
        if actor.kind == "person" or near:
            _add_participant(report, draft, actor)
    for toponym in within(report.mentions.places, *scope):
        if toponym.demonym and toponym.place is not None and toponym.place.country:
            draft.countries[toponym.place.country] = None  # "Kazakh counterpart"
    report.add_sectors(draft, *scope)
    return draft


def _signed_object(report: Report, tokens: list[Token], k: int) -> str | None:
    """What a signing signed: "signing of <X>", "<X> signed", "signed <X>"."""
    before = k - 1
    while before >= 0 and tokens[before].key in SIGNED_FILLER:
        before -= 1
    if tokens[k].key == "signed":
        # "the bilateral deal signed", "a deal on the line was signed"
        for j in range(before, max(before - MAX_PHRASE, -1), -1):
            if tokens[j].key in DEAL_HEADS:
                return report.words_of(tokens, phrase_start(report, tokens, j), j)
            if not tokens[j].text[0].isalnum():
                break
    after = k + 1
    if tokens[k].key == "signing" and after < len(tokens) and tokens[after].key == "of":
        after += 1
    while after < len(tokens) and tokens[after].key in OBJECT_FILLER:
        after += 1
    if (
        after < len(tokens)
        and is_word(tokens[after])
        and not report.dated_or_counted(tokens[after])
    ):
        last = after
        while last + 1 < len(tokens) and is_word(tokens[last + 1]):
            last += 1
        return report.words_of(tokens, after, last)
    return None


def _add_participant(report: Report, draft: Draft, actor: Actor) -> None:
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
    report.evidence(draft, "participant", actor.start, actor.end)


def _follow(report: Report, draft: Draft, earlier: Draft) -> None:
    """Date and place from the event told just before: "The sides signed ..." after the
    talks says neither; "on the same day" says when."""
    if draft.place is None and draft.date is None:
        if earlier.place is not None:
            report.set_place(draft, earlier.place)
        if earlier.date is not None:
            report.set_date(draft, earlier.date)
    elif (
        draft.date is None
        and earlier.date is not None
        and SAME_DAY.search(report.text, *report.sentence(draft.sentence))
    ):
        report.set_date(draft, earlier.date)


def _describes_a_deal(tokens: list[Token], k: int) -> bool:
    before = tokens[k - 1].key if k else ""
    after = tokens[k + 1].key if k + 1 < len(tokens) else ""
    return tokens[k].key == "signed" and before in SIGNED_ADJECTIVE and after in DEAL_HEADS


def _same_event(a: Draft, b: Draft) -> bool:
    """Whether two events are one: of one type, nothing apart, and one thing in common."""
    if a.event_type is not b.event_type:
        return False
    pa = a.place.place if a.place else None
    pb = b.place.place if b.place else None
    places = same_place(pa, pb)
    dates = a.start == b.start if a.start and b.start else None
    if places is False or dates is False:
        return False
    return bool(places or dates)
