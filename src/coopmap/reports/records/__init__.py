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

Every field keeps its :class:`~coopmap.reports.candidates.Evidence`: the words, their span and
their sentence.

The steps live in their own modules: :mod:`~coopmap.reports.records.events`,
:mod:`~coopmap.reports.records.projects` and
:mod:`~coopmap.reports.records.project_details` find and fill the drafts
(:mod:`~coopmap.reports.records.draft`) from a :class:`~coopmap.reports.records.report.Report`;
:mod:`~coopmap.reports.records.linking` links and merges them and
:mod:`~coopmap.reports.records.titles` titles them.
"""

from __future__ import annotations

import re

from coopmap.reports.candidates import Candidate, Mentions
from coopmap.reports.records.draft import Draft
from coopmap.reports.records.events import EventFinder
from coopmap.reports.records.linking import link, merge_projects
from coopmap.reports.records.project_details import (
    attach_quantities,
    continues,
    fill_project,
    gives_roles,
)
from coopmap.reports.records.projects import find_projects
from coopmap.reports.records.report import Report
from coopmap.reports.records.titles import title
from coopmap.taxonomy import RecordKind

__all__ = ["propose"]


def propose(mentions: Mentions, /) -> list[Candidate]:
    """The events and projects that ``mentions`` suggest: events, then projects, in order."""
    report = Report(mentions)
    finder = EventFinder(report)
    projects: list[Draft] = []
    previous: list[Draft] = []
    for index in range(len(mentions.sentences)):
        named = find_projects(report, index)
        found = [d for d in named if not d.named_only]
        # "the pipeline ..., while work on a fourth line ...": the pipeline goes on; but
        # "The project will fit units on the fifth tunnel. It is ...": the subject does
        opening = [d for d in found if d.refers_only and _opens(report, d)]
        going_on = opening[:1] or [d for d in found if not d.refers_only] or found
        last = _one_project(previous)
        if (
            not found
            and last is not None
            and (continues(report, index) or gives_roles(report, index))
        ):
            # "... the Astana light railway. Construction is expected to start by ..."
            if fill_project(report, index, last, single=True, anchor=report.sentence(index)[0]):
                last.named_only = False  # "... at New Gwadar Airport. It was built by ..."
            attach_quantities(report, index, [last])  # "The line, 22.4 km long with ..."
        # a name the report says nothing of yet is what it goes on about only if it has
        # named no project before ("BAKAD ring road. The Big Almaty Ring Road is ...")
        previous = going_on or previous or named
        taken = [p.place for p in found if p.place is not None]
        events = finder.find(index, besides=taken)
        link(report, index, events, found)
        projects.extend(named)
    projects = merge_projects(projects, report.headlines())
    keys: dict[int, str] = {}
    used: set[str] = set()
    for draft in projects:
        keys[id(draft)] = _unique(f"project:{_slug(draft.phrase)}", used)
    for draft in finder.events:
        place = draft.place.place.name if draft.place and draft.place.place else ""
        keys[id(draft)] = _unique(
            f"event:{draft.event_type}:{_slug(place)}:{_slug(draft.phrase)}", used
        )
    return [_candidate(d, keys) for d in finder.events + projects]


def _one_project(drafts: list[Draft]) -> Draft | None:
    """The one project ``drafts`` name: the only one, or the one whose title holds the
    others' ("a framework deal on a light rail line" holds "light rail line")."""
    spans = {id(d): _title_span(d) for d in drafts}
    for draft in drafts:
        outer = spans[id(draft)]
        if outer is not None and all(
            (span := spans[id(other)]) is not None and outer[0] <= span[0] and span[1] <= outer[1]
            for other in drafts
        ):
            return draft
    # "X, which is building the Thwake dam, says the dam is half complete": one dam
    if drafts and all(d.head == drafts[0].head for d in drafts):
        return max(drafts, key=lambda d: len(d.words | d.names))
    return None


def _opens(report: Report, draft: Draft) -> bool:
    """Whether a draft's words open its sentence ("The project will ...")."""
    start = report.sentence(draft.sentence)[0]
    return (
        re.fullmatch(
            r"[\s\"\u201c]*(?:the|this|that|its)?\s*", report.text[start : draft.anchor], re.I
        )
        is not None
    )


def _title_span(draft: Draft) -> tuple[int, int] | None:
    title = next((e for e in draft.evidence if e.field == "title"), None)
    return None if title is None else (title.start, title.end)


def _candidate(draft: Draft, keys: dict[int, str]) -> Candidate:
    # a link to a project that was no record of its own in the end (a mention that said
    # nothing more than its name) is no link
    links = tuple(
        dict.fromkeys(
            (kind, keys[id(project.root())])
            for kind, project in draft.links
            if id(project.root()) in keys
        )
    )
    return Candidate(
        kind=draft.kind,
        key=keys[id(draft)],
        title=title(draft),
        sectors=tuple(draft.sectors),
        start=draft.start,
        end=draft.end,
        places=(draft.place,) if draft.place else (),
        line=draft.line,
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


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique(key: str, used: set[str]) -> str:
    candidate, n = key, 1
    while candidate in used:
        n += 1
        candidate = f"{key}:{n}"
    used.add(candidate)
    return candidate
