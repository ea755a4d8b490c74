"""Specification of pen-order recovery and partial rendering."""

import numpy as np
import pytest

from softmax_from_scratch import digit_strokes, partial_dataset, render_strokes
from softmax_from_scratch.strokes import first_fraction, stroke_length


def test_a_vertical_bar_is_one_stroke_drawn_top_down():
    image = np.zeros((28, 28))
    image[4:24, 13:16] = 1.0
    strokes, width = digit_strokes(image)
    assert len(strokes) == 1
    assert strokes[0][0][0] < strokes[0][-1][0]  # starts at the top
    assert 2 <= width <= 4


def test_the_first_stroke_starts_at_the_top_left_end(mnist):
    (X, _), _ = mnist
    strokes, _ = digit_strokes(X[0].reshape(28, 28))  # a 5: drawn from its top
    first = strokes[0][0]
    all_points = np.vstack(strokes)
    assert first[0] <= np.percentile(all_points[:, 0], 20)


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
