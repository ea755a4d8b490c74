"""The library's two models as scikit-learn estimators, to put beside LogisticRegression
and MLPClassifier in a Pipeline or a GridSearchCV:

    SoftmaxClassifier   softmax regression (model.py), trained by the fast recipe's SGD
    NetworkClassifier   the one-hidden-layer network (network.py), SGD with momentum

Thin wrappers: `fit` encodes the labels 0..k-1, builds the model and calls `train`;
`predict_proba` is the model's. scikit-learn is needed here only (the dev extra, or
`pip install scikit-learn`); the rest of the library never imports it, nor this module.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from softmax_from_scratch import sgd
from softmax_from_scratch.classifier import Classifier
from softmax_from_scratch.model import SoftmaxRegression
from softmax_from_scratch.network import Network
from softmax_from_scratch.training import train


class _SgdClassifier(ClassifierMixin, BaseEstimator):
    """What both estimators share: labels in and out, the data checks, the SGD walk over
    `epochs` shuffled passes with the rate falling linearly to 0."""

    def __init__(self, epochs: int, batch_size: int, learning_rate: float, momentum: float,
                 weight_decay: float, random_state: int | None):
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.random_state = random_state

    def _model(self, n_inputs: int, n_classes: int) -> Classifier:
        raise NotImplementedError

    def fit(self, X, y) -> "_SgdClassifier":
        """Train on X (n, d) and labels y (n,) of any kind: numbers, strings, ..."""
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        self.classes_, labels = np.unique(y, return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(f"{type(self).__name__} needs at least 2 classes in y, got "
                             f"{len(self.classes_)} class")
        self.model_ = self._model(X.shape[1], len(self.classes_))
        batch_size = min(self.batch_size, len(X))
        train(self.model_, X.astype(self.model_.dtype), labels,
              steps=self.epochs * (len(X) // batch_size), batch_size=batch_size,
              learning_rate=self.learning_rate, sampling="epochs", schedule="linear",
              seed=self.random_state, progress=False, weight_decay=self.weight_decay,
              momentum=self.momentum, eval_every=10**12)
        return self

    def predict_proba(self, X) -> np.ndarray:
        """P (n, k): column j is the probability of self.classes_[j]."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        return self.model_.predict_proba(X.astype(self.model_.dtype))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row, as the labels fit was given."""
        check_is_fitted(self)
        return self.classes_[self.predict_proba(X).argmax(axis=1)]


class SoftmaxClassifier(_SgdClassifier):
    """Softmax regression. The defaults are the fast recipe's (`sgd.sgd_fast`):
    5 epochs of batches of 100, the rate falling from 2.0 to 0, from zeros, float32."""

    def __init__(self, epochs: int = sgd.FAST_EPOCHS, batch_size: int = sgd.FAST_BATCH,
                 learning_rate: float = sgd.FAST_RATE, momentum: float = 0.0,
                 weight_decay: float = 0.0, random_state: int | None = sgd.FAST_SEED):
        super().__init__(epochs, batch_size, learning_rate, momentum, weight_decay,
                         random_state)

    def _model(self, n_inputs: int, n_classes: int) -> SoftmaxRegression:
        return SoftmaxRegression(n_inputs, n_classes)


class NetworkClassifier(_SgdClassifier):
    """One hidden layer of `hidden` ReLU units under a softmax, 128 by default, as
    MLPClassifier(hidden_layer_sizes=(128,)) beside it; the rest is the game network's
    walk (`sgd.sgd_network`): 3 epochs of batches of 100 with momentum 0.9, the rate
    falling from 0.1 to 0, He-initialised from `random_state`, float32."""

    def __init__(self, hidden: int = 128, epochs: int = sgd.NETWORK_EPOCHS,
                 batch_size: int = sgd.NETWORK_BATCH,
                 learning_rate: float = sgd.NETWORK_RATE,
                 momentum: float = sgd.NETWORK_MOMENTUM, weight_decay: float = 0.0,
                 random_state: int | None = 0):
        super().__init__(epochs, batch_size, learning_rate, momentum, weight_decay,
                         random_state)
        self.hidden = hidden

    def _model(self, n_inputs: int, n_classes: int) -> Network:
        return Network(n_inputs, self.hidden, n_classes, seed=self.random_state)
