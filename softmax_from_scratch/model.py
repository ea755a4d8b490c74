"""Softmax regression: a linear map to ten scores, then softmax.

    logits = X W + b                 X: (n, d), W: (d, k), b: (k,)
    probs  = softmax(logits)
    loss   = -(1/n) sum_i log probs[i, y_i]

The gradient of the loss, derived by hand (docs/model.md walks through it):

    dL/dlogits = (P - Y) / n         (n, k)   "probability minus truth"
    dL/dW      = X^T (P - Y) / n     (d, k)   the chain rule through logits = X W + b
    dL/db      = mean_i (P - Y)_i    (k,)     b is added to every row, so its gradients sum

and one step of gradient descent moves against it:

    W <- W - learning_rate * dL/dW,   b <- b - learning_rate * dL/db
"""

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from softmax_from_scratch.functions import cross_entropy, log_softmax, onehot, softmax

FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A model file that cannot be trusted: wrong shapes, wrong types, a pickle inside."""


class SoftmaxRegression:
    """Multinomial logistic regression with hand-written gradients.

    weights: (n_features, n_classes), bias: (n_classes,), both zero at the
    start like the 2016 seed (`W = tf.Variable(tf.zeros([400, 10]))`). Zero
    is a fine start here, unlike in a neural network: the loss is convex and
    the classes are told apart by the gradient from the first step.
    `init="random"` draws small normal weights from `seed` instead, so the
    parity tests can start TensorFlow from the same non-trivial point.
    """

    def __init__(
        self,
        n_features: int,
        n_classes: int = 10,
        dtype: type = np.float32,
        init: str = "zeros",
        seed: int | None = None,
        init_scale: float = 0.01,
    ) -> None:
        if n_features < 1 or n_classes < 2:
            raise ValueError(
                f"need n_features >= 1 and n_classes >= 2, got {n_features}, {n_classes}"
            )
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
        self.dtype = np.dtype(dtype)
        if init == "zeros":
            self.weights = np.zeros((n_features, n_classes), dtype=self.dtype)
        elif init == "random":
            rng = np.random.default_rng(seed)
            normal = rng.standard_normal((n_features, n_classes))
            self.weights = (init_scale * normal).astype(self.dtype)
        else:
            raise ValueError(f"init must be 'zeros' or 'random', got {init!r}")
        self.bias = np.zeros(n_classes, dtype=self.dtype)
        self.metadata: dict[str, Any] = {}

    @property
    def n_features(self) -> int:
        return self.weights.shape[0]

    @property
    def n_classes(self) -> int:
        return self.weights.shape[1]

    # ----- the forward pass -------------------------------------------------

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Z = X W + b.  X: (n, d) -> (n, k).

        Checks the shape of X, and that the result is finite: a NaN or inf
        anywhere in a row of X makes that row's logits non-finite, so this
        cheap (n, k) check catches bad input without scanning all of X.
        """
        X = self._check_features(X)
        with np.errstate(invalid="ignore", over="ignore"):  # reported below, clearly
            logits = X @ self.weights + self.bias
        if not np.isfinite(logits).all():
            if not np.isfinite(X).all():
                raise ValueError("X contains NaN or infinite values")
            raise FloatingPointError("logits overflowed: the weights have diverged")
        return logits

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """P = softmax(X W + b).  X: (n, d) -> (n, k), rows sum to 1."""
        return softmax(self.logits(X))

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The most probable class of each row.  X: (n, d) -> (n,) int.

        argmax of the logits equals argmax of the probabilities: softmax is
        increasing, so prediction needs no exponentials at all.
        """
        return self.logits(X).argmax(axis=1)

    def loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy on (X, y); y integer labels (n,) or one-hot (n, k)."""
        logits = self.logits(X)
        return cross_entropy(logits, self._check_targets(y, len(logits)))

    # ----- the backward pass ------------------------------------------------

    def gradients(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(dL/dW, dL/db) = (X^T (P - Y) / n, mean(P - Y)), shapes (d, k) and (k,)."""
        return self.loss_and_gradients(X, y)[1:]

    def loss_and_gradients(
        self, X: np.ndarray, y: np.ndarray
    ) -> tuple[float, np.ndarray, np.ndarray]:
        """The loss and its gradient from one forward pass.

        log P is computed once: the loss reads it, and P = exp(log P) feeds
        the gradient, so training pays for a single softmax per step.
        """
        X = self._check_features(X)
        logits = self.logits(X)
        Y = self._check_targets(y, len(logits))
        log_probs = log_softmax(logits)
        loss = float(-(Y * log_probs).sum(axis=1).mean())
        delta = (np.exp(log_probs) - Y) / len(logits)  # dL/dlogits, (n, k)
        return loss, X.T @ delta, delta.sum(axis=0)

    def sgd_step(self, X: np.ndarray, y: np.ndarray, learning_rate: float) -> float:
        """One step of gradient descent on the batch (X, y); returns the batch loss
        measured before the step (what TensorFlow's `minimize` reports too)."""
        loss, dW, db = self.loss_and_gradients(X, y)
        self.weights -= learning_rate * dW
        self.bias -= learning_rate * db
        return loss

    # ----- checks -----------------------------------------------------------

    def _check_features(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(
                f"expected X of shape (n, {self.n_features}), got {X.shape}; "
                f"this model was trained on {self.n_features} features per image"
            )
        if not np.issubdtype(X.dtype, np.number):
            raise TypeError(f"X must be numeric, got dtype {X.dtype}")
        return X

    def _check_targets(self, y: np.ndarray, n: int) -> np.ndarray:
        """Integer labels (n,) or one-hot rows (n, k) -> one-hot rows in the model's dtype."""
        y = np.asarray(y)
        if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
            if len(y) != n:
                raise ValueError(f"got {n} examples but {len(y)} labels")
            if len(y) and (y.min() < 0 or y.max() >= self.n_classes):
                raise ValueError(f"labels must lie in 0..{self.n_classes - 1}")
            return onehot(y, self.n_classes, self.dtype)
        if y.shape == (n, self.n_classes):
            return y.astype(self.dtype, copy=False)
        raise ValueError(
            f"y must be integer labels of shape ({n},) or one-hot rows of shape "
            f"({n}, {self.n_classes}), got {y.dtype} {y.shape}"
        )

    # ----- files ------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write weights, bias and metadata to an .npz file (no pickles inside).

        The file is written beside its destination and renamed into place, so
        an interrupted save never leaves a half-written model behind.
        """
        path = Path(path)
        tmp = path.with_name(path.name + ".tmp")
        meta = {"format_version": FORMAT_VERSION, **self.metadata}
        try:
            with open(tmp, "wb") as f:
                np.savez(f, weights=self.weights, bias=self.bias,
                         metadata=np.array(json.dumps(meta)))
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: str | Path) -> "SoftmaxRegression":
        """Read a model written by `save`, refusing anything it would not write."""
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in ("weights", "bias", "metadata")}
        except KeyError as err:
            raise ModelFileError(f"{path}: not a model file, missing {err}") from None
        except (ValueError, EOFError, zipfile.BadZipFile) as err:  # incl. pickles refused
            raise ModelFileError(f"{path}: refusing to load ({err})") from None
        weights, bias = arrays["weights"], arrays["bias"]
        if weights.dtype not in (np.float32, np.float64) or bias.dtype != weights.dtype:
            raise ModelFileError(f"{path}: weights and bias must share a float dtype")
        if weights.ndim != 2 or bias.shape != (weights.shape[1],):
            raise ModelFileError(
                f"{path}: weights {weights.shape} and bias {bias.shape} do not fit together"
            )
        if not (np.isfinite(weights).all() and np.isfinite(bias).all()):
            raise ModelFileError(f"{path}: weights contain NaN or infinite values")
        model = cls(weights.shape[0], weights.shape[1], dtype=weights.dtype)
        model.weights, model.bias = weights, bias
        model.metadata = json.loads(str(arrays["metadata"]))
        return model


def gradients_loop(
    model: SoftmaxRegression, X: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The same gradient as `SoftmaxRegression.gradients`, one example and one
    class at a time. Slow on purpose: it is the formula read term by term.

    For one example x with label y, loss = -log p_y, and for every class c

        dloss/dz_c = p_c - [c == y]
        dloss/dW[j, c] = x_j (p_c - [c == y])
        dloss/db[c]    = p_c - [c == y]

    The batch gradient is the mean of these over the examples.
    """
    n, d = X.shape
    k = model.n_classes
    dW = np.zeros((d, k))
    db = np.zeros(k)
    for i in range(n):
        z = [sum(X[i, j] * model.weights[j, c] for j in range(d)) + model.bias[c] for c in range(k)]
        p = softmax(np.array([z]))[0]
        for c in range(k):
            error = p[c] - (1.0 if c == labels[i] else 0.0)
            db[c] += error / n
            for j in range(d):
                dW[j, c] += X[i, j] * error / n
    return dW, db
