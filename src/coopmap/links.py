"""Records by id and the links between them, both ways: the projects an event concerns and
the events that concern a project (the reverse of :attr:`Event.links`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coopmap.model import Event, Record


@dataclass(frozen=True)
class RecordIndex:
    """Records by id, and the events that link to each project."""

    by_id: dict[str, Record]
    linked_events: dict[str, list[Event]]

    @classmethod
    def of(cls, records: Iterable[Record], /) -> RecordIndex:
        """The index of ``records`` (an event that links to a project twice counts once)."""
        by_id: dict[str, Record] = {}
        linked: dict[str, list[Event]] = {}
        for record in records:
            by_id[record.id] = record
            if isinstance(record, Event):
                for project in dict.fromkeys(link.project for link in record.links):
                    linked.setdefault(project, []).append(record)
        return cls(by_id, linked)

    def linked(self, record: Record, /) -> tuple[list[Record | str], list[Event]]:
        """The projects an event links to (the ids of those not indexed), and the events that
        link to a project."""
        projects: list[Record | str] = []
        if isinstance(record, Event):
            for project in dict.fromkeys(link.project for link in record.links):
                projects.append(self.by_id.get(project, project))
        return projects, self.linked_events.get(record.id, [])
