"""The game's canvas and pen, in NumPy: the one renderer of every drawing in the project.

The game draws the player's strokes with `Drawing`; training and evaluation draw
pen trajectories with the very same class (`snapshots`), so the model is trained
and judged on exactly the ink a player leaves.

Points are (x, y) in canvas pixels, x to the right and y down, as the mouse
reports them; a pixel's centre is at its integer index, and `ink[y, x]` is that
pixel. Images are indexed (row, col) = (y, x), as NumPy indexes them: `segment_ink`
works in those, and so does the skeleton walk of MNIST digits (strokes.py). The one
place that turns such (row, col) strokes into the game's (x, y) is
`game.replay.post_stroke`.
"""

import numpy as np

CANVAS = 560  # the game's canvas, pixels a side
GUIDE = CANVAS * 20 // 28  # the guide box: where MNIST keeps its digits, the central 20 of 28
PEN_WIDTH = 48.0  # 2.4 px once the canvas is area-averaged to 28 px, like an MNIST stroke


def segment_ink(rows: np.ndarray, cols: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                radius: float) -> np.ndarray:
    """Ink of a round pen of `radius` drawn along segments, at pixel centres (rows, cols).

    For each pixel, the distance to the nearest segment is found by projecting
    onto each segment (clamped to its ends); ink is 1 inside the pen, 0 outside,
    with a one-pixel linear ramp at the edge: that ramp is the anti-aliasing.
    Across a line the ramp adds exactly as much ink as it removes, so a stroke
    leaves 2 * radius of ink per unit of length at any resolution.

    rows, cols: (p,) pixel centres; starts, ends: (s, 2) segment end points (row, col).
    Returns (p,) ink in [0, 1].
    """
    pixels = np.stack([rows, cols], axis=1)[:, None, :]  # (p, 1, 2)
    direction = ends - starts  # (s, 2)
    squared = np.maximum((direction**2).sum(axis=1), 1e-12)
    t = np.clip(((pixels - starts) * direction).sum(axis=2) / squared, 0, 1)  # (p, s)
    nearest = starts + t[..., None] * direction
    distance = np.sqrt(((pixels - nearest) ** 2).sum(axis=2)).min(axis=1)
    return np.clip(radius + 0.5 - distance, 0, 1)


def capsule_ink(xs: np.ndarray, ys: np.ndarray, start: tuple[float, float],
                end: tuple[float, float], radius: float) -> np.ndarray:
    """`segment_ink` for one segment on a grid of pixel centres, in (x, y): the pen's
    stamp, drawn hundreds of times a drawing, so written for speed. The same formula,
    but on an (h, 1) column of ys against a (1, w) row of xs, broadcast to (h, w)
    without building the (p, s, 2) arrays of the general version (5-8x faster;
    tests/test_drawing.py checks that they agree).

    xs: (w,), ys: (h,) pixel centres; start, end: (x, y). Returns (h, w) ink in [0, 1].
    """
    dx, dy = end[0] - start[0], end[1] - start[1]
    squared = max(dx * dx + dy * dy, 1e-12)
    px, py = xs[None, :] - start[0], ys[:, None] - start[1]  # from the start, (1, w), (h, 1)
    t = np.clip((px * dx + py * dy) / squared, 0, 1)  # the nearest point's share of the way
    distance = np.sqrt((px - t * dx) ** 2 + (py - t * dy) ** 2)
    return np.clip(radius + 0.5 - distance, 0, 1)


class Drawing:
    """A square canvas of `size` pixels, ink in [0, 1], drawn with a round pen."""

    def __init__(self, size: int = CANVAS, pen_width: float = PEN_WIDTH) -> None:
        self.size = size
        self.radius = pen_width / 2
        self.ink = np.zeros((size, size), dtype=np.float32)
        self.strokes: list[list[tuple[float, float]]] = []  # (x, y) points, in drawing order

    @property
    def is_empty(self) -> bool:
        """No stroke drawn (or all undone)."""
        return not self.strokes

    def begin_stroke(self, x: float, y: float) -> None:
        """Put the pen down at (x, y): a dot of ink."""
        self.strokes.append([(x, y)])
        self._stamp((x, y), (x, y))

    def extend_stroke(self, x: float, y: float) -> None:
        """Move the pen, still down, to (x, y): ink along the way."""
        if not self.strokes:
            self.begin_stroke(x, y)
            return
        last = self.strokes[-1][-1]
        self.strokes[-1].append((x, y))
        self._stamp(last, (x, y))

    def draw_stroke(self, points: np.ndarray) -> None:
        """A whole stroke at once: points (m, 2) of (x, y)."""
        self.begin_stroke(*points[0])
        for x, y in points[1:]:
            self.extend_stroke(x, y)

    def undo(self) -> None:
        """Remove the last stroke and redraw the rest."""
        if self.strokes:
            self.strokes.pop()
            self._redraw()

    def clear(self) -> None:
        """Remove every stroke and all ink."""
        self.strokes.clear()
        self.ink[:] = 0

    def ink_amount(self) -> float:
        """Total ink on the canvas: the measure of 'how much has been drawn'."""
        return float(self.ink.sum())

    def _redraw(self) -> None:
        self.ink[:] = 0
        for stroke in self.strokes:
            for start, end in zip([stroke[0], *stroke[:-1]], stroke, strict=True):
                self._stamp(start, end)

    def _stamp(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """Ink the capsule from start to end, touching only the pixels near it."""
        reach = self.radius + 1
        x0 = int(max(min(start[0], end[0]) - reach, 0))
        x1 = int(min(max(start[0], end[0]) + reach + 1, self.size))
        y0 = int(max(min(start[1], end[1]) - reach, 0))
        y1 = int(min(max(start[1], end[1]) + reach + 1, self.size))
        if x0 >= x1 or y0 >= y1:
            return
        ink = capsule_ink(np.arange(x0, x1, dtype=float), np.arange(y0, y1, dtype=float),
                          start, end, self.radius)
        window = self.ink[y0:y1, x0:x1]
        np.maximum(window, ink, out=window)


def snapshots(strokes: list[np.ndarray], fractions: tuple[float, ...], size: int = CANVAS
              ) -> list[np.ndarray]:
    """The ink after each fraction of the strokes' ink path, drawn as a player draws them.

    strokes: (m, 2) arrays of (x, y) in the game's 560-pixel canvas, in drawing order.
    fractions: increasing, in [0, 1]. size: the canvas drawn on; below 560 everything,
    pen included, is scaled down (the same drawing at a lower resolution, for speed).
    The strokes are drawn once, point by point; at each fraction the pen stops at
    the exact point along its path and the ink is copied. Returns (size, size) arrays.
    """
    if list(fractions) != sorted(fractions) or not all(0 <= f <= 1 for f in fractions):
        raise ValueError(f"fractions must increase within [0, 1], got {fractions}")
    scale = size / CANVAS
    drawing = Drawing(size, PEN_WIDTH * scale)
    strokes = [np.asarray(s, dtype=float) * scale for s in strokes]
    lengths = [np.linalg.norm(np.diff(s, axis=0), axis=1) for s in strokes]
    total = sum(float(step.sum()) for step in lengths)
    budgets = iter([f * total for f in fractions] + [np.inf])
    budget, drawn, taken = next(budgets), 0.0, []
    for stroke, steps in zip(strokes, lengths, strict=True):
        while budget <= drawn and budget < np.inf:  # a fraction reached between strokes
            taken.append(drawing.ink.copy())
            budget = next(budgets)
        drawing.begin_stroke(*stroke[0])
        for point, step in zip(stroke[1:], steps, strict=True):
            while drawn + step >= budget:  # the pen passes a fraction inside this step
                tip = drawing.strokes[-1][-1]
                share = (budget - drawn) / step if step > 0 else 1.0
                x, y = np.add(tip, share * np.subtract(point, tip))
                drawing.extend_stroke(x, y)
                step -= budget - drawn
                drawn = budget
                taken.append(drawing.ink.copy())
                budget = next(budgets)
            drawing.extend_stroke(*point)
            drawn += step
    while len(taken) < len(fractions):  # fractions at the very end (rounding)
        taken.append(drawing.ink.copy())
    return taken
