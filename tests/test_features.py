"""Specification of the pictures -> numbers pipelines."""

import numpy as np
import pytest
from skimage import io
from skimage.transform import downscale_local_mean

from softmax_from_scratch import make_features, mnist_to_original20, original_image_features
from softmax_from_scratch.features import area_matrix


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


def test_unknown_feature_sets_are_refused():
    with pytest.raises(ValueError, match="feature set"):
        make_features(np.zeros((1, 784)), "hog")
