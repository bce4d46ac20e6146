"""A throwaway PostgreSQL cluster for tests and benchmarks: found, started and stopped here.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system user
(in a folder of its own); otherwise it runs as the current user. It listens on 127.0.0.1 and a
socket in its folder, with fsync off: a test database need not survive a power cut.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

_CANDIDATE_BINDIRS = (
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
)


class NoPostgres(RuntimeError):
    """No PostgreSQL server programs on this machine, or the cluster would not start."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A running cluster: where it lives and how to reach it."""

    folder: Path
    bindir: Path
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Stop the server (fast: no one waits for its data) and remove its folder."""
        _run_as(
            self.user,
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: pg_config's answer, else Debian's usual folders."""
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        found = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    for candidate in _CANDIDATE_BINDIRS:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def start_cluster() -> Cluster:
    """initdb a new cluster in a temporary folder and start it; raise NoPostgres if impossible."""
    bindir = find_bindir()
    if bindir is None:
        raise NoPostgres("no PostgreSQL server programs (initdb) found; install postgresql-15")
    user = "postgres" if os.geteuid() == 0 else _current_user()
    folder = Path(tempfile.mkdtemp(prefix="ngobot-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user)
    data, port = folder / "data", _free_port()
    try:
        _run_as(
            user,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                user,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
        )
        options = (
            f"-k {folder} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _run_as(
            user,
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        log_file = folder / "server.log"
        tail = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise NoPostgres(f"could not start PostgreSQL: {exc}\n{tail}") from exc
    cluster = Cluster(folder, bindir, port, user)
    _wait_for_port(port)
    return cluster


def _run_as(user: str, argv: list[str], *, check: bool = True) -> None:
    if os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--", *argv]
    subprocess.run(argv, check=check, capture_output=True, text=True, cwd="/")


def _current_user() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise NoPostgres(f"PostgreSQL did not listen on port {port} within {timeout} s")
