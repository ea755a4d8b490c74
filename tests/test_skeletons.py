"""Specification of pen-order recovery and partial rendering."""

import numpy as np
import pytest

from softmax_from_scratch import canvas_to_input, digit_strokes, partial_dataset, render_strokes
from softmax_from_scratch.skeletons import jitter_placement, next_point
from softmax_from_scratch.strokes import first_fraction, stroke_length


def test_a_vertical_bar_is_one_stroke_drawn_top_down():
    image = np.zeros((28, 28))
    image[4:24, 13:16] = 1.0
    strokes, width = digit_strokes(image)
    assert len(strokes) == 1
    assert strokes[0][0][1] < strokes[0][-1][1]  # starts at the top: y grows downwards
    assert 2 <= width <= 4


def test_the_first_stroke_starts_at_the_top_left_end(mnist):
    (X, _), _ = mnist
    strokes, _ = digit_strokes(X[0].reshape(28, 28))  # a 5: drawn from its top
    first = strokes[0][0]
    all_points = np.vstack(strokes)
    assert first[1] <= np.percentile(all_points[:, 1], 20)  # y: among the top fifth


def test_a_fraction_of_the_strokes_has_that_fraction_of_the_length(mnist):
    (X, _), _ = mnist
    strokes, _ = digit_strokes(X[1].reshape(28, 28))
    for fraction in (0.1, 0.5, 0.9):
        assert stroke_length(first_fraction(strokes, fraction)) == pytest.approx(
            fraction * stroke_length(strokes))


def test_ink_strictly_grows_with_completion_and_a_quarter_is_well_under_the_whole(mnist):
    (X, _), _ = mnist
    strokes, width = digit_strokes(X[2].reshape(28, 28))
    ink = [render_strokes(strokes, 56, width, f).sum() for f in (0.25, 0.5, 0.75, 1.0)]
    assert ink == sorted(set(ink)) and ink[0] > 0
    assert ink[0] < 0.5 * ink[-1]


def test_a_complete_rendering_covers_the_original_ink(mnist):
    (X, _), _ = mnist
    image = X[3].reshape(28, 28)
    strokes, width = digit_strokes(image)
    drawn = render_strokes(strokes, 28, width) > 0.5
    original = image > 0.5
    assert (drawn & original).sum() / original.sum() > 0.8


def test_rendering_scales_to_any_canvas_size(mnist):
    (X, _), _ = mnist
    strokes, width = digit_strokes(X[4].reshape(28, 28))
    small, large = render_strokes(strokes, 28, width), render_strokes(strokes, 112, width)
    assert large.shape == (112, 112)
    assert large.sum() / 16 == pytest.approx(small.sum(), rel=0.15)


def test_fractions_outside_0_1_are_refused():
    with pytest.raises(ValueError, match="fraction"):
        first_fraction([np.zeros((2, 2))], 1.5)


def test_partial_dataset_labels_each_rendering_with_its_digit_and_completion(mnist):
    (X, y), _ = mnist
    X_partial, y_partial, completion = partial_dataset(X[:5], y[:5], (0.5, 1.0))
    assert X_partial.shape == (10, 784)
    assert list(y_partial) == [y[i] for i in range(5) for _ in range(2)]
    assert list(completion) == [0.5, 1.0] * 5


def test_jittered_partial_renderings_are_reproducible_and_moved(mnist):
    (X, y), _ = mnist
    placed, _, _ = partial_dataset(X[:5], y[:5], (1.0,), framing="canvas")
    moved, _, _ = partial_dataset(X[:5], y[:5], (1.0,), framing="canvas", jitter=True, seed=3)
    again, _, _ = partial_dataset(X[:5], y[:5], (1.0,), framing="canvas", jitter=True, seed=3)
    np.testing.assert_array_equal(moved, again)
    assert not np.allclose(placed, moved)


def thin(pixels: list[tuple[int, int]]) -> np.ndarray:
    """A 28 x 28 image with ink on exactly these (x, y) pixels: already its own skeleton."""
    image = np.zeros((28, 28))
    xs, ys = np.array(pixels).T
    image[ys, xs] = 1.0
    return image


def test_pixels_at_the_threshold_are_not_ink():
    image = np.zeros((28, 28))
    image[4:24, 13:16] = 0.5
    assert digit_strokes(image) == ([], 0.0)


def test_a_one_pixel_digit_is_one_dot_one_pixel_wide():
    strokes, width = digit_strokes(thin([(10, 10)]))
    assert len(strokes) == 1 and strokes[0].tolist() == [[10.0, 10.0]] and width == 1.0


def test_a_short_dash_after_a_long_stroke_is_its_own_stroke_of_float_points():
    strokes, _ = digit_strokes(thin([(5, y) for y in range(2, 11)] + [(10, 20), (11, 20)]))
    assert [len(s) for s in strokes] == [9, 2] and strokes[1].dtype == np.float64


def test_a_caret_is_drawn_from_its_lower_left_end_over_the_apex():
    caret = [(2 + i, 10 - i) for i in range(9)] + [(10 + i, 2 + i) for i in range(1, 9)]
    strokes, _ = digit_strokes(thin(caret))
    assert len(strokes) == 1 and strokes[0][0].tolist() == [2.0, 10.0]  # (x, y)


def test_the_first_step_goes_to_a_side_neighbour_before_a_corner_one():
    assert next_point([(5, 5)], {(4, 4), (5, 6)}) == (5, 6)
    assert next_point([(5, 5)], {(4, 6), (6, 5)}) == (6, 5)
    assert next_point([(3, 7)], {(3, 8), (4, 8)}) == (3, 8)


def test_a_straight_path_goes_on_straight():
    assert next_point([(5, 2), (5, 3), (5, 4)], {(6, 5), (5, 5), (4, 4)}) == (5, 5)


@pytest.mark.parametrize("path, options, expected", [
    ([(5, 0), (5, 1), (5, 2), (5, 3), (6, 4)], {(6, 5), (7, 5), (7, 4)}, (7, 5)),
    ([(5, 2), (6, 3), (6, 4)], {(6, 5), (7, 5)}, (7, 5)),
    ([(1, 0), (2, 1), (2, 2), (2, 3)], {(1, 4), (3, 4)}, (1, 4)),
    ([(5, 0), (5, 1), (5, 2), (6, 3)], {(5, 3), (5, 4)}, (5, 4)),
])
def test_the_heading_is_taken_over_the_last_two_steps(path, options, expected):
    assert next_point(path, options) == expected


def test_fraction_zero_is_nothing_and_one_is_everything():
    strokes = [np.array([[0.0, 0.0], [0.0, 3.0]]), np.array([[5.0, 0.0], [5.0, 4.0]])]
    assert first_fraction(strokes, 0) == []
    assert first_fraction(strokes, 1) == strokes


def test_a_fraction_is_cut_inside_the_stroke_it_falls_in():
    strokes = [np.array([[0.0, 0.0], [0.0, 3.0]]), np.array([[5.0, 0.0], [5.0, 2.0],
                                                             [5.0, 5.0]])]
    first, second = first_fraction(strokes, 6 / 8)  # 3 of the first, 3 of the second
    np.testing.assert_array_equal(first, strokes[0])
    np.testing.assert_array_equal(second, [[5.0, 0.0], [5.0, 2.0], [5.0, 3.0]])


def test_a_fraction_reached_at_the_end_of_a_stroke_does_not_begin_the_next():
    strokes = [np.array([[0.0, 0.0], [0.0, 4.0]]), np.array([[5.0, 0.0], [5.0, 4.0]])]
    (first,) = first_fraction(strokes, 0.5)
    np.testing.assert_array_equal(first, strokes[0])


def test_a_fraction_reached_at_a_corner_ends_the_stroke_there():
    stroke = np.array([[0.0, 0.0], [0.0, 2.0], [2.0, 2.0]])
    (drawn,) = first_fraction([stroke], 0.5)
    np.testing.assert_array_equal(drawn, stroke[:2])


def test_by_default_strokes_are_drawn_2_px_wide_on_28_px_float32():
    canvas = render_strokes([np.array([[4.0, 14.0], [24.0, 14.0]])])  # along y = 14
    assert canvas.shape == (28, 28) and canvas.dtype == np.float32
    assert canvas[:, 14].sum() == pytest.approx(2.0)


def test_a_one_point_stroke_is_a_dot_and_a_two_point_stroke_a_line():
    dot = render_strokes([np.array([[14.0, 14.0]])])
    assert dot[14, 14] == 1.0 and dot.sum() < 5
    line = render_strokes([np.array([[14.0, 4.0], [14.0, 24.0]])])
    assert line[14, 14] == 1.0 and line.sum() > 30


def test_jitter_scales_about_the_centre_and_the_pen_alike():
    stroke = np.array([[13.5, 13.5], [3.5, 13.5]])  # from the centre, 10 px up
    (moved,), width = jitter_placement([stroke], 2.0, np.random.default_rng(0), max_shift=0)
    factor = width / 2.0
    assert 0.8 <= factor <= 1.05
    np.testing.assert_allclose(moved, [[13.5, 13.5], [13.5 - 10 * factor, 13.5]])


def test_jitter_shifts_each_axis_on_its_own_up_to_3_px_by_default():
    rng = np.random.default_rng(0)
    centre = np.array([[13.5, 13.5]])
    shifts = np.array([jitter_placement([centre], 2.0, rng)[0][0][0] - 13.5
                       for _ in range(300)])
    assert -3 <= shifts.min() < -2.7 and 2.7 < shifts.max() <= 3
    assert np.corrcoef(shifts.T)[0, 1] < 0.5


def test_partial_renderings_are_the_strokes_drawn_to_each_fraction_and_framed(mnist):
    (X, y), _ = mnist
    rows, _, _ = partial_dataset(X[:2], y[:2], (0.5, 1.0), framing="canvas", workers=1)
    strokes, width = digit_strokes(X[0].reshape(28, 28))
    for row, fraction in zip(rows[:2], (0.5, 1.0), strict=True):
        expected = canvas_to_input(render_strokes(strokes, 28, width, fraction), "canvas")
        np.testing.assert_array_equal(row, expected)


def test_partial_renderings_are_unjittered_and_quiet_by_default(mnist, capfd):
    (X, y), _ = mnist
    rows, _, _ = partial_dataset(X[:1], y[:1], (1.0,), workers=1)
    strokes, width = digit_strokes(X[0].reshape(28, 28))
    np.testing.assert_array_equal(rows[0], canvas_to_input(render_strokes(strokes, 28, width)))
    assert "%|" not in capfd.readouterr().err  # no progress bar


def test_one_pixel_crumbs_left_at_junctions_are_dropped(mnist):
    """The first training digit, a 5, leaves one such pixel when its skeleton is walked."""
    (X, _), _ = mnist
    strokes, _ = digit_strokes(X[0].reshape(28, 28))
    assert min(len(stroke) for stroke in strokes) >= 2


def test_fraction_zero_of_a_dot_is_nothing():
    assert first_fraction([np.array([[3.0, 3.0]])], 0) == []


def test_a_fraction_past_a_stroke_of_several_segments_goes_on_in_the_next():
    strokes = [np.array([[0.0, 0.0], [0.0, 2.0], [0.0, 4.0]]), np.array([[5.0, 0.0], [5.0, 4.0]])]
    first, second = first_fraction(strokes, 6 / 8)
    np.testing.assert_array_equal(first, strokes[0])
    np.testing.assert_array_equal(second, [[5.0, 0.0], [5.0, 2.0]])


def test_less_than_a_pixel_into_a_stroke_is_drawn_too():
    strokes = [np.array([[0.0, 0.0], [0.0, 3.0]]), np.array([[5.0, 0.0], [5.0, 4.0]])]
    _, second = first_fraction(strokes, 0.5)  # 3.5 of 7: half a pixel into the second
    np.testing.assert_array_equal(second, [[5.0, 0.0], [5.0, 0.5]])


def test_jittered_partial_renderings_are_reproducible_without_a_seed(mnist):
    (X, y), _ = mnist
    first, _, _ = partial_dataset(X[:2], y[:2], (1.0,), jitter=True, workers=1)
    again, _, _ = partial_dataset(X[:2], y[:2], (1.0,), jitter=True, workers=1)
    np.testing.assert_array_equal(first, again)
