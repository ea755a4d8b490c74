"""The measures: how well a model reads digits drawn as players draw them.

On the held-out pen trajectories drawn as played (`pen_accuracy`), MNIST's test digits
re-drawn from their skeleton (`completion_accuracy`), and the common shapes' grid
(`shapes_accuracy`), at each share of the path drawn; and the rows fine-tuning's
before/after table is measured on (`measuring_rows`). They count right guesses with
evaluation.py's `accuracy`, as every measure in the project does.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np

from softmax_from_scratch.datasets import mnist_inputs
from softmax_from_scratch.evaluation import accuracy
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.parallel import each_in_chunk, map_chunks, map_seeded
from softmax_from_scratch.rowcache import cached_rows, grey_levels, unit_rows
from softmax_from_scratch.shapes import all_styles, shape_grid
from softmax_from_scratch.skeletons import partial_dataset
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.trajectories import pen_dataset, pen_inputs
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

# Measuring on held-out pen trajectories draws on the game's own canvas: exactly the ink
# a player leaves.
MEASURE_CANVAS = CANVAS
# Measuring: the shares of the path at which accuracy is reported, and how many MNIST
# test digits are re-drawn for the skeleton-walk measure.
COMPLETIONS = (0.25, 0.5, 0.75, 1.0)
COMPLETION_LIMIT = 2000


def measuring_rows(X_test: np.ndarray, y_test: np.ndarray, framing: str,
                   validation: tuple[np.ndarray, np.ndarray],
                   say: Callable[[str], object] = lambda _: None
                   ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The rows fine-tuning's before/after table is measured on, cached like base rows:
    "MNIST test" (the 10,000 test digits through the framing), and the held-out pen
    trajectories drawn as played (filling the box, at MEASURE_CANVAS px) to "pen 50%" and
    "pen 100%".
    A trajectory with no ink at a fraction would be left out; at 50 % every one has ink."""

    def build() -> tuple[np.ndarray, np.ndarray]:
        X_pen, y_pen, drawn_to = pen_dataset(*validation, (0.5, 1.0), framing,
                                             size=MEASURE_CANVAS, seed=1)
        order = np.argsort(drawn_to, kind="stable")  # the 50 % rows, then the 100 % rows
        return (grey_levels(np.vstack([mnist_inputs(X_test, framing), X_pen[order]])),
                np.concatenate([y_test, y_pen[order]]))

    key = {"measure": framing, "pen rows": len(validation[0]), "canvas": MEASURE_CANVAS}
    grey, y = cached_rows(key, build, say)
    X = unit_rows(grey)
    n, m = len(X_test), len(validation[0])
    return {"MNIST test": (X[:n], y[:n]), "pen 50%": (X[n : n + m], y[n : n + m]),
            "pen 100%": (X[n + m :], y[n + m :])}


def completion_accuracy(model: SoftmaxRegression, X_test: np.ndarray, y_test: np.ndarray,
                        fractions: tuple[float, ...] = COMPLETIONS, limit: int = COMPLETION_LIMIT,
                        jitter: bool = True) -> dict[float, float]:
    """Accuracy on the first `limit` MNIST test digits re-drawn from their skeleton to each
    completion fraction and framed as the game frames its canvas; with jitter, each
    digit first moved and resized as players place digits (seeded)."""
    X_drawn, y_drawn, drawn_to = partial_dataset(X_test[:limit], y_test[:limit], fractions,
                                                 framing_of(model), jitter=jitter, seed=1)
    return {f: accuracy(model, X_drawn[drawn_to == f], y_drawn[drawn_to == f]) for f in fractions}


def pen_accuracy(model: SoftmaxRegression, points: np.ndarray, labels: np.ndarray,
                 fractions: tuple[float, ...] = COMPLETIONS, smooth: bool = False,
                 jitter: bool = False, progress: bool = False) -> dict[float, float]:
    """Accuracy on real pen trajectories as played: each drawn into the game's canvas
    (at MEASURE_CANVAS px) with the game's pen, filling the guide box (or `jitter`ed:
    placed, sized and slanted as players vary, seeded), stopped at each fraction of its
    path, framed as the game frames its canvas. A snapshot with no ink counts as wrong.
    The rows of `pen_dataset`, but each worker guesses its own (`_chunk_guesses`), so
    that only the guesses, not the rows, travel between processes.

    points: (n, 8, 2) pendigits trajectories, labels: (n,). Returns {fraction: accuracy}."""
    make = partial(pen_inputs, fractions=tuple(fractions), framing=framing_of(model),
                   smooth=smooth, jitter=jitter, size=MEASURE_CANVAS)
    seed = 1  # the jittered placements'
    guesses = np.array(map_chunks(_chunk_guesses, points, model, make, seed,
                                  progress=progress)).reshape(len(points), len(fractions))
    right = guesses == np.asarray(labels)[:, None]
    return {f: float(right[:, i].mean()) for i, f in enumerate(fractions)}


def _chunk_guesses(points: np.ndarray, k: int, model: SoftmaxRegression,
                   make: Callable[[Any, np.random.Generator], Any], seed: int
                   ) -> list[list[int]]:
    """Chunk k of `pen_accuracy`: per trajectory, the model's guess at each fraction
    (-1 where nothing is drawn yet), its inputs made as `map_seeded` makes them."""
    inputs = each_in_chunk(points, k, make, seed)
    drawn = [x for snaps in inputs for x in snaps if x is not None]
    guesses = iter(model.predict(np.array(drawn)) if drawn else [])
    return [[-1 if x is None else int(next(guesses)) for x in snaps] for snaps in inputs]


def drawn_inputs(strokes: list[np.ndarray], rng: np.random.Generator,
                 fractions: tuple[float, ...], framing: str) -> list[np.ndarray | None]:
    """A drawing's canvas strokes at each fraction (rng unused: nothing is random)."""
    return snapshot_inputs(strokes, fractions, framing)


def shapes_accuracy(model: SoftmaxRegression, fractions: tuple[float, ...] = (0.5, 1.0)
                    ) -> dict[tuple[int, str], dict[float, float]]:
    """Accuracy on the common-shapes grid (`shapes.shape_grid`: each clean style at 6
    heights from 40 % to 110 % of the guide box, at 9 places in it), drawn with the
    game's pen at 560 px and framed as played: {(digit, style): {fraction: accuracy}}."""
    styles = all_styles()
    grids = [shape_grid(digit, style) for digit, style in styles]
    owner = np.repeat(np.arange(len(styles)), [len(grid) for grid in grids])
    inputs = map_seeded(partial(drawn_inputs, fractions=tuple(fractions),
                                framing=framing_of(model)), [d for grid in grids for d in grid])
    X, which, drawn_to = stack_snapshots(inputs, owner, fractions, framing_of(model))
    right = model.predict(X) == np.array([styles[i][0] for i in which])
    return {style: {f: float(right[(which == s) & (drawn_to == f)].sum() / len(grids[s]))
                    for f in fractions} for s, style in enumerate(styles)}
