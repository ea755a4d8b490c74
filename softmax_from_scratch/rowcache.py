"""Built rows, kept on disk: a training set is drawn once, then read back in a second.

Drawing 100,000 pen trajectories and framing each snapshot takes minutes; fine-tuning on a
few collected drawings should not. `cached_rows` keeps what a build returned in the
per-user cache, under a key made of everything that determines it:

    the recipe (framing, pen, shapes, seed, ...), the cache's FORMAT, and ROWS_VERSION,
    bumped by hand whenever a change to the pen, the views or the recipes changes the
    rows drawn: tests/test_rowcache.py draws a few rows of every kind and fails, asking
    for the bump, when they no longer match its fingerprint. (Editing a comment, or code
    that draws the same rows, no longer throws a minute of drawing away.)

`digits cache` shows where the cache is, what it holds and its size, and clears it.

Rows are in [0, 1] and are stored as uint8 (round(255 x)), four times smaller than
float32; MNIST's own pixels are k/255 and come back exactly, drawn ink to within 1/510.
Training reads them as they are stored (`GreyRows`), scaling one batch at a time.
A folder whose key or checksums do not match is never trusted: it is rebuilt.
"""

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from softmax_from_scratch.downloads import cache_dir

FORMAT = 1  # how a set is stored (X.npy, y.npy, manifest.json)
ROWS_VERSION = 3  # what the drawing code draws: bump it when the rows change (see above)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def cache_key(recipe: dict[str, Any]) -> dict[str, Any]:
    """The whole key: the recipe, the cache format and the rows' version."""
    return {"recipe": recipe, "format": FORMAT, "rows": ROWS_VERSION}


def folder_for(key: dict[str, Any], root: Path | None = None) -> Path:
    """Where rows with this key live: <cache>/rows/<first 16 hex of the key's SHA-256>."""
    name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    return (root or cache_dir("rows")) / name


def read_rows(folder: Path, key: dict[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows kept in `folder` as (grey levels (n, d) uint8, y (n,) int64), or None if the folder
    is missing, holds another key, or a file's checksum does not match (cut or changed)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest["key"] != key:
            return None
        for name in ("X.npy", "y.npy"):
            if file_sha256(folder / name) != manifest["sha256"][name]:
                return None
        X = np.load(folder / "X.npy", allow_pickle=False)
        y = np.load(folder / "y.npy", allow_pickle=False)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if X.dtype != np.uint8 or X.ndim != 2 or y.shape != (len(X),):
        return None
    return X, y.astype(np.int64)


def write_rows(folder: Path, key: dict[str, Any], grey: np.ndarray, y: np.ndarray) -> None:
    """Keep rows as grey levels (n, d) uint8 and labels y (n,) in `folder`: written into a
    temporary folder beside it, checksummed, then renamed into place (a crash leaves no
    half folder)."""
    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        np.save(tmp / "X.npy", grey)
        np.save(tmp / "y.npy", np.asarray(y, dtype=np.int64))
        sha = {name: file_sha256(tmp / name) for name in ("X.npy", "y.npy")}
        (tmp / "manifest.json").write_text(json.dumps({"key": key, "sha256": sha}),
                                           encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def drop_older(folder: Path, key: dict[str, Any]) -> None:
    """Delete the other folders beside `folder` that hold the same recipe drawn by another
    version (rows never read again): a cache that grows by the size of a training set at
    every upgrade would fill a disk."""
    for other in folder.parent.iterdir():
        if other == folder or not other.is_dir():
            continue
        try:
            manifest = json.loads((other / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and manifest.get("key", {}).get("recipe") == key["recipe"]:
            shutil.rmtree(other, ignore_errors=True)


def cached_rows(recipe: dict[str, Any], build: Callable[[], tuple[np.ndarray, np.ndarray]],
                say: Callable[[str], object] = lambda _: None, root: Path | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """build()'s rows for this recipe, from the cache if a trustworthy copy is there, else
    built now and kept (a cache that cannot be written is said, and skipped).

    build() returns (grey levels (n, d) uint8, `grey_levels` of rows in [0, 1]; y (n,)):
    what the cache stores, at a quarter of float32's size, so that a training set of a
    third of a million rows (2.6 GB as float32) is never whole in float32, from drawing
    it to storing it to training on it.
    Returns (grey levels (n, d) uint8, y (n,) int64), as stored, built or read: `unit_rows`
    makes them rows in [0, 1] (to within 1/510 of the drawn rows), `GreyRows` a batch at
    a time."""
    key = cache_key(recipe)
    folder = folder_for(key, root)
    rows = read_rows(folder, key)
    if rows is not None:
        say(f"read {len(rows[0]):,} rows from the cache ({folder})")
        return rows
    if folder.exists():
        say(f"the cached rows in {folder} do not match their checksums or key: rebuilding")
    grey, y = build()
    if grey.dtype != np.uint8:
        raise TypeError(f"a row build must return grey levels (uint8), got {grey.dtype}")
    try:
        write_rows(folder, key, grey, y)
        drop_older(folder, key)
    except OSError as err:
        say(f"could not keep the rows in the cache ({err}); they will be built again next time")
    # what a later read gives, so a model does not depend on whether the cache was warm
    return grey, np.asarray(y, dtype=np.int64)


def cache_sets(root: Path | None = None) -> list[dict[str, Any]]:
    """What the row cache holds: for each set, its folder, its key's recipe, its rows and
    inputs, and its bytes on disk; a folder without a readable manifest counts as
    "unreadable" (left by a crash, or another version's)."""
    root = root or cache_dir("rows")
    sets = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            shape = np.load(folder / "X.npy", mmap_mode="r").shape
            recipe = manifest["key"]["recipe"]
        except (OSError, ValueError, KeyError, TypeError):
            shape, recipe = None, "unreadable"
        sets.append({"folder": folder, "recipe": recipe, "shape": shape, "bytes": size})
    return sets


def clear_cache(root: Path | None = None) -> int:
    """Delete every set in the row cache (they are drawn again when needed); returns the
    bytes freed."""
    root = root or cache_dir("rows")
    freed = sum(entry["bytes"] for entry in cache_sets(root))
    shutil.rmtree(root, ignore_errors=True)
    return freed


GREY_BLOCK = 256  # rows scaled at a time by grey_levels: 2 MB of float32 at 1,968 inputs


def grey_levels(X: np.ndarray) -> np.ndarray:
    """Rows in [0, 1] -> uint8 round(255 x), as the cache stores them.

    A part of a training set is half a gigabyte. Scaled through a float32 copy of all of
    it, every row goes through fresh memory, which the system must map and zero; GREY_BLOCK
    rows at a time stay in the processor's cache instead. The rounded values are whole
    numbers, so writing them into the uint8 result converts them exactly."""
    grey = np.empty(X.shape, dtype=np.uint8)
    for start in range(0, len(X), GREY_BLOCK):
        scaled = np.clip(X[start : start + GREY_BLOCK], 0, 1)
        scaled *= 255
        grey[start : start + GREY_BLOCK] = np.rint(scaled, out=scaled)
    return grey


def unit_rows(grey: np.ndarray) -> np.ndarray:
    """Grey levels (n, d) uint8 -> rows in [0, 1] (n, d) float32: grey / 255."""
    return np.divide(grey, 255, dtype=np.float32)


class GreyRows:
    """A training set kept as grey levels, (n, d) uint8, and read as rows in [0, 1].

    The shipped model's training set is 335,856 rows of 1,968 inputs: 660 MB as grey
    levels, 2.6 GB as float32, and SGD reads only one batch at a time. So the rows stay
    grey, and indexing scales just the rows asked for: rows[idx] is
    unit_rows(grey[idx]), (len(idx), d) float32. Fine-tuning the shipped model peaks at
    1.8 GB of memory this way, 3.8 GB with a float32 copy.
    A uint8 array never reaches the model: 0..255 read as inputs would be wrong silently.
    """

    def __init__(self, grey: np.ndarray) -> None:
        if grey.dtype != np.uint8 or grey.ndim != 2:
            raise TypeError(f"grey levels must be (n, d) uint8, got {grey.dtype} {grey.shape}")
        self.grey = grey

    def __len__(self) -> int:
        return len(self.grey)

    def __getitem__(self, index: Any) -> np.ndarray:
        return unit_rows(self.grey[index])
