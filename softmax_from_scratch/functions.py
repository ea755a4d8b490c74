"""The three functions softmax regression is made of: softmax, log-softmax, cross-entropy.

Notation used throughout the package (one row per example):

    X       : (n, d)  inputs, one flattened image per row
    logits  : (n, k)  Z = X W + b, one unnormalised score per class
    probs   : (n, k)  P = softmax(Z), each row a probability distribution
    onehot  : (n, k)  Y, Y[i, c] = 1 when example i is of class c, else 0

k = 10 for digits.
"""

import numpy as np


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Log-probabilities, computed without ever forming a probability.

        log softmax(z)_c = z_c - log sum_j exp(z_j)
                         = (z_c - m) - log sum_j exp(z_j - m)     for any m

    Choosing m = max_j z_j makes every exponent <= 0, so exp never overflows,
    and the largest term of the sum is exp(0) = 1, so the log never sees 0.
    That is why logits of +-1e4 give finite answers here.

    logits: (n, k) float.  Returns (n, k), same dtype.
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def softmax(logits: np.ndarray) -> np.ndarray:
    """Turn scores into probabilities: softmax(z)_c = exp(z_c) / sum_j exp(z_j).

    Subtracting the row maximum first changes nothing mathematically
    (the factor exp(-m) cancels between numerator and denominator) but keeps
    exp() from overflowing to inf, which would give inf / inf = NaN.

    logits: (n, k) float.  Returns (n, k), rows sum to 1.
    """
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def cross_entropy(logits: np.ndarray, onehot: np.ndarray) -> float:
    """Mean cross-entropy between the labels and the model's distribution.

        L = -(1/n) sum_i sum_c Y_ic log P_ic

    computed through `log_softmax`, never as log(softmax(.)): when a
    probability underflows to 0 in floating point, log(0) = -inf and
    0 * -inf = NaN. That is exactly how the 2016 original's
    `-reduce_sum(y_ * log(y))` turns into NaN; log-softmax never rounds
    the probability to 0 first, so it stays finite.

    logits: (n, k) float, onehot: (n, k) with rows summing to 1.
    """
    return negative_log_likelihood(log_softmax(logits), onehot)


def negative_log_likelihood(log_probs: np.ndarray, onehot: np.ndarray) -> float:
    """The same mean, -(1/n) sum_i sum_c Y_ic log P_ic, from log-probabilities (n, k)
    already computed: one-hot rows pick each example's log P[i, y_i]. (The gradient
    needs log P too, so `loss_and_gradients` computes it once and calls this.)"""
    return float(-(onehot * log_probs).sum() / len(log_probs))


def onehot(labels: np.ndarray, n_classes: int = 10, dtype=np.float32) -> np.ndarray:
    """Integer labels (n,) -> one-hot rows (n, k): Y[i, labels[i]] = 1, i.e. row labels[i]
    of the k x k identity (np.take: the same rows as eye[labels], without fancy indexing's
    general machinery)."""
    return np.take(np.eye(n_classes, dtype=dtype), labels, axis=0)


def as_onehot(y: np.ndarray, n: int, n_classes: int = 10, dtype=np.float32) -> np.ndarray:
    """Targets as one-hot rows (n, k): integer labels (n,) in 0..k-1 are encoded, one-hot
    rows (n, k) are passed through; anything else is refused with what was expected."""
    y = np.asarray(y)
    if y.ndim == 1 and np.issubdtype(y.dtype, np.integer):
        if len(y) != n:
            raise ValueError(f"got {n} examples but {len(y)} labels")
        if len(y) and (y.min() < 0 or y.max() >= n_classes):
            raise ValueError(f"labels must lie in 0..{n_classes - 1}")
        return onehot(y, n_classes, dtype)
    if y.shape == (n, n_classes):
        return y.astype(dtype, copy=False)  # pragma: no mutate (copy: memory only)
    raise ValueError(f"y must be integer labels of shape ({n},) or one-hot rows of shape "
                     f"({n}, {n_classes}), got {y.dtype} {y.shape}")
