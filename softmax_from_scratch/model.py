"""Softmax regression: a linear map to ten scores, then softmax.

    logits = X W + b                 X: (n, d), W: (d, k), b: (k,)
    probs  = softmax(logits)
    loss   = -(1/n) sum_i log probs[i, y_i]

The math is in three pure functions on arrays (`loss_and_gradients`, its slow twin
`loss_and_gradients_loop`, and `numerical_gradient` to check them); the class below
holds the parameters, checks its input once, and calls them.

The gradient of the loss, derived by hand (docs/model.md walks through it):

    dL/dlogits = (P - Y) / n         (n, k)   "probability minus truth"
    dL/dW      = X^T (P - Y) / n     (d, k)   the chain rule through logits = X W + b
    dL/db      = mean_i (P - Y)_i    (k,)     b is added to every row, so its gradients sum

and one step of gradient descent moves against it:

    W <- W - learning_rate * dL/dW,   b <- b - learning_rate * dL/db
"""

import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from softmax_from_scratch.atomic import write_atomically
from softmax_from_scratch.framings import check_length
from softmax_from_scratch.functions import (
    as_onehot,
    cross_entropy,
    log_softmax,
    negative_log_likelihood,
    softmax,
)

FORMAT_VERSION = 1


# ----- the math, on plain arrays -------------------------------------------------------


def loss_and_gradients(weights: np.ndarray, bias: np.ndarray, X: np.ndarray,
                       onehot: np.ndarray, weight_decay: float = 0.0
                       ) -> tuple[float, np.ndarray, np.ndarray]:
    """The mean cross-entropy and its gradient, vectorized, from one forward pass.

        Z = X W + b,   L = -(1/n) sum_i sum_k Y_ik log softmax(Z)_ik  +  (lambda/2) |W|^2
        dL/dW = X^T (P - Y) / n  +  lambda W,   dL/db = mean_i (P - Y)_i

    weights: (d, k), bias: (k,), X: (n, d), onehot: (n, k).
    weight_decay: lambda >= 0, the L2 penalty on the weights (not the bias); 0 is the
    2016 original's plain cross-entropy.
    Returns (loss, dW (d, k), db (k,)). log P is computed once: the loss reads it,
    and P = exp(log P) feeds the gradient, so a step pays for a single softmax.

    The (n, k) arrays are kept column by column (Fortran order): the k scores of an
    example then lie n numbers apart and each class's n scores side by side, so the
    softmax's max and sum over the k classes of every row, and db's sum over the n rows,
    run along whole columns at once instead of n short rows of k (the training chapter's
    performance note measures it). Only the layout changes, and with it the order in
    which the sums add their terms: equal up to rounding.
    """
    logits = np.asfortranarray(X @ weights)  # (n, k), column by column
    logits += bias  # in place, as below: no new (n, k) array where one will do
    log_probs = log_softmax(logits)  # column by column too: NumPy keeps the layout
    onehot = np.asfortranarray(onehot)
    loss = negative_log_likelihood(log_probs, onehot)  # `cross_entropy`, from log P
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


# ----- the model: parameters, checked input, files -----------------------------------------


class ModelFileError(ValueError):
    """A model file that cannot be trusted: wrong shapes, wrong types, a pickle inside."""


class SoftmaxRegression:
    """Multinomial logistic regression with hand-written gradients.

    weights: (n_features, n_classes), bias: (n_classes,), both zero at the
    start like the 2016 original (`W = tf.Variable(tf.zeros([400, 10]))`). Zero
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
        """d, the length of an input row: weights are (d, k)."""
        return self.weights.shape[0]

    @property
    def n_classes(self) -> int:
        """k, the number of classes: 10 for digits."""
        return self.weights.shape[1]

    @property
    def framing(self) -> str:
        """What the model reads (framings.py): metadata["framing"], or "mnist" for a model
        that names none (trained on MNIST's pixels as they are). Checked against the
        weights, so a model never reads an input of another length."""
        framing = self.metadata.get("framing", "mnist")
        check_length(framing, self.n_features)
        return framing

    # ----- the forward pass -------------------------------------------------

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Z = X W + b.  X: (n, d) -> (n, k)."""
        X = self._check_features(X)
        with np.errstate(invalid="ignore", over="ignore"):  # reported below, clearly
            logits = X @ self.weights + self.bias
        self._check_finite(logits, X)
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

    def evidence(self, x: np.ndarray, digit: int) -> np.ndarray:
        """Why the model scores `digit` as it does: each input's vote, x_j W_jk, (d,).

        The logit is the bias plus the sum of these votes, z_k = b_k + sum_j x_j W_jk,
        so the votes *are* the score, split by pixel: ink where W_jk > 0 votes for the
        digit, ink where W_jk < 0 against it, and blank pixels (x_j = 0) do not vote.
        x: one input (d,)."""
        x = self._check_features(np.asarray(x)[None])[0]
        return x * self.weights[:, digit]

    def loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy on (X, y); y: integer labels (n,) or one-hot rows (n, k)."""
        logits = self.logits(X)
        return cross_entropy(logits, as_onehot(y, len(logits), self.n_classes, self.dtype))

    # ----- the backward pass ------------------------------------------------

    def gradients(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(dL/dW, dL/db), shapes (d, k) and (k,); y: labels (n,) or one-hot (n, k)."""
        return self.loss_and_gradients(X, y)[1:]

    def loss_and_gradients(self, X: np.ndarray, y: np.ndarray, weight_decay: float = 0.0
                           ) -> tuple[float, np.ndarray, np.ndarray]:
        """`loss_and_gradients` on this model's parameters, after checking X and y
        (y: integer labels (n,) or one-hot rows (n, k))."""
        X = self._check_features(X)
        onehot = as_onehot(y, len(X), self.n_classes, self.dtype)
        with np.errstate(invalid="ignore", over="ignore"):  # reported below, clearly
            loss, dW, db = loss_and_gradients(self.weights, self.bias, X, onehot, weight_decay)
        self._check_finite(np.array([loss]), X)
        return loss, dW, db

    def sgd_step(self, X: np.ndarray, y: np.ndarray, learning_rate: float,
                 weight_decay: float = 0.0) -> float:
        """One step of gradient descent on the batch (X, y); returns the batch loss
        measured before the step (what TensorFlow's `minimize` reports too).
        In place, so the parameters keep their dtype whatever the batch's."""
        loss, dW, db = self.loss_and_gradients(X, y, weight_decay)
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

    @staticmethod
    def _check_finite(result: np.ndarray, X: np.ndarray) -> None:
        """A NaN or inf in a row of X makes that row's result non-finite, so this cheap
        check of the (small) result catches bad input without scanning all of X first."""
        if not np.isfinite(result).all():
            if not np.isfinite(X).all():
                raise ValueError("X contains NaN or infinite values")
            raise FloatingPointError("logits overflowed: the weights have diverged")

    # ----- files ------------------------------------------------------------

    def save(self, path: str | Path) -> None:
        """Write weights, bias and metadata to an .npz file (no pickles inside).

        The file is written beside its destination and renamed into place, so
        an interrupted save never leaves a half-written model behind.
        """
        meta = {"format_version": FORMAT_VERSION, **self.metadata}

        def write(tmp: Path) -> None:
            with open(tmp, "wb") as f:  # a file object: np.savez adds no ".npz" to it
                np.savez(f, weights=self.weights, bias=self.bias,
                         metadata=np.array(json.dumps(meta)))

        write_atomically(path, write)

    @classmethod
    def load(cls, path: str | Path) -> "SoftmaxRegression":
        """Read a model written by `save`, refusing anything it would not write."""
        if Path(path).is_dir():
            raise ModelFileError(f"{path} is a directory: give a model file (.npz) in it")
        if not Path(path).exists():
            raise ModelFileError(f"{path} does not exist")
        with open(path, "rb") as f:
            if f.read(2) != b"PK":  # every .npz is a zip file, and zip files start so
                raise ModelFileError(f"{path}: not a model file (expected an .npz written "
                                     "by `digits train` or SoftmaxRegression.save)")
        names = ("weights", "bias", "metadata")
        try:
            with np.load(path, allow_pickle=False) as npz:  # pragma: no mutate (False by default)
                missing = [name for name in names if name not in npz.files]
                if missing:
                    raise ModelFileError(
                        f"{path}: not a model file (no {' or '.join(missing)} in it; "
                        "SoftmaxRegression.save writes weights, bias and metadata)")
                arrays = {name: npz[name] for name in names}
        except ValueError as err:  # np.load's word for a pickle, which it refuses
            if "pickle" not in str(err):
                raise ModelFileError(f"{path}: damaged, cannot be read ({err})") from None
            raise ModelFileError(f"{path}: holds Python objects (a pickle), which a model "
                                 "file never does: refusing to load it") from None
        except (OSError, EOFError, KeyError, RuntimeError, zipfile.BadZipFile,
                zlib.error):  # a damaged archive (RuntimeError: a zip feature it does not
            # support, e.g. a garbled version number)
            raise ModelFileError(f"{path}: damaged or cut short (not a whole .npz "
                                 "archive): save or train it again") from None
        weights, bias = arrays["weights"], arrays["bias"]
        if weights.dtype not in (np.float32, np.float64) or bias.dtype != weights.dtype:
            raise ModelFileError(f"{path}: weights and bias must share a float dtype")
        if (weights.ndim != 2 or bias.shape != (weights.shape[1],) or weights.shape[0] < 1
                or weights.shape[1] < 2):
            raise ModelFileError(f"{path}: weights {weights.shape} and bias {bias.shape} do "
                                 "not make a model (weights (d, K), d >= 1, K >= 2; bias (K,))")
        if not (np.isfinite(weights).all() and np.isfinite(bias).all()):
            raise ModelFileError(f"{path}: weights contain NaN or infinite values")
        model = cls(*weights.shape, dtype=weights.dtype)  # pragma: no mutate (replaced below)
        model.weights, model.bias = weights, bias
        model.metadata = read_metadata(arrays["metadata"], path)
        if "framing" in model.metadata:  # a model of drawings reads what it names
            try:
                model.framing  # noqa: B018 (reading it checks it against the weights)
            except ValueError as err:
                raise ModelFileError(f"{path}: {err}") from None
        return model


def load_framed(path: str | Path) -> SoftmaxRegression:
    """A model of digits from its file, for the command line and the game: its weights
    must fit the framing it reads ("mnist" if it names none), or it is refused."""
    model = SoftmaxRegression.load(path)
    try:
        model.framing  # noqa: B018 (reading it checks it against the weights)
    except ValueError as err:
        raise ModelFileError(f"{path}: {err}: not a model this version wrote") from None
    return model


def read_metadata(stored: np.ndarray, path: str | Path) -> dict[str, Any]:
    """A model file's metadata entry (a 0-d string array of JSON) -> the dict it holds."""
    try:
        if stored.shape != () or stored.dtype.kind != "U":
            raise ValueError("not a JSON string")
        metadata = json.loads(str(stored))
    except ValueError as err:  # incl. json.JSONDecodeError
        raise ModelFileError(f"{path}: its metadata is damaged ({err})") from None
    if not isinstance(metadata, dict):
        raise ModelFileError(f"{path}: its metadata is damaged (not a JSON object)")
    # files from before a framing could name the 2016 original's 20 x 20 said it in "features"
    for entry in (metadata, metadata.get("rows")):
        if isinstance(entry, dict) and entry.pop("features", None) == "original20":
            entry["framing"] = "original20"
    return metadata

