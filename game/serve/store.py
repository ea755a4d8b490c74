"""Where `digits serve` keeps the class's drawings: SQLite (the default) or PostgreSQL.

One schema for both, versioned in the table `schema_version` (a store of another version
is refused, never changed):

    drawings  id, digit 0-9, player, canvas (the side of the square the points are in),
              strokes (JSON: [[[x, y, t_ms], ...], ...], pen-ups between strokes), created
    models    id, created, the served model's .npz bytes, a note: the newest is served,
              so a retrain reaches every server process that shares the store

Every write is committed before the call returns, and only then does the server answer:
a drawing the server acknowledged survives the server being killed (`kill -9`).
SQLite runs in WAL mode with `synchronous=FULL` (the commit is on disk, not only in the
operating system's cache); several server processes may share its file. PostgreSQL
(`postgresql://user@host:port/db`, needs the serve extra's psycopg) is for a class or a
school running several processes behind one address.
"""

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from softmax_from_scratch.userdirs import data_dir

SCHEMA_VERSION = 1
CONNECT_SECONDS = 10  # how long a request waits for PostgreSQL before it is refused
SCHEMES = ("sqlite", "postgresql", "postgres")

SCHEMA = {  # the one schema, in each engine's words for an id that counts up and for bytes
    "sqlite": ("INTEGER PRIMARY KEY AUTOINCREMENT", "BLOB", "REAL"),
    "postgresql": ("BIGSERIAL PRIMARY KEY", "BYTEA", "DOUBLE PRECISION"),
}
TABLES = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS drawings (
    id {id},
    digit INTEGER NOT NULL CHECK (digit BETWEEN 0 AND 9),
    player TEXT NOT NULL,
    canvas INTEGER NOT NULL CHECK (canvas > 0),
    strokes TEXT NOT NULL,
    created {real} NOT NULL
);
CREATE TABLE IF NOT EXISTS models (
    id {id},
    created {real} NOT NULL,
    model {bytes} NOT NULL,
    note TEXT NOT NULL
);
"""


class StoreError(ValueError):
    """A store that cannot be used: a bad URL, another schema version, no driver."""


@dataclass(frozen=True)
class Drawing:
    """One stored drawing: strokes [[[x, y, t_ms], ...], ...] in a `canvas`-pixel square."""

    id: int
    digit: int
    player: str
    canvas: int
    strokes: list
    created: float

    def record(self) -> dict:
        """The drawing as JSON, as it was sent."""
        return {"id": self.id, "digit": self.digit, "player": self.player,
                "canvas": self.canvas, "strokes": self.strokes, "created": self.created}


def default_url() -> str:
    """The default store: one SQLite file in the per-user data folder."""
    return f"sqlite:///{data_dir() / 'class.sqlite3'}"


def is_store_url(text: str) -> bool:
    """Whether `text` names a store (sqlite:///..., postgresql://...) rather than a folder."""
    return urlparse(text).scheme in SCHEMES


def open_store(url: str) -> "Store":
    """The store a URL names: sqlite:///absolute/path.sqlite3 (or sqlite:///relative with
    a fourth slash left out: sqlite:///class.sqlite3 is ./class.sqlite3), or
    postgresql://user:password@host:port/database."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = unquote(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else ""
        if not path:
            raise StoreError(f"{url}: a SQLite store is sqlite:///path/to/file.sqlite3")
        return SqliteStore(Path(path))
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(url)
    raise StoreError(f"{url}: not a store URL (sqlite:///file.sqlite3 or "
                     "postgresql://user@host/database)")


class Store:
    """The queries, written once with `?` for parameters; each engine runs them."""

    engine = ""

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one statement in its own transaction, committed before this returns."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of the connections."""

    def create(self) -> None:
        """The tables, if new; refuse a store written by another schema version."""
        ident, blob, real = SCHEMA[self.engine]
        for statement in TABLES.format(id=ident, bytes=blob, real=real).split(";"):
            if statement.strip():
                self.execute(statement)
        versions = self.execute("SELECT version FROM schema_version")
        if not versions:
            self.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif versions[0][0] != SCHEMA_VERSION:
            raise StoreError(f"{self}: schema version {versions[0][0]}, this program reads "
                             f"{SCHEMA_VERSION}: use a new store, or the program that made it")

    def add_drawing(self, digit: int, player: str, canvas: int, strokes: list) -> int:
        """Store one drawing; returns its id once it is committed."""
        rows = self.execute("INSERT INTO drawings (digit, player, canvas, strokes, created) "
                            "VALUES (?, ?, ?, ?, ?) RETURNING id",
                            (digit, player, canvas, json.dumps(strokes), time.time()))
        return int(rows[0][0])

    def stats(self) -> dict:
        """{"drawings": n, "per_digit": [10 counts], "players": m}."""
        per_digit = [0] * 10
        for digit, count in self.execute("SELECT digit, COUNT(*) FROM drawings GROUP BY digit"):
            per_digit[digit] = int(count)
        players = self.execute("SELECT COUNT(DISTINCT player) FROM drawings")[0][0]
        return {"drawings": sum(per_digit), "per_digit": per_digit, "players": int(players)}

    def per_player(self) -> dict[str, int]:
        """Drawings per player, most first."""
        rows = self.execute("SELECT player, COUNT(*) AS n FROM drawings GROUP BY player "
                            "ORDER BY n DESC, player")
        return {player: int(n) for player, n in rows}

    def drawings(self, after: int = 0, limit: int = 1000, newest: bool = False
                 ) -> list[Drawing]:
        """Up to `limit` drawings with ids above `after`, oldest first (or the newest first)."""
        order = "DESC" if newest else ""
        rows = self.execute("SELECT id, digit, player, canvas, strokes, created FROM drawings "
                            f"WHERE id > ? ORDER BY id {order} LIMIT ?", (after, limit))
        return [Drawing(int(i), int(d), p, int(c), json.loads(s), float(t))
                for i, d, p, c, s, t in rows]

    def every_drawing(self, page: int = 1000) -> Iterator[Drawing]:
        """All drawings, oldest first, read a page at a time."""
        after = 0
        while batch := self.drawings(after, page):
            yield from batch
            after = batch[-1].id

    def add_model(self, npz: bytes, note: str) -> int:
        """Store a model to serve from now on; returns its id."""
        rows = self.execute("INSERT INTO models (created, model, note) VALUES (?, ?, ?) "
                            "RETURNING id", (time.time(), npz, note))
        return int(rows[0][0])

    def newest_model_id(self) -> int:
        """The id of the newest stored model, 0 when none was stored."""
        return int(self.execute("SELECT COALESCE(MAX(id), 0) FROM models")[0][0])

    def model(self, model_id: int) -> tuple[bytes, str]:
        """A stored model's .npz bytes and note."""
        npz, note = self.execute("SELECT model, note FROM models WHERE id = ?", (model_id,))[0]
        return bytes(npz), note


class SqliteStore(Store):
    """A SQLite file: a connection per thread, WAL, each write synced before it returns."""

    engine = "sqlite"

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise StoreError(f"{path} is a folder: a SQLite store is a file")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.local = threading.local()
        self.create()

    def __str__(self) -> str:
        return f"sqlite:///{self.path}"

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        if getattr(self.local, "connection", None) is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self.local.connection = connection
        return self.local.connection

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            connection = self.connection()
        except sqlite3.DatabaseError as err:  # not a SQLite file, or one it cannot open
            raise StoreError(f"{self}: {err}") from None
        try:
            connection.execute("BEGIN IMMEDIATE" if not sql.startswith("SELECT") else "BEGIN")
            rows = connection.execute(sql, params).fetchall()
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as err:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StoreError(f"{self}: {err}") from None
        return rows

    def close(self) -> None:
        if getattr(self.local, "connection", None) is not None:
            self.local.connection.close()
            self.local.connection = None


class PostgresStore(Store):
    """A PostgreSQL database, through a small pool of connections (psycopg)."""

    engine = "postgresql"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise StoreError("a PostgreSQL store needs psycopg: pip install -e '.[serve]'"
                             ) from None
        self.url = url
        try:  # once, directly: a store that cannot be reached is one line, the server's reason
            psycopg.connect(url, connect_timeout=CONNECT_SECONDS).close()
        except psycopg.Error as err:
            reason = str(err).strip().splitlines()[0].split(": ")[-1]
            raise StoreError(f"{self}: cannot connect ({reason})") from None
        self.pool = ConnectionPool(url, min_size=1, max_size=8, open=True,
                                   kwargs={"connect_timeout": CONNECT_SECONDS})
        self.create()

    def __str__(self) -> str:
        parts = urlparse(self.url)
        return f"postgresql://{parts.hostname}:{parts.port or 5432}{parts.path}"  # no password

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self.pool.connection(timeout=CONNECT_SECONDS) as connection:  # commits at
                cursor = connection.execute(sql.replace("?", "%s"), params)  # the block's end
                return cursor.fetchall() if cursor.description else []
        except PoolTimeout:
            raise StoreError(f"{self}: no connection within {CONNECT_SECONDS} s") from None
        except psycopg.Error as err:
            raise StoreError(f"{self}: {str(err).splitlines()[0]}") from None

    def close(self) -> None:
        self.pool.close()
