"""``coopmap users``: who may sign in to the app, and with which role.

The commands change the users file (``$COOPMAP_USERS``, else users.toml in the user data
folder; :mod:`coopmap.services.users`). Whoever may write that file manages the users, as an
admin would. A password is asked for at a hidden prompt (or read from standard input with
``--password-stdin``), never taken as an argument, which would leave it in the shell's history.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coopmap.paths import users_file
from coopmap.services.access import Role

ROLES = click.Choice([role.value for role in Role], case_sensitive=False)


def _file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return value if value is not None else users_file()


file_option = click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_file,
    help="The users file. Default: $COOPMAP_USERS, else users.toml in the user data folder.",
)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group()
def users() -> None:
    """Manage who may sign in to the app: viewers read and export, editors also change
    records, admins also restore deletions and manage users.

    With no users the app serves only this machine's user, as admin, without a sign-in.
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=ROLES, default="viewer", show_default=True, help="What they may do.")
@click.option("--email", help="The e-mail address the identity provider (st.login) gives them.")
@click.option("--sub", help="The identity provider's subject id for them (instead of --email).")
@click.option(
    "--password/--no-password",
    "with_password",
    default=None,
    help="Give them a local account with a password (asked for). Default: only when neither "
    "--email nor --sub is given.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@file_option
def add(
    name: str,
    role: str,
    email: str | None,
    sub: str | None,
    with_password: bool | None,
    password_stdin: bool,
    path: Path,
) -> None:
    """Add the user NAME."""
    from coopmap.services.users import add_user

    if with_password is None:
        with_password = password_stdin or not (email or sub)
    password = _password(password_stdin) if with_password else None
    user = add_user(name, role=role, password=password, email=email, sub=sub, path=path)
    how = ", ".join(
        part
        for part in (
            "a password" if user.password else "",
            f"e-mail {user.email}" if user.email else "",
            f"sub {user.sub}" if user.sub else "",
        )
        if part
    )
    click.echo(f"Added {user.name} as {user.role.value} (signs in with {how}) to {path}.")


@users.command("list")
@file_option
def list_users(path: Path) -> None:
    """List the users, their roles and how they sign in (never their passwords)."""
    from coopmap.services.users import load_users

    found = load_users(path)
    if not found:
        click.echo(f"No users in {path}: the app serves this machine's user, as admin.")
        return
    for user in found.values():
        how = [
            *(["password"] if user.password else []),
            *([f"email={user.email}"] if user.email else []),
            *([f"sub={user.sub}"] if user.sub else []),
        ]
        click.echo(f"{user.name}\t{user.role.value}\t{' '.join(how)}")


@users.command("role")
@click.argument("name")
@click.argument("role", type=ROLES)
@file_option
def role(name: str, role: str, path: Path) -> None:
    """Give the user NAME the role ROLE (viewer, editor or admin)."""
    from coopmap.services.users import set_role

    user = set_role(name, role, path=path)
    click.echo(f"{user.name} is now {user.role.value}.")


@users.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@file_option
def password(name: str, password_stdin: bool, path: Path) -> None:
    """Set the password of the user NAME (asked for)."""
    from coopmap.services.users import set_password

    user = set_password(name, _password(password_stdin), path=path)
    click.echo(f"Set the password of {user.name}.")


@users.command("remove")
@click.argument("name")
@file_option
def remove(name: str, path: Path) -> None:
    """Remove the user NAME: they can no longer sign in."""
    from coopmap.services.users import remove_user

    user = remove_user(name, path=path)
    click.echo(f"Removed {user.name}.")
