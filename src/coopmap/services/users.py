"""The users file: who may sign in to the app, how they are known, and their role.

A small TOML file (:func:`coopmap.paths.users_file`), one table per user::

    [users.alice]
    role = "editor"
    email = "alice@example.org"   # how an OpenID Connect provider names her (or ``sub``)
    password = "scrypt$..."       # a local account: the password's scrypt hash, never the password

A user signs in through the identity provider (matched by ``email`` or ``sub``) or, without
one, with a local account's password. The file is written whole and atomically, readable by its
owner only. No file (or no users in it) means a single-user install: the app serves the local
user as admin, without a sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli_w

from coopmap.errors import UsersFileError, ValidationError
from coopmap.paths import users_file
from coopmap.services.access import Action, Actor, Role, require

log = logging.getLogger(__name__)

# scrypt's cost: 16 MiB of memory and about 50 ms per hash, as OWASP suggests for scrypt.
_N, _R, _P = 2**14, 8, 1
_SCHEME = "scrypt"


def hash_password(password: str, /) -> str:
    """The text kept for a password: ``scrypt$N$r$p$SALT$HASH`` (salt and hash in base64)."""
    if not password:
        raise ValidationError("a password cannot be empty", field="password")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _N, _R, _P)
    return "$".join([_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, kept: str | None, /) -> bool:
    """Whether ``password`` is the one ``kept`` (a :func:`hash_password` text) was made from.

    Without a kept hash the work is done all the same, so that the answer takes as long for a
    user who has none (or does not exist) as for a wrong password.
    """
    try:
        scheme, n, r, p, salt, digest = (kept or "").split("$")
        if scheme != _SCHEME:
            raise ValueError(scheme)
        expected = base64.b64decode(digest)
        found = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        _scrypt(password, b"\0" * 16, _N, _R, _P)
        return False
    return hmac.compare_digest(found, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n + 2**20
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class User:
    """One entry of the users file. ``password`` is the hash, ``None`` for a user who signs
    in through the identity provider only."""

    name: str
    role: Role
    email: str | None = None
    sub: str | None = None
    password: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role)

    @property
    def ways_in(self) -> list[str]:
        """How they sign in, as people read it: "a password", "e-mail …", "sub …"."""
        return [
            *(["a password"] if self.password else []),
            *([f"e-mail {self.email}"] if self.email else []),
            *([f"sub {self.sub}"] if self.sub else []),
        ]

    def __repr__(self) -> str:  # never the hash in a log or a traceback
        return f"User({self.name!r}, role={self.role.value!r}, email={self.email!r})"


def _path(path: Path | None) -> Path:
    return users_file() if path is None else Path(path)


def role_of(value: Any, /, *, user: str) -> Role:
    """A role from its name; any other value is a :class:`~coopmap.errors.ValidationError`."""
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        names = ", ".join(role.value for role in Role)
        raise ValidationError(
            f"{value!r} is not a role; use one of {names}", record=user, field="role"
        ) from None


def load_users(path: Path | None = None, /) -> dict[str, User]:
    """The users of the file, by name; an empty dict when there is no file."""
    path = _path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise UsersFileError(f"cannot read the users file {path}: {err}") from err
    table = data.get("users", {})
    if not isinstance(table, dict):
        raise UsersFileError(f"{path}: 'users' must be a table of users")
    users: dict[str, User] = {}
    for name, entry in table.items():
        if not isinstance(entry, dict):
            raise UsersFileError(f"{path}: user {name!r} must be a table")
        try:
            users[name] = User(
                name,
                role_of(entry.get("role", "viewer"), user=name),
                email=_text(entry, "email", name),
                sub=_text(entry, "sub", name),
                password=_text(entry, "password", name),
            )
        except ValidationError as err:
            raise UsersFileError(f"{path}: {err}") from err
    return users


def _text(entry: dict[str, Any], key: str, name: str) -> str | None:
    value = entry.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise ValidationError("must be text", record=name, field=key)


def list_users(*, by: Actor | None = None, path: Path | None = None) -> list[User]:
    """The users, by name (an admin's view: who may sign in, and how)."""
    require(by, Action.USERS)
    return sorted(load_users(path).values(), key=lambda user: user.name.casefold())


def save_users(users: dict[str, User], path: Path | None = None, /) -> Path:
    """Write the users file whole, atomically, readable and writable by its owner only."""
    path = _path(path)
    table = {
        user.name: {
            key: value
            for key, value in (
                ("role", user.role.value),
                ("email", user.email),
                ("sub", user.sub),
                ("password", user.password),
            )
            if value is not None
        }
        for user in users.values()
    }
    text = (
        "# coopmap's users: who may sign in to the app, and their role (viewer, editor, admin).\n"
        "# Change it with `coopmap users`; passwords are kept as scrypt hashes only.\n\n"
        + tomli_w.dumps({"users": table})
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".users-", suffix=".toml", dir=path.parent)
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _check_name(name: str, /) -> str:
    name = name.strip()
    if not name or any(ord(ch) < 32 or ch == "\x7f" for ch in name):
        raise ValidationError("a user's name must be non-empty printable text", field="name")
    return name


def add_user(
    name: str,
    /,
    *,
    role: Role | str,
    password: str | None = None,
    email: str | None = None,
    sub: str | None = None,
    by: Actor | None = None,
    path: Path | None = None,
) -> User:
    """Add a user (an admin's work): with ``password`` a local account, with ``email`` or
    ``sub`` someone the identity provider signs in. A name that is taken is refused."""
    require(by, Action.USERS)
    name = _check_name(name)
    users = load_users(path)
    if name in users:
        raise ValidationError("is already a user; change their role instead", record=name)
    user = User(
        name,
        role_of(role, user=name),
        email=(email or "").strip() or None,
        sub=(sub or "").strip() or None,
        password=None if password is None else hash_password(password),
    )
    users[name] = user
    save_users(users, path)
    log.info("added user %s as %s", name, user.role.value)
    return user


def _change(name: str, path: Path | None, by: Actor | None, **changes: Any) -> User:
    require(by, Action.USERS)
    users = load_users(path)
    if name not in users:
        raise ValidationError("is not a user", record=name)
    users[name] = replace(users[name], **changes)
    save_users(users, path)
    return users[name]


def _not_oneself(name: str, by: Actor | None, what: str) -> None:
    """An admin in the app cannot lock themselves out: another admin (or the CLI) may."""
    if by is not None and by.name == name:
        raise ValidationError(f"you cannot {what}; another admin can", record=name)


def set_role(
    name: str, role: Role | str, /, *, by: Actor | None = None, path: Path | None = None
) -> User:
    """Give a user another role (not the acting admin themselves)."""
    _not_oneself(name, by, "change your own role")
    user = _change(name, path, by, role=role_of(role, user=name))
    log.info("user %s is now %s", name, user.role.value)
    return user


def set_password(
    name: str, password: str, /, *, by: Actor | None = None, path: Path | None = None
) -> User:
    """Give a user a (new) password for a local sign-in."""
    user = _change(name, path, by, password=hash_password(password))
    log.info("set the password of user %s", name)
    return user


def remove_user(name: str, /, *, by: Actor | None = None, path: Path | None = None) -> User:
    """Remove a user (not the acting admin themselves); they can no longer sign in."""
    require(by, Action.USERS)
    _not_oneself(name, by, "remove yourself")
    users = load_users(path)
    if name not in users:
        raise ValidationError("is not a user", record=name)
    user = users.pop(name)
    save_users(users, path)
    log.info("removed user %s", name)
    return user


def identify(
    users: dict[str, User], /, *, email: str | None = None, sub: str | None = None
) -> User | None:
    """The user an identity provider's sign-in is: by ``sub``, then ``email`` (either may be
    the user's name); ``None`` for someone the file does not know."""
    if sub:
        for user in users.values():
            if user.sub == sub:
                return user
    if email:
        wanted = email.strip().casefold()
        for user in users.values():
            if wanted in {(user.email or "").casefold(), user.name.casefold()}:
                return user
    return None


def sign_in(users: dict[str, User], name: str, password: str, /) -> User | None:
    """The local account ``name`` when ``password`` is its password, else ``None``."""
    user = users.get(name.strip())
    if verify_password(password, user.password if user else None) and user is not None:
        return user
    return None
