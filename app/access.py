"""Who this session is, and the sign-in that tells: the app's side of
:mod:`coopmap.services.access`.

Four ways to run the app, chosen by how it is set up, not by the page:

- ``coopmap app --read-only`` (``COOPMAP_READ_ONLY``): everyone is a viewer, no sign-in;
- no users in the users file (:func:`coopmap.paths.users_file`): the single-user laptop run,
  the store's own user as admin, no sign-in (as it always was);
- users and an ``[auth]`` section in ``.streamlit/secrets.toml``: sign-in through the identity
  provider with ``st.login``, the identity (``sub`` or e-mail) looked up in the users file;
- users without ``[auth]``: local accounts, signed in with a name and password.

:func:`actor` is read afresh on every call (callbacks run before the page does), so a role
changed in the users file holds from the next click on. The pages pass it to every writing
service as ``by``, which refuses what the role does not allow; :func:`can` only decides which
buttons are live.
"""

from __future__ import annotations

import logging
import os

import streamlit as st

import state
from coopmap.display.markdown import md
from coopmap.errors import UsersFileError
from coopmap.services.access import Action, Actor, Role
from coopmap.services.users import User, identify, load_users, sign_in

log = logging.getLogger(__name__)

SIGNED_IN = "access_signed_in"
"""The session key of the local account signed in (its name; never the password)."""

READ_ONLY_NOTE = "You may read and download; changes need the editor role."
"""What a viewer is told beside the buttons they cannot use."""

VISITOR = "visitor"
"""The name of everyone in a read-only app."""


def read_only() -> bool:
    return os.environ.get("COOPMAP_READ_ONLY", "").strip().lower() in {"1", "true", "yes"}


def _provider() -> bool:
    """Whether an identity provider is set up for ``st.login`` (``[auth]`` in the secrets)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _users() -> dict[str, User]:
    return load_users()


def _signed_in(users: dict[str, User]) -> User | None:
    """The user this session signed in as, as the users file has them now."""
    if _provider():
        if not st.user.is_logged_in:
            return None
        return identify(users, email=st.user.get("email"), sub=st.user.get("sub"))
    name = st.session_state.get(SIGNED_IN)
    return users.get(name) if name else None


def actor() -> Actor:
    """Who is acting in this session now: what every write is checked against and recorded
    under. Someone not (or no longer) signed in is a viewer."""
    if read_only():
        return Actor(VISITOR, Role.VIEWER)
    users = _users()
    if not users:
        return Actor(state.store().user, Role.ADMIN)
    user = _signed_in(users)
    return user.actor if user is not None else Actor("anonymous", Role.VIEWER)


def can(action: Action, /) -> bool:
    """Whether this session may do ``action`` (for which buttons are live; the services check
    again)."""
    return actor().can(action)


def gate() -> None:
    """Sign the session in when the app needs it, or stop the run at the sign-in (before the
    pages are listed); then say in the sidebar who is signed in."""
    if read_only():
        st.sidebar.caption("Read-only atlas: browse and download, no changes.")
        return
    try:
        users = _users()
    except UsersFileError as err:
        log.error("%s", err)
        st.error(md(f"Nobody can sign in: {err}"), icon=":material/error:")
        st.stop()
    if not users:
        return
    user = _signed_in(users)
    if user is None:
        _sign_in_page(users)
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as **{md(user.name)}** ({user.role.value})")
        st.button("Sign out", key="access_sign_out", on_click=_sign_out, icon=":material/logout:")


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)
    if _provider() and st.user.is_logged_in:
        st.logout()


def _sign_in_page(users: dict[str, User]) -> None:
    st.title("coopmap")
    if _provider():
        if st.user.is_logged_in:  # signed in with the provider, but not a user here
            who = st.user.get("email") or st.user.get("sub") or "this identity"
            st.warning(
                md(f"{who} is not one of this atlas's users: ask an admin to add you."),
                icon=":material/lock:",
            )
            st.button("Sign out", key="access_sign_out", on_click=_sign_out)
            return
        st.write("Sign in to open the atlas.")
        st.button("Sign in", key="access_login", type="primary", on_click=st.login)
        return
    with st.form("access_sign_in", clear_on_submit=True):
        st.write("Sign in to open the atlas.")
        name = st.text_input("Name", key="access_name")
        password = st.text_input("Password", type="password", key="access_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        user = sign_in(users, name, password)
        if user is None:
            log.info("a sign-in failed (wrong name or password)")
            st.error("Wrong name or password.", icon=":material/error:")
            return
        st.session_state[SIGNED_IN] = user.name
        st.rerun()
