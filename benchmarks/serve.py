"""How fast `digits serve` answers a class, on loopback: predictions a second from 8 clients
on keep-alive connections (the 2016 server made "a few thousand a second"), their latency,
and drawings stored a second, for a SQLite store and a PostgreSQL one (started here, as
the tests start it). The requests are held-out pendigits trajectories, drawn as players
draw them; the clients run in this process, on the same cores as the server.
Writes a section into docs/performance.md.

    python -m benchmarks.serve [--quick]
"""

import json
import os
import re
import socket
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from game.serve.app import keep_freed_memory
from game.serve.classroom import game_ink, game_strokes
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.pendigits import load_pendigits, split_pendigits
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.views import canvas_to_input
from tools.doc_tables import benchmark_options, write_section
from tools.servers import Server, new_database, pen_drawing, postgres_cluster

SECTION = "## Serving a class (`digits serve`)"
CLIENTS = 8


def held_out_drawings(smooth: bool = True) -> list[tuple[int, list]]:
    """The held-out trajectories as drawings of one stroke of [x, y, t_ms], 12 ms a point:
    as recorded (8 points), or smoothed as a player's pen would draw them (57 points)."""
    _, (points, labels) = split_pendigits(*load_pendigits(progress=False))
    return [(int(label), pen_drawing(p, smooth)) for p, label in zip(points, labels, strict=True)]


class Client:
    """A lean HTTP/1.1 client on one keep-alive connection: the request's bytes made once,
    the answer read by its Content-Length. (http.client parses every answer's headers with
    the email package: 8 clients of it took a fifth of the 2 cores the server runs on.)"""

    def __init__(self, port: int) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port))
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = b""

    def post(self, request: bytes) -> tuple[int, bytes]:
        """Send a request made by `request_bytes`; the answer's status and body."""
        self.connection.sendall(request)
        while b"\r\n\r\n" not in self.pending:
            self.pending += self.connection.recv(65536)
        head, _, rest = self.pending.partition(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        while len(rest) < length:
            rest += self.connection.recv(65536)
        self.pending = rest[length:]
        return int(head[9:12]), rest[:length]

    def close(self) -> None:
        self.connection.close()


def request_bytes(path: str, body: bytes) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def hammer(port: int, path: str, bodies: list[bytes], seconds: float
           ) -> tuple[list[float], list[dict]]:
    """CLIENTS threads, each on its own keep-alive connection, sending `bodies` in turn for
    `seconds`: every request's latency (s), and every answer (with the body's index)."""
    requests = [request_bytes(path, body) for body in bodies]
    latencies: list[float] = []
    answers: list[dict] = []
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        connection = Client(port)
        i = k
        while time.perf_counter() < stop:
            start = time.perf_counter()
            status, text = connection.post(requests[i % len(requests)])
            latencies.append(time.perf_counter() - start)
            answers.append({"status": status, "index": i % len(requests), **json.loads(text)})
            i += CLIENTS
        connection.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, answers


def milliseconds(latencies: list[float], q: float) -> float:
    return 1000 * float(np.percentile(latencies, q))


def predictions(port: int, drawings: list[tuple[int, list]], seconds: float) -> dict:
    """Predictions a second, their latency, and the share read right."""
    bodies = [json.dumps({"strokes": strokes, "canvas": 560}).encode() for _, strokes in drawings]
    hammer(port, "/api/predict", bodies, 1.0)  # warm up
    latencies, answers = hammer(port, "/api/predict", bodies, seconds)
    right = [a["digit"] == drawings[a["index"]][0] for a in answers if a["status"] == 200]
    return {"rate": len(latencies) / seconds, "p50": milliseconds(latencies, 50),
            "p99": milliseconds(latencies, 99), "right": float(np.mean(right))}


def stage_times(drawings: list[tuple[int, list]], n: int = 300) -> dict[str, float]:
    """Where a prediction's time goes, in this process on one core, with the server's
    settings (one BLAS thread, freed memory kept): per drawing, the pen (`stamp`, on the
    game's 560 canvas), the framing (`canvas_to_input`) and the network, best of 3 passes
    over n drawings, in ms."""
    keep_freed_memory()
    model = load_default_model()
    framing = framing_of(model)
    strokes = [game_strokes(s, CANVAS) for _, s in drawings[:n]]

    inks = [game_ink(drawing) for drawing in strokes]
    inputs = [canvas_to_input(ink, framing)[None] for ink in inks]
    stages = {"pen": (game_ink, strokes),
              "framing": (lambda ink: canvas_to_input(ink, framing), inks),
              "network": (model.predict_proba, inputs)}
    times = {}
    with threadpool_limits(1):
        for name, (work, items) in stages.items():
            times[name] = 1000 * min(timed_pass(work, items) for _ in range(3)) / len(items)
    return times


def timed_pass(work, items: list) -> float:
    start = time.perf_counter()
    for item in items:
        work(item)
    return time.perf_counter() - start


def measure(db: str, recorded: list, smoothed: list, seconds: float) -> dict:
    """Predictions and stored drawings a second on one store, 2 server processes."""
    store = [json.dumps({"digit": digit, "strokes": strokes, "canvas": 560,
                         "player": f"player-{i % 16}"}).encode()
             for i, (digit, strokes) in enumerate(smoothed)]
    with Server(db, "--drawing-rate", "1e6", workers=2) as server:
        results = {"recorded": predictions(server.port, recorded, seconds),
                   "smoothed": predictions(server.port, smoothed, seconds)}
        latencies, stored = hammer(server.port, "/api/drawings", store, seconds)
    results["stored"] = {"rate": sum(a["status"] == 201 for a in stored) / seconds,
                         "p50": milliseconds(latencies, 50), "p99": milliseconds(latencies, 99)}
    return results


def main() -> None:
    args = benchmark_options(__doc__)
    seconds = 2.0 if args.quick else 10.0
    recorded, smoothed = held_out_drawings(smooth=False), held_out_drawings()
    stages = {"recorded": stage_times(recorded), "smoothed": stage_times(smoothed)}
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        results["SQLite"] = measure(f"sqlite:///{Path(scratch) / 'class.sqlite3'}", recorded,
                                    smoothed, seconds)
    with postgres_cluster() as cluster:
        results["PostgreSQL"] = measure(new_database(cluster), recorded, smoothed, seconds)
    rows = {"recorded": "predictions, trajectories as recorded (8 points)",
            "smoothed": "predictions, smoothed as a pen draws them (57 points)",
            "stored": "drawings stored (57 points with their times)"}
    lines = [
        SECTION, "",
        f"Generated by `python -m benchmarks.serve`: `digits serve` with 2 processes on "
        f"{os.cpu_count()} cores, {CLIENTS} clients on keep-alive connections in one process "
        f"on the same cores, {seconds:.0f} s each, sending the {len(smoothed):,} held-out pen "
        "trajectories.", "",
        "| store | requests | a second | p50 | p99 | read right |",
        "|---|---|---:|---:|---:|---:|",
        *[f"| {name} | {rows[kind]} | {r[kind]['rate']:,.0f} | {r[kind]['p50']:.1f} ms | "
          f"{r[kind]['p99']:.1f} ms | "
          + (f"{r[kind]['right']:.1%} |" if "right" in r[kind] else "– |")
          for name, r in results.items() for kind in rows], "",
        "A prediction draws the strokes with the game's pen on the game's 560 × 560 canvas "
        "and frames them as the game does. Where its time goes, measured in this process on "
        "one core before the servers start (per drawing, best of 3 passes over 300):", "",
        "| drawing | pen (`stamp`) | framing (`canvas_to_input`) | network |",
        "|---|---:|---:|---:|",
        *[f"| {rows[kind].split(', ')[1]} | {t['pen']:.2f} ms | {t['framing']:.2f} ms | "
          f"{t['network']:.2f} ms |" for kind, t in stages.items()], "",
        "The pen's time grows with the length of the ink's edge, so a smoothed digit costs "
        "more than the same digit's 8 points; the framing's is about the same for both. The "
        "rest of a request, in the server, is HTTP, JSON and the checks. A stored drawing "
        "is committed (for SQLite, synced to disk) before its answer.", "",
        "Two settings of the server's processes, measured once while building it on this "
        "2-core machine (this run does not measure them again): one BLAS thread a process "
        "(with OpenBLAS's default, a thread a core in each process, 2 processes served 62 "
        "smoothed predictions a second where they served 542 with one), and glibc's malloc "
        "keeping freed memory (`app.keep_freed_memory`: drawing a held-out digit took "
        "2.3 ms when each request's canvas and temporaries were mapped afresh, page fault by "
        "page fault, and 0.9 ms with freed memory kept).", "",
    ]
    write_section(args.out, lines)


if __name__ == "__main__":
    main()
