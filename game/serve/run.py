"""Start the server as `digits serve` does: check the store, then uvicorn, in `workers`
processes that share the store (each its own connections, its own copy of the model)."""

import errno
import json
import os
import secrets
import socket
from pathlib import Path

import uvicorn

from game.serve.app import Settings, create_app
from game.serve.store import open_store


def check_address(host: str, port: int) -> None:
    """Raise ValueError, saying why, if the server could not listen on host:port now."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise ValueError(f"--host {host}: no such address or host name") from None
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            reason = ("the port is in use (try --port)" if err.errno == errno.EADDRINUSE
                      else err.strerror)
            raise ValueError(f"cannot listen on {host}:{port}: {reason}") from None


def serve(settings: Settings, host: str, port: int, workers: int, token_given: bool,
          model: Path | None = None) -> None:
    """Run the server until Ctrl-C. The store is opened (created, its schema checked) first,
    so that a bad --db is one line, before anything listens; a `model` file to serve goes
    into it, as the newest model, which every process serves (a later retrain's after it)."""
    store = open_store(settings.db)
    check_address(host, port)
    if model is not None:
        store.add_model(model.read_bytes(), f"started with {model}")
    store.close()
    shown = f"[{host}]" if ":" in host else host
    print(f"digits serve: http://{shown}:{port}/  (store {settings.db}, {workers} "
          f"process{'es' * (workers > 1)}; Ctrl-C stops)", flush=True)
    if not token_given:
        print(f"admin token, shown only now: {settings.admin_token}", flush=True)
    options = {"host": host, "port": port, "log_level": "warning", "access_log": False,
               "timeout_keep_alive": 30}
    try:
        if workers == 1:
            uvicorn.run(create_app(settings), **options)
        else:
            os.environ["DIGITS_SERVE_SETTINGS"] = json.dumps(settings.__dict__)  # for them
            uvicorn.run("game.serve.app:worker_app", factory=True, workers=workers, **options)
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again
        pass
    print("digits serve: stopped; every drawing it acknowledged is in the store", flush=True)


def new_token() -> str:
    """An admin token nobody can guess: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)
