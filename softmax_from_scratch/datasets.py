"""The training sets: what a model's rows are made of, and how they are drawn.

A `Recipe` names them (MNIST through a framing, the pen trajectories, the common shapes,
MNIST's skeletons, the players' collected drawings); `training_set` builds them, drawing
a recipe's rows once and keeping them in the row cache (rowcache.py). The knobs sit at
the top, each with the reason for its value. `digits train`, the docs' figure command
and the benchmarks all call these, so a number in the docs comes from the code a user runs.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.features import shift_images
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.parallel import map_seeded
from softmax_from_scratch.rowcache import GreyRows, cached_rows, grey_levels
from softmax_from_scratch.shapes import shapes_dataset
from softmax_from_scratch.skeletons import partial_dataset
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.trajectories import pen_dataset
from softmax_from_scratch.views import (
    canvas_to_input,
    input_length,
    mnist_to_original20,
    views_of,
)

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
# Collected drawings are repeated until they make up this share of the training rows,
# beside everything the model learnt from before (replay: learn a player's hand,
# forget nobody else's).
COLLECTED_SHARE = 0.05
# A player's drawings (collected, or taught in the game) are snapshot from half drawn to
# finished only: the first stroke of a 1 is the first stroke of a 7 and a 4 too, and
# learning one player's first strokes as their digit cost other writers' half-drawn
# guesses twice as much (docs/game.md measures it).
PLAYER_FRACTIONS = (0.5, 0.65, 0.8, 1.0)
# The shipped recipe's common-shape drawings (shapes.py): 2,400 upright 1s, then 960 of
# each digit in every style.
SHAPES = 12_000
# The pen rows count twice: beside the shapes, once was too little to keep the held-out
# finished trajectories as well read as without them (docs/game.md measures it).
PEN_REPEATS = 2


def framed_input(image: np.ndarray, rng: np.random.Generator, framing: str) -> np.ndarray:
    """An MNIST digit (784,) as a 28 x 28 canvas, framed (rng unused: nothing is random)."""
    return canvas_to_input(image.reshape(28, 28), framing)


# MNIST's digits come in MNIST's normalisation already: for these framings, its pixels
# as they are (the 2016 recipe's input), or averaged to the 2016 original's 20 x 20
FROM_PIXELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "mnist": lambda X: X, "original20": mnist_to_original20}


def mnist_inputs(X: np.ndarray, framing: str, progress: bool = False) -> np.ndarray:
    """MNIST rows (n, 784) -> the model's input (n, input_length(framing)).

    The framings in FROM_PIXELS read MNIST's pixels as they are. Every other framing
    treats each digit as a 28x28 canvas and passes it through `canvas_to_input`, exactly
    the game's pipeline.
    """
    if framing in FROM_PIXELS:
        return FROM_PIXELS[framing](X)
    rows = map_seeded(partial(framed_input, framing=framing), X, progress=progress)
    return np.array(rows, dtype=np.float32).reshape(len(X), input_length(framing))


class RecipeError(ValueError):
    """Training rows this version cannot make: a recipe that asks for drawings on MNIST's
    pixels alone, or a model whose recipe it cannot rebuild (fine-tuning refuses it)."""


@dataclass(frozen=True)
class Recipe:
    """What a model's training rows are made of. `digits train` stores it in the model's
    metadata ("rows"), so that fine-tuning can rebuild exactly those rows and add to them.

    framing: the model's input (views.py); "mnist" and "original20" are MNIST's
    pixels alone (FROM_PIXELS), every other framing draws its rows on a canvas.
    pen: pendigits training trajectories drawn at PEN_FRACTIONS; shapes: that many
    common-shape drawings (shapes.py) at PEN_FRACTIONS; partial_digits: that many MNIST
    digits re-drawn from their skeleton; seed: every random placement's seed;
    collected: collect-mode folders, each drawing re-drawn in its player's pen order.
    """

    framing: str = "mnist"
    pen: bool = False
    shapes: int = 0
    partial_digits: int = 0
    seed: int = 0
    collected: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        views_of(self.framing)  # refuses a framing this version does not know
        if not self.draws and (self.pen or self.shapes or self.partial_digits):
            raise RecipeError(f"framing {self.framing!r} is MNIST's pixels alone: drawings "
                              "(pen, shapes, partial digits) need a framing that reads the "
                              "canvas (canvas, both or three)")

    @property
    def draws(self) -> bool:
        """Whether its rows are drawn on a canvas (and cached), not MNIST's pixels alone."""
        return self.framing not in FROM_PIXELS

    def base(self) -> "Recipe":
        """The same recipe without the collected drawings: the part that is cached."""
        return replace(self, collected=())

    def as_metadata(self) -> dict[str, Any]:
        """The recipe as the JSON a model file stores."""
        return {**asdict(self), "collected": list(self.collected)}


def recipe_of(model: SoftmaxRegression, path: str | Path = "the model") -> Recipe:
    """The Recipe a model was trained on, from its metadata: "rows" (written since
    fine-tuning exists), else the older "recipe" entry, checked against this version's
    constants. Raises RecipeError naming what is missing or different."""
    meta = model.metadata
    if "rows" in meta:
        try:
            rows = dict(meta["rows"])
            return Recipe(**{**rows, "collected": tuple(rows.get("collected", ()))})
        except (TypeError, ValueError) as err:
            raise RecipeError(f"{path}: its training recipe {meta['rows']} is not one this "
                              f"version knows ({err})") from None
    old = meta.get("recipe")
    if not isinstance(old, dict) or "framing" not in meta:
        raise RecipeError(f"{path}: its metadata does not say what it was trained on "
                          "(no 'rows', 'recipe' or 'framing'): give the training options "
                          "yourself, or train a new model with `digits train`")
    pen = old.get("pen") or None
    if pen and (pen.get("drawings") != [list(d) for d in PEN_DRAWINGS]
                or pen.get("fractions") != list(PEN_FRACTIONS)):
        raise RecipeError(f"{path}: it was trained on pen drawings {pen}, which this version "
                          f"no longer makes ({PEN_DRAWINGS} at {PEN_FRACTIONS})")
    skeleton = old.get("partial") or {}
    if skeleton and skeleton.get("fractions") != list(PARTIAL_FRACTIONS):
        raise RecipeError(f"{path}: it was trained on skeleton re-drawings at "
                          f"{skeleton.get('fractions')}, which this version no longer makes")
    collected = (old["collected"],) if old.get("collected") else ()
    return Recipe(framing=meta["framing"], pen=bool(pen), partial_digits=skeleton.get("digits", 0),
                  seed=old.get("seed") or 0, collected=collected)


def drawn_rows(X: np.ndarray, y: np.ndarray, recipe: Recipe,
               pen: tuple[np.ndarray, np.ndarray] | None, progress: bool,
               say: Callable[[str], object]) -> tuple[np.ndarray, np.ndarray]:
    """Build the base rows of a drawing framing (no cache): MNIST through the framing,
    MNIST moved up to MAX_SHIFT px, then pen, shapes and skeleton drawings as asked.
    Returns (grey levels (m, d) uint8, labels (m,)): each part is turned into the cache's
    grey levels (`grey_levels`) as soon as it is drawn, a quarter of its float32 size."""
    say(f"MNIST: {len(X):,} digits through the {recipe.framing} framing, and moved")
    parts = [(grey_levels(mnist_inputs(X, recipe.framing, progress=progress)), y),
             (grey_levels(mnist_inputs(shift_images(X, MAX_SHIFT, recipe.seed),
                                       recipe.framing)), y)]
    if recipe.pen:
        if pen is None:
            raise RecipeError("this recipe draws the pendigits trajectories: pass them")
        points, labels = pen
        say(f"pen: {len(points):,} trajectories x {len(PEN_DRAWINGS)} drawings x "
            f"{len(PEN_FRACTIONS)} fractions, counted {PEN_REPEATS}x")
        for smooth, jitter in PEN_DRAWINGS:
            X_pen, y_pen, _ = pen_dataset(points, labels, PEN_FRACTIONS, recipe.framing,
                                          smooth=smooth, jitter=jitter, size=TRAIN_CANVAS,
                                          seed=recipe.seed, progress=progress)
            parts += [(grey_levels(X_pen), y_pen)] * PEN_REPEATS
    if recipe.shapes:
        say(f"common shapes: {recipe.shapes:,} drawings x {len(PEN_FRACTIONS)} fractions")
        X_shape, y_shape, _ = shapes_dataset(recipe.shapes, PEN_FRACTIONS, recipe.framing,
                                             TRAIN_CANVAS, recipe.seed, progress)
        parts.append((grey_levels(X_shape), y_shape))
    if recipe.partial_digits:
        n = min(recipe.partial_digits, len(X))
        say(f"rendering {n:,} MNIST digits from their skeleton at {PARTIAL_FRACTIONS}")
        X_part, y_part, _ = partial_dataset(X[:n], y[:n], PARTIAL_FRACTIONS, recipe.framing,
                                            jitter=True, seed=recipe.seed, progress=progress)
        parts.append((grey_levels(X_part), y_part))
    return (np.vstack([rows for rows, _ in parts]),
            np.concatenate([labels for _, labels in parts]))


def collected_rows(recipe: Recipe, n_base: int, say: Callable[[str], object] = lambda _: None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Every collected folder's drawings, re-drawn in the player's pen order at
    PLAYER_FRACTIONS and repeated until they make up COLLECTED_SHARE of the training rows."""
    found = [load_collected(folder, recipe.framing, PLAYER_FRACTIONS, size=TRAIN_CANVAS,
                            say=say)
             for folder in recipe.collected]
    X_drawn = np.vstack([X for X, _ in found])
    y_drawn = np.concatenate([y for _, y in found])
    if len(X_drawn) == 0:
        raise ValueError(f"{', '.join(recipe.collected)}: no usable drawings")
    repeats = max(1, round(COLLECTED_SHARE * n_base / ((1 - COLLECTED_SHARE) * len(X_drawn))))
    say(f"collected: {len(X_drawn):,} snapshots (re-drawn in the players' pen order at "
        f"{PLAYER_FRACTIONS}), each repeated {repeats}x")
    return np.tile(X_drawn, (repeats, 1)), np.tile(y_drawn, repeats)


def training_set(X: np.ndarray, y: np.ndarray, recipe: Recipe,
                 pen: tuple[np.ndarray, np.ndarray] | None = None, progress: bool = False,
                 say: Callable[[str], object] = lambda _: None) -> tuple[np.ndarray, np.ndarray]:
    """The rows a model is trained on: the recipe's base rows (MNIST first, rows 0..n-1 in
    order), then the collected drawings, oversampled (MNIST and pen replay: learn a
    player's hand, forget nobody). A recipe that draws has its base rows drawn once, then
    read from the cache (rowcache.py); the others read MNIST's pixels (FROM_PIXELS).

    X, y: MNIST training rows (n, 784) and labels; pen: pendigits training trajectories
    (points, labels), needed when recipe.pen. progress: progress bars; say: called with
    a line on each part (e.g. print). Returns (rows (m, d), labels (m,)): the rows are
    float32, or for a recipe that draws, `GreyRows` (the collected drawings rounded to
    grey levels like the base rows), which give float32 rows when indexed."""
    if recipe.draws:
        grey, y_base = cached_rows(recipe.base().as_metadata(),
                                   lambda: drawn_rows(X, y, recipe, pen, progress, say), say)
        if not recipe.collected:
            return GreyRows(grey), y_base
        X_drawn, y_drawn = collected_rows(recipe, len(grey), say)
        return (GreyRows(np.concatenate([grey, grey_levels(X_drawn)])),
                np.concatenate([y_base, y_drawn]))
    X_base = mnist_inputs(X, recipe.framing)
    if not recipe.collected:
        return X_base, y
    X_drawn, y_drawn = collected_rows(recipe, len(X_base), say)
    return np.vstack([X_base, X_drawn]), np.concatenate([y, y_drawn])
