"""The search behind the shipped network's settings, on held-out rows only.

Trains a network on the shipped recipe's rows (the cached rows of MNIST, pen
trajectories and common shapes that `load_default_model("linear")` was trained on)
for each setting of a small grid, and scores each on the *validation* rows: MNIST's
test digits and the held-out pendigits trajectories drawn as played, half and whole
(`measures.measuring_rows`). Nothing here reads any other test set. One line a
setting, best last in the summary:

    python -m tools.network_search [--quick]
"""

import argparse
import itertools
import time

import numpy as np

from softmax_from_scratch import Network, datasets, load_mnist, load_pendigits, measures, sgd, train
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.evaluation import accuracy
from softmax_from_scratch.pendigits import split_pendigits
from softmax_from_scratch.strokes import CANVAS, GUIDE
from softmax_from_scratch.views import input_length, snapshot_inputs

GRID = {"hidden": (128, 256), "epochs": (3, 6), "learning_rate": (0.05, 0.1),
        "weight_decay": (0.0, 1e-5)}
QUICK = {"hidden": (256,), "epochs": (3,), "learning_rate": (0.1,), "weight_decay": (1e-5,)}


def straight_ones_misread(model: Network) -> int:
    """How many of the 99 straight one-stroke 1s of tests/test_shapes.py (11 heights from
    150 to 440 px, each at 9 places in the box) the model reads as another digit."""
    wrong = 0
    for height in range(150, 441, 29):
        free = max(GUIDE - height, 0) / 2
        for dx, dy in itertools.product((-free, 0, free), repeat=2):
            x, y = CANVAS / 2 + dx, CANVAS / 2 + dy
            stroke = np.array([[x, y - height / 2], [x, y + height / 2]])
            (row,) = snapshot_inputs([stroke], (1.0,), model.metadata["framing"])
            wrong += int(model.predict(row[None])[0] != 1)
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one setting only")
    args = parser.parse_args()
    recipe = datasets.recipe_of(load_default_model("linear"))
    (X, y), (X_test, y_test) = load_mnist(progress=False)
    pen, validation = split_pendigits(*load_pendigits(progress=False))
    rows, labels = datasets.training_set(X, y, recipe, pen, say=print)
    measured = measures.measuring_rows(X_test, y_test, recipe.framing, validation, print)
    grid = QUICK if args.quick else GRID
    results = []
    for values in itertools.product(*grid.values()):
        setting = dict(zip(grid, values, strict=True))
        network = Network(input_length(recipe.framing), setting["hidden"], seed=0)
        network.metadata = {"framing": recipe.framing}
        settings = sgd.sgd_network(len(rows), setting["epochs"], setting["learning_rate"])
        started = time.perf_counter()
        train(network, rows, labels, **settings.options(), seed=0, progress=False,
              weight_decay=setting["weight_decay"], eval_every=settings.steps)
        seconds = time.perf_counter() - started
        scores = {name: accuracy(network, *rows_) for name, rows_ in measured.items()}
        results.append((scores["pen 50%"] + scores["pen 100%"], setting, scores, seconds))
        print(f"{setting}: " + ", ".join(f"{k} {v:.2%}" for k, v in scores.items())
              + f", straight 1s misread {straight_ones_misread(network)} of 99, "
              f"{seconds:.0f} s", flush=True)
    print("best on the held-out pen rows (half + whole):", max(results, key=lambda r: r[0])[1])


if __name__ == "__main__":
    np.seterr(over="ignore")
    main()
