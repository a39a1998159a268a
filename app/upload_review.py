"""The Data page's review of an upload's place names: each ambiguous name with its candidates
on a small map to pick from, each name not found open to another spelling.

The questions are :func:`coopmap.services.review.place_questions` of the file read without
answers; :func:`answers` gives what the person chose, by name as the file writes it, for
:attr:`ReadOptions.places <coopmap.formats.options.ReadOptions.places>`. A pick that is the
best-ranked candidate is no answer (the import takes it anyway). The widgets' keys are made
from the upload and the name, so a new file starts with fresh choices.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from coopmap.display.labels import place_label
from coopmap.display.markdown import md
from coopmap.maps.candidates import candidates_map
from coopmap.services.review import PlaceQuestion, look_up

MAX_MAPS = 8
"""Ambiguous names shown with a map; those after them get the list only (each map is a
frame of its own in the page)."""
MAP_HEIGHT = 240
MAX_QUESTIONS = 40
"""Names reviewed on the page; a file with more is better fixed at its source (the report
lists them all)."""


def widget_key(upload_id: str, kind: str, name: str) -> str:
    """The key of a review widget for one name of one upload."""
    digest = hashlib.sha1(f"{upload_id}\0{name}".encode()).hexdigest()[:12]
    return f"review_{kind}_{digest}"


def answers(questions: list[PlaceQuestion], upload_id: str) -> dict[str, Any]:
    """Show each question and return the answers given: a picked place, or the place (or the
    picked candidate) of a name typed instead."""
    if not questions:
        return {}
    ambiguous = sum(q.outcome == "ambiguous" for q in questions)
    unfound = len(questions) - ambiguous
    st.caption(
        f"Ambiguous: {_names(ambiguous)}, imported as its first place unless you pick another. "
        f"Not found: {_names(unfound)}, whose rows are invalid unless you type a name the "
        "gazetteer knows."
    )
    if len(questions) > MAX_QUESTIONS:
        st.warning(
            md(
                f"{len(questions)} names need a word; the first {MAX_QUESTIONS} are here. The "
                "report below lists every one: correcting them in the file may be quicker."
            ),
            icon=":material/help:",
        )
    given: dict[str, Any] = {}
    maps = 0
    for question in questions[:MAX_QUESTIONS]:
        with st.container(border=True):
            st.markdown(md(question.describe()))
            if question.outcome == "ambiguous":
                place = _pick(
                    question.candidates,
                    widget_key(upload_id, "pick", question.name),
                    with_map=maps < MAX_MAPS,
                )
                maps += 1
            else:
                place = _retyped(question, upload_id)
            if place is not None:
                given[question.name] = place
    return given


def _names(count: int) -> str:
    return f"{count} name" if count == 1 else f"{count} names"


def _pick(candidates: tuple[Any, ...], key: str, *, with_map: bool) -> Any:
    """A choice between candidates, with their map under it; the place picked when it is not
    the first."""
    index = st.radio(
        "Which place",
        list(range(len(candidates))),
        format_func=lambda i: f"{i + 1}. {place_label(candidates[i])}",
        key=key,
    )
    if with_map:
        st_folium(
            candidates_map(candidates, chosen=index),
            key=f"{key}_map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
        )
    return candidates[index] if index else None


def _retyped(question: PlaceQuestion, upload_id: str) -> Any:
    """Another name for a name not found, looked up with the same countries; its place (or
    the candidate picked) answers."""
    typed = st.text_input(
        "Look it up as",
        key=widget_key(upload_id, "typed", question.name),
        placeholder="another spelling, or the town, region or country it is in",
    ).strip()
    if not typed:
        return None
    outcome = look_up(question, typed)
    if outcome.place is None:
        st.warning(md(f"The gazetteer does not know {typed!r} either."), icon=":material/help:")
        return None
    if outcome.outcome == "ambiguous":
        key = widget_key(upload_id, f"typed_pick_{typed}", question.name)
        return _pick(outcome.candidates, key, with_map=True) or outcome.candidates[0]
    st.caption(md(f"Found: {place_label(outcome.place)}"))
    return outcome.place
