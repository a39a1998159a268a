"""Who may do what: the roles, the acting user, and the check every write makes.

Three roles, each allowing what the one before it does and more:

- **viewer**: reads and exports;
- **editor**: also adds, edits, deletes, ingests reports, accepts proposals and imports files,
  and brings back a record they deleted themselves;
- **admin**: also restores anyone's deletions and manages users.

Every writing service takes the acting user as ``by`` (an :class:`Actor`) and refuses, with a
:class:`~coopmap.errors.PermissionDeniedError`, what their role does not allow, whatever the
interface showed them. ``by=None`` is the store's own user acting on their own store (the CLI,
the library, the single-user app), who may do everything. The writes are recorded in the
store's history under the actor's name (:meth:`coopmap.store.Store.acting`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from coopmap.errors import PermissionDeniedError
from coopmap.store import Store


class Role(StrEnum):
    """What a user may do, from least to most."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class Action(StrEnum):
    """A kind of change, as a refusal names it."""

    ADD = "add records"
    EDIT = "edit records"
    DELETE = "delete records"
    IMPORT = "import files"
    INGEST = "ingest reports"
    ACCEPT = "accept proposals"
    RESTORE_OWN = "restore a record they deleted"
    RESTORE = "restore records others deleted"
    USERS = "manage users"


NEEDS: dict[Action, Role] = {
    Action.ADD: Role.EDITOR,
    Action.EDIT: Role.EDITOR,
    Action.DELETE: Role.EDITOR,
    Action.IMPORT: Role.EDITOR,
    Action.INGEST: Role.EDITOR,
    Action.ACCEPT: Role.EDITOR,
    Action.RESTORE_OWN: Role.EDITOR,
    Action.RESTORE: Role.ADMIN,
    Action.USERS: Role.ADMIN,
}
"""The least role that may do each action."""


@dataclass(frozen=True)
class Actor:
    """Who is acting: the name the store's history records, and their role."""

    name: str
    role: Role

    def can(self, action: Action, /) -> bool:
        return self.role.rank >= NEEDS[action].rank


def require(by: Actor | None, action: Action, /) -> None:
    """Refuse ``action`` unless ``by`` may do it (``None``, the store's own user, may)."""
    if by is None or by.can(action):
        return
    needed = NEEDS[action]
    raise PermissionDeniedError(
        by.name, by.role.value, action.value, f"that needs the {needed.value} role"
    )


@contextmanager
def acting(store: Store, by: Actor | None, action: Action, /) -> Iterator[Store]:
    """Check that ``by`` may do ``action``, then record the block's writes under their name."""
    require(by, action)
    if by is None:
        yield store
        return
    with store.acting(by.name):
        yield store
