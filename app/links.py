"""The view in the address: the filters, the "as of" day, the selected record and where the map
looks, as the page's query parameters (``st.query_params``), so that a link opens the same view.

The entry script calls :func:`restore` once a session, before the sidebar is drawn (the link's
values become the widgets' values), and :func:`publish` after every run (the widgets' values
become the address). The parameters are named as ``coopmap export``'s options where it has
them: ``sector``, ``kind``, ``country`` and ``as-of``; then ``status``, ``precision``, ``from``
and ``to`` (the "Active between" range), ``org``, ``text``, ``record`` (the selected record)
and ``lat``, ``lon`` and ``zoom`` (the map). A value the atlas does not know is left out, and
the page says which parameter it was and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

import detail
import filters
from coopmap.display.markdown import md
from coopmap.model import Record
from coopmap.taxonomy import Precision, Sector, Status

RESTORED = "links_restored"
"""Session state key: the link has been read into the widgets."""

MAP_VIEW = "map_view"
"""Session state key of where the map looks: (lat, lon, zoom), or absent."""


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


# (parameter, widget key, the widget's value from the address)
_LISTS: list[tuple[str, str, Callable[[str], Any]]] = [
    ("sector", "f_sectors", Sector),
    ("kind", "f_kinds", str),
    ("country", "f_countries", str.upper),
    ("status", "f_statuses", Status),
    ("precision", "f_precisions", Precision),
]
_TEXTS = [("org", "f_organisation"), ("text", "f_text")]
KINDS = ["project", "event"]


def _day(name: str, text: str, problems: list[str]) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}={text!r} is not a day (YYYY-MM-DD)")
        return None


def _number(name: str, text: str, low: float, high: float, problems: list[str]) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for NaN
        problems.append(f"{name}={text!r} is not a number from {low:g} to {high:g}")
        return None
    return value


def restore(records: Sequence[Record], /) -> list[str]:
    """Set the widgets, the selection and the map's view from the link, once a session;
    returns what it left out (parameter, value and why), which the page shows."""
    ss = st.session_state
    if ss.get(RESTORED):
        return []
    ss[RESTORED] = True
    params = st.query_params
    problems: list[str] = []
    found = filters.options_of(records)
    offered: dict[str, list[Any]] = {
        "f_sectors": list(found.sectors),
        "f_kinds": KINDS,
        "f_countries": found.countries,
        "f_statuses": list(Status),
        "f_precisions": list(Precision),
    }
    for name, key, parse in _LISTS:
        if name not in params:
            continue
        chosen = []
        for text in params.get_all(name):
            if not text:  # "sector=": none chosen
                continue
            try:
                value = parse(text)
            except ValueError:
                value = None
            if value in offered[key]:
                chosen.append(value)
            else:
                problems.append(f"{name}={text!r} is not one of this atlas's values")
        ss[key] = [option for option in offered[key] if option in chosen]
        ss[f"{key}_offered"] = offered[key]  # what filters._select_new_options compares with
    start = _day("from", params["from"], problems) if "from" in params else None
    end = _day("to", params["to"], problems) if "to" in params else None
    if start or end:
        ss["f_dates"] = (start or found.first, end or found.last)
        ss["f_dates_span"] = (found.first, found.last)
    if "as-of" in params and (day := _day("as-of", params["as-of"], problems)):
        ss["f_as_of"] = day
    for name, key in _TEXTS:
        if params.get(name):
            ss[key] = params[name]
    if params.get("record"):
        detail.select(params["record"])
    if {"lat", "lon", "zoom"} <= set(params):
        lat = _number("lat", params["lat"], -90, 90, problems)
        lon = _number("lon", params["lon"], -180, 180, problems)
        zoom = _number("zoom", params["zoom"], 0, 20, problems)
        if lat is not None and lon is not None and zoom is not None:
            ss[MAP_VIEW] = (lat, lon, round(zoom))
    return problems


def wanted() -> dict[str, list[str]]:
    """The parameters that say the view the widgets, the selection and the map show now."""
    ss = st.session_state
    found: dict[str, list[str]] = {}
    for name, key, _ in _LISTS:
        if key not in ss:
            continue
        values = [_text(value) for value in ss[key]]
        offered = ss.get(f"{key}_offered", KINDS if key == "f_kinds" else None)
        everything = offered is not None and values == [_text(v) for v in offered]
        # nothing chosen keeps everything, but for sectors (none chosen is no sector)
        if not everything and (values or key == "f_sectors"):
            found[name] = values or [""]
    start, end = filters.picked_range(ss.get("f_dates"))
    if start is not None and (start, end) != ss.get("f_dates_span"):
        found["from"] = [start.isoformat()]
        if end is not None:
            found["to"] = [end.isoformat()]
    if isinstance(ss.get("f_as_of"), dt.date):
        found["as-of"] = [ss["f_as_of"].isoformat()]
    for name, key in _TEXTS:
        if ss.get(key):
            found[name] = [str(ss[key])]
    if detail.selected():
        found["record"] = [str(detail.selected())]
    if view := ss.get(MAP_VIEW):
        lat, lon, zoom = view
        found["lat"], found["lon"], found["zoom"] = [f"{lat:.4f}"], [f"{lon:.4f}"], [str(zoom)]
    return found


def publish() -> None:
    """Write the view into the address, when it says something else."""
    found = wanted()
    params = st.query_params
    if {name: params.get_all(name) for name in params} != found:
        params.from_dict(found)


def link() -> str:
    """The address of this view, to share."""
    query = urlencode(wanted(), doseq=True)
    base = st.context.url or ""
    return f"{base}?{query}" if query else base


def show_problems(problems: list[str], /) -> None:
    if problems:
        st.warning(
            md("This link asks for what the atlas does not have, left out: " + "; ".join(problems)),
            icon=":material/link_off:",
        )
