"""Places for names whose spans are already known, including names the gazetteer lacks."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable

from coopmap.places import Gazetteer, Place, default_gazetteer
from coopmap.reports.tokens import Token, tokenize
from coopmap.reports.toponyms.lookup import STOPWORDS, US_STATES, WEAK, Mention, lookup, name_key
from coopmap.reports.toponyms.recognition import ORG_WORDS, PLACE_TYPES
from coopmap.reports.toponyms.resolution import dateline_place, km, resolve
from coopmap.taxonomy import LOCAL_PRECISIONS, Precision

__all__ = ["resolve_spans"]

_PLACE_TYPE_SUFFIX = re.compile(r"\s+(?:" + "|".join(PLACE_TYPES) + r")$", re.IGNORECASE)


def resolve_spans(
    text: str,
    spans: Iterable[tuple[int, int]],
    /,
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Place | None]:
    """Resolve place names whose spans are already known (say, by a person), in order.

    The document context is built as :func:`find_toponyms` builds it, from these names. A
    name the gazetteer lacks is placed by a place name inside it ("Colorado State
    University", "Manila Cathedral") when that is a well-known place or lies near the
    others the text names, else at the place the text is about (its dateline, else the
    town it names most): a street or a building is most often in the story's town. Such
    answers have ``match == "context"``; ``None`` means the text gives nothing to go on.
    """
    gazetteer = gazetteer or default_gazetteer()
    tokens = tokenize(text)
    mentions = [_span_mention(text, tokens, start, end, gazetteer) for start, end in spans]
    found = [m for m in mentions if m is not None]
    dateline = dateline_place(text, gazetteer)
    resolve(found, dateline)
    known = [m for m in found if not m.inner]
    focus = _focus(known, dateline)
    for m in found:
        if m.inner and not _credible(m.resolved, known):
            m.resolved = focus
    return [focus if m is None else m.resolved for m in mentions]


def _span_mention(
    text: str, tokens: list[Token], start: int, end: int, gazetteer: Gazetteer
) -> Mention | None:
    name = text[start:end]
    candidates = lookup(gazetteer, name)
    if not candidates:
        stripped = _PLACE_TYPE_SUFFIX.sub("", name)
        candidates = lookup(gazetteer, stripped) if stripped != name else []
    if not candidates and name.endswith("s") and len(name) > 4:
        # a people: "Russians", "Palestinians"
        candidates = [p for p in lookup(gazetteer, name[:-1]) if p.match == "demonym"]
    key, inner = name_key(name), False
    if not candidates:
        # keyed by the name inside, so that it and that name alone are not each other's
        # evidence
        key, candidates = _inner_candidates(text, tokens, start, end, gazetteer)
        inner = True
    if not candidates:
        return None
    m = Mention(start, end, 0, 0, key, candidates, inner=inner)
    m.demonym = candidates[0].match == "demonym"
    after = [t for t in tokens if t.start >= end][:2]
    if len(after) == 2 and after[0].text == "," and after[1].cap:
        m.hint_admin1 = US_STATES.get(after[1].key.rstrip("."), after[1].text)
    return m


def _inner_candidates(
    text: str, tokens: list[Token], start: int, end: int, gazetteer: Gazetteer
) -> tuple[str, list[Place]]:
    """The key and candidates of the longest place name inside a longer name ("University
    of California", "Manila Cathedral"); common and place-type words do not count."""
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    n = len(inside)
    for size in range(n - 1, 0, -1):
        for i in range(n - size + 1):
            stretch = inside[i : i + size]
            if not (stretch[0].cap and stretch[-1].cap):
                continue
            if all(
                t.key in STOPWORDS or t.key in PLACE_TYPES or t.key in ORG_WORDS or not t.cap
                for t in stretch
            ):
                continue
            name = text[stretch[0].start : stretch[-1].end]
            found = lookup(gazetteer, name)
            if found:
                return name_key(name), found
    return "", []


def _credible(place: Place | None, known: list[Mention]) -> bool:
    """Whether a place found inside a longer name may stand for it: a country, region or
    big city, or a place near another that the text names."""
    if place is None:
        return False
    if place.precision not in LOCAL_PRECISIONS or place.population >= 100_000:
        return place.match not in WEAK
    return any(
        m.resolved is not None
        and m.resolved.precision in LOCAL_PRECISIONS
        and km(place, m.resolved) < 150
        for m in known
    )


def _focus(mentions: list[Mention], dateline: Place | None) -> Place | None:
    """The place a text is about: its dateline, else the town it names most (the first
    of equals), else the region, else the country; marked as found from context."""
    focus = dateline
    for precisions in (LOCAL_PRECISIONS, {Precision.ADMIN1}, {Precision.COUNTRY}):
        if focus is not None:
            break
        counts: Counter[tuple[str, float, float]] = Counter()
        first: dict[tuple[str, float, float], Place] = {}
        for m in mentions:
            place = m.resolved
            if m.demonym or place is None or place.source == "coopmap":
                continue  # a people ("Latvians") says little about where a story is
            if place.precision in precisions:
                key = (place.name, place.lat, place.lon)
                counts[key] += 1
                first.setdefault(key, place)
        if counts:
            top = max(counts.values())
            focus = next(first[key] for key in first if counts[key] == top)
    return None if focus is None else dataclasses.replace(focus, match="context")
