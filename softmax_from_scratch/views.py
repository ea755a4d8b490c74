"""What a model reads: the *views* of a drawing, and the *framings* that concatenate them.

A view is a small grey image of the digit, made from the drawing's canvas by a fixed
recipe. VIEWS holds each one's side and recipe:

    canvas     28x28  the whole canvas area-averaged: every stroke keeps its place, so a
                      half-drawn digit keeps the place and size it will have finished
    mnist      28x28  MNIST's own normalisation: the ink's box scaled to 20 px, its
                      centre of mass on (14, 14)
    mnist20    20x20  the mnist view averaged down to the 2016 original's 20x20
    stretched  20x20  the ink's box stretched to a square (down to 1:3), as pendigits
                      normalises its own trajectories: narrow and wide look alike

A framing names the views a model reads, in order (FRAMINGS), and the model holds one
weight per pixel of each (`input_length`). The game, training and evaluation all pass
through `canvas_to_input`, so what the model learns from is what it reads in play.
MNIST's digits come framed already, so for them the "mnist" and "original20" framings
are the pixels as they are: the 2016 recipe's input (datasets.mnist_inputs).

Every view shrinks an image by *area averaging*: each output pixel is the mean of the
input area it covers. `area_matrix` writes that as a matrix, so an image is resampled
by two small matrix products, R @ image @ C^T.
"""

from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from softmax_from_scratch.drawing import snapshots
from softmax_from_scratch.strokes import CANVAS

FIELD = 28  # MNIST's side, and the canvas view's
SMALL = 20  # the 2016 original's side (500 px / 25), and the stretched view's
BOX = 20  # the side MNIST scales a digit's ink box to, inside its 28 x 28 field
INK = 0.1  # a pixel brighter than this counts as ink when finding the ink's box


class Ink(NamedTuple):
    """A canvas as the views read it: the whole image, (h, w) float32 in [0, 1], the crop
    of its ink's box (`ink_box`), and that crop with its longer side already area-averaged
    to 20 px: the mnist and the stretched view both begin with it."""

    image: np.ndarray
    crop: np.ndarray
    longer: np.ndarray

    @property
    def short_axis(self) -> int:
        """The axis of the crop's shorter side, which `longer` has not averaged yet."""
        return short_axis(self.crop.shape)


def short_axis(shape: tuple[int, int]) -> int:
    """The axis of an (h, w) image's shorter side: 1 (its width) if h >= w, else 0."""
    height, width = shape
    return 1 if height >= width else 0  # pragma: no mutate (square: either side first)


class View(NamedTuple):
    side: int  # the view is side x side pixels
    recipe: Callable[[Ink], np.ndarray]  # -> (side * side,) float32


def area_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) matrix that resamples a line of n_in pixels to n_out by area.

    Output pixel i covers the input interval [i s, (i+1) s) with s = n_in / n_out;
    entry (i, j) is the share of that interval that falls on input pixel
    [j, j+1). Rows sum to 1, so a constant image stays constant. For
    n_in = 25 n_out this is exactly `downscale_local_mean` by 25.
    """
    scale = n_in / n_out
    starts = np.arange(n_out)[:, None] * scale
    pixel = np.arange(n_in)[None, :]
    overlap = np.minimum(starts + scale, pixel + 1) - np.maximum(starts, pixel)
    return np.clip(overlap, 0, None) / scale


@lru_cache(maxsize=4096)
def area_weights(n_in: int, n_out: int) -> np.ndarray:
    """`area_matrix` (n_out, n_in) in float32, made once per size pair: every snapshot
    needs the canvas's, and crops come in a few hundred sizes. Read-only, as it is shared."""
    weights = area_matrix(n_in, n_out).astype(np.float32)
    weights.flags.writeable = False
    return weights


def area_average(image: np.ndarray, axis: int, side: int) -> np.ndarray:
    """The image (h, w) with one axis area-averaged to `side` px: R @ image (axis 0) or
    image @ C^T (axis 1)."""
    if axis == 0:
        return area_weights(image.shape[0], side) @ image
    return image @ area_weights(image.shape[1], side).T


def resample(image: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """(h, w) -> (out_h, out_w) by area averaging: R @ image @ C^T.

    When both sides shrink by whole factors (the game's 560 canvas to 28: by 20), each
    output pixel is the mean of its own block of the image, and that is how it is
    computed: sums of blocks, in one pass over the image, where the products would
    multiply it by matrices almost all zeros (the same numbers, up to the order of the
    additions).
    """
    h, w = image.shape
    if h % out_h or w % out_w:  # pragma: no mutate (speed only)
        return area_average(area_average(image, 0, out_h), 1, out_w)
    block_h, block_w = h // out_h, w // out_w
    rows = image.reshape(out_h, block_h, w).sum(axis=1)
    return rows.reshape(out_h, out_w, block_w).sum(axis=2) / np.float32(block_h * block_w)


def canvas_view(ink: Ink) -> np.ndarray:
    """The whole canvas area-averaged to 28x28: (784,)."""
    return resample(ink.image, FIELD, FIELD).ravel()


def mnist_framed(ink: Ink) -> np.ndarray:
    """MNIST's normalisation of the ink's bounding box (its crop, step 1): (784,).

      1. crop to the bounding box of the ink;
      2. scale the longer side to 20 px, keeping the aspect ratio, by area
         averaging (R @ crop @ C^T, see `area_matrix`): anti-aliased;
      3. paste into 28x28 so the centre of mass lands on pixel (14, 14), where
         MNIST's digits have theirs (measured on the test set: 14.0 on average).
    """
    height, width = ink.crop.shape
    scale = BOX / max(height, width)
    small = area_average(ink.longer, ink.short_axis, max(1, round(min(height, width) * scale)))
    out_h, out_w = small.shape
    mass = small.sum()
    centre_row = (small.sum(axis=1) @ np.arange(out_h)) / mass  # in pixel indices
    centre_col = (small.sum(axis=0) @ np.arange(out_w)) / mass
    top = min(max(round(FIELD / 2 - centre_row), 0), FIELD - out_h)  # kept inside the field
    left = min(max(round(FIELD / 2 - centre_col), 0), FIELD - out_w)
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    field[top : top + out_h, left : left + out_w] = small
    return field.ravel()


def mnist_to_original20(X: np.ndarray) -> np.ndarray:
    """MNIST rows (n, 784) -> the 2016 original's resolution, (n, 400) float32.

    The 28x28 digit is area-averaged to 20x20: what `downscale_local_mean`
    by 25 does to a 500x500 canvas showing the same digit.
    """
    A = area_weights(FIELD, SMALL)
    images = np.asarray(X, dtype=np.float32).reshape(len(X), FIELD, FIELD)
    return (A @ images @ A.T).reshape(len(images), SMALL * SMALL)


def mnist20_view(ink: Ink) -> np.ndarray:
    """The mnist view averaged down to the 2016 original's 20x20: (400,)."""
    return mnist_to_original20(mnist_framed(ink)[None])[0]


def stretched_box(ink: Ink) -> np.ndarray:
    """The ink's bounding box (its crop) area-averaged to 20x20, whatever its aspect
    ratio: (400,). A box thinner than 1:3 (a 1 drawn dead straight, the first bar of a 7)
    is first padded on its short side to 1:3, centred, so that it stays a bar instead of
    filling the square. (Zeros added to the short side do not change the long side's
    average, so the padding is added to `ink.longer`.)"""
    short, long = sorted(ink.crop.shape)
    pad = max((long + 2) // 3 - short, 0)  # ceil(long / 3) - short, if positive
    box = ink.longer
    if pad:  # centred on the short side
        widths = [(0, 0), (0, 0)]
        widths[ink.short_axis] = (pad // 2, pad - pad // 2)
        box = np.pad(box, widths)
    return area_average(box, ink.short_axis, SMALL).ravel()


VIEWS = {
    "canvas": View(FIELD, canvas_view),
    "mnist": View(FIELD, mnist_framed),
    "mnist20": View(SMALL, mnist20_view),
    "stretched": View(SMALL, stretched_box),
}
FRAMINGS = {
    "mnist": ("mnist",),  # the 2016 recipe on MNIST: 784 numbers
    "original20": ("mnist20",),  # the 2016 original's 20x20 = 400 numbers
    "canvas": ("canvas",),
    "both": ("canvas", "mnist"),
    "three": ("canvas", "mnist", "stretched"),
}


def views_of(framing: str) -> tuple[str, ...]:
    """The views a framing concatenates, in order; an unknown framing is refused."""
    if framing not in FRAMINGS:
        raise ValueError(f"framing must be one of {list(FRAMINGS)}, got {framing!r}")
    return FRAMINGS[framing]


def input_length(framing: str) -> int:
    """How many numbers the framing's input holds: the pixels of all its views."""
    return sum(VIEWS[view].side ** 2 for view in views_of(framing))


def split_views(x: np.ndarray, framing: str) -> dict[str, np.ndarray]:
    """A model's input, or anything laid out like it (its evidence, a weight column),
    (input_length(framing),) -> {view: (side, side) image}, in the framing's order."""
    if x.shape != (input_length(framing),):
        raise ValueError(f"framing {framing!r} reads {input_length(framing)} numbers, "
                         f"got {x.shape}")
    views = views_of(framing)
    sides = [VIEWS[view].side for view in views]
    parts = np.split(x, np.cumsum([side**2 for side in sides])[:-1])
    named = zip(views, sides, parts, strict=True)  # pragma: no mutate (equal lengths)
    return {view: part.reshape(side, side) for view, side, part in named}


def as_unit_image(canvas: np.ndarray) -> np.ndarray:
    """A canvas (h, w), uint8 0-255 or float 0-1, at least 28 x 28 -> (h, w) float32 in [0, 1]."""
    canvas = np.asarray(canvas)
    if canvas.ndim != 2 or min(canvas.shape) < FIELD:
        raise ValueError(f"expected a 2-D canvas of at least 28x28, got shape {canvas.shape}")
    if canvas.dtype == np.uint8:
        return canvas.astype(np.float32) / 255
    if not np.issubdtype(canvas.dtype, np.floating):
        raise TypeError(f"canvas must be uint8 or float, got {canvas.dtype}")
    if not (canvas.min() >= 0 and canvas.max() <= 1):  # NaN fails both, inf the second
        raise ValueError("a float canvas must hold finite values in [0, 1]")
    return canvas.astype(np.float32, copy=False)  # pragma: no mutate (copy: memory only)


def ink_box(image: np.ndarray, threshold: float) -> tuple[slice, slice] | None:
    """The bounding box of the pixels of `image` (h, w) brighter than `threshold`, as the
    (rows, cols) slices that crop it (`image[box]`), or None if no pixel is."""
    inked = image > threshold
    rows = np.flatnonzero(inked.any(axis=1))
    if len(rows) == 0:
        return None
    band = slice(rows[0], rows[-1] + 1)
    cols = np.flatnonzero(inked[band].any(axis=0))
    return band, slice(cols[0], cols[-1] + 1)


def canvas_to_input(canvas: np.ndarray, framing: str = "mnist") -> np.ndarray | None:
    """Canvas (h, w), ink bright on dark -> (input_length(framing),) float32 in [0, 1]:
    the framing's views (VIEWS), concatenated; None if the canvas holds no ink."""
    views = views_of(framing)
    image = as_unit_image(canvas)
    box = ink_box(image, INK)
    if box is None:
        return None
    crop = image[box]
    longer = area_average(crop, 1 - short_axis(crop.shape), BOX)  # BOX == SMALL: stretched's too
    ink = Ink(image, crop, longer)
    pixels = np.concatenate([VIEWS[view].recipe(ink) for view in views])
    return np.minimum(pixels, 1)  # float32 area weights sum to 1 only to within ~1e-7


def snapshot_inputs(strokes: list[np.ndarray], fractions: tuple[float, ...], framing: str,
                    size: int = CANVAS) -> list[np.ndarray | None]:
    """Strokes ((m, 2) canvas paths, in drawing order) -> the model's input at each
    fraction of their ink path (None where nothing is drawn yet)."""
    return [canvas_to_input(ink, framing) for ink in snapshots(strokes, fractions, size)]


def stack_snapshots(inputs: list[list[np.ndarray | None]], labels: np.ndarray,
                    fractions: tuple[float, ...], framing: str
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per drawing, its input through `framing` at each fraction (None: no ink yet) ->
    rows: X (m, input_length(framing)) float32, labels (m,) int64, completion (m,)."""
    rows, kept_labels, completion = [], [], []
    for label, snaps in zip(labels, inputs, strict=True):  # pragma: no mutate (equal lengths)
        for fraction, x in zip(fractions, snaps, strict=True):  # pragma: no mutate (equal lengths)
            if x is not None:
                rows.append(x)
                kept_labels.append(label)
                completion.append(fraction)
    return (np.array(rows, dtype=np.float32).reshape(len(rows), input_length(framing)),
            np.array(kept_labels, dtype=np.int64), np.array(completion))
