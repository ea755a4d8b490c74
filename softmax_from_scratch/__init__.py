"""Softmax regression from scratch, in NumPy: read it top to bottom.

    functions.py  softmax, log_softmax, cross_entropy      the math
    model.py      SoftmaxRegression, gradients_loop        the model and its gradient
    training.py   train, batch_indices                     mini-batch SGD
    mnist.py      load_mnist                               the data
    features.py   seed_image_features, mnist_to_seed20     pictures -> numbers
"""

from softmax_from_scratch.features import make_features, mnist_to_seed20, seed_image_features
from softmax_from_scratch.functions import cross_entropy, log_softmax, onehot, softmax
from softmax_from_scratch.mnist import DataError, load_mnist
from softmax_from_scratch.model import ModelFileError, SoftmaxRegression, gradients_loop
from softmax_from_scratch.training import History, accuracy, batch_indices, train

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "History",
    "ModelFileError",
    "SoftmaxRegression",
    "accuracy",
    "batch_indices",
    "cross_entropy",
    "gradients_loop",
    "load_mnist",
    "log_softmax",
    "make_features",
    "mnist_to_seed20",
    "onehot",
    "seed_image_features",
    "softmax",
    "train",
]
