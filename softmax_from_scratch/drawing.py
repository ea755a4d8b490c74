"""The game's canvas and pen, in NumPy: the one renderer of every drawing in the project.

The game draws the player's strokes with `Drawing`; training and evaluation draw
pen trajectories with the very same class (`snapshots`), so the model is trained
and judged on exactly the ink a player leaves.

Points are (x, y) in canvas pixels, x to the right and y down, a pixel's centre at
its integer index: strokes.py's convention, everywhere in the project.
"""

import itertools

import numpy as np

from softmax_from_scratch.strokes import CANVAS, first_fractions, rescale, stroke_segments

PEN_WIDTH = 48.0  # 2.4 px once the canvas is area-averaged to 28 px, like an MNIST stroke
BATCH_PIXELS = 2_000_000  # `stamp`'s largest batch of capsule windows, in pixels
TILED_FROM = 8  # moves at once from which `stamp` inks by tiles (`tiled_stamp`)
TILE = 8  # `tiled_stamp`'s tiles, pixels a side
HALF_DIAGONAL = (TILE - 1) / 2 * 2**0.5  # from a tile's centre to its corner pixels' centres
EDGE = 1e-3  # px: the margin that keeps float32 rounding from deciding a tile


def segment_ink(xs: np.ndarray, ys: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                radius: float) -> np.ndarray:
    """Ink of a round pen of `radius` drawn along segments, at pixel centres (xs, ys).

    For each pixel, the distance to the nearest segment is found by projecting
    onto each segment (clamped to its ends); ink is 1 inside the pen, 0 outside,
    with a one-pixel linear ramp at the edge: that ramp is the anti-aliasing.
    Across a line the ramp adds exactly as much ink as it removes, so a stroke
    leaves 2 * radius of ink per unit of length at any resolution.

    xs, ys: (p,) pixel centres; starts, ends: (s, 2) segment end points (x, y).
    Returns (p,) ink in [0, 1].
    """
    pixels = np.stack([xs, ys], axis=1)[:, None, :]  # (p, 1, 2)
    direction = ends - starts  # (s, 2)
    squared = np.maximum((direction**2).sum(axis=1), 1e-12)
    t = np.clip(((pixels - starts) * direction).sum(axis=2) / squared, 0, 1)  # (p, s)
    nearest = starts + t[..., None] * direction
    distance = np.sqrt(((pixels - nearest) ** 2).sum(axis=2)).min(axis=1)
    return np.clip(radius + 0.5 - distance, 0, 1)


def capsule_ink(xs: np.ndarray, ys: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                radius: float) -> np.ndarray:
    """`segment_ink` for s segments at once, each on its own window of pixel centres, in
    (x, y): the pen's stamp, drawn hundreds of times a drawing, so written for speed:
    ink = clip(radius + 1/2 - distance, 0, 1), the distance from `capsule_distance`, on an
    (s, h, 1) column of ys against an (s, 1, w) row of xs, broadcast to (s, h, w) without
    building the (p, s, 2) arrays of the general version.

    xs: (s, w), ys: (s, h) pixel centres; starts, ends: (s, 2) of (x, y).
    Returns (s, h, w) float32 ink in [0, 1]: segment i's ink on its window.
    """
    return ink_at(capsule_distance(xs[:, None, :], ys[:, :, None], starts, ends), radius)


def ink_at(distance: np.ndarray, radius: float) -> np.ndarray:
    """The pen's ink at these distances from its path, in place: clip(r + 1/2 - d, 0, 1)."""
    np.subtract(np.float32(radius + 0.5), distance, out=distance)
    return np.clip(distance, 0, 1, out=distance)


def capsule_distance(px: np.ndarray, py: np.ndarray, starts: np.ndarray, ends: np.ndarray
                     ) -> np.ndarray:
    """The distance from points to segments, s segments at once: `segment_ink`'s formula,
    segment i's points along axis 0 of px and py (their x and y, (s, ...), broadcastable
    to each other). The arithmetic is float32, as the ink is, on offsets from each
    segment's start taken in float64, so that it is exact to ~1e-6 anywhere on the canvas
    (tests/test_drawing.py checks it against the general version). It is done in place
    (`out=`) in two arrays: a fresh array for every step would cost memory traffic on the
    larger windows. Returns float32, px's and py's shape broadcast."""
    trailing = (1,) * (px.ndim - 1)  # segment i's numbers along axis 0, the points' axes after
    dx, dy = (ends - starts).T.astype(np.float32).reshape(2, -1, *trailing)
    squared = np.maximum(dx * dx + dy * dy, np.float32(1e-12))
    px = (px - starts[:, 0].reshape(-1, *trailing)).astype(np.float32)  # from the start
    py = (py - starts[:, 1].reshape(-1, *trailing)).astype(np.float32)
    t = px * dx + py * dy  # t = clip((p . d) / |d|^2, 0, 1): the nearest point's share of the way
    t /= squared
    np.clip(t, 0, 1, out=t)
    distance = px - t * dx  # distance = |p - t d|, its x part squared, plus its y part's
    distance *= distance
    t *= dy  # (t is not needed after this: its array holds the y part)
    np.subtract(py, t, out=t)
    t *= t
    distance += t
    return np.sqrt(distance, out=distance)


def capsules(starts: np.ndarray, ends: np.ndarray, radius: float
             ) -> list[tuple[int, int, np.ndarray]]:
    """The ink of the capsules from starts[i] to ends[i] ((s, 2) of (x, y)), in that order,
    each as (x0, y0, ink (h, w)) on its own window of the canvas, whose top-left pixel is
    (x0, y0).

    All s capsules are computed in one NumPy call (`capsule_ink`), each on a window just
    big enough for the largest (its ink is exact on any window: a pixel far from it gets
    0). When most of those windows would be wasted (long segments among short ones) or
    they would exceed BATCH_PIXELS, the segments are sorted by size and computed in two
    halves.
    """
    reach = radius + 1  # no pixel beyond this distance from a segment gets ink
    corner = np.floor(np.minimum(starts, ends) - reach).astype(int)  # (s, 2): x0, y0
    extents = np.ceil(np.abs(ends - starts) + 2 * reach + 1).astype(int)  # (s, 2): w, h
    extent = extents.max(axis=0)
    batch = len(starts) * extent.prod()
    if len(starts) > 1 and (batch > 2 * extents.prod(axis=1).sum() or batch > BATCH_PIXELS):
        order = np.argsort(extents.prod(axis=1))
        small, large = order[: len(order) // 2], order[len(order) // 2 :]
        by_size = (capsules(starts[small], ends[small], radius)
                   + capsules(starts[large], ends[large], radius))
        return [by_size[i] for i in np.argsort(order).tolist()]  # in the segments' order
    xs = corner[:, :1] + np.arange(extent[0])  # (s, w)
    ys = corner[:, 1:] + np.arange(extent[1])  # (s, h)
    inks = capsule_ink(xs.astype(float), ys.astype(float), starts, ends, radius)
    return [(x0, y0, inks[i]) for i, (x0, y0) in enumerate(corner.tolist())]  # Python ints


def lay(ink: np.ndarray, inked: list[tuple[int, int, np.ndarray]]) -> None:
    """Lay capsules (`capsules`) onto the canvas `ink` (n, n), in place. The ink of a pixel
    is the most any capsule gives it, so their order does not matter and laying one twice
    changes nothing."""
    size = len(ink)
    for x0, y0, capsule in inked:  # Python ints: fast
        height, width = capsule.shape
        x1, y1 = min(x0 + width, size), min(y0 + height, size)
        xa, ya = max(x0, 0), max(y0, 0)
        if xa < x1 and ya < y1:
            window = ink[ya:y1, xa:x1]
            np.maximum(window, capsule[ya - y0 : y1 - y0, xa - x0 : x1 - x0], out=window)


def stamp(ink: np.ndarray, starts: np.ndarray, ends: np.ndarray, radius: float) -> None:
    """Ink the capsules from starts[i] to ends[i] ((s, 2) of (x, y)) into `ink` (n, n),
    in place: the pen's moves, computed in one batch (`capsules`) and laid down (`lay`);
    a whole stroke's at once (TILED_FROM moves or more, on a canvas of whole tiles) by
    `tiled_stamp`, the same ink for a fraction of the work."""
    if len(starts) >= TILED_FROM and len(ink) % TILE == 0:
        tiled_stamp(ink, starts, ends, radius)
    else:
        lay(ink, capsules(starts, ends, radius))


def tiled_stamp(ink: np.ndarray, starts: np.ndarray, ends: np.ndarray, radius: float) -> None:
    """`stamp`, pixel for pixel the same ink, computed only where it is neither 0 nor 1.
    ink: (n, n), n a multiple of TILE, inked in place.

    A stroke's capsules overlap: a pen 48 px wide moved 15 px a segment covers each pixel
    about four times, and most of what it covers is solid ink. So the canvas is cut into
    tiles of TILE x TILE pixels, and each tile's centre is measured against each segment
    near it (`capsule_distance`). Every pixel of a tile lies within HALF_DIAGONAL of its
    centre, so its distance to a segment is within HALF_DIAGONAL of the centre's:

      a tile whose centre is within radius - 1/2 - HALF_DIAGONAL of a segment is all ink;
      a segment further than radius + 1/2 + HALF_DIAGONAL from a centre inks none of it;

    and only the tiles left, along the edge of the ink, are inked pixel by pixel
    (`capsule_ink`), against the segments near each. (EDGE keeps float32's rounding from
    deciding a tile.)"""
    tiles = len(ink) // TILE
    reach = radius + 1 + HALF_DIAGONAL
    # each segment's window of tiles, and the distance from each of their centres to it
    first = np.floor((np.minimum(starts, ends) - reach) / TILE).astype(int)  # (s, 2): x, y
    extent = (np.floor((np.maximum(starts, ends) + reach) / TILE).astype(int) - first + 1).max(0)
    rows, cols = np.indices((extent[1], extent[0])).reshape(2, -1)  # of a window, (h w,)
    ty, tx = first[:, 1:] + rows, first[:, :1] + cols  # (s, h w): each window's tiles, flat
    centre = (TILE - 1) / 2
    distance = capsule_distance(tx * TILE + centre, ty * TILE + centre, starts, ends)
    distance[(ty < 0) | (ty >= tiles) | (tx < 0) | (tx >= tiles)] = np.inf  # off the canvas
    solid = distance <= radius - 0.5 - HALF_DIAGONAL - EDGE
    full = np.zeros((tiles, tiles), dtype=bool)  # the tiles that are all ink
    full[ty[solid], tx[solid]] = True
    segment, window = np.nonzero(distance < radius + 0.5 + HALF_DIAGONAL + EDGE)
    rows, cols = ty[segment, window], tx[segment, window]  # (tile, segment) pairs that may ink
    edge = ~full[rows, cols]
    segment, rows, cols = segment[edge], rows[edge], cols[edge]
    if len(segment):  # the edge tiles' pixels, flat: (pairs, TILE * TILE)
        y, x = np.indices((TILE, TILE)).reshape(2, -1)
        inks = ink_at(capsule_distance(cols[:, None] * TILE + x.astype(float),
                                       rows[:, None] * TILE + y.astype(float),
                                       starts[segment], ends[segment]), radius)
        at = (rows * TILE * len(ink) + cols * TILE)[:, None] + (y * len(ink) + x)  # indices
        np.maximum.at(ink.reshape(-1), at.ravel(), inks.ravel())  # a view: ink itself
    full_rows, full_cols = np.nonzero(full)
    ink.reshape(tiles, TILE, tiles, TILE)[full_rows, :, full_cols, :] = 1  # [row, y, col, x]


class Drawing:
    """A square canvas of `size` pixels, ink in [0, 1], drawn with a round pen."""

    def __init__(self, size: int = CANVAS, pen_width: float = PEN_WIDTH) -> None:
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
        """A whole stroke at once: points (m, 2) of (x, y), inked in one batch."""
        self.strokes.append([(float(x), float(y)) for x, y in points])
        stamp(self.ink, *stroke_segments(points), self.radius)

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
            stamp(self.ink, *stroke_segments(np.array(stroke)), self.radius)

    def _stamp(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """Ink the capsule from start to end."""
        stamp(self.ink, np.array([start], dtype=float), np.array([end], dtype=float),
              self.radius)


def snapshots(strokes: list[np.ndarray], fractions: tuple[float, ...], size: int = CANVAS
              ) -> list[np.ndarray]:
    """The ink after each fraction of the strokes' ink path, drawn as a player draws them.

    strokes: (m, 2) arrays of (x, y) in the game's 560-pixel canvas, in drawing order.
    fractions: increasing, in [0, 1]. size: the canvas drawn on; below 560 everything,
    pen included, is scaled down (the same drawing at a lower resolution, for speed).
    The pen stops where `first_fraction` says; between two fractions only the moves
    not yet drawn are inked (from the segment the pen last stopped on: inking it again
    in full changes nothing). The moves of all the fractions are computed in one batch
    (`capsules`), then laid down fraction by fraction. Returns (size, size) arrays.
    """
    if list(fractions) != sorted(fractions) or not all(0 <= f <= 1 for f in fractions):
        raise ValueError(f"fractions must increase within [0, 1], got {fractions}")
    scale = size / CANVAS
    strokes = rescale(strokes, scale)
    moves: list[tuple[np.ndarray, np.ndarray]] = []  # (starts, ends) runs, in drawing order
    counts = []  # how many moves each fraction has drawn
    stopped, on_segment = 0, 0  # the stroke and the segment the pen last stopped on
    for drawn in first_fractions(strokes, fractions):
        moves += [stroke_segments(drawn[k], on_segment if k == stopped else 0)
                  for k in range(stopped, len(drawn))]
        if drawn:
            stopped, on_segment = len(drawn) - 1, max(len(drawn[-1]) - 2, 0)
        counts.append(sum(len(starts) for starts, _ in moves))
    inked = (capsules(np.vstack([starts for starts, _ in moves]),
                      np.vstack([ends for _, ends in moves]), PEN_WIDTH * scale / 2)
             if moves else [])
    ink, taken = np.zeros((size, size), dtype=np.float32), []
    for begin, end in itertools.pairwise([0, *counts]):
        lay(ink, inked[begin:end])
        taken.append(ink.copy())
    return taken
