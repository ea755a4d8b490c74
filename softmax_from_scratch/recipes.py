"""Recipes: how the training sets are assembled and how models are measured.

`digits train`, `digits evaluate`, the docs' figure command and the benchmarks all
call these functions, so a number in the docs comes from the same code a user runs.
The knobs sit here at the top, each with the reason for its value.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.evaluation import accuracy
from softmax_from_scratch.features import shift_images
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.parallel import each_in_chunk, map_chunks, map_seeded
from softmax_from_scratch.rowcache import GreyRows, cached_rows, grey_levels, unit_rows
from softmax_from_scratch.shapes import all_styles, shape_grid, shapes_dataset
from softmax_from_scratch.skeletons import partial_dataset
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.training import train
from softmax_from_scratch.trajectories import pen_dataset, pen_inputs
from softmax_from_scratch.views import (
    canvas_to_input,
    input_length,
    mnist_to_original20,
    snapshot_inputs,
    stack_snapshots,
    views_of,
)

# Real pen trajectories (pendigits) in training: every training row is drawn once per
# (smooth, jitter) pair here, and snapshot at these shares of its path. The early
# fractions teach the model the first strokes; 1.0 keeps the finished digit in view.
PEN_DRAWINGS = ((False, False), (True, True))  # (smooth, jitter)
PEN_FRACTIONS = (0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
TRAIN_CANVAS = CANVAS // 4  # training drawings: the game's canvas at a quarter resolution
# Measuring on held-out pen trajectories draws on the game's own canvas: exactly the ink
# a player leaves (the pen draws a held-out set's 6,000 snapshots in a few seconds).
MEASURE_CANVAS = CANVAS
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
# Fine-tuning (`digits train --init-from MODEL --collected DIR`) starts from MODEL's
# weights: this many steps, enough to learn a player's hand (docs/game.md measures it),
# on batches this big: three times the training batch, so that where fine-tuning ends
# depends less on which rows it happened to draw last.
FINE_TUNE_STEPS = 1000
FINE_TUNE_BATCH = 3000
# The fastest way to 92.5 % on MNIST (`fast`, `digits train --recipe fast`): this many
# epochs of batches this big, at a rate falling linearly from FAST_RATE to 0 (docs/
# training.md, "The fast recipe", says why each choice is there).
FAST_EPOCHS = 5
FAST_BATCH = 100
FAST_RATE = 2.0
# ... and seeded: where a run ends depends on the order of its batches (over 30 seeds
# the test accuracy spreads over about a quarter of a point, the performance page shows it).
FAST_SEED = 0
# The one-hidden-layer network (network.py): this many hidden units, trained this many
# epochs of batches this big, with momentum, the rate falling linearly from NETWORK_RATE
# (tools/network_search.py searched them on the held-out pen rows and MNIST's test set;
# with 128 units every setting misread a short straight 1 high in the box's left corner).
NETWORK_HIDDEN = 256
NETWORK_EPOCHS = 3
NETWORK_BATCH = 100
NETWORK_RATE = 0.1
NETWORK_MOMENTUM = 0.9
NETWORK_WEIGHT_DECAY = 1e-5
# The shipped recipe's common-shape drawings (shapes.py): 2,400 upright 1s, then 960 of
# each digit in every style.
SHAPES = 12_000
# The pen rows count twice: beside the shapes, once was too little to keep the held-out
# finished trajectories as well read as without them (docs/game.md measures it).
PEN_REPEATS = 2
# Measuring: the shares of the path at which accuracy is reported, and how many MNIST
# test digits are re-drawn for the skeleton-walk measure.
COMPLETIONS = (0.25, 0.5, 0.75, 1.0)
COMPLETION_LIMIT = 2000


@dataclass(frozen=True)
class Sgd:
    """How `train` walks: steps, batch size, learning rate, sampling, schedule; `name`
    says whose settings they are."""

    name: str
    steps: int
    batch_size: int
    learning_rate: float
    sampling: str = "random"
    schedule: str = "constant"
    momentum: float = 0.0

    def options(self) -> dict[str, Any]:
        """The settings as `train`'s keyword arguments."""
        return {k: v for k, v in asdict(self).items() if k != "name"}


def sgd_2016() -> Sgd:
    """The 2016 original's: 10,000 steps on random batches of 1,000 at a constant 0.5."""
    return Sgd("2016", 10_000, 1000, 0.5)


def sgd_fine_tune() -> Sgd:
    """Fine-tuning's: FINE_TUNE_STEPS on batches of FINE_TUNE_BATCH, the rate falling
    linearly from 0.5."""
    return Sgd("fine-tune", FINE_TUNE_STEPS, FINE_TUNE_BATCH, 0.5, schedule="linear")


def sgd_fast(n_rows: int, epochs: int = FAST_EPOCHS) -> Sgd:
    """The fast recipe's: `epochs` passes over n_rows shuffled rows in batches of
    FAST_BATCH, the rate falling linearly from FAST_RATE to 0."""
    return Sgd("fast", epochs * (n_rows // FAST_BATCH), FAST_BATCH, FAST_RATE, "epochs",
               "linear")


def sgd_network(n_rows: int, epochs: int = NETWORK_EPOCHS,
                learning_rate: float = NETWORK_RATE) -> Sgd:
    """The network's: `epochs` passes over n_rows shuffled rows in batches of NETWORK_BATCH,
    with momentum NETWORK_MOMENTUM, the rate falling linearly to 0 (tools/network_search.py
    chose them on held-out rows)."""
    return Sgd("network", epochs * (n_rows // NETWORK_BATCH), NETWORK_BATCH, learning_rate,
               "epochs", "linear", NETWORK_MOMENTUM)


def sgd_network_fine_tune() -> Sgd:
    """Fine-tuning a network: FINE_TUNE_STEPS on batches of FINE_TUNE_BATCH with momentum,
    from a tenth of the network's rate, falling linearly (the network's rate from the
    start would undo part of what it learnt)."""
    return Sgd("network fine-tune", FINE_TUNE_STEPS, FINE_TUNE_BATCH, NETWORK_RATE / 10,
               schedule="linear", momentum=NETWORK_MOMENTUM)


def fast(X: np.ndarray, y: np.ndarray, seed: int = FAST_SEED) -> SoftmaxRegression:
    """Softmax regression on MNIST's pixels, trained the fastest way this project knows
    to 92.5 % test accuracy: `sgd_fast`, from zeros, in float32.

    X: (n, 784) float32 in [0, 1], y: (n,) labels, as `load_mnist` returns them."""
    model = SoftmaxRegression(X.shape[1], dtype=np.float32)
    settings = sgd_fast(len(X))
    train(model, X, y, **settings.options(), seed=seed, progress=False,
          eval_every=settings.steps)
    model.metadata = {"framing": "mnist", "inputs": X.shape[1],
                      "recipe": {**asdict(settings), "seed": seed}}
    return model


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

    grey, y = cached_rows({"measure": framing, "pen rows": len(validation[0])}, build, say)
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
