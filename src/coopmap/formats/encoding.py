"""Cell text: how one value is written in a text cell of a flat file, and read back.

CSV, GeoPackage and KML hold the columns of :mod:`coopmap.formats.columns` as text: numbers as
short text (:func:`number`), lists as items joined by ``; `` in a plain syntax per kind of item
(``name (role)`` for an organisation, ``key: value unit`` for a spec...), each with its
``format_*`` and ``parse_*`` function. A list cell that the plain syntax cannot carry exactly (a
name with a ``;``, a spec value with a space) is written as a JSON list instead;
:func:`decode_list` reads both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from coopmap.formats.limits import JSONLimitError, load_json

DECIMALS = 7
"""Decimals of coordinates and numbers written as text (7 decimals of a degree: about 1 cm)."""

SEPARATOR = "; "


def number(value: float, /) -> str:
    """A number as short text, rounded to :data:`DECIMALS` (``1900000000``, ``22.4``)."""
    value = round(float(value), DECIMALS) + 0.0
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def encode_list(
    items: list[Any], /, *, format_item: Callable[[Any], str], parse_item: Callable[[str], Any]
) -> str | None:
    """Items joined by ``; `` when :func:`decode_list` gives them back exactly, else JSON."""
    if not items:
        return None
    if format_item is str and parse_item is str and _plain(items):
        return SEPARATOR.join(items)
    text = SEPARATOR.join(format_item(item) for item in items)
    try:
        exact = decode_list(text, parse_item=parse_item) == items
    except ValueError:
        exact = False
    return text if exact else json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def _plain(names: list[Any]) -> bool:
    """Whether text items come back from :func:`decode_list` as they are, joined plainly:
    none empty, padded or holding a ``;``, and the first not opening a JSON list."""
    return not names[0].startswith("[") and all(
        name and name == name.strip() and ";" not in name for name in names
    )


def decode_list(text: str, /, *, parse_item: Callable[[str], Any]) -> list[Any]:
    """The items of a list cell: a JSON list, or plain items separated by ``;``."""
    text = text.strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            items = load_json(text)
        except JSONLimitError:
            raise
        except ValueError as err:
            raise ValueError(f"not a JSON list: {err}") from err
        if not isinstance(items, list):
            raise ValueError("not a JSON list")
        return items
    return [parse_item(part.strip()) for part in text.split(";") if part.strip()]


_TRAILING = re.compile(r"^(?P<head>.*?)\s*\((?P<inside>[^()]*)\)$")
_DATE = re.compile(r"^\d{4}(-\d{1,2}){0,2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def format_organisation(item: dict[str, Any]) -> str:
    return f"{item['name']} ({item['role']})"


def parse_organisation(text: str) -> dict[str, Any]:
    match = _TRAILING.match(text)
    if match and match["head"]:
        return {"name": match["head"], "role": match["inside"].strip()}
    return {"name": text, "role": "partner"}


def format_status_change(item: dict[str, Any]) -> str:
    return f"{item['status']} {item['date']}" if item.get("date") else item["status"]


def parse_status_change(text: str) -> dict[str, Any]:
    status, _, date = text.partition(" ")
    return {"status": status, "date": date.strip()} if date.strip() else {"status": status}


def format_participant(item: dict[str, Any]) -> str:
    parts = [
        item.get("role"),
        "person" if item.get("kind") == "person" else None,
        item.get("country"),
    ]
    inside = ", ".join(part for part in parts if part)
    return f"{item['name']} ({inside})" if inside else item["name"]


def parse_participant(text: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": text, "kind": "organisation"}
    match = _TRAILING.match(text)
    if not (match and match["head"]):
        return item
    item["name"] = match["head"]
    for part in (part.strip() for part in match["inside"].split(",")):
        if part in ("person", "organisation"):
            item["kind"] = part
        elif _COUNTRY.match(part):
            item["country"] = part
        elif part and "role" not in item:
            item["role"] = part
        else:
            raise ValueError(f"cannot read participant {text!r}")
    return item


def format_spec(item: dict[str, Any]) -> str:
    value = item["value"]
    text = number(value) if isinstance(value, float) and not value.is_integer() else str(value)
    return f"{item['key']}: {text} {item['unit']}" if item.get("unit") else f"{item['key']}: {text}"


def parse_spec(text: str) -> dict[str, Any]:
    key, colon, rest = text.partition(":")
    if not colon:
        raise ValueError(f"a spec is 'key: value unit', got {text!r}")
    token, _, unit = rest.strip().partition(" ")
    value: float | int | str = token
    for kind in (int, float):
        try:
            value = kind(token)
            break
        except ValueError:
            continue
    item: dict[str, Any] = {"key": key.strip(), "value": value}
    if unit.strip():
        item["unit"] = unit.strip()
    return item


def format_source(item: dict[str, Any]) -> str:
    inside = ", ".join(part for part in (item.get("publisher"), item.get("date")) if part)
    text = f"{item['title']} ({inside})" if inside else item["title"]
    return f"{text} <{item['url']}>" if item.get("url") else text


def parse_source(text: str) -> dict[str, Any]:
    item: dict[str, Any] = {}
    url = re.search(r"\s*<([^<>\s]+)>$", text)
    if url:
        item["url"] = url[1]
        text = text[: url.start()]
    match = _TRAILING.match(text)
    if match and match["head"]:
        parts = [part.strip() for part in match["inside"].split(",")]
        if parts and _DATE.match(parts[-1]):
            item["date"] = parts.pop()
        if parts:
            item["publisher"] = ", ".join(parts)
        text = match["head"]
    return {"title": text, **item}


def format_link(item: dict[str, Any]) -> str:
    return f"{item['type']}:{item['project']}"


def parse_link(text: str) -> dict[str, Any]:
    link_type, colon, project = text.partition(":")
    if not colon:
        raise ValueError(f"a link is 'link_type:project-id', got {text!r}")
    return {"type": link_type.strip(), "project": project.strip()}


ITEMS: dict[str, tuple[Callable[[Any], str], Callable[[str], Any]]] = {
    "organisations": (format_organisation, parse_organisation),
    "participants": (format_participant, parse_participant),
    "specs": (format_spec, parse_spec),
    "sources": (format_source, parse_source),
    "links": (format_link, parse_link),
    "outcomes": (str, str),
    "status_history": (format_status_change, parse_status_change),
}
"""The list columns and how each writes and reads its items: ``(format_item, parse_item)``."""


def list_cell(column: str, items: list[Any], /) -> str | None:
    """The items of a list column of :data:`ITEMS` as the cell's text (see :func:`encode_list`)."""
    format_item, parse_item = ITEMS[column]
    return encode_list(items, format_item=format_item, parse_item=parse_item)
