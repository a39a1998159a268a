"""The seed atlas shipped in ``data/seed.json``: facts from the source report as records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopmap.errors import ValidationError
from coopmap.model import Record, record_from_dict
from coopmap.paths import data_dir
from coopmap.places import resolve_locations

if TYPE_CHECKING:
    from coopmap.places import Gazetteer


def seed_path() -> Path:
    return data_dir() / "seed.json"


def load_seed(path: Path | None = None, /, *, gazetteer: Gazetteer | None = None) -> list[Record]:
    """Read the seed file, geocode its place names offline and validate every record.

    Sources written as ``{"$ref": "name"}`` (of records and of status history entries) point
    into the file's top-level ``sources``.
    """
    document = json.loads((path or seed_path()).read_text(encoding="utf-8"))
    shared = document.get("sources", {})
    records = []
    for index, item in enumerate(document["records"], 1):
        where = f"seed record #{index}"
        item = {**item, "sources": [_deref(s, shared, where) for s in item.get("sources", [])]}
        if "status_history" in item:
            item["status_history"] = [
                {**change, "source": _deref(change["source"], shared, where)}
                if isinstance(change.get("source"), dict)
                else change
                for change in item["status_history"]
            ]
        records.append(
            record_from_dict(resolve_locations(item, gazetteer=gazetteer, where=where), where=where)
        )
    return records


def _deref(source: dict[str, Any], shared: dict[str, Any], where: str) -> dict[str, Any]:
    if "$ref" not in source:
        return source
    try:
        return shared[source["$ref"]]
    except KeyError:
        raise ValidationError(
            f"unknown source reference {source['$ref']!r}", record=where, field="sources"
        ) from None
