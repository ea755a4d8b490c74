"""Recipes: how the training sets are assembled and how models are measured.

`digits train`, `digits evaluate`, the docs' figure command and the benchmarks all
call these functions, so a number in the docs comes from the same code a user runs.
The knobs sit here at the top, each with the reason for its value.
"""

from collections.abc import Callable

import numpy as np

from softmax_from_scratch.canvas import INPUTS, canvas_to_input
from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.drawing import CANVAS
from softmax_from_scratch.features import make_features, shift_images
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.parallel import map_chunks
from softmax_from_scratch.pen import pen_dataset
from softmax_from_scratch.strokes import partial_dataset
from softmax_from_scratch.training import accuracy

# Real pen trajectories (pendigits) in training: every training row is drawn once per
# (smooth, jitter) pair here, and snapshot at these shares of its path. The early
# fractions teach the model the first strokes; 1.0 keeps the finished digit in view.
PEN_DRAWINGS = ((False, False), (True, True))  # (smooth, jitter)
PEN_FRACTIONS = (0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
TRAIN_CANVAS = CANVAS // 4  # training drawings: the game's canvas at a quarter resolution
# MNIST digits drawn again from their skeleton (the earlier recipe, `--partial`).
PARTIAL_FRACTIONS = (0.4, 0.6, 1.0)
# Players rarely draw where MNIST centres its digits: beside each MNIST digit, the same
# digit moved up to this many pixels (of 28) in the canvas view.
MAX_SHIFT = 3
# Collected drawings are repeated until they make up this share of the training set,
# beside all of MNIST (MNIST replay: learn a player's hand, forget nobody else's).
COLLECTED_SHARE = 0.2
# Measuring: the shares of the path at which accuracy is reported, and how many MNIST
# test digits are re-drawn for the skeleton-walk measure.
COMPLETIONS = (0.25, 0.5, 0.75, 1.0)
COMPLETION_LIMIT = 2000


def _chunk_framed(images: np.ndarray, k: int, framing: str) -> list[np.ndarray]:
    return [canvas_to_input(image.reshape(28, 28), framing) for image in images]


def mnist_inputs(X: np.ndarray, framing: str, features: str = "mnist28",
                 progress: bool = False) -> np.ndarray:
    """MNIST rows (n, 784) -> the model's input (n, INPUTS[framing]).

    framing "mnist" is the 2016 original's input, the pixels as they are
    (`make_features`: 784, or 400 for features "original20"). Every other framing treats
    each digit as a 28x28 canvas and passes it through `canvas_to_input`, exactly
    the game's pipeline.
    """
    if framing == "mnist":
        return make_features(X, features)
    rows = map_chunks(_chunk_framed, X, framing, progress=progress)
    return np.array(rows, dtype=np.float32).reshape(len(X), INPUTS[framing])


def training_set(X: np.ndarray, y: np.ndarray, framing: str, features: str = "mnist28", *,
                 pen: tuple[np.ndarray, np.ndarray] | None = None, partial_digits: int = 0,
                 collected: str | None = None, seed: int = 0, progress: bool = False,
                 say: Callable[[str], object] = lambda _: None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The rows a model is trained on: MNIST first (rows 0..n-1, in order), then what
    the options add.

    X, y: MNIST training rows (n, 784) and labels. For any framing but "mnist", the
    same digits moved up to MAX_SHIFT px are added. pen: pendigits training
    trajectories (points, labels), drawn at PEN_FRACTIONS (`pen_dataset`), once as
    polylines filling the guide box and once smoothed and jittered. partial_digits:
    that many MNIST digits re-drawn from their skeleton at PARTIAL_FRACTIONS.
    collected: a collect-mode folder, its drawings oversampled to COLLECTED_SHARE.
    progress: show progress bars; say: called with a line on each part (e.g. print).
    Returns (rows (m, INPUTS[framing]) float32, labels (m,)).
    """
    say(f"MNIST: {len(X):,} digits through the {framing} framing")
    parts = [(mnist_inputs(X, framing, features, progress), y)]
    if framing != "mnist":
        parts.append((mnist_inputs(shift_images(X, MAX_SHIFT, seed), framing), y))
    if pen is not None:
        points, labels = pen
        say(f"pen: {len(points):,} trajectories x {len(PEN_DRAWINGS)} drawings x "
            f"{len(PEN_FRACTIONS)} fractions")
        for smooth, jitter in PEN_DRAWINGS:
            X_pen, y_pen, _ = pen_dataset(points, labels, PEN_FRACTIONS, framing, smooth=smooth,
                                          jitter=jitter, size=TRAIN_CANVAS, seed=seed,
                                          progress=progress)
            parts.append((X_pen, y_pen))
    if partial_digits:
        n = min(partial_digits, len(X))
        say(f"rendering {n:,} MNIST digits from their skeleton at {PARTIAL_FRACTIONS}")
        X_part, y_part, _ = partial_dataset(X[:n], y[:n], PARTIAL_FRACTIONS, framing,
                                            jitter=True, seed=seed, progress=progress)
        parts.append((X_part, y_part))
    if collected:
        X_drawn, y_drawn = load_collected(collected, framing, PEN_FRACTIONS)
        if len(X_drawn) == 0:
            raise ValueError(f"{collected} holds no usable drawings")
        repeats = max(1, round(COLLECTED_SHARE * len(X) / len(X_drawn)))
        say(f"{len(X_drawn)} snapshots of collected drawings (re-drawn in the player's pen "
            f"order at {PEN_FRACTIONS}), each repeated {repeats}x, beside MNIST")
        parts.append((np.tile(X_drawn, (repeats, 1)), np.tile(y_drawn, repeats)))
    return (np.vstack([rows for rows, _ in parts]),
            np.concatenate([labels for _, labels in parts]))


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
    """Accuracy on real pen trajectories as played: each drawn into the game's 560 px
    canvas with the game's pen, filling the guide box (or `jitter`ed: placed, sized and
    slanted as players vary, seeded), stopped at each fraction of its path, framed as
    the game frames its canvas. A snapshot with no ink counts as wrong.

    points: (n, 8, 2) pendigits trajectories, labels: (n,). Returns {fraction: accuracy}."""
    X, y, drawn_to = pen_dataset(points, labels, fractions, framing_of(model), smooth=smooth,
                                 jitter=jitter, seed=1, progress=progress)
    right = model.predict(X) == y
    return {f: float(right[drawn_to == f].sum() / len(points)) for f in fractions}


def framing_of(model: SoftmaxRegression) -> str:
    """The framing a model reads, from its metadata ("mnist" for a plain MNIST model)."""
    return model.metadata.get("framing", "mnist")
