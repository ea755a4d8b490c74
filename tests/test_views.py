"""Specification of views.py: the views table, and canvas_to_input: any canvas -> the views."""

import numpy as np
import pytest

from softmax_from_scratch import SoftmaxRegression, accuracy, canvas_to_input, train
from softmax_from_scratch.views import (
    FRAMINGS,
    INK,
    VIEWS,
    area_weights,
    ink_box,
    input_length,
    resample,
    split_views,
)


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


@pytest.mark.parametrize("dtype", [np.uint8, np.float64])
def test_the_input_is_float32_whatever_the_canvas_dtype(dtype):
    canvas = np.zeros((60, 60), dtype=dtype)
    canvas[10:50, 20:30] = 1 if dtype == np.float64 else 255
    assert canvas_to_input(canvas, "three").dtype == np.float32


def test_integer_canvases_other_than_uint8_are_refused():
    with pytest.raises(TypeError, match="canvas must be uint8 or float, got int64"):
        canvas_to_input(np.zeros((28, 28), dtype=np.int64))


def test_the_float_range_error_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"^a float canvas must hold finite values in \[0, 1\]$"):
        canvas_to_input(np.full((28, 28), -0.5))


def test_a_canvas_no_brighter_than_the_ink_threshold_holds_no_ink():
    assert canvas_to_input(np.full((28, 28), INK, dtype=np.float32)) is None


def test_the_ink_box_is_the_smallest_box_holding_every_pixel_brighter_than_the_threshold():
    image = np.zeros((50, 50), dtype=np.float32)
    image[10, 30] = image[40, 12] = 1.0
    image[5, 5] = image[45, 45] = INK  # at the threshold: not ink
    crop = image[ink_box(image, INK)]
    assert crop.shape == (31, 19) and crop[0, -1] == 1.0 and crop[-1, 0] == 1.0


@pytest.mark.parametrize("shape", [(560, 280), (100, 90), (560, 90)])
def test_resampling_is_the_area_matrices_products_by_whole_factors_or_not(shape):
    """560 x 280 to 28 x 28 shrinks by whole factors (20 and 10) and is summed by blocks;
    100 x 90 is not, nor 560 x 90 (one side whole, the other not)."""
    image = np.random.default_rng(0).random(shape).astype(np.float32)
    products = area_weights(shape[0], 28) @ image @ area_weights(shape[1], 28).T
    np.testing.assert_allclose(resample(image, 28, 28), products, rtol=1e-5, atol=1e-7)


def test_every_view_of_a_canvas_full_of_ink_stays_within_0_1():
    """34 x 34 is a size where float32 area weights add up to a hair over 1."""
    x = canvas_to_input(np.ones((34, 34), dtype=np.float32), "three")
    assert x.max() == 1.0


def test_a_one_pixel_line_fills_one_row_of_the_mnist_view():
    canvas = np.zeros((560, 560), dtype=np.float32)
    canvas[300, 100:460] = 1.0  # a line one pixel high: 20 px wide, 1/18 px high in the view
    image = canvas_to_input(canvas).reshape(28, 28)
    assert len(np.flatnonzero(image.max(axis=1) > 0)) == 1
    canvas = canvas.T.copy()  # the same line standing up
    image = canvas_to_input(canvas).reshape(28, 28)
    assert len(np.flatnonzero(image.max(axis=0) > 0)) == 1


@pytest.mark.parametrize("heavy", ["top", "bottom", "left", "right"])
def test_a_lopsided_digit_is_pushed_only_as_far_as_the_field_edge(heavy):
    """Centring the mass of a digit whose ink is all on one side would push its box
    out of the 28 x 28 field; it stops at the edge instead, the whole box kept."""
    canvas = np.zeros((100, 100), dtype=np.float32)
    canvas[10:90, 50] = 1.0  # a thin stem
    canvas[10:20, 10:90] = 1.0  # and a heavy bar on top: a T
    turns = {"top": 0, "left": 1, "bottom": 2, "right": 3}[heavy]
    image = canvas_to_input(np.rot90(canvas, turns).copy()).reshape(28, 28)
    rows = np.flatnonzero(image.max(axis=1) > 0)
    cols = np.flatnonzero(image.max(axis=0) > 0)
    near = {"top": rows[-1] == 27, "bottom": rows[0] == 0,
            "left": cols[-1] == 27, "right": cols[0] == 0}
    assert near[heavy] and len(rows) == len(cols) == 20


def test_a_dead_straight_1_stays_a_bar_in_the_stretched_view():
    canvas = np.zeros((560, 560), dtype=np.float32)
    canvas[80:480, 270:290] = 1.0  # 400 tall, 20 wide: padded to 134 wide, centred
    stretched = canvas_to_input(canvas, "three")[-400:].reshape(20, 20)
    cols = np.flatnonzero(stretched.max(axis=0) > 0.5)
    assert stretched[:, 0].max() == 0 and stretched[:, -1].max() == 0
    assert 2 <= len(cols) <= 4 and abs(cols.mean() - 9.5) < 1


def test_a_box_of_1_to_3_or_wider_is_stretched_without_padding():
    canvas = np.zeros((560, 560), dtype=np.float32)
    canvas[80:380, 200:300] = 1.0  # 300 x 100: exactly 1:3
    assert canvas_to_input(canvas, "three")[-400:].min() == 1.0


@pytest.mark.parametrize("shape, padding", [((30, 3), ((0, 0), (3, 4))),
                                            ((3, 30), ((3, 4), (0, 0)))])
def test_a_thin_box_is_padded_to_1_to_3_centred_before_stretching(shape, padding):
    crop = 0.2 + 0.8 * np.random.default_rng(0).random(shape).astype(np.float32)  # all ink
    canvas = np.zeros((60, 60), dtype=np.float32)
    canvas[20 : 20 + shape[0], 10 : 10 + shape[1]] = crop
    expected = resample(np.pad(crop, padding), 20, 20).ravel()
    np.testing.assert_allclose(canvas_to_input(canvas, "three")[-400:], expected, atol=1e-6)


def test_a_framings_input_length_is_the_pixels_of_its_views():
    assert {framing: input_length(framing) for framing in FRAMINGS} == {
        "mnist": 784, "original20": 400, "canvas": 784, "both": 1568, "three": 1968}


def test_an_unknown_framing_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"framing must be one of .*'three'.*got 'hog'"):
        input_length("hog")


def test_split_views_gives_each_view_of_an_input_as_its_square_image():
    x = np.arange(input_length("three"), dtype=np.float32)
    views = split_views(x, "three")
    assert [(name, image.shape) for name, image in views.items()] == [
        ("canvas", (28, 28)), ("mnist", (28, 28)), ("stretched", (20, 20))]
    assert views["mnist"][0, 0] == 784 and views["stretched"][-1, -1] == len(x) - 1


def test_split_views_refuses_an_input_of_another_framing():
    with pytest.raises(ValueError, match="reads 1968"):
        split_views(np.zeros(784), "three")


def test_every_view_a_framing_names_has_a_side_and_a_recipe():
    assert {view for views in FRAMINGS.values() for view in views} == set(VIEWS)


@pytest.mark.parametrize("framing", list(FRAMINGS))
def test_a_canvas_read_through_a_framing_is_as_long_as_its_views_sides_say(framing):
    canvas = np.zeros((100, 100), dtype=np.float32)
    canvas[20:80, 40:60] = 1
    sides = [VIEWS[view].side for view in FRAMINGS[framing]]
    assert canvas_to_input(canvas, framing).shape == (sum(side**2 for side in sides),)
