"""Projects from the phrases that name them.

A project is a noun phrase that ends in a project word and names a sector ("a light railway
transportation system", "the 22.4 km light railway", "a capacity cooperation fund"), each of
the phrases that share a head ("steel, smelting and cement projects"), an item of a list after
"projects in" / "those related to", or a deal that says what about ("agreements on production
capacity, energy and quality control").
"""

from __future__ import annotations

import re

from coopmap.reports.cues import (
    DEAL_HEADS,
    DEFINITE,
    LIST_HEADS,
    LIST_INTRO,
    LIST_SEPARATOR,
    PROJECT_HEADS,
    QUALIFIED_HEADS,
    STOP,
)
from coopmap.reports.records.draft import Draft
from coopmap.reports.records.linking import merge
from coopmap.reports.records.phrases import is_word, phrase_start
from coopmap.reports.records.project_details import attach_quantities, fill_project
from coopmap.reports.records.report import Report, within
from coopmap.reports.tokens import Token, words
from coopmap.taxonomy import RecordKind, Sector

__all__ = ["find_projects"]


def find_projects(report: Report, index: int) -> list[Draft]:
    """The projects named in sentence ``index``, with what their clauses say of them, and
    the proper names of projects their clauses say nothing about (``named_only``: projects
    only if the report goes on about them)."""
    s, e = report.sentence(index)
    tokens = report.tokens_of(s, e)
    drafts: list[Draft] = []
    for clause in report.clauses(s, e):
        listed, taken = _listed_projects(report, index, tokens, clause)
        drafts.extend(listed)
        drafts.extend(_phrase_projects(report, index, tokens, clause, taken))
    if any(d.head not in DEAL_HEADS for d in drafts):
        # "the railway ... according to the deal signed in May": the deal is the railway's
        drafts = [d for d in drafts if d.head not in DEAL_HEADS or d.sectors]
    drafts = _parts_merged(report, _appositions_merged(report, drafts))
    kept = []
    for draft in drafts:
        if fill_project(report, index, draft, single=len(drafts) == 1):
            kept.append(draft)
        elif draft.proper or draft.names:  # "the Budapest-Belgrade railway in Hungary"
            draft.named_only = True
            kept.append(draft)
        elif draft.refers_only and draft.head in _BARE_MENTIONS:
            # "The project will fit ...": a mention, whatever it says
            kept.append(draft)
    attach_quantities(report, index, [d for d in kept if not d.named_only])
    return kept


# "the East Coast Rail Link, a railway from Port Klang to Kota Bharu", "The Big Almaty Ring
# Road is a 66 km toll motorway": one project
_APPOSITION = re.compile(
    r"(?:\s*\([^()]{1,40}\))?"  # "the Sukkur-Multan Motorway (M-5), a six-lane road"
    r"(?:,\s+|\s+(?:is|was|will\s+be|would\s+be|becomes|became)\s+)(?:a|an|the)\s+"
    r"(?:[\w.-]+\s+){0,4}"
)
_AT = re.compile(r"\s+at\s+(?:the\s+)?")
#: Between a deal and the project it is for ("agreement with X for the construction of the").
_DEAL_FOR = re.compile(
    r"\s+(?:with\s+[^,;.()]{1,80}?\s+)?(?:for|on)\s+(?:the\s+)?(?:(?:construction|"
    r"modernisation|modernization|expansion|upgrade|upgrading|building|reconstruction|"
    r"extension|rehabilitation|completion|development)\s+of\s+(?:the\s+|a\s+|an\s+)?)?",
    re.IGNORECASE,
)
#: "the Orange Line of the Lahore metro": a named part of a project, one record.
_PART_OF = re.compile(r"\s+of\s+(?:the\s+)?")


def _appositions_merged(report: Report, drafts: list[Draft]) -> list[Draft]:
    """The drafts, each named in apposition to the one before it merged into that one."""
    kept: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: d.anchor):
        before = kept[-1] if kept else None
        title = _title(before) if before is not None else None
        here = _title(draft)
        if before is None or title is None or here is None:
            kept.append(draft)
            continue
        between = (title[1], here[0])
        if before.head in DEAL_HEADS and _DEAL_FOR.fullmatch(report.text, *between):
            # "a loan agreement with X for the modernisation of the Bishkek plant": the deal
            # is a step of the plant's project
            name = draft.phrase
            merge(before, draft)
            draft.phrase = name
            kept[-1] = draft
            continue
        if _AT.fullmatch(report.text, *between) and not draft.proper:
            # "the second concentrator at the Aktogay copper mine": the project is the
            # concentrator, the mine is where it is
            name, own_words = before.phrase, before.words
            merge(draft, before)
            before.phrase, before.words = name, own_words
            continue
        if before.proper and not draft.proper and _PART_OF.fullmatch(report.text, *between):
            name = before.phrase
            merge(draft, before)  # the name stays the title, the whole lends its place
            before.phrase = name
            continue
        if _APPOSITION.fullmatch(report.text, *between):
            name = before.phrase
            merge(draft, before)
            # the name, not what it is ("a railway"), nor a line of no sector ("a 22.4 km
            # line")
            if before.proper or draft.refers_only:
                before.phrase = name
            continue
        kept.append(draft)
    return kept


#: Before or after a project's words, what makes it a part of the project before it ("fed
#: by its own power plants", "with an airport and a port of its own").
_ITS_OWN_BEFORE = re.compile(r"\b(?:its|their)\s+own\s+$", re.IGNORECASE)
_OF_ITS_OWN = re.compile(r"\s+of\s+(?:its|their)\s+own\b", re.IGNORECASE)


def _parts_merged(report: Report, drafts: list[Draft]) -> list[Draft]:
    """The drafts, each that is a part of the one before it merged into that one (a part of
    none of them is dropped: "the company and its own port")."""
    kept: list[Draft] = []
    for k, draft in enumerate(drafts):
        span = _title(draft)
        if span is None:
            kept.append(draft)
            continue
        before = report.text[max(0, span[0] - 12) : span[0]]
        # "an airport and a port of its own": the last of a list says it for the list
        rest = [d for d in drafts[k:] if _title(d) is not None]
        ends = [_title(d)[1] for d in rest]
        mine = report.text[span[0] : span[1]].lower().startswith("own ")  # "its own plants"
        own = _ITS_OWN_BEFORE.search(before + ("own " if mine else "")) or any(
            _OF_ITS_OWN.match(report.text, end)
            and not report.text[span[1] : end].count(".")
            and report.commas(span[1], end) == 0
            for end in ends
        )
        if own and kept:
            name = kept[-1].phrase
            merge(draft, kept[-1])
            kept[-1].phrase = name
        elif not own:
            kept.append(draft)
    return kept


def _title(draft: Draft) -> tuple[int, int] | None:
    """Where the draft's title words start, and where the last of them end (a draft merged
    with the phrase after it ends there)."""
    spans = [(e.start, e.end) for e in draft.evidence if e.field == "title"]
    return (spans[0][0], max(end for _, end in spans)) if spans else None


def _listed_projects(
    report: Report, index: int, tokens: list[Token], clause: tuple[int, int]
) -> tuple[list[Draft], list[tuple[int, int]]]:
    """Projects in a list: "projects in steel, smelting and cement"."""
    found, taken = [], []
    for token in tokens:
        if not clause[0] <= token.start < clause[1] or token.key not in LIST_HEADS:
            continue
        intro = LIST_INTRO.match(report.text, token.end, clause[1])
        if intro is None:
            continue
        end = _list_end(report, intro.end(), clause[1], ranging="from" in intro.group().lower())
        noun = "projects" if token.key == "projects" else "project"
        for a, b in _list_items(report, intro.end(), end):
            inside = within(report.mentions.sectors, a, b)
            if not inside:
                continue
            item = " ".join(report.text[a:b].split())
            draft = Draft(RecordKind.PROJECT, f"{item} {noun}", index, a, head=noun)
            draft.words = frozenset(item.lower().split())
            report.evidence(draft, "title", a, b)
            report.add_sectors(draft, a, b)
            found.append(draft)
        if found:
            taken.append((token.start, end))
    return found, taken


def _list_end(report: Report, start: int, end: int, *, ranging: bool) -> int:
    """Where a list that starts at ``start`` ends: at the first word that is no part of it
    ("... and cement *are* expected"); "to" goes on in "ranging from X to Y"."""
    for t in report.tokens_of(start, end):
        if t.key in ("and", "or") or (ranging and t.key == "to"):
            continue
        if t.key in STOP or t.text in '.;:()"\u201c\u201d':
            return t.start
    return end


def _list_items(report: Report, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a list's items, without the commas and "and"s between them."""
    trimmed = []
    for a, b in report.split(LIST_SEPARATOR, start, end):
        chunk = report.text[a:b]
        b = a + len(chunk.rstrip())
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _phrase_projects(
    report: Report,
    index: int,
    tokens: list[Token],
    clause: tuple[int, int],
    taken: list[tuple[int, int]],
) -> list[Draft]:
    """Projects named by a noun phrase: "a light railway transportation system", and each
    of "steel, smelting and cement projects"."""
    found = []
    for k, token in enumerate(tokens):
        if not clause[0] <= token.start < clause[1]:
            continue
        deal = token.key in DEAL_HEADS
        route = token.key in _ROUTE_HEADS
        if not (deal or route or token.key in PROJECT_HEADS):
            continue
        if (
            route
            and token.key not in PROJECT_HEADS
            and not _ROUTE.match(report.text, token.end, clause[1])
        ):
            continue  # "a branch between Beyneu and Shymkent", not a bank's branch
        if route and _part_of_named(tokens, k):
            continue  # "the 120 km stretch of the Karakoram Highway" is that highway's
        named = report.in_actor(token.start, token.end)
        if named and not _named_as_project(report, token):
            continue
        if any(a <= token.start < b for a, b in taken):
            continue
        qualifiers = QUALIFIED_HEADS.get(token.key)
        if qualifiers is not None and (k == 0 or tokens[k - 1].key not in qualifiers):
            continue
        # a proper name ("East Coast Rail Link", "Telegraph Road") is a project only if its
        # clause says something of a project about it (a status, a party, a size, a line)
        proper = token.cap and not token.sentence_start
        if k + 1 < len(tokens) and is_word(tokens[k + 1]) and not _verb_after(tokens, k):
            continue  # the phrase goes on ("railway transportation system", "farm trade")
        first, last = phrase_start(report, tokens, k, actors=named), k
        if deal and k + 2 < len(tokens) and tokens[k + 1].key in ("on", "for"):
            # "agreements on production capacity, energy and quality control", "a deal on
            # the line"
            about = k + 2 + (tokens[k + 2].key in DEFINITE | {"a", "an"})
            stop = _list_end(
                report, tokens[min(about, len(tokens) - 1)].start, clause[1], ranging=False
            )
            last = max((j for j in range(about, len(tokens)) if tokens[j].end <= stop), default=k)
        draft = _phrase_project(report, index, tokens, first, last, k, clause)
        if draft is not None:
            draft.proper = proper
            found.append(draft)
        if proper:
            continue
        if token.key.endswith("s") and not deal:
            for m_first, m_last in _shared_head(report, tokens, first):
                draft = _phrase_project(report, index, tokens, m_first, m_last, k, clause)
                if draft is not None:
                    found.append(draft)
    return sorted(found, key=lambda d: d.anchor)


_ONE_OF = re.compile(r"\bone\s+of\s+(?:the|its|their)\s+$", re.IGNORECASE)
_SUPERLATIVE = re.compile(r"(?:most|\w+est)\b", re.IGNORECASE)

#: Kinds of quantity that only a power project has.
_POWER = frozenset({"power", "voltage", "energy"})

#: Heads of a mention of a project named before ("the project", "the scheme").
_BARE_MENTIONS = frozenset({"project", "scheme"})

#: Heads of a named transit line ("the Orange Line"), of no sector word of their own.
_NAMED_LINES = frozenset({"line", "lines"})


#: Heads of a part of a network that goes somewhere: projects only with their route ("an
#: extension of about 125 km from Adama to Awash").
def _part_of_named(tokens: list[Token], k: int) -> bool:
    """Whether the route word ``tokens[k]`` is the part "of the" project named after it
    that the report speaks of ("the 120 km stretch of the Karakoram Highway"), not a new
    part of it ("a further section of the expressway, from Vang Vieng to Luang Prabang")."""
    after = tokens[k + 1 : k + 3]
    if not (len(after) == 2 and after[0].key == "of" and (after[1].key == "the" or after[1].cap)):
        return False
    before = (t.key for t in reversed(tokens[max(0, k - 4) : k]))
    return next((key for key in before if key in _ARTICLES), None) == "the"


_ARTICLES = frozenset({"the", "a", "an", "another"})


_ROUTE_HEADS = frozenset(
    {"branch", "branches", "spur", "extension", "section", "stretch", "segment", "link"}
)
_ROUTE = re.compile(r"[^.;:]{0,40}?\b(?:between|from|linking|connecting|to)\s+(?:the\s+)?[A-Z]")

#: Words before a plural that make it things someone has ("its plants").
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})

#: Words before a plural that make it some particular ones ("the plants", "two plants").
_DETERMINERS = DEFINITE | frozenset({"a", "an", "some", "several", "two", "three", "four", "both"})

#: Adjectives between a determiner and a project phrase that are no words of the phrase.
_ADJECTIVES = frozenset({"new", "planned", "proposed", "future", "same", "existing"})

#: Words that follow a verb, not a noun: "the plant *belongs to*", "the line *runs from*".
_AFTER_VERB = frozenset(
    {"a", "an", "the", "to", "by", "in", "on", "with", "from", "into", "its", "their"}
    | {"about", "through", "across"}
)


def _named_as_project(report: Report, head: Token) -> bool:
    """Whether the name that ends with ``head`` and looks like a company's ("Laos-China
    Railway") is a project: it plays no part, and what follows it says it is one ("..., a
    422 km electrified line")."""
    actor = next(
        (a for a in report.mentions.actors if a.start <= head.start and head.end <= a.end), None
    )
    if actor is None or actor.role is not None or actor.end != head.end:
        return False
    if _APPOSITION.match(report.text, head.end) is None:
        return False
    after = report.tokens_of(head.end, min(len(report.text), head.end + 60))
    words = [t for t in after if t.text[0].isalnum()][:7]
    return any(t.key in PROJECT_HEADS for t in words)


def _verb_after(tokens: list[Token], k: int) -> bool:
    """Whether the word after the head ``tokens[k]`` is a verb ("the plant belongs to", "the
    port opened", not "railway transportation system")."""
    if k + 2 >= len(tokens) or tokens[k + 1].cap:
        return False
    word = tokens[k + 1].key
    if word in _AUXILIARIES:
        return True  # "the station will be operated by", "the plant is due to open"
    # a past tense ("the dry port opened four years ago"), or a present one before a
    # preposition or an article ("the plant belongs to")
    return word.endswith("ed") or (word.endswith("s") and tokens[k + 2].key in _AFTER_VERB)


#: Verbs that follow a subject ("the station *will* be run by").
_AUXILIARIES = words(
    "will would shall should can could may might must is was are were has had have"
)


def _shared_head(report: Report, tokens: list[Token], first: int) -> list[tuple[int, int]]:
    """The modifiers coordinated before a phrase that share its plural head ("steel" and
    "smelting" in "steel, smelting and cement projects"), each naming a sector."""
    spans = []
    j = first
    while j >= 2 and tokens[j - 1].key in (",", "and", "or"):
        sep = j - 1
        if tokens[sep].key in ("and", "or") and tokens[sep - 1].text == ",":
            sep -= 1  # an Oxford comma
        if sep < 1 or not is_word(tokens[sep - 1]):
            break
        m_first = phrase_start(report, tokens, sep - 1)
        if not within(report.mentions.sectors, tokens[m_first].start, tokens[sep - 1].end):
            break
        spans.append((m_first, sep - 1))
        j = m_first
    return spans[::-1]


def _phrase_project(
    report: Report,
    index: int,
    tokens: list[Token],
    first: int,
    last: int,
    head: int,
    clause: tuple[int, int],
) -> Draft | None:
    """A project named by ``tokens[first..last]`` (with ``tokens[head]`` after it when
    the head is shared), if the phrase names a sector or says what a deal is about."""
    deal = tokens[head].key in DEAL_HEADS
    start, end = tokens[first].start, tokens[last].end
    content = [
        t
        for t in tokens[first : last + 1]
        if (is_word(t) or (t.key == "new" and t.cap)) and not report.in_quantity(t)
    ]
    if not content:
        return None
    phrase = report.words_of(tokens, tokens.index(content[0]), last)
    if last < head:
        phrase = f"{phrase} {tokens[head].text}"
    draft = Draft(RecordKind.PROJECT, phrase, index, content[0].start, head=tokens[head].key)
    draft.words = frozenset(t.key for t in content if not t.cap)
    draft.names = frozenset(
        t.key for t in content if t.cap and not t.sentence_start and t is not tokens[head]
    )
    placed = [(p.start, p.end) for p in within(report.mentions.places, start, end)]
    draft.own_names = frozenset(
        t.key
        for t in content
        if t.key in draft.names and not any(a <= t.start < b for a, b in placed)
    )
    about = tokens[head + 2] if deal and last > head + 1 else None  # "a deal on the line"
    # "the railway", and "the new terminal" ("new" is no word of the phrase)
    before = first - 1 - (first > 1 and tokens[first - 1].key in _ADJECTIVES)
    # "the capital's old coal-fired station": a possessive of a common noun is "the"
    owned = (
        before >= 2
        and tokens[before].key in ("'s", "\u2019s")
        and not tokens[before - 1].cap
        and tokens[before - 2].key in DEFINITE
    )
    draft.definite = (
        (before >= 0 and tokens[before].key in DEFINITE)
        or owned
        or (about is not None and about.key in DEFINITE)
    )
    plural = tokens[head].key.endswith("s") and not deal and last >= head
    draft.generic = plural and not (
        first > 0
        and (tokens[first - 1].key in _DETERMINERS or report.in_quantity(tokens[first - 1]))
    )
    draft.possessed = plural and first > 0 and tokens[first - 1].key in _POSSESSIVES
    # a project named like a company ("Laos-China Railway, a 422 km line") is of its words'
    # sector
    report.add_sectors(draft, start, end, names=report.in_actor(start, end))
    head_token = tokens[head]
    sizes = within(report.mentions.quantities, start, end)
    if not draft.sectors and any(q.kind in _POWER for q in sizes):
        draft.sectors[Sector.ENERGY] = None  # "a new 500 kV line", "the 1,124 MW Kohala project"
    if not draft.sectors and head_token.key in _ROUTE_HEADS:
        draft.refers_only = True  # of the sector of the project it branches from
    elif not draft.sectors and head_token.key in _NAMED_LINES:
        if head_token.cap and first < head:
            # "the Orange Line", "the Purple Line": a named line is a railway or metro line
            draft.sectors[Sector.TRANSPORT] = None
            report.evidence(draft, "sector", head_token.start, head_token.end)
        else:
            draft.refers_only = True
    elif (
        not draft.sectors and draft.definite and (head_token.key in _BARE_MENTIONS or first == head)
    ):
        # "The project will fit three units", "the station will be run by X": the one
        # named before
        draft.refers_only = True
    intro = LIST_INTRO.match(report.text, tokens[max(last, head)].end, clause[1]) if deal else None
    if intro is not None:  # "deals ranging from production capacity to tourism"
        stop = _list_end(report, intro.end(), clause[1], ranging="from" in intro.group())
        report.add_sectors(draft, intro.end(), stop)
    # "the 350 km line between Budapest and Belgrade" is of the project it goes on about
    if not draft.sectors and not (deal and last > head) and not draft.refers_only:
        return None
    if head_token.key in _NAMED_LINES and head > 0 and tokens[head - 1].key == "credit":
        return None  # "a credit line from China Development Bank" is a loan
    if any(t.key == "existing" for t in tokens[max(0, first - 1) : head]):
        return None  # "adding turbines to an existing dam": what there is, not a project
    if first > 0 and tokens[first - 1].key == "same":
        draft.refers_only = True  # "the same dam": one named before, or none
    if _ONE_OF.search(report.text, max(0, start - 20), start) and _SUPERLATIVE.match(phrase):
        return None  # "one of the largest earth-filled dams in the world": what it is like
    report.evidence(draft, "title", start, end)
    # the countries of a pair in the phrase ("China-Kazakhstan ... fund")
    for toponym in within(report.mentions.places, start, end):
        if toponym.place is not None and toponym.place.country and report.paired(toponym):
            draft.countries[toponym.place.country] = None
        elif toponym.demonym and toponym.place is not None:
            draft.demonym = toponym.place.country
    return draft
