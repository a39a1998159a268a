"""The words that tell candidate records apart: what names an event, a project, a status.

They are English phrasing rules more than data, so they live here rather than in ``data/``:
:mod:`coopmap.reports.records` reads them.
"""

from __future__ import annotations

import re
from typing import Any

from coopmap.reports.tokens import words
from coopmap.taxonomy import EventType, Precision, Role, Status


def _compiled(table: tuple[tuple[Any, str], ...]) -> tuple[tuple[Any, re.Pattern[str]], ...]:
    return tuple((key, re.compile(pattern, re.IGNORECASE)) for key, pattern in table)


#: The words that name an event of each type.
EVENT_WORDS: tuple[tuple[EventType, re.Pattern[str]], ...] = _compiled(
    (
        (EventType.TALKS, r"\b(?:talks|negotiations)\b"),
        (EventType.CONFERENCE, r"\b(?:conference|forum|expo|exhibition|symposium)\b"),
        (
            EventType.MEETING,
            r"\b(?:meeting|summit)\b|\b(?:met|meet|meets)\b(?!\s+(?:the\s+)?(?:demand|needs?|"
            r"requirements?|standards?|targets?|criteria|deadlines?|expectations?|costs?))",
        ),
        (EventType.VISIT, r"\bvisit(?:s|ed)?\b"),
        (EventType.SIGNING, r"\b(?:signed|signing|sign|signs)\b"),
        # a ceremony announces what it opens or starts
        (
            EventType.ANNOUNCEMENT,
            r"\b(?:ceremony|ceremonies|ground-?breaking|inauguration|ribbon-cutting)\b|"
            r"\b(?:first|foundation)\s+stone\b",
        ),
    )
)

#: Determiners of something named before ("the railway", "a deal on the line").
DEFINITE = words("the this that these those its their")

#: Event words that are verbs: the event is titled by its type ("Meeting", "Visit").
EVENT_VERBS = words("met meet meets visited visits")

#: Words before an event word that refer to an event already named ("after their talks").
REFERRING = words("the their his her its this that these those during after before")

#: Status cues, the most advanced first: the first that a clause shows is its status.
STATUS_CUES: tuple[tuple[Status, re.Pattern[str]], ...] = _compiled(
    (
        (Status.CANCELLED, r"\b(?:cancell?ed|scrapped|abandoned|called off)\b"),
        (Status.SUSPENDED, r"\b(?:suspended|halted|frozen|put on hold|stalled)\b"),
        (
            Status.COMPLETED,
            r"\b(?:completed|finished|(?:was|were|has been|have been) (?:built|finished))\b",
        ),
        (
            Status.OPERATING,
            r"\b(?:put into (?:operation|service)|went into (?:operation|service)|"
            r"in operation|commissioned|opened to traffic|began operating|started operating|"
            r"(?:has|have|had|was|were) opened|opened (?:in|on|last|this)|"
            r"opened (?:\w+ )?(?:years?|months?|decades?) ago|inaugurated)\b",
        ),
        (
            Status.UNDER_CONSTRUCTION,
            r"\b(?:under construction|being (?:built|constructed)|under ?way|launched|"
            r"(?:work|construction)\s+(?:\w+\s+)?(?:resumed|restarted)|resumed work|"
            r"restarted work|"
            r"kicked off|broke ground|(?:has|have|had) (?:started|begun|began))\b",
        ),
        (
            Status.AGREED,
            r"\b(?:signed|signing|agreed|approved|established|establishment|set up|deals?|"
            r"agreements?|contracts?)\b",
        ),
        (
            Status.ANNOUNCED,
            r"\b(?:will (?:\w+ )?(?:start|begin|build|be built|help build|construct|have|open|"
            r"launch|follow)|(?:expected|planned|set|scheduled|due) to|plans? (?:to|a|an|another)|"
            r"proposed|"
            r"to be (?:built|started|constructed|completed|finished|launched|opened)|"
            r"to kick off)\b",
        ),
    )
)

#: Cues after which a date in the clause is when the project starts, or ends.
STARTS = re.compile(
    r"\b(?:start\w*|begin\w*|began|begun|kick\w* off|launch\w*|break ground|broke ground|"
    r"construction|follow)\b"
    # "began commercial operation" is when it opened
    r"(?!\s+(?:commercial\s+|full\s+|regular\s+)?(?:operation|operating|service|production))",
    re.IGNORECASE,
)
ENDS = re.compile(
    r"\b(?:complet\w+|finish\w*|open\w*|put into (?:operation|service)|commission\w*|"
    r"(?:start\w*|began|begun|begin\w*|entered|enters)\s+(?:commercial\s+|full\s+|regular\s+)?"
    r"(?:operation|operating|service|production))\b",
    re.IGNORECASE,
)

#: Last words of a noun phrase that names a project.
PROJECT_HEADS = words(
    """
    project projects programme programmes program system systems line lines zone zones park
    parks complex centre center facility facilities network hub corridor plant plants factory
    factories fund funds station stations terminal terminals railway railways railroad metro
    subway tram tramway road roads highway highways motorway expressway bridge bridges tunnel
    tunnels port ports seaport airport airports link links crossing crossings pipeline
    pipelines refinery refineries smelter smelters mine mines dam dams grid farm farms
    concentrator concentrators
    """
)
#: Heads that are projects only after one of these words ("a rail link", not "transport
#: links").
QUALIFIED_HEADS = {
    head: words("rail railway road highway motorway ferry power fibre fiber cable")
    for head in ("link", "links")
}
#: Heads of agreements: projects when they say what about ("an agreement on ...").
DEAL_HEADS = words(
    "deal deals agreement agreements contract contracts memorandum memorandums memoranda accord"
)
#: Words that stand for a list of projects ("projects in steel and cement", "those related to").
LIST_HEADS = words("projects those ones")
LIST_INTRO = re.compile(
    r"\s*(?:in|on|for|of|covering|involving|including|such as|related to|relating to|"
    r"ranging from|from)\s+",
    re.IGNORECASE,
)

#: The roles an organisation has in a project (a participant takes part in an event).
PROJECT_ROLES = (Role.CONTRACTOR, Role.FUNDER, Role.OPERATOR, Role.OWNER)

#: Words before "signed" when it describes a deal ("a recently signed agreement").
SIGNED_ADJECTIVE = words("a an the recently newly jointly already previously")
#: Words between what was signed and "signed" ("a deal on the line was signed").
SIGNED_FILLER = words("recently jointly also were was been")
#: Words before what was signed ("the signing of a series of deals").
OBJECT_FILLER = words("a an the series number package set raft batch couple of")
#: Between the items of a list ("steel, smelting and cement").
LIST_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+")

#: Words that end a noun phrase (determiners, prepositions, verbs, conjunctions).
STOP = words(
    """
    a an the this that these those its their his her our your my some any each every another
    such in on at to for with by from of into onto over under about as between among within
    without after before during since until via through across against along around near
    is are was were be been being am will would shall should can could may might must has
    have had do does did help helps helped build builds built construct constructed start
    starts started begin began launch launched sign signed signing said says told added
    according reached vow vowed vowing step hold held attend attended visit visited expected
    plan planned call called hailed linked witnessed establish established and or but while
    whereas although though which who whom whose if than then so also already more most very
    both two three several many all other related ranging including covering involving
    recently once still now just not no new dozen dozens hundreds thousands nearly roughly
    approximately further farther here there nearby upstream downstream too itself
    """
)
#: The most words a noun phrase has before its head.
MAX_PHRASE = 7

#: Counted nouns that are no specification of one project.
NOT_SPECS = words(
    """
    projects project agreements agreement deals deal documents contracts contract memorandums
    memoranda countries cities provinces regions delegations ministers members companies
    enterprises firms people
    """
)
#: Specification keys by the kind of quantity.
SPEC_KEYS = {
    "length": "length",
    "power": "capacity",
    "mass": "capacity",
    "rate": "capacity",
    "energy": "output",
    "volume": "volume",
    "area": "area",
    "speed": "speed",
    "voltage": "voltage",
}

#: Where a sentence's clauses part: each clause has its own status and date.
CLAUSE_BREAK = re.compile(
    r";|,\s*(?=(?:while|whereas|but|although|though)\b)"
    r"|,\s*and\s+(?=(?:a|an|the|another|some|that|it|they|he|she|we|\d+|[a-z]+\s+more)\b)"
    r"|\s+while\s+",
)

#: How a sentence that goes on about the project before it begins.
CONTINUES = re.compile(
    r"(?:construction|work|works|civil\s+works|building|operations?|it|its|this|they|these)\b|"
    # a part of it: "The Uzbek stretch is owned by ...", "Its second section ..."
    r"(?:most|much|part|all|some|half)\s+of\s+(?:the|its)\b|"
    r"the\s+(?:\w+\s+){0,2}(?:sections?|stretch(?:es)?|segments?|legs?|portions?)\b|"
    r"the\s+(?:construction|work|works|building)\b|"
    r"the\s+(?:first|second|third|next|new|final|last)\s+(?:stage|phase)\b|"
    # "the railway", "The 142.3 km line", "the 752 km electrified line"
    r"the\s+(?:[\d.,]+\s*[a-z/]+\s+)?(?:[\w-]+\s+)?(?:"
    + "|".join(sorted(PROJECT_HEADS | {"line"}))
    + r")\b",
    re.IGNORECASE,
)

#: Words that date an event by the one before it.
SAME_DAY = re.compile(r"\b(?:the same day|that day|the same time|the same occasion)\b", re.I)

#: Precisions from the finest: an event or project is at the finest place its clause gives.
ORDER = [
    Precision.EXACT,
    Precision.NEAR,
    Precision.CITY,
    Precision.ADMIN2,
    Precision.ADMIN1,
    Precision.COUNTRY,
]
