"""MNIST: find it, download it, check it, read it.

The four files are in the IDX format: a big-endian header, then raw bytes.

    images: magic 2051 (0x00000803), count, rows, cols, then count*rows*cols uint8
    labels: magic 2049 (0x00000801), count,              then count uint8

Every file is checked against the SHA-256 of its *decompressed* content (the
values widely pinned for the official files), so any mirror's gzip encoding
is accepted and any changed byte is refused.

Where the files are looked for: `downloads.find_data_dir` (the argument, else
$DIGITS_MNIST_DIR, else a per-user cache, downloading into it what is missing).
"""

import gzip
import hashlib
import zlib
from pathlib import Path

import numpy as np

from softmax_from_scratch.downloads import DataError, download, find_data_dir

ENV_VAR = "DIGITS_MNIST_DIR"

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

# file name -> (IDX magic, number of items, SHA-256 of the decompressed bytes)
FILES = {
    "train-images-idx3-ubyte.gz": (
        2051, 60_000, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    "train-labels-idx1-ubyte.gz": (
        2049, 60_000, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    "t10k-images-idx3-ubyte.gz": (
        2051, 10_000, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    "t10k-labels-idx1-ubyte.gz": (
        2049, 10_000, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
}


def parse_idx(
    raw: bytes, expected_magic: int, expected_count: int, name: str = "IDX"
) -> np.ndarray:
    """Decompressed IDX bytes -> uint8 array: (count, rows, cols) images or (count,) labels.

    Checks the magic number, the header's dimensions against the payload
    length and the item count, so a truncated or mislabelled file is refused
    with the reason instead of being reshaped into nonsense.
    """
    if len(raw) < 8:
        raise DataError(f"{name}: {len(raw)} bytes is too short for an IDX header")
    magic = int.from_bytes(raw[:4], "big")  # pragma: no mutate (3.11 default)
    if magic != expected_magic:
        raise DataError(f"{name}: magic number {magic}, expected {expected_magic}")
    n_dims = raw[3]
    header = 4 + 4 * n_dims
    if len(raw) < header:
        raise DataError(f"{name}: truncated header")
    dims = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(n_dims)]
    if dims[0] != expected_count:
        raise DataError(f"{name}: header says {dims[0]} items, expected {expected_count}")
    if n_dims == 3 and dims[1:] != [28, 28]:
        raise DataError(f"{name}: images are {dims[1]}x{dims[2]}, expected 28x28")
    payload = int(np.prod(dims))
    if len(raw) - header != payload:
        raise DataError(
            f"{name}: {len(raw) - header} bytes of data, the header promises {payload} "
            "(truncated or padded file)"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def read_idx_gz(path: Path) -> np.ndarray:
    """Read one of the four MNIST files, verifying its checksum and structure:
    images (n, 28, 28) uint8 or labels (n,) uint8."""
    magic, count, sha256 = FILES[path.name]
    try:
        with gzip.open(path, "rb") as f:  # pragma: no mutate (binary by default)
            raw = f.read()
    except (OSError, EOFError, zlib.error) as err:  # not gzip, cut short, or garbled
        raise DataError(f"{path}: cannot decompress ({err})") from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        array = parse_idx(raw, magic, count, str(path))  # a structural error names the cause
        raise DataError(
            f"{path}: SHA-256 of the content is {digest}, expected {sha256} "
            f"(structure looks fine, {array.shape}, but the bytes differ from MNIST)"
        )
    return parse_idx(raw, magic, count, str(path))


def mnist_files(data_dir: str | Path | None = None, mirrors: tuple[str, ...] = MIRRORS,
                progress: bool = True) -> Path:
    """Make sure the four files are in the data directory (downloading what is
    missing) and return that directory."""
    directory = find_data_dir(data_dir, ENV_VAR, "mnist")
    for name in FILES:
        if not (directory / name).exists():
            download(name, directory, mirrors, read_idx_gz, progress,
                     hint=f"offline? give --data-dir DIR, or set {ENV_VAR} to a folder "
                          "holding the four MNIST .gz files")
    return directory


def load_split(directory: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    """One half of MNIST from a directory holding the files: split "train" or "t10k"
    (test) -> X (n, 784) float32 in [0, 1] (grey level / 255, ink bright), y (n,) int64."""
    raw = read_idx_gz(directory / f"{split}-images-idx3-ubyte.gz")
    X = (raw.reshape(len(raw), -1) / np.float32(255)).astype(np.float32)
    return X, read_idx_gz(directory / f"{split}-labels-idx1-ubyte.gz").astype(np.int64)


def load_mnist(
    data_dir: str | Path | None = None, mirrors: tuple[str, ...] = MIRRORS, progress: bool = True
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """-> (X_train, y_train), (X_test, y_test).

    X: (n, 784) float32 in [0, 1] (grey level / 255, ink bright), y: (n,) int64.
    n = 60,000 for training and 10,000 for test.
    """
    directory = mnist_files(data_dir, mirrors, progress)
    return load_split(directory, "train"), load_split(directory, "t10k")


def load_mnist_test(data_dir: str | Path | None = None, mirrors: tuple[str, ...] = MIRRORS,
                    progress: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Only the 10,000 test digits, (X_test, y_test), for measuring: a sixth of the work."""
    return load_split(mnist_files(data_dir, mirrors, progress), "t10k")
