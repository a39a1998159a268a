"""What a project's clause says about it: a status cue ("launched", "will start", "expected
to kick off"), the date that cue starts or ends, the place, the organisations in a role
(contractor, funder, operator) and the quantities (length, stations, capacity, money). A
next sentence that goes on about a project ("Construction is expected to start by the
year-end") adds to it.
"""

from __future__ import annotations

import re

from coopmap.model import Amount, Organisation, Spec
from coopmap.reports.cues import (
    CONTINUES,
    ENDS,
    NOT_SPECS,
    PROJECT_ROLES,
    SPEC_KEYS,
    STARTS,
    STATUS_CUES,
)
from coopmap.reports.dates import DateMention
from coopmap.reports.lines import LINE_WORDS, find_line
from coopmap.reports.quantities import Quantity
from coopmap.reports.records.draft import Draft, advanced
from coopmap.reports.records.report import Report, within

__all__ = ["attach_quantities", "continues", "fill_project"]


def continues(report: Report, index: int) -> bool:
    """Whether a sentence goes on about the project before it ("Construction will ...")."""
    s, e = report.sentence(index)
    return bool(CONTINUES.match(report.text, s, e))


def gives_roles(report: Report, index: int) -> bool:
    """Whether a sentence that refers back ("it", "its") gives an organisation a part in a
    project ("For its first six years it will be run by a consortium led by X"), or one whose
    words before a name give it a part ("The EPC contract went to X"): it goes on about the
    project before. (One that does not may be about a project of its own the
    finder missed: "X also built the Addis Ababa Light Rail".)"""
    s, e = report.sentence(index)
    parties = [
        actor
        for actor in within(report.mentions.actors, s, e)
        if actor.kind == "organisation" and actor.role in PROJECT_ROLES
    ]
    if _REFERS.search(report.text, s, e) is not None:
        return bool(parties)
    # "The EPC contract went to X", "Debt financing was arranged by X": the words before the
    # name say what it did, and of no project the sentence names
    return any(actor.cue and report.text.find(actor.cue, s, actor.start) >= 0 for actor in parties)


_REFERS = re.compile(r"\b(?:it|its|they|their|them)\b", re.IGNORECASE)


def fill_project(
    report: Report, index: int, draft: Draft, *, single: bool, anchor: int | None = None
) -> bool:
    """Status, dates, place and organisations from the clause; whether to keep it."""
    anchor = draft.anchor if anchor is None else anchor
    clause = report.clause_of(index, anchor)
    for status, pattern in STATUS_CUES:
        match = pattern.search(report.text, *clause)
        if match:
            draft.status = advanced(draft.status, status)
            report.evidence(draft, "status", match.start(), match.end())
            break
    date = report.pick_date(clause, anchor)
    if date is None:
        # the one date of the sentence ("Thirty years ago today, ... opened the railway")
        dates = [d for d in within(report.mentions.dates, *report.sentence(index)) if d.date]
        date = dates[0] if len(dates) == 1 else None
        clause = report.sentence(index) if date is not None else clause
    if date is not None and date.date is not None:
        if cue := STARTS.search(report.text, *clause):
            # "The contract went to X in 2018, and its crews began in July of that year":
            # the date next to the cue
            date = _nearest_date(report, clause, cue.start()) or date
            draft.start = date.date
            report.evidence(draft, "date", date.start, date.end)
        elif ENDS.search(report.text, *clause):
            draft.end = date.until or date.date
            report.evidence(draft, "date", date.start, date.end)
        elif date.until is not None and draft.start is None:
            # "The station was built between 2013 and this year": the span of its work
            draft.start, draft.end = date.date, date.until
            report.evidence(draft, "date", date.start, date.end)
    sentence = report.sentence(index)
    if single and draft.start is None and (cue := STARTS.search(report.text, *sentence)):
        # "The main contract went to X in 2018, ... and the crews began in July of that
        # year": the date next to the sentence's start cue
        date = _nearest_date(report, sentence, cue.start())
        if date is not None:
            draft.start = date.date
            report.evidence(draft, "date", date.start, date.end)
    place = report.pick_place(clause, anchor)
    if place is not None and draft.place is None:
        report.set_place(draft, place)
    title = next((e for e in draft.evidence if e.field == "title"), None)
    if title is not None and not draft.line:
        # "a railway between Arkalyk and Shubarkol"
        line = find_line(
            report.text, report.mentions.places, title.end, report.sentence(index)[1],
            LINE_WORDS["en"],
        )  # fmt: skip
        if line and line[0].start - title.end <= _LINE_REACH:
            draft.line = line
            report.evidence(draft, "place", line[0].start, line[-1].end)
    scope = report.sentence(index) if single else clause
    for actor in within(report.mentions.actors, *scope):
        if actor.kind == "organisation" and actor.role in PROJECT_ROLES:
            draft.organisations[(actor.name, actor.role)] = Organisation(
                name=actor.name, role=actor.role
            )
            report.evidence(draft, "organisation", actor.start, actor.end)
    # a bare "the plant" needs something more to be a project, and so does a proper name,
    # which may be of an existing thing ("Telegraph Road")
    if len(draft.words) > 1 and not draft.proper and not draft.generic and not draft.possessed:
        return True
    # a bare "the plant" or "funds" needs a status or an organisation in a role, a size ("a
    # 214 km railway") or its ends ("a railway between Arkalyk and Shubarkol")
    sized = title is not None and bool(within(report.mentions.quantities, title.start, title.end))
    ends = title is not None and _ENDS.match(report.text, title.end) is not None
    if draft.possessed:
        # "power from its southern plants" in a clause that says the line opened: what it
        # has, unless they have a party, a size or a route of their own
        return bool(draft.organisations or sized or draft.line or ends)
    return bool(draft.status or draft.organisations or sized or draft.line or ends)


def _nearest_date(report: Report, clause: tuple[int, int], at: int) -> DateMention | None:
    """The dated mention of ``clause`` that a cue at offset ``at`` dates: the first soon after
    it ("began driving piles in July"), else the nearest."""
    dates = [d for d in within(report.mentions.dates, *clause) if d.date is not None]
    after = [d for d in dates if 0 <= d.start - at <= _CUE_REACH]
    return min(after or dates, key=lambda d: abs(d.start - at), default=None)


#: How far after a start cue its date may be ("began driving the first steel piles in July").
_CUE_REACH = 50


# where a line goes, even to places the gazetteer lacks ("a railway from Port Klang ... to")
_ENDS = re.compile(r"\s+(?:between|from|linking|connecting)\s+(?:the\s+)?[A-Z]")

#: How far after a project's words its line may start ("a railway, 214 km long, between").
_LINE_REACH = 40


def attach_quantities(report: Report, index: int, drafts: list[Draft]) -> None:
    """Each quantity of the sentence to the project named last before it."""
    if not drafts:
        return
    for q in within(report.mentions.quantities, *report.sentence(index)):
        part = part_of(q)
        if part is None:
            continue
        before = [d for d in drafts if d.anchor <= q.start]
        owner = max(before, key=lambda d: d.anchor) if before else drafts[0]
        if isinstance(part, Amount):
            if owner.amount is None:
                owner.amount = part
                report.evidence(owner, "amount", q.start, q.end)
        elif part.key not in owner.specs:
            owner.specs[part.key] = part
            report.evidence(owner, "spec", q.start, q.end)


def part_of(q: Quantity) -> Spec | Amount | None:
    """What a quantity says of a project: its amount (money), a specification (a length, a
    capacity, a count of stations), or nothing (a share, a count of deals)."""
    if q.kind == "share" or (q.kind == "count" and q.unit in NOT_SPECS):
        return None
    if q.kind == "money":
        return Amount(value=q.value, currency=q.unit)
    if q.kind == "count":
        return Spec(key=_plural(q.unit), value=int(q.value) if q.value.is_integer() else q.value)
    if q.kind in SPEC_KEYS:
        return Spec(key=SPEC_KEYS[q.kind], value=q.value, unit=q.unit)
    return None


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
