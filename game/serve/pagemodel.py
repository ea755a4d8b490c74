"""A model as the script the drawing pages load (`window.SHIPPED_MODEL = {...}`): the docs'
js/model.js, written by `python -m docs.make_figures`, and the served page's /model.js.

It carries the model's framing and views, the canvas's and the views' constants (the
page's port of the pen and of `canvas_to_input` reads them from here: one source of truth,
the Python), the biases as lists, and the weight matrices as base64 little-endian float32,
row-major.
"""

import base64
import json

import numpy as np

from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.drawing import PEN_WIDTH
from softmax_from_scratch.framings import framing_of
from softmax_from_scratch.strokes import CANVAS
from softmax_from_scratch.views import BOX, FIELD, INK, SMALL, VIEWS, views_of


def packed(matrix: np.ndarray) -> str:
    """A weight matrix as base64 little-endian float32, row-major."""
    return base64.b64encode(matrix.astype("<f4").tobytes()).decode()


def page_model(model: Classifier) -> dict:
    """What the page's port needs of a model, the network or softmax regression."""
    views = views_of(framing_of(model))
    constants = {"canvas": CANVAS, "pen_width": PEN_WIDTH, "field": FIELD, "box": BOX,
                 "stretched": SMALL, "ink": INK}
    shared = {"kind": model.KIND, "framing": framing_of(model), "views": list(views),
              "constants": constants,
              "view_sizes": {view: VIEWS[view].side ** 2 for view in views},
              "n_inputs": model.n_inputs, "n_classes": model.n_classes}
    if model.KIND == "network":
        return {**shared, "n_hidden": model.n_hidden, "W1": packed(model.W1),
                "b1": model.b1.astype(np.float32).tolist(), "W2": packed(model.W2),
                "b2": model.b2.astype(np.float32).tolist()}
    return {**shared, "weights": packed(model.weights),
            "bias": model.bias.astype(np.float32).tolist()}


def page_model_script(model: Classifier, origin: str = "the served model") -> str:
    """The script that hands the page its model."""
    return (f"// Written from {origin}.\n"
            f"window.SHIPPED_MODEL = {json.dumps(page_model(model))};\n")
