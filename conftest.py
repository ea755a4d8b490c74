"""Shared fixtures: the real MNIST, found the way users find it."""

import os
from pathlib import Path

import numpy as np
import pytest

from softmax_from_scratch import load_mnist

SHARED_MNIST = Path(__file__).resolve().parents[1] / "shared" / "data" / "mnist"


def mnist_dir() -> Path | None:
    """$DIGITS_MNIST_DIR, else the workplace copy beside the repository, else None
    (load_mnist then downloads into the per-user cache)."""
    if os.environ.get("DIGITS_MNIST_DIR"):
        return Path(os.environ["DIGITS_MNIST_DIR"])
    return SHARED_MNIST if SHARED_MNIST.exists() else None


@pytest.fixture(scope="session")
def mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    return load_mnist(mnist_dir(), progress=False)
