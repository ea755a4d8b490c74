"""How good is a model: its accuracy, per class, and the confusion matrix."""

import numpy as np

from softmax_from_scratch.classifier import Classifier


def accuracy(model: Classifier, X: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows of X (n, d) whose predicted class is the label (labels: (n,) ints)."""
    return float((model.predict(X) == labels).mean())


def confusion_matrix(
    labels: np.ndarray, predictions: np.ndarray, n_classes: int = 10
) -> np.ndarray:
    """(k, k) counts: entry [t, p] is how many digits of true class t were predicted p.

    The diagonal holds the correct answers; row t sums to the number of t's.
    """
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (labels, predictions), 1)
    return counts


def per_class_accuracy(confusion: np.ndarray) -> np.ndarray:
    """(k,) share of each true class predicted correctly: diagonal / row sums."""
    return np.diag(confusion) / np.maximum(confusion.sum(axis=1), 1)


def format_confusion(confusion: np.ndarray) -> str:
    """The (k, k) confusion matrix as a text table, true classes down, predictions across."""
    k = len(confusion)
    width = max(5, len(str(confusion.max())) + 1)
    lines = ["true\\pred" + "".join(f"{p:>{width}}" for p in range(k))]
    lines += [f"{t:>9}" + "".join(f"{c:>{width}}" for c in row) for t, row in enumerate(confusion)]
    return "\n".join(lines)
