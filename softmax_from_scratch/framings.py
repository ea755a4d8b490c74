"""What a model reads: a *framing*, the *views* of a digit it concatenates, in order.

A view is a small grey image of the digit, made by a fixed recipe (canvas.py draws
each from a canvas). Its side is all the model needs to know of it:

    canvas     28x28  the whole canvas area-averaged: every stroke keeps its place
    mnist      28x28  MNIST's own normalisation: the ink's box scaled to 20 px, its
                      centre of mass on (14, 14)
    mnist20    20x20  the mnist view averaged down to the 2016 original's 20x20
    stretched  20x20  the ink's box stretched to a square (down to 1:3), as
                      pendigits normalises its own trajectories

A model holds one weight per pixel of each view of its framing (`input_length`), and
its metadata names the framing (`framing_of` reads it; the model itself never does).
MNIST's digits come framed already, so for them the "mnist" and "original20" framings
are the pixels as they are: the 2016 recipe's input (recipes.mnist_inputs).
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.classifier import Classifier, ModelFileError, load_model

FIELD = 28  # MNIST's side, and the canvas view's
SMALL = 20  # the 2016 original's side (500 px / 25), and the stretched view's

VIEW_SIDES = {"canvas": FIELD, "mnist": FIELD, "mnist20": SMALL, "stretched": SMALL}
FRAMINGS = {
    "mnist": ("mnist",),  # the 2016 recipe on MNIST: 784 numbers
    "original20": ("mnist20",),  # the 2016 original's 20x20 = 400 numbers
    "canvas": ("canvas",),
    "both": ("canvas", "mnist"),
    "three": ("canvas", "mnist", "stretched"),
}


def views_of(framing: str) -> tuple[str, ...]:
    """The views a framing concatenates, in order; an unknown framing is refused."""
    if framing not in FRAMINGS:
        raise ValueError(f"framing must be one of {list(FRAMINGS)}, got {framing!r}")
    return FRAMINGS[framing]


def input_length(framing: str) -> int:
    """How many numbers the framing's input holds: the pixels of all its views."""
    return sum(VIEW_SIDES[view] ** 2 for view in views_of(framing))


def check_length(framing: str, n_inputs: int) -> None:
    """Refuse a model of n_inputs weights per class that claims to read `framing`."""
    if input_length(framing) != n_inputs:
        raise ValueError(f"has {n_inputs} weights per digit, but framing {framing!r} reads "
                         f"{input_length(framing)} inputs")


def split_views(x: np.ndarray, framing: str) -> dict[str, np.ndarray]:
    """A model's input, or anything laid out like it (its evidence, a weight column),
    (input_length(framing),) -> {view: (side, side) image}, in the framing's order."""
    if x.shape != (input_length(framing),):
        raise ValueError(f"framing {framing!r} reads {input_length(framing)} numbers, "
                         f"got {x.shape}")
    ends = np.cumsum([VIEW_SIDES[view] ** 2 for view in views_of(framing)])
    return {view: part.reshape(VIEW_SIDES[view], VIEW_SIDES[view])
            for view, part in zip(views_of(framing), np.split(x, ends[:-1]), strict=True)}


def framing_of(model: Classifier) -> str:
    """What a model reads: metadata["framing"], or "mnist" for a model that names none
    (trained on MNIST's pixels as they are). Checked against the model's input length, so
    that a model is never fed an input of another length."""
    framing = model.metadata.get("framing", "mnist")
    check_length(framing, model.n_features)
    return framing


def load_framed(path: str | Path) -> Classifier:
    """A model of digits from its file, for the command line and the game: its weights
    must fit the framing it reads ("mnist" if it names none), or it is refused."""
    model = load_model(path)
    try:
        framing_of(model)
    except ValueError as err:
        raise ModelFileError(f"{path}: {err}: not a model this version wrote") from None
    return model
