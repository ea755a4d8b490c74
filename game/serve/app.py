"""`digits serve`: the 2016 original's collection app, on Starlette (ASGI) and uvicorn.

    GET  /                 the drawing page: "Draw a 7", the model guessing in the page,
                           the drawing sent as drawn (every point with its time)
    GET  /class            the class page (its data needs the admin token)
    POST /api/drawings     {"digit", "strokes": [[[x, y, t_ms], ...]], "canvas", "player"}
                           -> 201 {"id"}, once stored
    POST /api/predict      {"strokes", "canvas"} -> {"digit", "probs"}: read as the game reads
    GET  /api/stats        {"drawings", "per_digit", "players"}
    GET  /api/export       every drawing, a JSON object a line (admin token)
    GET  /api/class        the class page's numbers (admin token)
    POST /api/retrain      teach the served model the class's drawings, and serve it (admin)

A refused request gets a 4xx answer with JSON {"error": "one line"} and changes nothing.
No request names a file: the page's few files are looked up by name in a fixed table.
"""

import asyncio
import contextlib
import ctypes
import hmac
import json
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from threadpoolctl import threadpool_limits

from game.serve.checks import MAX_BODY, BadRequest, check_drawing, check_predict, parse_json
from game.serve.classroom import class_report, game_input, game_strokes, retrain
from game.serve.pagemodel import page_model_script
from game.serve.store import Drawing, Store, StoreError, open_store
from softmax_from_scratch.classifier import Classifier, load_model
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.framings import framing_of

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
MODEL_CHECK_SECONDS = 1.0  # how often a process asks the store whether a newer model is served
PAGES = {"/": "collect.html", "/class": "class.html"}
STATIC = {name: kind for name, kind in [  # the only files the server sends
    ("playground.js", "text/javascript"), ("playground.css", "text/css"),
    ("collect.js", "text/javascript"), ("collect.css", "text/css"),
    ("class.js", "text/javascript")]}


def exported(drawing: Drawing) -> dict:
    """A stored drawing as a line of the game's collected index (collected.py reads a file
    of them as it reads collect mode's): its (x, y) points in the game's 560 canvas, one
    "round" of the session "class", and the drawing as it was sent, times and all."""
    points = [stroke.round(1).tolist() for stroke in game_strokes(drawing.strokes,
                                                                  drawing.canvas)]
    return {"digit": drawing.digit, "session": "class", "round": drawing.id,
            "completion": "final", "strokes": points, "time": drawing.created,
            "id": drawing.id, "player": drawing.player,
            "drawn": {"canvas": drawing.canvas, "strokes": drawing.strokes}}


def model_bytes(model: Classifier) -> bytes:
    """A model as the bytes of its .npz file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        model.save(path)
        return path.read_bytes()


def model_from_bytes(npz: bytes) -> Classifier:
    """A model from the bytes of its .npz file (checked as any model file is)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.npz"
        path.write_bytes(npz)
        return load_model(path)


@dataclass
class Served:
    """The model this process serves: the store's newest (a retrain's, or the one the
    server was started with: `digits serve --model` stores it), else the shipped one.
    Every process asks the store at most once a MODEL_CHECK_SECONDS, so a retrain made by
    one process is served by all of them within a second, and by the server's next start."""

    store: Store
    model: Classifier
    model_id: int = 0
    note: str = "the shipped model"  # the store's note on the model served
    checked: float = 0.0
    script: bytes = b""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.use(self.model, self.model_id, self.note)

    def use(self, model: Classifier, model_id: int, note: str) -> None:
        self.model, self.model_id, self.note = model, model_id, note
        self.script = page_model_script(model).encode()

    def due(self) -> bool:
        """Whether it is time to ask the store for a newer model."""
        return time.monotonic() - self.checked >= MODEL_CHECK_SECONDS

    def current(self) -> Classifier:
        """The model to serve, the store asked first if it is time (call it off the event
        loop: a store that stops answering takes up to CONNECT_SECONDS to say so)."""
        if self.due():
            self.checked = time.monotonic()
            try:
                newest = self.store.newest_model_id()
                if newest != self.model_id:
                    npz, note = self.store.model(newest)
                    with self.lock:
                        self.use(model_from_bytes(npz), newest, note)
            except StoreError:  # the store is down: predictions go on with the model held
                pass
        return self.model


class RateLimit:
    """At most `rate` requests a second per client, in bursts of up to `burst`: a token
    bucket per client, refilled continuously. Per server process."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self.lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        with self.lock:
            if len(self.buckets) > 10_000:  # forget the clients that have refilled
                self.buckets = {c: (t, w) for c, (t, w) in self.buckets.items()
                                if t + (now - w) * self.rate < self.burst}
            tokens, when = self.buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - when) * self.rate)
            if tokens < 1:
                self.buckets[client] = (tokens, now)
                return False
            self.buckets[client] = (tokens - 1, now)
            return True


def error(message: str, status: int, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def read_body(request: Request) -> bytes:
    """The body, refused with 413 as soon as it is known to pass MAX_BODY: from its declared
    length before reading any of it, else while it streams in."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise BadRequest(f"the body is over {MAX_BODY:,} bytes", 413)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise BadRequest(f"the body is over {MAX_BODY:,} bytes", 413)
    return bytes(body)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


@dataclass
class Settings:
    """What `digits serve` was started with."""

    db: str
    admin_token: str
    drawing_rate: float = 5.0  # drawings a second per player, in bursts of ten times that
    predict_rate: float = 2000.0  # predictions a second per address, bursts of a second's

    @classmethod
    def from_environment(cls) -> "Settings":
        """The settings a worker process is given (`digits serve` sets them)."""
        settings = json.loads(os.environ["DIGITS_SERVE_SETTINGS"])
        return cls(**settings)


def worker_app() -> Starlette:
    """The app in one of several server processes, with the settings `digits serve` gave
    them. Ctrl-C in a terminal reaches every process of the group; the first (uvicorn's
    supervisor) stops the others, so a worker leaves Ctrl-C to it (else uvicorn, having
    stopped, raises it again in the worker: a KeyboardInterrupt's traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return create_app(Settings.from_environment())


def create_app(settings: Settings) -> Starlette:
    """The web app, on the store the settings name."""
    # One BLAS thread a process: a prediction's products are small, and the server runs a
    # process a core; OpenBLAS's own threads, one a core in each process, spin and fight
    # over the cores (docs/performance.md measures it).
    threadpool_limits(1)
    keep_freed_memory()
    store = open_store(settings.db)
    served = Served(store, load_default_model())  # until the store has a model to serve
    drawing_limit = RateLimit(settings.drawing_rate, 10 * settings.drawing_rate)
    predict_limit = RateLimit(settings.predict_rate, settings.predict_rate)
    retraining = asyncio.Lock()

    def authorized(request: Request) -> JSONResponse | None:
        """None for the admin token; else the answer: 401 without a token, 403 for another."""
        given = request.headers.get("authorization", "")
        if not given.startswith("Bearer "):
            return error("this needs the admin token: Authorization: Bearer TOKEN", 401,
                         {"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given[len("Bearer "):].encode(),
                                   settings.admin_token.encode()):
            return error("wrong admin token", 403)
        return None

    async def page(request: Request) -> Response:
        return Response(static_file(PAGES[request.url.path]), media_type="text/html")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return error(f"no such file: {name[:40]}", 404)
        return Response(static_file(name), media_type=STATIC[name],
                        headers={"Cache-Control": "no-cache"})

    async def model_script(request: Request) -> Response:
        await run_in_threadpool(served.current)
        return Response(served.script, media_type="text/javascript",
                        headers={"Cache-Control": "no-cache"})

    async def drawings(request: Request) -> Response:
        digit, player, canvas, strokes = check_drawing(parse_json(await read_body(request)))
        if not drawing_limit.allow(f"{client_of(request)} {player}"):
            return error("too many drawings at once: wait a moment", 429, {"Retry-After": "1"})
        drawing_id = await run_in_threadpool(store.add_drawing, digit, player, canvas, strokes)
        return JSONResponse({"id": drawing_id}, status_code=201)

    async def predict(request: Request) -> Response:
        if not predict_limit.allow(client_of(request)):
            return error("too many predictions at once: wait a moment", 429,
                         {"Retry-After": "1"})
        canvas, strokes = check_predict(parse_json(await read_body(request)))
        model = await run_in_threadpool(served.current) if served.due() else served.model
        x = game_input(game_strokes(strokes, canvas), framing_of(model))
        probs = model.predict_proba(x[None])[0]
        return JSONResponse({"digit": int(probs.argmax()), "probs": probs.tolist()})

    async def stats(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(store.stats))

    async def export(request: Request) -> Response:
        if refused := authorized(request):
            return refused

        def lines():
            for drawing in store.every_drawing():
                yield json.dumps(exported(drawing)) + "\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    async def class_numbers(request: Request) -> Response:
        if refused := authorized(request):
            return refused
        model = await run_in_threadpool(served.current)
        report = await run_in_threadpool(class_report, store, model)
        return JSONResponse({**report, "model": served.model_id, "model_note": served.note})

    async def retrain_now(request: Request) -> Response:
        if refused := authorized(request):
            return refused
        if retraining.locked():
            return error("a retrain is running already", 409)
        async with retraining:
            model = await run_in_threadpool(served.current)
            taught, report = await run_in_threadpool(retrain, store, model)
            note = f"retrained on {report['drawings']} drawings: {report['lessons']} lessons"
            model_id = await run_in_threadpool(store.add_model, model_bytes(taught), note)
            served.use(taught, model_id, note)
            report["model"] = model_id
        return JSONResponse(report)

    async def refused(request: Request, exc: Exception) -> Response:
        return error(str(exc), exc.status)

    async def store_down(request: Request, exc: Exception) -> Response:
        return error(f"the store is not answering, nothing was stored: {exc}", 503,
                     {"Retry-After": "5"})

    async def http_error(request: Request, exc: Exception) -> Response:
        return error(exc.detail if exc.status_code != 404 else "no such page", exc.status_code)

    routes = [Route(path, page) for path in PAGES] + [
        Route("/static/{name}", static), Route("/model.js", model_script),
        Route("/api/drawings", drawings, methods=["POST"]),
        Route("/api/predict", predict, methods=["POST"]),
        Route("/api/stats", stats), Route("/api/export", export),
        Route("/api/class", class_numbers), Route("/api/retrain", retrain_now, methods=["POST"]),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        store.close()

    return Starlette(routes=routes, exception_handlers={BadRequest: refused,
                                                        StoreError: store_down,
                                                        HTTPException: http_error},
                     lifespan=lifespan)


def keep_freed_memory() -> None:
    """Ask glibc's malloc to keep freed memory for the next allocation instead of giving it
    back to the system. A prediction allocates a 560 x 560 canvas and its temporaries, a few
    MB, and frees them: by default malloc may map each afresh (mmap) and unmap it on free, so
    that every request pays a page fault per 4 kB it touches, which more than doubled the
    time to draw a digit (docs/performance.md). Elsewhere than glibc, nothing."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(M_MMAP_THRESHOLD, 64 << 20)  # allocate from the heap below 64 MB (and a
    libc.mallopt(M_TRIM_THRESHOLD, 256 << 20)  # fixed threshold), keep up to 256 MB freed


def static_file(name: str) -> bytes:
    """One of the page's files, from the package (its name is a key of STATIC or PAGES)."""
    return (resources.files("game.serve") / "static" / name).read_bytes()
