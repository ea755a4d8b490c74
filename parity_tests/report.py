"""Measure how closely NumPy and TensorFlow agree and write the tables into docs/parity.md.

    python -m parity_tests.report      # needs the tf extra; about 4 minutes on 2 cores
"""

from pathlib import Path

import numpy as np

from parity_tests import tf_models
from parity_tests.helpers import (
    CHECKPOINTS,
    NETWORK_CHECKPOINTS,
    STEP_FOR_STEP,
    full_recipe_predictions,
    network_side_by_side,
    side_by_side,
)
from softmax_from_scratch import SoftmaxRegression, load_mnist, train
from softmax_from_scratch.datasets import FROM_PIXELS
from tools.doc_tables import write_table

ROOT = Path(__file__).resolve().parents[1]


class Rows(dict):
    __hash__ = object.__hash__


def training_table(mnist_rows: Rows) -> str:
    rows = ["| TensorFlow side | framing | dtype | init | "
            + " | ".join(f"after {n:,}" for n in CHECKPOINTS) + " |",
            "|---|---|---|---|" + "---:|" * len(CHECKPOINTS)]
    for trainer in STEP_FOR_STEP:
        for framing in FROM_PIXELS:
            for dtype in ("float32", "float64"):
                for init in ("zeros", "random"):
                    diffs = side_by_side(framing, dtype, init, mnist_rows, tf_models)[trainer]
                    cells = [f"{max(diffs[n]):.1e}" for n in CHECKPOINTS]
                    rows.append(f"| {trainer} | {framing} | {dtype} | {init} | "
                                + " | ".join(cells) + " |")
            print(f"measured {trainer} {framing}")
    return "\n".join(rows)


def network_table(X, y) -> str:
    """The network after 1, 10 and 100 momentum steps: the largest relative difference
    of any of its four parameters, per TensorFlow side and dtype."""
    rows = ["| TensorFlow side | dtype | "
            + " | ".join(f"after {n:,}" for n in NETWORK_CHECKPOINTS) + " |",
            "|---|---|" + "---:|" * len(NETWORK_CHECKPOINTS)]
    for dtype in ("float32", "float64"):
        measured = network_side_by_side(dtype, X[:20_000], y[:20_000], tf_models)
        for trainer, diffs in measured.items():
            rows.append(f"| {trainer} | {dtype} | "
                        + " | ".join(f"{max(diffs[n]):.1e}" for n in NETWORK_CHECKPOINTS)
                        + " |")
    return "\n".join(rows)


def full_recipe(X, y, X_test, y_test) -> str:
    ours = SoftmaxRegression(X.shape[1])
    train(ours, X, y, seed=0, progress=False)
    ours_predicted, theirs_predicted = full_recipe_predictions(ours, X, y, X_test, tf_models)
    agree = (ours_predicted == theirs_predicted).mean()
    return (f"After the full 2016 recipe (float32, 784 inputs, 10,000 steps): predictions "
            f"agree on **{agree:.2%}** of the 10,000 test digits "
            f"({int((ours_predicted != theirs_predicted).sum())} differ); test accuracy "
            f"NumPy **{(ours_predicted == y_test).mean():.2%}**, TensorFlow 1 graph "
            f"**{(theirs_predicted == y_test).mean():.2%}**.")


def main() -> None:
    (X, y), (X_test, y_test) = load_mnist(progress=False)
    mnist_rows = Rows({framing: (inputs(X), y) for framing, inputs in FROM_PIXELS.items()})
    write_table(ROOT / "docs" / "parity.md", "training", training_table(mnist_rows))
    write_table(ROOT / "docs" / "parity.md", "recipe", full_recipe(X, y, X_test, y_test))
    write_table(ROOT / "docs" / "parity.md", "network", network_table(X, y))
    print("wrote docs/parity.md")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
