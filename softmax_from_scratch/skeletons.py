"""Pen strokes: recover them from a raster digit, and draw them back, all or in part.

MNIST has no pen order, but the game guesses from half-drawn digits. To train
on those, each digit's ink is thinned to a one-pixel skeleton
(`skimage.morphology.skeletonize`), and the skeleton is walked the way a
writer plausibly drew it: start at the top-most (then left-most) free end,
keep going as straight as the skeleton allows, and when the path runs out
start the next stroke the same way among the pixels not yet drawn (a free end
first; the top-most pixel only where what is left is all loops). Rendering the
first fraction f of that ink path, with the digit's own stroke width, gives
the digit "f drawn".

Points are (x, y) in the digit's 28x28 pixel grid, x to the right and y down, as
everywhere in the project; a pixel's centre is at its integer index.
"""

from functools import partial

import numpy as np

from softmax_from_scratch.drawing import segment_ink
from softmax_from_scratch.parallel import map_seeded
from softmax_from_scratch.strokes import Placement, first_fraction, place, rescale
from softmax_from_scratch.views import FIELD, canvas_to_input, stack_snapshots

NEIGHBOURS = [(dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dx, dy) != (0, 0)]


def digit_strokes(image: np.ndarray, threshold: float = 0.5) -> tuple[list[np.ndarray], float]:
    """A raster digit (h, w) in [0, 1] -> (strokes, stroke width).

    strokes: list of (m, 2) float arrays of (x, y) points, in drawing order.
    width: the ink area divided by the skeleton length, the average pen width.
    """
    from skimage.morphology import skeletonize  # here: importing it takes half a second

    ink = np.asarray(image) > threshold
    skeleton = skeletonize(ink)
    free = {(int(x), int(y)) for y, x in np.argwhere(skeleton)}  # argwhere: (row, col)
    width = float(ink.sum()) / max(len(free), 1)
    strokes = []
    while free:
        path = [start_point(free)]
        free.remove(path[0])
        while (step := next_point(path, free)) is not None:
            path.append(step)
            free.remove(step)
        if len(path) > 1 or not strokes:  # drop one-pixel crumbs left at junctions
            strokes.append(np.array(path, dtype=float))
    return strokes, width


def free_neighbours(point: tuple[int, int], free: set) -> list[tuple[int, int]]:
    """The pixels of `free` among the 8 around `point` (x, y)."""
    return [(point[0] + dx, point[1] + dy) for dx, dy in NEIGHBOURS
            if (point[0] + dx, point[1] + dy) in free]


def start_point(free: set) -> tuple[int, int]:
    """Where a writer starts: the top-most, then left-most, free end of the skeleton
    (a pixel with at most one free neighbour); the top-most pixel if it is all loops."""
    ends = [p for p in free if len(free_neighbours(p, free)) <= 1]
    return min(ends or free, key=lambda p: (p[1], p[0]))  # smallest y, then smallest x


def next_point(path: list[tuple[int, int]], free: set) -> tuple[int, int] | None:
    """The free neighbour that continues the path most nearly straight on."""
    options = free_neighbours(path[-1], free)
    if not options:
        return None
    if len(path) == 1:
        return min(options, key=lambda p: abs(p[0] - path[0][0]) + abs(p[1] - path[0][1]))
    heading = np.subtract(path[-1], path[max(0, len(path) - 3)])

    def straightness(p):
        """Minus the cosine between the step to p and the heading: lowest goes straightest."""
        step = np.subtract(p, path[-1])
        return -np.dot(step, heading) / np.linalg.norm(step)

    return min(options, key=straightness)


def render_strokes(strokes: list[np.ndarray], size: int = FIELD, width: float = 2.0,
                   fraction: float = 1.0, source_size: int = FIELD) -> np.ndarray:
    """Draw the first `fraction` of the strokes on a (size, size) canvas, ink bright on black.

    Strokes are in the coordinates of a `source_size` grid and are scaled to
    the canvas, pen width included.
    """
    scale = size / source_size
    drawn = first_fraction(strokes, fraction)
    canvas = np.zeros((size, size), dtype=np.float32)
    if not drawn:
        return canvas
    points = rescale(drawn, scale)
    starts = np.vstack([p[:-1] if len(p) > 1 else p for p in points])
    ends = np.vstack([p[1:] if len(p) > 1 else p for p in points])
    ys, xs = np.indices(canvas.shape).reshape(2, -1).astype(float)
    canvas.flat[:] = segment_ink(xs, ys, starts, ends, radius=width * scale / 2)
    return canvas


def jitter_placement(strokes: list[np.ndarray], width: float, rng: np.random.Generator,
                     max_shift: float = 3.0, scale: tuple[float, float] = (0.8, 1.05)
                     ) -> tuple[list[np.ndarray], float]:
    """Move and resize a digit the way players do: nobody draws exactly where MNIST
    puts its digits. Scale it about the grid's centre and shift it up to `max_shift` px
    each way (`strokes.place`, the 28 x 28 grid as its box). Strokes are (m, 2) points;
    returns them moved and the pen width scaled alike."""
    factor = rng.uniform(*scale)
    centre = (FIELD - 1) / 2 + rng.uniform(-max_shift, max_shift, 2)  # pixel 13.5, moved
    unit = [(np.asarray(s) + 0.5) / FIELD for s in strokes]  # the grid's pixels in a unit box
    return place(unit, Placement(factor, tuple(centre)), box=FIELD), width * factor


def partial_inputs(image: np.ndarray, rng: np.random.Generator, fractions: tuple[float, ...],
                   framing: str, jitter: bool) -> list[np.ndarray | None]:
    """One MNIST digit (784,) re-drawn from its skeleton (moved by rng if `jitter`): its
    input at each fraction (None: no ink yet)."""
    strokes, width = digit_strokes(image.reshape(FIELD, FIELD))
    if jitter:
        strokes, width = jitter_placement(strokes, width, rng)
    return [canvas_to_input(render_strokes(strokes, FIELD, width, fraction), framing)
            for fraction in fractions]


def partial_dataset(images: np.ndarray, labels: np.ndarray, fractions: tuple[float, ...],
                    framing: str = "mnist", jitter: bool = False, seed: int = 0,
                    progress: bool = False, workers: int | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """MNIST rows (n, 784) -> their renderings at each completion fraction, framed
    by `canvas_to_input(..., framing)` exactly as the game's canvas is.

    jitter=True moves and resizes each digit first (`jitter_placement`, seeded).
    Runs on `workers` processes (default: every core), in seeded chunks.
    Returns (X, y, completion): (m, input_length(framing)) float32, (m,) labels, (m,) the
    fraction each row was drawn to. A rendering with no ink yet is left out.
    """
    make = partial(partial_inputs, fractions=tuple(fractions), framing=framing, jitter=jitter)
    inputs = map_seeded(make, images, seed, progress=progress,
                        workers=workers)  # pragma: no mutate (same rows)
    return stack_snapshots(inputs, labels, fractions, framing)
