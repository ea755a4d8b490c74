"""Real pen trajectories drawn into the game's canvas, as a player would draw them.

A pendigits trajectory is 8 points in a 0..100 square, y up (pendigits.py). To
become what the game's canvas would hold, it is

    1. placed in the guide box (`place`): y flipped to point down, scaled to the
       box, and, for training, moved, resized, narrowed and slanted a little, as
       players' digits vary (ranges below);
    2. optionally smoothed (`smooth_path`): people draw curves, not heptagons;
    3. drawn with the game's own pen (`drawing.snapshots`), stopping at each
       completion fraction of the path, and each snapshot framed for the model
       (`canvas_to_input`), exactly as the game frames its canvas.

The pen-up moves between strokes are part of the 8-point path and cannot be told
apart from ink (the points were resampled along the whole path), so they are
drawn: a 5 keeps the line joining its top bar to its body. Guessing where the
pen was lifted would invent strokes; MNIST, trained on beside, has no such lines.
"""

from functools import partial

import numpy as np

from softmax_from_scratch.drawing import CANVAS, GUIDE
from softmax_from_scratch.parallel import map_seeded
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

# How far a training trajectory's placement varies (`jitter=True`), as a share of the
# guide box. Players fill the box they are shown, more or less: heights from 75 % to
# 105 % of it, centres up to 8 % off, widths from 60 % of the height to all of it
# (pendigits dropped each digit's aspect ratio, so this restores a range of them),
# and slants up to 0.2 (x moves 0.2 px per px of height), as handwriting leans.
PEN_HEIGHTS = (0.75, 1.05)
PEN_ASPECTS = (0.6, 1.0)
PEN_SHIFT = 0.08
PEN_SLANT = 0.2


def place(points: np.ndarray, height: float = 1.0, aspect: float = 1.0,
          shift: tuple[float, float] = (0.0, 0.0), slant: float = 0.0) -> np.ndarray:
    """Pendigits points (m, 2) (x, y up, 0..100) -> (m, 2) (x, y down) in the canvas.

    The defaults fill the guide box exactly, as the validation digits are drawn.
    height: share of the guide box; aspect: width / height; shift: (dx, dy) of the
    centre as a share of the box; slant: dx per unit of height, above the centre.
    """
    x = points[:, 0] / 100 - 0.5
    y = 0.5 - points[:, 1] / 100  # y down, centred
    x_canvas = (x * aspect * height - slant * y * height + shift[0]) * GUIDE + CANVAS / 2
    y_canvas = (y * height + shift[1]) * GUIDE + CANVAS / 2
    return np.stack([x_canvas, y_canvas], axis=1)


def random_placement(points: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """`place` with a height, aspect, shift and slant drawn from the ranges above:
    (8, 2) pendigits points -> (8, 2) canvas (x, y)."""
    return place(points, rng.uniform(*PEN_HEIGHTS), rng.uniform(*PEN_ASPECTS),
                 tuple(rng.uniform(-PEN_SHIFT, PEN_SHIFT, 2)), rng.uniform(-PEN_SLANT, PEN_SLANT))


def smooth_path(points: np.ndarray, per_segment: int = 8) -> np.ndarray:
    """A Catmull-Rom spline through the points: (m, 2) -> ((m - 1) * per_segment + 1, 2).

    Between p1 and p2 the curve is the cubic with p(0) = p1, p(1) = p2 and tangents
    (p2 - p0) / 2 and (p3 - p1) / 2: it passes through every point and turns
    smoothly. The end points are repeated to give the first and last pieces a tangent.
    """
    p = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0, 1, per_segment + 1)[1:, None]
    curve = [points[:1]]
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        curve.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                            + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
    return np.vstack(curve)


def pen_inputs(trajectory: np.ndarray, rng: np.random.Generator, fractions: tuple[float, ...],
               framing: str, smooth: bool, jitter: bool, size: int) -> list[np.ndarray | None]:
    """One trajectory (8, 2), placed (`jitter`ed by rng, or filling the box), drawn and
    framed: its input at each fraction (None: no ink yet)."""
    path = random_placement(trajectory, rng) if jitter else place(trajectory)
    if smooth:
        path = smooth_path(path)
    return snapshot_inputs([path], fractions, framing, size)


def pen_dataset(points: np.ndarray, labels: np.ndarray, fractions: tuple[float, ...],
                framing: str, smooth: bool = False, jitter: bool = False,
                size: int = CANVAS, seed: int = 0, progress: bool = False,
                workers: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pendigits trajectories (n, 8, 2) -> the model's inputs at each completion fraction.

    Each trajectory is placed in the guide box (filling it, or `jitter`ed), drawn
    as one stroke (`smooth`ed or as the 8-point polyline) with the game's pen on a
    `size` canvas (560, the game's own; training uses 140, the same drawing at a
    quarter of the resolution, 16 times cheaper) and framed by `canvas_to_input`.
    Runs on `workers` processes (default: every core), in seeded chunks.

    Returns (X (m, input_length(framing)) float32, y (m,) labels, completion (m,) fractions);
    a snapshot with no ink yet is left out.
    """
    make = partial(pen_inputs, fractions=tuple(fractions), framing=framing, smooth=smooth,
                   jitter=jitter, size=size)
    inputs = map_seeded(make, points, seed, progress=progress,
                        workers=workers)  # pragma: no mutate (same rows)
    return stack_snapshots(inputs, labels, fractions, framing)


