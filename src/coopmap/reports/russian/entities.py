"""Organisations in a Russian text by Natasha's named-entity model (slovnet's NER with navec's
news embeddings; both files ship inside the ``natasha`` wheel, so nothing is downloaded).

The model finds the names the rules of :mod:`~coopmap.reports.russian.organisations` have no
word for ("Национальная электрическая сеть Кыргызстана", "Китайской железнодорожной
корпорации", "ОАО «РЖД»"). It reads only the sentences that say something of a party in a
project (``wanted``), which keeps a report fast; a name comes back as written, in its case.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["organisation_spans"]

_EMBEDDINGS = "emb/navec_news_v1_1B_250K_300d_100q.tar"
_MODEL = "model/slovnet_ner_news_v1.tar"
# a dateline's town or an agency's name in capitals ("БИШКЕК", "КАЗИНФОРМ"), not a party
_SHOUTED = re.compile(r"[А-ЯЁ]{5,}")


@functools.cache
def _tagger() -> Any | None:
    """Natasha's NER model, loaded once; ``None`` (and a log line) if it is not installed."""
    try:
        import natasha
        from navec import Navec
        from slovnet import NER
    except ImportError:
        log.warning("natasha is not installed: Russian organisations by rules only")
        return None
    data = Path(natasha.__file__).parent / "data"
    tagger = NER.load(str(data / _MODEL))
    tagger.navec(Navec.load(str(data / _EMBEDDINGS)))
    return tagger


def organisation_spans(
    text: str, sentences: Sequence[tuple[int, int]], wanted: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Character spans of the organisations the model finds in those ``sentences`` of
    ``text`` for which ``wanted(sentence)`` holds."""
    chosen = [(s, e) for s, e in sentences if wanted(text[s:e])]
    tagger = _tagger() if chosen else None
    if tagger is None:
        return []
    from threadpoolctl import threadpool_limits

    # the model's matrices are small: BLAS threads would only spin on them
    with threadpool_limits(limits=1):
        read = list(tagger.map([text[s:e] for s, e in chosen]))
    spans = []
    for (s, _), markup in zip(chosen, read, strict=True):
        for span in markup.spans:
            if span.type == "ORG" and not _SHOUTED.fullmatch(markup.text[span.start : span.stop]):
                spans.append((s + span.start, s + span.stop))
    return spans
