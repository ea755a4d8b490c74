"""Softmax regression: a linear map to ten scores, then softmax.

    logits = X W + b                 X: (n, d), W: (d, k), b: (k,)
    probs  = softmax(logits)
    loss   = -(1/n) sum_i log probs[i, y_i]

The math is in three pure functions on arrays (`loss_and_gradients`, its slow twin
`loss_and_gradients_loop`, and `numerical_gradient` to check them); the class below
holds the parameters and calls them (what every model shares, its checks, softmax on
top and its file, is in classifier.py).

The gradient of the loss, derived by hand (docs/model.md walks through it):

    dL/dlogits = (P - Y) / n         (n, k)   "probability minus truth"
    dL/dW      = X^T (P - Y) / n     (d, k)   the chain rule through logits = X W + b
    dL/db      = mean_i (P - Y)_i    (k,)     b is added to every row, so its gradients sum

and one step of gradient descent moves against it:

    W <- W - learning_rate * dL/dW,   b <- b - learning_rate * dL/db
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np

from softmax_from_scratch.classifier import (  # noqa: F401 (their home before classifier.py)
    FORMAT_VERSION,
    Classifier,
    ModelFileError,
    read_metadata,
)
from softmax_from_scratch.functions import log_softmax, negative_log_likelihood, softmax

# ----- the math, on plain arrays -------------------------------------------------------


def loss_and_gradients(weights: np.ndarray, bias: np.ndarray, X: np.ndarray,
                       onehot: np.ndarray, weight_decay: float = 0.0
                       ) -> tuple[float, np.ndarray, np.ndarray]:
    """The mean cross-entropy and its gradient, vectorized, from one forward
    pass (the docs show this function; its lines fit in 80 columns).

        Z = X W + b
        L = -(1/n) sum_i sum_k Y_ik log softmax(Z)_ik  +  (lambda/2) |W|^2
        dL/dW = X^T (P - Y) / n  +  lambda W,   dL/db = mean_i (P - Y)_i

    weights: (d, k), bias: (k,), X: (n, d), onehot: (n, k).
    weight_decay: lambda >= 0, the L2 penalty on the weights (not the bias);
    0 is the 2016 original's plain cross-entropy.
    Returns (loss, dW (d, k), db (k,)). log P is computed once: the loss reads
    it, and P = exp(log P) feeds the gradient, so a step pays for one softmax.

    The (n, k) arrays are kept column by column (Fortran order): the k scores
    of an example then lie n numbers apart and each class's n scores side by
    side, so the softmax's max and sum over the k classes of every row, and
    db's sum over the n rows, run along whole columns at once instead of n
    short rows of k (the docs' appendix B, "Why the step is fast", measures it).
    Only the layout changes, and with it the order in which the sums add
    their terms: equal up to rounding.
    """
    logits = np.asfortranarray(X @ weights)  # (n, k), column by column
    logits += bias  # in place, as below: no new (n, k) array where one will do
    log_probs = log_softmax(logits)  # column by column too: NumPy keeps it
    onehot = np.asfortranarray(onehot)
    loss = negative_log_likelihood(log_probs, onehot)  # from log P
    delta = np.exp(log_probs)  # P
    delta -= onehot  # P - Y: "probability minus truth"
    delta /= len(X)  # dL/dZ, (n, k)
    dW, db = X.T @ delta, delta.sum(axis=0)
    if weight_decay:
        loss += weight_decay / 2 * float((weights * weights).sum())
        dW += weight_decay * weights
    return loss, dW, db


def loss_and_gradients_loop(weights: np.ndarray, bias: np.ndarray, X: np.ndarray,
                            onehot: np.ndarray, weight_decay: float = 0.0
                            ) -> tuple[float, np.ndarray, np.ndarray]:
    """`loss_and_gradients`, with the same arguments, one example, one class and one pixel
    at a time. Slow on purpose: it is the formula read term by term.

    For one example x with one-hot row y, loss = -sum_k y_k log p_k, and for every class k

        dloss/dz_k     = p_k - y_k
        dloss/dW[j, k] = x_j (p_k - y_k)
        dloss/db[k]    = p_k - y_k

    The batch loss and gradient are the means of these over the examples, plus the
    penalty (lambda/2) sum W^2 and its gradient lambda W[j, k].
    """
    n, d = X.shape
    n_classes = len(bias)
    loss, dW, db = 0.0, np.zeros((d, n_classes)), np.zeros(n_classes)
    for i in range(n):
        z = [sum(X[i, j] * weights[j, k] for j in range(d)) + bias[k] for k in range(n_classes)]
        p = softmax(np.array([z]))[0]
        for k in range(n_classes):
            if onehot[i, k]:
                loss -= onehot[i, k] * np.log(p[k]) / n
            error = p[k] - onehot[i, k]
            db[k] += error / n
            for j in range(d):
                dW[j, k] += X[i, j] * error / n
    for j in range(d):
        for k in range(n_classes):
            loss += weight_decay / 2 * weights[j, k] ** 2
            dW[j, k] += weight_decay * weights[j, k]
    return float(loss), dW, db


def numerical_gradient(f: Callable[[], float], array: np.ndarray, eps: float = 1e-6
                       ) -> np.ndarray:
    """The gradient of f() with respect to `array`, by central differences:
    df/da ~ (f(a + eps) - f(a - eps)) / (2 eps), one entry at a time (in place, restored).

    Slow and approximate, but it needs no calculus: the check that a gradient derived
    by hand is right. Use float64, where eps = 1e-6 leaves ~1e-10 of rounding.
    """
    grad = np.zeros(array.shape)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + eps
        up = f()
        array[index] = saved - eps
        down = f()
        array[index] = saved
        grad[index] = (up - down) / (2 * eps)
    return grad


# ----- the model: its parameters and its two passes -----------------------------------------


class SoftmaxRegression(Classifier):
    """Multinomial logistic regression with hand-written gradients.

    weights: (n_inputs, n_classes), bias: (n_classes,), both zero at the
    start like the 2016 original (`W = tf.Variable(tf.zeros([400, 10]))`). Zero
    is a fine start here, unlike in a neural network: the loss is convex and
    the classes are told apart by the gradient from the first step.
    `init="random"` draws small normal weights from `seed` instead, so the
    parity tests can start TensorFlow from the same non-trivial point.
    """

    KIND = "softmax"
    PARAMETERS = ("weights", "bias")

    def __init__(
        self,
        n_inputs: int,
        n_classes: int = 10,
        dtype: type = np.float32,
        init: str = "zeros",
        seed: int | None = None,
        init_scale: float = 0.01,
    ) -> None:
        if n_inputs < 1 or n_classes < 2:
            raise ValueError(
                f"need n_inputs >= 1 and n_classes >= 2, got {n_inputs}, {n_classes}"
            )
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
        self.dtype = np.dtype(dtype)
        if init == "zeros":
            self.weights = np.zeros((n_inputs, n_classes), dtype=self.dtype)
        elif init == "random":
            rng = np.random.default_rng(seed)
            normal = rng.standard_normal((n_inputs, n_classes))
            self.weights = (init_scale * normal).astype(self.dtype)
        else:
            raise ValueError(f"init must be 'zeros' or 'random', got {init!r}")
        self.bias = np.zeros(n_classes, dtype=self.dtype)
        self.metadata = {}

    def _logits(self, X: np.ndarray) -> np.ndarray:
        """Z = X W + b.  X: (n, d) -> (n, k)."""
        return X @ self.weights + self.bias

    def _loss_and_gradients(self, X: np.ndarray, onehot: np.ndarray, weight_decay: float
                            ) -> tuple[float, np.ndarray, np.ndarray]:
        return loss_and_gradients(self.weights, self.bias, X, onehot, weight_decay)

    def evidence(self, x: np.ndarray, digit: int) -> np.ndarray:
        """Why the model scores `digit` as it does: each input's vote, x_j W_jk, (d,).

        The logit is the bias plus the sum of these votes, z_k = b_k + sum_j x_j W_jk,
        so the votes *are* the score, split by pixel: ink where W_jk > 0 votes for the
        digit, ink where W_jk < 0 against it, and blank pixels (x_j = 0) do not vote.
        x: one input (d,)."""
        x = self._check_inputs(np.asarray(x)[None])[0]
        return x * self.weights[:, digit]

    def bias_terms(self, x: np.ndarray, digit: int) -> float:
        """The part of the logit z_k no pixel votes for: the bias b_k (`evidence`)."""
        self._check_inputs(np.asarray(x)[None])
        return float(self.bias[digit])

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray], path: str | Path
                     ) -> "SoftmaxRegression":
        weights, bias = arrays["weights"], arrays["bias"]
        if (weights.ndim != 2 or bias.shape != (weights.shape[1],) or weights.shape[0] < 1
                or weights.shape[1] < 2):
            raise ModelFileError(f"{path}: weights {weights.shape} and bias {bias.shape} do "
                                 "not make a model (weights (d, K), d >= 1, K >= 2; bias (K,))")
        return cls._holding(arrays)
