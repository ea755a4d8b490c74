"""Figures as PNG files (matplotlib, the `plot` extra), sized for where they are read.

A figure is saved at the pixel width of the docs' text column, or narrower, so a browser
shows it at its natural size, and every piece of text in it must then be at least 9 px
tall: `save_figure` refuses a figure whose smallest text would be smaller.
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.atomic import write_atomically

COLUMN_PX = 688  # the docs' text column, in CSS pixels (Material for MkDocs, wide screen)
MAX_DPI = 100  # a narrow figure is not blown up beyond this
MIN_TEXT_PX = 9.0


def pyplot():
    """matplotlib's pyplot, drawing to files only."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def smallest_text_px(fig, dpi: float) -> float:
    """The font size, in pixels at `dpi`, of the smallest visible text in `fig`."""
    from matplotlib.text import Text

    sizes = [text.get_fontsize() for text in fig.findobj(Text)
             if text.get_visible() and text.get_text().strip()]
    return min(sizes, default=np.inf) * dpi / 72  # points are 1/72 inch


def save_figure(fig, path: str | Path) -> None:
    """Write `fig` as a PNG at most COLUMN_PX wide, then close it.

    Raises ValueError, naming the file, if its smallest text would be under MIN_TEXT_PX:
    make the figure narrower (in inches) or its text larger.
    """
    dpi = min(MAX_DPI, COLUMN_PX / fig.get_figwidth())
    smallest = smallest_text_px(fig, dpi)
    if smallest < MIN_TEXT_PX:
        raise ValueError(f"{path}: its smallest text would be {smallest:.1f} px tall "
                         f"(at least {MIN_TEXT_PX:g}): make it narrower or its text larger")
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=dpi))
    pyplot().close(fig)


def plot_confusion(confusion: np.ndarray, path: str | Path, title: str = "") -> None:
    """Write the confusion matrix as a PNG heat map."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 5.5))
    shown = np.log1p(confusion)  # the diagonal dwarfs the mistakes; log shows both
    ax.imshow(shown, cmap="Blues")
    for (t, p), count in np.ndenumerate(confusion):
        ax.text(p, t, str(count), ha="center", va="center", fontsize=7,
                color="white" if shown[t, p] > shown.max() * 0.6 else "black")
    ax.set(xlabel="predicted", ylabel="true", xticks=range(10), yticks=range(10), title=title)
    fig.tight_layout()
    save_figure(fig, path)


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
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    fig.tight_layout()
    save_figure(fig, path)
