"""Where datasets are found, and how a missing one is downloaded safely.

Both datasets (MNIST, pendigits) follow the same rules, first found wins:

    1. the `data_dir` argument,
    2. the directory named by an environment variable (DIGITS_MNIST_DIR, ...),
    3. a per-user cache (`pooch.os_cache`), downloading into it what is missing.

A download is verified before it is kept: a file that fails is deleted, so the
cache only ever holds files that passed.
"""

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pooch


class DataError(ValueError):
    """A data file that is missing, damaged or not what it claims to be."""


def cache_dir(dataset: str) -> Path:
    """The per-user directory downloads go to (e.g. ~/.cache/softmax-from-scratch/mnist)."""
    return Path(pooch.os_cache("softmax-from-scratch")) / dataset


def find_data_dir(data_dir: str | Path | None, env_var: str, dataset: str) -> Path:
    """The directory a dataset is read from: the argument, else $env_var, else the cache."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    if os.environ.get(env_var):
        return Path(os.environ[env_var]).expanduser()
    return cache_dir(dataset)


@contextmanager
def pooch_quiet() -> Iterator[None]:
    """pooch logs three lines per file whatever its progress bar does: where it downloads
    from, the file's SHA-256, and advice to pass that hash to `pooch.retrieve`. Here each
    file is verified by its own check instead, so the advice is noise: with progress=True
    `download` says itself which file comes from where, above pooch's progress bar, and
    errors come as one DataError line."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def download(name: str, directory: Path, urls: tuple[str, ...],
             verify: Callable[[Path], object], progress: bool = True, hint: str = "") -> Path:
    """Fetch `name` into `directory` from the first of `urls` (base URLs) that serves
    a file passing `verify` (which raises DataError for a bad one).

    pooch downloads to a temporary file and renames it into place, so an
    interrupted download leaves nothing behind; a file that arrives but fails
    verification is deleted before the next URL is tried. When no URL serves it, one
    DataError line says why for each, and `hint` (where else the file can come from).
    """
    directory.mkdir(parents=True, exist_ok=True)
    problems = []
    for base in urls:
        url = base.rstrip("/") + "/" + name
        if progress:  # the bar below it names no file
            print(f"downloading {name} from {urlparse(url).netloc} into {directory}",
                  file=sys.stderr)
        try:
            with pooch_quiet():
                path = Path(pooch.retrieve(url, known_hash=None, fname=name, path=directory,
                                           progressbar=progress))
        except Exception as err:  # network errors come in many types; try the next URL
            problems.append(f"{urlparse(url).netloc}: {type(err).__name__}")
            continue
        try:
            verify(path)
        except DataError as err:
            path.unlink()
            problems.append(f"{url}: {err}")
            continue
        return path
    raise DataError(f"could not get {name} ({'; '.join(problems)})"
                    + (f": {hint}" if hint else ""))
