"""The player's drawing as data: strokes of points, and the ink they leave.

Pure NumPy, no pygame: the same ink the model reads is what the screen shows,
and tests can draw on it without a window.
"""

import numpy as np

from softmax_from_scratch.strokes import segment_ink


class Drawing:
    """A square canvas of `size` pixels, ink in [0, 1], drawn with a round pen."""

    def __init__(self, size: int = 560, pen_width: float = 36.0) -> None:
        self.size = size
        self.radius = pen_width / 2
        self.ink = np.zeros((size, size), dtype=np.float32)
        self.strokes: list[list[tuple[float, float]]] = []  # (x, y) points, screen order

    @property
    def is_empty(self) -> bool:
        return not self.strokes

    def begin_stroke(self, x: float, y: float) -> None:
        self.strokes.append([(x, y)])
        self._stamp((x, y), (x, y))

    def extend_stroke(self, x: float, y: float) -> None:
        if not self.strokes:
            self.begin_stroke(x, y)
            return
        last = self.strokes[-1][-1]
        self.strokes[-1].append((x, y))
        self._stamp(last, (x, y))

    def undo(self) -> None:
        """Remove the last stroke and redraw the rest."""
        if self.strokes:
            self.strokes.pop()
            self._redraw()

    def clear(self) -> None:
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
        rows, cols = np.indices((y1 - y0, x1 - x0)).reshape(2, -1).astype(float)
        ink = segment_ink(rows + y0, cols + x0, np.array([[start[1], start[0]]]),
                          np.array([[end[1], end[0]]]), self.radius)
        window = self.ink[y0:y1, x0:x1]
        np.maximum(window, ink.reshape(window.shape), out=window)
