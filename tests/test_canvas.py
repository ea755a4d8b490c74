"""Specification of canvas_to_input: any canvas -> MNIST's normalisation."""

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, accuracy, canvas_to_input, train


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def test_an_empty_canvas_gives_none():
    assert canvas_to_input(np.zeros((400, 400), dtype=np.uint8)) is None


def test_the_longer_side_of_the_ink_becomes_20_pixels():
    canvas = np.zeros((500, 500), dtype=np.float32)
    canvas[50:350, 200:260] = 1.0  # a 300 x 60 bar
    image = canvas_to_input(canvas).reshape(28, 28)
    rows = np.flatnonzero(image.max(axis=1) > 0.5)
    cols = np.flatnonzero(image.max(axis=0) > 0.5)
    assert len(rows) == 20 and len(cols) == 4  # aspect ratio 5:1 kept


def test_the_centre_of_mass_lands_on_pixel_14_14_wherever_the_digit_was_drawn():
    canvas = np.zeros((300, 300), dtype=np.uint8)
    canvas[10:90, 200:240] = 255  # drawn in a corner
    row, col = centre_of_mass(canvas_to_input(canvas).reshape(28, 28))
    assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5


@pytest.mark.parametrize("framing", ["mnist", "canvas", "both", "three"])
def test_grey_uint8_ink_reads_as_about_half_in_every_framing(framing):
    canvas = np.zeros((560, 560), dtype=np.uint8)
    canvas[100:460, 100:460] = 128  # a grey square filling the guide box
    x = canvas_to_input(canvas, framing)
    assert 0.45 < x.max() < 0.55


def test_uint8_and_float_canvases_give_the_same_input():
    canvas = np.zeros((100, 100), dtype=np.uint8)
    canvas[20:70, 40:55] = 255
    np.testing.assert_allclose(canvas_to_input(canvas), canvas_to_input(canvas / 255.0),
                               atol=1e-6)


def test_a_model_reads_renormalised_mnist_digits_as_well_as_the_originals(mnist):
    """MNIST digits already are normalised this way: normalising again changes
    little, at most a pixel of shift, so accuracy stays within a point."""
    (X, y), (X_test, y_test) = mnist
    model = SoftmaxRegression(784)
    train(model, X, y, steps=500, seed=0, progress=False)
    digits, labels = X_test[:2000], y_test[:2000]
    again = np.array([canvas_to_input(d.reshape(28, 28)) for d in digits])
    assert abs(accuracy(model, again, labels) - accuracy(model, digits, labels)) <= 0.01


def test_the_result_is_784_float32_in_0_1():
    canvas = np.random.default_rng(0).random((64, 64)).astype(np.float32)
    features = canvas_to_input(canvas)
    assert features.shape == (784,) and features.dtype == np.float32
    assert features.min() >= 0 and features.max() <= 1


@pytest.mark.parametrize("canvas", [np.zeros((10, 10)), np.zeros((40, 40, 3)), np.zeros(900)])
def test_canvases_of_the_wrong_shape_are_refused(canvas):
    with pytest.raises(ValueError, match="2-D canvas of at least 28x28"):
        canvas_to_input(canvas)


def test_float_canvases_outside_0_1_or_with_nan_are_refused():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        canvas_to_input(np.full((28, 28), 2.0))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        canvas_to_input(np.full((28, 28), np.nan))


def test_canvas_framing_keeps_a_first_stroke_where_it_was_drawn():
    canvas = np.zeros((560, 560), dtype=np.float32)
    canvas[100:120, 150:400] = 1.0  # the top bar of a 7, near the top of the canvas
    image = canvas_to_input(canvas, framing="canvas").reshape(28, 28)
    rows = np.flatnonzero(image.max(axis=1) > 0.5)
    assert rows.min() == 5 and rows.max() == 5  # rows 100-120 of 560 = row 5 of 28


def test_both_framing_is_the_canvas_view_then_the_mnist_view():
    canvas = np.zeros((560, 560), dtype=np.float32)
    canvas[100:120, 150:400] = 1.0
    both = canvas_to_input(canvas, framing="both")
    assert both.shape == (1568,)
    np.testing.assert_array_equal(both[:784], canvas_to_input(canvas, framing="canvas"))
    np.testing.assert_array_equal(both[784:], canvas_to_input(canvas, framing="mnist"))


def test_an_unknown_framing_is_refused():
    with pytest.raises(ValueError, match="framing"):
        canvas_to_input(np.zeros((28, 28)), framing="zoom")
