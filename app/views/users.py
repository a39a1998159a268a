"""Users page (admins only): who may sign in to this atlas, how, and with which role; add a
user (a local account's password, or the identity provider's e-mail or subject), change a
role, set a new password, remove a user.

The page is listed only for an admin (app/streamlit_app.py) and says so to anyone else who
reaches it; every action is one call of :mod:`coopmap.services.users` with
``by=access.actor()``, which refuses it unless the acting user is an admin at that moment.
An admin cannot change their own role or remove themselves here (another admin, or
``coopmap users``, can), so that the app never locks its last admin out. Passwords go from
the form to the service, which keeps only their hash; they are never shown or logged.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

import access
from coopmap.display.markdown import md
from coopmap.errors import CoopmapError, PermissionDeniedError
from coopmap.services.access import Action, Role
from coopmap.services.users import add_user, list_users, remove_user, set_password, set_role

DONE = "users_done"  # the outcome of the action just done: (level, text)
REMOVING = "users_removing"  # the user whose removal awaits confirmation
ROLES = [role.value for role in Role]
NEW = ["name", "password", "email", "sub"]  # the new user's fields (users_new_…)


def _act(call: Callable[[], object], done: str) -> bool:
    """Run one service call; keep its outcome (or the reason it was refused) for the page."""
    try:
        call()
    except PermissionDeniedError as err:  # no longer an admin: this page is gone, say why here
        st.error(md(str(err)), icon=":material/lock:")
        return False
    except CoopmapError as err:
        st.session_state[DONE] = ("error", str(getattr(err, "reason", None) or err))
        return False
    st.session_state[DONE] = ("success", done)
    return True


def add() -> None:
    ss = st.session_state
    name = str(ss.get("users_new_name") or "").strip()
    password = ss.get("users_new_password") or None
    email = str(ss.get("users_new_email") or "").strip() or None
    sub = str(ss.get("users_new_sub") or "").strip() or None
    if not name:
        ss[DONE] = ("error", "Give the new user a name.")
        return
    if not (password or email or sub):
        ss[DONE] = (
            "error",
            f"Give {name} a password, or the e-mail or subject id the identity provider "
            "signs them in with.",
        )
        return
    role = ss.get("users_new_role", Role.VIEWER.value)
    if _act(
        lambda: add_user(
            name, role=role, password=password, email=email, sub=sub, by=access.actor()
        ),
        f"Added {name} as {role}.",
    ):
        for field in NEW:
            ss[f"users_new_{field}"] = ""
        ss["users_new_role"] = Role.VIEWER.value


def change_role(name: str) -> None:
    role = st.session_state[f"users_role_{name}"]
    _act(lambda: set_role(name, role, by=access.actor()), f"{name} is now {role}.")


def reset_password(name: str) -> None:
    key = f"users_password_{name}"
    password = st.session_state.get(key) or ""
    if not password:
        st.session_state[DONE] = ("error", f"Type the new password for {name} first.")
        return
    st.session_state[key] = ""
    _act(
        lambda: set_password(name, password, by=access.actor()),
        f"Set a new password for {name}: tell them, they can sign in with it now.",
    )


def remove(name: str) -> None:
    st.session_state[REMOVING] = None
    _act(
        lambda: remove_user(name, by=access.actor()),
        f"Removed {name}: they can no longer sign in.",
    )


def ask_removal(name: str | None) -> None:
    st.session_state[REMOVING] = name
    st.session_state[DONE] = None


if done := st.session_state.pop(DONE, None):  # said once, after the action
    level, text = done
    (st.success if level == "success" else st.error)(
        md(text), icon=":material/check:" if level == "success" else ":material/error:"
    )
if not access.can(Action.USERS):
    st.error("Only an admin manages this atlas's users.", icon=":material/lock:")
    st.stop()

me = access.actor()
try:
    users = list_users(by=me)
except CoopmapError as err:
    st.error(md(str(err)), icon=":material/error:")
    st.stop()

st.caption(
    "Who may sign in, and what they may do: viewers read and download, editors also change "
    "records, admins also restore deletions and manage users."
)

if not users:
    st.info(
        "No users yet: the app serves this machine's user, as admin, without a sign-in. "
        "Once you add a user everyone signs in, so add yourself first, as an admin.",
        icon=":material/info:",
    )
else:
    st.dataframe(
        pd.DataFrame(
            [
                {"user": u.name, "role": u.role.value, "signs in with": ", ".join(u.ways_in)}
                for u in users
            ]
        ),
        hide_index=True,
        width="stretch",
    )

# Beside the new user's form, the one to change a user (once there are users to change).
left, right = st.columns(2, gap="large") if users else (st.container(width=560), None)
with left, st.container(border=True):
    st.markdown("**Add a user**")
    st.text_input("Name", key="users_new_name", max_chars=80)
    st.selectbox("Role", ROLES, key="users_new_role")
    st.text_input(
        "Password",
        type="password",
        key="users_new_password",
        help="For a local account (an atlas without an identity provider).",
    )
    st.text_input(
        "E-mail",
        key="users_new_email",
        help="The e-mail the identity provider (st.login) gives them.",
    )
    st.text_input(
        "Subject id",
        key="users_new_sub",
        help="The identity provider's id for them, instead of the e-mail.",
    )
    st.button("Add user", key="users_add", type="primary", on_click=add, icon=":material/add:")

if right is not None:
    with right, st.container(border=True):
        st.markdown("**Change a user**")
        names = [u.name for u in users]
        others = [n for n in names if n != me.name]
        # someone else first: the acting admin's own role and account are not theirs to change
        name = st.selectbox(
            "User", names, index=names.index(others[0]) if others else 0, key="users_pick"
        )
        user = next(u for u in users if u.name == name)
        myself = user.name == me.name
        if myself:
            st.caption("You: another admin can change your role or remove you.")
        role_row = st.container(horizontal=True, vertical_alignment="bottom")
        role_row.selectbox(
            "Role",
            ROLES,
            index=ROLES.index(user.role.value),
            key=f"users_role_{name}",
            disabled=myself,
        )
        role_row.button(
            "Change role",
            key="users_set_role",
            on_click=change_role,
            args=(name,),
            disabled=myself,
        )
        password_row = st.container(horizontal=True, vertical_alignment="bottom")
        password_row.text_input("New password", type="password", key=f"users_password_{name}")
        password_row.button(
            "Set password", key="users_set_password", on_click=reset_password, args=(name,)
        )
        if st.session_state.get(REMOVING) == name:
            st.warning(md(f"Remove {name}? They can no longer sign in."), icon=":material/warning:")
            yes, no = st.columns(2)
            yes.button(
                "Remove",
                key="users_remove_yes",
                type="primary",
                on_click=remove,
                args=(name,),
            )
            no.button("Keep", key="users_remove_no", on_click=ask_removal, args=(None,))
        else:
            st.button(
                "Remove…",
                key="users_remove",
                on_click=ask_removal,
                args=(name,),
                icon=":material/person_remove:",
                disabled=myself,
            )
