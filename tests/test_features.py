"""Specification of the pictures -> numbers pipelines."""

import numpy as np
import pytest
from skimage import io
from skimage.transform import downscale_local_mean

from softmax_from_scratch import mnist_to_original20, original_image_features
from softmax_from_scratch.features import shift_images
from softmax_from_scratch.views import area_matrix


def test_original_features_of_a_500px_canvas_are_the_400_block_means():
    canvas = np.random.default_rng(0).random((500, 500))
    features = original_image_features(canvas)
    assert features.shape == (400,) and features.dtype == np.float32
    assert np.isclose(features[0], canvas[:25, :25].mean())
    assert np.isclose(features[399], canvas[475:, 475:].mean())


def test_original_features_read_an_rgb_png_as_grayscale(tmp_path):
    canvas = np.full((500, 500, 3), 255, dtype=np.uint8)
    canvas[:25, :25] = 0  # one black block in the top-left corner
    io.imsave(tmp_path / "snapshot.png", canvas, check_contrast=False)
    features = original_image_features(tmp_path / "snapshot.png")
    assert features[0] == 0.0 and np.allclose(features[1:], 1.0)


def test_original_features_refuse_a_non_image():
    with pytest.raises(ValueError, match="grey or RGB"):
        original_image_features(np.zeros(500))


def test_area_matrix_is_downscale_local_mean_for_whole_blocks():
    image = np.random.default_rng(1).random((500, 500))
    A = area_matrix(500, 20)
    np.testing.assert_allclose(A @ image @ A.T, downscale_local_mean(image, (25, 25)))


def test_mnist_at_20px_is_the_original_pipeline_on_a_560px_blow_up():
    digit = np.random.default_rng(2).random((28, 28)).astype(np.float32)
    blown_up = np.kron(digit, np.ones((20, 20)))  # each pixel a 20x20 block: 560x560
    expected = downscale_local_mean(blown_up, (28, 28)).ravel()
    np.testing.assert_allclose(mnist_to_original20(digit.reshape(1, 784))[0], expected, rtol=1e-5)


def test_mnist_at_20px_keeps_the_amount_of_ink_per_area(mnist):
    (X, _), _ = mnist
    X20 = mnist_to_original20(X[:100])
    np.testing.assert_allclose(X20.mean(axis=1), X[:100].mean(axis=1), rtol=1e-5)


def test_original_features_read_an_rgba_png_as_grayscale(tmp_path):
    canvas = np.full((500, 500, 4), 255, dtype=np.uint8)
    canvas[:25, :25, :3] = 0  # one opaque black block in the top-left corner
    io.imsave(tmp_path / "snapshot.png", canvas, check_contrast=False)
    features = original_image_features(tmp_path / "snapshot.png")
    assert features[0] == 0.0 and np.allclose(features[1:], 1.0)


def test_original_features_scale_a_uint8_grey_canvas_to_0_1():
    canvas = np.full((500, 500), 51, dtype=np.uint8)
    np.testing.assert_allclose(original_image_features(canvas), 0.2, rtol=1e-6)


def test_mnist_at_20px_is_float32_whatever_comes_in():
    X20 = mnist_to_original20(np.random.default_rng(3).random((2, 784)))  # float64 in
    assert X20.shape == (2, 400) and X20.dtype == np.float32


def digits_with_one_ink_pixel(n: int) -> np.ndarray:
    """(n, 784) images, each black but for pixel (14, 14) = 1: a shift moves that pixel."""
    X = np.zeros((n, 28, 28), dtype=np.float32)
    X[:, 14, 14] = 1
    return X.reshape(n, 784)


def test_shift_images_moves_each_digit_whole_by_at_most_max_shift():
    moved = shift_images(digits_with_one_ink_pixel(200), 3).reshape(-1, 28, 28)
    assert moved.dtype == np.float32 and moved.sum(axis=(1, 2)).tolist() == [1] * 200
    rows, cols = np.nonzero(moved)[1:]
    assert set(rows - 14) == set(range(-3, 4)) and set(cols - 14) == set(range(-3, 4))


def test_shift_images_draws_down_and_right_shifts_independently():
    moved = shift_images(digits_with_one_ink_pixel(200), 3).reshape(-1, 28, 28)
    rows, cols = np.nonzero(moved)[1:]
    assert np.mean(rows == cols) < 0.5


def test_shifted_images_are_reproducible_without_a_seed_and_differ_between_seeds():
    X = digits_with_one_ink_pixel(20)
    np.testing.assert_array_equal(shift_images(X, 2), shift_images(X, 2))
    assert not np.array_equal(shift_images(X, 2, seed=0), shift_images(X, 2, seed=1))


def test_ink_shifted_past_an_edge_re_enters_at_the_other():
    X = np.zeros((100, 28, 28), dtype=np.float32)
    X[:, 27, 27] = 1  # the bottom-right corner
    moved = shift_images(X.reshape(100, 784), 3).reshape(-1, 28, 28)
    rows, cols = np.nonzero(moved)[1:]
    assert len(rows) == 100 and {0, 1, 2} <= set(rows) and {0, 1, 2} <= set(cols)

