"""Organisations and people in a Russian text, and the roles of the organisations.

Names are found three ways: a name in Latin letters ("China Railway International", "Aiju
Group"), a quoted name after a kind of company («Казахстан темир жолы» after "АО",
"компания", "нацкомпания"), and a bank, fund or corporation with the words that name it
("Банк развития Казахстана", "Фонд Шелкового пути", its head read in the nominative). Its
role is the nearest cue in its clause: "построит", "подрядчик" (contractor), "финансирует",
"кредит", "предоставит средства" (funder), "оператор", "эксплуатирует" (operator),
"принадлежит", "совместное предприятие" (owner); names joined by "и" or a comma share one.
A person is a run of capitalised words after a title ("премьер-министр Казахстана Карим
Масимов") or with a first name or surname the dictionary knows ("Ли Кэцяном"), read in the
nominative.
"""

from __future__ import annotations

import re

from coopmap.reports.organisations import Actor
from coopmap.reports.russian.entities import organisation_spans
from coopmap.reports.russian.morphology import nominative_forms, word_parses
from coopmap.taxonomy import Role

__all__ = ["find_actors"]

_LATIN = re.compile(r"\b[A-Z][A-Za-z0-9&.-]*(?:\s+(?:[A-Z][A-Za-z0-9&.-]*|of|and|for))*")
_QUOTED = re.compile(
    r"(?:\b(?:АО|ТОО|ОАО|ПАО|ООО|ЗАО|НАО|нацкомпани\w*|компани\w*|корпораци\w*|холдинг\w*|"
    r"групп\w*|оператор\w*"
    # "Фонда национального благосостояния «Самрук-Казына»": the fund by its own name
    r"|(?:[Фф]онд|[Бб]анк)\w*(?:\s+[а-яё-]+){0,3})\s+)[«\"](?P<name>[^»\"]{2,60})[»\"]"
)
_QUOTE_AFTER = re.compile(r"\s+[«\"]")
_HEADED = re.compile(
    r"(?:[А-ЯЁ][а-яё-]+\s+){0,2}(?:[Бб]анк\w*|[Фф]онд\w*|[Кк]орпораци\w*)"
    r"(?:\s+(?!и\b|или\b|а\b)[А-ЯЁа-яё-]+){0,3}"  # "Азиатский банк развития и Евразийский ..."
)
_ROLES = (
    (
        Role.OWNER,
        r"принадлеж\w*|владе\w*|совместн\w+ предприяти\w*|акционер\w*|собственник\w*"
        r"|влож\w*|вклад\w*|инвестор\w*|заказчик\w*",
    ),
    (
        Role.CONTRACTOR,
        # verbs, not "строительство", which every party of a sentence may stand near
        r"постро(?!ени)\w*|строит(?!ельств)\w*|возвед\w*|подрядчик\w*|генподрядчик\w*"
        r"|вед[её]т\s+(?:\w+\s+)?работ\w*|вел[аи]?\s+(?:\w+\s+)?работ\w*"
        r"|работ\w*(?:\s+[\w-]+){0,3}\s+вед[её]т"
        r"|(?:вед[её]т|вел[аи]?|заверша\w*|завершил\w*|осуществля\w*)\s+строительств\w*"
        r"|выполня\w*\s+работ\w*|выполнил\w*\s+работ\w*|проклады\w*|проложил\w*",
    ),
    (
        Role.FUNDER,
        r"(?:про|со)?финансир\w*|кредит\w*|заём\w*|заем\w*|предостав\w* средств\w*"
        # "Часть средств на оборудование предоставил «Узнацбанк»"
        r"|средств\w*(?:\s+[а-яё]+){0,3}\s+предостав\w*"
        r"|предоставит|выдел\w*|инвестир\w*|займ\w*",
    ),
    (Role.OPERATOR, r"оператор\w*|эксплуатир\w*|управля\w*"),
)
_ROLE_CUES = [(role, re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for role, pattern in _ROLES]
# "Заказчиком выступает X, генподрядчиком — Y": a role word after a comma opens a clause
_CLAUSE = re.compile(
    r"[.;:!?]|,\s+(?:а|но|который|которая|которое|которые)\b"
    r"|,\s+(?=(?:генподрядчик|подрядчик|оператор|заказчик|инвестор|владел|кредитор)\w*)"
)
_LISTED = re.compile(r"^\s*(?:,|и|,\s*и|а\s+также)\s*$")


def find_actors(text: str, /) -> list[Actor]:
    """Return the organisations named in a Russian ``text``, in order, with their roles."""
    spans: list[tuple[int, int, str]] = []
    for match in _QUOTED.finditer(text):
        # «НК «Казахстан темир жолы»»: the name is the innermost quote
        written = match["name"].rsplit("«", 1)[-1].strip()
        start = match.end("name") - len(written)
        spans.append((start, match.end("name"), _organisation_nominative(written)))
    for match in _HEADED.finditer(text):
        start, end, name = _headed(text, match)
        if name and not _QUOTE_AFTER.match(text, end):
            spans.append((start, end, name))
    for match in _LATIN.finditer(text):
        name = match.group(0).rstrip(".").removesuffix(" and").removesuffix(" of")
        if (len(name) >= 3 and not name.isupper()) or len(name) >= 4:
            spans.append((match.start(), match.start() + len(name), name))
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda sp: (sp[0], -sp[1])):
        if not any(s <= span[0] < e for s, e, _ in kept):
            kept.append(span)
    kept = sorted(kept + _modelled(text, kept))
    actors: list[Actor] = []
    for start, end, name in _people(text, kept):
        actors.append(Actor(text[start:end], start, end, name, "person", Role.PARTICIPANT))
    for start, end, name in kept:
        role, cue = _role(text, start, end)
        previous = actors[-1] if actors else None
        if previous is not None and previous.role and _LISTED.match(text[previous.end : start]):
            role, cue = previous.role, previous.cue
        actors.append(Actor(text[start:end], start, end, name, "organisation", role, cue))
    return sorted(actors, key=lambda a: a.start)


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
_LEGAL_FORM = re.compile(r"^(?:АО|ТОО|ОАО|ПАО|ООО|ЗАО|НАО)\s+")


def _modelled(text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The organisations Natasha's model finds in the sentences that give a party a role,
    where the rules found none, each in the nominative ("Китайской железнодорожной
    корпорации" is "Китайская железнодорожная корпорация"; "ОАО «РЖД»" is "РЖД")."""
    # the sentences that give a role to a party the rules did not find: a role cue, and a
    # capitalised word after the first that no name found covers
    sentences = [
        m.span()
        for m in _SENTENCE.finditer(text)
        if any(
            not any(s <= w.start() < e for s, e, _ in taken)
            for w in _CAPITALISED.finditer(text, m.start() + 1, m.end())
        )
    ]

    def wanted(sentence: str) -> bool:
        return any(pattern.search(sentence) for _, pattern in _ROLE_CUES)

    found = []
    for start, end in organisation_spans(text, sentences, wanted):
        if any(s < end and start < e for s, e, _ in taken):
            continue
        written = _LEGAL_FORM.sub("", text[start:end])
        quoted = re.search(r"[«\"]([^»\"]+)", written)
        if quoted:
            name = quoted.group(1).strip()
        else:
            words = written.split()
            nominative = all(_WORD.fullmatch(w) for w in words) and not _nominative(words[-1])
            name = nominative_forms(words)[0] if nominative else written
            name = _HEAD_CASE.sub(r"\1", name)  # "Эксимбанка", which the dictionary lacks
        tail = _genitive_tail(text, end)  # "Национальная электрическая сеть Кыргызстана"
        name, end = f"{name}{text[end:tail]}", tail
        if len(name) >= 2 and not _PLANT.search(name):
            found.append((start, end, name[:1].upper() + name[1:]))
    return found


#: A plant's word or abbreviation at the end of what the model takes for a name: a project,
#: not its company ("в Кунграде завода", "ТЭЦ", "Амурский ГПЗ").
_PLANT = re.compile(
    r"\b(?:(?i:завод|комбинат|фабрик|комплекс|электростанци|станци|месторождени|рудник)\w*"
    r"|(?:ТЭЦ|ГЭС|ГРЭС|ТЭС|АЭС|СЭС|ВЭС|НПЗ|ГПЗ|ГХК|ГОК|ЛЭП)(?:-\d+)?)$"
)


_CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ]")


def _nominative(word: str) -> bool:
    parses = word_parses(word.lower())
    return bool(parses) and "nomn" in parses[0].tag


_HEAD_CASE = re.compile(r"(банк|фонд)(?:а|у|ом|е)$")
_NEXT_WORD = re.compile(r"\s+([А-ЯЁ][а-яё-]+)")


def _genitive_tail(text: str, end: int) -> int:
    """Where a name that ends at ``end`` ends with the capitalised words in the genitive
    after it (the country or region whose body it is)."""
    for _ in range(2):
        match = _NEXT_WORD.match(text, end)
        if match is None or not any("gent" in p.tag for p in word_parses(match[1])[:2]):
            break
        end = match.end()
    return end


_TITLE = re.compile(
    r"\b(?:премьер-министр\w*|вице-премьер\w*|президент\w*|председател\w*|министр\w*"
    r"|премьер\w*|генеральн\w+ секретар\w*|посл\w*|аким\w*|мэр\w*)"
    r"(?:\s+[А-ЯЁ][\w-]*(?:\s+[а-яё]+)?)?\s+$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[А-ЯЁа-яё][А-ЯЁа-яё-]*")


def _people(text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """People named in the text: a run of capitalised words, none a place or a title, with
    a first name or surname the dictionary knows, or of two or three words after a title."""
    runs: list[list[re.Match[str]]] = []
    for word in _WORD.finditer(text):
        w = word.group(0)
        parses = word_parses(w)[:2]
        usable = (
            w[:1].isupper()
            and not _function_word(word_parses(w.lower()))  # "В Шымкенте"
            and not (len(w) > 1 and w.isupper())  # "КНР" is no name
            and not (parses and "Geox" in parses[0].tag)
            and not _TITLE_WORD.fullmatch(w)
            and not any(s <= word.start() < e for s, e, _ in taken)
        )
        if usable and runs and runs[-1] and text[runs[-1][-1].end() : word.start()] == " ":
            runs[-1].append(word)
        elif usable:
            runs.append([word])
        else:
            runs.append([])
    found = []
    for run in runs:
        if not run or len(run) > 3:
            continue
        words = [w.group(0) for w in run]
        parses = [word_parses(w)[:2] for w in words]
        named = any({"Name", "Surn"} & set(p.tag.grammemes) for ps in parses for p in ps)
        titled = _TITLE.search(text, max(0, run[0].start() - 60), run[0].start()) is not None
        if not ((named and (len(words) >= 2 or titled)) or (titled and len(words) >= 2)):
            continue
        name = " ".join(_nominative_name(w, ps) for w, ps in zip(words, parses, strict=True))
        found.append((run[0].start(), run[-1].end(), name))
    return found


_FUNCTION_WORDS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "ADVB"})


def _function_word(parses: tuple) -> bool:
    """A preposition, conjunction or the like, which no reading makes a name ("В", not
    "Ли", which is Li Keqiang's surname too)."""
    return (
        bool(parses)
        and parses[0].tag.POS in _FUNCTION_WORDS
        and not any({"Name", "Surn"} & set(p.tag.grammemes) for p in parses)
    )


_TITLE_WORD = re.compile(
    r"(?i)(?:премьер-министр|вице-премьер|президент|председател|министр|премьер|посол|аким)\w*"
)


_SURNAME_NOMINATIVE = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|енко|ук|юк)$")


def _nominative_name(word: str, parses: list) -> str:
    """A first name or surname in the nominative ("Масимовым" is "Масимов", "Кэцяном" is
    "Кэцян"); a word that may already be nominative stays."""
    if not parses or "nomn" in parses[0].tag:
        return word
    if _SURNAME_NOMINATIVE.search(word):
        return word  # "Масимов", which the dictionary reads as a plural of "Масим"
    for parse in parses:
        if {"Name", "Surn"} & set(parse.tag.grammemes):
            form = parse.inflect({"nomn", "sing"})
            if form is not None:
                return form.word.capitalize()
    return word


def _organisation_nominative(name: str) -> str:
    """A one-word name the dictionary knows as an organisation's, in the nominative
    («Газпрома» is "Газпром", «КазМунайГаза» "КазМунайГаз"); any other name as written."""
    if not _WORD.fullmatch(name):
        return name
    parses = word_parses(name.lower())
    if not parses or "Orgn" not in parses[0].tag or "nomn" in parses[0].tag:
        return name
    form = parses[0].inflect({"nomn"})
    if form is None:
        return name
    pairs = zip(name.lower(), form.word, strict=False)
    same = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(name), len(form.word)))
    return name[:same] + form.word[same:]


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
