"""Specification of drawing pen trajectories into the game's canvas, as played."""

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from softmax_from_scratch import Drawing, canvas_to_input
from softmax_from_scratch.drawing import PEN_WIDTH, snapshots
from softmax_from_scratch.strokes import (
    CANVAS,
    GUIDE,
    first_fraction,
    smooth_path,
)
from softmax_from_scratch.trajectories import pen_dataset, place_trajectory
from softmax_from_scratch.views import snapshot_inputs, stack_snapshots

SEVEN = np.array([[0, 100], [50, 100], [100, 100], [80, 66], [60, 33], [45, 10], [40, 5],
                  [38, 0]], dtype=np.float32)  # x, y up: a top bar, then the stem


def drawn_from_scratch(strokes, fraction):
    """The reference: the first `fraction` of the path, drawn point by point in a fresh Drawing."""
    drawing = Drawing(CANVAS, PEN_WIDTH)
    for stroke in first_fraction(strokes, fraction):
        drawing.draw_stroke(stroke)
    return drawing.ink


def test_placing_fills_the_guide_box_with_y_pointing_down():
    path = place_trajectory(SEVEN)
    margin = (CANVAS - GUIDE) / 2
    assert path[:, 0].min() == margin and path[:, 0].max() == margin + GUIDE
    assert path[0, 1] == margin  # the top bar is at the top of the box
    assert path[-1, 1] == margin + GUIDE


def test_the_smooth_curve_passes_through_every_point():
    path = place_trajectory(SEVEN)
    curve = smooth_path(path, per_segment=8)
    assert len(curve) == 7 * 8 + 1
    np.testing.assert_allclose(curve[::8], path, atol=1e-4)


def test_snapshots_equal_drawing_each_part_from_scratch_to_float32_rounding():
    """snapshots inks a segment the pen stopped on again, in full, at the next fraction:
    the same capsule as its two parts, up to the float32 pen's rounding (a few 1e-6: the
    offsets from a segment's start are float32, and the parts start elsewhere)."""
    strokes = [smooth_path(place_trajectory(SEVEN))]
    fractions = (0.25, 0.5, 0.75, 1.0)
    for fraction, ink in zip(fractions, snapshots(strokes, fractions), strict=True):
        np.testing.assert_allclose(ink, drawn_from_scratch(strokes, fraction), atol=5e-6)


def test_snapshots_of_several_strokes_leave_the_pen_up_moves_blank():
    """A 4 in two strokes: nothing is inked between the end of one and the start of the next."""
    strokes = [np.array([[200.0, 100], [150, 300], [350, 300]]),
               np.array([[300.0, 150], [300, 460]])]
    ink = snapshots(strokes, (1.0,))[0]
    assert ink[300, 350] > 0.9 and ink[150, 300] > 0.9
    assert ink[220, 330] == 0  # on the line from (350, 300) to (300, 150): never drawn


def test_ink_strictly_grows_with_completion_and_a_quarter_is_well_under_the_whole():
    inks = [ink.sum() for ink in snapshots([place_trajectory(SEVEN)], (0.25, 0.5, 0.75, 1.0))]
    assert inks == sorted(set(inks))
    assert inks[0] < 0.45 * inks[-1]


def test_a_canvas_a_quarter_the_size_gives_nearly_the_same_model_input():
    """Training draws at 140 px for speed: the same drawing, the same pen, scaled."""
    for fraction in (0.5, 1.0):
        seven = [smooth_path(place_trajectory(SEVEN))]
        full, quarter = (canvas_to_input(snapshots(seven, (fraction,), size)[0], "three")
                         for size in (560, 140))
        assert np.abs(full - quarter).mean() < 0.02


def test_fractions_must_increase_within_0_1():
    with pytest.raises(ValueError, match="fractions"):
        snapshots([place_trajectory(SEVEN)], (0.5, 0.25))


def test_pen_dataset_labels_each_snapshot_with_its_digit_and_fraction():
    points = np.stack([SEVEN, SEVEN[::-1]])
    X, y, completion = pen_dataset(points, np.array([7, 1]), (0.5, 1.0), "three", workers=1)
    assert X.shape == (4, 1968) and X.dtype == np.float32
    assert y.tolist() == [7, 7, 1, 1] and completion.tolist() == [0.5, 1.0, 0.5, 1.0]


@pytest.mark.blas_threads
def test_pen_dataset_is_the_same_on_one_core_or_two(pendigits):
    """Bit for bit: every chunk is drawn with one BLAS thread (parallel.py), in a worker
    process or in this one, whatever OPENBLAS_NUM_THREADS says."""
    points, labels = pendigits[0][:300], pendigits[1][:300]  # two chunks
    one = pen_dataset(points, labels, (0.5,), "three", smooth=True, jitter=True, size=140,
                      workers=1)
    two = pen_dataset(points, labels, (0.5,), "three", smooth=True, jitter=True, size=140,
                      workers=2)
    for a, b in zip(one, two, strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_smooth_path_through_evenly_spaced_points_on_a_line_is_that_line():
    """On the line, through every point, straight on, and at an even pace away from the
    two ends (where the repeated end points give the spline its tangents)."""
    points = np.array([[10.0 * i, 5.0 * i] for i in range(8)])
    curve = smooth_path(points)
    np.testing.assert_allclose(curve[:, 0] * 5.0 - curve[:, 1] * 10.0, 0, atol=1e-9)
    at = [int(np.linalg.norm(curve - point, axis=1).argmin()) for point in points]
    np.testing.assert_allclose(curve[at], points, atol=1e-9)
    assert len(curve) > len(points) and (np.diff(curve[:, 0]) > 0).all()
    steps = np.linalg.norm(np.diff(curve[at[1] : at[-2] + 1], axis=0), axis=1)
    np.testing.assert_allclose(steps, steps[0], rtol=1e-9)


def test_pen_dataset_draws_each_trajectory_as_placed_smoothed_and_jittered_if_asked():
    """Bit for bit what drawing it yourself gives, with one BLAS thread as map_chunks uses."""
    points, labels = np.stack([SEVEN]), np.array([7])
    plain = pen_dataset(points, labels, (1.0,), "mnist", workers=1)[0][0]
    smooth = pen_dataset(points, labels, (1.0,), "mnist", smooth=True, workers=1)[0][0]
    with threadpool_limits(1):
        seven = place_trajectory(SEVEN)
        assert np.array_equal(plain, snapshot_inputs([seven], (1.0,), "mnist")[0])
        assert np.array_equal(smooth, snapshot_inputs([smooth_path(seven)], (1.0,), "mnist")[0])
    moved = pen_dataset(points, labels, (1.0,), "canvas", jitter=True, workers=1)[0][0]
    assert not np.array_equal(moved, pen_dataset(points, labels, (1.0,), "canvas",
                                                 workers=1)[0][0])


def test_pen_dataset_shows_no_progress_bar_unless_asked(capfd):
    pen_dataset(np.stack([SEVEN]), np.array([7]), (1.0,), "mnist", workers=1)
    assert "%|" not in capfd.readouterr().err  # no progress bar


def test_snapshots_without_ink_stack_into_empty_float32_rows_and_int64_labels():
    X, y, completion = stack_snapshots([[None, None]], np.array([7]), (0.1, 0.2), "mnist")
    assert X.shape == (0, 784) and X.dtype == np.float32 and y.dtype == np.int64
    assert completion.shape == (0,)


def test_the_smooth_curve_is_catmull_rom_between_its_points():
    """Halfway between p1 and p2 a Catmull-Rom spline is (-p0 + 9 p1 + 9 p2 - p3) / 16."""
    points = np.array([[0.0, 0.0], [10.0, 30.0], [40.0, 20.0], [50.0, 60.0], [90.0, 10.0]])
    curve = smooth_path(points)
    np.testing.assert_allclose(curve[8 + 4], (-points[0] + 9 * points[1] + 9 * points[2]
                                              - points[3]) / 16)


def test_jittered_pen_drawings_are_reproducible_without_a_seed():
    points, labels = np.stack([SEVEN]), np.array([7])
    first = pen_dataset(points, labels, (1.0,), "canvas", jitter=True, workers=1)[0]
    again = pen_dataset(points, labels, (1.0,), "canvas", jitter=True, workers=1)[0]
    np.testing.assert_array_equal(first, again)
