"""The words Russian reports name events, projects and statuses with, for
:func:`coopmap.reports.cued.propose_cued`; word stems, so that every case matches."""

from __future__ import annotations

import re

from coopmap.reports.cued import Cues, compiled
from coopmap.reports.lines import LINE_WORDS
from coopmap.reports.russian.morphology import nominative_forms, word_parses
from coopmap.taxonomy import EventType, Sector, Status

__all__ = ["CUES"]


_EVENTS = compiled(
    (
        (EventType.TALKS, r"\bпереговор\w*"),
        (EventType.CONFERENCE, r"\b(?:форум\w*|конференци\w*|выставк\w*|симпозиум\w*|ЭКСПО\b)"),
        (
            EventType.MEETING,
            r"\b(?:встреч\w*|заседани\w*|саммит\w*|совещани\w*|встретил\w*|собрани\w*)",
        ),
        (EventType.VISIT, r"\b(?:визит\w*|посетил\w*|посещени\w*)"),
        (EventType.SIGNING, r"\b(?:подписал\w*|подписани\w*|подписан\w*)"),
        (EventType.ANNOUNCEMENT, r"\b(?:церемони\w*|торжественн\w+\s+открыти\w*)"),
    ),
    re.IGNORECASE,
)

# Project words by sector, the more specific first ("нефтеперерабатывающий завод" is energy
# before "завод" is industry).
_PROJECTS = compiled(
    (
        (
            Sector.ENERGY,
            r"\b(?:электростанци\w*|ГЭС|ТЭЦ|АЭС|ветропарк\w*|ветров\w+ электростанци\w*"
            r"|солнечн\w+ (?:электростанци\w*|парк\w*|станци\w*)|газопровод\w*|нефтепровод\w*"
            r"|трубопровод\w*|лини\w* электропередач\w*|ЛЭП|нефтеперерабатывающ\w+ завод\w*"
            r"|газохимическ\w+ (?:комплекс\w*|завод\w*)|нефтехимическ\w+ комплекс\w*|НПЗ"
            r"|СПГ)",
        ),
        (
            Sector.TRANSPORT,
            r"\b(?:железн\w+ дорог\w*|железнодорожн\w+ (?:лини\w*|пут\w*|ветк\w*|вокзал\w*)"
            r"|легкорельсов\w+ (?:транспорт\w*|лини\w*|систем\w*)|LRT|скоростн\w+ (?:дорог\w*"
            r"|магистрал\w*)|автомобильн\w+ дорог\w*|автодорог\w*|автомагистрал\w*|шоссе"
            r"|мост\w*|паромн\w+ (?:комплекс\w*|терминал\w*|переправ\w*)"
            r"|контейнерн\w+ (?:хаб\w*|терминал\w*)|сух\w+ порт\w*|морск\w+ порт\w*|порт\w*"
            r"|железнодорожн\w+ переход\w*"
            r"|пограничн\w+ переход\w*|логистическ\w+ (?:центр\w*"
            r"|хаб\w*|терминал\w*|комплекс\w*)|терминал\w*|аэропорт\w*|транспортн\w+ коридор\w*)",
        ),
        (Sector.FINANCE, r"\b(?:фонд\w*|банк\w* развития)"),
        (Sector.ICT, r"\b(?:дата-центр\w*|центр\w* обработки данных|оптоволоконн\w+ лини\w*)"),
        (
            Sector.AGRICULTURE,
            r"\b(?:агропромышленн\w+ (?:комплекс\w*|парк\w*)|тепличн\w+ комплекс\w*|теплиц\w*"
            r"|элеватор\w*|мясокомбинат\w*)",
        ),
        (
            Sector.MINING,
            r"\b(?:рудник\w*|месторождени\w*|шахт\w*|горно-обогатительн\w+ комбинат\w*)",
        ),
        (
            Sector.INDUSTRY,
            r"\b(?:завод\w*|фабрик\w*|комбинат\w*|индустриальн\w+ парк\w*"
            r"|промышленн\w+ (?:парк\w*|зон\w*)|технопарк\w*|производственн\w+ комплекс\w*"
            # "промышленно-энергетический комплекс", "алюминиевый комплекс"
            r"|промышленно-\w+ комплекс\w*|(?:металлургическ|алюминиев|химическ|стекольн)"
            r"\w+ комплекс\w*"
            # "установка по выпуску полипропилена"
            r"|установк\w* по (?:выпуск|производств|переработк)\w*)",
        ),
    ),
    re.IGNORECASE,
)

# Status cues, the most advanced first; "будет построен" is a plan, not a completion.
_STATUSES = compiled(
    (
        (Status.CANCELLED, r"\b(?:отмен[её]н\w*|отказал\w*|заморожен\w*)"),
        (Status.SUSPENDED, r"\bприостановлен\w*"),
        (
            Status.OPERATING,
            r"(?<!будет\s)(?<!будут\s)\b(?:вв[её]д\w* в эксплуатацию|ввод\w* в эксплуатацию"
            r"|запущен\w*|заработал\w*"
            r"|открыт\w* движени\w*|начал\w* работ\w*)",
        ),
        (Status.COMPLETED, r"(?<!будет\s)(?<!будут\s)\b(?:построен\w*|завершен\w*|достроен\w*)"),
        (
            Status.UNDER_CONSTRUCTION,
            r"\b(?:строит\w*ся|ведется строительств\w*|вед[её]тся строительств\w*"
            r"|начал\w* строительств\w*|стартовал\w* строительств\w*|возводит\w*"
            r"|строительств\w* (?:идет|ид[её]т|ведется|началось|стартовало))",
        ),
        (
            Status.AGREED,
            r"\b(?:подписал\w*|подписан\w*|соглашени\w*|договорил\w*|меморандум\w*|контракт\w*)",
        ),
        (
            Status.ANNOUNCED,
            r"\b(?:планир\w*|намерен\w*|будет построен\w*|будут построен\w*|предполага\w*"
            r"|предусматрива\w*|объявил\w*|рассматрива\w*|начн[её]тся|начнут\w*|будет\w*"
            r"|будут)",
        ),
    ),
    re.IGNORECASE,
)

_WORD = re.compile(r"[\w-]+(?:[.,]\d+)*%?,?")
#: Words that end a project's phrase to the right ("завод по производству ... в Атырау").
_STOP_RIGHT = frozenset(
    (
        "в",
        "во",
        "на",
        "с",
        "со",
        "и",
        "а",
        "для",
        "за",
        "к",
        "от",
        "из",
        "между",
        "о",
        "об",
        "при",
        "у",
        "до",
        "после",
        "который",
        "которая",
        "которое",
        "которые",
        "что",
        "как",
        "также",
    )
)
#: How many words a phrase takes on either side of its head.
_LEFT, _RIGHT = 3, 4


def _modifier(word: str) -> bool:
    """An adjective, participle, numeral or figure before a head word ("нового", "22,4")."""
    if any(ch.isdigit() for ch in word) or word.lower() in ("км", "мвт", "гвт"):
        return True
    parse = word_parses(word.lower())[0] if word_parses(word.lower()) else None
    return parse is not None and parse.tag.POS in ("ADJF", "PRTF", "NUMR")


def _dependent(word: str) -> bool:
    """A word that belongs to the phrase before it: one in the genitive ("завода
    полипропилена"), an abbreviation ("ШОС"), a name in Latin letters ("LRT")."""
    if word.isupper() or word.isascii():
        return True
    parses = word_parses(word.lower())
    return (
        bool(parses)
        and "gent" in parses[0].tag
        and parses[0].tag.POS
        in (
            "NOUN",
            "ADJF",
            "NUMR",
        )
    )


_INTO_SERVICE = re.compile(r"\s+в\s+(?:эксплуатацию|строй)", re.IGNORECASE)
#: A line's name after its head word: its ends joined by a dash ("Атасу – Алашанькоу").
_ROUTE_NAME = re.compile(r"\s+[А-ЯЁ][\w-]*\s*[\u2013\u2014-]\s*[А-ЯЁ][\w-]*")


def _phrase(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The span of the phrase a project or event word heads: the adjectives and figures
    before it, and after it the words in the genitive and those after "по" ("завод по
    производству полипропилена", "заседание Совета глав правительств ШОС"), up to a
    punctuation mark."""
    left = start
    before = list(_WORD.finditer(sentence, 0, start))
    for word in reversed(before[-_LEFT:]):
        gap = sentence[word.end() : left]
        if gap.strip() or not _modifier(word.group(0).rstrip(",")):
            break
        left = word.start()
    route = _ROUTE_NAME.match(sentence, end)
    if route:
        return left, route.end()  # "нефтепровод Атасу – Алашанькоу"
    right = end
    after_po = False
    for count, word in enumerate(_WORD.finditer(sentence, end)):
        gap = sentence[right : word.start()]
        text = word.group(0).rstrip(",")
        if count >= _RIGHT or gap.strip():
            break
        if text.lower() == "по":
            after_po = True
        elif not (after_po or _dependent(text)) or text.lower() in _STOP_RIGHT:
            break
        right = word.start() + len(text)
        if word.group(0).endswith(","):
            break
    service = _INTO_SERVICE.match(sentence, right)
    if service and re.search(r"(?i)ввод\w*$", sentence[:right]):
        right = service.end()  # "церемония ввода в эксплуатацию"
    return left, right


def _nominative(phrase: str) -> str:
    """A phrase with its head group in the nominative ("нового завода по ..." is "новый завод
    по ...")."""
    words = phrase.split()
    head = 0
    while head < len(words) and _modifier(words[head]):
        head += 1
    group = words[: head + 1]
    if not group or any(ch.isdigit() for ch in group[-1]):
        return phrase
    return " ".join([nominative_forms(group)[0], *words[head + 1 :]])


#: An event's title when a verb names it ("подписали", "встретились", "посетил").
_EVENT_NOUNS = {
    EventType.TALKS: "Переговоры",
    EventType.MEETING: "Встреча",
    EventType.CONFERENCE: "Форум",
    EventType.VISIT: "Визит",
    EventType.SIGNING: "Подписание",
    EventType.ANNOUNCEMENT: "Церемония",
}


# A port or terminal named after its word is one that is there already, a place the text
# refers to ("в порту Курык", "через порты Актау и Курык", "аэропорт «Манас»"), not a project.
_NAMED_FACILITY = re.compile(r"(?i)(?:аэро)?порт\w*|терминал\w*|вокзал\w*")
_NAME_AFTER = re.compile(r"\s+[«\"]?[А-ЯЁA-Z]")


def _in_name(sentence: str, end: int) -> bool:
    """Whether a project word ending at ``end`` is in a quoted name (ТОО «Казахстанско-
    Китайский Трубопровод») or names a facility that is there already."""
    if sentence.count("\u00ab", 0, end) > sentence.count("\u00bb", 0, end):
        return True
    start = max(0, end - 20)
    word = re.search(r"[\w-]+$", sentence[start:end])
    return (
        word is not None
        and _NAMED_FACILITY.fullmatch(word.group()) is not None
        and _NAME_AFTER.match(sentence, end) is not None
    )


def _stem(word: str) -> str:
    """A word's dictionary form without its last vowels, so that the forms the dictionary
    does not know agree too ("хаба" and "хаб", "контейнерного" and "контейнерный")."""
    parses = word_parses(word.lower())
    form = parses[0].normal_form if parses else word.lower()
    return form.rstrip("аеёиоуыэюяйь") or form


def _head_key(words: str) -> str:
    """A head word's dictionary form ("завода" is "завод")."""
    return " ".join(_stem(w) for w in words.split())


#: Words that say nothing of which project a phrase is ("новый завод", "этот комплекс").
_PLAIN = frozenset(
    map(
        _stem,
        (
            *("новый", "крупный", "крупнейший", "большой", "будущий", "строящийся"),
            *("этот", "данный", "тот", "весь", "свой", "первый"),
            *("по", "в", "на", "и", "с", "для", "год"),
        ),
    )
)


def _words(phrase: str) -> frozenset[str]:
    """The words of a phrase that say which project it is, as stems."""
    words = (w for w in re.findall(r"[\w-]+", phrase) if not w.isdigit())
    return frozenset(w for w in map(_stem, words) if w not in _PLAIN)


def _event_title(event_type: EventType, phrase: str, place: str | None) -> str:
    word = phrase.split()[0]
    parses = word_parses(word.lower())
    if parses and parses[0].tag.POS == "NOUN":
        title = _nominative(phrase)
        title = title[:1].upper() + title[1:]
    else:
        title = _EVENT_NOUNS[event_type]
    return f"{title} \u2014 {nominative_forms(place.split())[0]}" if place else title


def _place_title(phrase: str, place: str | None) -> str:
    title = _nominative(phrase)
    title = title[:1].upper() + title[1:]
    if place and place.lower() not in phrase.lower():
        return f"{title} \u2014 {nominative_forms(place.split())[0]}"
    return title


CUES = Cues(
    sentence_end=re.compile(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z\u00ab\"\d])|\n\s*\n|\n"),
    events=_EVENTS,
    projects=_PROJECTS,
    statuses=_STATUSES,
    phrase=_phrase,
    event_title=_event_title,
    place_title=_place_title,
    line_words=LINE_WORDS["ru"],
    in_name=_in_name,
    head_key=_head_key,
    located=re.compile(
        r"(?:расположен\w*|находит\w*|размещ\w+)\s+(?:(?:в|на)\s+(?:территории\s+)?)?$",
        re.IGNORECASE,
    ),
    own=re.compile(r"(?:собственн|свое?й?\s+собственн)\w*\s", re.IGNORECASE),
    clause_break=re.compile(r";|,\s+(?=(?:а|но|тогда как|однако)\s)|\s+[-–—]\s+(?=[а-яё])"),
    words=_words,
    taking_part=re.compile(r"(?i)\b(?:принял\w*\s+участие|участвовал\w*|присутствовал\w*)"),
    # "вторая очередь паромного комплекса", "второй этап завода"
    phase=re.compile(
        r"(?i)\b(?:перв|втор|трет|четв[её]рт|пят|нов|следующ|последн)\w*\s+"
        r"(?:очеред|этап|фаз)\w*\s+$"
    ),
    # "в промышленной зоне недалеко от Атырау была запущена установка": the zone is where
    inside=re.compile(r"(?i)(?:^|\s)(?:в|во|на)\s+(?:территории\s+)?$"),
    referring=re.compile(
        r"\b(?:итогам|ходе|рамках|время|после|этой|этого|данной|данного)\s+$", re.IGNORECASE
    ),
)
