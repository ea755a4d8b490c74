"""How good is a model: accuracy per class and the confusion matrix."""

from pathlib import Path

import numpy as np

from softmax_from_scratch.atomic import write_atomically


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


def pyplot():
    """matplotlib's pyplot, drawing to files only (matplotlib is the `plot` extra)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_confusion(confusion: np.ndarray, path: str | Path, title: str = "") -> None:
    """Write the confusion matrix as a PNG heat map (needs matplotlib)."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5))
    shown = np.log1p(confusion)  # the diagonal dwarfs the mistakes; log shows both
    ax.imshow(shown, cmap="Blues")
    for (t, p), count in np.ndenumerate(confusion):
        ax.text(p, t, str(count), ha="center", va="center", fontsize=7,
                color="white" if shown[t, p] > shown.max() * 0.6 else "black")
    ax.set(xlabel="predicted", ylabel="true", xticks=range(10), yticks=range(10), title=title)
    fig.tight_layout()
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=120))
    plt.close(fig)


def plot_completion(curves: dict[str, dict[float, float]], path: str | Path,
                    title: str = "Guessing half-drawn digits") -> None:
    """Accuracy against how much of the digit is drawn, one curve per model."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.6 + 0.25 * len(curves)))
    for name, points in curves.items():
        fractions = sorted(points)
        ax.plot([100 * f for f in fractions], [100 * points[f] for f in fractions], "o-",
                label=name)
    ax.set(xlabel="% of the path drawn", ylabel="accuracy (%)", ylim=(0, 100), title=title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=9, frameon=False)
    fig.tight_layout()
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=120))
    plt.close(fig)
