"""What every command is given: the store it works on and the user its changes are made by."""

from __future__ import annotations

from typing import Any

import click


class Context:
    """The store and the user that ``coopmap``'s shared options name, for the commands."""

    def __init__(self, store: str, user: str | None = None):
        self.store_url = store
        self.user = user

    def open(self, **options: Any) -> Any:
        """The store, opened; a store that does not exist yet is a message saying how to make
        one."""
        from coopmap.errors import MissingStoreError
        from coopmap.store import open_store
        from coopmap.store.base import redact

        try:
            return open_store(self.store_url, user=self.user, **options)
        except MissingStoreError as err:
            raise click.ClickException(
                f"there is no store at {redact(self.store_url)} yet: create it with "
                "`coopmap init` (the seed atlas) or `coopmap import FILE`"
            ) from err


pass_context = click.make_pass_decorator(Context)
"""Decorates a command to be given the :class:`Context` as its first argument."""
