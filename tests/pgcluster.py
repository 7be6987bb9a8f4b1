"""A throw-away PostgreSQL server for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder.

The server listens only on a Unix socket inside that folder (no TCP port, so runs on
one machine never collide) and is stopped and deleted afterwards. ``initdb`` and
``postgres`` refuse to run as root, so when the tests run as root they run as the
``postgres`` user that Debian's package creates, with the folder owned by it.
The binaries come from Debian's ``postgresql`` package (``scripts/test`` installs it);
without them the tests fail with a message saying so: they are never skipped.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

MISSING = (
    "PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. "
    "Install Debian's package: apt-get update && apt-get install -y postgresql "
    "(bash scripts/test does this when it can)."
)


def bin_dir() -> Path:
    """The newest installed server's ``bin`` folder (or ``$LLAMA4_PG_BIN``)."""
    chosen = os.environ.get("LLAMA4_PG_BIN")
    if chosen:
        return Path(chosen)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError(MISSING)
    return Path(found[-1]).parent


class Cluster:
    def __init__(self, root: Path, bindir: Path, as_user: list[str]) -> None:
        self.root = root
        self.data = root / "data"
        self.socket_dir = root
        self.bindir = bindir
        self._as_user = as_user
        self._options = ""

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, text=True, timeout=120)

    def start(self, *, durable: bool = False) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        self._options = f"-k {self.socket_dir} -c listen_addresses='' -c max_connections=300"
        if not durable:  # test data is thrown away: skip the flushes that only protect against power loss
            self._options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.start_server()

    def start_server(self) -> None:
        """Start the server on the existing data (again, after ``stop``)."""
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            self._options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres", schema: str | None = None) -> str:
        url = f"postgresql://postgres@/{database}?host={quote(str(self.socket_dir))}"
        if schema:
            url += "&options=" + quote(f"-csearch_path={schema}")
        return url

    def new_schema(self) -> str:
        """A fresh, empty schema: its URL gives a test a database of its own, in milliseconds."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}".encode())
        return self.url(schema=name)


@contextlib.contextmanager
def running_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    bindir = bin_dir()
    root = Path(tempfile.mkdtemp(prefix="llama4-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root, but there is no 'postgres' user to run the server as") from None
        os.chown(root, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    cluster = Cluster(root, bindir, as_user)
    try:
        try:
            cluster.start(durable=durable)
        except subprocess.CalledProcessError as exc:
            log = root / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the test PostgreSQL server did not start: {exc.stderr}\n{detail}") from exc
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
