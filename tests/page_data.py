"""What a rendered map page carries, read back as the browser reads it: the JSON values written
into the page (:func:`page_payloads`) and the records of a record store's payload
(:func:`decode_records`, the inverse of coopmap.maps.payload's column encoding)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import numpy as np

_TYPED = {"u1": "<u1", "u2": "<u2", "i4": "<i4"}


def ints(values: list[int] | dict[str, str]) -> list[int]:
    """A payload's list of integers, also when written as base64 bytes."""
    if isinstance(values, list):
        return values
    [(kind, text)] = values.items()
    return np.frombuffer(base64.b64decode(text), dtype=_TYPED[kind]).tolist()


def _column(column: list[Any], i: int) -> Any:
    """Record ``i``'s value in an encoded column."""
    kind = column[0]
    if kind == "c":
        return column[1]
    if kind == "p":
        return column[1][i]
    if kind == "d":
        code = ints(column[2])[i]
        return None if code < 0 else _column(column[1], code)
    if kind == "t":
        row = {name: _column(field, i) for name, field in column[1].items()}
        return {name: value for name, value in row.items() if value is not None}
    if kind == "lf":
        start = sum(ints(column[3])[:i])
        return [_column(column[1], k) for k in ints(column[2])[start : start + ints(column[3])[i]]]
    if kind == "ld":
        return [_column(column[1], k) for k in column[2][ints(column[3])[i]]]
    raise AssertionError(f"unknown column kind {kind}")


def decode_records(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The records of a store payload, as the popups see them (empty lists left out)."""
    return [
        {
            name: value
            for name, column in payload["cols"].items()
            if (value := _column(column, i)) is not None and value != []
        }
        for i in range(payload["n"])
    ]


def page_payloads(html: str) -> list[Any]:
    """Every ``JSON.parse("...")`` value written into a page, after the values of its JSON
    data elements (``<script type="application/json">``: a record store's payload in a page
    of its own)."""
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks] + [
        json.loads(json.loads(literal))
        for literal in re.findall(r'JSON\.parse\(("(?:[^"\\]|\\.)*")\)', html)
    ]
