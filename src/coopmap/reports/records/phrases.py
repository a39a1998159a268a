"""Noun phrases among a sentence's tokens: where one that ends or starts at a word begins or
ends ("the 22.4 km light railway", "meeting of SCO heads of government")."""

from __future__ import annotations

from coopmap.reports.cues import MAX_PHRASE, STOP
from coopmap.reports.records.report import Report
from coopmap.reports.tokens import Token

__all__ = ["is_word", "of_phrase", "phrase_start"]


def is_word(token: Token) -> bool:
    """Whether a token can be inside a noun phrase."""
    return token.text[0].isalnum() and token.key not in STOP


def phrase_start(
    report: Report, tokens: list[Token], k: int, *, of: bool = False, actors: bool = False
) -> int:
    """The first token of the noun phrase that ends at ``tokens[k]`` (with ``of``:
    "heads of government meeting"; with ``actors``: "SCO heads ... meeting")."""
    first, count = k, 0
    measured = False  # a quantity is crossed: "connects 500 MW solar plant" starts at "500"
    while first > 0 and count < MAX_PHRASE:
        t = tokens[first - 1]
        if report.in_quantity(t):
            measured = True
        elif measured:
            break
        glued = first > 1 and t.start == tokens[first - 2].end and t.end == tokens[first].start
        if t.text == "-" and glued:
            first -= 2  # "early-harvest", "run-of-river": the word before is in the phrase
            count += 1
            continue
        if t.text in "'\u2019" and t.start == tokens[first - 2].end:
            first -= 1  # "ministers'"
            continue
        if of and t.key == "of" and first > 1 and is_word(tokens[first - 2]):
            first -= 1  # "heads of government meeting"
            continue
        if t.key == "and" and first > 1 and (tokens[first - 2].key, tokens[first].key) in _PAIRS:
            first -= 1  # "combined heat and power plant", "an oil and gas field": one thing
            continue
        if t.key == "new" and t.cap and tokens[first].cap:
            first -= 1  # "New Gwadar International Airport": part of the name
            count += 1
            continue
        if not is_word(t) or (not actors and report.in_actor(t.start, t.end)):
            break
        first -= 1
        count += 1
    return first


#: Nouns that "and" joins into the name of one kind of thing.
_PAIRS = frozenset({("heat", "power"), ("oil", "gas"), ("road", "rail"), ("rail", "road")})


def of_phrase(tokens: list[Token], k: int) -> int:
    """The last token of "<event> of [the] <words> [of <words>]" after ``tokens[k]``."""
    last, j = k, k + 1
    while j + 1 < len(tokens) and tokens[j].key == "of" and j - k < MAX_PHRASE:
        j += 1 + (tokens[j + 1].key == "the")
        if j >= len(tokens) or not (is_word(tokens[j]) or tokens[j].cap):
            break
        while j + 1 < len(tokens) and (is_word(tokens[j + 1]) or tokens[j + 1].cap):
            j += 1
        last, j = j, j + 1
    return last
