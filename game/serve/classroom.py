"""What the class page shows, and its retrain: the game's lessons, one per misread drawing.

The model is judged on the class's finished drawings, read as the game reads them. A
retrain teaches the served model, with the game's `teach` (replay of what it learnt
before: it forgets nobody), each of the class's drawings it misreads, holding out every
HELD_OUT-th drawing (by id) to measure it on: accuracy on drawings it was taught would
say only that it was taught them.
"""

import numpy as np

from game.serve.checks import BadRequest
from game.serve.store import Drawing, Store
from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.datasets import RecipeError
from softmax_from_scratch.drawing import Drawing as Canvas
from softmax_from_scratch.drawing import stamp
from softmax_from_scratch.evaluation import accuracy, confusion_matrix
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.strokes import CANVAS, rescale, stroke_segments
from softmax_from_scratch.teaching import replay_rows, teach
from softmax_from_scratch.views import canvas_to_input

HELD_OUT = 5  # every 5th drawing is measured on, never taught
NEWEST = 24  # thumbnails on the class page


def game_strokes(strokes: list, canvas: int) -> list[np.ndarray]:
    """Strokes of [x, y] or [x, y, t_ms] points in a `canvas`-pixel square -> (m, 2) (x, y)
    arrays in the game's 560-pixel canvas (`strokes.rescale`)."""
    return rescale([np.asarray(stroke, dtype=float)[:, :2] for stroke in strokes], CANVAS / canvas)


def game_ink(strokes: list[np.ndarray]) -> np.ndarray:
    """A finished drawing's ink, as the game draws it: its pen on its canvas, (560, 560)."""
    canvas = Canvas()
    for stroke in strokes:
        stamp(canvas.ink, *stroke_segments(stroke), canvas.radius)  # draw_stroke's ink
    return canvas.ink


def game_input(strokes: list[np.ndarray], framing: str) -> np.ndarray:
    """The model's input for a finished drawing, read as the game reads it: drawn with the
    game's pen on its canvas (`game_ink`), framed by `canvas_to_input`. (d,) float32."""
    return canvas_to_input(game_ink(strokes), framing)


def inputs_of(model: Classifier, drawings: list[Drawing]) -> np.ndarray:
    """The model's inputs for stored drawings, finished, read as the game reads them:
    (n, d) float32."""
    framing = framing_of(model)
    return np.array([game_input(game_strokes(d.strokes, d.canvas), framing)
                     for d in drawings], dtype=np.float32)


def guesses(model: Classifier, drawings: list[Drawing]) -> np.ndarray:
    """The model's guess for each finished drawing: (n,) int."""
    return model.predict(inputs_of(model, drawings)) if drawings else np.zeros(0, dtype=int)


def accuracy_on(model: Classifier, drawings: list[Drawing]) -> float | None:
    """The share of the drawings the model reads right; None for no drawings."""
    if not drawings:
        return None
    return accuracy(model, inputs_of(model, drawings), np.array([d.digit for d in drawings]))


def class_report(store: Store, model: Classifier) -> dict:
    """The class page's numbers: drawings per digit and per player, the newest drawings,
    and how the served model reads every drawing (accuracy, confusion matrix)."""
    drawings = list(store.every_drawing())
    guessed = guesses(model, drawings)
    digits = np.array([d.digit for d in drawings], dtype=int)
    return {**store.stats(), "per_player": store.per_player(),
            "newest": [d.record() for d in store.drawings(limit=NEWEST, newest=True)],
            "accuracy": float((guessed == digits).mean()) if drawings else None,
            "confusion": confusion_matrix(digits, guessed, 10).tolist()}


def retrain(store: Store, model: Classifier) -> tuple[Classifier, dict]:
    """Teach `model` the class's drawings it misreads, but every HELD_OUT-th; returns the
    taught model and a report: drawings taught, held out, accuracy on those held out
    before and after."""
    drawings = list(store.every_drawing())
    if not drawings:
        raise BadRequest("the class has drawn nothing yet", 409)
    held_out = [d for d in drawings if d.id % HELD_OUT == 0]
    taught_on = [d for d in drawings if d.id % HELD_OUT != 0]
    try:
        replay = replay_rows(model)
    except RecipeError as err:
        raise BadRequest(str(err), 409) from None
    before = accuracy_on(model, held_out)
    taught, lessons = model, 0
    misread = guesses(model, taught_on) != [d.digit for d in taught_on]
    for drawing, wrong in zip(taught_on, misread, strict=True):
        if wrong:
            taught = teach(taught, game_strokes(drawing.strokes, drawing.canvas),
                           drawing.digit, replay, seed=drawing.id)
            lessons += 1
    return taught, {"drawings": len(drawings), "held_out": len(held_out), "lessons": lessons,
                    "before": before, "after": accuracy_on(taught, held_out)}
