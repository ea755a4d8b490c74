"""Shared fixtures: the real MNIST and pendigits, found the way users find them."""

import os
import signal
import subprocess
import threading
from pathlib import Path

import numpy as np
import pytest
import tqdm

from softmax_from_scratch import DataError, SoftmaxRegression, load_mnist, load_pendigits, train
from softmax_from_scratch.training import History
from tests.groups import LONGEST_CHAIN, ONE_WORKER
from tests.local_data import mnist_dir, pendigits_dir, unavailable
from tools import local_server
from tools.servers import postgres_cluster

pytest_plugins = ["parity_tests.gate", "pytester"]

# Progress bars lock with a thread lock, not tqdm's default cross-process semaphore, and run
# no monitor thread: mutation testing forks the test process for every mutant, and a child
# killed while holding that semaphore would leave every later child waiting on it forever.
tqdm.tqdm.set_lock(threading.RLock())
tqdm.tqdm.monitor_interval = 0

# Under pytest-xdist every core already runs a worker: each one computes on one thread
# (BLAS, and TensorFlow's pools), and so does every process it starts (`digits`, the
# notebooks), unless the thread count was set on purpose, as .ci/run does to run the
# thread-sensitive tests under 1 and 2 BLAS threads. Workers that each start a thread per
# core only fight over the cores, and OpenBLAS's idle threads spin while they wait: with
# the processes the tests start on 2 threads each, a run on a cold row cache took 6:49
# and 728 s of CPU on 2 cores; with them on one, 5:36 and 590 s.
if os.environ.get("PYTEST_XDIST_WORKER") and "OPENBLAS_NUM_THREADS" not in os.environ:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    for threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[threads] = "1"


# Whole modules by what they need and how long they take: `pytest -m "not slow"` is the
# quick loop (the unit tests, about a minute on 2 cores); `-m tf`, `-m browser`, `-m game`
# pick the TensorFlow parity suite, the pages in Chromium, the window.
MODULE_MARKS = {
    "parity_tests": ("tf", "slow"),
    "test_browser.py": ("browser", "slow"),
    "test_docs.py": ("slow",),
    "test_cli.py": ("slow",),
    "test_random_player.py": ("game", "slow"),
    "test_game.py": ("game",),
    "test_without_data.py": ("slow",),
    "test_parity_gate.py": ("slow",),
    "test_benchmarks.py": ("slow",),
    "test_serve.py": ("slow",),
    "test_serve_browser.py": ("browser", "slow"),
}


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test reading a ONE_WORKER fixture joins its group; then the longest chain
    first: the shipped model's two fine-tunings run one after the other on one worker
    (their xdist group), two to three minutes on a fresh machine. Started first, they run
    beside the other worker's many short tests; started late, they left one worker alone
    at the end of the run."""
    for item in items:
        path = item.path
        for mark in MODULE_MARKS.get(path.name, ()) + MODULE_MARKS.get(path.parent.name, ()):
            item.add_marker(mark)
        for fixture, group in ONE_WORKER.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))

    def in_chain(item: pytest.Item) -> bool:
        group = item.get_closest_marker("xdist_group")
        return group is not None and group.args == (LONGEST_CHAIN,)

    items.sort(key=lambda item: not in_chain(item))  # stable: the rest keep their order


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


@pytest.fixture(scope="session")
def original_recipe(mnist) -> tuple[SoftmaxRegression, History]:
    """The 2016 recipe as `train`'s defaults give it (float32 zeros, 10,000 random batches
    of 1,000 at learning rate 0.5, seed 0), on MNIST, the test set scored as it goes:
    the model and its history. Its tests share a worker (ONE_WORKER)."""
    (X, y), test = mnist
    model = SoftmaxRegression(784)
    history = train(model, X, y, seed=0, progress=False, test=test)
    return model, history


@pytest.fixture
def ctrl_c_interrupts():
    """Ctrl-C means KeyboardInterrupt during the test, as in a terminal, however pytest was
    started: a shell without job control (a script, a CI runner, `pytest &`) starts a
    background command with Ctrl-C ignored, and every process it starts inherits that, so
    a test pressing Ctrl-C would wait for an interrupt that never comes."""
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, inherited)


@pytest.fixture(autouse=True)
def player_folders(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own per-user data folder (collected drawings, the taught model),
    so no test reads or writes the real player's."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home / "softmax-from-scratch"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Playwright, the system's own browser): without it the browser
    tests skip, loudly, and in CI they fail."""
    import tools.site

    if tools.site.chromium() is None:
        unavailable("no Chromium to run the browser tests: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = tools.site.launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL cluster of the tests' own (tools/servers.py), its URL without a
    database; where none can be started, the PostgreSQL tests are skipped here, and fail
    where $DIGITS_POSTGRES_REQUIRED is 1, as .ci/run sets it (it installs PostgreSQL)."""
    try:
        with postgres_cluster() as cluster:
            yield cluster
    except (FileNotFoundError, subprocess.CalledProcessError) as err:
        if os.environ.get("DIGITS_POSTGRES_REQUIRED") == "1":
            raise
        pytest.skip(f"no PostgreSQL can be started here: {err}")


@pytest.fixture
def serve():
    """serve(directory) -> base URL of an HTTP server on 127.0.0.1 serving that directory."""
    servers = []

    def serve_directory(directory: Path) -> str:
        servers.append(local_server.start(directory))
        return local_server.url(servers[-1])

    yield serve_directory
    for server in servers:
        server.shutdown()
