"""Strokes: a drawing as the pen moved it, in one convention for the whole project.

A stroke is an (m, 2) array of points (x, y) in pixels, x to the right and y down, as
the mouse reports them; a drawing is a list of strokes in drawing order. A pixel's
centre is at its integer index, and `ink[y, x]` is that pixel, as NumPy indexes images.
Every drawing the project makes (the game's, the pen trajectories', the common shapes',
the MNIST skeletons', the replay tool's) is placed, rescaled and cut here:

    place           strokes in a unit box -> pixels, at a `Placement`: a height, a centre,
                    a width, a slant; `jittered` draws one from a `Jitter`'s ranges
    smooth_path     a curve through the points, as people draw them
    rescale         from one grid to another, pixel centre onto pixel centre
    first_fraction  where the pen stops, after a share of the ink path
    stroke_segments the pen's moves along a stroke, for the pen (drawing.py)
"""

from typing import NamedTuple

import numpy as np

CANVAS = 560  # the game's canvas, pixels a side: where every drawing is placed
GUIDE = CANVAS * 20 // 28  # the guide box: where MNIST keeps its digits, the central 20 of 28


class Placement(NamedTuple):
    """Where and how a drawing is put on the canvas: `place`'s named parameters."""

    height: float = 1.0  # as a share of the box (the guide box, unless `place` is told)
    centre: tuple[float, float] = (CANVAS / 2, CANVAS / 2)  # (x, y) in pixels
    width: float = 1.0  # as a share of the height
    slant: float = 0.0  # x pixels per pixel of height above the centre: handwriting leans


FILLED = Placement()  # the guide box, filled exactly: how the validation digits are drawn


class Jitter(NamedTuple):
    """How far a training drawing's placement varies (`jittered`), in shares of the box."""

    heights: tuple[float, float]  # the height's range
    widths: tuple[float, float]  # the width's range, as a share of the height
    shift: float  # the centre moves up to this much each way
    slant: float  # the slant's range, each way
    anywhere: bool = False  # and first goes anywhere the drawing still fits in the box


def place(strokes: list, placement: Placement = FILLED, box: float = GUIDE
          ) -> list[np.ndarray]:
    """Strokes in a unit box (each (m, 2) of (x, y), x right and y down, both 0..1, the
    box's centre at (0.5, 0.5)) -> strokes in pixels: the unit box made
    `placement.height` * `box` pixels tall and `placement.width` times that wide, its
    centre on `placement.centre`, and slanted."""
    height = placement.height * box
    (cx, cy), width, slant = placement.centre, placement.width, placement.slant
    placed = []
    for stroke in strokes:
        ux, uy = (np.asarray(stroke, dtype=float) - 0.5).T  # from the box's centre
        placed.append(np.stack([cx + (ux * width - slant * uy) * height, cy + uy * height],
                               axis=1))
    return placed


def box_centre(height: float, where: tuple[float, float]) -> tuple[float, float]:
    """The centre (x, y) in canvas pixels of a drawing `height` (share of the guide box)
    tall, placed at `where` in [-1, 1]^2: -1 against the box's top or left edge, 0
    centred, 1 against the bottom or right (one taller than the box stays centred)."""
    room = max(1 - height, 0) / 2
    return (CANVAS / 2 + where[0] * room * GUIDE, CANVAS / 2 + where[1] * room * GUIDE)


def jittered(jitter: Jitter, rng: np.random.Generator) -> Placement:
    """A placement drawn from the ranges of `jitter`: height, width, centre, slant."""
    height = rng.uniform(*jitter.heights)
    width = rng.uniform(*jitter.widths)
    centre = box_centre(height, tuple(rng.uniform(-1, 1, 2))) if jitter.anywhere else FILLED.centre
    centre = tuple(np.add(centre, rng.uniform(-jitter.shift, jitter.shift, 2) * GUIDE))
    return Placement(height, centre, width, rng.uniform(-jitter.slant, jitter.slant))


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


def rescale(strokes: list[np.ndarray], scale: float) -> list[np.ndarray]:
    """Strokes on one pixel grid -> the same strokes on a grid `scale` times as fine.

    Pixel i covers [i - 1/2, i + 1/2), so its centre i becomes (i + 1/2) * scale - 1/2:
    the grids' edges meet, not their first pixels' centres (a 28-pixel digit's pixel 0
    is 20 pixels of the 560 canvas, centred on 9.5, not on 0). At scale 1 the points are
    kept as they are (adding and taking away 1/2 could round their last bit)."""
    strokes = [np.asarray(stroke, dtype=float) for stroke in strokes]
    return strokes if scale == 1 else [(stroke + 0.5) * scale - 0.5 for stroke in strokes]


def stroke_length(strokes: list[np.ndarray]) -> float:
    """Total length of the ink path, in pixels (each stroke (m, 2) points)."""
    return float(sum(np.linalg.norm(np.diff(s, axis=0), axis=1).sum() for s in strokes))


def first_fraction(strokes: list[np.ndarray], fraction: float) -> list[np.ndarray]:
    """Where the pen stops: the strokes (each (m, 2) points) as they stood when
    `fraction` of the ink path had been drawn. A fraction reached exactly at the end of
    a stroke stops there: the next stroke is not begun.

    The one rule that stops the pen, by ink length: the game's pen (`drawing.snapshots`,
    through `first_fractions`), the MNIST skeletons (`skeletons.render_strokes`) and the
    replay tool all draw what it returns."""
    return first_fractions(strokes, [fraction])[0]


def first_fractions(strokes: list[np.ndarray], fractions: list[float] | tuple[float, ...]
                    ) -> list[list[np.ndarray]]:
    """`first_fraction` at each of `fractions`, with the path measured once for them all."""
    lengths = [np.linalg.norm(np.diff(stroke, axis=0), axis=1) for stroke in strokes]
    reached = [np.concatenate([[0.0], np.cumsum(length)]) for length in lengths]  # at each point
    total = float(sum(length.sum() for length in lengths))  # `stroke_length`, from these
    stops = []
    for fraction in fractions:
        if not 0 <= fraction <= 1:
            raise ValueError(f"fraction must be in [0, 1], got {fraction}")
        if fraction in (0, 1):  # nothing, or everything: no rounding at either end
            stops.append([] if fraction == 0 else list(strokes))
        else:
            stops.append(pen_stop(strokes, lengths, reached, fraction * total))
    return stops


def pen_stop(strokes: list[np.ndarray], lengths: list[np.ndarray], reached: list[np.ndarray],
             budget: float) -> list[np.ndarray]:
    """The strokes as they stood after `budget` pixels of ink path. lengths: each stroke's
    segment lengths (m - 1,); reached: the path length at each of its points (m,)."""
    drawn = []
    for stroke, length, at in zip(strokes, lengths, reached, strict=True):
        if budget >= at[-1]:  # the whole stroke is drawn
            drawn.append(stroke)
            budget -= at[-1]
            continue
        if budget > 0:  # the pen stops on segment `whole`, `left` pixels into it
            whole = int(np.searchsorted(at, budget)) - 1
            left = budget - at[whole]
            tip = stroke[whole] + (stroke[whole + 1] - stroke[whole]) * left / length[whole]
            drawn.append(np.vstack([stroke[: whole + 1], tip]))
        break
    return drawn


def stroke_segments(stroke: np.ndarray, first: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The pen's moves along a stroke (m, 2) from segment `first` (points first to
    first + 1) on, as (starts, ends); from the start, the pen-down dot comes first (a
    stroke of one point is a dot)."""
    points = np.asarray(stroke, dtype=float)
    if first == 0:
        return np.vstack([points[:1], points[:-1]]), np.vstack([points[:1], points[1:]])
    return points[first:-1], points[first + 1 :]
