"""A network with one hidden layer: softmax regression on features it learns itself.

Softmax regression scores each digit by one weighted sum of the pixels, so every pixel
votes for or against a digit whatever else is on the canvas. A hidden layer first
computes h features of the input, each a weighted sum passed through a ReLU (it is
zero unless its sum is positive), and softmax regression then reads those:

    Z1 = X W1 + b1                   X: (n, d), W1: (d, h), b1: (h,)      Z1: (n, h)
    H  = relu(Z1) = max(Z1, 0)                                            H:  (n, h)
    Z  = H W2 + b2                   W2: (h, k), b2: (k,)                 Z:  (n, k)
    P  = softmax(Z)
    L  = -(1/n) sum_i sum_k Y_ik log P_ik  +  (lambda/2) (|W1|^2 + |W2|^2)

The gradient, by the chain rule from the top down ("backpropagation"); each line
reuses the one above it:

    dL/dZ  = (P - Y) / n                        (n, k)  as in softmax regression
    dL/dW2 = H^T dL/dZ + lambda W2              (h, k)  Z = H W2 + b2, H in X's place
    dL/db2 = sum_i (dL/dZ)_i                    (k,)
    dL/dH  = dL/dZ W2^T                         (n, h)  each hidden unit feeds every score
    dL/dZ1 = dL/dH * [Z1 > 0]                   (n, h)  a ReLU passes the gradient where
                                                        it was on, and stops it elsewhere
    dL/dW1 = X^T dL/dZ1 + lambda W1             (d, h)
    dL/db1 = sum_i (dL/dZ1)_i                   (h,)

(docs/network.md derives each line.) The model is still piecewise linear: for one input,
the active units D = diag([Z1 > 0]) make Z = x W1 D W2 + b1 D W2 + b2 exactly, which is
what `Network.evidence` splits by pixel.
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.classifier import Classifier, ModelFileError
from softmax_from_scratch.functions import log_softmax, negative_log_likelihood, softmax

HIDDEN = 128  # hidden units by default: the size d2l's and CS231n's first MLPs use


# ----- the math, on plain arrays -------------------------------------------------------


Gradients = tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def network_loss_and_gradients(W1: np.ndarray, b1: np.ndarray,
                               W2: np.ndarray, b2: np.ndarray,
                               X: np.ndarray, onehot: np.ndarray,
                               weight_decay: float = 0.0) -> Gradients:
    """The network's mean cross-entropy and its gradient, vectorized: one
    forward pass, kept, and one backward pass through it (the module's
    docstring has the formulas; the docs show this function).

    W1: (d, h), b1: (h,), W2: (h, k), b2: (k,), X: (n, d), onehot: (n, k).
    weight_decay: lambda >= 0, the L2 penalty on both weight matrices (not
    the biases). Returns (loss, dW1 (d, h), db1 (h,), dW2 (h, k), db2 (k,)).
    """
    Z1 = X @ W1 + b1  # forward: each hidden unit's weighted sum, (n, h)
    H = np.maximum(Z1, 0)  # ReLU
    log_probs = log_softmax(H @ W2 + b2)  # (n, k)
    loss = negative_log_likelihood(log_probs, onehot)
    dZ = (np.exp(log_probs) - onehot) / len(X)  # "probability minus truth"
    dW2, db2 = H.T @ dZ, dZ.sum(axis=0)
    dZ1 = dZ @ W2.T  # dL/dH, (n, h) ...
    dZ1[Z1 <= 0] = 0  # ... through the ReLU: none where it was off
    dW1, db1 = X.T @ dZ1, dZ1.sum(axis=0)
    if weight_decay:
        loss += weight_decay / 2 * float((W1 * W1).sum() + (W2 * W2).sum())
        dW1 += weight_decay * W1
        dW2 += weight_decay * W2
    return loss, dW1, db1, dW2, db2


def network_loss_and_gradients_loop(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                                    b2: np.ndarray, X: np.ndarray, onehot: np.ndarray,
                                    weight_decay: float = 0.0) -> Gradients:
    """`network_loss_and_gradients`, with the same arguments, one example, one unit and
    one weight at a time. Slow on purpose: it is the chain rule read term by term.

    For one example x with one-hot row y, hidden sums z1_j = b1_j + sum_i x_i W1[i, j],
    units h_j = max(z1_j, 0), scores z_k = b2_k + sum_j h_j W2[j, k], p = softmax(z):

        dloss/dz_k      = p_k - y_k
        dloss/dW2[j, k] = h_j (p_k - y_k)
        dloss/dh_j      = sum_k W2[j, k] (p_k - y_k)
        dloss/dz1_j     = dloss/dh_j if z1_j > 0, else 0
        dloss/dW1[i, j] = x_i dloss/dz1_j

    The batch's are the means of these over the examples, plus the penalty's lambda W.
    """
    n, d = X.shape
    n_hidden, n_classes = W2.shape
    loss = 0.0
    dW1, db1 = np.zeros((d, n_hidden)), np.zeros(n_hidden)
    dW2, db2 = np.zeros((n_hidden, n_classes)), np.zeros(n_classes)
    for i in range(n):
        z1 = [b1[j] + sum(X[i, m] * W1[m, j] for m in range(d)) for j in range(n_hidden)]
        h = [max(z, 0.0) for z in z1]
        z = [b2[k] + sum(h[j] * W2[j, k] for j in range(n_hidden)) for k in range(n_classes)]
        p = softmax(np.array([z]))[0]
        for k in range(n_classes):
            if onehot[i, k]:
                loss -= onehot[i, k] * np.log(p[k]) / n
        for j in range(n_hidden):
            dh = 0.0
            for k in range(n_classes):
                error = p[k] - onehot[i, k]
                dW2[j, k] += h[j] * error / n
                dh += W2[j, k] * error
            dz1 = dh if z1[j] > 0 else 0.0
            db1[j] += dz1 / n
            for m in range(d):
                dW1[m, j] += X[i, m] * dz1 / n
        for k in range(n_classes):
            db2[k] += (p[k] - onehot[i, k]) / n
    for W, dW in ((W1, dW1), (W2, dW2)):
        for index in np.ndindex(W.shape):
            loss += weight_decay / 2 * W[index] ** 2
            dW[index] += weight_decay * W[index]
    return float(loss), dW1, db1, dW2, db2


# ----- the model: its parameters and its two passes -----------------------------------------


class Network(Classifier):
    """One hidden layer of ReLU units under a softmax, with hand-written backpropagation.

    W1: (n_inputs, n_hidden), b1: (n_hidden,), W2: (n_hidden, n_classes),
    b2: (n_classes,). Unlike softmax regression's, its weights cannot start at zero:
    every hidden unit would then compute the same thing and get the same gradient, and
    they would stay copies of one another forever. So W1 starts random, seeded, by He et
    al.'s rule for ReLU layers, N(0, 2/d): a ReLU zeroes half its inputs on average, and
    doubling the variance keeps the size of the signal from layer to layer. W2 starts
    N(0, 1/h), so the first scores are of order 1, and the biases start at zero.
    """

    KIND = "network"
    PARAMETERS = ("W1", "b1", "W2", "b2")

    def __init__(self, n_inputs: int, n_hidden: int = HIDDEN, n_classes: int = 10,
                 dtype: type = np.float32, seed: int | None = 0) -> None:
        if n_inputs < 1 or n_hidden < 1 or n_classes < 2:
            raise ValueError(f"need n_inputs >= 1, n_hidden >= 1 and n_classes >= 2, got "
                             f"{n_inputs}, {n_hidden}, {n_classes}")
        if np.dtype(dtype) not in (np.float32, np.float64):
            raise ValueError(f"dtype must be float32 or float64, got {np.dtype(dtype)}")
        self.dtype = np.dtype(dtype)
        rng = np.random.default_rng(seed)
        self.W1 = (rng.standard_normal((n_inputs, n_hidden)) * np.sqrt(2 / n_inputs)
                   ).astype(self.dtype)
        self.b1 = np.zeros(n_hidden, dtype=self.dtype)
        self.W2 = (rng.standard_normal((n_hidden, n_classes)) * np.sqrt(1 / n_hidden)
                   ).astype(self.dtype)
        self.b2 = np.zeros(n_classes, dtype=self.dtype)
        self.metadata = {}

    @property
    def n_hidden(self) -> int:
        """h, the number of hidden units: W1 is (d, h)."""
        return self.W1.shape[1]

    def hidden(self, X: np.ndarray) -> np.ndarray:
        """H = relu(X W1 + b1), the hidden units' values: X (n, d) -> (n, h)."""
        return np.maximum(X @ self.W1 + self.b1, 0)

    def _logits(self, X: np.ndarray) -> np.ndarray:
        """Z = relu(X W1 + b1) W2 + b2.  X: (n, d) -> (n, k)."""
        return self.hidden(X) @ self.W2 + self.b2

    def _loss_and_gradients(self, X: np.ndarray, onehot: np.ndarray, weight_decay: float
                            ) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return network_loss_and_gradients(self.W1, self.b1, self.W2, self.b2, X, onehot,
                                          weight_decay)

    def evidence(self, x: np.ndarray, digit: int) -> np.ndarray:
        """Why the network scores `digit` as it does: each input's vote, (d,), exactly.

        With the active units of this input, D = diag([x W1 + b1 > 0]), the score is
        linear in x: z_k = sum_j x_j (W1 D W2)_jk + (b1 D W2)_k + b2_k. The votes are
        the first sum's terms, x_j (W1 D W2)_jk = x_j dz_k/dx_j, and `bias_terms` is the
        rest, so votes and bias terms add up to the logit. x: one input (d,)."""
        x, active = self._active_units(x)
        return x * (self.W1[:, active] @ self.W2[active, digit])

    def bias_terms(self, x: np.ndarray, digit: int) -> float:
        """The part of the logit z_k no pixel votes for: (b1 D W2)_k + b2_k (`evidence`)."""
        _, active = self._active_units(x)
        return float(self.b1[active] @ self.W2[active, digit] + self.b2[digit])

    def _active_units(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One input x (d,), checked, and D's diagonal: which hidden units it turns on (h,)."""
        x = self._check_inputs(np.asarray(x)[None])[0]
        return x, x @ self.W1 + self.b1 > 0

    @classmethod
    def _from_arrays(cls, arrays: dict[str, np.ndarray], path: str | Path) -> "Network":
        W1, b1, W2, b2 = (arrays[name] for name in cls.PARAMETERS)
        if not (W1.ndim == 2 and W2.ndim == 2 and b1.shape == (W1.shape[1],) == (W2.shape[0],)
                and b2.shape == (W2.shape[1],) and min(W1.shape) >= 1 and W2.shape[1] >= 2):
            raise ModelFileError(
                f"{path}: W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape} and b2 {b2.shape} do "
                "not make a network (W1 (d, h), b1 (h,), W2 (h, K), b2 (K,), K >= 2)")
        return cls._holding(arrays)
