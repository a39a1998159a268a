"""Words and sentences of a report, with their character spans.

Shared by the extractors so that they agree on what a word, a capitalised run and a
sentence are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "CONNECTORS",
    "SENTENCE_END",
    "Token",
    "capitalised_runs",
    "sentences",
    "tokenize",
    "words",
]


def words(text: str, /) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


#: Lower-case words allowed inside a multi-word name ("Rio de Janeiro", "Bank of China").
CONNECTORS = words(
    """
    of de del da do dos das la le les los las upon on am an the and y
    """
)

#: Tokens after which a capitalised word may just be the start of a sentence.
SENTENCE_END = frozenset('.!?"\u201d:;')

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    r"|(?:St|Ste|Ft|Mt|Pt)\.(?=\s+[A-Z])"  # St. Louis
    r"|[^\W\d_]+(?:['\u2019][^\W\d_]+)*"  # words, Xi'an, O'Hare
    r"|\d+(?:[.,]\d+)*"
    r"|\S"
)
_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass(slots=True)
class Token:
    """A word, number or punctuation mark at ``text[start:end]``; ``key`` is it in lower case.

    A possessive "'s" is a token of its own, so "China's" gives "China" and "'s".
    """

    text: str
    start: int
    end: int
    cap: bool
    acronym: bool
    sentence_start: bool
    key: str = field(default="")


def tokenize(text: str, /) -> list[Token]:
    """The tokens of ``text``, in order."""
    out: list[Token] = []
    previous, previous_end = ".", 0
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        # a new line starts afresh too: a headline, a dateline, a list's item
        starts = previous in SENTENCE_END or "\n" in text[previous_end:start]
        previous_end = match.end()
        possessive = _POSSESSIVE.search(word) if len(word) > 3 else None
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        first = word[0]
        letters = word.replace(".", "")
        cap = first.isupper()
        acronym = cap and len(letters) <= 5 and letters.isupper() and letters.isalpha()
        out.append(Token(word, start, end, cap, acronym, starts, word.lower()))
        if possessive:
            out.append(Token("'s", end, match.end(), False, False, False, "'s"))
        previous = word
    return out


def capitalised_runs(tokens: list[Token], /) -> list[tuple[int, int]]:
    """Token index ranges ``(first, last)`` of runs of capitalised words.

    A run goes on over a connector, "&" or "-" between two capitalised words on one line
    ("Bank of China", "China-Kazakhstan"); a single capitalised word is a run too. A run
    ends at a line's end: a headline's last word and the next line's first are two names.
    """
    runs = []
    i, n = 0, len(tokens)
    while i < n:
        if not tokens[i].cap:
            i += 1
            continue
        j = i
        while (
            j + 1 < n
            and not tokens[j + 1].sentence_start
            and (
                tokens[j + 1].cap
                or (
                    tokens[j + 1].key in CONNECTORS | {"&", "-"}
                    and j + 2 < n
                    and tokens[j + 2].cap
                    and not tokens[j + 2].sentence_start
                    and tokens[j + 1].start - tokens[j].end <= 1
                    # "China-Kazakhstan" is one name, "KENYA - China Gezhouba" two
                    and (
                        tokens[j + 1].key != "-"
                        or tokens[j + 1].start == tokens[j].end == tokens[j + 2].start - 1
                    )
                )
            )
        ):
            j += 1 if tokens[j + 1].cap else 2
        runs.append((i, j))
        i = j + 1
    return runs


# A full stop ends a sentence unless it ends an abbreviation: a title, a month, an initial.
_ABBREVIATIONS = words(
    """
    mr mrs ms dr prof sr jr st mt ft gen col capt lt sgt gov sen rep rev no vs etc inc ltd
    co corp jan feb mar apr jun jul aug sep sept oct nov dec approx est dept univ
    """
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)]*(?=\s+[\"'\u201c\u2018(]*[A-Z0-9])|\n\s*\n")


def sentences(text: str, /) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (and of its headlines and paragraphs).

    A blank line always ends a sentence, so a headline without a full stop stands alone.
    """
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith("."):
            before = re.search(r"([A-Za-z.]+)\.$", text[start : match.start() + 1])
            word = before.group(1).lower() if before else ""
            if word in _ABBREVIATIONS or len(word.replace(".", "")) == 1 or "." in word:
                continue
        end = match.end() if not match.group().isspace() else match.start()
        _add_span(text, start, end, spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
