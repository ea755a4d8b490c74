"""From a drawing canvas to the model's input, normalised the way MNIST was.

MNIST's digits were scaled so that the longer side of their bounding box is
20 pixels (keeping the aspect ratio, anti-aliased), then placed in a 28x28
field so that their centre of mass sits on pixel (14, 14). A model trained on
MNIST expects exactly that, wherever and however large the player drew, so
the game and the training on partial drawings both pass through
`canvas_to_input`.
"""

import numpy as np

from softmax_from_scratch.features import area_matrix

INK = 0.1  # a pixel brighter than this counts as ink when finding the bounding box
BOX = 20
FIELD = 28
INPUTS = {"mnist": 784, "canvas": 784, "both": 1568}  # framing -> length of the model's input
FRAMINGS = tuple(INPUTS)


def as_unit_image(canvas: np.ndarray) -> np.ndarray:
    """uint8 0-255 or float 0-1, 2-D, at least 28x28 -> float32 in [0, 1]."""
    canvas = np.asarray(canvas)
    if canvas.ndim != 2 or min(canvas.shape) < FIELD:
        raise ValueError(f"expected a 2-D canvas of at least 28x28, got shape {canvas.shape}")
    if canvas.dtype == np.uint8:
        return canvas.astype(np.float32) / 255
    if not np.issubdtype(canvas.dtype, np.floating):
        raise TypeError(f"canvas must be uint8 or float, got {canvas.dtype}")
    if not (np.isfinite(canvas).all() and canvas.min() >= 0 and canvas.max() <= 1):
        raise ValueError("a float canvas must hold finite values in [0, 1]")
    return canvas.astype(np.float32, copy=False)


def resample(image: np.ndarray, out_h: int, out_w: int) -> np.ndarray:
    """(h, w) -> (out_h, out_w) by area averaging: R @ image @ C^T."""
    rows = area_matrix(image.shape[0], out_h).astype(np.float32)
    cols = area_matrix(image.shape[1], out_w).astype(np.float32)
    return rows @ image @ cols.T


def canvas_to_input(canvas: np.ndarray, framing: str = "mnist") -> np.ndarray | None:
    """Canvas (h, w), ink bright on dark -> (784,) float32 in [0, 1], or None if empty.

    framing="mnist", MNIST's own normalisation, for a digit drawn anywhere at any size:
      1. crop to the bounding box of the ink;
      2. scale the longer side to 20 px, keeping the aspect ratio, by area
         averaging (R @ crop @ C^T, see `features.area_matrix`): anti-aliased;
      3. paste into 28x28 so the centre of mass lands on pixel (14, 14), where
         MNIST's digits have theirs (measured on the test set: 14.0 on average).

    framing="canvas": the square canvas *is* the 28x28 field, area-averaged down
      as a whole, the digit expected in its central 20/28 (the box the game draws
      as a guide). A half-drawn digit keeps the place and size its strokes will
      have in the finished digit, instead of being blown up and re-centred.

    framing="both" -> (1568,): the canvas view, then the MNIST view. A linear
      model reads each pixel of each view with its own weight, so it can learn
      where each view is to be trusted: the canvas view for where the first
      strokes are, the MNIST view for the shape of a digit drawn off-centre.
      docs/game.md measures all three.
    """
    if framing not in FRAMINGS:
        raise ValueError(f"framing must be one of {FRAMINGS}, got {framing!r}")
    image = as_unit_image(canvas)
    if image.max() <= INK:
        return None
    if framing == "mnist":
        return mnist_framed(image)
    canvas_view = resample(image, FIELD, FIELD).ravel()
    return canvas_view if framing == "canvas" else np.concatenate([canvas_view,
                                                                   mnist_framed(image)])


def mnist_framed(image: np.ndarray) -> np.ndarray:
    """Steps 1-3 of `canvas_to_input`'s MNIST framing, for an image with ink."""
    rows = np.flatnonzero(image.max(axis=1) > INK)
    cols = np.flatnonzero(image.max(axis=0) > INK)
    crop = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    height, width = crop.shape
    scale = BOX / max(height, width)
    out_h, out_w = max(1, round(height * scale)), max(1, round(width * scale))
    small = resample(crop, out_h, out_w)
    mass = small.sum()
    centre_row = (small.sum(axis=1) @ np.arange(out_h)) / mass  # in pixel indices
    centre_col = (small.sum(axis=0) @ np.arange(out_w)) / mass
    top = int(np.clip(round(FIELD / 2 - centre_row), 0, FIELD - out_h))
    left = int(np.clip(round(FIELD / 2 - centre_col), 0, FIELD - out_w))
    field = np.zeros((FIELD, FIELD), dtype=np.float32)
    field[top : top + out_h, left : left + out_w] = np.clip(small, 0, 1)
    return field.ravel()
