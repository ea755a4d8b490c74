"""Figures as PNG files (matplotlib, the `plot` extra), sized for where they are read.

A figure is laid out for the docs' text column (COLUMN_PX CSS pixels, or narrower) and
saved at twice that many pixels, as `NAME@2x.png`: sharp on a high-density screen, and the
site shows it at half its pixel size. Every piece of text in it must then be at least 12 CSS
px tall: `save_figure` refuses a figure whose smallest text would be smaller.

Weights and votes are drawn in one diverging colour map everywhere (these figures, the
drawing page, the game): orange where a pixel counts for a digit, blue against it, and the
background's colour (white here, black in the game) where it counts for nothing.
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.atomic import write_atomically

COLUMN_PX = 688  # the docs' text column, in CSS pixels (Material for MkDocs, wide screen)
MAX_DPI = 100  # CSS pixels per inch: a narrow figure is not blown up beyond this
MIN_TEXT_PX = 12.0  # in CSS pixels, as the site shows the figure
DENSITY = 2  # image pixels per CSS pixel
VOTE_FOR = (255, 150, 40)  # orange: ink here raises the digit's score (a positive weight)
VOTE_AGAINST = (70, 150, 255)  # blue: ink here lowers it


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
    """Write `fig` as a PNG at most COLUMN_PX CSS pixels wide, at DENSITY image pixels per
    CSS pixel, then close it. Name it `NAME@2x.png`: the site shows it at half its size.

    Raises ValueError, naming the file, if its smallest text would be under MIN_TEXT_PX
    when shown: make the figure narrower (in inches) or its text larger.
    """
    css_dpi = min(MAX_DPI, COLUMN_PX / fig.get_figwidth())
    smallest = smallest_text_px(fig, css_dpi)
    if smallest < MIN_TEXT_PX:
        raise ValueError(f"{path}: its smallest text would be {smallest:.1f} px tall "
                         f"(at least {MIN_TEXT_PX:g}): make it narrower or its text larger")
    write_atomically(path, lambda tmp: fig.savefig(tmp, dpi=DENSITY * css_dpi))
    pyplot().close(fig)


def votes_colormap():
    """The diverging map for weights and votes: blue (against), white (nothing), orange
    (for). Show it with vmin = -vmax, so that white is exactly zero."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "votes", [np.array(VOTE_AGAINST) / 255, (1.0, 1.0, 1.0), np.array(VOTE_FOR) / 255])


def votes_image(ax, values: np.ndarray, scale: float):
    """`values` (h, w) drawn on `ax` in the votes map from -scale to +scale, no ticks;
    returns the image, for a colour bar."""
    image = ax.imshow(values, cmap=votes_colormap(), vmin=-scale, vmax=scale)
    ax.set_xticks([])
    ax.set_yticks([])
    return image


def plot_confusion(confusion: np.ndarray, path: str | Path, title: str = "") -> None:
    """Write the confusion matrix as a PNG heat map."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6, 5.5))
    shown = np.log1p(confusion)  # the diagonal dwarfs the mistakes; log shows both
    ax.imshow(shown, cmap="Blues")
    for (t, p), count in np.ndenumerate(confusion):
        ax.text(p, t, str(count), ha="center", va="center", fontsize=8.7,
                color="white" if shown[t, p] > shown.max() * 0.6 else "black")
    ax.set(xlabel="predicted", ylabel="true", xticks=range(10), yticks=range(10), title=title)
    fig.tight_layout()
    save_figure(fig, path)


def plot_completion(curves: dict[str, dict[float, float]], path: str | Path,
                    title: str = "Guessing half-drawn digits") -> None:
    """Accuracy against how much of the digit is drawn, one curve per model."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.4 + 0.3 * len(curves)), layout="constrained")
    for name, points in curves.items():
        fractions = sorted(points)
        ax.plot([100 * f for f in fractions], [100 * points[f] for f in fractions], "o-",
                label=name)
    ax.set(xlabel="% of the path drawn", ylabel="accuracy (%)", ylim=(0, 100), title=title)
    ax.grid(alpha=0.3)
    fig.legend(loc="outside lower center", frameon=False, fontsize=10)  # under the axes
    save_figure(fig, path)
