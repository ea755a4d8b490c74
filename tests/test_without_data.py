"""Specification of the suite itself on a machine with neither the data nor a network."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_data_tests_skip_with_one_clear_reason_when_there_is_no_data(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "DIGITS_MNIST_DIR": str(empty), "DIGITS_PENDIGITS_DIR": str(empty),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    env.pop("CI", None)
    env.pop("PARITY_REQUIRED", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-rs", "tests/test_mnist.py", "tests/test_pendigits.py"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "skipped" in result.stdout and not re.search(r"\d+ errors?\b", result.stdout)
    assert "could not be downloaded" in result.stdout or "no local copy" in result.stdout
