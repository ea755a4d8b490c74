"""The parity suite needs TensorFlow (`pip install -e '.[tf]'`).

Without it every test here skips, saying so. With PARITY_REQUIRED=1 (as
.ci/run sets) the run then fails: the parity gate (parity_tests/gate.py) counts
every parity test that did not pass, a skipped one included. CI must prove parity,
not quietly skip it.
"""

import pytest


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist loadgroup`), keep the step-for-step tests of one
    framing, dtype and start on one worker, every trainer's: they read one training run
    (helpers.side_by_side, NumPy and the TensorFlow trainers on the same batches, made once
    per process), which two workers would each repeat."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "trainer" in params:
            run = "-".join(str(params[k]) for k in ("framing", "dtype", "init"))
            item.add_marker(pytest.mark.xdist_group(run))


@pytest.fixture(scope="session")
def tf_models():
    """The TensorFlow trainers (parity_tests/tf_models.py); skips when TF is not installed."""
    pytest.importorskip("tensorflow", reason="TensorFlow is not installed: pip install -e '.[tf]'")
    from parity_tests import tf_models

    return tf_models


@pytest.fixture(scope="session")
def mnist_rows(mnist):
    """{framing: (X, y, X_test, y_test)} for the framings of MNIST's pixels ("mnist",
    "original20"), float64 copies made on demand."""
    from softmax_from_scratch.datasets import FROM_PIXELS

    (X, y), (X_test, y_test) = mnist
    return {framing: (inputs(X), y, inputs(X_test), y_test)
            for framing, inputs in FROM_PIXELS.items()}
