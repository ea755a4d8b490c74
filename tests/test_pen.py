"""Specification of drawing pen trajectories into the game's canvas, as played."""

import numpy as np
import pytest

from softmax_from_scratch import Drawing, canvas_to_input
from softmax_from_scratch.drawing import CANVAS, GUIDE, PEN_WIDTH, snapshots
from softmax_from_scratch.pen import pen_dataset, place, random_placement, smooth_path
from softmax_from_scratch.strokes import first_fraction

SEVEN = np.array([[0, 100], [50, 100], [100, 100], [80, 66], [60, 33], [45, 10], [40, 5],
                  [38, 0]], dtype=np.float32)  # x, y up: a top bar, then the stem


def drawn_from_scratch(strokes, fraction):
    """The reference: the first `fraction` of the path, drawn point by point in a fresh Drawing."""
    drawing = Drawing(CANVAS, PEN_WIDTH)
    for stroke in first_fraction(strokes, fraction):
        drawing.draw_stroke(stroke)
    return drawing.ink


def test_placing_fills_the_guide_box_with_y_pointing_down():
    path = place(SEVEN)
    margin = (CANVAS - GUIDE) / 2
    assert path[:, 0].min() == margin and path[:, 0].max() == margin + GUIDE
    assert path[0, 1] == margin  # the top bar is at the top of the box
    assert path[-1, 1] == margin + GUIDE


def test_a_random_placement_stays_near_the_guide_box_and_is_seeded():
    a = random_placement(SEVEN, np.random.default_rng(3))
    b = random_placement(SEVEN, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, place(SEVEN))
    assert a.min() > 0 and a.max() < CANVAS


def test_the_smooth_curve_passes_through_every_point():
    path = place(SEVEN)
    curve = smooth_path(path, per_segment=8)
    assert len(curve) == 7 * 8 + 1
    np.testing.assert_allclose(curve[::8], path, atol=1e-4)


def test_snapshots_equal_drawing_each_part_from_scratch():
    strokes = [smooth_path(place(SEVEN))]
    fractions = (0.25, 0.5, 0.75, 1.0)
    for fraction, ink in zip(fractions, snapshots(strokes, fractions), strict=True):
        np.testing.assert_allclose(ink, drawn_from_scratch(strokes, fraction), atol=1e-6)


def test_snapshots_of_several_strokes_leave_the_pen_up_moves_blank():
    """A 4 in two strokes: nothing is inked between the end of one and the start of the next."""
    strokes = [np.array([[200.0, 100], [150, 300], [350, 300]]),
               np.array([[300.0, 150], [300, 460]])]
    ink = snapshots(strokes, (1.0,))[0]
    assert ink[300, 350] > 0.9 and ink[150, 300] > 0.9
    assert ink[220, 330] == 0  # on the line from (350, 300) to (300, 150): never drawn


def test_ink_strictly_grows_with_completion_and_a_quarter_is_well_under_the_whole():
    inks = [ink.sum() for ink in snapshots([place(SEVEN)], (0.25, 0.5, 0.75, 1.0))]
    assert inks == sorted(set(inks))
    assert inks[0] < 0.45 * inks[-1]


def test_a_canvas_a_quarter_the_size_gives_nearly_the_same_model_input():
    """Training draws at 140 px for speed: the same drawing, the same pen, scaled."""
    for fraction in (0.5, 1.0):
        full, quarter = (canvas_to_input(snapshots([smooth_path(place(SEVEN))], (fraction,),
                                                   size)[0], "three") for size in (560, 140))
        assert np.abs(full - quarter).mean() < 0.02


def test_fractions_must_increase_within_0_1():
    with pytest.raises(ValueError, match="fractions"):
        snapshots([place(SEVEN)], (0.5, 0.25))


def test_pen_dataset_labels_each_snapshot_with_its_digit_and_fraction():
    points = np.stack([SEVEN, SEVEN[::-1]])
    X, y, completion = pen_dataset(points, np.array([7, 1]), (0.5, 1.0), "three", workers=1)
    assert X.shape == (4, 1968) and X.dtype == np.float32
    assert y.tolist() == [7, 7, 1, 1] and completion.tolist() == [0.5, 1.0, 0.5, 1.0]


def test_pen_dataset_is_the_same_on_one_core_or_two(pendigits):
    points, labels = pendigits[0][:300], pendigits[1][:300]  # two chunks
    one = pen_dataset(points, labels, (0.5,), "three", smooth=True, jitter=True, size=140,
                      workers=1)
    two = pen_dataset(points, labels, (0.5,), "three", smooth=True, jitter=True, size=140,
                      workers=2)
    for a, b in zip(one, two, strict=True):
        np.testing.assert_array_equal(a, b)
