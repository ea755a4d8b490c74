"""Real pen trajectories: UCI "Pen-Based Recognition of Handwritten Digits".

E. Alpaydin and F. Alimoglu (1998), UCI Machine Learning Repository, dataset 81,
licence CC BY 4.0. 7,494 digits written by 30 people on a pressure tablet: the
only data here on how people actually move a pen (their stroke order, where
they start, which way they go round a 0).

One digit a line, 17 integers:

    x1,y1, x2,y2, ..., x8,y8, label

The 8 points are resampled at equal distances along the pen's path (pen-up
moves between strokes count as path), so the first k points are the first
k/7 of the digit as it was drawn. Each axis is scaled on its own to 0..100
(the aspect ratio is lost: a 1 fills the square), y pointing up.

The file is verified by the SHA-256 of its *parsed* content, so a copy whose
line endings or padding differ is still accepted and any changed number is not.
Found like MNIST (`downloads.find_data_dir`): the argument, $DIGITS_PENDIGITS_DIR,
or a per-user cache, downloading from the UCI archive into it.
"""

import hashlib
from pathlib import Path

import numpy as np

from softmax_from_scratch.downloads import DataError, download, find_data_dir

ENV_VAR = "DIGITS_PENDIGITS_DIR"
FILE = "pendigits.tra"
URLS = ("https://archive.ics.uci.edu/ml/machine-learning-databases/pendigits/",)
N_DIGITS = 7494
SHA256 = "cbc52923bac9f4b90a33acb326ca5fe2147eee4ab0ad272cc6bf195f58aefbc9"  # (7494, 17) uint8
VALIDATION_ROWS = 1500  # the file's last rows: held out from training, every number reported


def parse_pendigits(text: str, name: str = FILE) -> np.ndarray:
    """The file's text -> (n, 17) uint8, checking every line's shape and range."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = [int(v) for v in line.split(",")]
        except ValueError:
            raise DataError(f"{name}, line {number}: not 17 integers: {line[:60]!r}") from None
        if len(values) != 17:
            raise DataError(f"{name}, line {number}: {len(values)} values, expected 17")
        if not (all(0 <= v <= 100 for v in values[:16]) and 0 <= values[16] <= 9):
            raise DataError(f"{name}, line {number}: coordinates must be 0..100, label 0..9")
        rows.append(values)
    return np.array(rows, dtype=np.uint8).reshape(len(rows), 17)


def read_pendigits(path: Path) -> np.ndarray:
    """Read and verify the file: (7494, 17) uint8 with the published content hash."""
    try:
        table = parse_pendigits(path.read_text(encoding="ascii"), str(path))
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a text file") from None
    if len(table) != N_DIGITS:
        raise DataError(f"{path}: {len(table)} digits, expected {N_DIGITS} (truncated file?)")
    digest = hashlib.sha256(np.ascontiguousarray(table).tobytes()).hexdigest()
    if digest != SHA256:
        raise DataError(f"{path}: SHA-256 of the parsed content is {digest}, expected {SHA256}")
    return table


def load_pendigits(data_dir: str | Path | None = None, urls: tuple[str, ...] = URLS,
                   progress: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """-> points (7494, 8, 2) float32 (x, y) in 0..100 with y up, labels (7494,) int64."""
    directory = find_data_dir(data_dir, ENV_VAR, "pendigits")
    path = directory / FILE
    if not path.exists():
        download(FILE, directory, urls, read_pendigits, progress,
                 hint=f"offline? give --pen-dir DIR, or set {ENV_VAR} to a folder holding "
                      f"{FILE}")
    table = read_pendigits(path)
    return table[:, :16].reshape(len(table), 8, 2).astype(np.float32), table[:, 16].astype(np.int64)


def split_pendigits(points: np.ndarray, labels: np.ndarray
                    ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """points (n, 8, 2), labels (n,) -> (training rows, validation rows), each a
    (points, labels) pair: the last VALIDATION_ROWS are never trained on.

    The file's rows are not grouped by writer, so validation shares writers with
    training and reads optimistic; a check on other writers reads lower.
    """
    cut = len(points) - VALIDATION_ROWS
    return (points[:cut], labels[:cut]), (points[cut:], labels[cut:])
