"""One report's mentions, read by span: sentences and clauses, what lies where, the date and
place nearest to a word, and the evidence a draft cites from the report's text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from coopmap.reports.candidates import Evidence, Mentions
from coopmap.reports.cues import CLAUSE_BREAK
from coopmap.reports.dates import DateMention
from coopmap.reports.records.draft import Draft, rank
from coopmap.reports.tokens import Token
from coopmap.reports.toponyms import Toponym

__all__ = ["Report", "within"]


def within(items: Iterable[Any], s: int, e: int) -> list[Any]:
    """The mentions in ``items`` that lie inside ``[s, e)``."""
    return [x for x in items if s <= x.start and x.end <= e]


class Report:
    """The text and mentions of one report, with the lookups the record finders share.

    It holds no state of its own: what it writes goes to the drafts it is given.
    """

    def __init__(self, mentions: Mentions) -> None:
        self.mentions = mentions
        self.text = mentions.text

    # -- spans

    def sentence(self, index: int) -> tuple[int, int]:
        """The span of sentence ``index``."""
        return self.mentions.sentences[index]

    def headlines(self) -> frozenset[int]:
        """The sentences of the report's headline: the lines before the first sentence that
        ends in a full stop ("Pakistan's first HVDC line starts commercial operation"), at
        most three."""
        found = set()
        for index, (s, e) in enumerate(self.mentions.sentences[:_HEADLINE_LINES]):
            line = self.text[s:e].strip()
            if line and line[-1] in ".!?\u3002":
                break
            found.add(index)
        return frozenset(found)

    def split(self, pattern: re.Pattern[str], s: int, e: int) -> list[tuple[int, int]]:
        """The spans of ``text[s:e]`` between the matches of ``pattern``."""
        spans, start = [], s
        for match in pattern.finditer(self.text, s, e):
            spans.append((start, match.start()))
            start = match.end()
        spans.append((start, e))
        return spans

    def clauses(self, s: int, e: int) -> list[tuple[int, int]]:
        """The spans of the clauses of ``text[s:e]``."""
        return self.split(CLAUSE_BREAK, s, e)

    def clause_of(self, index: int, at: int) -> tuple[int, int]:
        """The span of the clause of sentence ``index`` that holds offset ``at``."""
        s, e = self.sentence(index)
        return next((c for c in self.clauses(s, e) if c[0] <= at < c[1]), (s, e))

    def tokens_of(self, s: int, e: int) -> list[Token]:
        """The tokens inside ``[s, e)``."""
        return [t for t in self.mentions.tokens if s <= t.start and t.end <= e]

    def words_of(self, tokens: list[Token], first: int, last: int) -> str:
        """The words of ``tokens[first..last]`` as written, spaces made single."""
        return " ".join(self.text[tokens[first].start : tokens[last].end].split())

    def commas(self, a: int, b: int) -> int:
        """How many commas (a semicolon counts two) lie between two offsets."""
        lo, hi = min(a, b), max(a, b)
        return self.text.count(",", lo, hi) + 2 * self.text.count(";", lo, hi)

    # -- what lies where

    def in_actor(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is inside the name of an organisation or a person."""
        return any(a.start <= start and end <= a.end for a in self.mentions.actors)

    def in_quantity(self, token: Token) -> bool:
        """Whether a token is part of a quantity."""
        return any(q.start <= token.start < q.end for q in self.mentions.quantities)

    def dated_or_counted(self, token: Token) -> bool:
        """Whether a token is part of a date or a quantity ("signed today", "$5 million")."""
        return any(
            m.start <= token.start < m.end
            for m in (*self.mentions.dates, *self.mentions.quantities)
        )

    def placeable(self, toponym: Toponym) -> bool:
        """Whether a record can be at it: resolved, no demonym, not half of "China-Kazakhstan",
        not where a party is from ("built by TBEA of Xinjiang")."""
        return (
            toponym.place is not None
            and not toponym.demonym
            and not self.paired(toponym)
            and not self.origin(toponym)
        )

    def origin(self, toponym: Toponym) -> bool:
        """Whether a place name says where an organisation named right before it is from
        ("TBEA of Xinjiang", "Alarko and Makyol of Turkey")."""
        joint = _ORIGIN.search(self.text, max(0, toponym.start - 8), toponym.start)
        if joint is None:
            return False
        return any(
            a.end == joint.start() and a.kind == "organisation" for a in self.mentions.actors
        )

    def paired(self, toponym: Toponym) -> bool:
        """Whether a place name is half of a pair ("China-Kazakhstan")."""
        ends = {t.end for t in self.mentions.places}
        starts = {t.start for t in self.mentions.places}
        before = self.text[toponym.start - 1 : toponym.start] if toponym.start else ""
        after = self.text[toponym.end : toponym.end + 1]
        return (before in ("-", "\u2013") and toponym.start - 1 in ends) or (
            after in ("-", "\u2013") and toponym.end + 1 in starts
        )

    # -- the nearest date and place

    def pick_date(self, scope: tuple[int, int], at: int) -> DateMention | None:
        """The date nearest to ``at``: fewest commas away, then after it, then closest."""
        dates = [d for d in within(self.mentions.dates, *scope) if d.date is not None]
        if not dates:
            return None
        return min(dates, key=lambda d: (self.commas(d.start, at), d.start < at, abs(d.start - at)))

    def pick_place(
        self, scope: tuple[int, int], at: int, *, besides: Iterable[Toponym] = ()
    ) -> Toponym | None:
        """The place nearest to ``at`` (the finest of equals) that is not in ``besides``."""
        skip = {(t.start, t.end) for t in besides}
        places = [
            t
            for t in within(self.mentions.places, *scope)
            if self.placeable(t) and (t.start, t.end) not in skip
        ]
        if not places:
            return None
        return min(
            places,
            key=lambda t: (self.commas(t.start, at), rank(t), t.start < at, abs(t.start - at)),
        )

    # -- filling a draft, with evidence

    def evidence(self, draft: Draft, name: str, start: int, end: int) -> None:
        """Cite ``text[start:end]``, in its sentence, for the field ``name`` of ``draft``."""
        s, e = next(
            ((a, b) for a, b in self.mentions.sentences if a <= start < b),
            self.sentence(draft.sentence),
        )
        item = Evidence(name, self.text[start:end], start, end, self.text[s:e], s)
        if item not in draft.evidence:
            draft.evidence.append(item)

    def set_date(self, draft: Draft, mention: DateMention) -> None:
        """Date ``draft`` by ``mention``."""
        draft.date = mention
        draft.start, draft.end = mention.date, mention.until
        self.evidence(draft, "date", mention.start, mention.end)

    def set_place(self, draft: Draft, toponym: Toponym) -> None:
        """Place ``draft`` at ``toponym`` (and in its country)."""
        draft.place = toponym
        if toponym.place is not None and toponym.place.country:
            draft.countries[toponym.place.country] = None
        self.evidence(draft, "place", toponym.start, toponym.end)

    def add_sectors(self, draft: Draft, s: int, e: int, *, names: bool = False) -> None:
        """The sectors named in ``[s, e)``, outside names (unless ``names``), to ``draft``."""
        for mention in within(self.mentions.sectors, s, e):
            if names or not self.in_actor(mention.start, mention.end):
                draft.sectors[mention.sector] = None
                self.evidence(draft, "sector", mention.start, mention.end)


#: At most how many lines a headline has (a kicker, a company's name, the headline).
_HEADLINE_LINES = 3


#: Between an organisation and the place it is from ("TBEA of Xinjiang").
_ORIGIN = re.compile(r"\s+(?:of|from)\s+$")
