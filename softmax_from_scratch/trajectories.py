"""Real pen trajectories drawn into the game's canvas, as a player would draw them.

A pendigits trajectory is 8 points in a 0..100 square, y up (pendigits.py). To
become what the game's canvas would hold, it is

    1. placed in the guide box (`place_trajectory`): y flipped to point down, scaled
       to the box, and, for training, moved, resized, narrowed and slanted a little, as
       players' digits vary (PEN_JITTER);
    2. optionally smoothed (`strokes.smooth_path`): people draw curves, not heptagons;
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

from softmax_from_scratch.parallel import map_seeded
from softmax_from_scratch.strokes import (
    CANVAS,
    FILLED,
    Jitter,
    Placement,
    jittered,
    place,
    smooth_path,
)
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

# How far a training trajectory's placement varies (`jitter=True`), as a share of the
# guide box. Players fill the box they are shown, more or less: heights from 75 % to
# 105 % of it, centres up to 8 % off, widths from 60 % of the height to all of it
# (pendigits dropped each digit's aspect ratio, so this restores a range of them),
# and slants up to 0.2 (x moves 0.2 px per px of height), as handwriting leans.
PEN_JITTER = Jitter(heights=(0.75, 1.05), widths=(0.6, 1.0), shift=0.08, slant=0.2)


def place_trajectory(points: np.ndarray, placement: Placement = FILLED) -> np.ndarray:
    """Pendigits points (m, 2) (x, y up, 0..100) -> (m, 2) canvas (x, y down), `place`d:
    by default filling the guide box, as the validation digits are drawn."""
    unit = np.stack([points[:, 0] / 100, 1 - points[:, 1] / 100], axis=1)  # y down, 0..1
    return place([unit], placement)[0]


def pen_inputs(trajectory: np.ndarray, rng: np.random.Generator, fractions: tuple[float, ...],
               framing: str, smooth: bool, jitter: bool, size: int) -> list[np.ndarray | None]:
    """One trajectory (8, 2), placed (`jitter`ed by rng, or filling the box), drawn and
    framed: its input at each fraction (None: no ink yet)."""
    path = place_trajectory(trajectory, jittered(PEN_JITTER, rng) if jitter else FILLED)
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


