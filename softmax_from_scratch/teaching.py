"""Teach the model one drawing, at once: the game's lessons.

A player draws a 1, the model says 8, the player says "that was a 1". `teach` makes a
new model that reads that drawing as 1, and still reads everyone else's digits about
as before:

    1. the lesson: the drawing snapshot from half drawn to finished (PLAYER_FRACTIONS,
       as fine-tuning snapshots collected drawings: earlier snapshots would cost every
       other writer's early guesses);
    2. SGD steps at a small rate on batches that mix the lesson with *replay*: rows
       sampled from what the model was trained on (REPLAY_ROWS of them, kept beside the
       shipped model), so that every step also pulls towards everything it knew;
    3. stop as soon as the finished drawing is read as the digit with probability
       LEARNT (at most MAX_STEPS).

Why so gently: for the linear model, a step that raises the 1's logit of the lesson
raises it for every input with ink where the lesson has ink, by as much as they overlap.
Large steps, or going on until the model is sure, misread other writers' digits by the
tens of percent; these settings cost them about a point (docs/game.md measures it). The
network can take four times the step (LEARNING_RATES): over ten lessons it cost held-out
pen trajectories at most a point half drawn and half a point finished, and a lesson then
needs fewer steps, so it ends sooner (docs/performance.md has a lesson's time).
"""

import json
from importlib import resources

import numpy as np

from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.datasets import PLAYER_FRACTIONS, Recipe, RecipeError, recipe_of
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.rowcache import grey_levels
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.views import snapshot_inputs

REPLAY_ROWS = 3000  # rows kept for replay: 300 a digit on average
REPLAY_BATCH = 500  # replay rows in each step's batch
LESSON_ROWS = 30  # the lesson's snapshots, repeated to this many rows of each batch
LEARNING_RATES = {"softmax": 0.05, "network": 0.2}  # by model kind; the linear model's is
# a tenth of its training rate
MAX_STEPS = 200
LEARNT = 0.5  # stop when the digit is more likely than all the others together
SHIPPED_REPLAY = "replay.npz"


def lesson_rows(strokes: list[np.ndarray], framing: str) -> np.ndarray:
    """A drawing's strokes ((m, 2) (x, y) canvas points each) -> its inputs at each of
    PLAYER_FRACTIONS, drawn with the game's pen at the game's size: (f, d) float32."""
    if not strokes or any(np.asarray(s).ndim != 2 or np.asarray(s).shape[1] != 2
                          or len(s) == 0 for s in strokes):
        raise ValueError("strokes must be a non-empty list of (m, 2) arrays of (x, y) points")
    snaps = snapshot_inputs([np.asarray(s, dtype=float) for s in strokes], PLAYER_FRACTIONS,
                            framing, CANVAS)
    rows = [x for x in snaps if x is not None]
    if not rows:
        raise ValueError("the strokes leave no ink on the canvas")
    return np.array(rows, dtype=np.float32)


def knows(model: Classifier, row: np.ndarray, digit: int) -> bool:
    """Whether the model reads this input (d,) as `digit` with LEARNT probability."""
    probs = model.predict_proba(row[None])[0]
    return int(probs.argmax()) == digit and probs[digit] >= LEARNT


def teach(model: Classifier, strokes: list[np.ndarray], digit: int,
          replay: tuple[np.ndarray, np.ndarray] | None = None, seed: int = 0
          ) -> Classifier:
    """A new model that has learnt that `strokes` are a `digit`; `model` is left untouched.

    strokes: the drawing, a list of (m, 2) arrays of (x, y) in the game's canvas
    coordinates, in drawing order (as collect mode stores them). replay: (X (n, d),
    y (n,)) rows of what the model learnt before (default: `replay_rows(model)`).
    The new model's metadata counts its "lessons"."""
    if not (isinstance(digit, int | np.integer) and 0 <= digit < model.n_classes):
        raise ValueError(f"digit must be a whole number 0-{model.n_classes - 1}, got {digit!r}")
    framing = framing_of(model)
    lesson = lesson_rows(strokes, framing)
    X_replay, y_replay = replay if replay is not None else replay_rows(model)
    rng = np.random.default_rng(seed)
    X_lesson = np.tile(lesson, (-(-LESSON_ROWS // len(lesson)), 1))[:LESSON_ROWS]
    labels = np.concatenate([np.full(LESSON_ROWS, digit), np.zeros(REPLAY_BATCH, int)])
    taught = model.copy()
    for _ in range(MAX_STEPS):
        if knows(taught, lesson[-1], digit):
            break
        picked = rng.integers(len(X_replay), size=REPLAY_BATCH)
        labels[LESSON_ROWS:] = y_replay[picked]
        taught.sgd_step(np.vstack([X_lesson, X_replay[picked]]), labels,
                        LEARNING_RATES[model.KIND])
    taught.metadata = {**model.metadata, "lessons": model.metadata.get("lessons", 0) + 1}
    return taught


def sample_replay(X: np.ndarray, y: np.ndarray, n: int = REPLAY_ROWS, seed: int = 0
                  ) -> tuple[np.ndarray, np.ndarray]:
    """n rows of a training set, drawn without replacement (seeded): X (n, d), y (n,)."""
    picked = np.random.default_rng(seed).choice(len(X), size=min(n, len(X)), replace=False)
    return X[picked], y[picked]


def save_replay(path, recipe: Recipe, X: np.ndarray, y: np.ndarray) -> None:
    """Write replay rows for models of `recipe`: X in [0, 1] stored as uint8 (round(255 x)),
    y, and the recipe they came from, compressed."""
    np.savez_compressed(path, X=grey_levels(X),
                        y=np.asarray(y, dtype=np.int64),  # pragma: no mutate (int64 default)
                        recipe=np.array(json.dumps(recipe.base().as_metadata())))


def replay_rows(model: Classifier) -> tuple[np.ndarray, np.ndarray]:
    """Replay rows for this model: the ones shipped beside the default model, if the
    model was trained on the same recipe (the default, a player's taught copy of it, a
    fine-tune of it: collected drawings aside). Returns (X (n, d) float32, y (n,))."""
    recipe = recipe_of(model)
    shipped = resources.files("softmax_from_scratch") / "models" / SHIPPED_REPLAY
    with resources.as_file(shipped) as path, np.load(path, allow_pickle=False) as npz:
        if json.loads(str(npz["recipe"])) == recipe.base().as_metadata():
            return npz["X"].astype(np.float32) / 255, npz["y"]
    raise RecipeError(f"no replay rows for a model trained on {recipe.base()}: teaching "
                      "needs a sample of them (`teach(..., replay=sample_replay(X, y))`)")
