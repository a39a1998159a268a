"""A report as HTML with what was read from it marked: places, dates, organisations, people,
quantities, and the words each proposed field comes from. Every piece of the report's text is
escaped; only the marks are HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from coopmap.reports import Extraction
from coopmap.reports.candidates import Evidence

#: What the marked text shows, with its colour: the kinds of :meth:`Extraction.highlights`
#: (sectors, read from common words, would mark half the text).
KINDS = {
    "place": ("Place", "places", "#bcd9ff"),
    "date": ("Date", "dates", "#ffd9a0"),
    "organisation": ("Organisation", "organisations", "#c4ecb4"),
    "person": ("Person", "people", "#f4c6ec"),
    "quantity": ("Quantity", "quantities", "#ddd2ff"),
}
EVIDENCE_COLOUR = "#fff1a8"
_MARK = "background:{colour};color:#1a1a1a;border-radius:3px;padding:0 2px"


def _mark(text: str, colour: str, title: str, kind: str) -> str:
    style = _MARK.format(colour=colour)
    return (
        f'<mark data-kind="{html.escape(kind)}" title="{html.escape(title)}" '
        f'style="{style}">{html.escape(text)}</mark>'
    )


def marked_html(text: str, spans: Iterable[tuple[int, int, str, str]], /) -> str:
    """``text`` as HTML with ``(start, end, kind, title)`` spans marked in their kind's
    colour, every piece of text escaped. Spans are taken in order of start, the longest
    first; one that overlaps a span already marked is left out (a date inside a name)."""
    parts, at = [], 0
    for start, end, kind, title in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < at or end <= start or end > len(text):
            continue
        colour = KINDS[kind][2] if kind in KINDS else EVIDENCE_COLOUR
        parts += [html.escape(text[at:start]), _mark(text[start:end], colour, title, kind)]
        at = end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def report_html(extraction: Extraction, /) -> str:
    """The report with its places, dates, organisations, people and quantities marked."""
    spans = [
        (h.start, h.end, h.kind, f"{KINDS[h.kind][0]}: {h.label}")
        for h in extraction.highlights()
        if h.kind in KINDS
    ]
    body = marked_html(extraction.text, spans)
    return (
        '<div class="coopmap-report" style="white-space:pre-wrap;line-height:1.7;'
        "max-height:32rem;overflow-y:auto;padding:0.75rem 1rem;border:1px solid "
        f'rgba(128,128,128,0.35);border-radius:0.5rem">{body}</div>'
    )


def legend_html() -> str:
    items = " ".join(
        _mark(label, colour, label, kind) for kind, (label, _, colour) in KINDS.items()
    )
    return f'<div class="coopmap-legend" style="margin-bottom:0.25rem">{items}</div>'


def found_text(extraction: Extraction, /) -> str:
    """How many spans of each marked kind the report has: "9 places, 6 dates, ..."."""
    counts = dict.fromkeys(KINDS, 0)
    for highlight in extraction.highlights():
        if highlight.kind in counts:
            counts[highlight.kind] += 1
    return ", ".join(f"{n} {KINDS[kind][1] if n != 1 else kind}" for kind, n in counts.items())


def evidence_html(evidence: Sequence[Evidence], /) -> str:
    """Each sentence a proposal comes from, once, with the fields it gave and their words
    marked."""
    by_sentence: dict[tuple[int, str], list[Evidence]] = {}
    for item in evidence:
        by_sentence.setdefault((item.sentence_start, item.sentence), []).append(item)
    rows = []
    for (offset, sentence), items in sorted(by_sentence.items()):
        fields = ", ".join(dict.fromkeys(i.field.replace("_", " ") for i in items))
        spans = [(i.start - offset, i.end - offset, "evidence", i.field) for i in items]
        rows.append(
            f"<li><b>{html.escape(fields)}</b>: \u201c{marked_html(sentence, spans)}\u201d</li>"
        )
    return f'<ul class="coopmap-evidence" style="margin:0">{"".join(rows)}</ul>'
