"""An event's links to the projects it concerns, as rows of the links editor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pydantic

from coopmap.editing.problems import FieldErrors
from coopmap.editing.rows import clean_rows
from coopmap.model import Event, Link, Project, Record, first_reason
from coopmap.taxonomy import LinkType

LINK_COLUMNS = ("type", "project")


def link_rows(record: Record | None, /) -> list[dict[str, Any]]:
    """An event's links as rows of the links editor: the link type and the project's id."""
    if not isinstance(record, Event):
        return []
    return [{"type": link.type.value, "project": link.project} for link in record.links]


def link_type_label(value: str, /) -> str:
    """``signed_at`` as ``signed at``."""
    return str(value).replace("_", " ")


def project_labels(records: Iterable[Record], /, *, also: Iterable[str] = ()) -> dict[str, str]:
    """The projects a link can point to, by id, each labelled by its title, in title order.

    A title several projects share is followed by the id; ``also`` are ids an event already
    links to that are not stored projects (kept, so that an unchanged save keeps them).
    """
    projects = sorted(
        (r for r in records if isinstance(r, Project)), key=lambda r: (r.title.casefold(), r.id)
    )
    shared = Counter(project.title for project in projects)
    labels = {
        project.id: project.title
        if shared[project.title] == 1
        else f"{project.title} ({project.id})"
        for project in projects
    }
    for id in also:
        labels.setdefault(id, f"{id} (not in the store)")
    return labels


def links_of(
    rows: Iterable[Mapping[str, Any]], /, *, projects: Collection[str] | None = None
) -> tuple[list[dict[str, Any]], FieldErrors]:
    """The links of the editor's rows, and problems (under ``links``, by row).

    ``projects`` are the ids a link may point to (the keys of :func:`project_labels`); None
    accepts any id.
    """
    links: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, row in enumerate(clean_rows(rows, columns=LINK_COLUMNS), 1):
        kind, project = row.get("type"), row.get("project")
        if kind is None:
            problems.append(f"row {number}: choose how the event relates to the project")
        elif kind not in set(LinkType):
            problems.append(f"row {number}: unknown link type {kind!r}")
        if project is None:
            problems.append(f"row {number}: choose the project")
        elif projects is not None and project not in projects:
            problems.append(f"row {number}: no stored project has the id {project!r}")
        if kind is not None and project is not None:
            links.append({"type": kind, "project": project})
    if problems:
        return [], {"links": "; ".join(problems)}
    try:
        return [Link.model_validate(link).model_dump(mode="json") for link in links], {}
    except pydantic.ValidationError as err:
        return [], {"links": first_reason(err)}
