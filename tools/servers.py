"""Real servers for the tests and benchmarks of `digits serve`: the command itself in a
subprocess, and a PostgreSQL of its own (Debian's `postgresql` package: initdb and pg_ctl
on a temporary folder, listening on loopback), never a mock of either."""

import contextlib
import glob
import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from softmax_from_scratch.strokes import smooth_path
from softmax_from_scratch.trajectories import place_trajectory

DIGITS = str(Path(sys.executable).with_name("digits"))
TOKEN = "test-admin-token"


def timed(strokes, every_ms: int = 16) -> list:
    """Strokes of (x, y) points as the drawing page sends them: [x, y, t_ms] each, a point
    every `every_ms` milliseconds from the first, on across the pen-ups."""
    clock = itertools.count(0, every_ms)
    return [[[float(x), float(y), next(clock)] for x, y in stroke] for stroke in strokes]


def pen_drawing(points: np.ndarray, smooth: bool = True) -> list:
    """A pendigits trajectory (8, 2) as the drawing page sends a drawing: placed in the
    guide box, as recorded (8 points) or smoothed as a pen draws it (57), one stroke in the
    560-pixel canvas, to a tenth of a pixel, a point every 12 ms."""
    path = smooth_path(place_trajectory(points)) if smooth else place_trajectory(points)
    return timed([[(round(float(x), 1), round(float(y), 1)) for x, y in path]], every_ms=12)


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body: object = None,
            headers: dict | None = None, raw: bytes | None = None,
            connection: http.client.HTTPConnection | None = None) -> tuple[int, object]:
    """One request to the server on loopback -> (status, the answer's JSON, or its text)."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    try:
        connection.request(method, path, body=data, headers={
            **({"Content-Type": "application/json"} if data is not None else {}),
            **(headers or {})})
        answer = connection.getresponse()
        text = answer.read().decode()
    finally:
        if own:
            connection.close()
    try:
        return answer.status, json.loads(text)
    except json.JSONDecodeError:
        return answer.status, text


class Server:
    """`digits serve` in a subprocess, on a free port, until stopped (or killed)."""

    def __init__(self, db: str, *options: str, workers: int = 1) -> None:
        self.db, self.options, self.workers = db, options, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [DIGITS, "serve", "--port", str(self.port), "--db", self.db, "--admin-token",
             TOKEN, "--workers", str(self.workers), *self.options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)  # kill -9 reaches its worker processes too
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"digits serve stopped: {self.process.stderr.read()}")
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/api/stats")[0] == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError("digits serve did not answer within a minute")

    def get(self, path: str, **options) -> tuple[int, object]:
        return request(self.port, "GET", path, **options)

    def post(self, path: str, body: object = None, **options) -> tuple[int, object]:
        return request(self.port, "POST", path, body, **options)

    def kill(self) -> None:
        """kill -9, every process of the server at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.process:
            self.process.stdout.close()
            self.process.stderr.close()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs: on the PATH, or Debian's."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


@contextlib.contextmanager
def postgres_cluster() -> Iterator[str]:
    """A PostgreSQL server of its own, on a free loopback port, for as long as the block
    runs; yields its URL without a database (add /name). As root (a CI container), the
    server runs as the postgres user, as PostgreSQL insists."""
    binaries = postgres_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="digits-pg-"))
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = folder / "data"
    subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "digits", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-w", "-l",
                    str(folder / "log"), "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://digits@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(cluster: str) -> str:
    """A new, empty database in the cluster: its URL."""
    import psycopg

    name = f"class_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{cluster}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{cluster}/{name}"
