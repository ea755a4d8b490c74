"""Softmax regression from scratch, in NumPy: read it top to bottom.

    functions.py  softmax, log_softmax, cross_entropy      the math
    model.py      SoftmaxRegression, gradients_loop        the model and its gradient
    training.py   train, batch_indices                     mini-batch SGD
    mnist.py      load_mnist                               the data
    features.py   seed_image_features, mnist_to_seed20     pictures -> numbers
    canvas.py     canvas_to_input                          a drawing -> MNIST's normalisation
    strokes.py    digit_strokes, render_strokes            pen order, half-drawn digits
    evaluation.py confusion_matrix                         how good is a model
    collected.py  load_collected                           the game's recordings
    default_model.py load_default_model                    the model the game ships with
"""

from softmax_from_scratch.canvas import canvas_to_input
from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.features import make_features, mnist_to_seed20, seed_image_features
from softmax_from_scratch.functions import cross_entropy, log_softmax, onehot, softmax
from softmax_from_scratch.mnist import DataError, load_mnist
from softmax_from_scratch.model import ModelFileError, SoftmaxRegression, gradients_loop
from softmax_from_scratch.strokes import digit_strokes, partial_dataset, render_strokes
from softmax_from_scratch.training import History, accuracy, batch_indices, train

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "History",
    "ModelFileError",
    "SoftmaxRegression",
    "accuracy",
    "batch_indices",
    "canvas_to_input",
    "cross_entropy",
    "digit_strokes",
    "gradients_loop",
    "load_collected",
    "load_default_model",
    "load_mnist",
    "log_softmax",
    "make_features",
    "mnist_to_seed20",
    "onehot",
    "partial_dataset",
    "render_strokes",
    "seed_image_features",
    "softmax",
    "train",
]
