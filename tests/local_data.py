"""Where the tests find their data: the datasets as users have them, or the workplace copy."""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def local_dir(env_var: str, name: str, a_file: str) -> Path | None:
    """$env_var, else the workplace copy beside the repository, if it holds the data;
    else None (the loaders then use the per-user cache, downloading into it)."""
    directory = Path(os.environ[env_var]) if os.environ.get(env_var) else SHARED / name
    return directory if (directory / a_file).exists() else None


def mnist_dir() -> Path | None:
    return local_dir("DIGITS_MNIST_DIR", "mnist", "train-images-idx3-ubyte.gz")


def pendigits_dir() -> Path | None:
    return local_dir("DIGITS_PENDIGITS_DIR", "pendigits", "pendigits.tra")


def unavailable(reason: str) -> None:
    """Data a test needs cannot be had: skip with the reason, or fail in CI, which has it."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must have its data: {reason}")
    pytest.skip(reason)


def local_copy(directory: Path | None, env_var: str) -> Path:
    """A local directory of the data, for tests that serve or damage a copy of it."""
    if directory is None:
        unavailable(f"no local copy of the data: set {env_var}")
    return directory
