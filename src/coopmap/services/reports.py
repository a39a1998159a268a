"""Reports to records: propose the drafts a report suggests, store them for review, accept them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from coopmap.model import Record, validate_update
from coopmap.services.access import Action, Actor, acting
from coopmap.store import AddResult, Store


def propose_records(
    text: str,
    /,
    *,
    date: object | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> list[Record]:
    """The draft records a report suggests (:func:`coopmap.reports.extract`, in ``lang`` or
    the language it finds), citing it as their source (``title``, or the report's headline),
    with ids derived from the report."""
    from coopmap.reports import extract

    extraction = extract(text, date=date, lang=lang)
    return extraction.to_records(source=extraction.source(title=title))


@dataclass(frozen=True)
class IngestResult:
    """What :func:`ingest_records` did, by record id.

    ``reviewed`` were left alone because someone accepted them since (they are no longer
    drafts); ``rejected`` because someone deleted them.
    """

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    reviewed: list[str]
    rejected: list[str]


def ingest_records(
    store: Store, records: Sequence[Record], /, *, by: Actor | None = None
) -> IngestResult:
    """Add proposed draft records in one transaction without duplicating any.

    A record whose id is stored is updated while it is still a draft, and left as it is once
    accepted; a deleted one is not proposed again. So ingesting a report twice adds nothing.
    The store writes only if every record is still as it was read: a proposal someone accepted,
    edited or stored meanwhile is a :class:`~coopmap.errors.ConflictError` and nothing is
    written. The counts are what the writing transaction did. ``by``, who ingests
    (:mod:`coopmap.services.access`), must be an editor or an admin.
    """
    with acting(store, by, Action.INGEST):
        return _ingest(store, records)


def _ingest(store: Store, records: Sequence[Record], /) -> IngestResult:
    deleted = {item.record.id for item in store.deleted()}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    reviewed: list[str] = []
    rejected: list[str] = []
    writes = []
    versions: dict[str, int] = {}  # what the drafts are written over, checked when writing
    for record in records:
        stored, version = store.get_versioned(record.id) or (None, 0)
        if stored is None and record.id in deleted:
            rejected.append(record.id)
        elif stored is None or stored.draft:
            writes.append(record)
            versions[record.id] = version
        else:
            reviewed.append(record.id)
    done = store.add(writes, replace=True, expected_versions=versions) if writes else AddResult()
    # Added, updated or unchanged as the writing transaction found them, in the report's order.
    kinds = {
        **dict.fromkeys(done.added, added),
        **dict.fromkeys(done.updated, updated),
        **dict.fromkeys(done.unchanged, unchanged),
    }
    for record in writes:
        kinds[record.id].append(record.id)
    return IngestResult(added, updated, unchanged, reviewed, rejected)


def accept_proposal(
    store: Store, record: Record, /, *, by: Actor | None = None
) -> Literal["accepted", "stored already"]:
    """Store a proposal as a reviewed record (not a draft).

    A stored draft is accepted as it is stored (someone may have edited it); a record stored
    and accepted already is left alone (``"stored already"``). Raises the store's errors:
    :class:`~coopmap.errors.DuplicateRecordError` or :class:`~coopmap.errors.ConflictError`
    when someone stored or changed it meanwhile, :class:`~coopmap.errors.ValidationError`;
    :class:`~coopmap.errors.PermissionDeniedError` when ``by`` is a viewer.
    """
    with acting(store, by, Action.ACCEPT):
        return _accept(store, record)


def _accept(store: Store, record: Record, /) -> Literal["accepted", "stored already"]:
    found = store.get_versioned(record.id)  # the draft and its version, read together
    if found is None:
        store.add(validate_update(record, draft=False))
        return "accepted"
    stored, version = found
    if not stored.draft:
        return "stored already"
    store.update(validate_update(stored, draft=False), expected_version=version)
    return "accepted"


@dataclass(frozen=True)
class AcceptResult:
    """What :func:`accept_proposals` did, by record id: ``accepted`` now, ``kept`` (accepted
    before, left as they are), ``skipped`` (deleted from the store before, not stored again)."""

    accepted: list[str]
    kept: list[str]
    skipped: list[str]


def accept_proposals(
    store: Store, records: Sequence[Record], /, *, by: Actor | None = None
) -> AcceptResult:
    """Accept every proposal in one transaction (:func:`accept_proposal` for each); a
    proposal deleted from the store before is not stored again. A draft someone edited,
    accepted or stored meanwhile is a :class:`~coopmap.errors.ConflictError` and nothing is
    written, so no edit is overwritten unseen. ``by`` must be an editor or an admin."""
    with acting(store, by, Action.ACCEPT):
        return _accept_all(store, records)


def _accept_all(store: Store, records: Sequence[Record], /) -> AcceptResult:
    deleted = {item.record.id for item in store.deleted()}
    writes: list[Record] = []
    versions: dict[str, int] = {}  # the versions accepted, checked when writing
    kept: list[str] = []
    skipped: list[str] = []
    for record in records:
        stored, version = store.get_versioned(record.id) or (None, 0)
        if stored is None and record.id in deleted:
            skipped.append(record.id)
        elif stored is None or stored.draft:
            writes.append(validate_update(stored or record, draft=False))
            versions[record.id] = version
        else:
            kept.append(record.id)
    if writes:
        store.add(writes, replace=True, expected_versions=versions)
    return AcceptResult([record.id for record in writes], kept, skipped)
