"""A throwaway PostgreSQL cluster with PostGIS for the tests.

:func:`start_cluster` runs Debian's ``initdb`` into a temporary folder and starts ``postgres``
on a free loopback port (its unix socket stays in that folder too), with durability turned off
for speed. It makes a template database with the PostGIS extension, from which
:meth:`Cluster.new_database` copies a fresh database in a tenth of a second, and a database
copied from it in which :meth:`Cluster.new_schema` makes a fresh schema in a hundredth.
:meth:`Cluster.stop` stops the server and removes the folder.

``initdb`` and ``postgres`` refuse to run as root: as root they run as the ``postgres`` system
user (which Debian's package creates) through ``runuser``.

Set ``COOPMAP_TEST_POSTGIS_URL`` to a superuser URL of a server you run yourself to use it
instead (the tests create and drop databases in it). :func:`unavailable` says why the tests
cannot run, for the fixtures to skip with (or, under CI, to fail with).
"""

from __future__ import annotations

import atexit
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

#: An external server to use instead of starting one (a superuser URL).
URL_VARIABLE = "COOPMAP_TEST_POSTGIS_URL"
#: The database every test database is copied from: empty but for the PostGIS extension.
TEMPLATE = "coopmap_template"
#: The database the per-test schemas of :meth:`Cluster.new_schema` are made in.
SHARED = "coopmap_tests"
#: The non-root user the server runs as when the tests run as root.
SERVER_USER = "postgres"
#: Seconds to wait for initdb, the server's start or stop, and for a connection.
TIMEOUT = 60

_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "32MB",
}


def bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` with ``initdb`` (or ``$PATH``'s), or ``None``."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def _sharedir(binaries: Path) -> Path | None:
    pg_config = binaries / "pg_config"
    if not pg_config.exists():
        return None
    done = subprocess.run(
        [pg_config, "--sharedir"], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def unavailable() -> str | None:
    """Why the PostGIS tests cannot run here, or ``None`` when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[postgis]'"
    if os.environ.get(URL_VARIABLE):
        return None
    binaries = bindir()
    if binaries is None:
        return "PostgreSQL is not installed: apt-get install postgresql postgresql-15-postgis-3"
    share = _sharedir(binaries)
    if share is None or not (share / "extension" / "postgis.control").exists():
        return (
            f"PostGIS is not installed for the PostgreSQL in {binaries}: "
            "apt-get install postgresql-15-postgis-3"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(name)))


@dataclass
class Cluster:
    """A running PostgreSQL server the tests own (or an external one they borrow)."""

    admin_url: str
    """A superuser URL of the ``postgres`` database."""
    root: Path | None = None
    """The folder with the data directory, socket and log; ``None`` for an external server."""
    binaries: Path | None = None
    prefix: list[str] = field(default_factory=list)
    _names: itertools.count = field(default_factory=itertools.count)

    def url(self, database: str) -> str:
        """The superuser URL of ``database``."""
        return _with_database(self.admin_url, database)

    def sql(self, statement: str, /, *, database: str = "postgres") -> None:
        """Run one statement, outside a transaction (``CREATE DATABASE`` needs that)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=TIMEOUT) as conn:
            conn.execute(statement)

    def new_database(self, *, postgis: bool = True) -> str:
        """Make a new empty database (with the PostGIS extension unless told not) and its URL."""
        name = f"coopmap_test_{os.getpid()}_{next(self._names)}"
        template = TEMPLATE if postgis else "template0"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
        return self.url(name)

    def new_schema(self) -> str:
        """Make a new schema in the shared :data:`SHARED` database and a URL that works in it.

        The URL puts the schema first on the search path (PostGIS stays in ``public``): faster
        than a database per test, and it proves a store lives happily outside ``public``.
        """
        name = f"coopmap_test_{os.getpid()}_{next(self._names)}"
        self.sql(f"CREATE SCHEMA {name}", database=SHARED)
        return f"{self.url(SHARED)}?options=" + quote(f"-csearch_path={name},public", safe="")

    def drop_schema(self, url: str) -> None:
        options = unquote(urlsplit(url).query.removeprefix("options="))
        name = options.removeprefix("-csearch_path=").split(",")[0]
        self.sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE', database=SHARED)

    def drop_database(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        assert self.binaries is not None
        assert self.root is not None
        command = [*self.prefix, str(self.binaries / str(args[0])), *map(str, args[1:])]
        return subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, timeout=TIMEOUT, check=False
        )

    def stop(self) -> None:
        """Stop the server and remove its folder (an external server is left as it is)."""
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", data, "-m", "immediate", "-w", "-t", str(TIMEOUT), "stop")
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def start_cluster() -> Cluster:
    """A running server with the :data:`TEMPLATE` database; stop it with :meth:`Cluster.stop`.

    Raises ``RuntimeError`` with the server's own words when it cannot be set up; call
    :func:`unavailable` first to tell a missing installation from a failure.
    """
    if external := os.environ.get(URL_VARIABLE):
        cluster = Cluster(admin_url=_with_database(external, "postgres"))
    else:
        cluster = _initdb()
    try:
        cluster.sql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        cluster.sql(f"CREATE DATABASE {TEMPLATE} TEMPLATE template0")
        cluster.sql("CREATE EXTENSION postgis", database=TEMPLATE)
        cluster.sql(f"DROP DATABASE IF EXISTS {SHARED}")
        cluster.sql(f"CREATE DATABASE {SHARED} TEMPLATE {TEMPLATE}")
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _initdb() -> Cluster:
    binaries = bindir()
    if binaries is None:
        raise RuntimeError("PostgreSQL's initdb is not installed")
    root = Path(tempfile.mkdtemp(prefix="coopmap-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam(SERVER_USER)
        os.chown(root, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", SERVER_USER, "--"]
    cluster = Cluster(admin_url="", root=root, binaries=binaries, prefix=prefix)
    atexit.register(cluster.stop)  # should the session end without its fixture's teardown
    data = root / "data"
    done = cluster._run(
        "initdb", "-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8",
        "--locale=C", "--no-sync",
    )  # fmt: skip
    if done.returncode != 0:
        cluster.stop()
        raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")
    for _attempt in range(3):  # another program may take the free port before the server does
        port = _free_port()
        options = " ".join(
            [f"-p {port}", f"-k {root}", *(f"-c {k}={v}" for k, v in _SETTINGS.items())]
        )
        log_file = root / "server.log"
        started = time.monotonic()
        done = cluster._run(
            "pg_ctl", "-D", data, "-l", log_file, "-o", options, "-w", "-t", str(TIMEOUT), "start"
        )
        if done.returncode == 0:
            cluster.admin_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
            _wait_for(cluster, started)
            return cluster
        log = log_file.read_text(errors="replace") if log_file.exists() else ""
        if "could not bind" not in log and "already in use" not in log:
            break
    cluster.stop()
    raise RuntimeError(f"PostgreSQL did not start:\n{done.stdout}\n{done.stderr}\n{log}")


def _wait_for(cluster: Cluster, started: float) -> None:
    import psycopg

    while True:
        try:
            cluster.sql("SELECT 1")
            return
        except psycopg.OperationalError:
            if time.monotonic() - started > TIMEOUT:
                cluster.stop()
                raise
            time.sleep(0.1)
