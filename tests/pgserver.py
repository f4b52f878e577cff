"""A throwaway PostgreSQL server for the tests, started from the server programs (initdb, pg_ctl).

PostgreSQL refuses to run as root, so as root the programs run as the `postgres` user (runuser).
The server listens on a Unix socket inside its temporary directory and on 127.0.0.1 at a free port (`port`),
so tests can reach it by either kind of address; it is removed afterwards.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    return candidates[-1] if candidates else None


class PgServer:
    def __init__(self) -> None:
        self.initdb = find_program("initdb")
        self.pg_ctl = find_program("pg_ctl")
        self.dir: Path | None = None
        self.port: int | None = None
        self.user = "gridsafe"
        self._as_user: list[str] = []
        self._n = 0

    @property
    def available(self) -> bool:
        return bool(self.initdb and self.pg_ctl)

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_user, *args], check=True, capture_output=True, text=True)

    def start(self, *, durable: bool = False) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gridsafe-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        data = self.dir / "data"
        self._run(self.initdb, "-D", str(data), "-U", "gridsafe", "-A", "trust", "-E", "UTF8", "--no-locale")
        with socket.socket() as s:   # a free port: several test runs share this machine
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.start_server(durable=durable)
        # a socket address names no port (…?host=DIR), so clients look for the default port's socket name
        if self.port != 5432:
            (self.dir / ".s.PGSQL.5432").symlink_to(f".s.PGSQL.{self.port}")

    def start_server(self, *, durable: bool = False) -> None:
        """Start the server on the data directory made by start(); `durable`: with fsync and synchronous commits
        (a server that is killed and must keep every commit it acknowledged: benchmarks/workstations_bench.py)."""
        options = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run(self.pg_ctl, "-D", str(self.dir / "data"), "-o", options, "-l", str(self.dir / "server.log"),
                  "-w", "start")

    def stop_server(self) -> None:
        """Kill the server as a crash would (pg_ctl stop -m immediate); the data directory stays for start_server."""
        self._run(self.pg_ctl, "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://gridsafe@/{database}?host={self.dir}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its SQLAlchemy URL."""
        import psycopg

        self._n += 1
        name = f"gs_test_{self._n}"
        with psycopg.connect(host=str(self.dir), user="gridsafe", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.dir is None:
            return
        try:
            self.stop_server()
        except subprocess.CalledProcessError:   # stopped already
            pass
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
