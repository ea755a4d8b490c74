"""An HTTP server on 127.0.0.1 for a directory: the tests serve MNIST, pendigits and the
built site with it, and the figure command serves the site to screenshot it."""

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, *args) -> None:
        pass


def start(directory: Path) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on a free port of 127.0.0.1, from a daemon thread."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def url(server: http.server.ThreadingHTTPServer) -> str:
    """The server's base URL, ending in /."""
    return f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """with serving(directory) as base_url: ... (stopped on leaving)."""
    server = start(directory)
    try:
        yield url(server)
    finally:
        server.shutdown()
