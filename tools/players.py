"""A made-up player with a hand of their own, for measuring what learning from a player does.

The player draws the common shapes (softmax_from_scratch/shapes.py) their own way: small
(30-45 % of the guide box), leaning hard (slant 0.35-0.5, past the training range), narrow,
and high in the left of the box. `write_collected` saves their drawings exactly as the
game's collect mode does (`game.collect.Collector`: a PNG and an index line each), so
`digits train --collected` and `teach` read them as they would read a real player's.
"""

from pathlib import Path

import numpy as np

from softmax_from_scratch.drawing import Drawing
from softmax_from_scratch.shapes import CURVED, SHAPE_ASPECT, STYLES, WOBBLE, place_shape
from softmax_from_scratch.strokes import CANVAS, GUIDE, Placement

# A 1 the shipped model misreads: small, high in the left of the box, with a long flag
# drawn first (the drawing the lesson in the docs and the tests teaches).
ODD_ONE = place_shape([[(1.0, 0.3), (0.2, 0.0), (0.5, 1.0)]],
                      Placement(0.45, (200.0, 190.0), SHAPE_ASPECT))


def player_drawing(digit: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One drawing of `digit` in the player's hand: canvas strokes, each (m, 2) (x, y)."""
    names = list(STYLES[digit])
    style = names[rng.integers(len(names))]
    strokes = [np.asarray(s) + rng.normal(0, WOBBLE, (len(s), 2))
               for s in STYLES[digit][style]]
    height = rng.uniform(0.3, 0.45)
    centre = (CANVAS / 2 - rng.uniform(0.1, 0.25) * GUIDE,
              CANVAS / 2 - rng.uniform(0.1, 0.25) * GUIDE)
    placement = Placement(height, centre, SHAPE_ASPECT * rng.uniform(0.55, 0.75),
                          rng.uniform(0.35, 0.5))
    return place_shape(strokes, placement, (digit, style) in CURVED)


def player_drawings(n: int, seed: int) -> list[tuple[int, list[np.ndarray]]]:
    """n drawings (digits 0-9 in turn): [(digit, strokes)]."""
    rng = np.random.default_rng(seed)
    return [(k % 10, player_drawing(k % 10, rng)) for k in range(n)]


def write_collected(folder: Path, drawings: list[tuple[int, list[np.ndarray]]]) -> Path:
    """Save drawings as collect mode does, one round each; returns the folder."""
    from game.collect import Collector

    collector = Collector(folder)
    for round_index, (digit, strokes) in enumerate(drawings):
        drawing = Drawing()
        for stroke in strokes:
            drawing.draw_stroke(stroke)
        collector.save(digit, drawing.ink, drawing.strokes, round_index, "final")
    return folder
