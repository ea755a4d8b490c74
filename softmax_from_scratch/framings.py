"""Which framing a model reads (views.py defines the framings and their views).

A model's metadata names its framing; `framing_of` reads it, and checks it against the
model's width, so that a model is never fed an input of another length. The model
itself never reads it: the core knows nothing of drawings.
"""

from pathlib import Path

from softmax_from_scratch.classifier import Classifier, ModelFileError, load_model
from softmax_from_scratch.views import input_length


def check_length(framing: str, n_inputs: int) -> None:
    """Refuse a model of n_inputs weights per class that claims to read `framing`."""
    if input_length(framing) != n_inputs:
        raise ValueError(f"has {n_inputs} weights per digit, but framing {framing!r} reads "
                         f"{input_length(framing)} inputs")


def framing_of(model: Classifier) -> str:
    """What a model reads: metadata["framing"], or "mnist" for a model that names none
    (trained on MNIST's pixels as they are). Checked against the model's input length, so
    that a model is never fed an input of another length."""
    framing = model.metadata.get("framing", "mnist")
    check_length(framing, model.n_inputs)
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
