"""Softmax regression from scratch, in NumPy: read it top to bottom.

The core: the math, the models, their training (they import nothing below it)
    functions.py      softmax, log_softmax, cross_entropy            the math
    classifier.py     Classifier, load_model                         what every model shares
    model.py          loss_and_gradients(_loop), SoftmaxRegression   the gradient, the model
    network.py        network_loss_and_gradients(_loop), Network     one hidden layer, backprop
    training.py       train, batch_indices                           mini-batch SGD
    evaluation.py     accuracy, confusion_matrix                     how good is a model
The data
    mnist.py          load_mnist                                     the data
    pendigits.py      load_pendigits                                 real pen trajectories
    downloads.py      find_data_dir, download                    found or downloaded, verified
    features.py       original_image_features, shift_images          the 2016 pipeline
Drawings, and what a model reads of them
    strokes.py        place, rescale, first_fraction                 strokes, one convention
    drawing.py        Drawing, snapshots                             the game's canvas and pen
    views.py          VIEWS, FRAMINGS, canvas_to_input               what a model reads
    framings.py       framing_of, load_framed                        which framing a model reads
    trajectories.py   pen_dataset                                pen trajectories drawn as played
    shapes.py         shapes_dataset, shape_grid                 ordinary digits, any size and place
    skeletons.py      digit_strokes, render_strokes                  pen order recovered from MNIST
The training sets, their SGD settings and the measures
    parallel.py       map_seeded, map_chunks                         the same work on every core
    rowcache.py       cached_rows                                    built rows, kept on disk
    datasets.py       Recipe, training_set                           the training sets
    sgd.py            Sgd, sgd_2016, fast                            how each model is trained
    measures.py       pen_accuracy, shapes_accuracy                  drawn as players draw
    plotting.py       save_figure, plot_confusion                    figures sized for the docs
The player's side: what the game ships, keeps and learns
    default_model.py  load_default_model                             the model the game ships with
    collected.py      load_collected                                 the game's recordings
    teaching.py       teach                                      learn one drawing, forget nobody
    userdirs.py       collected_dir, player_model_path               where a player's things live
    atomic.py         write_atomically                           files written whole or not at all
"""

from softmax_from_scratch.classifier import Classifier, load_model
from softmax_from_scratch.collected import load_collected
from softmax_from_scratch.default_model import load_default_model
from softmax_from_scratch.downloads import DataError
from softmax_from_scratch.drawing import Drawing
from softmax_from_scratch.evaluation import accuracy
from softmax_from_scratch.features import original_image_features
from softmax_from_scratch.framings import framing_of, load_framed
from softmax_from_scratch.functions import cross_entropy, log_softmax, onehot, softmax
from softmax_from_scratch.mnist import load_mnist
from softmax_from_scratch.model import (
    ModelFileError,
    SoftmaxRegression,
    loss_and_gradients,
    loss_and_gradients_loop,
    numerical_gradient,
)
from softmax_from_scratch.network import (
    Network,
    network_loss_and_gradients,
    network_loss_and_gradients_loop,
)
from softmax_from_scratch.pendigits import load_pendigits
from softmax_from_scratch.skeletons import digit_strokes, partial_dataset, render_strokes
from softmax_from_scratch.teaching import teach
from softmax_from_scratch.training import History, batch_indices, train
from softmax_from_scratch.views import canvas_to_input, mnist_to_original20

__version__ = "0.1.0"

__all__ = [
    "Classifier",
    "DataError",
    "Drawing",
    "History",
    "ModelFileError",
    "Network",
    "SoftmaxRegression",
    "accuracy",
    "batch_indices",
    "canvas_to_input",
    "cross_entropy",
    "digit_strokes",
    "framing_of",
    "load_collected",
    "load_default_model",
    "load_framed",
    "load_mnist",
    "load_model",
    "load_pendigits",
    "log_softmax",
    "loss_and_gradients",
    "loss_and_gradients_loop",
    "mnist_to_original20",
    "network_loss_and_gradients",
    "network_loss_and_gradients_loop",
    "numerical_gradient",
    "onehot",
    "original_image_features",
    "partial_dataset",
    "render_strokes",
    "softmax",
    "teach",
    "train",
]
