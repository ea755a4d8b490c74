"""From a drawing canvas to the model's input: the *views* of its framing (framings.py).

Each view is computed from the canvas by a fixed recipe, and a framing's views are
concatenated: the model reads each pixel of each view with its own weight. The game,
training and evaluation all pass through `canvas_to_input`, so what the model learns
from is what it reads in play.
"""

from functools import lru_cache

import numpy as np

from softmax_from_scratch.drawing import CANVAS, snapshots
from softmax_from_scratch.features import area_matrix, mnist_to_original20
from softmax_from_scratch.framings import FIELD, SMALL, input_length, views_of

INK = 0.1  # a pixel brighter than this counts as ink when finding the bounding box
BOX = 20  # the side MNIST scales a digit's ink box to, inside its 28 x 28 field


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


@lru_cache(maxsize=4096)
def area_weights(n_in: int, n_out: int) -> np.ndarray:
    """`area_matrix` (n_out, n_in) in float32, made once per size pair: every snapshot
    needs the canvas's, and crops come in a few hundred sizes. Read-only, as it is shared."""
    weights = area_matrix(n_in, n_out).astype(np.float32)
    weights.flags.writeable = False
    return weights


def resample(image: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """(h, w) -> (out_h, out_w) by area averaging: R @ image @ C^T."""
    return area_weights(image.shape[0], out_h) @ image @ area_weights(image.shape[1], out_w).T


def canvas_to_input(canvas: np.ndarray, framing: str = "mnist") -> np.ndarray | None:
    """Canvas (h, w), ink bright on dark -> (input_length(framing),) float32 in [0, 1],
    or None if the canvas holds no ink.

    framing="mnist" (784), MNIST's own normalisation, for a digit drawn anywhere at
      any size: crop to the ink, fit 20 px, centre of mass on (14, 14) (`mnist_framed`).
    framing="canvas" (784): the square canvas *is* the 28x28 field, the digit expected
      in its central 20/28 (the guide box): a half-drawn digit keeps the place and
      size its strokes will have in the finished digit.
    framing="both" (1568): canvas then mnist view.
    framing="three" (1968): canvas, mnist, then stretched view (`stretched_box`): the
      shape of the ink whatever its width (down to 1:3), as pendigits normalises its
      trajectories, so that a digit drawn narrow and the same drawn wide look alike.
    framing="original20" (400): the mnist view averaged to the 2016 original's 20x20.
    docs/game.md measures them.
    """
    views = views_of(framing)
    image = as_unit_image(canvas)
    touched = ink_box(image, 0)  # every pixel the pen touched; the others are zeros
    box = ink_box(image[touched], INK) if touched else None  # the ink, within them
    if box is None:
        return None
    crop = image[touched][box]  # found once, read by the mnist and stretched views
    compute = {"canvas": lambda: canvas_view(image, *touched),
               "mnist": lambda: mnist_framed(crop),
               "mnist20": lambda: mnist_to_original20(mnist_framed(crop)[None])[0],
               "stretched": lambda: stretched_box(crop)}
    pixels = np.concatenate([compute[view]() for view in views])
    return np.minimum(pixels, 1)  # float32 area weights sum to 1 only to within ~1e-7


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


def canvas_view(image: np.ndarray, rows: slice, cols: slice) -> np.ndarray:
    """The whole canvas area-averaged to 28x28, (784,): R @ image @ C^T, with R's columns
    and C's cut to the `rows` and `cols` that hold ink. The pixels left out are zeros,
    which add nothing to the sums, so the view is the same (up to the order of the
    additions, ~1e-7), and a half-drawn digit costs a fraction of the whole canvas."""
    R = area_weights(image.shape[0], FIELD)[:, rows]
    C = area_weights(image.shape[1], FIELD)[:, cols]
    return (R @ image[rows, cols] @ C.T).ravel()


def stretched_box(crop: np.ndarray) -> np.ndarray:
    """The ink's bounding box (its crop: `ink_box`) area-averaged to 20x20, whatever its
    aspect ratio: (400,). A box thinner than 1:3 (a 1 drawn dead straight, the first bar of
    a 7) is first padded on its short side to 1:3, centred, so that it stays a bar instead of
    filling the square."""
    height, width = crop.shape
    pad_rows = max((width + 2) // 3 - height, 0)  # ceil(width / 3) - height, if positive
    pad_cols = max((height + 2) // 3 - width, 0)
    box = crop
    if pad_rows or pad_cols:  # (np.pad does this too, at more than the resampling's cost)
        box = np.zeros((height + pad_rows, width + pad_cols), dtype=crop.dtype)
        box[pad_rows // 2 : pad_rows // 2 + height, pad_cols // 2 : pad_cols // 2 + width] = crop
    return resample(box, SMALL, SMALL).ravel()


def mnist_framed(crop: np.ndarray) -> np.ndarray:
    """MNIST's normalisation of the ink's bounding box (`ink_box`, step 1): (784,).

      1. crop to the bounding box of the ink;
      2. scale the longer side to 20 px, keeping the aspect ratio, by area
         averaging (R @ crop @ C^T, see `features.area_matrix`): anti-aliased;
      3. paste into 28x28 so the centre of mass lands on pixel (14, 14), where
         MNIST's digits have theirs (measured on the test set: 14.0 on average).
    """
    height, width = crop.shape
    scale = BOX / max(height, width)
    out_h, out_w = max(1, round(height * scale)), max(1, round(width * scale))
    small = resample(crop, out_h, out_w)
    mass = small.sum()
    centre_row = (small.sum(axis=1) @ np.arange(out_h)) / mass  # in pixel indices
    centre_col = (small.sum(axis=0) @ np.arange(out_w)) / mass
    top = min(max(round(FIELD / 2 - centre_row), 0), FIELD - out_h)  # kept inside the field
    left = min(max(round(FIELD / 2 - centre_col), 0), FIELD - out_w)
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    field[top : top + out_h, left : left + out_w] = small
    return field.ravel()


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
