"""Ordinary digits as players draw them: a few stroke styles per digit, drawn at any size
and place.

pendigits gives real pen order, but every trajectory was scaled to fill its square, and
MNIST centres and sizes every digit. Players do neither: they draw a 1 as one straight
stroke, with a flag, or with a base; a 4 open or closed; a 7 with or without a bar; and
anywhere from well under the guide box's height to beyond it, off-centre and slanted.

Each style is a list of strokes in its own unit box (x to the right, y down, both 0..1,
in drawing order), written by hand for this project. `place_shape` puts one on the
game's canvas at a given height, centre, width and slant (`strokes.place`);
`random_shape` draws those from the ranges below (with a little wobble on every point)
for training; `shape_grid`
places each clean style at every height and place of a fixed grid, for measuring.
"""

from functools import partial

import numpy as np

from softmax_from_scratch.parallel import map_seeded
from softmax_from_scratch.strokes import (
    CANVAS,
    Jitter,
    Placement,
    box_centre,
    jittered,
    place,
    smooth_path,
)
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

Strokes = list[list[tuple[float, float]]]

# digit -> {style: strokes in the unit box}; a style drawn with curves is in CURVED
STYLES: dict[int, dict[str, Strokes]] = {
    0: {"oval": [[(0.5, 0.0), (0.15, 0.15), (0.0, 0.5), (0.15, 0.85), (0.5, 1.0),
                  (0.85, 0.85), (1.0, 0.5), (0.85, 0.15), (0.5, 0.0)]]},
    1: {"straight": [[(0.5, 0.0), (0.5, 1.0)]],
        "flag": [[(0.15, 0.25), (0.5, 0.0), (0.5, 1.0)]],
        "base": [[(0.25, 0.2), (0.5, 0.0), (0.5, 1.0)], [(0.15, 1.0), (0.85, 1.0)]]},
    2: {"curved": [[(0.05, 0.25), (0.3, 0.02), (0.65, 0.0), (0.9, 0.2), (0.8, 0.45),
                    (0.45, 0.72), (0.05, 1.0), (0.95, 1.0)]]},
    3: {"round": [[(0.1, 0.12), (0.5, 0.0), (0.85, 0.15), (0.8, 0.35), (0.45, 0.48),
                   (0.85, 0.62), (0.9, 0.85), (0.5, 1.0), (0.1, 0.88)]]},
    4: {"open": [[(0.2, 0.0), (0.1, 0.62), (0.95, 0.62)], [(0.7, 0.15), (0.7, 1.0)]],
        "closed": [[(0.65, 0.0), (0.05, 0.65), (0.95, 0.65)], [(0.65, 0.0), (0.65, 1.0)]]},
    5: {"one stroke": [[(0.85, 0.0), (0.2, 0.0), (0.15, 0.45), (0.55, 0.38), (0.9, 0.6),
                        (0.8, 0.9), (0.45, 1.0), (0.1, 0.9)]],
        "bar last": [[(0.2, 0.0), (0.15, 0.45), (0.55, 0.38), (0.9, 0.6), (0.8, 0.9),
                      (0.45, 1.0), (0.1, 0.9)], [(0.2, 0.0), (0.85, 0.0)]]},
    6: {"loop": [[(0.75, 0.0), (0.35, 0.25), (0.1, 0.6), (0.2, 0.95), (0.55, 1.0),
                  (0.85, 0.8), (0.75, 0.55), (0.4, 0.52), (0.12, 0.7)]]},
    7: {"plain": [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)]],
        "bar": [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)], [(0.3, 0.52), (0.85, 0.52)]]},
    8: {"one stroke": [[(0.8, 0.1), (0.5, 0.0), (0.2, 0.12), (0.25, 0.35), (0.75, 0.62),
                        (0.8, 0.88), (0.5, 1.0), (0.2, 0.88), (0.25, 0.62), (0.75, 0.35),
                        (0.8, 0.12), (0.5, 0.0)]]},
    9: {"straight stem": [[(0.9, 0.2), (0.5, 0.0), (0.1, 0.15), (0.12, 0.4), (0.5, 0.48),
                           (0.9, 0.3), (0.9, 0.1), (0.9, 1.0)]],
        "curved stem": [[(0.9, 0.2), (0.5, 0.0), (0.1, 0.15), (0.12, 0.4), (0.5, 0.48),
                         (0.9, 0.3), (0.9, 0.1), (0.85, 0.6), (0.65, 0.9), (0.3, 1.0)]]},
}
CURVED = {(0, "oval"), (2, "curved"), (3, "round"), (5, "one stroke"), (5, "bar last"),
          (6, "loop"), (8, "one stroke"), (9, "straight stem"), (9, "curved stem")}
SHAPE_ASPECT = 0.65  # a digit's width as a share of its height, before variation

# Training ranges (`random_shape`), as shares of the guide box: heights from well under
# the box to past it, a centre anywhere the digit still fits and up to 15 % past that,
# widths from 0.7 to 1.3 times SHAPE_ASPECT and slants up to 0.25, as handwriting varies,
# and every point moved a little (WOBBLE, in the unit box).
SHAPE_JITTER = Jitter(heights=(0.35, 1.12), widths=(0.7 * SHAPE_ASPECT, 1.3 * SHAPE_ASPECT),
                      shift=0.15, slant=0.25, anywhere=True)
WOBBLE = 0.03
# A straight one-stroke 1 is drawn upright (slant within 0.04), and it is the digit whose
# stretched view is the most unlike the rest: a solid bar, where MNIST's and pendigits'
# 1s lean. This share of the drawings are upright 1s, at every height and place.
UPRIGHT_SHARE = 0.2
UPRIGHT_JITTER = SHAPE_JITTER._replace(slant=0.04)
# Measuring (`shape_grid`): heights from 40 % to 110 % of the box, centres on a 3 x 3
# grid spanning what each height leaves free in the box.
GRID_HEIGHTS = (0.4, 0.55, 0.7, 0.85, 1.0, 1.1)
GRID_PLACES = (-1.0, 0.0, 1.0)


def all_styles() -> list[tuple[int, str]]:
    """Every (digit, style) pair, in digit order."""
    return [(digit, style) for digit, styles in STYLES.items() for style in styles]


def place_shape(strokes: Strokes, placement: Placement, curved: bool = False
                ) -> list[np.ndarray]:
    """Unit-box strokes -> canvas strokes (each (m, 2) (x, y)), `place`d. Curved styles
    are drawn through a Catmull-Rom spline (`strokes.smooth_path`), the others as
    polylines."""
    return [smooth_path(path) if curved and len(path) > 2 else path
            for path in place(strokes, placement)]


def random_shape(digit: int, rng: np.random.Generator, upright: bool = False
                 ) -> list[np.ndarray]:
    """One of `digit`'s styles, wobbled and placed at random within SHAPE_JITTER's ranges
    (upright: a straight 1, within UPRIGHT_JITTER's): canvas strokes, each (m, 2) (x, y)."""
    names = ["straight"] if upright else list(STYLES[digit])
    style = names[rng.integers(len(names))]
    strokes = [np.asarray(s) + rng.normal(0, WOBBLE, (len(s), 2))
               for s in STYLES[digit][style]]
    placement = jittered(UPRIGHT_JITTER if upright else SHAPE_JITTER, rng)
    return place_shape(strokes, placement, (digit, style) in CURVED)


def shape_grid(digit: int, style: str) -> list[list[np.ndarray]]:
    """The clean style at every height of GRID_HEIGHTS and every place of the 3 x 3 grid
    GRID_PLACES: a list of drawings, each a list of canvas strokes."""
    return [place_shape(STYLES[digit][style],
                        Placement(height, box_centre(height, (col, row)), SHAPE_ASPECT),
                        curved=(digit, style) in CURVED)
            for height in GRID_HEIGHTS for row in GRID_PLACES for col in GRID_PLACES]


def shape_inputs(digit: int, rng: np.random.Generator, fractions: tuple[float, ...],
                 framing: str, size: int) -> list[np.ndarray | None]:
    """A random common-shape drawing of `digit` (-1: an upright 1): its input at each
    fraction (None: no ink yet)."""
    return snapshot_inputs(random_shape(1 if digit < 0 else int(digit), rng, digit < 0),
                           fractions, framing, size)


def shapes_dataset(n: int, fractions: tuple[float, ...], framing: str, size: int = CANVAS,
                   seed: int = 0, progress: bool = False
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n random common-shape drawings, each snapshot at `fractions` of its path with the
    game's pen on a `size` canvas and framed as the game frames it: the first
    UPRIGHT_SHARE of them upright straight 1s, the rest digits 0-9 in turn, in any style.
    Returns (X (m, input_length(framing)) float32, y (m,), completion (m,))."""
    upright = round(n * UPRIGHT_SHARE)
    digits = np.concatenate([np.full(upright, -1), np.arange(n - upright) % 10])
    make = partial(shape_inputs, fractions=tuple(fractions), framing=framing, size=size)
    inputs = map_seeded(make, digits, seed, progress=progress)  # pragma: no mutate (same rows)
    return stack_snapshots(inputs, np.where(digits < 0, 1, digits), fractions, framing)
