"""Organisations in a Russian text, and their roles in a project.

Names are found three ways: a name in Latin letters ("China Railway International", "Aiju
Group"), a quoted name after a kind of company («Казахстан темир жолы» after "АО",
"компания", "нацкомпания"), and a bank, fund or corporation with the words that name it
("Банк развития Казахстана", "Фонд Шелкового пути", its head read in the nominative). Its
role is the nearest cue in its clause: "построит", "подрядчик" (contractor), "финансирует",
"кредит", "предоставит средства" (funder), "оператор", "эксплуатирует" (operator),
"принадлежит", "совместное предприятие" (owner); names joined by "и" or a comma share one.
"""

from __future__ import annotations

import re

from coopmap.reports.organisations import Actor
from coopmap.reports.russian.morphology import nominative_forms, word_parses
from coopmap.taxonomy import Role

__all__ = ["find_actors"]

_LATIN = re.compile(r"\b[A-Z][A-Za-z0-9&.-]*(?:\s+(?:[A-Z][A-Za-z0-9&.-]*|of|and|for))*")
_QUOTED = re.compile(
    r"(?:\b(?:АО|ТОО|ОАО|ПАО|ООО|ЗАО|нацкомпани\w*|компани\w*|корпораци\w*|холдинг\w*|"
    r"групп\w*|оператор\w*)\s+)[«\"](?P<name>[^»\"]{2,60})[»\"]"
)
_HEADED = re.compile(
    r"(?:[А-ЯЁ][а-яё-]+\s+){0,2}(?:[Бб]анк\w*|[Фф]онд\w*|[Кк]орпораци\w*)"
    r"(?:\s+[А-ЯЁа-яё-]+){0,3}"
)
_ROLES = (
    (
        Role.OWNER,
        r"принадлеж\w*|владе\w*|совместн\w+ предприяти\w*|акционер\w*|собственник\w*"
        r"|влож\w*|вклад\w*|инвестор\w*",
    ),
    (Role.CONTRACTOR, r"постро\w*|строит\w*|возвед\w*|подрядчик\w*|генподрядчик\w*"),
    (
        Role.FUNDER,
        r"(?:про|со)?финансир\w*|кредит\w*|заём\w*|заем\w*|предостав\w* средств\w*"
        r"|средств\w* предостав\w*"
        r"|предоставит|выдел\w*|инвестир\w*|займ\w*",
    ),
    (Role.OPERATOR, r"оператор\w*|эксплуатир\w*|управля\w*"),
)
_ROLE_CUES = [(role, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for role, pattern in _ROLES]
_CLAUSE = re.compile(r"[.;:!?]|,\s+(?:а|но|который|которая|которое|которые)\b")
_LISTED = re.compile(r"^\s*(?:,|и|,\s*и|а\s+также)\s*$")


def find_actors(text: str, /) -> list[Actor]:
    """Return the organisations named in a Russian ``text``, in order, with their roles."""
    spans: list[tuple[int, int, str]] = []
    for match in _QUOTED.finditer(text):
        spans.append((match.start("name"), match.end("name"), match["name"].strip()))
    for match in _HEADED.finditer(text):
        start, end, name = _headed(text, match)
        if name:
            spans.append((start, end, name))
    for match in _LATIN.finditer(text):
        name = match.group(0).rstrip(".").removesuffix(" and").removesuffix(" of")
        if (len(name) >= 3 and not name.isupper()) or len(name) >= 4:
            spans.append((match.start(), match.start() + len(name), name))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda sp: (sp[0], -sp[1])):
        if not any(s <= span[0] < e for s, e, _ in kept):
            kept.append(span)
    actors: list[Actor] = []
    for start, end, name in kept:
        role, cue = _role(text, start, end)
        previous = actors[-1] if actors else None
        if previous is not None and previous.role and _LISTED.match(text[previous.end : start]):
            role, cue = previous.role, previous.cue
        actors.append(Actor(text[start:end], start, end, name, "organisation", role, cue))
    return actors


def _headed(text: str, match: re.Match[str]) -> tuple[int, int, str]:
    """A bank's, fund's or corporation's name: its capitalised words before the head and
    the words in the genitive after it, the head in the nominative."""
    words = list(re.finditer(r"[А-ЯЁа-яё-]+", match.group(0)))
    head = next(i for i, w in enumerate(words) if re.match(r"(?i)банк|фонд|корпораци", w[0]))
    # the words before the head are its adjectives ("Государственный банк"), not a noun
    # whose fund it is ("Средства фонда")
    first = head
    while first > 0 and _adjective(words[first - 1][0]):
        first -= 1
    words = words[first:]
    head -= first
    if not words[0][0][:1].isupper():
        return 0, 0, ""  # "фонд" as a common noun
    last = head
    for i in range(head + 1, len(words)):
        parses = word_parses(words[i][0].lower())[:3]
        if not any("gent" in p.tag for p in parses) and not words[i][0][:1].isupper():
            break
        last = i
    if last == head and head == 0:
        return 0, 0, ""  # a bare "Банк" or "Фонд"
    base = match.start()
    start, end = base + words[0].start(), base + words[last].end()
    group = [w[0] for w in words[: head + 1]]
    rest = [w[0] for w in words[head + 1 : last + 1]]
    name = " ".join([nominative_forms(group)[0], *rest])
    return start, end, name[:1].upper() + name[1:]


def _adjective(word: str) -> bool:
    parses = word_parses(word.lower())
    return bool(parses) and parses[0].tag.POS in ("ADJF", "PRTF")


def _role(text: str, start: int, end: int) -> tuple[Role | None, str | None]:
    """The role cue nearest the name within its clause."""
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(text, end)), len(text))
    best: tuple[int, Role, str] | None = None
    for role, pattern in _ROLE_CUES:
        for match in pattern.finditer(text, left, right):
            if start <= match.start() < end:
                continue
            distance = start - match.end() if match.end() <= start else match.start() - end
            if best is None or distance < best[0]:
                best = (distance, role, match.group(0))
    return (best[1], best[2]) if best else (None, None)
