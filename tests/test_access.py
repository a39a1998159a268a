"""Who may do what (coopmap.services.access): every writing service checks the acting user's
role, writes nothing when it refuses, and records what it writes under the user's name."""

import pytest

from builders import store_records
from coopmap.errors import PermissionDeniedError
from coopmap.formats import Reading
from coopmap.services import (
    accept_proposal,
    accept_proposals,
    delete_record,
    import_records,
    ingest_records,
    restore_record,
    save_record,
)
from coopmap.services.access import Action, Actor, Role, require
from coopmap.store import open_store

VIEWER = Actor("vera", Role.VIEWER)
EDITOR = Actor("ed", Role.EDITOR)
OTHER_EDITOR = Actor("edith", Role.EDITOR)
ADMIN = Actor("ada", Role.ADMIN)


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "atlas.gpkg"), create=True, user="owner") as opened:
        opened.add(store_records()[:2])
        yield opened


def _writes(store, by, record):
    """Each kind of write ``by`` can ask for, on ``record`` (stored) and a new record."""
    new = store_records()[2]
    reading = Reading("upload.csv")
    reading.records.append(new)
    version = store.version(record.id)
    return {
        "add": lambda: save_record(store, new, by=by),
        "edit": lambda: save_record(store, record, expected_version=version, by=by),
        "delete": lambda: delete_record(store, record.id, by=by),
        "import": lambda: import_records(store, reading, by=by),
        "ingest": lambda: ingest_records(store, [new.model_copy(update={"draft": True})], by=by),
        "accept": lambda: accept_proposal(store, new, by=by),
        "accept all": lambda: accept_proposals(store, [new], by=by),
    }


@pytest.mark.parametrize(
    "write", ["add", "edit", "delete", "import", "ingest", "accept", "accept all"]
)
def test_a_viewer_is_refused_every_write_and_nothing_changes(store, write):
    record = store.records()[0]
    before = (store.revision(), store.count())
    with pytest.raises(PermissionDeniedError) as refused:
        _writes(store, VIEWER, record)[write]()
    assert "vera is a viewer and may not" in str(refused.value)
    assert "needs the editor role" in str(refused.value)
    assert isinstance(refused.value, PermissionError)
    assert (store.revision(), store.count()) == before


@pytest.mark.parametrize(
    "write", ["add", "edit", "delete", "import", "ingest", "accept", "accept all"]
)
def test_an_editors_write_is_recorded_under_their_name(store, write):
    record = store.records()[0]
    edited = record.model_copy(update={"title": record.title + " (phase 2)"})
    writes = _writes(store, EDITOR, edited)
    writes[write]()
    changed = edited.id if write in ("edit", "delete") else store_records()[2].id
    assert store.history(changed)[-1].user == "ed"
    assert store.user == "owner"  # only the call's writes were the editor's


def test_an_editor_restores_their_own_deletion_but_not_anothers(store):
    first, second = (record.id for record in store.records())
    delete_record(store, first, by=EDITOR)
    delete_record(store, second, by=OTHER_EDITOR)
    restored, _ = restore_record(store, first, by=EDITOR)  # an undo
    assert restored.id == first
    assert store.history(first)[-1].user == "ed"
    with pytest.raises(PermissionDeniedError, match=r"ed is an editor .* needs the admin role"):
        restore_record(store, second, by=EDITOR)
    assert store.get(second) is None
    restore_record(store, second, by=ADMIN)
    assert store.history(second)[-1].user == "ada"


def test_a_viewer_cannot_undo_anything(store):
    first = store.records()[0].id
    delete_record(store, first)  # the store's own user: may do everything
    with pytest.raises(PermissionDeniedError, match="needs the admin role"):
        restore_record(store, first, by=VIEWER)


def test_roles_allow_what_the_issue_says():
    assert [action for action in Action if VIEWER.can(action)] == []
    assert not EDITOR.can(Action.USERS)
    assert not EDITOR.can(Action.RESTORE)
    assert all(ADMIN.can(action) for action in Action)
    require(None, Action.USERS)  # the store's own user, on their own machine
    with pytest.raises(PermissionDeniedError, match="may not manage users"):
        require(EDITOR, Action.USERS)
