"""Shared fixtures: the real MNIST and pendigits, found the way users find them."""

import functools
import http.server
import threading
from pathlib import Path

import numpy as np
import pytest

from softmax_from_scratch import DataError, load_mnist, load_pendigits
from tests.local_data import mnist_dir, pendigits_dir, unavailable

pytest_plugins = ["parity_tests.gate", "pytester"]


def loaded(load, directory: Path | None, what: str):
    try:
        return load(directory, progress=False)
    except DataError as err:
        unavailable(f"{what} is not available here and could not be downloaded: "
                    f"{str(err).splitlines()[0]}")


@pytest.fixture(scope="session")
def mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    return loaded(load_mnist, mnist_dir(), "MNIST")


@pytest.fixture(scope="session")
def pendigits() -> tuple[np.ndarray, np.ndarray]:
    return loaded(load_pendigits, pendigits_dir(), "pendigits")


@pytest.fixture
def serve():
    """serve(directory) -> base URL of an HTTP server on 127.0.0.1 serving that directory."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
        handler.log_message = lambda *args: None
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
