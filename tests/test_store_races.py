"""Writers at the same time, on every backend: no save is lost, and counts are a write's own.

An edit starts from a record and its version read together (``Store.get_versioned``), so a
save that succeeds was made on the version it names, and a stale one is a ConflictError. An
import's "new, updated, unchanged" is what its own transaction did (``Store.add`` returns it),
whatever another import writes meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

import pytest

from builders import store_records
from coopmap.errors import ConflictError
from coopmap.formats import Reading
from coopmap.model import Project, Record
from coopmap.services import (
    accept_proposal,
    accept_proposals,
    import_records,
    ingest_records,
    save_record,
)
from coopmap.store import AddResult

ROUNDS = 200


def run_together(*steps: Callable[[], object]) -> list[object]:
    """Run ``steps`` in threads started at once; what each returned or raised, in order."""
    start = threading.Barrier(len(steps))
    outcomes: list[object] = [None] * len(steps)

    def run(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = steps[index]()
        except Exception as err:
            outcomes[index] = err

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(steps))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_get_versioned_reads_a_record_with_its_version(store_factory):
    store = store_factory()
    record = store_records()[0]
    assert store.get_versioned(record.id) is None
    store.add(record)
    assert store.get_versioned(record.id) == (record, 1)
    changed = record.model_copy(update={"notes": "changed"})
    store.update(changed, expected_version=1)
    assert store.get_versioned(record.id) == (changed, 2)
    store.delete(record.id)
    assert store.get_versioned(record.id) is None


def test_add_returns_what_its_transaction_added_updated_and_left_alone(store_factory):
    store = store_factory()
    first, second, *rest = store_records()
    assert store.add([first, second]) == AddResult(added=(first.id, second.id))
    changed = second.model_copy(update={"notes": "changed"})
    result = store.add([rest[0], first, changed], replace=True)
    assert result == AddResult(added=(rest[0].id,), updated=(second.id,), unchanged=(first.id,))
    assert result.written == 2


def _edit(store, id: str, tag: str) -> int:
    """Read the record, append ``tag`` to its notes, save it with the version read."""
    found = store.get_versioned(id)
    assert found is not None
    record, version = found
    notes = f"{record.notes or ''} {tag}".strip()
    return save_record(store, record.model_copy(update={"notes": notes}), expected_version=version)


def _tags(record: Record) -> list[str]:
    return (record.notes or "").split()


def test_editors_at_the_same_time_lose_no_save(store_factory):
    """Two editors save the same record at once, round after round: every save that succeeds
    is in the record and its history; the other one is refused with a ConflictError."""
    store = store_factory()
    other = store_factory(create=False)
    record = store_records()[0]
    store.add(record)
    saved: list[tuple[int, str]] = []  # (version saved at, tag)
    for round in range(ROUNDS):
        tags = (f"a{round}", f"b{round}")
        outcomes = run_together(
            partial(_edit, store, record.id, tags[0]), partial(_edit, other, record.id, tags[1])
        )
        for tag, outcome in zip(tags, outcomes, strict=True):
            if isinstance(outcome, int):
                saved.append((outcome, tag))
            else:
                assert isinstance(outcome, ConflictError), outcome
        assert any(isinstance(outcome, int) for outcome in outcomes)
    stored, version = store.get_versioned(record.id)
    # Every successful save is in the record, in the order of the versions, none overwritten.
    assert _tags(stored) == [tag for _, tag in sorted(saved)]
    updates = [c for c in store.history(record.id) if c.action == "updated"]
    assert len(updates) == len(saved) == version - 1


def test_accepting_a_proposal_while_someone_edits_it_loses_neither(store_factory):
    """The Ingest page's Accept (services.accept_proposal) and an edit of the same draft at
    once: the accepted record keeps the edit, or the accept is refused, never the edit lost."""
    store = store_factory()
    other = store_factory(create=False)
    draft = Project(id="pj-draft", title="A proposed railway", sectors=["transport"], draft=True)
    refused = 0
    for round in range(ROUNDS):
        id = f"{draft.id}-{round}"
        store.add(draft.model_copy(update={"id": id}))
        edited, accepted = run_together(
            partial(_edit, other, id, "edited"),
            partial(accept_proposal, store, draft.model_copy(update={"id": id})),
        )
        stored, version = store.get_versioned(id)
        if isinstance(accepted, ConflictError):
            refused += 1
            assert stored.draft
        else:
            assert accepted == "accepted"
            assert not stored.draft
        if isinstance(edited, ConflictError):
            assert _tags(stored) == []
        else:
            assert edited in (2, 3)
            assert _tags(stored) == ["edited"]  # the edit is kept, accepted or not
        succeeded = [o for o in (edited, accepted) if not isinstance(o, Exception)]
        assert succeeded  # of two writers from version 1, one at least gets through
        assert version == 1 + len(succeeded)
    assert refused < ROUNDS


# --- imports at the same time ---


def _reading(records: list[Record]) -> Reading:
    return Reading("test", records=records, where={r.id: f"row {i}" for i, r in enumerate(records)})


def _project(id: str, **fields) -> Project:
    return Project(id=id, title=f"Project {id}", sectors=["trade"], **fields)


def test_imports_at_the_same_time_each_count_their_own_records(store_factory):
    """Two imports into one store at once, each of 30 new records, 10 changed and 10 equal
    ones: each reports exactly that, not what the other wrote meanwhile."""
    store = store_factory()
    other = store_factory(create=False)
    for round in range(20):
        shared = [_project(f"s{round}-{i}") for i in range(30)]
        store.add(shared)

        first, second = (
            _reading(
                [
                    *(_project(f"{name}{round}-{i}") for i in range(30)),
                    *(shared[i].model_copy(update={"notes": name}) for i in changed),
                    *shared[20:],
                ]
            )
            for name, changed in (("a", range(10)), ("b", range(10, 20)))
        )
        results = run_together(
            partial(import_records, store, first), partial(import_records, other, second)
        )
        for result in results:
            assert not isinstance(result, Exception), result
            assert (result.added, result.updated, result.unchanged) == (30, 10, 10)
    assert store.count() == 20 * 90


@pytest.mark.parametrize("again", [False, True])
def test_an_import_alone_keeps_its_counts(store_factory, again):
    store = store_factory()
    records = [_project(f"p{i}") for i in range(5)]
    if again:
        store.add(records[:3])
        records[0] = records[0].model_copy(update={"notes": "changed"})
    result = import_records(store, _reading(records))
    counts = (result.added, result.updated, result.unchanged)
    assert counts == ((2, 1, 2) if again else (5, 0, 0))


# --- batches built from what was read ---


def test_add_with_expected_versions_writes_nothing_over_a_newer_version(store_factory):
    store = store_factory()
    first, second, third = store_records()[:3]
    store.add([first, second])
    store.update(second.model_copy(update={"notes": "theirs"}), expected_version=1)
    batch = [first.model_copy(update={"notes": "mine"}), second.model_copy(update={"notes": "x"})]
    with pytest.raises(ConflictError, match="version 1, the store has version 2"):
        store.add(batch, replace=True, expected_versions={first.id: 1, second.id: 1})
    with pytest.raises(ConflictError, match="version 0, the store has version 1"):
        store.add([first, third], replace=True, expected_versions={first.id: 0, third.id: 0})
    assert store.get(first.id) == first  # nothing written
    assert store.get(third.id) is None
    result = store.add(batch, replace=True, expected_versions={first.id: 1, second.id: 2})
    assert result.updated == (first.id, second.id)


def test_accepting_proposals_while_someone_edits_one_loses_neither(store_factory):
    """The Ingest page's Accept all (services.accept_proposals) and an edit of one of the
    drafts at once: the edit is kept in what is accepted, or the accepts are refused."""
    store = store_factory()
    other = store_factory(create=False)
    for round in range(ROUNDS // 2):
        drafts = [
            Project(id=f"pj-{round}-{i}", title=f"Draft {i}", sectors=["trade"], draft=True)
            for i in range(3)
        ]
        store.add(drafts)
        edited, accepted = run_together(
            partial(_edit, other, drafts[1].id, "edited"), partial(accept_proposals, store, drafts)
        )
        stored = store.get(drafts[1].id)
        if not isinstance(edited, Exception):
            assert _tags(stored) == ["edited"]  # never overwritten by the accept
        if isinstance(accepted, Exception):
            assert isinstance(accepted, ConflictError), accepted
            assert all(store.get(d.id).draft for d in drafts[::2])  # all or nothing
        else:
            assert accepted.accepted == [d.id for d in drafts]
            assert not any(store.get(d.id).draft for d in drafts)
        assert not (isinstance(edited, Exception) and isinstance(accepted, Exception))


def test_ingesting_again_while_someone_accepts_keeps_the_accepted_record(store_factory):
    """A report ingested again (services.ingest_records) while a reviewer accepts one of its
    drafts: the accepted record is never turned back into a draft."""
    store = store_factory()
    other = store_factory(create=False)
    for round in range(ROUNDS // 2):
        draft = Project(id=f"pj-{round}", title="Draft", sectors=["trade"], draft=True)
        store.add(draft)
        again = draft.model_copy(update={"notes": "read again"})
        ingested, accepted = run_together(
            partial(ingest_records, store, [again]), partial(accept_proposal, other, draft)
        )
        stored = store.get(draft.id)
        if not isinstance(accepted, Exception):
            assert not stored.draft  # accepted and still so
        if isinstance(ingested, Exception):
            assert isinstance(ingested, ConflictError), ingested
        else:
            assert ingested.updated == [draft.id] or ingested.reviewed == [draft.id]
        assert not (isinstance(ingested, Exception) and isinstance(accepted, Exception))
