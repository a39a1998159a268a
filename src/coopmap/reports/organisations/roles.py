"""The part an organisation or a person plays, from the words around its name within its
sentence: contractor ("built by X", "X will help build"), funder ("financed by X", "a loan
from X", "X will finance", and any "... Fund"), operator ("operated by X"), owner ("owned by
X", "a joint venture of X and Y", "X holds a 60% stake"), participant ("X
held talks", "attended", "met"; every person in a sentence about talks, meetings, visits or
signings)."""

from __future__ import annotations

import re

from coopmap.reports.organisations.names import Name
from coopmap.taxonomy import Role

__all__ = ["DESCRIBING", "also_roles", "find_role", "project_role_after", "project_role_before"]

#: Words that make a sentence about an event, so the people it names take part in it.
_EVENT_CUE = re.compile(
    r"\b(?:talks|met|meet|meets|meeting|summit|visit\w*|attend\w*|conference|forum|"
    r"sign\w*|witness\w*|shak\w+ hands|shook hands|hosted|received)\b",
    re.IGNORECASE,
)

_AUX = (
    r"(?:(?:will|would|shall|is|are|was|were|has|have|had|to|also|be|been|being|jointly|"
    r"help|helps|helped|helping|going|set|expected|plans?|planned|agreed|already|then|now|"
    r"recently|later|today|yesterday|has\s+been)\s+)*"
)
# After the name: an acronym in brackets, an apposition between commas, "and <Name>".
_AFTER_NAME = (
    r"^(?:\s*\([^)]{1,20}\))?(?:\s*,[^,.;]{1,60},)?"
    r"(?:\s+and\s+(?:[A-Z][\w'\u2019-]*\s*){1,4})?\s*"
)
# "X, which lent ...": a relative clause gives a part in a project, not in an event ("which
# holds 95 percent" is no "held talks")
_WHICH = r"^(?:\s*\([^)]{1,20}\))?\s*,?\s+(?:which|that|who)\s+"

#: Roles from the words after a name (the name is the subject) ...
_ROLE_VERBS: tuple[tuple[Role, str], ...] = (
    (
        Role.CONTRACTOR,
        r"build|builds|built|building|construct\w*|lay|lays|laid|install\w*|"
        r"supply|supplies|supplied|deliver|delivers|delivered|"
        r"won\s+the\s+(?:\w+\s+)?(?:contract|tender|bid)|"
        # "Dongfang Electric is finishing the 120 MW Aysha II wind farm"
        r"(?:is|are|was|were)\s+(?:finishing|completing)|"
        r"(?:was|were|has\s+been|have\s+been)\s+awarded",
    ),
    (
        Role.FUNDER,
        r"financ\w+|fund|funds|funded|funding|lend|lends|lent|lending|invest\w*|"
        # "the government covered the rest", "X paid for the rest"
        r"(?:covered|covers|will\s+cover|paid\s+for|pays\s+for|put\s+up)\s+(?:the\s+)?"
        r"(?:rest|remainder|balance|remaining|other)\b|"
        r"(?:is|was|are|were|will\s+be)\s+(?:the|a|an)\s+(?:\w+\s+)?"
        r"(?:lender|financier|funder|creditor)s?|"
        r"provide[sd]?\s+(?:a\s+|an\s+|the\s+)?(?:[\w$.,-]+\s+){0,4}?"
        r"(?:loans?|credit|financing|funding|million|billion)|"
        # "the Board ... approved a loan of USD300 million"
        r"approved\s+(?:a\s+|an\s+|the\s+)?(?:[\w$.,-]+\s+){0,3}?(?:loans?|credit|financing|grant)",
    ),
    (
        Role.OPERATOR,
        r"operate[sd]?|operating|runs|manage[sd]?|(?:is|was|will\s+be)\s+the\s+operator",
    ),
    (
        Role.OWNER,
        r"owns|own|owned|holds?\s+(?:a\s+|the\s+)?(?:majority\s+|controlling\s+|"
        r"minority\s+)?(?:[\d.]+\s*(?:%|per\s*cent|percent)\s+)?stake|"
        r"holds?\s+(?:a\s+|the\s+other\s+|the\s+remaining\s+)?[\d.]+\s*(?:%|per\s*cent|percent)",
    ),
    (
        Role.PARTICIPANT,
        r"hold|holds|held|meet|meets|met|attend\w*|visit\w*|sign|signs|signed|"
        r"witness\w*|join|joins|joined|t[ao]ok\s+part|takes\s+part|participat\w+|"
        r"shak\w+\s+hands|shook\s+hands|host|hosts|hosted|talk|talks|talked",
    ),
)
#: The verbs that give a part in a project.
_PROJECT_VERBS = tuple((role, verbs) for role, verbs in _ROLE_VERBS if role is not Role.PARTICIPANT)
_ROLE_AFTER: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(_AFTER_NAME + _AUX + f"(?P<cue>{verbs})" + r"\b"))
    for role, verbs in _ROLE_VERBS
) + tuple(
    (role, re.compile(_WHICH + _AUX + f"(?P<cue>{verbs})" + r"\b"))
    for role, verbs in _ROLE_VERBS
    if role is not Role.PARTICIPANT
)

# "the contractor is X", "the developer, X,": a role noun before a name, with a copula or a
# comma between
_IS = r"(?:\s+(?:is|was|are|were|will\s+be|being)|\s*,)?"

# Between a role's words and the name: "the", or a possessive ("a joint venture of China's
# Tsingshan Holding Group")
#: Words that describe a company before its name ("the newly created", "the state-owned").
DESCRIBING = (
    r"(?:(?:newly|recently|jointly|specially|wholly|state|new|local|national|private|public|"
    r"[a-z]+-owned|[a-z]+ed)\s+){0,3}"
)
# "owned by the state company Electric Power Plants"
_KIND_NOUN = r"(?:company|firm|utility|operator|developer|contractor|lender|bank)"
_KIND = rf"(?:{_KIND_NOUN}\s+)?"
_POSSESSIVE = r"(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*['\u2019]s\s+"
_BEFORE_NAME = (
    rf"\s+(?:(?:the|a|an)\s+{DESCRIBING}(?:[A-Z][a-z]+\s+(?={_KIND_NOUN}\s))?{_KIND}|{_POSSESSIVE}|"
    # "a joint venture of CGGC's investment arm, China Gezhouba Group Overseas Investment"
    rf"{_POSSESSIVE}(?:[a-z][\w-]*\s+){{0,2}}[a-z][\w-]*,\s+)?$"
)

#: ... and from the words before it (the name is the agent or the source).
_ROLE_BEFORE: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(f"(?P<cue>{words_before})" + _BEFORE_NAME, re.IGNORECASE))
    for role, words_before in (
        (
            Role.CONTRACTOR,
            r"\b(?:built|constructed|laid|installed|designed|carried\s+out|dug|drilled|bored|"
            r"erected|paved|assembled|manufactured|"
            r"undertaken|implemented|upgraded|expanded|extended|rebuilt|modernised|modernized)"
            r"\s+by|\b(?:contracted|awarded)\s+to|\bcontractors?" + _IS + r"|\bawarded|"
            r"\b(?:built|constructed|building|builds)\s+(?:\w+\s+){0,3}?(?:together|jointly)\s+"
            r"with|\b(?:contracts?|tender|bid|work)\b[^.;]{0,80}?\b(?:went|goes|go|fell)\s+to",
        ),
        (
            Role.FUNDER,
            r"\b(?:financed|funded|backed|bankrolled|sponsored)\s+(?:by|from)|"
            r"\bco-?financ(?:ed|ing)\s+(?:with|by|from)|"
            # "financing was arranged by", "with financing arranged by"
            r"\b(?:financing|funding|loans?|credit)\s+"
            r"(?:(?:was|were|is|are|has\s+been|will\s+be)\s+)?"
            r"(?:arranged|provided|extended|granted|secured|put\s+up)\s+(?:by|from)|"
            r"\bpaid\s+for\s+(?:by|with|from)|"
            r"\b(?:lenders?|financiers?|funders?|creditors?)" + _IS + r"|"
            r"\b(?:loans?|credits?|credit\s+lines?|financing|funding|funds|investment|grants?)"
            r"(?:\s+(?:of|worth)\s+[^,;]{1,30}?)?\s+from|"
            # "a loan agreement with X"
            r"\b(?:loan|credit|financing)\s+(?:agreements?|deals?|contracts?)\s+with|"
            # "a group of lenders that also included X"
            r"\b(?:lenders|banks|financiers)\s+(?:that|which|who)?\s*(?:also\s+)?"
            r"(?:included|include|includes|including)",
        ),
        (
            Role.OPERATOR,
            # "operated and maintained by"
            r"\b(?:operated|run|managed)(?:\s+and\s+(?:maintained|serviced|managed))?\s+by|"
            r"\boperators?" + _IS,
        ),
        (
            Role.OWNER,
            # "owned and carried out by"
            r"\b(?:owned|held|controlled|developed|sponsored|planned|promoted)(?:\s+and\s+(?:\w+\s+){1,2}?)?"
            r"\s*by|\bbelongs?\s+to|"
            # "Karot Power Company, which was set up by X": X is its sponsor
            r"\b(?:set\s+up|established|founded|formed|created)\s+by|"
            r"\bjoint\s+venture\s+(?:of|between|by)|"
            r"\b(?:owners?|shareholders?|developers?|sponsors?)" + _IS + r"|"
            r"\bstakes?\s+(?:held\s+)?by",
        ),
        (
            Role.PARTICIPANT,
            r"\b(?:attended|hosted|received|joined)\s+by|\b(?:talks|met|meeting)\s+with|"
            r"\bdelegations?\s+(?:of|from)",
        ),
    )
)


#: A role's verb further before a name, with only a description of a group between
#: ("built by a consortium led by X"): no punctuation and no other name's role between.
_ROLE_AFAR = re.compile(
    r"(?P<cue>(?P<verb>built|constructed|financed|funded|operated|owned|run)"
    # "run since October 2020 by", "built in 2018-2020 by"
    r"(?:\s+(?:since|from|in|until|between)\s+[^,.;:()]{1,25}?)?\s+by)"
    r"\s+(?:a|an|the)\s+(?:[^.;:,()]{0,60}?\b(?:led|headed|made\s+up|formed|consisting|"
    r"composed|subsidiary|unit|arm|affiliate|division)\s+(?:by|of)|"
    # "by a consortium of X and Y", "by a joint venture between X and Y"
    r"(?:[\w-]+\s+){0,2}(?:consortium|joint\s+venture|group|partnership|alliance|team)\s+"
    r"(?:of|between|formed\s+by))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AFAR_ROLES = {
    "built": Role.CONTRACTOR,
    "constructed": Role.CONTRACTOR,
    "financed": Role.FUNDER,
    "funded": Role.FUNDER,
    "operated": Role.OPERATOR,
    "run": Role.OPERATOR,
    "owned": Role.OWNER,
}


# "financed and built by", "built and will be run by"
_JOINED = (
    r"(?P<first>\w+)\s+and\s+(?:(?:will|is|are|was|were|has|have|been|be)\s+){0,3}"
    r"(?P<second>\w+)\s+by"
)
_JOINED_BEFORE = re.compile(rf"\b(?P<cue>{_JOINED})" + _BEFORE_NAME, re.IGNORECASE)
# "built in under two years by X", "financed in 2019 by X": the time between the verb and "by"
_TIMED = re.compile(
    r"\b(?P<verb>[a-z]+ed|built|laid|run|dug|lent)\s+(?:in|within|over|during|from|since|"
    r"between|until)\s+[^,.;:()]{1,30}?\s+(?P<by>by\s+(?:\S+\s+){0,4})$"
)


def _untimed(before: str) -> str:
    """``before`` without a time phrase between a role's verb and its "by"."""
    timed = _TIMED.search(before)
    return before if timed is None else f"{before[: timed.end('verb')]} {timed['by']}"


_OWNS_THE_NEXT = re.compile(r"['\u2019]s\s+[a-z]")


def find_role(
    text: str, start: int, end: int, sentence: tuple[int, int], found: Name
) -> tuple[Role | None, str | None]:
    """The role the sentence ``text[sentence[0]:sentence[1]]`` gives the name ``found`` at
    ``text[start:end]``, and the words that say so; ``(None, None)`` when it gives none."""
    after = text[end : sentence[1]]
    before = _untimed(text[sentence[0] : start])
    if _OWNS_THE_NEXT.match(after):
        return None, None  # "CGGC's investment arm, X": the part is X's
    for role, pattern in _ROLE_AFTER:
        match = pattern.match(after)
        if match and not _passive(after[: match.start("cue")], match["cue"]):
            return role, match["cue"]
    if found.kind == "organisation":
        # "built by a consortium led by X", "financed by a group of lenders made up of X",
        # "run by a joint venture of X" (an operator, though a joint venture's members own)
        match = _ROLE_AFAR.search(before)
        if match:
            return _AFAR_ROLES[match["verb"].lower()], " ".join(match["cue"].split())
    joined = _JOINED_BEFORE.search(before)
    if joined:
        # "financed and built by X": the first verb's role (and the second's, see also_roles)
        role = project_role_before(f"{joined['first']} by ")
        if role is not None and project_role_before(f"{joined['second']} by ") is not None:
            return role, " ".join(joined["cue"].split())
    # the widest cue: "owned and carried out by" owns, though "carried out by" builds
    cues = [(m.start(), role, m) for role, p in _ROLE_BEFORE if (m := p.search(before))]
    if cues:
        _, role, match = min(cues, key=lambda c: c[0])
        return role, " ".join(match["cue"].split())
    if found.kind == "organisation" and found.name.lower().endswith(" fund"):
        return Role.FUNDER, "fund"
    if found.kind == "person":
        match = _EVENT_CUE.search(text, sentence[0], sentence[1])
        if match:
            return Role.PARTICIPANT, match.group()
    return None, None


def also_roles(text: str, end: int, sentence: tuple[int, int], cue: str | None) -> list[Role]:
    """The further roles of a name at ``text[..end]`` whose role verb ``cue`` comes first in a
    list of verbs ("Datang will finance, build and own the farm": contractor and owner too),
    or whose cue before it joins two ("owned and operated by": operator too)."""
    if not cue:
        return []
    joined = _JOINED_BY.fullmatch(cue)
    if joined:
        return [role for role in (project_role_before(f"{joined['second']} by "),) if role]
    at = text.find(cue, end, sentence[1])
    if at < 0:
        return []
    roles, k = [], at + len(cue)
    while match := _NEXT_VERB.match(text, k, sentence[1]):
        verb = match["verb"]
        role = next((r for r, verbs in _PROJECT_VERBS if re.fullmatch(verbs, verb, re.I)), None)
        if role is None:
            break
        roles.append(role)
        k = match.end()
    return roles


_JOINED_BY = re.compile(_JOINED, re.IGNORECASE)
_NEXT_VERB = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<verb>[a-z]+)\b")


def _passive(before_cue: str, cue: str) -> bool:
    """Whether "<name> ... <cue>" is passive ("The Dasu Project will be built"): the name is
    what is built, not who builds it ("X has been awarded" is a role, though)."""
    words = before_cue.split()
    participle = cue.endswith(("ed", "built", "laid", "lent", "run", "held", "met", "won"))
    return bool(words) and words[-1].lower() in _BE and participle and "award" not in cue


_BE = frozenset({"be", "been", "being", "is", "are", "was", "were"})


_PROJECT_ROLES = (Role.CONTRACTOR, Role.FUNDER, Role.OPERATOR, Role.OWNER)


def project_role_before(before: str) -> Role | None:
    """The role in a project that the words ``before`` a name give it ("built by", "a loan
    from", "operated by", "a joint venture of"), or ``None``."""
    before = _untimed(before)
    for role, pattern in _ROLE_BEFORE:
        if role in _PROJECT_ROLES and pattern.search(before):
            return role
    return None


def project_role_after(after: str) -> Role | None:
    """The role in a project that the words ``after`` a name give it ("will build", "is the
    lead lender"), or ``None``."""
    for role, pattern in _ROLE_AFTER:
        match = pattern.match(after) if role in _PROJECT_ROLES else None
        if match and not _passive(after[: match.start("cue")], match["cue"]):
            return role
    return None
